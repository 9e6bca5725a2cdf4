/*
 * pdf_private.h - shared between the files of src/pdf only.
 *
 * pdf.c drives the passes: census.c (which glyphs each face must hold),
 * fonts.c (subset and embed them), paint.c (each page's content stream and
 * links), metadata.c (outline, Info, XMP).  objects.c is the one file that
 * touches libharu's internal structures (hpdf_objects.h, the page's content
 * stream, the document's xref, catalog, info and trailer); the others use
 * only its functions and libharu's public API.
 */
#ifndef BM_PDF_PRIVATE_H
#define BM_PDF_PRIVATE_H

#include "pdf.h"

#include <hpdf.h>

/* Appends a number in PDF syntax (locale-free, at most 3 decimals). */
void bm_pdf_num(bm_buf *b, double v);
/* Appends an integer (no printf: the structure tree writes one per line). */
void bm_pdf_int(bm_buf *b, long v);
/* Appends a character code as a hex string, "<%04X>" (uppercase, at least
 * four digits). */
void bm_pdf_code_hex(bm_buf *b, uint32_t code);
/* Appends UTF-8 text as UTF-16BE hex digits (surrogate pairs above the BMP). */
void bm_pdf_utf16_hex(bm_buf *b, const char *s, size_t n);

/* ---- objects.c: libharu internals -------------------------------------- */

/* Appends raw operators to the page's content stream. */
HPDF_STATUS bm_pdfx_content(HPDF_Page page, const char *ops, size_t n);
/* Deflates pages' content streams on a thread of its own, at most
 * `wait_max` pages' text waiting for it (NULL when no thread could be
 * started).  BM_PDF_DEFLATE_WAIT: a few pages' text held. */
#define BM_PDF_DEFLATE_WAIT 8
typedef struct bm_pdf_deflater bm_pdf_deflater;
bm_pdf_deflater *bm_pdfx_deflater_new(size_t wait_max);
/* The page's content stream, once complete, deflated as libharu would at
 * save time (same zlib settings: the same bytes) and written as it is
 * then; the operators' text is freed.  With `q` the deflating is queued
 * and the stream written by bm_pdfx_deflater_finish, unless the queue is
 * full (then, and without `q`, both are done now, in line). */
HPDF_STATUS bm_pdfx_content_done(HPDF_Page page, bm_pdf_deflater *q);
/* Deflates the queue's last pages while the thread deflates its first,
 * then writes the queued pages' streams in the order they came: the
 * first error, or HPDF_OK.  Before the document is saved. */
HPDF_STATUS bm_pdfx_deflater_finish(bm_pdf_deflater *q);
/* Stops the thread (what is queued and not written is dropped). */
void bm_pdfx_deflater_free(bm_pdf_deflater *q);

/* Puts `font` (an indirect dict) in the page's /Resources /Font as `name`. */
HPDF_STATUS bm_pdfx_page_font(HPDF_Doc pdf, HPDF_Page page, const char *name,
                              HPDF_Dict font);

/* A new empty indirect dictionary (filled in later by bm_pdfx_type0). */
HPDF_Dict bm_pdfx_dict(HPDF_Doc pdf);

/* What bm_pdfx_type0 writes for one embedded subset. */
typedef struct bm_pdf_fontdata {
    const char          *basefont;  /* "ABCDEF+PostScriptName" */
    int                  cff;       /* 1: CIDFontType0 + FontFile3/CIDFontType0C */
    const unsigned char *file;      /* the subset font file */
    size_t               file_len;
    int                  bbox[4];   /* in 1/1000 em */
    int                  ascent, descent;
    const char          *w;         /* the W array, "[...]" */
    const char          *tounicode; /* the CMap text */
    const unsigned char *cidtogid;  /* CIDFontType2: 2 bytes per CID, or NULL
                                       for /Identity */
    size_t               cidtogid_len;
} bm_pdf_fontdata;

/* Fills `type0` (from bm_pdfx_dict) with the Type0 font and its
 * descendant, descriptor, font file and ToUnicode streams. */
HPDF_STATUS bm_pdfx_type0(HPDF_Doc pdf, HPDF_Dict type0,
                          const bm_pdf_fontdata *fd);

/* An image XObject of a PNG's own compressed rows (FlateDecode with PNG
 * predictors, nothing decoded; a transparent colour as a /Mask colour key
 * when `key_mask`): 1 with *img set, 0 when the PNG is not one that can go
 * in that way (an alpha channel, a palette's tRNS, a tRNS without
 * `key_mask`, not 8-bit, interlaced), -1 when libharu could not allocate. */
int bm_pdfx_png(HPDF_Doc pdf, const unsigned char *data, size_t len,
                int key_mask, HPDF_Image *img);

/* A text string object (UTF-16BE with BOM; any Unicode). */
HPDF_STATUS bm_pdfx_set_text(HPDF_Doc pdf, HPDF_Dict dict, const char *key,
                             const char *utf8);
HPDF_STATUS bm_pdfx_info_text(HPDF_Doc pdf, const char *key, const char *utf8);
/* Catalog /Lang, /Metadata (uncompressed XMP) and trailer /ID. */
HPDF_STATUS bm_pdfx_catalog(HPDF_Doc pdf, const char *lang, const char *xmp,
                            size_t xmp_len, const unsigned char id[16]);
/* Catalog /OutputIntents: one PDF/A output intent (/S /GTS_PDFA1) whose
 * /DestOutputProfile is the RGB ICC profile `icc` (N 3). */
HPDF_STATUS bm_pdfx_output_intent(HPDF_Doc pdf, const unsigned char *icc,
                                  size_t icc_len, const char *condition);
/* obj /Dest [page /FitH top], a direct array. */
HPDF_STATUS bm_pdfx_dest(HPDF_Doc pdf, HPDF_Dict obj, HPDF_Page page,
                         double top);
/* A borderless, printable (/F 4) link annotation on `page` over `r` to
 * [target /FitH top]; *annot is the annotation (for the structure tree). */
HPDF_STATUS bm_pdfx_link(HPDF_Doc pdf, HPDF_Page page, HPDF_Rect r,
                         HPDF_Page target, double top, HPDF_Dict *annot);
/* The same to the first page of the PDF file `file` (a relative name) when
 * `file` is not NULL: a /GoToR action, `target` unused. */
HPDF_STATUS bm_pdfx_link_to(HPDF_Doc pdf, HPDF_Page page, HPDF_Rect r,
                            HPDF_Page target, const char *file, double top,
                            HPDF_Dict *annot);

/* Plain objects for the structure tree: a direct dictionary or array, and
 * entries put in them (a NULL obj is an allocation failure).  A page and
 * an annotation are dictionaries too. */
HPDF_Dict   bm_pdfx_direct_dict(HPDF_Doc pdf);
HPDF_Array  bm_pdfx_array(HPDF_Doc pdf);
/* An array that will hold about n items (one allocation, not n / 20). */
HPDF_Array  bm_pdfx_array_for(HPDF_Doc pdf, size_t n);
HPDF_STATUS bm_pdfx_put_name(HPDF_Dict d, const char *key, const char *name);
HPDF_STATUS bm_pdfx_put_int(HPDF_Dict d, const char *key, int v);
HPDF_STATUS bm_pdfx_put_bool(HPDF_Dict d, const char *key, int v);
HPDF_STATUS bm_pdfx_put(HPDF_Dict d, const char *key, void *obj);
HPDF_STATUS bm_pdfx_push(HPDF_Array a, void *obj);
HPDF_STATUS bm_pdfx_push_int(HPDF_Array a, int v);
HPDF_STATUS bm_pdfx_catalog_put(HPDF_Doc pdf, const char *key, void *obj);
/* A byte string of ASCII text (an element's /ID). */
HPDF_STATUS bm_pdfx_put_string(HPDF_Doc pdf, HPDF_Dict d, const char *key,
                               const char *ascii);


/* ---- the writer's state, shared by its passes -------------------------- */

#define BM_PDF_NGID 65536u
#define BM_PDF_PH_FONT 0xFFFFFFFEu /* font key of the placeholder font */

/* A glyph shown as a wider copy of itself (src/font/wide.c), so that the
 * glued gap after it is inside its advance: census.c finds them, fonts.c
 * embeds them and sets code and width, paint.c shows them. */
typedef struct bm_pdf_wide {
    uint32_t gid;     /* the face's glyph */
    int      extra;   /* wider by this, 1/1000 em */
    uint32_t code;    /* code shown; 0 = no copy (the face's form) */
    int      width;   /* its W entry, 1/1000 em */
} bm_pdf_wide;

/* What the PDF says of one glyph of a face (by its gid in the face). */
typedef struct bm_pdf_gid_use {
    const char *text;     /* ToUnicode text */
    const char *ftext;    /* else: from a cluster of glyphs */
    uint32_t    tlen, flen;
    uint32_t    code;     /* code shown */
    int         width;    /* W entry, 1/1000 em */
    int         mark;     /* the glyph is shown */
} bm_pdf_gid_use;

/* What one face must hold (census.c fills it, fonts.c embeds it).  The
 * glyphs' records are kept only for the glyphs met, found through `slot`:
 * seven arrays of every gid a face may have (2.2 MB a face, nearly every
 * page of them touched by a CJK face's scattered gids) were 9 MB of a
 * build's peak. */
typedef struct bm_pdf_face_use {
    int             used;
    uint32_t       *slot;     /* [NGID] 1 + index into use, 0: not met */
    bm_pdf_gid_use *use;
    size_t          nuse, capuse;
    bm_pdf_wide   *wide;      /* sorted by gid, extra; unique */
    size_t         nwide, capwide;
    HPDF_Dict      font;
    char           name[24];  /* resource name */
} bm_pdf_face_use;

/* The record of glyph gid (< BM_PDF_NGID) of a face: all zero when the
 * census did not meet it (read-only then). */
extern const bm_pdf_gid_use bm_pdf_gid_none;
static inline const bm_pdf_gid_use *bm_pdf_gid(const bm_pdf_face_use *u,
                                               uint32_t gid)
{
    uint32_t s = u->slot ? u->slot[gid] : 0;
    return s ? &u->use[s - 1] : &bm_pdf_gid_none;
}

/* A character no face has: its code in the placeholder font is its index
 * here plus one. */
typedef struct bm_pdf_missing {
    const char *text;
    size_t      len;
} bm_pdf_missing;

/* One PDF being written.  `pdf` is owned (HPDF_Free in bm_pdf_write);
 * everything else comes from the arena `a`. */
typedef struct bm_pdf_struct bm_pdf_struct; /* structure.c */

typedef struct bm_pdf_ctx {
    const bm_layout_doc *doc;
    int                  pdfa;     /* PDF/A-2u (bm_pdf_options) */
    int                  pdfua;    /* PDF/UA-1 identification */
    int                  one_page; /* bm_pdf_options.page: doc is a view */
    const bm_layout_doc *whole;    /* the document doc is a view of */
    const char *const   *page_files; /* bm_pdf_options.page_files */
    bm_pdf_struct       *st;       /* the structure tree; NULL: untagged */
    bm_arena            *a;
    HPDF_Doc             pdf;
    HPDF_STATUS          herr, hdetail;
    size_t               nfaces;
    bm_pdf_face_use     *faces;
    bm_pdf_missing      *miss;
    size_t               nmiss, capmiss;
    const bm_face       *ph_face;
    uint32_t             ph_gid;
    int                  ph_width;
    HPDF_Dict            ph_font;
    HPDF_Page           *pages;
    bm_pdf_deflater     *deflater; /* pages deflated beside the painting,
                                      or NULL (in line) */
    uint8_t             *page_has; /* per font key, reset per page */
    /* paint.c: the shown widths of the line being painted (owned) */
    int                 *shown_w;
    const bm_pdf_wide  **shown_wide;
    size_t               shown_cap;
    /* images embedded so far (paint.c): one XObject per bm_image, however
     * many boxes show it */
    const bm_image     **img_pic;
    HPDF_Image          *img_obj;
    size_t               nimg, capimg;
} bm_pdf_ctx;

static inline double bm_pdf_pt(bm_fix v)
{
    return v / 64.0;
}

/* BM_OK, or the first libharu error seen (its error handler records it)
 * as BM_INTERNAL naming `what`. */
bm_status bm_pdf_herr(bm_pdf_ctx *c, HPDF_STATUS st, const char *path,
                      bm_error *err, const char *what);

/* ---- census.c: pass 1, the glyphs each face must hold ------------------ */

bm_status bm_pdf_census(bm_pdf_ctx *c, bm_error *err);
/* 1 if `g` is drawn in the placeholder font. */
int       bm_pdf_placeholder(const bm_pdf_ctx *c, const bm_glyph *g);
/* Number of glyphs in the cluster starting at glyph i (one font). */
size_t    bm_pdf_cluster_len(const bm_pdf_ctx *c, const bm_line *ln, size_t i);
/* Code (1-based) of a missing character in the placeholder font. */
uint32_t  bm_pdf_missing_code(bm_pdf_ctx *c, const char *t, size_t n);

/* A gap this wide (in em) after a glyph's advance reads as a space to the
 * most eager extractor (poppler, 0.1 em), with a margin. */
#define BM_PDF_GLUE_MIN_EM 0.08
/* The blank (1/1000 em) between glyph k of `ln`, taken as `width` wide,
 * and the next glyph, when an extractor would read a space there that the
 * text does not have (same baseline, no blank character on either side);
 * else 0.  Callers compare it with BM_PDF_GLUE_MIN_EM. */
double    bm_pdf_glue_gap(const bm_line *ln, size_t k, int width);
/* Width of glyph g in 1/1000 em as W gives it (not for placeholders). */
int       bm_pdf_glyph_width(const bm_pdf_ctx *c, const bm_glyph *g);
/* How much wider (1/1000 em, a multiple of BM_PDF_WIDE_STEP) glyph k of
 * `ln` is shown so that the glued gap after it is inside its advance, or
 * all but BM_PDF_HOLE_KEEP_EM of a real space's hole; 0 when it is
 * followed by neither. */
#define BM_PDF_WIDE_STEP 125
int       bm_pdf_glue_extra(const bm_pdf_ctx *c, const bm_line *ln, size_t k);
/* A real space's hole (1/1000 em) after glyph k of `ln`, taken as `width`
 * wide: the blank from its advance to the next ink glyph when only blank
 * glyphs of its face (U+3000, U+0020) come between and the blank is at
 * least BM_PDF_HOLE_MAX_EM; else 0.  Glyph k is then shown wider by the
 * hole less BM_PDF_HOLE_KEEP_EM (census.c says why). */
#define BM_PDF_HOLE_MAX_EM 0.75
#define BM_PDF_HOLE_KEEP_EM 0.5
double    bm_pdf_space_hole(const bm_pdf_ctx *c, const bm_line *ln, size_t k,
                            int width);
/* The index of the ink glyph after the blank glyphs that follow glyph k
 * (same face and baseline), or 0 when no blank follows or no ink comes
 * after them on the line. */
size_t    bm_pdf_space_run(const bm_pdf_ctx *c, const bm_line *ln, size_t k);
/* The wide copy of glyph g shown `extra` wider, or NULL (none embedded). */
const bm_pdf_wide *bm_pdf_wide_get(const bm_pdf_ctx *c, const bm_glyph *g,
                                   int extra);

/* ---- fonts.c: subsets, W arrays, ToUnicode maps, the placeholder font --- */

bm_status bm_pdf_fonts(bm_pdf_ctx *c, bm_error *err);

/* ---- paint.c: pass 2, one page's content stream, its links ------------- */

bm_status bm_pdf_paint_page(bm_pdf_ctx *c, size_t p, bm_error *err);

/* ---- structure.c: the structure tree ---------------------------------- */

/* Starts the tree: one Art per article of the edition, in its order. */
void      bm_pdf_struct_begin(bm_pdf_ctx *c);
/* The element line `ln` of page index p belongs to, or NULL when the line
 * is page furniture (an artifact). */
typedef struct bm_pdf_selem bm_pdf_selem;
bm_pdf_selem *bm_pdf_struct_line(bm_pdf_ctx *c, size_t p, const bm_line *ln);
/* The next MCID of page p, owned by `k`; the element's tag for its BDC. */
int           bm_pdf_struct_mcid(bm_pdf_ctx *c, size_t p, bm_pdf_selem *k);
const char   *bm_pdf_struct_tag(const bm_pdf_selem *k);
/* Writes the BDC that opens drawn box `bx` (an article's image: a Figure;
 * else an /Artifact); the caller closes it with EMC. */
int       bm_pdf_struct_box(bm_pdf_ctx *c, size_t p, const bm_box *bx,
                            bm_buf *b);
/* Page p is painted: figures still waiting for a caption go in. */
void      bm_pdf_struct_page_done(bm_pdf_ctx *c, size_t p);
/* A Link element for the annotation of jump line `ln`; returns the
 * annotation's StructParent key. */
int       bm_pdf_struct_link(bm_pdf_ctx *c, size_t p, const bm_line *ln,
                             HPDF_Dict annot);
/* The tree, the ParentTree, MarkInfo, each page's StructParents. */
bm_status bm_pdf_struct_write(bm_pdf_ctx *c, bm_error *err);

/* ---- metadata.c: outline, Info, XMP, output intent, page labels -------- */

bm_status bm_pdf_outline(bm_pdf_ctx *c, bm_error *err);
bm_status bm_pdf_metadata(bm_pdf_ctx *c, bm_error *err);

#endif
