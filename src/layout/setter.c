/*
 * setter.c - text set for the page: a block of text in an element's style
 * composed into lines (bm_para_compose), headlines scaled to their measure,
 * kickers, subheads and captions wrapped.
 */
#include "page_private.h"

#include <string.h>

/* ---- composing --------------------------------------------------------------- */

/*
 * Sets text in element style `el` at `size` into lines of `measure`
 * (`align` placed here, after composing; justification is the composer's).
 */
/* Room for n more lines at the end of hv (doubling as bm_pg_hv_add does),
 * cleared; hv->n counts them. */
static hline *hv_take(pgctx *s, hvec *hv, size_t n)
{
    if (n == 0)
        return hv->v;
    size_t need = (size_t)hv->n + n;
    if (need > hv->cap) {
        size_t nc = hv->cap ? 2 * hv->cap : n;
        while (nc < need)
            nc *= 2;
        hv->v = bm_arena_grow(s->a, hv->v, (size_t)hv->n * sizeof *hv->v,
                              nc * sizeof *hv->v);
        hv->cap = nc;
    }
    hline *h = hv->v + hv->n;
    memset(h, 0, n * sizeof *h);
    hv->n += (int)n;
    return h;
}

static bm_status set_lines(pgctx *s, const char *text, size_t len, bm_elem el,
                           bm_fix size, bm_fix measure, bm_fix indent,
                           int align, bm_line_kind kind, const bm_src *src,
                           hvec *into, hline **out, int *n);

bm_status bm_pg_set(pgctx *s, const char *text, size_t len, bm_elem el,
                     bm_fix size, bm_fix measure, bm_fix indent, int align,
                     bm_line_kind kind, const bm_src *src, hline **out, int *n)
{
    return set_lines(s, text, len, el, size, measure, indent, align, kind, src,
                     NULL, out, n);
}

/* bm_pg_set with the lines appended to `into` (the flow: a body line's
 * record is not made twice, once to return and once in the flow vector --
 * 5 MB of a 64-page build); *n of them, from into->v[into->n - *n]. */
bm_status bm_pg_set_into(pgctx *s, const char *text, size_t len, bm_elem el,
                         bm_fix size, bm_fix measure, bm_fix indent, int align,
                         bm_line_kind kind, const bm_src *src, hvec *into,
                         int *n)
{
    hline *h;
    return set_lines(s, text, len, el, size, measure, indent, align, kind, src,
                     into, &h, n);
}

void bm_pg_para_style(const pgctx *s, bm_elem el, bm_fix size, bm_fix measure,
                      bm_fix indent, int align, size_t len, bm_para_style *ps)
{
    const bm_style *sty = &s->lay->styles[el];
    memset(ps, 0, sizeof *ps);
    ps->role = (bm_role)sty->role;
    ps->size = size;
    ps->measure = measure;
    ps->indent = indent;
    ps->align = align == BM_ALIGN_JUSTIFY ? BM_ALIGN_JUSTIFY : BM_ALIGN_START;
    /* strict: …… and —— never start a line either (newspapers hold to it,
     * and so do readers' tools: cjk_linecheck counts a line opening with
     * …… as a broken rule) */
    ps->kinsoku = BM_KINSOKU_STRICT;
    ps->compress = BM_COMPRESS_QUANJIAO;
    ps->min_last = 2;
    /* body text from page dumps carries stray spaces between Han
     * characters (deleted); in display lines a space is a phrase break */
    if (el != BM_EL_BODY && el != BM_EL_BRIEF && el != BM_EL_CAPTION &&
        el != BM_EL_SUBHEADING)
        ps->han_space = el == BM_EL_BYLINE || el == BM_EL_CREDIT ? size / 2 : size;
    if (s->runin) {   /* 本报讯（记者 王芳）: its spaces are half-em gaps */
        ps->runin_len = s->runin < len ? s->runin : len;
        ps->runin_space = size / 2;
    }
    if (s->keep_len && s->keep_at + s->keep_len <= len) {
        ps->keep_at = s->keep_at;
        ps->keep_len = s->keep_len;
    }
    ps->longer = s->longer;
}

static bm_status set_lines(pgctx *s, const char *text, size_t len, bm_elem el,
                           bm_fix size, bm_fix measure, bm_fix indent,
                           int align, bm_line_kind kind, const bm_src *src,
                           hvec *into, hline **out, int *n)
{
    const bm_style *sty = &s->lay->styles[el];
    bm_para_style ps;
    bm_pg_para_style(s, el, size, measure, indent, align, len, &ps);
    bm_pline *pl = NULL;
    size_t np = 0;
    bm_para_fit fit;
    /* a body paragraph the second processor composed ahead (ahead.c),
     * else composed here */
    bm_status rc = !s->fit && bm_pg_ahead_take(s->ahead, text, len, &ps, src,
                                               s->a, &pl, &np)
                       ? BM_OK
                       : bm_para_compose_fit(s->comp, text, len, &ps, src,
                                             s->a, &pl, &np,
                                             s->fit ? &fit : NULL, s->err);
    s->fit_longer = s->fit ? fit.longer : -1;
    if (rc)
        return rc;
    s->runin_spaced = 0;
    for (size_t i = 0; i < np && pl[i].start < ps.runin_len; i++)
        if (pl[i].spaced > s->runin_spaced)
            s->runin_spaced = pl[i].spaced;
    bm_fix lead = sty->leading ? (bm_fix)((long long)sty->leading * size /
                                          (sty->size ? sty->size : size))
                               : size * 5 / 4;
    int rows = size <= s->lay->body_size ? 1 : rows_for(s, lead);
    hline *h = into ? hv_take(s, into, np)
                    : bm_arena_alloc(s->a, (np ? np : 1) * sizeof *h);
    int elem = s->elem_as > 0 ? s->elem_as : ++s->nelems;
    for (size_t i = 0; i < np; i++) {
        h[i].kind = kind;
        h[i].elem = elem;
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

/*
 * Display lines (display.c): a byline or credit is a name (ragged, its
 * spaces fixed half-em gaps; a justified style is set flush left), a jump
 * line a formula (no glue inside), anything else a head that breaks at
 * phrases and may step down one size of the layout's scale.
 */
bm_status bm_pg_set_display(pgctx *s, const char *text, size_t len, bm_elem el,
                            bm_fix size, bm_fix measure, bm_fix indent,
                            int align, bm_line_kind kind, const bm_src *src,
                            hline **out, int *n)
{
    return bm_pg_set_display_ex(s, text, len, el, size, measure, indent, align,
                                kind, src, out, n, NULL, NULL);
}

bm_status bm_pg_set_display_ex(pgctx *s, const char *text, size_t len,
                               bm_elem el, bm_fix size, bm_fix measure,
                               bm_fix indent, int align, bm_line_kind kind,
                               const bm_src *src, hline **out, int *n,
                               int *forced, int *phrased)
{
    const bm_style *sty = &s->lay->styles[el];
    bm_display_style ds = {0};
    int name = el == BM_EL_BYLINE || el == BM_EL_CREDIT;
    ds.kind = name ? BM_DISPLAY_NAME : BM_DISPLAY_HEAD;
    ds.role = (bm_role)sty->role;
    ds.size = size;
    ds.measure = measure;
    ds.indent = indent;
    /* a display line is ragged (a justified head would be letter-spaced
     * when it breaks at a phrase); only captions, which are prose, fill
     * their lines */
    ds.align = align == BM_ALIGN_JUSTIFY && el != BM_EL_CAPTION
                   ? BM_ALIGN_START
                   : (bm_align)align;
    ds.space = name ? size / 2 : size;
    /* headlines step down the scale in bm_pg_set_headline, not here */
    int head = el == BM_EL_HEADLINE1 || el == BM_EL_HEADLINE2 ||
               el == BM_EL_HEADLINE3;
    ds.min_size = name || head || el == BM_EL_JUMP ? 0 : s->lay->body_size;
    ds.lay = s->lay;
    bm_dset set;
    bm_status rc = el == BM_EL_JUMP
        ? bm_display_formula(s->disp, text, len, &ds, src, s->a, &set, s->err)
        : bm_display_set(s->disp, text, len, &ds, src, s->a, &set, s->err);
    if (rc)
        return rc;
    if (forced)
        *forced = set.forced;
    if (phrased)
        *phrased = set.phrased;
    bm_fix lead = sty->leading ? (bm_fix)((long long)sty->leading * set.size /
                                          (sty->size ? sty->size : set.size))
                               : set.size * 5 / 4;
    int rows = set.size <= s->lay->body_size ? 1 : rows_for(s, lead);
    hline *h = bm_arena_alloc(s->a, (set.nlines ? set.nlines : 1) * sizeof *h);
    int elem = ++s->nelems;
    for (size_t i = 0; i < set.nlines; i++) {
        const bm_dline *d = &set.lines[i];
        h[i].kind = kind;
        h[i].elem = elem;
        h[i].role = ds.role;
        h[i].size = set.size;
        h[i].len = d->end - d->start;
        h[i].text = bm_arena_strndup(s->a, text + d->start, h[i].len);
        h[i].glyphs = d->glyphs;
        h[i].nglyphs = d->nglyphs;
        h[i].width = d->width;
        h[i].xoff = d->xoff;
        h[i].rows = rows;
        h[i].adv = lead;
    }
    *out = h;
    *n = (int)set.nlines;
    return BM_OK;
}

/* Natural width of text set on one line at `size`. */
bm_status bm_pg_natural(pgctx *s, const char *text, size_t len, bm_elem el,
                         bm_fix size, const bm_src *src, bm_fix *w)
{
    hline *h;
    int n;
    /* the lines are only measured: what setting them took from the
     * edition's arena is given back (4 MB of a 64-page build) */
    bm_arena_mark m;
    bm_arena_mark_get(s->a, &m);
    bm_status rc = bm_pg_set(s, text, len, el, size, BM_PT(20000), 0, BM_ALIGN_START,
                       BM_LINE_HEADLINE, src, &h, &n);
    *w = 0;
    for (int i = 0; !rc && i < n; i++)
        if (h[i].width > *w)
            *w = h[i].width;
    bm_arena_release(s->a, &m);
    return rc;
}


/*
 * Appends n header lines.  A header vector starts at what it is given
 * (most hold one to four lines) and doubles from there: every unit keeps a
 * header for each span the planner tried, in the edition's arena, where a
 * grown vector's old copy is never freed; starting them all at 16 lines
 * (bm_pg_grow) was 33 MB of a 64-page build's 134 MB peak.
 */
void bm_pg_hv_add(pgctx *s, hvec *hv, const hline *l, int n)
{
    if (n <= 0)
        return;
    size_t need = (size_t)hv->n + (size_t)n;
    if (need > hv->cap) {
        size_t nc = hv->cap ? 2 * hv->cap : (size_t)n;
        while (nc < need)
            nc *= 2;
        hv->v = bm_arena_grow(s->a, hv->v, (size_t)hv->n * sizeof *hv->v,
                              nc * sizeof *hv->v);
        hv->cap = nc;
    }
    memcpy(hv->v + hv->n, l, (size_t)n * sizeof *l);
    hv->n += n;
}

/* ---- the size scale (号数) ------------------------------------------------ */

int bm_pg_scale_index(const bm_layout *l, bm_fix size)
{
    for (int i = 0; i < l->nscale; i++)
        if (l->scale[i] <= size)
            return i;
    return -1;
}

bm_fix bm_pg_scale_step(const bm_layout *l, bm_fix size, int down)
{
    int i = bm_pg_scale_index(l, size);
    if (i < 0)
        return size; /* under the scale (an 8 pt caption): as it is */
    i += down;
    if (i < 0)
        i = 0;
    return i < l->nscale ? l->scale[i] : l->scale[l->nscale - 1];
}

/* Lines h[0..n) of a headline at `size`: rows from the style's leading,
 * placed across w by the style's alignment. */
static void head_rows(pgctx *s, const bm_style *sty, bm_fix size, bm_fix w,
                      hline *h, int n)
{
    for (int i = 0; i < n; i++) {
        bm_fix lead = sty->leading
            ? (bm_fix)((long long)sty->leading * size / sty->size)
            : size * 6 / 5;
        h[i].rows = rows_for(s, lead);
        h[i].adv = lead;
        h[i].xoff = h[i].width < w
            ? (sty->align == BM_ALIGN_START ? 0
               : sty->align == BM_ALIGN_END ? w - h[i].width
                                            : (w - h[i].width) / 2)
            : 0;
    }
}

/*
 * One given line of a headline at `size`: on one line when it fits w; else
 * in two lines of about equal length when both fit; else NULL (*n = 0).
 */
/* A given line's copy holds a phrase space (U+3000, or a space with a
 * Chinese character on one side of it - not the space between two Latin
 * words of 「Mate 70」): where its editor wants it broken. */
static int has_phrase_space(const char *p, size_t len)
{
    for (size_t i = 1; i + 1 < len; i++) {
        if (i + 3 < len && !memcmp(p + i, "\xe3\x80\x80", 3))
            return 1;
        unsigned char a = (unsigned char)p[i - 1], b = (unsigned char)p[i + 1];
        if (p[i] == ' ' && (a >= 0x80 || b >= 0x80))
            return 1;
    }
    return 0;
}

static bm_status head_line(pgctx *s, const char *p, size_t len, bm_elem el,
                           bm_fix size, bm_fix w, int two, int last_size,
                           const bm_src *src, hline **h, int *n)
{
    bm_fix nw;
    bm_status rc = bm_pg_natural(s, p, len, el, size, src, &nw);
    if (rc)
        return rc;
    *n = 0;
    if (nw <= w)
        return bm_pg_set(s, p, len, el, size, BM_PT(20000), 0, BM_ALIGN_START,
                         BM_LINE_HEADLINE, src, h, n);
    if (!two || nw > 2 * w)
        return BM_OK;
    /* two balanced lines broken at a phrase or between words (display.c);
     * a head that would break inside a word waits for the next size, and
     * so does one whose copy gives a phrase space it would not break at
     * (「沿河｜八个乡镇」), but at the last size */
    int forced, phrased;
    rc = bm_pg_set_display_ex(s, p, len, el, size, w, 0, BM_ALIGN_START,
                              BM_LINE_HEADLINE, src, h, n, &forced, &phrased);
    if (rc || (*n <= 2 && !forced &&
               (phrased || last_size || !has_phrase_space(p, len))))
        return rc;
    *n = 0;
    return BM_OK;
}

/*
 * A headline from `size` (a step of the layout's scale) down: each given
 * line ('\n' in the copy) on one line when it fits w, else in two balanced
 * lines; failing both, one step down the scale, to the style's minimum.
 * Below that the longest line is wrapped at the minimum and *small says so.
 * *used gets the size set.
 */
bm_status bm_pg_set_headline(pgctx *s, const char *text, bm_elem el,
                             bm_fix size, bm_fix w, int *small,
                             const bm_src *src, hvec *out, bm_fix *used)
{
    const bm_style *sty = &s->lay->styles[el];
    const bm_layout *l = s->lay;
    bm_fix min = sty->min_size;
    int given = 0;
    for (const char *q = text; *q; q++)
        given += *q == '\n';
    /* two lines per given line only for a one-line copy: a head the
     * editor already broke stays as broken */
    int two = given == 0;
    if (small)
        *small = 0;
    for (;;) {
        /* a size that does not fit leaves nothing behind: its lines go
         * back to the arena before the next size is tried */
        bm_arena_mark m;
        bm_arena_mark_get(s->a, &m);
        hvec try = {0};
        int ok = 1;
        bm_fix below = bm_pg_scale_step(l, size, 1);
        int last_size = below >= size || below < min;
        const char *p = text;
        while (*p && ok) {
            const char *e = strchr(p, '\n');
            size_t n = e ? (size_t)(e - p) : strlen(p);
            if (n) {
                hline *h;
                int nh;
                bm_status rc = head_line(s, p, n, el, size, w, two, last_size,
                                         src, &h, &nh);
                if (rc) {
                    bm_arena_unmark(s->a, &m);
                    return rc;
                }
                if (!nh)
                    ok = 0;
                else
                    bm_pg_hv_add(s, &try, h, nh);
            }
            p += n + (e != NULL);
        }
        bm_fix next = bm_pg_scale_step(l, size, 1);
        if (ok || next >= size || next < min) {
            if (!ok) {
                /* nothing on the scale fits: wrap at this size */
                try.n = 0;
                p = text;
                while (*p) {
                    const char *e = strchr(p, '\n');
                    size_t n = e ? (size_t)(e - p) : strlen(p);
                    hline *h;
                    int nh;
                    bm_status rc = bm_pg_set_display(s, p, n, el, size, w, 0,
                                                     BM_ALIGN_START,
                                                     BM_LINE_HEADLINE, src, &h,
                                                     &nh);
                    if (rc) {
                        bm_arena_unmark(s->a, &m);
                        return rc;
                    }
                    bm_pg_hv_add(s, &try, h, nh);
                    p += n + (e != NULL);
                }
                if (small)
                    *small = size;
            }
            head_rows(s, sty, size, w, try.v, try.n);
            bm_pg_hv_add(s, out, try.v, try.n);
            if (used)
                *used = size;
            bm_arena_unmark(s->a, &m);
            return BM_OK;
        }
        bm_arena_release(s->a, &m);
        size = next;
    }
}

/* Kicker, subhead, captions: wrapped to `w` if they must be, at the style's
 * size or `cap` if smaller (a kicker two steps under its headline). */
bm_status bm_pg_set_wrapped(pgctx *s, const char *text, bm_elem el, bm_fix cap,
                            bm_fix w, bm_line_kind kind, const bm_src *src,
                            hvec *out)
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
            bm_fix size = bm_pg_scale_step(s->lay,
                                           cap && cap < sty->size ? cap
                                                                  : sty->size,
                                           0);
            bm_fix nw;
            bm_status rc = bm_pg_natural(s, p, len, el, size, src, &nw);
            if (rc)
                return rc;
            /* one step of the scale down when that puts it on one line */
            bm_fix down = bm_pg_scale_step(s->lay, size, 1);
            if (nw > w && down < size && down >= sty->min_size &&
                (long long)nw * down / size <= w)
                size = down;
            rc = bm_pg_set_display(s, p, len, el, size, w, 0, sty->align,
                                   kind, src, &h, &n);
            if (rc)
                return rc;
            bm_pg_hv_add(s, out, h, n);
        }
        p += len + (e != NULL);
    }
    return BM_OK;
}
