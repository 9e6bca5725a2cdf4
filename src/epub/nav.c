/*
 * nav.c - navigation: the EPUB 3 navigation document (nav.xhtml) and the
 * EPUB 2 NCX (toc.ncx) for older reading systems.
 *
 * The table of contents is page -> section -> article: one entry per print
 * page, labelled with its number and section name ("第1版　要闻") and
 * pointing at the page's start; under it the page's articles in reading
 * order, where the articles of a section label's run (article->label opens
 * it, the next label ends it) sit under an entry for the label, and
 * consecutive articles of one briefs box (article->group, e.g. 城区时讯)
 * under an entry for that box (the label's own entry when the box's title
 * is the label).  The page-list links every
 * pagebreak marker and only those; landmarks name the cover, the front
 * document's list of headlines (the human-readable contents) and the first
 * article.  nav.xhtml is in the manifest but not in the spine: the front
 * document is the contents page a reader pages through.
 */
#include "epub_private.h"

#include <stdlib.h>
#include <string.h>

#define X(s) ((const xmlChar *)(s))

/* Where page `pg` starts: its marker in the document that carries it. */
static const char *page_target(ep_ctx *c, const bm_page *pg)
{
    if (c->doc)   /* the replica: the page itself */
        return ep_fxl_page_href(c, pg->number);
    for (size_t i = 0; i < c->ndocs; i++)
        for (size_t k = 0; k < c->docs[i].nbreaks; k++)
            if (c->docs[i].breaks[k] == pg)
                return bm_arena_printf(c->a, "%s#page-%d", c->docs[i].href,
                                       pg->number);
    return NULL;
}

/* ---- the tree both formats share --------------------------------------- */

typedef struct entry {
    const char *label, *href;
    int         box;             /* a briefs box: a heading, not a link */
    struct entry *kids, *next;   /* first child, next sibling */
} entry;

static entry *new_entry(ep_ctx *c, const char *label, const char *href)
{
    entry *e = bm_arena_alloc(c->a, sizeof *e);
    e->label = label;
    e->href = href;
    return e;
}

static void append(entry **head, entry *e)
{
    while (*head)
        head = &(*head)->next;
    *head = e;
}

static entry *toc_tree(ep_ctx *c)
{
    entry *root = NULL;
    const bm_edition *ed = c->ed;
    for (size_t p = 0; p < ed->npages; p++) {
        const bm_page *pg = ed->pages[p];
        const char *start = page_target(c, pg);
        if (!start || !pg->narticles)   /* nothing to read on this page */
            continue;
        entry *pe = new_entry(c, ep_page_label(c, pg), start);
        append(&root, pe);
        entry *box = NULL, *run = NULL;
        for (size_t i = 0; i < c->ndocs; i++) {
            const ep_doc *d = &c->docs[i];
            if (!d->ar || d->ar->page != pg)
                continue;
            entry *ae = new_entry(c, ep_headline_flat(c, d->ar),
                                  bm_arena_printf(c->a, "%s#a-%s", d->href,
                                                  d->ar->id));
            const char *lb = d->ar->label;
            if (lb) {   /* stacked labels make one entry */
                char *flat = bm_arena_strdup(c->a, lb);
                for (char *q = flat; (q = strchr(q, '\n'));)
                    *q = ' ';
                run = new_entry(c, flat, ae->href);
                run->box = 1;
                append(&pe->kids, run);
                box = NULL;
            }
            entry **under = run ? &run->kids : &pe->kids;
            if (d->group) {
                if (lb && !bm_label_over(lb, d->group)) {
                    box = run;   /* the box's title is the label */
                } else {
                    box = new_entry(c, d->group, ae->href);
                    box->box = 1;
                    append(under, box);
                }
            } else if (!d->ar->group) {
                box = NULL;
            }
            append(box ? &box->kids : under, ae);
        }
    }
    return root;
}

static int depth(const entry *e)
{
    int d = 0;
    for (; e; e = e->next) {
        int k = 1 + depth(e->kids);
        if (k > d)
            d = k;
    }
    return d;
}

/* ---- nav.xhtml ----------------------------------------------------------- */

static void nav_list(xmlNodePtr parent, const entry *e, int spans)
{
    xmlNodePtr ol = ep_el(parent, "ol", NULL);
    for (; e; e = e->next) {
        xmlNodePtr li = ep_el(ol, "li", NULL);
        if (spans && e->box) {
            ep_el(li, "span", e->label);
        } else {
            ep_attr(ep_el(li, "a", e->label), "href", e->href);
        }
        if (e->kids)
            nav_list(li, e->kids, spans);
    }
}

void ep_write_nav(ep_ctx *c)
{
    xmlNodePtr body;
    xmlDocPtr doc = ep_xhtml_new(c, "目录", &body);

    xmlNodePtr toc = ep_el(body, "nav", NULL);
    ep_epub_type(toc, "toc");
    ep_attr(toc, "id", "toc");
    ep_attr(toc, "role", "doc-toc");
    ep_el(toc, "h1", "目录");
    entry *tree = toc_tree(c);
    if (tree) {
        nav_list(toc, tree, 1);
    } else {   /* an edition without articles still needs a toc entry */
        entry *e = new_entry(c, c->title, c->docs[1].href);
        nav_list(toc, e, 1);
    }

    xmlNodePtr pl = ep_el(body, "nav", NULL);
    ep_epub_type(pl, "page-list");
    ep_attr(pl, "id", "page-list");
    ep_attr(pl, "hidden", "hidden");
    ep_el(pl, "h2", "页码");
    xmlNodePtr ol = ep_el(pl, "ol", NULL);
    int any = 0;
    for (size_t p = 0; p < c->ed->npages; p++) {
        const char *t = page_target(c, c->ed->pages[p]);
        if (!t)
            continue;
        xmlNodePtr a = ep_el(ep_el(ol, "li", NULL), "a",
                             bm_arena_printf(c->a, "%d",
                                             c->ed->pages[p]->number));
        ep_attr(a, "href", t);
        any = 1;
    }
    if (!any)
        xmlUnlinkNode(pl), xmlFreeNode(pl);

    xmlNodePtr lm = ep_el(body, "nav", NULL);
    ep_epub_type(lm, "landmarks");
    ep_attr(lm, "id", "landmarks");
    ep_attr(lm, "hidden", "hidden");
    ep_el(lm, "h2", "导航");
    ol = ep_el(lm, "ol", NULL);
    static const char *const kinds[] = {"cover", "toc", "bodymatter"};
    static const char *const labels[] = {"封面", "本期要目", "正文"};
    for (int k = 0; k < 3; k++) {
        const char *href = k == 0 ? c->docs[0].href
                         : k == 1 ? bm_arena_printf(c->a, "%s#contents",
                                                    c->docs[1].href)
                         : c->doc && c->first_page < c->first_article
                             ? c->docs[c->first_page].href
                         : c->first_article < c->ndocs
                             ? c->docs[c->first_article].href : NULL;
        if (!href)
            continue;
        xmlNodePtr a = ep_el(ep_el(ol, "li", NULL), "a", labels[k]);
        ep_epub_type(a, kinds[k]);
        ep_attr(a, "href", href);
    }
    ep_add_doc(c, doc, "nav.xhtml", "nav", "application/xhtml+xml", "nav");
}

/* ---- toc.ncx ------------------------------------------------------------- */

/*
 * playOrder: the NCX wants one number per distinct target, 1, 2, 3... in
 * reading order with no gaps (EPUBCheck enforces both).  Every target
 * used is a document, a page marker at its top, or an article after the
 * markers, so its place in reading order is (spine index, kind); the
 * numbers go to the used targets only.
 */
typedef struct target {
    const char *href;
    size_t      key;
} target;

static size_t order_key(ep_ctx *c, const char *href)
{
    for (size_t i = 0; i < c->ndocs; i++) {
        size_t n = strlen(c->docs[i].href);
        if (strncmp(href, c->docs[i].href, n) != 0 ||
            (href[n] && href[n] != '#'))
            continue;
        size_t sub = !href[n] ? 0 : strncmp(href + n, "#page-", 6) == 0
                                        ? 1 + (size_t)atoi(href + n + 6)
                                        : (size_t)1 << 20;
        return i << 24 | sub;
    }
    return (size_t)-1;
}

typedef struct orders {
    target *t;
    size_t  n, cap;
} orders;

static void use_target(ep_ctx *c, orders *o, const char *href)
{
    for (size_t i = 0; i < o->n; i++)
        if (strcmp(o->t[i].href, href) == 0)
            return;
    if (o->n == o->cap) {
        size_t nc = o->cap ? 2 * o->cap : 64;
        o->t = bm_arena_grow(c->a, o->t, o->n * sizeof *o->t, nc * sizeof *o->t);
        o->cap = nc;
    }
    o->t[o->n].href = href;
    o->t[o->n].key = order_key(c, href);
    o->n++;
}

static void use_tree(ep_ctx *c, orders *o, const entry *e)
{
    for (; e; e = e->next) {
        use_target(c, o, e->href);
        use_tree(c, o, e->kids);
    }
}

static int play_order(const orders *o, const char *href)
{
    size_t key = 0;
    for (size_t i = 0; i < o->n; i++)
        if (strcmp(o->t[i].href, href) == 0)
            key = o->t[i].key;
    int rank = 1;
    for (size_t i = 0; i < o->n; i++)
        rank += o->t[i].key < key;
    return rank;
}

static void ncx_label(xmlNodePtr parent, const char *text)
{
    ep_el(ep_el(parent, "navLabel", NULL), "text", text);
}

static void ncx_points(ep_ctx *c, const orders *o, xmlNodePtr parent,
                       const entry *e, int *id)
{
    for (; e; e = e->next) {
        xmlNodePtr np = ep_el(parent, "navPoint", NULL);
        ep_attr(np, "id", bm_arena_printf(c->a, "np-%d", ++*id));
        ep_attr(np, "playOrder",
                bm_arena_printf(c->a, "%d", play_order(o, e->href)));
        ncx_label(np, e->label);
        ep_attr(ep_el(np, "content", NULL), "src", e->href);
        ncx_points(c, o, np, e->kids, id);
    }
}

static void ncx_meta(xmlNodePtr head, const char *name, const char *content)
{
    xmlNodePtr m = ep_el(head, "meta", NULL);
    ep_attr(m, "name", name);
    ep_attr(m, "content", content);
}

void ep_write_ncx(ep_ctx *c)
{
    entry *tree = toc_tree(c);
    if (!tree)
        tree = new_entry(c, c->title, c->docs[1].href);
    int npages = 0, maxpage = 0;
    for (size_t p = 0; p < c->ed->npages; p++)
        if (page_target(c, c->ed->pages[p])) {
            npages++;
            maxpage = c->ed->pages[p]->number;
        }

    xmlDocPtr doc = xmlNewDoc(X("1.0"));
    xmlNodePtr ncx = xmlNewNode(NULL, X("ncx"));
    xmlSetNs(ncx, xmlNewNs(ncx, X(EP_NS_NCX), NULL));
    xmlDocSetRootElement(doc, ncx);
    ep_attr(ncx, "version", "2005-1");
    xmlNodeSetLang(ncx, X(c->lang));
    xmlNodePtr head = ep_el(ncx, "head", NULL);
    ncx_meta(head, "dtb:uid", c->uuid);
    ncx_meta(head, "dtb:depth", bm_arena_printf(c->a, "%d", depth(tree)));
    ncx_meta(head, "dtb:totalPageCount", bm_arena_printf(c->a, "%d", npages));
    ncx_meta(head, "dtb:maxPageNumber", bm_arena_printf(c->a, "%d", maxpage));
    ep_el(ep_el(ncx, "docTitle", NULL), "text", c->title);

    orders o = {0};
    use_tree(c, &o, tree);
    for (size_t p = 0; p < c->ed->npages; p++) {
        const char *t = page_target(c, c->ed->pages[p]);
        if (t)
            use_target(c, &o, t);
    }
    int id = 0;
    ncx_points(c, &o, ep_el(ncx, "navMap", NULL), tree, &id);

    if (npages) {
        xmlNodePtr pl = ep_el(ncx, "pageList", NULL);
        ncx_label(pl, "页码");
        for (size_t p = 0; p < c->ed->npages; p++) {
            const bm_page *pg = c->ed->pages[p];
            const char *t = page_target(c, pg);
            if (!t)
                continue;
            xmlNodePtr pt = ep_el(pl, "pageTarget", NULL);
            ep_attr(pt, "id", bm_arena_printf(c->a, "pt-%d", pg->number));
            ep_attr(pt, "type", "normal");
            ep_attr(pt, "value", bm_arena_printf(c->a, "%d", pg->number));
            ep_attr(pt, "playOrder",
                    bm_arena_printf(c->a, "%d", play_order(&o, t)));
            ncx_label(pt, bm_arena_printf(c->a, "%d", pg->number));
            ep_attr(ep_el(pt, "content", NULL), "src", t);
        }
    }
    ep_add_doc(c, doc, "toc.ncx", "ncx", "application/x-dtbncx+xml", NULL);
}
