/*
 * layout_private.h - shared inside src/layout only: the page planner (pure
 * grid geometry, testable without fonts) and the column flow.
 */
#ifndef BM_LAYOUT_PRIVATE_H
#define BM_LAYOUT_PRIVATE_H

#include "layout.h"

#define BM_MAX_COLS 24

/* 1 if s[0..n) ends in a title that stays with the name after it (记者,
 * 通讯员, 实习生, 摄 ...: display.c). */
int bm_layout_title_word(const char *s, size_t n);
#define BM_PLAN_MAX_UNITS 24
#define BM_PLAN_GROW_MAX 31 /* most rows a photo's growth may deepen a module */

/* A module across SHALLOW_WIDE columns or more needs about SHALLOW_WIDE_ROWS
 * rows of depth under its head, one across SHALLOW_MID at least
 * SHALLOW_MID_ROWS: shallower it is a strip across the page (the planner
 * prices it, the photo block and 破栏 avoid it). */
enum {
    SHALLOW_WIDE = 5,
    SHALLOW_WIDE_ROWS = 15,
    SHALLOW_MID = 4,
    SHALLOW_MID_ROWS = 8
};

/* The depth a module `span` columns wide needs not to be a strip (0: any). */
static inline int bm_strip_depth(int span)
{
    return span >= SHALLOW_WIDE ? SHALLOW_WIDE_ROWS
           : span >= SHALLOW_MID ? SHALLOW_MID_ROWS
                                 : 0;
}

/*
 * What the planner knows of a unit (an article, a briefs box or the
 * continuation of an article): for each span k (1..ncols), the grid rows it
 * needs to show all of its content (0 = cannot be set at that span) and, if
 * it may be cut and continued on a later page, the fewest rows a cut module
 * may have (0 = never cut).
 */
typedef struct bm_plan_unit {
    int need[BM_MAX_COLS + 1];
    int min_cut[BM_MAX_COLS + 1];
    int white[BM_MAX_COLS + 1];   /* cells its columns leave empty uncut */
    int widows[BM_MAX_COLS + 1];  /* paragraph first lines alone at a column
                                     foot and last lines alone at a top
                                     that its balanced columns leave, uncut */
    int kept[BM_MAX_COLS + 1];    /* of those, the ones its columns keep
                                     when its body is a row deeper (a
                                     stack's spare row; 0: none) */
    int small[BM_MAX_COLS + 1];   /* its headline is below the style's
                                     minimum size at this span */
    int narrow[BM_MAX_COLS + 1];  /* the page's 头条 in fewer columns than
                                     it should have */
    int head_rows[BM_MAX_COLS + 1]; /* of need: its header's, every row
                                       (labels, kicker, headline, subhead,
                                       the air under) */
    int text_rows[BM_MAX_COLS + 1]; /* rows of text under a photo as wide
                                       as the module (0: none such) */
    unsigned reach[BM_MAX_COLS + 1]; /* bit d: the module can be d rows
                                     deeper than need (its photo grown,
                                     cropped a little more; bit 0 always) */
    int pad_max[BM_MAX_COLS + 1]; /* header rows of padding its headline
                                     can take and keep its white within
                                     the design (0: none; a briefs box:
                                     none, its frame hugs its items) */
    int air;             /* its reach is air between briefs (white), not a
                            photo grown */
    int lead;            /* the page's lead story: widest span */
    int no_band;         /* never the full-width top band (continuations) */
    int cont;            /* a continuation: cutting it again costs more */
} bm_plan_unit;

/* One module as planned: unit index, grid columns and rows. */
typedef struct bm_plan_mod {
    int unit;
    int col, span;       /* grid columns [col, col+span) */
    int row, rows;       /* grid rows [row, row+rows) of the region */
    int cut;             /* 1: the unit continues on a later page */
    int grow;            /* rows beyond its need its photo's growth takes
                            (a bit of the unit's reach) */
    int pad;             /* rows beyond that given to the header */
    int keep;            /* 1: a spare row of its stack deepens its body,
                            which keeps a paragraph's line it would break
                            off at a column break (bm_plan_unit.kept) */
} bm_plan_mod;

typedef struct bm_plan {
    bm_plan_mod mods[BM_PLAN_MAX_UNITS];
    int         nmods;
    int         placed;  /* units 0..placed-1 are on the page */
    long        cost;
    long        white;   /* grid cells left empty */
    int         rows;    /* rows of the region the modules take (less than
                            the region's when bm_plan_level put the white
                            at the foot) */
} bm_plan;

/* What the planner is given besides the units. */
typedef struct bm_plan_opts {
    int cols, rows;      /* the free region, in grid columns and rows */
    int min_span;        /* narrowest module */
    int max_span;        /* widest stack (the top band is the full width) */
    int band_max;        /* rows the top band may take before it is cut
                            (a page's one story: the page's rows) */
    int max_pad;         /* header rows a module may add to fill a stack */
    int zone_cap;        /* > 0: ... and none that make its header this %
                            of its module or more (page.c: on every page;
                            the planner looks for another shape, else the
                            white goes to the stack's foot) */
    int no_cut;          /* no module may be cut (the edition's last page) */
    int moves;           /* units may move whole to a later page: 1 when
                            the edition allows it (reflow), 2 when only
                            that can make room (as few as can be) */
} bm_plan_opts;

/*
 * bm_plan_page - choose spans and heights for units 0..n-1 (in reading
 * order) in a region of o->cols columns x o->rows rows.  A full-width top
 * band for the first unit and vertical stacks of modules below it, one row
 * between stacked modules (a page's one unit: across the page, cut at its
 * foot when longer).  With o->moves, units that do not fit move to a
 * later page (plan->placed < n); the last module of a stack may be cut.
 * Minimises empty cells first, then cuts and moved units.  Deterministic.
 * Returns 0, or -1 when nothing can be placed (without moves: when not all
 * of the units can).
 */
int bm_plan_page(const bm_plan_unit *u, int n, const bm_plan_opts *o,
                 bm_plan *plan);

/*
 * bm_plan_level - a page whose stories cannot fill it (plan, from
 * bm_plan_page, cuts nothing and leaves white): planned again on fewer
 * rows, so that its stacks end level and the white is at the page's foot,
 * when that costs less (foot white priced under white inside the page).
 * Replaces *plan and returns 1 when it did.
 */
int bm_plan_level(const bm_plan_unit *u, int n, const bm_plan_opts *o,
                  bm_plan *plan);

/*
 * bm_plan_strips - how many of plan's modules an editor would call a strip:
 * text too shallow for the module's width, under its head or under a photo
 * as wide as the module (the planner's own measure of it, shape_cost and
 * text_cost).
 */
int bm_plan_strips(const bm_plan_unit *u, const bm_plan *plan);

/* ---- paragraph composer ------------------------------------------------------ */

/* Forgets which warnings c has given (each face's check for centred marks,
 * each character drawn in a face of another style): its next paragraph
 * warns of all it would in a new composer (page composer: ahead.c). */
void bm_composer_forget(bm_composer *c);

/* ---- column flow ---------------------------------------------------------- */

/* Keeps: a soft keep (a paragraph's last two lines) gives way when the
 * group would leave a gap at a column's foot; a hard keep (subheading with
 * its first line, caption with its credit) never does. */
enum { BM_KEEP_NONE, BM_KEEP_SOFT, BM_KEEP_HARD };

/* An item of a column flow: a line or a kept-together group's member. */
typedef struct bm_flow_item {
    int rows;            /* grid rows it takes (>= 1) */
    int keep_next;       /* BM_KEEP_*: column break after it allowed? */
} bm_flow_item;

/*
 * bm_flow_balance - set items[0..n) into k columns, heights differing as
 * little as keeps allow, the last column the shortest.  off[c] (or NULL)
 * rows at the top of column c are taken (by a photo).  Fills brk[0..k)
 * with the index of each column's first item (brk[k] = n) and returns the
 * height of the tallest column in rows, offsets included.
 */
/* ... keeping paragraphs' first and last lines together up to keep_slack
 * rows deeper than the balanced depth before a keep gives (bm_flow_balance:
 * none).  At each depth a keep the greedy fill breaks is first held by
 * moving column breaks a line (拉行/缩行: every column but the last that
 * depth or a row short, in any order); a keep that must give at the end
 * gives at as few breaks as that depth allows (issue 12, rule 8). */
int bm_flow_balance_keep(const bm_flow_item *items, int n, int k,
                         const int *off, int keep_slack, int *brk);
int bm_flow_balance(const bm_flow_item *items, int n, int k, const int *off,
                    int *brk);

/* Soft keeps broken at the column breaks brk[1..k): widows and orphans. */
int bm_flow_soft_breaks(const bm_flow_item *items, int n, int k, const int *brk);

/*
 * bm_flow_cut - fill k columns of `h` rows from items[0..n), the last column
 * one row short (for the jump line).  Fills brk[0..k] and returns the number
 * of items placed (< n when the unit continues).
 */
int bm_flow_cut(const bm_flow_item *items, int n, int k, int h, const int *off,
                int *brk);

/* ---- display lines (display.c) ------------------------------------------------ */

/*
 * The display-line setter: kickers, headlines, subheads, labels, brief
 * heads, in-article subheadings, captions (BM_DISPLAY_HEAD rules), bylines
 * and credits (BM_DISPLAY_NAME), and fixed formulas such as （下转第2版）.
 * The rules and where they come from are in display.c's opening note.
 */
typedef struct bm_display bm_display;   /* own breaker + scratch */

typedef enum bm_display_kind {
    BM_DISPLAY_HEAD,    /* breaks at phrases, then words; balanced/filled */
    BM_DISPLAY_NAME     /* bylines, credits: breaks at spaces, names whole */
} bm_display_kind;

typedef struct bm_display_style {
    bm_display_kind  kind;
    bm_role          role;
    bm_fix           size;      /* the style's size */
    bm_fix           measure;
    bm_fix           indent;    /* the first line's (in-article subheadings) */
    bm_align         align;     /* START/CENTER/END: ragged lines placed so;
                                   JUSTIFY: all lines but the last filled */
    bm_fix           space;     /* a space between Han: a fixed gap this wide
                                   (0: 1/2 em) */
    bm_fix           min_size;  /* may step down one size, not below this
                                   (0: never steps down) */
    const bm_layout *lay;       /* the size scale (bm_display_step_down) */
} bm_display_style;

typedef struct bm_dline {
    size_t    start, end;       /* byte range in the text */
    bm_glyph *glyphs;           /* x from the line's start; cluster relative
                                   to `start` */
    size_t    nglyphs;
    bm_fix    width;            /* as set */
    bm_fix    xoff;             /* from the measure's left edge (align,
                                   the first line's indent included) */
} bm_dline;

typedef struct bm_dset {
    bm_dline *lines;
    size_t    nlines;
    bm_fix    size;             /* the size set: st->size or one step down */
    bm_fix    tracking;         /* 0, or -1/20 em when tightened */
    int       forced;           /* no break kept to the rules: broken inside
                                   a word (or a name) */
    int       phrased;          /* every break at a phrase space or after a
                                   pausing mark */
} bm_dset;

bm_status bm_display_new(const bm_fontset *fs, bm_composer *comp,
                         bm_display **out, bm_error *err);
void      bm_display_free(bm_display *d);

/*
 * bm_display_set - set text[0..len) (no '\n': callers split given lines)
 * as display lines of st->measure.  Lines and glyphs come from `a`; each
 * line covers its bytes once, as bm_para_compose's do, and together the
 * lines cover the text.  Warnings (missing glyphs) go to the composer's
 * diags.
 */
bm_status bm_display_set(bm_display *d, const char *text, size_t len,
                         const bm_display_style *st, const bm_src *src,
                         bm_arena *a, bm_dset *out, bm_error *err);

/* One line, each run of one script set apart: no Han-Latin glue inside
 * （下转第2版）.  Never breaks. */
bm_status bm_display_formula(bm_display *d, const char *text, size_t len,
                             const bm_display_style *st, const bm_src *src,
                             bm_arena *a, bm_dset *out, bm_error *err);

/* The next smaller display size of the layout (0: none). */
bm_fix bm_display_step_down(const bm_layout *lay, bm_fix size);

/* Every article line inside its page region, no two regions overlapping
 * (region.c; part of bm_page_check). */
bm_status bm_region_check(const bm_lpage *pg, bm_error *err);

#endif
