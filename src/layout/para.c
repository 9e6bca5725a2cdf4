/*
 * para.c - the paragraph composer: Chinese text into justified lines of
 * positioned glyphs (cjk-layout.md sections B, C, D, E, F).
 *
 * Model.  Every character is a box of fixed natural width; full-width marks
 * carry their 0.5 em blank (STOP and CLOSE on the right, OPEN on the left)
 * as the only compressible part of a box (B).  Between boxes sits glue: the
 * Han-Latin glue (1/4 em, shrink 1/8, stretch 1/3), tracking, and the
 * inter-character gap that justification may widen.  Work is in integers
 * (1/64 pt) throughout, so output is identical on every machine.
 *
 *  1. The text stage gives classes, units and break opportunities
 *     (ICU zh@lb=strict + GB tailoring), so kinsoku is already encoded as
 *     "no break here" (infinite penalty, D).
 *  2. Boxes: Han and full-width forms are 1 em whatever the font says (the
 *     grid of test 34); Latin and digit runs are shaped by HarfBuzz in one
 *     call per run (kerning), their advances kept as they are (test 25).
 *     Adjacent marks lose 0.5 em between them (C1) once, on the character
 *     stream (C5), so a style change between 》 and 。 changes nothing.
 *  3. Breaking is a whole-paragraph optimiser in the Knuth-Plass manner but
 *     without fitness classes: best[b] = min over earlier breaks a of
 *     best[a] + demerits(line a..b).  Line widths, shrink and stretch come
 *     from prefix sums plus per-position corrections for what a line edge
 *     removes (an OPEN's blank at the start, a STOP/CLOSE blank at the end,
 *     glue at either end), so each candidate line costs O(1) and a paragraph
 *     O(n x chars-per-line).  Shrinking punctuation (push in) is cheap,
 *     widening Han gaps (push out) dear, so push-in wins when it can (D).
 *     The last line must hold min_last Han characters (F, 孤字): a last line
 *     that does not is priced like a broken rule, so the optimiser pulls a
 *     character down or compresses earlier punctuation, with or without a
 *     final mark.
 *  4. Each chosen line is then set: shrink in the push-in order of D
 *     (word spaces, DOT, brackets, ，、；：, Han-Latin glue, 。？！), or
 *     stretch word spaces, then Han-Latin glue, then every remaining
 *     stretchable gap equally (E).  Gaps inside units, next to CONNECTOR,
 *     SOLIDUS or U+3000, before STOP/CLOSE/POSTFIX and after OPEN/PREFIX are
 *     never widened.  The last line is start-aligned and not stretched.
 *
 * Rejected: greedy first-fit with look-back (cannot see the 孤字 two lines
 * ahead, and gives the uneven lines peers show); floating-point badness (the
 * layout would depend on the FPU); asking HarfBuzz for 'halt'/'chws' (fonts
 * differ; the GB rules are simpler done here, and identically for every
 * face).  Hanging punctuation (off by default) is not implemented.
 *
 * Every byte of the text is carried by exactly one glyph (cluster/nbytes),
 * including spaces and zero-width characters, so back ends write exact text.
 */
#include "layout.h"
#include "layout_private.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

struct bm_composer {
    const bm_fontset *fs;
    bm_diags         *diags;
    bm_breaker       *brk;       /* ICU iterator, opened once */
    bm_arena         *scratch;   /* reset per paragraph */
    uint8_t           checked[256 / 8];   /* faces checked for centred marks */
    uint32_t          styled[256];  /* (cp, role) warned as drawn in a face
                                       of another style: once an edition */
    size_t            nstyled;
};

bm_status bm_composer_new(const bm_fontset *fs, bm_diags *diags,
                          bm_composer **out, bm_error *err)
{
    bm_breaker *b;
    bm_status rc = bm_breaker_new(&b, err);
    if (rc != BM_OK)
        return rc;
    bm_composer *c = bm_xmalloc(sizeof *c);
    c->fs = fs;
    c->diags = diags;
    c->brk = b;
    c->scratch = bm_arena_new();
    memset(c->checked, 0, sizeof c->checked);
    c->nstyled = 0;
    *out = c;
    return BM_OK;
}

void bm_composer_forget(bm_composer *c)
{
    memset(c->checked, 0, sizeof c->checked);
    c->nstyled = 0;
}

void bm_composer_free(bm_composer *c)
{
    if (!c)
        return;
    bm_breaker_free(c->brk);
    bm_arena_free(c->scratch);
    free(c);
}

/* ---- characters as boxes -------------------------------------------------- */

enum { SP_NONE, SP_WORD, SP_HL, SP_DEL };

/* push-in order of cjk-layout.md D (after the line-end mark, which the
 * line-end trim already takes) */
enum { P_NONE, P_SPACE, P_DOT, P_BRACKET, P_COMMA, P_HL, P_PERIOD, P_COUNT };

typedef struct pch {
    uint32_t cp, off;
    uint8_t  len, cls, brk, unit;
    uint8_t  space;     /* SP_* */
    uint8_t  pblank;    /* P_* of lb/rb */
    uint8_t  hl;        /* lead holds Han-Latin glue */
    uint8_t  gap;       /* gap before it (or the space itself) stretches */
    uint8_t  gap2;      /* last resort: gap before STOP/CLOSE, after OPEN */
    uint8_t  han;       /* weight toward min_last */
    uint8_t  west;      /* a western (shaped) character */
    uint8_t  fw;        /* full-width fixed box */
    uint8_t  missing;   /* no font has it */
    uint8_t  lbfix;     /* lb never pushed in mid-line (after a narrow box) */
    bm_fix   w;         /* box width, blanks included, lead excluded */
    bm_fix   lb, rb;    /* compressible blanks inside w */
    bm_fix   lead;      /* glue before the box (Han-Latin glue, tracking) */
    bm_fix   self_sh;   /* shrink of the box itself (word space, DOT) */
    bm_fix   self_st;   /* bounded stretch of the box itself (spaces) */
    uint32_t g0, ng;    /* its glyphs in the scratch glyph array */
} pch;

typedef struct sglyph {
    uint32_t gid, face;
    bm_fix   x, y;      /* inside the box, blanks included */
} sglyph;

typedef struct para {
    bm_composer        *c;
    const bm_para_style *st;
    const bm_src       *src;
    const char         *text;
    bm_fix              em;
    pch                *ch;
    size_t              n;
    sglyph             *g;
    size_t              ng, gcap;
    uint32_t            warned[16];
    int                 nwarned;
} para;

static int is_mark(const pch *p)
{
    return (p->cls == BM_CLS_STOP || p->cls == BM_CLS_OPEN ||
            p->cls == BM_CLS_CLOSE) && p->fw;
}

static int hanlike(const pch *p)
{
    return p->cls == BM_CLS_HAN || p->cls == BM_CLS_KANA;
}

static int western(const pch *p)
{
    return p->west && (p->cls == BM_CLS_LATIN || p->cls == BM_CLS_NUM ||
                       p->cls == BM_CLS_POSTFIX || p->cls == BM_CLS_PREFIX);
}

static int period(uint32_t cp)
{
    return cp == 0x3002 || cp == 0xFF1F || cp == 0xFF01 || cp == 0xFF0E ||
           cp == 0xFF61;
}

static sglyph *add_glyph(para *p, pch *c)
{
    if (p->ng == p->gcap) {
        size_t ncap = p->gcap ? p->gcap * 2 : 256;
        p->g = bm_arena_grow(p->c->scratch, p->g, p->gcap * sizeof *p->g,
                             ncap * sizeof *p->g);
        p->gcap = ncap;
    }
    if (c->ng == 0)
        c->g0 = (uint32_t)p->ng;
    c->ng++;
    sglyph *g = &p->g[p->ng++];
    memset(g, 0, sizeof *g);
    return g;
}

static void warn_missing(para *p, uint32_t cp)
{
    for (int i = 0; i < p->nwarned; i++)
        if (p->warned[i] == cp)
            return;
    if (p->nwarned < 16)
        p->warned[p->nwarned++] = cp;
    if (!p->c->diags)
        return;
    char u[5] = {0};
    bm_utf8_encode(cp, u);
    const bm_src *s = p->src;
    bm_diags_add(p->c->diags, BM_WARNING, s ? s->file : NULL, s ? s->line : 0,
                 s ? s->col : 0,
                 "no font has U+%04X \"%s\" (role %s); drawn as a "
                 "placeholder box",
                 (unsigned)cp, u, bm_role_name(p->st->role));
}

/* Issue 13: a character drawn in a face of another style than its role's
 * (喆 of a 楷 credit from a 明 face) is named, once per character and role,
 * at the first paragraph that sets it. */
static void check_style(para *p, uint32_t cp, const bm_face *f)
{
    bm_role role = p->st->role;
    if (!bm_fontset_pick_other_style(p->c->fs, role, cp) || !p->c->diags)
        return;
    uint32_t key = cp << 2 | ((uint32_t)role & 3);
    for (size_t i = 0; i < p->c->nstyled; i++)
        if (p->c->styled[i] == key)
            return;
    if (p->c->nstyled < sizeof p->c->styled / sizeof *p->c->styled)
        p->c->styled[p->c->nstyled++] = key;
    char u[5] = {0};
    bm_utf8_encode(cp, u);
    const bm_src *s = p->src;
    bm_diags_add(p->c->diags, BM_WARNING, s ? s->file : NULL, s ? s->line : 0,
                 s ? s->col : 0,
                 "U+%04X \"%s\" (role %s) is drawn in %s, a face of another "
                 "style: add a %s face that has it to fonts.conf "
                 "(fallback-%s)",
                 (unsigned)cp, u, bm_role_name(role),
                 bm_face_family(f) ? bm_face_family(f) : bm_face_path(f),
                 role == BM_FONT_KAI ? "楷" : role == BM_FONT_HEADLINE ? "黑" : "宋",
                 role == BM_FONT_KAI ? "kai" : role == BM_FONT_HEADLINE ? "hei" : "song");
}

/* B: SC marks sit at the start of their box; a face that centres ，。
 * (TC style) would have compressed marks touch the next character.  Warned
 * once per face. */
static void check_centred(para *p, const bm_face *f, uint32_t gid)
{
    size_t i = bm_face_index(f);
    if (i >= 256 || (p->c->checked[i / 8] & (1u << (i % 8))))
        return;
    p->c->checked[i / 8] |= (uint8_t)(1u << (i % 8));
    bm_fix x0, x1, y0, y1;
    bm_face_extents(f, gid, p->em, &x0, &x1, &y0, &y1);
    if (x0 * 10 > p->em * 3 && p->c->diags)
        bm_diags_add(p->c->diags, BM_WARNING, bm_fontset_conf_path(p->c->fs),
                     0, 0,
                     "%s centres its punctuation (ink of U+FF0C/U+3002 starts "
                     "at %d/100 em): compressed marks may touch the next "
                     "character; prefer an SC face",
                     bm_face_family(f) ? bm_face_family(f) : bm_face_path(f),
                     (int)(x0 * 100 / p->em));
}

/* A fixed box of width `box` holding cp's glyph; `align` 0 start, 1
 * centre, 2 end (where the ink of an OPEN mark sits). */
static void fixed_box(para *p, pch *c, bm_fix box, int align)
{
    c->w = box;
    c->fw = 1;
    const bm_face *f = bm_fontset_pick(p->c->fs, p->st->role, c->cp);
    sglyph *g = add_glyph(p, c);
    if (!f) {
        c->missing = 1;
        g->face = BM_NO_FACE;
        warn_missing(p, c->cp);
        return;
    }
    g->face = (uint32_t)bm_face_index(f);
    g->gid = bm_face_glyph(f, c->cp);
    check_style(p, c->cp, f);
    if (c->cls == BM_CLS_HAN || c->cls == BM_CLS_KANA)
        return;   /* ideographs fill their em in every CJK face */
    if (c->cp == 0xFF0C || c->cp == 0x3002)
        check_centred(p, f, g->gid);
    bm_fix a = bm_face_advance(f, g->gid, p->em);
    if (a != box)
        g->x = align == 0 ? 0 : align == 1 ? (box - a) / 2 : box - a;
}

/* ——, …… (pairs) and ⸺: one box of 2 (3) em; HarfBuzz with 'fwid' gives
 * Noto's full-width 2-em dash for "——" as one glyph. */
static bm_status long_box(para *p, size_t i, size_t nch, bm_error *err)
{
    pch *c = &p->ch[i];
    bm_fix box = (bm_fix)(c->cp == 0x2E3B ? 3 : (nch == 2 || c->cp == 0x2E3A)
                                                    ? 2 : 1) * p->em;
    c->w = box;
    c->fw = 1;
    const bm_face *f = bm_fontset_pick(p->c->fs, p->st->role, c->cp);
    if (!f) {
        c->missing = 1;
        sglyph *g = add_glyph(p, c);
        g->face = BM_NO_FACE;
        warn_missing(p, c->cp);
        return BM_OK;
    }
    uint32_t end = p->ch[i + nch - 1].off + p->ch[i + nch - 1].len;
    bm_shaped *sh;
    size_t nsh;
    bm_status rc = bm_font_shape(f, p->text + c->off, end - c->off, p->em,
                                 "fwid", p->c->scratch, &sh, &nsh, err);
    if (rc != BM_OK)
        return rc;
    /* One glyph (the 2-em dash): centred in the box.  One glyph per
     * character (……): each centred in its own em.  Anything else: the
     * glyphs abut, centred as a group. */
    bm_fix total = 0;
    for (size_t k = 0; k < nsh; k++)
        total += sh[k].adv;
    bm_fix each = nsh == nch && nch > 1 ? box / (bm_fix)nch : 0;
    bm_fix x = each ? 0 : (box - total) / 2;
    for (size_t k = 0; k < nsh; k++) {
        sglyph *g = add_glyph(p, c);
        g->face = (uint32_t)bm_face_index(f);
        g->gid = sh[k].gid;
        g->y = sh[k].yoff;
        if (each) {
            g->x = x + (each - sh[k].adv) / 2 + sh[k].xoff;
            x += each;
        } else {
            g->x = x + sh[k].xoff;
            x += sh[k].adv;
        }
    }
    return BM_OK;
}

/* A run of western characters in one face, shaped in one HarfBuzz call. */
static bm_status shape_run(para *p, size_t s, size_t e, const bm_face *f,
                           bm_error *err)
{
    uint32_t off = p->ch[s].off;
    uint32_t end = p->ch[e - 1].off + p->ch[e - 1].len;
    bm_shaped *sh;
    size_t nsh;
    bm_status rc = bm_font_shape(f, p->text + off, end - off, p->em, NULL,
                                 p->c->scratch, &sh, &nsh, err);
    if (rc != BM_OK)
        return rc;
    size_t k = s;
    uint32_t face = (uint32_t)bm_face_index(f);
    for (size_t j = 0; j < nsh; j++) {
        uint32_t at = off + sh[j].cluster;
        while (k + 1 < e && p->ch[k + 1].off <= at)
            k++;
        pch *c = &p->ch[k];
        sglyph *g = add_glyph(p, c);
        g->face = face;
        g->gid = sh[j].gid;
        g->x = c->w + sh[j].xoff;
        g->y = sh[j].yoff;
        c->w += sh[j].adv;
    }
    return BM_OK;
}

/* Is the U+3000 at i the one that pads a two-character name (王　芳):
 * one Han character on each side of it, up to a space, a bracket or
 * another U+3000? */
static int run_of_one(const pch *ch, size_t n, size_t from, int dir)
{
    size_t k = from, cnt = 0;
    while (k < n && ch[k].cls == BM_CLS_HAN) {
        cnt++;
        if (dir < 0 && k == 0)
            break;
        k = dir < 0 ? k - 1 : k + 1;
    }
    return cnt == 1;
}

static int pads_name(const pch *ch, size_t n, size_t i)
{
    return i > 0 && i + 1 < n && run_of_one(ch, n, i - 1, -1) &&
           run_of_one(ch, n, i + 1, 1);
}

/* Boxes, blanks, glue and stretchability of every character. */
static bm_status build(para *p, bm_error *err)
{
    const bm_para_style *st = p->st;
    bm_fix em = p->em, half = em / 2;
    pch *ch = p->ch;
    size_t n = p->n;

    for (size_t i = 0; i < n;) {
        pch *c = &ch[i];
        if (c->cls == BM_CLS_SPACE) {
            c->space = SP_DEL;   /* decided below */
            i++;
            continue;
        }
        if (i > 0 && c->unit && bm_text_is_extender(c->cp)) {
            i++;   /* zero width, carried by the glyph before */
            continue;
        }
        if (c->cls == BM_CLS_LONG) {
            size_t m = (i + 1 < n && ch[i + 1].unit &&
                        ch[i + 1].cls == BM_CLS_LONG) ? 2 : 1;
            bm_status rc = long_box(p, i, m, err);
            if (rc != BM_OK)
                return rc;
            i += m;
            continue;
        }
        if (bm_text_fullwidth(c->cp) || c->cls == BM_CLS_DOT) {
            switch (c->cls) {
            case BM_CLS_STOP: case BM_CLS_CLOSE:
                fixed_box(p, c, em, 0);
                break;
            case BM_CLS_OPEN:
                fixed_box(p, c, em, 2);
                break;
            case BM_CLS_DOT: case BM_CLS_SOLIDUS:
                fixed_box(p, c, half, 1);
                break;
            case BM_CLS_CONNECTOR:
                fixed_box(p, c, c->cp == 0x2013 ? half : em, 1);
                break;
            default:
                fixed_box(p, c, em, 1);
                break;
            }
            i++;
            continue;
        }
        /* western: a run of non-space, non-full-width characters in one face */
        const bm_face *f = bm_fontset_pick(p->c->fs, st->role, c->cp);
        if (!f) {
            fixed_box(p, c, em, 1);   /* placeholder, warned */
            i++;
            continue;
        }
        /* runs are capped: HarfBuzz is slow on very long runs of default
         * ignorables (soft hyphens), and kerning never spans 128 letters */
        size_t j = i + 1;
        while (j < n && j - i < 128 && ch[j].cls != BM_CLS_SPACE &&
               ch[j].cls != BM_CLS_LONG && ch[j].cls != BM_CLS_DOT &&
               (bm_text_is_extender(ch[j].cp) ||
                (!bm_text_fullwidth(ch[j].cp) &&
                 bm_fontset_pick(p->c->fs, st->role, ch[j].cp) == f)))
            j++;
        for (size_t k = i; k < j; k++)
            ch[k].west = 1;
        bm_status rc = shape_run(p, i, j, f, err);
        if (rc != BM_OK)
            return rc;
        i = j;
    }

    /* U+3000 between two words of a name (a byline, a run-in byline):
     * the name's fixed gap, as its spaces (a 1-em hole reads as a column's
     * edge to poppler, which then scatters 「本报记者　冯　瑶」) */
    for (size_t i = 1; i + 1 < n; i++) {
        bm_fix w = ch[i].off < st->runin_len ? st->runin_space : st->idsp_space;
        if (w > 0 && ch[i].cls == BM_CLS_IDSP && ch[i - 1].cls != BM_CLS_IDSP &&
            ch[i + 1].cls != BM_CLS_IDSP && ch[i].w > w)
            ch[i].w = w;
        /* in a run-in byline the U+3000 between two words (记者　林　堃
         * 　通讯员) is its word space: it opens to 1 em, a line may end
         * after it (dropped there, the character kept), but not the one
         * that pads a two-character name (林　堃) */
        if (w > 0 && ch[i].off < st->runin_len && ch[i].cls == BM_CLS_IDSP &&
            ch[i].w == w && !pads_name(ch, n, i)) {
            ch[i].space = SP_WORD;
            ch[i].self_st = w < em ? em - w : 0;
        }
        /* any other U+3000 between two words (a results line: 「北辰国安
         * 　0-0　东山鲁能」) is a fixed 1-em space inside a line and, where
         * a line ends after it, dropped there as a word space is (its
         * character kept): a line ending in one was an em short of the
         * measure, a ragged line to a reader */
        else if (ch[i].cls == BM_CLS_IDSP && ch[i].space == SP_NONE &&
                 ch[i - 1].cls != BM_CLS_IDSP && ch[i + 1].cls != BM_CLS_IDSP &&
                 !pads_name(ch, n, i)) {
            ch[i].space = SP_WORD;
            ch[i].self_sh = ch[i].self_st = 0;
        }
    }

    /* blanks of full-width marks by compression style (C) */
    for (size_t i = 0; i < n; i++) {
        pch *c = &ch[i];
        if (!is_mark(c) || c->missing)
            continue;
        c->pblank = c->cls != BM_CLS_STOP ? P_BRACKET
                    : period(c->cp)       ? P_PERIOD
                                          : P_COMMA;
        switch (st->compress) {
        case BM_COMPRESS_QUANJIAO:
            if (c->cls == BM_CLS_OPEN)
                c->lb = half;
            else
                c->rb = half;
            break;
        case BM_COMPRESS_KAIMING:
            if (c->cls == BM_CLS_STOP && period(c->cp))
                break;   /* 。？！ keep their full em */
            /* fall through */
        case BM_COMPRESS_BANJIAO:
            c->w = half;
            if (c->cls == BM_CLS_OPEN && c->ng)
                p->g[c->g0].x -= half;
            break;
        case BM_COMPRESS_NONE:
            break;
        }
    }
    /* C1: adjacent marks lose 0.5 em between them, once */
    if (st->compress == BM_COMPRESS_QUANJIAO)
        for (size_t i = 0; i + 1 < n; i++) {
            pch *x = &ch[i], *y = &ch[i + 1];
            if (!is_mark(x) || !is_mark(y))
                continue;
            bm_fix cut = half;
            if (x->rb + y->lb < cut)
                continue;
            bm_fix t = x->rb < cut ? x->rb : cut;
            x->rb -= t, x->w -= t, cut -= t;
            if (cut && x->w <= cut)
                cut = 0;   /* y's em box would start on x's origin */
            y->lb -= cut, y->w -= cut;
            if (cut && y->ng)
                p->g[y->g0].x -= cut;
            if (st->qe_one_em && (x->cp == 0xFF1F || x->cp == 0xFF01) &&
                (y->cp == 0xFF1F || y->cp == 0xFF01)) {
                y->w -= y->rb;
                y->rb = 0;
            }
        }

    /* spaces: Han-Latin glue, word space, or deleted (A "Spaces") */
    const bm_face *sf = bm_fontset_pick(p->c->fs, st->role, ' ');
    for (size_t i = 0; i < n; i++) {
        pch *c = &ch[i];
        if (c->cls != BM_CLS_SPACE)
            continue;
        size_t j = i;
        while (j < n && ch[j].cls == BM_CLS_SPACE)
            j++;
        const pch *l = i > 0 ? &ch[i - 1] : NULL, *r = j < n ? &ch[j] : NULL;
        if (l && r && western(l) && western(r)) {
            c->space = SP_WORD;
            c->w = sf ? bm_face_advance(sf, bm_face_glyph(sf, ' '), em) : em / 4;
            c->self_sh = c->w > em / 4 ? c->w - em / 4 : 0;
            c->self_st = c->w < half ? half - c->w : 0;
        } else if (l && r && ((hanlike(l) && western(r)) ||
                              (western(l) && hanlike(r)))) {
            c->space = SP_HL;
            c->w = em / 4;
            c->self_sh = em / 8;
            c->self_st = em / 12;
        } else if (l && r && c->off < st->runin_len && st->runin_space > 0) {
            /* a byline's word space: a gap of 1/2 em that a justified line
             * may open to 1 em (issue 13: 1/2-1 em), never deleted */
            c->space = SP_WORD;
            c->w = st->runin_space;
            c->self_st = c->w < em ? em - c->w : 0;
        } else if (l && r && st->han_space > 0) {
            c->space = SP_WORD;   /* dropped at a line's end like one */
            c->w = st->han_space;
        }
        for (size_t k = i; k < j; k++) {
            sglyph *g = add_glyph(p, &ch[k]);
            g->face = sf ? (uint32_t)bm_face_index(sf) : BM_NO_FACE;
            g->gid = sf ? bm_face_glyph(sf, ' ') : 0;
        }
        i = j - 1;
    }
    /* a leading extender carries itself */
    if (n && ch[0].ng == 0 && ch[0].w == 0) {
        sglyph *g = add_glyph(p, &ch[0]);
        g->face = sf ? (uint32_t)bm_face_index(sf) : BM_NO_FACE;
        g->gid = sf ? bm_face_glyph(sf, ' ') : 0;
    }

    /* the marks that end the paragraph (「盖的”……」) weigh nothing toward
     * min_last: a last line of one character and its marks is a 孤字
     * however wide its …… (below, a …… inside a line counts as two) */
    size_t tail = n;
    while (tail > 0 && (ch[tail - 1].cls == BM_CLS_STOP ||
                        ch[tail - 1].cls == BM_CLS_CLOSE ||
                        ch[tail - 1].cls == BM_CLS_LONG ||
                        ch[tail - 1].cls == BM_CLS_EDITOR ||
                        (ch[tail - 1].cls == BM_CLS_NUM && tail >= 2 &&
                         ch[tail - 2].unit && ch[tail - 1].unit)))
        tail--;
    /* glue before each box, stretchable gaps, Han count, DOT shrink */
    size_t prev = SIZE_MAX;   /* previous character with width */
    for (size_t i = 0; i < n; i++) {
        pch *c = &ch[i];
        if (c->cls == BM_CLS_DOT)
            c->self_sh = em / 8, c->pblank = P_DOT;
        if (c->cls == BM_CLS_HAN || c->cls == BM_CLS_KANA ||
            (c->missing && c->cls == BM_CLS_OTHER) ||
            (c->cls == BM_CLS_LONG && !c->unit && i < tail))
            c->han = 1;   /* a 2-em —— or …… is as wide as two */
        else if ((c->cls == BM_CLS_LATIN || c->cls == BM_CLS_NUM) && !c->unit)
            c->han = 2;
        if (c->w == 0 && c->space == SP_NONE)
            continue;   /* absorbed: no glue, no gap */
        if (c->space == SP_DEL)
            continue;
        if (prev != SIZE_MAX) {
            const pch *l = &ch[prev];
            /* an opening mark keeps its left blank after a box no wider
             * than that blank (a mark C1 already took half an em from, a
             * narrow Latin glyph): pushed in, its em box would start on or
             * before the glyph before it (both origins at one x), and
             * text extraction (pdftotext, mutool) reads the line as two */
            if (c->cls == BM_CLS_OPEN && c->lb > 0 && l->w <= c->lb)
                c->lbfix = 1;
            if (c->space == SP_NONE && l->space == SP_NONE &&
                ((hanlike(l) && western(c)) || (western(l) && hanlike(c)))) {
                c->hl = 1;
                c->lead = em / 4;
            }
            c->lead += st->tracking;
            int ok = !c->unit;
            if (c->space == SP_NONE && l->space != SP_NONE)
                ok = 0;   /* the space before is the gap */
            int lc = l->cls, cc = c->cls;
            if (c->space == SP_NONE &&
                (lc == BM_CLS_CONNECTOR || lc == BM_CLS_SOLIDUS ||
                 lc == BM_CLS_IDSP || cc == BM_CLS_CONNECTOR ||
                 cc == BM_CLS_SOLIDUS || cc == BM_CLS_IDSP))
                ok = 0;
            if (ok && c->space == SP_NONE &&
                (cc == BM_CLS_STOP || cc == BM_CLS_CLOSE ||
                 cc == BM_CLS_POSTFIX || lc == BM_CLS_OPEN ||
                 lc == BM_CLS_PREFIX)) {
                /* marks stay with their character unless nothing else
                 * on the line can widen; the gap before a closing mark
                 * never opens (a comma set off from its word reads as a
                 * stray mark) */
                ok = 0;
                c->gap2 = cc != BM_CLS_STOP && cc != BM_CLS_CLOSE;
            }
            if (c->off < st->runin_len) {
                /* a run-in byline is not letter-spaced but as a last
                 * resort (its spaces open first, to 1 em) */
                c->gap2 = ok && c->space == SP_NONE;
                ok = 0;
            }
            c->gap = (uint8_t)ok;
        }
        prev = i;
    }
    return BM_OK;
}

/* ---- the optimiser --------------------------------------------------------- */

/* Demerits of a feasible line stay below (10 + BAD_MAX)^2 = 1e10, so any
 * feasible layout beats one that breaks a rule. */
#define BAD_MAX 99990LL
#define COST_OVERFULL 1000000000000000LL /* wider than the measure */
#define COST_UNJUST      1000000000000LL /* cannot fill (no stretchable gap) */
#define COST_ORPHAN      1000000000000LL /* 孤字 last line */
#define COST_EMERG             1000000LL /* break inside a URL (after / . -) */
#define COST_URL                 40000LL /* the same, when the URL fits: */
                                         /* beats gaps of ~1/4 em (E) */
#define COST_RULE         100000000000LL /* kinsoku broken: chunk too wide */
#define COST_NAME_SPLIT   200000000000LL /* inside a run-in byline's word */
#define COST_DOT_BREAK       200000000LL /* after a middle dot in its name */
#define COST_TITLE_BREAK     200000000LL /* between its title and a name */

typedef struct sums {
    int64_t *w, *sh, *st, *g, *g2, *h;   /* prefix sums, n+1 each */
} sums;

/* What a line from a to b (chars a..b-1) measures: edges removed. */
typedef struct lm {
    int64_t nat, sh, st, g, g2, h;
} lm;

/* With hanging on, one 、，。 at the end of a line, not after another
 * mark, is set outside the measure (cjk-layout.md D "Hanging"). */
static int hangs(const para *p, size_t a, size_t b)
{
    if (!p->st->hanging || b < a + 2)
        return 0;
    const pch *E = &p->ch[b - 1];
    return (E->cp == 0x3001 || E->cp == 0xFF0C || E->cp == 0x3002) &&
           is_mark(E) && !is_mark(&p->ch[b - 2]);
}

static void line_metrics(const para *p, const sums *s, size_t a, size_t b,
                         lm *m)
{
    const pch *A = &p->ch[a], *E = &p->ch[b - 1];
    m->nat = s->w[b] - s->w[a] - A->lead - A->lb;
    m->sh = s->sh[b] - s->sh[a] - (A->hl ? p->em / 8 : 0) -
            (A->lbfix ? 0 : A->lb);
    m->st = s->st[b] - s->st[a] - (A->hl ? p->em / 12 : 0);
    m->g = s->g[b] - s->g[a] - A->gap;
    m->g2 = s->g2[b] - s->g2[a] - A->gap2;
    m->h = s->h[b] - s->h[a];
    if (E->space == SP_WORD || E->space == SP_HL) {
        if (b - 1 != a) {
            m->nat -= E->w;
            m->sh -= E->self_sh;
            m->st -= E->self_st;
            m->g -= E->gap;
        }
    } else {
        m->nat -= E->rb;
        m->sh -= E->rb;
    }
    if (hangs(p, a, b)) {
        m->nat -= E->lead + E->w - E->rb;
        m->g2 -= E->gap2;
        m->g -= E->gap;
    }
    if (a == 0)
        m->nat += p->st->indent;
}

static int64_t line_cost(const para *p, const lm *m, int last)
{
    int64_t em = p->em, meas = p->st->measure;
    int64_t need = meas - m->nat, bad;
    int justify = p->st->align == BM_ALIGN_JUSTIFY && !last;
    /* one division per line: this runs for every candidate pair */
    if (need < 0) {
        if (-need > m->sh)
            return COST_OVERFULL + (-need - m->sh);
        bad = 40 * -need / em;          /* 20 per half em pushed in */
    } else if (!justify) {
        bad = p->st->align == BM_ALIGN_JUSTIFY || last
                  ? 0 : 100 * need * need / (em * em);
    } else {
        int64_t bounded = need < m->st ? need : m->st;
        int64_t rest = need - bounded;
        if (rest == 0) {
            bad = 40 * bounded / em;    /* glue and word spaces: cheap */
        } else if (m->g > 0) {
            /* 40 per em of glue stretch + 100 at 1/8 em added per gap */
            int64_t g2 = m->g * m->g;
            bad = (40 * bounded * g2 * em + 6400 * rest * rest) / (g2 * em * em);
        } else if (m->g2 > 0) {
            /* letter-spacing as a last resort (a run-in byline's line, a
             * line of marks): graded by the spacing each gap takes, from
             * 3/10 of BAD_MAX to all of it at 1/2 em a gap, so that a
             * line spaced a little beats one spaced as 「实　习　生」 */
            int64_t per = rest / m->g2;
            bad = per >= em / 2 ? BAD_MAX
                                : 30000 + 69990 * per / (em / 2);
        } else {
            return COST_UNJUST + rest;
        }
    }
    if (bad > BAD_MAX)
        bad = BAD_MAX;
    return (10 + bad) * (10 + bad);
}

static int64_t add_sat(int64_t a, int64_t b)
{
    return a > INT64_MAX / 2 - b ? INT64_MAX / 2 : a + b;
}

/* Demerits of the line av..b (its metrics into *mm): the line's own, a
 * 孤字 last line's, and the price of the break at b (ok[b], see below). */
static int64_t line_demerits(const para *p, const sums *s, const uint8_t *ok,
                             size_t av, size_t b, int last, lm *mm)
{
    line_metrics(p, s, av, b, mm);
    int64_t cost = line_cost(p, mm, last);
    if (last && av > 0 && mm->h < p->st->min_last)
        cost = add_sat(cost, COST_ORPHAN);
    if (ok[b] >= 2)
        cost = add_sat(cost, ok[b] == 2   ? COST_EMERG
                             : ok[b] == 4 ? COST_URL
                             : ok[b] == 5 ? COST_NAME_SPLIT
                             : ok[b] == 6 ? COST_TITLE_BREAK
                             : ok[b] == 7 ? COST_DOT_BREAK
                                          : COST_RULE);
    return cost;
}

/*
 * 拉行: the best setting of the paragraph in exactly L lines (one more than
 * its best setting's), every line but a last one at most LONGER_SHORT em
 * short of the measure before justification and opening its gaps by no
 * more than line_cost's badness LONGER_BAD (about 1/7 em a gap: two
 * characters fewer on a line of 14).  A page sets a paragraph so to push a
 * widow or orphan off a column break (keep.c).  The same search as the
 * paragraph's own, over (break, lines so far); a break is reached by few
 * line counts when every line is nearly full, so it stays cheap.  Fills
 * *bk (L + 1 candidate indices) and *cost; 0 when there is no such
 * setting, or it would break a rule.
 */
#define LONGER_SHORT 2
#define LONGER_BAD 150LL

static int breaks_in(const para *p, const sums *s, const uint8_t *ok,
                     const size_t *cand, size_t nc, size_t L, size_t span,
                     bm_arena *scratch, size_t **bk, int64_t *cost)
{
    const bm_para_style *st = p->st;
    const pch *ch = p->ch;
    size_t n = p->n, W = L + 1;
    int64_t em = p->em, most = (10 + LONGER_BAD) * (10 + LONGER_BAD);
    int64_t *best = bm_arena_alloc(scratch, nc * W * sizeof *best);
    uint32_t *from = bm_arena_alloc(scratch, nc * W * sizeof *from);
    size_t *lo = bm_arena_alloc(scratch, nc * sizeof *lo);
    size_t *hi = bm_arena_alloc(scratch, nc * sizeof *hi);
    for (size_t i = 0; i < nc * W; i++)
        best[i] = INT64_MAX;
    best[0] = 0;
    lo[0] = hi[0] = 0;
    for (size_t j = 1; j < nc; j++) {
        size_t b = cand[j];
        int last = b == n || ch[b].brk == BM_BRK_MUST;
        lo[j] = W;
        hi[j] = 0;
        for (size_t i = j; i-- > 0 && j - i <= span;) {
            size_t av = cand[i];
            if (!last && s->w[b] - s->w[av] + (av == 0 ? st->indent : 0) <
                             st->measure - LONGER_SHORT * em) {
                if (av > 0 && ch[av].brk == BM_BRK_MUST)
                    break;
                continue;
            }
            lm mm;
            int64_t c = line_demerits(p, s, ok, av, b, last, &mm);
            if (line_cost(p, &mm, last) <= most && lo[i] <= hi[i])
                for (size_t l = lo[i]; l <= hi[i] && l < L; l++) {
                    if (best[i * W + l] == INT64_MAX)
                        continue;
                    int64_t t = add_sat(best[i * W + l], c);
                    if (t < best[j * W + l + 1]) {
                        best[j * W + l + 1] = t;
                        from[j * W + l + 1] = (uint32_t)i;
                        if (l + 1 < lo[j])
                            lo[j] = l + 1;
                        if (l + 1 > hi[j])
                            hi[j] = l + 1;
                    }
                }
            if (mm.nat - mm.sh > st->measure + em)
                break;
            if (av > 0 && ch[av].brk == BM_BRK_MUST)
                break;
        }
    }
    int64_t got = best[(nc - 1) * W + L];
    if (got >= COST_EMERG)
        return 0;
    size_t *out = bm_arena_alloc(scratch, (L + 1) * sizeof *out);
    size_t j = nc - 1;
    for (size_t l = L; l > 0; l--) {
        out[l] = j;
        j = from[j * W + l];
    }
    out[0] = 0;
    *bk = out;
    *cost = got;
    return 1;
}

/* ---- setting one line -------------------------------------------------------- */

typedef struct adj {
    uint32_t k;
    uint8_t  what, pri;   /* what: 0 lb, 1 rb, 2 lead, 3 self */
    bm_fix   cap;
} adj;

/* Takes `amount` from items[0..n) of one priority: proportional to their
 * capacity, remainders one unit at a time in order.  Returns what it took. */
static int64_t distribute(adj *it, size_t n, int64_t amount, bm_fix *take)
{
    int64_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += it[i].cap;
    if (total == 0 || amount <= 0)
        return 0;
    int64_t want = amount < total ? amount : total, got = 0;
    for (size_t i = 0; i < n; i++) {
        take[i] = (bm_fix)(it[i].cap * want / total);
        got += take[i];
    }
    for (size_t i = 0; got < want; i = (i + 1) % n)
        if (take[i] < it[i].cap)
            take[i]++, got++;
    return want;
}

static bm_status set_line(para *p, size_t a, size_t b, int last, int emerg,
                          bm_arena *out, bm_pline *pl)
{
    const bm_para_style *st = p->st;
    bm_fix em = p->em;
    size_t m = b - a;
    bm_arena *sc = p->c->scratch;
    /* per character: reductions of lb/rb, lead change, self change, gap */
    bm_fix *dl = bm_arena_alloc(sc, m * sizeof *dl);
    bm_fix *dr = bm_arena_alloc(sc, m * sizeof *dr);
    bm_fix *dlead = bm_arena_alloc(sc, m * sizeof *dlead);
    bm_fix *dself = bm_arena_alloc(sc, m * sizeof *dself);
    bm_fix *gapx = bm_arena_alloc(sc, m * sizeof *gapx);
    pch *ch = p->ch + a;

    dlead[0] = -ch[0].lead;
    dl[0] = ch[0].lb;
    const pch *E = &ch[m - 1];
    int end_space = (E->space == SP_WORD || E->space == SP_HL) && m > 1;
    if (end_space)
        dself[m - 1] = -E->w;
    else
        dr[m - 1] = E->rb;

    int64_t nat = (a == 0 ? st->indent : 0);
    for (size_t k = 0; k < m; k++)
        nat += ch[k].lead + ch[k].w;
    nat += dlead[0] - dl[0] + dself[m - 1] - dr[m - 1];
    int hang = hangs(p, a, b);
    size_t mm = m - (size_t)hang;   /* characters inside the measure */
    if (hang)
        nat -= E->lead + E->w - dr[m - 1];

    int64_t meas = st->measure;
    int64_t need = meas - nat;
    bm_fix spaced = 0;
    if (need > 0 && (last || st->align != BM_ALIGN_JUSTIFY))
        need = 0;

    /* adjustable items of this line */
    adj *it = NULL;
    bm_fix *take = NULL;
    size_t nit = 0;
    if (need != 0) {
        it = bm_arena_alloc(sc, (4 * m + 1) * sizeof *it);
        take = bm_arena_alloc(sc, (4 * m + 1) * sizeof *take);
    }
    if (need < 0) {
        for (size_t k = 0; k < mm; k++) {
            const pch *c = &ch[k];
            if (c->lb - dl[k] > 0 && !c->lbfix)
                it[nit++] = (adj){(uint32_t)k, 0, c->pblank, c->lb - dl[k]};
            if (c->rb - dr[k] > 0)
                it[nit++] = (adj){(uint32_t)k, 1, c->pblank, c->rb - dr[k]};
            if (c->hl && k > 0)
                it[nit++] = (adj){(uint32_t)k, 2, P_HL, em / 8};
            if (c->self_sh > 0 && !(k == m - 1 && end_space))
                it[nit++] = (adj){(uint32_t)k, 3,
                                  c->space == SP_WORD ? P_SPACE
                                  : c->space == SP_HL ? P_HL : P_DOT,
                                  c->self_sh};
        }
        int64_t rem = -need;
        adj *cls = bm_arena_alloc(sc, (nit + 1) * sizeof *cls);
        for (int pri = P_SPACE; pri < P_COUNT && rem > 0; pri++) {
            size_t nc = 0;
            for (size_t i = 0; i < nit; i++)
                if (it[i].pri == pri)
                    cls[nc++] = it[i];
            memset(take, 0, (nc + 1) * sizeof *take);
            rem -= distribute(cls, nc, rem, take);
            for (size_t i = 0; i < nc; i++) {
                size_t k = cls[i].k;
                switch (cls[i].what) {
                case 0: dl[k] += take[i]; break;
                case 1: dr[k] += take[i]; break;
                case 2: dlead[k] -= take[i]; break;
                default: dself[k] -= take[i]; break;
                }
            }
        }
        need = -rem;   /* < 0 only for an overfull line */
    } else if (need > 0) {
        for (int pass = 0; pass < 2 && need > 0; pass++) {
            nit = 0;
            for (size_t k = 0; k < mm; k++) {
                const pch *c = &ch[k];
                if (k == m - 1 && end_space)
                    continue;
                if (pass == 0 && c->space == SP_WORD && c->self_st > 0)
                    it[nit++] = (adj){(uint32_t)k, 3, 0, c->self_st};
                if (pass == 1 && c->space == SP_HL)
                    it[nit++] = (adj){(uint32_t)k, 3, 0, c->self_st};
                if (pass == 1 && c->hl && k > 0)
                    it[nit++] = (adj){(uint32_t)k, 2, 0, em / 12};
            }
            memset(take, 0, (nit + 1) * sizeof *take);
            need -= distribute(it, nit, need, take);
            for (size_t i = 0; i < nit; i++) {
                if (it[i].what == 2)
                    dlead[it[i].k] += take[i];
                else
                    dself[it[i].k] += take[i];
            }
        }
        if (need > 0) {
            int64_t g = 0, g2 = 0;
            for (size_t k = 1; k < mm; k++) {
                g += ch[k].gap && !(k == m - 1 && end_space);
                g2 += ch[k].gap2;
            }
            int use2 = g == 0;
            if (use2)
                g = g2;
            if (g > 0) {
                int64_t each = need / g, extra = need % g;
                if (use2)
                    spaced = (bm_fix)(each + (extra > 0));
                for (size_t k = 1; k < mm; k++)
                    if ((use2 ? ch[k].gap2 : ch[k].gap) &&
                        !(k == m - 1 && end_space)) {
                        gapx[k] = (bm_fix)(each + (extra > 0));
                        extra--;
                    }
            } else if (p->c->diags && !emerg) {
                bm_diags_add(p->c->diags, BM_WARNING,
                             p->src ? p->src->file : NULL,
                             p->src ? p->src->line : 0, p->src ? p->src->col : 0,
                             "a line cannot be justified (nothing to widen "
                             "in \"%.*s\")",
                             (int)(ch[m - 1].off + ch[m - 1].len - ch[0].off),
                             p->text + ch[0].off);
            }
        }
    }

    /* place */
    size_t nglyph = 0;
    for (size_t k = 0; k < m; k++)
        nglyph += ch[k].ng;
    bm_glyph *gl = bm_arena_alloc(out, (nglyph + 1) * sizeof *gl);
    uint8_t *zw = bm_arena_alloc(sc, nglyph + 1);   /* glyph of a 0-width char */
    bm_fix x0 = a == 0 ? st->indent : 0, x = x0, xin = 0;
    size_t ng = 0;
    long carrier = -1;
    for (size_t k = 0; k < m; k++) {
        const pch *c = &ch[k];
        if (k == mm)
            xin = x;   /* a hanging mark starts at the measure's end */
        x += c->lead + dlead[k] + gapx[k];
        for (uint32_t j = 0; j < c->ng; j++) {
            const sglyph *s = &p->g[c->g0 + j];
            bm_glyph *o = &gl[ng];
            o->gid = s->gid;
            o->face = s->face;
            o->x = x + s->x - dl[k];
            o->y = s->y;
            o->cluster = c->off - ch[0].off;
            o->nbytes = j == 0 ? c->len : 0;
            zw[ng] = c->w == 0;
            if (j == 0)
                carrier = (long)ng;
            ng++;
        }
        if (c->ng == 0 && carrier >= 0)
            gl[carrier].nbytes += c->len;
        x += c->w - dl[k] - dr[k] + dself[k];
    }
    bm_fix width = (hang ? xin : x) - x0;
    bm_fix shift = 0;
    bm_fix avail = (bm_fix)meas - x0;
    if (st->align == BM_ALIGN_CENTER)
        shift = (avail - width) / 2;
    else if (st->align == BM_ALIGN_END)
        shift = avail - width;
    /* a deleted space sits where the next glyph starts (which may have
     * moved left by a compressed blank), so advances stay >= 0 */
    for (size_t j = ng; j-- > 0;)
        if (zw[j])
            gl[j].x = j + 1 < ng ? gl[j + 1].x : x;
    for (size_t j = 0; j < ng; j++)
        gl[j].x += shift;
    for (size_t j = 0; j < ng; j++)
        gl[j].adv = (j + 1 < ng ? gl[j + 1].x : x + shift) - gl[j].x;
    pl->start = ch[0].off;
    pl->end = ch[m - 1].off + ch[m - 1].len;
    pl->glyphs = gl;
    pl->nglyphs = ng;
    pl->width = width;
    pl->indent = x0;
    pl->spaced = spaced;
    pl->is_last = last;
    if (x0 + width > meas && p->c->diags)
        bm_diags_add(p->c->diags, BM_WARNING, p->src ? p->src->file : NULL,
                     p->src ? p->src->line : 0, p->src ? p->src->col : 0,
                     "overfull line: \"%.*s\" is %.2f pt wider than the "
                     "measure",
                     (int)(pl->end - pl->start), p->text + pl->start,
                     (double)(x0 + width - meas) / 64.0);
    return BM_OK;
}

/* ---- the paragraph ------------------------------------------------------------ */

bm_status bm_para_compose(bm_composer *c, const char *text, size_t len,
                          const bm_para_style *st, const bm_src *src,
                          bm_arena *a, bm_pline **lines, size_t *nlines,
                          bm_error *err)
{
    return bm_para_compose_fit(c, text, len, st, src, a, lines, nlines, NULL,
                               err);
}

bm_status bm_para_compose_fit(bm_composer *c, const char *text, size_t len,
                              const bm_para_style *st, const bm_src *src,
                              bm_arena *a, bm_pline **lines, size_t *nlines,
                              bm_para_fit *fit, bm_error *err)
{
    *lines = NULL;
    *nlines = 0;
    if (fit)
        fit->longer = -1;
    bm_arena_reset(c->scratch);
    if (st->size <= 0 || st->measure <= 0)
        return bm_error_set(err, BM_INPUT, src ? src->file : NULL,
                            src ? src->line : 0, src ? src->col : 0,
                            "paragraph style needs a size and a measure");
    bm_tchar *t;
    size_t n;
    bm_status rc = bm_breaker_analyze(c->brk, text, len, st->kinsoku,
                                      c->scratch, &t, &n, err);
    if (rc != BM_OK) {
        if (src)
            bm_error_locate(err, src->file, src->line, src->col);
        return rc;
    }
    if (n == 0)
        return BM_OK;

    para p;
    memset(&p, 0, sizeof p);
    p.c = c;
    p.st = st;
    p.src = src;
    p.text = text;
    p.em = st->size;
    p.n = n;
    p.ch = bm_arena_alloc(c->scratch, n * sizeof *p.ch);
    for (size_t i = 0; i < n; i++) {
        pch *q = &p.ch[i];
        q->cp = t[i].cp;
        q->off = t[i].off;
        q->len = t[i].len;
        q->cls = t[i].cls;
        q->brk = t[i].brk;
        q->unit = t[i].unit;
    }
    p.gcap = n + 16;   /* most characters have one glyph */
    p.g = bm_arena_alloc(c->scratch, p.gcap * sizeof *p.g);
    rc = build(&p, err);
    if (rc != BM_OK)
        return rc;
    pch *ch = p.ch;
    bm_fix em = p.em;

    /* prefix sums */
    sums s;
    int64_t *mem = bm_arena_alloc(c->scratch, 6 * (n + 1) * sizeof *mem);
    s.w = mem, s.sh = mem + (n + 1), s.st = mem + 2 * (n + 1);
    s.g = mem + 3 * (n + 1), s.h = mem + 4 * (n + 1);
    s.g2 = mem + 5 * (n + 1);
    for (size_t i = 0; i < n; i++) {
        const pch *q = &ch[i];
        s.w[i + 1] = s.w[i] + q->lead + q->w;
        s.sh[i + 1] = s.sh[i] + (q->hl ? em / 8 : 0) + (q->lbfix ? 0 : q->lb) +
                      q->rb + q->self_sh;
        s.st[i + 1] = s.st[i] + (q->hl ? em / 12 : 0) + q->self_st;
        s.g[i + 1] = s.g[i] + q->gap;
        s.g2[i + 1] = s.g2[i] + q->gap2;
        s.h[i + 1] = s.h[i] + q->han;
    }

    /* One line when the whole text fits at its natural width and holds no
     * hard break: the search would find just that (a last line costs
     * nothing), but only after trying every pair of breaks on a measure
     * this wide, which made the display setter's one unbounded line
     * (display.c measure_all) quadratic in a headline's length. */
    int one_line = s.w[n] + st->indent <= st->measure;
    for (size_t i = 1; i < n && one_line; i++)
        one_line = ch[i].brk != BM_BRK_MUST;
    if (one_line) {
        bm_pline *out = bm_arena_alloc(a, sizeof *out);
        rc = set_line(&p, 0, n, 1, 0, a, out);
        if (rc != BM_OK)
            return rc;
        *lines = out;
        *nlines = 1;
        return BM_OK;
    }

    /* break candidates: allowed breaks, emergency breaks inside units wider
     * than the measure, and the end */
    uint8_t *ok = bm_arena_alloc(c->scratch, n + 1);
    for (size_t i = 1; i < n; i++)
        ok[i] = ch[i].brk == BM_BRK_ALLOW || ch[i].brk == BM_BRK_MUST;
    /* a span kept on one line (a cross-reference): no break inside it
     * when the measure holds it */
    if (st->keep_len) {
        size_t a = 0, b;
        while (a < n && ch[a].off < st->keep_at)
            a++;
        for (b = a; b < n && ch[b].off < st->keep_at + st->keep_len; b++)
            ;
        if ((bm_fix)(b - a) * em <= st->measure)
            for (size_t i = a + 1; i < b; i++)
                ok[i] = 0;
    }
    /* An e-mail address or URL may break after / . @ - _ ? (its EMERG
     * points) at a price, so the line before it need not go loose
     * (「市 民 也 可 以 通 过」): a URL break beats a line whose gaps open
     * by more than about a quarter em. */
    for (size_t i = 0; i < n;) {
        if (!ch[i].west || ch[i].unit) {
            i++;
            continue;
        }
        size_t j = i + 1;
        int url = ch[i].cp == '@' || ch[i].cp == '/';
        while (j < n && ch[j].unit) {
            url |= ch[j].cp == '@' || ch[j].cp == '/' ||
                   (ch[j].cp == '.' && j + 1 < n && ch[j + 1].cls == BM_CLS_LATIN &&
                    ch[j - 1].cls == BM_CLS_LATIN);
            j++;
        }
        if (url)
            for (size_t k = i + 1; k < j; k++)
                if (ch[k].brk == BM_BRK_EMERG)
                    ok[k] = 4;
        i = j;
    }
    /*
     * A run-in byline (本报讯（记者 钱翀 通讯员 卢嘉喆）) breaks at its
     * spaces, keeping titles and names whole (issue 13): a break inside one
     * of its words (「通｜讯员」, 「孔令｜喆」) costs more than any line
     * short of unjustifiable, a break between a title and its name
     * (「通讯员｜卢嘉喆」) more than a loose line but less than letter-
     * spacing the byline to fill a narrow column.  So the composer breaks
     * at a plain space when a line fills there, then after a title, then
     * letter-spaces a little (line_cost) or breaks after a long name's
     * middle dot, and splits a word elsewhere only when nothing else can
     * be set.
     */
    for (size_t i = 1; i < n && ch[i].off < st->runin_len; i++) {
        int idsp = ch[i - 1].cls == BM_CLS_IDSP && ch[i - 1].space == SP_WORD;
        if (idsp && ch[i].cls != BM_CLS_CLOSE && ch[i].cls != BM_CLS_STOP &&
            ch[i].cls != BM_CLS_IDSP)
            ok[i] = 1;   /* after a U+3000 word space */
        if (ok[i] != 1)
            continue;
        int sp = ch[i - 1].cls == BM_CLS_SPACE || ch[i].cls == BM_CLS_SPACE || idsp;
        if (!sp && ch[i].cls != BM_CLS_OPEN) {
            /* after a name's middle dot (迪丽努尔·|艾合买提) when a name
             * is too long for any line */
            uint32_t d = ch[i - 1].cp;
            ok[i] = d == 0xB7 || d == 0x30FB || d == 0x2027 ? 7 : 5;
            continue;
        }
        if (!sp)
            continue;
        size_t e = i;
        while (e > 0 && (ch[e - 1].cls == BM_CLS_SPACE || ch[e - 1].space == SP_WORD))
            e--;
        size_t b = e;
        while (b > 0 && ch[b - 1].cls != BM_CLS_SPACE &&
               ch[b - 1].space != SP_WORD && ch[b - 1].cls != BM_CLS_OPEN)
            b--;
        if (e > b && bm_layout_title_word(text + ch[b].off,
                                          ch[e - 1].off + ch[e - 1].len -
                                              ch[b].off))
            ok[i] = 6;
    }
    /* A chunk between two allowed breaks that is wider than the measure
     * must break somewhere: at its URL points (after / . -) if it has any,
     * else between its units (breaking a kinsoku rule), else anywhere but
     * inside a character's glyphs.  All three are priced (COST_EMERG). */
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && !ok[j])
            j++;
        int64_t wmin = s.w[j] - s.w[i] - (s.sh[j] - s.sh[i]);
        if (j - i > 1 && wmin > st->measure - (i == 0 ? st->indent : 0)) {
            int any = 0;
            for (size_t k = i + 1; k < j; k++)
                if (ch[k].brk == BM_BRK_EMERG)
                    ok[k] = 2, any = 1;
            /* a number gives up its unit first (129.62|亿元) */
            if (!any)
                for (size_t k = i + 1; k < j; k++)
                    if (ch[k].unit && hanlike(&ch[k]) && !hanlike(&ch[k - 1]))
                        ok[k] = 3, any = 1;
            if (!any)
                for (size_t k = i + 1; k < j; k++)
                    if (!ch[k].unit && ch[k].cls != BM_CLS_SPACE)
                        ok[k] = 3, any = 1;
            if (!any)
                for (size_t k = i + 1; k < j; k++)
                    if (ch[k].ng > 0 && ch[k].cls != BM_CLS_SPACE)
                        ok[k] = 3;
        }
        i = j;
    }
    ok[n] = 1;
    size_t *cand = bm_arena_alloc(c->scratch, (n + 2) * sizeof *cand);
    size_t nc = 0;
    cand[nc++] = 0;
    for (size_t i = 1; i <= n; i++)
        if (ok[i])
            cand[nc++] = i;
    int64_t *best = bm_arena_alloc(c->scratch, nc * sizeof *best);
    size_t *from = bm_arena_alloc(c->scratch, nc * sizeof *from);
    best[0] = 0;
    /* Pass 1 skips lines more than LOOSE short of the measure (they would
     * need a quarter of an em or more in every gap); if that leaves only a
     * layout that breaks a rule, pass 2 tries every line. */
    int64_t loose = 3 * (int64_t)em;
    /* no line holds more break opportunities than this (zero-width text
     * would otherwise make the search quadratic) */
    size_t span = 1024 + 16 * (size_t)(st->measure / em);
    for (int pass = 0; pass < 2; pass++) {
        for (size_t j = 1; j < nc; j++) {
            size_t b = cand[j];
            int last = b == n || ch[b].brk == BM_BRK_MUST;
            best[j] = INT64_MAX;
            from[j] = j - 1;
            for (size_t i = j; i-- > 0 && j - i <= span;) {
                size_t av = cand[i];
                if (pass == 0 && !last &&
                    s.w[b] - s.w[av] + (av == 0 ? st->indent : 0) <
                        st->measure - loose) {
                    if (av > 0 && ch[av].brk == BM_BRK_MUST)
                        break;
                    continue;
                }
                lm mm;
                int64_t cost = line_demerits(&p, &s, ok, av, b, last, &mm);
                int64_t tot = add_sat(best[i], cost);
                if (best[i] != INT64_MAX && tot < best[j]) {
                    best[j] = tot;
                    from[j] = i;
                }
                if (mm.nat - mm.sh > st->measure + em)
                    break;   /* longer lines only get wider */
                if (av > 0 && ch[av].brk == BM_BRK_MUST)
                    break;   /* a hard break is never skipped */
            }
        }
        if (best[nc - 1] < COST_EMERG * 100000)
            break;
    }

    /* walk back the chosen breaks */
    size_t nl = 0;
    for (size_t j = nc - 1; j > 0; j = from[j])
        nl++;
    size_t *bk = bm_arena_alloc(c->scratch, (nl + 1) * sizeof *bk);
    size_t k = nl;
    for (size_t j = nc - 1; j > 0; j = from[j])
        bk[k--] = j;
    bk[0] = 0;
    /* the setting a line longer: priced, or taken */
    if ((st->longer || fit) && best[nc - 1] < COST_EMERG) {
        size_t *lbk;
        int64_t lcost;
        if (breaks_in(&p, &s, ok, cand, nc, nl + 1, span, c->scratch, &lbk,
                      &lcost)) {
            if (fit)
                fit->longer = lcost - best[nc - 1];
            if (st->longer) {
                bk = lbk;
                nl++;
            }
        }
    }
    bm_pline *out = bm_arena_alloc(a, nl * sizeof *out);
    int warned = 0;
    for (size_t l = 0; l < nl; l++) {
        size_t aa = cand[bk[l]], bb = cand[bk[l + 1]];
        int last = bb == n || ch[bb].brk == BM_BRK_MUST;
        if (ok[bb] == 3 && !warned++ && c->diags)
            bm_diags_add(c->diags, BM_WARNING, src ? src->file : NULL,
                         src ? src->line : 0, src ? src->col : 0,
                         "text with no allowed break is wider than the "
                         "measure: broken against the rules after \"%.*s\"",
                         (int)(ch[bb - 1].off + ch[bb - 1].len - ch[aa].off),
                         text + ch[aa].off);
        rc = set_line(&p, aa, bb, last, ok[bb] >= 2 && ok[bb] <= 4, a,
                      &out[l]);
        if (rc != BM_OK)
            return rc;
    }
    *lines = out;
    *nlines = nl;
    return BM_OK;
}
