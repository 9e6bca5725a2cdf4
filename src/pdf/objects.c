/*
 * objects.c - the one file that uses libharu's internal object API
 * (hpdf_objects.h and the document/page records).
 *
 * libharu 2.3.0 has no public way to embed a CID font it did not load, to
 * append ready-made operators to a page, to write an XMP stream with the
 * right /Subtype, or to set /Lang and a reproducible /ID; its objects are
 * plain dictionaries, arrays and streams that it serialises at save time,
 * so we build those here and leave everything else (pages, xref,
 * compression, outline, annotations, labels, images) to its public API.
 */
#include "pdf_private.h"

#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <string.h>

HPDF_STATUS bm_pdfx_content(HPDF_Page page, const char *ops, size_t n)
{
    HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
    return HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)ops,
                             (HPDF_UINT)n);
}

HPDF_STATUS bm_pdfx_page_font(HPDF_Doc pdf, HPDF_Page page, const char *name,
                              HPDF_Dict font)
{
    HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
    if (!attr->fonts) {
        HPDF_Dict res = HPDF_Page_GetInheritableItem(page, "Resources",
                                                     HPDF_OCLASS_DICT);
        if (!res)
            return HPDF_INVALID_PAGE;
        HPDF_Dict fonts = HPDF_Dict_New(pdf->mmgr);
        if (!fonts)
            return HPDF_FAILD_TO_ALLOC_MEM;
        HPDF_STATUS st = HPDF_Dict_Add(res, "Font", fonts);
        if (st != HPDF_OK)
            return st;
        attr->fonts = fonts;
    }
    return HPDF_Dict_Add(attr->fonts, name, font);
}

HPDF_Dict bm_pdfx_dict(HPDF_Doc pdf)
{
    HPDF_Dict d = HPDF_Dict_New(pdf->mmgr);
    if (d && HPDF_Xref_Add(pdf->xref, d) != HPDF_OK)
        return NULL; /* the xref freed it */
    return d;
}

/* A stream object in the xref, holding `data`, compressed. */
static HPDF_Dict stream(HPDF_Doc pdf, const void *data, size_t n, int flate)
{
    HPDF_Dict s = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
    if (!s)
        return NULL;
    s->filter = flate ? HPDF_STREAM_FILTER_FLATE_DECODE
                      : HPDF_STREAM_FILTER_NONE;
    if (HPDF_Stream_Write(s->stream, data, (HPDF_UINT)n) != HPDF_OK)
        return NULL;
    return s;
}

/*
 * An array parsed from simple PDF syntax: integers and nested arrays only
 * (the W array: "[3 [500 1000] 9 [1000]]").
 */
static HPDF_Array int_array(HPDF_Doc pdf, const char **p)
{
    HPDF_Array a = HPDF_Array_New(pdf->mmgr);
    if (!a || **p != '[')
        return NULL;
    (*p)++;
    for (;;) {
        while (**p == ' ')
            (*p)++;
        if (**p == ']') {
            (*p)++;
            return a;
        }
        if (**p == '[') {
            HPDF_Array sub = int_array(pdf, p);
            if (!sub || HPDF_Array_Add(a, sub) != HPDF_OK)
                return NULL;
            continue;
        }
        char *end;
        long v = strtol(*p, &end, 10);
        if (end == *p)
            return NULL;
        *p = end;
        if (HPDF_Array_AddNumber(a, (HPDF_INT32)v) != HPDF_OK)
            return NULL;
    }
}

static HPDF_Array int4(HPDF_Doc pdf, const int v[4])
{
    HPDF_Array a = HPDF_Array_New(pdf->mmgr);
    for (int i = 0; a && i < 4; i++)
        if (HPDF_Array_AddNumber(a, v[i]) != HPDF_OK)
            return NULL;
    return a;
}

HPDF_STATUS bm_pdfx_type0(HPDF_Doc pdf, HPDF_Dict type0,
                          const bm_pdf_fontdata *fd)
{
    HPDF_MMgr mm = pdf->mmgr;
    HPDF_STATUS st = HPDF_OK;

    HPDF_Dict cid = bm_pdfx_dict(pdf);
    HPDF_Dict desc = bm_pdfx_dict(pdf);
    HPDF_Dict file = stream(pdf, fd->file, fd->file_len, 1);
    HPDF_Dict tou = stream(pdf, fd->tounicode, strlen(fd->tounicode), 1);
    HPDF_Dict sysinfo = HPDF_Dict_New(mm);
    const char *wp = fd->w;
    HPDF_Array w = int_array(pdf, &wp);
    HPDF_Array bbox = int4(pdf, fd->bbox);
    HPDF_Array desc_arr = HPDF_Array_New(mm);
    if (!cid || !desc || !file || !tou || !sysinfo || !w || !bbox || !desc_arr)
        return HPDF_FAILD_TO_ALLOC_MEM;

    st |= HPDF_Dict_AddName(type0, "Type", "Font");
    st |= HPDF_Dict_AddName(type0, "Subtype", "Type0");
    st |= HPDF_Dict_AddName(type0, "BaseFont", fd->basefont);
    st |= HPDF_Dict_AddName(type0, "Encoding", "Identity-H");
    st |= HPDF_Array_Add(desc_arr, cid);
    st |= HPDF_Dict_Add(type0, "DescendantFonts", desc_arr);
    st |= HPDF_Dict_Add(type0, "ToUnicode", tou);

    st |= HPDF_Dict_Add(sysinfo, "Registry", HPDF_String_New(mm, "Adobe", NULL));
    st |= HPDF_Dict_Add(sysinfo, "Ordering",
                        HPDF_String_New(mm, "Identity", NULL));
    st |= HPDF_Dict_AddNumber(sysinfo, "Supplement", 0);

    st |= HPDF_Dict_AddName(cid, "Type", "Font");
    st |= HPDF_Dict_AddName(cid, "Subtype",
                            fd->cff ? "CIDFontType0" : "CIDFontType2");
    st |= HPDF_Dict_AddName(cid, "BaseFont", fd->basefont);
    st |= HPDF_Dict_Add(cid, "CIDSystemInfo", sysinfo);
    st |= HPDF_Dict_Add(cid, "FontDescriptor", desc);
    st |= HPDF_Dict_AddNumber(cid, "DW", 1000);
    st |= HPDF_Dict_Add(cid, "W", w);
    if (!fd->cff) {
        if (fd->cidtogid) {
            HPDF_Dict map = stream(pdf, fd->cidtogid, fd->cidtogid_len, 1);
            if (!map)
                return HPDF_FAILD_TO_ALLOC_MEM;
            st |= HPDF_Dict_Add(cid, "CIDToGIDMap", map);
        } else {
            st |= HPDF_Dict_AddName(cid, "CIDToGIDMap", "Identity");
        }
    }

    st |= HPDF_Dict_AddName(desc, "Type", "FontDescriptor");
    st |= HPDF_Dict_AddName(desc, "FontName", fd->basefont);
    st |= HPDF_Dict_AddNumber(desc, "Flags", 4); /* symbolic */
    st |= HPDF_Dict_Add(desc, "FontBBox", bbox);
    st |= HPDF_Dict_AddNumber(desc, "ItalicAngle", 0);
    st |= HPDF_Dict_AddNumber(desc, "Ascent", fd->ascent);
    st |= HPDF_Dict_AddNumber(desc, "Descent", fd->descent);
    st |= HPDF_Dict_AddNumber(desc, "CapHeight", fd->ascent);
    st |= HPDF_Dict_AddNumber(desc, "StemV", 80);
    if (fd->cff) {
        st |= HPDF_Dict_AddName(file, "Subtype", "CIDFontType0C");
        st |= HPDF_Dict_Add(desc, "FontFile3", file);
    } else {
        st |= HPDF_Dict_AddNumber(file, "Length1", (HPDF_INT32)fd->file_len);
        st |= HPDF_Dict_Add(desc, "FontFile2", file);
    }
    return st;
}

/* UTF-8 -> UTF-16BE with a byte order mark, written as a hex string. */
static HPDF_Binary text_string(HPDF_Doc pdf, const char *s)
{
    size_t n = strlen(s);
    unsigned char *u = bm_xmalloc(2 * n + 4);
    u[0] = 0xFE;
    u[1] = 0xFF;
    size_t k = 2 + bm_utf8_to_utf16be(s, n, u + 2);
    HPDF_Binary b = HPDF_Binary_New(pdf->mmgr, u, (HPDF_UINT)k);
    free(u);
    return b;
}

HPDF_STATUS bm_pdfx_set_text(HPDF_Doc pdf, HPDF_Dict dict, const char *key,
                             const char *utf8)
{
    HPDF_Binary b = text_string(pdf, utf8);
    if (!b)
        return HPDF_FAILD_TO_ALLOC_MEM;
    return HPDF_Dict_Add(dict, key, b);
}

HPDF_STATUS bm_pdfx_info_text(HPDF_Doc pdf, const char *key, const char *utf8)
{
    /* Creates the Info dictionary if needed, then replaces the value by a
     * UTF-16 string (libharu's own encoders are BMP only). */
    if (!pdf->info) {
        HPDF_STATUS st = HPDF_SetInfoAttr(pdf, HPDF_INFO_CREATOR, "banmian");
        if (st != HPDF_OK)
            return st;
    }
    return bm_pdfx_set_text(pdf, pdf->info, key, utf8);
}

HPDF_STATUS bm_pdfx_catalog(HPDF_Doc pdf, const char *lang, const char *xmp,
                            size_t xmp_len, const unsigned char id[16])
{
    HPDF_STATUS st = HPDF_OK;
    /* PDF 1.7: what the fonts, /Lang and the XMP stream use */
    pdf->pdf_version = HPDF_VER_17;
    st |= HPDF_Dict_Add(pdf->catalog, "Lang",
                        HPDF_String_New(pdf->mmgr, lang, NULL));
    if (xmp) {
        HPDF_Dict m = stream(pdf, xmp, xmp_len, 0);
        if (!m)
            return HPDF_FAILD_TO_ALLOC_MEM;
        st |= HPDF_Dict_AddName(m, "Type", "Metadata");
        st |= HPDF_Dict_AddName(m, "Subtype", "XML");
        st |= HPDF_Dict_Add(pdf->catalog, "Metadata", m);
    }
    HPDF_Array a = HPDF_Array_New(pdf->mmgr);
    if (!a)
        return HPDF_FAILD_TO_ALLOC_MEM;
    st |= HPDF_Dict_Add(pdf->trailer, "ID", a);
    st |= HPDF_Array_Add(a, HPDF_Binary_New(pdf->mmgr, (HPDF_BYTE *)id, 16));
    st |= HPDF_Array_Add(a, HPDF_Binary_New(pdf->mmgr, (HPDF_BYTE *)id, 16));
    return st;
}

HPDF_STATUS bm_pdfx_output_intent(HPDF_Doc pdf, const unsigned char *icc,
                                  size_t icc_len, const char *condition)
{
    HPDF_MMgr mm = pdf->mmgr;
    HPDF_STATUS st = HPDF_OK;
    HPDF_Dict prof = stream(pdf, icc, icc_len, 1);
    HPDF_Dict oi = bm_pdfx_dict(pdf);
    HPDF_Array arr = HPDF_Array_New(mm);
    if (!prof || !oi || !arr)
        return HPDF_FAILD_TO_ALLOC_MEM;
    st |= HPDF_Dict_AddNumber(prof, "N", 3);
    st |= HPDF_Dict_AddName(prof, "Alternate", "DeviceRGB");
    st |= HPDF_Dict_AddName(oi, "Type", "OutputIntent");
    st |= HPDF_Dict_AddName(oi, "S", "GTS_PDFA1");
    st |= HPDF_Dict_Add(oi, "OutputConditionIdentifier",
                        HPDF_String_New(mm, condition, NULL));
    st |= HPDF_Dict_Add(oi, "Info", HPDF_String_New(mm, condition, NULL));
    st |= HPDF_Dict_Add(oi, "DestOutputProfile", prof);
    st |= HPDF_Array_Add(arr, oi);
    st |= HPDF_Dict_Add(pdf->catalog, "OutputIntents", arr);
    return st;
}

/* [page /FitH top], written in place (PDFBox 2 reads no indirect /Dest) */
static HPDF_Array fith(HPDF_Doc pdf, HPDF_Page page, double top)
{
    HPDF_Array a = HPDF_Array_New(pdf->mmgr);
    if (!a)
        return NULL;
    if (HPDF_Array_Add(a, page) != HPDF_OK ||
        HPDF_Array_AddName(a, "FitH") != HPDF_OK ||
        HPDF_Array_AddReal(a, (HPDF_REAL)top) != HPDF_OK)
        return NULL;
    return a;
}

HPDF_STATUS bm_pdfx_dest(HPDF_Doc pdf, HPDF_Dict obj, HPDF_Page page,
                         double top)
{
    HPDF_Array a = fith(pdf, page, top);
    return a ? HPDF_Dict_Add(obj, "Dest", a) : HPDF_FAILD_TO_ALLOC_MEM;
}

HPDF_STATUS bm_pdfx_link(HPDF_Doc pdf, HPDF_Page page, HPDF_Rect r,
                         HPDF_Page target, double top, HPDF_Dict *annot)
{
    return bm_pdfx_link_to(pdf, page, r, target, NULL, top, annot);
}

HPDF_STATUS bm_pdfx_link_to(HPDF_Doc pdf, HPDF_Page page, HPDF_Rect r,
                            HPDF_Page target, const char *file, double top,
                            HPDF_Dict *annot)
{
    HPDF_MMgr mm = pdf->mmgr;
    HPDF_STATUS st = HPDF_OK;
    HPDF_Dict an = bm_pdfx_dict(pdf);
    HPDF_Array rect = HPDF_Array_New(mm), border = HPDF_Array_New(mm);
    if (!an || !rect || !border)
        return HPDF_FAILD_TO_ALLOC_MEM;
    HPDF_Array annots = HPDF_Dict_GetItem(page, "Annots", HPDF_OCLASS_ARRAY);
    if (!annots) {
        annots = HPDF_Array_New(mm);
        if (!annots || HPDF_Dict_Add(page, "Annots", annots) != HPDF_OK)
            return HPDF_FAILD_TO_ALLOC_MEM;
    }
    st |= HPDF_Dict_AddName(an, "Type", "Annot");
    st |= HPDF_Dict_AddName(an, "Subtype", "Link");
    st |= HPDF_Array_AddReal(rect, r.left);
    st |= HPDF_Array_AddReal(rect, r.bottom);
    st |= HPDF_Array_AddReal(rect, r.right);
    st |= HPDF_Array_AddReal(rect, r.top);
    st |= HPDF_Dict_Add(an, "Rect", rect);
    for (int i = 0; i < 3; i++)
        st |= HPDF_Array_AddNumber(border, 0);
    st |= HPDF_Dict_Add(an, "Border", border);
    st |= HPDF_Dict_AddNumber(an, "F", 4); /* print: PDF/A wants it */
    st |= HPDF_Dict_Add(an, "P", page);
    if (file) {
        /* the first page of another file: /GoToR (PDF/A-2 admits it) */
        HPDF_Dict act = HPDF_Dict_New(mm);
        HPDF_Array d = HPDF_Array_New(mm);
        if (!act || !d)
            return HPDF_FAILD_TO_ALLOC_MEM;
        st |= HPDF_Dict_AddName(act, "S", "GoToR");
        st |= HPDF_Dict_Add(act, "F", HPDF_String_New(mm, file, NULL));
        st |= HPDF_Array_AddNumber(d, 0);
        st |= HPDF_Array_AddName(d, "FitH");
        st |= HPDF_Array_AddReal(d, (HPDF_REAL)top);
        st |= HPDF_Dict_Add(act, "D", d);
        st |= HPDF_Dict_Add(an, "A", act);
    } else {
        st |= bm_pdfx_dest(pdf, an, target, top);
    }
    st |= HPDF_Array_Add(annots, an);
    *annot = an;
    return st;
}

/* ---- plain objects, for the structure tree -------------------------------- */

HPDF_Dict bm_pdfx_direct_dict(HPDF_Doc pdf)
{
    return HPDF_Dict_New(pdf->mmgr);
}

HPDF_Array bm_pdfx_array(HPDF_Doc pdf)
{
    return HPDF_Array_New(pdf->mmgr);
}

HPDF_Array bm_pdfx_array_for(HPDF_Doc pdf, size_t n)
{
    /* libharu grows a list by items_per_block (20), copying it byte by
     * byte each time: an array of n items gets its room at once */
    HPDF_Array a = HPDF_Array_New(pdf->mmgr);
    if (a && n > a->list->items_per_block)
        a->list->items_per_block = (HPDF_UINT)n;
    return a;
}

HPDF_STATUS bm_pdfx_put_name(HPDF_Dict d, const char *key, const char *name)
{
    return HPDF_Dict_AddName(d, key, name);
}

HPDF_STATUS bm_pdfx_put_int(HPDF_Dict d, const char *key, int v)
{
    return HPDF_Dict_AddNumber(d, key, v);
}

HPDF_STATUS bm_pdfx_put_bool(HPDF_Dict d, const char *key, int v)
{
    return HPDF_Dict_AddBoolean(d, key, v ? HPDF_TRUE : HPDF_FALSE);
}

HPDF_STATUS bm_pdfx_put(HPDF_Dict d, const char *key, void *obj)
{
    return obj ? HPDF_Dict_Add(d, key, obj) : HPDF_FAILD_TO_ALLOC_MEM;
}

HPDF_STATUS bm_pdfx_push(HPDF_Array a, void *obj)
{
    return obj ? HPDF_Array_Add(a, obj) : HPDF_FAILD_TO_ALLOC_MEM;
}

HPDF_STATUS bm_pdfx_push_int(HPDF_Array a, int v)
{
    return HPDF_Array_AddNumber(a, v);
}

HPDF_STATUS bm_pdfx_catalog_put(HPDF_Doc pdf, const char *key, void *obj)
{
    return bm_pdfx_put(pdf->catalog, key, obj);
}

HPDF_STATUS bm_pdfx_put_string(HPDF_Doc pdf, HPDF_Dict d, const char *key,
                               const char *ascii)
{
    return bm_pdfx_put(d, key, HPDF_String_New(pdf->mmgr, ascii, NULL));
}
