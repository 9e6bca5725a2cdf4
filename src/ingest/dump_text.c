/*
 * dump_text.c - code-point strings and the text repairs of the page-dump
 * importer: stray spaces, full-width punctuation, duplicated fragments.
 *
 * The repairs decide by the characters around a mark, never by words: a
 * comma between two digits is a thousands separator, a colon between two
 * digits a ratio or a time, anything inside a URL-like token stays ASCII,
 * and a mark with Chinese text on either side is Chinese punctuation.
 */
#include "ingest_private.h"

#include <stdlib.h>
#include <string.h>

/* ---- bm_ustr -------------------------------------------------------------- */

static void us_reserve(bm_arena *a, bm_ustr *s, size_t need)
{
    if (need <= s->cap)
        return;
    size_t nc = s->cap ? s->cap * 2 : 32;
    while (nc < need)
        nc *= 2;
    s->c = bm_arena_grow(a, s->c, s->n * sizeof *s->c, nc * sizeof *s->c);
    s->ln = bm_arena_grow(a, s->ln, s->n * sizeof *s->ln, nc * sizeof *s->ln);
    s->cap = nc;
}

void bm_us_push(bm_arena *a, bm_ustr *s, uint32_t c, int ln)
{
    us_reserve(a, s, s->n + 1);
    s->c[s->n] = c;
    s->ln[s->n] = ln;
    s->n++;
}

void bm_us_append(bm_arena *a, bm_ustr *dst, const bm_ustr *src)
{
    if (!src->n)
        return;
    us_reserve(a, dst, dst->n + src->n);
    memcpy(dst->c + dst->n, src->c, src->n * sizeof *src->c);
    memcpy(dst->ln + dst->n, src->ln, src->n * sizeof *src->ln);
    dst->n += src->n;
}

bm_ustr bm_us_sub(bm_arena *a, const bm_ustr *s, size_t from, size_t to)
{
    bm_ustr r = {0};
    if (to > s->n)
        to = s->n;
    if (from >= to)
        return r;
    us_reserve(a, &r, to - from);
    memcpy(r.c, s->c + from, (to - from) * sizeof *r.c);
    memcpy(r.ln, s->ln + from, (to - from) * sizeof *r.ln);
    r.n = to - from;
    return r;
}

void bm_us_trim(bm_ustr *s)
{
    size_t a = 0, b = s->n;
    while (a < b && bm_ch_space(s->c[a]))
        a++;
    while (b > a && bm_ch_space(s->c[b - 1]))
        b--;
    if (a) {
        memmove(s->c, s->c + a, (b - a) * sizeof *s->c);
        memmove(s->ln, s->ln + a, (b - a) * sizeof *s->ln);
    }
    s->n = b - a;
}

/* Decodes a (valid, literal) UTF-8 needle into cps; returns the count. */
static size_t needle(const char *utf8, uint32_t *out, size_t max)
{
    size_t n = 0, len = strlen(utf8), i = 0;
    while (i < len && n < max) {
        uint32_t cp;
        int k = bm_utf8_decode(utf8 + i, len - i, &cp);
        if (k <= 0)
            break;
        out[n++] = cp;
        i += (size_t)k;
    }
    return n;
}

static int match_at(const bm_ustr *s, size_t at, const uint32_t *nd, size_t nn)
{
    if (at + nn > s->n)
        return 0;
    for (size_t i = 0; i < nn; i++)
        if (s->c[at + i] != nd[i])
            return 0;
    return 1;
}

int bm_us_starts(const bm_ustr *s, const char *utf8)
{
    uint32_t nd[32];
    size_t nn = needle(utf8, nd, 32);
    return match_at(s, 0, nd, nn);
}

int bm_us_ends(const bm_ustr *s, const char *utf8)
{
    uint32_t nd[32];
    size_t nn = needle(utf8, nd, 32);
    return s->n >= nn && match_at(s, s->n - nn, nd, nn);
}

long bm_us_find(const bm_ustr *s, const char *utf8, size_t from)
{
    uint32_t nd[32];
    size_t nn = needle(utf8, nd, 32);
    for (size_t i = from; i + nn <= s->n; i++)
        if (match_at(s, i, nd, nn))
            return (long)i;
    return -1;
}

char *bm_us_utf8(bm_arena *a, const bm_ustr *s)
{
    if (!s->n)
        return NULL;
    char *out = bm_arena_alloc(a, s->n * 4 + 1), *p = out;
    for (size_t i = 0; i < s->n; i++)
        p += bm_utf8_encode(s->c[i], p);
    *p = '\0';
    return out;
}

/* ---- character classes ---------------------------------------------------- */

int bm_ch_standin(uint32_t c)
{
    return c == ',' || c == ';' || c == ':' || c == '(' || c == ')' ||
           c == '!' || c == '?' || c == '"';
}

static int chinese(uint32_t c)
{
    return bm_ch_han(c) || bm_ch_cjk_punct(c);
}

/* ---- spaces --------------------------------------------------------------- */

void bm_dump_fix_spaces(bm_ustr *s)
{
    size_t o = 0;
    for (size_t i = 0; i < s->n; i++) {
        uint32_t c = s->c[i];
        if (bm_ch_space(c)) {
            if (o == 0 || bm_ch_space(s->c[o - 1]))
                continue;           /* leading or repeated */
            size_t j = i + 1;
            while (j < s->n && bm_ch_space(s->c[j]))
                j++;
            if (j == s->n)
                continue;           /* trailing */
            uint32_t p = s->c[o - 1], q = s->c[j];
            if ((chinese(p) || bm_ch_standin(p)) &&
                (chinese(q) || bm_ch_standin(q))) {
                /* between two ASCII marks: Chinese only if the text on
                   either side is ("。" ", " vs "said: \"OK") */
                size_t b = o - 1;
                while (b > 0 && bm_ch_standin(s->c[b]))
                    b--;
                size_t f = j;
                while (f + 1 < s->n && bm_ch_standin(s->c[f]))
                    f++;
                if (!bm_ch_standin(p) || !bm_ch_standin(q) ||
                    chinese(s->c[b]) || chinese(s->c[f]))
                    continue;       /* an extraction line end */
            }
            c = ' ';
        }
        s->c[o] = c;
        s->ln[o] = s->ln[i];
        o++;
    }
    s->n = o;
}

/* ---- punctuation ---------------------------------------------------------- */

static int urlish(uint32_t c)
{
    return bm_ch_alnum(c) || (c < 0x80 && strchr("./:?=&%#_~+@-", (int)c) &&
                              c != 0);
}

/*
 * Marks the characters of URL-like tokens (www.…, …://…, name@host.tld,
 * host.tld/path): their ? : , stay ASCII.
 */
static void mark_urls(const bm_ustr *s, unsigned char *url)
{
    size_t i = 0;
    while (i < s->n) {
        if (!urlish(s->c[i]) || s->c[i] >= 0x80) {
            i++;
            continue;
        }
        size_t j = i;
        while (j < s->n && s->c[j] < 0x80 && urlish(s->c[j]))
            j++;
        int is_url = 0, dot = 0, slash = 0;
        for (size_t k = i; k < j; k++) {
            if (s->c[k] == '.' && k + 1 < j && bm_ch_alnum(s->c[k + 1]) &&
                k > i && bm_ch_alnum(s->c[k - 1]) && !bm_ch_digit(s->c[k + 1]))
                dot = 1;
            if (s->c[k] == '/' || s->c[k] == '@')
                slash = 1;
            if (s->c[k] == ':' && k + 2 < j && s->c[k + 1] == '/' &&
                s->c[k + 2] == '/')
                is_url = 1;
        }
        if (j - i >= 4 && (s->c[i] == 'w' || s->c[i] == 'W') &&
            (s->c[i + 1] == 'w' || s->c[i + 1] == 'W') &&
            (s->c[i + 2] == 'w' || s->c[i + 2] == 'W') && s->c[i + 3] == '.')
            is_url = 1;
        if (dot && slash)
            is_url = 1;
        if (is_url) {
            /* a ? : at the very end is the sentence's, not the URL's */
            size_t e = j;
            while (e > i && (s->c[e - 1] == '?' || s->c[e - 1] == ':' ||
                             s->c[e - 1] == '.'))
                e--;
            for (size_t k = i; k < e; k++)
                url[k] = 1;
        }
        i = j;
    }
}

/* Nearest character before/after i that is neither a space nor a stand-in. */
static uint32_t ctx_before(const bm_ustr *s, size_t i)
{
    while (i > 0) {
        uint32_t c = s->c[--i];
        if (!bm_ch_space(c) && !bm_ch_standin(c))
            return c;
    }
    return 0;
}

static uint32_t ctx_after(const bm_ustr *s, size_t i)
{
    for (size_t k = i + 1; k < s->n; k++) {
        uint32_t c = s->c[k];
        if (!bm_ch_space(c) && !bm_ch_standin(c))
            return c;
    }
    return 0;
}

void bm_dump_fix_punct(bm_ustr *s)
{
    if (!s->n)
        return;
    unsigned char url_small[256];
    unsigned char *url = url_small;
    int heap = 0;
    if (s->n > sizeof url_small) {
        url = bm_xmalloc(s->n);
        heap = 1;
    }
    memset(url, 0, s->n);
    mark_urls(s, url);

    unsigned char paren[64];   /* stack: was the '(' made full-width? */
    size_t np = 0;
    int quotes = 0;
    for (size_t i = 0; i < s->n; i++) {
        uint32_t c = s->c[i];
        if (!bm_ch_standin(c) || url[i])
            continue;
        uint32_t pi = i ? s->c[i - 1] : 0, ni = i + 1 < s->n ? s->c[i + 1] : 0;
        uint32_t pc = ctx_before(s, i), nc = ctx_after(s, i);
        int zh = chinese(pc) || chinese(nc);
        switch (c) {
        case ',':
            if (bm_ch_digit(pi) && bm_ch_digit(ni))
                break;
            if (zh)
                s->c[i] = 0xFF0C;
            break;
        case ':':
            if (bm_ch_digit(pi) && bm_ch_digit(ni))
                break;
            if (zh)
                s->c[i] = 0xFF1A;
            break;
        case ';':
            if (zh)
                s->c[i] = 0xFF1B;
            break;
        case '?':
            if (zh)
                s->c[i] = 0xFF1F;
            break;
        case '!':
            if (zh)
                s->c[i] = 0xFF01;
            break;
        case '(':
            if (np < sizeof paren)
                paren[np++] = (unsigned char)zh;
            if (zh)
                s->c[i] = 0xFF08;
            break;
        case ')':
            if (np > 0)
                zh = paren[--np];
            if (zh)
                s->c[i] = 0xFF09;
            break;
        case '"':
            if (zh) {
                s->c[i] = (quotes % 2) ? 0x201D : 0x201C;
                quotes++;
            }
            break;
        }
    }
    if (heap)
        free(url);
}

/* ---- duplicated fragments ------------------------------------------------- */

#define REPEAT_MIN 8      /* shorter repeats are language (研究研究) */
#define REPEAT_MAX 400

static int han_count(const uint32_t *c, size_t n)
{
    int k = 0;
    for (size_t i = 0; i < n; i++)
        k += bm_ch_han(c[i]);
    return k;
}

void bm_dump_drop_repeats(bm_ustr *s, bm_arena *tmp, bm_diags *d,
                          const char *file)
{
    /* spaces looked up once (the class lookup at each of the 393
       lengths at every character was most of the cost) */
    uint8_t *sp = bm_arena_alloc(tmp, s->n + 1);
    for (size_t i = 0; i < s->n; i++)
        sp[i] = bm_ch_space(s->c[i]) != 0;
    for (size_t i = 0; i + 2 * REPEAT_MIN <= s->n; i++) {
        if (sp[i])
            continue;
        size_t maxl = (s->n - i) / 2;
        if (maxl > REPEAT_MAX)
            maxl = REPEAT_MAX;
        for (size_t l = maxl; l >= REPEAT_MIN; l--) {
            /* the copy may be separated from the original by one space */
            size_t gap = i + l < s->n && sp[i + l] ? 1 : 0;
            size_t j = i + l + gap;
            if (j + l > s->n)
                continue;
            /* the first two characters before a memcmp call */
            if (s->c[i] != s->c[j] || s->c[i + 1] != s->c[j + 1] ||
                memcmp(s->c + i, s->c + j, l * sizeof *s->c) != 0)
                continue;
            if (han_count(s->c + i, l) < 4)
                continue;
            bm_ustr frag = bm_us_sub(tmp, s, j, j + l);
            char *u = bm_us_utf8(tmp, &frag);
            bm_diags_add(d, BM_WARNING, file, s->ln[j], 0,
                         "dropped a duplicated fragment '%s' (it repeats the "
                         "text just before it character for character)", u);
            memmove(s->c + i + l, s->c + j + l,
                    (s->n - j - l) * sizeof *s->c);
            memmove(s->ln + i + l, s->ln + j + l,
                    (s->n - j - l) * sizeof *s->ln);
            memmove(sp + i + l, sp + j + l, s->n - j - l);
            s->n -= l + gap;
            break;
        }
    }
}
