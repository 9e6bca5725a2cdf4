/*
 * furniture.c - page furniture: the running head on every page, the masthead
 * (报头) with its date, weekday and issue on page 1.
 */
#include "page_private.h"

#include <stdio.h>
#include <string.h>

/* ---- furniture --------------------------------------------------------------- */

static const char *const weekdays[] = {"星期日", "星期一", "星期二", "星期三",
                                       "星期四", "星期五", "星期六"};

/* "2026年11月20日" and the weekday from an ISO date (Sakamoto). */
static void cn_date(pgctx *s, const char *iso, const char **date, const char **wd)
{
    int y = 0, m = 0, d = 0;
    *date = iso ? iso : "";
    *wd = NULL;
    if (!iso || sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12 ||
        d < 1 || d > 31)
        return;
    *date = bm_arena_printf(s->a, "%d年%d月%d日", y, m, d);
    static const int t[] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
    int yy = m < 3 ? y - 1 : y;
    *wd = weekdays[(yy + yy / 4 - yy / 100 + yy / 400 + t[m - 1] + d) % 7];
}

static bm_status furniture_line(pgctx *s, const char *text, bm_elem el,
                                bm_line_kind kind, bm_fix x, bm_fix y,
                                bm_fix w, int rows, int align)
{
    hline *h;
    int n;
    bm_src src = {0};
    bm_status rc = bm_pg_set(s, text, strlen(text), el, s->lay->styles[el].size,
                       BM_PT(20000), 0, BM_ALIGN_START, kind, &src, &h, &n);
    if (rc)
        return rc;
    for (int i = 0; i < n && i < 1; i++) {
        if (h[i].width > w)
            h[i].width = w;
        h[i].xoff = align == BM_ALIGN_CENTER ? (w - h[i].width) / 2
                    : align == BM_ALIGN_END  ? w - h[i].width
                                             : 0;
        bm_pg_put_line(s, &h[i], NULL, x, y, w, rows * s->lay->line_pitch, 0);
    }
    return BM_OK;
}

int bm_pg_furniture_rows(const pgctx *s, int number)
{
    return number == 1 ? s->lay->mh_rows : s->lay->rh_rows;
}

/* 报头 on page 1, at the type area's top (no running head over it): the
 * title in the middle; the date and weekday in the left ear; the issue,
 * the publisher and the page in the right. */
static bm_status masthead(pgctx *s, const bm_lpage *pg, const char *title,
                          const char *date, const char *wd)
{
    const bm_layout *l = s->lay;
    bm_fix x = l->area_x, my = l->area_y, w = l->area_w;
    bm_fix pitch = l->line_pitch;
    int mrows = l->mh_rows;
    bm_status rc;
    bm_pg_add_box(s, BM_BOX_MODULE, (bm_rect){x, my, w, mrows * pitch}, NULL);
    int title_rows = mrows - 2;
    if ((rc = furniture_line(s, title, BM_EL_MASTHEAD, BM_LINE_MASTHEAD, x, my, w,
                             title_rows, BM_ALIGN_CENTER)))
        return rc;
    int info_row = title_rows / 2 - 1;
    if (info_row < 0)
        info_row = 0;
    bm_fix iy = my + info_row * pitch, ew = w / 4;
    const char *left[3] = {date, wd, NULL};
    char *pageno = bm_arena_printf(s->a, "第%d版%s%s", pg->number,
                                   pg->section ? "　" : "",
                                   pg->section ? pg->section : "");
    const char *right[3] = {NULL, s->ed->publisher, pageno};
    if (s->ed->issue) {
        const char *iss = s->ed->issue;
        int digits = 1;
        for (const char *p = iss; *p; p++)
            digits &= *p >= '0' && *p <= '9';
        right[0] = digits ? bm_arena_printf(s->a, "第%s期", iss) : iss;
    }
    for (int side = 0; side < 2; side++) {
        int row = 0;
        for (int i = 0; i < 3; i++) {
            const char *t = side ? right[i] : left[i];
            if (!t || info_row + row >= title_rows)
                continue;
            if ((rc = furniture_line(s, t, BM_EL_MASTHEAD_INFO, BM_LINE_MASTHEAD,
                                     side ? x + w - ew : x, iy + row * pitch,
                                     ew, 1,
                                     side ? BM_ALIGN_END : BM_ALIGN_START)))
                return rc;
            row++;
        }
    }
    /* a thick rule over a thin one closes the masthead */
    bm_fix ry = my + (mrows - 1) * pitch;
    bm_pg_add_hrule(s, x, ry, w, BM_PT(2));
    bm_pg_add_hrule(s, x, ry + BM_PT(3), w, BM_PT(0.5));
    return BM_OK;
}

bm_status bm_pg_furniture(pgctx *s, bm_lpage *pg)
{
    const bm_layout *l = s->lay;
    const char *date, *wd;
    cn_date(s, s->ed->date, &date, &wd);
    const char *title = s->ed->title ? s->ed->title
                        : l->mh_title ? l->mh_title : "新闻日报";
    if (pg->number == 1)
        return masthead(s, pg, title, date, wd);
    bm_fix x = l->area_x, y = l->area_y, w = l->area_w;
    bm_fix pitch = l->line_pitch;
    bm_status rc;
    char *left = bm_arena_printf(s->a, "%s　%s%s%s", title, date, wd ? "　" : "",
                                 wd ? wd : "");
    char *right = bm_arena_printf(s->a, "第%d版%s%s", pg->number,
                                  pg->section ? "　" : "",
                                  pg->section ? pg->section : "");
    bm_pg_add_box(s, BM_BOX_MODULE, (bm_rect){x, y, w, l->rh_rows * pitch}, NULL);
    int trows = l->rh_rows > 1 ? l->rh_rows - 1 : 1;
    if ((rc = furniture_line(s, left, BM_EL_RUNNING_HEAD, BM_LINE_RUNNING_HEAD,
                             x, y, w, trows, BM_ALIGN_START)) ||
        (rc = furniture_line(s, right, BM_EL_RUNNING_HEAD, BM_LINE_RUNNING_HEAD,
                             x, y, w, trows, BM_ALIGN_END)))
        return rc;
    bm_pg_add_hrule(s, x, y + l->rh_rows * pitch - pitch / 3, w, l->rh_rule);
    return BM_OK;
}
