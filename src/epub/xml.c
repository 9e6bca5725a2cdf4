/*
 * xml.c - the libxml2 helpers every writer uses: new XHTML documents,
 * elements with escaped text, serialisation into container entries.
 *
 * Trees, not a text writer: the XHTML needs mixed content (a headline's
 * lines with <br/> between them) and attributes in two namespaces, which the
 * tree API expresses directly.  Output is UTF-8 with an XML declaration and
 * libxml2's indentation, which never touches mixed content, so the text of a
 * paragraph is exactly the model's text.
 */
#include "epub_private.h"

#include <stdlib.h>
#include <string.h>

#define X(s) ((const xmlChar *)(s))

xmlDocPtr ep_xhtml_new(ep_ctx *c, const char *title, xmlNodePtr *body)
{
    xmlDocPtr doc = xmlNewDoc(X("1.0"));
    xmlCreateIntSubset(doc, X("html"), NULL, NULL);   /* <!DOCTYPE html> */
    xmlNodePtr html = xmlNewNode(NULL, X("html"));
    xmlNsPtr ns = xmlNewNs(html, X(EP_NS_XHTML), NULL);
    xmlSetNs(html, ns);
    xmlNewNs(html, X(EP_NS_OPS), X("epub"));
    xmlDocSetRootElement(doc, html);
    xmlNodeSetLang(html, X(c->lang));
    xmlNewProp(html, X("lang"), X(c->lang));
    xmlNodePtr head = ep_el(html, "head", NULL);
    xmlNodePtr meta = ep_el(head, "meta", NULL);
    ep_attr(meta, "charset", "utf-8");
    ep_el(head, "title", title);
    xmlNodePtr link = ep_el(head, "link", NULL);
    ep_attr(link, "rel", "stylesheet");
    ep_attr(link, "type", "text/css");
    ep_attr(link, "href", "style.css");
    *body = ep_el(html, "body", NULL);
    return doc;
}

xmlNodePtr ep_el(xmlNodePtr parent, const char *name, const char *text)
{
    return xmlNewTextChild(parent, parent->ns, X(name), X(text));
}

void ep_attr(xmlNodePtr n, const char *name, const char *value)
{
    xmlSetProp(n, X(name), X(value));
}

void ep_epub_type(xmlNodePtr n, const char *value)
{
    xmlNsPtr ns = xmlSearchNsByHref(n->doc, n, X(EP_NS_OPS));
    xmlSetNsProp(n, ns, X("type"), X(value));
}

static ep_file *add_entry(ep_ctx *c)
{
    if (c->nfiles == c->cap_files) {
        size_t nc = c->cap_files ? 2 * c->cap_files : 32;
        c->files = bm_arena_grow(c->a, c->files, c->nfiles * sizeof *c->files,
                                 nc * sizeof *c->files);
        c->cap_files = nc;
    }
    ep_file *f = &c->files[c->nfiles++];
    memset(f, 0, sizeof *f);
    return f;
}

void ep_add_file(ep_ctx *c, const char *name, const char *href,
                 const char *id, const char *media_type,
                 const char *properties, const void *data, size_t len)
{
    ep_file *f = add_entry(c);
    f->name = href ? bm_arena_printf(c->a, EP_ROOT "%s", href) : name;
    f->href = href;
    f->id = id;
    f->media_type = media_type;
    f->properties = properties;
    f->data = data;
    f->len = len;
}

void ep_add_doc(ep_ctx *c, xmlDocPtr doc, const char *href, const char *id,
                const char *media_type, const char *properties)
{
    xmlChar *mem = NULL;
    int len = 0;
    xmlDocDumpFormatMemoryEnc(doc, &mem, &len, "UTF-8", 1);
    xmlFreeDoc(doc);
    if (!mem)   /* libxml2 reports out of memory only this way */
        abort();
    unsigned char *data = bm_arena_alloc(c->a, (size_t)len + 1);
    memcpy(data, mem, (size_t)len);
    xmlFree(mem);
    ep_add_file(c, NULL, href, id, media_type, properties, data, (size_t)len);
}

const char *ep_headline_flat(ep_ctx *c, const bm_article *ar)
{
    const char *h = ar->headline ? ar->headline
                  : ar->kicker   ? ar->kicker
                  : ar->group    ? ar->group
                                 : "（无题）";
    char *s = bm_arena_strdup(c->a, h);
    for (char *p = s; *p; p++)
        if (*p == '\n')
            *p = ' ';
    return s;
}

const char *ep_page_label(ep_ctx *c, const bm_page *pg)
{
    if (pg->section)
        return bm_arena_printf(c->a, "第%d版　%s", pg->number, pg->section);
    return bm_arena_printf(c->a, "第%d版", pg->number);
}
