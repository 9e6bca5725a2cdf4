/*
 * test_alto.c - the ALTO back end on a LayoutDoc built by hand: two pages,
 * article a1 (a two-line headline, a paragraph over two columns and on to
 * page 2, where its headline is repeated over the continuation) and article
 * a2 (headline, photo, caption), page furniture (running head, jump
 * lines), a rule.  Checks the blocks, the Strings, the ReadingOrder and the
 * METS article areas by XPath on the files written.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "alto/alto.h"

typedef struct fixture {
    bm_edition   *ed;
    bm_layout_doc doc;
    size_t        cap[2];
    char          dir[64];
} fixture;

static int next_elem;

/* A line of one glyph per character, 10 pt each, at (x, y) in pt. */
static bm_line *line(fixture *fx, int p, bm_line_kind kind, const char *id,
                     int elem, double x, double y, const char *text)
{
    bm_lpage *pg = &fx->doc.pages[p];
    if (pg->nlines == fx->cap[p]) {
        size_t nc = fx->cap[p] ? 2 * fx->cap[p] : 16;
        pg->lines = bm_arena_grow(fx->doc.arena, pg->lines,
                                  fx->cap[p] * sizeof *pg->lines,
                                  nc * sizeof *pg->lines);
        fx->cap[p] = nc;
    }
    bm_line *ln = &pg->lines[pg->nlines++];
    memset(ln, 0, sizeof *ln);
    ln->kind = kind;
    ln->article_id = id;
    ln->elem = elem ? elem : ++next_elem + 100;
    ln->role = BM_FONT_BODY;
    ln->size = BM_PT(10);
    ln->text = text;
    ln->len = strlen(text);
    size_t n = bm_utf8_count(text, ln->len);
    ln->glyphs = bm_arena_alloc(fx->doc.arena, (n + 1) * sizeof *ln->glyphs);
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t cp;
        int l = bm_utf8_decode(text + o, ln->len - o, &cp);
        bm_glyph *g = &ln->glyphs[ln->nglyphs++];
        g->gid = 1;
        g->face = 0;
        g->x = (bm_fix)i * BM_PT(10);
        g->adv = BM_PT(10);
        g->cluster = (uint32_t)o;
        g->nbytes = (uint32_t)l;
        o += (size_t)l;
    }
    ln->rect = (bm_rect){BM_PT(x), BM_PT(y), (bm_fix)n * BM_PT(10),
                         BM_PT(12)};
    ln->baseline = BM_PT(y + 10);
    return ln;
}

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof *fx);
    setenv("SOURCE_DATE_EPOCH", "1767225600", 0);
    fx->ed = bm_edition_new();
    fx->ed->title = "测试日报";
    fx->ed->date = "2026-01-01";
    fx->ed->issue = "第1号";
    fx->ed->lang = "zh-CN";
    bm_src src = {NULL, 0, 0};
    bm_page *mp = bm_edition_add_page(fx->ed, "要闻", src);
    bm_article *a1 = bm_page_add_article(fx->ed, mp, "a1", BM_ARTICLE, src);
    a1->headline = "大桥通车\n跨江六分钟";
    bm_article *a2 = bm_page_add_article(fx->ed, mp, "a2", BM_ARTICLE, src);
    a2->headline = "图书馆开放";

    fx->doc.arena = bm_arena_new();
    fx->doc.ed = fx->ed;
    fx->doc.npages = 2;
    fx->doc.pages = bm_arena_alloc(fx->doc.arena, 2 * sizeof *fx->doc.pages);
    for (int p = 0; p < 2; p++) {
        bm_lpage *pg = &fx->doc.pages[p];
        pg->number = p + 1;
        pg->width = BM_PT(420);
        pg->height = BM_PT(595);
        pg->type_area = (bm_rect){BM_PT(30), BM_PT(30), BM_PT(360),
                                  BM_PT(535)};
    }
    bm_lpage *p1 = &fx->doc.pages[0];
    p1->boxes = bm_arena_alloc(fx->doc.arena, 2 * sizeof *p1->boxes);
    p1->nboxes = 2;
    p1->boxes[0] = (bm_box){.kind = BM_BOX_IMAGE,
                            .rect = {BM_PT(40), BM_PT(300), BM_PT(120),
                                     BM_PT(80)},
                            .article_id = "a2", .image = "photo.jpg"};
    p1->boxes[1] = (bm_box){.kind = BM_BOX_RULE,
                            .rect = {BM_PT(30), BM_PT(60), BM_PT(360),
                                     BM_PT(1)},
                            .stroke = BM_PT(1)};
    line(fx, 0, BM_LINE_RUNNING_HEAD, NULL, 0, 30, 30, "测试日报　2026年1月1日");
    line(fx, 0, BM_LINE_HEADLINE, "a1", 1, 40, 70, "大桥通车");
    line(fx, 0, BM_LINE_HEADLINE, "a1", 2, 50, 84, "跨江六分钟");
    line(fx, 0, BM_LINE_BODY, "a1", 3, 40, 100, "经过两年施工，大桥");
    line(fx, 0, BM_LINE_BODY, "a1", 3, 40, 112, "今天通车。");
    line(fx, 0, BM_LINE_BODY, "a1", 3, 200, 100, "全长18.6公里");
    line(fx, 0, BM_LINE_JUMP, "a1", 0, 200, 112, "（下转第2版）");
    line(fx, 0, BM_LINE_HEADLINE, "a2", 4, 40, 200, "图书馆开放");
    line(fx, 0, BM_LINE_CAPTION, "a2", 5, 40, 390, "图为新馆。");
    line(fx, 1, BM_LINE_JUMP, "a1", 0, 40, 40, "（上接第1版）");
    line(fx, 1, BM_LINE_HEADLINE, "a1", 6, 40, 60, "大桥通车");
    line(fx, 1, BM_LINE_BODY, "a1", 3, 40, 80, "Wi-Fi 6 覆盖全桥。");

    snprintf(fx->dir, sizeof fx->dir, "/tmp/bm-test-alto-XXXXXX");
    if (!mkdtemp(fx->dir))
        return -1;
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx->dir);
    if (system(cmd) != 0)
        return -1;
    bm_arena_free(fx->doc.arena);
    bm_edition_free(fx->ed);
    free(fx);
    return 0;
}

/* The values of an XPath query, joined by ' '. */
static char *xpath(const char *file, const char *expr)
{
    xmlDocPtr d = xmlReadFile(file, NULL, XML_PARSE_NONET);
    assert_non_null(d);
    xmlXPathContextPtr x = xmlXPathNewContext(d);
    xmlXPathRegisterNs(x, BAD_CAST "a",
                       BAD_CAST "http://www.loc.gov/standards/alto/ns-v4#");
    xmlXPathRegisterNs(x, BAD_CAST "m", BAD_CAST "http://www.loc.gov/METS/");
    xmlXPathObjectPtr r = xmlXPathEvalExpression(BAD_CAST expr, x);
    assert_non_null(r);
    static char out[4096];
    out[0] = '\0';
    for (int i = 0; r->nodesetval && i < r->nodesetval->nodeNr; i++) {
        xmlChar *v = xmlNodeGetContent(r->nodesetval->nodeTab[i]);
        if (i)
            strncat(out, " ", sizeof out - strlen(out) - 1);
        strncat(out, (const char *)v, sizeof out - strlen(out) - 1);
        xmlFree(v);
    }
    xmlXPathFreeObject(r);
    xmlXPathFreeContext(x);
    xmlFreeDoc(d);
    return out;
}

static void test_blocks_and_order(void **state)
{
    fixture *fx = *state;
    bm_error err;
    bm_error_init(&err);
    bm_alto_options opt = {"9.9", 1};
    assert_int_equal(bm_alto_write(&fx->doc, &opt, fx->dir, &err), BM_OK);
    char p1[128], p2[128], mets[128];
    snprintf(p1, sizeof p1, "%s/page-01.xml", fx->dir);
    snprintf(p2, sizeof p2, "%s/page-02.xml", fx->dir);
    snprintf(mets, sizeof mets, "%s/mets.xml", fx->dir);

    /* blocks: running head, headline (both lines), the paragraph in two
     * columns, jump line, a2's headline and caption; photo and rule */
    assert_string_equal(xpath(p1, "//a:TextBlock/@ID"),
                        "P1_TB1 P1_TB2 P1_TB3 P1_TB4 P1_TB5 P1_TB6 P1_TB7");
    assert_string_equal(xpath(p1, "//a:TextBlock[@ID='P1_TB2']//a:String/@CONTENT"),
                        "大桥通车 跨江六分钟");
    assert_string_equal(xpath(p1, "//a:Illustration/@ID"), "P1_IL1");
    assert_string_equal(xpath(p1, "//a:GraphicalElement/@ID"), "P1_GE1");
    /* the articles in edition order, a2's photo just before its caption;
     * no furniture */
    assert_string_equal(xpath(p1, "//a:ReadingOrder//a:ElementRef/@REF"),
                        "P1_TB2 P1_TB3 P1_TB4 P1_TB6 P1_IL1 P1_TB7");
    assert_string_equal(xpath(p1, "//a:Page/@LANG"), "zh-CN");
    /* a String's box in 1/1200 inch: 40 pt = 666.7 */
    assert_string_equal(
        xpath(p1, "//a:TextBlock[@ID='P1_TB3']/a:TextLine[1]/a:String/@HPOS"),
        "667");
    assert_string_equal(xpath(p1, "//a:processingSoftware/a:softwareVersion"),
                        "9.9");

    /* page 2: the repeated headline is furniture; real spaces are SPs */
    assert_string_equal(xpath(p2, "//a:ReadingOrder//a:ElementRef/@REF"),
                        "P2_TB3");
    assert_string_equal(xpath(p2, "//a:TextBlock[@ID='P2_TB3']//a:String/@CONTENT"),
                        "Wi-Fi 6 覆盖全桥。");
    assert_string_equal(xpath(p2, "//a:TextBlock[@ID='P2_TB3']//a:SP/@ID"),
                        "P2_TB3_L1_SP2 P2_TB3_L1_SP4");

    /* METS: a1 holds its blocks on both pages, a2 its three */
    assert_string_equal(
        xpath(mets, "//m:div[@TYPE='ARTICLE'][1]//m:area/@BEGIN"),
        "P1_TB2 P1_TB3 P1_TB4 P2_TB3");
    assert_string_equal(
        xpath(mets, "//m:div[@TYPE='ARTICLE'][1]//m:area/@FILEID"),
        "ALTO_P1 ALTO_P1 ALTO_P1 ALTO_P2");
    assert_string_equal(
        xpath(mets, "//m:div[@TYPE='ARTICLE'][2]//m:area/@BEGIN"),
        "P1_TB6 P1_IL1 P1_TB7");
    assert_string_equal(xpath(mets, "//m:div[@TYPE='ARTICLE']/@LABEL"),
                        "大桥通车 跨江六分钟 图书馆开放");
    assert_string_equal(xpath(mets, "//m:fileGrp[@USE='PDF']//@*[local-name()='href']"),
                        "page-01.pdf page-02.pdf");
    assert_string_equal(xpath(mets, "//m:div[@TYPE='SECTION']/@LABEL"),
                        "第1版 要闻");
}

static void test_unwritable_dir(void **state)
{
    fixture *fx = *state;
    bm_error err;
    bm_error_init(&err);
    assert_int_equal(bm_alto_write(&fx->doc, NULL, "/nonexistent/dir", &err),
                     BM_IO);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_blocks_and_order, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_unwritable_dir, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
