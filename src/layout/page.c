/*
 * page.c - the page composer's driver: Edition + layout -> LayoutDoc.
 *
 * Each page's articles become units (an article; a group of briefs in one
 * framed box; the continuation of an article cut on an earlier page).  A
 * unit is composed once into a column flow at the grid's column measure
 * (body text never depends on the span) and, per span, into a header
 * (kicker, headline scaled to the span, subhead, photos with caption and
 * credit at the module's width).  The planner (plan.c) then chooses spans
 * and heights from the rows each unit needs; this file places the lines,
 * rules, frames and images, and carries cut articles to later pages with
 * jump lines whose page numbers are filled in once every page is placed.
 *
 * Grid: row r of a page spans [area_y + r*pitch, area_y + (r+1)*pitch);
 * body baselines sit at the same offset in every row, so baselines are
 * shared across columns.  Headers take whole rows (占行).
 */
#include "page_private.h"

#include <stdlib.h>
#include <string.h>

/* ---- the edition ----------------------------------------------------------------- */

typedef struct queue {
    unit  **v;
    size_t  n, cap;
} queue;

static void q_push(pgctx *s, queue *q, unit *u)
{
    q->v = bm_pg_grow(s->a, q->v, q->n, &q->cap, sizeof *q->v);
    q->v[q->n++] = u;
}

static void q_insert(pgctx *s, queue *q, size_t at, unit *u)
{
    q_push(s, q, u);
    memmove(q->v + at + 1, q->v + at, (q->n - 1 - at) * sizeof *q->v);
    q->v[at] = u;
}

/*
 * A page without a lead story still has a 头条: its longest story with a
 * headline that is not a commentary (the first of equals) - on a page of
 * commentaries alone (a 评论 page: its 社论, not a reader's letter), its
 * longest commentary - else its longest continuation, gets the largest
 * head on the page and goes first, unless the page is in labelled runs (a
 * story stays in its label's run).
 */
static void mark_top(pgctx *s, queue *q)
{
    size_t best = q->n, best_c = q->n;
    int best_cells = 0, labels = 0, c_cells = 0, opinion = 1;
    for (size_t i = 0; i < q->n; i++) {
        const unit *u = q->v[i];
        if (u->lead || u->top)
            return;
        labels |= u->ar && u->ar->label != NULL;
        opinion &= u->kind == U_ARTICLE && u->framed;
        if (u->kind != U_ARTICLE || !u->ar->headline)
            continue;
        int cells = 0;
        for (int j = 0; j < u->nitems; j++)
            cells += u->flow[j].rows;
        if (u->framed && cells > c_cells)
            best_c = i, c_cells = cells;
        else if (!u->framed && cells > best_cells)
            best = i, best_cells = cells;
    }
    if (opinion && q->n >= 2)
        best = best_c, best_cells = c_cells;
    /* a page of continuations alone (an added page): the longest */
    for (size_t i = 0; best == q->n && i < q->n; i++) {
        const unit *u = q->v[i];
        if (u->kind != U_CONT || !u->ar->headline)
            continue;
        int cells = 0;
        for (int j = u->start; j < u->nitems; j++)
            cells += u->flow[j].rows;
        if (cells > best_cells)
            best = i, best_cells = cells;
    }
    if (best == q->n)
        return;
    /* a page's one story, short (a notice on a page of too little copy):
     * no other head to rank above, its head sized as any story's */
    if (q->n == 1 && best_cells * 4 < s->rows * s->lay->columns)
        return;
    unit *top = q->v[best];
    top->top = 1;
    memset(top->heads, 0, sizeof top->heads); /* its head: the largest */
    if (labels || best == 0)
        return;
    memmove(q->v + 1, q->v, best * sizeof *q->v);
    q->v[0] = top;
}

static bm_status page_units(pgctx *s, const bm_page *pg, queue *q)
{
    for (size_t i = 0; i < pg->narticles;) {
        bm_article *ar = pg->articles[i];
        unit *u;
        bm_status rc;
        if (ar->kind == BM_ARTICLE_BRIEF) {
            size_t j = i + 1;
            while (j < pg->narticles && pg->articles[j]->kind == BM_ARTICLE_BRIEF &&
                   !pg->articles[j]->label &&
                   ((!ar->group && !pg->articles[j]->group) ||
                    (ar->group && pg->articles[j]->group &&
                     !strcmp(ar->group, pg->articles[j]->group))))
                j++;
            rc = bm_pg_make_briefs(s, pg->articles + i, j - i, &u);
            i = j;
        } else {
            rc = bm_pg_make_article(s, ar, &u);
            i++;
        }
        if (rc)
            return rc;
        u->section = pg->section;
        /* the lead goes first */
        if (u->lead && q->n && !q->v[0]->lead)
            q_insert(s, q, 0, u);
        else
            q_push(s, q, u);
    }
    mark_top(s, q);
    return BM_OK;
}

/* Measures unit u, the i-th of the page's queue, at every span into *pu. */
static bm_status measure_unit(pgctx *s, unit *u, int i, int page_no,
                              int region_rows, bm_plan_unit *pu)
{
    const bm_layout *l = s->lay;
    memset(pu, 0, sizeof *pu);
    pu->lead = u->lead && page_no == 1 && i == 0;
    pu->no_band = u->kind != U_ARTICLE;
    pu->air = u->kind == U_BRIEFS;
    unsigned holes = 0; /* spans whose columns the text leaves one empty,
                           or that break a teaser's item */
    for (int k = 1; k <= l->columns; k++) {
        if (k < l->min_span && k < l->columns)
            continue;
        int need, min_cut, white, widows, kept, empty;
        bm_status rc = bm_pg_measure_unit(s, u, k, page_no, &need, &min_cut,
                                          &white, &widows, &kept, &empty);
        if (rc)
            return rc;
        if (need > region_rows && !min_cut)
            need = 0; /* cannot be set at this span */
        if (u->heads[k].flat && k < l->columns)
            need = 0; /* a 头条 ranks above the page's other heads: wider */
        pu->need[k] = need;
        pu->min_cut[k] = min_cut;
        pu->white[k] = white;
        pu->widows[k] = widows;
        pu->kept[k] = kept;
        if (empty)
            holes |= 1u << k;
        pu->small[k] = u->heads[k].small != 0;
        pu->pad_max[k] = u->heads[k].pad_max;
        pu->head_rows[k] = u->heads[k].rows;
        pu->reach[k] = 0;
        for (int d = 0; d <= BM_PLAN_GROW_MAX; d++)
            if (u->heads[k].grow_for[d] >= 0)
                pu->reach[k] |= 1u << d;
        if (u->heads[k].fig_span >= k && u->heads[k].nfig)
            pu->text_rows[k] = need - u->heads[k].rows - u->heads[k].fig_rows;
        /* a 头条 runs across half the page or more; the page's lead
         * across five eighths of it (5 of 8 columns, 4 of 6) */
        pu->narrow[k] = u->kind == U_ARTICLE &&
                        (u->lead ? 8 * k < 5 * l->columns
                                 : u->top && 2 * k < l->columns);
    }
    /* no module with an empty column or a teaser's item split (a 导读
     * box of four items across six columns): such spans are not offered
     * while another without holds the unit */
    int whole = 0;
    for (int k = 1; k <= l->columns; k++)
        whole |= pu->need[k] > 0 && !(holes >> k & 1u);
    for (int k = 1; whole && k <= l->columns; k++)
        if (holes >> k & 1u)
            pu->need[k] = 0;
    /* a story should jump once: cutting a continuation again costs */
    pu->cont = u->kind == U_CONT;
    return BM_OK;
}

static bm_status plan_units(pgctx *s, queue *q, int page_no, int region_rows,
                            bm_plan_unit *pu, int *np)
{
    int n = (int)(q->n < BM_PLAN_MAX_UNITS ? q->n : BM_PLAN_MAX_UNITS);
    for (int i = 0; i < n; i++) {
        bm_status rc = measure_unit(s, q->v[i], i, page_no, region_rows, &pu[i]);
        if (rc)
            return rc;
    }
    *np = n;
    return BM_OK;
}

static bm_lpage *new_page(pgctx *s, int number, const char *section)
{
    s->pages = bm_pg_grow(s->a, s->pages, s->npages, &s->cap_pages, sizeof *s->pages);
    bm_lpage *pg = &s->pages[s->npages++];
    memset(pg, 0, sizeof *pg);
    const bm_layout *l = s->lay;
    pg->number = number;
    pg->section = section;
    pg->width = l->page_w;
    pg->height = l->page_h;
    pg->type_area = (bm_rect){l->area_x, l->area_y, l->area_w, l->area_h};
    pg->ncols = l->columns;
    pg->col_width = l->col_width;
    pg->gutter = l->gutter;
    pg->body_size = l->body_size;
    pg->line_pitch = l->line_pitch;
    pg->grid_top = l->area_y + s->base_off;
    s->cap_boxes = s->cap_lines = s->cap_outline = 0;
    /* room for as many lines as the page before holds: the lines array
     * grows in the edition's arena, where each doubling leaves the old
     * copy (a 64-page build kept 12 MB of them) */
    size_t prev = s->npages >= 2 ? s->pages[s->npages - 2].nlines : 0;
    if (prev > 16) {
        pg->lines = bm_arena_alloc(s->a, prev * sizeof *pg->lines);
        s->cap_lines = prev;
    }
    return pg;
}

/* out = units with unit `from` moved to position `to` (out may be units) */
static void move_unit(bm_plan_unit *out, const bm_plan_unit *units, int n,
                      int from, int to)
{
    bm_plan_unit m = units[from];
    if (out != units)
        memcpy(out, units, (size_t)n * sizeof *out);
    if (from < to)
        memmove(out + from, out + from + 1, (size_t)(to - from) * sizeof *out);
    else
        memmove(out + to + 1, out + to, (size_t)(from - to) * sizeof *out);
    out[to] = m;
}

static int plan_cuts(const bm_plan *p)
{
    int n = 0;
    for (int i = 0; i < p->nmods; i++)
        n += p->mods[i].cut;
    return n;
}

/* Plan t holds more stories than p, or as many with no more cuts: on
 * the edition's last page a story set whole is not traded for a jump
 * (that would add a page). */
static int as_whole(const bm_plan *t, const bm_plan *p)
{
    return t->placed > p->placed ||
           (t->placed == p->placed && plan_cuts(t) <= plan_cuts(p));
}

/* A page that leaves white may fill if one story goes last: the planner
 * keeps its units in order and can only cut the last module of a stack,
 * so a long story (a continuation, typically) in the first stack leaves
 * the other stacks short.  Tries each unit at the end of the page's list
 * and each briefs box at every place after the lead, and keeps the
 * cheapest plan; the page's lead stays first, and on a page with section
 * labels only continuations move (a story must stay in its label's run).
 * Deterministic: ties keep the given order.  Returns 1 when it moved one. */
static int reorder(pgctx *s, queue *q, bm_plan_unit *pu, int n,
                   const bm_plan_opts *o, long cells, int last, bm_plan *plan)
{
    if (n < 2 || (plan->white * 100 <= cells * 3 && plan->placed == n))
        return 0;
    int labels = 0;
    for (int i = 0; i < n; i++)
        labels |= q->v[i]->kind != U_CONT && q->v[i]->ar &&
                  q->v[i]->ar->label != NULL;
    bm_plan_unit *alt = bm_arena_alloc(s->a, (size_t)n * sizeof *alt);
    int best_k = -1;
    bm_plan best = *plan, tr;
    /* the page's lead (or 头条) keeps its place at the top */
    int k0 = pu[0].lead || (q->v[0]->kind == U_ARTICLE &&
                            (q->v[0]->lead || q->v[0]->top));
    for (int k = k0; k < n - 1; k++) {
        if (labels && q->v[k]->kind != U_CONT)
            continue;
        /* alt = pu with unit k moved to the end */
        memcpy(alt, pu, (size_t)k * sizeof *alt);
        memcpy(alt + k, pu + k + 1, (size_t)(n - 1 - k) * sizeof *alt);
        alt[n - 1] = pu[k];
        if (bm_plan_page(alt, n, o, &tr) != 0 || (last && !as_whole(&tr, plan)))
            continue;
        if (tr.cost < best.cost) {
            best = tr;
            best_k = k;
        }
    }
    /* a briefs box may stand anywhere after the lead: at the top of the
     * last columns, or at the foot under a story, where the planner,
     * keeping the page's order, would leave white beside or under it */
    int best_to = n - 1;
    for (int k = k0; !labels && k < n; k++) {
        if (q->v[k]->kind != U_BRIEFS)
            continue;
        for (int to = k0; to < n; to++) {
            if (to == k || to == n - 1)
                continue; /* as it is, or the end (above) */
            move_unit(alt, pu, n, k, to);
            if (bm_plan_page(alt, n, o, &tr) != 0 ||
                (last && !as_whole(&tr, plan)))
                continue;
            if (tr.cost < best.cost) {
                best = tr;
                best_k = k;
                best_to = to;
            }
        }
    }
    if (best_k < 0)
        return 0;
    unit *u = q->v[best_k];
    move_unit(pu, pu, n, best_k, best_to);
    unit **v = q->v;
    if (best_k < best_to)
        memmove(v + best_k, v + best_k + 1, (size_t)(best_to - best_k) * sizeof *v);
    else
        memmove(v + best_to + 1, v + best_to, (size_t)(best_k - best_to) * sizeof *v);
    v[best_to] = u;
    *plan = best;
    return 1;
}

/* The section whose stories fill most of the page (its running head names
 * it): of the stories that open on it, when any do; the page's own
 * section when nothing is placed. */
static const char *page_section(const queue *q, const bm_plan *plan,
                                const char *own)
{
    const char *best = own;
    int best_n = 0, opens = 0;
    for (int i = 0; i < plan->nmods; i++)
        opens |= q->v[plan->mods[i].unit]->kind != U_CONT;
    for (int i = 0; i < plan->nmods; i++) {
        const unit *u = q->v[plan->mods[i].unit];
        if (!u->section || (opens && u->kind == U_CONT))
            continue;
        int cnt = 0;
        for (int j = 0; j < plan->nmods; j++) {
            const unit *o = q->v[plan->mods[j].unit];
            if (o->section && (!opens || o->kind != U_CONT) &&
                !strcmp(o->section, u->section))
                cnt += plan->mods[j].rows * plan->mods[j].span;
        }
        if (cnt > best_n)
            best = u->section, best_n = cnt;
    }
    return best;
}

/* An error for a page that no plan can hold. */
static bm_status no_plan(pgctx *s, const queue *q, const bm_plan_unit *pu, int n,
                         int number, int region_rows)
{
    const bm_layout *l = s->lay;
    for (int i = 0; i < n; i++) {
        int any = 0;
        for (int k = 1; k <= l->columns; k++)
            any |= pu[i].need[k] > 0;
        if (!any)
            return bm_error_set(s->err, BM_INPUT, q->v[i]->ar->src.file,
                                q->v[i]->ar->src.line, 0,
                                "'%s' cannot be set on a page of layout "
                                "'%s': at no width does it fit the page's "
                                "%d rows (shorten its headline or split "
                                "it)",
                                q->v[i]->id, l->name, region_rows);
    }
    /* where the page is given (its <page>, or its dump), else its first
       story: the place to make the page lighter */
    const bm_src *src = number >= 1 && (size_t)number <= s->ed->npages &&
                                s->ed->pages[number - 1]->src.line > 0
                            ? &s->ed->pages[number - 1]->src
                        : n > 0 ? &q->v[0]->ar->src
                                : &s->ed->src;
    return bm_error_set(s->err, BM_INPUT, src->file, src->line, src->col,
                        "page %d: no arrangement of its %d articles fits "
                        "the layout '%s': give the page fewer or shorter "
                        "stories (first: '%s')",
                        number, n, l->name, n > 0 ? q->v[0]->id : "");
}

/* The page's units measured again with photos capped at `share` % (0: the
 * default): their headers are built anew. */
static bm_status replan(pgctx *s, queue *q, int share, int number,
                        int region_rows, bm_plan_unit *pu, int *n)
{
    s->fig_share = share;
    for (int i = 0; i < *n; i++)
        memset(q->v[i]->heads, 0, sizeof q->v[i]->heads);
    return plan_units(s, q, number, region_rows, pu, n);
}

/*
 * Plans the page, and when it cannot hold its stories, recomposes it with
 * smaller photos before any story is moved off it: the cheapest plan of the
 * photo sizes that hold them all.  *fails: no plan without moves.  The
 * units' headers are left as the plan found (or at full size).
 */
static bm_status plan_photos(pgctx *s, queue *q, int number, int region_rows,
                             bm_plan_unit *pu, int *n, const bm_plan_opts *o,
                             bm_plan *plan, int *fails)
{
    bm_status rc;
    /* an earlier try left smaller photos */
    if (s->fig_share || s->fig_tight) {
        s->fig_tight = 0;
        if ((rc = replan(s, q, 0, number, region_rows, pu, n)))
            return rc;
    }
    *fails = bm_plan_page(pu, *n, o, plan) != 0;
    if (!*fails || o->moves)
        return BM_OK;
    /* photo blocks about half their modules, then shallower */
    s->fig_tight = 1;
    int best_share = 0;
    for (int share = FIG_MAX_SHARE; share >= FIG_SHARE_MIN;
         share -= FIG_SHARE_STEP) {
        bm_plan tr;
        if ((rc = replan(s, q, share, number, region_rows, pu, n)))
            return rc;
        if (bm_plan_page(pu, *n, o, &tr) == 0 &&
            (!best_share || tr.cost < plan->cost)) {
            *plan = tr;
            best_share = share;
        }
    }
    *fails = !best_share;
    return replan(s, q, best_share, number, region_rows, pu, n); /* as planned */
}

/*
 * A page its stories cannot fill, planned with every story whole and its
 * photos at full size: recomposed with each photo block as wide as its
 * module where the text would otherwise stand in a strip beside white
 * (pgctx.fig_roomy), kept when that leaves ROOMY_GAIN_PCT of the page's
 * cells less white.  The photos take the white rather than the foot.  Then
 * once more with the photos given FIG_ROOMY_SHARE of the rows, kept when
 * that leaves another ROOMY_GAIN_PCT less white and no more strips
 * (bm_plan_strips): a larger photo over text a line or two deep is no
 * better than the white.  (Tried alone, the larger share lost pages
 * whose lead's photo across its module the first share holds: they kept
 * it half as wide, the white at the foot.)
 */
static bm_status roomy_photos(pgctx *s, queue *q, int number, int region_rows,
                              bm_plan_unit *pu, int *n, const bm_plan_opts *o,
                              long cells, int share, bm_plan *plan)
{
    if (share || plan->placed < *n || plan_cuts(plan) ||
        plan->white * 100 <= cells * LEVEL_PCT)
        return BM_OK;
    static const int shares[] = {FIG_MAX_SHARE, FIG_ROOMY_SHARE};
    int best = 0, strips = bm_plan_strips(pu, plan);
    long white = plan->white;
    bm_status rc = BM_OK;
    for (size_t i = 0; !rc && i < sizeof shares / sizeof *shares; i++) {
        s->fig_roomy = shares[i];
        rc = replan(s, q, 0, number, region_rows, pu, n);
        bm_plan tr;
        if (!rc && bm_plan_page(pu, *n, o, &tr) == 0 &&
            tr.placed == plan->placed && !plan_cuts(&tr) &&
            (white - tr.white) * 100 >= cells * ROOMY_GAIN_PCT &&
            (i == 0 || bm_plan_strips(pu, &tr) <= strips)) {
            *plan = tr;
            white = tr.white;
            best = shares[i];
        }
    }
    s->fig_roomy = best;
    return rc ? rc : replan(s, q, 0, number, region_rows, pu, n);
}

/*
 * The page's 头条 (marked by mark_top: the page has no lead) moved on, no
 * cut making room for it: the longest story the plan keeps takes the
 * largest head instead, when the page then holds as many stories; else
 * all stays as planned.  The units are measured again with the photos at
 * `share` % (as planned).
 */
static bm_status top_kept(pgctx *s, queue *q, int number, int region_rows,
                          bm_plan_unit *pu, int *n, const bm_plan_opts *o,
                          int share, bm_plan *plan)
{
    unit *gone = NULL, *best = NULL;
    int best_cells = 0;
    for (int i = 0; i < *n; i++) {
        const unit *u = q->v[i];
        if (u->lead || (u->top && i < plan->placed))
            return BM_OK;
        if (u->top)
            gone = q->v[i];
    }
    for (int i = 0; gone && i < plan->placed; i++) {
        unit *u = q->v[i];
        if (u->kind != U_ARTICLE || !u->ar->headline || u->framed)
            continue;
        int cells = 0;
        for (int j = 0; j < u->nitems; j++)
            cells += u->flow[j].rows;
        if (cells > best_cells)
            best = u, best_cells = cells;
    }
    if (!best)
        return BM_OK;
    gone->top = 0;
    best->top = 1;
    bm_plan tr;
    bm_status rc = replan(s, q, share, number, region_rows, pu, n);
    if (rc || (bm_plan_page(pu, *n, o, &tr) == 0 && tr.placed >= plan->placed)) {
        if (!rc)
            *plan = tr;
        return rc;
    }
    gone->top = 1; /* as it was */
    best->top = 0;
    return replan(s, q, share, number, region_rows, pu, n);
}

static void set_keep(queue *q, int n, int keep)
{
    for (int i = 0; i < n; i++)
        q->v[i]->keep = keep;
}

/* Plan t holds as many stories as p0 with as few cuts and at most
 * WIDOW_WHITE_PERMILLE of the page's cells more white (or at most
 * KEEP_WHITE_PCT % of them white). */
static int no_worse(const bm_plan *t, const bm_plan *p0, long cells)
{
    return t->placed >= p0->placed && plan_cuts(t) <= plan_cuts(p0) &&
           ((t->white - p0->white) * 1000 <= cells * WIDOW_WHITE_PERMILLE ||
            t->white * 100 <= cells * KEEP_WHITE_PCT);
}

/*
 * Widows and orphans at column breaks (拉行): a story's module keeps its
 * paragraphs' first and last lines together, a row deeper where need be,
 * when the page's plan then holds as many stories with as few cuts and at
 * most WIDOW_WHITE_PERMILLE more white; else its keeps give at the
 * balanced depth.  First for all the page's stories at once (before the
 * page is planned); keep_more then asks it of each story that does not
 * keep yet, in the plan the page ends with.  Leaves the units measured for
 * the choice.
 */
static bm_status keep_or_not(pgctx *s, queue *q, int number, int region_rows,
                             bm_plan_unit *pu, int *n, const bm_plan_opts *o,
                             long cells)
{
    bm_plan p1, p0;
    *n = (int)(q->n < BM_PLAN_MAX_UNITS ? q->n : BM_PLAN_MAX_UNITS);
    set_keep(q, *n, 1);
    bm_status rc = replan(s, q, s->fig_share, number, region_rows, pu, n);
    if (rc)
        return rc;
    int f1 = bm_plan_page(pu, *n, o, &p1);
    set_keep(q, *n, 0);
    if ((rc = replan(s, q, s->fig_share, number, region_rows, pu, n)))
        return rc;
    int f0 = bm_plan_page(pu, *n, o, &p0);
    if (f1 || (!f0 && !no_worse(&p1, &p0, cells)))
        return BM_OK;
    set_keep(q, *n, 1);
    return replan(s, q, s->fig_share, number, region_rows, pu, n);
}

/*
 * The plan the page ends with (o its options): each story that does not
 * keep its lines together yet (keep_or_not) does, up to KEEP_ROWS_MAX
 * rows deeper, in reading order, when the page's plan then holds as many
 * stories with as few cuts and no more white than no_worse allows.  A story's measures do
 * not depend on the others' keeps (its headers and photos stay as built),
 * so only it is measured again.  *plan becomes the plan of the choice.
 */
static bm_status keep_more(pgctx *s, queue *q, int number, int region_rows,
                           bm_plan_unit *pu, int n, const bm_plan_opts *o,
                           long cells, bm_plan *plan)
{
    const bm_plan base = *plan;
    bm_plan t;
    for (int i = 0; i < n; i++) {
        unit *u = q->v[i];
        bm_plan_unit was = pu[i];
        int keep = u->keep, took = 0;
        for (int k = keep + 1; k <= KEEP_ROWS_MAX && !took; k++) {
            u->keep = k;
            bm_status rc = measure_unit(s, u, i, number, region_rows, &pu[i]);
            if (rc)
                return rc;
            if (memcmp(&was, &pu[i], sizeof was) && bm_plan_page(pu, n, o, &t) == 0 &&
                no_worse(&t, &base, cells) && t.placed >= plan->placed &&
                plan_cuts(&t) <= plan_cuts(plan)) {
                *plan = t;
                took = 1;
            }
        }
        if (took)
            continue;
        u->keep = keep; /* as it was (its photo's reach too) */
        bm_status rc = measure_unit(s, u, i, number, region_rows, &pu[i]);
        if (rc)
            return rc;
    }
    return BM_OK;
}

/*
 * Composes page `number` from queue q; what does not fit goes to next.
 * Stories stay on the page the edition gives them: what does not fit is
 * cut and jumps to a later page.  Only with reflow (or when no cut can
 * make room) does a story move whole, and then a warning names it and
 * both pages.
 */
static bm_status compose_page(pgctx *s, int number, const char *section, queue *q,
                              queue *next, int last)
{
    const bm_layout *l = s->lay;
    bm_lpage *pg = new_page(s, number, section);
    int used = bm_pg_furniture_rows(s, number);
    int region_rows = s->rows - used;
    bm_fix region_top = l->area_y + used * l->line_pitch;
    bm_status rc;
    if (!q->n)
        return bm_pg_furniture(s, pg);

    bm_plan_unit *pu = bm_arena_alloc(s->a, BM_PLAN_MAX_UNITS * sizeof *pu);
    bm_plan plan;
    int n;
    bm_plan_opts o = {.cols = l->columns, .rows = region_rows,
                      .min_span = l->min_span, .max_span = l->max_span,
                      .band_max = region_rows * l->lead_max_pct / 100,
                      .max_pad = MAX_PAD, .zone_cap = HEAD_ZONE_PCT,
                      .moves = s->ed->reflow};
    long cells = (long)l->columns * region_rows;
    /* a page of stories earlier pages sent on (moved whole, or an added
     * page) has its 头条 too */
    mark_top(s, q);
    if ((rc = keep_or_not(s, q, number, region_rows, pu, &n, &o, cells)))
        return rc;
    int forced = 0, share = 0;
    /* a page holds all its stories whole if it can, with smaller photos if
     * need be, before one is cut to jump (and the edition's last page
     * must: a jump from it would add a page for a stub); photos cut by
     * more than FIG_CROP_MAX only when nothing else fits it */
    for (;;) {
        int fails = 1;
        o.no_cut = 1;
        if ((rc = plan_photos(s, q, number, region_rows, pu, &n, &o, &plan,
                              &fails)))
            return rc;
        o.no_cut = 0;
        if (fails && (rc = plan_photos(s, q, number, region_rows, pu, &n, &o,
                                       &plan, &fails)))
            return rc;
        /* no help: the photos as they were */
        if (fails && s->fig_share &&
            (rc = replan(s, q, 0, number, region_rows, pu, &n)))
            return rc;
        share = fails ? 0 : s->fig_share; /* the photos as planned */
        s->fig_share = 0;
        if (!fails)
            break;
        if (s->fig_cut_more < 2) {
            s->fig_cut_more++;
            continue;
        }
        o.moves = 2; /* nothing else makes room */
        forced = !s->ed->reflow;
        if (bm_plan_page(pu, n, &o, &plan) != 0)
            return no_plan(s, q, pu, n, number, region_rows);
        break;
    }
    /* a story that blocks the ones after it (one that may not jump, in
     * order) goes last, so that only it is moved: as often as it helps */
    for (int i = 0; reorder(s, q, pu, n, &o, cells, last, &plan) && forced && i < n;
         i++)
        ;
    /* with reflow, a short page that is not the last takes the next page's
     * first story (when that page keeps at least two) if that fills it
     * better */
    while (s->ed->reflow && !last && plan.white * 100 > cells * 3 &&
           next->n >= 3 && plan.placed == n && q->n < BM_PLAN_MAX_UNITS) {
        unit *pulled = next->v[0];
        q_push(s, q, pulled);
        bm_plan try;
        if ((rc = plan_units(s, q, number, region_rows, pu, &n)))
            return rc;
        if (bm_plan_page(pu, n, &o, &try) != 0 || try.white >= plan.white) {
            q->n--; /* no better: leave it where it was */
            n--;
            break;
        }
        plan = try;
        memmove(next->v, next->v + 1, (next->n - 1) * sizeof *next->v);
        next->n--;
        bm_diags_add(s->diags, BM_WARNING, pulled->ar->src.file,
                     pulled->ar->src.line, 0,
                     "'%s' moved up from page %d to page %d (reflow)",
                     pulled->id, number + 1, number);
    }
    if ((rc = top_kept(s, q, number, region_rows, pu, &n, &o, share, &plan)))
        return rc;
    /* a page its stories cannot fill (its white alone more than
     * SHORT_PCT of it, its headers' padding aside): its stories whole,
     * the white at its foot (bm_plan_level) */
    int capped = 0;
    if (plan.white * 100 > cells * SHORT_PCT && !plan_cuts(&plan)) {
        bm_plan_opts zo = o;
        zo.no_cut = 1;
        zo.moves = 0;
        bm_plan t;
        if (bm_plan_page(pu, n, &zo, &t) == 0 && t.placed == plan.placed) {
            plan = t;
            o = zo;
            capped = 1;
        }
    }
    if ((rc = roomy_photos(s, q, number, region_rows, pu, &n, &o, cells, share,
                           &plan)))
        return rc;
    if ((rc = keep_more(s, q, number, region_rows, pu, n, &o, cells, &plan)))
        return rc;
    s->fig_share = 0;
    /* the last page, or a page its stories cannot fill: the white at its
     * foot, the stacks level above it */
    if (last || capped || plan.white * 100 > cells * LEVEL_PCT)
        bm_plan_level(pu, n, &o, &plan);
    pg->section = page_section(q, &plan, section);
    if ((rc = bm_pg_furniture(s, pg)))
        return rc;
    queue carry = {0};
    for (int i = 0; i < plan.nmods; i++) {
        const bm_plan_mod *m = &plan.mods[i];
        unit *cont;
        if ((rc = bm_pg_place(s, q->v[m->unit], m, region_top, number, &cont)))
            return rc;
        if (cont)
            q_push(s, &carry, cont);
    }
    bm_pg_rules(s, &plan, region_top, plan.rows);
    /* units beyond the plan move to the next page, in order, each named */
    for (size_t i = (size_t)plan.placed; i < q->n; i++) {
        unit *u = q->v[i];
        q_push(s, &carry, u);
        if (s->fig_tight || s->fig_roomy || s->fig_cut_more) /* measured
                                                         afresh there */
            memset(u->heads, 0, sizeof u->heads);
        if (u->kind == U_CONT)
            continue;
        bm_buf ids = {0};
        for (size_t k = 0; k < (u->nmembers ? u->nmembers : 1); k++)
            bm_buf_printf(&ids, "%s'%s'", k ? ", " : "",
                          u->nmembers ? u->members[k]->id : u->id);
        bm_diags_add(s->diags, BM_WARNING, u->ar->src.file, u->ar->src.line, 0,
                     "%s%s moved whole from page %d to page %d: %s", ids.data,
                     u->nmembers > 1 ? " (a briefs box)" : "", number,
                     number + 1,
                     forced ? "no cut makes room for it (give the page fewer "
                              "or shorter stories)"
                            : "reflow");
        bm_buf_free(&ids);
    }
    s->fig_roomy = 0;
    s->fig_tight = 0;
    s->fig_cut_more = 0;
    /* a page left emptier than SPARSE_PCT: how much copy it lacks */
    int fill = bm_layout_page_fill(pg);
    if (fill < SPARSE_PCT * 10)
        bm_diags_add(s->diags, BM_WARNING, s->ed->src.file, 0, 0,
                     "page %d is only %d%% full: about %ld more characters "
                     "of copy would fill it",
                     number, fill / 10,
                     (long)(1000 - fill) * l->columns * s->rows *
                         l->column_chars / 1000);
    /* continuations open the next page, after its lead story */
    size_t at = next->n && next->v[0]->kind == U_ARTICLE &&
                        (next->v[0]->lead || next->v[0]->top)
                    ? 1
                    : 0;
    for (size_t i = carry.n; i-- > 0;)
        q_insert(s, next, at, carry.v[i]);
    return BM_OK;
}

/* One layout of the edition, cross-references set from `refs`. */
static bm_status layout_pass(const bm_edition *ed, const bm_layout *lay,
                             const bm_fontset *fs, bm_diags *diags,
                             void (*progress)(void *ctx, int done, int total),
                             void *ctx, const ref_map *refs,
                             bm_layout_doc **out, bm_error *err)
{
    *out = NULL;
    if (!lay || lay->columns < 1 || lay->columns > BM_MAX_COLS ||
        lay->line_pitch <= 0)
        return bm_error_set(err, BM_INTERNAL, NULL, 0, 0, "invalid layout");
    bm_arena *a = bm_arena_new();
    bm_layout_doc *doc = bm_arena_alloc(a, sizeof *doc);
    doc->arena = a;
    doc->ed = ed;
    doc->fonts = fs;
    pgctx s = {0};
    s.ed = ed;
    s.lay = lay;
    s.diags = diags;
    s.refs = refs;
    s.a = a;
    s.err = err;
    s.rows = lay->area_h / lay->line_pitch;
    /* the em box centred in the row; CJK faces put the baseline 0.88 em
     * below the em box's top */
    s.base_off = (lay->line_pitch - lay->body_size) / 2 + lay->body_size * 88 / 100;
    bm_status rc = bm_composer_new(fs, s.diags, &s.comp, err);
    if (!rc)
        rc = bm_display_new(fs, s.comp, &s.disp, err);
    if (rc) {
        bm_composer_free(s.comp);
        bm_arena_free(a);
        return rc;
    }

    size_t np = ed->npages;
    size_t maxp = np + MAX_PAGES_EXTRA;
    /* Copy that cannot fit even with every extra page full of body text
     * is refused before any of it is composed (ten articles of millions
     * of characters took gigabytes before the overflow below was seen). */
    unsigned long long chars = 0, room = (unsigned long long)maxp *
                                         (unsigned)lay->columns *
                                         (unsigned)s.rows *
                                         (unsigned)(lay->column_chars > 0 ? lay->column_chars : 1);
    for (size_t p = 0; p < np; p++)
        for (size_t i = 0; i < ed->pages[p]->narticles; i++) {
            const bm_article *ar = ed->pages[p]->articles[i];
            for (size_t b = 0; b < ar->nblocks; b++)
                if (ar->blocks[b].text)
                    chars += bm_utf8_count(ar->blocks[b].text,
                                           strlen(ar->blocks[b].text));
        }
    if (chars > room) {
        bm_display_free(s.disp);
        bm_composer_free(s.comp);
        bm_arena_free(a);
        return bm_error_set(err, BM_INPUT, ed->src.file, ed->src.line, 0,
                            "the edition's %zu pages would need more than "
                            "%zu extra pages for its articles (%llu characters "
                            "of text; %llu fill them): give it more pages, or "
                            "fewer or shorter articles",
                            np, (size_t)MAX_PAGES_EXTRA, chars, room);
    }
    queue *qs = bm_arena_alloc(a, (maxp + 1) * sizeof *qs);
    /* the units' body paragraphs composed on a second processor too */
    s.ahead = bm_pg_ahead_start(&s, fs);
    for (size_t i = 0; i < np && !rc; i++)
        rc = page_units(&s, ed->pages[i], &qs[i]);
    bm_pg_ahead_stop(s.ahead);
    s.ahead = NULL;
    size_t total = np;
    for (size_t i = 0; i < total && !rc; i++) {
        int last = i + 1 == total;
        const char *section = i < np ? ed->pages[i]->section
                              : np ? ed->pages[np - 1]->section
                                   : NULL;
        rc = compose_page(&s, (int)i + 1, section, &qs[i], &qs[i + 1], last);
        if (rc)
            break;
        if (last && qs[i + 1].n) {
            if (total == maxp) {
                rc = bm_error_set(err, BM_INPUT, ed->src.file, ed->src.line,
                                  0,
                                  "the edition's %zu pages would need more than "
                                  "%zu extra pages for its articles: give it "
                                  "more pages, or fewer or shorter articles",
                                  np, (size_t)MAX_PAGES_EXTRA);
                break;
            }
            total++;
            bm_diags_add(s.diags, BM_WARNING, NULL, 0, 0,
                         "the articles overflow the edition's %zu pages: "
                         "page %zu added",
                         np, total);
        }
        if (progress)
            progress(ctx, (int)i + 1, (int)total);
    }
    if (!rc)
        rc = bm_pg_resolve_jumps(&s);
    for (size_t i = 0; !rc && i < s.npages; i++)
        bm_layout_regions(a, &s.pages[i]);
    /* The units' flow vectors are the composer's, not the pages': a page's
     * lines copy what they show of them (text and glyphs are separate
     * blocks), so once the pages are made the big ones go back to the heap
     * (about 10 MB of a 64-page edition), and bm_pg_compact hands them
     * back to the kernel before it copies the pages. */
    for (size_t i = 0; i < s.nflows; i++)
        bm_arena_free_block(a, s.flows[i]);
    free(s.flows);
    bm_display_free(s.disp);
    bm_composer_free(s.comp);
    if (rc) {
        bm_arena_free(a);
        return rc;
    }
    doc->pages = s.pages;
    doc->npages = s.npages;
    *out = doc;
    return BM_OK;
}

/* Every article a <ref> points at, with the page the edition gives it. */
static void refs_planned(const bm_edition *ed, bm_arena *a, ref_map *m)
{
    memset(m, 0, sizeof *m);
    size_t cap_ids = 0, cap_page = 0;
    for (size_t p = 0; p < ed->npages; p++)
        for (size_t i = 0; i < ed->pages[p]->narticles; i++) {
            const bm_article *ar = ed->pages[p]->articles[i];
            for (size_t b = 0; b < ar->nblocks; b++) {
                const char *id = ar->blocks[b].ref;
                if (!id || bm_pg_ref_index(m, id) >= 0)
                    continue;
                m->ids = bm_pg_grow(a, m->ids, m->n, &cap_ids, sizeof *m->ids);
                m->page = bm_pg_grow(a, m->page, m->n, &cap_page,
                                     sizeof *m->page);
                m->ids[m->n] = id;
                m->page[m->n] = 0;
                for (size_t q = 0; q < ed->npages; q++)
                    for (size_t j = 0; j < ed->pages[q]->narticles; j++)
                        if (!strcmp(ed->pages[q]->articles[j]->id, id) &&
                            !m->page[m->n])
                            m->page[m->n] = (int)q + 1;
                m->n++;
            }
        }
}

/* The page each target of m opens on in doc; 1 when any differs. */
static int refs_printed(const bm_layout_doc *doc, ref_map *m)
{
    int changed = 0;
    for (size_t r = 0; r < m->n; r++) {
        int page = 0;
        for (size_t p = 0; p < doc->npages && !page; p++)
            for (size_t i = 0; i < doc->pages[p].nlines && !page; i++) {
                const char *id = doc->pages[p].lines[i].article_id;
                if (id && !strcmp(id, m->ids[r]))
                    page = doc->pages[p].number;
            }
        if (page && page != m->page[r]) {
            m->page[r] = page;
            changed = 1;
        }
    }
    return changed;
}

/*
 * The edition laid out.  A cross-reference (（详见第N版）) names the page its
 * article prints on, known only once the pages are made: the edition is
 * laid out with the pages edition.xml gives, and again (up to twice) when
 * a referenced article printed elsewhere, keeping the diagnostics of the
 * pass that is kept.  The pass kept leaves its trials behind (compact.c).
 */
bm_status bm_layout_edition(const bm_edition *ed, const bm_layout *lay,
                            const bm_fontset *fs, bm_diags *diags,
                            void (*progress)(void *ctx, int done, int total),
                            void *ctx, bm_layout_doc **out, bm_error *err)
{
    bm_diags *real = diags ? diags : (bm_diags *)&ed->diags;
    bm_arena *a = bm_arena_new();
    ref_map m;
    refs_planned(ed, a, &m);
    bm_status rc = BM_OK;
    *out = NULL;
    for (int pass = 0;; pass++) {
        bm_diags tmp;
        bm_diags_init(&tmp, a);
        bm_layout_doc *doc = NULL;
        rc = layout_pass(ed, lay, fs, m.n ? &tmp : real, progress, ctx, &m,
                         &doc, err);
        if (rc)
            break;
        if (m.n && pass < 2 && refs_printed(doc, &m)) {
            bm_layout_doc_free(doc);
            continue;
        }
        for (const bm_diag *d = m.n ? tmp.first : NULL; d; d = d->next)
            bm_diags_add(real, d->sev, d->file, d->line, d->col, "%s", d->msg);
        *out = bm_pg_compact(doc);
        break;
    }
    bm_arena_free(a);
    return rc;
}

void bm_layout_doc_free(bm_layout_doc *doc)
{
    if (doc)
        bm_arena_free(doc->arena);
}
