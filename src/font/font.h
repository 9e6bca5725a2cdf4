/*
 * font.h - font roles with per-character fallback, FreeType faces and
 * metrics, HarfBuzz shaping and subsetting, coverage reports.
 *
 * Knows nothing of PDF.  Faces are owned by the bm_fontset that opened them;
 * everything handed out is borrowed until bm_fontset_close().
 */
#ifndef BM_FONT_H
#define BM_FONT_H

#include "../base/base.h"

/* Font roles (fonts/fonts.conf names them). */
typedef enum bm_role {
    BM_FONT_BODY,       /* 书宋 body text */
    BM_FONT_HEADLINE,   /* 黑 headlines */
    BM_FONT_KAI,        /* 楷 kickers, captions */
    BM_FONT_ROLE_COUNT
} bm_role;

typedef struct bm_face bm_face;       /* one FreeType face + hb_font */
typedef struct bm_fontset bm_fontset; /* roles, fallback chain, all faces */

/*
 * bm_fontset_open - open the font configuration file and every face it
 * names (FreeType face + HarfBuzz font each; TrueType, OpenType/CFF, TTC
 * face index).  `conf_path` NULL means $BANMIAN_FONTS; the CLI passes
 * DATADIR/fonts/fonts.conf when that variable is unset.
 *
 * fonts.conf has one face a line: ROLE FILE TTC_INDEX LICENCE PACKAGE NAME
 * ('#' starts a comment; NAME is the rest of the line; relative FILEs are
 * looked up beside the conf file).  A malformed line is BM_INPUT at
 * conf:line; a missing or unreadable face is BM_FONT at conf:line naming
 * the Debian package to install.  err->file is `conf_path` (or the
 * environment's string).
 */
bm_status   bm_fontset_open(const char *conf_path, bm_fontset **out,
                            bm_error *err);
void        bm_fontset_close(bm_fontset *fs);

/* One line of fonts.conf. */
typedef struct bm_font_entry {
    const char    *role_name;  /* "body", "headline", "kai", "fallback" */
    int            role;       /* bm_role, or -1 for the fallback chain */
    int            style;      /* the bm_role whose style the face has:
                                  the role itself for a role's face, the
                                  named one for fallback-song / -hei / -kai,
                                  -1 for a plain fallback (style unknown) */
    const char    *file;       /* as written in the conf file */
    const char    *path;       /* resolved (relative to the conf file) */
    unsigned       ttc_index;
    const char    *licence, *package, *name;
    int            line;       /* line in the conf file */
    const bm_face *face;       /* the opened face (NULL from conf_read) */
} bm_font_entry;

/*
 * bm_font_conf_read - parse fonts.conf only (no face is opened), for
 * `banmian fonts` to list a configuration whose files are missing.
 * Entries and strings come from `a`.
 */
bm_status bm_font_conf_read(const char *conf_path, bm_arena *a,
                            bm_font_entry **out, size_t *n, bm_error *err);

/* The opened set's conf entries (borrowed) and its conf file path. */
const bm_font_entry *bm_fontset_entries(const bm_fontset *fs, size_t *n);
const char          *bm_fontset_conf_path(const bm_fontset *fs);
const char          *bm_role_name(bm_role role);

/* Faces are numbered 0..n-1 in the order the set opened them. */
size_t         bm_fontset_nfaces(const bm_fontset *fs);
const bm_face *bm_fontset_face(const bm_fontset *fs, size_t i);
size_t         bm_face_index(const bm_face *f);          /* i above */
const char    *bm_face_path(const bm_face *f);
unsigned       bm_face_ttc_index(const bm_face *f);
/* The font file's bytes as the set mapped them (borrowed, valid while the
 * set is open; bm_face_file_ref for longer). */
const void    *bm_face_file(const bm_face *f, size_t *len);
/* A reference that keeps those bytes mapped after the set is closed (the
 * raster's faces live as long as the process): release it with
 * bm_face_file_unref.  NULL when the bytes are not a mapping of the set's. */
void          *bm_face_file_ref(const bm_face *f);
void           bm_face_file_unref(void *ref);
/* Hands the pages of the faces' files that the process has read back to
 * the kernel (madvise MADV_DONTNEED on the read-only mappings): they leave
 * the resident set and are read again from the page cache, with the same
 * bytes, when next needed.  For a build that drew its cover (thousands of
 * scattered glyphs: 10 MB of pages) before it writes the PDF.  Safe while
 * other threads read the faces (they fault the pages back in). */
void           bm_fontset_drop_pages(const bm_fontset *fs);
int            bm_face_is_cff(const bm_face *f);
const char    *bm_face_name(const bm_face *f);           /* PostScript name */
unsigned       bm_face_upem(const bm_face *f);
unsigned       bm_face_nglyphs(const bm_face *f);
const char    *bm_face_family(const bm_face *f);         /* display name */
/* Ascender/descender (font units, y up) for line metrics: OS/2
 * sTypoAscender/sTypoDescender (for CJK faces the ideographic em box, e.g.
 * 880/-120 in Noto CJK), else hhea. */
void           bm_face_vmetrics(const bm_face *f, int *ascender, int *descender);

/*
 * The face that draws `cp` in `role`: the role's first face that has it,
 * else the fallback chain; NULL if no face has it (the caller then draws a
 * visible placeholder and reports the character).
 */
const bm_face *bm_fontset_pick(const bm_fontset *fs, bm_role role, uint32_t cp);
/* (pick, glyph and advance are table lookups filled at open: about 10 ns
 * per character together; faces and sets are read-only after open, so
 * they may be used from several threads.) */

/*
 * The face at index i of bm_fontset_pick's search for `role`: the role's own
 * faces, then the fallback chain (each face once).  Returns the chain length
 * in *n.  pick_is_fallback() says whether the picked face for cp came from
 * the fallback chain rather than the role's own faces (coverage reports).
 */
const bm_face *const *bm_fontset_chain(const bm_fontset *fs, bm_role role,
                                       size_t *n);
int bm_fontset_pick_is_fallback(const bm_fontset *fs, bm_role role,
                                uint32_t cp);
/*
 * 1 when the face that draws cp in `role` has another style than the role
 * (a 楷 line drawing 喆 from a 明 face): the caller warns.  A role's own
 * faces and the fallback faces declared with its style (fallback-kai for
 * kai) are of its style; the chain tries those before any other.  0 also
 * when no face has cp (that is reported as missing).
 */
int bm_fontset_pick_other_style(const bm_fontset *fs, bm_role role,
                                uint32_t cp);

/* 1 if the face's GSUB or GPOS has the OpenType feature `tag` ("halt",
 * "chws", "kern", "vert"): the composer compresses punctuation with the
 * font's own halt/chws when present, else by its own rules. */
int bm_face_has_feature(const bm_face *f, const char *tag);

/*
 * bm_fontset_lookup - pick, glyph and advance in one call (the composer's
 * per-character path): stores the face (NULL if no font has cp) and glyph
 * id, and returns the advance at `size` in 1/64 pt.  A character no font
 * has gets gid 0 and an advance of one em (`size`), the width of the
 * visible placeholder the back end draws.
 */
bm_fix bm_fontset_lookup(const bm_fontset *fs, bm_role role, uint32_t cp,
                         bm_fix size, const bm_face **face, uint32_t *gid);

/* Glyph id of cp in f, or 0 when the face lacks it. */
uint32_t bm_face_glyph(const bm_face *f, uint32_t cp);
/* Horizontal advance of glyph `gid` at font size `size`, in 1/64 pt. */
bm_fix   bm_face_advance(const bm_face *f, uint32_t gid, bm_fix size);
/* Ink box of glyph `gid` at `size` (1/64 pt, y up): for punctuation
 * position checks (a face that centres ，。 is reported). */
void     bm_face_extents(const bm_face *f, uint32_t gid, bm_fix size,
                         bm_fix *x0, bm_fix *x1, bm_fix *y0, bm_fix *y1);

/* One glyph shaped by HarfBuzz. */
typedef struct bm_shaped {
    uint32_t gid;
    bm_fix   adv, xoff, yoff;   /* 1/64 pt at the size shaped */
    uint32_t cluster;           /* byte offset in the run */
} bm_shaped;

/*
 * bm_font_shape - shape text[0..len) in face `f` at `size` with HarfBuzz
 * (script/language from the text, "zh-Hans"; kerning on).  `features` is a
 * comma-separated HarfBuzz feature list such as "halt" or NULL.  Glyphs come
 * from `a`.  Advances are rounded exactly as bm_face_advance rounds them.
 * `cluster` is HarfBuzz's default (monotone graphemes): a combining mark
 * shares its base's byte offset.  Mixed Han/Latin runs shape correctly
 * (Latin kerning applies inside a Han-led run).  Invalid UTF-8 or a bad
 * feature string is BM_INPUT.
 */
bm_status bm_font_shape(const bm_face *f, const char *text, size_t len,
                        bm_fix size, const char *features, bm_arena *a,
                        bm_shaped **out, size_t *n, bm_error *err);

/*
 * bm_font_subset - subset `f` to the glyphs in gids[0..n) (glyph 0 is always
 * kept) with HarfBuzz, without retaining glyph ids.  Returns the font file
 * bytes (heap, yours to free()) and fills new_gid[i] with the subset's glyph
 * id for gids[i].
 */
bm_status bm_font_subset(const bm_face *f, const uint32_t *gids, size_t n,
                         unsigned char **data, size_t *len,
                         uint32_t *new_gid, bm_error *err);

/* One subset of bm_font_subset_many: the face and glyphs in, the font
 * file (heap, yours to free()) and new glyph ids out, with its own status
 * and error. */
typedef struct bm_subset_job {
    const bm_face  *face;
    const uint32_t *gids;
    size_t          n;
    uint32_t       *new_gid;     /* [n], filled */
    unsigned char  *data;
    size_t          len;
    bm_status       st;
    bm_error        err;
} bm_subset_job;

/*
 * bm_font_subset_many - bm_font_subset for each job, several at once on
 * up to bm_fontset_subset_threads() threads (a PDF's faces are subset
 * concurrently: each subset is independent and the bytes are those of
 * making them one after the other).  Returns the first failed job's
 * status, with its error in err; every job's data is set or NULL.
 */
bm_status bm_font_subset_many(const bm_fontset *fs, bm_subset_job *jobs,
                              size_t n, bm_error *err);
/* How many threads bm_font_subset_many uses (default: the processors
 * online, at most 4; a batch running one edition per processor sets 1). */
void bm_fontset_set_subset_threads(bm_fontset *fs, int n);
int  bm_fontset_subset_threads(const bm_fontset *fs);

/*
 * bm_fontset_prepare_subsets - for a process that will subset the set's
 * faces many times (a batch of editions): a face is then preprocessed for
 * subsetting (hb_subset_preprocess), which costs about a second of CPU for
 * a CJK CFF face and makes every later subset of it two to four times
 * faster -- BM_SUBSET_PREP_FIRST at its first subset, BM_SUBSET_PREP_AUTO
 * once subsetting it the plain way has cost about as much as preprocessing
 * would (faces used little are never preprocessed).  Subsets are byte for
 * byte the same either way.  Call before the set is shared by threads.
 */
enum { BM_SUBSET_PREP_NONE, BM_SUBSET_PREP_FIRST, BM_SUBSET_PREP_AUTO };
void bm_fontset_prepare_subsets(bm_fontset *fs, int mode);

/* For tests: subset each face with its file's whole cmap (1) or, where it
 * can be, one cut to the glyphs kept (0, the default; subset.c): the
 * subsets are byte for byte the same. */
void bm_fontset_set_whole_cmap(bm_fontset *fs, int whole);

/* What the set's subsets cost so far (the batch report): subsets made,
 * faces preprocessed, CPU seconds preprocessing and subsetting. */
typedef struct bm_subset_stats {
    long   nsubsets;
    int    nprepared;
    double prep_s, subset_s;
} bm_subset_stats;
void bm_fontset_subset_stats(const bm_fontset *fs, bm_subset_stats *st);

/*
 * bm_font_subset_cids - the code a PDF CIDFont shows (Identity-H) for each
 * glyph of a subset made by bm_font_subset: for TrueType and name-keyed CFF
 * the glyph id itself; for a CID-keyed CFF (Noto CJK) the CID that the
 * subset's charset gives the glyph.  harfbuzz renumbers the glyphs but keeps
 * each one's original CID in the charset, and PDF readers find a
 * CIDFontType0 glyph through the charset, so the CID is what the content
 * stream, W and ToUnicode must use.  Sets *cid_keyed.
 */
bm_status bm_font_subset_cids(const unsigned char *data, size_t len,
                              const uint32_t *gids, size_t n, uint32_t *cids,
                              int *cid_keyed, bm_error *err);

/*
 * bm_font_widen - the subset font file data[0..len) (from bm_font_subset)
 * with n glyphs more: copy i draws the subset's glyph base[i] with an
 * advance extra[i] font units wider (> 0).  *out (heap, yours to free())
 * is the new file, code[i] the code a PDF CIDFont shows for copy i (its
 * glyph id, or for a CID-keyed CFF a CID no glyph of the subset has) and
 * adv[i] its advance in font units.  When the file's form is not one
 * wide.c handles, *out is NULL and nothing else is set: show the bases.
 */
bm_status bm_font_widen(const unsigned char *data, size_t len,
                        const uint32_t *base, const int *extra, size_t n,
                        unsigned char **out, size_t *out_len, uint32_t *code,
                        unsigned *adv, bm_error *err);

/*
 * bm_font_sfnt_table - find table `tag` ("CFF ", "head") in the font file
 * d[0..n) (an OpenType/TrueType container such as a subset): *t points
 * into d.  Returns 0 when the table is absent or runs past the file.
 */
int  bm_font_sfnt_table(const unsigned char *d, size_t n, const char *tag,
                        const unsigned char **t, size_t *tlen);
/* The head table's glyph bounding box in 1/1000 em (0 0 1000 1000 when the
 * table is missing or broken). */
void bm_font_sfnt_bbox(const unsigned char *d, size_t n, int bbox[4]);

/* ---- coverage --------------------------------------------------------- */

/*
 * Which characters of a text have no font in the role they are set in, and
 * which need the fallback chain (`banmian fonts --coverage`, `check`).
 * Characters that are never drawn (controls, ZW*, variation selectors,
 * BOM) are skipped.
 */
struct bm_edition;
struct bm_layout;

/* One (character, role) met, with its first occurrence. */
typedef struct bm_cover_char {
    uint32_t       cp;
    bm_role        role;
    long           count;       /* occurrences */
    const char    *file;        /* first occurrence (the coverage's copy) */
    int            line, col;   /* col 0 = unknown */
    const bm_face *face;        /* picked face; NULL = no font has it */
    int            fallback;    /* face came from the fallback chain */
    long           warned;      /* occurrences reported to diags */
} bm_cover_char;

typedef struct bm_coverage bm_coverage;

bm_coverage *bm_coverage_new(const bm_fontset *fs);
void         bm_coverage_free(bm_coverage *c);

/*
 * Counts s[0..n) set in `role`, which starts at file:line:col (col 0: do
 * not track columns; a newline advances line).  Each occurrence of a
 * character no font has is added to `missing` (if not NULL) as a warning
 * at its position.  Invalid UTF-8 is BM_INPUT at its file:line:col.
 */
bm_status bm_coverage_text(bm_coverage *c, bm_role role, const char *s,
                           size_t n, const char *file, int line, int col,
                           bm_diags *missing, bm_error *err);

/*
 * Every string of `ed` in the role `lay` gives its element (kicker, the
 * headline sizes, subhead, byline, body, brief, subheading, caption,
 * credit, section label, masthead); lay NULL = the roles of
 * layouts/broadsheet.xml.  Positions are the model's file:line.
 */
void bm_coverage_edition(bm_coverage *c, const struct bm_edition *ed,
                         const struct bm_layout *lay, bm_diags *missing);

/* Every (character, role) met, in order of first occurrence; totals. */
const bm_cover_char *bm_coverage_chars(const bm_coverage *c, size_t *n);
long bm_coverage_total(const bm_coverage *c);     /* characters counted */

#endif
