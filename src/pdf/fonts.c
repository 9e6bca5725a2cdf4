/*
 * fonts.c - each used face subset (src/font/subset.c) and embedded as a
 * Type0 font with its W widths and a ToUnicode CMap; the placeholder font.
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

#include <stdlib.h>
#include <string.h>


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

static const char *ps_name(bm_pdf_ctx *c, const bm_face *f, size_t i)
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

static bm_status embed(bm_pdf_ctx *c, bm_pdf_fontdata *fd, const bm_face *f,
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
    bm_font_sfnt_bbox(file, flen, fd->bbox);
    /*
     * CFF goes in as the bare CFF table (FontFile3 /CIDFontType0C): every
     * reader then finds glyphs through its charset by CID.  Poppler 22
     * takes the CID as a glyph id in an embedded OpenType (/OpenType)
     * font, which draws the wrong glyphs for a renumbered CID-keyed subset.
     */
    if (fd->cff &&
        !bm_font_sfnt_table(file, flen, "CFF ", &fd->file, &fd->file_len)) {
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
    return bm_pdf_herr(c, hs, bm_face_path(f), err, "embedding a font");
}

static int width_of(const bm_face *f, uint32_t gid)
{
    bm_fix a = bm_face_advance(f, gid, BM_PT(1000));
    return (int)((a + 32) / 64);
}

static int u32_cmp(const void *x, const void *y)
{
    uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
    return (a > b) - (a < b);
}

/*
 * The face's wide copies (census.c) added to its subset `*file` (old[i]
 * became glyph nw[i]): each gets its code and W width, and an entry like
 * its base glyph's in W and ToUnicode.  When the subset's form takes no
 * copies the file stays and the bases are shown (paint.c then keeps the
 * line's /ActualText).
 */
static bm_status add_wide(bm_pdf_ctx *c, bm_pdf_face_use *u, const bm_face *f,
                          const uint32_t *old, const uint32_t *nw, size_t n,
                          unsigned char **file, size_t *flen, bm_error *err)
{
    size_t m = u->nwide;
    uint32_t *base = bm_arena_alloc(c->a, m * sizeof *base);
    int *extra = bm_arena_alloc(c->a, m * sizeof *extra);
    uint32_t *code = bm_arena_alloc(c->a, m * sizeof *code);
    unsigned *adv = bm_arena_alloc(c->a, m * sizeof *adv);
    unsigned upem = bm_face_upem(f) ? bm_face_upem(f) : 1000;
    for (size_t i = 0; i < m; i++) {
        const uint32_t *o = bsearch(&u->wide[i].gid, old, n, sizeof *old,
                                    u32_cmp);
        if (!o)
            return bm_error_set(err, BM_INTERNAL, bm_face_path(f), 0, 0,
                                "a wide glyph is not in the subset");
        base[i] = nw[o - old];
        extra[i] = (int)(((long)u->wide[i].extra * upem + 500) / 1000);
    }
    unsigned char *out = NULL;
    size_t olen = 0;
    bm_status st = bm_font_widen(*file, *flen, base, extra, m, &out, &olen,
                                 code, adv, err);
    if (st != BM_OK || !out)
        return st;
    free(*file);
    *file = out;
    *flen = olen;
    for (size_t i = 0; i < m; i++) {
        u->wide[i].code = code[i];
        u->wide[i].width = bm_pdf_gid(u, u->wide[i].gid)->width +
                           u->wide[i].extra;
    }
    return BM_OK;
}

static bm_status subset_faces(bm_pdf_ctx *c, bm_error *err)
{
    /* every used face's subset first, several at once (src/font) */
    bm_subset_job *jobs = bm_arena_alloc(c->a, (c->nfaces + 1) * sizeof *jobs);
    size_t nj = 0;
    for (size_t fi = 0; fi < c->nfaces; fi++) {
        bm_pdf_face_use *u = &c->faces[fi];
        if (!u->used)
            continue;
        size_t n = 0;
        for (size_t k = 0; k < u->nuse; k++)
            n += u->use[k].mark != 0;
        uint32_t *old = bm_arena_alloc(c->a, n * sizeof *old);
        n = 0;
        for (uint32_t g = 0; g < BM_PDF_NGID; g++)
            if (bm_pdf_gid(u, g)->mark)
                old[n++] = g;
        bm_subset_job *j = &jobs[nj++];
        j->face = bm_fontset_face(c->doc->fonts, fi);
        j->gids = old;
        j->n = n;
        j->new_gid = bm_arena_alloc(c->a, n * sizeof *j->new_gid);
    }
    bm_status st = bm_font_subset_many(c->doc->fonts, jobs, nj, err);
    for (size_t k = 0; k < nj && st == BM_OK; k++) {
        bm_subset_job *j = &jobs[k];
        const bm_face *f = j->face;
        size_t fi = bm_face_index(f), n = j->n;
        bm_pdf_face_use *u = &c->faces[fi];
        const uint32_t *old = j->gids, *nw = j->new_gid;
        unsigned char *file = j->data;
        size_t flen = j->len;
        uint32_t *cid = bm_arena_alloc(c->a, n * sizeof *cid);
        int keyed = 0;
        st = bm_font_subset_cids(file, flen, nw, n, cid, &keyed, err);
        /* every gid in old has its record (marked in the census) */
        for (size_t i = 0; st == BM_OK && i < n; i++)
            u->use[u->slot[old[i]] - 1].width = width_of(f, old[i]);
        if (st == BM_OK && u->nwide) {
            st = add_wide(c, u, f, old, nw, n, &file, &flen, err);
            j->data = file;   /* add_wide may have replaced it */
            j->len = flen;
        }
        if (st == BM_OK) {
            size_t nw_used = 0;
            for (size_t i = 0; i < u->nwide; i++)
                nw_used += u->wide[i].code != 0;
            entry *e = bm_arena_alloc(c->a, (n + nw_used) * sizeof *e);
            for (size_t i = 0; i < n; i++) {
                bm_pdf_gid_use *r = &u->use[u->slot[old[i]] - 1];
                r->code = cid[i];
                e[i].code = cid[i];
                e[i].width = r->width;
                e[i].text = r->text;
                e[i].len = r->tlen;
                if (!e[i].text && r->ftext) {
                    e[i].text = r->ftext;
                    e[i].len = r->flen;
                } else if (!e[i].text && c->pdfa) {
                    e[i].text = "\xEF\xBF\xBD"; /* shown with no text */
                    e[i].len = 3;
                }
            }
            /* a wide copy says what its base glyph says */
            size_t ne = n;
            for (size_t i = 0; i < u->nwide; i++) {
                const bm_pdf_wide *w = &u->wide[i];
                if (!w->code)
                    continue;
                const uint32_t *o =
                    bsearch(&w->gid, old, n, sizeof *old, u32_cmp);
                e[ne] = e[o - old];
                e[ne].code = w->code;
                e[ne].width = w->width;
                ne++;
            }
            qsort(e, ne, sizeof *e, entry_cmp);
            bm_pdf_fontdata fd = {0};
            fd.cff = bm_face_is_cff(f);
            st = embed(c, &fd, f, e, ne, file, flen, u->font, fi, err);
        }
    }
    for (size_t k = 0; k < nj; k++)
        free(jobs[k].data);
    return st;
}

/* The placeholder font: every CID shows the □ glyph of a TrueType face. */
static bm_status placeholder_font(bm_pdf_ctx *c, bm_error *err)
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
    if (c->nmiss >= BM_PDF_NGID - 1)
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

bm_status bm_pdf_fonts(bm_pdf_ctx *c, bm_error *err)
{
    bm_status st = subset_faces(c, err);
    if (st == BM_OK && c->nmiss)
        st = placeholder_font(c, err);
    return st;
}
