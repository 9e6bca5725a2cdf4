/*
 * zones.c - the hot zones of the page images (zones.json): every article's
 * region on every page (src/layout/region.c), in pt as --dump-layout gives
 * rects and in pixels of page-NN.png, with its headline and the page it
 * continues on.
 *
 * Pixel edges are the pt edges scaled and rounded to the nearest pixel,
 * each edge on its own (not the origin and the size): rounding keeps
 * order, so rectangles that do not overlap in pt do not overlap in pixels,
 * and a line inside its region in pt is inside it in pixels.
 */
#include "raster_private.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

long bm_raster_edge(bm_fix v, double dpi)
{
    return (long)floor(v / 64.0 * dpi / 72.0 + 0.5);
}


const char *bm_raster_title(const bm_layout_doc *doc, const char *id)
{
    const bm_article *ar = doc->ed ? bm_edition_find_article(doc->ed, id) : NULL;
    return ar ? bm_article_title(doc->arena, ar) : id;
}

int bm_raster_continues_on(const bm_layout_doc *doc, const char *id)
{
    for (size_t p = 0; p < doc->npages; p++) {
        const bm_lpage *pg = &doc->pages[p];
        for (size_t l = 0; l < pg->nlines; l++) {
            const bm_line *ln = &pg->lines[l];
            if (ln->jump == BM_JUMP_TO && ln->article_id &&
                !strcmp(ln->article_id, id))
                return ln->link_page;
        }
    }
    return 0;
}

/* 1 if article `id` has a region on a page before index p. */
static int seen_before(const bm_layout_doc *doc, size_t p, const char *id)
{
    for (size_t q = 0; q < p; q++)
        for (size_t r = 0; r < doc->pages[q].nregions; r++)
            if (!strcmp(doc->pages[q].regions[r].article_id, id))
                return 1;
    return 0;
}

void bm_raster_zones_json(const bm_layout_doc *doc, double dpi, bm_buf *b)
{
    bm_buf_puts(b, "{\"dpi\": ");
    bm_buf_printf(b, "%g", dpi);
    bm_buf_puts(b, ", \"pages\": [");
    for (size_t p = 0; p < doc->npages; p++) {
        const bm_lpage *pg = &doc->pages[p];
        bm_buf_printf(b, "%s\n  {\"page\": %d, \"image\": \"page-%02zu.png\", "
                         "\"width_px\": %d, \"height_px\": %d}",
                      p ? "," : "", pg->number, p + 1,
                      bm_raster_px(pg->width, dpi), bm_raster_px(pg->height, dpi));
    }
    bm_buf_puts(b, "],\n \"articles\": [");
    int first = 1;
    /* articles in the order they first appear, page by page */
    for (size_t p = 0; p < doc->npages; p++)
        for (size_t r = 0; r < doc->pages[p].nregions; r++) {
            const char *id = doc->pages[p].regions[r].article_id;
            if (seen_before(doc, p, id))
                continue;
            bm_buf_puts(b, first ? "\n  {\"id\": " : ",\n  {\"id\": ");
            first = 0;
            bm_buf_json_str(b, id, strlen(id));
            const char *t = bm_raster_title(doc, id);
            bm_buf_puts(b, ", \"headline\": ");
            bm_buf_json_str(b, t, strlen(t));
            bm_buf_puts(b, ", \"regions\": [");
            int firstreg = 1;
            for (size_t q = p; q < doc->npages; q++) {
                const bm_lpage *pg = &doc->pages[q];
                for (size_t k = 0; k < pg->nregions; k++) {
                    const bm_region *g = &pg->regions[k];
                    if (strcmp(g->article_id, id))
                        continue;
                    bm_buf_printf(b, "%s\n    {\"page\": %d, \"rects\": [",
                                  firstreg ? "" : ",", pg->number);
                    firstreg = 0;
                    for (size_t i = 0; i < g->nrects; i++) {
                        const bm_rect *rc = &g->rects[i];
                        bm_buf_puts(b, i ? ", [" : "[");
                        bm_buf_put_pt(b, rc->x);
                        bm_buf_puts(b, ", ");
                        bm_buf_put_pt(b, rc->y);
                        bm_buf_puts(b, ", ");
                        bm_buf_put_pt(b, rc->w);
                        bm_buf_puts(b, ", ");
                        bm_buf_put_pt(b, rc->h);
                        bm_buf_puts(b, "]");
                    }
                    bm_buf_puts(b, "], \"rects_px\": [");
                    for (size_t i = 0; i < g->nrects; i++) {
                        const bm_rect *rc = &g->rects[i];
                        long x0 = bm_raster_edge(rc->x, dpi);
                        long y0 = bm_raster_edge(rc->y, dpi);
                        long x1 = bm_raster_edge(rc->x + rc->w, dpi);
                        long y1 = bm_raster_edge(rc->y + rc->h, dpi);
                        bm_buf_printf(b, "%s[%ld, %ld, %ld, %ld]", i ? ", " : "",
                                      x0, y0, x1 - x0, y1 - y0);
                    }
                    bm_buf_puts(b, "]}");
                }
            }
            int cont = bm_raster_continues_on(doc, id);
            if (cont)
                bm_buf_printf(b, "],\n   \"continues_on\": %d}", cont);
            else
                bm_buf_puts(b, "],\n   \"continues_on\": null}");
        }
    bm_buf_puts(b, "\n ]}\n");
}
