/*
 * text.c - character classes, NFC and break opportunities for Chinese text.
 *
 * Model.  A paragraph becomes an array of bm_tchar, one per code point, each
 * with its class (cjk-layout.md A), whether a line may break before it, and
 * whether it continues a unit (——, ……, a number, a Latin word, an editor
 * code such as ③5) that must never be split or stretched.
 *
 * Break opportunities start from ICU's line break iterator with locale
 * "zh@lb=strict" (UAX #14 with CSS strict line breaking), read straight from
 * the UTF-8 through a UText so no UTF-16 copy is made.  The Chinese tailoring
 * of cjk-layout.md D then overrides ICU:
 *   - between two full-width Chinese characters the decision is ours alone:
 *     ICU 72 treats “ ” as QU (no break on either side, UAX #14 LB19) and
 *     full-width digits, ·, ～ and editor codes as ID, all wrong for GB text;
 *   - kinsoku: STOP, CLOSE, DOT, CONNECTOR, SOLIDUS, POSTFIX and editor codes
 *     never start a line, OPEN, SOLIDUS and PREFIX never end one, LONG never
 *     starts one at the strict level;
 *   - units are never split, except a URL-like run at BM_BRK_EMERG points.
 * Where a Latin letter, a digit or a space is involved, ICU's answer stands
 * (word breaks, "5G", "4,000", break after a space).
 *
 * The iterator is opened once per bm_breaker (ubrk_open parses rule data:
 * tens of microseconds, more than breaking a whole paragraph).
 */
#include "text.h"

#include <string.h>

#include <stdlib.h>

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utext.h>

/*
 * What the breaker worked out for a text, kept for the next time it is
 * asked: the page composer sets the same paragraph at many measures while
 * it plans (32,518 analyses of a 64-page edition's far fewer paragraphs,
 * 11 % of the build's instructions in ICU).  The answer depends on the
 * bytes alone (and the kinsoku level), so an entry holds a copy of them and
 * is used only when they are the same; the caller gets a fresh copy of the
 * characters in its arena, as before.  Direct-mapped on the text's address
 * and length (texts live in the edition's arena while it is composed), at
 * most BRK_CACHE_BYTES in all (then emptied), texts over BRK_CACHE_LONG
 * bytes never kept.
 */
#define BRK_CACHE_SLOTS 1024
#define BRK_CACHE_BYTES (4u << 20)
#define BRK_CACHE_LONG  8192

typedef struct brk_entry {
    char     *text;      /* malloc: the text's bytes, then the answer */
    size_t    n;         /* text bytes */
    size_t    nans;      /* answer: characters (analyse) or flags (words) */
    int       kind;      /* 1 analyse (+ level), 2 words; 0 = empty */
} brk_entry;

struct bm_breaker {
    UBreakIterator *bi;
    UBreakIterator *wi;   /* dictionary word iterator ("zh"), opened on first use */
    UText           ut;   /* reopened on each text (utext_openUTF8 reuses it) */
    int             ut_open;
    brk_entry      *cache;   /* [BRK_CACHE_SLOTS], on first use */
    size_t          cached;  /* bytes held by the entries */
};

static void brk_cache_clear(bm_breaker *b)
{
    for (size_t i = 0; b->cache && i < BRK_CACHE_SLOTS; i++) {
        free(b->cache[i].text);
        memset(&b->cache[i], 0, sizeof b->cache[i]);
    }
    b->cached = 0;
}

static brk_entry *brk_slot(bm_breaker *b, const char *s, size_t n, int kind)
{
    uintptr_t h = (uintptr_t)s * 31 + n * 7 + (uintptr_t)kind;
    h ^= h >> 17;
    h *= 0x9E3779B1u;
    return &b->cache[(h >> 7) % BRK_CACHE_SLOTS];
}

/* The answer kept for s[0..n) of `kind`, or NULL. */
static const void *brk_lookup(bm_breaker *b, const char *s, size_t n,
                              int kind, size_t *nans)
{
    if (!b->cache || n > BRK_CACHE_LONG)
        return NULL;
    brk_entry *e = brk_slot(b, s, n, kind);
    if (e->kind != kind || e->n != n || memcmp(e->text, s, n) != 0)
        return NULL;
    *nans = e->nans;
    return e->text + (n + 7) / 8 * 8;
}

static void brk_keep(bm_breaker *b, const char *s, size_t n, int kind,
                     const void *ans, size_t nans, size_t size)
{
    if (n > BRK_CACHE_LONG)
        return;
    if (!b->cache) {
        b->cache = bm_xmalloc(BRK_CACHE_SLOTS * sizeof *b->cache);
        memset(b->cache, 0, BRK_CACHE_SLOTS * sizeof *b->cache);
    }
    size_t at = (n + 7) / 8 * 8, bytes = at + size;
    if (b->cached + bytes > BRK_CACHE_BYTES)
        brk_cache_clear(b);
    brk_entry *e = brk_slot(b, s, n, kind);
    if (e->text) {
        b->cached -= (e->n + 7) / 8 * 8 + e->nans * (e->kind == 2 ? 1 : sizeof(bm_tchar));
        free(e->text);
    }
    e->text = bm_xmalloc(bytes ? bytes : 1);
    memcpy(e->text, s, n);
    memcpy(e->text + at, ans, size);
    e->n = n;
    e->nans = nans;
    e->kind = kind;
    b->cached += bytes;
}

/* ---- classes --------------------------------------------------------------- */

bm_cls bm_text_class(uint32_t cp)
{
    if (cp < 0x80) {
        if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'))
            return BM_CLS_LATIN;
        if (cp >= '0' && cp <= '9')
            return BM_CLS_NUM;
        switch (cp) {
        case ' ': case '\t': case '\n': case '\r':
            return BM_CLS_SPACE;
        case ',': case '.': case ';': case ':': case '?': case '!':
            return BM_CLS_STOP;
        case '(': case '[': case '{':
            return BM_CLS_OPEN;
        case ')': case ']': case '}':
            return BM_CLS_CLOSE;
        case '/':
            return BM_CLS_SOLIDUS;
        case '-': case '~':
            return BM_CLS_CONNECTOR;
        case '%':
            return BM_CLS_POSTFIX;
        case '$':
            return BM_CLS_PREFIX;
        default:
            return BM_CLS_OTHER;
        }
    }
    if ((cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
        (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3134F) ||
        cp == 0x3007 || cp == 0x3005 || (cp >= 0x2E80 && cp <= 0x2FDF))
        return BM_CLS_HAN;
    switch (cp) {
    case 0x3002: case 0xFF0E: case 0xFF0C: case 0x3001: case 0xFF1B:
    case 0xFF1A: case 0xFF1F: case 0xFF01: case 0xFF61: case 0xFF64:
        return BM_CLS_STOP;
    case 0x201C: case 0x2018: case 0xFF08: case 0x300A: case 0x3008:
    case 0x300C: case 0x300E: case 0x3010: case 0x3014: case 0x3016:
    case 0xFF3B: case 0xFF5B: case 0x3018: case 0x301A: case 0x301D:
        return BM_CLS_OPEN;
    case 0x201D: case 0x2019: case 0xFF09: case 0x300B: case 0x3009:
    case 0x300D: case 0x300F: case 0x3011: case 0x3015: case 0x3017:
    case 0xFF3D: case 0xFF5D: case 0x3019: case 0x301B: case 0x301E:
    case 0x301F:
        return BM_CLS_CLOSE;
    case 0x00B7: case 0x30FB: case 0x2027: case 0xFF65:
        return BM_CLS_DOT;
    case 0x2013: case 0x2014: case 0xFF5E: case 0x301C: case 0x2015:
        return BM_CLS_CONNECTOR;
    case 0xFF0F:
        return BM_CLS_SOLIDUS;
    case 0x2026: case 0x22EF: case 0x2E3A: case 0x2E3B:
        return BM_CLS_LONG;
    case 0xFF05: case 0x2030: case 0x2103: case 0x2109: case 0x00B0:
    case 0x2032: case 0x2033:
        return BM_CLS_POSTFIX;
    case 0x00A5: case 0xFFE5: case 0xFF04: case 0x00A3: case 0x20AC:
    case 0x2116: case 0xFFE1:
        return BM_CLS_PREFIX;
    case 0x3000:
        return BM_CLS_IDSP;
    case 0x00A0:
        return BM_CLS_SPACE;
    }
    if (cp >= 0xFF10 && cp <= 0xFF19)
        return BM_CLS_NUM;
    if (cp >= 0x2460 && cp <= 0x2473)
        return BM_CLS_EDITOR;
    if ((cp >= 0x00C0 && cp <= 0x024F && cp != 0xD7 && cp != 0xF7) ||
        (cp >= 0x0370 && cp <= 0x03FF) || (cp >= 0x0400 && cp <= 0x04FF) ||
        (cp >= 0x1E00 && cp <= 0x1EFF) || (cp >= 0xFF21 && cp <= 0xFF3A) ||
        (cp >= 0xFF41 && cp <= 0xFF5A))
        return BM_CLS_LATIN;
    if ((cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x31F0 && cp <= 0x31FF) ||
        (cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0x1100 && cp <= 0x11FF))
        return BM_CLS_KANA;
    return BM_CLS_OTHER;
}

int bm_text_fullwidth(uint32_t cp)
{
    if (cp < 0x1100)
        return cp == 0x00B7;   /* · is set as a 0.5 em full-width dot */
    switch (bm_text_class(cp)) {
    case BM_CLS_HAN: case BM_CLS_KANA: case BM_CLS_IDSP: case BM_CLS_EDITOR:
    case BM_CLS_LONG: case BM_CLS_DOT:
        return 1;
    case BM_CLS_STOP: case BM_CLS_OPEN: case BM_CLS_CLOSE:
    case BM_CLS_CONNECTOR: case BM_CLS_SOLIDUS:
        return cp >= 0x2000;
    default:
        break;
    }
    int w = u_getIntPropertyValue((UChar32)cp, UCHAR_EAST_ASIAN_WIDTH);
    return w == U_EA_WIDE || w == U_EA_FULLWIDTH;
}

int bm_text_is_han(uint32_t cp)
{
    return bm_text_class(cp) == BM_CLS_HAN;
}

int bm_text_is_space(uint32_t cp)
{
    int c = bm_text_class(cp);
    return c == BM_CLS_SPACE || c == BM_CLS_IDSP || cp == '\f' || cp == '\v';
}

int bm_text_is_digit(uint32_t cp)
{
    return bm_text_class(cp) == BM_CLS_NUM;
}

int bm_text_is_alnum(uint32_t cp)
{
    int c = bm_text_class(cp);
    return c == BM_CLS_NUM || c == BM_CLS_LATIN;
}

int bm_text_is_editor(uint32_t cp)
{
    return bm_text_class(cp) == BM_CLS_EDITOR;
}

int bm_text_is_cjk_punct(uint32_t cp)
{
    if (cp == 0x00B7)
        return 1;
    if (cp < 0x2000)
        return 0;
    switch (bm_text_class(cp)) {
    case BM_CLS_HAN: case BM_CLS_KANA: case BM_CLS_LATIN: case BM_CLS_NUM:
    case BM_CLS_EDITOR: case BM_CLS_IDSP: case BM_CLS_SPACE:
        return 0;
    default:
        return bm_text_fullwidth(cp);
    }
}

/* ---- words ------------------------------------------------------------------- */

struct bm_words {
    UBreakIterator *bi;
};

bm_status bm_words_new(bm_words **out, bm_error *err)
{
    UErrorCode st = U_ZERO_ERROR;
    UBreakIterator *bi = ubrk_open(UBRK_WORD, "zh", NULL, 0, &st);
    if (U_FAILURE(st))
        return bm_error_set(err, BM_INTERNAL, NULL, 0, 0,
                            "ICU word break iterator: %s", u_errorName(st));
    bm_words *w = bm_xmalloc(sizeof *w);
    w->bi = bi;
    *out = w;
    return BM_OK;
}

void bm_words_free(bm_words *w)
{
    if (!w)
        return;
    ubrk_close(w->bi);
    free(w);
}

int bm_words_inside(bm_words *w, const uint32_t *cp, size_t n,
                    size_t junction)
{
    UChar buf[64];
    int32_t k = 0, at = -1;
    if (!w || n > 32 || junction > n)
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (i == junction)
            at = k;
        if (cp[i] >= 0x10000) {
            buf[k++] = (UChar)(0xD800 + ((cp[i] - 0x10000) >> 10));
            buf[k++] = (UChar)(0xDC00 + ((cp[i] - 0x10000) & 0x3FF));
        } else {
            buf[k++] = (UChar)cp[i];
        }
    }
    if (at < 0)
        at = k;
    UErrorCode st = U_ZERO_ERROR;
    ubrk_setText(w->bi, buf, k, &st);
    if (U_FAILURE(st))
        return -1;
    return ubrk_isBoundary(w->bi, at) ? 0 : 1;
}

/* ---- NFC --------------------------------------------------------------------- */

bm_status bm_text_nfc(const char *s, size_t n, bm_arena *a, char **out,
                      size_t *outlen, bm_error *err)
{
    size_t bad = bm_utf8_check(s, n);
    if (bad < n)
        return bm_error_set(err, BM_INPUT, NULL, 0, 0,
                            "invalid UTF-8 at byte %zu", bad);
    if (n > (size_t)INT32_MAX / 4)
        return bm_error_set(err, BM_INPUT, NULL, 0, 0, "text too long");
    /* Fast path: ASCII and most CJK text is already NFC (quick check). */
    UErrorCode st = U_ZERO_ERROR;
    const UNormalizer2 *nfc = unorm2_getNFCInstance(&st);
    if (U_FAILURE(st))
        return bm_error_set(err, BM_INTERNAL, NULL, 0, 0,
                            "ICU NFC: %s", u_errorName(st));
    /* UTF-8 -> UTF-16 -> normalise -> UTF-8 (unorm2 works on UTF-16 in
     * ICU 72's C API). */
    int32_t ulen = 0;
    st = U_ZERO_ERROR;
    u_strFromUTF8(NULL, 0, &ulen, s, (int32_t)n, &st);
    if (st != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(st))
        return bm_error_set(err, BM_INPUT, NULL, 0, 0, "ICU: %s",
                            u_errorName(st));
    UChar *u = bm_arena_alloc(a, ((size_t)ulen + 1) * sizeof(UChar));
    st = U_ZERO_ERROR;
    u_strFromUTF8(u, ulen + 1, NULL, s, (int32_t)n, &st);
    if (U_FAILURE(st))
        return bm_error_set(err, BM_INPUT, NULL, 0, 0, "ICU: %s",
                            u_errorName(st));
    st = U_ZERO_ERROR;
    if (unorm2_isNormalized(nfc, u, ulen, &st) && U_SUCCESS(st)) {
        *out = bm_arena_strndup(a, s, n);
        *outlen = n;
        return BM_OK;
    }
    st = U_ZERO_ERROR;
    int32_t cap = ulen * 3 + 16;
    UChar *v = bm_arena_alloc(a, (size_t)cap * sizeof(UChar));
    int32_t vlen = unorm2_normalize(nfc, u, ulen, v, cap, &st);
    if (U_FAILURE(st))
        return bm_error_set(err, BM_INTERNAL, NULL, 0, 0, "ICU NFC: %s",
                            u_errorName(st));
    int32_t olen = 0;
    st = U_ZERO_ERROR;
    u_strToUTF8(NULL, 0, &olen, v, vlen, &st);
    char *o = bm_arena_alloc(a, (size_t)olen + 1);
    st = U_ZERO_ERROR;
    u_strToUTF8(o, olen + 1, NULL, v, vlen, &st);
    if (U_FAILURE(st))
        return bm_error_set(err, BM_INTERNAL, NULL, 0, 0, "ICU: %s",
                            u_errorName(st));
    *out = o;
    *outlen = (size_t)olen;
    return BM_OK;
}

/* ---- breaker ----------------------------------------------------------------- */

bm_status bm_breaker_new(bm_breaker **out, bm_error *err)
{
    UErrorCode st = U_ZERO_ERROR;
    UBreakIterator *bi = ubrk_open(UBRK_LINE, "zh@lb=strict", NULL, 0, &st);
    if (U_FAILURE(st))
        return bm_error_set(err, BM_INTERNAL, NULL, 0, 0,
                            "ICU line break iterator: %s", u_errorName(st));
    bm_breaker *b = bm_xmalloc(sizeof *b);
    memset(b, 0, sizeof *b);
    b->bi = bi;
    UText init = UTEXT_INITIALIZER;
    b->ut = init;
    *out = b;
    return BM_OK;
}

void bm_breaker_free(bm_breaker *b)
{
    if (!b)
        return;
    ubrk_close(b->bi);
    if (b->wi)
        ubrk_close(b->wi);
    if (b->ut_open)
        utext_close(&b->ut);
    brk_cache_clear(b);
    free(b->cache);
    free(b);
}

/* Classes that start no line (cjk-layout.md D); LONG is added at strict. */
static int no_start(int c)
{
    return c == BM_CLS_STOP || c == BM_CLS_CLOSE || c == BM_CLS_DOT ||
           c == BM_CLS_CONNECTOR || c == BM_CLS_SOLIDUS ||
           c == BM_CLS_POSTFIX || c == BM_CLS_EDITOR;
}

static int no_end(int c)
{
    return c == BM_CLS_OPEN || c == BM_CLS_SOLIDUS || c == BM_CLS_PREFIX;
}

static int alnum(int c)
{
    return c == BM_CLS_LATIN || c == BM_CLS_NUM;
}

/* Characters that join two alphanumerics into one unit: 129.62, 4,000,
 * 9:30, COVID-19, www.example.cn/a1.html, R&D. */
static int joiner(uint32_t cp)
{
    switch (cp) {
    case '.': case ',': case ':': case '-': case '/': case '_': case '\'':
    case '&': case '@': case '+': case '#': case '=': case '?': case '~':
    case 0x2236:   /* ∶ ratio: 3∶1 */
        return 1;
    }
    return 0;
}

/*
 * Units and measure words a number keeps at a line end (GB/T 15835 writes
 * them with the number; clreq 3.1.7 lets no line break inside a number with
 * its unit): 3月, 18.6公里, 2.6万平方米, 1.8万单.  Magnitudes (万 亿 千 百)
 * chain; one unit word then ends the group.  Longest match first.
 */
static const char *const unit_words[] = {
    "平方公里", "平方千米", "千瓦时", "平方米", "立方米", "公里", "千米",
    "厘米", "毫米", "公斤", "千克", "公顷", "小时", "分钟", "千瓦", "人次",
    "个月", "周年", "年", "月", "日", "号", "时", "分", "秒", "元", "米",
    "克", "吨", "升", "度", "岁", "人", "名", "个", "位", "家", "户", "辆",
    "台", "套", "件", "项", "条", "座", "所", "次", "届", "倍", "成", "天",
    "周", "页", "版", "期", "张", "场", "只", "头", "亩", "斤", "块", "列",
    "趟", "班", "架", "艘", "单", "起", "例", "栋", "层", "处",
    "批", "轮", "笔", "份", "本", "部", "篇", "届", "斤", "枚", "颗", "株",
    "棵", "吨", "码", "折",
};

/* Code points of t[i..) match UTF-8 word w?  Returns its length in chars. */
static size_t match_word(const bm_tchar *t, size_t i, size_t cnt, const char *w)
{
    size_t k = 0, wl = strlen(w);
    for (size_t off = 0; off < wl; k++) {
        uint32_t cp;
        int l = bm_utf8_decode(w + off, wl - off, &cp);
        if (!l || i + k >= cnt || t[i + k].cp != cp)
            return 0;
        off += (size_t)l;
    }
    return k;
}

/* Chars of the unit group after a number ending before t[j]: 0 if none. */
static size_t unit_after(const bm_tchar *t, size_t j, size_t cnt)
{
    size_t k = j;
    while (k < cnt && (t[k].cp == 0x4E07 || t[k].cp == 0x4EBF ||
                       t[k].cp == 0x5343 || t[k].cp == 0x767E ||
                       t[k].cp == 0x4F59 || t[k].cp == 0x591A))
        k++;   /* 万 亿 千 百, 余 多 (1.2万余只) */
    size_t best = 0;
    for (size_t w = 0; w < sizeof unit_words / sizeof *unit_words; w++) {
        size_t m = match_word(t, k, cnt, unit_words[w]);
        if (m > best)
            best = m;
    }
    return k - j + best;
}

/* Combining marks, variation selectors, joiners: part of the character
 * before them, never a break. */
int bm_text_is_extender(uint32_t cp)
{
    /* fast paths: Latin-1, general punctuation, CJK symbols, ideographs,
     * full-width forms hold no combining mark */
    if (cp < 0x300 || (cp >= 0x2000 && cp < 0x20D0) ||
        (cp >= 0x3000 && cp < 0x302A) || (cp >= 0x3400 && cp <= 0x9FFF) ||
        (cp >= 0xFF00 && cp <= 0xFFEF))
        return 0;
    if ((cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF) ||
        cp == 0x200D || cp == 0x200C || cp == 0x20E3)
        return 1;
    int gc = u_charType((UChar32)cp);
    return gc == U_NON_SPACING_MARK || gc == U_ENCLOSING_MARK ||
           gc == U_COMBINING_SPACING_MARK;
}

/* A full-width Chinese character for which our tailoring, not ICU,
 * decides breaks. */
static int cjk(const bm_tchar *t)
{
    switch (t->cls) {
    case BM_CLS_HAN: case BM_CLS_KANA: case BM_CLS_IDSP: case BM_CLS_LONG:
    case BM_CLS_DOT: case BM_CLS_EDITOR:
        return 1;
    case BM_CLS_STOP: case BM_CLS_OPEN: case BM_CLS_CLOSE:
    case BM_CLS_CONNECTOR: case BM_CLS_SOLIDUS: case BM_CLS_POSTFIX:
    case BM_CLS_PREFIX: case BM_CLS_NUM:
        return t->cp >= 0x2000;
    default:
        return 0;
    }
}

bm_status bm_breaker_analyze(bm_breaker *b, const char *s, size_t n,
                             bm_kinsoku level, bm_arena *a, bm_tchar **out,
                             size_t *nout, bm_error *err)
{
    *out = NULL;
    *nout = 0;
    if (n > (size_t)INT32_MAX)
        return bm_error_set(err, BM_INPUT, NULL, 0, 0, "paragraph too long");
    size_t nkept = 0;
    const bm_tchar *kept = brk_lookup(b, s, n, 1 + (int)level * 4, &nkept);
    if (kept) {
        bm_tchar *t = bm_arena_alloc(a, nkept * sizeof *t);
        memcpy(t, kept, nkept * sizeof *t);
        *out = t;
        *nout = nkept;
        return BM_OK;
    }

    /* 1. decode and classify */
    size_t cnt = 0;   /* lead bytes; validity is checked while decoding */
    for (size_t i = 0; i < n; i++)
        cnt += ((unsigned char)s[i] & 0xC0) != 0x80;
    if (cnt == 0)
        return BM_OK;
    bm_tchar *t = bm_arena_alloc(a, cnt * sizeof *t);
    size_t k = 0;
    for (size_t i = 0; i < n; k++) {
        uint32_t cp;
        int l = bm_utf8_decode(s + i, n - i, &cp);
        if (!l || k >= cnt)
            return bm_error_set(err, BM_INPUT, NULL, 0, 0,
                                "invalid UTF-8 at byte %zu", i);
        t[k].cp = cp;
        t[k].off = (uint32_t)i;
        t[k].len = (uint8_t)l;
        t[k].cls = (uint8_t)bm_text_class(cp);
        i += (size_t)l;
    }

    /* 2. ICU's opportunities: brk = ALLOW/MUST where ICU has a boundary. */
    UErrorCode st = U_ZERO_ERROR;
    utext_openUTF8(&b->ut, s, (int64_t)n, &st);
    if (U_FAILURE(st))
        return bm_error_set(err, BM_INTERNAL, NULL, 0, 0, "ICU UText: %s",
                            u_errorName(st));
    b->ut_open = 1;
    ubrk_setUText(b->bi, &b->ut, &st);
    if (U_FAILURE(st))
        return bm_error_set(err, BM_INTERNAL, NULL, 0, 0, "ICU: %s",
                            u_errorName(st));
    k = 0;
    for (int32_t p = ubrk_following(b->bi, 0); p != UBRK_DONE && (size_t)p < n;
         p = ubrk_next(b->bi)) {
        while (k < cnt && t[k].off < (uint32_t)p)
            k++;
        if (k < cnt && t[k].off == (uint32_t)p) {
            /* hard breaks follow BK/CR/LF/NL (UAX #14 LB4-LB6); testing
             * the character is cheaper than ubrk_getRuleStatus */
            uint32_t pc = t[k - 1].cp;
            int hard = pc == '\n' || pc == '\r' || pc == 0x0B || pc == 0x0C ||
                       pc == 0x85 || pc == 0x2028 || pc == 0x2029;
            t[k].brk = hard ? BM_BRK_MUST : BM_BRK_ALLOW;
        }
    }
    t[0].brk = BM_BRK_NEVER;

    /* 3. units: LONG pairs, alphanumeric runs, editor codes, extenders */
    for (size_t i = 0; i < cnt; i++) {
        uint32_t cp = t[i].cp;
        if ((cp == 0x2014 || cp == 0x2026 || cp == 0x22EF) && i + 1 < cnt &&
            t[i + 1].cp == cp) {
            t[i].cls = t[i + 1].cls = BM_CLS_LONG;
            t[i + 1].unit = 1;
            i++;
        }
    }
    for (size_t i = 0; i < cnt;) {
        if (!alnum(t[i].cls)) {
            i++;
            continue;
        }
        size_t j = i + 1;
        int letter = t[i].cls == BM_CLS_LATIN, digits_only = !letter;
        for (;;) {
            if (j < cnt && alnum(t[j].cls)) {
                if (t[j].cls == BM_CLS_LATIN)
                    letter = 1, digits_only = 0;
                j++;
            } else if (j + 1 < cnt && joiner(t[j].cp) &&
                       alnum(t[j + 1].cls) &&
                       (letter || t[j].cp == '.' || t[j].cp == ',' ||
                        t[j].cp == ':' || t[j].cp == '/' || t[j].cp == '-' ||
                        t[j].cp == 0x2236)) {
                j += 2;
                if (t[j - 1].cls == BM_CLS_LATIN)
                    letter = 1, digits_only = 0;
            } else {
                break;
            }
        }
        for (size_t m = i + 1; m < j; m++) {
            t[m].unit = 1;
            if (!alnum(t[m].cls))
                t[m].cls = digits_only ? BM_CLS_NUM : BM_CLS_LATIN;
        }
        /* URL-like runs may break after / . - when they do not fit */
        if (letter)
            for (size_t m = i + 1; m < j; m++) {
                uint32_t pc = t[m - 1].cp;
                if ((pc == '/' || pc == '.' || pc == '-' || pc == '@' ||
                     pc == '_' || pc == '?') && alnum(t[m].cls) &&
                    !joiner(t[m].cp))
                    t[m].brk = BM_BRK_EMERG;
            }
        /* a number takes its postfix (80.41%) and its prefix (￥25) */
        if (j < cnt && t[j].cls == BM_CLS_POSTFIX)
            t[j].unit = 1, j++;
        /* ... and its unit or measure word (3月, 18.6公里, 1.8万单) */
        else if (digits_only && j < cnt && t[j].cls == BM_CLS_HAN) {
            size_t m = unit_after(t, j, cnt);
            for (size_t q = j; q < j + m; q++)
                t[q].unit = 1;
            j += m;
        }
        if (i > 0 && t[i - 1].cls == BM_CLS_PREFIX && t[i].cls == BM_CLS_NUM)
            t[i].unit = 1;
        i = j;
    }
    for (size_t i = 0; i < cnt; i++) {
        if (t[i].cls == BM_CLS_EDITOR) {
            t[i].unit = i > 0;
            while (i + 1 < cnt && t[i + 1].cp >= '0' && t[i + 1].cp <= '9') {
                t[i + 1].unit = 1;
                i++;
            }
        } else if (bm_text_is_extender(t[i].cp) && i > 0) {
            t[i].unit = 1;
        }
    }

    /* 4. tailoring (cjk-layout.md D) */
    for (size_t i = 1; i < cnt; i++) {
        bm_tchar *p = &t[i - 1], *c = &t[i];
        int brk = c->brk;
        if (brk == BM_BRK_EMERG)
            continue;
        if (brk == BM_BRK_MUST && p->cls == BM_CLS_SPACE)
            brk = BM_BRK_ALLOW;   /* a newline in a paragraph is a space */
        if (cjk(p) && cjk(c))
            brk = BM_BRK_ALLOW;
        if (c->unit || no_start(c->cls) || no_end(p->cls) ||
            c->cls == BM_CLS_SPACE ||
            (level == BM_KINSOKU_STRICT && c->cls == BM_CLS_LONG))
            brk = brk == BM_BRK_MUST ? BM_BRK_MUST : BM_BRK_NEVER;
        /* U+3000 in a padded name (王　芳) is never a break point */
        if (c->cls == BM_CLS_IDSP || p->cls == BM_CLS_IDSP) {
            const bm_tchar *l = c->cls == BM_CLS_IDSP ? p : (i >= 2 ? &t[i - 2] : NULL);
            const bm_tchar *r = c->cls == BM_CLS_IDSP ? (i + 1 < cnt ? &t[i + 1] : NULL) : c;
            if (c->cls == BM_CLS_IDSP || (l && r && l->cls == BM_CLS_HAN &&
                                          r->cls == BM_CLS_HAN))
                brk = BM_BRK_NEVER;
        }
        c->brk = (uint8_t)brk;
    }
    t[0].brk = BM_BRK_NEVER;
    brk_keep(b, s, n, 1 + (int)level * 4, t, cnt, cnt * sizeof *t);
    *out = t;
    *nout = cnt;
    return BM_OK;
}

bm_status bm_text_analyze(const char *s, size_t n, bm_kinsoku level,
                          bm_arena *a, bm_tchar **out, size_t *nout,
                          bm_error *err)
{
    bm_breaker *b;
    bm_status rc = bm_breaker_new(&b, err);
    if (rc != BM_OK)
        return rc;
    rc = bm_breaker_analyze(b, s, n, level, a, out, nout, err);
    bm_breaker_free(b);
    return rc;
}

/* ---- dictionary words ---------------------------------------------------------- */

/*
 * ICU's word break iterator for "zh" segments Chinese by its dictionary
 * (UAX #29 plus the CJ dictionary): 荣获|省|科普|大赛.  The display-line
 * setter prefers these boundaries to a break inside a word.
 */
bm_status bm_breaker_words(bm_breaker *b, const char *s, size_t n,
                           const bm_tchar *t, size_t nt, uint8_t *wb,
                           bm_error *err)
{
    memset(wb, 0, nt);
    if (nt == 0)
        return BM_OK;
    size_t nkept = 0;
    const uint8_t *kept = brk_lookup(b, s, n, 2, &nkept);
    if (kept && nkept == nt) {
        memcpy(wb, kept, nt);
        return BM_OK;
    }
    UErrorCode st = U_ZERO_ERROR;
    if (!b->wi) {
        b->wi = ubrk_open(UBRK_WORD, "zh", NULL, 0, &st);
        if (U_FAILURE(st)) {
            b->wi = NULL;
            return bm_error_set(err, BM_INTERNAL, NULL, 0, 0,
                                "ICU word break iterator: %s",
                                u_errorName(st));
        }
    }
    UText ut = UTEXT_INITIALIZER;
    utext_openUTF8(&ut, s, (int64_t)n, &st);
    if (U_FAILURE(st))
        return bm_error_set(err, BM_INTERNAL, NULL, 0, 0, "ICU UText: %s",
                            u_errorName(st));
    ubrk_setUText(b->wi, &ut, &st);
    if (U_FAILURE(st)) {
        utext_close(&ut);
        return bm_error_set(err, BM_INTERNAL, NULL, 0, 0, "ICU: %s",
                            u_errorName(st));
    }
    size_t k = 0;
    for (int32_t p = ubrk_following(b->wi, 0); p != UBRK_DONE && (size_t)p < n;
         p = ubrk_next(b->wi)) {
        while (k < nt && t[k].off < (uint32_t)p)
            k++;
        if (k < nt && t[k].off == (uint32_t)p)
            wb[k] = 1;
    }
    /* the word iterator is left pointing at `ut`: detach before closing */
    UText empty = UTEXT_INITIALIZER;
    utext_openUTF8(&empty, "", 0, &st);
    ubrk_setUText(b->wi, &empty, &st);
    utext_close(&ut);
    utext_close(&empty);
    brk_keep(b, s, n, 2, wb, nt, nt);
    return BM_OK;
}
