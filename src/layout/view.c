/*
 * view.c - the edition as printed: what a back end that walks the model
 * (the reflowable EPUB) needs to follow the pages the layout made rather
 * than the pages edition.xml planned.  A story that moved, or an edition
 * that grew a page, then shows in the EPUB's page-list, pagebreak markers
 * and reading order exactly as in the PDF.
 */
#include "layout.h"

#include <string.h>

/* Article `id` of the edition, or NULL. */
static bm_article *find(const bm_edition *ed, const char *id)
{
    return id ? bm_edition_find_article(ed, id) : NULL;
}

static void add(bm_arena *a, bm_page *pg, bm_article *ar)
{
    if (pg->narticles == pg->cap_articles) {
        size_t nc = pg->cap_articles ? pg->cap_articles * 2 : 8;
        pg->articles = bm_arena_grow(a, pg->articles,
                                     pg->narticles * sizeof *pg->articles,
                                     nc * sizeof *pg->articles);
        pg->cap_articles = nc;
    }
    pg->articles[pg->narticles++] = ar;
}

bm_status bm_layout_printed_edition(const bm_layout_doc *doc, bm_edition *out,
                                    bm_error *err)
{
    const bm_edition *ed = doc->ed;
    bm_arena *a = doc->arena;
    *out = *ed;
    out->npages = doc->npages;
    out->pages = bm_arena_alloc(a, (doc->npages ? doc->npages : 1) *
                                       sizeof *out->pages);
    /* which articles have been met, by index in the edition */
    size_t total = 0;
    for (size_t p = 0; p < ed->npages; p++)
        total += ed->pages[p]->narticles;
    const bm_article **seen = bm_arena_alloc(a, (total ? total : 1) *
                                                    sizeof *seen);
    size_t nseen = 0;
    for (size_t p = 0; p < doc->npages; p++) {
        const bm_lpage *lp = &doc->pages[p];
        bm_page *pg = bm_arena_alloc(a, sizeof *pg);
        memset(pg, 0, sizeof *pg);
        pg->number = lp->number;
        pg->section = lp->section;
        /* the planned page's labels and source when it is one of them */
        if (p < ed->npages) {
            pg->sections = ed->pages[p]->sections;
            pg->nsections = ed->pages[p]->nsections;
            pg->dump = ed->pages[p]->dump;
            pg->src = ed->pages[p]->src;
        }
        out->pages[p] = pg;
        /* articles that open here, in reading order (lines are); an
         * article's lines come in runs, so a run is looked up once */
        const char *last = NULL;
        for (size_t i = 0; i < lp->nlines + lp->nboxes; i++) {
            const char *id = i < lp->nlines ? lp->lines[i].article_id
                                            : lp->boxes[i - lp->nlines].article_id;
            if (!id || id == last)
                continue;
            last = id;
            bm_article *ar = find(ed, id);
            if (!ar)
                continue;
            int met = 0;
            for (size_t k = 0; k < nseen && !met; k++)
                met = seen[k] == ar;
            if (met)
                continue;
            if (nseen == total)
                return bm_error_set(err, BM_INTERNAL, NULL, 0, 0,
                                    "page %d shows an article the edition "
                                    "does not have", lp->number);
            seen[nseen++] = ar;
            add(a, pg, ar);
        }
    }
    /* an article the pages do not show would be lost: never */
    if (nseen != total)
        return bm_error_set(err, BM_INTERNAL, NULL, 0, 0,
                            "%zu of the edition's articles are on no page",
                            total - nseen);
    return BM_OK;
}
