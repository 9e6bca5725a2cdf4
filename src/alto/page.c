/*
 * page.c - one page as ALTO 4.4.
 *
 * Coordinates are in inch1200 (1/1200 inch, 1 pt = 16 2/3 units), integers,
 * origin top-left as in the LayoutDoc.  A TextLine's Strings are the runs
 * of its text between blanks (U+0020, U+00A0, U+3000), each with the exact
 * text and the box of its glyphs (from the first glyph's pen position to
 * the last one's advance, the line's height); an SP stands for each blank
 * run.  Chinese text has no spaces, so a line of body text is one String:
 * what an archive's OCR would call a word does not exist here, and
 * splitting Han text into words would need a dictionary that no archive
 * shares with us.
 *
 * Styles: one TextStyle per font role and size met on the page, named by
 * the role's first face.  LANG: the edition's language on the Page and
 * its TextBlocks, an article's own (<article lang>, bm_article_lang) on
 * that article's blocks.
 */
#include "alto_private.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NS_ALTO "http://www.loc.gov/standards/alto/ns-v4#"
#define NS_XSI "http://www.w3.org/2001/XMLSchema-instance"

int bm_alto_attr_len(xmlTextWriterPtr w, const char *name, bm_fix v)
{
    long long u = ((long long)v * 25 + (v >= 0 ? 48 : -48)) / 96;
    return xmlTextWriterWriteFormatAttribute(w, BAD_CAST name, "%lld", u);
}

static int attr(xmlTextWriterPtr w, const char *name, const char *v)
{
    return xmlTextWriterWriteAttribute(w, BAD_CAST name, BAD_CAST v);
}

static int box(xmlTextWriterPtr w, bm_rect r)
{
    int rc = 0;
    rc |= bm_alto_attr_len(w, "HPOS", r.x) < 0;
    rc |= bm_alto_attr_len(w, "VPOS", r.y) < 0;
    rc |= bm_alto_attr_len(w, "WIDTH", r.w) < 0;
    rc |= bm_alto_attr_len(w, "HEIGHT", r.h) < 0;
    return rc ? -1 : 0;
}

static void style_id(char *buf, size_t n, const bm_line *ln)
{
    snprintf(buf, n, "TS_%s_%lld", bm_role_name(ln->role),
             (long long)ln->size * 10 / 64);
}

static int blank(uint32_t cp)
{
    return cp == ' ' || cp == 0xA0 || cp == 0x3000;
}

/* The x range of the glyphs carrying bytes [s, e) of the line (a glyph
 * with no bytes of its own belongs to the cluster before it). */
static int glyph_span(const bm_line *ln, size_t s, size_t e, bm_fix *x0,
                      bm_fix *x1)
{
    int found = 0;
    size_t os = 0, oe = 0;
    for (size_t i = 0; i < ln->nglyphs; i++) {
        const bm_glyph *g = &ln->glyphs[i];
        if (g->nbytes) {
            os = g->cluster;
            oe = os + g->nbytes;
        }
        if (oe <= s || os >= e)
            continue;
        bm_fix a = ln->rect.x + g->x, b = a + (g->adv > 0 ? g->adv : 0);
        if (!found || a < *x0)
            *x0 = a;
        if (!found || b > *x1)
            *x1 = b;
        found = 1;
    }
    return found;
}

static int text_line(xmlTextWriterPtr w, const bm_line *ln, const char *id,
                     int *nstr)
{
    char sid[96];
    int rc = 0;
    rc |= xmlTextWriterStartElement(w, BAD_CAST "TextLine") < 0;
    rc |= attr(w, "ID", id) < 0;
    rc |= box(w, ln->rect) < 0;
    rc |= bm_alto_attr_len(w, "BASELINE", ln->baseline) < 0;
    style_id(sid, sizeof sid, ln);
    rc |= attr(w, "STYLEREFS", sid) < 0;
    bm_fix prev_end = ln->rect.x;
    int any = 0;
    for (size_t i = 0; i < ln->len && !rc;) {
        /* a run of blanks, then a run of the rest */
        size_t s = i;
        int isblank = -1;
        while (i < ln->len) {
            uint32_t cp;
            int l = bm_utf8_decode(ln->text + i, ln->len - i, &cp);
            if (l <= 0)
                l = 1, cp = 0xFFFD;
            int b = blank(cp);
            if (isblank < 0)
                isblank = b;
            else if (b != isblank)
                break;
            i += (size_t)l;
        }
        bm_fix x0 = prev_end, x1 = prev_end;
        if (!glyph_span(ln, s, i, &x0, &x1))
            x0 = x1 = prev_end;
        /* inside the line: an opening mark whose left blank was compressed
         * has its origin left of the line, its ink inside (bm_glyph.adv) */
        bm_fix lx0 = ln->rect.x, lx1 = ln->rect.x + ln->rect.w;
        x0 = x0 < lx0 ? lx0 : x0 > lx1 ? lx1 : x0;
        x1 = x1 < x0 ? x0 : x1 > lx1 ? lx1 : x1;
        if (isblank) {
            if (!any || i >= ln->len)
                continue; /* ALTO: SP only between Strings */
            rc |= xmlTextWriterStartElement(w, BAD_CAST "SP") < 0;
            snprintf(sid, sizeof sid, "%s_SP%d", id, ++*nstr);
            rc |= attr(w, "ID", sid) < 0;
            rc |= bm_alto_attr_len(w, "WIDTH", x1 > x0 ? x1 - x0 : 0) < 0;
            rc |= bm_alto_attr_len(w, "HPOS", x0) < 0;
            rc |= bm_alto_attr_len(w, "VPOS", ln->rect.y) < 0;
            rc |= xmlTextWriterEndElement(w) < 0;
        } else {
            char *content = bm_xmalloc(i - s + 1);
            memcpy(content, ln->text + s, i - s);
            content[i - s] = '\0';
            rc |= xmlTextWriterStartElement(w, BAD_CAST "String") < 0;
            snprintf(sid, sizeof sid, "%s_S%d", id, ++*nstr);
            rc |= attr(w, "ID", sid) < 0;
            rc |= attr(w, "CONTENT", content) < 0;
            rc |= box(w, (bm_rect){x0, ln->rect.y, x1 - x0, ln->rect.h}) < 0;
            rc |= xmlTextWriterWriteAttribute(w, BAD_CAST "WC",
                                              BAD_CAST "1") < 0;
            rc |= xmlTextWriterEndElement(w) < 0;
            free(content);
            any = 1;
        }
        prev_end = x1;
    }
    rc |= xmlTextWriterEndElement(w) < 0;
    return rc ? -1 : 0;
}

static int styles(xmlTextWriterPtr w, const bm_layout_doc *doc,
                  const bm_lpage *lp)
{
    int rc = xmlTextWriterStartElement(w, BAD_CAST "Styles") < 0;
    for (size_t l = 0; l < lp->nlines && !rc; l++) {
        const bm_line *ln = &lp->lines[l];
        int seen = 0;
        for (size_t k = 0; k < l && !seen; k++)
            seen = lp->lines[k].role == ln->role &&
                   lp->lines[k].size * 10 / 64 == ln->size * 10 / 64;
        if (seen)
            continue;
        char id[48];
        style_id(id, sizeof id, ln);
        size_t nchain = 0;
        const bm_face *const *chain =
            doc->fonts ? bm_fontset_chain(doc->fonts, ln->role, &nchain) : NULL;
        rc |= xmlTextWriterStartElement(w, BAD_CAST "TextStyle") < 0;
        rc |= attr(w, "ID", id) < 0;
        if (nchain && bm_face_family(chain[0]))
            rc |= attr(w, "FONTFAMILY", bm_face_family(chain[0])) < 0;
        rc |= attr(w, "FONTTYPE", ln->role == BM_FONT_HEADLINE ? "sans-serif"
                                                              : "serif") < 0;
        /* points with up to two decimals, by integers: no locale */
        long long c100 = ((long long)ln->size * 100 + 32) / 64;
        char fs[32];
        if (c100 % 100 == 0)
            snprintf(fs, sizeof fs, "%lld", c100 / 100);
        else if (c100 % 10 == 0)
            snprintf(fs, sizeof fs, "%lld.%lld", c100 / 100, c100 % 100 / 10);
        else
            snprintf(fs, sizeof fs, "%lld.%02lld", c100 / 100, c100 % 100);
        rc |= attr(w, "FONTSIZE", fs) < 0;
        rc |= xmlTextWriterEndElement(w) < 0;
    }
    rc |= xmlTextWriterEndElement(w) < 0;
    return rc ? -1 : 0;
}

static int description(xmlTextWriterPtr w, const bm_alto_doc *ad,
                       const bm_alto_options *opt, size_t p)
{
    time_t t = (time_t)bm_source_date(
        bm_edition_epoch(ad->doc->ed, (long long)time(NULL)));
    struct tm tm;
    gmtime_r(&t, &tm);
    char when[32], file[32];
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    snprintf(file, sizeof file, "page-%02zu.pdf", p + 1);
    int rc = 0;
    rc |= xmlTextWriterStartElement(w, BAD_CAST "Description") < 0;
    rc |= xmlTextWriterWriteElement(w, BAD_CAST "MeasurementUnit",
                                    BAD_CAST "inch1200") < 0;
    if (opt->page_pdfs) {
        rc |= xmlTextWriterStartElement(w, BAD_CAST "sourceImageInformation") < 0;
        rc |= xmlTextWriterWriteElement(w, BAD_CAST "fileName", BAD_CAST file) < 0;
        rc |= xmlTextWriterEndElement(w) < 0;
    }
    rc |= xmlTextWriterStartElement(w, BAD_CAST "Processing") < 0;
    rc |= attr(w, "ID", "PROC1") < 0;
    rc |= xmlTextWriterWriteElement(w, BAD_CAST "processingDateTime",
                                    BAD_CAST when) < 0;
    rc |= xmlTextWriterWriteElement(w, BAD_CAST "processingStepDescription",
                                    BAD_CAST "typeset by banmian: exact text "
                                             "and positions, no OCR") < 0;
    rc |= xmlTextWriterStartElement(w, BAD_CAST "processingSoftware") < 0;
    rc |= xmlTextWriterWriteElement(w, BAD_CAST "softwareName",
                                    BAD_CAST "banmian") < 0;
    if (opt->software_version)
        rc |= xmlTextWriterWriteElement(w, BAD_CAST "softwareVersion",
                                        BAD_CAST opt->software_version) < 0;
    rc |= xmlTextWriterEndElement(w) < 0;
    rc |= xmlTextWriterEndElement(w) < 0;
    rc |= xmlTextWriterEndElement(w) < 0;
    return rc ? -1 : 0;
}

static int reading_order(xmlTextWriterPtr w, const bm_alto_doc *ad, size_t p)
{
    const bm_alto_page *pg = &ad->pages[p];
    if (!pg->norder)
        return 0;
    int rc = 0, ng = 0, nr = 0;
    char id[48];
    rc |= xmlTextWriterStartElement(w, BAD_CAST "ReadingOrder") < 0;
    rc |= xmlTextWriterStartElement(w, BAD_CAST "OrderedGroup") < 0;
    snprintf(id, sizeof id, "P%zu_RO", p + 1);
    rc |= attr(w, "ID", id) < 0;
    int cur = -2;
    for (size_t i = 0; i < pg->norder && !rc; i++) {
        const bm_alto_block *b = &pg->blocks[pg->order[i]];
        if (b->article != cur) {
            if (cur != -2)
                rc |= xmlTextWriterEndElement(w) < 0;
            /* one group per article: its blocks on this page, in order */
            rc |= xmlTextWriterStartElement(w, BAD_CAST "OrderedGroup") < 0;
            snprintf(id, sizeof id, "P%zu_RO_A%d", p + 1, ++ng);
            rc |= attr(w, "ID", id) < 0;
            cur = b->article;
        }
        rc |= xmlTextWriterStartElement(w, BAD_CAST "ElementRef") < 0;
        snprintf(id, sizeof id, "P%zu_RO_E%d", p + 1, ++nr);
        rc |= attr(w, "ID", id) < 0;
        rc |= attr(w, "REF", b->id) < 0;
        rc |= xmlTextWriterEndElement(w) < 0;
    }
    if (cur != -2)
        rc |= xmlTextWriterEndElement(w) < 0;
    rc |= xmlTextWriterEndElement(w) < 0;
    rc |= xmlTextWriterEndElement(w) < 0;
    return rc ? -1 : 0;
}

static int blocks(xmlTextWriterPtr w, const bm_alto_doc *ad, size_t p,
                  const char *lang)
{
    const bm_lpage *lp = &ad->doc->pages[p];
    const bm_alto_page *pg = &ad->pages[p];
    int rc = 0;
    for (size_t i = 0; i < pg->nblocks && !rc; i++) {
        const bm_alto_block *b = &pg->blocks[i];
        if (b->kind == ALTO_ILLUSTRATION) {
            rc |= xmlTextWriterStartElement(w, BAD_CAST "Illustration") < 0;
            rc |= attr(w, "ID", b->id) < 0;
            rc |= box(w, b->rect) < 0;
            rc |= attr(w, "TYPE", "photo") < 0;
            rc |= xmlTextWriterEndElement(w) < 0;
        } else if (b->kind == ALTO_GRAPHIC) {
            rc |= xmlTextWriterStartElement(w, BAD_CAST "GraphicalElement") < 0;
            rc |= attr(w, "ID", b->id) < 0;
            rc |= box(w, b->rect) < 0;
            rc |= xmlTextWriterEndElement(w) < 0;
        } else {
            rc |= xmlTextWriterStartElement(w, BAD_CAST "TextBlock") < 0;
            rc |= attr(w, "ID", b->id) < 0;
            rc |= box(w, b->rect) < 0;
            const char *al = b->article >= 0 ? ad->articles[b->article].lang
                                             : NULL;
            rc |= attr(w, "LANG", al ? al : lang) < 0;
            int ns = 0;
            for (size_t l = 0; l < b->nlines && !rc; l++) {
                char lid[72];
                snprintf(lid, sizeof lid, "%s_L%zu", b->id, l + 1);
                rc |= text_line(w, &lp->lines[b->first + l], lid, &ns) < 0;
            }
            rc |= xmlTextWriterEndElement(w) < 0;
        }
    }
    return rc ? -1 : 0;
}

bm_status bm_alto_page_write(const bm_alto_doc *ad, size_t p,
                             const bm_alto_options *opt, const char *path,
                             bm_error *err)
{
    const bm_lpage *lp = &ad->doc->pages[p];
    const bm_edition *ed = ad->doc->ed;
    const char *lang = ed && ed->lang ? ed->lang : "zh-CN";
    xmlBufferPtr buf = xmlBufferCreate();
    xmlTextWriterPtr w = buf ? xmlNewTextWriterMemory(buf, 0) : NULL;
    if (!w) {
        xmlBufferFree(buf);
        return bm_error_set(err, BM_NOMEM, path, 0, 0, "libxml2: no memory");
    }
    int rc = 0;
    char num[16];
    xmlTextWriterSetIndent(w, 1);
    xmlTextWriterSetIndentString(w, BAD_CAST " ");
    rc |= xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL) < 0;
    rc |= xmlTextWriterStartElementNS(w, NULL, BAD_CAST "alto",
                                      BAD_CAST NS_ALTO) < 0;
    rc |= xmlTextWriterWriteAttributeNS(w, BAD_CAST "xmlns", BAD_CAST "xsi",
                                        NULL, BAD_CAST NS_XSI) < 0;
    rc |= xmlTextWriterWriteAttributeNS(
              w, BAD_CAST "xsi", BAD_CAST "schemaLocation", NULL,
              BAD_CAST NS_ALTO " http://www.loc.gov/standards/alto/v4/"
                               "alto-4-4.xsd") < 0;
    rc |= attr(w, "SCHEMAVERSION", "4.4") < 0;
    rc |= description(w, ad, opt, p) < 0;
    rc |= styles(w, ad->doc, lp) < 0;
    rc |= reading_order(w, ad, p) < 0;
    rc |= xmlTextWriterStartElement(w, BAD_CAST "Layout") < 0;
    rc |= xmlTextWriterStartElement(w, BAD_CAST "Page") < 0;
    snprintf(num, sizeof num, "P%zu", p + 1);
    rc |= attr(w, "ID", num) < 0;
    rc |= bm_alto_attr_len(w, "WIDTH", lp->width) < 0;
    rc |= bm_alto_attr_len(w, "HEIGHT", lp->height) < 0;
    rc |= xmlTextWriterWriteFormatAttribute(w, BAD_CAST "PHYSICAL_IMG_NR",
                                            "%zu", p + 1) < 0;
    rc |= xmlTextWriterWriteFormatAttribute(w, BAD_CAST "PRINTED_IMG_NR",
                                            "%d", lp->number) < 0;
    rc |= attr(w, "LANG", lang) < 0;
    rc |= xmlTextWriterStartElement(w, BAD_CAST "PrintSpace") < 0;
    rc |= box(w, lp->type_area) < 0;
    rc |= blocks(w, ad, p, lang) < 0;
    rc |= xmlTextWriterEndElement(w) < 0; /* PrintSpace */
    rc |= xmlTextWriterEndElement(w) < 0; /* Page */
    rc |= xmlTextWriterEndElement(w) < 0; /* Layout */
    rc |= xmlTextWriterEndDocument(w) < 0;
    xmlFreeTextWriter(w);
    return bm_alto_save(buf, rc, path, err);
}
