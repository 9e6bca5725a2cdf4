/*
 * census.c - pass 1: what each face must hold.
 *
 * Walks every glyph of every line once and records, per face, the glyphs
 * used and the text each one stands for (the ToUnicode entry: the first
 * single-glyph cluster that shows it).  Characters no face has
 * (BM_NO_FACE), and in PDF/A a face's .notdef, get a code in the
 * placeholder font (fonts.c explains it).
 */
#include "pdf_private.h"

#include <stdlib.h>
#include <string.h>

static bm_pdf_face_use *face_get(bm_pdf_ctx *c, uint32_t i)
{
    bm_pdf_face_use *u = &c->faces[i];
    if (!u->used) {
        u->used = 1;
        u->slot = bm_arena_alloc(c->a, BM_PDF_NGID * sizeof *u->slot);
        snprintf(u->name, sizeof u->name, "F%u", (unsigned)i);
    }
    return u;
}

const bm_pdf_gid_use bm_pdf_gid_none;

/* The record of glyph gid of a used face, made when first met.  The
 * pointer holds until the next record of the face is made. */
static bm_pdf_gid_use *gid_get(bm_pdf_ctx *c, bm_pdf_face_use *u,
                               uint32_t gid)
{
    if (u->slot[gid])
        return &u->use[u->slot[gid] - 1];
    if (u->nuse == u->capuse) {
        size_t cap = u->capuse ? 2 * u->capuse : 256;
        u->use = bm_arena_grow(c->a, u->use, u->capuse * sizeof *u->use,
                               cap * sizeof *u->use);
        u->capuse = cap;
    }
    u->slot[gid] = (uint32_t)++u->nuse;
    return &u->use[u->nuse - 1];
}

/* Code (1-based) of a missing character in the placeholder font. */
uint32_t bm_pdf_missing_code(bm_pdf_ctx *c, const char *t, size_t n)
{
    for (size_t i = 0; i < c->nmiss; i++)
        if (c->miss[i].len == n && memcmp(c->miss[i].text, t, n) == 0)
            return (uint32_t)i + 1;
    if (c->nmiss == c->capmiss) {
        size_t cap = c->capmiss ? 2 * c->capmiss : 16;
        c->miss = bm_arena_grow(c->a, c->miss, c->capmiss * sizeof *c->miss,
                                cap * sizeof *c->miss);
        c->capmiss = cap;
    }
    c->miss[c->nmiss].text = t;
    c->miss[c->nmiss].len = n;
    return (uint32_t)++c->nmiss;
}


/*
 * A glyph no face has goes to the placeholder font.  So does, in PDF/A, a
 * face's .notdef (glyph 0), which PDF/A-2 forbids in text (ISO 19005-2,
 * 6.2.11.8).
 */
int bm_pdf_placeholder(const bm_pdf_ctx *c, const bm_glyph *g)
{
    return g->face == BM_NO_FACE || (c->pdfa && g->gid == 0);
}

/* Number of glyphs in the cluster starting at glyph i (one font). */
size_t bm_pdf_cluster_len(const bm_pdf_ctx *c, const bm_line *ln, size_t i)
{
    size_t j = i + 1;
    while (j < ln->nglyphs && ln->glyphs[j].nbytes == 0 &&
           ln->glyphs[j].face == ln->glyphs[i].face &&
           bm_pdf_placeholder(c, &ln->glyphs[j]) ==
               bm_pdf_placeholder(c, &ln->glyphs[i]))
        j++;
    return j - i;
}

static int one_char(const char *t, size_t n)
{
    uint32_t cp;
    return bm_utf8_decode(t, n, &cp) == (int)n;
}

/*
 * A glyph that never stands alone for its text (one of the two glyphs of
 * "……", a ligature's parts) still needs a ToUnicode entry: PDF/A-2u wants
 * every code shown mapped (ISO 19005-2, 6.2.11.7.2).  It gets the cluster's
 * k-th character when the cluster has as many characters as glyphs, else
 * the cluster's whole text.  Poppler still reads the /ActualText span that
 * paint_line() puts round such a cluster; MuPDF, which ignores ActualText,
 * gets these characters from the ToUnicode map (it extracted nothing for
 * "……" before: tests/e2e/linecheck.sh compares mutool with pdftotext).
 */
static void cluster_fallback(bm_pdf_ctx *c, const bm_line *ln, size_t i)
{
    size_t n = bm_pdf_cluster_len(c, ln, i);
    const bm_glyph *g = &ln->glyphs[i];
    if (n < 2 || bm_pdf_placeholder(c, g))
        return;
    const char *t = ln->text + g->cluster;
    size_t len = g->nbytes, nch = 0;
    for (size_t o = 0; o < len; nch++) {
        uint32_t cp;
        int l = bm_utf8_decode(t + o, len - o, &cp);
        o += l > 0 ? (size_t)l : 1;
    }
    bm_pdf_face_use *u = &c->faces[g->face];
    size_t o = 0;
    for (size_t k = 0; k < n; k++) {
        uint32_t cp, gid = ln->glyphs[i + k].gid;
        int l = o < len ? bm_utf8_decode(t + o, len - o, &cp) : 0;
        size_t cl = l > 0 ? (size_t)l : 1;
        /* collect() checks each glyph when it reaches it; this runs ahead */
        if (gid < BM_PDF_NGID && ln->glyphs[i + k].face == g->face &&
            !bm_pdf_gid(u, gid)->ftext) {
            bm_pdf_gid_use *r = gid_get(c, face_get(c, g->face), gid);
            r->ftext = nch == n ? t + o : t;
            r->flen = nch == n ? (uint32_t)cl : (uint32_t)len;
        }
        o += cl;
    }
}

static int blank_decoded(const char *t, size_t n)
{
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        int l = bm_utf8_decode(t + i, n - i, &cp);
        if (l <= 0 || (cp != ' ' && cp != 0xA0 && cp != 0x3000))
            return 0;
        i += (size_t)l;
    }
    return 1;
}

/* 1 if t[0..n) is only blanks (space, no-break space, ideographic space).
 * The PDF writer asks this of nearly every glyph, so it decodes only text
 * whose first byte can start one: U+0020, C2 of U+00A0, E3 of U+3000. */
static inline int blank_text(const char *t, size_t n)
{
    unsigned char b0 = n ? (unsigned char)t[0] : 0;
    if (b0 != ' ' && b0 != 0xC2 && b0 != 0xE3)
        return 0;
    return blank_decoded(t, n);
}

double bm_pdf_glue_gap(const bm_line *ln, size_t k, int width)
{
    if (k + 1 >= ln->nglyphs)
        return 0;
    const bm_glyph *g = &ln->glyphs[k], *h = &ln->glyphs[k + 1];
    if (h->y != g->y || h->nbytes == 0 || ln->size <= 0)
        return 0;
    double size = bm_pdf_pt(ln->size);
    double gap = bm_pdf_pt(h->x - g->x) * 1000 / size - width;
    if (gap <= 0)
        return 0;
    size_t k0 = k;
    while (k0 > 0 && ln->glyphs[k0].nbytes == 0)
        k0--;
    const bm_glyph *t = &ln->glyphs[k0];
    if (blank_text(ln->text + t->cluster, t->nbytes) ||
        blank_text(ln->text + h->cluster, h->nbytes))
        return 0;
    return gap;
}

int bm_pdf_glyph_width(const bm_pdf_ctx *c, const bm_glyph *g)
{
    const bm_face *f = bm_fontset_face(c->doc->fonts, g->face);
    bm_fix a = bm_face_advance(f, g->gid, BM_PT(1000));
    return (int)((a + 32) / 64);
}

/*
 * A glyph before a glued gap is shown as a copy of itself made wider by
 * the gap rounded to a multiple of BM_PDF_WIDE_STEP (1/8 em: the 1/4 em
 * Han-Latin glue exactly, a justified line's stretch to within 1/16 em),
 * so what is left of the gap, or the overlap, reads as no space to any
 * extractor (src/font/wide.c), and a face gets few copies of a glyph.
 */
int bm_pdf_glue_extra(const bm_pdf_ctx *c, const bm_line *ln, size_t k)
{
    const bm_glyph *g = &ln->glyphs[k];
    if (bm_pdf_placeholder(c, g))
        return 0;
    int width = bm_pdf_glyph_width(c, g);
    double hole = bm_pdf_space_hole(c, ln, k, width);
    if (hole > 0) {
        int steps = (int)((hole - BM_PDF_HOLE_KEEP_EM * 1000) /
                              BM_PDF_WIDE_STEP + 0.5);
        return steps > 0 ? steps * BM_PDF_WIDE_STEP : 0;
    }
    double gap = bm_pdf_glue_gap(ln, k, width);
    if (gap < BM_PDF_GLUE_MIN_EM * 1000)
        return 0;
    int steps = (int)(gap / BM_PDF_WIDE_STEP + 0.5);
    return (steps ? steps : 1) * BM_PDF_WIDE_STEP;
}

/*
 * A real space as wide as an em -- the U+3000 of 「本报讯　12月2日」, of a
 * running head 「第2版　要闻」 -- is a blank glyph, which poppler drops,
 * leaving a hole of an em or more (a justified line's stretch on top) in
 * the line; its default mode takes a hole that wide for the edge of a
 * column, and prints 本报讯 and 12月2日 in different blocks of the page.
 * So the ink glyph before such a space is shown as a wide copy covering
 * all of the hole but about BM_PDF_HOLE_KEEP_EM, and the blank glyphs are
 * drawn after the copy's advance (paint.c; they have no ink): every
 * extractor then sees the ½-em gap a name's space has (cb30864: a byline's
 * U+3000 set ½ em wide reads whole in all four), a word space, not an edge.
 */
size_t bm_pdf_space_run(const bm_pdf_ctx *c, const bm_line *ln, size_t k)
{
    if (k + 1 >= ln->nglyphs)
        return 0;
    const bm_glyph *g = &ln->glyphs[k], *h = &ln->glyphs[k + 1];
    if (!h->nbytes || !blank_text(ln->text + h->cluster, h->nbytes) ||
        g->nbytes == 0 || bm_pdf_placeholder(c, g) ||
        blank_text(ln->text + g->cluster, g->nbytes))
        return 0;
    size_t m = k + 1;
    while (m < ln->nglyphs && ln->glyphs[m].nbytes &&
           ln->glyphs[m].face == g->face && ln->glyphs[m].y == g->y &&
           !bm_pdf_placeholder(c, &ln->glyphs[m]) &&
           blank_text(ln->text + ln->glyphs[m].cluster, ln->glyphs[m].nbytes))
        m++;
    if (m == k + 1 || m >= ln->nglyphs || ln->glyphs[m].y != g->y ||
        ln->glyphs[m].nbytes == 0 ||
        blank_text(ln->text + ln->glyphs[m].cluster, ln->glyphs[m].nbytes))
        return 0;
    return m;
}

double bm_pdf_space_hole(const bm_pdf_ctx *c, const bm_line *ln, size_t k,
                         int width)
{
    size_t m = bm_pdf_space_run(c, ln, k);
    if (!m || ln->size <= 0)
        return 0;
    double size = bm_pdf_pt(ln->size);
    double hole =
        bm_pdf_pt(ln->glyphs[m].x - ln->glyphs[k].x) * 1000 / size - width;
    return hole >= BM_PDF_HOLE_MAX_EM * 1000 ? hole : 0;
}

static int wide_cmp(const void *x, const void *y)
{
    const bm_pdf_wide *a = x, *b = y;
    if (a->gid != b->gid)
        return a->gid < b->gid ? -1 : 1;
    return (a->extra > b->extra) - (a->extra < b->extra);
}

const bm_pdf_wide *bm_pdf_wide_get(const bm_pdf_ctx *c, const bm_glyph *g,
                                   int extra)
{
    if (extra <= 0 || bm_pdf_placeholder(c, g) || g->face >= c->nfaces)
        return NULL;
    const bm_pdf_face_use *u = &c->faces[g->face];
    bm_pdf_wide key = {g->gid, extra, 0, 0};
    const bm_pdf_wide *w =
        u->nwide ? bsearch(&key, u->wide, u->nwide, sizeof key, wide_cmp)
                 : NULL;
    return w && w->code ? w : NULL;
}

static void wide_add(bm_pdf_ctx *c, bm_pdf_face_use *u, uint32_t gid,
                     int extra)
{
    if (u->nwide == u->capwide) {
        size_t cap = u->capwide ? 2 * u->capwide : 64;
        u->wide = bm_arena_grow(c->a, u->wide, u->capwide * sizeof *u->wide,
                                cap * sizeof *u->wide);
        u->capwide = cap;
    }
    u->wide[u->nwide++] = (bm_pdf_wide){gid, extra, 0, 0};
}

/* Each face's wide copies sorted, each once. */
static void wide_sort(bm_pdf_ctx *c)
{
    for (size_t f = 0; f < c->nfaces; f++) {
        bm_pdf_face_use *u = &c->faces[f];
        if (!u->nwide)
            continue;
        qsort(u->wide, u->nwide, sizeof *u->wide, wide_cmp);
        size_t n = 1;
        for (size_t i = 1; i < u->nwide; i++)
            if (wide_cmp(&u->wide[i], &u->wide[n - 1]) != 0)
                u->wide[n++] = u->wide[i];
        u->nwide = n;
    }
}

bm_status bm_pdf_census(bm_pdf_ctx *c, bm_error *err)
{
    const bm_layout_doc *d = c->doc;
    for (size_t p = 0; p < d->npages; p++) {
        const bm_lpage *pg = &d->pages[p];
        for (size_t l = 0; l < pg->nlines; l++) {
            const bm_line *ln = &pg->lines[l];
            for (size_t i = 0; i < ln->nglyphs; i++) {
                const bm_glyph *g = &ln->glyphs[i];
                if ((size_t)g->cluster + g->nbytes > ln->len)
                    return bm_error_set(err, BM_INTERNAL, NULL, 0, 0,
                                        "page %d line %zu: glyph text out of "
                                        "range", pg->number, l + 1);
                if (bm_pdf_placeholder(c, g)) {
                    /* a glyph with no text of its own (a cluster's later
                     * glyphs) shows the code mapped to U+FFFD, not
                     * another missing character's */
                    if (g->nbytes)
                        bm_pdf_missing_code(c, ln->text + g->cluster,
                                            g->nbytes);
                    else
                        bm_pdf_missing_code(c, "\xEF\xBF\xBD", 3);
                    continue;
                }
                if (g->face >= c->nfaces || g->gid >= BM_PDF_NGID)
                    return bm_error_set(err, BM_INTERNAL, NULL, 0, 0,
                                        "page %d line %zu: glyph %u of face "
                                        "%u does not exist",
                                        pg->number, l + 1, (unsigned)g->gid,
                                        (unsigned)g->face);
                bm_pdf_face_use *u = face_get(c, g->face);
                bm_pdf_gid_use *r = gid_get(c, u, g->gid);
                r->mark = 1;
                /* ToUnicode: the first text the glyph shows alone, and
                 * a single character (the glyph's own) over a glyph that
                 * also carries a zero-width or deleted character */
                const char *t = ln->text + g->cluster;
                if (g->nbytes && bm_pdf_cluster_len(c, ln, i) == 1 &&
                    (!r->text ||
                     (!one_char(r->text, r->tlen) &&
                      one_char(t, g->nbytes)))) {
                    r->text = t;
                    r->tlen = g->nbytes;
                }
                if (g->nbytes)
                    cluster_fallback(c, ln, i);
                int extra = bm_pdf_glue_extra(c, ln, i);
                if (extra)
                    wide_add(c, u, g->gid, extra);
            }
        }
    }
    wide_sort(c);
    return BM_OK;
}
