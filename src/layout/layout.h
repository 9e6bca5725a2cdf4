/*
 * layout.h - the paragraph composer, column flow, page composer, and the
 * LayoutDoc they produce: the contract between layout and every fixed-layout
 * back end (pdf, later fxl and alto).  Everything a back end draws is in the
 * LayoutDoc; a back end only paints.  This stage never calls libharu, libzip
 * or libxml2.
 *
 * Geometry is in 1/64 pt (bm_fix), origin at the page's top-left, y down.
 */
#ifndef BM_LAYOUT_H
#define BM_LAYOUT_H

#include "../font/font.h"
#include "../model/model.h"
#include "../text/text.h"

/* ---- LayoutDoc ------------------------------------------------------------- */

typedef struct bm_rect {
    bm_fix x, y, w, h;
} bm_rect;

/*
 * One positioned glyph.  `cluster`/`nbytes` tie it to line->text so back ends
 * can write exact text (ToUnicode, ActualText, ALTO).  A glyph that stands
 * for no text of its own (second glyph of a cluster) has nbytes = 0; a
 * character no font has is drawn with face = BM_NO_FACE as a placeholder.
 */
typedef struct bm_glyph {
    uint32_t gid;
    uint32_t face;      /* index into the fontset's faces, or BM_NO_FACE */
    bm_fix   x;         /* pen position from the line's left edge */
    bm_fix   y;         /* vertical offset from the baseline (usually 0) */
    bm_fix   adv;       /* advance as set (after compression/justification):
                           the next glyph's x minus this x (for the last
                           glyph, the line's end); negative only before an
                           opening mark whose left blank was compressed (its
                           origin moves left, its ink stays in place) */
    uint32_t cluster;   /* byte offset in line->text */
    uint32_t nbytes;    /* bytes of text this glyph carries */
} bm_glyph;
#define BM_NO_FACE 0xFFFFFFFFu

/* What a line is, for back ends and tests. */
typedef enum bm_line_kind {
    BM_LINE_BODY,        /* paragraph text */
    BM_LINE_SUBHEADING,
    BM_LINE_KICKER,
    BM_LINE_HEADLINE,
    BM_LINE_SUBHEAD,
    BM_LINE_BYLINE,      /* only when set as its own line */
    BM_LINE_CAPTION,
    BM_LINE_CREDIT,
    BM_LINE_JUMP,        /* （下转第N版） / （上接第N版） */
    BM_LINE_MASTHEAD,
    BM_LINE_RUNNING_HEAD,
    BM_LINE_SECTION      /* section label */
} bm_line_kind;

/* A jump line's direction (BM_LINE_JUMP); link_page is the other end. */
typedef enum bm_jump {
    BM_JUMP_NONE,
    BM_JUMP_TO,          /* （下转第N版）: the article continues on link_page */
    BM_JUMP_FROM         /* （上接第N版）: it is continued from link_page */
} bm_jump;

typedef struct bm_line {
    bm_line_kind  kind;
    const char   *article_id;  /* NULL for page furniture */
    bm_rect       rect;        /* the line box: measure x line height */
    bm_fix        baseline;    /* absolute y of the baseline */
    bm_role       role;
    bm_fix        size;        /* font size */
    const char   *text;        /* exact text of the line (UTF-8) */
    size_t        len;
    bm_glyph     *glyphs;
    size_t        nglyphs;
    int           link_page;   /* jump lines: target page number, else 0 */
    bm_jump       jump;        /* jump lines: which way link_page lies */
    unsigned      par;         /* BM_PAR_* of a paragraph's line */
    int           elem;        /* the text element it is a line of: lines
                                  composed as one text (a paragraph, a
                                  caption, a kicker) share it, also across
                                  columns and pages; numbered from 1 in the
                                  document; 0 = none (hand-built lines) */
} bm_line;

/* Where a body line stands in its paragraph (for widow/orphan checks). */
enum { BM_PAR_FIRST = 1, BM_PAR_LAST = 2 };

typedef enum bm_box_kind {
    BM_BOX_MODULE,    /* an article's module (not drawn; for tests/alto) */
    BM_BOX_RULE,      /* a stroked line: rect with w or h == stroke width */
    BM_BOX_FRAME,     /* a stroked rectangle (briefs box, section label) */
    BM_BOX_IMAGE      /* an image placed in rect */
} bm_box_kind;

typedef struct bm_box {
    bm_box_kind  kind;
    bm_rect      rect;
    const char  *article_id;   /* or NULL */
    const char  *image;        /* BM_BOX_IMAGE: its name in the edition
                                  (messages, ALTO, the tag tree) */
    const bm_image *pic;       /* BM_BOX_IMAGE: the image read at ingest,
                                  which back ends draw (model.h) */
    bm_rect      image_rect;   /* BM_BOX_IMAGE: where the whole image is
                                  drawn, in proportion; rect clips it (a
                                  centred crop when they differ) */
    int          px_w, px_h;   /* BM_BOX_IMAGE: the image's pixels */
    bm_fix       stroke;       /* rule/frame width */
} bm_box;

/* An outline entry: one per article on the page, in reading order. */
typedef struct bm_outline {
    const char *article_id;
    const char *title;         /* headline (or kicker/caption) in one line */
    bm_fix      y;             /* top of the article's module */
} bm_outline;

/*
 * An article's region on one page (its hot zone): rectangles that hold every
 * line and image of the article there and nothing of another article's.  A
 * module of one article is one rectangle; the articles sharing a module (the
 * briefs in a box) get a rectangle per run of their lines in a column.
 */
typedef struct bm_region {
    const char *article_id;
    bm_rect    *rects;
    size_t      nrects;
} bm_region;

typedef struct bm_lpage {
    int          number;       /* 1-based */
    const char  *section;      /* page name */
    bm_fix       width, height;
    bm_rect      type_area;
    int          ncols;        /* grid columns */
    bm_fix       col_width, gutter;
    bm_fix       body_size, line_pitch;
    bm_fix       grid_top;     /* y of the first body baseline of the grid */
    bm_box      *boxes;
    size_t       nboxes;
    bm_line     *lines;        /* in reading order */
    size_t       nlines;
    bm_outline  *outline;
    size_t       noutline;
    bm_region   *regions;      /* one per article on the page, in reading
                                  order (of its first line) */
    size_t       nregions;
} bm_lpage;

typedef struct bm_layout_doc {
    bm_arena          *arena;  /* owns pages, lines, glyphs, strings */
    const bm_edition  *ed;     /* borrowed */
    const bm_fontset  *fonts;  /* borrowed: glyph face indices point here */
    bm_lpage          *pages;
    size_t             npages;
} bm_layout_doc;

/* ---- styles ------------------------------------------------------------------ */

typedef enum bm_align {
    BM_ALIGN_JUSTIFY,
    BM_ALIGN_START,
    BM_ALIGN_CENTER,
    BM_ALIGN_END
} bm_align;

/* ---- paragraph composer ------------------------------------------------------ */

typedef enum bm_compress {
    BM_COMPRESS_QUANJIAO,   /* 全角, GB edges (default) */
    BM_COMPRESS_KAIMING,    /* 开明 */
    BM_COMPRESS_BANJIAO,    /* 半角 */
    BM_COMPRESS_NONE
} bm_compress;

typedef struct bm_para_style {
    bm_role      role;
    bm_fix       size;          /* font size = 1 em */
    bm_fix       measure;       /* line width */
    bm_fix       indent;        /* first-line indent (2 em for body) */
    bm_align     align;         /* justify: all lines but the last fill */
    bm_kinsoku   kinsoku;
    bm_compress  compress;
    int          qe_one_em;     /* ？！ pair set as 1 em in total */
    int          hanging;       /* hang one 、，。 past the measure (off) */
    int          min_last;      /* min Han chars on the last line (2) */
    bm_fix       tracking;      /* extra per-character spacing (headlines) */
    bm_fix       han_space;     /* a space between Han characters: 0 deletes
                                   it (stray spaces of extracted body text),
                                   else a fixed blank this wide (phrase
                                   breaks in headlines, 唐 翀 in bylines) */
    bm_fix       idsp_space;    /* > 0: a U+3000 between two words is a
                                   gap this wide (names), else a 1-em box;
                                   in a run-in byline it is runin_space */
    size_t       runin_len;     /* text[0..runin_len) is a run-in byline
                                   (本报讯（记者 王芳）): its spaces are
                                   fixed blanks of runin_space, never
                                   deleted or widened (issue 13) */
    bm_fix       runin_space;
    size_t       keep_at, keep_len; /* text[keep_at, keep_at+keep_len) is
                                   set on one line when the measure holds
                                   it (a cross-reference （详见第N版）);
                                   keep_len 0: nothing so */
    int          longer;        /* 拉行: set one line more than the best
                                   setting when bm_para_fit says it can be
                                   (else the best setting) */
} bm_para_style;

/* What bm_para_compose_fit says of a paragraph besides its lines. */
typedef struct bm_para_fit {
    long long longer;   /* the demerits a setting one line longer adds (拉行:
                           every line but the last within about 1/7 em a
                           gap of its natural fill); -1: there is none */
} bm_para_fit;

/* One line of a composed paragraph. */
typedef struct bm_pline {
    size_t    start, end;       /* byte range in the paragraph text */
    bm_glyph *glyphs;           /* x relative to the line start incl. indent;
                                   cluster relative to `start` */
    size_t    nglyphs;
    bm_fix    width;            /* width as set, from the indent (a hanging
                                   mark, st->hanging, lies beyond it) */
    bm_fix    indent;           /* indent applied to this line */
    bm_fix    spaced;           /* letter-spacing added between characters
                                   as justification's last resort (a line
                                   of a run-in byline or of marks only);
                                   0 when glue and spaces filled it */
    int       is_last;
} bm_pline;

typedef struct bm_composer bm_composer;   /* fonts + ICU iterator + scratch */

bm_status bm_composer_new(const bm_fontset *fs, bm_diags *diags,
                          bm_composer **out, bm_error *err);
void      bm_composer_free(bm_composer *c);

/*
 * bm_para_compose - set text[0..len) into lines of st->measure.
 *
 * Whole-paragraph optimiser: boxes for characters and units, glue for the
 * compressible blanks, infinite penalties for kinsoku violations
 * (cjk-layout.md D), then justification (E) and the last-line rule (F).
 * Lines and glyphs come from `a`.  `src` is used for warnings (missing
 * glyphs, overfull lines) added to the composer's diags.
 *
 * Guarantees: the lines cover text[0..len) once, in order; each glyph with
 * nbytes > 0 carries text[start+cluster .. +nbytes) and together they cover
 * the line's bytes once, in order (spaces and zero-width characters
 * included); a character no font has is a BM_NO_FACE glyph 1 em wide plus a
 * warning.  Every line but the last (or one before a hard break U+2028)
 * fills indent + width == measure when justified, unless it is one
 * unbreakable chunk with nothing the rules let widen (warned).  Only a chunk
 * wider than the measure breaks a rule: at its URL points (after / . -),
 * else between its units, else anywhere.  Empty text gives no lines;
 * invalid UTF-8 is BM_INPUT.  The scratch memory is the composer's, reset
 * per paragraph; one composer is not for use by two threads at once.
 */
bm_status bm_para_compose(bm_composer *c, const char *text, size_t len,
                          const bm_para_style *st, const bm_src *src,
                          bm_arena *a, bm_pline **lines, size_t *nlines,
                          bm_error *err);
/* The same, and (fit not NULL) whether the paragraph can be set a line
 * longer and at what price. */
bm_status bm_para_compose_fit(bm_composer *c, const char *text, size_t len,
                              const bm_para_style *st, const bm_src *src,
                              bm_arena *a, bm_pline **lines, size_t *nlines,
                              bm_para_fit *fit, bm_error *err);

/* ---- page composer ------------------------------------------------------------- */

/*
 * A parsed layout file: plain data (page size, grid, styles), defined in
 * model.h beside the Edition tree and read by src/ingest (the only reader of
 * input files) with bm_ingest_layout().
 */

/*
 * bm_layout_edition - compose every page of `ed` with layout `lay`.  The
 * document's memory is its own arena, holding what the pages show and no
 * trial of the composer's: free with bm_layout_doc_free().
 * Warnings go to ed->diags.  `progress` (may be NULL) is called after each
 * page.
 */
bm_status bm_layout_edition(const bm_edition *ed, const bm_layout *lay,
                            const bm_fontset *fs, bm_diags *diags,
                            void (*progress)(void *ctx, int done, int total),
                            void *ctx, bm_layout_doc **out, bm_error *err);
void      bm_layout_doc_free(bm_layout_doc *doc);

/* How full page pg is, in thousandths of its grid's cells (fill.c says
 * what counts). */
int bm_layout_page_fill(const bm_lpage *pg);

/*
 * bm_layout_printed_edition - *out becomes a shallow copy of doc->ed whose
 * pages are the pages the layout made: each with its printed section and
 * the articles that open on it, in reading order (shared with doc->ed).
 * Valid as long as doc; nothing to free.  Every article of the edition is
 * on one of them, else an internal error.
 */
bm_status bm_layout_printed_edition(const bm_layout_doc *doc, bm_edition *out,
                                    bm_error *err);

/* Writes the LayoutDoc as JSON (DESIGN.md "--dump-layout"), atomically. */
bm_status bm_layout_dump_json(const bm_layout_doc *doc, const char *path,
                              bm_error *err);

/* Fills pg->regions from its modules, lines and images (region.c). */
void      bm_layout_regions(bm_arena *a, bm_lpage *pg);

/* Invariants for tests: no overlap, lines inside the type area, every
 * article line inside its region, no two articles' regions overlapping... */
bm_status bm_page_check(const bm_lpage *pg, bm_error *err);

#endif
