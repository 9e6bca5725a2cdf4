/*
 * paint.c - pass 2: one page's content stream.
 *
 * Rules, frames and images first, then the lines in reading order (the
 * lines array order), one BT/ET per line, glyphs shown by code
 * (Identity-H) in TJ arrays whose adjustments put each glyph at its
 * LayoutDoc x; then the link annotations of the page's jump lines.
 *
 * A line whose glyphs do not say its text through their ToUnicode entries
 * (a cluster of several glyphs, one glyph standing for two different texts,
 * text bytes no glyph covers) carries the line's text as /ActualText on its
 * marked-content sequence, so extraction stays exact.
 *
 * A glued gap -- a blank between glyphs that the text does not have: the
 * 1/4 em Han-Latin glue of 「5月16日」, a justified line's stretch -- would
 * read as a space: extractors find words by geometry, and a gap of more
 * than about a tenth of an em after a glyph's advance is a space to them
 * (poppler 0.1 em, pdf.js 0.102 em, MuPDF 0.15 em), so a search for
 * 5月16日 would miss 「5 月 16 日」.  Measured on the example editions:
 * character spacing (Tc) and separate Tm moves change nothing (all three
 * subtract Tc and compare positions); poppler reads /ActualText, pdf.js
 * and MuPDF 1.21 do not; pdf.js takes a glyph's advance from W, MuPDF from
 * the font program.  So the glyph before a glued gap is shown as a wide
 * copy of itself (census.c picks them, src/font/wide.c makes them, fonts.c
 * embeds them with their W entries): same outline at the same origin, an
 * advance in W and in the font program that ends within 1/16 em of the
 * next glyph, and no /ActualText needed.  A face whose subset takes no
 * copies keeps the gap in the TJ array and the line gets /ActualText, which
 * poppler reads.  The pages look the same either way (pdftoppm and mutool
 * rasters of the examples are identical at 150 dpi).
 *
 * A real space an em wide (the U+3000 after 本报讯) is the other way round:
 * poppler drops the blank glyph and its default mode takes the em-wide hole
 * for a column's edge.  The glyph before it is shown as a wide copy that
 * leaves 1/2 em of the hole, and the blank glyphs are drawn at the copy's
 * end, the next glyph moved back to its place (census.c,
 * bm_pdf_space_hole): a name's 1/2-em space, which every extractor reads
 * as one space.
 */
#include "pdf_private.h"

#include <limits.h>
#include <math.h>
#include <png.h>
#include <stdlib.h>
#include <string.h>

static bm_status use_font(bm_pdf_ctx *c, HPDF_Page page, uint32_t key,
                          bm_error *err)
{
    size_t slot = key == BM_PDF_PH_FONT ? c->nfaces : key;
    if (c->page_has[slot])
        return BM_OK;
    c->page_has[slot] = 1;
    HPDF_STATUS hs =
        key == BM_PDF_PH_FONT
            ? bm_pdfx_page_font(c->pdf, page, "FP", c->ph_font)
            : bm_pdfx_page_font(c->pdf, page, c->faces[key].name,
                                c->faces[key].font);
    return bm_pdf_herr(c, hs, NULL, err, "adding a font to a page");
}

/* The text a cluster stands for, with any bytes no glyph covers. */
static void cluster_text(const bm_line *ln, size_t i, size_t n, size_t *ts,
                         size_t *te)
{
    const bm_glyph *g = ln->glyphs;
    size_t s = g[i].cluster, e = s + g[i].nbytes;
    size_t first = 0;
    while (first < ln->nglyphs && g[first].nbytes == 0)
        first++;
    if (i <= first && s > 0 && g[i].nbytes)
        s = 0;
    size_t j = i + n;
    while (j < ln->nglyphs && g[j].nbytes == 0)
        j++;
    size_t next = j < ln->nglyphs ? g[j].cluster : ln->len;
    if (g[i].nbytes && next > e)
        e = next;
    *ts = s;
    *te = e;
}

/* Width of glyph k in 1/1000 em, as the font's W array gives it: its wide
 * copy's when it is shown as one.  Worked out once a glyph of the line
 * paint_line is on (shown_reset): needs_actual_text asks it of each
 * cluster's last glyph, the paint loop of every glyph. */
#define SHOWN_UNSET INT_MIN

static int shown_width(bm_pdf_ctx *c, const bm_line *ln, size_t k,
                       const bm_pdf_wide **wide)
{
    if (c->shown_w[k] != SHOWN_UNSET) {
        *wide = c->shown_wide[k];
        return c->shown_w[k];
    }
    const bm_glyph *g = &ln->glyphs[k];
    *wide = bm_pdf_wide_get(c, g, bm_pdf_glue_extra(c, ln, k));
    int w = *wide ? (*wide)->width
            : bm_pdf_placeholder(c, g)
                ? c->ph_width
                : bm_pdf_gid(&c->faces[g->face], g->gid)->width;
    c->shown_w[k] = w;
    c->shown_wide[k] = *wide;
    return w;
}

/* Forgets the widths of the last line, for `ln`. */
static void shown_reset(bm_pdf_ctx *c, const bm_line *ln)
{
    if (ln->nglyphs > c->shown_cap) {
        c->shown_cap = ln->nglyphs;
        c->shown_w = bm_xrealloc(c->shown_w, c->shown_cap * sizeof *c->shown_w);
        c->shown_wide = bm_xrealloc(c->shown_wide,
                                    c->shown_cap * sizeof *c->shown_wide);
    }
    for (size_t k = 0; k < ln->nglyphs; k++)
        c->shown_w[k] = SHOWN_UNSET;
}

/* 1 if an extractor would read a space after glyph k that the text does
 * not have: a glued gap of BM_PDF_GLUE_MIN_EM or more after its advance. */
static int glued_after(bm_pdf_ctx *c, const bm_line *ln, size_t k)
{
    const bm_pdf_wide *w;
    return bm_pdf_glue_gap(ln, k, shown_width(c, ln, k, &w)) >=
           BM_PDF_GLUE_MIN_EM * 1000;
}

/* 1 if the cluster of n glyphs at i shows exactly its text through the
 * ToUnicode map (else the line needs /ActualText). */
static int cluster_plain(bm_pdf_ctx *c, const bm_line *ln, size_t i, size_t n)
{
    if (n != 1)
        return 0;
    size_t ts, te;
    cluster_text(ln, i, n, &ts, &te);
    const bm_glyph *g = &ln->glyphs[i];
    const char *t;
    size_t tl;
    if (bm_pdf_placeholder(c, g)) {
        uint32_t code = g->nbytes
            ? bm_pdf_missing_code(c, ln->text + g->cluster, g->nbytes)
            : 0;
        t = code ? c->miss[code - 1].text : NULL;
        tl = code ? c->miss[code - 1].len : 0;
    } else {
        const bm_pdf_gid_use *r = bm_pdf_gid(&c->faces[g->face], g->gid);
        t = r->text;
        tl = r->tlen;
    }
    return t && tl == te - ts && memcmp(t, ln->text + ts, tl) == 0;
}

/* 1 if an extractor reading glyphs and gaps would not get the line's text:
 * an odd cluster, or a glued gap. */
static int needs_actual_text(bm_pdf_ctx *c, const bm_line *ln)
{
    for (size_t i = 0; i < ln->nglyphs;) {
        size_t n = bm_pdf_cluster_len(c, ln, i);
        if (!cluster_plain(c, ln, i, n) || glued_after(c, ln, i + n - 1))
            return 1;
        i += n;
    }
    return 0;
}

/* Closes the page's open run of an element's lines (paint_line). */
static void run_close(bm_pdf_selem **run, bm_buf *b)
{
    if (*run)
        bm_buf_puts(b, "EMC\n");
    *run = NULL;
}

static bm_status paint_line(bm_pdf_ctx *c, HPDF_Page page, const bm_lpage *pg,
                            const bm_line *ln, bm_pdf_selem **run, bm_buf *b,
                            bm_error *err)
{
    bm_status st = BM_OK;
    double size = bm_pdf_pt(ln->size);
    if (ln->nglyphs == 0 || size <= 0)
        return BM_OK;
    uint32_t cur = 0xFFFFFFFFu;
    int tj = 0;
    double pen = 0;   /* where the reader's pen is after the last glyph */
    bm_fix cur_y = 0;
    size_t blanks_to = 0; /* glyphs before this are blanks shown at the pen */

    /*
     * One marked-content sequence per run of an element's lines: the
     * consecutive lines of one paragraph on a page (over its columns) are
     * one /P <</MCID n>> BDC ... EMC round their text objects, *run while
     * it is open.  A line whose glyphs and gaps would not give its text
     * has a sequence of its own inside its text object with /ActualText --
     * a /Span holding the element's MCID, or an artifact's -- and ends the
     * run: poppler reads /ActualText on a Span only, and its struct text
     * stops an element's text at the EMC of a nested span.  An MCID per
     * line cost the ParentTree and the elements' K arrays an entry each (a
     * quarter of a generated 16-page PDF's bytes went to the tags that
     * way); spans inside a line would cost more.
     */
    size_t p = (size_t)(pg - c->doc->pages);
    bm_pdf_selem *owner = c->st ? bm_pdf_struct_line(c, p, ln) : NULL;
    shown_reset(c, ln);
    int actual = needs_actual_text(c, ln);
    if (owner && !actual) {
        if (*run != owner) {
            run_close(run, b);
            bm_buf_puts(b, "/");
            bm_buf_puts(b, bm_pdf_struct_tag(owner));
            bm_buf_puts(b, "<</MCID ");
            bm_pdf_int(b, bm_pdf_struct_mcid(c, p, owner));
            bm_buf_puts(b, ">>BDC\n");
            *run = owner;
        }
        owner = NULL; /* its sequence is the run's */
    } else {
        run_close(run, b);
    }
    int in_run = *run != NULL;
    bm_buf_puts(b, "BT\n");
    if (in_run) {
        /* the run's marked-content sequence holds it */
    } else if (owner) {
        /* poppler reads /ActualText on a Span only */
        bm_buf_puts(b, "/");
        bm_buf_puts(b, actual ? "Span" : bm_pdf_struct_tag(owner));
        bm_buf_puts(b, "<</MCID ");
        bm_pdf_int(b, bm_pdf_struct_mcid(c, p, owner));
    } else {
        /* page furniture; its text, when it needs one, in a Span inside */
        if (c->st)
            bm_buf_puts(b, "/Artifact BMC\n");
        if (actual)
            bm_buf_puts(b, "/Span<<");
    }
    if (actual) {
        bm_buf_puts(b, "/ActualText<FEFF");
        bm_pdf_utf16_hex(b, ln->text, ln->len);
        bm_buf_puts(b, ">");
    }
    if (owner || actual)
        bm_buf_puts(b, ">>BDC\n");

    for (size_t i = 0; i < ln->nglyphs && st == BM_OK;) {
        size_t n = bm_pdf_cluster_len(c, ln, i);
        const bm_glyph *g = &ln->glyphs[i];
        uint32_t key = bm_pdf_placeholder(c, g) ? BM_PDF_PH_FONT : g->face;
        if (tj && (key != cur || g->y != cur_y)) {
            bm_buf_puts(b, "] TJ\n");
            tj = 0;
        }
        if (key != cur) {
            st = use_font(c, page, key, err);
            bm_buf_puts(b, "/");
            bm_buf_puts(b, key == BM_PDF_PH_FONT ? "FP" : c->faces[key].name);
            bm_buf_puts(b, " ");
            bm_pdf_num(b, size);
            bm_buf_puts(b, " Tf\n");
            cur = key;
        }
        for (size_t k = i; k < i + n; k++) {
            const bm_glyph *gk = &ln->glyphs[k];
            double x = bm_pdf_pt(ln->rect.x + gk->x);
            /* a real space's blanks after the wide copy that covers its
             * hole: at the copy's end, where they show nothing either */
            if (tj && k < blanks_to && gk->y == cur_y)
                x = pen;
            if (!tj || gk->y != cur_y) {
                if (tj)
                    bm_buf_puts(b, "] TJ\n");
                double y = bm_pdf_pt(pg->height - ln->baseline - gk->y);
                bm_buf_puts(b, "1 0 0 1 ");
                bm_pdf_num(b, x);
                bm_buf_puts(b, " ");
                bm_pdf_num(b, y);
                bm_buf_puts(b, " Tm [");
                tj = 1;
                cur_y = gk->y;
            } else {
                double adj = -(x - pen) * 1000.0 / size;
                if (fabs(adj) >= 0.0005) {
                    bm_buf_puts(b, " ");
                    bm_pdf_num(b, adj);
                    bm_buf_puts(b, " ");
                }
            }
            uint32_t code;
            const bm_pdf_wide *wide;
            int w = shown_width(c, ln, k, &wide);
            if (key == BM_PDF_PH_FONT)
                code = gk->nbytes
                    ? bm_pdf_missing_code(c, ln->text + gk->cluster, gk->nbytes)
                    : bm_pdf_missing_code(c, "\xEF\xBF\xBD", 3);
            else
                code = wide ? wide->code
                            : bm_pdf_gid(&c->faces[key], gk->gid)->code;
            bm_pdf_code_hex(b, code);
            pen = x + w * size / 1000.0;
            if (wide && key != BM_PDF_PH_FONT &&
                bm_pdf_space_hole(c, ln, k, bm_pdf_glyph_width(c, gk)) > 0)
                blanks_to = bm_pdf_space_run(c, ln, k);
        }
        i += n;
    }
    if (tj)
        bm_buf_puts(b, "] TJ\n");
    if (!in_run && (owner || actual))
        bm_buf_puts(b, "EMC\n");
    if (!in_run && c->st && !owner)
        bm_buf_puts(b, "EMC\n");
    bm_buf_puts(b, "ET\n");
    return st;
}

/*
 * An image, from the bytes ingest read and checked (bm_image): the PDF
 * writer never opens a file, so it draws the edition's image wherever it
 * runs, and libpng/libjpeg errors cannot end the process here (the data
 * decoded whole at ingest; PNGs are 8-bit and not interlaced, as libharu
 * wants).  In PDF/A, a PNG with an alpha channel or a transparent colour is
 * composited onto white (libpng's simplified API, in sRGB) and placed
 * opaque: archives and print want no soft masks, and paper is white.
 * An 8-bit PNG with no alpha channel goes in with its own compressed rows
 * (bm_pdfx_png, a transparent colour as a colour key outside PDF/A);
 * otherwise libharu reads the PNG (with a soft mask for alpha).
 */
static bm_status decode_image(bm_pdf_ctx *c, const bm_image *pic,
                              const char *name, HPDF_Image *img, bm_error *err);

/* One XObject per image of the edition: a photo shown in several boxes is
 * embedded once (PDF size stays linear in the input). */
static bm_status load_image(bm_pdf_ctx *c, const bm_image *pic,
                            const char *name, HPDF_Image *img, bm_error *err)
{
    for (size_t i = 0; i < c->nimg; i++)
        if (c->img_pic[i] == pic) {
            *img = c->img_obj[i];
            return BM_OK;
        }
    bm_status st = decode_image(c, pic, name, img, err);
    if (st != BM_OK || !*img)
        return st;
    if (c->nimg == c->capimg) {
        size_t nc = c->capimg ? 2 * c->capimg : 16;
        c->img_pic = bm_arena_grow(c->a, c->img_pic, c->capimg * sizeof *c->img_pic,
                                   nc * sizeof *c->img_pic);
        c->img_obj = bm_arena_grow(c->a, c->img_obj, c->capimg * sizeof *c->img_obj,
                                   nc * sizeof *c->img_obj);
        c->capimg = nc;
    }
    c->img_pic[c->nimg] = pic;
    c->img_obj[c->nimg++] = *img;
    return BM_OK;
}

static bm_status decode_image(bm_pdf_ctx *c, const bm_image *pic,
                              const char *name, HPDF_Image *img, bm_error *err)
{
    *img = NULL;
    if (pic->kind == BM_IMAGE_JPEG) {
        *img = HPDF_LoadJpegImageFromMem(c->pdf, pic->data, (HPDF_UINT)pic->len);
        return BM_OK;
    }
    if ((!c->pdfa || !pic->alpha) &&
        bm_pdfx_png(c->pdf, pic->data, pic->len, !c->pdfa, img) != 0)
        return BM_OK; /* its own rows, or NULL: libharu could not allocate */
    if (!c->pdfa || !pic->alpha) {
        *img = HPDF_LoadPngImageFromMem(c->pdf, pic->data, (HPDF_UINT)pic->len);
        return BM_OK;
    }
    png_image im;
    memset(&im, 0, sizeof im);
    im.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&im, pic->data, pic->len)) {
        png_image_free(&im);
        return bm_error_set(err, BM_INPUT, name, 0, 0,
                            "cannot decode this PNG image: %s", im.message);
    }
    int rgb = (im.format & PNG_FORMAT_FLAG_COLOR) != 0;
    im.format = rgb ? PNG_FORMAT_RGB : PNG_FORMAT_GRAY;
    png_color white = {255, 255, 255};
    size_t size = PNG_IMAGE_SIZE(im);
    unsigned char *px = bm_xmalloc(size ? size : 1);
    bm_status st = BM_OK;
    if (!png_image_finish_read(&im, &white, px, 0, NULL))
        st = bm_error_set(err, BM_INPUT, name, 0, 0,
                          "cannot decode this PNG image: %s", im.message);
    else
        *img = HPDF_LoadRawImageFromMem(c->pdf, px, im.width, im.height,
                                        rgb ? HPDF_CS_DEVICE_RGB
                                            : HPDF_CS_DEVICE_GRAY,
                                        8);
    png_image_free(&im);
    free(px);
    return st;
}

static bm_status paint_boxes(bm_pdf_ctx *c, HPDF_Page page, const bm_lpage *pg,
                             bm_buf *b, bm_error *err)
{
    double H = bm_pdf_pt(pg->height);
    for (size_t i = 0; i < pg->nboxes; i++) {
        const bm_box *bx = &pg->boxes[i];
        double x = bm_pdf_pt(bx->rect.x), w = bm_pdf_pt(bx->rect.w);
        double h = bm_pdf_pt(bx->rect.h);
        double y = H - bm_pdf_pt(bx->rect.y) - h;
        int drawn = bx->kind == BM_BOX_RULE || bx->kind == BM_BOX_FRAME ||
                    (bx->kind == BM_BOX_IMAGE && bx->image);
        if (c->st && drawn)
            bm_pdf_struct_box(c, (size_t)(pg - c->doc->pages), bx, b);
        if (bx->kind == BM_BOX_RULE) {
            bm_buf_puts(b, "0 g ");
            bm_pdf_num(b, x);
            bm_buf_puts(b, " ");
            bm_pdf_num(b, y);
            bm_buf_puts(b, " ");
            bm_pdf_num(b, w);
            bm_buf_puts(b, " ");
            bm_pdf_num(b, h);
            bm_buf_puts(b, " re f\n");
        } else if (bx->kind == BM_BOX_FRAME) {
            double s = bm_pdf_pt(bx->stroke > 0 ? bx->stroke : BM_PT(0.5));
            bm_buf_puts(b, "0 G ");
            bm_pdf_num(b, s);
            bm_buf_puts(b, " w ");
            bm_pdf_num(b, x + s / 2);
            bm_buf_puts(b, " ");
            bm_pdf_num(b, y + s / 2);
            bm_buf_puts(b, " ");
            bm_pdf_num(b, w - s);
            bm_buf_puts(b, " ");
            bm_pdf_num(b, h - s);
            bm_buf_puts(b, " re S\n");
        } else if (bx->kind == BM_BOX_IMAGE && bx->image) {
            /* flush our operators first: DrawImage appends to the stream */
            HPDF_STATUS hs = bm_pdfx_content(page, b->data ? b->data : "",
                                             b->len);
            b->len = 0;
            if (!bx->pic)
                return bm_error_set(err, BM_INTERNAL, bx->image, 0, 0,
                                    "the image was not read at ingest: "
                                    "the PDF writer opens no file");
            HPDF_Image img = NULL;
            bm_status ps = load_image(c, bx->pic, bx->image, &img, err);
            if (ps != BM_OK)
                return ps;
            if (!img)
                return bm_error_set(err, BM_INPUT, bx->image, 0, 0,
                                    "libharu cannot read this image "
                                    "(error 0x%04lX)",
                                    (unsigned long)c->herr);
            /* PDF/A with an RGB output intent admits DeviceRGB and
             * DeviceGray only (ISO 19005-2, 6.2.4.3) */
            if (c->pdfa && !strcmp(HPDF_Image_GetColorSpace(img),
                                   "DeviceCMYK"))
                return bm_error_set(err, BM_INPUT, bx->image, 0, 0,
                                    "a CMYK JPEG cannot go in a PDF/A file "
                                    "(its output intent is sRGB): convert "
                                    "the image to RGB");
            /* the whole image in proportion at image_rect, clipped to the
             * slot (rect): the layout's centred crop */
            const bm_rect *ir = bx->image_rect.w > 0 ? &bx->image_rect
                                                     : &bx->rect;
            double iw = bm_pdf_pt(ir->w), ih = bm_pdf_pt(ir->h);
            double ix = bm_pdf_pt(ir->x), iy = H - bm_pdf_pt(ir->y) - ih;
            hs |= HPDF_Page_GSave(page);
            hs |= HPDF_Page_Rectangle(page, (HPDF_REAL)x, (HPDF_REAL)y,
                                      (HPDF_REAL)w, (HPDF_REAL)h);
            hs |= HPDF_Page_Clip(page);
            hs |= HPDF_Page_EndPath(page);
            hs |= HPDF_Page_DrawImage(page, img, (HPDF_REAL)ix, (HPDF_REAL)iy,
                                      (HPDF_REAL)iw, (HPDF_REAL)ih);
            hs |= HPDF_Page_GRestore(page);
            bm_status st =
                bm_pdf_herr(c, hs, bx->image, err, "placing an image");
            if (st != BM_OK)
                return st;
        }
        if (c->st && drawn)
            bm_buf_puts(b, "EMC\n");
    }
    return BM_OK;
}

bm_status bm_pdf_paint_page(bm_pdf_ctx *c, size_t p, bm_error *err)
{
    const bm_lpage *pg = &c->doc->pages[p];
    HPDF_Page page = c->pages[p];
    bm_buf b;
    bm_buf_init(&b);
    memset(c->page_has, 0, c->nfaces + 1);
    bm_status st = paint_boxes(c, page, pg, &b, err);
    bm_pdf_selem *run = NULL;
    for (size_t l = 0; l < pg->nlines && st == BM_OK; l++)
        st = paint_line(c, page, pg, &pg->lines[l], &run, &b, err);
    run_close(&run, &b);
    if (c->st)
        bm_pdf_struct_page_done(c, p);
    if (st == BM_OK && b.len)
        st = bm_pdf_herr(c, bm_pdfx_content(page, b.data, b.len), NULL, err,
                         "writing a page");
    bm_buf_free(&b);
    /* the page's operators are all written: deflated now, not at save */
    if (st == BM_OK)
        st = bm_pdf_herr(c, bm_pdfx_content_done(page, c->deflater), NULL,
                         err,
                         "compressing a page");

    /* links on jump lines */
    double H = bm_pdf_pt(pg->height);
    for (size_t l = 0; l < pg->nlines && st == BM_OK; l++) {
        const bm_line *ln = &pg->lines[l];
        if (ln->link_page <= 0)
            continue;
        size_t t;
        for (t = 0; t < c->doc->npages; t++)
            if (c->doc->pages[t].number == ln->link_page)
                break;
        /* an archive's page file: the target is another page's file */
        const char *file = NULL;
        double top = 0;
        if (t == c->doc->npages && c->one_page) {
            for (size_t k = 0; k < c->whole->npages && !file; k++)
                if (c->whole->pages[k].number == ln->link_page) {
                    file = c->page_files ? c->page_files[k] : NULL;
                    top = bm_pdf_pt(c->whole->pages[k].height);
                }
            if (!file)
                continue; /* no file to go to: the line's text says it */
        }
        if (t == c->doc->npages && !file)
            return bm_error_set(err, BM_INTERNAL, NULL, 0, 0,
                                "page %d: jump line points at page %d, "
                                "which does not exist",
                                pg->number, ln->link_page);
        HPDF_Rect r;
        r.left = (HPDF_REAL)bm_pdf_pt(ln->rect.x);
        r.right = (HPDF_REAL)bm_pdf_pt(ln->rect.x + ln->rect.w);
        r.top = (HPDF_REAL)(H - bm_pdf_pt(ln->rect.y));
        r.bottom = (HPDF_REAL)(H - bm_pdf_pt(ln->rect.y + ln->rect.h));
        HPDF_Dict an = NULL;
        HPDF_STATUS hs =
            file ? bm_pdfx_link_to(c->pdf, page, r, NULL, file, top, &an)
                 : bm_pdfx_link(c->pdf, page, r, c->pages[t],
                                bm_pdf_pt(c->doc->pages[t].height), &an);
        if (c->st && an) {
            /* tagged: a Link element holds it, its text says where it
             * goes, and Tab follows the structure (PDF/UA-1 7.18) */
            int key = bm_pdf_struct_link(c, p, ln, an);
            hs |= bm_pdfx_put_int(an, "StructParent", key);
            hs |= bm_pdfx_set_text(c->pdf, an, "Contents",
                                   bm_arena_strndup(c->a, ln->text, ln->len));
            hs |= bm_pdfx_put_name(page, "Tabs", "S");
        }
        st = bm_pdf_herr(c, hs, NULL, err, "adding a jump link");
    }
    return st;
}
