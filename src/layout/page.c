/*
 * page.c - the page composer: Edition + layout -> LayoutDoc.
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
#include "layout.h"
#include "layout_private.h"

#include <stdio.h>
#include <string.h>

#define MAX_PAD 3       /* header rows a short stack may add per module */
#define MAX_PAGES_EXTRA 24

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
    const char  *id;         /* article id when it differs from the unit's */
    const char  *image;      /* an image slot instead of a line */
    bm_fix       img_w;
    int          bar;        /* a section label: a frame-weight rule under it */
    int          beside;     /* set on the last row of the line before it
                                (（上接第N版） right of a short headline) */
    int          boxed;      /* a section label framed on the next line's
                                row, beside it (takes no rows) */
} hline;

/*
 * A unit's header at one span: lines across the module, then the photo
 * block (images with caption and credit) over the first fig_span columns
 * of the body, fig_rows tall; the body flows beside and under it.
 */
typedef struct head {
    hline *l;
    int    n;
    int    rows;
    hline *fig;
    int    nfig;
    int    fig_rows, fig_span;
    int    small;      /* headline set below the layout's minimum size */
    int    above;      /* rows of a label over a briefs box, outside its frame */
    int    built;
} head;

enum { U_ARTICLE, U_BRIEFS, U_CONT };

typedef struct unit unit;
struct unit {
    int               kind;
    const char       *id;
    const bm_article *ar;
    const char       *title;     /* outline title */
    int               lead;
    int               from_page; /* U_CONT: where it started */
    hline            *items;     /* the column flow */
    bm_flow_item     *flow;
    int               nitems;
    int               start;     /* first item this unit sets */
    bm_fix            inset;     /* briefs box: text inset from the frame */
    head              heads[BM_MAX_COLS + 1];
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

typedef struct st {
    const bm_edition *ed;
    const bm_layout  *lay;
    bm_composer      *comp;
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
} st;

/* ---- small helpers -------------------------------------------------------------- */

static bm_fix col_x(const st *s, int col)
{
    return s->lay->area_x + col * (s->lay->col_width + s->lay->gutter);
}

/* The full width is the type area's (the gutter is rounded down to 1/64 pt). */
static bm_fix span_w(const st *s, int span)
{
    if (span >= s->lay->columns)
        return s->lay->area_w;
    return span * s->lay->col_width + (span - 1) * s->lay->gutter;
}

static int rows_for(const st *s, bm_fix h)
{
    bm_fix p = s->lay->line_pitch;
    return (int)((h + p - 1) / p);
}

static void *grow(bm_arena *a, void *arr, size_t n, size_t *cap, size_t elem)
{
    if (n < *cap)
        return arr;
    size_t nc = *cap ? *cap * 2 : 16;
    void *p = bm_arena_grow(a, arr, n * elem, nc * elem);
    *cap = nc;
    return p;
}

static bm_box *add_box(st *s, bm_box_kind kind, bm_rect r, const char *id)
{
    bm_lpage *pg = &s->pages[s->npages - 1];
    pg->boxes = grow(s->a, pg->boxes, pg->nboxes, &s->cap_boxes, sizeof *pg->boxes);
    bm_box *b = &pg->boxes[pg->nboxes++];
    memset(b, 0, sizeof *b);
    b->kind = kind;
    b->rect = r;
    b->article_id = id;
    return b;
}

static void add_hrule(st *s, bm_fix x, bm_fix y, bm_fix w, bm_fix stroke)
{
    bm_box *b = add_box(s, BM_BOX_RULE, (bm_rect){x, y - stroke / 2, w, stroke},
                        NULL);
    b->stroke = stroke;
}

static void add_vrule(st *s, bm_fix x, bm_fix y, bm_fix h, bm_fix stroke)
{
    bm_box *b = add_box(s, BM_BOX_RULE, (bm_rect){x - stroke / 2, y, stroke, h},
                        NULL);
    b->stroke = stroke;
}

/*
 * Places composed line `h`: its measure's left edge at x, its slot (rows of
 * the grid) from y, `slot` tall.  On the grid (body-like lines) the line box
 * is the measure and the baseline the grid's; other lines get a box as wide
 * as their text and a baseline centred in the slot.  Returns its index.
 */
static size_t put_line(st *s, const hline *h, const char *id, bm_fix x,
                       bm_fix y, bm_fix measure, bm_fix slot, int ongrid)
{
    bm_lpage *pg = &s->pages[s->npages - 1];
    pg->lines = grow(s->a, pg->lines, pg->nlines, &s->cap_lines, sizeof *pg->lines);
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

static void add_outline(st *s, const unit *u, bm_fix y)
{
    bm_lpage *pg = &s->pages[s->npages - 1];
    pg->outline = grow(s->a, pg->outline, pg->noutline, &s->cap_outline,
                       sizeof *pg->outline);
    bm_outline *o = &pg->outline[pg->noutline++];
    o->article_id = u->id;
    o->title = u->title;
    o->y = y;
}

/* ---- composing --------------------------------------------------------------- */

/*
 * Sets text in element style `el` at `size` into lines of `measure`
 * (`align` placed here, after composing; justification is the composer's).
 */
static bm_status set(st *s, const char *text, size_t len, bm_elem el,
                     bm_fix size, bm_fix measure, bm_fix indent, int align,
                     bm_line_kind kind, const bm_src *src, hline **out, int *n)
{
    const bm_style *sty = &s->lay->styles[el];
    bm_para_style ps = {0};
    ps.role = (bm_role)sty->role;
    ps.size = size;
    ps.measure = measure;
    ps.indent = indent;
    ps.align = align == BM_ALIGN_JUSTIFY ? BM_ALIGN_JUSTIFY : BM_ALIGN_START;
    /* strict: …… and —— never start a line either (newspapers hold to it,
     * and so do readers' tools: cjk_linecheck counts a line opening with
     * …… as a broken rule) */
    ps.kinsoku = BM_KINSOKU_STRICT;
    ps.compress = BM_COMPRESS_QUANJIAO;
    ps.min_last = 2;
    /* body text from page dumps carries stray spaces between Han
     * characters (deleted); in display lines a space is a phrase break */
    if (el != BM_EL_BODY && el != BM_EL_BRIEF && el != BM_EL_CAPTION &&
        el != BM_EL_SUBHEADING)
        ps.han_space = el == BM_EL_BYLINE || el == BM_EL_CREDIT ? size / 2 : size;
    bm_pline *pl = NULL;
    size_t np = 0;
    bm_status rc = bm_para_compose(s->comp, text, len, &ps, src, s->a, &pl, &np,
                                   s->err);
    if (rc)
        return rc;
    bm_fix lead = sty->leading ? (bm_fix)((long long)sty->leading * size /
                                          (sty->size ? sty->size : size))
                               : size * 5 / 4;
    int rows = size <= s->lay->body_size ? 1 : rows_for(s, lead);
    hline *h = bm_arena_alloc(s->a, (np ? np : 1) * sizeof *h);
    for (size_t i = 0; i < np; i++) {
        h[i].kind = kind;
        h[i].role = ps.role;
        h[i].size = size;
        h[i].len = pl[i].end - pl[i].start;
        h[i].text = bm_arena_strndup(s->a, text + pl[i].start, h[i].len);
        h[i].glyphs = pl[i].glyphs;
        h[i].nglyphs = pl[i].nglyphs;
        h[i].width = pl[i].width;
        h[i].rows = rows;
        if (align == BM_ALIGN_CENTER && pl[i].width < measure)
            h[i].xoff = (measure - pl[i].width) / 2;
        else if (align == BM_ALIGN_END && pl[i].width < measure)
            h[i].xoff = measure - pl[i].width;
    }
    *out = h;
    *n = (int)np;
    return BM_OK;
}

/* Natural width of text set on one line at `size`. */
static bm_status natural(st *s, const char *text, size_t len, bm_elem el,
                         bm_fix size, const bm_src *src, bm_fix *w)
{
    hline *h;
    int n;
    bm_status rc = set(s, text, len, el, size, BM_PT(20000), 0, BM_ALIGN_START,
                       BM_LINE_HEADLINE, src, &h, &n);
    if (rc)
        return rc;
    *w = 0;
    for (int i = 0; i < n; i++)
        if (h[i].width > *w)
            *w = h[i].width;
    return BM_OK;
}

/* Appends lines to a growing array of hlines. */
typedef struct hvec {
    hline *v;
    int    n;
    size_t cap;
} hvec;

static void hv_add(st *s, hvec *hv, const hline *l, int n)
{
    for (int i = 0; i < n; i++) {
        hv->v = grow(s->a, hv->v, (size_t)hv->n, &hv->cap, sizeof *hv->v);
        hv->v[hv->n++] = l[i];
    }
}

/*
 * A headline: each given line on one line (never re-wrapped), at the
 * element's size or smaller so the longest line fits `w`.
 */
static bm_status set_headline(st *s, const char *text, bm_elem el, bm_fix w,
                              int *small, const bm_src *src, hvec *out)
{
    const bm_style *sty = &s->lay->styles[el];
    bm_fix size = sty->size;
    /* the longest given line decides the size */
    const char *p = text;
    while (*p) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n) {
            bm_fix nw;
            bm_status rc = natural(s, p, n, el, size, src, &nw);
            if (rc)
                return rc;
            if (nw > w) /* scale down, rounded down to 1/4 pt */
                size = (bm_fix)((long long)size * w / nw / 16 * 16);
        }
        p += n + (e != NULL);
    }
    if (size < BM_PT(6))
        size = BM_PT(6);
    if (small)
        *small = size < sty->min_size ? size : 0;
    p = text;
    while (*p) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n) {
            for (int tries = 0; tries < 8; tries++) {
                hline *h;
                int nh;
                bm_status rc = set(s, p, n, el, size, BM_PT(20000), 0,
                                   BM_ALIGN_START, BM_LINE_HEADLINE, src, &h, &nh);
                if (rc)
                    return rc;
                if (nh == 1 && h[0].width > w && size > BM_PT(6)) {
                    size -= BM_PT(0.5);
                    continue;
                }
                for (int i = 0; i < nh; i++) {
                    bm_fix lead = sty->leading
                        ? (bm_fix)((long long)sty->leading * size / sty->size)
                        : size * 6 / 5;
                    h[i].rows = rows_for(s, lead);
                    h[i].xoff = h[i].width < w
                        ? (sty->align == BM_ALIGN_START ? 0
                           : sty->align == BM_ALIGN_END ? w - h[i].width
                                                        : (w - h[i].width) / 2)
                        : 0;
                }
                hv_add(s, out, h, nh);
                break;
            }
        }
        p += n + (e != NULL);
    }
    return BM_OK;
}

/* Kicker, subhead, captions: wrapped to `w` if they must be. */
static bm_status set_wrapped(st *s, const char *text, bm_elem el, bm_fix w,
                             bm_line_kind kind, const bm_src *src, hvec *out)
{
    const bm_style *sty = &s->lay->styles[el];
    hline *h;
    int n;
    /* '\n' in a kicker or subhead separates given lines */
    const char *p = text;
    while (*p) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len) {
            bm_fix size = sty->size;
            bm_fix nw;
            bm_status rc = natural(s, p, len, el, size, src, &nw);
            if (rc)
                return rc;
            if (nw > w && sty->min_size < size) {
                bm_fix fit = (bm_fix)((long long)size * w / nw / 16 * 16);
                size = fit > sty->min_size ? fit : sty->min_size;
            }
            rc = set(s, p, len, el, size, w, 0,
                     sty->align == BM_ALIGN_JUSTIFY ? BM_ALIGN_JUSTIFY : sty->align,
                     kind, src, &h, &n);
            if (rc)
                return rc;
            hv_add(s, out, h, n);
        }
        p += len + (e != NULL);
    }
    return BM_OK;
}

/* ---- units ------------------------------------------------------------------- */

static int starts_with(const char *s, const char *pre)
{
    return s && !strncmp(s, pre, strlen(pre));
}

/* A figure's caption as printed: its own editor code (②2) ends it. */
static const char *caption_text(st *s, const bm_block *b)
{
    if (!b->code)
        return b->caption;
    return bm_arena_printf(s->a, "%s%s", b->caption ? b->caption : "", b->code);
}

/* Adds the lines of one paragraph-like block to the flow. */
static bm_status flow_text(st *s, hvec *fv, const char *text, size_t len,
                           bm_elem el, bm_line_kind kind, bm_fix measure,
                           int keep_all, const bm_src *src, const char *id)
{
    const bm_style *sty = &s->lay->styles[el];
    hline *h;
    int n;
    /* flow lines take one row each */
    bm_fix size = sty->size;
    if (size > s->lay->line_pitch * 4 / 5)
        size = s->lay->line_pitch * 4 / 5;
    bm_status rc = set(s, text, len, el, size, measure, sty->indent,
                       sty->align, kind, src, &h, &n);
    if (rc)
        return rc;
    int first = fv->n;
    hv_add(s, fv, h, n);
    for (int i = first; i < fv->n; i++) {
        fv->v[i].rows = 1;
        fv->v[i].id = id;
        /* keep: whole group, or the last two lines of a paragraph (no
         * column starts with a paragraph's last line) */
        fv->v[i].image = NULL;
        fv->v[i].img_w = keep_all ? BM_KEEP_HARD
                         : n >= 2 && i == fv->n - 2 ? BM_KEEP_SOFT
                                                    : 0;
    }
    return BM_OK;
}

/* Builds the column flow of an article (briefs: of every brief). */
static bm_status article_flow(st *s, const bm_article *ar, hvec *fv,
                              bm_fix measure, int brief_style)
{
    bm_status rc;
    bm_elem body = brief_style ? BM_EL_BRIEF : BM_EL_BODY;
    const char *byline = ar->byline;
    int runin = byline && starts_with(byline, "本报讯");
    if (brief_style && ar->kicker) {
        /* a brief's kicker (its district, 临河区) over its headline */
        rc = flow_text(s, fv, ar->kicker, strlen(ar->kicker), BM_EL_KICKER,
                       BM_LINE_KICKER, measure, 1, &ar->src, ar->id);
        if (rc)
            return rc;
    }
    if (brief_style && ar->headline) {
        rc = flow_text(s, fv, ar->headline, strlen(ar->headline), BM_EL_HEADLINE4,
                       BM_LINE_HEADLINE, measure, 1, &ar->src, ar->id);
        if (rc)
            return rc;
        for (int i = fv->n - 1; i >= 0 && fv->v[i].kind == BM_LINE_HEADLINE &&
                                i >= fv->n - 3; i--)
            fv->v[i].xoff = 0;
    }
    if (byline && !runin) {
        rc = flow_text(s, fv, byline, strlen(byline), BM_EL_BYLINE,
                       BM_LINE_BYLINE, measure, 1, &ar->src, ar->id);
        if (rc)
            return rc;
    }
    /* the last paragraph takes the editor code */
    size_t last_para = ar->nblocks;
    for (size_t i = 0; i < ar->nblocks; i++)
        if (ar->blocks[i].kind == BM_BLOCK_PARAGRAPH ||
            ar->blocks[i].kind == BM_BLOCK_NOTE)
            last_para = i;
    int first_para = 1;
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
            if (i == last_para && ar->editor_code)
                t = bm_arena_printf(s->a, "%s%s", t, ar->editor_code);
            first_para = 0;
            rc = flow_text(s, fv, t, strlen(t), body, BM_LINE_BODY, measure, 0,
                           &b->src, ar->id);
            if (rc)
                return rc;
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
            if (b->image)
                break; /* set in the header, at the module's width */
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
                       BM_LINE_BYLINE, measure, 0, &ar->src, ar->id);
        if (rc)
            return rc;
    }
    return BM_OK;
}

static const char *one_line(st *s, const char *t)
{
    if (!t)
        return NULL;
    char *c = bm_arena_strdup(s->a, t);
    for (char *p = c; *p; p++)
        if (*p == '\n')
            *p = ' ';
    return c;
}

/* Turns the flow vector into the unit's items (img_w held the keep flag). */
static void finish_flow(st *s, unit *u, hvec *fv)
{
    u->items = fv->v;
    u->nitems = fv->n;
    u->flow = bm_arena_alloc(s->a, (size_t)(fv->n ? fv->n : 1) * sizeof *u->flow);
    for (int i = 0; i < fv->n; i++) {
        u->flow[i].rows = fv->v[i].rows;
        u->flow[i].keep_next = fv->v[i].img_w;
        fv->v[i].img_w = 0;
    }
    if (fv->n)
        u->flow[fv->n - 1].keep_next = 0;
}

static bm_status make_article(st *s, const bm_article *ar, unit **out)
{
    unit *u = bm_arena_alloc(s->a, sizeof *u);
    u->kind = U_ARTICLE;
    u->id = ar->id;
    u->ar = ar;
    u->lead = ar->role == BM_ROLE_LEAD;
    u->title = one_line(s, ar->headline ? ar->headline
                           : ar->kicker ? ar->kicker
                                        : ar->id);
    if (!ar->headline)
        for (size_t i = 0; i < ar->nblocks && u->title == ar->id; i++)
            if (ar->blocks[i].caption)
                u->title = ar->blocks[i].caption;
    hvec fv = {0};
    bm_status rc = article_flow(s, ar, &fv, s->lay->col_width, 0);
    if (rc)
        return rc;
    finish_flow(s, u, &fv);
    *out = u;
    return BM_OK;
}

static bm_status make_briefs(st *s, bm_article *const *ars, size_t n, unit **out)
{
    unit *u = bm_arena_alloc(s->a, sizeof *u);
    u->kind = U_BRIEFS;
    u->id = ars[0]->id;
    u->ar = ars[0];
    u->title = ars[0]->group ? ars[0]->group : "简讯";
    /* the text keeps the column measure (every line of a column ends on
     * its right edge); the frame stands in the gutters around it */
    u->inset = 0;
    hvec fv = {0};
    for (size_t i = 0; i < n; i++) {
        bm_status rc = article_flow(s, ars[i], &fv,
                                    s->lay->col_width - 2 * u->inset, 1);
        if (rc)
            return rc;
    }
    finish_flow(s, u, &fv);
    *out = u;
    return BM_OK;
}

/*
 * The section label (栏目) that opens a run of articles, as a bar at the top
 * of the first one's module: its text start-aligned in the section style,
 * at least two rows (as a briefs box title), and a rule of the layout's
 * frame weight under it across the measure (drawn by place()).  In the
 * header, so the planner counts its rows and the PDF's text order puts it
 * before the article.
 */
static bm_status set_label(st *s, const char *label, bm_fix w, bm_fix inset,
                           const bm_src *src, hvec *hv)
{
    int from = hv->n;
    bm_status rc = set_wrapped(s, label, BM_EL_SECTION, w - 2 * inset,
                               BM_LINE_SECTION, src, hv);
    for (int i = from; !rc && i < hv->n; i++) {
        hv->v[i].rows = hv->v[i].rows < 2 ? 2 : hv->v[i].rows;
        hv->v[i].xoff = inset;
        hv->v[i].bar = i == hv->n - 1;
    }
    return rc;
}

/* The header of unit `u` at span k. */
static bm_status head_for(st *s, unit *u, int k, int page_no, head **out)
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
            rc = set_wrapped(s, t, BM_EL_SECTION, w - 2 * u->inset,
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
        rc = set(s, t, strlen(t), BM_EL_JUMP, s->lay->body_size, w, 0,
                 BM_ALIGN_END, BM_LINE_JUMP, &ar->src, &j, &nj);
        if (!rc && ar->headline)
            rc = set_headline(s, ar->headline, BM_EL_HEADLINE3, w, NULL,
                              &ar->src, &hv);
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
            }
            hv_add(s, &hv, j, nj);
        }
        (void)page_no;
    } else {
        bm_elem hl = u->lead ? BM_EL_HEADLINE1
                     : k >= 4 ? BM_EL_HEADLINE2 : BM_EL_HEADLINE3;
        int nlabel = 0;
        if (ar->label) {
            rc = set_label(s, ar->label, w, 0, &ar->src, &hv);
            nlabel = hv.n;
        }
        if (!rc && ar->kicker)
            rc = set_wrapped(s, ar->kicker, BM_EL_KICKER, w, BM_LINE_KICKER,
                             &ar->src, &hv);
        if (!rc && ar->headline)
            rc = set_headline(s, ar->headline, hl, w, &h->small, &ar->src, &hv);
        if (!rc && ar->subhead)
            rc = set_wrapped(s, ar->subhead, BM_EL_SUBHEAD, w, BM_LINE_SUBHEAD,
                             &ar->src, &hv);
        /* a one-line label fits beside a centred kicker or headline: framed
           on that line's row, it costs the page no rows */
        if (!rc && nlabel == 1 && hv.n >= 2) {
            hline *lb = &hv.v[0];
            bm_fix pad = lb->size / 4;
            if (lb->width + 2 * pad + s->lay->body_size <= hv.v[1].xoff) {
                lb->rows = 0;
                lb->bar = 0;
                lb->boxed = 1;
                lb->xoff = pad;
            }
        }
        if (!rc && hv.n) /* air between the header and the body */
            hv.v[hv.n - 1].rows += 1;
        /* photos over the first columns, caption and credit under them */
        int fs = k <= 3 ? k : (k + 1) / 2;
        bm_fix fw = span_w(s, fs);
        hvec fv = {0};
        for (size_t i = 0; !rc && i < ar->nblocks; i++) {
            const bm_block *b = &ar->blocks[i];
            if (b->kind != BM_BLOCK_FIGURE || !b->image)
                continue;
            hline im = {0};
            im.kind = BM_LINE_BODY;
            im.image = b->image; /* relative to the edition directory */
            im.img_w = fw;
            bm_fix ih = b->img_w > 0 && b->img_h > 0
                ? (bm_fix)((long long)fw * b->img_h / b->img_w)
                : fw * 2 / 3;
            im.rows = rows_for(s, ih);
            if (im.rows > 30)
                im.rows = 30;
            if (im.rows < 4)
                im.rows = 4;
            hv_add(s, &fv, &im, 1);
            const char *cap = caption_text(s, b);
            if (cap)
                rc = set_wrapped(s, cap, BM_EL_CAPTION, fw, BM_LINE_CAPTION,
                                 &b->src, &fv);
            if (!rc && b->credit)
                rc = set_wrapped(s, b->credit, BM_EL_CREDIT, fw, BM_LINE_CREDIT,
                                 &b->src, &fv);
        }
        h->fig = fv.v;
        h->nfig = fv.n;
        h->fig_span = fs;
        for (int i = 0; i < fv.n; i++)
            h->fig_rows += fv.v[i].rows;
    }
    if (rc)
        return rc;
    h->l = hv.v;
    h->n = hv.n;
    for (int i = 0; i < hv.n; i++)
        h->rows += hv.v[i].rows;
    return BM_OK;
}

/* Rows unit u needs at span k, and its smallest cut. */
static bm_status measure_unit(st *s, unit *u, int k, int page_no, int *need,
                              int *min_cut, int *white)
{
    head *h;
    bm_status rc = head_for(s, u, k, page_no, &h);
    if (rc)
        return rc;
    int brk[BM_MAX_COLS + 1], off[BM_MAX_COLS];
    int n = u->nitems - u->start;
    for (int c = 0; c < k; c++)
        off[c] = c < h->fig_span ? h->fig_rows : 0;
    int body = n > 0 ? bm_flow_balance(u->flow + u->start, n, k, off, brk)
                     : h->fig_rows;
    *need = h->rows + body;
    /* cells the balanced columns leave empty */
    int used = 0;
    for (int c = 0; c < k; c++)
        used += off[c];
    for (int i = u->start; i < u->nitems; i++)
        used += u->flow[i].rows;
    *white = k * body - used;
    if (*white < 0)
        *white = 0;
    *min_cut = u->kind != U_BRIEFS && body - h->fig_rows >= 6
                   ? h->rows + h->fig_rows + 4
                   : 0;
    return BM_OK;
}

/* ---- furniture --------------------------------------------------------------- */

static const char *const weekdays[] = {"星期日", "星期一", "星期二", "星期三",
                                       "星期四", "星期五", "星期六"};

/* "2026年11月20日" and the weekday from an ISO date (Sakamoto). */
static void cn_date(st *s, const char *iso, const char **date, const char **wd)
{
    int y = 0, m = 0, d = 0;
    *date = iso ? iso : "";
    *wd = NULL;
    if (!iso || sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12 ||
        d < 1 || d > 31)
        return;
    *date = bm_arena_printf(s->a, "%d年%d月%d日", y, m, d);
    static const int t[] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
    int yy = m < 3 ? y - 1 : y;
    *wd = weekdays[(yy + yy / 4 - yy / 100 + yy / 400 + t[m - 1] + d) % 7];
}

static bm_status furniture_line(st *s, const char *text, bm_elem el,
                                bm_line_kind kind, bm_fix x, bm_fix y,
                                bm_fix w, int rows, int align)
{
    hline *h;
    int n;
    bm_src src = {0};
    bm_status rc = set(s, text, strlen(text), el, s->lay->styles[el].size,
                       BM_PT(20000), 0, BM_ALIGN_START, kind, &src, &h, &n);
    if (rc)
        return rc;
    for (int i = 0; i < n && i < 1; i++) {
        if (h[i].width > w)
            h[i].width = w;
        h[i].xoff = align == BM_ALIGN_CENTER ? (w - h[i].width) / 2
                    : align == BM_ALIGN_END  ? w - h[i].width
                                             : 0;
        put_line(s, &h[i], NULL, x, y, w, rows * s->lay->line_pitch, 0);
    }
    return BM_OK;
}

/* Running head on every page; masthead on page 1.  Returns rows used. */
static bm_status furniture(st *s, bm_lpage *pg, int *used)
{
    const bm_layout *l = s->lay;
    const char *date, *wd;
    cn_date(s, s->ed->date, &date, &wd);
    const char *title = s->ed->title ? s->ed->title
                        : l->mh_title ? l->mh_title : "新闻日报";
    bm_fix x = l->area_x, y = l->area_y, w = l->area_w;
    bm_fix pitch = l->line_pitch;
    bm_status rc;
    char *left = bm_arena_printf(s->a, "%s　%s%s%s", title, date, wd ? "　" : "",
                                 wd ? wd : "");
    char *right = bm_arena_printf(s->a, "第%d版%s%s", pg->number,
                                  pg->section ? "　" : "",
                                  pg->section ? pg->section : "");
    add_box(s, BM_BOX_MODULE, (bm_rect){x, y, w, l->rh_rows * pitch}, NULL);
    int trows = l->rh_rows > 1 ? l->rh_rows - 1 : 1;
    if ((rc = furniture_line(s, left, BM_EL_RUNNING_HEAD, BM_LINE_RUNNING_HEAD,
                             x, y, w, trows, BM_ALIGN_START)) ||
        (rc = furniture_line(s, right, BM_EL_RUNNING_HEAD, BM_LINE_RUNNING_HEAD,
                             x, y, w, trows, BM_ALIGN_END)))
        return rc;
    add_hrule(s, x, y + l->rh_rows * pitch - pitch / 3, w, l->rh_rule);
    *used = l->rh_rows;
    if (pg->number != 1)
        return BM_OK;

    /* 报头: title in the middle, date and weekday left, issue right */
    bm_fix my = y + l->rh_rows * pitch;
    int mrows = l->mh_rows;
    add_box(s, BM_BOX_MODULE, (bm_rect){x, my, w, mrows * pitch}, NULL);
    int title_rows = mrows - 2;
    if ((rc = furniture_line(s, title, BM_EL_MASTHEAD, BM_LINE_MASTHEAD, x, my, w,
                             title_rows, BM_ALIGN_CENTER)))
        return rc;
    int info_row = title_rows / 2 - 1;
    bm_fix iy = my + info_row * pitch;
    if ((rc = furniture_line(s, date, BM_EL_MASTHEAD_INFO, BM_LINE_MASTHEAD, x,
                             iy, w / 4, 1, BM_ALIGN_START)))
        return rc;
    if (wd && (rc = furniture_line(s, wd, BM_EL_MASTHEAD_INFO, BM_LINE_MASTHEAD,
                                   x, iy + pitch, w / 4, 1, BM_ALIGN_START)))
        return rc;
    if (s->ed->issue) {
        const char *iss = s->ed->issue;
        int digits = 1;
        for (const char *p = iss; *p; p++)
            digits &= *p >= '0' && *p <= '9';
        if (digits)
            iss = bm_arena_printf(s->a, "第%s期", iss);
        if ((rc = furniture_line(s, iss, BM_EL_MASTHEAD_INFO, BM_LINE_MASTHEAD,
                                 x + w - w / 4, iy, w / 4, 1, BM_ALIGN_END)))
            return rc;
    }
    if (s->ed->publisher &&
        (rc = furniture_line(s, s->ed->publisher, BM_EL_MASTHEAD_INFO,
                             BM_LINE_MASTHEAD, x + w - w / 4, iy + pitch, w / 4,
                             1, BM_ALIGN_END)))
        return rc;
    /* a thick rule over a thin one closes the masthead */
    bm_fix ry = my + (mrows - 1) * pitch;
    add_hrule(s, x, ry, w, BM_PT(2));
    add_hrule(s, x, ry + BM_PT(3), w, BM_PT(0.5));
    *used += mrows;
    return BM_OK;
}

/* ---- placing a planned page ---------------------------------------------------- */

static unit *make_cont(st *s, unit *u, int placed, int from_page)
{
    unit *c = bm_arena_alloc(s->a, sizeof *c);
    c->kind = U_CONT;
    c->id = u->id;
    c->ar = u->ar;
    c->title = u->title;
    c->from_page = from_page;
    c->items = u->items;
    c->flow = u->flow;
    c->nitems = u->nitems;
    c->start = placed;
    c->inset = u->inset;
    u->cont = c;
    return c;
}

/* Places unit u in module m; region_top is the y of region row 0. */
static bm_status place(st *s, unit *u, const bm_plan_mod *m, bm_fix region_top,
                       int page_no, unit **cont)
{
    const bm_layout *l = s->lay;
    bm_fix pitch = l->line_pitch;
    bm_fix x0 = col_x(s, m->col), w = span_w(s, m->span);
    bm_fix y0 = region_top + m->row * pitch;
    *cont = NULL;
    u->page = page_no;
    add_box(s, BM_BOX_MODULE, (bm_rect){x0, y0, w, m->rows * pitch}, u->id);
    add_outline(s, u, y0);
    head *h;
    bm_status rc = head_for(s, u, m->span, page_no, &h);
    if (rc)
        return rc;
    if (u->kind == U_BRIEFS) {
        /* half a gutter out: where the rule between stacks would be (at
         * the type area's edge, as far into the margin); a label over the
         * box stays above the frame */
        bm_fix out = l->gutter / 2, top = h->above * pitch;
        bm_box *f = add_box(s, BM_BOX_FRAME,
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
    /* header: padding rows split above and below (a section label stays
       at the top: the padding goes under it) */
    int row = 0, padded = 0, last = h->n - 1;
    while (last > 0 && h->l[last].beside)
        last--;
    bm_fix prev_y = y0;
    int prev_rows = 1;
    const hline *boxed = NULL;
    for (int i = 0; i < h->n; i++) {
        const hline *hl = &h->l[i];
        if (hl->boxed && i + 1 < h->n) {
            boxed = hl;  /* set on the next line's row, before it */
            continue;
        }
        if (hl->beside) {  /* on the last row of the line before */
            put_line(s, hl, u->id, x0, prev_y + (prev_rows - 1) * pitch, w,
                     pitch, 0);
            continue;
        }
        bm_fix y = y0 + row * pitch;
        int rows = hl->rows;
        if (!padded && !hl->bar && hl->kind != BM_LINE_SECTION)
            rows += m->pad / 2, padded = 1;
        if (i == last)
            rows += m->pad - m->pad / 2 + (padded ? 0 : m->pad / 2);
        if (boxed) {
            bm_lpage *lp = &s->pages[s->npages - 1];
            size_t li = put_line(s, boxed, u->id, x0, y, w, rows * pitch, 0);
            const bm_line *bl = &lp->lines[li];
            bm_fix pad = boxed->xoff;
            bm_box *f = add_box(s, BM_BOX_FRAME,
                                (bm_rect){x0, bl->baseline - boxed->size * 88 / 100 - pad,
                                          boxed->width + 2 * pad, boxed->size + 2 * pad},
                                u->id);
            f->stroke = l->frame;
            boxed = NULL;
        }
        put_line(s, hl, u->id, x0, y, w, rows * pitch, 0);
        if (hl->bar)
            add_hrule(s, x0 + u->inset, y + rows * pitch - pitch / 4,
                      w - 2 * u->inset, l->frame);
        prev_y = y;
        prev_rows = rows;
        row += rows;
    }
    row = h->rows + m->pad;
    /* the photo block over the first columns of the body */
    bm_fix fy = y0 + row * pitch, fw = span_w(s, h->fig_span);
    for (int i = 0; i < h->nfig; i++) {
        const hline *hl = &h->fig[i];
        if (hl->image) {
            bm_box *b = add_box(s, BM_BOX_IMAGE,
                                (bm_rect){x0, fy, hl->img_w, hl->rows * pitch},
                                u->id);
            b->image = hl->image;
        } else {
            put_line(s, hl, u->id, x0, fy, fw, hl->rows * pitch,
                     hl->rows == 1 && hl->size == l->body_size);
        }
        fy += hl->rows * pitch;
    }
    int off[BM_MAX_COLS];
    for (int c = 0; c < m->span; c++)
        off[c] = c < h->fig_span ? h->fig_rows : 0;
    int body_rows = m->rows - row;
    int n = u->nitems - u->start;
    int brk[BM_MAX_COLS + 1];
    int placed = n;
    if (m->cut) {
        placed = bm_flow_cut(u->flow + u->start, n, m->span, body_rows, off, brk);
        if (placed < 1 && n > 0) {
            /* nothing fits: keep at least one item (should not happen) */
            placed = 1;
            for (int c = 1; c <= m->span; c++)
                brk[c] = 1;
        }
    } else if (n > 0) {
        bm_flow_balance(u->flow + u->start, n, m->span, off, brk);
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
            put_line(s, it, u->id, cx, by + r * pitch, cw, pitch,
                     it->kind != BM_LINE_HEADLINE);
            r += it->rows;
        }
    }
    if (m->cut && placed < n) {
        /* （下转第N版）: the number is filled in at the end */
        bm_fix cx = col_x(s, m->col + m->span - 1) + u->inset;
        hline j = {0};
        j.kind = BM_LINE_JUMP;
        j.role = (bm_role)l->styles[BM_EL_JUMP].role;
        j.size = l->body_size;
        j.text = "";
        j.rows = 1;
        size_t li = put_line(s, &j, u->id, cx, by + (body_rows - 1) * pitch,
                             l->col_width - 2 * u->inset, pitch, 1);
        *cont = make_cont(s, u, u->start + placed, page_no);
        pending_jump *pj = bm_arena_alloc(s->a, sizeof *pj);
        pj->page_index = (int)s->npages - 1;
        pj->line_index = li;
        pj->target = *cont;
        pj->next = s->jumps;
        s->jumps = pj;
    }
    return BM_OK;
}

/* Rules: one row between stacked modules, the gutter between stacks. */
static void rules(st *s, const bm_plan *p, bm_fix region_top, int region_rows)
{
    const bm_layout *l = s->lay;
    bm_fix pitch = l->line_pitch;
    for (int i = 0; i < p->nmods; i++) {
        const bm_plan_mod *m = &p->mods[i];
        int bottom = m->row + m->rows;
        if (bottom < region_rows) {
            bm_fix y = region_top + bottom * pitch + pitch / 2;
            bm_fix x = col_x(s, m->col), w = span_w(s, m->span);
            if (m->col + m->span < l->columns)
                w += l->gutter / 2;
            if (m->col > 0)
                x -= l->gutter / 2, w += l->gutter / 2;
            add_hrule(s, x, y, w, l->rule);
        }
        if (m->col + m->span < l->columns) {
            /* vertical rule right of this module, in the gutter */
            bm_fix x = col_x(s, m->col + m->span) - l->gutter / 2;
            bm_fix y = region_top + m->row * pitch;
            bm_fix h = m->rows * pitch;
            add_vrule(s, x, y, h, l->rule);
        }
    }
}

/* ---- the edition ----------------------------------------------------------------- */

typedef struct queue {
    unit  **v;
    size_t  n, cap;
} queue;

static void q_push(st *s, queue *q, unit *u)
{
    q->v = grow(s->a, q->v, q->n, &q->cap, sizeof *q->v);
    q->v[q->n++] = u;
}

static void q_insert(st *s, queue *q, size_t at, unit *u)
{
    q_push(s, q, u);
    memmove(q->v + at + 1, q->v + at, (q->n - 1 - at) * sizeof *q->v);
    q->v[at] = u;
}

static bm_status page_units(st *s, const bm_page *pg, queue *q)
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
            rc = make_briefs(s, pg->articles + i, j - i, &u);
            i = j;
        } else {
            rc = make_article(s, ar, &u);
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

static bm_status plan_units(st *s, queue *q, int page_no, int region_rows,
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
            bm_status rc = measure_unit(s, u, k, page_no, &need, &min_cut,
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

static bm_lpage *new_page(st *s, int number, const char *section)
{
    s->pages = grow(s->a, s->pages, s->npages, &s->cap_pages, sizeof *s->pages);
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
static void reorder(st *s, queue *q, bm_plan_unit *pu, int n, int region_rows,
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
static bm_status compose_page(st *s, int number, const char *section, queue *q,
                              queue *next, int last)
{
    const bm_layout *l = s->lay;
    bm_lpage *pg = new_page(s, number, section);
    int used;
    bm_status rc = furniture(s, pg, &used);
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
        if ((rc = place(s, q->v[m->unit], m, region_top, number, &cont)))
            return rc;
        if (cont)
            q_push(s, &carry, cont);
    }
    rules(s, &plan, region_top, region_rows);
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

/* Fills in every （下转第N版） now that each continuation has a page. */
static bm_status resolve_jumps(st *s)
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
        bm_status rc = set(s, t, strlen(t), BM_EL_JUMP, l->body_size,
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
                if (tp->lines[i].kind == BM_LINE_JUMP && !tp->lines[i].link_page &&
                    tp->lines[i].article_id && starts_with(tp->lines[i].text, "（上接") &&
                    !strcmp(tp->lines[i].article_id, j->target->id))
                    tp->lines[i].link_page = pg->number;
        }
    }
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
    st s = {0};
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
    if (rc) {
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
        rc = resolve_jumps(&s);
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
