/*
 * image.c - an edition's PNG or JPEG decoded into a cairo surface.
 *
 * cairo reads PNG itself but not JPEG, and its PNG reader ends in the same
 * libpng error handler that cannot return; libpng's simplified API and
 * libjpeg with a jumping error manager both report a damaged file as an
 * error instead.  Ingest has read and checked every image (src/ingest/
 * image.c) and the LayoutDoc carries its bytes (bm_image): nothing here
 * opens a file.
 *
 * The PDF shows a PNG's alpha as a soft mask over the page and a JPEG as
 * DeviceRGB/Gray/CMYK; the surfaces here are the same pixels premultiplied
 * (ARGB32) or opaque (RGB24), and a CMYK JPEG is converted the way poppler
 * converts DeviceCMYK without a profile (r = (1-c)(1-k), ...).
 */
#include "raster_private.h"

#include <jpeglib.h>
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bm_status load_png(const bm_image *pic, const char *name,
                          cairo_surface_t **out, bm_error *err)
{
    png_image im;
    memset(&im, 0, sizeof im);
    im.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&im, pic->data, pic->len))
        return bm_error_set(err, BM_INPUT, name, 0, 0,
                            "cannot decode this PNG image: %s", im.message);
    /* RGBA bytes, packed below into cairo's native-endian ARGB words */
    im.format = PNG_FORMAT_RGBA;
    size_t size = PNG_IMAGE_SIZE(im);
    unsigned char *px = bm_xmalloc(size ? size : 1);
    if (!png_image_finish_read(&im, NULL, px, 0, NULL)) {
        bm_status st = bm_error_set(err, BM_INPUT, name, 0, 0,
                                    "cannot decode this PNG image: %s",
                                    im.message);
        png_image_free(&im);
        free(px);
        return st;
    }
    int w = (int)im.width, h = (int)im.height;
    png_image_free(&im);
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        free(px);
        cairo_surface_destroy(s);
        return bm_error_set(err, BM_INTERNAL, name, 0, 0,
                            "cairo cannot hold a %d x %d image", w, h);
    }
    cairo_surface_flush(s);
    unsigned char *d = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
    for (int y = 0; y < h; y++) {
        uint32_t *row = (uint32_t *)(void *)(d + (size_t)y * stride);
        const unsigned char *p = px + (size_t)y * w * 4;
        for (int x = 0; x < w; x++, p += 4) {
            unsigned a = p[3];
            unsigned r = (p[0] * a + 127) / 255, g = (p[1] * a + 127) / 255,
                     b = (p[2] * a + 127) / 255;
            row[x] = (uint32_t)a << 24 | r << 16 | g << 8 | b;
        }
    }
    free(px);
    cairo_surface_mark_dirty(s);
    *out = s;
    return BM_OK;
}

static void jpeg_fail(j_common_ptr cinfo)
{
    bm_jpeg_err *e = (bm_jpeg_err *)cinfo->err;
    e->mgr.format_message(cinfo, e->msg);
    longjmp(e->jb, 1);
}

static void jpeg_quiet(j_common_ptr cinfo, int level)
{
    (void)cinfo;
    (void)level;
}

struct jpeg_error_mgr *bm_raster_jpeg_err(bm_jpeg_err *e)
{
    memset(e, 0, sizeof *e);
    jpeg_std_error(&e->mgr);
    e->mgr.error_exit = jpeg_fail;
    e->mgr.emit_message = jpeg_quiet;
    return &e->mgr;
}

static bm_status load_jpeg(const bm_image *pic, const char *name,
                           cairo_surface_t **out, bm_error *err)
{
    struct jpeg_decompress_struct ci;
    bm_jpeg_err je;
    ci.err = bm_raster_jpeg_err(&je);
    /* volatile: they change between setjmp and a longjmp back to it */
    cairo_surface_t *volatile s = NULL;
    unsigned char *volatile row = NULL;
    if (setjmp(je.jb)) {
        jpeg_destroy_decompress(&ci);
        free(row);
        if (s)
            cairo_surface_destroy(s);
        return bm_error_set(err, BM_INPUT, name, 0, 0,
                            "cannot decode this JPEG image: %s", je.msg);
    }
    jpeg_create_decompress(&ci);
    jpeg_mem_src(&ci, pic->data, (unsigned long)pic->len);
    jpeg_read_header(&ci, TRUE);
    int cmyk = ci.jpeg_color_space == JCS_CMYK || ci.jpeg_color_space == JCS_YCCK;
    ci.out_color_space = cmyk ? JCS_CMYK
                         : ci.num_components == 1 ? JCS_GRAYSCALE
                                                  : JCS_RGB;
    jpeg_start_decompress(&ci);
    int w = (int)ci.output_width, h = (int)ci.output_height;
    int nc = ci.output_components;
    s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        jpeg_destroy_decompress(&ci);
        cairo_surface_destroy(s);
        return bm_error_set(err, BM_INTERNAL, name, 0, 0,
                            "cairo cannot hold a %d x %d image", w, h);
    }
    /* an Adobe CMYK JPEG stores its inks inverted */
    int inverted = cmyk && ci.saw_Adobe_marker;
    row = bm_xmalloc((size_t)w * nc);
    cairo_surface_flush(s);
    unsigned char *d = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
    while (ci.output_scanline < ci.output_height) {
        int y = (int)ci.output_scanline;
        JSAMPROW rp = row;
        jpeg_read_scanlines(&ci, &rp, 1);
        uint32_t *o = (uint32_t *)(void *)(d + (size_t)y * stride);
        for (int x = 0; x < w; x++) {
            const unsigned char *p = row + (size_t)x * nc;
            unsigned r, g, b;
            if (nc == 1) {
                r = g = b = p[0];
            } else if (nc == 3) {
                r = p[0], g = p[1], b = p[2];
            } else {
                unsigned c = p[0], m = p[1], yy = p[2], k = p[3];
                if (inverted)
                    c = 255 - c, m = 255 - m, yy = 255 - yy, k = 255 - k;
                r = (255 - c) * (255 - k) / 255;
                g = (255 - m) * (255 - k) / 255;
                b = (255 - yy) * (255 - k) / 255;
            }
            o[x] = 0xFF000000u | r << 16 | g << 8 | b;
        }
    }
    jpeg_finish_decompress(&ci);
    jpeg_destroy_decompress(&ci);
    free(row);
    cairo_surface_mark_dirty(s);
    *out = s;
    return BM_OK;
}

bm_status bm_raster_image_load(const bm_image *pic, const char *name,
                               cairo_surface_t **out, bm_error *err)
{
    *out = NULL;
    if (!pic)
        return bm_error_set(err, BM_INTERNAL, name, 0, 0,
                            "the image was not read at ingest: page images "
                            "open no file");
    if (pic->kind == BM_IMAGE_PNG)
        return load_png(pic, name, out, err);
    return load_jpeg(pic, name, out, err);
}
