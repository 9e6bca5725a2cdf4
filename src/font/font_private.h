/*
 * font_private.h - the insides of bm_face and bm_fontset, shared by the
 * files of src/font/ (subset.c needs the HarfBuzz face).  Never included
 * from outside src/font/.
 */
#ifndef BM_FONT_PRIVATE_H
#define BM_FONT_PRIVATE_H

#include "font.h"

#include <ft2build.h>
#include FT_FREETYPE_H
#include <hb.h>
#include <hb-ot.h>
#include <pthread.h>
#include <stdint.h>

/* "no face" in the per-role BMP pick table */
#define BM_PICK_NONE 0xFF
/* at most this many faces in one set (indices fit the uint8_t pick table) */
#define BM_FONT_MAX_FACES 250

/* Big-endian fields of a font file's tables (sfnt.c reads its offsets as
 * size_t, for its bounds sums, and keeps its own) */
static inline uint32_t bm_font_rd16(const unsigned char *p)
{
    return (uint32_t)p[0] << 8 | p[1];
}

static inline uint32_t bm_font_rd32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
           p[3];
}

static inline void bm_font_wr16(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 8);
    p[1] = (unsigned char)v;
}

static inline void bm_font_wr32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

/*
 * One face.  Owns its FT_Face and HarfBuzz blob/face/font (closed by
 * bm_fontset_close); the tables come from the fontset's arena.
 *
 * The cmap is read once at open into plain arrays, so lookups never touch
 * FreeType: gid_bmp[] for the BMP, and sorted astral_cp[]/astral_gid[]
 * (binary search) beyond it.  Advances of every glyph, in font units, are
 * read once from hmtx (through HarfBuzz, unscaled: no hinting, no rounding
 * but ours), so bm_face_advance is one multiply and one divide.
 */
struct bm_face {
    size_t       index;        /* in fs->faces */
    const char  *path;         /* arena */
    const char  *family;       /* NAME from fonts.conf (arena) */
    const char  *psname;       /* PostScript name (arena) */
    unsigned     ttc_index;
    int          is_cff;
    unsigned     upem;
    unsigned     nglyphs;
    int          ascender, descender;   /* font units, y up */

    FT_Face      ft;           /* owned */
    hb_blob_t   *hb_blob;      /* owned: the whole file (mmapped) */
    void        *map;          /* that mapping when it is ours (mmap), */
    size_t       map_len;      /* for bm_fontset_drop_pages; else NULL */
    hb_face_t   *hb_face;      /* owned */
    hb_font_t   *hb_font;      /* owned; scale = upem (font units) */

    uint16_t    *gid_bmp;      /* [65536] glyph id, 0 = none */
    uint32_t    *astral_cp;    /* sorted code points > U+FFFF */
    uint16_t    *astral_gid;
    size_t       nastral;
    int32_t     *adv;          /* [nglyphs] advance in font units */
    int          cmap12;       /* gid_bmp/astral read straight from the
                                * format 12 subtable FreeType chose
                                * (read_cmap12), at (cmap_pid, cmap_eid) */
    unsigned     cmap_pid, cmap_eid;
    int          whole_cmap;   /* subset from the file's cmap (tests) */

    /* subsetting (subset.c), under sub_lock: the face HarfBuzz subsets
     * once a preprocessed copy was made (NULL before; owned when !=
     * hb_face), whether and when to make it, and what subsets cost */
    pthread_mutex_t sub_lock;
    hb_face_t   *sub_face;
    int          sub_prep;       /* BM_SUBSET_PREP_* */
    int          sub_preparing;  /* a thread is preprocessing */
    double       sub_prep_s;     /* CPU seconds preprocessing took */
    long         nsubsets;       /* subsets made of this face */
    double       sub_s;          /* CPU seconds of those of the plain face */
    double       sub_prepped_s;  /* ... and of the preprocessed one */
};

struct bm_fontset {
    bm_arena       *arena;     /* entries, strings, tables */
    const char     *conf_path; /* arena */
    FT_Library      ft;        /* owned */
    bm_face       **faces;     /* owned (each closed by bm_fontset_close) */
    size_t          nfaces;
    bm_font_entry  *entries;
    size_t          nentries;
    /* per role: the search order (role faces, then fallbacks), deduped,
     * and how many leading faces are the role's own */
    const bm_face **chain[BM_FONT_ROLE_COUNT];
    size_t          nchain[BM_FONT_ROLE_COUNT];
    size_t          nown[BM_FONT_ROLE_COUNT];
    /* ... and how many leading faces have its style (own faces, then the
     * fallback faces declared with it) */
    size_t          nstyle[BM_FONT_ROLE_COUNT];
    /* per role, pick result for every BMP code point: face index or
     * BM_PICK_NONE (computed at open) */
    uint8_t        *pick_bmp[BM_FONT_ROLE_COUNT];
    int             subset_threads;   /* bm_font_subset_many */
};

/* face.c: opens the face of conf entry `e` into fs's arena; errors name
 * the conf line.  bm_face_close releases the FreeType/HarfBuzz objects. */
bm_status bm_face_open_entry(bm_fontset *fs, const bm_font_entry *e,
                             const char *conf, bm_face **out, bm_error *err);
void      bm_face_close(bm_face *f);

/* Rounds units * size / upem to the nearest integer (halves away from 0). */
static inline bm_fix bm_font_scale(int64_t units, bm_fix size, unsigned upem)
{
    int64_t p = units * (int64_t)size;
    int64_t h = (int64_t)(upem / 2);
    return (bm_fix)(p >= 0 ? (p + h) / (int64_t)upem
                           : -((-p + h) / (int64_t)upem));
}

#endif
