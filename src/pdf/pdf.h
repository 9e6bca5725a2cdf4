/*
 * pdf.h - LayoutDoc -> print-replica PDF with libharu.  Fonts are subset by
 * the font stage and embedded here as Type0 fonts with correct ToUnicode
 * (DESIGN.md "Fonts in the PDF").  Tagged by default: a structure tree in
 * article order (structure.c).  Never re-breaks or moves anything.
 */
#ifndef BM_PDF_H
#define BM_PDF_H

#include "../layout/layout.h"

typedef struct bm_pdf_options {
    int pdfa;            /* --pdfa: PDF/A-2u metadata and output intent */
    int pdfua;           /* --pdfua: PDF/UA-1 identification (tagged) */
    int untagged;        /* no structure tree (the bench's baseline) */
    size_t page;         /* write only this page (1-based index into the
                            document's pages), as archives keep them;
                            0 = every page */
    const char *const *page_files; /* with `page`: the file name of each
                            page's PDF, so a jump line links to the
                            other file (/GoToR); NULL: no such links */
} bm_pdf_options;

/* Writes `doc` to `path` atomically (temp file + rename). */
bm_status bm_pdf_write(const bm_layout_doc *doc, const bm_pdf_options *opt,
                       const char *path, bm_error *err);

#endif
