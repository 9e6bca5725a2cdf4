/*
 * compact.c - the LayoutDoc kept without the trials that made it.
 *
 * The page composer works in one arena: every unit's header set at every
 * span, the headline sizes tried, the planner's trial lines.  Once the
 * pages are made, a 64-page edition's arena held 38 MB of which the pages
 * use 17, and it stayed for the back ends' whole run (the peak of a build
 * was there, while the PDF subset its fonts).  So the document is moved
 * into a fresh arena: its pages and their arrays of lines, boxes, outline
 * and regions are copied, and the blocks those point at (texts, glyph
 * arrays, rectangles, strings) go over with bm_arena_move, which frees the
 * old arena's chunks as it leaves them.
 *
 * The copy is the same document: every pointer that pointed into the old
 * arena points at a copy of the same bytes (slots that shared a block
 * still share one), and every other pointer is kept as it is: the
 * edition's strings and images (a box's `pic` is always the edition's,
 * read at ingest), static text ("" of an empty jump line).  These are all
 * the pointers a bm_lpage holds (layout.h): section; boxes[].article_id,
 * image, pic; lines[].article_id, text, glyphs; outline[].article_id,
 * title; regions[].article_id, rects.  Glyphs and rectangles hold none.
 * A field added to them with a pointer must be added here.
 *
 * The heap is trimmed before and after (bm_heap_trim): the flow vectors
 * freed just before (page.c) and the old chunks freed by the move are
 * holes in the middle of the heap, resident until reused, and what comes
 * next (the copy's arrays, the PDF's font subsets read through file
 * mappings) mostly does not reuse them.  Measured at 64 generated pages
 * (pinned, the peak of a whole build): 83.5 MB before, 79.5 with the move
 * alone, 73.8 with the trims, which is the layout's own high-water mark;
 * the compaction costs about 20 ms of CPU there (0.6 ms at four pages).
 *
 * Rejected: setting the trials in an arena of their own.  The lines a page
 * keeps are made among its trials (a unit's header at the span the
 * planner picks, set with all the others it tried), so either every kept
 * line would be copied out of the trial arena as it is placed, through
 * the same pointer walk as here, or the composer would need to know
 * before setting a header whether it will be kept.  Marks (setter.c)
 * already give back what is only measured.
 */
#include "page_private.h"

#include <stdlib.h>
#include <string.h>

typedef struct refs {
    bm_arena_ref *v;
    size_t        n, cap;
} refs;

static void ref_add(refs *r, void *slot, size_t size)
{
    if (!*(void **)slot)
        return;
    if (r->n == r->cap) {
        r->cap = r->cap ? 2 * r->cap : 1024;
        r->v = bm_xrealloc(r->v, r->cap * sizeof *r->v);
    }
    r->v[r->n].slot = slot;
    r->v[r->n].size = size;
    r->n++;
}

static void ref_string(refs *r, const char **slot)
{
    if (*slot)
        ref_add(r, (void *)slot, strlen(*slot) + 1);
}

/*
 * The array of n elements of `size` at *slot, copied into `a` now.  An
 * empty one's pointer goes over as a block of no bytes: it must not be
 * left pointing into the old arena, nor become NULL where it was not.
 */
static void array_copy(bm_arena *a, refs *r, void *slot, size_t n,
                       size_t size)
{
    void **p = slot;
    if (!*p)
        return;
    if (!n) {
        ref_add(r, slot, 0);
        return;
    }
    void *q = bm_arena_alloc(a, n * size);
    memcpy(q, *p, n * size);
    *p = q;
}

/* The slots bm_pg_compact gives bm_arena_move, at most. */
static size_t count_refs(const bm_layout_doc *doc)
{
    size_t n = 0;
    for (size_t p = 0; p < doc->npages; p++) {
        const bm_lpage *pg = &doc->pages[p];
        n += 5 + 2 * pg->nboxes + 3 * pg->nlines + 2 * pg->noutline +
             2 * pg->nregions;
    }
    return n;
}

bm_layout_doc *bm_pg_compact(bm_layout_doc *old)
{
    bm_heap_trim();
    bm_arena *a = bm_arena_new();
    bm_layout_doc *doc = bm_arena_alloc(a, sizeof *doc);
    *doc = *old;   /* ed and fonts are borrowed */
    doc->arena = a;
    refs r = {0};
    r.cap = count_refs(old) + 1;
    r.v = bm_xmalloc(r.cap * sizeof *r.v);
    array_copy(a, &r, &doc->pages, doc->npages, sizeof *doc->pages);
    for (size_t p = 0; p < doc->npages; p++) {
        bm_lpage *pg = &doc->pages[p];
        array_copy(a, &r, &pg->boxes, pg->nboxes, sizeof *pg->boxes);
        array_copy(a, &r, &pg->lines, pg->nlines, sizeof *pg->lines);
        array_copy(a, &r, &pg->outline, pg->noutline, sizeof *pg->outline);
        array_copy(a, &r, &pg->regions, pg->nregions, sizeof *pg->regions);
        ref_string(&r, &pg->section);
        for (size_t i = 0; i < pg->nboxes; i++) {
            ref_string(&r, &pg->boxes[i].article_id);
            ref_string(&r, &pg->boxes[i].image);
        }
        for (size_t i = 0; i < pg->nlines; i++) {
            bm_line *l = &pg->lines[i];
            ref_string(&r, &l->article_id);
            /* text[len] is the NUL of the line's own copy (setter.c) */
            ref_add(&r, &l->text, l->len + 1);
            ref_add(&r, &l->glyphs, l->nglyphs * sizeof *l->glyphs);
        }
        for (size_t i = 0; i < pg->noutline; i++) {
            ref_string(&r, &pg->outline[i].article_id);
            ref_string(&r, &pg->outline[i].title);
        }
        for (size_t i = 0; i < pg->nregions; i++) {
            bm_region *g = &pg->regions[i];
            ref_string(&r, &g->article_id);
            ref_add(&r, &g->rects, g->nrects * sizeof *g->rects);
        }
    }
    bm_arena_move(old->arena, a, r.v, r.n);
    free(r.v);
    bm_heap_trim();
    return doc;
}
