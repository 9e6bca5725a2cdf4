/*
 * ahead.c - body paragraphs composed ahead, on a second processor.
 *
 * Before it plans a page, the page composer makes every page's units
 * (page.c page_units): each article's column flow, every body paragraph
 * set at the column measure, one after another -- half of a 64-page
 * edition's layout.  A paragraph's lines depend only on its bytes, its
 * style and the fonts (bm_para_compose_fit: a composer keeps nothing from
 * one paragraph to the next but which warnings it has given), so a thread
 * with a composer of its own sets the paragraphs from the edition's last
 * page back while the page composer works from its first, and hands each
 * over when asked.  They meet about half way; what one claimed the other
 * leaves.
 *
 * The bytes are the same as composed in line:
 * - a paragraph is handed over only when the request is the one composed:
 *   the same text (pointer, length), source and style, byte for byte.
 *   What the thread composes is a guess at what page_units asks (the body
 *   paragraphs set as the model holds them, not those made on the fly with
 *   a run-in byline, a cross-reference or the editor code); a wrong guess
 *   costs time, never bytes.
 * - the lines are copied into the document's arena in the order and sizes
 *   bm_para_compose_fit allocates them, so the arena is laid out as if the
 *   paragraph had been composed there.
 * - warnings stay the page composer's, in its order: the thread forgets
 *   the warnings it gave before each paragraph (bm_composer_forget), so it
 *   warns of everything any composer could, and a paragraph that warned
 *   (or failed) is not handed over but composed again in line, where it
 *   warns in its turn.  A paragraph handed over gave no warning and leaves
 *   nothing in a composer that a warning depends on.
 *
 * Not with a fault armed (the fault tests count allocations, which must
 * not depend on a thread) nor on one processor (bm_fontset_subset_threads:
 * the pinned bench, or a batch's editions one to a processor).  The thread
 * reads the edition, the layout and the font set, as the cover's does, and
 * allocates from its own arena only.
 */
#include "page_private.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { J_FREE, J_AHEAD, J_DONE, J_FAILED, J_INLINE };

typedef struct job {
    const char   *text;
    size_t        len;
    const bm_src *src;
    bm_para_style ps;
    int           state;       /* J_*, under the lock */
    bm_pline     *lines;       /* J_DONE: from the thread's arena */
    size_t        nlines;
} job;

struct bm_pg_ahead {
    const bm_fontset *fs;
    job              *jobs;
    size_t            n;
    size_t           *slot;    /* open addressing on the text's address: */
    size_t            nslot;   /* job index + 1, 0 empty (a power of two) */
    bm_arena         *arena;   /* the thread's: lines, its diagnostics */
    pthread_mutex_t   lock;
    pthread_cond_t    done;    /* a job left J_AHEAD */
    int               stop;
    int               started;
    pthread_t         th;
};

static size_t slot_of(const bm_pg_ahead *ah, const char *text)
{
    uintptr_t h = (uintptr_t)text;
    h ^= h >> 17;
    h *= (uintptr_t)0x9E3779B97F4A7C15ull;
    return (size_t)(h >> 7) & (ah->nslot - 1);
}

static void add_job(bm_pg_ahead *ah, size_t *cap, const pgctx *s,
                    const char *text, bm_elem el, const bm_src *src)
{
    if (ah->n == *cap) {
        *cap = *cap ? 2 * *cap : 256;
        ah->jobs = bm_xrealloc(ah->jobs, *cap * sizeof *ah->jobs);
    }
    const bm_style *sty = &s->lay->styles[el];
    job *j = &ah->jobs[ah->n++];
    memset(j, 0, sizeof *j);
    j->text = text;
    j->len = strlen(text);
    j->src = src;
    bm_pg_para_style(s, el, bm_pg_flow_size(s, el), s->lay->col_width,
                     sty->indent, sty->align, j->len, &j->ps);
}

/* The body paragraphs article_flow (module.c) sets as the model holds
 * them, in the order page_units asks for them. */
static void list_jobs(bm_pg_ahead *ah, const pgctx *s)
{
    size_t cap = 0;
    const bm_edition *ed = s->ed;
    for (size_t p = 0; p < ed->npages; p++)
        for (size_t i = 0; i < ed->pages[p]->narticles; i++) {
            const bm_article *ar = ed->pages[p]->articles[i];
            bm_elem el = ar->kind == BM_ARTICLE_BRIEF ? BM_EL_BRIEF : BM_EL_BODY;
            int runin = ar->byline && bm_pg_starts_with(ar->byline, "本报讯");
            size_t last = bm_pg_last_para(ar);
            int first = 1;
            for (size_t b = 0; b < ar->nblocks; b++) {
                const bm_block *bl = &ar->blocks[b];
                if ((bl->kind != BM_BLOCK_PARAGRAPH &&
                     bl->kind != BM_BLOCK_NOTE) || !bl->text)
                    continue;
                int made = (first && runin) || bl->ref ||
                           (b == last && ar->editor_code);
                first = 0;
                if (!made)
                    add_job(ah, &cap, s, bl->text, el, &bl->src);
            }
        }
}

static void *ahead_worker(void *arg)
{
    bm_pg_ahead *ah = arg;
    bm_diags diags;
    bm_diags_init(&diags, ah->arena);
    bm_composer *c = NULL;
    bm_error err;
    bm_error_init(&err);
    if (bm_composer_new(ah->fs, &diags, &c, &err) != BM_OK)
        return NULL;   /* every paragraph is composed in line */
    for (size_t k = ah->n; k-- > 0;) {
        job *j = &ah->jobs[k];
        pthread_mutex_lock(&ah->lock);
        int state = j->state, stop = ah->stop;
        if (!stop && state == J_FREE)
            j->state = J_AHEAD;
        pthread_mutex_unlock(&ah->lock);
        if (stop || state == J_INLINE)
            break;   /* the page composer is here: the rest is its */
        if (state != J_FREE)
            continue;
        bm_composer_forget(c);
        size_t warned = diags.count;
        bm_status rc = bm_para_compose_fit(c, j->text, j->len, &j->ps, j->src,
                                           ah->arena, &j->lines, &j->nlines,
                                           NULL, &err);
        pthread_mutex_lock(&ah->lock);
        j->state = rc == BM_OK && diags.count == warned ? J_DONE : J_FAILED;
        pthread_cond_broadcast(&ah->done);
        pthread_mutex_unlock(&ah->lock);
    }
    bm_composer_free(c);
    return NULL;
}

bm_pg_ahead *bm_pg_ahead_start(const pgctx *s, const bm_fontset *fs)
{
    if (!fs || bm_fault_armed() || bm_fontset_subset_threads(fs) < 2 ||
        s->runin || s->keep_len || s->longer)
        return NULL;
    bm_pg_ahead *ah = bm_xmalloc(sizeof *ah);
    memset(ah, 0, sizeof *ah);
    ah->fs = fs;
    list_jobs(ah, s);
    if (ah->n < 2) {
        free(ah->jobs);
        free(ah);
        return NULL;
    }
    ah->nslot = 16;
    while (ah->nslot < 2 * ah->n)
        ah->nslot *= 2;
    ah->slot = bm_xmalloc(ah->nslot * sizeof *ah->slot);
    memset(ah->slot, 0, ah->nslot * sizeof *ah->slot);
    for (size_t k = 0; k < ah->n; k++) {
        size_t h = slot_of(ah, ah->jobs[k].text);
        while (ah->slot[h])
            h = (h + 1) & (ah->nslot - 1);
        ah->slot[h] = k + 1;
    }
    ah->arena = bm_arena_new();
    pthread_mutex_init(&ah->lock, NULL);
    pthread_cond_init(&ah->done, NULL);
    if (pthread_create(&ah->th, NULL, ahead_worker, ah) != 0) {
        bm_pg_ahead_stop(ah);
        return NULL;
    }
    ah->started = 1;
    return ah;
}

int bm_pg_ahead_take(bm_pg_ahead *ah, const char *text, size_t len,
                     const bm_para_style *ps, const bm_src *src, bm_arena *a,
                     bm_pline **lines, size_t *nlines)
{
    if (!ah)
        return 0;
    job *j = NULL;
    for (size_t h = slot_of(ah, text); ah->slot[h]; h = (h + 1) & (ah->nslot - 1))
        if (ah->jobs[ah->slot[h] - 1].text == text) {
            j = &ah->jobs[ah->slot[h] - 1];
            break;
        }
    if (!j || j->len != len || j->src != src ||
        memcmp(&j->ps, ps, sizeof *ps) != 0)
        return 0;
    pthread_mutex_lock(&ah->lock);
    if (j->state == J_FREE)
        j->state = J_INLINE;   /* not begun: the caller's */
    while (j->state == J_AHEAD)
        pthread_cond_wait(&ah->done, &ah->lock);
    int state = j->state;
    pthread_mutex_unlock(&ah->lock);
    if (state != J_DONE)
        return 0;
    /* as bm_para_compose_fit allocates them: the lines, then each line's
     * glyphs (and the one past them, zeroed) */
    *nlines = j->nlines;
    *lines = NULL;
    if (!j->nlines)
        return 1;
    bm_pline *out = bm_arena_alloc(a, j->nlines * sizeof *out);
    for (size_t l = 0; l < j->nlines; l++) {
        out[l] = j->lines[l];
        out[l].glyphs = bm_arena_alloc(a, (j->lines[l].nglyphs + 1) *
                                              sizeof *out[l].glyphs);
        memcpy(out[l].glyphs, j->lines[l].glyphs,
               j->lines[l].nglyphs * sizeof *out[l].glyphs);
    }
    *lines = out;
    return 1;
}

void bm_pg_ahead_stop(bm_pg_ahead *ah)
{
    if (!ah)
        return;
    if (ah->started) {
        pthread_mutex_lock(&ah->lock);
        ah->stop = 1;
        pthread_mutex_unlock(&ah->lock);
        pthread_join(ah->th, NULL);
    }
    pthread_cond_destroy(&ah->done);
    pthread_mutex_destroy(&ah->lock);
    bm_arena_free(ah->arena);
    free(ah->slot);
    free(ah->jobs);
    free(ah);
}
