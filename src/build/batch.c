/*
 * batch.c - many editions in one process (`banmian build DIR DIR...`,
 * `--batch FILE`, `-j N`).
 *
 * What a batch saves is the fixed cost of a run: the font set (faces,
 * cmaps, advances, pick tables) is opened once and shared read-only by
 * every thread (src/font says which of its calls may be made from several
 * threads), and a face much subset is preprocessed for subsetting once it
 * pays (bm_fontset_prepare_subsets), after which every PDF's subset of it
 * costs a half to a quarter as much.
 *
 * Each edition is one bm_build_run on one thread, with the options of a
 * build of that edition alone, so its files are byte for byte the files
 * of `banmian build EDITION` (tests/e2e/batch.sh compares them), each
 * written to a temporary name and renamed (src/build/build.c).  The
 * libraries: libharu documents, libzip archives and libxml2 documents are
 * per build; libxml2's parser is initialised here once, before any thread
 * starts; ICU's services are thread-safe; FreeType is only used while the
 * set opens, on this thread.
 *
 * Editions are handed out in the order given; their reports go back in
 * that order, one at a time, whatever order they finish in, so the
 * output of `-j 4` reads like that of `-j 1`.  Two editions whose files
 * would share a name (the same stem and date, e.g. one directory given
 * twice): the later one in the list fails, whichever finishes first --
 * an edition checks its name only once every earlier edition has its
 * own (they were all started before it, so this wait always ends).
 */
#include "build.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/xmlschemastypes.h>

typedef struct slot {
    bm_build *b;
    bm_status s;
    bm_error  err;
    char     *name;      /* output name, once ingest made it (heap) */
    int       named;     /* 1: name set, or the edition failed before it */
    int       finished;
} slot;

typedef struct batch {
    const bm_batch_options *o;
    bm_fontset             *fs;
    slot                   *slots;
    size_t                  next;        /* next edition to hand out */
    size_t                  reported;    /* editions reported so far */
    size_t                  done, failed;
    pthread_mutex_t         lock;        /* everything above */
    pthread_cond_t          named;       /* a slot became named */
    pthread_mutex_t         report_lock; /* report/progress calls */
} batch;

typedef struct claim_ctx {
    batch *bt;
    size_t i;
} claim_ctx;

static void set_named(batch *bt, size_t i, const char *name)
{
    pthread_mutex_lock(&bt->lock);
    if (!bt->slots[i].named) {
        bt->slots[i].name = name ? strdup(name) : NULL;
        bt->slots[i].named = 1;
        pthread_cond_broadcast(&bt->named);
    }
    pthread_mutex_unlock(&bt->lock);
}

/* bm_build_options.claim: refuses a name an earlier edition has. */
static int claim(void *ctx, const char *name, bm_error *err)
{
    claim_ctx *c = ctx;
    batch *bt = c->bt;
    set_named(bt, c->i, name);
    pthread_mutex_lock(&bt->lock);
    size_t clash = c->i;
    for (size_t j = 0; j < c->i; j++) {
        while (!bt->slots[j].named)
            pthread_cond_wait(&bt->named, &bt->lock);
        if (bt->slots[j].name && !strcmp(bt->slots[j].name, name)) {
            clash = j;
            break;
        }
    }
    pthread_mutex_unlock(&bt->lock);
    if (clash == c->i)
        return 0;
    bm_error_set(err, BM_INPUT, NULL, 0, 0,
                 "its files would be named %s.* like those of %s, given "
                 "before it: build one of them on its own with another -o",
                 name, bt->o->editions[clash]);
    return 1;
}

/* Hands the finished editions at the head of the list to o->report. */
static void report_ready(batch *bt)
{
    pthread_mutex_lock(&bt->report_lock);
    for (;;) {
        pthread_mutex_lock(&bt->lock);
        size_t i = bt->reported;
        int ready = i < bt->o->n && bt->slots[i].finished;
        if (ready)
            bt->reported++;
        pthread_mutex_unlock(&bt->lock);
        if (!ready)
            break;
        slot *sl = &bt->slots[i];
        if (bt->o->report)
            bt->o->report(bt->o->ctx, i, sl->b, sl->s, &sl->err);
        bm_build_free(sl->b);
        sl->b = NULL;
    }
    pthread_mutex_unlock(&bt->report_lock);
}

static void build_one(batch *bt, size_t i)
{
    const bm_batch_options *bo = bt->o;
    slot *sl = &bt->slots[i];
    bm_build_options o = *bo->build;
    const char *input = bo->editions[i];
    o.inputs = &input;
    o.ninputs = 1;
    o.edition = NULL;
    o.fonts = bt->fs;
    o.dump_layout = NULL;
    o.progress = NULL;
    o.progress_ctx = NULL;
    claim_ctx cc = {bt, i};
    o.claim = claim;
    o.claim_ctx = &cc;
    bm_error_init(&sl->err);
    if (access(input, F_OK) != 0) {
        sl->b = NULL;
        sl->s = bm_error_set(&sl->err, BM_INPUT, NULL, 0, 0,
                             "no such edition directory");
    } else if (!bm_build_is_edition(&input, 1)) {
        sl->b = NULL;
        sl->s = bm_error_set(&sl->err, BM_INPUT, NULL, 0, 0,
                             "not an edition: give its directory (the one "
                             "with edition.xml) or its edition.xml");
    } else {
        sl->s = bm_build_run(&o, &sl->b, &sl->err);
    }
    set_named(bt, i, NULL);   /* failed before its name was known */

    pthread_mutex_lock(&bt->lock);
    sl->finished = 1;
    bt->done++;
    bt->failed += sl->s != BM_OK;
    size_t done = bt->done, failed = bt->failed;
    pthread_mutex_unlock(&bt->lock);
    if (bo->progress) {
        pthread_mutex_lock(&bt->report_lock);
        bo->progress(bo->ctx, done, failed, bo->n);
        pthread_mutex_unlock(&bt->report_lock);
    }
    report_ready(bt);
}

static void *worker(void *arg)
{
    batch *bt = arg;
    for (;;) {
        pthread_mutex_lock(&bt->lock);
        size_t i = bt->next < bt->o->n ? bt->next++ : bt->o->n;
        pthread_mutex_unlock(&bt->lock);
        if (i == bt->o->n)
            return NULL;
        build_one(bt, i);
    }
}

static double seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

bm_status bm_build_batch(const bm_batch_options *o, bm_batch_result *r,
                         bm_error *err)
{
    memset(r, 0, sizeof *r);
    double t0 = seconds();
    batch bt;
    memset(&bt, 0, sizeof bt);
    bt.o = o;
    if (o->build->fonts) {
        bt.fs = o->build->fonts;
    } else {
        bm_status s = bm_fontset_open(o->build->fonts_conf, &bt.fs, err);
        if (s)
            return s;
    }
    r->fonts_seconds = seconds() - t0;
    bm_fontset_prepare_subsets(bt.fs, o->prepare == BM_BATCH_PREPARE_NO
                                          ? BM_SUBSET_PREP_NONE
                                      : o->prepare == BM_BATCH_PREPARE_YES
                                          ? BM_SUBSET_PREP_FIRST
                                          : BM_SUBSET_PREP_AUTO);
    xmlInitParser();   /* once, before any thread parses */
    /* libxml2 builds its RelaxNG and XML Schema datatype tables on the
     * first schema, without a lock: two threads racing there leaked a
     * table (LeakSanitizer in e2e/batch, about one run in four) */
    xmlRelaxNGInitTypes();
    xmlSchemaInitTypes();
    tzset();           /* libzip's localtime_r then never sets the zone up
                          (glibc does that under its own lock, but once is
                          enough) */

    bt.slots = bm_xmalloc((o->n ? o->n : 1) * sizeof *bt.slots);
    memset(bt.slots, 0, (o->n ? o->n : 1) * sizeof *bt.slots);
    pthread_mutex_init(&bt.lock, NULL);
    pthread_mutex_init(&bt.report_lock, NULL);
    pthread_cond_init(&bt.named, NULL);
    size_t jobs = o->jobs < 1 ? 1 : (size_t)o->jobs;
    if (jobs > o->n)
        jobs = o->n ? o->n : 1;
    /* the processors are the editions': a PDF's faces are subset one after
     * the other unless some are left over */
    {
        long ncpu = bm_cpus();
        long per = ncpu > (long)jobs ? ncpu / (long)jobs : 1;
        bm_fontset_set_subset_threads(bt.fs, (int)(per > 4 ? 4 : per));
    }
    pthread_t *th = bm_xmalloc(jobs * sizeof *th);
    size_t started = 0;
    /* this thread is worker 0; the others are extra */
    for (size_t k = 1; k < jobs; k++) {
        if (pthread_create(&th[k], NULL, worker, &bt) != 0)
            break;   /* fewer threads: the others take the work */
        started = k;
    }
    worker(&bt);
    for (size_t k = 1; k <= started; k++)
        pthread_join(th[k], NULL);
    report_ready(&bt);
    free(th);

    r->built = bt.done - bt.failed;
    r->failed = bt.failed;
    bm_fontset_subset_stats(bt.fs, &r->subsets);
    for (size_t i = 0; i < o->n; i++)
        free(bt.slots[i].name);
    free(bt.slots);
    pthread_cond_destroy(&bt.named);
    pthread_mutex_destroy(&bt.report_lock);
    pthread_mutex_destroy(&bt.lock);
    if (bt.fs != o->build->fonts)
        bm_fontset_close(bt.fs);
    r->wall = seconds() - t0;
    return BM_OK;
}
