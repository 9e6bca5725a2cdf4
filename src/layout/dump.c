/*
 * dump.c - the LayoutDoc as JSON (DESIGN.md "--dump-layout") and its
 * invariants (bm_page_check).
 *
 * Lengths are printed in pt with exact decimals (1/64 pt is 0.015625), so
 * the dump is the same on every machine.  Rects are [x, y, w, h], origin at
 * the page's top-left.
 */
#include "layout.h"
#include "layout_private.h"

#include <stdlib.h>
#include <string.h>


static void rect(bm_buf *b, bm_rect r)
{
    bm_buf_puts(b, "[");
    bm_buf_put_pt(b, r.x);
    bm_buf_puts(b, ", ");
    bm_buf_put_pt(b, r.y);
    bm_buf_puts(b, ", ");
    bm_buf_put_pt(b, r.w);
    bm_buf_puts(b, ", ");
    bm_buf_put_pt(b, r.h);
    bm_buf_puts(b, "]");
}

static void str_or_null(bm_buf *b, const char *s)
{
    if (s)
        bm_buf_json_str(b, s, strlen(s));
    else
        bm_buf_puts(b, "null");
}

static const char *line_kind(bm_line_kind k)
{
    static const char *const n[] = {"body",    "subheading", "kicker",
                                    "headline", "subhead",   "byline",
                                    "caption", "credit",     "jump",
                                    "masthead", "running_head", "section"};
    return (unsigned)k < sizeof n / sizeof n[0] ? n[k] : "?";
}

static const char *box_kind(bm_box_kind k)
{
    static const char *const n[] = {"module", "rule", "frame", "image"};
    return (unsigned)k < sizeof n / sizeof n[0] ? n[k] : "?";
}

static const char *role_name(bm_role r)
{
    return r == BM_FONT_HEADLINE ? "headline" : r == BM_FONT_KAI ? "kai" : "body";
}

bm_status bm_layout_dump_json(const bm_layout_doc *doc, const char *path,
                              bm_error *err)
{
    bm_buf b;
    bm_buf_init(&b);
    const bm_edition *ed = doc->ed;
    bm_buf_puts(&b, "{\"title\": ");
    str_or_null(&b, ed ? ed->title : NULL);
    bm_buf_puts(&b, ", \"date\": ");
    str_or_null(&b, ed ? ed->date : NULL);
    bm_buf_puts(&b, ",\n \"pages\": [");
    for (size_t p = 0; p < doc->npages; p++) {
        const bm_lpage *pg = &doc->pages[p];
        bm_buf_printf(&b, "%s\n  {\"number\": %d, \"section\": ", p ? "," : "",
                      pg->number);
        str_or_null(&b, pg->section);
        bm_buf_puts(&b, ", \"size\": [");
        bm_buf_put_pt(&b, pg->width);
        bm_buf_puts(&b, ", ");
        bm_buf_put_pt(&b, pg->height);
        bm_buf_puts(&b, "], \"type_area\": ");
        rect(&b, pg->type_area);
        bm_buf_printf(&b, ", \"columns\": %d, \"col_width\": ", pg->ncols);
        bm_buf_put_pt(&b, pg->col_width);
        bm_buf_puts(&b, ", \"gutter\": ");
        bm_buf_put_pt(&b, pg->gutter);
        bm_buf_puts(&b, ", \"column_x\": [");
        for (int c = 0; c < pg->ncols; c++) {
            if (c)
                bm_buf_puts(&b, ", ");
            bm_buf_put_pt(&b, pg->type_area.x + c * (pg->col_width + pg->gutter));
        }
        bm_buf_puts(&b, "], \"body_size\": ");
        bm_buf_put_pt(&b, pg->body_size);
        bm_buf_puts(&b, ", \"line_pitch\": ");
        bm_buf_put_pt(&b, pg->line_pitch);
        bm_buf_puts(&b, ", \"grid_top\": ");
        bm_buf_put_pt(&b, pg->grid_top);
        bm_buf_printf(&b, ", \"rows\": %d,\n   \"outline\": [",
                      pg->type_area.h / pg->line_pitch);
        for (size_t i = 0; i < pg->noutline; i++) {
            bm_buf_puts(&b, i ? ", {\"article\": " : "{\"article\": ");
            str_or_null(&b, pg->outline[i].article_id);
            bm_buf_puts(&b, ", \"title\": ");
            str_or_null(&b, pg->outline[i].title);
            bm_buf_puts(&b, ", \"y\": ");
            bm_buf_put_pt(&b, pg->outline[i].y);
            bm_buf_puts(&b, "}");
        }
        bm_buf_puts(&b, "],\n   \"regions\": [");
        for (size_t i = 0; i < pg->nregions; i++) {
            const bm_region *g = &pg->regions[i];
            bm_buf_puts(&b, i ? ",\n    {\"article\": " : "\n    {\"article\": ");
            str_or_null(&b, g->article_id);
            bm_buf_puts(&b, ", \"rects\": [");
            for (size_t k = 0; k < g->nrects; k++) {
                if (k)
                    bm_buf_puts(&b, ", ");
                rect(&b, g->rects[k]);
            }
            bm_buf_puts(&b, "]}");
        }
        bm_buf_puts(&b, "],\n   \"boxes\": [");
        for (size_t i = 0; i < pg->nboxes; i++) {
            const bm_box *x = &pg->boxes[i];
            bm_buf_printf(&b, "%s\n    {\"kind\": \"%s\", \"rect\": ", i ? "," : "",
                          box_kind(x->kind));
            rect(&b, x->rect);
            bm_buf_puts(&b, ", \"article\": ");
            str_or_null(&b, x->article_id);
            if (x->image) {
                bm_buf_puts(&b, ", \"image\": ");
                str_or_null(&b, x->image);
                bm_buf_puts(&b, ", \"image_rect\": ");
                rect(&b, x->image_rect);
                bm_buf_printf(&b, ", \"px\": [%d, %d]", x->px_w, x->px_h);
            }
            if (x->stroke) {
                bm_buf_puts(&b, ", \"stroke\": ");
                bm_buf_put_pt(&b, x->stroke);
            }
            bm_buf_puts(&b, "}");
        }
        bm_buf_puts(&b, "],\n   \"lines\": [");
        for (size_t i = 0; i < pg->nlines; i++) {
            const bm_line *l = &pg->lines[i];
            bm_buf_printf(&b, "%s\n    {\"article\": ", i ? "," : "");
            str_or_null(&b, l->article_id);
            bm_buf_printf(&b, ", \"kind\": \"%s\", \"rect\": ", line_kind(l->kind));
            rect(&b, l->rect);
            bm_buf_puts(&b, ", \"baseline\": ");
            bm_buf_put_pt(&b, l->baseline);
            bm_buf_printf(&b, ", \"font\": \"%s\", \"size\": ", role_name(l->role));
            bm_buf_put_pt(&b, l->size);
            bm_buf_puts(&b, ", \"text\": ");
            bm_buf_json_str(&b, l->text ? l->text : "", l->text ? l->len : 0);
            if (l->link_page)
                bm_buf_printf(&b, ", \"link_page\": %d", l->link_page);
            if (l->jump)
                bm_buf_printf(&b, ", \"jump\": \"%s\"",
                              l->jump == BM_JUMP_TO ? "to" : "from");
            if (l->par)
                bm_buf_printf(&b, ", \"par\": \"%s%s\"",
                              l->par & BM_PAR_FIRST ? "first" : "",
                              l->par & BM_PAR_LAST ? "last" : "");
            bm_buf_puts(&b, "}");
        }
        bm_buf_puts(&b, "]}");
    }
    bm_buf_puts(&b, "\n]}\n");
    bm_status rc = bm_file_write_atomic(path, b.data, b.len, err);
    bm_buf_free(&b);
    return rc;
}

/* ---- invariants -------------------------------------------------------------- */

static int overlap(bm_rect a, bm_rect b)
{
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h &&
           b.y < a.y + a.h;
}

static int inside(bm_rect in, bm_rect out)
{
    return in.x >= out.x && in.y >= out.y && in.x + in.w <= out.x + out.w &&
           in.y + in.h <= out.y + out.h;
}

/*
 * 1 if any two of the page's lines overlap: the lines sorted by their top,
 * each compared with those that start above its foot (O(n log n) where
 * the pairwise loop below ran over 10 million pairs at 64 pages).  Only
 * when some do does bm_page_check look for its first pair in its own
 * order, so its message is what the pairwise loop gives.  A line of
 * negative size, or no memory, says 1 (the pairwise loop decides).
 */
typedef struct line_top {
    bm_fix y;
    size_t i;
} line_top;

static int top_cmp(const void *x, const void *y)
{
    const line_top *a = x, *b = y;
    return (a->y > b->y) - (a->y < b->y);
}

static int lines_overlap(const bm_lpage *pg)
{
    size_t n = pg->nlines;
    for (size_t i = 0; i < n; i++)
        if (pg->lines[i].rect.w < 0 || pg->lines[i].rect.h < 0)
            return 1;
    line_top *t = malloc((n ? n : 1) * sizeof *t);
    if (!t)
        return 1;
    for (size_t i = 0; i < n; i++)
        t[i] = (line_top){pg->lines[i].rect.y, i};
    qsort(t, n, sizeof *t, top_cmp);
    int any = 0;
    for (size_t a = 0; a < n && !any; a++) {
        bm_rect ra = pg->lines[t[a].i].rect;
        for (size_t b = a + 1; b < n && t[b].y < ra.y + ra.h && !any; b++)
            any = overlap(ra, pg->lines[t[b].i].rect);
    }
    free(t);
    return any;
}

static int on_grid(bm_line_kind k)
{
    return k == BM_LINE_BODY || k == BM_LINE_SUBHEADING || k == BM_LINE_BYLINE;
}

bm_status bm_page_check(const bm_lpage *pg, bm_error *err)
{
    bm_rect ta = pg->type_area;
    if (!inside(ta, (bm_rect){0, 0, pg->width, pg->height}))
        return bm_error_set(err, BM_INTERNAL, NULL, 0, 0,
                            "page %d: type area outside the page", pg->number);
    for (size_t i = 0; i < pg->nboxes; i++) {
        const bm_box *a = &pg->boxes[i];
        if (a->kind != BM_BOX_MODULE)
            continue;
        if (!inside(a->rect, ta))
            return bm_error_set(err, BM_INTERNAL, NULL, 0, 0,
                                "page %d: module of '%s' leaves the type area",
                                pg->number, a->article_id ? a->article_id : "-");
        for (size_t j = i + 1; j < pg->nboxes; j++) {
            const bm_box *b = &pg->boxes[j];
            if (b->kind == BM_BOX_MODULE && overlap(a->rect, b->rect))
                return bm_error_set(err, BM_INTERNAL, NULL, 0, 0,
                                    "page %d: modules of '%s' and '%s' overlap",
                                    pg->number,
                                    a->article_id ? a->article_id : "-",
                                    b->article_id ? b->article_id : "-");
        }
    }
    int some_overlap = lines_overlap(pg);
    for (size_t i = 0; i < pg->nlines; i++) {
        const bm_line *l = &pg->lines[i];
        if (!inside(l->rect, ta))
            return bm_error_set(err, BM_INTERNAL, NULL, 0, 0,
                                "page %d: line %zu (%.*s) leaves the type area",
                                pg->number, i, (int)(l->len < 60 ? l->len : 60),
                                l->text ? l->text : "");
        if ((on_grid(l->kind) || (l->kind == BM_LINE_JUMP &&
                                  l->rect.h == pg->line_pitch)) &&
            l->size == pg->body_size &&
            (l->baseline - pg->grid_top) % pg->line_pitch != 0)
            return bm_error_set(err, BM_INTERNAL, NULL, 0, 0,
                                "page %d: body line %zu is off the baseline grid",
                                pg->number, i);
        if (l->baseline < l->rect.y || l->baseline > l->rect.y + l->rect.h)
            return bm_error_set(err, BM_INTERNAL, NULL, 0, 0,
                                "page %d: line %zu's baseline is outside its box",
                                pg->number, i);
        /* article lines lie in a module of the page */
        if (l->article_id) {
            int in = 0;
            for (size_t j = 0; j < pg->nboxes && !in; j++)
                in = pg->boxes[j].kind == BM_BOX_MODULE &&
                     pg->boxes[j].article_id &&
                     inside(l->rect, pg->boxes[j].rect);
            if (!in)
                return bm_error_set(err, BM_INTERNAL, NULL, 0, 0,
                                    "page %d: line %zu of '%s' is outside "
                                    "every module",
                                    pg->number, i, l->article_id);
        }
        for (size_t j = i + 1; some_overlap && j < pg->nlines; j++)
            if (overlap(l->rect, pg->lines[j].rect))
                return bm_error_set(err, BM_INTERNAL, NULL, 0, 0,
                                    "page %d: lines %zu and %zu overlap",
                                    pg->number, i, j);
        for (size_t g = 1; g < l->nglyphs; g++)
            if (l->glyphs[g].cluster < l->glyphs[g - 1].cluster ||
                l->glyphs[g].cluster + l->glyphs[g].nbytes > l->len)
                return bm_error_set(err, BM_INTERNAL, NULL, 0, 0,
                                    "page %d: line %zu's glyphs do not map "
                                    "to its text in order",
                                    pg->number, i);
    }
    return bm_region_check(pg, err);
}
