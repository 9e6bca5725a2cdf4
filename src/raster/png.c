/*
 * png.c - an RGB image as PNG bytes, with libpng's full API writing to
 * memory.  Nothing in the file depends on when or where it was made: no
 * tIME or text chunks, fixed zlib level and filters, so the same pages give
 * the same bytes.  libpng reports errors by longjmp to the setjmp below.
 */
#include "raster_private.h"

#include <png.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

typedef struct membuf {
    bm_buf b;
} membuf;

static void put(png_structp png, png_bytep data, png_size_t n)
{
    membuf *m = png_get_io_ptr(png);
    bm_buf_append(&m->b, data, n);
}

static void flush(png_structp png)
{
    (void)png;
}

/*
 * The PNG of a w x h image whose rows come from `r` (RGB already) or from
 * the cairo surface `cs` (RGB24, each row converted into one row buffer as
 * libpng takes it, so a page image needs no second copy of its pixels).
 */
static bm_status write_png(const bm_raster *r, cairo_surface_t *cs, int w,
                           int h, double dpi, unsigned char **data,
                           size_t *len, bm_error *err)
{
    *data = NULL;
    *len = 0;
    membuf m;
    bm_buf_init(&m.b);
    unsigned char *row = r ? NULL : bm_xmalloc((size_t)w * 3 + 1);
    png_structp png =
        png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    if (!info) {
        png_destroy_write_struct(&png, NULL);
        free(row);
        return bm_error_set(err, BM_INTERNAL, NULL, 0, 0,
                            "libpng cannot start a PNG");
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        bm_buf_free(&m.b);
        free(row);
        return bm_error_set(err, BM_INTERNAL, NULL, 0, 0,
                            "libpng failed writing a %d x %d PNG", w, h);
    }
    png_set_write_fn(png, &m, put, flush);
    png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8,
                 PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    if (dpi > 0) {
        png_uint_32 ppm = (png_uint_32)(dpi / 0.0254 + 0.5);
        png_set_pHYs(png, info, ppm, ppm, PNG_RESOLUTION_METER);
    }
    /* zlib level 3, every row filtered Up.  Measured on the example
     * edition's four 150 dpi pages and thumbnails (CPU of the whole build;
     * folder size): level 6 with libpng's adaptive filters 1.66 s, 7.9 MB;
     * level 3 adaptive 1.21 s, 6.3 MB; level 3 Up 0.89 s, 6.5 MB; level 1
     * Up 0.81 s, 6.7 MB.  Compression is most of the back end's time. */
    png_set_compression_level(png, 3);
    png_set_filter(png, 0, PNG_FILTER_UP);
    png_write_info(png, info);
    if (cs) {
        const unsigned char *d = cairo_image_surface_get_data(cs);
        size_t stride = (size_t)cairo_image_surface_get_stride(cs);
        for (int y = 0; y < h; y++) {
            bm_raster_row_rgb(d + (size_t)y * stride, w, row);
            png_write_row(png, row);
        }
    } else {
        for (int y = 0; y < h; y++)
            png_write_row(png, r->rgb + (size_t)y * r->stride);
    }
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    free(row);
    *data = (unsigned char *)m.b.data;
    *len = m.b.len;
    return BM_OK;
}

bm_status bm_raster_png(const bm_raster *r, unsigned char **data, size_t *len,
                        bm_error *err)
{
    return write_png(r, NULL, r->width, r->height, r->dpi, data, len, err);
}

bm_status bm_raster_png_surface(cairo_surface_t *s, double dpi,
                                unsigned char **data, size_t *len,
                                bm_error *err)
{
    cairo_surface_flush(s);
    return write_png(NULL, s, cairo_image_surface_get_width(s),
                     cairo_image_surface_get_height(s), dpi, data, len, err);
}
