/*
 * raster_private.h - inside src/raster only.
 */
#ifndef BM_RASTER_PRIVATE_H
#define BM_RASTER_PRIVATE_H

#include "raster.h"

#include <cairo.h>
#include <setjmp.h>
#include <stdio.h> /* jpeglib.h needs FILE */

#include <jpeglib.h>

/*
 * libjpeg's errors as a longjmp to `jb`, its message in `msg`, its
 * warnings unsaid: image.c decoding a picture, jpeg.c encoding the cover.
 * bm_raster_jpeg_err sets e up and returns what goes in a codec's `err`.
 */
typedef struct bm_jpeg_err {
    struct jpeg_error_mgr mgr;
    jmp_buf               jb;
    char                  msg[JMSG_LENGTH_MAX];
} bm_jpeg_err;
struct jpeg_error_mgr *bm_raster_jpeg_err(bm_jpeg_err *e);

/*
 * bm_raster_image_load - the image a BM_BOX_IMAGE carries (bx->pic, the
 * bytes ingest read and checked; no file is opened, so the working
 * directory cannot change what is drawn), decoded into a cairo surface
 * (ARGB32, premultiplied; RGB24 when opaque).  PNG through libpng's
 * simplified API, JPEG (grey, RGB, CMYK) through libjpeg.  `name` is the
 * image's name for errors.  The surface is yours to cairo_surface_destroy.
 */
bm_status bm_raster_image_load(const bm_image *pic, const char *name,
                               cairo_surface_t **out, bm_error *err);

/* Page index p painted at dpi on white: an RGB24 surface, flushed, yours
 * to cairo_surface_destroy (bm_raster_page without the copy to RGB). */
bm_status bm_raster_paint(bm_rasterizer *r, size_t p, double dpi,
                          cairo_surface_t **out, bm_error *err);
/* The rasterizer hands the font files' pages back as it paints (see
 * bm_raster_cover's `lean`). */
void bm_rasterizer_lean(bm_rasterizer *r);
/* One RGB24 row of w pixels as RGB bytes into o (3 w bytes). */
void bm_raster_row_rgb(const unsigned char *row, int w, unsigned char *o);
/* bm_raster_png of a surface bm_raster_paint made, row by row: the same
 * bytes as bm_raster_png of bm_raster_page's image, without that image. */
bm_status bm_raster_png_surface(cairo_surface_t *s, double dpi,
                                unsigned char **data, size_t *len,
                                bm_error *err);

/* Rows [y0, y0 + rows) of page index p painted at dpi: the same pixels as
 * those rows of bm_raster_paint's surface when bm_raster_bandable(p). */
bm_status bm_raster_paint_band(bm_rasterizer *r, size_t p, double dpi,
                               int y0, int rows, cairo_surface_t **out,
                               bm_error *err);
/* 1 if page index p may be painted in bands (it has no image). */
int bm_raster_bandable(const bm_layout_doc *doc, size_t p);
/* An encoder's source of rows: fills row y (asked in order, 0 to h - 1)
 * of w RGB pixels into rgb. */
typedef bm_status (*bm_row_fill)(void *ctx, int y, unsigned char *rgb,
                                 bm_error *err);
/* An encoder of a w x h image whose rows `fill` gives: heap bytes, yours
 * to free(). */
typedef bm_status (*bm_row_encoder)(bm_row_fill fill, void *ctx, int w,
                                    int h, double dpi, unsigned char **data,
                                    size_t *len, bm_error *err);
/* The JPEG (jpeg.c) one. */
bm_status bm_raster_jpeg_rows(bm_row_fill fill, void *ctx, int w, int h,
                              double dpi, unsigned char **data, size_t *len,
                              bm_error *err);
/* The JPEG of a surface bm_raster_paint made, row by row. */
bm_status bm_raster_jpeg_surface(cairo_surface_t *s, double dpi,
                                 unsigned char **data, size_t *len,
                                 bm_error *err);

/* Page index p (w x h pixels at dpi) encoded by `enc` as it is painted
 * `rows` rows at a time (band.c): the bytes of the whole page painted
 * and encoded, with a band's memory.  `ahead`: the bands are painted on
 * a second thread while the encoder compresses the band before (the same
 * bytes). */
bm_status bm_raster_banded(bm_rasterizer *r, size_t p, double dpi, int rows,
                           int w, int h, int ahead, bm_row_encoder enc,
                           unsigned char **data, size_t *len, bm_error *err);

/* bm_raster_scale of a surface bm_raster_paint made at dpi. */
bm_status bm_raster_scale_surface(cairo_surface_t *src, double dpi, int width,
                                  bm_raster *out, bm_error *err);

/* An article's one-line title (headline), or its id (borrowed/doc arena). */
const char *bm_raster_title(const bm_layout_doc *doc, const char *id);
/* The page its first （下转） line names, or 0. */
int bm_raster_continues_on(const bm_layout_doc *doc, const char *id);

/* zones.json of the folder's images at dpi (zones.c). */
void bm_raster_zones_json(const bm_layout_doc *doc, double dpi, bm_buf *b);
/* page-NN.html of page index p (html.c). */
void bm_raster_page_html(const bm_layout_doc *doc, size_t p, double dpi,
                         int thumb_width, bm_buf *b);

/*
 * Files made together or not at all (pages.c): each is written to a
 * temporary name beside its own (".NAME.XXXXXXXX.tmp", created new, removed
 * on a fatal signal); bm_raster_stage_done renames them all in
 * place when `st` is BM_OK, else removes them, and returns the status.
 */
typedef struct bm_raster_stage {
    bm_arena *a;
    char    **path, **tmp;  /* tmp: heap (bm_tmp_create) */
    int      *slot;         /* in the signal cleanup list */
    size_t    n, cap;
} bm_raster_stage;

void      bm_raster_stage_init(bm_raster_stage *s);
bm_status bm_raster_stage_file(bm_raster_stage *s, const char *dir,
                               const char *name, const void *data, size_t n,
                               bm_error *err);
bm_status bm_raster_stage_done(bm_raster_stage *s, bm_status st,
                               bm_error *err);

#endif
