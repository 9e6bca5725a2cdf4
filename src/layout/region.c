/*
 * region.c - each article's region on a page (its hot zone), from the page's
 * modules, lines and images, for the back ends that link a place on the page
 * to the article (page images and their zones, the fixed-layout EPUB, ALTO).
 *
 * A module that holds only its own article's lines is the region.  A module
 * shared by several articles (a briefs box: the module carries the first
 * brief's id) is split: each article gets one rectangle per run of its lines
 * that follow each other in reading order in one column.  Runs of different
 * articles lie one above the other, so they do not overlap.  Anything of an
 * article outside these (a line or image in no module) gets its own
 * rectangle, so every line and image is inside its article's region.
 */
#include "layout.h"
#include "layout_private.h"

#include <string.h>

static int rect_inside(bm_rect in, bm_rect out)
{
    return in.x >= out.x && in.y >= out.y && in.x + in.w <= out.x + out.w &&
           in.y + in.h <= out.y + out.h;
}

static int rect_overlap(bm_rect a, bm_rect b)
{
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h &&
           b.y < a.y + a.h;
}

static bm_rect rect_union(bm_rect a, bm_rect b)
{
    bm_fix x0 = a.x < b.x ? a.x : b.x, y0 = a.y < b.y ? a.y : b.y;
    bm_fix x1 = a.x + a.w > b.x + b.w ? a.x + a.w : b.x + b.w;
    bm_fix y1 = a.y + a.h > b.y + b.h ? a.y + a.h : b.y + b.h;
    return (bm_rect){x0, y0, x1 - x0, y1 - y0};
}

/* Regions under construction: one per article, rectangles in a growing array. */
typedef struct regions {
    bm_arena  *a;
    bm_region *v;
    size_t     n, cap;
    size_t    *cap_rects;
} regions;

static bm_region *region_of(regions *r, const char *id)
{
    for (size_t i = 0; i < r->n; i++)
        if (!strcmp(r->v[i].article_id, id))
            return &r->v[i];
    if (r->n == r->cap) {
        size_t nc = r->cap ? 2 * r->cap : 8;
        r->v = bm_arena_grow(r->a, r->v, r->cap * sizeof *r->v, nc * sizeof *r->v);
        r->cap_rects = bm_arena_grow(r->a, r->cap_rects, r->cap * sizeof(size_t),
                                     nc * sizeof(size_t));
        r->cap = nc;
    }
    bm_region *g = &r->v[r->n++];
    memset(g, 0, sizeof *g);
    g->article_id = id;
    return g;
}

static bm_rect *add_rect(regions *r, bm_region *g, bm_rect rc)
{
    size_t *cap = &r->cap_rects[g - r->v];
    if (g->nrects == *cap) {
        size_t nc = *cap ? 2 * *cap : 2;
        g->rects = bm_arena_grow(r->a, g->rects, *cap * sizeof *g->rects,
                                 nc * sizeof *g->rects);
        *cap = nc;
    }
    g->rects[g->nrects] = rc;
    return &g->rects[g->nrects++];
}

static int covered(const bm_region *g, bm_rect rc)
{
    for (size_t i = 0; i < g->nrects; i++)
        if (rect_inside(rc, g->rects[i]))
            return 1;
    return 0;
}

/* The article modules' rectangles: shared (another article's line inside)? */
static int module_shared(const bm_lpage *pg, const bm_box *m)
{
    for (size_t i = 0; i < pg->nlines; i++) {
        const bm_line *l = &pg->lines[i];
        if (l->article_id && strcmp(l->article_id, m->article_id) &&
            rect_inside(l->rect, m->rect))
            return 1;
    }
    for (size_t i = 0; i < pg->nboxes; i++) {
        const bm_box *b = &pg->boxes[i];
        if (b->kind == BM_BOX_IMAGE && b->article_id &&
            strcmp(b->article_id, m->article_id) && rect_inside(b->rect, m->rect))
            return 1;
    }
    return 0;
}

/* The grid column a rectangle lies in, or -1 when it spans more than one. */
static int column_of(const bm_lpage *pg, bm_rect rc)
{
    bm_fix step = pg->col_width + pg->gutter;
    if (step <= 0)
        return -1;
    bm_fix x0 = rc.x - pg->type_area.x, x1 = x0 + rc.w - 1;
    if (x0 < 0 || x1 < 0)
        return -1;
    return x0 / step == x1 / step ? (int)(x0 / step) : -1;
}

/* Each article's lines in a shared module, as runs: lines of one article
 * that follow each other in one column.  A line across columns (the box's
 * title) is a run of its own. */
static void split_shared(regions *r, const bm_lpage *pg, const bm_box *m)
{
    bm_rect *run = NULL;        /* the run the previous line of the module grew */
    const char *run_id = NULL;
    int run_col = -1;
    for (size_t i = 0; i < pg->nlines; i++) {
        const bm_line *l = &pg->lines[i];
        if (!l->article_id || !rect_inside(l->rect, m->rect))
            continue;
        int col = column_of(pg, l->rect);
        if (run && col >= 0 && col == run_col && !strcmp(run_id, l->article_id) &&
            l->rect.y >= run->y) {
            *run = rect_union(*run, l->rect);
        } else {
            run = add_rect(r, region_of(r, l->article_id), l->rect);
            run_id = l->article_id;
            run_col = col;
        }
    }
}

void bm_layout_regions(bm_arena *a, bm_lpage *pg)
{
    regions r = {a, NULL, 0, 0, NULL};
    /* reading order: the order of each article's first line */
    for (size_t i = 0; i < pg->nlines; i++)
        if (pg->lines[i].article_id)
            region_of(&r, pg->lines[i].article_id);
    for (size_t i = 0; i < pg->nboxes; i++) {
        const bm_box *b = &pg->boxes[i];
        if (b->kind != BM_BOX_MODULE || !b->article_id)
            continue;
        if (module_shared(pg, b))
            split_shared(&r, pg, b);
        else
            add_rect(&r, region_of(&r, b->article_id), b->rect);
    }
    for (size_t i = 0; i < pg->nlines; i++) {
        const bm_line *l = &pg->lines[i];
        if (!l->article_id)
            continue;
        bm_region *g = region_of(&r, l->article_id);
        if (!covered(g, l->rect))
            add_rect(&r, g, l->rect);
    }
    for (size_t i = 0; i < pg->nboxes; i++) {
        const bm_box *b = &pg->boxes[i];
        if (b->kind != BM_BOX_IMAGE || !b->article_id)
            continue;
        bm_region *g = region_of(&r, b->article_id);
        if (!covered(g, b->rect))
            add_rect(&r, g, b->rect);
    }
    pg->regions = r.v;
    pg->nregions = r.n;
}

bm_status bm_region_check(const bm_lpage *pg, bm_error *err)
{
    for (size_t i = 0; i < pg->nlines; i++) {
        const bm_line *l = &pg->lines[i];
        if (!l->article_id)
            continue;
        const bm_region *g = NULL;
        for (size_t k = 0; k < pg->nregions && !g; k++)
            if (!strcmp(pg->regions[k].article_id, l->article_id))
                g = &pg->regions[k];
        if (!g || !covered(g, l->rect))
            return bm_error_set(err, BM_INTERNAL, NULL, 0, 0,
                                "page %d: line %zu of '%s' is outside its "
                                "region", pg->number, i, l->article_id);
    }
    for (size_t i = 0; i < pg->nregions; i++)
        for (size_t j = i + 1; j < pg->nregions; j++)
            for (size_t p = 0; p < pg->regions[i].nrects; p++)
                for (size_t q = 0; q < pg->regions[j].nrects; q++)
                    if (rect_overlap(pg->regions[i].rects[p],
                                     pg->regions[j].rects[q]))
                        return bm_error_set(
                            err, BM_INTERNAL, NULL, 0, 0,
                            "page %d: the regions of '%s' and '%s' overlap",
                            pg->number, pg->regions[i].article_id,
                            pg->regions[j].article_id);
    return BM_OK;
}
