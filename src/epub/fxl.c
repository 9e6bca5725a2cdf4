/*
 * fxl.c - the replica's fixed-layout pages (bm_epub_write_replica): one
 * pre-paginated XHTML document per printed page, drawn from the LayoutDoc.
 *
 * A page is an inline SVG whose user unit is the pt, as large as the page
 * (the viewport is the page size rounded up to whole CSS pixels): the
 * rules, frames and photos of the PDF as <rect> and <image> (a photo in a
 * nested <svg> that clips it to its slot, as the PDF clips its centred
 * crop), and every line as real text, a <text> at its baseline whose
 * <tspan>s, one per run of one face, give every character its x (and, when
 * the layout moved it, its y): the pen positions of the PDF, exactly, in
 * pt.  Chromium keeps an SVG x list to the hundredth of a pt, where
 * absolutely positioned spans would round to its layout units and add a
 * span per character; tests/e2e/replica.sh measures every character.
 *
 * The faces are embedded as subsets made here by code point and glyph id
 * (a reading system finds a glyph through the cmap), keeping only `locl`,
 * `ccmp` and `fwid`: the glyphs the layout chose for Chinese punctuation
 * and its full-width dashes and ellipses (set with class fwid), and no
 * feature that would move a glyph (halt, chws, kern: the positions are
 * given).
 *
 * The DOM is in reading order: the page's lines as the LayoutDoc orders
 * them, each article's lines in one <g> that opens with a link over its
 * region (transparent rectangles, under the text, which lets clicks
 * through) to the article as reflowable text in the same book; a jump
 * line is a link to the page it names.  Each article document links back
 * to the pages it is printed on (ep_fxl_backlinks).
 */
#include "epub_private.h"

#include <hb-subset.h>
#include <hb.h>
#include <stdlib.h>
#include <string.h>

#define X(s) ((const xmlChar *)(s))
#define EP_NS_XLINK "http://www.w3.org/1999/xlink"

/* A length in pt with exact decimals (1/64 pt = 0.015625), as
 * --dump-layout and zones.json write it (bm_buf_put_pt). */
static const char *pt(ep_ctx *c, bm_fix v)
{
    bm_buf b;
    bm_buf_init(&b);
    bm_buf_put_pt(&b, v);
    const char *s = bm_arena_strndup(c->a, (const char *)b.data, b.len);
    bm_buf_free(&b);
    return s;
}

/* Percent of `whole` with two decimals, as digits (no locale). */
static const char *pct(ep_ctx *c, bm_fix v, bm_fix whole)
{
    long h = whole > 0 ? (long)((v * 10000LL + whole / 2) / whole) : 0;
    return bm_arena_printf(c->a, "%ld.%02ld", h / 100, h % 100);
}

/* ---- the plan -------------------------------------------------------------- */

void ep_fxl_plan(ep_ctx *c)
{
    const bm_layout_doc *doc = c->doc;
    size_t n = c->ndocs + doc->npages;
    ep_doc *docs = bm_arena_alloc(c->a, n * sizeof *docs);
    /* cover and front, the pages, then the articles */
    memcpy(docs, c->docs, c->first_article * sizeof *docs);
    size_t k = c->first_article;
    for (size_t p = 0; p < doc->npages; p++) {
        ep_doc *d = &docs[k++];
        d->page = &doc->pages[p];
        d->href = bm_arena_printf(c->a, "page-%02zu.xhtml", p + 1);
        d->id = bm_arena_printf(c->a, "page-%02zu", p + 1);
    }
    memcpy(docs + k, c->docs + c->first_article,
           (c->ndocs - c->first_article) * sizeof *docs);
    c->docs = docs;
    c->ndocs = n;
    c->first_page = c->first_article;
    c->first_article += doc->npages;
}

const char *ep_fxl_page_href(ep_ctx *c, int number)
{
    for (size_t i = c->first_page; i < c->first_article; i++)
        if (c->docs[i].page->number == number)
            return c->docs[i].href;
    return NULL;
}

static const ep_doc *article_doc(ep_ctx *c, const char *id)
{
    for (size_t i = c->first_article; i < c->ndocs; i++)
        if (!strcmp(c->docs[i].ar->id, id))
            return &c->docs[i];
    return NULL;
}

static const char *image_href(ep_ctx *c, const char *src)
{
    for (size_t i = 0; i < c->nimages; i++)
        if (c->images[i].src && !strcmp(c->images[i].src, src))
            return c->images[i].href;
    return NULL;
}

/* ---- fonts ------------------------------------------------------------------- */

typedef struct rface {
    hb_set_t   *uni, *gids;
    const char *family, *href, *type;
} rface;

typedef struct fonts {
    rface *f;
    size_t n;
} fonts;

/* The code points a glyph stands for, each with its x: a glyph's first
 * at its pen position; the others of its cluster (one glyph for "——")
 * follow without an x of their own, so that the reading system shapes the
 * cluster as one, as the layout did. */
typedef struct placed {
    uint32_t cp;
    bm_fix   x, y;
    size_t   face;
    int      more;     /* not the first code point of its glyph */
    int      fwid;     /* set with the font's full-width forms */
} placed;

/* The characters the layout sets with 'fwid' (para.c long_box): dashes and
 * the ellipsis in boxes of whole ems. */
static int full_width_form(uint32_t cp)
{
    return cp == 0x2014 || cp == 0x2026 || cp == 0x2E3A || cp == 0x2E3B;
}

static size_t place_line(const bm_line *ln, placed *out)
{
    size_t n = 0;
    for (size_t i = 0; i < ln->nglyphs; i++) {
        const bm_glyph *g = &ln->glyphs[i];
        if (!g->nbytes)
            continue;
        const char *t = ln->text + g->cluster;
        size_t k = 0;
        int j = 0;
        while (k < g->nbytes) {
            uint32_t cp;
            int l = bm_utf8_decode(t + k, g->nbytes - k, &cp);
            if (l <= 0)
                break;
            out[n].cp = cp;
            out[n].x = ln->rect.x + g->x;
            out[n].y = ln->baseline + g->y;
            out[n].face = g->face;
            out[n].more = j++ > 0;
            out[n].fwid = full_width_form(cp);
            n++;
            k += (size_t)l;
        }
    }
    return n;
}

static void collect_fonts(ep_ctx *c, fonts *fs)
{
    const bm_layout_doc *doc = c->doc;
    fs->n = doc->fonts ? bm_fontset_nfaces(doc->fonts) : 0;
    fs->f = bm_arena_alloc(c->a, (fs->n + 1) * sizeof *fs->f);
    for (size_t p = 0; p < doc->npages; p++)
        for (size_t l = 0; l < doc->pages[p].nlines; l++) {
            const bm_line *ln = &doc->pages[p].lines[l];
            for (size_t i = 0; i < ln->nglyphs; i++) {
                const bm_glyph *g = &ln->glyphs[i];
                if (g->face >= fs->n)
                    continue;
                rface *r = &fs->f[g->face];
                if (!r->uni) {
                    r->uni = hb_set_create();
                    r->gids = hb_set_create();
                }
                hb_set_add(r->gids, g->gid);
                const char *t = ln->text + g->cluster;
                for (size_t k = 0; k < g->nbytes;) {
                    uint32_t cp;
                    int n = bm_utf8_decode(t + k, g->nbytes - k, &cp);
                    if (n <= 0)
                        break;
                    hb_set_add(r->uni, cp);
                    k += (size_t)n;
                }
            }
        }
}

static void free_fonts(fonts *fs)
{
    for (size_t i = 0; i < fs->n; i++) {
        hb_set_destroy(fs->f[i].uni);
        hb_set_destroy(fs->f[i].gids);
    }
}

static const hb_tag_t kept_features[] = {
    HB_TAG('l', 'o', 'c', 'l'), HB_TAG('c', 'c', 'm', 'p'),
    HB_TAG('f', 'w', 'i', 'd'),
};

static bm_status embed_face(ep_ctx *c, size_t i, rface *r, bm_error *err)
{
    const bm_face *f = bm_fontset_face(c->doc->fonts, i);
    const char *path = bm_face_path(f);
    hb_blob_t *blob = hb_blob_create_from_file_or_fail(path);
    if (!blob)
        return bm_error_set(err, BM_FONT, path, 0, 0, "cannot read the font");
    hb_face_t *face = hb_face_create(blob, bm_face_ttc_index(f));
    hb_blob_destroy(blob);
    hb_subset_input_t *in = hb_subset_input_create_or_fail();
    bm_status st = BM_OK;
    hb_face_t *sub = NULL;
    hb_blob_t *out = NULL;
    if (!in) {
        st = bm_error_set(err, BM_NOMEM, path, 0, 0, "font subset input");
        goto done;
    }
    hb_set_union(hb_subset_input_unicode_set(in), r->uni);
    hb_set_union(hb_subset_input_glyph_set(in), r->gids);
    hb_set_t *feat = hb_subset_input_set(in, HB_SUBSET_SETS_LAYOUT_FEATURE_TAG);
    hb_set_clear(feat);
    for (size_t k = 0; k < sizeof kept_features / sizeof *kept_features; k++)
        hb_set_add(feat, kept_features[k]);
    hb_set_t *drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
    hb_set_add(drop, HB_TAG('G', 'P', 'O', 'S'));
    hb_set_add(drop, HB_TAG('v', 'h', 'e', 'a'));
    hb_set_add(drop, HB_TAG('v', 'm', 't', 'x'));
    hb_set_add(drop, HB_TAG('V', 'O', 'R', 'G'));
    sub = hb_subset_or_fail(face, in);
    if (!sub) {
        st = bm_error_set(err, BM_FONT, path, 0, 0, "subsetting the font failed");
        goto done;
    }
    out = hb_face_reference_blob(sub);
    unsigned len = 0;
    const char *bytes = hb_blob_get_data(out, &len);
    if (!bytes || !len) {
        st = bm_error_set(err, BM_FONT, path, 0, 0, "the font's subset is empty");
        goto done;
    }
    int cff = bm_face_is_cff(f);
    r->family = bm_arena_printf(c->a, "replica-%zu", i);
    r->href = bm_arena_printf(c->a, "fonts/replica-%zu.%s", i, cff ? "otf" : "ttf");
    r->type = cff ? "font/otf" : "font/ttf";
    unsigned char *data = bm_arena_alloc(c->a, len);
    memcpy(data, bytes, len);
    ep_add_file(c, NULL, r->href, bm_arena_printf(c->a, "font-replica-%zu", i),
                r->type, NULL, data, len);
done:
    hb_blob_destroy(out);
    hb_face_destroy(sub);
    hb_subset_input_destroy(in);
    hb_face_destroy(face);
    return st;
}

static void write_css(ep_ctx *c, const fonts *fs)
{
    bm_buf b;
    bm_buf_init(&b);
    bm_buf_puts(&b, "@charset \"utf-8\";\n"
                    "/* the printed pages: fonts embedded as subsets */\n");
    for (size_t i = 0; i < fs->n; i++)
        if (fs->f[i].href)
            bm_buf_printf(&b, "@font-face {\n  font-family: \"%s\";\n"
                              "  src: url(\"%s\");\n}\n",
                          fs->f[i].family, fs->f[i].href);
    bm_buf_puts(&b,
                "html, body { margin: 0; padding: 0; background: #ffffff; }\n"
                "svg.page { display: block; }\n"
                "svg.page text { white-space: pre; fill: #000000; "
                "font-kerning: none; font-variant-ligatures: none; "
                "font-synthesis: none; pointer-events: none; }\n"
                "svg.page a.jump text { pointer-events: auto; }\n"
                "svg.page tspan.fwid { font-feature-settings: \"fwid\" 1; }\n"
                "svg.page a.zone rect { fill: #ffffff; fill-opacity: 0; }\n"
                "svg.page a.zone:focus rect { fill: #3060c0; fill-opacity: 0.15; }\n");
    unsigned char *data = bm_arena_alloc(c->a, b.len + 1);
    memcpy(data, b.data, b.len);
    ep_add_file(c, NULL, "replica.css", "replica-css", "text/css", NULL, data,
                b.len);
    bm_buf_free(&b);
}

/* ---- a page ------------------------------------------------------------------ */

static xmlNodePtr svg_el(xmlNodePtr parent, const char *name)
{
    return xmlNewChild(parent, parent->ns, X(name), NULL);
}

static void rect(ep_ctx *c, xmlNodePtr parent, bm_rect r)
{
    xmlNodePtr n = svg_el(parent, "rect");
    ep_attr(n, "x", pt(c, r.x));
    ep_attr(n, "y", pt(c, r.y));
    ep_attr(n, "width", pt(c, r.w));
    ep_attr(n, "height", pt(c, r.h));
}

static void paint_boxes(ep_ctx *c, xmlNodePtr svg, const bm_lpage *pg,
                        xmlNsPtr xlink)
{
    for (size_t i = 0; i < pg->nboxes; i++) {
        const bm_box *bx = &pg->boxes[i];
        if (bx->kind == BM_BOX_RULE) {
            rect(c, svg, bx->rect);
            ep_attr(svg->last, "fill", "#000000");
        } else if (bx->kind == BM_BOX_FRAME) {
            bm_fix s = bx->stroke > 0 ? bx->stroke : BM_PT(0.5);
            bm_rect r = {bx->rect.x + s / 2, bx->rect.y + s / 2, bx->rect.w - s,
                         bx->rect.h - s};
            rect(c, svg, r);
            ep_attr(svg->last, "fill", "none");
            ep_attr(svg->last, "stroke", "#000000");
            ep_attr(svg->last, "stroke-width", pt(c, s));
        } else if (bx->kind == BM_BOX_IMAGE && bx->image) {
            const char *href = image_href(c, bx->image);
            if (!href)
                continue;
            /* a nested viewport clips the whole image to its slot */
            xmlNodePtr vp = svg_el(svg, "svg");
            ep_attr(vp, "x", pt(c, bx->rect.x));
            ep_attr(vp, "y", pt(c, bx->rect.y));
            ep_attr(vp, "width", pt(c, bx->rect.w));
            ep_attr(vp, "height", pt(c, bx->rect.h));
            const bm_rect *ir =
                bx->image_rect.w > 0 ? &bx->image_rect : &bx->rect;
            xmlNodePtr im = svg_el(vp, "image");
            ep_attr(im, "x", pt(c, ir->x - bx->rect.x));
            ep_attr(im, "y", pt(c, ir->y - bx->rect.y));
            ep_attr(im, "width", pt(c, ir->w));
            ep_attr(im, "height", pt(c, ir->h));
            ep_attr(im, "preserveAspectRatio", "none");
            xmlSetNsProp(im, xlink, X("href"), X(href));
            const bm_article *ar =
                bx->article_id ? bm_edition_find_article(c->ed, bx->article_id)
                               : NULL;
            const char *alt = NULL;
            for (size_t k = 0; ar && k < ar->nblocks && !alt; k++) {
                const bm_block *bl = &ar->blocks[k];
                if (bl->image && !strcmp(bl->image, bx->image))
                    alt = bl->alt ? bl->alt : bl->caption;
            }
            xmlNewTextChild(im, im->ns, X("title"), X(alt ? alt : "图片"));
        }
    }
}

/* One line as <text>, a <tspan> per run of one face. */
static void paint_line(ep_ctx *c, xmlNodePtr parent, const bm_line *ln,
                       const fonts *fs, placed *buf)
{
    size_t n = place_line(ln, buf);
    if (!n)
        return;
    xmlNodePtr t = svg_el(parent, "text");
    /* a text child keeps libxml2 from indenting the tspans: whitespace
     * inside <text> would be drawn */
    xmlAddChild(t, xmlNewText(X("")));
    ep_attr(t, "y", pt(c, ln->baseline));
    ep_attr(t, "font-size", pt(c, ln->size));
    bm_buf xs, ys, s;
    bm_buf_init(&xs);
    bm_buf_init(&ys);
    bm_buf_init(&s);
    for (size_t i = 0; i < n;) {
        /* a run of one face and form; a glyph of several characters, or
         * of a full-width form, is a run of its own */
        size_t j = i + 1;
        int alone = buf[i].fwid || (i + 1 < n && buf[i + 1].more);
        if (alone)
            while (j < n && buf[j].more)
                j++;
        else
            while (j < n && buf[j].face == buf[i].face && !buf[j].fwid &&
                   !(j + 1 < n && buf[j + 1].more))
                j++;
        int moved = 0;
        xs.len = ys.len = s.len = 0;
        for (size_t k = i; k < j; k++) {
            char u[8];
            int l = bm_utf8_encode(buf[k].cp, u);
            bm_buf_append(&s, u, (size_t)l);
            if (buf[k].more)
                continue;
            bm_buf_printf(&xs, "%s%s", k > i ? " " : "", pt(c, buf[k].x));
            bm_buf_printf(&ys, "%s%s", k > i ? " " : "", pt(c, buf[k].y));
            moved |= buf[k].y != ln->baseline;
        }
        xmlNodePtr sp = xmlNewChild(t, t->ns, X("tspan"), NULL);
        xmlNodeAddContentLen(sp, X(s.data), (int)s.len);
        ep_attr(sp, "x", xs.data);
        if (moved)
            ep_attr(sp, "y", ys.data);
        size_t face = buf[i].face;
        if (face < fs->n && fs->f[face].family)
            ep_attr(sp, "font-family", fs->f[face].family);
        if (buf[i].fwid)
            ep_attr(sp, "class", "fwid");
        i = j;
    }
    bm_buf_free(&xs);
    bm_buf_free(&ys);
    bm_buf_free(&s);
}

static void write_page(ep_ctx *c, const ep_doc *d, const fonts *fs)
{
    const bm_lpage *pg = d->page;
    const char *label = bm_arena_printf(c->a, "第%d版%s%s", pg->number,
                                        pg->section ? "　" : "",
                                        pg->section ? pg->section : "");
    xmlNodePtr body;
    xmlDocPtr doc = ep_xhtml_new(c, bm_arena_printf(c->a, "%s %s", c->title,
                                                    label), &body);
    /* the page's own stylesheet and its size */
    xmlNodePtr head = body->prev;
    for (xmlNodePtr k = head->children; k; k = k->next)
        if (k->type == XML_ELEMENT_NODE && !xmlStrcmp(k->name, X("link")))
            ep_attr(k, "href", "replica.css");
    xmlNodePtr vp = ep_el(head, "meta", NULL);
    ep_attr(vp, "name", "viewport");
    ep_attr(vp, "content",
            bm_arena_printf(c->a, "width=%ld, height=%ld",
                            (long)((pg->width + 63) / 64),
                            (long)((pg->height + 63) / 64)));
    ep_epub_type(body, "bodymatter");

    xmlNodePtr svg = xmlNewNode(NULL, X("svg"));
    xmlNsPtr ns = xmlNewNs(svg, X(EP_NS_SVG), NULL);
    xmlSetNs(svg, ns);
    xmlNsPtr xlink = xmlNewNs(svg, X(EP_NS_XLINK), X("xlink"));
    xmlAddChild(body, svg);
    ep_attr(svg, "class", "page");
    ep_attr(svg, "width", pt(c, pg->width));
    ep_attr(svg, "height", pt(c, pg->height));
    ep_attr(svg, "viewBox", bm_arena_printf(c->a, "0 0 %s %s", pt(c, pg->width),
                                            pt(c, pg->height)));
    xmlNewTextChild(svg, ns, X("title"), X(label));

    paint_boxes(c, svg, pg, xlink);

    size_t most = 1;
    for (size_t l = 0; l < pg->nlines; l++) {
        size_t n = pg->lines[l].len + 1;
        if (n > most)
            most = n;
    }
    placed *buf = bm_xmalloc(most * sizeof *buf);
    xmlNodePtr group = NULL;
    const char *group_id = NULL;
    for (size_t l = 0; l < pg->nlines; l++) {
        const bm_line *ln = &pg->lines[l];
        const char *id = ln->article_id;
        if (!id) {
            group = NULL, group_id = NULL;
            paint_line(c, svg, ln, fs, buf);
            continue;
        }
        if (!group || strcmp(group_id, id)) {
            /* the article's lines that follow each other, after a link
             * over its region */
            group = svg_el(svg, "g");
            group_id = id;
            const ep_doc *ad = article_doc(c, id);
            const bm_region *reg = NULL;
            for (size_t r = 0; r < pg->nregions; r++)
                if (!strcmp(pg->regions[r].article_id, id))
                    reg = &pg->regions[r];
            if (ad && reg) {
                xmlNodePtr a = svg_el(group, "a");
                xmlSetNsProp(a, xlink, X("href"), X(ad->href));
                ep_attr(a, "class", "zone");
                /* its name: a <title> (axe takes no aria-label on an SVG
                 * link, which it does not see as one) */
                xmlNewTextChild(a, a->ns, X("title"),
                                X(bm_arena_printf(c->a, "阅读全文：%s",
                                                  ep_headline_flat(c, ad->ar))));
                for (size_t k = 0; k < reg->nrects; k++)
                    rect(c, a, reg->rects[k]);
            }
        }
        const char *other = ln->link_page > 0
                                ? ep_fxl_page_href(c, ln->link_page) : NULL;
        if (other) {
            xmlNodePtr a = svg_el(group, "a");
            xmlSetNsProp(a, xlink, X("href"), X(other));
            ep_attr(a, "class", "jump");
            xmlNewTextChild(a, a->ns, X("title"),
                            X(bm_arena_printf(c->a, "转到第%d版",
                                              ln->link_page)));
            paint_line(c, a, ln, fs, buf);
        } else {
            paint_line(c, group, ln, fs, buf);
        }
    }
    free(buf);
    ep_add_doc(c, doc, d->href, d->id, "application/xhtml+xml", "svg");
}

bm_status ep_fxl_write_pages(ep_ctx *c, bm_error *err)
{
    fonts fs = {0};
    collect_fonts(c, &fs);
    bm_status st = BM_OK;
    for (size_t i = 0; i < fs.n && st == BM_OK; i++)
        if (fs.f[i].uni)
            st = embed_face(c, i, &fs.f[i], err);
    if (st == BM_OK) {
        write_css(c, &fs);
        for (size_t i = c->first_page; i < c->first_article; i++)
            write_page(c, &c->docs[i], &fs);
    }
    free_fonts(&fs);
    return st;
}

/* ---- region-based navigation ------------------------------------------------- */

void ep_fxl_write_regions(ep_ctx *c)
{
    xmlNodePtr body;
    xmlDocPtr doc = ep_xhtml_new(c, "版面导航", &body);
    xmlNodePtr nav = ep_el(body, "nav", NULL);
    ep_epub_type(nav, "region-based");
    ep_attr(nav, "id", "regions");
    xmlNodePtr ol = ep_el(nav, "ol", NULL);
    for (size_t i = c->first_page; i < c->first_article; i++) {
        const ep_doc *d = &c->docs[i];
        const bm_lpage *pg = d->page;
        for (size_t r = 0; r < pg->nregions; r++) {
            const bm_region *g = &pg->regions[r];
            const ep_doc *ad = article_doc(c, g->article_id);
            const char *title = ad ? ep_headline_flat(c, ad->ar) : g->article_id;
            for (size_t k = 0; k < g->nrects; k++) {
                const bm_rect *rc = &g->rects[k];
                xmlNodePtr li = ep_el(ol, "li", NULL);
                ep_epub_type(li, "text-area");
                (void)title;
                xmlNodePtr a = ep_el(li, "a", NULL);
                ep_attr(a, "href",
                        bm_arena_printf(c->a, "%s#xywh=percent:%s,%s,%s,%s",
                                        d->href, pct(c, rc->x, pg->width),
                                        pct(c, rc->y, pg->height),
                                        pct(c, rc->w, pg->width),
                                        pct(c, rc->h, pg->height)));
            }
        }
    }
    ep_add_doc(c, doc, "regions.xhtml", "regions", "application/xhtml+xml",
               "data-nav");
}

/* ---- back from an article --------------------------------------------------- */

void ep_fxl_backlinks(ep_ctx *c, const ep_doc *d, xmlNodePtr parent)
{
    if (!c->doc)
        return;
    xmlNodePtr p = NULL;
    for (size_t i = c->first_page; i < c->first_article; i++) {
        const bm_lpage *pg = c->docs[i].page;
        int here = 0;
        for (size_t r = 0; r < pg->nregions && !here; r++)
            here = !strcmp(pg->regions[r].article_id, d->ar->id);
        if (!here)
            continue;
        if (!p) {
            p = ep_el(parent, "p", NULL);
            ep_attr(p, "class", "replica-back");
        } else {
            xmlNodeAddContent(p, X("　"));
        }
        xmlNodePtr a = ep_el(p, "a", bm_arena_printf(c->a, "返回第%d版",
                                                     pg->number));
        ep_attr(a, "href", c->docs[i].href);
    }
}
