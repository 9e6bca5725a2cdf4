/*
 * paint.c - one page of the LayoutDoc painted with cairo.
 *
 * The order and the geometry are the PDF's (src/pdf/paint.c): rules,
 * frames and images first, in the boxes array order, then the lines in
 * reading order, each glyph by its id in its FreeType face at the line's
 * x + glyph x and baseline + glyph y.  A glyph no face has is the PDF's
 * placeholder: the U+25A1 glyph of the first TrueType face that has one.
 *
 * Why cairo: it is the one Debian library that takes FreeType faces and
 * glyph ids directly (cairo-ft) and fills paths with anti-aliasing close to
 * poppler's Splash, which draws the PDF the comparison test renders.  Glyph
 * outlines are drawn unhinted (hint style none, metrics off), as
 * pdftoppm draws embedded fonts, so positions are the LayoutDoc's to the
 * sub-pixel.  Measured on the example edition (tests/e2e/raster.sh): see
 * the note in README "Page images".
 */
#include "raster_private.h"

#include <cairo-ft.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_MODULE_H
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* One face of the font set, for cairo: borrowed from the process's cache. */
typedef struct rface {
    cairo_font_face_t *cf;
    int                tried;
} rface;

/* Faces for the time of a document (borrowed from the cache below). */
struct bm_rasterizer {
    const bm_layout_doc *doc;
    rface               *faces;
    size_t               nfaces;
    size_t               ph_face;   /* placeholder: face index, or nfaces */
    uint32_t             ph_gid;
    cairo_font_options_t *fo;
    int                  lean;      /* bm_rasterizer_lean */
    int                  band_y0;   /* device row the surface starts at */
};
typedef bm_rasterizer painter;

/* FreeType's allocator, static: the library below lives as long as the
 * process. */
static void *ft_alloc(FT_Memory m, long n)
{
    (void)m;
    return malloc((size_t)n);
}

static void ft_free(FT_Memory m, void *p)
{
    (void)m;
    free(p);
}

static void *ft_realloc(FT_Memory m, long cur, long n, void *p)
{
    (void)m;
    (void)cur;
    return realloc(p, (size_t)n);
}

static struct FT_MemoryRec_ ft_memory = {NULL, ft_alloc, ft_free, ft_realloc};

/*
 * One cairo font face per font file and face index, for the whole process.
 *
 * cairo keeps font faces and scaled fonts (with their glyph images) in its
 * caches past our last reference, so a face opened for each document stays
 * alive anyway: a batch of editions grew by about 14 MB an edition, each
 * cover holding new FT_Faces.  Kept here, every document of the process
 * draws with the same faces, and cairo's scaled fonts and glyph images of
 * one edition serve the next.  The faces are never closed (they are
 * reachable from this table until exit).
 *
 * Threads: FreeType allows one library across threads when FT_New_Face and
 * FT_Done_Face are serialised, which `face_lock` does (no face is ever
 * done); cairo-ft locks a face's unscaled font around every use of the
 * FT_Face, so documents painted at once may share them.
 */
typedef struct shared_face {
    char              *path;
    unsigned           index;
    cairo_font_face_t *cf;
    void              *file;   /* the mapping the face reads (a reference) */
} shared_face;

static pthread_mutex_t face_lock = PTHREAD_MUTEX_INITIALIZER;
static FT_Library      face_ft;
static shared_face    *shared;
static size_t          nshared, capshared;

static cairo_font_face_t *shared_lookup(const char *path, unsigned index)
{
    for (size_t i = 0; i < nshared; i++)
        if (shared[i].index == index && strcmp(shared[i].path, path) == 0)
            return shared[i].cf;
    return NULL;
}

static bm_status shared_open(const bm_face *f, cairo_font_face_t **out,
                             bm_error *err)
{
    const char *path = bm_face_path(f);
    unsigned index = bm_face_ttc_index(f);
    bm_status st = BM_OK;
    pthread_mutex_lock(&face_lock);
    *out = shared_lookup(path, index);
    if (*out)
        goto done;
    if (!face_ft) {
        if (FT_New_Library(&ft_memory, &face_ft)) {
            face_ft = NULL;
            st = bm_error_set(err, BM_INTERNAL, NULL, 0, 0,
                              "FreeType cannot start");
            goto done;
        }
        FT_Add_Default_Modules(face_ft);
    }
    /* the bytes the font set mapped (HarfBuzz's mapping), not a mapping of
     * FreeType's own: the pages both read (the CFF's index, charset and
     * FDSelect; the glyphs the page shows) are then resident once; the
     * reference keeps the mapping as long as the face (the process) */
    FT_Face face;
    size_t flen = 0;
    const void *bytes = bm_face_file(f, &flen);
    void *ref = bytes && flen ? bm_face_file_ref(f) : NULL;
    if (ref ? FT_New_Memory_Face(face_ft, (const FT_Byte *)bytes,
                                 (FT_Long)flen, (FT_Long)index, &face)
            : FT_New_Face(face_ft, path, (FT_Long)index, &face)) {
        if (ref)
            bm_face_file_unref(ref);
        st = bm_error_set(err, BM_FONT, path, 0, 0,
                          "FreeType cannot open face %u of this font", index);
        goto done;
    }
    cairo_font_face_t *cf =
        cairo_ft_font_face_create_for_ft_face(face, FT_LOAD_NO_HINTING);
    if (cairo_font_face_status(cf) != CAIRO_STATUS_SUCCESS) {
        cairo_font_face_destroy(cf);
        FT_Done_Face(face);
        if (ref)
            bm_face_file_unref(ref);
        st = bm_error_set(err, BM_INTERNAL, path, 0, 0,
                          "cairo cannot hold a font face");
        goto done;
    }
    if (nshared == capshared) {
        capshared = capshared ? 2 * capshared : 8;
        shared = bm_xrealloc(shared, capshared * sizeof *shared);
    }
    size_t n = strlen(path);
    char *copy = bm_xmalloc(n + 1);
    memcpy(copy, path, n + 1);
    shared[nshared++] = (shared_face){copy, index, cf, ref};
    *out = cf;
done:
    pthread_mutex_unlock(&face_lock);
    return st;
}

static bm_status open_face(painter *pt, size_t i, cairo_font_face_t **out,
                           bm_error *err)
{
    rface *r = &pt->faces[i];
    *out = NULL;
    if (r->tried) {
        *out = r->cf;
        return BM_OK;
    }
    r->tried = 1;
    bm_status st =
        shared_open(bm_fontset_face(pt->doc->fonts, i), &r->cf, err);
    *out = r->cf;
    return st;
}

bm_status bm_rasterizer_open(const bm_layout_doc *doc, bm_rasterizer **out,
                             bm_error *err)
{
    painter *pt = *out = bm_xmalloc(sizeof *pt);
    memset(pt, 0, sizeof *pt);
    (void)err; /* the faces open, and may fail, at their first glyph */
    pt->doc = doc;
    pt->nfaces = doc->fonts ? bm_fontset_nfaces(doc->fonts) : 0;
    pt->faces = bm_xmalloc((pt->nfaces + 1) * sizeof *pt->faces);
    memset(pt->faces, 0, (pt->nfaces + 1) * sizeof *pt->faces);
    pt->ph_face = pt->nfaces;
    for (size_t i = 0; i < pt->nfaces && pt->ph_face == pt->nfaces; i++) {
        const bm_face *f = bm_fontset_face(doc->fonts, i);
        uint32_t g = f && !bm_face_is_cff(f) ? bm_face_glyph(f, 0x25A1) : 0;
        if (g) {
            pt->ph_face = i;
            pt->ph_gid = g;
        }
    }
    /* unhinted outlines at their exact positions, grey anti-aliasing */
    pt->fo = cairo_font_options_create();
    cairo_font_options_set_antialias(pt->fo, CAIRO_ANTIALIAS_GRAY);
    cairo_font_options_set_hint_style(pt->fo, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(pt->fo, CAIRO_HINT_METRICS_OFF);
    return BM_OK;
}

void bm_rasterizer_lean(bm_rasterizer *pt)
{
    pt->lean = 1;
}

void bm_rasterizer_close(bm_rasterizer *pt)
{
    if (!pt)
        return;
    free(pt->faces);
    if (pt->fo)
        cairo_font_options_destroy(pt->fo);
    free(pt);
}

static double pt_of(bm_fix v)
{
    return v / 64.0;
}

/*
 * A rule (or a frame's side) as whole device pixels: each edge rounded to
 * the pixel grid, at least one pixel thick.  PDF viewers do the same
 * (stroke adjustment: poppler's Splash, Acrobat), so a 0.5 pt hairline is
 * one crisp pixel at 150 dpi instead of two grey ones, as in the PDF on
 * screen.
 */
static void fill_snapped(const painter *pt, cairo_t *cr, double scale,
                         double x, double y, double w, double h)
{
    double x0 = floor(x * scale + 0.5), x1 = floor((x + w) * scale + 0.5);
    double y0 = floor(y * scale + 0.5), y1 = floor((y + h) * scale + 0.5);
    if (x1 <= x0)
        x1 = x0 + 1;
    if (y1 <= y0)
        y1 = y0 + 1;
    cairo_save(cr);
    cairo_identity_matrix(cr);
    cairo_rectangle(cr, x0, y0 - pt->band_y0, x1 - x0, y1 - y0);
    cairo_fill(cr);
    cairo_restore(cr);
}

static bm_status paint_boxes(painter *pt, cairo_t *cr, const bm_lpage *pg,
                             double scale, bm_error *err)
{
    for (size_t i = 0; i < pg->nboxes; i++) {
        const bm_box *bx = &pg->boxes[i];
        double x = pt_of(bx->rect.x), y = pt_of(bx->rect.y);
        double w = pt_of(bx->rect.w), h = pt_of(bx->rect.h);
        if (bx->kind == BM_BOX_RULE) {
            cairo_set_source_rgb(cr, 0, 0, 0);
            fill_snapped(pt, cr, scale, x, y, w, h);
        } else if (bx->kind == BM_BOX_FRAME) {
            /* the PDF strokes the rectangle inset by half the stroke: its
             * four sides, each stroke wide, inside rect */
            double s = pt_of(bx->stroke > 0 ? bx->stroke : BM_PT(0.5));
            cairo_set_source_rgb(cr, 0, 0, 0);
            fill_snapped(pt, cr, scale, x, y, w, s);
            fill_snapped(pt, cr, scale, x, y + h - s, w, s);
            fill_snapped(pt, cr, scale, x, y, s, h);
            fill_snapped(pt, cr, scale, x + w - s, y, s, h);
        } else if (bx->kind == BM_BOX_IMAGE && bx->image) {
            cairo_surface_t *img;
            bm_status st = bm_raster_image_load(bx->pic, bx->image, &img, err);
            if (st != BM_OK)
                return st;
            /* the whole image in proportion at image_rect, clipped to the
             * slot: the layout's centred crop, as the PDF draws it */
            const bm_rect *ir =
                bx->image_rect.w > 0 ? &bx->image_rect : &bx->rect;
            int iw = cairo_image_surface_get_width(img);
            int ih = cairo_image_surface_get_height(img);
            cairo_save(cr);
            cairo_rectangle(cr, x, y, w, h);
            cairo_clip(cr);
            cairo_translate(cr, pt_of(ir->x), pt_of(ir->y));
            cairo_scale(cr, pt_of(ir->w) / iw, pt_of(ir->h) / ih);
            cairo_set_source_surface(cr, img, 0, 0);
            cairo_pattern_t *pat = cairo_get_source(cr);
            cairo_pattern_set_extend(pat, CAIRO_EXTEND_PAD);
            cairo_pattern_set_filter(pat, CAIRO_FILTER_GOOD);
            cairo_rectangle(cr, 0, 0, iw, ih);
            cairo_fill(cr);
            cairo_restore(cr);
            cairo_surface_destroy(img);
        }
    }
    return BM_OK;
}

/* Glyphs of one line, drawn in runs of one face. */
static bm_status paint_line(painter *pt, cairo_t *cr, const bm_line *ln,
                            cairo_glyph_t *buf, bm_error *err)
{
    double size = pt_of(ln->size);
    if (ln->nglyphs == 0 || size <= 0)
        return BM_OK;
    for (size_t i = 0; i < ln->nglyphs;) {
        const bm_glyph *g = &ln->glyphs[i];
        size_t face = g->face == BM_NO_FACE ? pt->ph_face : g->face;
        size_t j = i + 1;
        while (j < ln->nglyphs &&
               (ln->glyphs[j].face == BM_NO_FACE ? pt->ph_face
                                                 : ln->glyphs[j].face) == face)
            j++;
        if (face >= pt->nfaces) {   /* no placeholder face: nothing to show */
            i = j;
            continue;
        }
        cairo_font_face_t *cf;
        bm_status st = open_face(pt, face, &cf, err);
        if (st != BM_OK)
            return st;
        size_t n = 0;
        for (size_t k = i; k < j; k++) {
            const bm_glyph *gk = &ln->glyphs[k];
            buf[n].index = gk->face == BM_NO_FACE ? pt->ph_gid : gk->gid;
            buf[n].x = pt_of(ln->rect.x + gk->x);
            buf[n].y = pt_of(ln->baseline + gk->y);
            n++;
        }
        cairo_set_font_face(cr, cf);
        cairo_set_font_size(cr, size);
        cairo_set_font_options(cr, pt->fo);
        cairo_set_source_rgb(cr, 0, 0, 0);
        cairo_show_glyphs(cr, buf, (int)n);
        i = j;
    }
    return BM_OK;
}

int bm_raster_px(bm_fix v, double dpi)
{
    return (int)ceil(pt_of(v) * dpi / 72.0 - 1e-6);
}

void bm_raster_free(bm_raster *r)
{
    if (r) {
        free(r->rgb);
        r->rgb = NULL;
    }
}

void bm_raster_row_rgb(const unsigned char *row, int w, unsigned char *o)
{
    const uint32_t *px = (const uint32_t *)(const void *)row;
    for (int x = 0; x < w; x++) {
        uint32_t v = px[x];
        o[3 * x] = (unsigned char)(v >> 16);
        o[3 * x + 1] = (unsigned char)(v >> 8);
        o[3 * x + 2] = (unsigned char)v;
    }
}

/* The surface's pixels as RGB bytes. */
static void to_rgb(cairo_surface_t *s, bm_raster *out)
{
    cairo_surface_flush(s);
    int w = cairo_image_surface_get_width(s);
    int h = cairo_image_surface_get_height(s);
    const unsigned char *d = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
    out->width = w;
    out->height = h;
    out->stride = (size_t)w * 3;
    out->rgb = bm_xmalloc(out->stride * (size_t)h + 1);
    for (int y = 0; y < h; y++)
        bm_raster_row_rgb(d + (size_t)y * stride, w,
                          out->rgb + (size_t)y * out->stride);
}

/* 1 if line ln may put ink on device rows [y0, y1) at `scale` px/pt: its
 * box, its baseline and its glyphs' offsets, two ems either way (no glyph
 * reaches that far). */
static int line_in_rows(const bm_line *ln, double scale, int y0, int y1)
{
    bm_fix top = ln->rect.y < ln->baseline ? ln->rect.y : ln->baseline;
    bm_fix bot = ln->rect.y + ln->rect.h > ln->baseline
                     ? ln->rect.y + ln->rect.h
                     : ln->baseline;
    bm_fix dy = 0;
    for (size_t i = 0; i < ln->nglyphs; i++) {
        bm_fix a = ln->glyphs[i].y < 0 ? -ln->glyphs[i].y : ln->glyphs[i].y;
        dy = a > dy ? a : dy;
    }
    bm_fix m = 2 * ln->size + dy;
    double t = pt_of(top - m) * scale, b = pt_of(bot + m) * scale;
    return b >= y0 && t <= y1;
}

/*
 * Rows [y0, y0 + rows) of page p (all of them when rows is 0) painted at
 * dpi on white.  A band is the page's pixels exactly: the page is
 * translated by whole pixels, so every glyph's and rule's position has the
 * same fraction of a pixel (cairo places glyph images at rounded device
 * positions, the rules are snapped here); a line that cannot reach the
 * band is not drawn in it.  Images are not banded (a scaled pattern's
 * sampling positions are computed from the whole transformation, which a
 * band's offset changes in the last bits): see bm_raster_bandable.
 */
static bm_status paint_rows(bm_rasterizer *pt, size_t p, double dpi, int y0,
                            int rows, cairo_surface_t **out, bm_error *err)
{
    const bm_layout_doc *doc = pt->doc;
    *out = NULL;
    if (p >= doc->npages)
        return bm_error_set(err, BM_INTERNAL, NULL, 0, 0,
                            "no page %zu to paint", p + 1);
    const bm_lpage *pg = &doc->pages[p];
    int w = bm_raster_px(pg->width, dpi), h = bm_raster_px(pg->height, dpi);
    int full = rows <= 0;
    if (full) {
        y0 = 0;
        rows = h;
    }
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, rows);
    if (w <= 0 || h <= 0 ||
        cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(s);
        return bm_error_set(err, BM_INTERNAL, NULL, 0, 0,
                            "page %d: cairo cannot make a %d x %d image",
                            pg->number, w, h);
    }
    bm_status st = BM_OK;
    double scale = dpi / 72.0;
    pt->band_y0 = y0;
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    if (!full)
        cairo_translate(cr, 0, -y0);
    cairo_scale(cr, scale, scale);
    if (st == BM_OK)
        st = paint_boxes(pt, cr, pg, scale, err);
    size_t most = 1;
    for (size_t l = 0; l < pg->nlines; l++)
        if (pg->lines[l].nglyphs > most)
            most = pg->lines[l].nglyphs;
    cairo_glyph_t *buf = bm_xmalloc(most * sizeof *buf);
    if (pt->lean && y0 == 0)   /* what the layout read of the fonts */
        bm_fontset_drop_pages(doc->fonts);
    for (size_t l = 0, drawn = 0; l < pg->nlines && st == BM_OK; l++) {
        if (!full && !line_in_rows(&pg->lines[l], scale, y0, y0 + rows))
            continue;
        st = paint_line(pt, cr, &pg->lines[l], buf, err);
        if (pt->lean && ++drawn % 16 == 0)
            bm_fontset_drop_pages(doc->fonts);
    }
    if (pt->lean)
        bm_fontset_drop_pages(doc->fonts);
    free(buf);
    pt->band_y0 = 0;
    if (st == BM_OK && cairo_status(cr) != CAIRO_STATUS_SUCCESS)
        st = bm_error_set(err, BM_INTERNAL, NULL, 0, 0, "page %d: cairo: %s",
                          pg->number, cairo_status_to_string(cairo_status(cr)));
    cairo_destroy(cr);
    if (st != BM_OK) {
        cairo_surface_destroy(s);
        return st;
    }
    cairo_surface_flush(s);
    *out = s;
    return BM_OK;
}

bm_status bm_raster_paint(bm_rasterizer *pt, size_t p, double dpi,
                          cairo_surface_t **out, bm_error *err)
{
    return paint_rows(pt, p, dpi, 0, 0, out, err);
}

bm_status bm_raster_paint_band(bm_rasterizer *pt, size_t p, double dpi,
                               int y0, int rows, cairo_surface_t **out,
                               bm_error *err)
{
    return paint_rows(pt, p, dpi, y0, rows > 0 ? rows : 1, out, err);
}

int bm_raster_bandable(const bm_layout_doc *doc, size_t p)
{
    if (p >= doc->npages)
        return 0;
    const bm_lpage *pg = &doc->pages[p];
    for (size_t i = 0; i < pg->nboxes; i++)
        if (pg->boxes[i].kind == BM_BOX_IMAGE)
            return 0;
    return 1;
}

bm_status bm_raster_page(bm_rasterizer *pt, size_t p, double dpi,
                         bm_raster *out, bm_error *err)
{
    memset(out, 0, sizeof *out);
    cairo_surface_t *s;
    bm_status st = bm_raster_paint(pt, p, dpi, &s, err);
    if (st != BM_OK)
        return st;
    to_rgb(s, out);
    out->dpi = dpi;
    cairo_surface_destroy(s);
    return BM_OK;
}

/* `src` (RGB24) scaled to width x height into out, filtered. */
static void scale_surface(cairo_surface_t *src, int width, int height,
                          cairo_surface_t *dst, bm_raster *out)
{
    int iw = cairo_image_surface_get_width(src);
    int ih = cairo_image_surface_get_height(src);
    cairo_t *cr = cairo_create(dst);
    cairo_scale(cr, (double)width / iw, (double)height / ih);
    cairo_set_source_surface(cr, src, 0, 0);
    cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
    cairo_pattern_set_extend(cairo_get_source(cr), CAIRO_EXTEND_PAD);
    cairo_paint(cr);
    cairo_destroy(cr);
    to_rgb(dst, out);
}

static void scaled_size(int iw, int ih, int *width, int *height)
{
    if (*width < 1)
        *width = 1;
    *height = (int)lround((double)ih * *width / iw);
    if (*height < 1)
        *height = 1;
}

bm_status bm_raster_scale_surface(cairo_surface_t *src, double dpi, int width,
                                  bm_raster *out, bm_error *err)
{
    memset(out, 0, sizeof *out);
    int iw = cairo_image_surface_get_width(src);
    int ih = cairo_image_surface_get_height(src), height;
    scaled_size(iw, ih, &width, &height);
    cairo_surface_t *dst =
        cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);
    bm_status st = BM_OK;
    if (cairo_surface_status(dst))
        st = bm_error_set(err, BM_INTERNAL, NULL, 0, 0,
                          "cairo cannot make a %d x %d image", width, height);
    else {
        scale_surface(src, width, height, dst, out);
        out->dpi = dpi * width / iw;
    }
    cairo_surface_destroy(dst);
    return st;
}

bm_status bm_raster_scale(const bm_raster *in, int width, bm_raster *out,
                          bm_error *err)
{
    memset(out, 0, sizeof *out);
    int height;
    scaled_size(in->width, in->height, &width, &height);
    cairo_surface_t *src =
        cairo_image_surface_create(CAIRO_FORMAT_RGB24, in->width, in->height);
    cairo_surface_t *dst =
        cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);
    bm_status st = BM_OK;
    if (cairo_surface_status(src) || cairo_surface_status(dst)) {
        st = bm_error_set(err, BM_INTERNAL, NULL, 0, 0,
                          "cairo cannot make a %d x %d image", width, height);
        goto done;
    }
    cairo_surface_flush(src);
    unsigned char *d = cairo_image_surface_get_data(src);
    int stride = cairo_image_surface_get_stride(src);
    for (int y = 0; y < in->height; y++) {
        uint32_t *row = (uint32_t *)(void *)(d + (size_t)y * stride);
        const unsigned char *p = in->rgb + (size_t)y * in->stride;
        for (int x = 0; x < in->width; x++, p += 3)
            row[x] = 0xFF000000u | (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 |
                     p[2];
    }
    cairo_surface_mark_dirty(src);
    scale_surface(src, width, height, dst, out);
    out->dpi = in->dpi * width / in->width;
done:
    cairo_surface_destroy(src);
    cairo_surface_destroy(dst);
    return st;
}
