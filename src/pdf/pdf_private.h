/*
 * pdf_private.h - shared between the files of src/pdf only.
 *
 * objects.c is the one file that touches libharu's internal structures
 * (hpdf_objects.h, the page's content stream, the document's xref,
 * catalog, info and trailer); pdf.c and text.c use only its functions and
 * libharu's public API.
 */
#ifndef BM_PDF_PRIVATE_H
#define BM_PDF_PRIVATE_H

#include "pdf.h"

#include <hpdf.h>

/* Appends a number in PDF syntax (locale-free, at most 3 decimals). */
void bm_pdf_num(bm_buf *b, double v);
/* Appends UTF-8 text as UTF-16BE hex digits (surrogate pairs above the BMP). */
void bm_pdf_utf16_hex(bm_buf *b, const char *s, size_t n);

/* ---- objects.c: libharu internals ---------------------------------------- */

/* Appends raw operators to the page's content stream. */
HPDF_STATUS bm_pdfx_content(HPDF_Page page, const char *ops, size_t n);

/* Puts `font` (an indirect dict) in the page's /Resources /Font as `name`. */
HPDF_STATUS bm_pdfx_page_font(HPDF_Doc pdf, HPDF_Page page, const char *name,
                              HPDF_Dict font);

/* A new empty indirect dictionary (filled in later by bm_pdfx_type0). */
HPDF_Dict bm_pdfx_dict(HPDF_Doc pdf);

/* What bm_pdfx_type0 writes for one embedded subset. */
typedef struct bm_pdf_fontdata {
    const char          *basefont;  /* "ABCDEF+PostScriptName" */
    int                  cff;       /* 1: CIDFontType0 + FontFile3/CIDFontType0C */
    const unsigned char *file;      /* the subset font file */
    size_t               file_len;
    int                  bbox[4];   /* in 1/1000 em */
    int                  ascent, descent;
    const char          *w;         /* the W array, "[...]" */
    const char          *tounicode; /* the CMap text */
    const unsigned char *cidtogid;  /* CIDFontType2: 2 bytes per CID, or NULL
                                       for /Identity */
    size_t               cidtogid_len;
} bm_pdf_fontdata;

/* Fills `type0` (from bm_pdfx_dict) with the Type0 font and its
 * descendant, descriptor, font file and ToUnicode streams. */
HPDF_STATUS bm_pdfx_type0(HPDF_Doc pdf, HPDF_Dict type0,
                          const bm_pdf_fontdata *fd);

/* A text string object (UTF-16BE with BOM; any Unicode). */
HPDF_STATUS bm_pdfx_set_text(HPDF_Doc pdf, HPDF_Dict dict, const char *key,
                             const char *utf8);
HPDF_STATUS bm_pdfx_info_text(HPDF_Doc pdf, const char *key, const char *utf8);
/* Catalog /Lang, /Metadata (uncompressed XMP) and trailer /ID. */
HPDF_STATUS bm_pdfx_catalog(HPDF_Doc pdf, const char *lang, const char *xmp,
                            size_t xmp_len, const unsigned char id[16]);
/* Catalog /OutputIntents: one PDF/A output intent (/S /GTS_PDFA1) whose
 * /DestOutputProfile is the RGB ICC profile `icc` (N 3). */
HPDF_STATUS bm_pdfx_output_intent(HPDF_Doc pdf, const unsigned char *icc,
                                  size_t icc_len, const char *condition);
/* obj /Dest [page /FitH top], a direct array. */
HPDF_STATUS bm_pdfx_dest(HPDF_Doc pdf, HPDF_Dict obj, HPDF_Page page,
                         double top);
/* A borderless, printable (/F 4) link annotation on `page` over `r` to
 * [target /FitH top]. */
HPDF_STATUS bm_pdfx_link(HPDF_Doc pdf, HPDF_Page page, HPDF_Rect r,
                         HPDF_Page target, double top);

#endif
