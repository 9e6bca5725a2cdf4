/*
 * subset.c - font subsetting with harfbuzz-subset, for the PDF back end.
 *
 * Glyph ids are remapped (no HB_SUBSET_FLAGS_RETAIN_GIDS): a retained-gid
 * subset of a CJK face keeps a full-size loca/charset and is 10-50 times
 * larger (DESIGN.md "Fonts in the PDF").  The subset plan tells us where
 * each old glyph went (hb_subset_plan_old_to_new_glyph_mapping).
 *
 * The layout tables (GSUB, GPOS, GDEF, BASE, JSTF) are dropped: the text is
 * already shaped, and keeping GSUB would pull every glyph reachable through
 * substitutions (vertical forms, variants) into the subset.
 *
 * The source is a face on the file (mapped for the subset), or a
 * preprocessed copy of it for batch builds (subset_source below).
 *
 * CID-keyed CFF (checked on Noto Serif CJK SC): the subset's glyphs are
 * renumbered 0..n-1 but its charset keeps each glyph's original CID (for
 * Noto CJK the original glyph id), so a PDF must show CIDs, not new glyph
 * ids; bm_font_subset_cids() reads them back with FreeType.
 */
#include "font_private.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_CID_H
#include <hb-subset.h>
#include <hb.h>

static const hb_tag_t dropped[] = {
    HB_TAG('G', 'S', 'U', 'B'), HB_TAG('G', 'P', 'O', 'S'),
    HB_TAG('G', 'D', 'E', 'F'), HB_TAG('B', 'A', 'S', 'E'),
    HB_TAG('J', 'S', 'T', 'F'), HB_TAG('D', 'S', 'I', 'G'),
    HB_TAG('M', 'A', 'T', 'H'), HB_TAG('V', 'O', 'R', 'G'),
    HB_TAG('v', 'h', 'e', 'a'), HB_TAG('v', 'm', 't', 'x'),
};

static double cpu_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

/*
 * What preprocessing a face is expected to cost, in seconds of CPU, from
 * its glyph count: measured on this project's faces (tests/bench, issue 18
 * notes) at about 40 us a glyph for CJK CFF (Noto Serif CJK SC, 65,535
 * glyphs: 1.1 to 3.5 s) and 8 us a glyph for TrueType (BabelStone Han,
 * 64,833 glyphs: 0.4 to 0.9 s).
 */
static double prep_cost(const bm_face *f)
{
    return f->nglyphs * (f->is_cff ? 40e-6 : 8e-6);
}

/*
 * The face to subset, a reference the caller destroys: a new hb_face on a
 * new mapping of the file (below), or a preprocessed copy (hb_subset_preprocess) once the set
 * was prepared for many builds (bm_fontset_prepare_subsets):
 *
 *   BM_SUBSET_PREP_FIRST  at the face's first subset;
 *   BM_SUBSET_PREP_AUTO   once the time spent subsetting it without has
 *                         reached what preprocessing is expected to cost
 *                         (a ski rental: never worse than twice the best
 *                         choice made in hindsight).
 *
 * Preprocessing a CJK face makes each later subset of it two to four times
 * faster (more for large subsets) and changes no byte of the subset.  The
 * thread that preprocesses does it outside the lock, so the others go on
 * subsetting plain faces meanwhile; once set, sub_face is read-only.
 * *plain says which it is.
 */
static hb_face_t *subset_source(bm_face *f, int *plain)
{
    pthread_mutex_lock(&f->sub_lock);
    int now = !f->sub_face && !f->sub_preparing &&
              (f->sub_prep == BM_SUBSET_PREP_FIRST ||
               (f->sub_prep == BM_SUBSET_PREP_AUTO &&
                f->sub_s >= prep_cost(f)));
    hb_face_t *prepped = f->sub_face && f->sub_face != f->hb_face
                             ? hb_face_reference(f->sub_face)
                             : NULL;
    if (now)
        f->sub_preparing = 1;
    pthread_mutex_unlock(&f->sub_lock);
    if (now) {
        double t0 = cpu_now();
        hb_face_t *prep = hb_subset_preprocess(f->hb_face);
        double t = cpu_now() - t0;
        /* on failure HarfBuzz returns an empty face: go on without */
        if (prep && hb_face_get_glyph_count(prep) !=
                        hb_face_get_glyph_count(f->hb_face)) {
            hb_face_destroy(prep);
            prep = NULL;
        }
        pthread_mutex_lock(&f->sub_lock);
        f->sub_face = prep ? prep : f->hb_face;
        f->sub_prep_s = t;
        prepped = prep ? hb_face_reference(prep) : NULL;
        pthread_mutex_unlock(&f->sub_lock);
    }
    *plain = prepped == NULL;
    if (prepped)
        return prepped;
    /* a mapping of its own, unmapped after the subset: the pages it reads
     * (most of a CJK face) would otherwise stay in the process's resident
     * set for the rest of the build -- 20 MB more peak for examples/hexi */
    hb_blob_t *blob = hb_blob_create_from_file_or_fail(f->path);
    hb_face_t *face = hb_face_create(blob, f->ttc_index);
    hb_blob_destroy(blob);
    return face;
}

static void count_subset(bm_face *f, int plain, double t0)
{
    double t = cpu_now() - t0;
    pthread_mutex_lock(&f->sub_lock);
    f->nsubsets++;
    if (plain)
        f->sub_s += t;
    else
        f->sub_prepped_s += t;
    pthread_mutex_unlock(&f->sub_lock);
}

bm_status bm_font_subset(const bm_face *cf, const uint32_t *gids, size_t n,
                         unsigned char **data, size_t *len, uint32_t *new_gid,
                         bm_error *err)
{
    bm_status st = BM_OK;
    hb_blob_t *out = NULL;
    hb_face_t *sub = NULL;
    hb_subset_input_t *in = NULL;
    hb_subset_plan_t *plan = NULL;
    /* the face's subsetting slot is guarded by its own lock (above) */
    bm_face *f = (bm_face *)cf;
    const char *path = bm_face_path(f);

    *data = NULL;
    *len = 0;
    if (!path || !f->hb_face)
        return bm_error_set(err, BM_FONT, NULL, 0, 0,
                            "font face has no file to subset");
    if ((st = bm_file_check(path, err)) != BM_OK)
        return st;
    double t0 = cpu_now();
    int plain;
    hb_face_t *face = subset_source(f, &plain);
    if (hb_face_get_glyph_count(face) == 0) {
        st = bm_error_set(err, BM_FONT, path, 0, 0,
                          "face %u of the font file has no glyphs",
                          bm_face_ttc_index(f));
        goto done;
    }
    in = bm_fault_alloc() ? NULL : hb_subset_input_create_or_fail();
    if (!in) {
        st = bm_error_set(err, BM_NOMEM, path, 0, 0, "subset input");
        goto done;
    }
    hb_set_t *glyphs = hb_subset_input_glyph_set(in);
    unsigned nglyphs = hb_face_get_glyph_count(face);
    hb_set_add(glyphs, 0);
    for (size_t i = 0; i < n; i++) {
        if (gids[i] >= nglyphs) {
            st = bm_error_set(err, BM_FONT, path, 0, 0,
                              "glyph %u is beyond the face's %u glyphs",
                              (unsigned)gids[i], nglyphs);
            goto done;
        }
        hb_set_add(glyphs, gids[i]);
    }
    hb_set_t *drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
    for (size_t i = 0; i < sizeof dropped / sizeof dropped[0]; i++)
        hb_set_add(drop, dropped[i]);
    /*
     * Desubroutinized CFF: measured on Noto Serif CJK SC with 1,400 glyphs,
     * the subset is smaller (563 KB against 581 KB: the used global subrs
     * are kept whole otherwise) and made four times faster (32 ms against
     * 130 ms).  No effect on TrueType faces.
     */
    hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_DESUBROUTINIZE);

    plan = hb_subset_plan_create_or_fail(face, in);
    if (!plan) {
        st = bm_error_set(err, BM_FONT, path, 0, 0, "cannot plan the subset");
        goto done;
    }
    sub = hb_subset_plan_execute_or_fail(plan);
    if (!sub) {
        st = bm_error_set(err, BM_FONT, path, 0, 0, "subsetting failed");
        goto done;
    }
    const hb_map_t *map = hb_subset_plan_old_to_new_glyph_mapping(plan);
    for (size_t i = 0; i < n; i++) {
        hb_codepoint_t ng = hb_map_get(map, gids[i]);
        if (ng == HB_MAP_VALUE_INVALID) {
            st = bm_error_set(err, BM_FONT, path, 0, 0,
                              "glyph %u is missing from the subset",
                              (unsigned)gids[i]);
            goto done;
        }
        new_gid[i] = ng;
    }
    out = hb_face_reference_blob(sub);
    unsigned blen = 0;
    const char *bytes = hb_blob_get_data(out, &blen);
    if (!bytes || blen == 0) {
        st = bm_error_set(err, BM_FONT, path, 0, 0, "empty subset");
        goto done;
    }
    *data = bm_xmalloc(blen);
    memcpy(*data, bytes, blen);
    *len = blen;
    count_subset(f, plain, t0);
done:
    hb_blob_destroy(out);
    hb_face_destroy(sub);
    hb_subset_plan_destroy(plan);
    hb_subset_input_destroy(in);
    hb_face_destroy(face);
    return st;
}

/* ---- several subsets at once ---------------------------------------------- */

typedef struct many {
    bm_subset_job  *jobs;
    const size_t   *order;     /* job indices, most glyphs first */
    size_t          n, next;
    pthread_mutex_t lock;
} many;

static void *subset_worker(void *arg)
{
    many *m = arg;
    for (;;) {
        pthread_mutex_lock(&m->lock);
        size_t i = m->next < m->n ? m->next++ : m->n;
        pthread_mutex_unlock(&m->lock);
        if (i == m->n)
            return NULL;
        bm_subset_job *j = &m->jobs[m->order[i]];
        bm_error_init(&j->err);
        j->st = bm_font_subset(j->face, j->gids, j->n, &j->data, &j->len,
                               j->new_gid, &j->err);
    }
}

bm_status bm_font_subset_many(const bm_fontset *fs, bm_subset_job *jobs,
                              size_t n, bm_error *err)
{
    /* the biggest first, so the longest subset starts at once */
    size_t *order = bm_xmalloc((n ? n : 1) * sizeof *order);
    for (size_t i = 0; i < n; i++) {
        size_t k = i;
        for (; k > 0 && jobs[order[k - 1]].n < jobs[i].n; k--)
            order[k] = order[k - 1];
        order[k] = i;
    }
    many m = {jobs, order, n, 0, PTHREAD_MUTEX_INITIALIZER};
    /* with a fault pending (make check's fault tests), the n-th allocation
     * must be the same one each run: one thread */
    size_t threads =
        bm_fault_armed() ? 1 : (size_t)bm_fontset_subset_threads(fs);
    if (threads > n)
        threads = n;
    pthread_t th[8];
    size_t started = 0;
    for (size_t k = 1; k < threads && k < 8; k++) {
        if (pthread_create(&th[k], NULL, subset_worker, &m) != 0)
            break;
        started = k;
    }
    subset_worker(&m);
    for (size_t k = 1; k <= started; k++)
        pthread_join(th[k], NULL);
    pthread_mutex_destroy(&m.lock);
    free(order);
    for (size_t i = 0; i < n; i++)
        if (jobs[i].st != BM_OK) {
            *err = jobs[i].err;
            return jobs[i].st;
        }
    return BM_OK;
}

bm_status bm_font_subset_cids(const unsigned char *data, size_t len,
                              const uint32_t *gids, size_t n, uint32_t *cids,
                              int *cid_keyed, bm_error *err)
{
    FT_Library lib = NULL;
    FT_Face face = NULL;
    bm_status st = BM_OK;
    FT_Bool keyed = 0;

    *cid_keyed = 0;
    if (FT_Init_FreeType(&lib) != 0)
        return bm_error_set(err, BM_FONT, NULL, 0, 0, "cannot start FreeType");
    if (FT_New_Memory_Face(lib, data, (FT_Long)len, 0, &face) != 0) {
        st = bm_error_set(err, BM_FONT, NULL, 0, 0,
                          "FreeType cannot read the font subset");
        goto done;
    }
    if (FT_Get_CID_Is_Internally_CID_Keyed(face, &keyed) != 0)
        keyed = 0;
    *cid_keyed = keyed != 0;
    for (size_t i = 0; i < n; i++) {
        FT_UInt cid = gids[i];
        if (keyed && FT_Get_CID_From_Glyph_Index(face, gids[i], &cid) != 0) {
            st = bm_error_set(err, BM_FONT, NULL, 0, 0,
                              "no CID for glyph %u of the subset",
                              (unsigned)gids[i]);
            goto done;
        }
        cids[i] = cid;
    }
done:
    if (face)
        FT_Done_Face(face);
    FT_Done_FreeType(lib);
    return st;
}
