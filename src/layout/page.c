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
        /* the lead goes first */
        if (u->lead && q->n && !q->v[0]->lead)
            q_insert(s, q, 0, u);
        else
            q_push(s, q, u);
    }
    return BM_OK;
}

static bm_status plan_units(pgctx *s, queue *q, int page_no, int region_rows,
                            bm_plan_unit *pu, int *np)
{
    int n = (int)(q->n < BM_PLAN_MAX_UNITS ? q->n : BM_PLAN_MAX_UNITS);
    const bm_layout *l = s->lay;
    for (int i = 0; i < n; i++) {
        memset(&pu[i], 0, sizeof pu[i]);
        unit *u = q->v[i];
        pu[i].lead = u->lead && page_no == 1 && i == 0;
        pu[i].no_band = u->kind != U_ARTICLE;
        for (int k = 1; k <= l->columns; k++) {
            if (k < l->min_span && k < l->columns)
                continue;
            int need, min_cut, white;
            bm_status rc = bm_pg_measure_unit(s, u, k, page_no, &need, &min_cut,
                                        &white);
            if (rc)
                return rc;
            if (need > region_rows && !min_cut)
                need = 0; /* cannot be set at this span */
            pu[i].need[k] = need;
            pu[i].min_cut[k] = min_cut;
            pu[i].white[k] = white;
            pu[i].small[k] = u->heads[k].small != 0;
        }
        /* a story should jump once: cutting a continuation again costs */
        pu[i].cont = u->kind == U_CONT;
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
    return pg;
}

/* A page that leaves white may fill if one story goes last: the planner
 * keeps its units in order and can only cut the last module of a stack,
 * so a long story (a continuation, typically) in the first stack leaves
 * the other stacks short.  Tries each unit at the end of the page's list
 * and keeps the cheapest plan; the page-1 lead stays first, and on a page
 * with section labels only continuations move (a story must stay in its
 * label's run).  Deterministic: ties keep the given order. */
static void reorder(pgctx *s, queue *q, bm_plan_unit *pu, int n, int region_rows,
                    int band_max, long cells, bm_plan *plan)
{
    const bm_layout *l = s->lay;
    if (n < 2 || plan->white * 100 <= cells * 3)
        return;
    int labels = 0;
    for (int i = 0; i < n; i++)
        labels |= q->v[i]->kind != U_CONT && q->v[i]->ar &&
                  q->v[i]->ar->label != NULL;
    bm_plan_unit *alt = bm_arena_alloc(s->a, (size_t)n * sizeof *alt);
    int best_k = -1;
    bm_plan best = *plan, tr;
    for (int k = pu[0].lead ? 1 : 0; k < n - 1; k++) {
        if (labels && q->v[k]->kind != U_CONT)
            continue;
        /* alt = pu with unit k moved to the end */
        memcpy(alt, pu, (size_t)k * sizeof *alt);
        memcpy(alt + k, pu + k + 1, (size_t)(n - 1 - k) * sizeof *alt);
        alt[n - 1] = pu[k];
        if (bm_plan_page(alt, n, l->columns, region_rows, l->min_span,
                         band_max, MAX_PAD, &tr) != 0)
            continue;
        if (tr.cost < best.cost) {
            best = tr;
            best_k = k;
        }
    }
    if (best_k < 0)
        return;
    bm_plan_unit pk = pu[best_k];
    unit *u = q->v[best_k];
    memmove(pu + best_k, pu + best_k + 1, (size_t)(n - 1 - best_k) * sizeof *pu);
    memmove(q->v + best_k, q->v + best_k + 1,
            (size_t)(n - 1 - best_k) * sizeof *q->v);
    pu[n - 1] = pk;
    q->v[n - 1] = u;
    *plan = best;
}

/* Composes page `number` from queue q; what does not fit goes to next. */
static bm_status compose_page(pgctx *s, int number, const char *section, queue *q,
                              queue *next, int last)
{
    const bm_layout *l = s->lay;
    bm_lpage *pg = new_page(s, number, section);
    int used;
    bm_status rc = bm_pg_furniture(s, pg, &used);
    if (rc)
        return rc;
    int region_rows = s->rows - used;
    bm_fix region_top = l->area_y + used * l->line_pitch;
    if (!q->n)
        return BM_OK;

    bm_plan_unit *pu = bm_arena_alloc(s->a, BM_PLAN_MAX_UNITS * sizeof *pu);
    bm_plan plan;
    int n;
    int band_max = region_rows * l->lead_max_pct / 100;
    long cells = (long)l->columns * s->rows;
    if ((rc = plan_units(s, q, number, region_rows, pu, &n)))
        return rc;
    if (bm_plan_page(pu, n, l->columns, region_rows, l->min_span, band_max,
                     MAX_PAD, &plan) != 0) {
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
        return bm_error_set(s->err, BM_INPUT, NULL, 0, 0,
                            "page %d: no arrangement of its %d articles fits "
                            "the layout '%s'",
                            number, n, l->name);
    }
    reorder(s, q, pu, n, region_rows, band_max, cells, &plan);
    /* a short page that is not the last takes the next page's first story
     * (when that page keeps at least two) if that fills it better */
    while (!last && plan.white * 100 > cells * 3 && next->n >= 3 &&
           plan.placed == n && q->n < BM_PLAN_MAX_UNITS) {
        unit *pulled = next->v[0];
        q_push(s, q, pulled);
        bm_plan try;
        if ((rc = plan_units(s, q, number, region_rows, pu, &n)))
            return rc;
        if (bm_plan_page(pu, n, l->columns, region_rows, l->min_span, band_max,
                         MAX_PAD, &try) != 0 ||
            try.white >= plan.white) {
            q->n--; /* no better: leave it where it was */
            n--;
            break;
        }
        plan = try;
        memmove(next->v, next->v + 1, (next->n - 1) * sizeof *next->v);
        next->n--;
        bm_diags_add(s->diags, BM_NOTE, NULL, 0, 0,
                     "page %d was short: '%s' moved up from page %d", number,
                     pulled->id, number + 1);
    }
    /* units beyond the plan move to the next page, in order */
    queue carry = {0};
    for (int i = 0; i < plan.nmods; i++) {
        const bm_plan_mod *m = &plan.mods[i];
        unit *cont;
        if ((rc = bm_pg_place(s, q->v[m->unit], m, region_top, number, &cont)))
            return rc;
        if (cont)
            q_push(s, &carry, cont);
    }
    bm_pg_rules(s, &plan, region_top, region_rows);
    /* one note per page: which stories wait for the next one */
    bm_buf moved = {0};
    int nmoved = 0;
    for (size_t i = (size_t)plan.placed; i < q->n; i++) {
        q_push(s, &carry, q->v[i]);
        if (q->v[i]->kind == U_CONT)
            continue;
        if (nmoved < 6)
            bm_buf_printf(&moved, "%s'%s'", nmoved ? ", " : "", q->v[i]->id);
        nmoved++;
    }
    if (nmoved)
        bm_diags_add(s->diags, BM_NOTE, NULL, 0, 0,
                     "page %d is full: %d stor%s moved to page %d (%s%s)",
                     number, nmoved, nmoved == 1 ? "y" : "ies", number + 1,
                     moved.data ? moved.data : "", nmoved > 6 ? ", ..." : "");
    bm_buf_free(&moved);
    for (size_t i = carry.n; i-- > 0;)
        q_insert(s, next, 0, carry.v[i]);
    return BM_OK;
}

bm_status bm_layout_edition(const bm_edition *ed, const bm_layout *lay,
                            const bm_fontset *fs, bm_diags *diags,
                            void (*progress)(void *ctx, int done, int total),
                            void *ctx, bm_layout_doc **out, bm_error *err)
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
    s.diags = diags ? diags : (bm_diags *)&ed->diags;
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
    queue *qs = bm_arena_alloc(a, (maxp + 1) * sizeof *qs);
    for (size_t i = 0; i < np && !rc; i++)
        rc = page_units(&s, ed->pages[i], &qs[i]);
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

void bm_layout_doc_free(bm_layout_doc *doc)
{
    if (doc)
        bm_arena_free(doc->arena);
}
