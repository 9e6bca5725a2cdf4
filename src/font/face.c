/*
 * face.c - one face: FreeType for identity (format, PostScript name, upem,
 * OS/2 metrics, the Unicode cmap), HarfBuzz for the glyph tables (advances,
 * extents) and shaping.
 *
 * Both libraries read the same bytes: the file is mapped once by HarfBuzz
 * (hb_blob_create_from_file_or_fail) and handed to FreeType as a memory
 * face, so a 25 MB TTC is mapped once, not twice.
 *
 * Everything the layout asks per character (glyph id, advance) is read at
 * open into arrays, so the hot path is array indexing and one integer
 * multiply/divide; nothing is lazily filled, which keeps a bm_face usable
 * from several threads and the numbers independent of call order.
 * Rejected: FT_Get_Advances with hinting (size-dependent rounding, machine
 * independent only with care) and lazy caches (mutation behind a const
 * pointer).
 */
#include "font_private.h"

#include FT_FONT_FORMATS_H
#include FT_TRUETYPE_TABLES_H

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* A font file mapped read-only, as a blob that unmaps it when destroyed
 * (what hb_blob_create_from_file_or_fail does on Linux, but with the
 * mapping known, so bm_fontset_drop_pages may hand its pages back).
 * NULL when it cannot be mapped (the caller then lets HarfBuzz read it). */
typedef struct file_map {
    void  *p;
    size_t n;
} file_map;

static void unmap_file(void *ud)
{
    file_map *m = ud;
    munmap(m->p, m->n);
    free(m);
}

static hb_blob_t *map_file(const char *path, void **map, size_t *len)
{
    *map = NULL;
    *len = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    struct stat sb;
    void *p = MAP_FAILED;
    if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0 &&
        (unsigned long long)sb.st_size < 0x7FFFFFFFull)
        p = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (p == MAP_FAILED)
        return NULL;
    file_map *m = bm_xmalloc(sizeof *m);
    m->p = p;
    m->n = (size_t)sb.st_size;
    hb_blob_t *b = hb_blob_create_or_fail((const char *)p, (unsigned)m->n,
                                          HB_MEMORY_MODE_READONLY, m,
                                          unmap_file);
    if (!b) {
        unmap_file(m);
        return NULL;
    }
    *map = p;
    *len = m->n;
    return b;
}

/*
 * The cmap FreeType chose, read straight from its bytes when it is a
 * well-formed format 12 (what the CJK faces here have): FT_Get_Next_Char
 * over 24k-64k characters took 0.3-5 ms a face (BabelStone Han's small
 * groups the slowest), a walk over the groups a tenth of that.  Well
 * formed: the only subtable of FreeType's platform and encoding, whole,
 * its groups ascending and apart, within Unicode, every glyph id below
 * the face's count -- FreeType's walk then yields exactly each group's
 * (code, first id + offset) pairs but those of glyph 0, in code order.
 * Anything else takes FreeType's walk (read_cmap), as before.  Returns 1
 * when it filled the maps.
 */
static int read_cmap12(bm_arena *a, bm_face *f)
{
    FT_CharMap cm = f->ft->charmap;
    if (!cm || FT_Get_CMap_Format(cm) != 12)
        return 0;
    hb_blob_t *blob = hb_face_reference_table(f->hb_face,
                                              HB_TAG('c', 'm', 'a', 'p'));
    unsigned len = 0;
    const unsigned char *t =
        (const unsigned char *)hb_blob_get_data(blob, &len);
    const unsigned char *sub = NULL;
    size_t ng = 0;
    int found = 0, ok = 0;
    for (unsigned i = 0; t && len >= 4 && i < bm_font_rd16(t + 2); i++) {
        size_t r = 4 + 8 * (size_t)i;
        if (r + 8 > len)
            break;
        if (bm_font_rd16(t + r) != cm->platform_id || bm_font_rd16(t + r + 2) != cm->encoding_id)
            continue;
        found++;
        size_t off = bm_font_rd32(t + r + 4);
        if (off + 16 <= len && bm_font_rd16(t + off) == 12) {
            size_t sublen = bm_font_rd32(t + off + 4);
            ng = bm_font_rd32(t + off + 12);
            if (sublen <= len - off && ng <= (sublen - 16) / 12)
                sub = t + off;
        }
    }
    if (found == 1 && sub) {
        ok = 1;
        uint32_t prev_end = 0;
        for (size_t g = 0; g < ng && ok; g++) {
            const unsigned char *gr = sub + 16 + 12 * g;
            uint32_t start = bm_font_rd32(gr), end = bm_font_rd32(gr + 4), sid = bm_font_rd32(gr + 8);
            ok = start <= end && end <= 0x10FFFF && (g == 0 || start > prev_end) &&
                 (uint64_t)sid + (end - start) < f->nglyphs;
            prev_end = end;
        }
    }
    if (ok) {
        f->gid_bmp = bm_arena_alloc(a, 65536 * sizeof *f->gid_bmp);
        size_t nastral = 0;
        for (size_t g = 0; g < ng; g++) {
            const unsigned char *gr = sub + 16 + 12 * g;
            uint32_t start = bm_font_rd32(gr), end = bm_font_rd32(gr + 4);
            if (end >= 0x10000)
                nastral += end - (start > 0x10000 ? start : 0x10000) + 1;
        }
        f->astral_cp = bm_arena_alloc(a, (nastral ? nastral : 1) *
                                             sizeof *f->astral_cp);
        f->astral_gid = bm_arena_alloc(a, (nastral ? nastral : 1) *
                                              sizeof *f->astral_gid);
        for (size_t g = 0; g < ng; g++) {
            const unsigned char *gr = sub + 16 + 12 * g;
            uint32_t start = bm_font_rd32(gr), end = bm_font_rd32(gr + 4), sid = bm_font_rd32(gr + 8);
            for (uint32_t c = start;; c++) {
                uint16_t gi = (uint16_t)(sid + (c - start));
                if (gi && c < 0x10000) {
                    f->gid_bmp[c] = gi;
                } else if (gi) {
                    f->astral_cp[f->nastral] = c;
                    f->astral_gid[f->nastral] = gi;
                    f->nastral++;
                }
                if (c == end)
                    break;
            }
        }
    }
    hb_blob_destroy(blob);
    return ok;
}

/* The Unicode cmap FreeType chose, walked with FreeType. */
static bm_status read_cmap(bm_arena *a, bm_face *f)
{
    if (read_cmap12(a, f)) {
        f->cmap12 = 1;
        f->cmap_pid = f->ft->charmap->platform_id;
        f->cmap_eid = f->ft->charmap->encoding_id;
        return BM_OK;
    }
    f->gid_bmp = bm_arena_alloc(a, 65536 * sizeof *f->gid_bmp);
    size_t cap = 0;
    FT_UInt gi = 0;
    FT_ULong c = FT_Get_First_Char(f->ft, &gi);
    while (gi != 0) {
        if (gi <= 0xFFFF) {
            if (c < 0x10000) {
                f->gid_bmp[c] = (uint16_t)gi;
            } else if (c <= 0x10FFFF) {
                if (f->nastral == cap) {
                    size_t ncap = cap ? cap * 2 : 1024;
                    f->astral_cp = bm_arena_grow(a, f->astral_cp,
                                                 cap * sizeof *f->astral_cp,
                                                 ncap * sizeof *f->astral_cp);
                    f->astral_gid = bm_arena_grow(a, f->astral_gid,
                                                  cap * sizeof *f->astral_gid,
                                                  ncap * sizeof *f->astral_gid);
                    cap = ncap;
                }
                f->astral_cp[f->nastral] = (uint32_t)c;
                f->astral_gid[f->nastral] = (uint16_t)gi;
                f->nastral++;
            }
        }
        c = FT_Get_Next_Char(f->ft, c, &gi);
    }
    return BM_OK;
}

/*
 * The advances read straight from hmtx when it is whole: numberOfHMetrics
 * in 1..glyphs, the table long enough for them and the left side bearings
 * of the rest, the face's glyph count HarfBuzz's too, its upem FreeType's
 * (the scale set), no variations.  HarfBuzz then gives each glyph the
 * advance of its long metric, or of the last one -- what it is asked for
 * below, a glyph at a time (0.1-0.5 ms a face).  Returns 1 when it filled
 * f->adv.
 */
static int read_hmtx(bm_face *f)
{
    if (hb_face_get_upem(f->hb_face) != f->upem ||
        hb_face_get_glyph_count(f->hb_face) != f->nglyphs ||
        hb_ot_var_has_data(f->hb_face))
        return 0;
    hb_blob_t *hhea = hb_face_reference_table(f->hb_face,
                                              HB_TAG('h', 'h', 'e', 'a'));
    hb_blob_t *hmtx = hb_face_reference_table(f->hb_face,
                                              HB_TAG('h', 'm', 't', 'x'));
    unsigned hl = 0, ml = 0;
    const unsigned char *h = (const unsigned char *)hb_blob_get_data(hhea, &hl);
    const unsigned char *m = (const unsigned char *)hb_blob_get_data(hmtx, &ml);
    size_t nlong = h && hl >= 36 ? bm_font_rd16(h + 34) : 0;
    int ok = m && nlong >= 1 && nlong <= f->nglyphs &&
             4 * nlong + 2 * (f->nglyphs - nlong) <= ml;
    for (size_t i = 0; ok && i < f->nglyphs; i++)
        f->adv[i] = (int32_t)bm_font_rd16(m + 4 * (i < nlong ? i : nlong - 1));
    hb_blob_destroy(hmtx);
    hb_blob_destroy(hhea);
    return ok;
}

static void read_advances(bm_arena *a, bm_face *f)
{
    f->adv = bm_arena_alloc(a, (f->nglyphs ? f->nglyphs : 1) * sizeof *f->adv);
    if (!f->nglyphs || read_hmtx(f))
        return;
    hb_codepoint_t *gids = bm_xmalloc(f->nglyphs * sizeof *gids);
    hb_position_t *adv = bm_xmalloc(f->nglyphs * sizeof *adv);
    for (unsigned i = 0; i < f->nglyphs; i++)
        gids[i] = i;
    hb_font_get_glyph_h_advances(f->hb_font, f->nglyphs, gids, sizeof *gids,
                                 adv, sizeof *adv);
    for (unsigned i = 0; i < f->nglyphs; i++)
        f->adv[i] = adv[i];
    free(gids);
    free(adv);
}

/*
 * Ascender/descender for line metrics: OS/2 sTypoAscender/sTypoDescender
 * when present (for CJK faces this is the ideographic em box, e.g. 880 /
 * -120 in Noto CJK), else hhea.  hhea's values include room for accents
 * (1160 / -288 in Noto CJK) and would open the line grid.
 */
static void read_vmetrics(bm_face *f)
{
    TT_OS2 *os2 = FT_Get_Sfnt_Table(f->ft, FT_SFNT_OS2);
    if (os2 && os2->version != 0xFFFF &&
        os2->sTypoAscender - os2->sTypoDescender > 0) {
        f->ascender = os2->sTypoAscender;
        f->descender = os2->sTypoDescender;
    } else {
        f->ascender = f->ft->ascender;
        f->descender = f->ft->descender;
    }
}

bm_status bm_face_open_entry(bm_fontset *fs, const bm_font_entry *e,
                             const char *conf, bm_face **out, bm_error *err)
{
    bm_status st = BM_OK;
    bm_face *f = bm_arena_alloc(fs->arena, sizeof *f);
    f->path = e->path;
    f->family = e->name;
    f->ttc_index = e->ttc_index;
    pthread_mutex_init(&f->sub_lock, NULL);
    *out = NULL;

    if (access(e->path, F_OK) != 0) {
        st = bm_error_set(err, BM_FONT, conf, e->line, 0,
                          "font file %s is missing: install the Debian "
                          "package %s (make deps) or fix this line",
                          e->path, e->package);
        goto done;
    }
    /* a FIFO or device named as a face would block HarfBuzz's read */
    bm_error ferr;
    bm_error_init(&ferr);
    if (bm_file_check(e->path, &ferr) != BM_OK) {
        st = bm_error_set(err, BM_FONT, conf, e->line, 0,
                          "font file %s: %s", e->path, ferr.msg);
        goto done;
    }
    f->hb_blob = map_file(e->path, &f->map, &f->map_len);
    if (!f->hb_blob)
        f->hb_blob = hb_blob_create_from_file_or_fail(e->path);
    if (!f->hb_blob) {
        st = bm_error_set(err, BM_FONT, conf, e->line, 0,
                          "cannot read font file %s: install the Debian "
                          "package %s (make deps) or fix this line",
                          e->path, e->package);
        goto done;
    }
    unsigned nfaces = hb_face_count(f->hb_blob);
    if (nfaces == 0) {
        st = bm_error_set(err, BM_FONT, conf, e->line, 0,
                          "%s is not a TrueType, OpenType or TTC font file",
                          e->path);
        goto done;
    }
    if (e->ttc_index >= nfaces) {
        st = bm_error_set(err, BM_FONT, conf, e->line, 0,
                          "%s has %u face%s; TTC index %u does not exist",
                          e->path, nfaces, nfaces == 1 ? "" : "s",
                          e->ttc_index);
        goto done;
    }
    unsigned int blen = 0;
    const char *bytes = hb_blob_get_data(f->hb_blob, &blen);
    FT_Error fe = FT_New_Memory_Face(fs->ft, (const FT_Byte *)bytes,
                                     (FT_Long)blen, (FT_Long)e->ttc_index,
                                     &f->ft);
    if (fe) {
        f->ft = NULL;
        st = bm_error_set(err, BM_FONT, conf, e->line, 0,
                          "FreeType cannot open %s (face %u): error %d; "
                          "reinstall the Debian package %s",
                          e->path, e->ttc_index, fe, e->package);
        goto done;
    }
    if (!FT_IS_SFNT(f->ft) || !f->ft->charmap ||
        f->ft->charmap->encoding != FT_ENCODING_UNICODE) {
        st = bm_error_set(err, BM_FONT, conf, e->line, 0,
                          "%s (face %u) is not an OpenType/TrueType face "
                          "with a Unicode cmap",
                          e->path, e->ttc_index);
        goto done;
    }
    f->hb_face = hb_face_create(f->hb_blob, e->ttc_index);
    f->hb_font = hb_font_create(f->hb_face);
    f->upem = f->ft->units_per_EM ? f->ft->units_per_EM : 1000;
    hb_font_set_scale(f->hb_font, (int)f->upem, (int)f->upem);
    f->nglyphs = (unsigned)f->ft->num_glyphs;
    const char *fmt = FT_Get_Font_Format(f->ft);
    f->is_cff = fmt && !strcmp(fmt, "CFF");
    const char *ps = FT_Get_Postscript_Name(f->ft);
    f->psname = bm_arena_strdup(fs->arena, ps ? ps : "");
    if (!f->family || !*f->family)
        f->family = f->psname;
    read_vmetrics(f);
    read_cmap(fs->arena, f);
    read_advances(fs->arena, f);
done:
    if (st != BM_OK) {
        bm_face_close(f);
        return st;
    }
    *out = f;
    return BM_OK;
}

void bm_face_close(bm_face *f)
{
    if (!f)
        return;
    if (f->sub_face && f->sub_face != f->hb_face)
        hb_face_destroy(f->sub_face);
    f->sub_face = NULL;
    pthread_mutex_destroy(&f->sub_lock);
    if (f->hb_font)
        hb_font_destroy(f->hb_font);
    if (f->hb_face)
        hb_face_destroy(f->hb_face);
    if (f->ft)
        FT_Done_Face(f->ft);
    if (f->hb_blob)
        hb_blob_destroy(f->hb_blob);
    f->hb_font = NULL;
    f->hb_face = NULL;
    f->ft = NULL;
    f->hb_blob = NULL;
}

/* ---- accessors ---------------------------------------------------------- */

size_t bm_face_index(const bm_face *f) { return f->index; }
const char *bm_face_path(const bm_face *f) { return f->path; }
unsigned bm_face_ttc_index(const bm_face *f) { return f->ttc_index; }

const void *bm_face_file(const bm_face *f, size_t *len)
{
    unsigned n = 0;
    const char *d = f->hb_blob ? hb_blob_get_data(f->hb_blob, &n) : NULL;
    *len = n;
    return d;
}

void *bm_face_file_ref(const bm_face *f)
{
    return f->hb_blob ? hb_blob_reference(f->hb_blob) : NULL;
}

void bm_face_file_unref(void *ref)
{
    hb_blob_destroy(ref);
}

void bm_fontset_drop_pages(const bm_fontset *fs)
{
    for (size_t i = 0; fs && i < fs->nfaces; i++) {
        const bm_face *f = fs->faces[i];
        if (f && f->map)
            madvise(f->map, f->map_len, MADV_DONTNEED);
    }
}
int bm_face_is_cff(const bm_face *f) { return f->is_cff; }
const char *bm_face_name(const bm_face *f) { return f->psname; }
const char *bm_face_family(const bm_face *f) { return f->family; }
unsigned bm_face_upem(const bm_face *f) { return f->upem; }
unsigned bm_face_nglyphs(const bm_face *f) { return f->nglyphs; }

void bm_face_vmetrics(const bm_face *f, int *ascender, int *descender)
{
    if (ascender)
        *ascender = f->ascender;
    if (descender)
        *descender = f->descender;
}

int bm_face_has_feature(const bm_face *f, const char *tag)
{
    if (!tag || strlen(tag) != 4)
        return 0;
    hb_tag_t want = hb_tag_from_string(tag, 4);
    static const hb_tag_t tables[2] = {HB_OT_TAG_GSUB, HB_OT_TAG_GPOS};
    for (int t = 0; t < 2; t++) {
        hb_tag_t tags[64];
        unsigned start = 0, n;
        do {
            n = 64;
            hb_ot_layout_table_get_feature_tags(f->hb_face, tables[t], start,
                                                &n, tags);
            for (unsigned i = 0; i < n; i++)
                if (tags[i] == want)
                    return 1;
            start += n;
        } while (n == 64);
    }
    return 0;
}

uint32_t bm_face_glyph(const bm_face *f, uint32_t cp)
{
    if (cp < 0x10000)
        return f->gid_bmp[cp];
    size_t lo = 0, hi = f->nastral;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        uint32_t m = f->astral_cp[mid];
        if (m == cp)
            return f->astral_gid[mid];
        if (m < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

bm_fix bm_face_advance(const bm_face *f, uint32_t gid, bm_fix size)
{
    if (gid >= f->nglyphs)
        return 0;
    return bm_font_scale(f->adv[gid], size, f->upem);
}

void bm_face_extents(const bm_face *f, uint32_t gid, bm_fix size,
                     bm_fix *x0, bm_fix *x1, bm_fix *y0, bm_fix *y1)
{
    hb_glyph_extents_t ext = {0, 0, 0, 0};
    if (gid < f->nglyphs)
        hb_font_get_glyph_extents(f->hb_font, gid, &ext);
    /* hb: y_bearing is the top, height is negative (y up) */
    *x0 = bm_font_scale(ext.x_bearing, size, f->upem);
    *x1 = bm_font_scale((int64_t)ext.x_bearing + ext.width, size, f->upem);
    *y1 = bm_font_scale(ext.y_bearing, size, f->upem);
    *y0 = bm_font_scale((int64_t)ext.y_bearing + ext.height, size, f->upem);
}
