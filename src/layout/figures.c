/*
 * figures.c - the photo block of an article's module: how many columns its
 * photos take at a span, and how they are arranged in it.
 *
 * The photos stand in rows, each row as wide as the block, up to three side
 * by side in it, their widths in proportion to their shapes so that one
 * height cuts little of any (a panorama alone across the block, a portrait
 * and a square beside each other under it).  Every photo keeps its
 * proportions: a slot of another shape is covered and cut evenly
 * (bm_pg_image_cover), never stretched.  The block's width is weighed
 * (span_cost): the white it leaves beside and under it, the photo's size
 * against its own width (about two thirds of the module for the page's
 * lead, half for another story, all of it for a photo story), and what an
 * editor would not print - a photo cut by more than FIG_CROP_MAX, a
 * column beside it that the text does not reach, a leg of text a line or
 * two deep under it, text squeezed into one column beside it, the text a
 * strip under a photo across a wide module (counted on what prints above
 * the cut of a story longer than its module can be).  The page steers it
 * (pgctx): a page its stories cannot fill takes photos across their
 * modules (fig_roomy: the photo takes the white), a page that cannot hold
 * its stories photos about half their modules and no larger (fig_tight).
 * A module under SPAN_SEARCH_MIN columns starts from about half of it (all
 * of it at 3 columns or fewer, or when the text beside could not fill the
 * columns next to it), narrower while a photo would be cut by more than a
 * fifth, and weighs every width only when that shape is one an editor
 * would not print.
 */
#include "page_private.h"

#include <string.h>

/* A figure's caption as printed: its own editor code (②2) ends it. */
static const char *caption_text(pgctx *s, const bm_block *b)
{
    if (!b->code)
        return b->caption;
    return bm_arena_printf(s->a, "%s%s", b->caption ? b->caption : "", b->code);
}

static void image_size(const bm_block *b, long long *pw, long long *ph)
{
    *pw = b->img_w > 0 ? b->img_w : 3;
    *ph = b->img_h > 0 ? b->img_h : 2;
}

/* What a chart, a map or a cartoon says of itself in its alt text,
 * caption or credit (制图: drawn by). */
static const char *const whole_words[] = {"图表", "柱状图", "条形图", "折线图",
                                          "饼图", "统计图", "示意图", "流程图",
                                          "信息图", "地图", "漫画", "制图", NULL};

int bm_pg_fig_whole(const bm_block *b)
{
    const char *said[] = {b->alt, b->caption, b->credit};
    for (size_t i = 0; i < sizeof said / sizeof *said; i++)
        for (int w = 0; said[i] && whole_words[w]; w++)
            if (strstr(said[i], whole_words[w]))
                return 1;
    return 0;
}

int bm_pg_image_rows(const pgctx *s, const bm_block *b, bm_fix fw)
{
    long long pw, ph;
    image_size(b, &pw, &ph);
    bm_fix pitch = s->lay->line_pitch;
    return (int)(((long long)fw * ph / pw + pitch / 2) / pitch);
}

/* Percent of the picture a slot fw wide and `rows` rows tall cuts away
 * (rounded up). */
static int crop_pct(const pgctx *s, const bm_block *b, bm_fix fw, int rows)
{
    long long pw, ph;
    image_size(b, &pw, &ph);
    long long a = (long long)fw * ph, c = (long long)rows * s->lay->line_pitch * pw;
    if (a <= 0 || c <= 0)
        return 100;
    /* rounded up: a slot that cuts 20.1 % cuts more than a fifth */
    long long lo = a < c ? a : c, hi = a > c ? a : c;
    return (int)((100 * (hi - lo) + hi - 1) / hi);
}

hline bm_pg_image_line(const pgctx *s, const bm_block *b, bm_fix fw, int rows)
{
    hline im = {0};
    im.kind = BM_LINE_BODY;
    im.image = b->image; /* relative to the edition directory */
    im.fig = b;
    im.img_w = fw;
    im.fig_w = fw;
    im.rows = rows;
    im.img = bm_pg_image_cover(s, b, fw, rows);
    return im;
}

/* Caption and credit of figure b at width fw, into out; their rows. */
static bm_status caption_lines(pgctx *s, const bm_block *b, bm_fix fw, hvec *out,
                               int *rows)
{
    int from = out->n;
    const char *cap = caption_text(s, b);
    bm_status rc = BM_OK;
    if (cap)
        rc = bm_pg_set_wrapped(s, cap, BM_EL_CAPTION, 0, fw, BM_LINE_CAPTION,
                               &b->src, out);
    if (!rc && b->credit)
        rc = bm_pg_set_wrapped(s, b->credit, BM_EL_CREDIT, 0, fw,
                               BM_LINE_CREDIT, &b->src, out);
    *rows = 0;
    for (int i = from; i < out->n; i++) {
        out->v[i].fig_w = fw;
        *rows += out->v[i].rows;
    }
    return rc;
}

/* Puts lines [from, n) of hv at (x, row) of the block, one under another. */
static void shift(hvec *hv, int from, bm_fix x, int row)
{
    int r = row;
    for (int i = from; i < hv->n; i++) {
        hv->v[i].fig_x = x;
        hv->v[i].fig_y = r;
        r += hv->v[i].rows;
    }
}

/* The figures of the photo block, in order. */
typedef struct figset {
    const bm_block **f;
    int              n;
} figset;

/*
 * A row of g figures from f[0] across the block's nc columns (bw wide):
 * the columns each takes and the one height (rows) that cut least of the
 * most cut of them, at most hmax rows - or, when every height that low
 * cuts one of them by more than FIG_CROP_MAX, the lowest height up to
 * `hard` that cuts none by more (*over: its rows over hmax): a photo
 * block deeper than its share of the page rather than a picture cut
 * away (bm_pg_figure_block says how much deeper).  Returns that cut in
 * percent.
 */
static int row_split(const pgctx *s, const bm_block *const *f, int g, int nc,
                     bm_fix bw, int hmax, int hard, int *cols, int *height,
                     int *over)
{
    bm_fix step = s->lay->col_width + s->lay->gutter;
    int best = 101, best_over = 0, c[3] = {0};
    int c1max = g == 1 ? nc : nc - (g - 1);
    *over = 0;
    for (c[0] = g == 1 ? nc : 1; c[0] <= c1max; c[0]++) {
        int c2lo = g == 3 ? 1 : nc - c[0], c2hi = g == 3 ? nc - c[0] - 1 : nc - c[0];
        for (c[1] = g >= 2 ? c2lo : 0; c[1] <= (g >= 2 ? c2hi : 0); c[1]++) {
            if (g == 3)
                c[2] = nc - c[0] - c[1];
            bm_fix w[3];
            int lo = 1 << 20, hi = 0, x = 0;
            for (int i = 0; i < g; i++) {
                w[i] = i == g - 1 ? bw - x * step : span_w(s, c[i]);
                x += c[i];
                int nr = bm_pg_image_rows(s, f[i], w[i]);
                lo = nr < lo ? nr : lo;
                hi = nr > hi ? nr : hi;
            }
            int top = hi < FIG_MIN_ROWS ? FIG_MIN_ROWS : hi > hard ? hard : hi;
            lo = lo < FIG_MIN_ROWS ? FIG_MIN_ROWS : lo > hmax ? hmax : lo;
            hi = hi < FIG_MIN_ROWS ? FIG_MIN_ROWS : hi > hmax ? hmax : hi;
            for (int h = lo; h <= top; h++) {
                int worst = 0, o = h > hi ? h - hi : 0;
                for (int i = 0; i < g; i++) {
                    int p = crop_pct(s, f[i], w[i], h);
                    worst = p > worst ? p : worst;
                }
                if (o && worst > FIG_CROP_MAX)
                    continue; /* over its rows only to cut less than that */
                int better = best > FIG_CROP_MAX
                                 ? worst <= FIG_CROP_MAX || worst < best
                                 : worst <= FIG_CROP_MAX &&
                                       (o < best_over ||
                                        (o == best_over && worst < best));
                if (better) {
                    best = worst;
                    best_over = o;
                    *height = h;
                    memcpy(cols, c, sizeof c);
                }
                if (o) /* the lowest over it is enough */
                    break;
            }
        }
    }
    *over = best_over;
    return best;
}

/* Photos grouped into rows by trying every grouping (up to this many
 * photos; after them, row by row) */
#define FIG_GROUP_MAX 6

/* One row of the block: how many photos, their columns, its image rows. */
typedef struct figrow {
    int g, cols[3], h;
} figrow;

/*
 * The rows for figures j.. within `left` image rows: every way of grouping
 * them (up to three a row) is tried, each row split and sized to cut
 * least (row_split), and the grouping whose most cut photo is cut least
 * kept - of those that cut none by more than FIG_CROP_MAX, the one that
 * goes least over `left` (*over: by how many rows; `hard` at most) - a
 * tie: fewer rows.  Into r (from r[0]); returns that cut, and the number
 * of rows in *nr.
 */
static int group_rows(const pgctx *s, const figset *fs, int j, int nc, bm_fix bw,
                      int left, int hard, figrow *r, int *nr, int *over)
{
    *nr = 0;
    *over = 0;
    if (j >= fs->n)
        return 0;
    int best = 102, best_over = 0, gmax = fs->n - j < 3 ? fs->n - j : 3;
    gmax = gmax < nc ? gmax : nc;
    figrow sub[FIG_GROUP_MAX];
    for (int t = gmax; t >= 1; t--) {
        int after = fs->n - j - t, later = (after + 2) / 3 * FIG_MIN_ROWS;
        int hmax = left - later < FIG_MIN_ROWS ? FIG_MIN_ROWS : left - later;
        int hmax2 = hard - later < hmax ? hmax : hard - later;
        figrow row = {.g = t};
        int o;
        int p = row_split(s, fs->f + j, t, nc, bw, hmax, hmax2, row.cols,
                          &row.h, &o);
        int n2 = 0;
        if (after > 0 && j + t < FIG_GROUP_MAX) {
            int o2;
            int q = group_rows(s, fs, j + t, nc, bw, left - row.h,
                               hard - row.h, sub, &n2, &o2);
            p = q > p ? q : p;
            o += o2;
        }
        int ok = p <= FIG_CROP_MAX, best_ok = best <= FIG_CROP_MAX;
        if (ok != best_ok ? ok
                          : ok && o != best_over
                              ? o < best_over
                              : p < best || (p == best && 1 + n2 < *nr)) {
            best = p;
            best_over = o;
            r[0] = row;
            memcpy(r + 1, sub, (size_t)n2 * sizeof *sub);
            *nr = 1 + n2;
        }
    }
    *over = best_over;
    return best;
}

/*
 * Lays the figures out across nc columns (bw wide) in rows, each row the
 * block's width, up to three photos side by side in it, the grouping,
 * split and heights those that cut least, the photos' rows within
 * `budget` in all where they can (up to `hard` where that cuts less than
 * FIG_CROP_MAX).  Into out (at fig_x, fig_y): the
 * block's rows (captions too), the rows of its photos alone, whether a
 * photo is much taller than its slot (more than a fifth cut off at its top
 * and foot), and the cut of the most cut photo (percent).
 */
static bm_status lay_grid(pgctx *s, const figset *fs, int nc, int budget,
                          int hard, hvec *out, int *rows, int *irows,
                          int *tall, int *worst)
{
    bm_fix bw = span_w(s, nc), step = s->lay->col_width + s->lay->gutter;
    out->n = 0;
    *tall = 0;
    *irows = 0;
    *worst = 0;
    int row = 0, nr = 0, k = 0;
    figrow r[FIG_GROUP_MAX];
    bm_status rc = BM_OK;
    for (int j = 0; !rc && j < fs->n;) {
        if (k >= nr) { /* the next rows */
            int over;
            int w = group_rows(s, fs, j, nc, bw, budget - *irows,
                               hard - *irows, r, &nr, &over);
            *worst = w > *worst ? w : *worst;
            k = 0;
        }
        const figrow *fr = &r[k++];
        *irows += fr->h;
        int deepest = 0, x = 0;
        for (int i = 0; !rc && i < fr->g; i++) {
            bm_fix w = i == fr->g - 1 ? bw - x * step : span_w(s, fr->cols[i]);
            int from = out->n, cr;
            hline im = bm_pg_image_line(s, fs->f[j + i], w, fr->h);
            if (bm_pg_image_rows(s, fs->f[j + i], w) * 4 > fr->h * 5)
                *tall = 1;   /* cut by more than a fifth at its top and foot */
            bm_pg_hv_add(s, out, &im, 1);
            rc = caption_lines(s, fs->f[j + i], w, out, &cr);
            shift(out, from, x * step, row);
            deepest = fr->h + cr > deepest ? fr->h + cr : deepest;
            x += fr->cols[i];
        }
        row += deepest;
        j += fr->g;
    }
    *rows = row;
    return rc;
}

/* lay_grid's sizes of u's photo block nc columns wide (no lines), kept in
 * u->figc: the span search asks for every width at every span. */
static bm_status grid_size(pgctx *s, unit *u, const figset *fs, int nc,
                           int budget, int hard, hvec *tmp, int *rows,
                           int *irows, int *tall, int *worst)
{
    figgrid *g = &u->figc[nc];
    if (g->budget != budget || g->hard != hard) {
        bm_status rc = lay_grid(s, fs, nc, budget, hard, tmp, &g->rows,
                                &g->irows, &g->tall, &g->worst);
        if (rc)
            return rc;
        g->budget = budget;
        g->hard = hard;
    }
    *rows = g->rows;
    *irows = g->irows;
    *tall = g->tall;
    *worst = g->worst;
    return BM_OK;
}

/* The photo block's own width in a module of k columns: a photo story's
 * pictures across it, the page's lead photo across about two thirds of it,
 * another's about half (all of it at 3 columns or fewer). */
static int want_span(const pgctx *s, const unit *u, int k)
{
    return u->ar->kind == BM_ARTICLE_PHOTO ? k
           : (u->lead || u->top) && !s->fig_tight ? (2 * k + 2) / 3
           : k <= 3 ? k : (k + 1) / 2;
}

/*
 * What a photo block nc columns wide, `rows` deep (its photos' rows
 * `irows`, its most cut photo cut `worst` percent) costs the module of k
 * columns it heads, in grid cells: the white it leaves beside and under
 * it, and what an editor would not print - a photo cut by more than a
 * fifth, a column beside it the text does not reach, a leg of text a
 * line or two deep under it, a photo across all but one column with the
 * text squeezed into the last, a strip of text under a photo across the
 * module (what prints of it: at most `deep` rows under the head), a photo
 * story's pictures in a narrow stack, a photo away from its own width
 * (want_span; a column off costs a column of the photo at that width,
 * `wrows` rows).  Photos large are cheaper, they take the page's white -
 * but not on a page that cannot hold its stories (fig_tight).
 */
static long long span_cost(const pgctx *s, const unit *u, int nfig, int k,
                           int nc, int rows, int irows, int worst, int wrows,
                           int deep)
{
    int n = bm_pg_flow_cells(u), beside = k - nc, depth, leg = 0;
    if (beside > 0 && n <= beside * rows) {
        depth = rows;
    } else {
        int over = n - beside * rows;
        leg = (over + k - 1) / k;
        depth = rows + leg;
    }
    /* a story longer than its module can be is cut: what prints under
     * the photo is what is left above the cut */
    int shown = leg < deep - rows ? leg : deep - rows > 0 ? deep - rows : 0;
    long long white = (long long)k * depth - (long long)nc * rows - n;
    long long cost = SPAN_WHITE * white -
                     (s->fig_tight ? 0 : (long long)nc * irows);
    if (worst > FIG_CROP_MAX)
        cost += SPAN_BAD + (long long)worst * k * rows;
    /* the balanced columns fill the first columns beside it to its
     * foot: those the text does not reach stay empty */
    if (beside > 0 && rows > 0 && (n + rows - 1) / rows < beside)
        cost += 4 * SPAN_BAD;
    if (beside > 0 && leg > 0 && leg < LEG_MIN_LINES)
        cost += SPAN_BAD;
    if (beside == 1 && k >= 4 && n > 0)
        cost += (long long)k * rows;
    if (beside == 0 && n > 0) {
        int lim = bm_strip_depth(k);
        if (shown < lim)
            cost += (long long)(lim - shown) * k *
                    (s->fig_roomy ? SPAN_STRIP_ROOMY : SPAN_STRIP);
    }
    /* a photo story's pictures across (nearly) all of its module, never
     * a stack of thumbnails in one column */
    if (nfig > 1 && ((u->ar->kind == BM_ARTICLE_PHOTO && nc < k - 1) ||
                     (nc == 1 && k >= 2)))
        cost += SPAN_BAD;
    int want = want_span(s, u, k);
    int off = nc > want ? nc - want : want - nc;
    cost += (long long)off * (wrows > irows ? wrows : irows);
    return cost;
}

/*
 * The span a photo block takes first: about half the module (all of it at
 * 3 columns or fewer), all of it when the text beside could not fill the
 * columns next to it, narrower while a photo would be cut by more than a
 * fifth (unless that cuts another photo, a panorama, more).
 */
static bm_status first_span(pgctx *s, const figset *fs, unit *u, int k,
                            int budget, int hard, hvec *tmp, int *span)
{
    int nc = k <= 3 ? k : (k + 1) / 2, tall = 0, irows, worst;
    for (int pass = 0; pass <= k; pass++) {
        int r;
        bm_status rc = grid_size(s, u, fs, nc, budget, hard, tmp, &r, &irows,
                                 &tall, &worst);
        if (rc)
            return rc;
        if (pass == 0 && nc < k && bm_pg_flow_cells(u) < (k - nc) * (irows + 2)) {
            nc = k;          /* too little text to stand beside it */
            continue;
        }
        if (!tall || nc <= 1)
            break;
        int r2, i2, t2, w2;
        rc = grid_size(s, u, fs, nc - 1, budget, hard, tmp, &r2, &i2, &t2,
                       &w2);
        if (rc)
            return rc;
        if (fs->n > 1 && w2 >= worst)
            break;
        nc--;
    }
    *span = nc;
    return BM_OK;
}

/*
 * The span of u's photo block in a module of k columns, its photos' rows
 * within budget (hard: see lay_grid): first about half the module
 * (first_span); then, in a module of SPAN_SEARCH_MIN columns or more (but
 * on a roomy page) or when that first span makes a module an editor would
 * not print, every width from one column to the module's is judged
 * (span_cost) and the cheapest of those an editor would print taken
 * (none: the first stays, the planner's other spans do better).  *worst:
 * the cut of its most cut photo.
 */
static bm_status pick_span(pgctx *s, unit *u, const figset *fs, int k,
                           int budget, int hard, int deep, hvec *tmp,
                           int *span, int *worst)
{
    int nc, irows, tall, r;
    bm_status rc = first_span(s, fs, u, k, budget, hard, tmp, &nc);
    if (rc)
        return rc;
    int wr, wi, wt, ww; /* the photos at their own width */
    if ((rc = grid_size(s, u, fs, want_span(s, u, k), budget, hard, tmp, &wr,
                        &wi, &wt, &ww)))
        return rc;
    if ((rc = grid_size(s, u, fs, nc, budget, hard, tmp, &r, &irows, &tall,
                        worst)))
        return rc;
    long long bestc = span_cost(s, u, fs->n, k, nc, r, irows, *worst, wi, deep);
    int w0 = *worst;
    if (bestc >= SPAN_BAD || (k >= SPAN_SEARCH_MIN && !s->fig_roomy))
        for (int c = k; c >= 1; c--) {
            int w;
            if ((rc = grid_size(s, u, fs, c, budget, hard, tmp, &r, &irows,
                                &tall, &w)))
                return rc;
            long long cost = span_cost(s, u, fs->n, k, c, r, irows, w, wi,
                                       deep);
            if (cost < SPAN_BAD && cost < bestc) {
                nc = c;
                bestc = cost;
                w0 = w;
            }
        }
    *span = nc;
    *worst = w0;
    return BM_OK;
}

bm_status bm_pg_figure_block(pgctx *s, unit *u, int k, int hrows, hvec *fv,
                             int *span, int *rows)
{
    const bm_article *ar = u->ar;
    *span = 0;
    *rows = 0;
    figset fs = {0};
    for (size_t i = 0; i < ar->nblocks; i++)
        fs.n += ar->blocks[i].kind == BM_BLOCK_FIGURE && ar->blocks[i].image;
    if (!fs.n)
        return BM_OK;
    fs.f = bm_arena_alloc(s->a, (size_t)fs.n * sizeof *fs.f);
    fs.n = 0;
    for (size_t i = 0; i < ar->nblocks; i++)
        if (ar->blocks[i].kind == BM_BLOCK_FIGURE && ar->blocks[i].image)
            fs.f[fs.n++] = &ar->blocks[i];
    /* the photos' rows: FIG_MAX_SHARE of the page, less while the page is
     * recomposed to make room (pgctx.fig_share).  (A photo story's gallery
     * given more, 60 %, made pages tight enough that the planner cut a
     * lead on a sparse page rather than shrink a photo: it cuts before it
     * recomposes.) */
    int share = s->fig_share    ? s->fig_share
                : s->fig_roomy ? s->fig_roomy
                               : FIG_MAX_SHARE;
    int budget = s->rows * share / 100;
    budget = budget < FIG_MIN_ROWS ? FIG_MIN_ROWS : budget;
    /* the deepest its photos and text can stand under its head: the
     * page's lead is cut at its share of the page (the top band), any
     * story at the page's foot */
    int deep = (u->lead ? s->rows * s->lay->lead_max_pct / 100 : s->rows) -
               hrows;
    hvec tmp = {0};
    int nc, worst, hard = budget;
    bm_status rc = pick_span(s, u, &fs, k, budget, hard, deep, &tmp, &nc,
                             &worst);
    /* where its share cuts a picture by more than FIG_CROP_MAX, the
     * photos take up to FIG_ROOMY_SHARE of the rows rather, or where no
     * arrangement then fits the page, up to FIG_MAX_SHARE (a page
     * recomposed to make room), or cut (pgctx.fig_cut_more) */
    int usual = s->rows *
                (s->fig_cut_more ? FIG_MAX_SHARE : FIG_ROOMY_SHARE) / 100;
    if (!rc && worst > FIG_CROP_MAX && usual > budget &&
        s->fig_cut_more < 2) {
        hard = usual;
        rc = pick_span(s, u, &fs, k, budget, hard, deep, &tmp, &nc, &worst);
    }
    if (rc)
        return rc;
    int irows, tall;
    *span = nc;
    return lay_grid(s, &fs, nc, budget, hard, fv, rows, &irows, &tall, &worst);
}
