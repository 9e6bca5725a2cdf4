/*
 * furniture.c - page furniture: the running head on every page, the masthead
 * (报头) with its date, weekday and issue on page 1.
 */
#include "page_private.h"

#include <stdarg.h>
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

/*
 * Fitting.  Furniture is set from strings the edition gives (its title,
 * issue, publisher, each page's section) in styles and rows the layout
 * gives, so any of them can be too long or too large for its place.  A
 * line that does not fit steps down the layout's size scale (then, under
 * the scale, in proportion) until it does, with a warning naming what was
 * shrunk; it is never clipped or drawn over its neighbour.  Only below
 * FURNITURE_MIN is it an error, at the string's place in edition.xml.
 */
#define FURNITURE_MIN BM_PT(5)

/* A warning, once per edition (a page is composed more than once). */
static void warn_once(pgctx *s, const bm_src *src, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void warn_once(pgctx *s, const bm_src *src, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    for (const bm_diag *g = s->diags->first; g; g = g->next)
        if (!strcmp(g->msg, msg))
            return;
    bm_diags_add(s->diags, BM_WARNING, src ? src->file : NULL,
                 src ? src->line : 0, src ? src->col : 0, "%s", msg);
}

/* The next size of the scale under sz (sz itself off the scale: the
   largest one under it); sz or more when there is none. */
static bm_fix step_down(const bm_layout *l, bm_fix sz)
{
    bm_fix next = bm_pg_scale_step(l, sz, 0);
    return next < sz ? next : bm_pg_scale_step(l, sz, 1);
}

/* Natural width of text in style el at size. */
static bm_status natural(pgctx *s, const char *text, bm_elem el, bm_fix size,
                         bm_fix *w)
{
    bm_src src = {0};
    return bm_pg_natural(s, text, strlen(text), el, size, &src, w);
}

/*
 * The largest size, from the style's down, at which every one of texts[0..n)
 * is at most w wide and the size at most h (its slot's height): *size, or 0
 * when not even FURNITURE_MIN does.
 */
static bm_status fit_size(pgctx *s, const char *const *texts, int n,
                          bm_elem el, bm_fix w, bm_fix h, bm_fix *size)
{
    const bm_layout *l = s->lay;
    bm_fix sz = l->styles[el].size;
    for (;;) {
        bm_fix widest = 0;
        for (int i = 0; i < n; i++) {
            bm_fix nw;
            bm_status rc = natural(s, texts[i], el, sz, &nw);
            if (rc)
                return rc;
            widest = nw > widest ? nw : widest;
        }
        if (widest <= w && sz <= h) {
            *size = sz;
            return BM_OK;
        }
        bm_fix next = step_down(l, sz);
        if (next >= sz) {   /* under the scale: in proportion */
            long long by_w = widest > w ? (long long)sz * w / widest : sz;
            next = (bm_fix)(by_w < h ? by_w : h);
            next -= next % (BM_FIX_ONE / 4);   /* quarter points */
            if (next >= sz)
                next = sz - BM_FIX_ONE / 4;
        }
        if (next < FURNITURE_MIN) {
            *size = 0;
            return BM_OK;
        }
        sz = next;
    }
}

/* text at `size` on one line in the slot (x, y, w, rows), aligned. */
static bm_status furniture_line(pgctx *s, const char *text, bm_elem el,
                                bm_line_kind kind, bm_fix size, bm_fix x,
                                bm_fix y, bm_fix w, int rows, int align)
{
    hline *h;
    int n;
    bm_src src = {0};
    bm_status rc = bm_pg_set(s, text, strlen(text), el, size, BM_PT(20000),
                             0, BM_ALIGN_START, kind, &src, &h, &n);
    if (rc || n < 1)
        return rc;
    h[0].xoff = align == BM_ALIGN_CENTER ? (w - h[0].width) / 2
                : align == BM_ALIGN_END  ? w - h[0].width
                                         : 0;
    bm_pg_put_line(s, &h[0], NULL, x, y, w, rows * s->lay->line_pitch, 0);
    return BM_OK;
}

/* Where the page's section name is written (its <page>), for messages. */
static const bm_src *page_src(const pgctx *s, int number)
{
    return number >= 1 && (size_t)number <= s->ed->npages
               ? &s->ed->pages[number - 1]->src
               : &s->ed->src;
}

/*
 * A furniture style larger than the rows its layout gives it: said once,
 * at the layout file (the edition's strings are not to blame).  Returns
 * 1 when it was so.
 */
static int style_too_tall(pgctx *s, bm_elem el, bm_fix h, int rows, bm_fix sz)
{
    const bm_layout *l = s->lay;
    if (l->styles[el].size <= h)
        return 0;
    bm_src src = {l->file, 0, 0};
    warn_once(s, &src,
              "the %s style's %.1f pt is taller than the %d row%s layout '%s' "
              "gives it (%.1f pt): set at %.1f pt; give it a smaller size or "
              "more rows",
              bm_elem_name(el), l->styles[el].size / 64.0, rows,
              rows == 1 ? "" : "s", l->name, h / 64.0, sz / 64.0);
    return 1;
}

static bm_status too_long(pgctx *s, const bm_src *src, const char *what,
                          const char *text, bm_fix w)
{
    return bm_error_set(s->err, BM_INPUT, src ? src->file : NULL,
                        src ? src->line : 0, src ? src->col : 0,
                        "%s '%s' does not fit the %.0f mm it has in layout "
                        "'%s' even at %d pt: shorten it",
                        what, text, w / 64.0 * 25.4 / 72, s->lay->name,
                        FURNITURE_MIN / BM_FIX_ONE);
}

int bm_pg_furniture_rows(const pgctx *s, int number)
{
    return number == 1 ? s->lay->mh_rows : s->lay->rh_rows;
}

/* 报头 on page 1, at the type area's top (no running head over it): the
 * title in the middle; the date and weekday in the left ear; the issue,
 * the publisher and the page in the right.  Ears take a quarter of the
 * width each, one row a line (lines share a row, joined by U+3000, when
 * the masthead has fewer rows); the title takes the middle half less
 * a gap of one em of the ears' size on either side. */
static bm_status masthead(pgctx *s, const bm_lpage *pg, const char *title,
                          const char *date, const char *wd)
{
    const bm_layout *l = s->lay;
    bm_fix x = l->area_x, my = l->area_y, w = l->area_w;
    bm_fix pitch = l->line_pitch;
    int mrows = l->mh_rows;
    bm_status rc;
    bm_pg_add_box(s, BM_BOX_MODULE, (bm_rect){x, my, w, mrows * pitch}, NULL);
    int title_rows = mrows > 3 ? mrows - 2 : 1;
    int info_row = title_rows / 2 - 1;
    if (info_row < 0)
        info_row = 0;
    int info_rows = title_rows - info_row;
    bm_fix iy = my + info_row * pitch, ew = w / 4;
    const char *ear[2][3] = {{date, wd, NULL}, {NULL, s->ed->publisher, NULL}};
    ear[1][2] = bm_arena_printf(s->a, "第%d版%s%s", pg->number,
                                pg->section ? "　" : "",
                                pg->section ? pg->section : "");
    if (s->ed->issue) {
        const char *iss = s->ed->issue;
        int digits = 1;
        for (const char *p = iss; *p; p++)
            digits &= *p >= '0' && *p <= '9';
        ear[1][0] = digits ? bm_arena_printf(s->a, "第%s期", iss) : iss;
    }
    const char *lines[2][3];
    int nl[2];
    for (int side = 0; side < 2; side++) {
        nl[side] = 0;
        for (int i = 0; i < 3; i++)
            if (ear[side][i])
                lines[side][nl[side]++] = ear[side][i];
        /* fewer rows than lines: the last two share a row */
        while (nl[side] > info_rows && nl[side] > 1) {
            lines[side][nl[side] - 2] =
                bm_arena_printf(s->a, "%s　%s", lines[side][nl[side] - 2],
                                lines[side][nl[side] - 1]);
            nl[side]--;
        }
    }
    /* the ears: one size for both, each line within its quarter */
    const char *all[6];
    int nall = 0;
    for (int side = 0; side < 2; side++)
        for (int i = 0; i < nl[side]; i++)
            all[nall++] = lines[side][i];
    bm_fix isz = l->styles[BM_EL_MASTHEAD_INFO].size;
    if (nall) {
        if ((rc = fit_size(s, all, nall, BM_EL_MASTHEAD_INFO, ew, pitch, &isz)))
            return rc;
        if (!isz) {
            /* the longest line names what to shorten */
            bm_fix best = 0;
            int k = 0;
            for (int i = 0; i < nall; i++) {
                bm_fix nw;
                if ((rc = natural(s, all[i], BM_EL_MASTHEAD_INFO, FURNITURE_MIN, &nw)))
                    return rc;
                if (nw > best)
                    best = nw, k = i;
            }
            int sec = pg->section && strstr(all[k], pg->section);
            return too_long(s, sec ? page_src(s, pg->number) : &s->ed->src,
                            sec ? "the section name in the masthead"
                                : "the masthead line",
                            all[k], ew);
        }
        if (isz < l->styles[BM_EL_MASTHEAD_INFO].size &&
            !style_too_tall(s, BM_EL_MASTHEAD_INFO, pitch, 1, isz))
            warn_once(s, &s->ed->src,
                      "the masthead's date and issue lines are set at %.1f pt, "
                      "not the layout's %.1f pt: at that size one of them is "
                      "wider than a quarter of the masthead",
                      isz / 64.0, l->styles[BM_EL_MASTHEAD_INFO].size / 64.0);
    }
    /* the title: the middle, clear of the ears */
    bm_fix gap = nall ? isz : 0, tw = w - 2 * (ew + gap);
    bm_fix tsz;
    const char *t1[1] = {title};
    if ((rc = fit_size(s, t1, 1, BM_EL_MASTHEAD, tw, title_rows * pitch, &tsz)))
        return rc;
    const bm_src *tsrc = s->ed->title_src.file ? &s->ed->title_src : &s->ed->src;
    if (!tsz)
        return too_long(s, tsrc, "the masthead title", title, tw);
    if (tsz < l->styles[BM_EL_MASTHEAD].size &&
        !style_too_tall(s, BM_EL_MASTHEAD, title_rows * pitch, title_rows, tsz))
        warn_once(s, tsrc,
                  "the masthead title '%s' is set at %.1f pt, not the "
                  "layout's %.1f pt: larger, it would run into the date and "
                  "issue beside it or out of its %d rows",
                  title, tsz / 64.0, l->styles[BM_EL_MASTHEAD].size / 64.0,
                  title_rows);
    if ((rc = furniture_line(s, title, BM_EL_MASTHEAD, BM_LINE_MASTHEAD, tsz,
                             x + ew + gap, my, tw, title_rows,
                             BM_ALIGN_CENTER)))
        return rc;
    for (int side = 0; side < 2; side++)
        for (int i = 0; i < nl[side]; i++)
            if ((rc = furniture_line(s, lines[side][i], BM_EL_MASTHEAD_INFO,
                                     BM_LINE_MASTHEAD, isz,
                                     side ? x + w - ew : x, iy + i * pitch,
                                     ew, 1,
                                     side ? BM_ALIGN_END : BM_ALIGN_START)))
                return rc;
    /* a thick rule over a thin one closes the masthead */
    bm_fix ry = my + (mrows - 1) * pitch;
    bm_pg_add_hrule(s, x, ry, w, BM_PT(2));
    bm_pg_add_hrule(s, x, ry + BM_PT(3), w, BM_PT(0.5));
    return BM_OK;
}

/*
 * The running head (报眉) of every other page: the title, date and weekday
 * at the left, the page and its section at the right, one size for both,
 * at least two ems of it between them.
 */
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
    /* the two together, with their gap, within the width */
    const bm_elem el = BM_EL_RUNNING_HEAD;
    bm_fix sz = l->styles[el].size;
    for (;;) {
        bm_fix lw, rw;
        if ((rc = natural(s, left, el, sz, &lw)) ||
            (rc = natural(s, right, el, sz, &rw)))
            return rc;
        if (lw + rw + 2 * sz <= w && sz <= trows * pitch)
            break;
        bm_fix next = step_down(l, sz);
        if (next >= sz) {
            long long p = (long long)sz * w / (lw + rw + 2 * sz);
            next = (bm_fix)(p < trows * pitch ? p : trows * pitch);
            next -= next % (BM_FIX_ONE / 4);
            if (next >= sz)
                next = sz - BM_FIX_ONE / 4;
        }
        if (next < FURNITURE_MIN)
            return too_long(s, page_src(s, pg->number),
                            "the running head", right, w / 2);
        sz = next;
    }
    if (sz < l->styles[el].size &&
        !style_too_tall(s, el, trows * pitch, trows, sz))
        warn_once(s, page_src(s, pg->number),
                  "the running head of page %d is set at %.1f pt, not the "
                  "layout's %.1f pt: larger, its two sides would meet or "
                  "leave its %d row%s",
                  pg->number, sz / 64.0, l->styles[el].size / 64.0, trows,
                  trows == 1 ? "" : "s");
    if ((rc = furniture_line(s, left, el, BM_LINE_RUNNING_HEAD, sz, x, y, w,
                             trows, BM_ALIGN_START)) ||
        (rc = furniture_line(s, right, el, BM_LINE_RUNNING_HEAD, sz, x, y, w,
                             trows, BM_ALIGN_END)))
        return rc;
    bm_pg_add_hrule(s, x, y + l->rh_rows * pitch - pitch / 3, w, l->rh_rule);
    return BM_OK;
}
