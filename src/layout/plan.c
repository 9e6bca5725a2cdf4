/*
 * plan.c - the page planner and the column flow: pure grid geometry.
 *
 * Model.  A page's free region (below the running head and, on page 1, the
 * masthead) is a grid of columns x rows.  Articles become rectangular
 * modules on that grid.  The planner builds the page the way a make-up
 * editor does on a 版样: the first story may run across the whole width as
 * a top band (the lead on page 1 does, or stands at the top left
 * (COST_LEAD_SIDE): at the head of the first stack with a stack beside it,
 * or with a stack of the stories after it beside it as deep - a 头条 of
 * 4-6 columns beside the 报眼 (commentary, 导读, the next stories), the
 * rest of the page under both; a page's one story runs across, cut at the
 * page's foot when it is longer, band_max aside);
 * the rest of the region is cut into vertical
 * stacks of whole columns, and each stack holds consecutive stories one
 * under another, one grid row apart (the rule sits in that row).  A stack
 * of NEST_MIN_SPAN columns or more may instead hold one module across it
 * with two or three stacks side by side under it (块状: a wide story over
 * narrower ones).
 * Reading order is band, then stack by stack, left to right, top to
 * bottom (a nested stack: its module across, then its stacks in turn).
 *
 * Every unit says how many rows it needs at each span; the planner knows
 * nothing of text.  The last module of a stack may be cut when the unit
 * allows it: the rest continues on a later page with jump lines.  Units at
 * the end of the page's list may move to the next page whole.  A stack that
 * is too short gives its spare rows to photos across their modules (grow,
 * cropped a little more), then to its modules' headers (at most `max_pad`
 * rows each, a row at a time to the header it makes the smallest share of
 * its module, none that make one `zone_cap` % of it when the page asks;
 * priced nearly as white: padding is white around a head);
 * what is left is white, the thing the planner minimises first.  A shape
 * whose balanced columns break a paragraph's first or last line off at a
 * column break costs COST_WIDOW a line.  A
 * unit's "reach" says by how many rows it can deepen: a photo grown (and
 * cropped a little more, the text balanced again beside and under it),
 * or air between the briefs of a box; a small subset sum (spare_rows)
 * shares a stack's spare rows among its units.  A page whose stories
 * cannot fill it is planned again on fewer rows (bm_plan_level): its
 * stacks end level and the white is at its foot.
 *
 * Search.  For a given number of placed units and a band choice, the best
 * split into stacks is a small dynamic programme over (columns used, units
 * used): the cost of a stack depends only on its width and its units; the
 * stacks under a module across are a second one, nested(), over (column,
 * unit) inside the stack, memoised in a small hash table.  The
 * planner tries every count of placed units and both band choices and keeps
 * the cheapest plan; ties go to the first found, so plans are
 * deterministic.  Rejected: greedy skyline packing (left ragged bottoms that
 * no later article could fill) and free 2-D bin packing (modules that are
 * not in reading order).
 */
#include "layout_private.h"

#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

enum {
    COST_WHITE = 50,     /* per empty grid cell */
    COST_FOOT = 25,      /* per empty cell at the foot of a page its
                            stories cannot fill (bm_plan_level) */
    COST_CUT = 1200,     /* per article continued on a later page: about
                            24 white cells' worth, as an editor would
                            rather leave a little white than jump a story
                            (at 400 a story of hexi's page 1 five
                            characters shorter took the page from one
                            jump to four, for seven cells of white) */
    COST_OVER = 1,       /* per cell of text sent to a later page */
    COST_MOVE = 3000,    /* per article moved whole to a later page
                            (reflow) */
    COST_FORCED_MOVE = 10000000, /* ... when the edition did not ask for it:
                            only when no cut makes room, as few as can be */
    COST_PAD = 40,       /* per header padding row and column (white
                            around a head: a little better than a hole) */
    COST_GROW = 4,       /* per row and column a photo across its module
                            grows (cropped) to take a stack's spare rows */
    COST_SHAPE = 8,      /* per row a module is off a pleasant shape */
    COST_SMALL = 6000,   /* a headline squeezed below its minimum size */
    COST_WIDOW = 250,    /* a paragraph's first line alone at a column's
                            foot or its last alone at a top, where the
                            module's shape leaves one (keep.c fixes what
                            it can after the plan, at a row's price) */
    COST_NARROW = 1000,  /* the page's 头条 narrower than half the page */
    COST_RECUT = 800,    /* a continuation cut again (a second jump) */
    COST_SHALLOW = 400,  /* per row a wide module is shallower than it
                            should be (a strip across the page) */
    FLOW_KEEP_SLACK = 0, /* rows a module may deepen to keep a paragraph's
                            first or last line with the next (1 removes
                            every widow but costs the pages 1-2% fill
                            with today's planner) */
    FLOW_MIN_UNDER = 3,  /* fewest lines under a photo in a cut module */
    NEST_MIN_SPAN = 4,   /* a module across this many columns or more
                            may have stacks side by side under it */
    NEST_MIN_ROWS = 6,   /* ... when they are at least this deep */
    NEST_MAX_UNITS = 3,  /* units in each of those stacks */
    COST_LEAD_SIDE = 600, /* page 1's lead not across the page's top but
                            at the head of its first stack, a stack beside
                            it (the 头条 at the top left, 4-6 columns) */
    COST_NEST = 600,     /* a nested stack: only when it clearly reads
                            better (at 20-200, white no nested shape could
                            take cost hexi page 2 1.3% of its fill) */
    CONT_MIN_CELLS = 8   /* a cut leaves at least this many lines to
                            continue (a continuation is a module, not a
                            strip of two lines) */
};
#define INF (LONG_MAX / 4)

/* nested(): one entry of its memo, keyed by (end column, rows, column,
 * unit, first) */
typedef struct nest_ent {
    unsigned long key;
    unsigned gen;      /* the search it belongs to */
    long val;
    int  w, cnt;
} nest_ent;
#define NEST_SLOTS 8192

/*
 * nested()'s memo is kept by each thread from one plan to the next (a
 * batch plans pages on several threads at once): its entries are told
 * apart by the search they belong to (gen), which goes on counting from
 * plan to plan, so a plan finds the table as good as empty without
 * clearing it, and it is cleared only when gen wraps.  A fresh 256 KB
 * calloc a plan was 3 % of the instructions of a 64-page build (709
 * plans, each clearing it).  Freed when its thread ends.
 */
typedef struct nest_memo {
    nest_ent slots[NEST_SLOTS];
    unsigned gen;      /* the last search's */
} nest_memo;

static pthread_key_t  nest_key;
static pthread_once_t nest_once = PTHREAD_ONCE_INIT;
static int            nest_key_ok;

static void nest_key_make(void)
{
    nest_key_ok = pthread_key_create(&nest_key, free) == 0;
}

/* This thread's memo, or NULL without memory (then no nested stacks). */
static nest_memo *nest_memo_get(void)
{
    pthread_once(&nest_once, nest_key_make);
    if (!nest_key_ok)
        return NULL;
    nest_memo *m = pthread_getspecific(nest_key);
    if (!m && (m = calloc(1, sizeof *m)) && pthread_setspecific(nest_key, m)) {
        free(m);
        m = NULL;
    }
    return m;
}

typedef struct ctx {
    const bm_plan_unit *u;
    int  cols, rows, min_span, max_span, max_pad, zone_cap, no_cut;
    int  first, last;   /* units first..last-1 go into stacks */
    int  srows;         /* rows of the stack region */
    long memo[BM_MAX_COLS + 1][BM_PLAN_MAX_UNITS + 1];
    int  choice_w[BM_MAX_COLS + 1][BM_PLAN_MAX_UNITS + 1];
    int  choice_c[BM_MAX_COLS + 1][BM_PLAN_MAX_UNITS + 1];
    int  choice_n[BM_MAX_COLS + 1][BM_PLAN_MAX_UNITS + 1]; /* 1 + d: the
                                          stack is a module across it (its
                                          photo grown d rows) with stacks
                                          side by side under it; 0: plain */
    nest_ent *nest;     /* memo of nested() (NEST_SLOTS entries) */
    unsigned  gen;      /* its entries of this search */
} ctx;

/* A module of `rows` x `span` that is much taller than wide (or the other
 * way round) reads badly: 13-character columns are ~8 rows wide.  A wide
 * module needs depth under its head (`hrows` of its rows): a short story
 * across five columns is a strip however tall its headline stands. */
static long shape_cost(int rows, int hrows, int span)
{
    long shallow = 0;
    int depth = rows - hrows;
    if (span >= SHALLOW_WIDE && depth < SHALLOW_WIDE_ROWS)
        shallow = (long)(SHALLOW_WIDE_ROWS - depth) * COST_SHALLOW;
    else if (span >= SHALLOW_MID && depth < SHALLOW_MID_ROWS)
        shallow = (long)(SHALLOW_MID_ROWS - depth) * COST_SHALLOW;
    int lo = 3 * span, hi = 14 * span + 10;
    if (rows < lo)
        return shallow + (long)(lo - rows) * COST_SHAPE;
    if (rows > hi)
        return shallow + (long)(rows - hi) * COST_SHAPE / 2;
    return shallow;
}

/* Text under a photo as wide as its module is a module of its own shape:
 * a strip when shallow and wide. */
static long text_cost(int rows, int span)
{
    if (rows <= 0)
        return 0;
    if (span >= SHALLOW_WIDE && rows < SHALLOW_WIDE_ROWS)
        return (long)(SHALLOW_WIDE_ROWS - rows) * COST_SHALLOW;
    if (span >= SHALLOW_MID && rows < SHALLOW_MID_ROWS)
        return (long)(SHALLOW_MID_ROWS - rows) * COST_SHALLOW;
    return 0;
}

/*
 * Spare rows of a stack taken by its photos: the most rows <= under that
 * units i..j-1 can add together, each a depth in its reach (a photo grown,
 * the text balanced again).  d (if not NULL) gets each unit's share, the
 * later units' first where there is a choice.  Sums above 63 rows are not
 * looked for (such a stack is mostly white anyway).
 */
static int spare_rows(const ctx *c, int w, int i, int j, int under, int *d)
{
    typedef unsigned long long set;
    set sums[BM_PLAN_MAX_UNITS + 1];
    int lim = under < 63 ? under : 63;
    if (d)
        for (int t = i; t < j; t++)
            d[t - i] = 0;
    if (lim <= 0)
        return 0;
    set mask = lim >= 63 ? ~0ull : (2ull << lim) - 1;
    sums[0] = 1;
    int any = 0;
    for (int t = i; t < j; t++) {
        unsigned r = c->u[t].reach[w] & ~1u;
        set n = sums[t - i];
        any |= r != 0;
        for (int k = 1; r; k++, r >>= 1)
            if (r & 2u)
                n |= sums[t - i] << k;
        sums[t - i + 1] = n & mask;
    }
    if (!any)
        return 0;
    int best = 63 - __builtin_clzll(sums[j - i]);
    if (d) { /* back from the last unit: the largest share that works */
        int left = best;
        for (int t = j - 1; t >= i && left > 0; t--) {
            unsigned r = c->u[t].reach[w];
            for (int k = left; k >= 0; k--)
                if ((r >> k & 1u) && (sums[t - i] >> (left - k) & 1ull)) {
                    d[t - i] = k;
                    left -= k;
                    break;
                }
        }
    }
    return best;
}

/* Of `under` spare rows of a stack (units i..j-1 at width w, `share`:
 * the rows their photos took), one to each unit in turn whose body a row
 * deeper keeps lines its columns would break off (bm_plan_unit.kept);
 * keep[t - i]: 1 for those.  Returns how many. */
static int keep_rows(const ctx *c, int w, int i, int j, int under,
                     const int *share, int *keep)
{
    int n = 0;
    for (int t = i; t < j; t++) {
        keep[t - i] = n < under && !share[t - i] && c->u[t].kept[w] > 0;
        n += keep[t - i];
    }
    return n;
}

/* Rows units i..j-1 take one under another at width w, a row between
 * each two; -1 when one cannot be set at that width. */
static int stacked_rows(const ctx *c, int w, int i, int j)
{
    int sum = 0;
    for (int t = i; t < j; t++) {
        if (c->u[t].need[w] <= 0)
            return -1;
        sum += c->u[t].need[w] + (t > i);
    }
    return sum;
}

/* Padding rows unit t's header may take at width w. */
static int pad_cap(const ctx *c, int t, int w)
{
    const bm_plan_unit *u = &c->u[t];
    int p = u->pad_max[w] < c->max_pad ? u->pad_max[w] : c->max_pad;
    while (c->zone_cap && p > 0 &&
           (long)(u->head_rows[w] + p) * 100 >=
               (long)c->zone_cap * (u->need[w] + p))
        p--;
    return p;
}

/* Cost of one stack of width w holding units i..j-1; INF if impossible. */
static long stack_cost_in(const ctx *c, int w, int i, int j, int srows)
{
    long cost = 0;
    int sum = stacked_rows(c, w, i, j);
    if (sum < 0)
        return INF;
    if (sum <= srows) {
        int under = srows - sum, share[BM_PLAN_MAX_UNITS];
        int grow = spare_rows(c, w, i, j, under, share);
        under -= grow;
        /* a photo grown fills its rows; air between briefs is white */
        for (int t = i; t < j; t++)
            cost += (long)share[t - i] * w *
                    (c->u[t].air ? COST_PAD : COST_GROW);
        /* a row deeper that keeps a paragraph's lines together: white at
         * its columns' feet, as dear as padding, and a widow the less */
        int keep[BM_PLAN_MAX_UNITS];
        under -= keep_rows(c, w, i, j, under, share, keep);
        for (int t = i; t < j; t++)
            cost += keep[t - i] *
                    ((long)w * COST_PAD - (long)c->u[t].kept[w] * COST_WIDOW);
        int pad = 0;
        for (int t = i; t < j && pad < under; t++)
            pad += pad_cap(c, t, w);
        if (pad > under)
            pad = under;
        under -= pad;
        cost += (long)under * w * COST_WHITE + (long)pad * w * COST_PAD;
        for (int t = i; t < j; t++)
            cost += shape_cost(c->u[t].need[w], c->u[t].head_rows[w], w) +
                    text_cost(c->u[t].text_rows[w], w) +
                    (long)c->u[t].white[w] * COST_WHITE +
                    (long)c->u[t].widows[w] * COST_WIDOW +
                    (long)c->u[t].small[w] * COST_SMALL +
                    (long)c->u[t].narrow[w] * COST_NARROW;
        return cost;
    }
    /* the last unit is cut to what is left */
    int need_last = c->u[j - 1].need[w];
    int prefix = sum - need_last;
    int left = srows - prefix;
    int min_cut = c->u[j - 1].min_cut[w];
    if (c->no_cut || min_cut <= 0 || left < min_cut ||
        (need_last - left) * w < CONT_MIN_CELLS)
        return INF;
    cost += COST_CUT + (c->u[j - 1].cont ? COST_RECUT : 0) +
            (long)(need_last - left) * w * COST_OVER;
    for (int t = i; t < j; t++)
        cost += (t < j - 1 ? shape_cost(c->u[t].need[w],
                                        c->u[t].head_rows[w], w) +
                                 text_cost(c->u[t].text_rows[w], w) +
                                 (long)c->u[t].white[w] * COST_WHITE
                           : shape_cost(left, c->u[j - 1].head_rows[w], w)) +
                (long)c->u[t].small[w] * COST_SMALL +
                (long)c->u[t].narrow[w] * COST_NARROW;
    return cost;
}

/* Do units i..j-1 stand one under another in `rows` rows at width w? */
static int fits_uncut(const ctx *c, int w, int i, int j, int rows)
{
    int sum = stacked_rows(c, w, i, j);
    return sum >= 0 && sum <= rows;
}

static long stack_cost(const ctx *c, int w, int i, int j)
{
    return stack_cost_in(c, w, i, j, c->srows);
}

static long best(ctx *c, int used, int i);

/* The module across a nested stack: unit i at width w, uncut and unpadded
 * (the stacks under it take the rows). */
static long across_cost(const ctx *c, int w, int i)
{
    const bm_plan_unit *u = &c->u[i];
    if (u->need[w] <= 0)
        return INF;
    return shape_cost(u->need[w], u->head_rows[w], w) +
           text_cost(u->text_rows[w], w) +
           (long)u->white[w] * COST_WHITE + (long)u->widows[w] * COST_WIDOW +
           (long)u->small[w] * COST_SMALL + (long)u->narrow[w] * COST_NARROW;
}

/*
 * Best cost of filling columns [col, end) of a nested region `rows` deep
 * (under a module across [.., end)) with side-by-side stacks from unit i,
 * and then the page's columns [end, cols) with the units they leave
 * (best()).  `first`: the first of those stacks, which must be narrower
 * than the region (one stack as wide is a plain stack).  *bw, *bc: the
 * first stack's width and units.
 */
static long nested(ctx *c, int end, int rows, int col, int i, int first,
                   int *bw, int *bc)
{
    *bw = *bc = 0;
    if (col == end)
        return best(c, end, i);
    if (i == c->last || !c->nest)
        return INF;
    unsigned long key = ((((unsigned long)end * 1024 + (unsigned)rows) * 64 +
                          (unsigned)col) * 64 + (unsigned)i) * 2 +
                        (unsigned)first + 1;
    unsigned long hsh = (key * 11400714819323198485ul) >> 51; /* 13 bits */
    for (unsigned long k = 0; k < NEST_SLOTS; k++) {
        nest_ent *e = &c->nest[(hsh + k) % NEST_SLOTS];
        if (e->gen != c->gen)
            break;
        if (e->key == key) {
            *bw = e->w;
            *bc = e->cnt;
            return e->val;
        }
    }
    long bestc = INF;
    int left = end - col;
    for (int w = left < c->max_span ? left : c->max_span; w >= c->min_span;
         w--) {
        int rest = left - w;
        if ((first && !rest) || (rest && rest < c->min_span))
            continue;
        for (int cnt = 1; cnt <= NEST_MAX_UNITS && i + cnt <= c->last; cnt++) {
            long sc = stack_cost_in(c, w, i, i + cnt, rows);
            if (sc >= INF)
                continue;
            int x, y;
            long r = nested(c, end, rows, col + w, i + cnt, 0, &x, &y);
            if (r >= INF)
                continue;
            if (sc + r < bestc) {
                bestc = sc + r;
                *bw = w;
                *bc = cnt;
            }
        }
    }
    for (unsigned long k = 0; k < NEST_SLOTS; k++) {
        nest_ent *e = &c->nest[(hsh + k) % NEST_SLOTS];
        if (e->gen != c->gen) { /* a free slot (a full table: not kept) */
            *e = (nest_ent){key, c->gen, bestc, *bw, *bc};
            break;
        }
    }
    return bestc;
}

/* Best cost of filling columns [used, cols) with units [i, last). */
static long best(ctx *c, int used, int i)
{
    if (used == c->cols)
        return i == c->last ? 0 : INF;
    if (i == c->last) /* columns left empty (more than max_span would fill
                         with too few stories): white */
        return (long)(c->cols - used) * c->srows * COST_WHITE;
    long *m = &c->memo[used][i];
    if (*m != -1)
        return *m;
    long bestc = INF;
    int bw = 0, bc = 0, bn = 0;
    int left = c->cols - used;
    for (int w = left < c->max_span ? left : c->max_span; w >= c->min_span;
         w--) {
        int rest = left - w;
        if (rest && rest < c->min_span)
            continue;
        /* wider stacks first in reading order read better */
        long order = used && w > c->cols / 2 ? 30 : 0;
        for (int cnt = 1; i + cnt <= c->last; cnt++) {
            long sc = stack_cost(c, w, i, i + cnt);
            if (sc >= INF) {
                /* more units only make an impossible stack worse, unless
                 * the failure was a missing span */
                continue;
            }
            long r = best(c, used + w, i + cnt);
            if (r >= INF)
                continue;
            if (sc + r + order < bestc) {
                bestc = sc + r + order;
                bw = w;
                bc = cnt;
                bn = 0;
            }
        }
        /* a module across the stack with two or three stacks side by side
         * under it (块状: a wide story over narrower ones) */
        long ac = w >= NEST_MIN_SPAN && i + 2 <= c->last ? across_cost(c, w, i)
                                                          : INF;
        for (int d = 0; ac < INF && d <= BM_PLAN_GROW_MAX; d++) {
            if (d && !(c->u[i].reach[w] >> d & 1u))
                continue; /* its photo grown by d rows */
            int rows = c->srows - c->u[i].need[w] - d - 1;
            if (rows < NEST_MIN_ROWS)
                break;
            int x, y;
            long r = nested(c, used + w, rows, used, i + 1, 1, &x, &y);
            long t = ac + r + order + COST_NEST + (long)d * w * COST_GROW;
            if (r < INF && t < bestc) {
                bestc = t;
                bw = w;
                bc = 1;
                bn = 1 + d;
            }
        }
    }
    *m = bestc;
    c->choice_w[used][i] = bw;
    c->choice_c[used][i] = bc;
    c->choice_n[used][i] = bn;
    return bestc;
}

/* One plain stack into plan->mods: units i..i+cnt-1 at columns
 * [col, col+w), from row0, srows deep. */
static void emit_stack(const ctx *c, int col, int w, int i, int cnt, int row0,
                       int srows, bm_plan *plan)
{
    int under = srows - stacked_rows(c, w, i, i + cnt);
    int row = row0;
    /* spare rows: to photos first (grown, the text balanced again), then
     * to headers */
    int grow[BM_PLAN_MAX_UNITS] = {0}, add[BM_PLAN_MAX_UNITS] = {0},
        keep[BM_PLAN_MAX_UNITS] = {0};
    if (under > 0) {
        under -= spare_rows(c, w, i, i + cnt, under, grow);
        under -= keep_rows(c, w, i, i + cnt, under, grow, keep);
    }
    /* a row at a time to the header it makes the smallest share of its
     * module (the deepest modules first: a short story's head floated in
     * white reads worst); the first of equals */
    while (under > 0) {
        int pick = -1;
        long pn = 0, pd = 1;
        for (int t = i; t < i + cnt; t++) {
            int cap = pad_cap(c, t, w);
            if (add[t - i] >= cap)
                continue;
            long n = c->u[t].head_rows[w] + add[t - i] + 1,
                 d = c->u[t].need[w] + add[t - i] + 1;
            if (pick < 0 || n * pd < pn * d)
                pick = t, pn = n, pd = d;
        }
        if (pick < 0)
            break;
        add[pick - i]++;
        under--;
    }
    for (int t = i; t < i + cnt; t++) {
        bm_plan_mod *m = &plan->mods[plan->nmods++];
        m->unit = t;
        m->col = col;
        m->span = w;
        m->row = row;
        m->rows = c->u[t].need[w];
        m->cut = 0;
        m->grow = 0;
        m->pad = 0;
        m->keep = 0;
        plan->white += (long)c->u[t].white[w];
        if (under < 0 && t == i + cnt - 1) {
            m->rows = row0 + srows - row; /* cut to the region's foot */
            m->cut = 1;
        } else if (under >= 0) {
            m->grow = grow[t - i];
            m->pad = add[t - i];
            m->keep = keep[t - i];
            m->rows += grow[t - i] + add[t - i] + keep[t - i];
        }
        if (t == i + cnt - 1 && under > 0) /* white at the stack's foot:
                                              the module hugs its text */
            plan->white += (long)under * w;
        row += m->rows + 1;
    }
}

/* Lays out the stacks chosen by best() into plan->mods. */
static void emit_stacks(ctx *c, int row0, bm_plan *plan)
{
    int used = 0, i = c->first;
    while (used < c->cols && i < c->last) {
        int w = c->choice_w[used][i], cnt = c->choice_c[used][i];
        if (!c->choice_n[used][i]) {
            emit_stack(c, used, w, i, cnt, row0, c->srows, plan);
            used += w;
            i += cnt;
            continue;
        }
        /* the module across, then the stacks under it */
        bm_plan_mod *m = &plan->mods[plan->nmods++];
        int d = c->choice_n[used][i] - 1;
        int need = c->u[i].need[w] + d;
        *m = (bm_plan_mod){.unit = i, .col = used, .span = w, .row = row0,
                           .rows = need, .grow = d};
        plan->white += (long)c->u[i].white[w];
        int rows = c->srows - need - 1, col = used, j = i + 1;
        for (int first = 1; col < used + w; first = 0) {
            int sw, sc;
            nested(c, used + w, rows, col, j, first, &sw, &sc);
            if (sw <= 0)
                break; /* cannot happen: best() found it */
            emit_stack(c, col, sw, j, sc, row0 + need + 1, rows, plan);
            col += sw;
            j += sc;
        }
        used += w;
        i = j;
    }
    /* columns no stack took (too few stories to fill them; a page's one
     * story across it counts the white under it itself) */
    if (used < c->cols && c->first < c->last)
        plan->white += (long)(c->cols - used) * c->srows;
}

/* A fresh search of units first..last-1 in stacks `srows` deep (the
 * nested memo's entries of earlier searches told apart by *gen). */
static void search_init(ctx *c, const bm_plan_unit *u, const bm_plan_opts *o,
                        int cols, int rows, int min_span, int max_span,
                        nest_ent *nest, unsigned *gen, int first, int last,
                        int srows)
{
    memset(c, 0, sizeof *c);
    c->u = u;
    c->cols = cols;
    c->rows = rows;
    c->min_span = min_span;
    c->max_span = max_span;
    c->max_pad = o->max_pad;
    c->zone_cap = o->zone_cap;
    c->no_cut = o->no_cut;
    c->first = first;
    if (*gen == UINT_MAX && nest) { /* wrapped: clear it */
        memset(nest, 0, NEST_SLOTS * sizeof *nest);
        *gen = 0;
    }
    c->nest = nest;
    c->gen = ++*gen;
    c->last = last;
    c->srows = srows;
    memset(c->memo, -1, sizeof c->memo);
}

int bm_plan_page(const bm_plan_unit *u, int n, const bm_plan_opts *o,
                 bm_plan *plan)
{
    int cols = o->cols, rows = o->rows, min_span = o->min_span;
    int band_max = o->band_max;
    memset(plan, 0, sizeof *plan);
    plan->cost = INF;
    if (n > BM_PLAN_MAX_UNITS)
        n = BM_PLAN_MAX_UNITS;
    if (cols > BM_MAX_COLS || n <= 0 || rows <= 0)
        return -1;
    if (min_span > cols)
        min_span = cols;
    if (min_span < 1)
        min_span = 1;
    int max_span = o->max_span < min_span ? min_span
                   : o->max_span > cols  ? cols
                                         : o->max_span;
    ctx c;
    /* nested()'s memo, shared by the searches below (told apart by gen);
     * without it (no memory) there are no nested stacks */
    nest_memo *nm = nest_memo_get();
    nest_ent *nest = nm ? nm->slots : NULL;
    unsigned gen = nm ? nm->gen : 0;
    int lead_first = u[0].lead && !u[0].no_band;

    for (int placed = n; placed >= (o->moves ? 1 : n); placed--) {
        for (int band = 1; band >= 0; band--) {
            if (band && (u[0].no_band || u[0].need[cols] <= 0))
                continue;
            long side = 0;
            if (!band && lead_first && placed >= 2 && u[0].need[cols] > 0)
                side = COST_LEAD_SIDE; /* the lead beside a stack */
            /* the band's photo may grow to take rows from the stacks */
            for (int bd = 0; bd <= (band ? BM_PLAN_GROW_MAX : 0); bd++) {
                if (bd && !(u[0].reach[cols] >> bd & 1u))
                    continue;
                int brow = 0, bcut = 0;
                long cost = side + (long)(n - placed) *
                            (o->moves > 1 ? COST_FORCED_MOVE : COST_MOVE);
                if (band) {
                    int need = u[0].need[cols], mc = u[0].min_cut[cols];
                    if (placed == 1) {
                        /* the page's one story: across the page, cut at
                         * its foot when it is longer */
                        if (need + bd <= rows)
                            brow = need + bd;
                        else if (!bd && mc > 0 && mc <= rows && !o->no_cut &&
                                 (need - rows) * cols >= CONT_MIN_CELLS)
                            brow = rows, bcut = 1;
                        else
                            continue;
                    } else {
                        if (need <= band_max)
                            brow = need + bd;
                        else if (!bd && mc > 0 && mc < need && !o->no_cut)
                            /* cut at band_max, or lower if a photo needs it */
                            brow = mc > band_max ? mc : band_max, bcut = 1;
                        else if (need <= rows - 8)
                            brow = need + bd;
                        else
                            continue;
                        if (rows - brow - 1 < 4)
                            continue;
                    }
                    if (bcut)
                        cost += COST_CUT +
                                (long)(need - brow) * cols * COST_OVER;
                    cost += shape_cost(brow, u[0].head_rows[cols], cols) +
                            text_cost(u[0].text_rows[cols], cols) +
                            (long)bd * cols * COST_GROW;
                    /* the cells its balanced columns leave empty (beside
                     * its photo): priced as in a stack */
                    if (!bcut)
                        cost += (long)u[0].white[cols] * COST_WHITE +
                                (long)u[0].widows[cols] * COST_WIDOW;
                }
                search_init(&c, u, o, cols, rows, min_span, max_span, nest,
                            &gen, band, placed,
                            !band ? rows : brow < rows ? rows - brow - 1 : 0);
                long sc = best(&c, 0, c.first);
                if (sc >= INF)
                    continue;
                cost += sc;
                if (cost >= plan->cost)
                    continue;
                bm_plan p = {0};
                p.placed = placed;
                if (band) {
                    bm_plan_mod *m = &p.mods[p.nmods++];
                    m->unit = 0;
                    m->col = 0;
                    m->span = cols;
                    m->row = 0;
                    m->rows = brow;
                    m->cut = bcut;
                    m->grow = bd;
                    if (placed == 1) /* nothing under the one story */
                        p.white += (long)cols * (rows - brow);
                }
                emit_stacks(&c, band ? brow + 1 : 0, &p);
                p.cost = cost;
                *plan = p;
            }
        }
        /* page 1's lead at the top left, w columns, a stack of the stories
         * after it beside it as deep (the 报眼 and the next stories: read
         * after the lead), the rest of the page under both */
        for (int w = cols - min_span; lead_first && placed >= 3 &&
                                      w >= NEST_MIN_SPAN; w--) {
            int need = u[0].need[w], sw = cols - w;
            if (need <= 0 || need > band_max || rows - need - 1 < 4 ||
                sw > max_span)
                continue;
            long lc = COST_LEAD_SIDE +
                      (long)(n - placed) *
                          (o->moves > 1 ? COST_FORCED_MOVE : COST_MOVE) +
                      shape_cost(need, u[0].head_rows[w], w) +
                      text_cost(u[0].text_rows[w], w) +
                      (long)u[0].white[w] * COST_WHITE +
                      (long)u[0].widows[w] * COST_WIDOW +
                      (long)u[0].small[w] * COST_SMALL +
                      (long)u[0].narrow[w] * COST_NARROW;
            for (int j = 2; j < placed; j++) {
                search_init(&c, u, o, cols, rows, min_span, max_span, nest,
                            &gen, j, placed, rows - need - 1);
                if (!fits_uncut(&c, sw, 1, j, need))
                    break; /* more units only stand deeper */
                long cost = lc + stack_cost_in(&c, sw, 1, j, need);
                if (cost >= plan->cost)
                    continue;
                long sc = best(&c, 0, j);
                if (sc >= INF || cost + sc >= plan->cost)
                    continue;
                bm_plan p = {0};
                p.placed = placed;
                p.mods[p.nmods++] = (bm_plan_mod){.unit = 0, .col = 0,
                                                  .span = w, .row = 0,
                                                  .rows = need};
                p.white += (long)u[0].white[w];
                emit_stack(&c, w, sw, 1, j - 1, 0, need, &p);
                emit_stacks(&c, need + 1, &p);
                p.cost = cost + sc;
                *plan = p;
            }
        }
    }
    if (nm)
        nm->gen = gen;
    plan->rows = rows;
    return plan->cost >= INF ? -1 : 0;
}

int bm_plan_strips(const bm_plan_unit *u, const bm_plan *plan)
{
    int n = 0;
    for (int i = 0; i < plan->nmods; i++) {
        const bm_plan_mod *m = &plan->mods[i];
        const bm_plan_unit *t = &u[m->unit];
        int w = m->span;
        n += text_cost(t->text_rows[w], w) > 0 ||
             (!m->cut && shape_cost(t->need[w], t->head_rows[w], w) >=
                             COST_SHALLOW);
    }
    return n;
}

int bm_plan_level(const bm_plan_unit *u, int n, const bm_plan_opts *o,
                  bm_plan *plan)
{
    int cut = 0;
    for (int i = 0; i < plan->nmods; i++)
        cut |= plan->mods[i].cut;
    if (cut || plan->placed < n || plan->white <= 0)
        return 0;
    bm_plan_opts lo = *o;
    lo.no_cut = 1;
    lo.moves = 0;
    long best = plan->cost;
    bm_plan tr, keep;
    int found = 0;
    for (int r = o->rows - 1; r >= 4; r--) {
        lo.rows = r;
        lo.band_max = (int)((long)o->band_max * r / o->rows);
        if (bm_plan_page(u, n, &lo, &tr) != 0)
            break; /* fewer rows hold no more */
        long c = tr.cost + (long)(o->rows - r) * o->cols * COST_FOOT;
        if (c < best) {
            best = c;
            keep = tr;
            found = 1;
        }
    }
    if (!found)
        return 0;
    keep.cost = best;
    *plan = keep;
    return 1;
}

/* ---- column flow ---------------------------------------------------------- */

/* End of the keep group that starts at i. */
static int group_end(const bm_flow_item *it, int n, int i)
{
    int e = i + 1;
    while (e < n && it[e - 1].keep_next)
        e++;
    return e;
}

/* At least `want` keep groups start at or after item i. */
static int groups_after(const bm_flow_item *it, int n, int i, int want)
{
    int g = 0;
    while (i < n && g < want) {
        i = group_end(it, n, i);
        g++;
    }
    return g >= want;
}

/*
 * Greedy fill of k columns with caps[col] rows each.  A keep group that
 * does not fit moves to the next column, except that (soft_ok) it may give
 * at a soft keep when the part before it fits (a widow is better than a
 * hole), and an empty column splits whatever it must; a column takes no
 * group that would leave a later column none (a teaser's items kept
 * whole, 2-1-1 over three columns, not 2-2 and an empty one).  Returns
 * the number of items placed; brk[0..k] as in the header.
 */
static int fill(const bm_flow_item *it, int n, int k, const int *caps,
                int soft_ok, int *brk)
{
    int i = 0;
    for (int col = 0; col < k; col++) {
        brk[col] = i;
        int used = 0;
        while (i < n) {
            int e = group_end(it, n, i), g = 0;
            for (int t = i; t < e; t++)
                g += it[t].rows;
            /* a group for each column after this one (items kept
             * together, a teaser's: no column left empty) */
            if (used > 0 && caps[col] >= used + g &&
                !groups_after(it, n, e, k - col - 1))
                break;
            if (used + g <= caps[col]) {
                used += g;
                i = e;
                continue;
            }
            /* the longest prefix ending at a soft keep that fits */
            int best = -1, acc = 0;
            for (int t = i; t < e - 1; t++) {
                acc += it[t].rows;
                if (used + acc > caps[col])
                    break;
                if (it[t].keep_next == BM_KEEP_SOFT && soft_ok)
                    best = t + 1;
            }
            if (best > i) {
                for (int t = i; t < best; t++)
                    used += it[t].rows;
                i = best;
                continue;
            }
            if (used == 0 && caps[col] > 0) { /* taller than a column: split */
                while (i < e && used + it[i].rows <= caps[col])
                    used += it[i++].rows;
                if (used == 0) /* one item taller than the column */
                    used += it[i++].rows;
            }
            break;
        }
    }
    brk[k] = i;
    return i;
}

int bm_flow_soft_breaks(const bm_flow_item *it, int n, int k, const int *brk)
{
    int b = 0;
    for (int col = 1; col < k; col++)
        b += brk[col] > 0 && brk[col] < n && brk[col] > brk[col - 1] &&
             it[brk[col] - 1].keep_next == BM_KEEP_SOFT;
    return b;
}

/* A cursor on the flow: the index of the item that starts `rows` rows in,
 * or -1 when an item straddles that row.  Seeks move a little each way
 * (the rows asked for stay within a few of the last), so a search costs
 * O(n) in all. */
typedef struct flow_seek {
    const bm_flow_item *it;
    int n, i, rows;
} flow_seek;

static int seek_row(flow_seek *f, int rows)
{
    while (f->rows < rows && f->i < f->n)
        f->rows += f->it[f->i++].rows;
    while (f->rows > rows && f->i > 0)
        f->rows -= f->it[--f->i].rows;
    return f->rows == rows ? f->i : -1;
}

/*
 * Column breaks moved by a line (拉行/缩行 at the module's depth): k
 * columns of at most h rows (offsets included), every column but the last
 * h or h-1 rows deep, the last any depth not above h and not empty, a hard
 * keep never broken.  Of those, the one that breaks fewest soft keeps
 * (widows and orphans), then spreads the short rows most evenly (a square
 * cost per column), the short ones last (as bm_flow_balance), then keeps
 * the last column no deeper than the others.  A dynamic programme over
 * the columns on (rows short so far, a column short yet): each state
 * fixes where its column starts.  Returns the soft keeps broken, or -1
 * when no such breaks exist (an item too tall, a photo's offset deeper
 * than h); fills brk[0..k].
 */
#define BAL_SHORT 2 /* states: a column so far short of h (0/1) */
static int balance_breaks(const bm_flow_item *it, int n, int k, const int *off,
                          int h, int total, int *brk)
{
    enum { NONE = -1 };
    long cost[BM_MAX_COLS + 1][BM_MAX_COLS + 1][BAL_SHORT];
    signed char from[BM_MAX_COLS + 1][BM_MAX_COLS + 1][BAL_SHORT];
    const long W_SOFT = 1000000000L, W_SPREAD = 100000L, W_TALL = 1000L;
    for (int c = 0; c <= k; c++)
        for (int d = 0; d <= k; d++)
            for (int m = 0; m < BAL_SHORT; m++)
                cost[c][d][m] = NONE, from[c][d][m] = -1;
    flow_seek f = {it, n, 0, 0};
    /* rows of text before column c when d of its columns were short:
     * base[c] - d */
    int base[BM_MAX_COLS + 1];
    base[0] = 0;
    for (int c = 0; c < k; c++) {
        int o = off ? off[c] : 0;
        if (o > h)
            return -1;
        base[c + 1] = base[c] + h - o;
    }
    cost[0][0][0] = 0;
    for (int c = 0; c + 1 < k; c++) {
        int o = off ? off[c] : 0;
        for (int d = 0; d <= c; d++)
            for (int m = 0; m < BAL_SHORT; m++) {
                if (cost[c][d][m] < 0)
                    continue;
                int i = seek_row(&f, base[c] - d);
                for (int s = 0; s < 2; s++) { /* this column h - s deep */
                    if (h - o - s < 0)
                        continue;
                    int j = seek_row(&f, base[c + 1] - d - s);
                    if (j < 0 || i < 0)
                        continue;
                    /* an empty column (where no photo stands) */
                    if ((j == i && !o && n >= k) || (j >= n && n >= k))
                        continue;
                    long add = (long)s * s * W_SPREAD + (long)s * (k - c);
                    if (j > 0 && j < n && j > i) {
                        if (it[j - 1].keep_next == BM_KEEP_HARD)
                            continue;
                        if (it[j - 1].keep_next == BM_KEEP_SOFT)
                            add += W_SOFT;
                    }
                    int nm = m | s;
                    long t = cost[c][d][m] + add;
                    if (cost[c + 1][d + s][nm] < 0 || t < cost[c + 1][d + s][nm]) {
                        cost[c + 1][d + s][nm] = t;
                        from[c + 1][d + s][nm] = (signed char)(m * 2 + s);
                    }
                }
            }
    }
    /* the last column takes the rest */
    long best = -1;
    int bd = 0, bm = 0, ol = off ? off[k - 1] : 0;
    for (int d = 0; d < k; d++)
        for (int m = 0; m < BAL_SHORT; m++) {
            if (cost[k - 1][d][m] < 0)
                continue;
            int rest = total - (base[k - 1] - d);
            if (rest < 0 || ol + rest > h || (rest == 0 && !ol && n >= k))
                continue;
            int s = h - ol - rest;
            long t = cost[k - 1][d][m] + (long)s * s * W_SPREAD +
                     (s < m ? W_TALL : 0);
            if (best < 0 || t < best)
                best = t, bd = d, bm = m;
        }
    if (best < 0)
        return -1;
    /* the breaks, back from the last column */
    brk[k] = n;
    for (int c = k - 1, d = bd, m = bm; c >= 0; c--) {
        brk[c] = c ? seek_row(&f, base[c] - d) : 0;
        if (c) {
            int fr = from[c][d][m];
            d -= fr & 1;
            m = fr >> 1;
        }
    }
    return (int)(best / W_SOFT);
}

int bm_flow_balance(const bm_flow_item *items, int n, int k, const int *off,
                    int *brk)
{
    return bm_flow_balance_keep(items, n, k, off, FLOW_KEEP_SLACK, brk);
}

int bm_flow_balance_keep(const bm_flow_item *items, int n, int k,
                         const int *off, int keep_slack, int *brk)
{
    int total = 0, offs = 0;
    for (int i = 0; i < n; i++)
        total += items[i].rows;
    if (k < 1)
        k = 1;
    for (int col = 0; col < k && off; col++)
        offs += off[col];
    int caps[BM_MAX_COLS];
    /* column heights, offsets included, as even as the rows allow */
    int q = (total + offs) / k, r = (total + offs) % k;
    /* keeps held (no widow, no orphan) at the balanced depth or one row
     * deeper (拉行); only then may a soft keep give */
    int done = 0, gave = -1;
    for (int slack = 0, soft = 0;; slack++) {
        if (!soft && slack > keep_slack) {
            soft = 1;
            slack = 0;
        }
        for (int col = 0; col < k; col++) {
            caps[col] = q + (col < r) + slack - (off ? off[col] : 0);
            if (caps[col] < 0)
                caps[col] = 0;
        }
        if (fill(items, n, k, caps, soft, brk) == n) {
            /* keeping lines together must not empty a column */
            int empty = 0;
            for (int col = 0; !soft && slack && col < k && n >= k; col++)
                empty |= brk[col] == brk[col + 1] && (!off || !off[col]);
            if (!empty) {
                gave = soft ? slack : -1;
                break;
            }
        }
        /* the greedy fill broke a keep or failed at this depth: a column
         * break a line up or down (拉行/缩行) may hold every keep at it */
        if (!soft && k > 1 &&
            balance_breaks(items, n, k, off, q + (r > 0) + slack, total, brk) == 0) {
            done = 1;
            break;
        }
    }
    /* keeps gave: as few as that depth allows */
    int alt[BM_MAX_COLS + 1];
    if (!done && gave >= 0 && k > 1) {
        int b = balance_breaks(items, n, k, off, q + (r > 0) + gave, total, alt);
        if (b >= 0 && b < bm_flow_soft_breaks(items, n, k, brk))
            memcpy(brk, alt, (size_t)(k + 1) * sizeof *brk);
    }
    int h = 0;
    for (int col = 0; col < k; col++) {
        int s = off ? off[col] : 0;
        for (int i = brk[col]; i < brk[col + 1]; i++)
            s += items[i].rows;
        if (s > h)
            h = s;
    }
    return h;
}

int bm_flow_cut(const bm_flow_item *items, int n, int k, int h, const int *off,
                int *brk)
{
    int caps[BM_MAX_COLS];
    for (int col = 0; col < k; col++) {
        caps[col] = (col == k - 1 ? h - 1 : h) - (off ? off[col] : 0);
        /* a line or two under a photo is a stranded strip: the text goes
         * on to the next column (and page) instead */
        if (caps[col] < 0 || (off && off[col] && caps[col] < FLOW_MIN_UNDER))
            caps[col] = 0;
    }
    /* a cut module's columns are full: a soft keep gives rather than leave
     * a hole at a column's foot */
    int placed = fill(items, n, k, caps, 1, brk);
    brk[k] = placed;
    return placed;
}

