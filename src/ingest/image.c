/*
 * image.c - reads the images an edition names, once, and checks them whole
 * before anything draws them.
 *
 * Every later stage takes the image from the model (bm_image: the bytes and
 * the pixel size), never from the file system: the PDF writer opening a
 * name relative to the current directory embedded whatever file was there,
 * and a damaged one there ended the process inside libpng.
 *
 * A PNG is decoded fully with libpng's simplified API (which reports errors
 * instead of jumping), so damage anywhere is found here.  libharu's PNG
 * reader takes 8-bit, non-interlaced files only, so a 16-bit or interlaced
 * PNG is re-encoded as an 8-bit non-interlaced one (same colour type and
 * alpha) and the model carries that.
 *
 * A JPEG is decoded fully with libjpeg (entropy decoding at 1/8 scale,
 * which finds damage at a fraction of the cost), its warnings treated as
 * errors: a truncated file is only a warning to libjpeg ("Premature end of
 * JPEG file") but a broken picture in print.  The frame header is read
 * first, so a 12-bit, arithmetic-coded, lossless or hierarchical JPEG,
 * which PDF's DCTDecode or its readers cannot show, is refused by name.
 */
#include "ingest_private.h"

#include <jpeglib.h>
#include <png.h>
#include <limits.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A printed page has no use for more pixels than this (about 600 dpi over
 * a full broadsheet page); more is a mistake or a decompression bomb. */
#define MAX_SIDE   20000u
#define MAX_PIXELS (64u * 1024 * 1024)
/* The largest image file read (a press photo is a few MB). */
#define MAX_IMAGE_FILE (64u * 1024 * 1024)

static unsigned be16(const unsigned char *p)
{
    return (unsigned)p[0] << 8 | p[1];
}

static unsigned long be32(const unsigned char *p)
{
    return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 |
           (unsigned long)p[2] << 8 | p[3];
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

/* ---- PNG ------------------------------------------------------------------ */

static int png_load(const unsigned char *data, size_t len, bm_arena *a,
                    bm_image *img, char *why, size_t n)
{
    if (len < 33 || memcmp(data + 12, "IHDR", 4) != 0) {
        snprintf(why, n, "is a damaged PNG file (no header): export it "
                         "again");
        return 0;
    }
    if (too_large(be32(data + 16), be32(data + 20), why, n))
        return 0;
    int depth = data[24], interlaced = data[28] != 0;

    png_image im;
    memset(&im, 0, sizeof im);
    im.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&im, data, len)) {
        snprintf(why, n, "is a damaged PNG file (%s): export it again",
                 im.message);
        png_image_free(&im);
        return 0;
    }
    /* 16-bit samples without gAMA/sRGB are sRGB-encoded like 8-bit ones
     * (what image editors write), not linear light: 0xC8C8 stays 200.
     * (Set after begin_read, which clears the flags; finish_read uses it.) */
    im.flags |= PNG_IMAGE_FLAG_16BIT_sRGB;
    /* Decode it all: a damaged chunk anywhere is found here, not later.
     * 8-bit samples in the file's own colour type and alpha. */
    int keep = im.format & (PNG_FORMAT_FLAG_COLOR | PNG_FORMAT_FLAG_ALPHA);
    im.format = (png_uint_32)keep;
    size_t size = PNG_IMAGE_SIZE(im);
    void *px = bm_fault_alloc() ? NULL : malloc(size ? size : 1);
    if (!px) {
        png_image_free(&im);
        snprintf(why, n, "cannot be decoded: out of memory");
        return -1;
    }
    int ok = png_image_finish_read(&im, NULL, px, 0, NULL);
    if (!ok) {
        snprintf(why, n, "is a damaged PNG file (%s): export it again",
                 im.message);
        free(px);
        png_image_free(&im);
        return 0;
    }
    img->kind = BM_IMAGE_PNG;
    img->width = (int)im.width;
    img->height = (int)im.height;
    img->components = PNG_IMAGE_SAMPLE_CHANNELS(im.format);
    img->alpha = (im.format & PNG_FORMAT_FLAG_ALPHA) != 0;
    img->reencoded = depth > 8 || interlaced;
    if (!img->reencoded) {
        img->data = data;
        img->len = len;
    } else {
        /* what libharu takes: 8-bit samples, not interlaced */
        png_image out;
        memset(&out, 0, sizeof out);
        out.version = PNG_IMAGE_VERSION;
        out.width = im.width;
        out.height = im.height;
        out.format = im.format;
        png_alloc_size_t need = 0;
        ok = png_image_write_to_memory(&out, NULL, &need, 0, px, 0, NULL);
        unsigned char *enc = ok ? bm_arena_alloc(a, need) : NULL;
        if (ok)
            ok = png_image_write_to_memory(&out, enc, &need, 0, px, 0, NULL);
        if (!ok)
            snprintf(why, n, "cannot be re-encoded as an 8-bit PNG (%s): "
                             "save it as one",
                     out.message);
        png_image_free(&out);
        img->data = enc;
        img->len = need;
    }
    free(px);
    png_image_free(&im);
    return ok;
}

/* ---- JPEG ----------------------------------------------------------------- */

/* The frame header (SOFn): which coding and precision.  0 with why set if
 * the file is one PDF cannot hold, or has no frame header. */
static int jpeg_frame(const unsigned char *p, size_t len, char *why, size_t n)
{
    size_t i = 2;
    while (i + 4 <= len) {
        if (p[i] != 0xFF)
            break;
        unsigned m = p[i + 1];
        if (m == 0xFF) { /* fill byte */
            i++;
            continue;
        }
        if (m == 0xD8 || m == 0x01 || (m >= 0xD0 && m <= 0xD7)) {
            i += 2;
            continue;
        }
        unsigned seg = be16(p + i + 2);
        if (seg < 2 || i + 2 + seg > len)
            break;
        if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
            if (seg < 8)
                break;
            unsigned prec = p[i + 4];
            unsigned h = be16(p + i + 5), w = be16(p + i + 7);
            if (m >= 0xC9) {
                snprintf(why, n, "is an arithmetic-coded JPEG, which PDF "
                                 "readers do not show: save it as a "
                                 "baseline JPEG");
                return 0;
            }
            if (m == 0xC3 || m == 0xC7 || m == 0xC5 || m == 0xC6) {
                snprintf(why, n, "is a %s JPEG, which PDF cannot hold: save "
                                 "it as a baseline JPEG",
                         m == 0xC3 || m == 0xC7 ? "lossless" : "hierarchical");
                return 0;
            }
            if (prec != 8) {
                snprintf(why, n, "is a %u-bit JPEG, which PDF cannot hold: "
                                 "save it as an 8-bit JPEG",
                         prec);
                return 0;
            }
            if (!w || !h)
                break;
            if (too_large(w, h, why, n))
                return 0;
            return 1;
        }
        i += 2 + seg;
    }
    snprintf(why, n, "is a damaged JPEG file (no frame header): export it "
                     "again");
    return 0;
}

typedef struct jpeg_fail {
    struct jpeg_error_mgr mgr;
    jmp_buf               jump;
    char                  msg[JMSG_LENGTH_MAX];
} jpeg_fail;

static void jpeg_fail_exit(j_common_ptr ci)
{
    jpeg_fail *f = (jpeg_fail *)ci->err;
    ci->err->format_message(ci, f->msg);
    longjmp(f->jump, 1);
}

/* A warning (level -1: corrupt data, a premature end) is an error here;
 * trace messages (level >= 0) are ignored. */
static void jpeg_fail_emit(j_common_ptr ci, int level)
{
    if (level < 0)
        jpeg_fail_exit(ci);
}

static int jpeg_load(const unsigned char *data, size_t len, bm_image *img,
                     char *why, size_t n)
{
    if (!jpeg_frame(data, len, why, n))
        return 0;
    struct jpeg_decompress_struct ci;
    jpeg_fail f;
    memset(&ci, 0, sizeof ci);
    memset(&f, 0, sizeof f);
    ci.err = jpeg_std_error(&f.mgr);
    f.mgr.error_exit = jpeg_fail_exit;
    f.mgr.emit_message = jpeg_fail_emit;
    JSAMPARRAY row = NULL;
    if (setjmp(f.jump)) {
        snprintf(why, n, "is a damaged JPEG file (%s): export it again",
                 f.msg);
        jpeg_destroy_decompress(&ci);
        return 0;
    }
    jpeg_create_decompress(&ci);
    jpeg_mem_src(&ci, data, (unsigned long)len);
    jpeg_read_header(&ci, TRUE);
    int comps = ci.num_components;
    int w = (int)ci.image_width, h = (int)ci.image_height;
    if (ci.arith_code || ci.data_precision != 8) {
        snprintf(why, n, "is a JPEG PDF cannot hold (%s): save it as an "
                         "8-bit baseline JPEG",
                 ci.arith_code ? "arithmetic-coded" : "not 8-bit");
        jpeg_destroy_decompress(&ci);
        return 0;
    }
    ci.scale_num = 1;
    ci.scale_denom = 8;
    ci.dct_method = JDCT_IFAST;
    ci.do_fancy_upsampling = FALSE;
    jpeg_start_decompress(&ci);
    row = (*ci.mem->alloc_sarray)((j_common_ptr)&ci, JPOOL_IMAGE,
                                  ci.output_width * ci.output_components, 1);
    while (ci.output_scanline < ci.output_height)
        jpeg_read_scanlines(&ci, row, 1);
    jpeg_finish_decompress(&ci);
    jpeg_destroy_decompress(&ci);
    img->kind = BM_IMAGE_JPEG;
    img->width = w;
    img->height = h;
    img->components = comps;
    img->alpha = 0;
    img->reencoded = 0;
    img->data = data;
    img->len = len;
    return 1;
}

/* ---- reading -------------------------------------------------------------- */

/* The images an edition has read, by real path: a file shown by many
 * figures is read and decoded once, so memory stays linear in the input
 * (1,000 figures of one 50 MB photo hold it once, not 1,000 times). */
typedef struct image_read {
    const char        *real;
    const bm_image    *img;    /* or NULL: refused, for `why` */
    bm_status          st;
    const char        *why;
    struct image_read *next;
} image_read;

bm_status bm_ingest_image_load(const char *path, bm_arena *a,
                               const bm_image **out, char *why, size_t n)
{
    *out = NULL;
    char *data;
    size_t len;
    bm_error e;
    bm_error_init(&e);
    if (bm_file_read(path, a, MAX_IMAGE_FILE, &data, &len, &e) != BM_OK) {
        snprintf(why, n, "cannot be read: %s", e.msg);
        return e.code;
    }
    const unsigned char *b = (const unsigned char *)data;
    bm_image *img = bm_arena_alloc(a, sizeof *img);
    int ok;
    if (len >= 8 && !memcmp(b, "\x89PNG\r\n\x1a\n", 8))
        ok = png_load(b, len, a, img, why, n);
    else if (len >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF)
        ok = jpeg_load(b, len, img, why, n);
    else {
        snprintf(why, n, "is not a PNG or JPEG file: convert it to one");
        ok = 0;
    }
    if (ok > 0)
        *out = img;
    return ok > 0 ? BM_OK : ok < 0 ? BM_NOMEM : BM_INPUT;
}

bm_status bm_ingest_figure_image(bm_edition *ed, const char *path,
                                const bm_image **out, char *why, size_t n)
{
    char real[PATH_MAX];
    const char *key = realpath(path, real) ? real : path;
    for (image_read *r = ed->images_read; r; r = r->next)
        if (!strcmp(r->real, key)) {
            *out = r->img;
            if (r->st != BM_OK)
                snprintf(why, n, "%s", r->why);
            return r->st;
        }
    bm_status st = bm_ingest_image_load(path, ed->arena, out, why, n);
    /* a refused file is remembered too: it is not read again either */
    image_read *r = bm_arena_alloc(ed->arena, sizeof *r);
    r->real = bm_arena_strdup(ed->arena, key);
    r->img = *out;
    r->st = st;
    r->why = st == BM_OK ? NULL : bm_arena_strdup(ed->arena, why);
    r->next = ed->images_read;
    ed->images_read = r;
    return st;
}

bm_status bm_ingest_cover(const char *path, bm_arena *a, const bm_image **out,
                          bm_error *err)
{
    char why[300];
    bm_status st = bm_ingest_image_load(path, a, out, why, sizeof why);
    if (st != BM_OK)
        return bm_error_set(err, st, path, 0, 0, "the cover image %s", why);
    if ((*out)->kind != BM_IMAGE_PNG) {
        *out = NULL;
        return bm_error_set(err, BM_INPUT, path, 0, 0,
                            "the cover image is not a PNG file: convert it "
                            "to one");
    }
    return BM_OK;
}
