/*
 * layout_private.h - shared inside src/layout only: the page planner (pure
 * grid geometry, testable without fonts) and the column flow.
 */
#ifndef BM_LAYOUT_PRIVATE_H
#define BM_LAYOUT_PRIVATE_H

#include "layout.h"

#define BM_MAX_COLS 24
#define BM_PLAN_MAX_UNITS 24

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
    int small[BM_MAX_COLS + 1];   /* its headline is below the style's
                                     minimum size at this span */
    int narrow[BM_MAX_COLS + 1];  /* the page's 头条 in fewer columns than
                                     it should have */
    int text_rows[BM_MAX_COLS + 1]; /* rows of text under a photo as wide
                                       as the module (0: none such) */
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
    int pad;             /* rows beyond its need given to the header */
} bm_plan_mod;

typedef struct bm_plan {
    bm_plan_mod mods[BM_PLAN_MAX_UNITS];
    int         nmods;
    int         placed;  /* units 0..placed-1 are on the page */
    long        cost;
    long        white;   /* grid cells left empty */
} bm_plan;

/* What the planner is given besides the units. */
typedef struct bm_plan_opts {
    int cols, rows;      /* the free region, in grid columns and rows */
    int min_span;        /* narrowest module */
    int max_span;        /* widest stack (the top band is the full width) */
    int band_max;        /* rows the top band may take before it is cut */
    int max_pad;         /* header rows a module may add to fill a stack */
    int no_cut;          /* no module may be cut (the edition's last page) */
    int moves;           /* units may move whole to a later page: 1 when
                            the edition allows it (reflow), 2 when only
                            that can make room (as few as can be) */
} bm_plan_opts;

/*
 * bm_plan_page - choose spans and heights for units 0..n-1 (in reading
 * order) in a region of o->cols columns x o->rows rows.  A full-width top
 * band for the first unit and vertical stacks of modules below it, one row
 * between stacked modules.  With o->moves, units that do not fit move to a
 * later page (plan->placed < n); the last module of a stack may be cut.
 * Minimises empty cells first, then cuts and moved units.  Deterministic.
 * Returns 0, or -1 when nothing can be placed (without moves: when not all
 * of the units can).
 */
int bm_plan_page(const bm_plan_unit *u, int n, const bm_plan_opts *o,
                 bm_plan *plan);

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
int bm_flow_balance(const bm_flow_item *items, int n, int k, const int *off,
                    int *brk);

/*
 * bm_flow_cut - fill k columns of `h` rows from items[0..n), the last column
 * one row short (for the jump line).  Fills brk[0..k] and returns the number
 * of items placed (< n when the unit continues).
 */
int bm_flow_cut(const bm_flow_item *items, int n, int k, int h, const int *off,
                int *brk);

/* Every article line inside its page region, no two regions overlapping
 * (region.c; part of bm_page_check). */
bm_status bm_region_check(const bm_lpage *pg, bm_error *err);

#endif
