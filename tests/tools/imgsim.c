/*
 * imgsim - how alike two page images are (tests/e2e/raster.sh, replica.sh).
 *
 *   imgsim A.png B.png            prints the figures below as JSON
 *   imgsim A.png --crop X Y W H OUT.png   writes a crop of A (to look at)
 *   imgsim A.png B.png --diff OUT.png     writes 255 - |a - b| (to look at)
 *
 * Both images are read as 8-bit grey (PNG with libpng's simplified API,
 * composited on white; JPEG, such as the EPUB's cover, with libjpeg's
 * luma) and must have the same size.  The figures:
 *
 *   mean_abs   mean |a - b| over all pixels, in grey levels (0..255)
 *   ink        pixels darker than INK (160) in either image
 *   ink_agree  of those, the share where the other image is within TOL
 *              (64 levels) at the same pixel or one of its 8 neighbours:
 *              anti-aliasing and a sub-pixel offset of one renderer against
 *              another pass, a glyph, rule or photo that is missing, moved
 *              by a pixel and more, or drawn in another face does not
 *   ink_ratio  ink pixels of A / ink pixels of B (the same marks at other
 *              weights or sizes move it away from 1)
 *   shift      the whole-pixel move of A (up to 2 each way) after which it
 *              agrees best with B: [0, 0] when both put things in place
 *
 * Paper is mostly white, so an all-pixel figure hides a missing article in
 * its 95 % of agreeing white; ink_agree counts only where there is ink.
 */
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>

#define INK 160
#define TOL 64

typedef struct img {
    int            w, h;
    unsigned char *g;
} img;

/* A JPEG's luma (libjpeg's own error handler ends the tool on a damaged
 * file, with its message). */
static int load_jpeg(FILE *f, img *out)
{
    struct jpeg_decompress_struct ci;
    struct jpeg_error_mgr je;
    ci.err = jpeg_std_error(&je);
    jpeg_create_decompress(&ci);
    jpeg_stdio_src(&ci, f);
    jpeg_read_header(&ci, TRUE);
    ci.out_color_space = JCS_GRAYSCALE;
    jpeg_start_decompress(&ci);
    out->w = (int)ci.output_width;
    out->h = (int)ci.output_height;
    out->g = malloc((size_t)out->w * (size_t)out->h);
    if (!out->g) {
        jpeg_destroy_decompress(&ci);
        return 0;
    }
    while (ci.output_scanline < ci.output_height) {
        JSAMPROW r = out->g + (size_t)ci.output_scanline * (size_t)out->w;
        jpeg_read_scanlines(&ci, &r, 1);
    }
    jpeg_finish_decompress(&ci);
    jpeg_destroy_decompress(&ci);
    return 1;
}

static int load(const char *path, img *out)
{
    FILE *f = fopen(path, "rb");
    unsigned char magic[3] = {0};
    if (f && fread(magic, 1, 3, f) == 3 && !memcmp(magic, "\xff\xd8\xff", 3)) {
        rewind(f);
        int ok = load_jpeg(f, out);
        fclose(f);
        return ok;
    }
    if (f)
        fclose(f);
    png_image im;
    memset(&im, 0, sizeof im);
    im.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&im, path)) {
        fprintf(stderr, "imgsim: %s: %s\n", path, im.message);
        return 0;
    }
    im.format = PNG_FORMAT_GRAY;
    out->w = (int)im.width;
    out->h = (int)im.height;
    out->g = malloc(PNG_IMAGE_SIZE(im));
    png_color white = {255, 255, 255};
    if (!out->g || !png_image_finish_read(&im, &white, out->g, 0, NULL)) {
        fprintf(stderr, "imgsim: %s: %s\n", path, im.message);
        png_image_free(&im);
        return 0;
    }
    png_image_free(&im);
    return 1;
}

/* 1 if b has a value within TOL of v at (x, y) or next to it. */
static int near(const img *b, int x, int y, int v)
{
    for (int dy = -1; dy <= 1; dy++)
        for (int dx = -1; dx <= 1; dx++) {
            int xx = x + dx, yy = y + dy;
            if (xx < 0 || yy < 0 || xx >= b->w || yy >= b->h)
                continue;
            int d = b->g[(size_t)yy * b->w + xx] - v;
            if (d >= -TOL && d <= TOL)
                return 1;
        }
    return 0;
}

static int crop(const img *a, int x, int y, int w, int h, const char *out)
{
    if (x < 0 || y < 0 || w <= 0 || h <= 0 || x + w > a->w || y + h > a->h) {
        fprintf(stderr, "imgsim: crop outside the %d x %d image\n", a->w, a->h);
        return 2;
    }
    png_image im;
    memset(&im, 0, sizeof im);
    im.version = PNG_IMAGE_VERSION;
    im.width = (png_uint_32)w;
    im.height = (png_uint_32)h;
    im.format = PNG_FORMAT_GRAY;
    if (!png_image_write_to_file(&im, out, 0, a->g + (size_t)y * a->w + x,
                                 a->w, NULL)) {
        fprintf(stderr, "imgsim: %s: %s\n", out, im.message);
        return 2;
    }
    return 0;
}

int main(int argc, char **argv)
{
    img a, b;
    if (argc == 8 && !strcmp(argv[2], "--crop")) {
        if (!load(argv[1], &a))
            return 2;
        return crop(&a, atoi(argv[3]), atoi(argv[4]), atoi(argv[5]),
                    atoi(argv[6]), argv[7]);
    }
    int diff = argc == 5 && !strcmp(argv[3], "--diff");
    if (argc != 3 && !diff) {
        fprintf(stderr, "usage: imgsim A.png B.png\n"
                        "       imgsim A.png --crop X Y W H OUT.png\n");
        return 2;
    }
    if (!load(argv[1], &a) || !load(argv[2], &b))
        return 2;
    if (a.w != b.w || a.h != b.h) {
        fprintf(stderr, "imgsim: sizes differ: %d x %d and %d x %d\n", a.w,
                a.h, b.w, b.h);
        return 1;
    }
    size_t n = (size_t)a.w * a.h;
    if (diff) {
        img d = {a.w, a.h, malloc(n)};
        for (size_t i = 0; i < n; i++)
            d.g[i] = (unsigned char)(255 - abs(a.g[i] - b.g[i]));
        return crop(&d, 0, 0, d.w, d.h, argv[4]);
    }
    double sum = 0;
    size_t ink = 0, agree = 0, ink_a = 0, ink_b = 0;
    for (int y = 0; y < a.h; y++)
        for (int x = 0; x < a.w; x++) {
            size_t i = (size_t)y * a.w + x;
            int va = a.g[i], vb = b.g[i];
            sum += va > vb ? va - vb : vb - va;
            ink_a += va < INK;
            ink_b += vb < INK;
            if (va >= INK && vb >= INK)
                continue;
            ink++;
            agree += near(&b, x, y, va) && near(&a, x, y, vb);
        }
    /* the shift of A against B (whole pixels, up to 2) that agrees best:
     * 0 0 when the two renderers put things in the same place */
    int bdx = 0, bdy = 0;
    double best = -1;
    for (int dy = -2; dy <= 2; dy++)
        for (int dx = -2; dx <= 2; dx++) {
            double s = 0;
            for (int y = 2; y < a.h - 2; y++)
                for (int x = 2; x < a.w - 2; x++) {
                    int d = a.g[(size_t)(y + dy) * a.w + x + dx] -
                            b.g[(size_t)y * a.w + x];
                    s += d < 0 ? -d : d;
                }
            if (best < 0 || s < best)
                best = s, bdx = dx, bdy = dy;
        }
    printf("{\"width\": %d, \"height\": %d, \"mean_abs\": %.4f, \"ink\": %zu, "
           "\"ink_agree\": %.5f, \"ink_ratio\": %.4f, \"shift\": [%d, %d]}\n",
           a.w, a.h, sum / n, ink, ink ? (double)agree / ink : 1.0,
           ink_b ? (double)ink_a / ink_b : (ink_a ? 99.0 : 1.0), bdx, bdy);
    free(a.g);
    free(b.g);
    return 0;
}
