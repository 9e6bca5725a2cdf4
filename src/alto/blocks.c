/*
 * blocks.c - the blocks of each page and the articles' reading order.
 *
 * A TextBlock is a run of consecutive lines (the lines array is in reading
 * order) of one article and one text element (bm_line.elem) that stays in
 * one column: a line that moves up the page starts a new block, so a
 * paragraph continued in the next column or on another page is two blocks
 * of the same article.  The lines of a headline are one block although
 * each <line> was composed on its own.  What the PDF tags as an artifact
 * (src/pdf/structure.c) is page furniture here too: its blocks belong to
 * no article and stay out of the ReadingOrder.
 *
 * Reading order on a page: the articles in the edition's order, each one's
 * blocks in line order, an image just before the first caption of its
 * article on the page (else after the article's last block there).
 */
#include "alto_private.h"

#include <string.h>

static int furniture_kind(bm_line_kind k)
{
    return k == BM_LINE_JUMP || k == BM_LINE_MASTHEAD ||
           k == BM_LINE_RUNNING_HEAD || k == BM_LINE_SECTION;
}

static int article_index(const bm_alto_doc *ad, const char *id)
{
    if (!id)
        return -1;
    for (size_t i = 0; i < ad->narticles; i++)
        if (!strcmp(ad->articles[i].id, id))
            return (int)i;
    return -1;
}

static void articles(bm_alto_doc *ad)
{
    const bm_edition *ed = ad->doc->ed;
    size_t n = 0;
    for (size_t p = 0; ed && p < ed->npages; p++)
        n += ed->pages[p]->narticles;
    ad->articles = bm_arena_alloc(ad->a, (n + 1) * sizeof *ad->articles);
    for (size_t p = 0; ed && p < ed->npages; p++)
        for (size_t i = 0; i < ed->pages[p]->narticles; i++) {
            const bm_article *ar = ed->pages[p]->articles[i];
            if (!ar->id || article_index(ad, ar->id) >= 0)
                continue;
            bm_alto_article *x = &ad->articles[ad->narticles++];
            x->id = ar->id;
            x->title = bm_article_title(ad->a, ar);
            x->section = ed->pages[p]->section;
            x->lang = bm_article_lang(ed, ar);
            x->model_page = ed->pages[p]->number;
        }
}

static bm_rect rect_union(bm_rect a, bm_rect b)
{
    bm_fix x0 = a.x < b.x ? a.x : b.x, y0 = a.y < b.y ? a.y : b.y;
    bm_fix x1 = a.x + a.w > b.x + b.w ? a.x + a.w : b.x + b.w;
    bm_fix y1 = a.y + a.h > b.y + b.h ? a.y + a.h : b.y + b.h;
    return (bm_rect){x0, y0, x1 - x0, y1 - y0};
}

static bm_alto_block *add_block(bm_alto_doc *ad, bm_alto_page *pg,
                                size_t *cap, alto_block_kind kind)
{
    if (pg->nblocks == *cap) {
        size_t nc = *cap ? 2 * *cap : 32;
        pg->blocks = bm_arena_grow(ad->a, pg->blocks,
                                   *cap * sizeof *pg->blocks,
                                   nc * sizeof *pg->blocks);
        *cap = nc;
    }
    bm_alto_block *b = &pg->blocks[pg->nblocks++];
    memset(b, 0, sizeof *b);
    b->kind = kind;
    b->article = -1;
    return b;
}

void bm_alto_blocks(bm_alto_doc *ad)
{
    const bm_layout_doc *doc = ad->doc;
    articles(ad);
    ad->pages = bm_arena_alloc(ad->a, (doc->npages + 1) * sizeof *ad->pages);
    /* the page where each article's headline was first set */
    int *head_page = bm_arena_alloc(ad->a, (ad->narticles + 1) * sizeof *head_page);
    for (size_t p = 0; p < doc->npages; p++) {
        const bm_lpage *lp = &doc->pages[p];
        bm_alto_page *pg = &ad->pages[p];
        size_t cap = 0;
        int ntb = 0, nil = 0, nge = 0;
        /* images first (they are drawn first), then rules and frames */
        for (size_t i = 0; i < lp->nboxes; i++) {
            const bm_box *bx = &lp->boxes[i];
            if (bx->kind == BM_BOX_MODULE ||
                (bx->kind == BM_BOX_IMAGE && !bx->image))
                continue;
            int img = bx->kind == BM_BOX_IMAGE;
            bm_alto_block *b =
                add_block(ad, pg, &cap, img ? ALTO_ILLUSTRATION : ALTO_GRAPHIC);
            b->box = bx;
            b->rect = bx->rect;
            if (img)
                b->article = article_index(ad, bx->article_id);
            snprintf(b->id, sizeof b->id, img ? "P%zu_IL%d" : "P%zu_GE%d",
                     p + 1, img ? ++nil : ++nge);
        }
        bm_alto_block *cur = NULL;
        for (size_t l = 0; l < lp->nlines; l++) {
            const bm_line *ln = &lp->lines[l];
            int art = furniture_kind(ln->kind) ? -1
                                               : article_index(ad, ln->article_id);
            if (art >= 0 && ln->kind == BM_LINE_HEADLINE) {
                if (!head_page[art])
                    head_page[art] = (int)p + 1;
                else if (head_page[art] != (int)p + 1)
                    art = -1; /* repeated over a continuation */
            }
            const bm_line *prev = l ? &lp->lines[l - 1] : NULL;
            int same = cur && prev && cur->article == art &&
                       prev->kind == ln->kind &&
                       (ln->kind == BM_LINE_HEADLINE || prev->elem == ln->elem) &&
                       ln->rect.y >= prev->rect.y;
            if (!same) {
                cur = add_block(ad, pg, &cap, ALTO_TEXT);
                cur->article = art;
                cur->first = l;
                cur->rect = ln->rect;
                snprintf(cur->id, sizeof cur->id, "P%zu_TB%d", p + 1, ++ntb);
            } else {
                cur->rect = rect_union(cur->rect, ln->rect);
            }
            cur->nlines++;
        }

        /* reading order */
        pg->order = bm_arena_alloc(ad->a, (pg->nblocks + 1) * sizeof *pg->order);
        for (size_t a = 0; a < ad->narticles; a++) {
            size_t start = pg->norder;
            int placed_figs = 0;
            for (size_t i = 0; i < pg->nblocks; i++) {
                const bm_alto_block *b = &pg->blocks[i];
                if (b->article != (int)a || b->kind != ALTO_TEXT)
                    continue;
                if (!placed_figs && lp->lines[b->first].kind == BM_LINE_CAPTION) {
                    for (size_t k = 0; k < pg->nblocks; k++)
                        if (pg->blocks[k].article == (int)a &&
                            pg->blocks[k].kind == ALTO_ILLUSTRATION)
                            pg->order[pg->norder++] = k;
                    placed_figs = 1;
                }
                pg->order[pg->norder++] = i;
            }
            if (!placed_figs)
                for (size_t k = 0; k < pg->nblocks; k++)
                    if (pg->blocks[k].article == (int)a &&
                        pg->blocks[k].kind == ALTO_ILLUSTRATION)
                        pg->order[pg->norder++] = k;
            if (pg->norder > start)
                ad->articles[a].laid_out = 1;
        }
    }
}
