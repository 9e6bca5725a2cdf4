/*
 * page_private.h - shared by the page composer's files (src/layout only):
 *
 *   setter.c     text set for the page: display lines and flow lines
 *   module.c     units (article, briefs box, continuation): column flow and
 *                the header at each span; what the planner is told
 *   furniture.c  running head and masthead
 *   place.c      a planned page put down: boxes, lines, images, rules, jumps
 *   page.c       the driver: pages in order, planning, carrying stories on
 *   compact.c    the finished document moved out of the composer's arena
 *
 * Grid: row r of a page spans [area_y + r*pitch, area_y + (r+1)*pitch);
 * body baselines sit at the same offset in every row, so baselines are
 * shared across columns.  Headers take whole rows (占行).
 */
#ifndef BM_PAGE_PRIVATE_H
#define BM_PAGE_PRIVATE_H

#include "layout.h"
#include "layout_private.h"

#include <stddef.h>

/*
 * The page composer's numbers that are not the layout file's: one table.
 */
#define MAX_PAD 3       /* header rows a short stack may add per module (the
                           white a page cannot fill otherwise; see issue 12) */
#define MAX_PAGES_EXTRA 24 /* pages an overflowing edition may add */
#define FIG_MIN_ROWS 4  /* the shallowest photo slot, in grid rows */
#define FIG_MAX_SHARE 40 /* a module's photos take at most this % of the
                            type area's rows */
#define FIG_ROOMY_SHARE 60 /* ... on a page its stories cannot fill
                            (pgctx.fig_roomy) */
#define HEAD_WHITE 15    /* white above, and white below, a headline's ink,
                            padding included: at most this many tenths of
                            its size (a line and a half of its size) */
#define HEAD_AIR(pitch) ((pitch) / 2) /* the least white between a compact
                              header's last line and the body (module.c) */
#define HEAD_ZONE_PCT 40 /* a header this share of its module or more: a
                           short story's head down the scale on one line
                           (module.c, SHORT_HEAD_STEPS); no padding
                           takes a header there (page.c, bm_plan_opts
                           zone_cap) */
#define SHORT_HEAD_STEPS 2 /* ... at most to this many steps above the
                              body size */
#define HEAD_UNDER_STEPS 2 /* a kicker or subhead: scale steps under its
                              headline */
#define JUMP_MIN_LINES 15 /* body lines a jumped story keeps on each page */
#define JUMP_KEEP_ROWS 1 /* a cut module's rows beyond that: a widow or
                            orphan kept at the cut takes a line off it */
#define KEEP_ROWS_MAX 2 /* rows a story's module may deepen to keep its
                           paragraphs' first and last lines together */
#define KEEP_WHITE_PCT 2 /* ... or when its page then has at most
                           this % of its cells white */
#define LONGER_MAX 4    /* paragraphs of a module set a line longer (拉行)
                           to push its widows and orphans over */
#define SPARSE_PCT 90   /* a page less full than this: a warning */
#define WIDOW_WHITE_PERMILLE 5 /* a page keeps its widows and orphans off
                           column breaks (a row deeper where need be) when
                           that costs it at most this much more white */
#define SHORT_PCT 3     /* a page whose plan leaves more white than this %
                           is short of full (97 %) whatever its headers
                           take: no header padded to a tall share of its
                           module (page.c) */
#define LEVEL_PCT 10     /* a page (not the last) whose plan leaves more
                           white than this %: its stacks end level, the
                           white at its foot (bm_plan_level) */
#define FIG_MIN_PPI 150
#define FIG_GROW_PCT 25 /* a photo across its module may grow this much
                           taller (cropped) to take a stack's spare rows */
#define FIG_CROP_MAX 20 /* a photo's slot cuts at most this % of it (a
                           wider or narrower photo block rather) */
#define SPAN_BAD 100000 /* a photo block's span an editor would not
                           print: this many cells more (figures.c) */
#define SPAN_WHITE 4    /* ... a cell it leaves white: as dear as this
                           many cells of photo are worth */
#define SPAN_STRIP 8    /* ... each row and column by which the text under
                           a photo across a module of 4 columns or more
                           is shallower than a module's depth (8 rows at
                           4 columns, 15 at 5 or more): a strip */
#define SPAN_STRIP_ROOMY 2 /* ... on a page its stories cannot fill (a
                           large photo takes the white) */
#define SPAN_SEARCH_MIN 4 /* a module this many columns wide weighs every
                           width of its photo block */
#define ROOMY_GAIN_PCT 2 /* a page its stories cannot fill is recomposed
                           with photos across their modules when that
                           leaves this % of its cells less white */
#define LEG_MIN_LINES 4  /* text under a photo: at least this many lines a
                            column (else none; at 3 a lead's photo across
                            6 of 8 columns stood on legs of 3 lines, the
                            first paragraph's first line at a foot) */
#define TEASER_LINES 4   /* a teaser's (导读) item of at most this many
                            lines stays in one column */
#define WIDE_COLS 3      /* 破栏: a story's text under a photo block across
                            its module of at most this many columns is set
                            at the module's width, one leg, ... */
#define WIDE_LINES 4     /* ... when it is this many lines or fewer there
                            (a 图片新闻's few lines) */
#define WIDE_ACROSS_LINES 2 /* ... and wider modules' text this many
                            lines or fewer at their width */
#define WIDE_KEEP_ROWS 2 /* legs two columns wide under a photo may stand
                            this many rows deeper to keep a paragraph's
                            first and last lines with the next */
#define BRIEF_AIR 0      /* rows of air a briefs box may put above each of
                            its briefs to fill its stack */
#define FIG_SHARE_STEP 4 /* a recomposed page's photos: this much less % */
#define FIG_SHARE_MIN 16 /* ... down to this */ /* below this a photo prints soft: a warning */

/* ---- composed, unplaced lines ---------------------------------------------- */

typedef struct hline {
    bm_line_kind kind;
    bm_role      role;
    bm_fix       size;
    const char  *text;
    size_t       len;
    bm_glyph    *glyphs;
    size_t       nglyphs;
    bm_fix       xoff;       /* from the measure's left edge */
    bm_fix       width;      /* as set */
    int          rows;       /* grid rows it takes */
    bm_fix       adv;        /* a display line's leading (its style's) */
    bm_fix       slot;       /* in a compact header (module.c): the height
                                its ink is centred in, its leading (its
                                slot adds the block's white at the ends);
                                0: on the grid, rows * pitch */
    const char  *id;         /* article id when it differs from the unit's */
    int          elem;       /* bm_line.elem */
    const char  *image;      /* an image slot instead of a line */
    bm_fix       img_w;      /* the slot's width (rows * pitch tall) */
    bm_rect      img;        /* the whole image, in proportion, relative to
                                the slot's top left (a centred crop) */
    const bm_block *fig;     /* the figure an image slot shows */
    int          bar;        /* a section label: a frame-weight rule under it */
    int          beside;     /* set on the last row of the line before it
                                (（上接第N版） right of a short headline) */
    bm_jump      jump;       /* BM_LINE_JUMP: which way it points */
    int          boxed;      /* a section label framed on the next line's
                                row, beside it (takes no rows) */
    unsigned     par;        /* BM_PAR_* in a multi-line paragraph */
    int          fig_y;      /* in a photo block: grid rows from its top, */
    bm_fix       fig_x;      /* the left edge of the photo it belongs to */
    bm_fix       fig_w;      /* and that photo's width (its caption's
                                measure) */
} hline;

/*
 * A unit's header at one span: lines across the module, then the photo
 * block (images with caption and credit, each line at its fig_x, fig_y
 * in the block) over the first fig_span columns of the body, fig_rows
 * tall; the body flows beside and under it.
 */
typedef struct head {
    hline *l;
    int    n;
    int    rows;
    hline *fig;
    int    nfig;
    int    fig_rows, fig_span;
    int    small;      /* headline set below the layout's minimum size */
    int    flat;       /* a 头条's headline squeezed to the size of the
                          page's other heads (no rank above them) */
    signed char grow_for[BM_PLAN_GROW_MAX + 1]; /* rows the photo grows by
                          to deepen the module by d rows (a briefs box:
                          how many of its briefs get a row of air above
                          them; -1: cannot) */
    int    grow_fig;   /* the photo that grows (index in fig), -1: none */
    int    pad_max;    /* padding rows its headline may take (HEAD_WHITE) */
    int    above;      /* rows of a label over a briefs box, outside its frame */
    int    wide;       /* the text set at the module's width in the photo
                          block, under the photos (破栏, WIDE_COLS): no
                          column flow at this span */
    int    built;
} head;

enum { U_ARTICLE, U_BRIEFS, U_CONT };

/* A body paragraph of a unit's flow that can be set a line longer (拉行,
 * keep.c), and what setting it again takes. */
#define PRICE_UNKNOWN (-2LL)
typedef struct upara {
    int           first, n;  /* its lines: the unit's items[first, first+n) */
    long long     price;     /* demerits the longer setting adds; -1: it
                                cannot be (or has been) set longer;
                                PRICE_UNKNOWN until keep.c asks */
    const char   *text;
    size_t        len;
    size_t        keep_at, keep_len; /* a span kept on one line (pgctx) */
    bm_elem       el;
    bm_fix        size, measure, indent;
    int           align;
    const bm_src *src;
    const char   *id;
    int           elem;      /* its lines' element number */
} upara;

/* The size of a unit's photo block at a width (figures.c), kept: it does
 * not depend on the module's span, only on the width and the rows the
 * photos may take (budget, and hard: lay_grid; 0: not yet measured). */
typedef struct figgrid {
    int budget, hard, rows, irows, tall, worst;
} figgrid;

/* An article's header lines at a span as bm_pg_head_for set them (its
 * label, kicker, headline, subhead, stepped down the scale where they
 * take too much of the module), kept: they depend only on the span,
 * whether the story is its page's 头条 and its text's cells, not on the
 * photos' share or the keeps a page is planned again with. */
typedef struct headset {
    hline *l;
    int    n;
    int    small, flat; /* head.small, head.flat */
    int    top, cells;  /* unit.top and bm_pg_flow_cells when set */
    int    made;        /* 0: none yet */
} headset;

/* A unit's column flow balanced at a span (bm_pg_measure_unit), kept for
 * the flow, its keep and the photo block over its first columns:
 * bm_flow_balance_keep and bm_flow_soft_breaks are pure, and a flow is
 * never changed in place (set a line longer, keep.c makes a new one). */
#define BAL_WAYS 4 /* kept per span: keeps 0-2 (KEEP_ROWS_MAX) and one more */
typedef struct balset {
    const bm_flow_item *flow;
    int                 n, keep, fig_span, fig_rows;
    int                 body, widows;
    int                 empty;   /* columns (no photo over them) it leaves
                                    without a line, and breaks inside
                                    lines kept together hard */
} balset;

typedef struct unit unit;
struct unit {
    int               kind;
    const char       *id;
    const bm_article *ar;
    const char       *title;     /* outline title */
    int               lead;      /* role="lead": the edition's 头条 */
    int               framed;    /* a commentary: its module in a frame */
    int               top;       /* the 头条 of a page without a lead */
    int               keep;      /* rows its module may deepen to keep a
                                    paragraph's first and last lines
                                    together (page.c chooses, per page) */
    int               from_page; /* U_CONT: where it started */
    figgrid           figc[BM_MAX_COLS + 1]; /* its photo block by width */
    upara            *paras;     /* its body paragraphs that can be set */
    int               nparas;    /* a line longer, in flow order */
    const char       *section;   /* of the page the edition gives it */
    bm_article *const *members;  /* U_BRIEFS: the briefs in the box */
    size_t            nmembers;
    hline            *items;     /* the column flow */
    bm_flow_item     *flow;
    int               nitems;
    int               start;     /* first item this unit sets */
    bm_fix            inset;     /* briefs box: text inset from the frame */
    int              *air_at;    /* briefs box: the flow item that opens
                                    each brief after the first (a row of
                                    air may go above it) */
    int               nair;
    head              heads[BM_MAX_COLS + 1];
    headset           hsets[BM_MAX_COLS + 1]; /* U_ARTICLE */
    balset           *bals;      /* BAL_WAYS a span, the latest first
                                    (NULL until measured) */
    int               page;      /* page number where placed, 0 = not yet */
    unit             *cont;      /* continuation, if cut */
};

/* A jump line whose target page is known only at the end. */
typedef struct pending_jump {
    int    page_index;
    size_t line_index;
    unit  *target;
    struct pending_jump *next;
} pending_jump;

/* Articles a <ref> points at and the page each prints on. */
typedef struct ref_map {
    const char **ids;
    int         *page;
    size_t       n;
} ref_map;

typedef struct pgctx {
    const bm_edition *ed;
    const bm_layout  *lay;
    bm_composer      *comp;
    bm_display       *disp;      /* display lines (display.c) */
    size_t            keep_at, keep_len; /* bytes of the text bm_pg_set sets
                                    next that stay on one line (a
                                    cross-reference; module.c sets and
                                    clears them) */
    size_t            runin;     /* bytes of a run-in byline opening the
                                    text bm_pg_set sets next (module.c sets
                                    and clears it): its spaces are kept */
    bm_fix            runin_spaced; /* bm_pg_set: the most letter-spacing
                                    a line of that byline took (a measure
                                    too narrow for a run-in) */
    int               runin_apart;  /* run-in bylines set as lines of their
                                    own for that reason (module.c counts) */
    int               brief_kicker; /* article_flow: the brief being set has a
                                       kicker (its head two steps over it) */
    int               no_runin;     /* every 本报讯 byline on its own line
                                    (a briefs box where one had to be) */
    bm_diags         *diags;
    bm_arena         *a;         /* the document's arena */
    bm_error         *err;
    int               rows;      /* grid rows of the type area */
    bm_fix            base_off;  /* body baseline below a row's top */
    /* pages being built */
    bm_lpage         *pages;
    size_t            npages, cap_pages;
    size_t            cap_boxes, cap_lines, cap_outline; /* of the current */
    pending_jump     *jumps;
    const ref_map    *refs;      /* for （详见第N版） */
    int               fig_share; /* photos' cap in % of the rows while a
                                    page is recomposed; 0 = FIG_MAX_SHARE */
    int               fig_roomy; /* the page's stories cannot fill it: a
                                    photo block as wide as its module
                                    rather than text in a strip beside
                                    white (figures.c), its photos given
                                    this % of the rows; 0: not so */
    int               fig_cut_more; /* no arrangement fits the page
                                    otherwise: 1, photos kept within
                                    FIG_CROP_MAX up to FIG_MAX_SHARE of the
                                    rows only; 2, cut by more to their
                                    share (figures.c) */
    int               fig_tight; /* the page cannot hold its stories: a
                                    photo block about half its module
                                    and no larger for its own sake
                                    (figures.c) */
    int               nelems;    /* text elements composed (bm_line.elem) */
    int               fit;       /* bm_pg_set_into: ask whether the text
                                    can be set a line longer (拉行, keep.c)
                                    ... */
    long long         fit_longer; /* ... and at what price (-1: cannot) */
    int               longer;    /* set it a line longer */
    int               elem_as;   /* > 0: the element number its lines
                                    take (a paragraph set again) */
    upara            *pv;        /* the paragraphs of the flow being built */
    int               npv;       /* that can be set a line longer */
    size_t            cap_pv;
    struct bm_pg_ahead *ahead;   /* body paragraphs composed on another
                                    thread while the units are made
                                    (ahead.c), or NULL */
    hline           **flows;     /* every unit's flow vector (heap list), */
    size_t            nflows, cap_flows; /* given back when the pages are
                                    made (layout_pass) */
} pgctx;

/* Appends lines to a growing array of hlines. */
typedef struct hvec {
    hline *v;
    int    n;
    size_t cap;
} hvec;

/* ---- small helpers -------------------------------------------------------------- */

static inline bm_fix col_x(const pgctx *s, int col)
{
    return s->lay->area_x + col * (s->lay->col_width + s->lay->gutter);
}

/* The full width is the type area's (the gutter is rounded down to 1/64 pt). */
static inline bm_fix span_w(const pgctx *s, int span)
{
    if (span >= s->lay->columns)
        return s->lay->area_w;
    return span * s->lay->col_width + (span - 1) * s->lay->gutter;
}

static inline int rows_for(const pgctx *s, bm_fix h)
{
    bm_fix p = s->lay->line_pitch;
    return (int)((h + p - 1) / p);
}

/* ---- place.c: page content ---------------------------------------------------- */

void   *bm_pg_grow(bm_arena *a, void *arr, size_t n, size_t *cap, size_t elem);
bm_box *bm_pg_add_box(pgctx *s, bm_box_kind kind, bm_rect r, const char *id);
void    bm_pg_add_hrule(pgctx *s, bm_fix x, bm_fix y, bm_fix w, bm_fix stroke);
void    bm_pg_add_vrule(pgctx *s, bm_fix x, bm_fix y, bm_fix h, bm_fix stroke);
size_t  bm_pg_put_line(pgctx *s, const hline *h, const char *id, bm_fix x,
                       bm_fix y, bm_fix measure, bm_fix slot, int ongrid);
void    bm_pg_add_outline(pgctx *s, const unit *u, bm_fix y);
/* Places unit u in module m (region_top: y of region row 0); *cont gets the
 * continuation when the module is cut. */
bm_status bm_pg_place(pgctx *s, unit *u, const bm_plan_mod *m, bm_fix region_top,
                      int page_no, unit **cont);
void      bm_pg_rules(pgctx *s, const bm_plan *p, bm_fix region_top,
                      int region_rows);
bm_status bm_pg_resolve_jumps(pgctx *s);

/* ---- setter.c: text -------------------------------------------------------------- */

/* The paragraph composer's style for text[0..len) set in element el (with
 * s's run-in byline, kept span and 拉行, as set_lines asks for it); every
 * byte of *ps is set, so two compare with memcmp. */
void      bm_pg_para_style(const pgctx *s, bm_elem el, bm_fix size,
                           bm_fix measure, bm_fix indent, int align,
                           size_t len, bm_para_style *ps);
bm_status bm_pg_set(pgctx *s, const char *text, size_t len, bm_elem el,
                    bm_fix size, bm_fix measure, bm_fix indent, int align,
                    bm_line_kind kind, const bm_src *src, hline **out, int *n);
bm_status bm_pg_set_into(pgctx *s, const char *text, size_t len, bm_elem el,
                         bm_fix size, bm_fix measure, bm_fix indent, int align,
                         bm_line_kind kind, const bm_src *src, hvec *into,
                         int *n);
/* The same for display lines (kicker, subhead, byline, caption, jump ...):
 * set by display.c's rules for the element. */
bm_status bm_pg_set_display(pgctx *s, const char *text, size_t len, bm_elem el,
                            bm_fix size, bm_fix measure, bm_fix indent,
                            int align, bm_line_kind kind, const bm_src *src,
                            hline **out, int *n);
/* ... and *forced (if not NULL) = 1 when no break kept to the rules */
bm_status bm_pg_set_display_ex(pgctx *s, const char *text, size_t len,
                               bm_elem el, bm_fix size, bm_fix measure,
                               bm_fix indent, int align, bm_line_kind kind,
                               const bm_src *src, hline **out, int *n,
                               int *forced, int *phrased);
bm_status bm_pg_natural(pgctx *s, const char *text, size_t len, bm_elem el,
                        bm_fix size, const bm_src *src, bm_fix *w);
void      bm_pg_hv_add(pgctx *s, hvec *hv, const hline *l, int n);
bm_status bm_pg_set_headline(pgctx *s, const char *text, bm_elem el,
                             bm_fix size, bm_fix w, int *small,
                             const bm_src *src, hvec *out, bm_fix *used);
bm_status bm_pg_set_wrapped(pgctx *s, const char *text, bm_elem el, bm_fix cap,
                            bm_fix w, bm_line_kind kind, const bm_src *src,
                            hvec *out);
/* The layout's scale: index of the largest step <= size; the step `down`
 * steps below that one (clamped to the scale). */
int    bm_pg_scale_index(const bm_layout *l, bm_fix size);
bm_fix bm_pg_scale_step(const bm_layout *l, bm_fix size, int down);

/* ---- module.c: units -------------------------------------------------------------- */

/* The size of flow lines of element el (they take one row each). */
bm_fix    bm_pg_flow_size(const pgctx *s, bm_elem el);

int       bm_pg_starts_with(const char *s, const char *pre);
/* The index of ar's last paragraph or note (the one that takes the editor
 * code), ar->nblocks when it has none. */
size_t    bm_pg_last_para(const bm_article *ar);
bm_status bm_pg_make_article(pgctx *s, const bm_article *ar, unit **out);
bm_status bm_pg_make_briefs(pgctx *s, bm_article *const *ars, size_t n,
                            unit **out);
bm_status bm_pg_head_for(pgctx *s, unit *u, int k, int page_no, head **out);
int       bm_pg_head_line_rows(const head *h, int i, int pad, int *padded);
/* bm_pg_head_slot's state across a header's lines. */
typedef struct head_pos {
    int    padded;
    bm_fix at;       /* the next slot's top */
    bm_fix ink;      /* in a compact block: the next line's */
    bm_fix under;    /* ... and the white under its last line */
    int    block;    /* in a compact block */
} head_pos;
/* Where the lines of a header stand with `pad` padding rows, asked for
 * them in order (not for a boxed or beside line): line i's slot from *y
 * (from the header's top), the height returned; its ink centred in
 * [*ink, *ink + *ink_h).  The slots tile the header's rows. */
bm_fix    bm_pg_head_slot(const head *h, int i, int pad, bm_fix pitch,
                          head_pos *p, bm_fix *y, bm_fix *ink, bm_fix *ink_h);
int       bm_pg_flow_cells(const unit *u); /* grid cells of its column flow */
/* *kept: of its *widows, those a body a row deeper keeps (0: none);
 * *empty: columns of the module its balanced text leaves without a line,
 * and its column breaks inside lines kept together hard (a teaser's) */
bm_status bm_pg_measure_unit(pgctx *s, unit *u, int k, int page_no, int *need,
                             int *min_cut, int *white, int *widows, int *kept,
                             int *empty);
unit     *bm_pg_make_cont(pgctx *s, unit *u, int placed, int from_page);
/* A flow vector of the arena that layout_pass gives back at its end. */
void      bm_pg_keep_flow(pgctx *s, hline *v);
/* 拉行 (keep.c): paragraphs of u set a line longer, one at a time and the
 * cheapest that helps, while that leaves fewer first or last lines alone
 * at the column breaks of its module: k columns, a body `rows` deep, off[]
 * rows at the columns' tops taken by its photo, cut or balanced keeping
 * lines together up to `slack` rows deeper; the module no deeper. */
bm_status bm_pg_keep_longer(pgctx *s, unit *u, int k, const int *off,
                            int rows, int cut, int slack);
/* Text lines a story of `text` lines keeps on the page it jumps from (a
 * third, rounded up, and JUMP_MIN_LINES at least; module.c). */
int       bm_pg_jump_keeps(int text);
/* 1 when cut module u (k columns, a body `rows` deep, off[] as above)
 * leaves fewer first or last lines alone at its column breaks a row
 * shallower (keep.c). */
int       bm_pg_keep_short(const unit *u, int k, const int *off, int rows);
/* The column flow of u (from u->start) with a row of air above the first
 * `air` briefs after the first of a briefs box: into out (u->nitems). */
void      bm_pg_air_flow(const unit *u, int air, bm_flow_item *out);
/* Where image b is drawn, in proportion, to cover a slot fw wide and
 * `rows` grid rows tall (relative to the slot; centred on its focus). */
bm_rect   bm_pg_image_cover(const pgctx *s, const bm_block *b, bm_fix fw,
                            int rows);

/* Index of `id` in m, or -1. */
int bm_pg_ref_index(const ref_map *m, const char *id);

/* ---- figures.c: the photo block ------------------------------------------------- */

/* The photo block of u's article at span k under a head of hrows rows
 * (figures.c): its lines into fv, the columns it spans and its rows (0 and
 * 0 when it has no photo). */
bm_status bm_pg_figure_block(pgctx *s, unit *u, int k, int hrows, hvec *fv,
                             int *span, int *rows);
/* Grid rows of figure b at width fw in its own proportions (rounded). */
int       bm_pg_image_rows(const pgctx *s, const bm_block *b, bm_fix fw);
/* 1 for a chart, a map or a cartoon (its alt, caption or credit says so):
 * fitted whole in its slot (bm_pg_image_cover), never cut; a slot grown
 * or shaped by the grid leaves white beside or over and under it. */
int       bm_pg_fig_whole(const bm_block *b);
/* An image slot fw wide and `rows` rows tall showing b, in proportion,
 * covering it (bm_pg_image_cover). */
hline     bm_pg_image_line(const pgctx *s, const bm_block *b, bm_fix fw, int rows);

/* ---- furniture.c ------------------------------------------------------------------ */

/* Rows the furniture takes on page `number`; the furniture itself: the
 * running head on every page but the first, the masthead on page 1. */
int       bm_pg_furniture_rows(const pgctx *s, int number);
bm_status bm_pg_furniture(pgctx *s, bm_lpage *pg);

/* ---- ahead.c: body paragraphs composed on a second processor ------------------ */

typedef struct bm_pg_ahead bm_pg_ahead;

/* Starts a thread that composes the edition's body paragraphs, as
 * page_units will ask for them, from the last page back, when the font
 * set may use a second processor and no fault is armed (else, or with
 * too little to do, NULL: everything is composed in line as before).
 * Call while s sets nothing (no run-in, kept span or 拉行 pending). */
bm_pg_ahead *bm_pg_ahead_start(const pgctx *s, const bm_fontset *fs);
/* The lines of text[0..len) set in *ps, when the thread composed exactly
 * that paragraph (same text, source and style) without a warning or an
 * error: copied into `a` as bm_para_compose_fit would have allocated
 * them, and 1; 0 otherwise (the caller composes it; a paragraph not yet
 * begun is then the caller's, and one being composed is waited for).
 * ah NULL: 0. */
int  bm_pg_ahead_take(bm_pg_ahead *ah, const char *text, size_t len,
                      const bm_para_style *ps, const bm_src *src, bm_arena *a,
                      bm_pline **lines, size_t *nlines);
/* Stops and joins the thread, frees what it composed.  NULL: nothing. */
void bm_pg_ahead_stop(bm_pg_ahead *ah);

/* ---- compact.c ---------------------------------------------------------------------- */

/* The same document in an arena of its own holding only what its pages
 * show; `old` and its arena are gone (compact.c says why). */
bm_layout_doc *bm_pg_compact(bm_layout_doc *old);

#endif
