/*
 * jpeg.c - an RGB image as JPEG bytes, with libjpeg writing to memory
 * (jpeg_mem_dest): baseline, 4:2:0, the accurate integer DCT, standard
 * Huffman tables, a JFIF header with the image's resolution and nothing
 * else, so the same pixels give the same bytes.  The EPUB's cover is
 * one: page 1 at 1600 px as JPEG takes 6 ms to encode and 540 KB where
 * PNG took 42 ms and 680 KB (zlib was a third of a one-page build's
 * time), and at JPEG_QUALITY its type stays as sharp as the PNG's at
 * four times the size.  libjpeg reports errors by longjmp to the setjmp
 * below.
 */
#include "raster_private.h"

#include <stdlib.h>

#define JPEG_QUALITY 85

/* The error manager and libjpeg's output buffer, on the heap: what
 * changes after the setjmp is then no automatic object of write_jpeg's
 * (those are indeterminate after the longjmp). */
typedef struct jout {
    bm_jpeg_err    e;    /* first: libjpeg's err points at it */
    unsigned char *out;  /* jpeg_mem_dest's (malloc) */
    unsigned long  n;
} jout;

/* The JPEG of a w x h image whose rows come from the surface `cs`
 * (RGB24, each row converted into one buffer as libjpeg takes it) or
 * from `fill`. */
static bm_status write_jpeg(cairo_surface_t *cs, bm_row_fill fill, void *ctx,
                            int w, int h, double dpi, unsigned char **data,
                            size_t *len, bm_error *err)
{
    *data = NULL;
    *len = 0;
    struct jpeg_compress_struct ci;
    jout *je = bm_xmalloc(sizeof *je);
    unsigned char *row = bm_xmalloc((size_t)w * 3 + 1);
    volatile bm_status st = BM_OK;  /* read after a longjmp */
    ci.err = bm_raster_jpeg_err(&je->e);
    je->out = NULL;
    je->n = 0;
    if (setjmp(je->e.jb)) {
        jpeg_destroy_compress(&ci);
        free(je->out);
        free(row);
        bm_status fs = st;
        if (fs == BM_OK)
            fs = bm_error_set(err, BM_INTERNAL, NULL, 0, 0,
                              "libjpeg failed writing a %d x %d JPEG: %s", w,
                              h, je->e.msg);
        free(je);
        return fs;
    }
    jpeg_create_compress(&ci);
    jpeg_mem_dest(&ci, &je->out, &je->n);
    ci.image_width = (JDIMENSION)w;
    ci.image_height = (JDIMENSION)h;
    ci.input_components = 3;
    ci.in_color_space = JCS_RGB;
    jpeg_set_defaults(&ci);
    jpeg_set_quality(&ci, JPEG_QUALITY, TRUE);
    ci.dct_method = JDCT_ISLOW;
    if (dpi > 0) {
        ci.density_unit = 1; /* dots per inch */
        ci.X_density = ci.Y_density = (UINT16)(dpi + 0.5);
    }
    jpeg_start_compress(&ci, TRUE);
    const unsigned char *d = cs ? cairo_image_surface_get_data(cs) : NULL;
    size_t stride = cs ? (size_t)cairo_image_surface_get_stride(cs) : 0;
    for (int y = 0; y < h; y++) {
        if (fill) {
            bm_status fs = fill(ctx, y, row, err);
            if (fs != BM_OK) {
                st = fs;
                longjmp(je->e.jb, 1);
            }
        } else {
            bm_raster_row_rgb(d + (size_t)y * stride, w, row);
        }
        JSAMPROW rp = row;
        jpeg_write_scanlines(&ci, &rp, 1);
    }
    jpeg_finish_compress(&ci);
    jpeg_destroy_compress(&ci);
    free(row);
    /* libjpeg's buffer (malloc) is the caller's to free() */
    *data = je->out;
    *len = je->n;
    free(je);
    return BM_OK;
}

bm_status bm_raster_jpeg_rows(bm_row_fill fill, void *ctx, int w, int h,
                              double dpi, unsigned char **data, size_t *len,
                              bm_error *err)
{
    return write_jpeg(NULL, fill, ctx, w, h, dpi, data, len, err);
}

bm_status bm_raster_jpeg_surface(cairo_surface_t *s, double dpi,
                                 unsigned char **data, size_t *len,
                                 bm_error *err)
{
    cairo_surface_flush(s);
    return write_jpeg(s, NULL, NULL, cairo_image_surface_get_width(s),
                      cairo_image_surface_get_height(s), dpi, data, len, err);
}
