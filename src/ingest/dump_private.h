/*
 * dump_private.h - the page-dump importer's shared state (src/ingest only).
 *
 *   dump.c          entry points; the model of the input (opening note)
 *   dump_lines.c    bytes checked, lines read, each line classified
 *   dump_segment.c  widths of printed lines; lines -> article drafts
 *   dump_repair.c   bylines, editor codes, moved lines, column-cut
 *                   paragraphs put back together
 *   dump_model.c    a finished draft -> a model article; the JSON view
 *   dump_text.c     character-level repairs (spaces, punctuation, repeats)
 */
#ifndef BM_DUMP_PRIVATE_H
#define BM_DUMP_PRIVATE_H

#include "ingest_private.h"

#include "../text/text.h"

typedef enum item_kind {
    IT_JUNK,      /* no letter, digit or Han character */
    IT_SHORT,     /* heading-like line */
    IT_BODY,      /* body text */
    IT_BYLINE,    /* a line holding only a byline (记者 … / 本报讯(…)) */
    IT_CAPTION,   /* 图为… */
    IT_CREDIT,    /* … 摄, 摄影报道, 文/图 */
    IT_NOTE       /* a bracketed credit note: （图片由…提供） */
} item_kind;

typedef struct item {
    item_kind kind;
    int       line;
    bm_ustr   text;        /* spaces collapsed to one ' ', trimmed */
    bm_ustr   credit;      /* a credit found at the end of a body line */
    bm_ustr   code;        /* the editor code cut from the end */
} item;

typedef enum unit_kind { U_PARA, U_SUB, U_CAPTION, U_CREDIT, U_NOTE } unit_kind;

/* A piece of an article's body in reading order. */
typedef struct unit {
    unit_kind kind;
    int       line;
    bm_ustr  *ch;          /* the printed-line pieces (U_PARA) */
    size_t    nch, capch;
    bm_ustr   text;        /* U_SUB, U_CAPTION, U_CREDIT */
    bm_ustr   code;        /* editor code cut from this unit */
    size_t    last_nch;    /* pieces of the last block glued on */
    int       nblocks;     /* dump blocks that make up this paragraph */
    int       has_byline;  /* started with a byline (cut off) */
    int       own_code;    /* a caption block: its code is the photo's */
} unit;

typedef struct draft {
    int       line;
    bm_ustr   kicker, headline, subhead, byline;
    int       photo_line;  /* headline cut from the front of a photo text */
    int       full;        /* full column-line width (half-ems), 0 unknown */
    size_t    sec_first;   /* the section labels over this article: */
    size_t    sec_n;       /* pg->sections[sec_first .. +sec_n) */
    unit     *u;
    size_t    nu, capu;
} draft;

typedef struct ctx {
    bm_arena   *tmp;
    bm_edition *ed;
    const char *file;       /* arena copy of the name */
    item       *it;
    size_t      nit, capit;
    draft      *dr;
    size_t      ndr, capdr;
    int         spaced;     /* the page has width evidence */
    int         page_full;  /* page-wide full line width (half-ems) */
    bm_page    *pg;
    bm_words   *words;      /* Chinese word breaker; NULL if unavailable */
} ctx;


/* Grows arr (n used of *cap) so one more element fits (arena memory). */
void *bm_dump_grow(bm_arena *a, void *arr, size_t n, size_t *cap, size_t elem);

/* ---- lines (dump_lines.c) ------------------------------------------------- */

/* Valid UTF-8, no NUL; *start skips a BOM.  Errors name file:line:col. */
bm_status bm_dump_check_bytes(const char *name, const char *data, size_t len,
                              size_t *start, bm_error *err);
/* The non-blank lines of data[start..len) as items (spaces collapsed). */
void bm_dump_read_items(ctx *x, const char *data, size_t start, size_t len);
/* Characters that are not spaces. */
size_t bm_dump_nonspace(const bm_ustr *s);
/* Has a letter, digit or Han character. */
int bm_dump_has_text(const bm_ustr *s);
/* Ends in 。！？… (possibly inside a closing mark). */
int bm_dump_ends_sentence(const bm_ustr *s);
/* Starts with —— (a subhead). */
int bm_dump_starts_dash(const bm_ustr *s);
/* Length of a byline prefix (本报讯(…), 新华社…电), 0 if none. */
size_t bm_dump_byline_len(const bm_ustr *s);
/* Length of the tail of a byline cut at the block start (李明)), or 0. */
size_t bm_dump_cut_byline_len(const bm_ustr *s);
/* Sets it->kind; cuts an editor code and a credit off body lines. */
void bm_dump_classify(ctx *x, item *it);

/* ---- segmentation (dump_segment.c) -------------------------------------- */

/* Printed width in half-ems: wide characters 2, ASCII 1. */
int bm_dump_width(const bm_ustr *s);
/* The width a printed line takes in the column (a closing mark hanging at
   its end not counted). */
int bm_dump_line_width(const bm_ustr *s);
/* Appends s, split at its spaces, to u as printed-line pieces. */
void bm_dump_split_pieces(bm_arena *a, const bm_ustr *s, unit *u);
/* The full column-line width of these blocks, 0 if under `min` lines. */
int bm_dump_full_width(bm_arena *a, unit *const *us, size_t nus, size_t min);
/* Width of the first real piece of a block. */
int bm_dump_first_width(const unit *u);
/* Do these blocks show printed line ends? */
int bm_dump_pieces_spaced(unit *const *us, size_t n);
/* Sets x->spaced and x->page_full from the body items. */
void bm_dump_detect_spacing(ctx *x);
/* Items -> drafts: an article per header run, its body units in order. */
void bm_dump_walk(ctx *x);

/* ---- repairs (dump_repair.c) --------------------------------------------- */

/* A paragraph unit's pieces joined by single spaces. */
bm_ustr bm_dump_unit_text(bm_arena *a, const unit *u);
/*
 * bm_dump_in_word - does the junction of p's end and q's start fall inside
 * a word of the Chinese dictionary?  1 yes, 0 no, -1 unknown (not Han on
 * both sides, or no dictionary).
 */
int bm_dump_in_word(ctx *x, const bm_ustr *p, const bm_ustr *q);
/*
 * bm_dump_repair - a draft's byline found and cleaned, editor codes sorted
 * out (the article's in *code), moved lines put back and paragraphs cut at
 * column ends rejoined, in place.
 */
void bm_dump_repair(ctx *x, draft *d, bm_ustr *code);

/* ---- model output (dump_model.c) ----------------------------------------- */

/* The repaired draft as article number index+1 of x->pg. */
void bm_dump_article(ctx *x, draft *d, int index, bm_ustr code);

#endif
