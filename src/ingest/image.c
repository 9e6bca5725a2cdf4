/*
 * image.c - checks the images an edition names before anything draws them.
 *
 * libharu hands PNG files to libpng, whose errors on a damaged file end the
 * process (its error handler has nowhere to return to), and it trusts a
 * JPEG's header.  So ingest, the only reader of input, decodes every PNG
 * once with libpng's simplified API (which reports errors instead of
 * jumping) and reads a JPEG's frame header, and refuses a file that is
 * damaged, not an image, or too large to place, with a message that says
 * which.  Decoding costs a few milliseconds per newspaper photo.
 */
#include "ingest_private.h"

#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A printed page has no use for more pixels than this (about 600 dpi over
 * a full broadsheet page); more is a mistake or a decompression bomb. */
#define MAX_SIDE   20000u
#define MAX_PIXELS (64u * 1024 * 1024)

static unsigned be16(const unsigned char *p)
{
    return (unsigned)p[0] << 8 | p[1];
}

static int too_large(unsigned long w, unsigned long h, char *why, size_t n)
{
    if (w <= MAX_SIDE && h <= MAX_SIDE && w * h <= MAX_PIXELS)
        return 0;
    snprintf(why, n,
             "is %lu x %lu pixels, more than banmian places (at most %u "
             "pixels a side and %u megapixels): scale it down",
             w, h, MAX_SIDE, MAX_PIXELS / (1024 * 1024));
    return 1;
}

static int png_check(const char *path, int *w, int *h, char *why, size_t n)
{
    png_image im;
    memset(&im, 0, sizeof im);
    im.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&im, path)) {
        snprintf(why, n, "is a damaged PNG file (%s): export it again",
                 im.message);
        png_image_free(&im);
        return 0;
    }
    if (too_large(im.width, im.height, why, n)) {
        png_image_free(&im);
        return 0;
    }
    /* Decode it all: a damaged chunk anywhere is found here, not later. */
    im.format = PNG_FORMAT_RGBA;
    size_t size = PNG_IMAGE_SIZE(im);
    void *px = malloc(size);
    if (!px) {
        png_image_free(&im);
        snprintf(why, n, "cannot be decoded: out of memory");
        return 0;
    }
    int ok = png_image_finish_read(&im, NULL, px, 0, NULL);
    if (!ok)
        snprintf(why, n, "is a damaged PNG file (%s): export it again",
                 im.message);
    else
        *w = (int)im.width, *h = (int)im.height;
    free(px);
    png_image_free(&im);
    return ok;
}

/* Walks the JPEG markers to the frame header (baseline or progressive). */
static int jpeg_check(FILE *fp, int *w, int *h, char *why, size_t n)
{
    for (int guard = 0; guard < 10000; guard++) {
        int c = fgetc(fp);
        if (c != 0xFF)
            break;
        int m;
        while ((m = fgetc(fp)) == 0xFF)
            ;
        if (m == EOF)
            break;
        if (m == 0xD8 || m == 0x01 || (m >= 0xD0 && m <= 0xD7))
            continue;
        unsigned char l[7];
        if (fread(l, 1, 2, fp) != 2)
            break;
        unsigned len = be16(l);
        if (len < 2)
            break;
        if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
            if (fread(l, 1, 5, fp) != 5)
                break;
            unsigned hh = be16(l + 1), ww = be16(l + 3);
            if (!ww || !hh)
                break;
            if (too_large(ww, hh, why, n))
                return 0;
            *w = (int)ww, *h = (int)hh;
            return 1;
        }
        if (fseek(fp, (long)len - 2, SEEK_CUR) != 0)
            break;
    }
    snprintf(why, n, "is a damaged JPEG file (no frame header): export it "
                     "again");
    return 0;
}

int bm_ingest_image_check(const char *path, int *w, int *h, char *why,
                          size_t n)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        snprintf(why, n, "cannot be opened");
        return 0;
    }
    unsigned char b[8] = {0};
    size_t got = fread(b, 1, sizeof b, fp);
    int ok;
    if (got == 8 && !memcmp(b, "\x89PNG\r\n\x1a\n", 8)) {
        fclose(fp);
        return png_check(path, w, h, why, n);
    }
    if (got >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF &&
        fseek(fp, 2, SEEK_SET) == 0)
        ok = jpeg_check(fp, w, h, why, n);
    else {
        snprintf(why, n, "is not a PNG or JPEG file: convert it to one");
        ok = 0;
    }
    fclose(fp);
    return ok;
}
