/*
 * pdf.c - LayoutDoc -> print-replica PDF.
 *
 * The model: the LayoutDoc already says where every glyph goes; this file
 * only paints.  Two passes over the document:
 *
 *   1. collect, per face, the glyphs used and the text each one stands for
 *      (the ToUnicode entry: the first single-glyph cluster that shows it);
 *      characters no face has (BM_NO_FACE) get a code in the placeholder
 *      font;
 *   2. subset each face (src/font/subset.c), then paint each page: rules,
 *      frames and images, then the lines in reading order (the lines array
 *      order), one BT/ET per line, glyphs shown by code (Identity-H) in TJ
 *      arrays whose adjustments put each glyph at its LayoutDoc x.
 *
 * A glyph whose text is not what its code's ToUnicode entry says (a
 * cluster of several glyphs, one glyph standing for two different texts,
 * text bytes no glyph covers) is wrapped in a /Span with /ActualText, so
 * extraction stays exact.
 *
 * Placeholders: a TrueType face with U+25A1 □ is subset to that one glyph
 * and embedded as a CIDFontType2 whose CIDToGIDMap sends every CID to it,
 * and whose ToUnicode maps CID n to the n-th missing character: the reader
 * sees a box, search and copy get the character.
 *
 * Rejected: libharu's UTF-8 TrueType path (invalid ToUnicode, BMP only,
 * TrueType only, slow; DESIGN.md "Fonts in the PDF"); drawing placeholders
 * as paths with ActualText (poppler drops ActualText spans that show no
 * glyph).
 */
#include "pdf_private.h"

#include <hpdf_encrypt.h>
#include <math.h>
#include <png.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bm_srgb.h" /* bm_srgb_icc[]: src/pdf/srgb.icc, made by the Makefile */

#define NGID 65536u
#define PH_FONT 0xFFFFFFFEu /* font key of the placeholder font */

typedef struct face_use {
    int            used;
    uint8_t       *mark;      /* [NGID] glyph used */
    uint32_t      *code;      /* [NGID] old gid -> code shown */
    const char   **text;      /* [NGID] ToUnicode text by old gid */
    uint32_t      *tlen;
    const char   **ftext;     /* [NGID] else: from a cluster of glyphs */
    uint32_t      *flen;
    int           *width;     /* [NGID] W entry, 1/1000 em */
    HPDF_Dict      font;
    char           name[24];  /* resource name */
} face_use;

typedef struct missing {
    const char *text;
    size_t      len;
} missing;

typedef struct ctx {
    const bm_layout_doc *doc;
    int                  pdfa;     /* PDF/A-2u (bm_pdf_options) */
    bm_arena            *a;
    HPDF_Doc             pdf;
    HPDF_STATUS          herr, hdetail;
    size_t               nfaces;
    face_use            *faces;
    missing             *miss;
    size_t               nmiss, capmiss;
    const bm_face       *ph_face;
    uint32_t             ph_gid;
    int                  ph_width;
    HPDF_Dict            ph_font;
    HPDF_Page           *pages;
    uint8_t             *page_has; /* per font key, reset per page */
} ctx;

static void on_error(HPDF_STATUS no, HPDF_STATUS detail, void *user)
{
    ctx *c = user;
    if (!c->herr) {
        c->herr = no;
        c->hdetail = detail;
    }
}

static bm_status herr(ctx *c, HPDF_STATUS st, const char *path, bm_error *err,
                      const char *what)
{
    if (!st && !c->herr)
        return BM_OK;
    return bm_error_set(err, BM_INTERNAL, path, 0, 0,
                        "libharu failed while %s (error 0x%04lX, detail %lu)",
                        what, (unsigned long)(c->herr ? c->herr : st),
                        (unsigned long)c->hdetail);
}

/* ---- small writers ------------------------------------------------------- */

void bm_pdf_num(bm_buf *b, double v)
{
    long long t = llround(v * 1000.0);
    if (t < 0) {
        bm_buf_puts(b, "-");
        t = -t;
    }
    long long ip = t / 1000, fp = t % 1000;
    if (fp == 0) {
        bm_buf_printf(b, "%lld", ip);
        return;
    }
    char frac[8];
    snprintf(frac, sizeof frac, "%03lld", fp);
    for (int i = 2; i > 0 && frac[i] == '0'; i--)
        frac[i] = '\0';
    bm_buf_printf(b, "%lld.%s", ip, frac);
}

void bm_pdf_utf16_hex(bm_buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        int l = bm_utf8_decode(s + i, n - i, &cp);
        if (l == 0) {
            cp = 0xFFFD;
            l = 1;
        }
        i += (size_t)l;
        if (cp >= 0x10000) {
            cp -= 0x10000;
            bm_buf_printf(b, "%04X%04X", 0xD800u + (cp >> 10),
                          0xDC00u + (cp & 0x3FFu));
        } else {
            bm_buf_printf(b, "%04X", cp);
        }
    }
}

static double pt(bm_fix v)
{
    return v / 64.0;
}

/* ---- pass 1: what each face must hold ------------------------------------ */

static face_use *face_get(ctx *c, uint32_t i)
{
    face_use *u = &c->faces[i];
    if (!u->used) {
        u->used = 1;
        u->mark = bm_arena_alloc(c->a, NGID);
        u->code = bm_arena_alloc(c->a, NGID * sizeof *u->code);
        u->text = bm_arena_alloc(c->a, NGID * sizeof *u->text);
        u->tlen = bm_arena_alloc(c->a, NGID * sizeof *u->tlen);
        u->ftext = bm_arena_alloc(c->a, NGID * sizeof *u->ftext);
        u->flen = bm_arena_alloc(c->a, NGID * sizeof *u->flen);
        u->width = bm_arena_alloc(c->a, NGID * sizeof *u->width);
        snprintf(u->name, sizeof u->name, "F%u", (unsigned)i);
    }
    return u;
}

/* Code (1-based) of a missing character in the placeholder font. */
static uint32_t missing_code(ctx *c, const char *t, size_t n)
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
static int placeholder(const ctx *c, const bm_glyph *g)
{
    return g->face == BM_NO_FACE || (c->pdfa && g->gid == 0);
}

/* Number of glyphs in the cluster starting at glyph i (one font). */
static size_t cluster_len(const ctx *c, const bm_line *ln, size_t i)
{
    size_t j = i + 1;
    while (j < ln->nglyphs && ln->glyphs[j].nbytes == 0 &&
           ln->glyphs[j].face == ln->glyphs[i].face &&
           placeholder(c, &ln->glyphs[j]) == placeholder(c, &ln->glyphs[i]))
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
static void cluster_fallback(ctx *c, const bm_line *ln, size_t i)
{
    size_t n = cluster_len(c, ln, i);
    const bm_glyph *g = &ln->glyphs[i];
    if (n < 2 || placeholder(c, g))
        return;
    const char *t = ln->text + g->cluster;
    size_t len = g->nbytes, nch = 0;
    for (size_t o = 0; o < len; nch++) {
        uint32_t cp;
        int l = bm_utf8_decode(t + o, len - o, &cp);
        o += l > 0 ? (size_t)l : 1;
    }
    face_use *u = &c->faces[g->face];
    size_t o = 0;
    for (size_t k = 0; k < n; k++) {
        uint32_t cp, gid = ln->glyphs[i + k].gid;
        int l = o < len ? bm_utf8_decode(t + o, len - o, &cp) : 0;
        size_t cl = l > 0 ? (size_t)l : 1;
        /* collect() checks each glyph when it reaches it; this runs ahead */
        if (gid < NGID && ln->glyphs[i + k].face == g->face && !u->ftext[gid]) {
            u->ftext[gid] = nch == n ? t + o : t;
            u->flen[gid] = nch == n ? (uint32_t)cl : (uint32_t)len;
        }
        o += cl;
    }
}

static bm_status collect(ctx *c, bm_error *err)
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
                if (placeholder(c, g)) {
                    /* a glyph with no text of its own (a cluster's later
                     * glyphs) shows the code mapped to U+FFFD, not
                     * another missing character's */
                    if (g->nbytes)
                        missing_code(c, ln->text + g->cluster, g->nbytes);
                    else
                        missing_code(c, "\xEF\xBF\xBD", 3);
                    continue;
                }
                if (g->face >= c->nfaces || g->gid >= NGID)
                    return bm_error_set(err, BM_INTERNAL, NULL, 0, 0,
                                        "page %d line %zu: glyph %u of face "
                                        "%u does not exist",
                                        pg->number, l + 1, (unsigned)g->gid,
                                        (unsigned)g->face);
                face_use *u = face_get(c, g->face);
                u->mark[g->gid] = 1;
                /* ToUnicode: the first text the glyph shows alone, and
                 * a single character (the glyph's own) over a glyph that
                 * also carries a zero-width or deleted character */
                const char *t = ln->text + g->cluster;
                if (g->nbytes && cluster_len(c, ln, i) == 1 &&
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

/* ---- fonts ------------------------------------------------------------------ */

static unsigned be16(const unsigned char *p)
{
    return (unsigned)p[0] << 8 | p[1];
}

/* Finds table `tag` in an sfnt font file; 0 if absent. */
static int sfnt_table(const unsigned char *d, size_t n, const char *tag,
                      const unsigned char **t, size_t *tlen)
{
    if (n < 12)
        return 0;
    unsigned nt = be16(d + 4);
    for (unsigned i = 0; i < nt && 12 + 16 * (size_t)i + 16 <= n; i++) {
        const unsigned char *r = d + 12 + 16 * i;
        if (memcmp(r, tag, 4) != 0)
            continue;
        size_t off = (size_t)r[8] << 24 | (size_t)r[9] << 16 |
                     (size_t)r[10] << 8 | r[11];
        size_t len = (size_t)r[12] << 24 | (size_t)r[13] << 16 |
                     (size_t)r[14] << 8 | r[15];
        if (off > n || len > n - off)
            return 0;
        *t = d + off;
        *tlen = len;
        return 1;
    }
    return 0;
}

/* The 'head' table's bounding box, scaled to 1/1000 em. */
static void head_bbox(const unsigned char *d, size_t n, int bbox[4])
{
    const unsigned char *h;
    size_t len;
    bbox[0] = bbox[1] = 0;
    bbox[2] = bbox[3] = 1000;
    if (!sfnt_table(d, n, "head", &h, &len) || len < 54)
        return;
    int upem = (int)be16(h + 18);
    if (upem <= 0)
        return;
    for (int k = 0; k < 4; k++)
        bbox[k] = (int)(int16_t)be16(h + 36 + 2 * k) * 1000 / upem;
}

/* Subset tag: six capitals derived from the glyph set (deterministic). */
static void subset_tag(const char *name, const uint32_t *codes, size_t n,
                       char tag[7])
{
    uint32_t h = 2166136261u;
    for (; *name; name++) {
        h ^= (unsigned char)*name;
        h *= 16777619u;
    }
    for (size_t i = 0; i < n; i++) {
        h ^= codes[i];
        h *= 16777619u;
    }
    for (int i = 0; i < 6; i++) {
        tag[i] = (char)('A' + h % 26);
        h /= 26;
        h = h * 2654435761u + 7;
    }
    tag[6] = '\0';
}

static const char *ps_name(ctx *c, const bm_face *f, size_t i)
{
    const char *n = bm_face_name(f);
    bm_buf b;
    bm_buf_init(&b);
    for (; n && *n; n++)
        if (*n > ' ' && *n < 127 && !strchr("()<>[]{}/%#", *n))
            bm_buf_append(&b, n, 1);
    if (b.len == 0)
        bm_buf_printf(&b, "BanmianFace%zu", i);
    char *s = bm_arena_strdup(c->a, b.data);
    bm_buf_free(&b);
    return s;
}

typedef struct entry {
    uint32_t    code;
    int         width;
    const char *text;
    size_t      len;
} entry;

static int entry_cmp(const void *x, const void *y)
{
    const entry *a = x, *b = y;
    return a->code < b->code ? -1 : a->code > b->code;
}

/* W array and ToUnicode CMap for entries sorted by code. */
static void w_and_cmap(const entry *e, size_t n, bm_buf *w, bm_buf *cm)
{
    /* glyphs of the default width (DW 1000: most CJK glyphs) are left out */
    bm_buf_puts(w, "[");
    for (size_t i = 0; i < n;) {
        if (e[i].width == 1000) {
            i++;
            continue;
        }
        size_t j = i + 1;
        while (j < n && e[j].code == e[j - 1].code + 1 && e[j].width != 1000)
            j++;
        bm_buf_printf(w, "%u [", (unsigned)e[i].code);
        for (size_t k = i; k < j; k++)
            bm_buf_printf(w, k > i ? " %d" : "%d", e[k].width);
        bm_buf_puts(w, "] ");
        i = j;
    }
    bm_buf_puts(w, "]");

    bm_buf_puts(cm, "/CIDInit /ProcSet findresource begin\n"
                    "12 dict begin\nbegincmap\n"
                    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) "
                    "/Supplement 0 >> def\n"
                    "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                    "1 begincodespacerange\n<0000> <FFFF>\n"
                    "endcodespacerange\n");
    size_t nt = 0;
    for (size_t i = 0; i < n; i++)
        nt += e[i].len > 0;
    for (size_t i = 0; i < n && nt;) {
        size_t chunk = nt < 100 ? nt : 100, done = 0;
        bm_buf_printf(cm, "%zu beginbfchar\n", chunk);
        for (; i < n && done < chunk; i++) {
            if (!e[i].len)
                continue;
            bm_buf_printf(cm, "<%04X> <", (unsigned)e[i].code);
            bm_pdf_utf16_hex(cm, e[i].text, e[i].len);
            bm_buf_puts(cm, ">\n");
            done++;
        }
        bm_buf_puts(cm, "endbfchar\n");
        nt -= chunk;
    }
    bm_buf_puts(cm, "endcmap\nCMapName currentdict /CMap defineresource pop\n"
                    "end\nend\n");
}

static bm_status embed(ctx *c, bm_pdf_fontdata *fd, const bm_face *f,
                       entry *e, size_t n, const unsigned char *file,
                       size_t flen, HPDF_Dict font, size_t fi, bm_error *err)
{
    bm_buf w, cm;
    bm_buf_init(&w);
    bm_buf_init(&cm);
    w_and_cmap(e, n, &w, &cm);
    uint32_t *codes = bm_arena_alloc(c->a, (n + 1) * sizeof *codes);
    for (size_t i = 0; i < n; i++)
        codes[i] = e[i].code;
    char tag[7];
    const char *ps = ps_name(c, f, fi);
    subset_tag(fd->cidtogid ? "placeholder" : ps, codes, n, tag);
    fd->basefont = bm_arena_printf(c->a, "%s+%s", tag, ps);
    fd->file = file;
    fd->file_len = flen;
    head_bbox(file, flen, fd->bbox);
    /*
     * CFF goes in as the bare CFF table (FontFile3 /CIDFontType0C): every
     * reader then finds glyphs through its charset by CID.  Poppler 22
     * takes the CID as a glyph id in an embedded OpenType (/OpenType)
     * font, which draws the wrong glyphs for a renumbered CID-keyed subset.
     */
    if (fd->cff &&
        !sfnt_table(file, flen, "CFF ", &fd->file, &fd->file_len)) {
        bm_buf_free(&w);
        bm_buf_free(&cm);
        return bm_error_set(err, BM_FONT, bm_face_path(f), 0, 0,
                            "the subset has no CFF table");
    }
    int asc, desc;
    bm_face_vmetrics(f, &asc, &desc);
    unsigned upem = bm_face_upem(f) ? bm_face_upem(f) : 1000;
    fd->ascent = (int)((long)asc * 1000 / (long)upem);
    fd->descent = (int)((long)desc * 1000 / (long)upem);
    fd->w = w.data;
    fd->tounicode = cm.data;
    HPDF_STATUS hs = bm_pdfx_type0(c->pdf, font, fd);
    bm_buf_free(&w);
    bm_buf_free(&cm);
    return herr(c, hs, bm_face_path(f), err, "embedding a font");
}

static int width_of(const bm_face *f, uint32_t gid)
{
    bm_fix a = bm_face_advance(f, gid, BM_PT(1000));
    return (int)((a + 32) / 64);
}

static bm_status subset_faces(ctx *c, bm_error *err)
{
    bm_status st = BM_OK;
    for (size_t fi = 0; fi < c->nfaces && st == BM_OK; fi++) {
        face_use *u = &c->faces[fi];
        if (!u->used)
            continue;
        const bm_face *f = bm_fontset_face(c->doc->fonts, fi);
        size_t n = 0;
        for (uint32_t g = 0; g < NGID; g++)
            n += u->mark[g];
        uint32_t *old = bm_arena_alloc(c->a, n * sizeof *old);
        uint32_t *nw = bm_arena_alloc(c->a, n * sizeof *nw);
        uint32_t *cid = bm_arena_alloc(c->a, n * sizeof *cid);
        n = 0;
        for (uint32_t g = 0; g < NGID; g++)
            if (u->mark[g])
                old[n++] = g;
        unsigned char *file = NULL;
        size_t flen = 0;
        int keyed = 0;
        st = bm_font_subset(f, old, n, &file, &flen, nw, err);
        if (st == BM_OK)
            st = bm_font_subset_cids(file, flen, nw, n, cid, &keyed, err);
        if (st == BM_OK) {
            entry *e = bm_arena_alloc(c->a, n * sizeof *e);
            for (size_t i = 0; i < n; i++) {
                u->code[old[i]] = cid[i];
                u->width[old[i]] = width_of(f, old[i]);
                e[i].code = cid[i];
                e[i].width = u->width[old[i]];
                e[i].text = u->text[old[i]];
                e[i].len = u->tlen[old[i]];
                if (!e[i].text && u->ftext[old[i]]) {
                    e[i].text = u->ftext[old[i]];
                    e[i].len = u->flen[old[i]];
                } else if (!e[i].text && c->pdfa) {
                    e[i].text = "\xEF\xBF\xBD"; /* shown with no text */
                    e[i].len = 3;
                }
            }
            qsort(e, n, sizeof *e, entry_cmp);
            bm_pdf_fontdata fd = {0};
            fd.cff = bm_face_is_cff(f);
            st = embed(c, &fd, f, e, n, file, flen, u->font, fi, err);
        }
        free(file);
    }
    return st;
}

/* The placeholder font: every CID shows the □ glyph of a TrueType face. */
static bm_status placeholder_font(ctx *c, bm_error *err)
{
    const bm_fontset *fs = c->doc->fonts;
    for (size_t i = 0; i < c->nfaces && !c->ph_face; i++) {
        const bm_face *f = bm_fontset_face(fs, i);
        uint32_t g = f && !bm_face_is_cff(f) ? bm_face_glyph(f, 0x25A1) : 0;
        if (g) {
            c->ph_face = f;
            c->ph_gid = g;
        }
    }
    if (!c->ph_face)
        return bm_error_set(err, BM_FONT, NULL, 0, 0,
                            "%zu characters have no glyph in any font, and "
                            "no TrueType font has U+25A1 to stand in for them",
                            c->nmiss);
    if (c->nmiss >= NGID - 1)
        return bm_error_set(err, BM_FONT, NULL, 0, 0,
                            "too many characters without a glyph (%zu)",
                            c->nmiss);
    unsigned char *file = NULL;
    size_t flen = 0;
    uint32_t nw = 0;
    bm_status st = bm_font_subset(c->ph_face, &c->ph_gid, 1, &file, &flen,
                                  &nw, err);
    if (st != BM_OK)
        return st;
    c->ph_width = width_of(c->ph_face, c->ph_gid);
    size_t n = c->nmiss;
    entry *e = bm_arena_alloc(c->a, n * sizeof *e);
    unsigned char *map = bm_arena_alloc(c->a, 2 * (n + 1));
    for (size_t i = 0; i < n; i++) {
        e[i].code = (uint32_t)i + 1;
        e[i].width = c->ph_width;
        e[i].text = c->miss[i].text;
        e[i].len = c->miss[i].len;
        map[2 * (i + 1)] = (unsigned char)(nw >> 8);
        map[2 * (i + 1) + 1] = (unsigned char)nw;
    }
    bm_pdf_fontdata fd = {0};
    fd.cidtogid = map;
    fd.cidtogid_len = 2 * (n + 1);
    st = embed(c, &fd, c->ph_face, e, n, file, flen, c->ph_font,
               bm_face_index(c->ph_face), err);
    free(file);
    return st;
}

/* ---- pass 2: painting ------------------------------------------------------ */

static bm_status use_font(ctx *c, HPDF_Page page, uint32_t key, bm_error *err)
{
    size_t slot = key == PH_FONT ? c->nfaces : key;
    if (c->page_has[slot])
        return BM_OK;
    c->page_has[slot] = 1;
    HPDF_STATUS hs =
        key == PH_FONT
            ? bm_pdfx_page_font(c->pdf, page, "FP", c->ph_font)
            : bm_pdfx_page_font(c->pdf, page, c->faces[key].name,
                                c->faces[key].font);
    return herr(c, hs, NULL, err, "adding a font to a page");
}

/* The text a cluster stands for, with any bytes no glyph covers. */
static void cluster_text(const bm_line *ln, size_t i, size_t n, size_t *ts,
                         size_t *te)
{
    const bm_glyph *g = ln->glyphs;
    size_t s = g[i].cluster, e = s + g[i].nbytes;
    size_t first = 0;
    while (first < ln->nglyphs && g[first].nbytes == 0)
        first++;
    if (i <= first && s > 0 && g[i].nbytes)
        s = 0;
    size_t j = i + n;
    while (j < ln->nglyphs && g[j].nbytes == 0)
        j++;
    size_t next = j < ln->nglyphs ? g[j].cluster : ln->len;
    if (g[i].nbytes && next > e)
        e = next;
    *ts = s;
    *te = e;
}

static bm_status paint_line(ctx *c, HPDF_Page page, const bm_lpage *pg,
                            const bm_line *ln, bm_buf *b, bm_error *err)
{
    bm_status st = BM_OK;
    double size = pt(ln->size);
    if (ln->nglyphs == 0 || size <= 0)
        return BM_OK;
    uint32_t cur = 0xFFFFFFFFu;
    int tj = 0;
    double pen = 0;   /* where the reader's pen is after the last glyph */
    bm_fix cur_y = 0;

    bm_buf_puts(b, "BT\n");
    for (size_t i = 0; i < ln->nglyphs && st == BM_OK;) {
        size_t n = cluster_len(c, ln, i), ts, te;
        const bm_glyph *g = &ln->glyphs[i];
        cluster_text(ln, i, n, &ts, &te);
        uint32_t key = placeholder(c, g) ? PH_FONT : g->face;
        int plain = 0;
        if (n == 1) {
            const char *t;
            size_t tl;
            if (key == PH_FONT) {
                uint32_t code = g->nbytes
                    ? missing_code(c, ln->text + g->cluster, g->nbytes) : 0;
                t = code ? c->miss[code - 1].text : NULL;
                tl = code ? c->miss[code - 1].len : 0;
            } else {
                t = c->faces[key].text[g->gid];
                tl = c->faces[key].tlen[g->gid];
            }
            plain = t && tl == te - ts && memcmp(t, ln->text + ts, tl) == 0;
        }
        if (tj && (!plain || key != cur || g->y != cur_y)) {
            bm_buf_puts(b, "] TJ\n");
            tj = 0;
        }
        if (key != cur) {
            st = use_font(c, page, key, err);
            bm_buf_printf(b, "/%s ", key == PH_FONT ? "FP" : c->faces[key].name);
            bm_pdf_num(b, size);
            bm_buf_puts(b, " Tf\n");
            cur = key;
        }
        if (!plain) {
            bm_buf_puts(b, "/Span <</ActualText <FEFF");
            bm_pdf_utf16_hex(b, ln->text + ts, te - ts);
            bm_buf_puts(b, ">>> BDC\n");
        }
        for (size_t k = i; k < i + n; k++) {
            const bm_glyph *gk = &ln->glyphs[k];
            double x = pt(ln->rect.x + gk->x);
            if (!tj || gk->y != cur_y) {
                if (tj)
                    bm_buf_puts(b, "] TJ\n");
                double y = pt(pg->height - ln->baseline - gk->y);
                bm_buf_puts(b, "1 0 0 1 ");
                bm_pdf_num(b, x);
                bm_buf_puts(b, " ");
                bm_pdf_num(b, y);
                bm_buf_puts(b, " Tm [");
                tj = 1;
                cur_y = gk->y;
            } else {
                double adj = -(x - pen) * 1000.0 / size;
                if (fabs(adj) >= 0.0005) {
                    bm_buf_puts(b, " ");
                    bm_pdf_num(b, adj);
                    bm_buf_puts(b, " ");
                }
            }
            uint32_t code;
            int w;
            if (key == PH_FONT) {
                code = gk->nbytes
                    ? missing_code(c, ln->text + gk->cluster, gk->nbytes)
                    : missing_code(c, "\xEF\xBF\xBD", 3);
                w = c->ph_width;
            } else {
                code = c->faces[key].code[gk->gid];
                w = c->faces[key].width[gk->gid];
            }
            bm_buf_printf(b, "<%04X>", (unsigned)code);
            pen = x + w * size / 1000.0;
        }
        if (!plain) {
            bm_buf_puts(b, "] TJ\nEMC\n");
            tj = 0;
        }
        i += n;
    }
    if (tj)
        bm_buf_puts(b, "] TJ\n");
    bm_buf_puts(b, "ET\n");
    return st;
}

/*
 * A PNG image.  In PDF/A, an image with an alpha channel or a transparent
 * colour is composited onto white (libpng's simplified API, in sRGB) and
 * placed opaque: archives and print want no soft masks, and paper is white.
 * Otherwise libharu reads the file (with a soft mask for alpha).  Ingest
 * has already decoded every PNG once, so libpng's errors cannot end the
 * process here.
 */
static bm_status load_png(ctx *c, const char *path, const char *name,
                          HPDF_Image *img, bm_error *err)
{
    *img = NULL;
    png_image im;
    memset(&im, 0, sizeof im);
    im.version = PNG_IMAGE_VERSION;
    if (!c->pdfa || !png_image_begin_read_from_file(&im, path) ||
        !(im.format & PNG_FORMAT_FLAG_ALPHA)) {
        png_image_free(&im);
        *img = HPDF_LoadPngImageFromFile(c->pdf, path);
        return BM_OK;
    }
    int rgb = (im.format & PNG_FORMAT_FLAG_COLOR) != 0;
    im.format = rgb ? PNG_FORMAT_RGB : PNG_FORMAT_GRAY;
    png_color white = {255, 255, 255};
    size_t size = PNG_IMAGE_SIZE(im);
    unsigned char *px = bm_xmalloc(size ? size : 1);
    bm_status st = BM_OK;
    if (!png_image_finish_read(&im, &white, px, 0, NULL))
        st = bm_error_set(err, BM_INPUT, name, 0, 0,
                          "cannot decode this PNG image: %s", im.message);
    else
        *img = HPDF_LoadRawImageFromMem(c->pdf, px, im.width, im.height,
                                        rgb ? HPDF_CS_DEVICE_RGB
                                            : HPDF_CS_DEVICE_GRAY,
                                        8);
    png_image_free(&im);
    free(px);
    return st;
}

static bm_status paint_boxes(ctx *c, HPDF_Page page, const bm_lpage *pg,
                             bm_buf *b, bm_error *err)
{
    double H = pt(pg->height);
    for (size_t i = 0; i < pg->nboxes; i++) {
        const bm_box *bx = &pg->boxes[i];
        double x = pt(bx->rect.x), w = pt(bx->rect.w), h = pt(bx->rect.h);
        double y = H - pt(bx->rect.y) - h;
        if (bx->kind == BM_BOX_RULE) {
            bm_buf_puts(b, "0 g ");
            bm_pdf_num(b, x);
            bm_buf_puts(b, " ");
            bm_pdf_num(b, y);
            bm_buf_puts(b, " ");
            bm_pdf_num(b, w);
            bm_buf_puts(b, " ");
            bm_pdf_num(b, h);
            bm_buf_puts(b, " re f\n");
        } else if (bx->kind == BM_BOX_FRAME) {
            double s = pt(bx->stroke > 0 ? bx->stroke : BM_PT(0.5));
            bm_buf_puts(b, "0 G ");
            bm_pdf_num(b, s);
            bm_buf_puts(b, " w ");
            bm_pdf_num(b, x + s / 2);
            bm_buf_puts(b, " ");
            bm_pdf_num(b, y + s / 2);
            bm_buf_puts(b, " ");
            bm_pdf_num(b, w - s);
            bm_buf_puts(b, " ");
            bm_pdf_num(b, h - s);
            bm_buf_puts(b, " re S\n");
        } else if (bx->kind == BM_BOX_IMAGE && bx->image) {
            /* flush our operators first: DrawImage appends to the stream */
            HPDF_STATUS hs = bm_pdfx_content(page, b->data ? b->data : "",
                                             b->len);
            b->len = 0;
            /* the path as given, else relative to the edition */
            const char *path = bx->image;
            FILE *fp = fopen(path, "rb");
            if (!fp && path[0] != '/' && c->doc->ed && c->doc->ed->dir) {
                path = bm_path_join(c->a, c->doc->ed->dir, path);
                fp = fopen(path, "rb");
            }
            unsigned char magic[4] = {0};
            size_t got = fp ? fread(magic, 1, 4, fp) : 0;
            if (fp)
                fclose(fp);
            HPDF_Image img = NULL;
            if (got == 4 && memcmp(magic, "\x89PNG", 4) == 0) {
                bm_status ps = load_png(c, path, bx->image, &img, err);
                if (ps != BM_OK)
                    return ps;
            } else if (got >= 3 && memcmp(magic, "\xFF\xD8\xFF", 3) == 0) {
                img = HPDF_LoadJpegImageFromFile(c->pdf, path);
            } else {
                return bm_error_set(err, BM_INPUT, bx->image, 0, 0,
                                    "%s", fp ? "not a PNG or JPEG image"
                                             : "cannot open the image");
            }
            if (!img)
                return bm_error_set(err, BM_INPUT, bx->image, 0, 0,
                                    "libharu cannot read this image "
                                    "(error 0x%04lX)",
                                    (unsigned long)c->herr);
            /* PDF/A with an RGB output intent admits DeviceRGB and
             * DeviceGray only (ISO 19005-2, 6.2.4.3) */
            if (c->pdfa && !strcmp(HPDF_Image_GetColorSpace(img),
                                   "DeviceCMYK"))
                return bm_error_set(err, BM_INPUT, bx->image, 0, 0,
                                    "a CMYK JPEG cannot go in a PDF/A file "
                                    "(its output intent is sRGB): convert "
                                    "the image to RGB");
            /* the whole image in proportion at image_rect, clipped to the
             * slot (rect): the layout's centred crop */
            const bm_rect *ir = bx->image_rect.w > 0 ? &bx->image_rect
                                                     : &bx->rect;
            double iw = pt(ir->w), ih = pt(ir->h);
            double ix = pt(ir->x), iy = H - pt(ir->y) - ih;
            hs |= HPDF_Page_GSave(page);
            hs |= HPDF_Page_Rectangle(page, (HPDF_REAL)x, (HPDF_REAL)y,
                                      (HPDF_REAL)w, (HPDF_REAL)h);
            hs |= HPDF_Page_Clip(page);
            hs |= HPDF_Page_EndPath(page);
            hs |= HPDF_Page_DrawImage(page, img, (HPDF_REAL)ix, (HPDF_REAL)iy,
                                      (HPDF_REAL)iw, (HPDF_REAL)ih);
            hs |= HPDF_Page_GRestore(page);
            bm_status st = herr(c, hs, bx->image, err, "placing an image");
            if (st != BM_OK)
                return st;
        }
    }
    return BM_OK;
}

static bm_status paint_page(ctx *c, size_t p, bm_error *err)
{
    const bm_lpage *pg = &c->doc->pages[p];
    HPDF_Page page = c->pages[p];
    bm_buf b;
    bm_buf_init(&b);
    memset(c->page_has, 0, c->nfaces + 1);
    bm_status st = paint_boxes(c, page, pg, &b, err);
    for (size_t l = 0; l < pg->nlines && st == BM_OK; l++)
        st = paint_line(c, page, pg, &pg->lines[l], &b, err);
    if (st == BM_OK && b.len)
        st = herr(c, bm_pdfx_content(page, b.data, b.len), NULL, err,
                  "writing a page");
    bm_buf_free(&b);

    /* links on jump lines */
    double H = pt(pg->height);
    for (size_t l = 0; l < pg->nlines && st == BM_OK; l++) {
        const bm_line *ln = &pg->lines[l];
        if (ln->link_page <= 0)
            continue;
        size_t t;
        for (t = 0; t < c->doc->npages; t++)
            if (c->doc->pages[t].number == ln->link_page)
                break;
        if (t == c->doc->npages)
            return bm_error_set(err, BM_INTERNAL, NULL, 0, 0,
                                "page %d: jump line points at page %d, "
                                "which does not exist",
                                pg->number, ln->link_page);
        HPDF_Rect r;
        r.left = (HPDF_REAL)pt(ln->rect.x);
        r.right = (HPDF_REAL)pt(ln->rect.x + ln->rect.w);
        r.top = (HPDF_REAL)(H - pt(ln->rect.y));
        r.bottom = (HPDF_REAL)(H - pt(ln->rect.y + ln->rect.h));
        HPDF_STATUS hs = bm_pdfx_link(c->pdf, page, r, c->pages[t],
                                      pt(c->doc->pages[t].height));
        st = herr(c, hs, NULL, err, "adding a jump link");
    }
    return st;
}

static bm_status outline(ctx *c, bm_error *err)
{
    HPDF_STATUS hs = HPDF_OK;
    for (size_t p = 0; p < c->doc->npages; p++) {
        const bm_lpage *pg = &c->doc->pages[p];
        double H = pt(pg->height);
        HPDF_Outline po = HPDF_CreateOutline(c->pdf, NULL, "-", NULL);
        if (!po)
            break;
        char *t = pg->section
            ? bm_arena_printf(c->a, "第%d版 %s", pg->number, pg->section)
            : bm_arena_printf(c->a, "第%d版", pg->number);
        hs |= bm_pdfx_set_text(c->pdf, po, "Title", t);
        hs |= bm_pdfx_dest(c->pdf, po, c->pages[p], H);
        hs |= HPDF_Outline_SetOpened(po, HPDF_TRUE);
        for (size_t k = 0; k < pg->noutline; k++) {
            const bm_outline *o = &pg->outline[k];
            HPDF_Outline ao = HPDF_CreateOutline(c->pdf, po, "-", NULL);
            if (!ao)
                break;
            hs |= bm_pdfx_set_text(c->pdf, ao, "Title",
                                   o->title ? o->title : o->article_id);
            hs |= bm_pdfx_dest(c->pdf, ao, c->pages[p], H - pt(o->y));
        }
    }
    return herr(c, hs, NULL, err, "writing the outline");
}

/* ---- metadata ---------------------------------------------------------------- */

static void xml_text(bm_buf *b, const char *s)
{
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        switch (ch) {
        case '&': bm_buf_puts(b, "&amp;"); break;
        case '<': bm_buf_puts(b, "&lt;"); break;
        case '>': bm_buf_puts(b, "&gt;"); break;
        case '"': bm_buf_puts(b, "&quot;"); break;
        case '\'': bm_buf_puts(b, "&apos;"); break;
        default:
            if (ch >= 0x20 || ch == '\t' || ch == '\n')
                bm_buf_append(b, s, 1);
        }
    }
}

static const char *doc_title(ctx *c)
{
    const bm_edition *ed = c->doc->ed;
    const char *t = ed && ed->title ? ed->title : "banmian";
    if (ed && ed->date)
        return bm_arena_printf(c->a, "%s %s", t, ed->date);
    return t;
}

static void xmp(ctx *c, const char *title, const char *when, bm_buf *b)
{
    const bm_edition *ed = c->doc->ed;
    const char *lang = ed && ed->lang ? ed->lang : "zh-CN";
    bm_buf_puts(b, "<?xpacket begin=\"\xEF\xBB\xBF\" "
                   "id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                   "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
                   "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/"
                   "22-rdf-syntax-ns#\">\n"
                   "<rdf:Description rdf:about=\"\"\n"
                   " xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
                   " xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
                   " xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"");
    if (c->pdfa)
        bm_buf_puts(b, "\n xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"");
    bm_buf_puts(b, ">\n<dc:format>application/pdf</dc:format>\n"
                   "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">");
    xml_text(b, title);
    bm_buf_puts(b, "</rdf:li></rdf:Alt></dc:title>\n");
    if (ed && ed->publisher) {
        /* dc:creator is the Info dictionary's /Author (PDF/A keeps the
         * two equal) */
        bm_buf_puts(b, "<dc:creator><rdf:Seq><rdf:li>");
        xml_text(b, ed->publisher);
        bm_buf_puts(b, "</rdf:li></rdf:Seq></dc:creator>\n"
                       "<dc:publisher><rdf:Bag><rdf:li>");
        xml_text(b, ed->publisher);
        bm_buf_puts(b, "</rdf:li></rdf:Bag></dc:publisher>\n");
    }
    if (ed && ed->date) {
        bm_buf_puts(b, "<dc:date><rdf:Seq><rdf:li>");
        xml_text(b, ed->date);
        bm_buf_puts(b, "</rdf:li></rdf:Seq></dc:date>\n");
    }
    bm_buf_puts(b, "<dc:language><rdf:Bag><rdf:li>");
    xml_text(b, lang);
    bm_buf_puts(b, "</rdf:li></rdf:Bag></dc:language>\n");
    bm_buf_printf(b, "<xmp:CreateDate>%s</xmp:CreateDate>\n"
                     "<xmp:ModifyDate>%s</xmp:ModifyDate>\n"
                     "<xmp:MetadataDate>%s</xmp:MetadataDate>\n"
                     "<xmp:CreatorTool>banmian</xmp:CreatorTool>\n"
                     "<pdf:Producer>banmian (libharu)</pdf:Producer>\n",
                  when, when, when);
    if (c->pdfa)
        bm_buf_puts(b, "<pdfaid:part>2</pdfaid:part>\n"
                       "<pdfaid:conformance>U</pdfaid:conformance>\n");
    bm_buf_puts(b, "</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n"
                   "<?xpacket end=\"w\"?>");
}

static bm_status metadata(ctx *c, bm_error *err)
{
    const bm_edition *ed = c->doc->ed;
    const char *title = doc_title(c);
    time_t t = (time_t)bm_source_date((long long)time(NULL));
    struct tm tm;
    gmtime_r(&t, &tm);
    HPDF_Date d = {0};
    d.year = tm.tm_year + 1900;
    d.month = tm.tm_mon + 1;
    d.day = tm.tm_mday;
    d.hour = tm.tm_hour;
    d.minutes = tm.tm_min;
    d.seconds = tm.tm_sec;
    /* UTC written as +00'00' and +00:00: libharu writes 'Z' as Z00'00',
     * which PDFBox's PDF/A check does not read as the XMP dates' Z */
    d.ind = '+';
    HPDF_STATUS hs = HPDF_SetInfoAttr(c->pdf, HPDF_INFO_CREATOR, "banmian");
    hs |= HPDF_SetInfoAttr(c->pdf, HPDF_INFO_PRODUCER, "banmian (libharu)");
    hs |= HPDF_SetInfoDateAttr(c->pdf, HPDF_INFO_CREATION_DATE, d);
    hs |= HPDF_SetInfoDateAttr(c->pdf, HPDF_INFO_MOD_DATE, d);
    hs |= bm_pdfx_info_text(c->pdf, "Title", title);
    if (ed && ed->publisher)
        hs |= bm_pdfx_info_text(c->pdf, "Author", ed->publisher);

    char when[80];
    snprintf(when, sizeof when, "%04d-%02d-%02dT%02d:%02d:%02d+00:00",
             tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
             tm.tm_min, tm.tm_sec);
    bm_buf x;
    bm_buf_init(&x);
    xmp(c, title, when, &x);

    /* /ID: derived from what the file shows, so equal inputs give equal
     * bytes and different editions different ids. */
    HPDF_MD5_CTX md;
    unsigned char id[16];
    HPDF_MD5Init(&md);
    HPDF_MD5Update(&md, (const HPDF_BYTE *)x.data, (HPDF_UINT32)x.len);
    for (size_t p = 0; p < c->doc->npages; p++)
        for (size_t l = 0; l < c->doc->pages[p].nlines; l++) {
            const bm_line *ln = &c->doc->pages[p].lines[l];
            HPDF_MD5Update(&md, (const HPDF_BYTE *)ln->text,
                           (HPDF_UINT32)ln->len);
        }
    HPDF_MD5Final(id, &md);
    hs |= bm_pdfx_catalog(c->pdf, ed && ed->lang ? ed->lang : "zh-CN",
                          x.data, x.len, id);
    bm_buf_free(&x);
    if (c->pdfa)
        hs |= bm_pdfx_output_intent(c->pdf, bm_srgb_icc, sizeof bm_srgb_icc,
                                    "sRGB IEC61966-2.1");
    if (c->doc->npages)
        hs |= HPDF_AddPageLabel(c->pdf, 0, HPDF_PAGE_NUM_STYLE_DECIMAL,
                                (HPDF_UINT)(c->doc->pages[0].number > 0
                                                ? c->doc->pages[0].number
                                                : 1),
                                NULL);
    return herr(c, hs, NULL, err, "writing the document information");
}

/* ---- saving ------------------------------------------------------------------ */

static bm_status save(ctx *c, const char *path, bm_error *err)
{
    bm_status st = herr(c, HPDF_SaveToStream(c->pdf), path, err,
                        "serialising the document");
    if (st != BM_OK)
        return st;
    bm_atomic w;
    st = bm_atomic_open(&w, path, err);
    if (st != BM_OK)
        return st;
    HPDF_ResetStream(c->pdf);
    unsigned char buf[65536];
    for (;;) {
        HPDF_UINT32 n = sizeof buf;
        HPDF_STATUS hs = HPDF_ReadFromStream(c->pdf, buf, &n);
        if (n)
            st = bm_atomic_write(&w, buf, n, err);
        if (st != BM_OK)
            break;
        if (hs == HPDF_STREAM_EOF)
            break;
        if (hs != HPDF_OK) {
            st = herr(c, hs, path, err, "reading the serialised document");
            break;
        }
    }
    if (st != BM_OK) {
        bm_atomic_abort(&w);
        return st;
    }
    return bm_atomic_commit(&w, err);
}

bm_status bm_pdf_write(const bm_layout_doc *doc, const bm_pdf_options *opt,
                       const char *path, bm_error *err)
{
    ctx c;
    memset(&c, 0, sizeof c);
    c.doc = doc;
    c.pdfa = opt && opt->pdfa;
    c.a = bm_arena_new();
    bm_status st = BM_OK;
    if (!doc->fonts && doc->npages) {
        st = bm_error_set(err, BM_INTERNAL, path, 0, 0,
                          "layout document without fonts");
        goto done;
    }
    c.nfaces = doc->fonts ? bm_fontset_nfaces(doc->fonts) : 0;
    c.faces = bm_arena_alloc(c.a, (c.nfaces + 1) * sizeof *c.faces);
    c.page_has = bm_arena_alloc(c.a, c.nfaces + 1);
    c.pdf = bm_fault_alloc() ? NULL : HPDF_New(on_error, &c);
    if (!c.pdf) {
        st = bm_error_set(err, BM_NOMEM, path, 0, 0, "libharu: no memory");
        goto done;
    }
    HPDF_SetCompressionMode(c.pdf, HPDF_COMP_ALL);
    st = collect(&c, err);
    if (st != BM_OK)
        goto done;

    c.pages = bm_arena_alloc(c.a, (doc->npages + 1) * sizeof *c.pages);
    for (size_t p = 0; p < doc->npages; p++) {
        c.pages[p] = HPDF_AddPage(c.pdf);
        if (c.pages[p]) {
            HPDF_Page_SetWidth(c.pages[p], (HPDF_REAL)pt(doc->pages[p].width));
            HPDF_Page_SetHeight(c.pages[p],
                                (HPDF_REAL)pt(doc->pages[p].height));
        }
    }
    for (size_t i = 0; i < c.nfaces; i++)
        if (c.faces[i].used)
            c.faces[i].font = bm_pdfx_dict(c.pdf);
    if (c.nmiss)
        c.ph_font = bm_pdfx_dict(c.pdf);
    st = herr(&c, HPDF_OK, path, err, "creating pages");
    if (st == BM_OK)
        st = subset_faces(&c, err);
    if (st == BM_OK && c.nmiss)
        st = placeholder_font(&c, err);
    for (size_t p = 0; p < doc->npages && st == BM_OK; p++)
        st = paint_page(&c, p, err);
    if (st == BM_OK)
        st = outline(&c, err);
    if (st == BM_OK)
        st = metadata(&c, err);
    if (st == BM_OK)
        st = save(&c, path, err);
done:
    if (c.pdf)
        HPDF_Free(c.pdf);
    bm_arena_free(c.a);
    return st;
}
