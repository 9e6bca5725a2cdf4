/*
 * opf.c - the package document (content.opf), META-INF/container.xml and,
 * when a font is embedded, Apple's display-options file.
 *
 * Metadata follows ../shared/docs/epub-pdf.md: a stable urn:uuid
 * identifier per issue, the title with the date, dc:language, dc:date,
 * dc:publisher, exactly one dcterms:modified (UTC, from SOURCE_DATE_EPOCH
 * when set), the print edition as pagination source (dc:source refined by
 * source-of=pagination; EPUBCheck 4.2.6 rejects pageBreakSource), and the
 * schema.org accessibility properties with a Chinese summary.  The "schema"
 * and "dcterms" prefixes are reserved in EPUB 3, so no prefix attribute.
 */
#include "epub_private.h"

#include <string.h>

#define X(s) ((const xmlChar *)(s))

static xmlNodePtr meta_prop(xmlNodePtr md, xmlNsPtr opf, const char *prop,
                            const char *value)
{
    xmlNodePtr m = xmlNewTextChild(md, opf, X("meta"), X(value));
    ep_attr(m, "property", prop);
    return m;
}

static const char *const a11y_features[] = {
    "tableOfContents", "readingOrder", "structuralNavigation",
    "alternativeText", "printPageNumbers",
};

void ep_write_opf(ep_ctx *c)
{
    const bm_edition *ed = c->ed;
    xmlDocPtr doc = xmlNewDoc(X("1.0"));
    xmlNodePtr pkg = xmlNewNode(NULL, X("package"));
    xmlNsPtr opf = xmlNewNs(pkg, X(EP_NS_OPF), NULL);
    xmlSetNs(pkg, opf);
    xmlDocSetRootElement(doc, pkg);
    ep_attr(pkg, "version", "3.0");
    ep_attr(pkg, "unique-identifier", "uid");
    xmlNodeSetLang(pkg, X(c->lang));

    xmlNodePtr md = xmlNewChild(pkg, opf, X("metadata"), NULL);
    xmlNsPtr dc = xmlNewNs(md, X(EP_NS_DC), X("dc"));
    xmlNodePtr n = xmlNewTextChild(md, dc, X("identifier"), X(c->uuid));
    ep_attr(n, "id", "uid");
    n = xmlNewTextChild(md, dc, X("title"), X(c->title));
    ep_attr(n, "id", "title");
    xmlNewTextChild(md, dc, X("language"), X(c->lang));
    if (ed->date)
        xmlNewTextChild(md, dc, X("date"), X(ed->date));
    xmlNewTextChild(md, dc, X("publisher"),
                    X(ed->publisher ? ed->publisher
                      : ed->title   ? ed->title : "banmian"));
    if (ed->npages) {
        /* the printed edition this one's page numbers come from */
        const char *src = bm_arena_printf(
            c->a, "%s%s%s%s%s（印刷版）", ed->title ? ed->title : "",
            ed->date ? " " : "", ed->date ? ed->date : "",
            c->issue ? " " : "", c->issue ? c->issue : "");
        n = xmlNewTextChild(md, dc, X("source"), X(src));
        ep_attr(n, "id", "print-source");
        ep_attr(meta_prop(md, opf, "source-of", "pagination"), "refines",
                "#print-source");
    }
    meta_prop(md, opf, "dcterms:modified", c->modified);

    if (c->doc) {
        /* the replica: printed pages, fixed, one at a time */
        meta_prop(md, opf, "rendition:layout", "pre-paginated");
        meta_prop(md, opf, "rendition:orientation", "auto");
        meta_prop(md, opf, "rendition:spread", "none");
    }
    meta_prop(md, opf, "schema:accessMode", "textual");
    meta_prop(md, opf, "schema:accessMode", "visual");
    meta_prop(md, opf, "schema:accessModeSufficient", "textual");
    for (size_t i = 0; i < sizeof a11y_features / sizeof *a11y_features; i++)
        meta_prop(md, opf, "schema:accessibilityFeature", a11y_features[i]);
    meta_prop(md, opf, "schema:accessibilityHazard", "none");
    meta_prop(md, opf, "schema:accessibilitySummary",
              c->doc
              ? "本电子版为报纸的版面版：每一版是与印刷版相同的固定版式页面，"
                "版面上的文字是真实文字，可检索、可由读屏软件按阅读顺序朗读；"
                "点击版面上的文章区域即打开该文章的可重排文本，字号可调，文章"
                "末尾可返回所在版面；目录按版面和文章组织，并标注印刷版版次；"
                "所有图片均提供替代文字说明。"
              : "本电子版为报纸的可重排文本版本：每篇文章是一个独立章节，"
                "正文为文字，可由读屏软件朗读，字号可调；目录按版面、栏目和"
                "文章组织，并标注与印刷版对应的版次页码；所有图片均提供替代"
                "文字说明，图片说明和摄影署名以文字给出；标题层级与阅读顺序"
                "一致。");
    xmlNodePtr cm = xmlNewChild(md, opf, X("meta"), NULL);
    ep_attr(cm, "name", "cover");
    ep_attr(cm, "content", "cover-image");

    xmlNodePtr man = xmlNewChild(pkg, opf, X("manifest"), NULL);
    for (size_t i = 0; i < c->nfiles; i++) {
        const ep_file *f = &c->files[i];
        if (!f->id)
            continue;
        xmlNodePtr it = xmlNewChild(man, opf, X("item"), NULL);
        ep_attr(it, "id", f->id);
        ep_attr(it, "href", f->href);
        ep_attr(it, "media-type", f->media_type);
        if (f->properties)
            ep_attr(it, "properties", f->properties);
    }

    xmlNodePtr spine = xmlNewChild(pkg, opf, X("spine"), NULL);
    ep_attr(spine, "toc", "ncx");
    ep_attr(spine, "page-progression-direction", "ltr");
    for (size_t i = 0; i < c->ndocs; i++) {
        xmlNodePtr ir = xmlNewChild(spine, opf, X("itemref"), NULL);
        ep_attr(ir, "idref", c->docs[i].id);
        /* the replica's cover, contents and articles flow as text */
        if (c->doc && !c->docs[i].page)
            ep_attr(ir, "properties", "rendition:layout-reflowable");
    }

    ep_add_doc(c, doc, "content.opf", NULL, NULL, NULL);
}

void ep_write_container(ep_ctx *c)
{
    xmlDocPtr doc = xmlNewDoc(X("1.0"));
    xmlNodePtr root = xmlNewNode(NULL, X("container"));
    xmlSetNs(root, xmlNewNs(root, X(EP_NS_OCF), NULL));
    xmlDocSetRootElement(doc, root);
    ep_attr(root, "version", "1.0");
    xmlNodePtr rf = ep_el(ep_el(root, "rootfiles", NULL), "rootfile", NULL);
    ep_attr(rf, "full-path", EP_ROOT "content.opf");
    ep_attr(rf, "media-type", "application/oebps-package+xml");
    ep_add_doc(c, doc, NULL, NULL, NULL, NULL);
    c->files[c->nfiles - 1].name = "META-INF/container.xml";

    if (c->font_href) {
        /* Apple Books shows embedded fonts only when asked to. */
        doc = xmlNewDoc(X("1.0"));
        root = xmlNewNode(NULL, X("display_options"));
        xmlDocSetRootElement(doc, root);
        xmlNodePtr pl = ep_el(root, "platform", NULL);
        ep_attr(pl, "name", "*");
        ep_attr(ep_el(pl, "option", "true"), "name", "specified-fonts");
        ep_add_doc(c, doc, NULL, NULL, NULL, NULL);
        c->files[c->nfiles - 1].name =
            "META-INF/com.apple.ibooks.display-options.xml";
    }
}
