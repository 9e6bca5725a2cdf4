/*
 * build.h - the build driver: reads an edition (or page dumps), lays it out,
 * runs the requested back ends from one table and reports what it made.
 * Used by `banmian build`, the build fuzzer and the benchmark.  It parses no
 * options and prints nothing: the caller prints the report and the
 * edition's diagnostics.
 */
#ifndef BM_BUILD_H
#define BM_BUILD_H

#include "../layout/layout.h"

/* The back ends, as bits of bm_build_options.formats. */
enum {
    BM_FORMAT_PDF  = 1u << 0,   /* OUT/NAME.pdf */
    BM_FORMAT_EPUB = 1u << 1,   /* OUT/NAME.epub (reflowable) */
    BM_FORMAT_ALTO = 1u << 2,   /* OUT/NAME-alto/: page-NN.xml (ALTO 4.4),
                                   page-NN.pdf (PDF/A-2u), mets.xml */
    BM_FORMAT_SPLIT = 1u << 3,  /* OUT/NAME-pages/page-NN.pdf alone */
    BM_FORMAT_PNG  = 1u << 4,   /* OUT/NAME-pages/: page-NN.png, page-NN-
                                   thumb.png (src/raster) */
    BM_FORMAT_FXL  = 1u << 5,   /* OUT/NAME.replica.epub: fixed layout */
    BM_FORMAT_ALL  = BM_FORMAT_PDF | BM_FORMAT_EPUB | BM_FORMAT_ALTO |
                     BM_FORMAT_PNG | BM_FORMAT_FXL
};

typedef struct bm_build_options {
    /* input: one edition directory (or its edition.xml), or page dumps */
    const char *const *inputs;
    size_t             ninputs;
    const char        *date, *title;   /* page dumps only */
    /* or an edition already read (the fuzzer): `inputs` is then unused;
     * the build does not free it */
    bm_edition        *edition;

    const char *layout;        /* name in layouts_dir or a file; NULL: the
                                  edition's, else broadsheet */
    const char *layouts_dir;
    const bm_layout *lay;      /* or a parsed layout (borrowed) */
    const char *fonts_conf;    /* fonts.conf path */
    bm_fontset *fonts;         /* or an opened font set (borrowed) */

    const char *outdir;        /* created when missing */
    unsigned    formats;       /* BM_FORMAT_* bits; 0 = PDF + EPUB */
    const char *dump_layout;   /* write the LayoutDoc JSON here, or NULL */
    int         pdfa;          /* PDF as PDF/A-2u */
    int         pdfua;         /* PDF identified as PDF/UA-1 */
    int         embed_font;    /* EPUB: embed a subset of the body face */
    int         reflow;        /* stories may move whole to another page */
    const char *cover;         /* EPUB: cover image file, or NULL */
    double      png_dpi;       /* page images: pixels per inch; 0 = 150 */
    int         cover_height;  /* EPUB cover (page 1) in pixels; 0 = 1600 */
    const char *version;       /* the software's version (ALTO, METS) */

    /* progress (may be NULL): `what` is a stage; done/total count pages
     * while laying out, else 0/0 */
    void (*progress)(void *ctx, const char *what, int done, int total);
    void *progress_ctx;

    /* a batch's name check (may be NULL): called once the output name is
     * known (after ingest); nonzero refuses it, with the reason in err */
    int (*claim)(void *ctx, const char *name, bm_error *err);
    void *claim_ctx;
} bm_build_options;

/* One file (or directory) a back end made, with what it cost. */
typedef struct bm_build_output {
    const char *format;        /* "pdf", "epub", ... */
    const char *path;
    int         done;          /* 0: planned or failed (nothing left behind) */
    double      wall, cpu;     /* seconds */
} bm_build_output;

/* A stage's time: "ingest", "fonts" (font set and layout file), "compose". */
typedef struct bm_build_stage {
    const char *name;
    double      wall, cpu;
} bm_build_stage;

typedef struct bm_build {
    bm_arena        *arena;
    bm_edition      *ed;       /* its diags hold the warnings, also on failure */
    const bm_layout *lay;
    bm_layout_doc   *doc;      /* NULL when no back end needed pages */
    const char      *name;     /* file stem: edition name and date */
    const bm_image  *cover_img; /* --cover, read and checked at ingest */
    bm_build_output  outputs[8];
    size_t           noutputs;
    bm_build_stage   stages[4];
    size_t           nstages;
    /* the report */
    size_t           npages, narticles, njumps, nwarnings;
    /* owned */
    unsigned char   *cover;    /* page 1 as JPEG, made once for the EPUBs */
    size_t           cover_len;
    int              cover_done; /* drawn (cover_st, cover_err: its outcome) */
    bm_status        cover_st;
    bm_error         cover_err;
    struct cover_job *cover_job; /* the thread drawing it, until joined */
    bm_fontset      *own_fonts;
    int              own_edition;
} bm_build;

/*
 * bm_build_run - the whole build.  `*out` is set even on failure (free it
 * with bm_build_free), so the caller can print the edition's diagnostics.
 * On failure no output file of the failing back end is left behind; files
 * of back ends that ran before it stay (their outputs are marked done).
 */
bm_status bm_build_run(const bm_build_options *opt, bm_build **out,
                       bm_error *err);
void      bm_build_free(bm_build *b);

/* Whether inputs name one edition (a directory or an edition.xml) rather
 * than page dumps. */
int bm_build_is_edition(const char *const *inputs, size_t ninputs);
/* Whether the path is a directory. */
int bm_build_is_dir(const char *path);

/* ---- batch builds ------------------------------------------------------------ */

/* Preprocessing faces for subsetting (bm_fontset_prepare_subsets): AUTO
 * once it pays, YES at each face's first subset, NO never. */
enum { BM_BATCH_PREPARE_AUTO = -1, BM_BATCH_PREPARE_NO = 0,
       BM_BATCH_PREPARE_YES = 1 };

typedef struct bm_batch_options {
    /* what every edition gets: layout, fonts_conf, outdir, formats, pdfa,
     * ...; its inputs, edition, fonts, dump_layout, cover, progress and
     * claim are the batch's own */
    const bm_build_options *build;
    const char *const      *editions;   /* directories (or edition.xml) */
    size_t                  n;
    int                     jobs;       /* editions at once (threads); <1: 1 */
    int                     prepare;    /* BM_BATCH_PREPARE_* */

    /* called once per edition, in the order given, one call at a time,
     * with its build (diagnostics, outputs; freed after the call) and its
     * status and error (BM_OK: built) */
    void (*report)(void *ctx, size_t i, const bm_build *b, bm_status s,
                   const bm_error *err);
    /* called (one at a time, any thread) as editions finish */
    void (*progress)(void *ctx, size_t done, size_t failed, size_t total);
    void *ctx;
} bm_batch_options;

typedef struct bm_batch_result {
    size_t          built, failed;
    bm_subset_stats subsets;    /* font subsets and preprocessed faces */
    double          fonts_seconds;   /* opening the font set */
    double          wall;            /* the whole batch */
} bm_batch_result;

/*
 * bm_build_batch - builds every edition in one process: the font set is
 * opened once and shared (read-only) by `jobs` threads, each building one
 * edition at a time with bm_build_run, so each edition's files are exactly
 * those of building it alone, written atomically.  An edition that fails
 * is reported and the others go on.  Two editions whose files would have
 * the same name (stem and date): the later one fails.  Returns non-OK only
 * when nothing could be built (the font set did not open): then no edition
 * was reported.
 */
bm_status bm_build_batch(const bm_batch_options *o, bm_batch_result *r,
                         bm_error *err);

#endif
