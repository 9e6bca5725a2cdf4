/*
 * fill.c - how full a laid-out page is: the share of the type area's grid
 * cells (columns x rows) that carry something.  A cell is filled by a line
 * or an image over at least half a row of it (a quarter for images and
 * headers), a horizontal rule in its row, or page furniture; a header line
 * (kicker, headline, subhead, section label) fills its whole module's width,
 * since a headline zone is designed space.  White under short columns and
 * at a stack's foot stays empty.  tests/tools/layoutcheck.py measures the
 * same from --dump-layout; build warns from this one.
 */
#include "layout.h"

#include <stdlib.h>

typedef struct grid {
    const bm_lpage *pg;
    int             rows;
    unsigned char  *cell;   /* ncols x rows */
} grid;

static int col_x0(const bm_lpage *pg, int c)
{
    return pg->type_area.x + c * (pg->col_width + pg->gutter);
}

static void mark(grid *g, bm_rect r, int quarter)
{
    const bm_lpage *pg = g->pg;
    bm_fix pitch = pg->line_pitch;
    bm_fix need = quarter ? pitch / 4 : pitch / 2;
    if (r.h < need)
        need = 0;
    /* only the rows r reaches can be covered (their tops from the one
     * r.y falls in to the last above r's foot): a page's lines each
     * looked at every row, 62 M instructions of a 64-page build */
    bm_fix y0 = r.y - pg->type_area.y, y1 = y0 + r.h;
    if (y1 <= 0)
        return;
    int from = y0 > 0 ? (int)(y0 / pitch) : 0;
    int to = (int)((y1 + pitch - 1) / pitch);
    if (to > g->rows)
        to = g->rows;
    for (int c = 0; c < pg->ncols; c++) {
        bm_fix x = col_x0(pg, c), cw = pg->col_width;
        bm_fix ov = (r.x + r.w < x + cw ? r.x + r.w : x + cw) -
                    (r.x > x ? r.x : x);
        bm_fix half = (cw < r.w ? cw : r.w) / 2;
        if (ov <= half)
            continue;
        for (int row = from; row < to; row++) {
            bm_fix top = pg->type_area.y + row * pitch;
            bm_fix cov = (r.y + r.h < top + pitch ? r.y + r.h : top + pitch) -
                         (r.y > top ? r.y : top);
            if (cov > 0 && cov >= need)
                g->cell[c * g->rows + row] = 1;
        }
    }
}

static int header_kind(bm_line_kind k)
{
    return k == BM_LINE_KICKER || k == BM_LINE_HEADLINE ||
           k == BM_LINE_SUBHEAD || k == BM_LINE_SECTION;
}

static int inside(bm_rect a, bm_rect m)
{
    return a.x >= m.x - 1 && a.y >= m.y - 1 && a.x + a.w <= m.x + m.w + 1 &&
           a.y + a.h <= m.y + m.h + 1;
}

int bm_layout_page_fill(const bm_lpage *pg)
{
    grid g = {pg, pg->line_pitch > 0 ? pg->type_area.h / pg->line_pitch : 0,
              NULL};
    size_t n = (size_t)pg->ncols * (size_t)g.rows;
    if (!n)
        return 1000;
    g.cell = calloc(n, 1);
    if (!g.cell)
        abort(); /* out of memory: the one place it aborts, as the arena */
    for (size_t i = 0; i < pg->nboxes; i++) {
        const bm_box *b = &pg->boxes[i];
        if (b->kind == BM_BOX_MODULE && !b->article_id)
            mark(&g, b->rect, 0);
        else if (b->kind == BM_BOX_IMAGE)
            mark(&g, b->rect, 1);
        else if (b->kind == BM_BOX_RULE && b->rect.w > b->rect.h) {
            bm_rect r = b->rect;
            bm_fix yc = r.y + r.h / 2;
            int row = (int)((yc - pg->type_area.y) / pg->line_pitch);
            bm_fix top = pg->type_area.y + row * pg->line_pitch;
            mark(&g, (bm_rect){r.x, top, r.w, pg->line_pitch}, 0);
        }
    }
    for (size_t i = 0; i < pg->nlines; i++) {
        const bm_line *l = &pg->lines[i];
        bm_rect r = l->rect;
        if (header_kind(l->kind) && l->article_id)
            for (size_t k = 0; k < pg->nboxes; k++) {
                const bm_box *m = &pg->boxes[k];
                if (m->kind == BM_BOX_MODULE && m->article_id &&
                    inside(r, m->rect)) {
                    r = (bm_rect){m->rect.x, r.y, m->rect.w, r.h};
                    break;
                }
            }
        mark(&g, r, header_kind(l->kind));
    }
    size_t got = 0;
    for (size_t i = 0; i < n; i++)
        got += g.cell[i];
    free(g.cell);
    return (int)(got * 1000 / n);
}
