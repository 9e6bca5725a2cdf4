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

/*
 * NFC-normalises UTF-8 text into arena memory (ICU).  Invalid UTF-8 is
 * BM_INPUT.
 */
bm_status bm_text_nfc(const char *s, size_t n, bm_arena *a, char **out,
                      size_t *outlen, bm_error *err);

#endif
