/*
 * raster.h - page images: the LayoutDoc painted with cairo (FreeType font
 * backend) into RGB pixels, and those written as PNG with libpng.
 *
 * A back end on the LayoutDoc: it draws the glyphs the PDF shows (the same
 * faces, glyph ids and positions), the same rules, frames and images, and
 * moves nothing.  Output bytes depend only on the LayoutDoc and the
 * resolution: no timestamps, fixed compression settings.
 */
#ifndef BM_RASTER_H
#define BM_RASTER_H

#include "../layout/layout.h"

/* An RGB image, 3 bytes a pixel, rows of `stride` bytes (heap; yours to
 * bm_raster_free). */
typedef struct bm_raster {
    int            width, height;
    size_t         stride;
    unsigned char *rgb;
    double         dpi;        /* pixels per inch it was drawn at */
} bm_raster;

/* Pixels for `pt` points at `dpi`: ceil, as pdftoppm sizes its pages. */
int bm_raster_px(bm_fix pt, double dpi);
/* A position in pt as a pixel edge at `dpi`, rounded to the nearest: the
 * zones' rectangles (zones.c), each edge on its own. */
long bm_raster_edge(bm_fix v, double dpi);

/* Paints the pages of one LayoutDoc with the faces it uses.  The faces
 * come from a cache of the whole process (one cairo face per font file and
 * index, opened on first use, kept until exit, safe across threads), so
 * documents drawn one after another or at once share them and cairo's
 * glyph images.  One rasterizer is not for two threads at once. */
typedef struct bm_rasterizer bm_rasterizer;

/* `*out` is set even on failure; close it with bm_rasterizer_close.  The
 * document is borrowed and must outlive it. */
bm_status bm_rasterizer_open(const bm_layout_doc *doc, bm_rasterizer **out,
                             bm_error *err);
void      bm_rasterizer_close(bm_rasterizer *r);

/*
 * bm_raster_page - paint page index `p` at `dpi` (pixels per inch) on
 * white.  The image is bm_raster_px(width) x bm_raster_px(height).  An
 * image file that cannot be read is BM_INPUT naming it.
 */
bm_status bm_raster_page(bm_rasterizer *r, size_t p, double dpi,
                         bm_raster *out, bm_error *err);

/* A copy of `in` scaled to `width` pixels wide (height in proportion, at
 * least 1), filtered (box filter when shrinking). */
bm_status bm_raster_scale(const bm_raster *in, int width, bm_raster *out,
                          bm_error *err);

void bm_raster_free(bm_raster *r);

/* The image as PNG bytes (heap, yours to free()): 8-bit RGB, no alpha, a
 * pHYs chunk with its resolution, no time or text chunks. */
bm_status bm_raster_png(const bm_raster *r, unsigned char **data, size_t *len,
                        bm_error *err);

/*
 * bm_raster_cover - page 1 as a JPEG `height` pixels tall (an EPUB's cover
 * image: baseline, RGB as YCbCr 4:2:0, quality 85; jpeg.c).  The bytes
 * are heap, yours to free().  `how`, a set of flags:
 *   BM_RASTER_LEAN   the caller's thread alone reads doc's font set now, so
 *                    the pages of the font files that drawing reads are
 *                    handed back every few lines (bm_fontset_drop_pages)
 *                    instead of adding up (each of thousands of scattered
 *                    glyphs maps the 16 pages around it: 10 MB for a cover);
 *   BM_RASTER_AHEAD  a processor is free for it: the page's bands are
 *                    painted on a second thread while libjpeg compresses
 *                    the band before (the same bytes).
 */
enum { BM_RASTER_LEAN = 1, BM_RASTER_AHEAD = 2 };
bm_status bm_raster_cover(const bm_layout_doc *doc, int height, int how,
                          unsigned char **data, size_t *len, bm_error *err);

/* The cover's height: what e-reader stores ask of a cover (Kindle 1600 x
 * 2560 at most, Kobo and Apple Books about 1600 tall). */
#define BM_RASTER_COVER_H 1600

/* Options of the page-image folder. */
typedef struct bm_raster_options {
    double dpi;          /* 0: BM_RASTER_DPI */
    int    thumb_width;  /* 0: BM_RASTER_THUMB */
} bm_raster_options;

#define BM_RASTER_DPI   150.0
#define BM_RASTER_THUMB 300

/*
 * bm_raster_write_pages - into the folder `dir` (created when missing;
 * other files in it stay): page-NN.png, page-NN-thumb.png and page-NN.html
 * (the image with a <map> of its articles' zones, the thumbnails of all
 * pages, each article's text shown on a click) for every page, and
 * zones.json: {"dpi", "pages": [{"page", "image", "width_px",
 * "height_px"}], "articles": [{"id", "headline", "regions": [{"page",
 * "rects": [[x, y, w, h] in pt, origin top-left], "rects_px": [the same
 * in pixels of the image]}], "continues_on": N or null}]}.  Each file is written to a temporary name; they are renamed in
 * place only when all are made, and on failure none is left.
 */
bm_status bm_raster_write_pages(const bm_layout_doc *doc,
                                const bm_raster_options *opt, const char *dir,
                                bm_error *err);

#endif
