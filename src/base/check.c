/*
 * check.c - the one place where strings from outside are judged: which
 * characters text may hold, what a date, a language tag and
 * SOURCE_DATE_EPOCH look like.  Ingest (page dumps, article XML,
 * edition.xml), the build driver and the CLI all call these, so a string
 * refused by one is refused by every one, with the same words.
 *
 * Characters.  Text ends in XHTML (EPUB), XML (ALTO, METS) and PDF text
 * strings.  XML 1.0 cannot hold C0 controls other than tab, line feed and
 * carriage return, nor U+FFFE and U+FFFF; C1 controls and DEL are allowed
 * there but "discouraged", print nothing and are mis-decoded text almost
 * every time; noncharacters (U+FDD0..U+FDEF and the last two code points
 * of every plane) are for a program's internal use and epubcheck refuses
 * them in content documents.  So text refuses all of these.  Line feed is
 * allowed where the caller says so (a headline's given lines, stacked
 * section labels).  Private-use characters are text (a font may have
 * them): they pass here and meet the font coverage check later.
 *
 * Rejected: replacing refused characters with U+FFFD silently (the text
 * would change between input and output without anyone being told).
 */
#include "base.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

const char *bm_char_refused(uint32_t cp, int newline_ok)
{
    if (cp == '\n')
        return newline_ok ? NULL : "a line break";
    if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F))
        return "a control character";
    if ((cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE)
        return "a noncharacter";
    return NULL;
}

size_t bm_text_check(const char *s, size_t n, int newline_ok, uint32_t *bad)
{
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        int k = bm_utf8_decode(s + i, n - i, &cp);
        if (k == 0) {
            *bad = BM_CP_INVALID;
            return i;
        }
        if (bm_char_refused(cp, newline_ok)) {
            *bad = cp;
            return i;
        }
        i += (size_t)k;
    }
    return n;
}

void bm_text_why(uint32_t cp, const char *s, size_t off, char *buf,
                 size_t size)
{
    if (cp == BM_CP_INVALID) {
        snprintf(buf, size,
                 "invalid UTF-8 (byte 0x%02X): the text must be UTF-8",
                 s ? (unsigned char)s[off] : 0);
        return;
    }
    snprintf(buf, size,
             "U+%04X is %s, which no text may hold (EPUB and XML "
             "readers refuse it, and it prints nothing): remove it",
             (unsigned)cp, bm_char_refused(cp, 0));
}

bm_status bm_check_option_text(const char *what, const char *s,
                               size_t max_chars, bm_error *err)
{
    size_t n = strlen(s), k;
    uint32_t bad;
    size_t off = bm_text_check(s, n, 0, &bad);
    if (off < n) {
        char why[200];
        bm_text_why(bad, s, off, why, sizeof why);
        return bm_error_set(err, BM_USAGE, NULL, 0, 0,
                            "%s: character %zu: %s", what,
                            bm_utf8_count(s, off) + 1, why);
    }
    /* blank: ASCII spaces or U+3000 only */
    for (k = 0; k < n;) {
        if (s[k] == ' ')
            k++;
        else if (n - k >= 3 && !memcmp(s + k, "\xE3\x80\x80", 3))
            k += 3;
        else
            break;
    }
    if (k == n)
        return bm_error_set(err, BM_USAGE, NULL, 0, 0,
                            "%s is empty or blank: give the text, or leave the "
                            "option out", what);
    size_t chars = bm_utf8_count(s, n);
    if (max_chars && chars > max_chars)
        return bm_error_set(err, BM_USAGE, NULL, 0, 0,
                            "%s has %zu characters, more than the %zu it may "
                            "hold: shorten it", what, chars, max_chars);
    return BM_OK;
}

/* ---- dates ------------------------------------------------------------------ */

int bm_date_valid(const char *s)
{
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return 0;
    int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
    /* four-digit years: dcterms:modified and the PDF's dates print %Y */
    if (y < 1000 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
        return 0;
    if (m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
        return 0;
    return 1;
}

/* 9999-12-31T23:59:59Z: the last second a four-digit year can name. */
#define BM_EPOCH_MAX 253402300799LL

bm_status bm_source_date_check(bm_error *err)
{
    const char *s = getenv("SOURCE_DATE_EPOCH");
    if (!s || !*s)   /* empty is unset, as bm_source_date() reads it */
        return BM_OK;
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    int digits = *s && strspn(s, "0123456789") == strlen(s);
    if (!digits || errno || *end)
        return bm_error_set(err, BM_USAGE, NULL, 0, 0,
                            "SOURCE_DATE_EPOCH='%.40s' is not a number of "
                            "seconds since 1970-01-01 UTC: set it to one "
                            "(e.g. $(date +%%s)) or unset it", s);
    if (v > BM_EPOCH_MAX)
        return bm_error_set(err, BM_USAGE, NULL, 0, 0,
                            "SOURCE_DATE_EPOCH=%lld is after the year 9999, "
                            "which no output date can hold: give a time up to "
                            "%lld, or unset it", v, BM_EPOCH_MAX);
    return BM_OK;
}

/* ---- language tags (BCP 47, RFC 5646 section 2.1) ------------------------ */

static int all_of(const char *s, size_t n, int (*cls)(int))
{
    for (size_t i = 0; i < n; i++)
        if (!cls((unsigned char)s[i]))
            return 0;
    return 1;
}

static int is_alpha(int c) { return c < 0x80 && isalpha(c); }
static int is_digit(int c) { return c >= '0' && c <= '9'; }
static int is_alnum(int c) { return c < 0x80 && isalnum(c); }

/*
 * Well-formed per the RFC's ABNF: language (2-3 letters with up to three
 * extlangs, or 4-8 letters), script, region, variants, extensions, private
 * use; or a private-use tag alone (x-…).  Registry validity (is "zz" a
 * language?) is not checked: readers take any well-formed tag.
 */
int bm_lang_valid(const char *tag)
{
    const char *sub[64];
    size_t len[64], n = 0;
    if (!tag || !*tag)
        return 0;
    for (const char *p = tag;;) {
        const char *e = strchr(p, '-');
        size_t l = e ? (size_t)(e - p) : strlen(p);
        if (l == 0 || l > 8 || n == 64 || !all_of(p, l, is_alnum))
            return 0;
        sub[n] = p;
        len[n++] = l;
        if (!e)
            break;
        p = e + 1;
    }
    size_t i = 0;
    enum { LANG, EXTLANG, SCRIPT, REGION, VARIANT, EXT } st = LANG;
    int extlangs = 0;
    while (i < n) {
        const char *s = sub[i];
        size_t l = len[i];
        int single = l == 1;
        if (single && (s[0] == 'x' || s[0] == 'X')) {
            /* private use: 1*("-" 1*8alphanum) to the end */
            return i + 1 < n;
        }
        switch (st) {
        case LANG:
            if (!all_of(s, l, is_alpha) || l < 2)
                return 0;
            st = l <= 3 ? EXTLANG : SCRIPT;
            i++;
            continue;
        case EXTLANG:
            if (l == 3 && all_of(s, l, is_alpha) && extlangs < 3) {
                extlangs++;
                i++;
                continue;
            }
            st = SCRIPT;
            continue;
        case SCRIPT:
            if (l == 4 && all_of(s, l, is_alpha)) {
                i++;
                st = REGION;
                continue;
            }
            st = REGION;
            continue;
        case REGION:
            if ((l == 2 && all_of(s, l, is_alpha)) ||
                (l == 3 && all_of(s, l, is_digit))) {
                i++;
                st = VARIANT;
                continue;
            }
            st = VARIANT;
            continue;
        case VARIANT:
            if ((l >= 5) || (l == 4 && is_digit((unsigned char)s[0]))) {
                i++;
                continue;
            }
            st = EXT;
            continue;
        case EXT:
            if (!single)
                return 0;
            /* singleton 1*("-" 2*8alphanum) */
            if (++i == n || len[i] < 2)
                return 0;
            while (i < n && len[i] >= 2)
                i++;
            continue;
        }
    }
    return st != LANG;
}

int bm_lang_repair(const char *tag, char *out, size_t size)
{
    size_t n = strlen(tag);
    if (n == 0 || n + 1 > size)
        return 0;
    for (size_t i = 0; i <= n; i++)
        out[i] = tag[i] == '_' ? '-' : tag[i];
    return bm_lang_valid(out);
}
