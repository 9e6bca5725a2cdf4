/*
 * pages.c - the page-image folder: page-NN.png, page-NN-thumb.png and
 * page-NN.html for every page and zones.json, made together or not at all.
 *
 * The folder is shared (--split puts the page PDFs in it), so it is not
 * replaced whole: each file goes to a temporary name beside its own, and
 * the renames happen only once every file is written.  A failure removes
 * the temporary files and leaves the folder as it was.
 */
#include "raster_private.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void bm_raster_stage_init(bm_raster_stage *s)
{
    memset(s, 0, sizeof *s);
    s->a = bm_arena_new();
}

bm_status bm_raster_stage_file(bm_raster_stage *s, const char *dir,
                               const char *name, const void *data, size_t n,
                               bm_error *err)
{
    if (s->n == s->cap) {
        size_t nc = s->cap ? 2 * s->cap : 32;
        s->path = bm_arena_grow(s->a, s->path, s->cap * sizeof *s->path,
                                nc * sizeof *s->path);
        s->tmp = bm_arena_grow(s->a, s->tmp, s->cap * sizeof *s->tmp,
                               nc * sizeof *s->tmp);
        s->slot = bm_arena_grow(s->a, s->slot, s->cap * sizeof *s->slot,
                                nc * sizeof *s->slot);
        s->cap = nc;
    }
    char *path = bm_path_join(s->a, dir, name), *tmp;
    int slot, fd = bm_tmp_create(path, &tmp, &slot);
    if (fd < 0)
        return bm_error_set(err, BM_IO, path, 0, 0, "cannot write: %s",
                            strerror(errno));
    s->path[s->n] = path;
    s->tmp[s->n] = tmp;
    s->slot[s->n] = slot;
    s->n++;
    FILE *fp = fdopen(fd, "wb");
    if (!fp) {
        close(fd);
        return bm_error_set(err, BM_IO, path, 0, 0, "cannot write: %s",
                            strerror(errno));
    }
    int bad = bm_fault_write() || (n && fwrite(data, 1, n, fp) != n);
    bad |= fclose(fp) != 0;
    if (bad)
        return bm_error_set(err, BM_IO, path, 0, 0, "cannot write: %s",
                            strerror(errno ? errno : EIO));
    return BM_OK;
}

bm_status bm_raster_stage_done(bm_raster_stage *s, bm_status st,
                               bm_error *err)
{
    for (size_t i = 0; i < s->n && st == BM_OK; i++)
        if (rename(s->tmp[i], s->path[i]) != 0)
            st = bm_error_set(err, BM_IO, s->path[i], 0, 0,
                              "cannot put in place: %s", strerror(errno));
    for (size_t i = 0; i < s->n; i++) {
        if (st != BM_OK)
            unlink(s->tmp[i]);
        bm_tmp_release(s->slot[i]);
        free(s->tmp[i]);
    }
    bm_arena_free(s->a);
    memset(s, 0, sizeof *s);
    return st;
}

static bm_status mkdir_one(const char *dir, bm_error *err)
{
    struct stat sb;
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        return bm_error_set(err, BM_IO, dir, 0, 0,
                            "cannot create the folder: %s", strerror(errno));
    if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
        return bm_error_set(err, BM_IO, dir, 0, 0,
                            "a file of that name stands where the folder "
                            "should be: remove it");
    return BM_OK;
}

bm_status bm_raster_cover(const bm_layout_doc *doc, int height, int how,
                          unsigned char **data, size_t *len, bm_error *err)
{
    *data = NULL;
    *len = 0;
    if (!doc->npages)
        return bm_error_set(err, BM_INTERNAL, NULL, 0, 0,
                            "no page to make a cover of");
    /* the resolution that makes page 1 `height` pixels tall, a little
     * under so that the ceiling of the size is not one more */
    double dpi = (height - 0.01) * 72.0 * 64.0 / doc->pages[0].height;
    /* the JPEG's rows straight from cairo's pixels: no RGB copy of the
     * page (5.4 MB at 1600 px, and the time to make it) */
    bm_rasterizer *r;
    cairo_surface_t *s = NULL;
    bm_status st = bm_rasterizer_open(doc, &r, err);
    if (st == BM_OK && (how & BM_RASTER_LEAN))
        bm_rasterizer_lean(r);
    /* a page without images in bands of 128 rows: 0.6 MB of pixels at a
     * time instead of 7 MB (the same bytes; bm_raster_paint_band) */
    if (st == BM_OK && bm_raster_bandable(doc, 0))
        st = bm_raster_banded(r, 0, dpi, 128,
                              bm_raster_px(doc->pages[0].width, dpi),
                              bm_raster_px(doc->pages[0].height, dpi),
                              (how & BM_RASTER_AHEAD) != 0, bm_raster_jpeg_rows,
                              data, len, err);
    else if (st == BM_OK)
        st = bm_raster_paint(r, 0, dpi, &s, err);
    if (st == BM_OK && s)
        st = bm_raster_jpeg_surface(s, dpi, data, len, err);
    if (s)
        cairo_surface_destroy(s);
    bm_rasterizer_close(r);
    return st;
}

bm_status bm_raster_write_pages(const bm_layout_doc *doc,
                                const bm_raster_options *opt, const char *dir,
                                bm_error *err)
{
    double dpi = opt && opt->dpi > 0 ? opt->dpi : BM_RASTER_DPI;
    int tw = opt && opt->thumb_width > 0 ? opt->thumb_width : BM_RASTER_THUMB;
    bm_status st = mkdir_one(dir, err);
    if (st != BM_OK)
        return st;
    bm_raster_stage stage;
    bm_raster_stage_init(&stage);
    bm_rasterizer *r;
    st = bm_rasterizer_open(doc, &r, err);
    for (size_t p = 0; p < doc->npages && st == BM_OK; p++) {
        /* the image and its thumbnail from cairo's pixels: no RGB copy
         * of the page */
        cairo_surface_t *page = NULL;
        bm_raster thumb;
        unsigned char *png = NULL;
        size_t len = 0;
        char name[64];
        st = bm_raster_paint(r, p, dpi, &page, err);
        if (st == BM_OK)
            st = bm_raster_png_surface(page, dpi, &png, &len, err);
        snprintf(name, sizeof name, "page-%02zu.png", p + 1);
        if (st == BM_OK)
            st = bm_raster_stage_file(&stage, dir, name, png, len, err);
        free(png);
        png = NULL;
        if (st == BM_OK)
            st = bm_raster_scale_surface(page, dpi, tw, &thumb, err);
        if (page)
            cairo_surface_destroy(page);
        if (st == BM_OK) {
            st = bm_raster_png(&thumb, &png, &len, err);
            bm_raster_free(&thumb);
        }
        snprintf(name, sizeof name, "page-%02zu-thumb.png", p + 1);
        if (st == BM_OK)
            st = bm_raster_stage_file(&stage, dir, name, png, len, err);
        free(png);
        if (st == BM_OK) {
            bm_buf html;
            bm_buf_init(&html);
            bm_raster_page_html(doc, p, dpi, tw, &html);
            snprintf(name, sizeof name, "page-%02zu.html", p + 1);
            st = bm_raster_stage_file(&stage, dir, name, html.data, html.len,
                                      err);
            bm_buf_free(&html);
        }
    }
    if (st == BM_OK) {
        bm_buf z;
        bm_buf_init(&z);
        bm_raster_zones_json(doc, dpi, &z);
        st = bm_raster_stage_file(&stage, dir, "zones.json", z.data, z.len, err);
        bm_buf_free(&z);
    }
    bm_rasterizer_close(r);
    return bm_raster_stage_done(&stage, st, err);
}
