/*
 * ingest_private.h - helpers shared inside src/ingest only (never included
 * from outside the folder).
 *
 * The page-dump importer works on code points, not bytes: a bm_ustr holds
 * the text of a line, a printed-line fragment or a paragraph together with
 * the source line of every character, so a text that has been cut, moved
 * and glued back still names the input line each piece came from.
 */
#ifndef BM_INGEST_PRIVATE_H
#define BM_INGEST_PRIVATE_H

#include "ingest.h"

#include "../text/text.h"

typedef struct bm_ustr {
    uint32_t *c;    /* code points */
    int      *ln;   /* 1-based source line of each code point */
    size_t    n, cap;
} bm_ustr;

void   bm_us_push(bm_arena *a, bm_ustr *s, uint32_t c, int ln);
void   bm_us_append(bm_arena *a, bm_ustr *dst, const bm_ustr *src);
/* A copy of s[from, to). */
bm_ustr bm_us_sub(bm_arena *a, const bm_ustr *s, size_t from, size_t to);
/* Removes leading and trailing spaces in place. */
void   bm_us_trim(bm_ustr *s);
int    bm_us_starts(const bm_ustr *s, const char *utf8);
int    bm_us_ends(const bm_ustr *s, const char *utf8);
/* Position of utf8 in s at or after `from`, or -1. */
long   bm_us_find(const bm_ustr *s, const char *utf8, size_t from);
/* UTF-8 copy in arena memory; NULL for an empty string. */
char  *bm_us_utf8(bm_arena *a, const bm_ustr *s);

/* ---- character classes: the text stage's (src/text), one source -------- */

static inline int bm_ch_han(uint32_t c) { return bm_text_is_han(c); }
static inline int bm_ch_cjk_punct(uint32_t c) { return bm_text_is_cjk_punct(c); }
static inline int bm_ch_space(uint32_t c) { return bm_text_is_space(c); }
static inline int bm_ch_digit(uint32_t c) { return bm_text_is_digit(c); }
static inline int bm_ch_alnum(uint32_t c) { return bm_text_is_alnum(c); }
static inline int bm_ch_circled(uint32_t c) { return bm_text_is_editor(c); }
/* The ASCII marks a dump prints for ，；：（）！？“”: , ; : ( ) ! ? " */
int bm_ch_standin(uint32_t c);

/* ---- text repairs (dump_text.c) ------------------------------------------ */

/*
 * bm_dump_fix_spaces - drops spaces that have Chinese text (Han or
 * Chinese punctuation, or the ASCII stand-ins of full-width marks) on both
 * sides, and collapses the others to one.  Spaces next to Latin letters,
 * digits or other marks stay.
 */
void bm_dump_fix_spaces(bm_ustr *s);

/*
 * bm_dump_fix_punct - restores full-width ，；：？！（）“” from their ASCII
 * stand-ins where the text around them is Chinese; ASCII stays inside
 * numbers (4,000  1:500), Latin text and URLs (www.example.cn/a?b=1).
 */
void bm_dump_fix_punct(bm_ustr *s);

/*
 * bm_dump_drop_repeats - removes a fragment of 8 or more characters that
 * repeats the text just before it character for character (an extraction
 * artefact), adding a warning naming file:line for each to `d`.
 */
void bm_dump_drop_repeats(bm_ustr *s, bm_arena *tmp, bm_diags *d,
                          const char *file);

/*
 * bm_ingest_image_load (image.c) - reads the image at `path` (a regular
 * file, opened without blocking) into `a` and checks it whole: a PNG or
 * JPEG that decodes with no error or warning, a size banmian places, a
 * kind PDF can hold; re-encodes a 16-bit or interlaced PNG as 8-bit (see
 * bm_image in model.h).  Returns BM_OK with *out, or BM_INPUT (BM_NOMEM,
 * BM_IO) with why[0..n) completing "image 'x' ..." (e.g. "is a damaged
 * PNG file ...").
 */
bm_status bm_ingest_image_load(const char *path, bm_arena *a,
                               const bm_image **out, char *why, size_t n);
/* The same for a figure of `ed`: a file already read (same real path) is
 * not read again; *out is in ed->arena. */
bm_status bm_ingest_figure_image(bm_edition *ed, const char *path,
                                const bm_image **out, char *why, size_t n);

#endif
