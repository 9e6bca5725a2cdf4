/*
 * xhtml.c - the content documents: one per article, the front document
 * (masthead, date, issue, the day's headlines by page) and the cover.
 *
 * Markup is semantic so that a reading system or a screen reader can find
 * its way without our stylesheet: an article is <article> with a <header>
 * (kicker, headline as the document's only h1, subhead), the byline, the
 * paragraphs, in-article subheadings as h2 in order, figures with
 * figcaption, and the editor code where the text ends (after the last
 * paragraph or note, as the printed page and the PDF set it: a photo that
 * follows the text comes after it).  Each print page's start is marked
 * with an empty span epub:type="pagebreak" at the top of the page's first
 * article, which nav.xhtml's page-list and toc.ncx's pageList point at.
 *
 * The cover is the image the caller gives (the build gives page 1 as
 * src/raster paints it, or the --cover file); without one it is an SVG
 * drawn here from the masthead, the date, the issue and page 1's
 * headlines.  cover.xhtml shows it in an <img> with alt text.
 */
#include "epub_private.h"

#include <string.h>

#define X(s) ((const xmlChar *)(s))

/* 1 for a letter or digit a word space sits between in Latin text. */
static int western_byte(unsigned char b)
{
    return (b >= '0' && b <= '9') || ((b | 0x20) >= 'a' && (b | 0x20) <= 'z');
}

/*
 * A byline's or credit's text in `parent`: each run of spaces (U+0020 or
 * U+3000) between Chinese words (本报记者 王犇 通讯员 赵一淼) in a span.gap, which the
 * stylesheet sets exactly 1/2 em wide -- the PDF's fixed gap (display.c,
 * rule 5) whatever the reading system's font makes of a space; a space
 * between two Latin words stays a plain space.  The text is unchanged.
 */
/* bytes of a blank at t[i..n): a space, or U+3000 (3 bytes), else 0 */
static size_t name_blank(const char *t, size_t i, size_t n)
{
    if (t[i] == ' ')
        return 1;
    return i + 2 < n && !memcmp(t + i, "\xE3\x80\x80", 3) ? 3 : 0;
}

static void add_name_text(ep_ctx *c, xmlNodePtr parent, const char *t)
{
    size_t n = strlen(t), from = 0;
    for (size_t i = 0; i < n;) {
        if (!name_blank(t, i, n)) {
            i++;
            continue;
        }
        size_t j = i;
        while (j < n && name_blank(t, j, n))
            j += name_blank(t, j, n);
        int latin = i > 0 && j < n && western_byte((unsigned char)t[i - 1]) &&
                    western_byte((unsigned char)t[j]);
        if (i > 0 && j < n && !latin) {
            if (i > from)
                xmlAddChild(parent, xmlNewTextLen(X(t + from), (int)(i - from)));
            xmlNodePtr g = ep_el(parent, "span",
                                 bm_arena_strndup(c->a, t + i, j - i));
            ep_attr(g, "class", "gap");
            from = j;
        }
        i = j;
    }
    if (n > from)
        xmlAddChild(parent, xmlNewTextLen(X(t + from), (int)(n - from)));
}

/* （详见第N版） after a paragraph that points at another article: N the
 * page it prints on (the edition here is the printed one), a link to it. */
static void add_ref(ep_ctx *c, xmlNodePtr p, const char *id)
{
    int page = 0;
    for (size_t i = 0; i < c->ed->npages && !page; i++)
        for (size_t j = 0; j < c->ed->pages[i]->narticles && !page; j++)
            if (!strcmp(c->ed->pages[i]->articles[j]->id, id))
                page = c->ed->pages[i]->number;
    const char *href = NULL;
    for (size_t d = 0; d < c->ndocs && !href; d++)
        if (c->docs[d].ar && !strcmp(c->docs[d].ar->id, id))
            href = c->docs[d].href;
    const char *t = bm_arena_printf(c->a, "（详见第%d版）", page);
    /* on one line, as in print (style.c .xref) */
    xmlNodePtr x = ep_el(p, href ? "a" : "span", t);
    ep_attr(x, "class", "xref");
    if (href)
        ep_attr(x, "href", href);
}

/* Text with '\n' line separators as text nodes with <br/> between them. */
static void add_lines(xmlNodePtr el, const char *text)
{
    const char *p = text;
    for (;;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        if (n)
            xmlAddChild(el, xmlNewTextLen(X(p), (int)n));
        if (!nl)
            break;
        xmlNewChild(el, el->ns, X("br"), NULL);
        p = nl + 1;
    }
}

static void add_pagebreak(ep_ctx *c, xmlNodePtr parent, const bm_page *pg)
{
    xmlNodePtr s = ep_el(parent, "span", NULL);
    ep_epub_type(s, "pagebreak");
    ep_attr(s, "role", "doc-pagebreak");
    ep_attr(s, "id", bm_arena_printf(c->a, "page-%d", pg->number));
    ep_attr(s, "title", bm_arena_printf(c->a, "%d", pg->number));
    ep_attr(s, "aria-label", bm_arena_printf(c->a, "第%d版", pg->number));
}

static void add_figure(ep_ctx *c, xmlNodePtr parent, const bm_block *b)
{
    xmlNodePtr fig = ep_el(parent, "figure", NULL);
    const ep_image *im = NULL;
    for (size_t i = 0; b->image && i < c->nimages; i++)
        if (strcmp(c->images[i].src, b->image) == 0)
            im = &c->images[i];
    if (im && im->href) {
        xmlNodePtr img = ep_el(fig, "img", NULL);
        ep_attr(img, "src", im->href);
        /* Alt text on every image: the model's alt, else the caption. */
        const char *alt = b->alt ? b->alt : b->caption ? b->caption : "新闻图片";
        ep_attr(img, "alt", alt);
        if (im->w > 0 && im->h > 0) {
            ep_attr(img, "width", bm_arena_printf(c->a, "%d", im->w));
            ep_attr(img, "height", bm_arena_printf(c->a, "%d", im->h));
        }
    }
    if (b->caption || b->code || b->credit) {
        xmlNodePtr cap = ep_el(fig, "figcaption", b->caption);
        if (b->code)   /* the caption's own editor code, as printed */
            ep_attr(ep_el(cap, "span", b->code), "class", "editor-code");
        if (b->credit) {
            if (b->caption || b->code)
                xmlAddChild(cap, xmlNewText(X("　")));
            xmlNodePtr cr = ep_el(cap, "span", NULL);
            ep_attr(cr, "class", "credit");
            add_name_text(c, cr, b->credit);
        }
    }
}

void ep_write_article(ep_ctx *c, const ep_doc *d)
{
    const bm_article *ar = d->ar;
    xmlNodePtr body;
    xmlDocPtr doc = ep_xhtml_new(c, ep_headline_flat(c, ar), &body);
    ep_epub_type(body, "bodymatter");
    /* an article in another language than the edition's says so, as the
     * PDF's Art /Lang does */
    const char *lang = bm_article_lang(c->ed, ar);
    if (lang) {
        xmlNodePtr html = xmlDocGetRootElement(doc);
        xmlNodeSetLang(html, X(lang));
        xmlSetProp(html, X("lang"), X(lang));
    }
    for (size_t i = 0; i + d->nend < d->nbreaks; i++)
        add_pagebreak(c, body, d->breaks[i]);

    /* The section label (栏目) that opens a run of articles stands before
     * the first one, outside it (it heads the run, not this story); a
     * briefs box whose title is the label shows it once, as its group. */
    size_t ln = bm_label_over(ar->label, d->group);
    if (ln) {
        xmlNodePtr lb = ep_el(body, "p", NULL);
        ep_attr(lb, "class", "section-label");
        add_lines(lb, bm_arena_strndup(c->a, ar->label, ln));
    }

    xmlNodePtr art = ep_el(body, "article", NULL);
    ep_attr(art, "id", bm_arena_printf(c->a, "a-%s", ar->id));
    ep_attr(art, "class", ar->kind == BM_ARTICLE_PHOTO ? "photo"
                          : ar->kind == BM_ARTICLE_BRIEF ? "brief"
                          : ar->role == BM_ROLE_LEAD ? "lead" : "story");
    if (d->group)
        ep_attr(ep_el(art, "p", d->group), "class", "group");

    xmlNodePtr hdr = ep_el(art, "header", NULL);
    if (ar->kicker)
        ep_attr(ep_el(hdr, "p", ar->kicker), "class", "kicker");
    xmlNodePtr h1 = ep_el(hdr, "h1", NULL);
    if (ar->headline)
        add_lines(h1, ar->headline);
    else   /* every document needs its heading; say what it is */
        add_lines(h1, ep_headline_flat(c, ar));
    if (ar->subhead)
        ep_attr(ep_el(hdr, "p", ar->subhead), "class", "subhead");

    if (ar->byline) {
        xmlNodePtr by = ep_el(art, "p", NULL);
        ep_attr(by, "class", "byline");
        add_name_text(c, by, ar->byline);
    }
    size_t last_text = ar->nblocks;
    for (size_t i = 0; i < ar->nblocks; i++)
        if (ar->blocks[i].kind == BM_BLOCK_PARAGRAPH ||
            ar->blocks[i].kind == BM_BLOCK_NOTE)
            last_text = i;
    if (last_text == ar->nblocks && ar->editor_code)
        last_text = ar->nblocks - 1;   /* no text: the code ends it */
    for (size_t i = 0; i < ar->nblocks; i++) {
        const bm_block *b = &ar->blocks[i];
        switch (b->kind) {
        case BM_BLOCK_PARAGRAPH: {
            xmlNodePtr p = ep_el(art, "p", b->text);
            if (b->ref)
                add_ref(c, p, b->ref);
            break;
        }
        case BM_BLOCK_SUBHEADING:
            ep_el(art, "h2", b->text);
            break;
        case BM_BLOCK_NOTE:
            ep_attr(ep_el(art, "p", b->text), "class", "note");
            break;
        case BM_BLOCK_FIGURE:
            add_figure(c, art, b);
            break;
        }
        if (i == last_text && ar->editor_code)
            ep_attr(ep_el(art, "p", ar->editor_code), "class", "editor-code");
    }
    if (!ar->nblocks && ar->editor_code)
        ep_attr(ep_el(art, "p", ar->editor_code), "class", "editor-code");
    for (size_t i = d->nbreaks - d->nend; i < d->nbreaks; i++)
        add_pagebreak(c, body, d->breaks[i]);
    ep_fxl_backlinks(c, d, art);   /* the replica: back to its pages */
    ep_add_doc(c, doc, d->href, d->id, "application/xhtml+xml", NULL);
}

/* ---- front document --------------------------------------------------- */

void ep_write_front(ep_ctx *c, const ep_doc *d)
{
    const bm_edition *ed = c->ed;
    xmlNodePtr body;
    xmlDocPtr doc = ep_xhtml_new(c, c->title, &body);
    ep_epub_type(body, "frontmatter");
    xmlNodePtr top = ep_el(body, "section", NULL);
    ep_epub_type(top, "titlepage");
    ep_attr(top, "class", "titlepage");
    ep_attr(ep_el(top, "h1", ed->title ? ed->title : "报纸"), "class",
            "masthead");
    if (c->date_zh)
        ep_attr(ep_el(top, "p", c->date_zh), "class", "dateline");
    if (c->issue)
        ep_attr(ep_el(top, "p", c->issue), "class", "issue");
    if (ed->publisher)
        ep_attr(ep_el(top, "p", ed->publisher), "class", "publisher");

    /* The day's headlines by page: the landmarks' "toc" points here. */
    xmlNodePtr sec = ep_el(body, "section", NULL);
    ep_attr(sec, "id", "contents");
    ep_attr(sec, "class", "contents");
    ep_el(sec, "h2", "本期要目");
    for (size_t p = 0; p < ed->npages; p++) {
        const bm_page *pg = ed->pages[p];
        if (!pg->narticles)
            continue;
        ep_el(sec, "h3", ep_page_label(c, pg));
        /* The section labels met on the page (城区时讯, a banner), in
         * order: they name what the page holds (the article documents
         * also show each one before the first article it heads). */
        if (pg->nsections) {
            xmlNodePtr sp = ep_el(sec, "p", NULL);
            ep_attr(sp, "class", "sections");
            for (size_t k = 0; k < pg->nsections; k++) {
                if (k)
                    xmlAddChild(sp, xmlNewText(X("　")));
                xmlAddChild(sp, xmlNewText(X(pg->sections[k])));
            }
        }
        xmlNodePtr ul = ep_el(sec, "ul", NULL);
        for (size_t i = 0; i < c->ndocs; i++) {
            if (!c->docs[i].ar || c->docs[i].ar->page != pg)
                continue;
            xmlNodePtr li = ep_el(ul, "li", NULL);
            xmlNodePtr a = ep_el(li, "a", ep_headline_flat(c, c->docs[i].ar));
            ep_attr(a, "href", c->docs[i].href);
        }
    }
    ep_add_doc(c, doc, d->href, d->id, "application/xhtml+xml", NULL);
}

/* ---- cover ------------------------------------------------------------- */

#define COVER_W 1200
#define COVER_H 1600

/* Font size (px) that fits `s` on one line of `width` px, at most `max`:
 * CJK characters are one em wide, others about half. */
static int fit_size(const char *s, int width, int max)
{
    size_t ems2 = 0;   /* half-ems */
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        int k = bm_utf8_decode(s + i, n - i, &cp);
        if (k <= 0)
            k = 1, cp = '?';
        ems2 += cp < 0x2E80 ? 1 : 2;
        i += (size_t)k;
    }
    if (!ems2)
        return max;
    int sz = (int)((size_t)width * 2 / ems2);
    return sz < max ? sz : max;
}

static xmlNodePtr svg_text(ep_ctx *c, xmlNodePtr svg, int y, int size,
                           const char *cls, const char *text)
{
    xmlNodePtr t = ep_el(svg, "text", text);
    ep_attr(t, "x", bm_arena_printf(c->a, "%d", COVER_W / 2));
    ep_attr(t, "y", bm_arena_printf(c->a, "%d", y));
    ep_attr(t, "font-size", bm_arena_printf(c->a, "%d", size));
    ep_attr(t, "class", cls);
    return t;
}

static void svg_rule(ep_ctx *c, xmlNodePtr svg, int y, int weight)
{
    xmlNodePtr r = ep_el(svg, "rect", NULL);
    ep_attr(r, "x", "80");
    ep_attr(r, "y", bm_arena_printf(c->a, "%d", y));
    ep_attr(r, "width", bm_arena_printf(c->a, "%d", COVER_W - 160));
    ep_attr(r, "height", bm_arena_printf(c->a, "%d", weight));
    ep_attr(r, "fill", "#000000");
}

/* The typographic cover image: masthead, date and issue, then page 1's
 * headlines, black on white, in the reading system's serif/sans fonts. */
static void write_cover_svg(ep_ctx *c)
{
    const bm_edition *ed = c->ed;
    xmlDocPtr doc = xmlNewDoc(X("1.0"));
    xmlNodePtr svg = xmlNewNode(NULL, X("svg"));
    xmlSetNs(svg, xmlNewNs(svg, X(EP_NS_SVG), NULL));
    xmlDocSetRootElement(doc, svg);
    xmlNodeSetLang(svg, X(c->lang));
    ep_attr(svg, "version", "1.1");
    ep_attr(svg, "width", bm_arena_printf(c->a, "%d", COVER_W));
    ep_attr(svg, "height", bm_arena_printf(c->a, "%d", COVER_H));
    ep_attr(svg, "viewBox", bm_arena_printf(c->a, "0 0 %d %d", COVER_W, COVER_H));
    ep_el(svg, "title", c->title);
    ep_el(svg, "style",
          "text { text-anchor: middle; fill: #000000; }\n"
          ".masthead { font-family: \"Noto Serif CJK SC\", \"Songti SC\", "
          "\"SimSun\", serif; font-weight: bold; }\n"
          ".meta, .headline { font-family: \"Noto Sans CJK SC\", "
          "\"PingFang SC\", \"Heiti SC\", \"SimHei\", sans-serif; }\n"
          ".headline { font-weight: bold; }\n");
    xmlNodePtr bg = ep_el(svg, "rect", NULL);
    ep_attr(bg, "width", "100%");
    ep_attr(bg, "height", "100%");
    ep_attr(bg, "fill", "#ffffff");

    const char *mast = ed->title ? ed->title : "报纸";
    svg_text(c, svg, 330, fit_size(mast, COVER_W - 200, 240), "masthead", mast);
    svg_rule(c, svg, 420, 12);
    int y = 500;
    const char *meta = c->date_zh && c->issue
        ? bm_arena_printf(c->a, "%s　%s", c->date_zh, c->issue)
        : c->date_zh ? c->date_zh : c->issue;
    if (meta) {
        svg_text(c, svg, y, fit_size(meta, COVER_W - 200, 48), "meta", meta);
        y += 60;
    }
    svg_rule(c, svg, y, 3);
    y += 130;
    /* page 1's headlines, biggest first, while they fit */
    if (ed->npages) {
        const bm_page *pg = ed->pages[0];
        for (size_t i = 0; i < pg->narticles && y < COVER_H - 80; i++) {
            const char *h = ep_headline_flat(c, pg->articles[i]);
            int max = i == 0 ? 96 : 60;
            int sz = fit_size(h, COVER_W - 200, max);
            svg_text(c, svg, y, sz, "headline", h);
            y += sz * 2;
        }
    }
    ep_add_doc(c, doc, "cover.svg", "cover-image", "image/svg+xml",
               "cover-image");
}

void ep_write_cover(ep_ctx *c, const ep_doc *d)
{
    xmlNodePtr body;
    xmlDocPtr doc = ep_xhtml_new(c, "封面", &body);
    ep_attr(body, "class", "cover");
    xmlNodePtr sec = ep_el(body, "section", NULL);
    ep_epub_type(sec, "cover");
    ep_attr(sec, "class", "cover");
    xmlNodePtr img = ep_el(sec, "img", NULL);
    ep_attr(img, "src", c->cover_href);
    ep_attr(img, "alt", bm_arena_printf(c->a, "封面：%s", c->title));
    ep_add_doc(c, doc, d->href, d->id, "application/xhtml+xml", NULL);
    if (!strcmp(c->cover_href, "cover.svg"))
        write_cover_svg(c);
}
