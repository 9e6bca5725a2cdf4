/*
 * place.c - a planned page put down: module boxes, frames, lines on the
 * grid, images, rules between modules, and jump lines whose page numbers are
 * filled in once every page is placed.
 */
#include "page_private.h"

#include <string.h>

void *bm_pg_grow(bm_arena *a, void *arr, size_t n, size_t *cap, size_t elem)
{
    if (n < *cap)
        return arr;
    size_t nc = *cap ? *cap * 2 : 16;
    void *p = bm_arena_grow(a, arr, n * elem, nc * elem);
    *cap = nc;
    return p;
}

bm_box *bm_pg_add_box(pgctx *s, bm_box_kind kind, bm_rect r, const char *id)
{
    bm_lpage *pg = &s->pages[s->npages - 1];
    pg->boxes = bm_pg_grow(s->a, pg->boxes, pg->nboxes, &s->cap_boxes, sizeof *pg->boxes);
    bm_box *b = &pg->boxes[pg->nboxes++];
    memset(b, 0, sizeof *b);
    b->kind = kind;
    b->rect = r;
    b->article_id = id;
    return b;
}

void bm_pg_add_hrule(pgctx *s, bm_fix x, bm_fix y, bm_fix w, bm_fix stroke)
{
    bm_box *b = bm_pg_add_box(s, BM_BOX_RULE, (bm_rect){x, y - stroke / 2, w, stroke},
                        NULL);
    b->stroke = stroke;
}

void bm_pg_add_vrule(pgctx *s, bm_fix x, bm_fix y, bm_fix h, bm_fix stroke)
{
    bm_box *b = bm_pg_add_box(s, BM_BOX_RULE, (bm_rect){x - stroke / 2, y, stroke, h},
                        NULL);
    b->stroke = stroke;
}

/*
 * Places composed line `h`: its measure's left edge at x, its slot (rows of
 * the grid) from y, `slot` tall.  On the grid (body-like lines) the line box
 * is the measure and the baseline the grid's; other lines get a box as wide
 * as their text and a baseline centred in the slot (a compact header's
 * line then sets its baseline where bm_pg_head_slot puts its ink).
 * Returns its index.
 */
size_t bm_pg_put_line(pgctx *s, const hline *h, const char *id, bm_fix x,
                       bm_fix y, bm_fix measure, bm_fix slot, int ongrid)
{
    bm_lpage *pg = &s->pages[s->npages - 1];
    pg->lines = bm_pg_grow(s->a, pg->lines, pg->nlines, &s->cap_lines, sizeof *pg->lines);
    bm_line *l = &pg->lines[pg->nlines];
    memset(l, 0, sizeof *l);
    l->kind = h->kind;
    l->article_id = h->id ? h->id : id;
    l->role = h->role;
    l->size = h->size;
    l->text = h->text;
    l->len = h->len;
    l->glyphs = h->glyphs;
    l->nglyphs = h->nglyphs;
    l->par = h->par;
    l->elem = h->elem;
    l->jump = h->jump;
    if (ongrid) {
        l->rect = (bm_rect){x + h->xoff, y, measure - h->xoff, slot};
        l->baseline = y + s->base_off;
    } else {
        bm_fix w = h->width < measure - h->xoff ? h->width : measure - h->xoff;
        l->rect = (bm_rect){x + h->xoff, y, w, slot};
        l->baseline = y + (slot - h->size) / 2 + h->size * 88 / 100;
    }
    return pg->nlines++;
}

void bm_pg_add_outline(pgctx *s, const unit *u, bm_fix y)
{
    bm_lpage *pg = &s->pages[s->npages - 1];
    pg->outline = bm_pg_grow(s->a, pg->outline, pg->noutline, &s->cap_outline,
                       sizeof *pg->outline);
    bm_outline *o = &pg->outline[pg->noutline++];
    o->article_id = u->id;
    o->title = u->title;
    o->y = y;
}

/* ---- placing a planned page ---------------------------------------------------- */


/* Places unit u in module m; region_top is the y of region row 0. */
bm_status bm_pg_place(pgctx *s, unit *u, const bm_plan_mod *m, bm_fix region_top,
                       int page_no, unit **cont)
{
    const bm_layout *l = s->lay;
    bm_fix pitch = l->line_pitch;
    bm_fix x0 = col_x(s, m->col), w = span_w(s, m->span);
    bm_fix y0 = region_top + m->row * pitch;
    *cont = NULL;
    u->page = page_no;
    bm_pg_add_box(s, BM_BOX_MODULE, (bm_rect){x0, y0, w, m->rows * pitch}, u->id);
    bm_pg_add_outline(s, u, y0);
    head *h;
    bm_status rc = bm_pg_head_for(s, u, m->span, page_no, &h);
    if (rc)
        return rc;
    if (u->kind == U_BRIEFS || u->framed) {
        /* half a gutter out: where the rule between stacks would be (at
         * the type area's edge, as far into the margin); a label over a
         * briefs box stays above the frame, a commentary's label is the
         * frame's title */
        bm_fix out = l->gutter / 2, top = h->above * pitch;
        bm_box *f = bm_pg_add_box(s, BM_BOX_FRAME,
                            (bm_rect){x0 - out, y0 + top, w + 2 * out,
                                      m->rows * pitch - top},
                            u->id);
        f->stroke = l->frame;
    }
    if (h->small && u->kind == U_ARTICLE)
        bm_diags_add(s->diags, BM_WARNING, u->ar->src.file, u->ar->src.line, 0,
                     "the headline of '%s' is too long for %d columns: set at "
                     "%d pt, below the layout's minimum",
                     u->id, m->span, h->small / 64);
    /* spare rows of the stack: the photo grows (a little more of it
     * cropped) by what the planner took from its reach; the rest are the
     * header's padding rows */
    int pad = m->pad, grown = -1, grow = 0, air = 0;
    if (u->kind == U_BRIEFS && m->grow > 0 && m->grow <= BM_PLAN_GROW_MAX &&
        h->grow_for[m->grow] > 0) {
        air = h->grow_for[m->grow]; /* rows of air between its briefs */
    } else if (m->grow > 0 && m->grow <= BM_PLAN_GROW_MAX &&
        h->grow_for[m->grow] > 0) {
        grown = h->grow_fig;
        grow = h->grow_for[m->grow];
    } else {
        pad += m->grow; /* cannot happen: the planner took it from reach */
    }
    /* a padding row the stack gave the header goes to the body instead
       when a module a row deeper holds a widow or orphan its balanced
       depth breaks (the head's white stays its own) */
    int deeper = m->keep, n0 = h->wide ? 0 : u->nitems - u->start;
    if (!deeper && !m->cut && pad > 0 && n0 > 0 && !air &&
        u->kind != U_BRIEFS) {
        int o[BM_MAX_COLS], b0[BM_MAX_COLS + 1], b1[BM_MAX_COLS + 1];
        for (int c = 0; c < m->span; c++)
            o[c] = c < h->fig_span ? h->fig_rows + grow : 0;
        const bm_flow_item *fl = u->flow + u->start;
        int h0 = bm_flow_balance_keep(fl, n0, m->span, o, u->keep, b0);
        int w0 = bm_flow_soft_breaks(fl, n0, m->span, b0);
        if (w0 > 0) {
            int h1 = bm_flow_balance_keep(fl, n0, m->span, o, u->keep + 1, b1);
            if (h1 <= h0 + 1 && bm_flow_soft_breaks(fl, n0, m->span, b1) < w0) {
                deeper = 1;
                pad -= h1 - h0;
            }
        }
    }
    /* a widow or orphan at a column break: a paragraph before it set a
       line longer pushes it over (拉行), the module no deeper; a cut
       module may hold a row less instead, the row going to its header's
       padding */
    int off[BM_MAX_COLS];
    for (int c = 0; c < m->span; c++)
        off[c] = c < h->fig_span ? h->fig_rows + grow : 0;
    if (!air && !h->wide) {
        if ((rc = bm_pg_keep_longer(s, u, m->span, off,
                                    m->rows - h->rows - pad, m->cut,
                                    u->keep + deeper)))
            return rc;
        if (m->cut && pad < h->pad_max && pad < MAX_PAD &&
            bm_pg_keep_short(u, m->span, off, m->rows - h->rows - pad))
            pad++;
    }
    /* header: padding rows split above and below (a section label stays
       at the top: the padding goes under it) */
    head_pos hp = {0};
    bm_fix prev_y = y0, prev_slot = pitch;
    const hline *boxed = NULL;
    for (int i = 0; i < h->n; i++) {
        const hline *hl = &h->l[i];
        if (hl->boxed && i + 1 < h->n) {
            boxed = hl;  /* set on the next line's row, before it */
            continue;
        }
        if (hl->beside) {  /* on the last row of the line before */
            bm_pg_put_line(s, hl, u->id, x0, prev_y + prev_slot - pitch, w,
                     pitch, 0);
            continue;
        }
        bm_fix y, ink, ink_h;
        bm_fix slot = bm_pg_head_slot(h, i, pad, pitch, &hp, &y, &ink, &ink_h);
        y += y0;
        ink += y0;
        bm_lpage *lp = &s->pages[s->npages - 1];
        if (boxed) {
            size_t li = bm_pg_put_line(s, boxed, u->id, x0, y, w, slot, 0);
            bm_line *bl = &lp->lines[li];
            bl->baseline = ink + (ink_h - boxed->size) / 2 + boxed->size * 88 / 100;
            bm_fix pad = boxed->xoff;
            bm_box *f = bm_pg_add_box(s, BM_BOX_FRAME,
                                (bm_rect){x0, bl->baseline - boxed->size * 88 / 100 - pad,
                                          boxed->width + 2 * pad, boxed->size + 2 * pad},
                                u->id);
            f->stroke = l->frame;
            boxed = NULL;
        }
        /* its slot tiles the header; its ink stands in [ink, ink + ink_h) */
        size_t li = bm_pg_put_line(s, hl, u->id, x0, y, w, slot, 0);
        lp->lines[li].baseline = ink + (ink_h - hl->size) / 2 + hl->size * 88 / 100;
        if (hl->bar)
            bm_pg_add_hrule(s, x0 + u->inset, y + slot - pitch / 4,
                      w - 2 * u->inset, l->frame);
        prev_y = y;
        prev_slot = slot;
    }
    int row = h->rows + pad;
    /* the photo block over the first columns of the body: each line at
       its row of the block, those under the grown photo lower by its
       growth */
    bm_fix top = y0 + row * pitch;
    int grown_y = grown >= 0 ? h->fig[grown].fig_y : 0;
    for (int i = 0; i < h->nfig; i++) {
        const hline *hl = &h->fig[i];
        int rows = hl->rows + (i == grown ? grow : 0);
        bm_fix fy = top + (hl->fig_y + (grown >= 0 && hl->fig_y > grown_y ? grow : 0)) *
                              pitch;
        if (hl->image) {
            bm_box *b = bm_pg_add_box(s, BM_BOX_IMAGE,
                                (bm_rect){x0 + hl->fig_x, fy, hl->img_w, rows * pitch},
                                u->id);
            bm_rect ir = i == grown ? bm_pg_image_cover(s, hl->fig, hl->img_w, rows)
                                    : hl->img;
            b->image = hl->image;
            b->pic = hl->fig->pic;
            b->image_rect = (bm_rect){x0 + hl->fig_x + ir.x, fy + ir.y, ir.w, ir.h};
            b->px_w = hl->fig->img_w;
            b->px_h = hl->fig->img_h;
            /* pixels per inch as printed: 150 is the least for news photos */
            if (b->px_w > 0 &&
                (long long)b->px_w * 72 * 64 < (long long)FIG_MIN_PPI * ir.w)
                bm_diags_add(s->diags, BM_WARNING, hl->fig->src.file,
                             hl->fig->src.line, hl->fig->src.col,
                             "image '%s' prints at %d ppi on page %d (%d pixels "
                             "across %.0f mm): below %d ppi it looks soft; "
                             "give a larger image",
                             hl->image,
                             (int)((long long)b->px_w * 72 * 64 / ir.w),
                             page_no, b->px_w, ir.w / 64.0 * 25.4 / 72,
                             FIG_MIN_PPI);
        } else {
            bm_pg_put_line(s, hl, u->id, x0 + hl->fig_x, fy, hl->fig_w,
                     hl->rows * pitch, hl->rows == 1 && hl->size == l->body_size);
        }
    }
    int body_rows = m->rows - row;
    int n = h->wide ? 0 : u->nitems - u->start; /* 破栏: in the block */
    int brk[BM_MAX_COLS + 1];
    int placed = n;
    bm_flow_item *flow = u->flow + u->start;
    if (air && n > 0) {
        bm_flow_item *t = bm_arena_alloc(s->a, (size_t)n * sizeof *t);
        bm_pg_air_flow(u, air, t);
        flow = t;
    }
    if (m->cut) {
        placed = bm_flow_cut(flow, n, m->span, body_rows, off, brk);
        if (placed < 1 && n > 0) {
            /* nothing fits: keep at least one item (should not happen) */
            placed = 1;
            for (int c = 1; c <= m->span; c++)
                brk[c] = 1;
        }
    } else if (n > 0) {
        bm_flow_balance_keep(flow, n, m->span, off, u->keep + deeper, brk);
    } else {
        for (int c = 0; c <= m->span; c++)
            brk[c] = 0;
    }
    bm_fix by = y0 + row * pitch;
    for (int c = 0; c < m->span; c++) {
        bm_fix cx = col_x(s, m->col + c) + u->inset;
        bm_fix cw = l->col_width - 2 * u->inset;
        int r = off[c];
        for (int i = brk[c]; i < brk[c + 1] && i < placed; i++) {
            const hline *it = &u->items[u->start + i];
            /* a row of air above a brief (none at a column's top) */
            int a = flow[i].rows - u->flow[u->start + i].rows;
            if (a > 0 && i > brk[c])
                r += a;
            if (it->image) {   /* a photo in the flow (a brief's) */
                bm_box *b = bm_pg_add_box(s, BM_BOX_IMAGE,
                                    (bm_rect){cx, by + r * pitch, it->img_w,
                                              it->rows * pitch},
                                    it->id ? it->id : u->id);
                b->image = it->image;
                b->pic = it->fig->pic;
                b->image_rect = (bm_rect){cx + it->img.x,
                                          by + r * pitch + it->img.y,
                                          it->img.w, it->img.h};
                b->px_w = it->fig->img_w;
                b->px_h = it->fig->img_h;
                r += it->rows;
                continue;
            }
            bm_pg_put_line(s, it, u->id, cx, by + r * pitch, cw, pitch,
                     it->kind != BM_LINE_HEADLINE);
            r += it->rows;
        }
    }
    if (m->cut && placed < n) {
        /* （下转第N版）: the number is filled in at the end */
        bm_fix cx = col_x(s, m->col + m->span - 1) + u->inset;
        hline j = {0};
        j.kind = BM_LINE_JUMP;
        j.jump = BM_JUMP_TO;
        j.role = (bm_role)l->styles[BM_EL_JUMP].role;
        j.size = l->body_size;
        j.text = "";
        j.rows = 1;
        size_t li = bm_pg_put_line(s, &j, u->id, cx, by + (body_rows - 1) * pitch,
                             l->col_width - 2 * u->inset, pitch, 1);
        *cont = bm_pg_make_cont(s, u, u->start + placed, page_no);
        pending_jump *pj = bm_arena_alloc(s->a, sizeof *pj);
        pj->page_index = (int)s->npages - 1;
        pj->line_index = li;
        pj->target = *cont;
        pj->next = s->jumps;
        s->jumps = pj;
    }
    return BM_OK;
}

/* Does a module of the plan overlap columns [col, col+span) x rows
 * [row, row+rows)? */
static int module_at(const bm_plan *p, int col, int span, int row, int rows)
{
    for (int i = 0; i < p->nmods; i++) {
        const bm_plan_mod *o = &p->mods[i];
        if (o->col < col + span && col < o->col + o->span &&
            o->row < row + rows && row < o->row + o->rows)
            return 1;
    }
    return 0;
}

/* Rules: in the row between stacked modules and in the gutter between
 * stacks, only where a module stands on the other side (white at a
 * stack's foot is not closed off). */
void bm_pg_rules(pgctx *s, const bm_plan *p, bm_fix region_top, int region_rows)
{
    const bm_layout *l = s->lay;
    bm_fix pitch = l->line_pitch;
    for (int i = 0; i < p->nmods; i++) {
        const bm_plan_mod *m = &p->mods[i];
        int bottom = m->row + m->rows;
        if (bottom < region_rows &&
            module_at(p, m->col, m->span, bottom + 1, 1)) {
            bm_fix y = region_top + bottom * pitch + pitch / 2;
            bm_fix x = col_x(s, m->col), w = span_w(s, m->span);
            if (m->col + m->span < l->columns)
                w += l->gutter / 2;
            if (m->col > 0)
                x -= l->gutter / 2, w += l->gutter / 2;
            bm_pg_add_hrule(s, x, y, w, l->rule);
        }
        if (m->col + m->span < l->columns &&
            module_at(p, m->col + m->span, 1, m->row, m->rows)) {
            /* vertical rule right of this module, in the gutter */
            bm_fix x = col_x(s, m->col + m->span) - l->gutter / 2;
            bm_fix y = region_top + m->row * pitch;
            bm_fix h = m->rows * pitch;
            bm_pg_add_vrule(s, x, y, h, l->rule);
        }
    }
}
/* Fills in every （下转第N版） now that each continuation has a page. */
bm_status bm_pg_resolve_jumps(pgctx *s)
{
    const bm_layout *l = s->lay;
    for (pending_jump *j = s->jumps; j; j = j->next) {
        bm_lpage *pg = &s->pages[j->page_index];
        bm_line *ln = &pg->lines[j->line_index];
        int target = j->target->page;
        if (target <= pg->number)
            return bm_error_set(s->err, BM_INTERNAL, NULL, 0, 0,
                                "jump from page %d of '%s' has no later page",
                                pg->number, j->target->id);
        char *t = bm_arena_printf(s->a, "（下转第%d版）", target);
        hline *h;
        int n;
        bm_status rc = bm_pg_set_display(s, t, strlen(t), BM_EL_JUMP, l->body_size,
                           BM_PT(20000), 0, BM_ALIGN_START, BM_LINE_JUMP, NULL,
                           &h, &n);
        if (rc)
            return rc;
        if (n != 1)
            continue;
        bm_fix right = ln->rect.x + ln->rect.w;
        ln->text = h->text;
        ln->len = h->len;
        ln->glyphs = h->glyphs;
        ln->nglyphs = h->nglyphs;
        ln->link_page = target;
        ln->rect.x = right - h->width;
        ln->rect.w = h->width;
        ln->role = h->role;
        ln->size = h->size;
        /* the continuation's （上接第N版） points back */
        for (size_t p = 0; p < s->npages; p++) {
            bm_lpage *tp = &s->pages[p];
            if (tp->number != target)
                continue;
            for (size_t i = 0; i < tp->nlines; i++)
                if (tp->lines[i].jump == BM_JUMP_FROM && !tp->lines[i].link_page &&
                    tp->lines[i].article_id &&
                    !strcmp(tp->lines[i].article_id, j->target->id))
                    tp->lines[i].link_page = pg->number;
        }
    }
    return BM_OK;
}
