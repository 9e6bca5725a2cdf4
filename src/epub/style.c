/*
 * style.c - the stylesheet for Chinese text (style.css).
 *
 * Device fonts first: a reading system's own CJK faces are better hinted
 * and complete; the embedded subset (opt->embed_font) comes last in each
 * list, so it only draws what the device cannot (rare characters such as
 * 𠀋, or everything on a reader with no Chinese font).  Body text is
 * justified with a two-em first-line indent and strict line breaking
 * (CSS Text 3 line-break: strict, the CLREQ kinsoku set).  Sizes are
 * relative; no colours, no direction, no vertical mode, no
 * hanging-punctuation (../shared/docs/epub-pdf.md section 6);
 * text-spacing-trim only inside @supports.
 */
#include "epub_private.h"

#include <string.h>

static const char *const css_text =
    "html {\n"
    "  line-height: 1.7;\n"
    "}\n"
    "body {\n"
    "  font-family: %1$s;\n"
    "  margin: 0 0.5em;\n"
    "}\n"
    "p {\n"
    "  margin: 0;\n"
    "  text-align: justify;\n"
    "  text-indent: 2em;\n"
    "  line-break: strict;\n"
    "  word-break: normal;\n"
    "  overflow-wrap: break-word;\n"
    "}\n"
    "h1, h2, h3, .kicker, .subhead, .group, .section-label {\n"
    "  font-family: %2$s;\n"
    "  text-indent: 0;\n"
    "  text-align: left;\n"
    "  line-break: strict;\n"
    "}\n"
    "h1 {\n"
    "  font-size: 1.6em;\n"
    "  font-weight: bold;\n"
    "  line-height: 1.35;\n"
    "  margin: 0.3em 0 0.4em 0;\n"
    "}\n"
    "h2 {\n"
    "  font-size: 1.15em;\n"
    "  font-weight: bold;\n"
    "  margin: 1em 0 0.4em 0;\n"
    "}\n"
    "h3 {\n"
    "  font-size: 1.05em;\n"
    "  font-weight: bold;\n"
    "  margin: 1em 0 0.3em 0;\n"
    "}\n"
    "header {\n"
    "  margin-bottom: 1em;\n"
    "}\n"
    ".kicker, .group, .section-label {\n"
    "  font-family: %3$s;\n"
    "  font-size: 1em;\n"
    "  margin: 0.6em 0 0 0;\n"
    "}\n"
    ".group, .section-label {\n"
    "  font-weight: bold;\n"
    "  border-bottom: 1px solid;\n"
    "}\n"
    ".subhead {\n"
    "  font-size: 1.05em;\n"
    "  margin: 0 0 0.4em 0;\n"
    "}\n"
    ".byline {\n"
    "  font-family: %3$s;\n"
    "  text-indent: 0;\n"
    "  margin-bottom: 0.5em;\n"
    "}\n"
    /* a byline's or credit's space between Chinese words is the PDF's
     * fixed 1/2 em gap (issue 13), whatever width the reading system's
     * face gives a space: an atomic inline exactly that wide, the space
     * kept inside it for copy and search (xhtml.c add_name_text) */
    ".gap {\n"
    "  display: inline-block;\n"
    "  width: 0.5em;\n"
    "  white-space: pre;\n"
    "  text-indent: 0;\n"
    "}\n"
    /* a cross-reference （详见第N版） is never broken across lines */
    ".xref {\n"
    "  white-space: nowrap;\n"
    "}\n"
    ".note {\n"
    "  font-size: 0.9em;\n"
    "  margin-top: 0.5em;\n"
    "}\n"
    ".editor-code {\n"
    "  text-align: right;\n"
    "  text-indent: 0;\n"
    "  font-size: 0.8em;\n"
    "}\n"
    "figure {\n"
    "  margin: 1em 0;\n"
    "  text-align: center;\n"
    "}\n"
    "figure img {\n"
    "  max-width: 100%%;\n"
    "  height: auto;\n"
    "}\n"
    "figcaption {\n"
    "  font-family: %3$s;\n"
    "  font-size: 0.9em;\n"
    "  text-align: justify;\n"
    "  line-break: strict;\n"
    "  margin-top: 0.3em;\n"
    "}\n"
    ".credit {\n"
    "  font-size: 0.9em;\n"
    "}\n"
    ".titlepage {\n"
    "  text-align: center;\n"
    "  margin: 2em 0;\n"
    "}\n"
    ".masthead {\n"
    "  font-family: %1$s;\n"
    "  font-size: 2.6em;\n"
    "  text-align: center;\n"
    "  letter-spacing: 0.2em;\n"
    "}\n"
    ".dateline, .issue, .publisher {\n"
    "  text-align: center;\n"
    "  text-indent: 0;\n"
    "}\n"
    ".contents .sections {\n"
    "  text-indent: 0;\n"
    "  font-size: 0.9em;\n"
    "}\n"
    ".contents ul {\n"
    "  list-style: none;\n"
    "  margin: 0;\n"
    "  padding: 0 0 0 1em;\n"
    "}\n"
    ".contents li {\n"
    "  margin: 0.2em 0;\n"
    "}\n"
    ".cover {\n"
    "  margin: 0;\n"
    "  padding: 0;\n"
    "  text-align: center;\n"
    "}\n"
    ".cover img {\n"
    "  max-width: 100%%;\n"
    "  max-height: 100%%;\n"
    "}\n"
    "@supports (text-spacing-trim: trim-start) {\n"
    "  p, h1, h2, figcaption {\n"
    "    text-spacing-trim: trim-start;\n"
    "  }\n"
    "}\n";

void ep_write_css(ep_ctx *c)
{
    const char *extra = "";
    if (c->font_family)
        extra = bm_arena_printf(c->a, "\"%s\", ", c->font_family);
    /* Song/Ming for the body, Hei for headlines, Kai for kickers and
     * captions: each list names the common device faces, the embedded
     * subset, then the generic family. */
    const char *song = bm_arena_printf(
        c->a, "\"Songti SC\", \"STSong\", \"Noto Serif CJK SC\", "
              "\"Source Han Serif SC\", \"SimSun\", %sserif", extra);
    const char *hei = bm_arena_printf(
        c->a, "\"PingFang SC\", \"Heiti SC\", \"Noto Sans CJK SC\", "
              "\"Source Han Sans SC\", \"Microsoft YaHei\", %ssans-serif",
        extra);
    const char *kai = bm_arena_printf(
        c->a, "\"Kaiti SC\", \"STKaiti\", \"KaiTi\", \"AR PL UKai CN\", %s%s",
        extra, "serif");
    bm_buf b;
    bm_buf_init(&b);
    if (c->font_href)
        bm_buf_printf(&b,
                      "@font-face {\n"
                      "  font-family: \"%s\";\n"
                      "  src: url(\"%s\");\n"
                      "}\n",
                      c->font_family, c->font_href);
    bm_buf_printf(&b, css_text, song, hei, kai);
    char *data = bm_arena_strndup(c->a, b.data, b.len);
    size_t len = b.len;
    bm_buf_free(&b);
    ep_add_file(c, NULL, "style.css", "css", "text/css", NULL, data, len);
}
