/*
 * mets.c - the issue as METS 1.12: what archives ingest.
 *
 *   metsHdr     the software that made it;
 *   dmdSec      MODS for the issue (title, date, issue number, language,
 *               publisher) and one per article (its headline);
 *   fileSec     the ALTO files, and the per-page PDF/A files when written;
 *   PHYSICAL    the pages in order, each pointing at its ALTO and PDF;
 *   LOGICAL     the issue, its sections (the edition's pages, by section
 *               name) and their articles in edition order; each article's
 *               areas are all its ALTO blocks on all the pages it is on
 *               (continuations included), in reading order.
 */
#include "alto_private.h"

#include <string.h>
#include <time.h>

#define NS_METS "http://www.loc.gov/METS/"
#define NS_MODS "http://www.loc.gov/mods/v3"
#define NS_XLINK "http://www.w3.org/1999/xlink"
#define NS_XSI "http://www.w3.org/2001/XMLSchema-instance"

static int attr(xmlTextWriterPtr w, const char *name, const char *v)
{
    return xmlTextWriterWriteAttribute(w, BAD_CAST name, BAD_CAST v);
}

static int start(xmlTextWriterPtr w, const char *name)
{
    return xmlTextWriterStartElement(w, BAD_CAST name);
}

static int end(xmlTextWriterPtr w)
{
    return xmlTextWriterEndElement(w);
}

static int mods_el(xmlTextWriterPtr w, const char *name, const char *text)
{
    return xmlTextWriterWriteElementNS(w, BAD_CAST "mods", BAD_CAST name,
                                       NULL, BAD_CAST text);
}

static int dmd_issue(xmlTextWriterPtr w, const bm_edition *ed)
{
    int rc = 0;
    rc |= start(w, "dmdSec") < 0;
    rc |= attr(w, "ID", "DMD_ISSUE") < 0;
    rc |= start(w, "mdWrap") < 0;
    rc |= attr(w, "MDTYPE", "MODS") < 0;
    rc |= start(w, "xmlData") < 0;
    rc |= xmlTextWriterStartElementNS(w, BAD_CAST "mods", BAD_CAST "mods",
                                      BAD_CAST NS_MODS) < 0;
    rc |= xmlTextWriterStartElementNS(w, BAD_CAST "mods", BAD_CAST "titleInfo",
                                      NULL) < 0;
    rc |= mods_el(w, "title", ed && ed->title ? ed->title : "banmian") < 0;
    rc |= end(w) < 0;
    rc |= mods_el(w, "typeOfResource", "text") < 0;
    rc |= xmlTextWriterStartElementNS(w, BAD_CAST "mods", BAD_CAST "originInfo",
                                      NULL) < 0;
    if (ed && ed->publisher)
        rc |= mods_el(w, "publisher", ed->publisher) < 0;
    if (ed && ed->date) {
        rc |= xmlTextWriterStartElementNS(w, BAD_CAST "mods",
                                          BAD_CAST "dateIssued", NULL) < 0;
        rc |= attr(w, "encoding", "iso8601") < 0;
        rc |= xmlTextWriterWriteString(w, BAD_CAST ed->date) < 0;
        rc |= end(w) < 0;
    }
    rc |= mods_el(w, "issuance", "serial") < 0;
    rc |= end(w) < 0;
    rc |= xmlTextWriterStartElementNS(w, BAD_CAST "mods", BAD_CAST "language",
                                      NULL) < 0;
    rc |= xmlTextWriterStartElementNS(w, BAD_CAST "mods",
                                      BAD_CAST "languageTerm", NULL) < 0;
    rc |= attr(w, "type", "code") < 0;
    rc |= attr(w, "authority", "rfc5646") < 0;
    rc |= xmlTextWriterWriteString(
              w, BAD_CAST(ed && ed->lang ? ed->lang : "zh-CN")) < 0;
    rc |= end(w) < 0;
    rc |= end(w) < 0;
    if (ed && ed->issue) {
        rc |= xmlTextWriterStartElementNS(w, BAD_CAST "mods", BAD_CAST "part",
                                          NULL) < 0;
        rc |= xmlTextWriterStartElementNS(w, BAD_CAST "mods", BAD_CAST "detail",
                                          NULL) < 0;
        rc |= attr(w, "type", "issue") < 0;
        rc |= mods_el(w, "number", ed->issue) < 0;
        rc |= end(w) < 0;
        rc |= end(w) < 0;
    }
    rc |= end(w) < 0; /* mods */
    rc |= end(w) < 0; /* xmlData */
    rc |= end(w) < 0; /* mdWrap */
    rc |= end(w) < 0; /* dmdSec */
    return rc ? -1 : 0;
}

static int dmd_article(xmlTextWriterPtr w, const bm_alto_article *ar, size_t i)
{
    char id[32];
    snprintf(id, sizeof id, "DMD_ART%zu", i + 1);
    int rc = 0;
    rc |= start(w, "dmdSec") < 0;
    rc |= attr(w, "ID", id) < 0;
    rc |= start(w, "mdWrap") < 0;
    rc |= attr(w, "MDTYPE", "MODS") < 0;
    rc |= start(w, "xmlData") < 0;
    rc |= xmlTextWriterStartElementNS(w, BAD_CAST "mods", BAD_CAST "mods",
                                      BAD_CAST NS_MODS) < 0;
    rc |= attr(w, "ID", ar->id) < 0;
    rc |= xmlTextWriterStartElementNS(w, BAD_CAST "mods", BAD_CAST "titleInfo",
                                      NULL) < 0;
    rc |= mods_el(w, "title", ar->title) < 0;
    rc |= end(w) < 0;
    rc |= end(w) < 0;
    rc |= end(w) < 0;
    rc |= end(w) < 0;
    rc |= end(w) < 0;
    return rc ? -1 : 0;
}

static int file_sec(xmlTextWriterPtr w, const bm_alto_doc *ad,
                    const bm_alto_options *opt)
{
    int rc = start(w, "fileSec") < 0;
    for (int pdf = 0; pdf <= opt->page_pdfs && !rc; pdf++) {
        rc |= start(w, "fileGrp") < 0;
        rc |= attr(w, "USE", pdf ? "PDF" : "ALTO") < 0;
        for (size_t p = 0; p < ad->doc->npages; p++) {
            char id[32];
            snprintf(id, sizeof id, "%s_P%zu", pdf ? "PDF" : "ALTO", p + 1);
            rc |= start(w, "file") < 0;
            rc |= attr(w, "ID", id) < 0;
            rc |= attr(w, "MIMETYPE", pdf ? "application/pdf" : "text/xml") < 0;
            rc |= start(w, "FLocat") < 0;
            rc |= attr(w, "LOCTYPE", "URL") < 0;
            rc |= xmlTextWriterWriteAttributeNS(
                      w, BAD_CAST "xlink", BAD_CAST "href", NULL,
                      BAD_CAST bm_alto_page_file(ad->a, p, pdf ? "pdf" : "xml"))
                  < 0;
            rc |= end(w) < 0;
            rc |= end(w) < 0;
        }
        rc |= end(w) < 0;
    }
    rc |= end(w) < 0;
    return rc ? -1 : 0;
}

static int physical(xmlTextWriterPtr w, const bm_alto_doc *ad,
                    const bm_alto_options *opt)
{
    int rc = 0;
    rc |= start(w, "structMap") < 0;
    rc |= attr(w, "TYPE", "PHYSICAL") < 0;
    rc |= start(w, "div") < 0;
    rc |= attr(w, "ID", "PHYS") < 0;
    rc |= attr(w, "TYPE", "physSequence") < 0;
    for (size_t p = 0; p < ad->doc->npages && !rc; p++) {
        char id[32], label[32];
        snprintf(id, sizeof id, "PHYS_P%zu", p + 1);
        snprintf(label, sizeof label, "%d", ad->doc->pages[p].number);
        rc |= start(w, "div") < 0;
        rc |= attr(w, "ID", id) < 0;
        rc |= attr(w, "TYPE", "page") < 0;
        rc |= xmlTextWriterWriteFormatAttribute(w, BAD_CAST "ORDER", "%zu",
                                                p + 1) < 0;
        rc |= attr(w, "ORDERLABEL", label) < 0;
        for (int pdf = 0; pdf <= opt->page_pdfs; pdf++) {
            snprintf(id, sizeof id, "%s_P%zu", pdf ? "PDF" : "ALTO", p + 1);
            rc |= start(w, "fptr") < 0;
            rc |= attr(w, "FILEID", id) < 0;
            rc |= end(w) < 0;
        }
        rc |= end(w) < 0;
    }
    rc |= end(w) < 0;
    rc |= end(w) < 0;
    return rc ? -1 : 0;
}

/* One article: every block of it on every page, in reading order. */
static int article_div(xmlTextWriterPtr w, const bm_alto_doc *ad, size_t a)
{
    const bm_alto_article *ar = &ad->articles[a];
    char id[48];
    int rc = 0;
    rc |= start(w, "div") < 0;
    snprintf(id, sizeof id, "LOG_ART%zu", a + 1);
    rc |= attr(w, "ID", id) < 0;
    rc |= attr(w, "TYPE", "ARTICLE") < 0;
    rc |= attr(w, "LABEL", ar->title) < 0;
    snprintf(id, sizeof id, "DMD_ART%zu", a + 1);
    rc |= attr(w, "DMDID", id) < 0;
    rc |= start(w, "fptr") < 0;
    rc |= start(w, "seq") < 0;
    for (size_t p = 0; p < ad->doc->npages && !rc; p++) {
        const bm_alto_page *pg = &ad->pages[p];
        for (size_t i = 0; i < pg->norder; i++) {
            const bm_alto_block *b = &pg->blocks[pg->order[i]];
            if (b->article != (int)a)
                continue;
            snprintf(id, sizeof id, "ALTO_P%zu", p + 1);
            rc |= start(w, "area") < 0;
            rc |= attr(w, "FILEID", id) < 0;
            rc |= attr(w, "BEGIN", b->id) < 0;
            rc |= attr(w, "BETYPE", "IDREF") < 0;
            rc |= end(w) < 0;
        }
    }
    rc |= end(w) < 0; /* seq */
    rc |= end(w) < 0; /* fptr */
    rc |= end(w) < 0; /* div */
    return rc ? -1 : 0;
}

static int logical(xmlTextWriterPtr w, const bm_alto_doc *ad)
{
    const bm_edition *ed = ad->doc->ed;
    int rc = 0;
    rc |= start(w, "structMap") < 0;
    rc |= attr(w, "TYPE", "LOGICAL") < 0;
    rc |= start(w, "div") < 0;
    rc |= attr(w, "ID", "LOG_ISSUE") < 0;
    rc |= attr(w, "TYPE", "ISSUE") < 0;
    rc |= attr(w, "DMDID", "DMD_ISSUE") < 0;
    if (ed && ed->title)
        rc |= attr(w, "LABEL", ed->title) < 0;
    /* a section per page of the edition, holding that page's articles */
    int open = 0, nsec = 0, cur_page = -1;
    for (size_t a = 0; a < ad->narticles && !rc; a++) {
        const bm_alto_article *ar = &ad->articles[a];
        if (!ar->laid_out)
            continue;
        if (ar->model_page != cur_page) {
            if (open)
                rc |= end(w) < 0;
            char id[32], label[96];
            snprintf(id, sizeof id, "LOG_SEC%d", ++nsec);
            if (ar->section)
                snprintf(label, sizeof label, "第%d版 %s", ar->model_page,
                         ar->section);
            else
                snprintf(label, sizeof label, "第%d版", ar->model_page);
            rc |= start(w, "div") < 0;
            rc |= attr(w, "ID", id) < 0;
            rc |= attr(w, "TYPE", "SECTION") < 0;
            rc |= attr(w, "LABEL", label) < 0;
            open = 1;
            cur_page = ar->model_page;
        }
        rc |= article_div(w, ad, a) < 0;
    }
    if (open)
        rc |= end(w) < 0;
    rc |= end(w) < 0;
    rc |= end(w) < 0;
    return rc ? -1 : 0;
}

bm_status bm_alto_mets_write(const bm_alto_doc *ad, const bm_alto_options *opt,
                             const char *path, bm_error *err)
{
    const bm_edition *ed = ad->doc->ed;
    xmlBufferPtr buf = xmlBufferCreate();
    xmlTextWriterPtr w = buf ? xmlNewTextWriterMemory(buf, 0) : NULL;
    if (!w) {
        xmlBufferFree(buf);
        return bm_error_set(err, BM_NOMEM, path, 0, 0, "libxml2: no memory");
    }
    time_t t = (time_t)bm_source_date(
        bm_edition_epoch(ad->doc->ed, (long long)time(NULL)));
    struct tm tm;
    gmtime_r(&t, &tm);
    char when[32];
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    int rc = 0;
    xmlTextWriterSetIndent(w, 1);
    xmlTextWriterSetIndentString(w, BAD_CAST " ");
    rc |= xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL) < 0;
    rc |= xmlTextWriterStartElementNS(w, NULL, BAD_CAST "mets",
                                      BAD_CAST NS_METS) < 0;
    rc |= xmlTextWriterWriteAttributeNS(w, BAD_CAST "xmlns", BAD_CAST "xlink",
                                        NULL, BAD_CAST NS_XLINK) < 0;
    rc |= xmlTextWriterWriteAttributeNS(w, BAD_CAST "xmlns", BAD_CAST "xsi",
                                        NULL, BAD_CAST NS_XSI) < 0;
    rc |= xmlTextWriterWriteAttributeNS(
              w, BAD_CAST "xsi", BAD_CAST "schemaLocation", NULL,
              BAD_CAST NS_METS " http://www.loc.gov/standards/mets/mets.xsd")
          < 0;
    if (ed && ed->title)
        rc |= attr(w, "LABEL", ed->title) < 0;
    rc |= attr(w, "TYPE", "Newspaper") < 0;
    rc |= start(w, "metsHdr") < 0;
    rc |= attr(w, "CREATEDATE", when) < 0;
    rc |= start(w, "agent") < 0;
    rc |= attr(w, "ROLE", "CREATOR") < 0;
    rc |= attr(w, "TYPE", "OTHER") < 0;
    rc |= attr(w, "OTHERTYPE", "SOFTWARE") < 0;
    rc |= xmlTextWriterWriteElement(w, BAD_CAST "name", BAD_CAST "banmian") < 0;
    if (opt->software_version)
        rc |= xmlTextWriterWriteElement(w, BAD_CAST "note",
                                        BAD_CAST opt->software_version) < 0;
    rc |= end(w) < 0;
    rc |= end(w) < 0;
    rc |= dmd_issue(w, ed) < 0;
    for (size_t a = 0; a < ad->narticles && !rc; a++)
        if (ad->articles[a].laid_out)
            rc |= dmd_article(w, &ad->articles[a], a) < 0;
    rc |= file_sec(w, ad, opt) < 0;
    rc |= physical(w, ad, opt) < 0;
    rc |= logical(w, ad) < 0;
    rc |= end(w) < 0;
    rc |= xmlTextWriterEndDocument(w) < 0;
    xmlFreeTextWriter(w);
    return bm_alto_save(buf, rc, path, err);
}
