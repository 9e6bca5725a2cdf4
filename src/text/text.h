/*
 * text.h - normalisation, character classes and line-break opportunities
 * for Chinese text (../shared/docs/cjk-layout.md sections A and D).
 *
 * Base opportunities come from ICU's line break iterator with locale
 * "zh@lb=strict"; the Chinese tailoring of cjk-layout.md then overrides them.
 * Knows nothing of pages or fonts.
 */
#ifndef BM_TEXT_H
#define BM_TEXT_H

#include "../base/base.h"

/* Character classes of cjk-layout.md section A. */
typedef enum bm_cls {
    BM_CLS_HAN,        /* Han ideographs and 〇 */
    BM_CLS_STOP,       /* 。．，、；：？！ never at line start */
    BM_CLS_OPEN,       /* “‘（《〈「『【〔〖［｛ ( [ { never at line end */
    BM_CLS_CLOSE,      /* ”’）》〉」』】〕〗］｝ ) ] } never at line start */
    BM_CLS_DOT,        /* · 0.5 em, never at line start */
    BM_CLS_CONNECTOR,  /* – — ～ never at line start */
    BM_CLS_SOLIDUS,    /* / ／ never at start or end */
    BM_CLS_LONG,       /* —— …… (one 2-em unit) */
    BM_CLS_POSTFIX,    /* % ％ ‰ ℃ ° ′ ″ */
    BM_CLS_PREFIX,     /* ¥ ￥ $ ＄ £ € № */
    BM_CLS_NUM,        /* digits and inner . , : */
    BM_CLS_LATIN,      /* Latin letters and other alphabetic */
    BM_CLS_EDITOR,     /* ①–⑳ editor-code marks */
    BM_CLS_IDSP,       /* U+3000 ideographic space */
    BM_CLS_SPACE,      /* ASCII space between Latin words */
    BM_CLS_KANA,       /* kana, hangul: treated like HAN */
    BM_CLS_OTHER       /* symbols, emoji, anything else */
} bm_cls;

bm_cls bm_text_class(uint32_t cp);

/* Kinsoku levels (cjk-layout.md D): GB default, strict adds LONG at start. */
typedef enum bm_kinsoku { BM_KINSOKU_GB, BM_KINSOKU_STRICT } bm_kinsoku;

/* Break opportunity before a character. */
enum {
    BM_BRK_NEVER = 0,     /* breaking here violates a rule or splits a unit */
    BM_BRK_ALLOW = 1,
    BM_BRK_MUST = 2,      /* mandatory (hard line break in the text) */
    BM_BRK_EMERG = 3      /* inside a unit (URL, long word): usable only
                             when the whole unit is wider than the measure;
                             after / . - in a run that holds a letter */
};

/* One analysed character. */
typedef struct bm_tchar {
    uint32_t cp;
    uint32_t off;         /* byte offset in the text */
    uint8_t  len;         /* bytes */
    uint8_t  cls;         /* bm_cls */
    uint8_t  brk;         /* BM_BRK_* before this character */
    uint8_t  unit;        /* 1 if this char continues the unit before it
                             (inside ——, ……, a number, a word, ③5) */
} bm_tchar;

/*
 * bm_text_analyze - classes and break opportunities of text[0..n): ICU's
 * line break iterator ("zh@lb=strict") overridden by the Chinese tailoring.
 * The first character's brk is BM_BRK_NEVER.  Characters come from `a`.
 */
bm_status bm_text_analyze(const char *s, size_t n, bm_kinsoku level,
                          bm_arena *a, bm_tchar **out, size_t *nout,
                          bm_error *err);

/*
 * A reusable analyser: ICU's line break iterator is opened once here, not
 * once per paragraph (opening it costs far more than running it).  Not
 * thread-safe; one per composer.
 */
typedef struct bm_breaker bm_breaker;

bm_status bm_breaker_new(bm_breaker **out, bm_error *err);
void      bm_breaker_free(bm_breaker *b);
/* bm_text_analyze with b's iterator. */
bm_status bm_breaker_analyze(bm_breaker *b, const char *s, size_t n,
                             bm_kinsoku level, bm_arena *a, bm_tchar **out,
                             size_t *nout, bm_error *err);

/*
 * bm_breaker_words - dictionary word boundaries (ICU UBRK_WORD, locale
 * "zh") of s[0..n), analysed into t[0..nt) by bm_breaker_analyze: wb[i] = 1
 * when a word starts at t[i] (wb[0] = 0).  For display lines, which break
 * between words; body text does not need it.
 */
bm_status bm_breaker_words(bm_breaker *b, const char *s, size_t n,
                           const bm_tchar *t, size_t nt, uint8_t *wb,
                           bm_error *err);

/* 1 if cp is set as a full-width (1 em) box in Chinese text: Han, kana,
 * full-width marks and forms, East Asian Wide/Fullwidth. */
int bm_text_fullwidth(uint32_t cp);

/* 1 if cp belongs to the character before it (combining mark, variation
 * selector, ZWJ): no width, no glyph of its own, never a break. */
int bm_text_is_extender(uint32_t cp);

/*
 * Character tests on top of bm_text_class, for stages that repair text
 * rather than set it (the page-dump importer): one source of truth for
 * what counts as Han (々 and 〇 included), a space, a digit.
 */
int bm_text_is_han(uint32_t cp);     /* BM_CLS_HAN */
int bm_text_is_space(uint32_t cp);   /* SPACE, IDSP, \f, \v */
int bm_text_is_digit(uint32_t cp);   /* ASCII or full-width digit */
int bm_text_is_alnum(uint32_t cp);   /* digit or Latin (incl. full-width) */
int bm_text_is_editor(uint32_t cp);  /* ①..⑳ */
/* Full-width Chinese punctuation: 。，、；：？！“”‘’（）《》……——·
 * and the other full-width marks (not Han, kana, letters, digits, ①). */
int bm_text_is_cjk_punct(uint32_t cp);

/*
 * A Chinese word breaker (ICU's dictionary, locale zh), opened once and
 * reused.  Not thread-safe.
 */
typedef struct bm_words bm_words;

bm_status bm_words_new(bm_words **out, bm_error *err);
void      bm_words_free(bm_words *w);
/*
 * bm_words_inside - does position `junction` of cp[0..n) fall inside a
 * dictionary word?  1 yes, 0 no (a word boundary), -1 unknown (text too
 * long for the check, or ICU failed).  n at most 32.
 */
int bm_words_inside(bm_words *w, const uint32_t *cp, size_t n,
                    size_t junction);

/*
 * NFC-normalises UTF-8 text into arena memory (ICU).  Invalid UTF-8 is
 * BM_INPUT.
 */
bm_status bm_text_nfc(const char *s, size_t n, bm_arena *a, char **out,
                      size_t *outlen, bm_error *err);

#endif
