/*
 * html.c - page-NN.html: a minimal offline e-paper page.  The page image
 * with an HTML <map> whose areas are the articles' zones (zones.c), the
 * thumbnails of every page to go to the others, and the text of the
 * page's articles, each shown when its area is clicked.
 *
 * No script: an area links to #a-ID and the stylesheet shows the article
 * that is the :target, so the page works from file:// and with scripts
 * off.  Area coordinates are pixels of page-NN.png, so the image is shown
 * at its own size (a <map> does not scale with its image).
 *
 * An article's text is its lines as the LayoutDoc sets them, on all its
 * pages: lines of one text element joined into one block, its jump lines
 * as links to the page and article they name.  A continuation's repeated
 * headline is left out.
 */
#include "raster_private.h"

#include <string.h>

static void esc(bm_buf *b, const char *s, size_t n)
{
    size_t from = 0;
    for (size_t i = 0; i < n; i++) {
        const char *r = s[i] == '&'   ? "&amp;"
                        : s[i] == '<' ? "&lt;"
                        : s[i] == '>' ? "&gt;"
                        : s[i] == '"' ? "&quot;"
                                      : NULL;
        if (r) {
            bm_buf_append(b, s + from, i - from);
            bm_buf_puts(b, r);
            from = i + 1;
        }
    }
    bm_buf_append(b, s + from, n - from);
}

static void escs(bm_buf *b, const char *s)
{
    esc(b, s, strlen(s));
}

/* "第N版 SECTION" */
static void page_label(bm_buf *b, const bm_lpage *pg)
{
    bm_buf_printf(b, "第%d版", pg->number);
    if (pg->section && *pg->section) {
        bm_buf_puts(b, " ");
        escs(b, pg->section);
    }
}

/* Index of the page numbered n, or npages. */
static size_t page_index(const bm_layout_doc *doc, int n)
{
    size_t i = 0;
    while (i < doc->npages && doc->pages[i].number != n)
        i++;
    return i;
}

static const char *block_tag(bm_line_kind k, const char **cls)
{
    *cls = NULL;
    switch (k) {
    case BM_LINE_HEADLINE:   return "h2";
    case BM_LINE_SUBHEADING: return "h3";
    case BM_LINE_KICKER:     *cls = "kicker"; return "p";
    case BM_LINE_SUBHEAD:    *cls = "subhead"; return "p";
    case BM_LINE_BYLINE:     *cls = "byline"; return "p";
    case BM_LINE_CAPTION:    *cls = "caption"; return "p";
    case BM_LINE_CREDIT:     *cls = "credit"; return "p";
    case BM_LINE_JUMP:       *cls = "jump"; return "p";
    default:                 return "p";
    }
}

/* The article's text, all its pages. */
static void article_text(bm_buf *b, const bm_layout_doc *doc, const char *id)
{
    int first_page = 0;
    for (size_t p = 0; p < doc->npages; p++) {
        const bm_lpage *pg = &doc->pages[p];
        for (size_t l = 0; l < pg->nlines;) {
            const bm_line *ln = &pg->lines[l];
            if (!ln->article_id || strcmp(ln->article_id, id) ||
                ln->kind == BM_LINE_MASTHEAD ||
                ln->kind == BM_LINE_RUNNING_HEAD ||
                ln->kind == BM_LINE_SECTION) {
                l++;
                continue;
            }
            if (!first_page)
                first_page = pg->number;
            /* the lines of one element that follow each other */
            size_t e = l + 1;
            while (e < pg->nlines && ln->elem &&
                   pg->lines[e].elem == ln->elem &&
                   pg->lines[e].article_id &&
                   !strcmp(pg->lines[e].article_id, id))
                e++;
            int repeated = pg->number != first_page &&
                           (ln->kind == BM_LINE_HEADLINE ||
                            ln->kind == BM_LINE_KICKER ||
                            ln->kind == BM_LINE_SUBHEAD);
            if (!repeated) {
                const char *cls;
                const char *tag = block_tag(ln->kind, &cls);
                bm_buf_printf(b, "<%s", tag);
                if (cls)
                    bm_buf_printf(b, " class=\"%s\"", cls);
                bm_buf_puts(b, ">");
                size_t t = ln->link_page > 0 ? page_index(doc, ln->link_page)
                                              : doc->npages;
                if (t < doc->npages) {
                    bm_buf_printf(b, "<a href=\"page-%02zu.html#a-", t + 1);
                    escs(b, id);
                    bm_buf_puts(b, "\">");
                }
                for (size_t k = l; k < e; k++)
                    esc(b, pg->lines[k].text, pg->lines[k].len);
                if (t < doc->npages)
                    bm_buf_puts(b, "</a>");
                bm_buf_printf(b, "</%s>\n", tag);
            }
            l = e;
        }
    }
}

static const char style[] =
    "body { margin: 0; font-family: \"Noto Serif CJK SC\", serif; "
    "background: #e8e8e8; }\n"
    "nav { position: fixed; left: 0; top: 0; bottom: 0; width: 130px; "
    "overflow-y: auto; background: #333; padding: 8px; box-sizing: border-box; }\n"
    "nav a { display: block; margin-bottom: 10px; color: #fff; font-size: 12px; "
    "text-decoration: none; text-align: center; }\n"
    "nav img { width: 110px; height: auto; display: block; margin: 0 auto 2px; "
    "background: #fff; }\n"
    "nav a[aria-current] img { outline: 3px solid #c00; }\n"
    "main { margin-left: 130px; margin-right: 420px; }\n"
    "main img { display: block; background: #fff; }\n"
    "aside { position: fixed; right: 0; top: 0; bottom: 0; width: 420px; "
    "overflow-y: auto; background: #fff; box-sizing: border-box; padding: 0 20px; "
    "border-left: 1px solid #999; }\n"
    "aside article { display: none; }\n"
    "aside article:target { display: block; }\n"
    "aside .hint { color: #666; }\n"
    "aside article:target ~ .hint { display: none; }\n"
    "aside p { line-height: 1.7; text-indent: 2em; margin: 0 0 0.4em; }\n"
    "aside h2 { font-family: \"Noto Sans CJK SC\", sans-serif; }\n"
    "aside p.kicker, aside p.subhead, aside p.byline, aside p.caption, "
    "aside p.credit, aside p.jump { text-indent: 0; color: #444; }\n"
    "area { cursor: pointer; }\n";

void bm_raster_page_html(const bm_layout_doc *doc, size_t p, double dpi,
                         int thumb_width, bm_buf *b)
{
    const bm_lpage *pg = &doc->pages[p];
    const bm_edition *ed = doc->ed;
    const char *lang = ed && ed->lang ? ed->lang : "zh-CN";
    int w = bm_raster_px(pg->width, dpi), h = bm_raster_px(pg->height, dpi);
    bm_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"");
    escs(b, lang);
    bm_buf_puts(b, "\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
    if (ed && ed->title) {
        escs(b, ed->title);
        bm_buf_puts(b, " ");
    }
    if (ed && ed->date) {
        escs(b, ed->date);
        bm_buf_puts(b, " ");
    }
    page_label(b, pg);
    bm_buf_printf(b, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", style);

    /* every page, as thumbnails */
    bm_buf_puts(b, "<nav aria-label=\"版面\">\n");
    for (size_t q = 0; q < doc->npages; q++) {
        const bm_lpage *o = &doc->pages[q];
        int ow = bm_raster_px(o->width, dpi), oh = bm_raster_px(o->height, dpi);
        long th = ow > 0 ? ((long)oh * thumb_width + ow / 2) / ow : 1;
        bm_buf_printf(b, "<a href=\"page-%02zu.html\"%s><img src=\"page-%02zu-"
                         "thumb.png\" width=\"%d\" height=\"%ld\" alt=\"\">",
                      q + 1, q == p ? " aria-current=\"page\"" : "", q + 1,
                      thumb_width, th);
        page_label(b, o);
        bm_buf_puts(b, "</a>\n");
    }
    bm_buf_puts(b, "</nav>\n<main>\n");

    /* the page and its zones */
    bm_buf_printf(b, "<img src=\"page-%02zu.png\" width=\"%d\" height=\"%d\" "
                     "usemap=\"#zones\" alt=\"",
                  p + 1, w, h);
    page_label(b, pg);
    bm_buf_puts(b, "\">\n<map name=\"zones\">\n");
    for (size_t r = 0; r < pg->nregions; r++) {
        const bm_region *g = &pg->regions[r];
        const char *t = bm_raster_title(doc, g->article_id);
        for (size_t i = 0; i < g->nrects; i++) {
            const bm_rect *rc = &g->rects[i];
            bm_buf_printf(b, "<area shape=\"rect\" coords=\"%ld,%ld,%ld,%ld\" "
                             "href=\"#a-",
                          bm_raster_edge(rc->x, dpi), bm_raster_edge(rc->y, dpi),
                          bm_raster_edge(rc->x + rc->w, dpi),
                          bm_raster_edge(rc->y + rc->h, dpi));
            escs(b, g->article_id);
            bm_buf_puts(b, "\" alt=\"");
            escs(b, t);
            bm_buf_puts(b, "\" title=\"");
            escs(b, t);
            bm_buf_puts(b, "\">\n");
        }
    }
    bm_buf_puts(b, "</map>\n</main>\n<aside>\n");

    /* the articles of the page, shown one at a time */
    for (size_t r = 0; r < pg->nregions; r++) {
        const char *id = pg->regions[r].article_id;
        bm_buf_puts(b, "<article id=\"a-");
        escs(b, id);
        bm_buf_puts(b, "\">\n");
        article_text(b, doc, id);
        bm_buf_puts(b, "</article>\n");
    }
    bm_buf_puts(b, "<p class=\"hint\">点击版面上的文章，在这里阅读全文。</p>\n"
                   "</aside>\n</body>\n</html>\n");
}
