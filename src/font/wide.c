/*
 * wide.c - wide copies of glyphs in a subset font file, for the PDF's
 * text layer.
 *
 * The Han-Latin glue of 「5月16日」 and a justified line's stretch are
 * blanks between glyphs that the text does not have.  Text extractors find
 * word spaces by geometry: a glyph drawn further than about a tenth of an
 * em after the previous glyph's advance reads as a space (poppler 0.1 em,
 * pdf.js 0.102 em, MuPDF 0.15 em).  pdf.js takes the advance from the PDF's
 * W array, MuPDF from the font program (FreeType), and neither reads
 * /ActualText.  So a glyph before such a gap is shown as a copy of itself
 * whose advance, in W and in the font program alike (PDF/A wants the two to
 * agree), covers the gap: same outline, same origin, so the page looks the
 * same, and the pen after it lands where the next glyph is drawn.
 *
 * TrueType (glyf): the copy is the glyph's bytes again at a new glyph id;
 * loca (written long), hmtx (every glyph a long metric), hhea, maxp and
 * head follow; post goes to version 3 (no glyph names to extend); hdmx,
 * LTSH and VDMX, which count glyphs, are dropped.
 *
 * CID-keyed CFF (Noto CJK): the copy is the glyph's charstring with its
 * width operand replaced, under a CID no glyph of the subset has; charset,
 * FDSelect and CharStrings are written anew and the FDArray and Private
 * DICTs moved behind them, which works because harfbuzz writes every offset
 * of the Top DICT and the Private entries as 5-byte integers (patched in
 * place) and, desubroutinized, no local subroutines.  hmtx, hhea and maxp
 * of the container follow as for TrueType (the PDF embeds the bare CFF).
 *
 * Any other form (CFF with an Encoding, local Subrs, a width that is not
 * an integer, a font near 65,535 glyphs) is left as it is: *out stays NULL
 * and the caller shows the base glyphs (poppler still reads /ActualText).
 */
#include "font_private.h"

#include <stdlib.h>
#include <string.h>

typedef struct bytes {
    unsigned char *p;
    size_t         n, cap;
} bytes;

static void put(bytes *b, const void *d, size_t n)
{
    if (b->n + n > b->cap) {
        size_t cap = b->cap ? 2 * b->cap : 4096;
        while (cap < b->n + n)
            cap *= 2;
        b->p = bm_xrealloc(b->p, cap);
        b->cap = cap;
    }
    if (n)
        memcpy(b->p + b->n, d, n);
    b->n += n;
}

static void put8(bytes *b, unsigned v)
{
    unsigned char c = (unsigned char)v;
    put(b, &c, 1);
}

static void put16(bytes *b, unsigned v)
{
    unsigned char c[2] = {(unsigned char)(v >> 8), (unsigned char)v};
    put(b, c, 2);
}

static void put32(bytes *b, uint32_t v)
{
    unsigned char c[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16),
                          (unsigned char)(v >> 8), (unsigned char)v};
    put(b, c, 4);
}

/* ---- the sfnt container ------------------------------------------------ */

#define MAX_TABLES 64

typedef struct table {
    char                 tag[5];
    const unsigned char *d;
    size_t               n;
    unsigned char       *own; /* a rewritten table (freed by the caller) */
} table;

static int read_tables(const unsigned char *d, size_t n, table *t,
                       size_t *nt)
{
    if (n < 12)
        return 0;
    size_t k = bm_font_rd16(d + 4);
    if (k > MAX_TABLES || 12 + 16 * k > n)
        return 0;
    for (size_t i = 0; i < k; i++) {
        const unsigned char *r = d + 12 + 16 * i;
        size_t off = bm_font_rd32(r + 8), len = bm_font_rd32(r + 12);
        if (off > n || len > n - off)
            return 0;
        memcpy(t[i].tag, r, 4);
        t[i].tag[4] = '\0';
        t[i].d = d + off;
        t[i].n = len;
        t[i].own = NULL;
    }
    *nt = k;
    return 1;
}

static table *find(table *t, size_t nt, const char *tag)
{
    for (size_t i = 0; i < nt; i++)
        if (memcmp(t[i].tag, tag, 4) == 0)
            return &t[i];
    return NULL;
}

/* A rewritten table: `tb` owns the bytes of b. */
static void replace(table *tb, bytes *b)
{
    free(tb->own);
    tb->own = b->p;
    tb->d = b->p;
    tb->n = b->n;
    b->p = NULL;
    b->n = b->cap = 0;
}

static uint32_t checksum(const unsigned char *d, size_t n)
{
    uint32_t s = 0;
    for (size_t i = 0; i < n; i += 4) {
        unsigned char w[4] = {0, 0, 0, 0};
        memcpy(w, d + i, n - i < 4 ? n - i : 4);
        s += bm_font_rd32(w);
    }
    return s;
}

static int tag_cmp(const void *x, const void *y)
{
    return memcmp(((const table *)x)->tag, ((const table *)y)->tag, 4);
}

/* The container again: tables sorted by tag, 4-byte aligned, checksums
 * and head.checkSumAdjustment computed (OpenType spec, "Font file"). */
static void write_sfnt(uint32_t version, table *t, size_t nt, bytes *out)
{
    qsort(t, nt, sizeof *t, tag_cmp);
    unsigned es = 0;
    while ((2u << es) <= nt)
        es++;
    put32(out, version);
    put16(out, (unsigned)nt);
    put16(out, 16u << es);
    put16(out, es);
    put16(out, (unsigned)(16 * nt - (16u << es)));
    size_t off = 12 + 16 * nt, head = 0;
    for (size_t i = 0; i < nt; i++) {
        put(out, t[i].tag, 4);
        put32(out, 0);
        put32(out, (uint32_t)off);
        put32(out, (uint32_t)t[i].n);
        off += (t[i].n + 3) & ~(size_t)3;
    }
    for (size_t i = 0; i < nt; i++) {
        size_t at = out->n;
        put(out, t[i].d, t[i].n);
        while (out->n & 3)
            put8(out, 0);
        if (memcmp(t[i].tag, "head", 4) == 0 && t[i].n >= 12) {
            bm_font_wr32(out->p + at + 8, 0);
            head = at;
        }
        bm_font_wr32(out->p + 12 + 16 * i + 4, checksum(out->p + at, t[i].n));
    }
    if (head)
        bm_font_wr32(out->p + head + 8, 0xB1B0AFBAu - checksum(out->p, out->n));
}

/*
 * hmtx with every glyph a long metric, the copies' advances appended;
 * hhea and maxp to match.  adv[i] is the copy's advance in font units.
 */
static int widen_metrics(table *t, size_t nt, unsigned nglyphs,
                         const uint32_t *base, const unsigned *adv, size_t n)
{
    table *hhea = find(t, nt, "hhea"), *hmtx = find(t, nt, "hmtx"),
          *maxp = find(t, nt, "maxp");
    if (!hhea || hhea->n < 36 || !hmtx || !maxp || maxp->n < 6)
        return 0;
    unsigned long_n = bm_font_rd16(hhea->d + 34);
    if (long_n == 0 || long_n > nglyphs ||
        hmtx->n < 4 * (size_t)long_n + 2 * (size_t)(nglyphs - long_n))
        return 0;
    bytes m = {0};
    unsigned maxadv = bm_font_rd16(hhea->d + 10);
    for (unsigned g = 0; g < nglyphs + n; g++) {
        unsigned a, lsb;
        uint32_t src = g < nglyphs ? g : base[g - nglyphs];
        a = bm_font_rd16(hmtx->d + 4 * (src < long_n ? src : long_n - 1));
        lsb = src < long_n ? bm_font_rd16(hmtx->d + 4 * src + 2)
                           : bm_font_rd16(hmtx->d + 4 * long_n + 2 * (src - long_n));
        if (g >= nglyphs)
            a = adv[g - nglyphs];
        if (a > maxadv)
            maxadv = a;
        put16(&m, a);
        put16(&m, lsb);
    }
    replace(hmtx, &m);
    bytes h = {0}, x = {0};
    put(&h, hhea->d, hhea->n);
    bm_font_wr16(h.p + 10, maxadv);
    bm_font_wr16(h.p + 34, nglyphs + (unsigned)n);
    replace(hhea, &h);
    put(&x, maxp->d, maxp->n);
    bm_font_wr16(x.p + 4, nglyphs + (unsigned)n);
    replace(maxp, &x);
    return 1;
}

/* ---- TrueType ---------------------------------------------------------- */

static int widen_glyf(table *t, size_t *nt, unsigned nglyphs,
                      const uint32_t *base, size_t n)
{
    table *head = find(t, *nt, "head"), *loca = find(t, *nt, "loca"),
          *glyf = find(t, *nt, "glyf"), *post = find(t, *nt, "post");
    if (!head || head->n < 54 || !loca || !glyf)
        return 0;
    int longfmt = bm_font_rd16(head->d + 50) != 0;
    if (loca->n < (size_t)(nglyphs + 1) * (longfmt ? 4 : 2))
        return 0;
    size_t *off = bm_xmalloc((nglyphs + 1) * sizeof *off);
    for (unsigned g = 0; g <= nglyphs; g++)
        off[g] = longfmt ? bm_font_rd32(loca->d + 4 * g) : 2 * (size_t)bm_font_rd16(loca->d + 2 * g);
    for (unsigned g = 0; g < nglyphs; g++)
        if (off[g] > off[g + 1] || off[g + 1] > glyf->n) {
            free(off);
            return 0;
        }
    bytes gl = {0}, lo = {0};
    put(&gl, glyf->d, off[nglyphs]);
    for (unsigned g = 0; g <= nglyphs; g++)
        put32(&lo, (uint32_t)off[g]);
    for (size_t i = 0; i < n; i++) {
        put(&gl, glyf->d + off[base[i]], off[base[i] + 1] - off[base[i]]);
        while (gl.n & 3)
            put8(&gl, 0);
        put32(&lo, (uint32_t)gl.n);
    }
    free(off);
    replace(glyf, &gl);
    replace(loca, &lo);
    bytes h = {0};
    put(&h, head->d, head->n);
    bm_font_wr16(h.p + 50, 1);
    replace(head, &h);
    if (post && post->n >= 32 && bm_font_rd32(post->d) != 0x00030000u) {
        bytes p = {0};
        put(&p, post->d, 32);
        bm_font_wr32(p.p, 0x00030000u);
        replace(post, &p);
    }
    /* tables sized by the glyph count that no PDF reader needs */
    static const char *const counted[] = {"hdmx", "LTSH", "VDMX"};
    for (size_t k = 0; k < 3; k++) {
        table *c = find(t, *nt, counted[k]);
        if (c) {
            free(c->own);
            *c = t[--*nt];
        }
    }
    return 1;
}

/* ---- CFF --------------------------------------------------------------- */

typedef struct cff_index {
    size_t   at, end;  /* the INDEX's bytes */
    unsigned count;
    size_t   data;     /* offsets count from here (offset 1 = data) */
    unsigned osz;
    const unsigned char *d;
} cff_index;

static int read_index(const unsigned char *d, size_t n, size_t at,
                      cff_index *ix)
{
    ix->d = d;
    ix->at = at;
    if (at + 2 > n)
        return 0;
    ix->count = bm_font_rd16(d + at);
    if (ix->count == 0) {
        ix->end = at + 2;
        ix->osz = 1;
        ix->data = at + 2;
        return 1;
    }
    if (at + 3 > n)
        return 0;
    ix->osz = d[at + 2];
    if (ix->osz < 1 || ix->osz > 4)
        return 0;
    size_t offs = at + 3;
    if (offs + (size_t)(ix->count + 1) * ix->osz > n)
        return 0;
    ix->data = offs + (size_t)(ix->count + 1) * ix->osz - 1;
    size_t last = 0;
    for (unsigned i = 0; i <= ix->count; i++) {
        size_t o = 0;
        for (unsigned k = 0; k < ix->osz; k++)
            o = o << 8 | d[offs + (size_t)i * ix->osz + k];
        if (o < 1 || o < last || ix->data + o > n)
            return 0;
        last = o;
    }
    ix->end = ix->data + last;
    return 1;
}

static void item(const cff_index *ix, unsigned i, size_t *s, size_t *e)
{
    size_t offs = ix->at + 3, o[2] = {0, 0};
    for (int j = 0; j < 2; j++)
        for (unsigned k = 0; k < ix->osz; k++)
            o[j] = o[j] << 8 | ix->d[offs + (size_t)(i + j) * ix->osz + k];
    *s = ix->data + o[0];
    *e = ix->data + o[1];
}

static void put_index(bytes *b, const unsigned char *const *items,
                      const size_t *lens, unsigned count)
{
    put16(b, count);
    if (count == 0)
        return;
    put8(b, 4);
    uint32_t o = 1;
    put32(b, o);
    for (unsigned i = 0; i < count; i++) {
        o += (uint32_t)lens[i];
        put32(b, o);
    }
    for (unsigned i = 0; i < count; i++)
        put(b, items[i], lens[i]);
}

/* One DICT entry: its operator, its first operands, and where the last
 * operand starts when it is a 5-byte integer (for patching). */
typedef struct dict_op {
    unsigned op;         /* 12 x as 1200 + x */
    long     v[4];
    int      nv, integer;
    size_t   last29;     /* byte position of the last operand's 29, or 0 */
} dict_op;

/* Calls back for each DICT entry in d[s..e); 0 on a malformed DICT. */
static int read_dict(const unsigned char *d, size_t s, size_t e,
                     int (*fn)(const dict_op *, void *), void *arg)
{
    dict_op o = {0};
    o.integer = 1;
    for (size_t p = s; p < e;) {
        unsigned b = d[p];
        long v = 0;
        size_t at = p;
        if (b <= 21) {
            o.op = b == 12 && p + 1 < e ? 1200u + d[p + 1] : b;
            p += b == 12 ? 2 : 1;
            if (!fn(&o, arg))
                return 0;
            memset(&o, 0, sizeof o);
            o.integer = 1;
            continue;
        }
        if (b == 28 && p + 3 <= e) {
            v = (int16_t)bm_font_rd16(d + p + 1);
            p += 3;
        } else if (b == 29 && p + 5 <= e) {
            v = (int32_t)bm_font_rd32(d + p + 1);
            p += 5;
        } else if (b == 30) {
            for (p++; p < e && (d[p] & 15) != 15 && (d[p] >> 4) != 15; p++)
                ;
            p++;
            o.integer = 0;
        } else if (b >= 32 && b <= 246) {
            v = (long)b - 139;
            p++;
        } else if (b >= 247 && b <= 250 && p + 2 <= e) {
            v = ((long)b - 247) * 256 + d[p + 1] + 108;
            p += 2;
        } else if (b >= 251 && b <= 254 && p + 2 <= e) {
            v = -((long)b - 251) * 256 - d[p + 1] - 108;
            p += 2;
        } else {
            return 0;
        }
        if (o.nv < 4)
            o.v[o.nv] = v;
        o.nv++;
        o.last29 = b == 29 ? at : 0;
    }
    return 1;
}

typedef struct top_info {
    int    ok, ros;
    size_t charset, charstrings, fdselect, fdarray; /* offsets */
    size_t p_charset, p_charstrings, p_fdselect, p_fdarray; /* 29 bytes */
    long   cidcount;
} top_info;

static int top_entry(const dict_op *o, void *arg)
{
    top_info *t = arg;
    size_t v = o->nv ? (size_t)o->v[0] : 0;
    switch (o->op) {
    case 1230: t->ros = 1; break;
    case 1234: t->cidcount = o->nv ? o->v[0] : 8720; break;
    case 15: t->charset = v; t->p_charset = o->last29; break;
    case 17: t->charstrings = v; t->p_charstrings = o->last29; break;
    case 1237: t->fdselect = v; t->p_fdselect = o->last29; break;
    case 1236: t->fdarray = v; t->p_fdarray = o->last29; break;
    case 16: case 18: t->ok = 0; break; /* Encoding, Private: not CID-keyed */
    default: break;
    }
    return 1;
}

typedef struct fd_info {
    long   size, off;
    size_t p_off;
} fd_info;

static int fd_entry(const dict_op *o, void *arg)
{
    fd_info *f = arg;
    if (o->op == 18 && o->nv == 2) {
        f->size = o->v[0];
        f->off = o->v[1];
        f->p_off = o->last29;
    }
    return 1;
}

typedef struct priv_info {
    long nominal, dflt;
    int  ok;
} priv_info;

static int priv_entry(const dict_op *o, void *arg)
{
    priv_info *p = arg;
    if (o->op == 19) /* Subrs */
        p->ok = 0;
    if ((o->op == 20 || o->op == 21) && (!o->integer || o->nv != 1))
        p->ok = 0;
    else if (o->op == 20)
        p->dflt = o->v[0];
    else if (o->op == 21)
        p->nominal = o->v[0];
    return 1;
}

/*
 * Where the charstring's width operand ends (0 when it has none) and the
 * glyph's advance; 0 when the charstring starts in a way not handled.
 * Type 2 charstrings (Adobe TN 5177, 3.1): the width is an extra first
 * operand of the first stack-clearing operator.
 */
static int cs_width(const unsigned char *d, size_t s, size_t e,
                    const priv_info *pr, size_t *wend, long *adv)
{
    size_t p = s, first_end = s;
    unsigned k = 0;
    long first = 0;
    while (p < e) {
        unsigned b = d[p];
        long v;
        if (b == 28 && p + 3 <= e) {
            v = (int16_t)bm_font_rd16(d + p + 1);
            p += 3;
        } else if (b >= 32 && b <= 246) {
            v = (long)b - 139;
            p++;
        } else if (b >= 247 && b <= 250 && p + 2 <= e) {
            v = ((long)b - 247) * 256 + d[p + 1] + 108;
            p += 2;
        } else if (b >= 251 && b <= 254 && p + 2 <= e) {
            v = -((long)b - 251) * 256 - d[p + 1] - 108;
            p += 2;
        } else if (b == 255 && p + 5 <= e) {
            /* 16.16 fixed: a width must be whole to be rewritten */
            v = (int32_t)bm_font_rd32(d + p + 1);
            if (k == 0 && (v & 0xFFFF))
                return 0;
            v >>= 16;
            p += 5;
        } else {
            break;
        }
        if (k == 0) {
            first = v;
            first_end = p;
        }
        k++;
    }
    if (p >= e)
        return 0;
    int has;
    switch (d[p]) {
    case 1: case 3: case 18: case 23: case 19: case 20: case 21:
        has = k & 1;
        break;
    case 4: case 22:
        has = k == 2;
        break;
    case 14:
        has = k == 1 || k == 5;
        break;
    default:
        return 0;
    }
    *wend = has ? first_end : 0;
    *adv = has ? pr->nominal + first : pr->dflt;
    return 1;
}

static void put_cs_int(bytes *b, long v)
{
    put8(b, 28);
    put16(b, (unsigned)(v & 0xFFFF));
}

static int widen_cff(table *t, size_t nt, unsigned nglyphs,
                     const uint32_t *base, const int *extra, size_t n,
                     unsigned *adv, uint32_t *code)
{
    table *cff = find(t, nt, "CFF ");
    if (!cff || cff->n < 4)
        return 0;
    const unsigned char *d = cff->d;
    size_t len = cff->n;
    cff_index name, top, strs, gsubr, cs, fda;
    if (!read_index(d, len, d[2], &name) ||
        !read_index(d, len, name.end, &top) || top.count != 1 ||
        !read_index(d, len, top.end, &strs) ||
        !read_index(d, len, strs.end, &gsubr))
        return 0;
    size_t ts, te;
    item(&top, 0, &ts, &te);
    top_info ti = {0};
    ti.ok = 1;
    ti.cidcount = 8720;
    if (!read_dict(d, ts, te, top_entry, &ti) || !ti.ok || !ti.ros ||
        !ti.p_charset || !ti.p_charstrings || !ti.p_fdselect ||
        !ti.p_fdarray)
        return 0;
    if (!read_index(d, len, ti.charstrings, &cs) || cs.count != nglyphs ||
        !read_index(d, len, ti.fdarray, &fda) || fda.count == 0 ||
        fda.count > 256)
        return 0;

    int ok = 0;
    uint32_t *cid = bm_xmalloc(nglyphs * sizeof *cid);
    unsigned char *fdof = bm_xmalloc(nglyphs);
    uint8_t *used = calloc(65536, 1);
    fd_info *fds = bm_xmalloc(fda.count * sizeof *fds);
    priv_info *pr = bm_xmalloc(fda.count * sizeof *pr);
    bytes out = {0}, ncs = {0};
    const unsigned char **items = NULL;
    size_t *lens = NULL;
    if (!used)
        abort();

    /* charset: the CID of each glyph (glyph 0 has CID 0) */
    size_t p = ti.charset;
    cid[0] = 0;
    used[0] = 1;
    if (p >= len)
        goto done;
    unsigned fmt = d[p++];
    for (unsigned g = 1; g < nglyphs;) {
        if (fmt == 0) {
            if (p + 2 > len)
                goto done;
            cid[g++] = bm_font_rd16(d + p);
            p += 2;
        } else if (fmt == 1 || fmt == 2) {
            size_t w = fmt == 1 ? 3 : 4;
            if (p + w > len)
                goto done;
            unsigned f = bm_font_rd16(d + p),
                     left = fmt == 1 ? (unsigned)d[p + 2] : bm_font_rd16(d + p + 2);
            p += w;
            for (unsigned k = 0; k <= left && g < nglyphs; k++)
                cid[g++] = f + k;
        } else {
            goto done;
        }
    }
    for (unsigned g = 0; g < nglyphs; g++) {
        if (cid[g] > 65535)
            goto done;
        used[cid[g]] = 1;
    }

    /* FDSelect: the FD of each glyph */
    p = ti.fdselect;
    if (p >= len)
        goto done;
    fmt = d[p++];
    if (fmt == 0) {
        if (p + nglyphs > len)
            goto done;
        memcpy(fdof, d + p, nglyphs);
    } else if (fmt == 3) {
        if (p + 2 > len)
            goto done;
        unsigned nr = bm_font_rd16(d + p);
        p += 2;
        if (p + 3 * (size_t)nr + 2 > len)
            goto done;
        for (unsigned r = 0; r < nr; r++) {
            unsigned f = bm_font_rd16(d + p + 3 * r), l = bm_font_rd16(d + p + 3 * r + 3);
            if (r + 1 == nr)
                l = bm_font_rd16(d + p + 3 * nr);
            for (unsigned g = f; g < l && g < nglyphs; g++)
                fdof[g] = d[p + 3 * r + 2];
        }
    } else {
        goto done;
    }
    for (unsigned g = 0; g < nglyphs; g++)
        if (fdof[g] >= fda.count)
            goto done;

    /* each FD's Private DICT: widths, and no local subroutines */
    for (unsigned f = 0; f < fda.count; f++) {
        size_t s, e;
        item(&fda, f, &s, &e);
        fds[f] = (fd_info){0, 0, 0};
        if (!read_dict(d, s, e, fd_entry, &fds[f]) || !fds[f].p_off ||
            fds[f].size < 0 || fds[f].off < 0 ||
            (size_t)fds[f].off > len ||
            (size_t)fds[f].size > len - (size_t)fds[f].off)
            goto done;
        pr[f] = (priv_info){0, 0, 1};
        if (!read_dict(d, (size_t)fds[f].off,
                       (size_t)(fds[f].off + fds[f].size), priv_entry, &pr[f]) ||
            !pr[f].ok)
            goto done;
    }

    /* the copies: charstrings with a new width, CIDs no glyph has */
    unsigned total = nglyphs + (unsigned)n;
    items = bm_xmalloc(total * sizeof *items);
    lens = bm_xmalloc(total * sizeof *lens);
    size_t *at = bm_xmalloc(n * sizeof *at);
    for (unsigned g = 0; g < nglyphs; g++) {
        size_t s, e;
        item(&cs, g, &s, &e);
        items[g] = d + s;
        lens[g] = e - s;
    }
    uint32_t next = 1;
    for (size_t i = 0; i < n; i++) {
        size_t s, e, wend;
        long a;
        item(&cs, base[i], &s, &e);
        const priv_info *q = &pr[fdof[base[i]]];
        if (!cs_width(d, s, e, q, &wend, &a)) {
            free(at);
            goto done;
        }
        long w = a + extra[i];
        while (next < (uint32_t)ti.cidcount && next < 65535 && used[next])
            next++;
        if (next >= (uint32_t)ti.cidcount || next >= 65535 || w < 0 ||
            w - q->nominal < -32768 || w - q->nominal > 32767) {
            free(at);
            goto done;
        }
        used[next] = 1;
        code[i] = next;
        adv[i] = (unsigned)w;
        at[i] = ncs.n;
        put_cs_int(&ncs, w - q->nominal);
        put(&ncs, d + (wend ? wend : s), e - (wend ? wend : s));
    }
    for (size_t i = 0; i < n; i++) {
        items[nglyphs + i] = ncs.p + at[i];
        lens[nglyphs + i] =
            (i + 1 < n ? at[i + 1] : ncs.n) - at[i];
    }
    free(at);

    /*
     * The new CFF: header to Global Subrs as they were, then charset
     * (format 0), FDSelect (format 0), CharStrings, the FDArray and the
     * Private DICTs, with the Top DICT's and the FDs' 5-byte offsets
     * patched.
     */
    put(&out, d, gsubr.end);
    size_t o_charset = out.n;
    put8(&out, 0);
    for (unsigned g = 1; g < nglyphs; g++)
        put16(&out, cid[g]);
    for (size_t i = 0; i < n; i++)
        put16(&out, code[i]);
    size_t o_fdselect = out.n;
    put8(&out, 0);
    put(&out, fdof, nglyphs);
    for (size_t i = 0; i < n; i++)
        put8(&out, fdof[base[i]]);
    size_t o_cs = out.n;
    put_index(&out, items, lens, total);
    size_t o_fda = out.n;
    put(&out, d + fda.at, fda.end - fda.at);
    for (unsigned f = 0; f < fda.count; f++) {
        size_t o_priv = out.n;
        put(&out, d + fds[f].off, (size_t)fds[f].size);
        bm_font_wr32(out.p + o_fda + (fds[f].p_off - fda.at) + 1, (uint32_t)o_priv);
    }
    bm_font_wr32(out.p + ti.p_charset + 1, (uint32_t)o_charset);
    bm_font_wr32(out.p + ti.p_fdselect + 1, (uint32_t)o_fdselect);
    bm_font_wr32(out.p + ti.p_charstrings + 1, (uint32_t)o_cs);
    bm_font_wr32(out.p + ti.p_fdarray + 1, (uint32_t)o_fda);
    replace(cff, &out);
    ok = 1;
done:
    free(out.p);
    free(ncs.p);
    free(items);
    free(lens);
    free(cid);
    free(fdof);
    free(used);
    free(fds);
    free(pr);
    return ok;
}

bm_status bm_font_widen(const unsigned char *data, size_t len,
                        const uint32_t *base, const int *extra, size_t n,
                        unsigned char **out, size_t *out_len, uint32_t *code,
                        unsigned *adv, bm_error *err)
{
    (void)err;
    *out = NULL;
    *out_len = 0;
    table t[MAX_TABLES];
    size_t nt = 0;
    if (n == 0 || !read_tables(data, len, t, &nt))
        return BM_OK;
    table *maxp = find(t, nt, "maxp"), *hmtx = find(t, nt, "hmtx"),
          *hhea = find(t, nt, "hhea");
    if (!maxp || maxp->n < 6 || !hmtx || !hhea || hhea->n < 36)
        return BM_OK;
    unsigned ng = bm_font_rd16(maxp->d + 4), long_n = bm_font_rd16(hhea->d + 34);
    if (ng == 0 || long_n == 0 || long_n > ng || ng + n > 65535 ||
        hmtx->n < 4 * (size_t)long_n)
        return BM_OK;
    for (size_t i = 0; i < n; i++)
        if (base[i] >= ng || extra[i] <= 0)
            return BM_OK;
    int ok;
    if (find(t, nt, "CFF ")) {
        ok = widen_cff(t, nt, ng, base, extra, n, adv, code);
    } else {
        for (size_t i = 0; i < n; i++) {
            uint32_t b = base[i] < long_n ? base[i] : long_n - 1;
            adv[i] = bm_font_rd16(hmtx->d + 4 * b) + (unsigned)extra[i];
            code[i] = ng + (uint32_t)i;
        }
        ok = widen_glyf(t, &nt, ng, base, n);
    }
    ok = ok && widen_metrics(t, nt, ng, base, adv, n);
    if (ok) {
        bytes b = {0};
        write_sfnt(bm_font_rd32(data), t, nt, &b);
        *out = b.p;
        *out_len = b.n;
    }
    for (size_t i = 0; i < nt; i++)
        free(t[i].own);
    return BM_OK;
}
