/*
 * module.c - units: an article, a briefs box or a continuation, composed
 * once into a column flow at the column measure and, per span, into a header
 * (label, kicker, headline, subhead, photo block); what the planner is told
 * of it (rows needed, smallest cut).
 */
#include "page_private.h"

#include <string.h>

/* ---- units ------------------------------------------------------------------- */

int bm_pg_starts_with(const char *s, const char *pre)
{
    return s && !strncmp(s, pre, strlen(pre));
}

/* A figure's caption as printed: its own editor code (②2) ends it. */
static const char *caption_text(pgctx *s, const bm_block *b)
{
    if (!b->code)
        return b->caption;
    return bm_arena_printf(s->a, "%s%s", b->caption ? b->caption : "", b->code);
}

/* The size of flow lines of element el: they take one row each. */
bm_fix bm_pg_flow_size(const pgctx *s, bm_elem el)
{
    bm_fix size = s->lay->styles[el].size;
    if (el == BM_EL_KICKER) /* a brief's kicker: under its head, one row */
        size = bm_pg_scale_step(s->lay, s->lay->styles[BM_EL_HEADLINE4].size,
                                HEAD_UNDER_STEPS);
    if (size > s->lay->line_pitch * 4 / 5)
        size = bm_pg_scale_step(s->lay, s->lay->line_pitch * 4 / 5, 0);
    return size;
}

/* Adds the lines of one paragraph-like block to the flow. */
static bm_status flow_text(pgctx *s, hvec *fv, const char *text, size_t len,
                           bm_elem el, bm_line_kind kind, bm_fix measure,
                           int keep_all, const bm_src *src, const char *id)
{
    const bm_style *sty = &s->lay->styles[el];
    hline *h;
    int n;
    bm_fix size = bm_pg_flow_size(s, el);
    if (el == BM_EL_HEADLINE4 && s->brief_kicker) {
        /* a brief's head under its kicker: two steps over it, as any
         * head over its kicker, while it fits its one row with a sixth
         * of the pitch white (小四 12 pt in 14.4) */
        bm_fix kicker = bm_pg_scale_step(
            s->lay, s->lay->styles[BM_EL_HEADLINE4].size, HEAD_UNDER_STEPS);
        bm_fix up = bm_pg_scale_step(s->lay, kicker, -HEAD_UNDER_STEPS);
        if (up > size && up <= s->lay->line_pitch * 5 / 6)
            size = up;
    }
    int first = fv->n;
    bm_status rc;
    if (el == BM_EL_BODY || el == BM_EL_BRIEF) {
        /* straight into the flow; a body paragraph is kept to be set a
         * line longer if a column break needs it (拉行, keep.c; not one
         * opening with a run-in byline, whose gaps are fixed) */
        rc = bm_pg_set_into(s, text, len, el, size, measure, sty->indent,
                            sty->align, kind, src, fv, &n);
        if (!rc && kind == BM_LINE_BODY && !s->runin && !keep_all && n >= 2) {
            s->pv = bm_pg_grow(s->a, s->pv, (size_t)s->npv, &s->cap_pv,
                               sizeof *s->pv);
            s->pv[s->npv++] = (upara){.first = first, .n = n,
                                      .price = PRICE_UNKNOWN, .text = text,
                                      .len = len, .keep_at = s->keep_at,
                                      .keep_len = s->keep_len,
                                      .el = el, .size = size,
                                      .measure = measure,
                                      .indent = sty->indent,
                                      .align = sty->align, .src = src,
                                      .id = id, .elem = fv->v[first].elem};
        }
        h = NULL;
    } else {
        rc = bm_pg_set_display(s, text, len, el, size, measure, sty->indent,
                               sty->align, kind, src, &h, &n);
    }
    if (rc)
        return rc;
    if (s->runin && s->runin_spaced > size / 20) {
        fv->n = first;   /* those lines are not the flow's */
        /* a measure too narrow for the run-in byline (its line would be
         * letter-spaced, 「本　报　讯（通　讯　员」: issue 13): the byline
         * is set as its own ragged display line, the paragraph under it */
        size_t bl = s->runin;
        s->runin = 0;
        s->runin_apart++;
        rc = flow_text(s, fv, text, bl, BM_EL_BYLINE, BM_LINE_BYLINE, measure,
                       1, src, id);
        if (!rc && len > bl)
            rc = flow_text(s, fv, text + bl, len - bl, el, kind, measure,
                           keep_all, src, id);
        s->runin = bl;
        return rc;
    }
    if (h)
        bm_pg_hv_add(s, fv, h, n);
    for (int i = first; i < fv->n; i++) {
        fv->v[i].rows = 1;
        fv->v[i].id = id;
        if (kind == BM_LINE_BODY && n >= 2)
            fv->v[i].par = (i == first ? BM_PAR_FIRST : 0) |
                           (i == fv->n - 1 ? BM_PAR_LAST : 0);
        /* keep: whole group, or the first two and the last two lines of a
         * paragraph (no column ends with a paragraph's first line or starts
         * with its last) */
        fv->v[i].image = NULL;
        fv->v[i].img_w = keep_all ? BM_KEEP_HARD
                         : n >= 2 && (i == fv->n - 2 || i == first)
                             ? BM_KEEP_SOFT
                             : 0;
    }
    return BM_OK;
}

static hline image_slot(const pgctx *s, const bm_block *b, bm_fix fw,
                        int max_rows);

/* A brief's photo: a column-wide slot in the box's flow, at most this many
 * rows (a brief is a few lines; its photo should not outgrow them). */
#define BRIEF_FIG_MAX_ROWS 12

/* Builds the column flow of an article (briefs: of every brief). */
size_t bm_pg_last_para(const bm_article *ar)
{
    size_t last = ar->nblocks;
    for (size_t i = 0; i < ar->nblocks; i++)
        if (ar->blocks[i].kind == BM_BLOCK_PARAGRAPH ||
            ar->blocks[i].kind == BM_BLOCK_NOTE)
            last = i;
    return last;
}

static bm_status article_flow(pgctx *s, const bm_article *ar, hvec *fv,
                              bm_fix measure, int brief_style)
{
    bm_status rc;
    bm_elem body = brief_style ? BM_EL_BRIEF : BM_EL_BODY;
    const char *byline = ar->byline;
    int runin = byline && bm_pg_starts_with(byline, "本报讯") && !s->no_runin;
    if (brief_style && ar->kicker) {
        /* a brief's kicker (its district, 临河区) over its headline */
        rc = flow_text(s, fv, ar->kicker, strlen(ar->kicker), BM_EL_KICKER,
                       BM_LINE_KICKER, measure, 1,
                       bm_article_part_src(ar, &ar->kicker_src), ar->id);
        if (rc)
            return rc;
    }
    if (brief_style && ar->headline) {
        s->brief_kicker = ar->kicker != NULL;
        rc = flow_text(s, fv, ar->headline, strlen(ar->headline), BM_EL_HEADLINE4,
                       BM_LINE_HEADLINE, measure, 1,
                       bm_article_part_src(ar, &ar->headline_src), ar->id);
        s->brief_kicker = 0;
        if (rc)
            return rc;
        for (int i = fv->n - 1; i >= 0 && fv->v[i].kind == BM_LINE_HEADLINE &&
                                i >= fv->n - 3; i--)
            fv->v[i].xoff = 0;
    }
    if (brief_style && ar->subhead) {
        /* a brief has no header: its subhead is a flow line under the
           head, like its kicker over it */
        rc = flow_text(s, fv, ar->subhead, strlen(ar->subhead), BM_EL_SUBHEAD,
                       BM_LINE_SUBHEAD, measure, 1,
                       bm_article_part_src(ar, &ar->subhead_src), ar->id);
        if (rc)
            return rc;
    }
    if (byline && !runin) {
        rc = flow_text(s, fv, byline, strlen(byline), BM_EL_BYLINE,
                       BM_LINE_BYLINE, measure, 1,
                       bm_article_part_src(ar, &ar->byline_src), ar->id);
        if (rc)
            return rc;
    }
    /* the last paragraph takes the editor code */
    size_t last_para = bm_pg_last_para(ar);
    int first_para = 1;
    /* a teaser box (导读): every paragraph points at a story elsewhere;
     * each item is read whole, never split over two columns */
    int teaser = 0;
    for (size_t i = 0; i < ar->nblocks; i++)
        if (ar->blocks[i].kind == BM_BLOCK_PARAGRAPH && ar->blocks[i].text) {
            teaser = ar->blocks[i].ref != NULL;
            if (!teaser)
                break;
        }
    for (size_t i = 0; i < ar->nblocks; i++) {
        const bm_block *b = &ar->blocks[i];
        switch (b->kind) {
        case BM_BLOCK_PARAGRAPH:
        case BM_BLOCK_NOTE: {
            if (!b->text)
                break;
            const char *t = b->text;
            if (first_para && runin)
                t = bm_arena_printf(s->a, "%s%s", byline, t);
            if (b->ref) {
                /* on one line: 「（详｜见第3版）」 reads as a broken link */
                int k = bm_pg_ref_index(s->refs, b->ref);
                s->keep_at = strlen(t);
                t = bm_arena_printf(s->a, "%s（详见第%d版）", t,
                                    k >= 0 ? s->refs->page[k] : 0);
                s->keep_len = strlen(t) - s->keep_at;
            }
            if (i == last_para && ar->editor_code)
                t = bm_arena_printf(s->a, "%s%s", t, ar->editor_code);
            s->runin = first_para && runin ? strlen(byline) : 0;
            first_para = 0;
            int from = fv->n;
            rc = flow_text(s, fv, t, strlen(t), body, BM_LINE_BODY, measure, 0,
                           &b->src, ar->id);
            s->runin = 0;
            s->keep_at = s->keep_len = 0;
            if (rc)
                return rc;
            if (teaser && fv->n - from <= TEASER_LINES)
                for (int j = from; j < fv->n; j++)
                    fv->v[j].img_w = j + 1 < fv->n ? BM_KEEP_HARD : 0;
            break;
        }
        case BM_BLOCK_SUBHEADING:
            if (!b->text)
                break;
            rc = flow_text(s, fv, b->text, strlen(b->text), BM_EL_SUBHEADING,
                           BM_LINE_SUBHEADING, measure, 1, &b->src, ar->id);
            if (rc)
                return rc;
            break;
        case BM_BLOCK_FIGURE:
            if (b->image && !brief_style)
                break; /* set in the header, at the module's width */
            if (b->image) {
                /* a brief's photo: in the flow, a column wide, kept with
                   its caption */
                hline im = image_slot(s, b, measure, BRIEF_FIG_MAX_ROWS);
                im.id = ar->id;
                bm_pg_hv_add(s, fv, &im, 1);
                fv->v[fv->n - 1].img_w = BM_KEEP_HARD;
            }
            const char *cap = caption_text(s, b);
            if (cap) {
                rc = flow_text(s, fv, cap, strlen(cap), BM_EL_CAPTION,
                               BM_LINE_CAPTION, measure, 1, &b->src, ar->id);
                if (rc)
                    return rc;
            }
            if (b->credit) {
                rc = flow_text(s, fv, b->credit, strlen(b->credit), BM_EL_CREDIT,
                               BM_LINE_CREDIT, measure, 0, &b->src, ar->id);
                if (rc)
                    return rc;
            }
            if (fv->n)
                fv->v[fv->n - 1].img_w = 0;
            break;
        }
    }
    if (last_para == ar->nblocks && ar->editor_code) {
        rc = flow_text(s, fv, ar->editor_code, strlen(ar->editor_code), body,
                       BM_LINE_BODY, measure, 0, &ar->src, ar->id);
        if (rc)
            return rc;
    }
    if (runin && first_para) { /* a byline and no paragraph */
        rc = flow_text(s, fv, byline, strlen(byline), BM_EL_BYLINE,
                       BM_LINE_BYLINE, measure, 0,
                       bm_article_part_src(ar, &ar->byline_src), ar->id);
        if (rc)
            return rc;
    }
    return BM_OK;
}

void bm_pg_keep_flow(pgctx *s, hline *v)
{
    if (s->nflows == s->cap_flows) {
        s->cap_flows = s->cap_flows ? 2 * s->cap_flows : 64;
        s->flows = bm_xrealloc(s->flows, s->cap_flows * sizeof *s->flows);
    }
    s->flows[s->nflows++] = v;
}

/* Turns the flow vector into the unit's items (img_w held the keep flag). */
static void finish_flow(pgctx *s, unit *u, hvec *fv)
{
    if (s->npv) {
        u->paras = bm_arena_alloc(s->a, (size_t)s->npv * sizeof *u->paras);
        memcpy(u->paras, s->pv, (size_t)s->npv * sizeof *u->paras);
        u->nparas = s->npv;
    }
    s->npv = 0;
    u->items = fv->v;
    u->nitems = fv->n;
    if (fv->v)
        bm_pg_keep_flow(s, fv->v);
    u->flow = bm_arena_alloc(s->a, (size_t)(fv->n ? fv->n : 1) * sizeof *u->flow);
    for (int i = 0; i < fv->n; i++) {
        u->flow[i].rows = fv->v[i].rows;
        u->flow[i].keep_next = fv->v[i].img_w;
        /* a photo in the flow (a brief's) is a column wide */
        fv->v[i].img_w = fv->v[i].image ? s->lay->col_width - 2 * u->inset : 0;
    }
    if (fv->n)
        u->flow[fv->n - 1].keep_next = 0;
}

bm_status bm_pg_make_article(pgctx *s, const bm_article *ar, unit **out)
{
    unit *u = bm_arena_alloc(s->a, sizeof *u);
    u->kind = U_ARTICLE;
    u->id = ar->id;
    u->ar = ar;
    u->lead = ar->role == BM_ROLE_LEAD;
    u->framed = bm_article_commentary(ar);
    /* the outline's title, as the tag tree and METS have it */
    u->title = bm_article_title(s->a, ar);
    hvec fv = {0};
    s->npv = 0;
    bm_status rc = article_flow(s, ar, &fv, s->lay->col_width, 0);
    if (rc)
        return rc;
    finish_flow(s, u, &fv);
    *out = u;
    return BM_OK;
}

bm_status bm_pg_make_briefs(pgctx *s, bm_article *const *ars, size_t n, unit **out)
{
    unit *u = bm_arena_alloc(s->a, sizeof *u);
    u->kind = U_BRIEFS;
    u->id = ars[0]->id;
    u->ar = ars[0];
    u->members = ars;
    u->nmembers = n;
    u->title = ars[0]->group ? ars[0]->group : "简讯";
    /* the text keeps the column measure (every line of a column ends on
     * its right edge); the frame stands in the gutters around it */
    u->inset = 0;
    hvec fv = {0};
    u->air_at = bm_arena_alloc(s->a, (n ? n : 1) * sizeof *u->air_at);
    /* the briefs of a box share one style: when one run-in byline had to
     * be set on its own line (too narrow to run in), all are */
    int apart = s->runin_apart;
    for (int pass = 0; pass < 2; pass++) {
        fv.n = 0;
        s->npv = 0;
        u->nair = 0;
        for (size_t i = 0; i < n; i++) {
            if (i && fv.n)
                u->air_at[u->nair++] = fv.n;
            bm_status rc = article_flow(s, ars[i], &fv,
                                        s->lay->col_width - 2 * u->inset, 1);
            if (rc) {
                s->no_runin = 0;
                return rc;
            }
        }
        if (s->no_runin || s->runin_apart == apart)
            break;
        s->no_runin = 1;
    }
    s->no_runin = 0;
    finish_flow(s, u, &fv);
    *out = u;
    return BM_OK;
}

/*
 * The section label (栏目) that opens a run of articles, as a bar at the top
 * of the first one's module: its text start-aligned in the section style,
 * at least two rows (as a briefs box title), and a rule of the layout's
 * frame weight under it across the measure (drawn by bm_pg_place()).  In the
 * header, so the planner counts its rows and the PDF's text order puts it
 * before the article.
 */
static bm_status set_label(pgctx *s, const char *label, bm_fix w, bm_fix inset,
                           const bm_src *src, hvec *hv)
{
    int from = hv->n;
    bm_status rc = bm_pg_set_wrapped(s, label, BM_EL_SECTION, 0, w - 2 * inset,
                               BM_LINE_SECTION, src, hv);
    for (int i = from; !rc && i < hv->n; i++) {
        hv->v[i].rows = hv->v[i].rows < 2 ? 2 : hv->v[i].rows;
        hv->v[i].xoff = inset;
        hv->v[i].bar = i == hv->n - 1;
    }
    return rc;
}

/*
 * An image slot fw wide: whole grid rows, as near the image's own height at
 * that width as rows allow, at most max_rows.  The image keeps its
 * proportions: it is scaled to cover the slot and centred on its focus
 * point, so what the rounding (or the cap) takes off is cut from two
 * sides, never stretched.
 */
static hline image_slot(const pgctx *s, const bm_block *b, bm_fix fw, int max_rows)
{
    int rows = bm_pg_image_rows(s, b, fw);
    rows = rows > max_rows ? max_rows : rows;
    return bm_pg_image_line(s, b, fw, rows < FIG_MIN_ROWS ? FIG_MIN_ROWS : rows);
}

bm_rect bm_pg_image_cover(const pgctx *s, const bm_block *b, bm_fix fw,
                          int rows)
{
    long long pw = b->img_w > 0 ? b->img_w : 3, ph = b->img_h > 0 ? b->img_h : 2;
    bm_fix sh = rows * s->lay->line_pitch;
    if (bm_pg_fig_whole(b)) {
        /* a chart, map or cartoon: fitted whole, centred, never cut */
        if ((long long)sh * pw > (long long)fw * ph) {
            bm_fix hh = (bm_fix)((long long)fw * ph / pw);
            return (bm_rect){0, (sh - hh) / 2, fw, hh};
        }
        bm_fix w = (bm_fix)((long long)sh * pw / ph);
        return (bm_rect){(fw - w) / 2, 0, w, sh};
    }
    /* the focus point (the centre unless the figure gives one) as near
     * the slot's centre as the image's edges allow */
    int fx = b->has_focus ? b->focus_x : 500, fy = b->has_focus ? b->focus_y : 500;
    if ((long long)sh * pw > (long long)fw * ph) { /* slot taller: cut sides */
        bm_fix w = (bm_fix)((long long)sh * pw / ph);
        bm_fix x = fw / 2 - (bm_fix)((long long)w * fx / 1000);
        x = x > 0 ? 0 : x < fw - w ? fw - w : x;
        return (bm_rect){x, 0, w, sh};
    }
    /* slot wider: cut top and foot */
    bm_fix hh = (bm_fix)((long long)fw * ph / pw);
    bm_fix y = sh / 2 - (bm_fix)((long long)hh * fy / 1000);
    y = y > 0 ? 0 : y < sh - hh ? sh - hh : y;
    return (bm_rect){0, y, fw, hh};
}

/* Grid cells of the unit's column flow. */
int bm_pg_flow_cells(const unit *u)
{
    int cells = 0;
    for (int i = u->start; i < u->nitems; i++)
        cells += u->flow[i].rows;
    return cells;
}

/* The rows of u's text (its paragraphs and subheads: what a jump keeps a
 * third of), from u->start. */
static int text_lines(const unit *u)
{
    int cells = 0;
    for (int i = u->start; i < u->nitems; i++)
        if (u->items[i].kind == BM_LINE_BODY || u->items[i].kind == BM_LINE_SUBHEADING)
            cells += u->flow[i].rows;
    return cells;
}

/* A headline style's size on the scale, `down` steps under it. */
static bm_fix head_size(const pgctx *s, bm_elem el, int down)
{
    return bm_pg_scale_step(s->lay, s->lay->styles[el].size, down);
}

/*
 * The rows line i of header h takes when the header is given `pad`
 * padding rows: half of them on its first line that is neither a bar nor
 * a section label (*padded: that line has come), the rest on its last
 * line not set beside another.  Called for the lines in order, skipping
 * those set on another line's row (boxed, beside); bm_pg_head_slot turns
 * them into slots (in a compact block the rows and padding are pooled:
 * the white goes above and under the block).
 */
int bm_pg_head_line_rows(const head *h, int i, int pad, int *padded)
{
    int last = h->n - 1;
    while (last > 0 && h->l[last].beside)
        last--;
    const hline *hl = &h->l[i];
    int rows = hl->rows;
    if (!*padded && !hl->bar && hl->kind != BM_LINE_SECTION)
        rows += pad / 2, *padded = 1;
    if (i == last)
        rows += pad - pad / 2 + (*padded ? 0 : pad / 2);
    return rows;
}

/* What a label framed beside line `l` (place.c: a frame a quarter of its
 * size around its ink, 1.5 of its size tall) needs beyond l's leading. */
static bm_fix boxed_room(const hline *label, const hline *l)
{
    bm_fix frame = label->size * 3 / 2, lead = l->slot ? l->slot : l->adv;
    return frame > lead ? frame - lead : 0;
}

/* The next line of header h after i that takes a slot, or h->n. */
static int next_slotted(const head *h, int i)
{
    for (i++; i < h->n; i++)
        if (!h->l[i].beside && !(h->l[i].boxed && i + 1 < h->n))
            return i;
    return h->n;
}

bm_fix bm_pg_head_slot(const head *h, int i, int pad, bm_fix pitch,
                       head_pos *p, bm_fix *y, bm_fix *ink, bm_fix *ink_h)
{
    const hline *hl = &h->l[i];
    if (!hl->slot) { /* on the grid: its rows, the ink centred in them */
        bm_fix slot = (bm_fix)bm_pg_head_line_rows(h, i, pad, &p->padded) * pitch;
        *y = *ink = p->at;
        *ink_h = slot;
        p->at += slot;
        return slot;
    }
    if (!p->block) {
        /* a compact block (compact_head): its lines close at their
         * leading, the white its rows and padding rows leave split
         * evenly above and under them, at least HEAD_AIR under them */
        head_pos q = *p;
        int rows = 0;
        bm_fix adv = 0;
        for (int j = i; j < h->n && h->l[j].slot; j = next_slotted(h, j)) {
            rows += bm_pg_head_line_rows(h, j, pad, &q.padded);
            adv += h->l[j].slot;
        }
        bm_fix white = (bm_fix)rows * pitch - adv, air = HEAD_AIR(pitch);
        bm_fix above = white / 2 < white - air ? white / 2
                       : white > air ? white - air : 0;
        /* a framed label beside the first line: its frame inside */
        bm_fix room = i > 0 && h->l[i - 1].boxed
                          ? (boxed_room(&h->l[i - 1], hl) + 1) / 2 : 0;
        above = above < room ? room : above;
        p->block = 1; /* one block a header (compact_head): never reset */
        p->ink = p->at + above;
        p->under = white - above;
    }
    (void)bm_pg_head_line_rows(h, i, pad, &p->padded);
    *y = p->at;
    *ink = p->ink;
    *ink_h = hl->slot;
    p->ink += hl->slot;
    int j = next_slotted(h, i);
    p->at = p->ink + (j < h->n && h->l[j].slot ? 0 : p->under);
    return p->at - *y;
}

/*
 * Whether header h with `pad` padding rows, placed as bm_pg_place places
 * them (bm_pg_head_slot: each line's ink centred in its slot), keeps
 * the white between its headline's ink and what stands above it (the
 * module top, a label, a kicker) and below it (a subhead, the body)
 * within HEAD_WHITE tenths of the headline's size; in a compact header
 * (whose padding goes above and under its block, whatever stands at its
 * ends) also the white above its first line and under its last.
 */
static int head_white_fits(const head *h, int pad, bm_fix pitch)
{
    head_pos p = {0};
    int seen = 0;
    bm_fix up = 0, above = 0, ink_bot = 0, down = -1, size = 0;
    bm_fix block_top = -1, block_bot = 0, before = 0;
    for (int i = 0; i < h->n; i++) {
        const hline *hl = &h->l[i];
        if ((hl->boxed && i + 1 < h->n) || hl->beside)
            continue; /* on another line's row */
        bm_fix y, ink, ink_h;
        (void)bm_pg_head_slot(h, i, pad, pitch, &p, &y, &ink, &ink_h);
        bm_fix top = ink + (ink_h - hl->size) / 2;
        if (hl->slot) {
            if (block_top < 0)
                block_top = top, before = y;
            block_bot = top + hl->size;
        }
        if (hl->kind == BM_LINE_HEADLINE) {
            if (!seen)
                above = top - up;
            seen = 1;
            ink_bot = top + hl->size;
            size = hl->size > size ? hl->size : size;
        } else if (!seen) {
            up = top + hl->size;
        } else if (down < 0) {
            down = top;
        }
    }
    if (!seen)
        return 0;
    /* the body under the header's rows */
    bm_fix body = (bm_fix)(h->rows + pad) * pitch;
    bm_fix below = (down >= 0 ? down : body) - ink_bot;
    bm_fix lim = size * HEAD_WHITE / 10;
    if (block_top >= 0 &&
        (block_top - before > lim || body - block_bot > lim))
        return 0;
    return above <= lim && below <= lim;
}

/*
 * A header set on its own leading (标题 off the body grid): its kicker,
 * headline and subhead lines stacked at their leading, the whole in whole
 * rows with HEAD_AIR over the body (bm_pg_head_slot places them), when
 * that takes no more rows than each line rounded up to whole rows and a
 * row of air under them (a row less over most short stories with a
 * kicker; padding then goes above and under the block, never between
 * the lines of a headline).  A label over the header keeps its rows; a label framed
 * beside the first line gets the room its frame needs above that line's
 * leading.  The block is one run of lines ending the header
 * (bm_pg_head_slot relies on it).
 */
static void compact_head(const pgctx *s, hvec *hv)
{
    bm_fix pitch = s->lay->line_pitch, sum = HEAD_AIR(pitch);
    int first = -1, last = -1, rows = 0;
    for (int i = 0; i < hv->n; i++) {
        const hline *hl = &hv->v[i];
        if (hl->beside || hl->boxed)
            continue;
        int stacked = hl->kind == BM_LINE_KICKER || hl->kind == BM_LINE_HEADLINE ||
                      hl->kind == BM_LINE_SUBHEAD;
        if (!stacked || hl->adv <= 0) {
            if (first >= 0)
                return; /* another line among them: as it is */
            continue;
        }
        if (first < 0)
            first = i;
        last = i;
        rows += hl->rows;
        sum += hl->adv;
    }
    /* a label framed beside the first line: its frame's height (1.5 of
     * its size) inside the header */
    if (first > 0 && hv->v[first - 1].boxed)
        sum += boxed_room(&hv->v[first - 1], &hv->v[first]);
    int r = (int)((sum + pitch - 1) / pitch);
    if (first < 0 || r > rows)
        return;
    for (int i = first; i <= last; i++) {
        hline *hl = &hv->v[i];
        if (hl->beside || hl->boxed)
            continue;
        hl->slot = hl->adv;
        hl->rows = i == last ? r : 0;
    }
}

/* Rows the lines of header vector hv take. */
static int hv_rows(const hvec *hv)
{
    int r = 0;
    for (int i = 0; i < hv->n; i++)
        r += hv->v[i].rows;
    return r;
}

/* Whether a header of `hrows` over unit u's text at span k takes
 * HEAD_ZONE_PCT of its module or more (a unit with photos is deeper). */
static int zone_too_tall(const unit *u, int k, int hrows)
{
    for (size_t i = 0; i < u->ar->nblocks; i++)
        if (u->ar->blocks[i].kind == BM_BLOCK_FIGURE && u->ar->blocks[i].image)
            return 0;
    int body = (bm_pg_flow_cells(u) + k - 1) / k;
    return hrows * 100 >= HEAD_ZONE_PCT * (hrows + body);
}

/* An article's header at width w: label, kicker, headline (`el` at
 * `hsize`, stepping down the scale where it must to fit), subhead, the
 * air under them; *lines: the headline's lines. */
static bm_status article_header(pgctx *s, const unit *u, bm_fix w, bm_elem hl,
                                bm_fix hsize, head *h, hvec *hv, int *lines)
{
    const bm_article *ar = u->ar;
    bm_status rc = BM_OK;
    int nlabel = 0;
    if (ar->label) {
        rc = set_label(s, ar->label, w, 0, &ar->src, hv);
        nlabel = hv->n;
    }
    hvec hd = {0};
    bm_fix used = hsize;
    if (!rc && ar->headline)
        rc = bm_pg_set_headline(s, ar->headline, hl, hsize, w, &h->small,
                                bm_article_part_src(ar, &ar->headline_src),
                                &hd, &used);
    /* the 头条 squeezed to the size of the page's other heads ranks
     * no higher than they do */
    h->flat = !rc && hl == BM_EL_HEADLINE1 &&
              used <= head_size(s, BM_EL_HEADLINE2, 0);
    bm_fix under = bm_pg_scale_step(s->lay, used, HEAD_UNDER_STEPS);
    if (!rc && ar->kicker)
        rc = bm_pg_set_wrapped(s, ar->kicker, BM_EL_KICKER, under, w,
                               BM_LINE_KICKER,
                               bm_article_part_src(ar, &ar->kicker_src), hv);
    if (!rc)
        bm_pg_hv_add(s, hv, hd.v, hd.n);
    if (!rc && ar->subhead)
        rc = bm_pg_set_wrapped(s, ar->subhead, BM_EL_SUBHEAD, under, w,
                               BM_LINE_SUBHEAD,
                               bm_article_part_src(ar, &ar->subhead_src), hv);
    /* a one-line label fits beside a centred kicker or headline: framed
       on that line's row, it costs the page no rows */
    if (!rc && nlabel == 1 && hv->n >= 2) {
        hline *lb = &hv->v[0];
        bm_fix pad = lb->size / 4;
        if (lb->width + 2 * pad + s->lay->body_size <= hv->v[1].xoff) {
            lb->rows = 0;
            lb->bar = 0;
            lb->boxed = 1;
            lb->xoff = pad;
        }
    }
    if (!rc && hv->n) /* air between the header and the body */
        hv->v[hv->n - 1].rows += 1;
    if (!rc)
        compact_head(s, hv);
    *lines = hd.n;
    return rc;
}

/*
 * 破栏: the text under a photo block that spans its module is set at a
 * measure of its own where the module's columns would hold it a line or
 * two deep or as a strip:
 * - in a module of 2 to WIDE_COLS columns, a text of WIDE_LINES lines or
 *   fewer at the module's width (a 图片新闻's few lines) in one leg across
 *   it, under the photos' captions;
 * - in a wider module, a text its columns would hold shallower than the
 *   planner's strip depth (8 lines across 4 columns, 15 across more): in
 *   one leg when it is WIDE_ACROSS_LINES lines at the module's width (as
 *   long as its caption's), else, across 4, 6 or 8 columns, in legs two
 *   columns wide, balanced (half the legs a reader's eye jumps, lines of
 *   about 23 characters).
 * The lines go into the photo block (fv), h->wide = 1; the column flow
 * stays for other spans.
 */
static bm_status wide_text(pgctx *s, unit *u, int k, head *h, hvec *fv)
{
    if (u->kind != U_ARTICLE || u->framed || k < 2 || !fv->n ||
        h->fig_span < k || u->start != 0 || u->nitems == 0)
        return BM_OK;
    int cells = bm_pg_flow_cells(u), strip = bm_strip_depth(k);
    if (k > WIDE_COLS && (cells + k - 1) / k >= strip)
        return BM_OK; /* its columns are deep enough */
    /* one leg across the module, the text's few lines as long as its
     * caption's; else (4, 6, 8 columns) legs two columns wide */
    hvec wv = {0};
    int lw = k, ok = 0;
    for (;;) {
        bm_arena_mark m;
        bm_arena_mark_get(s->a, &m);
        /* 拉行 keeps the column flow's paragraphs alone: what
         * article_flow records of these goes (its array too, which may
         * have grown into what is released below) */
        upara *pv = s->pv;
        int npv = s->npv;
        size_t cap_pv = s->cap_pv;
        wv = (hvec){0};
        bm_status rc = article_flow(s, u->ar, &wv, span_w(s, lw), 0);
        s->pv = pv;
        s->npv = npv;
        s->cap_pv = cap_pv;
        if (rc)
            return rc;
        ok = wv.n > 0 && (lw < k || wv.n <= (k <= WIDE_COLS ? WIDE_LINES
                                                             : WIDE_ACROSS_LINES));
        for (int i = 0; ok && i < wv.n; i++)
            ok = wv.v[i].rows == 1 && !wv.v[i].image;
        if (ok) {
            bm_arena_unmark(s->a, &m);
            break;
        }
        bm_arena_release(s->a, &m);
        if (lw == 2 || k <= WIDE_COLS || k % 2)
            return BM_OK;
        lw = 2;
    }
    /* the legs balanced as columns are, keeping a paragraph's first and
     * last lines with the next (flow_text's keep flags, in img_w) */
    int legs = k / lw, brk[BM_MAX_COLS + 1], depth = wv.n;
    if (legs > 1) {
        bm_flow_item *fl = bm_arena_alloc(s->a, (size_t)wv.n * sizeof *fl);
        for (int i = 0; i < wv.n; i++)
            fl[i] = (bm_flow_item){1, i + 1 < wv.n ? wv.v[i].img_w : 0};
        depth = bm_flow_balance_keep(fl, wv.n, legs, NULL, WIDE_KEEP_ROWS, brk);
    } else {
        brk[0] = 0;
        brk[1] = wv.n;
    }
    for (int c = 0; c < legs; c++)
        for (int i = brk[c]; i < brk[c + 1]; i++) {
            hline *l = &wv.v[i];
            l->img_w = 0; /* flow_text's keep flag */
            l->fig_x = c * lw * (s->lay->col_width + s->lay->gutter);
            l->fig_w = span_w(s, lw);
            l->fig_y = h->fig_rows + i - brk[c];
        }
    bm_pg_hv_add(s, fv, wv.v, wv.n);
    h->fig_rows += depth;
    h->wide = 1;
    return BM_OK;
}

/* The lines of an article's header at span k, w wide, into *hv (h->small
 * and h->flat say how they came out). */
static bm_status article_lines(pgctx *s, const unit *u, int k, bm_fix w,
                               head *h, hvec *hv)
{
    const bm_article *ar = u->ar;
    /* the page's 头条 one or two steps of the scale above every other
     * head on it; a kicker and a subhead two steps under their own */
    bm_elem hl = u->lead || u->top ? BM_EL_HEADLINE1
                 : k >= 4 ? BM_EL_HEADLINE2 : BM_EL_HEADLINE3;
    bm_fix hsize = head_size(s, hl, u->top && !u->lead);
    int lines = 0;
    bm_status rc = article_header(s, u, w, hl, hsize, h, hv, &lines);
    /* a short story's head down the scale while its header would
     * take HEAD_ZONE_PCT of the module or more: to a size at which it
     * stands on one line and takes a row less, to SHORT_HEAD_STEPS
     * above the body (the 头条 no lower than a step above the other
     * heads) */
    bm_fix floor = hl == BM_EL_HEADLINE1
                       ? head_size(s, BM_EL_HEADLINE2, 0)
                       : bm_pg_scale_step(s->lay, s->lay->body_size,
                                          -SHORT_HEAD_STEPS);
    int rows = hv_rows(hv), fits = 0;
    for (bm_fix at = hsize, down = bm_pg_scale_step(s->lay, at, 1);
         !rc && !fits && down < at && down >= floor && !h->small &&
         zone_too_tall(u, k, rows);
         at = down, down = bm_pg_scale_step(s->lay, at, 1)) {
        bm_arena_mark m;
        bm_arena_mark_get(s->a, &m);
        hvec one = {0};
        head alt = *h;
        int n1 = 0;
        rc = article_header(s, u, w, hl, down, &alt, &one, &n1);
        if (!rc && n1 == 1 && !alt.small && !alt.flat &&
            hv_rows(&one) < rows) {
            *hv = one;
            rows = hv_rows(&one);
            fits = !zone_too_tall(u, k, rows);
            h->small = alt.small;
            h->flat = alt.flat;
            bm_arena_unmark(s->a, &m);
        } else {
            bm_arena_release(s->a, &m);
        }
    }
    /* a notice too short for any of those (its text two or three
     * lines deep under a two-row header): its head one line of the
     * briefs' head size on one grid row over the text, as a brief's in
     * a box, when it has no kicker, subhead or label to stand with */
    if (!rc && !fits && hl != BM_EL_HEADLINE1 && !h->small && rows > 1 &&
        !ar->kicker && !ar->subhead && !ar->label && ar->headline &&
        zone_too_tall(u, k, rows)) {
        bm_arena_mark m;
        bm_arena_mark_get(s->a, &m);
        hvec one = {0};
        int small = 0;
        rc = bm_pg_set_headline(s, ar->headline, hl,
                                s->lay->styles[BM_EL_HEADLINE4].size, w,
                                &small,
                                bm_article_part_src(ar, &ar->headline_src),
                                &one, NULL);
        if (!rc && !small && one.n == 1 && hv_rows(&one) == 1) {
            *hv = one;
            bm_arena_unmark(s->a, &m);
        } else {
            bm_arena_release(s->a, &m);
        }
    }
    return rc;
}

/* The header of unit `u` at span k. */
bm_status bm_pg_head_for(pgctx *s, unit *u, int k, int page_no, head **out)
{
    head *h = &u->heads[k];
    *out = h;
    if (h->built)
        return BM_OK;
    h->built = 1;
    bm_fix w = span_w(s, k);
    hvec hv = {0};
    bm_status rc = BM_OK;
    const bm_article *ar = u->ar;
    if (u->kind == U_BRIEFS) {
        const char *t = u->title;
        /* labels over the box other than its own title stand above it */
        size_t ln = bm_label_over(ar->label, t);
        if (ln)
            rc = set_label(s, bm_arena_strndup(s->a, ar->label, ln), w,
                           u->inset, &ar->src, &hv);
        int from = hv.n;
        for (int i = 0; i < from; i++)
            h->above += hv.v[i].rows;
        if (!rc)
            rc = bm_pg_set_wrapped(s, t, BM_EL_SECTION, 0, w - 2 * u->inset,
                             BM_LINE_SECTION, &ar->src, &hv);
        for (int i = from; i < hv.n; i++) {
            hv.v[i].rows = hv.v[i].rows < 2 ? 2 : hv.v[i].rows;
            hv.v[i].xoff += u->inset;
        }
    } else if (u->kind == U_CONT) {
        char *t = bm_arena_printf(s->a, "（上接第%d版）", u->from_page);
        hline *j;
        int nj;
        /* under the repeated headline, flush right like （下转第N版） */
        rc = bm_pg_set_display(s, t, strlen(t), BM_EL_JUMP, s->lay->body_size, w, 0,
                 BM_ALIGN_END, BM_LINE_JUMP, &ar->src, &j, &nj);
        if (!rc && ar->headline)
            /* the repeated headline of a continuation: under every head
             * of the page it continues on (at the 头条's size on a page of
             * continuations alone) */
            rc = bm_pg_set_headline(s, ar->headline, BM_EL_HEADLINE3,
                                    head_size(s, BM_EL_HEADLINE3,
                                              u->top ? 0 : HEAD_UNDER_STEPS),
                                    w, NULL,
                                    bm_article_part_src(ar, &ar->headline_src),
                                    &hv, NULL);
        if (!rc) {
            /* beside the headline's last line when both fit with an em
             * between them (saves a row: the page fills better), else
             * on a row of its own under it */
            const hline *last = hv.n ? &hv.v[hv.n - 1] : NULL;
            int beside = nj == 1 && last &&
                         last->xoff + last->width + s->lay->body_size <= j[0].xoff;
            for (int i = 0; i < nj; i++) {
                j[i].rows = beside ? 0 : 1;
                j[i].beside = beside;
                j[i].jump = BM_JUMP_FROM;
            }
            bm_pg_hv_add(s, &hv, j, nj);
        }
        (void)page_no;
    } else {
        /* its lines as set at this span before, when nothing they depend
         * on has changed: a page's replans (keep_or_not, plan_photos, ...)
         * clear its units' heads for the photos, and setting the same
         * lines again was 600 M of a 64-page build's 4,950 M instructions.
         * (A warning they gave is said once however often they are set:
         * bm_diags keeps one of each.) */
        headset *hs = &u->hsets[k];
        int cells = bm_pg_flow_cells(u);
        if (hs->made && hs->top == u->top && hs->cells == cells) {
            hv = (hvec){hs->l, hs->n, (size_t)hs->n};
            h->small = hs->small;
            h->flat = hs->flat;
        } else {
            rc = article_lines(s, u, k, w, h, &hv);
            *hs = (headset){hv.v, hv.n, h->small, h->flat, u->top, cells, !rc};
        }
        /* photos over the first columns, caption and credit under them */
        hvec fv = {0};
        int hrows = hv_rows(&hv);
        if (!rc)
            rc = bm_pg_figure_block(s, u, k, hrows, &fv, &h->fig_span,
                                    &h->fig_rows);
        if (!rc)
            rc = wide_text(s, u, k, h, &fv);
        h->fig = fv.v;
        h->nfig = fv.n;
    }
    if (rc)
        return rc;
    h->l = hv.v;
    h->n = hv.n;
    h->rows += hv_rows(&hv);
    /* padding a stack may give this header: the most rows that keep the
     * white above and below its headline's ink within HEAD_WHITE tenths
     * of its size; none for a briefs box or a framed commentary (a frame
     * hugs its content) */
    h->pad_max = 0;
    if (u->kind != U_BRIEFS && !u->framed)
        while (h->pad_max < MAX_PAD &&
               head_white_fits(h, h->pad_max + 1, s->lay->line_pitch))
            h->pad_max++;
    return BM_OK;
}

int bm_pg_ref_index(const ref_map *m, const char *id)
{
    for (size_t i = 0; m && i < m->n; i++)
        if (!strcmp(m->ids[i], id))
            return (int)i;
    return -1;
}

/* Commentary, essays and briefs are read whole: they never jump. */
int bm_pg_jump_keeps(int text)
{
    int third = (text + 2) / 3; /* of its text lines, rounded up */
    return third > JUMP_MIN_LINES ? third : JUMP_MIN_LINES;
}

static int may_jump(const unit *u)
{
    if (u->kind == U_BRIEFS)
        return 0;
    return !bm_article_commentary(u->ar) && !bm_article_essay(u->ar);
}

/*
 * How much deeper the module can be made by its first photo alone: grown
 * g rows (covering its slot, so a little more cropped, at most
 * FIG_GROW_PCT taller than its own height), the text beside and under it
 * balanced again.  h->grow_for[d] = the g that makes it d rows deeper.
 */
static void photo_reach(const pgctx *s, const unit *u, head *h, int k,
                        const int *off, int need, int white0)
{
    memset(h->grow_for, -1, sizeof h->grow_for);
    h->grow_for[0] = 0;
    h->grow_fig = -1;
    for (int i = 0; i < h->nfig && h->grow_fig < 0; i++)
        if (h->fig[i].image)
            h->grow_fig = i;
    if (h->grow_fig < 0)
        return;
    const hline *im = &h->fig[h->grow_fig];
    long long pw = im->fig->img_w > 0 ? im->fig->img_w : 3;
    long long ph = im->fig->img_h > 0 ? im->fig->img_h : 2;
    long long nat = (long long)im->img_w * ph / pw; /* its own height */
    int most = (int)(nat * (100 + FIG_GROW_PCT) / 100 / s->lay->line_pitch) -
               im->rows;
    int n = h->wide ? 0 : u->nitems - u->start, brk[BM_MAX_COLS + 1],
        o[BM_MAX_COLS];
    for (int g = 1; g <= most && g <= BM_PLAN_GROW_MAX; g++) {
        for (int c = 0; c < k; c++)
            o[c] = off[c] + (c < h->fig_span ? g : 0);
        int body = n > 0 ? bm_flow_balance_keep(u->flow + u->start, n, k, o, u->keep, brk)
                         : h->fig_rows + g;
        /* a leg of a line or two under the photo is no shape */
        int leg = 0;
        for (int c = 0; n > 0 && c < k && c < h->fig_span; c++) {
            int r = 0;
            for (int t = brk[c]; t < brk[c + 1]; t++)
                r += u->flow[u->start + t].rows;
            if (r > 0 && r < LEG_MIN_LINES)
                leg = 1;
        }
        if (leg)
            continue;
        /* and no more holes under the balanced columns than before */
        int used = 0;
        for (int c = 0; c < k; c++)
            used += o[c];
        for (int t = u->start; n > 0 && t < u->nitems; t++)
            used += u->flow[t].rows;
        if (k * body - used > white0)
            continue;
        int d = h->rows + body - need;
        if (d > 0 && d <= BM_PLAN_GROW_MAX && h->grow_for[d] < 0)
            h->grow_for[d] = (signed char)g;
    }
}

/* The depth of u's column flow (n items) balanced at span k beside
 * header h's photo block (off: its rows over each column), and the
 * paragraphs' first and last lines its columns break off: as balanced
 * before for the same flow, keep and block (a page's replans measure its
 * units again and again: half of a 64-page build's 9,961 balances were
 * done before). */
static void balanced(pgctx *s, unit *u, int k, const head *h, const int *off,
                     int n, int *body, int *widows, int *empty)
{
    const bm_flow_item *f = u->flow + u->start;
    int span = h->fig_span < k ? h->fig_span : k;
    int rows = span ? h->fig_rows : 0;
    if (!u->bals)
        u->bals = bm_arena_alloc(s->a, (size_t)(s->lay->columns + 1) *
                                           BAL_WAYS * sizeof *u->bals);
    balset *b = &u->bals[k * BAL_WAYS];
    for (int i = 0; i < BAL_WAYS; i++)
        if (b[i].flow == f && b[i].n == n && b[i].keep == u->keep &&
            b[i].fig_span == span && b[i].fig_rows == rows) {
            *body = b[i].body;
            *widows = b[i].widows;
            *empty = b[i].empty;
            return;
        }
    int brk[BM_MAX_COLS + 1];
    *body = bm_flow_balance_keep(f, n, k, off, u->keep, brk);
    *widows = bm_flow_soft_breaks(f, n, k, brk);
    /* a column left without a line, or lines kept together hard (a
     * teaser's item) broken over two columns */
    *empty = 0;
    for (int c = 0; c < k; c++)
        *empty += (brk[c] == brk[c + 1] && !off[c]) ||
                  (c > 0 && brk[c] > 0 && brk[c] < n &&
                   f[brk[c] - 1].keep_next == BM_KEEP_HARD);
    memmove(b + 1, b, (BAL_WAYS - 1) * sizeof *b);
    b[0] = (balset){f, n, u->keep, span, rows, *body, *widows, *empty};
}

/* Rows unit u needs at span k, and its smallest cut. */
bm_status bm_pg_measure_unit(pgctx *s, unit *u, int k, int page_no, int *need,
                              int *min_cut, int *white, int *widows, int *kept,
                              int *empty)
{
    head *h;
    bm_status rc = bm_pg_head_for(s, u, k, page_no, &h);
    if (rc)
        return rc;
    int brk[BM_MAX_COLS + 1], off[BM_MAX_COLS];
    int n = h->wide ? 0 : u->nitems - u->start;
    for (int c = 0; c < k; c++)
        off[c] = c < h->fig_span ? h->fig_rows : 0;
    /* the body's depth; first and last lines its columns break off
     * their paragraphs */
    int body = h->fig_rows;
    *widows = 0;
    *empty = 0;
    if (n > 0)
        balanced(s, u, k, h, off, n, &body, widows, empty);
    *need = h->rows + body;
    int used0 = 0;
    for (int c = 0; c < k; c++)
        used0 += off[c];
    for (int i = u->start; n > 0 && i < u->nitems; i++)
        used0 += u->flow[i].rows;
    photo_reach(s, u, h, k, off, *need, k * body - used0);
    /* a story whose photo does not grow: the lines a body a row deeper
     * keeps together (the planner gives it a stack's spare row for
     * them; bm_pg_place balances it so) */
    *kept = 0;
    if (*widows > 0 && n > 0 && h->grow_fig < 0 && u->kind != U_BRIEFS) {
        const bm_flow_item *f = u->flow + u->start;
        int b1 = bm_flow_balance_keep(f, n, k, off, u->keep + 1, brk);
        int w1 = bm_flow_soft_breaks(f, n, k, brk);
        if (b1 <= body + 1 && w1 < *widows)
            *kept = *widows - w1;
    }
    if (u->kind == U_BRIEFS && n > 0) {
        /* a briefs box takes spare rows as air between its briefs (its
         * frame still hugs them) */
        bm_flow_item *tmp = bm_arena_alloc(s->a, (size_t)n * sizeof *tmp);
        for (int a = 1; a <= u->nair * BRIEF_AIR && a <= BM_PLAN_GROW_MAX;
             a++) {
            bm_pg_air_flow(u, a, tmp);
            int d = h->rows + bm_flow_balance_keep(tmp, n, k, off, u->keep, brk) - *need;
            if (d > 0 && d <= BM_PLAN_GROW_MAX && h->grow_for[d] < 0)
                h->grow_for[d] = (signed char)a;
        }
    }
    /* cells the balanced columns leave empty */
    int used = 0;
    for (int c = 0; c < k; c++)
        used += off[c];
    for (int i = u->start; n > 0 && i < u->nitems; i++)
        used += u->flow[i].rows;
    *white = k * body - used;
    if (*white < 0)
        *white = 0;
    /* a jump keeps a third of the story, and JUMP_MIN_LINES, on its first
     * page; a continuation a third of what reached it, and JUMP_MIN_LINES,
     * before it jumps again */
    int lines = n > 0 ? bm_pg_flow_cells(u) : 0, text = n > 0 ? text_lines(u) : 0;
    int keep = bm_pg_jump_keeps(text) +
               (lines - text); /* and the byline's, the photos' rows */
    *min_cut = 0;
    if (may_jump(u) && text >= keep - (lines - text) + JUMP_MIN_LINES)
        *min_cut = h->rows + (h->fig_span >= k ? h->fig_rows : 0) +
                   (keep + (h->fig_span < k ? h->fig_rows * h->fig_span : 0) +
                    k - 1) / k +
                   JUMP_KEEP_ROWS;
    /* a cut module holds its whole photo block (caption and credit) */
    if (*min_cut && *min_cut < h->rows + h->fig_rows + 1)
        *min_cut = h->rows + h->fig_rows + 1;
    return BM_OK;
}

void bm_pg_air_flow(const unit *u, int air, bm_flow_item *out)
{
    int n = u->nitems - u->start;
    memcpy(out, u->flow + u->start, (size_t)(n > 0 ? n : 0) * sizeof *out);
    /* a row above each brief in turn, then a second (BRIEF_AIR at most) */
    for (int a = 0; u->nair && a < air && a < u->nair * BRIEF_AIR; a++) {
        int at = u->air_at[a % u->nair];
        if (at >= u->start)
            out[at - u->start].rows += 1;
    }
}

unit *bm_pg_make_cont(pgctx *s, unit *u, int placed, int from_page)
{
    unit *c = bm_arena_alloc(s->a, sizeof *c);
    c->kind = U_CONT;
    c->id = u->id;
    c->ar = u->ar;
    c->title = u->title;
    c->from_page = from_page;
    c->section = u->section;
    c->items = u->items;
    c->flow = u->flow;
    c->nitems = u->nitems;
    c->start = placed;
    c->inset = u->inset;
    c->paras = u->paras;   /* those from `placed` on can still be set */
    c->nparas = u->nparas; /* a line longer */
    u->cont = c;
    return c;
}
