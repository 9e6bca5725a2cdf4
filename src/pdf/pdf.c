/*
 * pdf.c - LayoutDoc -> print-replica PDF: the driver.
 *
 * The model: the LayoutDoc already says where every glyph goes; the back
 * end only paints.  Two passes over the document:
 *
 *   1. census.c collects, per face, the glyphs used and the text each one
 *      stands for;
 *   2. fonts.c subsets and embeds each face, paint.c paints each page,
 *      metadata.c adds the outline and the document's metadata.
 *
 * This file owns the libharu document and its error handler, and saves
 * the result atomically.
 */
#include "pdf_private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void on_error(HPDF_STATUS no, HPDF_STATUS detail, void *user)
{
    bm_pdf_ctx *c = user;
    if (!c->herr) {
        c->herr = no;
        c->hdetail = detail;
    }
}

bm_status bm_pdf_herr(bm_pdf_ctx *c, HPDF_STATUS st, const char *path,
                      bm_error *err, const char *what)
{
    if (!st && !c->herr)
        return BM_OK;
    return bm_error_set(err, BM_INTERNAL, path, 0, 0,
                        "libharu failed while %s (error 0x%04lX, detail %lu)",
                        what, (unsigned long)(c->herr ? c->herr : st),
                        (unsigned long)c->hdetail);
}

/* ---- small writers ------------------------------------------------------- */

void bm_pdf_num(bm_buf *b, double v)
{
    /* by hand, not printf: every coordinate of every page goes through
     * here (the same digits as "%lld.%03lld" without trailing zeros) */
    long long t = llround(v * 1000.0);
    char d[32];
    int n = sizeof d;
    unsigned long long u = t < 0 ? 0ULL - (unsigned long long)t
                                  : (unsigned long long)t;
    unsigned fp = (unsigned)(u % 1000);
    u /= 1000;
    if (fp) {
        int k = 3;
        while (fp % 10 == 0) {
            fp /= 10;
            k--;
        }
        for (; k > 0; k--, fp /= 10)
            d[--n] = (char)('0' + fp % 10);
        d[--n] = '.';
    }
    do {
        d[--n] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (t < 0)
        d[--n] = '-';
    bm_buf_append(b, d + n, sizeof d - (size_t)n);
}

void bm_pdf_int(bm_buf *b, long v)
{
    char d[24];
    int n = 0;
    unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
    do {
        d[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        d[n++] = '-';
    char out[24];
    for (int i = 0; i < n; i++)
        out[i] = d[n - 1 - i];
    bm_buf_append(b, out, (size_t)n);
}

void bm_pdf_code_hex(bm_buf *b, uint32_t code)
{
    /* by hand, not printf: one per glyph shown (the bytes of "<%04X>") */
    static const char hex[] = "0123456789ABCDEF";
    char d[12];
    int n = 0;
    d[n++] = '>';
    do {
        d[n++] = hex[code & 15];
        code >>= 4;
    } while (code || n < 5);
    d[n++] = '<';
    char out[12];
    for (int i = 0; i < n; i++)
        out[i] = d[n - 1 - i];
    bm_buf_append(b, out, (size_t)n);
}

void bm_pdf_utf16_hex(bm_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    unsigned char *u = bm_xmalloc(2 * n + 1);
    size_t k = bm_utf8_to_utf16be(s, n, u);
    char *h = bm_xmalloc(2 * k + 1);
    for (size_t i = 0; i < k; i++) {
        h[2 * i] = hex[u[i] >> 4];
        h[2 * i + 1] = hex[u[i] & 15];
    }
    bm_buf_append(b, h, 2 * k);
    free(h);
    free(u);
}

static bm_status save(bm_pdf_ctx *c, const char *path, bm_error *err)
{
    bm_status st = bm_pdf_herr(c, HPDF_SaveToStream(c->pdf), path, err,
                               "serialising the document");
    if (st != BM_OK)
        return st;
    bm_atomic w;
    st = bm_atomic_open(&w, path, err);
    if (st != BM_OK)
        return st;
    HPDF_ResetStream(c->pdf);
    unsigned char buf[65536];
    for (;;) {
        HPDF_UINT32 n = sizeof buf;
        HPDF_STATUS hs = HPDF_ReadFromStream(c->pdf, buf, &n);
        if (n)
            st = bm_atomic_write(&w, buf, n, err);
        if (st != BM_OK)
            break;
        if (hs == HPDF_STREAM_EOF)
            break;
        if (hs != HPDF_OK) {
            st = bm_pdf_herr(c, hs, path, err,
                             "reading the serialised document");
            break;
        }
    }
    if (st != BM_OK) {
        bm_atomic_abort(&w);
        return st;
    }
    return bm_atomic_commit(&w, err);
}

bm_status bm_pdf_write(const bm_layout_doc *doc, const bm_pdf_options *opt,
                       const char *path, bm_error *err)
{
    bm_pdf_ctx c;
    memset(&c, 0, sizeof c);
    bm_layout_doc view;
    if (opt && opt->page) {
        if (opt->page > doc->npages)
            return bm_error_set(err, BM_INTERNAL, path, 0, 0,
                                "page %zu of %zu asked for", opt->page,
                                doc->npages);
        view = *doc;
        view.pages = &doc->pages[opt->page - 1];
        view.npages = 1;
        c.whole = doc;
        c.page_files = opt->page_files;
        doc = &view;
        c.one_page = 1;
    }
    c.doc = doc;
    c.pdfa = opt && opt->pdfa;
    c.pdfua = opt && opt->pdfua;
    c.a = bm_arena_new();
    bm_status st = BM_OK;
    if (!doc->fonts && doc->npages) {
        st = bm_error_set(err, BM_INTERNAL, path, 0, 0,
                          "layout document without fonts");
        goto done;
    }
    c.nfaces = doc->fonts ? bm_fontset_nfaces(doc->fonts) : 0;
    c.faces = bm_arena_alloc(c.a, (c.nfaces + 1) * sizeof *c.faces);
    c.page_has = bm_arena_alloc(c.a, c.nfaces + 1);
    c.pdf = bm_fault_alloc() ? NULL : HPDF_New(on_error, &c);
    if (!c.pdf) {
        st = bm_error_set(err, BM_NOMEM, path, 0, 0, "libharu: no memory");
        goto done;
    }
    HPDF_SetCompressionMode(c.pdf, HPDF_COMP_ALL);
    if (!(opt && opt->untagged) || c.pdfua)
        bm_pdf_struct_begin(&c);
    st = bm_pdf_census(&c, err);
    if (st != BM_OK)
        goto done;

    c.pages = bm_arena_alloc(c.a, (doc->npages + 1) * sizeof *c.pages);
    for (size_t p = 0; p < doc->npages; p++) {
        c.pages[p] = HPDF_AddPage(c.pdf);
        if (c.pages[p]) {
            HPDF_Page_SetWidth(c.pages[p],
                               (HPDF_REAL)bm_pdf_pt(doc->pages[p].width));
            HPDF_Page_SetHeight(c.pages[p],
                                (HPDF_REAL)bm_pdf_pt(doc->pages[p].height));
        }
    }
    for (size_t i = 0; i < c.nfaces; i++)
        if (c.faces[i].used)
            c.faces[i].font = bm_pdfx_dict(c.pdf);
    if (c.nmiss)
        c.ph_font = bm_pdfx_dict(c.pdf);
    st = bm_pdf_herr(&c, HPDF_OK, path, err, "creating pages");
    if (st == BM_OK)
        st = bm_pdf_fonts(&c, err);
    /* with a second processor (as for the subsets: not in an archive
     * folder's page files, which are made several at once, nor with a
     * fault armed, whose count must not depend on a thread), the pages
     * are deflated on a thread while the next ones are painted */
    if (st == BM_OK && doc->npages > 1 && !c.one_page && !bm_fault_armed() &&
        bm_fontset_subset_threads(doc->fonts) >= 2)
        c.deflater = bm_pdfx_deflater_new(BM_PDF_DEFLATE_WAIT);
    for (size_t p = 0; p < doc->npages && st == BM_OK; p++)
        st = bm_pdf_paint_page(&c, p, err);
    if (st == BM_OK && c.st)
        st = bm_pdf_struct_write(&c, err);
    if (st == BM_OK)
        st = bm_pdf_outline(&c, err);
    if (st == BM_OK)
        st = bm_pdf_metadata(&c, err);
    if (st == BM_OK)
        st = bm_pdf_herr(&c, bm_pdfx_deflater_finish(c.deflater), NULL, err,
                         "compressing a page");
    if (st == BM_OK)
        st = save(&c, path, err);
done:
    free(c.shown_w);
    free(c.shown_wide);
    bm_pdfx_deflater_free(c.deflater);
    if (c.pdf)
        HPDF_Free(c.pdf);
    bm_arena_free(c.a);
    return st;
}
