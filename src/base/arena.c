/*
 * arena.c - bump allocator for the edition model, strings and pages.
 *
 * Chunks are chained; a request larger than a chunk gets a chunk of its own.
 * Nothing is freed one by one [MuPDF fz_pool].  Out of memory aborts here
 * and only here, so callers need no NULL checks.
 *
 * Memory handed out is zeroed.  Chunks come from calloc, which gets fresh
 * pages from the kernel already zeroed (mmap, or the top of the heap), so
 * a chunk's bytes beyond `clean` (its high-water mark) are zero and only
 * reused bytes (after bm_arena_reset) are cleared again: measured on a
 * four-page build, clearing every allocation was 17% of the run's time,
 * most of it touching pages a second time.
 */
#include "base.h"

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#define CHUNK_SIZE (64 * 1024)
#define ALIGN 16

typedef struct chunk {
    struct chunk *next, *prev;
    struct chunk *self;       /* a block's own chunk: itself, else NULL */
    unsigned long seq;        /* order of making (bm_arena_release) */
    size_t        size, used;
    size_t        clean;      /* bytes from here on are still zero */
    _Alignas(16) unsigned char data[];
} chunk;

struct bm_arena {
    chunk *head;      /* current chunk, newest first */
    size_t total;     /* bytes handed out */
    unsigned long seq;          /* chunks made */
    chunk *keep_chunk;          /* the innermost mark's chunk and used: */
    size_t keep_used;           /* no block from before it grows in place */
};

static void oom(size_t n)
{
    fprintf(stderr, "banmian: out of memory (%zu bytes)\n", n);
    abort();
}

void *bm_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        oom(n);
    return p;
}

void *bm_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        oom(n);
    return q;
}

static chunk *chunk_sized(bm_arena *a, size_t size)
{
    chunk *c = calloc(1, sizeof(chunk) + size);
    if (!c)
        oom(sizeof(chunk) + size);
    c->size = size;
    c->seq = a ? ++a->seq : 0;
    return c;
}

static chunk *chunk_new(bm_arena *a, size_t min)
{
    return chunk_sized(a, min > CHUNK_SIZE ? min : CHUNK_SIZE);
}

/* Hands out c->data[used, used + need), zeroed. */
static void *take(chunk *c, size_t need)
{
    unsigned char *p = c->data + c->used;
    if (c->used < c->clean)
        memset(p, 0, (c->clean < c->used + need ? c->clean : c->used + need) -
                         c->used);
    c->used += need;
    if (c->clean < c->used)
        c->clean = c->used;
    return p;
}

bm_arena *bm_arena_new(void)
{
    bm_arena *a = bm_xmalloc(sizeof *a);
    memset(a, 0, sizeof *a);
    a->head = chunk_new(a, CHUNK_SIZE);
    return a;
}

void bm_arena_free(bm_arena *a)
{
    if (!a)
        return;
    chunk *c = a->head;
    while (c) {
        chunk *next = c->next;
        free(c);
        c = next;
    }
    free(a);
}

void bm_arena_reset(bm_arena *a)
{
    chunk *c = a->head;
    /* keep the oldest chunk (the last in the chain) */
    while (c && c->next) {
        chunk *next = c->next;
        free(c);
        c = next;
    }
    a->head = c;
    a->head->prev = NULL;
    a->head->used = 0;
    a->keep_chunk = NULL;
    a->keep_used = 0;
    a->total = 0;
}

void *bm_arena_alloc(bm_arena *a, size_t n)
{
    size_t need = (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
    if (need < n)
        oom(n);
    chunk *c = a->head;
    if (need > CHUNK_SIZE / 4) {
        /* big block: own chunk, linked behind the head so the head's
         * free space is not wasted; bm_arena_grow may replace it */
        /* exactly its size: a 20 KB block in a 64 KB chunk wasted the rest
         * (and cleared it, when the heap reused freed memory for it) */
        chunk *big = chunk_sized(a, need);
        big->self = big;
        big->next = c->next;
        big->prev = c;
        if (c->next)
            c->next->prev = big;
        c->next = big;
        a->total += need;
        return take(big, need);
    }
    if (c->size - c->used < need) {
        c = chunk_new(a, CHUNK_SIZE);
        c->next = a->head;
        a->head->prev = c;
        a->head = c;
    }
    a->total += need;
    return take(c, need);
}

/* The own chunk of block p (a big block at the start of its own chunk),
 * or NULL.  The bytes read lie inside p's chunk whatever p is. */
static chunk *own_chunk(void *p)
{
    if (!p)
        return NULL;
    chunk *big = (chunk *)(void *)((unsigned char *)p - offsetof(chunk, data));
    return big->self == big && big->prev && big->used <= big->size &&
                   big->used > CHUNK_SIZE / 4
               ? big
               : NULL;
}

/*
 * A grown vector's old copy used to stay in the arena until the end (a
 * doubling vector leaves as much behind as it finally holds: 14 MB of the
 * header and flow vectors of a 64-page build).  So a block with its own
 * chunk moves to a new chunk and the old one is freed for the heap to
 * reuse, and the newest block of the current chunk grows in place when the
 * chunk has room.  The old pointer is then invalid, as after realloc.
 */
void *bm_arena_grow(bm_arena *a, void *old, size_t oldn, size_t newn)
{
    if (newn <= oldn)
        return old;
    size_t need = (newn + ALIGN - 1) & ~(size_t)(ALIGN - 1);
    size_t oldneed = (oldn + ALIGN - 1) & ~(size_t)(ALIGN - 1);
    if (need < newn)
        oom(newn);
    chunk *c = a->head;
    unsigned char *o = old;
    if (o && o >= c->data && o < c->data + c->used &&
        o + oldneed == c->data + c->used &&
        (c != a->keep_chunk || o >= c->data + a->keep_used) &&
        (size_t)(o - c->data) + need <= c->size) {
        memset(o + oldn, 0, oldneed - oldn);
        (void)take(c, need - oldneed);
        a->total += need - oldneed;
        return old;
    }
    if (o && need > CHUNK_SIZE / 4) {
        /* a block at the start of its own chunk: the chunk header sits
         * right before it (for any other block, those bytes are inside
         * its chunk, so reading them is safe, and `self` does not match) */
        chunk *big = own_chunk(o);
        if (big) {
            chunk *nb = chunk_sized(NULL, need);
            nb->self = nb;
            nb->seq = big->seq;   /* the same block, made when it was */
            memcpy(nb->data, o, oldn);
            (void)take(nb, need);
            nb->next = big->next;
            nb->prev = big->prev;
            nb->prev->next = nb;
            if (nb->next)
                nb->next->prev = nb;
            a->total += need - big->used;
            free(big);
            return nb->data;
        }
    }
    void *p = bm_arena_alloc(a, newn);
    if (old && oldn)
        memcpy(p, old, oldn);
    return p;
}

void bm_arena_free_block(bm_arena *a, void *p)
{
    chunk *big = own_chunk(p);
    if (!big)
        return;
    big->prev->next = big->next;
    if (big->next)
        big->next->prev = big->prev;
    a->total -= big->used;
    big->self = NULL;
    free(big);
}

void bm_arena_mark_get(bm_arena *a, bm_arena_mark *m)
{
    m->chunk = a->head;
    m->used = a->head->used;
    m->total = a->total;
    m->seq = a->seq;   /* chunks made from now on are numbered above it */
    m->keep_chunk = a->keep_chunk;
    m->keep_used = a->keep_used;
    a->keep_chunk = a->head;
    a->keep_used = a->head->used;
}

/*
 * Everything made since the mark goes: the chunks newer than its chunk
 * (before it in the chain), the big blocks' own chunks linked right
 * behind it since (big chunks go behind the head of their time, so those
 * newer than the mark are the run right after it), and its chunk's bytes
 * past the mark (cleared again when reused: `clean`).
 */
void bm_arena_release(bm_arena *a, const bm_arena_mark *m)
{
    chunk *mc = m->chunk;
    chunk *c = a->head;
    while (c != mc) {
        chunk *next = c->next;
        free(c);
        c = next;
    }
    a->head = mc;
    mc->prev = NULL;
    c = mc->next;
    while (c && c->seq > m->seq) {
        chunk *next = c->next;
        free(c);
        c = next;
    }
    mc->next = c;
    if (c)
        c->prev = mc;
    mc->used = m->used;
    a->total = m->total;
    a->keep_chunk = m->keep_chunk;
    a->keep_used = m->keep_used;
}

void bm_arena_unmark(bm_arena *a, const bm_arena_mark *m)
{
    a->keep_chunk = m->keep_chunk;
    a->keep_used = m->keep_used;
}

static int chunk_cmp(const void *x, const void *y)
{
    uintptr_t p = (uintptr_t)*(chunk *const *)x;
    uintptr_t q = (uintptr_t)*(chunk *const *)y;
    return p < q ? -1 : p > q;
}

/* By the address a slot holds, then the largest block first (the copy the
 * other slots holding that address share). */
static int ref_cmp(const void *x, const void *y)
{
    const bm_arena_ref *r = x, *t = y;
    uintptr_t p = (uintptr_t)*r->slot, q = (uintptr_t)*t->slot;
    if (p != q)
        return p < q ? -1 : 1;
    return r->size > t->size ? -1 : r->size < t->size;
}

/*
 * The slots sorted by the address they hold walk `from`'s chunks (sorted
 * by address too) in order: once a slot points past a chunk's end, no
 * slot left points into it, and the chunk goes back to the heap, where
 * `to`'s next chunks (of the same 64 KB) can take its place.  A pointer
 * at a chunk's very end (an empty array made when the chunk was full)
 * belongs to that chunk: the next chunk's data lies past its header.
 */
void bm_arena_move(bm_arena *from, bm_arena *to, bm_arena_ref *refs, size_t n)
{
    size_t nc = 0;
    for (chunk *c = from->head; c; c = c->next)
        nc++;
    chunk **cs = bm_xmalloc(nc * sizeof *cs);
    nc = 0;
    for (chunk *c = from->head; c; c = c->next)
        cs[nc++] = c;
    qsort(cs, nc, sizeof *cs, chunk_cmp);
    if (n)
        qsort(refs, n, sizeof *refs, ref_cmp);
    size_t k = 0;
    const unsigned char *last = NULL;   /* the block copied last */
    void *last_copy = NULL;
    for (size_t i = 0; i < n; i++) {
        const unsigned char *p = *refs[i].slot;
        if (!p)
            continue;
        while (k < nc && (uintptr_t)(cs[k]->data + cs[k]->size) < (uintptr_t)p)
            free(cs[k++]);
        if (k == nc || (uintptr_t)p < (uintptr_t)cs[k]->data)
            continue;   /* not from `from` */
        if (p != last) {
            /* a size running past the chunk is the caller's mistake:
             * only the chunk's bytes are read, the rest of the copy is 0 */
            size_t size = refs[i].size;
            size_t room = (size_t)(cs[k]->data + cs[k]->size - p);
            last_copy = bm_arena_alloc(to, size);
            if (size && room)
                memcpy(last_copy, p, size < room ? size : room);
            last = p;
        }
        *refs[i].slot = last_copy;
    }
    while (k < nc)
        free(cs[k++]);
    free(cs);
    free(from);
}

void bm_heap_trim(void)
{
#ifdef __GLIBC__
    malloc_trim(0);
#endif
}

char *bm_arena_strndup(bm_arena *a, const char *s, size_t n)
{
    char *p = bm_arena_alloc(a, n + 1);
    if (n)
        memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *bm_arena_strdup(bm_arena *a, const char *s)
{
    return s ? bm_arena_strndup(a, s, strlen(s)) : NULL;
}

char *bm_arena_printf(bm_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        n = 0;
    char *p = bm_arena_alloc(a, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

size_t bm_arena_used(const bm_arena *a)
{
    return a->total;
}

/* ---- fault injection ------------------------------------------------------ */

static long fault_alloc_left, fault_write_left;

void bm_fault_set(long nth_alloc, long nth_write)
{
    fault_alloc_left = nth_alloc;
    fault_write_left = nth_write;
}

static long fault_pause_left;

int bm_fault_armed(void)
{
    return fault_alloc_left > 0 || fault_write_left > 0 ||
           fault_pause_left > 0;
}

int bm_fault_alloc(void)
{
    return fault_alloc_left > 0 && --fault_alloc_left == 0;
}

static int fault_pause_now(void);

int bm_fault_write(void)
{
    if (fault_pause_now())
        raise(SIGSTOP); /* test hook: a signal arrives mid-write */
    return fault_write_left > 0 && --fault_write_left == 0;
}

void bm_fault_set_pause(long nth_write)
{
    fault_pause_left = nth_write;
}

static int fault_pause_now(void)
{
    return fault_pause_left > 0 && --fault_pause_left == 0;
}
