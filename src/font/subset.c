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

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

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

/* ---- the source with a cut cmap ------------------------------------------ */

/*
 * Given glyphs to keep, HarfBuzz 6's plan maps the face's whole cmap into a
 * hash map (hb_subset_plan_create_or_fail, _populate_unicodes_to_retain) to
 * find the code points of those glyphs: 20-30 M instructions a CJK face,
 * 80 % of a one-page edition's subsetting.  Only the pairs whose glyph is
 * kept ever reach the subset, so the face is handed over with a cmap whose
 * best subtable holds just those pairs and nothing else changed: the file
 * mapped privately into a larger region, a copy of its cmap placed after
 * its end with that one subtable record pointing at a cut format 12 (same
 * language), and the face's table directory pointing at the copy (one
 * page copied on write).  Every other table, record and subtable -- the
 * format 4 siblings the subset filters by, the format 14 variation
 * sequences -- is the file's, so the plan retains the same code points,
 * glyphs and variation sequences and the subset is byte for byte the same
 * (test_font compares both ways on every face).
 *
 * Only when the plan's pick is certain: the cmap subtable HarfBuzz picks
 * (cmap::find_best_subtable: (3,0), (3,10), (0,6), (0,4), (3,1), (0,3) ...,
 * by binary search, hence records strictly ascending) is the only record
 * of FreeType's platform and encoding, format 12, and the one read_cmap12
 * read whole into the face's maps.  Otherwise NULL: the file as it is.
 */
typedef struct cut_map {
    void  *p;
    size_t n;
} cut_map;

static void unmap_cut(void *ud)
{
    cut_map *m = ud;
    munmap(m->p, m->n);
    free(m);
}

/* Where the face's cmap is (its table record's offset within the file), or
 * 0 when the directory is not as expected. */
static size_t cmap_record(const unsigned char *b, size_t len, unsigned ttc)
{
    size_t off = 0;
    if (len >= 12 && !memcmp(b, "ttcf", 4)) {
        if (ttc >= bm_font_rd32(b + 8) || 12 + 4 * (size_t)ttc + 4 > len)
            return 0;
        off = bm_font_rd32(b + 12 + 4 * (size_t)ttc);
    } else if (ttc != 0) {
        return 0;
    }
    if (off > len || len - off < 12)
        return 0;
    size_t nt = bm_font_rd16(b + off + 4), found = 0;
    if ((len - off - 12) / 16 < nt)
        return 0;
    for (size_t i = 0; i < nt; i++) {
        size_t r = off + 12 + 16 * i;
        if (!memcmp(b + r, "cmap", 4)) {
            if (found)
                return 0;
            found = r;
        }
    }
    return found;
}

/* The record HarfBuzz's cmap accelerator picks, as its index, or -1. */
static long best_record(const unsigned char *c, size_t n)
{
    static const unsigned order[][2] = {{3, 0}, {3, 10}, {0, 6}, {0, 4},
                                        {3, 1}, {0, 3},  {0, 2}, {0, 1},
                                        {0, 0}};
    for (size_t i = 1; i < n; i++) {
        uint32_t a = bm_font_rd16(c + 4 + 8 * (i - 1)) << 16 | bm_font_rd16(c + 6 + 8 * (i - 1));
        uint32_t z = bm_font_rd16(c + 4 + 8 * i) << 16 | bm_font_rd16(c + 6 + 8 * i);
        if (a >= z)
            return -1;
    }
    for (size_t k = 0; k < sizeof order / sizeof order[0]; k++)
        for (size_t i = 0; i < n; i++)
            if (bm_font_rd16(c + 4 + 8 * i) == order[k][0] &&
                bm_font_rd16(c + 6 + 8 * i) == order[k][1])
                return (long)i;
    return -1;
}

static hb_face_t *cut_cmap_face(const bm_face *f, const uint32_t *gids,
                                size_t n)
{
    if (!f->cmap12 || f->whole_cmap)
        return NULL;
    int fd = open(f->path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    struct stat sb;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size <= 0 ||
        (unsigned long long)sb.st_size >= 0x40000000ull) {
        close(fd);
        return NULL;
    }
    size_t flen = (size_t)sb.st_size;
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    size_t tail = (flen + page - 1) / page * page;

    /* the pairs kept, as format 12 groups (code points ascending) */
    unsigned char *keep = bm_xmalloc(f->nglyphs ? f->nglyphs : 1);
    memset(keep, 0, f->nglyphs ? f->nglyphs : 1);
    for (size_t i = 0; i < n; i++)
        if (gids[i] < f->nglyphs)
            keep[gids[i]] = 1;
    size_t cap = 64, ng = 0;
    uint32_t *grp = bm_xmalloc(cap * 3 * sizeof *grp);
    for (size_t k = 0; k < 65536 + f->nastral; k++) {
        uint32_t c = k < 65536 ? (uint32_t)k : f->astral_cp[k - 65536];
        uint32_t g = k < 65536 ? f->gid_bmp[k] : f->astral_gid[k - 65536];
        if (!g || !keep[g])
            continue;
        if (ng && grp[3 * ng - 2] + 1 == c &&
            grp[3 * ng - 1] + (c - grp[3 * ng - 3]) == g) {
            grp[3 * ng - 2] = c;
            continue;
        }
        if (ng == cap) {
            cap *= 2;
            grp = bm_xrealloc(grp, cap * 3 * sizeof *grp);
        }
        grp[3 * ng] = c;
        grp[3 * ng + 1] = c;
        grp[3 * ng + 2] = g;
        ng++;
    }
    free(keep);

    hb_face_t *face = NULL;
    unsigned char *b = MAP_FAILED;
    size_t total = 0;
    const unsigned char *src = mmap(NULL, flen, PROT_READ, MAP_PRIVATE, fd, 0);
    size_t rec = src == MAP_FAILED ? 0 : cmap_record(src, flen, f->ttc_index);
    size_t coff = rec ? bm_font_rd32(src + rec + 8) : 0, clen = rec ? bm_font_rd32(src + rec + 12) : 0;
    long best = -1;
    if (rec && coff <= flen && clen >= 4 && clen <= flen - coff &&
        (clen - 4) / 8 >= bm_font_rd16(src + coff + 2))
        best = best_record(src + coff, bm_font_rd16(src + coff + 2));
    if (best >= 0) {
        const unsigned char *r = src + coff + 4 + 8 * (size_t)best;
        uint32_t so = bm_font_rd32(r + 4);
        if (bm_font_rd16(r) != f->cmap_pid || bm_font_rd16(r + 2) != f->cmap_eid ||
            so > clen - 16 || bm_font_rd16(src + coff + so) != 12)
            best = -1;
        else
            total = tail + (clen + 3) / 4 * 4 + 16 + 12 * ng;
    }
    if (best >= 0 && total < 0xFFFFFFFFull)
        b = mmap(NULL, total, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (b != MAP_FAILED &&
        mmap(b, flen, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED, fd, 0) ==
            MAP_FAILED) {
        munmap(b, total);
        b = MAP_FAILED;
    }
    if (src != MAP_FAILED)
        munmap((void *)src, flen);
    close(fd);
    if (b != MAP_FAILED) {
        /* the copy, its best record pointing at the cut subtable after it */
        unsigned char *c = b + tail;
        size_t so = (clen + 3) / 4 * 4;
        memcpy(c, b + coff, clen);
        unsigned char *r = c + 4 + 8 * (size_t)best;
        const unsigned char *old = b + coff + bm_font_rd32(r + 4);
        bm_font_wr32(r + 4, (uint32_t)so);
        unsigned char *t = c + so;
        t[0] = 0, t[1] = 12, t[2] = 0, t[3] = 0;
        bm_font_wr32(t + 4, (uint32_t)(16 + 12 * ng));
        memcpy(t + 8, old + 8, 4); /* language */
        bm_font_wr32(t + 12, (uint32_t)ng);
        for (size_t i = 0; i < 3 * ng; i++)
            bm_font_wr32(t + 16 + 4 * i, grp[i]);
        bm_font_wr32(b + rec + 8, (uint32_t)tail);
        bm_font_wr32(b + rec + 12, (uint32_t)(so + 16 + 12 * ng));
        cut_map *m = bm_xmalloc(sizeof *m);
        m->p = b;
        m->n = total;
        hb_blob_t *blob = hb_blob_create_or_fail(
            (const char *)b, (unsigned)total,
            HB_MEMORY_MODE_READONLY_MAY_MAKE_WRITABLE, m, unmap_cut);
        if (!blob)
            unmap_cut(m);
        else
            face = hb_face_create(blob, f->ttc_index);
        hb_blob_destroy(blob);
    }
    free(grp);
    return face;
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
static hb_face_t *subset_source(bm_face *f, const uint32_t *gids, size_t n,
                                int *plain)
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
     * set for the rest of the build -- 20 MB more peak for examples/hexi;
     * with the cmap cut to the glyphs kept when it can be (below) */
    hb_face_t *cut = cut_cmap_face(f, gids, n);
    if (cut)
        return cut;
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
    hb_face_t *face = subset_source(f, gids, n, &plain);
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
