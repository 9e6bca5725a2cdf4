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

#include <string.h>

static bm_pdf_face_use *face_get(bm_pdf_ctx *c, uint32_t i)
{
    bm_pdf_face_use *u = &c->faces[i];
    if (!u->used) {
        u->used = 1;
        u->mark = bm_arena_alloc(c->a, BM_PDF_NGID);
        u->code = bm_arena_alloc(c->a, BM_PDF_NGID * sizeof *u->code);
        u->text = bm_arena_alloc(c->a, BM_PDF_NGID * sizeof *u->text);
        u->tlen = bm_arena_alloc(c->a, BM_PDF_NGID * sizeof *u->tlen);
        u->ftext = bm_arena_alloc(c->a, BM_PDF_NGID * sizeof *u->ftext);
        u->flen = bm_arena_alloc(c->a, BM_PDF_NGID * sizeof *u->flen);
        u->width = bm_arena_alloc(c->a, BM_PDF_NGID * sizeof *u->width);
        snprintf(u->name, sizeof u->name, "F%u", (unsigned)i);
    }
    return u;
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
            !u->ftext[gid]) {
            u->ftext[gid] = nch == n ? t + o : t;
            u->flen[gid] = nch == n ? (uint32_t)cl : (uint32_t)len;
        }
        o += cl;
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
                u->mark[g->gid] = 1;
                /* ToUnicode: the first text the glyph shows alone, and
                 * a single character (the glyph's own) over a glyph that
                 * also carries a zero-width or deleted character */
                const char *t = ln->text + g->cluster;
                if (g->nbytes && bm_pdf_cluster_len(c, ln, i) == 1 &&
                    (!u->text[g->gid] ||
                     (!one_char(u->text[g->gid], u->tlen[g->gid]) &&
                      one_char(t, g->nbytes)))) {
                    u->text[g->gid] = t;
                    u->tlen[g->gid] = g->nbytes;
                }
                if (g->nbytes)
                    cluster_fallback(c, ln, i);
            }
        }
    }
    return BM_OK;
}
