/*
 * metadata.c - the outline (a page entry, then one per article), the Info
 * dictionary, the XMP packet, the PDF/A output intent, the page labels and
 * a reproducible /ID.
 */
#include "pdf_private.h"

#include <hpdf_encrypt.h>
#include <string.h>
#include <time.h>

#include "bm_srgb.h" /* bm_srgb_icc[]: src/pdf/srgb.icc, made by the Makefile */

bm_status bm_pdf_outline(bm_pdf_ctx *c, bm_error *err)
{
    HPDF_STATUS hs = HPDF_OK;
    for (size_t p = 0; p < c->doc->npages; p++) {
        const bm_lpage *pg = &c->doc->pages[p];
        double H = bm_pdf_pt(pg->height);
        HPDF_Outline po = HPDF_CreateOutline(c->pdf, NULL, "-", NULL);
        if (!po)
            break;
        char *t = pg->section
            ? bm_arena_printf(c->a, "第%d版 %s", pg->number, pg->section)
            : bm_arena_printf(c->a, "第%d版", pg->number);
        hs |= bm_pdfx_set_text(c->pdf, po, "Title", t);
        hs |= bm_pdfx_dest(c->pdf, po, c->pages[p], H);
        hs |= HPDF_Outline_SetOpened(po, HPDF_TRUE);
        for (size_t k = 0; k < pg->noutline; k++) {
            const bm_outline *o = &pg->outline[k];
            HPDF_Outline ao = HPDF_CreateOutline(c->pdf, po, "-", NULL);
            if (!ao)
                break;
            hs |= bm_pdfx_set_text(c->pdf, ao, "Title",
                                   o->title ? o->title : o->article_id);
            hs |= bm_pdfx_dest(c->pdf, ao, c->pages[p], H - bm_pdf_pt(o->y));
        }
    }
    return bm_pdf_herr(c, hs, NULL, err, "writing the outline");
}

/* ---- metadata ------------------------------------------------------------ */

static void xml_text(bm_buf *b, const char *s)
{
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        switch (ch) {
        case '&': bm_buf_puts(b, "&amp;"); break;
        case '<': bm_buf_puts(b, "&lt;"); break;
        case '>': bm_buf_puts(b, "&gt;"); break;
        case '"': bm_buf_puts(b, "&quot;"); break;
        case '\'': bm_buf_puts(b, "&apos;"); break;
        default:
            if (ch >= 0x20 || ch == '\t' || ch == '\n')
                bm_buf_append(b, s, 1);
        }
    }
}

static const char *doc_title(bm_pdf_ctx *c)
{
    const bm_edition *ed = c->doc->ed;
    const char *t = ed && ed->title ? ed->title : "banmian";
    if (ed && ed->date)
        t = bm_arena_printf(c->a, "%s %s", t, ed->date);
    if (c->one_page && c->doc->npages) /* an archive's page file */
        t = bm_arena_printf(c->a, "%s 第%d版", t, c->doc->pages[0].number);
    return t;
}

static void xmp(bm_pdf_ctx *c, const char *title, const char *when, bm_buf *b)
{
    const bm_edition *ed = c->doc->ed;
    const char *lang = ed && ed->lang ? ed->lang : "zh-CN";
    bm_buf_puts(b, "<?xpacket begin=\"\xEF\xBB\xBF\" "
                   "id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                   "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
                   "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/"
                   "22-rdf-syntax-ns#\">\n"
                   "<rdf:Description rdf:about=\"\"\n"
                   " xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
                   " xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
                   " xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"");
    if (c->pdfa)
        bm_buf_puts(b, "\n xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"");
    if (c->pdfua)
        bm_buf_puts(b, "\n xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\"");
    if (c->pdfua && c->pdfa)
        bm_buf_puts(b, "\n xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/"
                       "extension/\"\n xmlns:pdfaSchema=\"http://www.aiim.org/"
                       "pdfa/ns/schema#\"\n xmlns:pdfaProperty=\"http://"
                       "www.aiim.org/pdfa/ns/property#\"");
    bm_buf_puts(b, ">\n<dc:format>application/pdf</dc:format>\n"
                   "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">");
    xml_text(b, title);
    bm_buf_puts(b, "</rdf:li></rdf:Alt></dc:title>\n");
    if (ed && ed->publisher) {
        /* dc:creator is the Info dictionary's /Author (PDF/A keeps the
         * two equal) */
        bm_buf_puts(b, "<dc:creator><rdf:Seq><rdf:li>");
        xml_text(b, ed->publisher);
        bm_buf_puts(b, "</rdf:li></rdf:Seq></dc:creator>\n"
                       "<dc:publisher><rdf:Bag><rdf:li>");
        xml_text(b, ed->publisher);
        bm_buf_puts(b, "</rdf:li></rdf:Bag></dc:publisher>\n");
    }
    if (ed && ed->date) {
        bm_buf_puts(b, "<dc:date><rdf:Seq><rdf:li>");
        xml_text(b, ed->date);
        bm_buf_puts(b, "</rdf:li></rdf:Seq></dc:date>\n");
    }
    bm_buf_puts(b, "<dc:language><rdf:Bag><rdf:li>");
    xml_text(b, lang);
    bm_buf_puts(b, "</rdf:li></rdf:Bag></dc:language>\n");
    bm_buf_printf(b, "<xmp:CreateDate>%s</xmp:CreateDate>\n"
                     "<xmp:ModifyDate>%s</xmp:ModifyDate>\n"
                     "<xmp:MetadataDate>%s</xmp:MetadataDate>\n"
                     "<xmp:CreatorTool>banmian</xmp:CreatorTool>\n"
                     "<pdf:Producer>banmian (libharu)</pdf:Producer>\n",
                  when, when, when);
    if (c->pdfa)
        bm_buf_puts(b, "<pdfaid:part>2</pdfaid:part>\n"
                       "<pdfaid:conformance>U</pdfaid:conformance>\n");
    if (c->pdfua)
        bm_buf_puts(b, "<pdfuaid:part>1</pdfuaid:part>\n");
    /* PDF/A admits a namespace it does not predefine only with its
     * description (ISO 19005-2, 6.6.2.3.2): pdfuaid's */
    if (c->pdfua && c->pdfa)
        bm_buf_puts(b, "<pdfaExtension:schemas><rdf:Bag>"
                       "<rdf:li rdf:parseType=\"Resource\">\n"
                       "<pdfaSchema:schema>PDF/UA Universal Accessibility "
                       "Schema</pdfaSchema:schema>\n"
                       "<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/"
                       "ns/id/</pdfaSchema:namespaceURI>\n"
                       "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>\n"
                       "<pdfaSchema:property><rdf:Seq>"
                       "<rdf:li rdf:parseType=\"Resource\">\n"
                       "<pdfaProperty:name>part</pdfaProperty:name>\n"
                       "<pdfaProperty:valueType>Integer</pdfaProperty:"
                       "valueType>\n"
                       "<pdfaProperty:category>internal</pdfaProperty:"
                       "category>\n"
                       "<pdfaProperty:description>Indicates, which part of "
                       "ISO 14289 standard is followed</pdfaProperty:"
                       "description>\n"
                       "</rdf:li></rdf:Seq></pdfaSchema:property>\n"
                       "</rdf:li></rdf:Bag></pdfaExtension:schemas>\n");
    bm_buf_puts(b, "</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n"
                   "<?xpacket end=\"w\"?>");
}

bm_status bm_pdf_metadata(bm_pdf_ctx *c, bm_error *err)
{
    const bm_edition *ed = c->doc->ed;
    const char *title = doc_title(c);
    time_t t = (time_t)bm_source_date(
        bm_edition_epoch(ed, (long long)time(NULL)));
    struct tm tm;
    gmtime_r(&t, &tm);
    HPDF_Date d = {0};
    d.year = tm.tm_year + 1900;
    d.month = tm.tm_mon + 1;
    d.day = tm.tm_mday;
    d.hour = tm.tm_hour;
    d.minutes = tm.tm_min;
    d.seconds = tm.tm_sec;
    /* UTC written as +00'00' and +00:00: libharu writes 'Z' as Z00'00',
     * which PDFBox's PDF/A check does not read as the XMP dates' Z */
    d.ind = '+';
    HPDF_STATUS hs = HPDF_SetInfoAttr(c->pdf, HPDF_INFO_CREATOR, "banmian");
    hs |= HPDF_SetInfoAttr(c->pdf, HPDF_INFO_PRODUCER, "banmian (libharu)");
    hs |= HPDF_SetInfoDateAttr(c->pdf, HPDF_INFO_CREATION_DATE, d);
    hs |= HPDF_SetInfoDateAttr(c->pdf, HPDF_INFO_MOD_DATE, d);
    hs |= bm_pdfx_info_text(c->pdf, "Title", title);
    if (ed && ed->publisher)
        hs |= bm_pdfx_info_text(c->pdf, "Author", ed->publisher);

    char when[80];
    snprintf(when, sizeof when, "%04d-%02d-%02dT%02d:%02d:%02d+00:00",
             tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
             tm.tm_min, tm.tm_sec);
    bm_buf x;
    bm_buf_init(&x);
    xmp(c, title, when, &x);

    /* /ID: derived from what the file shows, so equal inputs give equal
     * bytes and different editions different ids. */
    HPDF_MD5_CTX md;
    unsigned char id[16];
    HPDF_MD5Init(&md);
    HPDF_MD5Update(&md, (const HPDF_BYTE *)x.data, (HPDF_UINT32)x.len);
    for (size_t p = 0; p < c->doc->npages; p++)
        for (size_t l = 0; l < c->doc->pages[p].nlines; l++) {
            const bm_line *ln = &c->doc->pages[p].lines[l];
            HPDF_MD5Update(&md, (const HPDF_BYTE *)ln->text,
                           (HPDF_UINT32)ln->len);
        }
    HPDF_MD5Final(id, &md);
    hs |= bm_pdfx_catalog(c->pdf, ed && ed->lang ? ed->lang : "zh-CN",
                          x.data, x.len, id);
    bm_buf_free(&x);
    if (c->pdfua) {
        /* the title bar shows the title, not the file name (UA-1 7.1) */
        HPDF_Dict vp = bm_pdfx_direct_dict(c->pdf);
        hs |= vp ? bm_pdfx_put_bool(vp, "DisplayDocTitle", 1)
                 : HPDF_FAILD_TO_ALLOC_MEM;
        hs |= bm_pdfx_catalog_put(c->pdf, "ViewerPreferences", vp);
    }
    if (c->pdfa)
        hs |= bm_pdfx_output_intent(c->pdf, bm_srgb_icc, sizeof bm_srgb_icc,
                                    "sRGB IEC61966-2.1");
    if (c->doc->npages)
        hs |= HPDF_AddPageLabel(c->pdf, 0, HPDF_PAGE_NUM_STYLE_DECIMAL,
                                (HPDF_UINT)(c->doc->pages[0].number > 0
                                                ? c->doc->pages[0].number
                                                : 1),
                                NULL);
    return bm_pdf_herr(c, hs, NULL, err, "writing the document information");
}
