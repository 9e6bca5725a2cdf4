/*
 * keep.c - 拉行 at a placed module: a paragraph's first line alone at a
 * column's foot, or its last alone at a column's top, is pushed over by
 * setting a paragraph before it a line longer (para.c: every line but the
 * last nearly full, its gaps a little looser).  The module keeps its
 * depth: an uncut module's columns stay as deep, a cut module sends the
 * line it no longer holds on with its jump.  A cut module may instead hold
 * a row less, the row going to its header's padding (bm_pg_keep_short).
 */
#include "page_private.h"

#include <string.h>

/* The keep after line t of a paragraph of n lines set in n + 1 (f: its
 * flow items as first set): after the first line and the last two's first,
 * and after the last as before. */
static int longer_keep(const bm_flow_item *f, int n, int t)
{
    return t == 0       ? f[0].keep_next
           : t == n - 1 ? f[n - 2].keep_next
           : t == n     ? f[n - 1].keep_next
                        : BM_KEEP_NONE;
}

/* u's flow from u->start with paragraph q a line longer, into out (room
 * for one item more); returns its length. */
static int trial_flow(const unit *u, const upara *q, bm_flow_item *out)
{
    int o = 0;
    for (int i = u->start; i < u->nitems; i++) {
        if (i != q->first) {
            out[o++] = u->flow[i];
            continue;
        }
        for (int t = 0; t <= q->n; t++)
            out[o++] = (bm_flow_item){1, longer_keep(u->flow + i, q->n, t)};
        i += q->n - 1;
    }
    return o;
}

/* Paragraphs' first or last lines alone at the column breaks of a module
 * of k columns whose body is `rows` deep (off: rows its photo takes at a
 * column's top): a cut module's columns filled and its cut counted, an
 * uncut one's balanced (keeping lines together up to `slack` rows
 * deeper).  *depth: the uncut body's depth; *placed: the items it holds. */
static int lone_lines(const bm_flow_item *f, int n, int k, const int *off,
                      int rows, int cut, int slack, int *depth, int *placed)
{
    int brk[BM_MAX_COLS + 1];
    if (!cut) {
        *depth = bm_flow_balance_keep(f, n, k, off, slack, brk);
        *placed = n;
        return bm_flow_soft_breaks(f, n, k, brk);
    }
    *placed = bm_flow_cut(f, n, k, rows, off, brk);
    *depth = rows;
    int b = bm_flow_soft_breaks(f, n, k, brk);
    return b + (*placed > 0 && *placed < n &&
                f[*placed - 1].keep_next == BM_KEEP_SOFT);
}

/* Paragraph q set again from its own text, under its own element number,
 * into hv, with the setter's `mode` (pgctx.fit: price a line longer;
 * pgctx.longer: set so) on for it. */
static bm_status set_again(pgctx *s, const upara *q, int *mode, hvec *hv,
                           int *got)
{
    *mode = 1;
    s->elem_as = q->elem;
    s->keep_at = q->keep_at;
    s->keep_len = q->keep_len;
    bm_status rc = bm_pg_set_into(s, q->text, q->len, q->el, q->size,
                                  q->measure, q->indent, q->align,
                                  BM_LINE_BODY, q->src, hv, got);
    *mode = 0;
    s->elem_as = 0;
    s->keep_at = s->keep_len = 0;
    return rc;
}

/* What setting q a line longer costs (-1: it cannot be), asked the first
 * time it is needed: a paragraph is priced only where a column break could
 * use it, not every paragraph of the edition.  Its lines so set go to the
 * arena unused, under its own element number. */
static bm_status price_of(pgctx *s, upara *q, long long *price)
{
    if (q->price == PRICE_UNKNOWN) {
        hvec hv = {0};
        int got = 0;
        bm_status rc = set_again(s, q, &s->fit, &hv, &got);
        if (rc)
            return rc;
        q->price = s->fit_longer;
    }
    *price = q->price;
    return BM_OK;
}

/* Sets paragraph p of u a line longer: u's items and flow with its new
 * lines (the paragraphs after it one item on). */
static bm_status set_longer(pgctx *s, unit *u, int p)
{
    upara *q = &u->paras[p];
    hvec hv = {0};
    bm_pg_hv_add(s, &hv, u->items, q->first);
    int got = 0;
    bm_status rc = set_again(s, q, &s->longer, &hv, &got);
    if (rc)
        return rc;
    if (got != q->n + 1)
        return bm_error_set(s->err, BM_INTERNAL, q->src ? q->src->file : NULL,
                            q->src ? q->src->line : 0, 0,
                            "a paragraph set a line longer came out in %d "
                            "lines, not %d", got, q->n + 1);
    int rest = q->first + q->n;
    bm_pg_hv_add(s, &hv, u->items + rest, u->nitems - rest);
    bm_flow_item *fl = bm_arena_alloc(s->a, (size_t)(u->nitems + 1) * sizeof *fl);
    memcpy(fl, u->flow, (size_t)q->first * sizeof *fl);
    for (int t = 0; t <= q->n; t++) {
        hline *l = &hv.v[q->first + t];
        l->rows = 1;
        l->id = q->id;
        l->par = (t == 0 ? BM_PAR_FIRST : 0) | (t == q->n ? BM_PAR_LAST : 0);
        fl[q->first + t] = (bm_flow_item){1, longer_keep(u->flow + q->first,
                                                         q->n, t)};
    }
    memcpy(fl + rest + 1, u->flow + rest,
           (size_t)(u->nitems - rest) * sizeof *fl);
    bm_pg_keep_flow(s, hv.v);
    u->items = hv.v;
    u->flow = fl;
    u->nitems++;
    q->n++;
    q->price = -1; /* once */
    for (int r = p + 1; r < u->nparas; r++)
        u->paras[r].first++;
    return BM_OK;
}

bm_status bm_pg_keep_longer(pgctx *s, unit *u, int k, const int *off,
                            int rows, int cut, int slack)
{
    int n = u->nitems - u->start;
    if (n <= 0 || !u->nparas)
        return BM_OK;
    int depth, placed;
    int lone = lone_lines(u->flow + u->start, n, k, off, rows, cut, slack,
                          &depth, &placed);
    for (int round = 0; lone > 0 && round < LONGER_MAX; round++) {
        n = u->nitems - u->start;
        bm_flow_item *tmp = bm_arena_alloc(s->a, (size_t)(n + 1) * sizeof *tmp);
        int best = -1, best_lone = lone;
        for (int p = 0; p < u->nparas; p++) {
            upara *q = &u->paras[p];
            /* a paragraph of what the module holds */
            if (q->price == -1 || q->first < u->start ||
                q->first >= u->start + placed)
                continue;
            int d, pl, nn = trial_flow(u, q, tmp);
            int w = lone_lines(tmp, nn, k, off, rows, cut, slack, &d, &pl);
            if ((cut ? pl < 1 : d != depth) || w > best_lone ||
                (w == best_lone && best < 0))
                continue; /* no deeper, no shallower; and it helps */
            long long price;
            bm_status rc = price_of(s, q, &price);
            if (rc)
                return rc;
            if (price >= 0 && (w < best_lone || price < u->paras[best].price))
                best = p, best_lone = w;
        }
        if (best < 0)
            break;
        bm_status rc = set_longer(s, u, best);
        if (rc)
            return rc;
        lone = lone_lines(u->flow + u->start, u->nitems - u->start, k, off,
                          rows, cut, slack, &depth, &placed);
    }
    return BM_OK;
}

int bm_pg_keep_short(const unit *u, int k, const int *off, int rows)
{
    int n = u->nitems - u->start, d, pl;
    if (n <= 0 || rows < 2)
        return 0;
    const bm_flow_item *f = u->flow + u->start;
    int now = lone_lines(f, n, k, off, rows, 1, 0, &d, &pl);
    if (!now)
        return 0;
    int shorter = lone_lines(f, n, k, off, rows - 1, 1, 0, &d, &pl);
    /* and the jump still keeps a third of its text, JUMP_MIN_LINES at
     * least, on this page (as bm_pg_measure_unit plans it) */
    int text = 0, kept = 0;
    for (int i = 0; i < n; i++) {
        const hline *l = &u->items[u->start + i];
        int t = l->kind == BM_LINE_BODY || l->kind == BM_LINE_SUBHEADING;
        text += t ? f[i].rows : 0;
        kept += t && i < pl ? f[i].rows : 0;
    }
    return pl >= 1 && shorter < now && kept >= bm_pg_jump_keeps(text);
}
