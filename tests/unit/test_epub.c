/*
 * test_epub.c - the EPUB back end: build an edition in code (invented text
 * with 翀, the Extension-B 𠀋, ——, ……, 《》), write it, reopen it with
 * libzip and libxml2 and check the container, the package metadata, the
 * documents and navigation; then determinism, atomic failure, images and
 * the cover options.
 *
 * Run as `test_epub --write FILE.epub [--missing-image] [--tofu] [--embed]
 * [--ref REF.txt]` it only writes the sample edition, and with --ref the
 * text of its articles in reading order (tests/e2e/epub.sh validates the
 * file with epubcheck, roundtrip.py and a reading system; --tofu adds a
 * character that no installed font has, which the reader test must see).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <zip.h>
#include <hb.h>

#include "epub/epub.h"
#include "ingest/ingest.h"
#include "epub/epub_private.h"

/* a 4x3 RGB PNG */
static const unsigned char tiny_png[] = {
    0x89,0x50,0x4e,0x47,0x0d,0x0a,0x1a,0x0a,0x00,0x00,0x00,0x0d,0x49,0x48,
    0x44,0x52,0x00,0x00,0x00,0x04,0x00,0x00,0x00,0x03,0x08,0x02,0x00,0x00,
    0x00,0x3b,0x96,0x39,0x91,0x00,0x00,0x00,0x10,0x49,0x44,0x41,0x54,0x78,
    0x9c,0x63,0x68,0x50,0x50,0x80,0x23,0x06,0x9c,0x1c,0x00,0xb4,0x27,0x09,
    0x01,0xc7,0x60,0x86,0xf2,0x00,0x00,0x00,0x00,0x49,0x45,0x4e,0x44,0xae,
    0x42,0x60,0x82};

static char tmpdir[256];

static const char *tmp(const char *name)
{
    static char buf[4][512];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", tmpdir, name);
    return buf[k];
}

static void write_file(const char *path, const void *data, size_t n)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(data, 1, n, fp), n);
    fclose(fp);
}

#define S(ed, s) bm_edition_str(ed, s, strlen(s))

static const char *P1 =
    "今年以来，河西新区翀宇路沿线新建口袋公园十二处，居民步行五分钟即可到达"
    "绿地。“我们每天傍晚都来散步。”家住附近的𠀋先生说。";
static const char *P2 =
    "新区还将推出《河西绿道手册》——沿线设置指示牌、休息座椅和饮水点……"
    "预计年底前全部完工，总长度达到36.5公里。";
static const char *P3 = "据介绍，绿道二期工程已完成设计，明年春季动工。";

/* The sample edition: 3 pages, the middle one without articles. */
static int with_tofu;   /* --tofu: a character no installed font has */

static bm_edition *sample(int missing_image)
{
    bm_edition *ed = bm_edition_new();
    bm_src src = {"edition.xml", 1, 1};
    ed->dir = S(ed, tmpdir);
    ed->title = "河西日报";
    ed->date = "2026-01-01";
    ed->issue = "第12345号";
    ed->publisher = "河西日报社";
    write_file(tmp("photo.png"), tiny_png, sizeof tiny_png);

    bm_page *p1 = bm_edition_add_page(ed, "要闻", src);
    bm_article *a = bm_page_add_article(ed, p1, "lead", BM_ARTICLE, src);
    a->role = BM_ROLE_LEAD;
    a->kicker = "绿道串起城市生活";
    a->headline = "河西新区口袋公园\n让居民出门见绿";
    a->subhead = "——全年新建绿地十二处";
    a->byline = "本报讯（记者　王　芳）";
    a->editor_code = "③5";
    bm_block *b = bm_article_add_block(ed, a, BM_BLOCK_PARAGRAPH, src);
    b->text = P1;
    b = bm_article_add_block(ed, a, BM_BLOCK_SUBHEADING, src);
    b->text = "绿道二期";
    b = bm_article_add_block(ed, a, BM_BLOCK_PARAGRAPH, src);
    b->text = P2;
    b = bm_article_add_block(ed, a, BM_BLOCK_FIGURE, src);
    b->image = missing_image ? "gone.png" : "photo.png";
    b->caption = "市民在翀宇路口袋公园休闲。";
    b->code = "②2";   /* the photo's own editor code */
    b->credit = "记者　李　明　摄";
    b = bm_article_add_block(ed, a, BM_BLOCK_PARAGRAPH, src);
    b->text = P3;
    if (with_tofu) {   /* U+17000, a Tangut ideograph */
        b = bm_article_add_block(ed, a, BM_BLOCK_PARAGRAPH, src);
        b->text = "西夏文\xF0\x97\x80\x80字。";
    }

    a = bm_page_add_article(ed, p1, "second", BM_ARTICLE, src);
    a->label = "今日关注";   /* a section label opening a run */
    bm_page_add_section(ed, p1, "今日关注");
    a->headline = "老街换新颜";
    a->editor_code = "①2";
    b = bm_article_add_block(ed, a, BM_BLOCK_PARAGRAPH, src);
    b->text = "老街改造后重新开放，沿街商铺陆续营业。";
    b = bm_article_add_block(ed, a, BM_BLOCK_FIGURE, src);   /* trailing */
    b->caption = "图为改造后的老街。";

    bm_edition_add_page(ed, "专版", src);   /* no articles */

    bm_page *p3 = bm_edition_add_page(ed, "城区", src);
    bm_page_add_section(ed, p3, "城区时讯");
    for (int i = 0; i < 2; i++) {
        a = bm_page_add_article(ed, p3, i ? "brief2" : "brief1",
                                BM_ARTICLE_BRIEF, src);
        a->group = "城区时讯";
        a->label = i ? NULL : "城区时讯";   /* the box's title: shown once */
        a->headline = i ? "社区食堂开张" : "图书馆延长开放";
        b = bm_article_add_block(ed, a, BM_BLOCK_PARAGRAPH, src);
        b->text = i ? "首批二十户老人已登记就餐。" : "每晚开放至九时。";
    }
    return ed;
}

/* ---- reading the result back --------------------------------------------- */

typedef struct book {
    zip_t *za;
} book;

static void book_open(book *bk, const char *path)
{
    int ze = 0;
    bk->za = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
    assert_non_null(bk->za);
}

static char *entry(book *bk, const char *name, size_t *len)
{
    zip_stat_t st;
    if (zip_stat(bk->za, name, 0, &st) != 0)
        return NULL;
    zip_file_t *f = zip_fopen(bk->za, name, 0);
    assert_non_null(f);
    char *buf = malloc(st.size + 1);
    assert_int_equal(zip_fread(f, buf, st.size), (zip_int64_t)st.size);
    buf[st.size] = '\0';
    zip_fclose(f);
    if (len)
        *len = st.size;
    return buf;
}

static xmlDocPtr entry_xml(book *bk, const char *name)
{
    size_t n;
    char *s = entry(bk, name, &n);
    assert_non_null(s);
    xmlDocPtr d = xmlReadMemory(s, (int)n, name, NULL, XML_PARSE_NONET);
    free(s);
    assert_non_null(d);
    return d;
}

/* string value of an XPath expression */
static char *xp(xmlDocPtr d, const char *expr)
{
    xmlXPathContextPtr cx = xmlXPathNewContext(d);
    xmlXPathRegisterNs(cx, BAD_CAST "opf", BAD_CAST EP_NS_OPF);
    xmlXPathRegisterNs(cx, BAD_CAST "dc", BAD_CAST EP_NS_DC);
    xmlXPathRegisterNs(cx, BAD_CAST "h", BAD_CAST EP_NS_XHTML);
    xmlXPathRegisterNs(cx, BAD_CAST "epub", BAD_CAST EP_NS_OPS);
    xmlXPathRegisterNs(cx, BAD_CAST "ncx", BAD_CAST EP_NS_NCX);
    xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST expr, cx);
    assert_non_null(o);
    xmlChar *s = xmlXPathCastToString(o);
    char *r = strdup((const char *)s);
    xmlFree(s);
    xmlXPathFreeObject(o);
    xmlXPathFreeContext(cx);
    return r;
}

static void expect_xp(xmlDocPtr d, const char *expr, const char *want)
{
    char *got = xp(d, expr);
    if (strcmp(got, want) != 0)
        fail_msg("%s: got '%s', want '%s'", expr, got, want);
    free(got);
}

/* Every text of every article, in reading order (roundtrip.py's --ref). */
static void write_ref(const char *path)
{
    bm_edition *ed = sample(0);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    for (size_t p = 0; p < ed->npages; p++)
        for (size_t i = 0; i < ed->pages[p]->narticles; i++) {
            const bm_article *a = ed->pages[p]->articles[i];
            const char *f[] = {a->group, a->kicker, a->headline, a->subhead,
                               a->byline};
            for (size_t k = 0; k < 5; k++)
                if (f[k] && (k || i == 0 || !ed->pages[p]->articles[i - 1]->group))
                    fprintf(fp, "%s\n", f[k]);
            size_t last = a->nblocks ? a->nblocks - 1 : 0; /* text ends */
            for (size_t b = 0; b < a->nblocks; b++)
                if (a->blocks[b].kind == BM_BLOCK_PARAGRAPH ||
                    a->blocks[b].kind == BM_BLOCK_NOTE)
                    last = b;
            for (size_t b = 0; b < a->nblocks; b++) {
                const bm_block *bl = &a->blocks[b];
                fprintf(fp, "%s%s%s%s\n", bl->text ? bl->text : "",
                        bl->caption ? bl->caption : "",
                        bl->code ? bl->code : "",
                        bl->credit ? bl->credit : "");
                if (b == last && a->editor_code)
                    fprintf(fp, "%s\n", a->editor_code);
            }
            if (!a->nblocks && a->editor_code)
                fprintf(fp, "%s\n", a->editor_code);
        }
    fclose(fp);
    bm_edition_free(ed);
}

static int embed;   /* --embed: embed the Noto Serif CJK SC subset */

static void write_sample(const char *path, int missing_image)
{
    bm_edition *ed = sample(missing_image);
    bm_error err;
    bm_error_init(&err);
    bm_epub_options opt = {0};
    if (embed) {
        opt.embed_font = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc";
        opt.embed_index = 2;
    }
    bm_status st = bm_epub_write(ed, &opt, path, &err);
    if (st != BM_OK)
        fail_msg("bm_epub_write: %s", err.msg);
    bm_edition_free(ed);
}

/* ---- tests ------------------------------------------------------------------ */

static void container_and_metadata(void **state)
{
    (void)state;
    const char *path = tmp("a.epub");
    write_sample(path, 0);
    book bk;
    book_open(&bk, path);

    /* mimetype first, stored, exact content */
    zip_stat_t st;
    assert_int_equal(zip_stat_index(bk.za, 0, 0, &st), 0);
    assert_string_equal(st.name, "mimetype");
    assert_int_equal(st.comp_method, ZIP_CM_STORE);
    char *mt = entry(&bk, "mimetype", NULL);
    assert_string_equal(mt, "application/epub+zip");
    free(mt);
    assert_int_equal(zip_stat_index(bk.za, 1, 0, &st), 0);
    assert_string_equal(st.name, "META-INF/container.xml");
    assert_int_equal(st.comp_method, ZIP_CM_DEFLATE);
    assert_int_equal(zip_file_extra_fields_count(bk.za, 0, ZIP_FL_CENTRAL), 0);
    assert_int_equal(zip_file_extra_fields_count(bk.za, 0, ZIP_FL_LOCAL), 0);
    /* every entry carries SOURCE_DATE_EPOCH (2026-01-01T00:00:00Z) */
    for (zip_int64_t i = 0; i < zip_get_num_entries(bk.za, 0); i++) {
        assert_int_equal(zip_stat_index(bk.za, (zip_uint64_t)i, 0, &st), 0);
        struct tm tm;
        localtime_r(&st.mtime, &tm);   /* libzip reads DOS time as local */
        assert_int_equal(tm.tm_year, 126);
        assert_int_equal(tm.tm_mon, 0);
        assert_int_equal(tm.tm_mday, 1);
        assert_int_equal(tm.tm_hour, 0);
    }

    xmlDocPtr c = entry_xml(&bk, "META-INF/container.xml");
    char *opf_path = xp(c, "string(//*[local-name()='rootfile']/@full-path)");
    assert_string_equal(opf_path, "OEBPS/content.opf");
    xmlFreeDoc(c);

    xmlDocPtr opf = entry_xml(&bk, opf_path);
    free(opf_path);
    expect_xp(opf, "string(/opf:package/@xml:lang)", "zh-CN");
    expect_xp(opf, "string(/opf:package/@unique-identifier)", "uid");
    /* uuid5(NAMESPACE_URL, "banmian:edition:河西日报|2026-01-01|第12345号") */
    expect_xp(opf, "string(//dc:identifier[@id='uid'])",
              "urn:uuid:c43e0b84-5f0c-5404-a754-91ec538beb01");
    expect_xp(opf, "string(//dc:title)", "河西日报 2026年1月1日");
    expect_xp(opf, "string(//dc:language)", "zh-CN");
    expect_xp(opf, "string(//dc:date)", "2026-01-01");
    expect_xp(opf, "string(//dc:publisher)", "河西日报社");
    expect_xp(opf, "string(count(//opf:meta[@property='dcterms:modified']))",
              "1");
    expect_xp(opf, "string(//opf:meta[@property='dcterms:modified'])",
              "2026-01-01T00:00:00Z");
    expect_xp(opf, "string(//opf:meta[@property='source-of'])", "pagination");
    expect_xp(opf, "string(//opf:meta[@property='source-of']/@refines)",
              "#print-source");
    expect_xp(opf, "string(count(//dc:source[@id='print-source']))", "1");
    expect_xp(opf, "string(count(//opf:meta[@property='schema:accessMode']))",
              "2");
    expect_xp(opf, "string(//opf:meta[@property='schema:accessModeSufficient'])",
              "textual");
    expect_xp(opf, "string(count(//opf:meta[@property="
                   "'schema:accessibilityFeature']))", "5");
    expect_xp(opf, "string(//opf:meta[@property='schema:accessibilityHazard'])",
              "none");
    char *sum = xp(opf, "string(//opf:meta[@property="
                        "'schema:accessibilitySummary'])");
    assert_non_null(strstr(sum, "替代文字"));
    free(sum);
    expect_xp(opf, "string(//opf:meta[@name='cover']/@content)", "cover-image");
    expect_xp(opf, "string(//opf:item[@id='cover-image']/@properties)",
              "cover-image");
    expect_xp(opf, "string(//opf:item[@id='cover-image']/@media-type)",
              "image/svg+xml");
    expect_xp(opf, "string(//opf:item[@properties='nav']/@href)", "nav.xhtml");
    expect_xp(opf, "string(//opf:spine/@toc)", "ncx");
    expect_xp(opf, "string(//opf:spine/@page-progression-direction)", "ltr");
    /* spine: cover, front, then the 4 articles in page order */
    expect_xp(opf, "string(count(//opf:itemref))", "6");
    expect_xp(opf, "string(//opf:itemref[1]/@idref)", "cover");
    expect_xp(opf, "string(//opf:itemref[2]/@idref)", "front");
    expect_xp(opf, "string(//opf:itemref[3]/@idref)", "article-001");
    expect_xp(opf, "string(//opf:itemref[6]/@idref)", "article-004");
    expect_xp(opf, "string(//opf:item[@media-type='image/png']/@href)",
              "images/img-001.png");
    /* every manifest item is in the container, and vice versa */
    expect_xp(opf, "string(count(//opf:item))", "11");
    assert_int_equal(zip_get_num_entries(bk.za, 0), 11 + 3);
    xmlFreeDoc(opf);
    zip_close(bk.za);
}

static void article_documents(void **state)
{
    (void)state;
    const char *path = tmp("b.epub");
    write_sample(path, 0);
    book bk;
    book_open(&bk, path);
    xmlDocPtr d = entry_xml(&bk, "OEBPS/article-001.xhtml");
    expect_xp(d, "string(/h:html/@xml:lang)", "zh-CN");
    expect_xp(d, "string(/h:html/@lang)", "zh-CN");
    expect_xp(d, "string(//h:span[@epub:type='pagebreak']/@id)", "page-1");
    expect_xp(d, "string(//h:header/h:p[@class='kicker'])", "绿道串起城市生活");
    expect_xp(d, "string(count(//h:h1))", "1");
    expect_xp(d, "string(count(//h:h1/h:br))", "1");
    expect_xp(d, "string(//h:h1)", "河西新区口袋公园让居民出门见绿");
    expect_xp(d, "string(//h:h1/text()[2])", "让居民出门见绿");
    expect_xp(d, "string(//h:header/h:p[@class='subhead'])",
              "——全年新建绿地十二处");
    expect_xp(d, "string(//h:p[@class='byline'])", "本报讯（记者　王　芳）");
    /* its U+3000 gaps are the 1/2-em span.gap of an ASCII space (the PDF's
     * name gap, display.c rule 5), the text unchanged */
    expect_xp(d, "string(count(//h:p[@class='byline']/h:span[@class='gap']))", "2");
    expect_xp(d, "string(//h:p[@class='byline']/h:span[@class='gap'][1])", "　");
    /* paragraphs exactly, in order, with the subheading between them */
    char *p1 = xp(d, "string(//h:article/h:p[not(@class)][1])");
    assert_string_equal(p1, P1);
    free(p1);
    expect_xp(d, "string(name(//h:h2/preceding-sibling::*[1]))", "p");
    expect_xp(d, "string(//h:h2)", "绿道二期");
    char *p2 = xp(d, "string(//h:h2/following-sibling::h:p[1])");
    assert_string_equal(p2, P2);
    free(p2);
    expect_xp(d, "string(//h:figure/h:img/@src)", "images/img-001.png");
    expect_xp(d, "string(//h:figure/h:img/@alt)", "市民在翀宇路口袋公园休闲。");
    expect_xp(d, "string(//h:figure/h:img/@width)", "4");
    expect_xp(d, "string(//h:figcaption/h:span[@class='credit'])",
              "记者　李　明　摄");
    expect_xp(d, "string(//h:figcaption/h:span[@class='editor-code'])", "②2");
    expect_xp(d, "string(//h:figcaption/text()[1])", "市民在翀宇路口袋公园休闲。");
    expect_xp(d, "string(//h:article/*[last()][@class='editor-code'])", "③5");
    expect_xp(d, "string(//h:head/h:link/@href)", "style.css");
    xmlFreeDoc(d);

    /* page 2 has no articles: its marker and page 3's open article 3 */
    d = entry_xml(&bk, "OEBPS/article-003.xhtml");
    expect_xp(d, "string(count(//h:span[@epub:type='pagebreak']))", "2");
    expect_xp(d, "string(//h:span[@epub:type='pagebreak'][2]/@id)", "page-3");
    expect_xp(d, "string(//h:p[@class='group'])", "城区时讯");
    expect_xp(d, "string(count(//h:p[@class='section-label']))", "0");
    xmlFreeDoc(d);
    /* a section label stands before the article that opens its run; the
     * editor code ends the text, a photo after the text follows it */
    d = entry_xml(&bk, "OEBPS/article-002.xhtml");
    expect_xp(d, "string(name(//h:p[@class='editor-code']/"
                 "following-sibling::*[1]))", "figure");
    expect_xp(d, "string(//h:p[@class='editor-code']/"
                 "preceding-sibling::*[1])", "老街改造后重新开放，沿街商铺陆续营业。");
    expect_xp(d, "string(//h:body/h:p[@class='section-label'])", "今日关注");
    expect_xp(d, "string(name(//h:p[@class='section-label']/"
                 "following-sibling::*[1]))", "article");
    xmlFreeDoc(d);
    d = entry_xml(&bk, "OEBPS/article-001.xhtml");
    expect_xp(d, "string(count(//h:p[@class='section-label']))", "0");
    xmlFreeDoc(d);
    d = entry_xml(&bk, "OEBPS/article-004.xhtml");
    expect_xp(d, "string(count(//h:p[@class='group']))", "0");
    expect_xp(d, "string(count(//h:span[@epub:type='pagebreak']))", "0");
    xmlFreeDoc(d);

    d = entry_xml(&bk, "OEBPS/front.xhtml");
    expect_xp(d, "string(//h:h1)", "河西日报");
    expect_xp(d, "string(//h:p[@class='dateline'])", "2026年1月1日 星期四");
    expect_xp(d, "string(//h:p[@class='issue'])", "第12345号");
    expect_xp(d, "string(count(//h:section[@id='contents']//h:a))", "4");
    expect_xp(d, "string(//h:section[@id='contents']//h:a[1])",
              "河西新区口袋公园 让居民出门见绿");
    expect_xp(d, "string(//h:h3[2])", "第3版　城区");
    expect_xp(d, "string(//h:h3[2]/following-sibling::h:p[1][@class='sections'])",
              "城区时讯");
    xmlFreeDoc(d);

    d = entry_xml(&bk, "OEBPS/cover.xhtml");
    expect_xp(d, "string(//h:img/@src)", "cover.svg");
    char *alt = xp(d, "string(//h:img/@alt)");
    assert_non_null(strstr(alt, "河西日报"));
    free(alt);
    xmlFreeDoc(d);
    d = entry_xml(&bk, "OEBPS/cover.svg");
    char *txt = xp(d, "string(/*)");
    assert_non_null(strstr(txt, "河西新区口袋公园"));
    free(txt);
    xmlFreeDoc(d);

    char *css = entry(&bk, "OEBPS/style.css", NULL);
    assert_non_null(strstr(css, "text-align: justify"));
    assert_non_null(strstr(css, "text-indent: 2em"));
    assert_non_null(strstr(css, "line-break: strict"));
    assert_null(strstr(css, "direction"));
    assert_null(strstr(css, "background"));
    free(css);
    zip_close(bk.za);
}

static void navigation(void **state)
{
    (void)state;
    const char *path = tmp("c.epub");
    write_sample(path, 0);
    book bk;
    book_open(&bk, path);
    xmlDocPtr d = entry_xml(&bk, "OEBPS/nav.xhtml");
    const char *toc = "//h:nav[@epub:type='toc']";
    char e[256];
    snprintf(e, sizeof e, "string(count(%s/h:ol/h:li))", toc);
    expect_xp(d, e, "2");   /* pages 1 and 3 */
    snprintf(e, sizeof e, "string(%s/h:ol/h:li[1]/h:a)", toc);
    expect_xp(d, e, "第1版　要闻");
    snprintf(e, sizeof e, "string(%s/h:ol/h:li[1]/h:a/@href)", toc);
    expect_xp(d, e, "article-001.xhtml#page-1");
    /* a section label: page -> label -> the articles of its run */
    snprintf(e, sizeof e, "string(%s/h:ol/h:li[1]/h:ol/h:li[2]/h:span)", toc);
    expect_xp(d, e, "今日关注");
    snprintf(e, sizeof e,
             "string(%s/h:ol/h:li[1]/h:ol/h:li[2]/h:ol/h:li[1]/h:a/@href)", toc);
    expect_xp(d, e, "article-002.xhtml#a-second");
    /* the briefs box: page -> section -> articles */
    snprintf(e, sizeof e, "string(%s/h:ol/h:li[2]/h:ol/h:li[1]/h:span)", toc);
    expect_xp(d, e, "城区时讯");
    snprintf(e, sizeof e,
             "string(count(%s/h:ol/h:li[2]/h:ol/h:li[1]/h:ol/h:li))", toc);
    expect_xp(d, e, "2");
    expect_xp(d, "string(count(//h:nav[@epub:type='page-list']//h:a))", "3");
    expect_xp(d, "string(//h:nav[@epub:type='page-list']//h:li[3]/h:a/@href)",
              "article-003.xhtml#page-3");
    expect_xp(d, "string(//h:nav[@epub:type='page-list']/@hidden)", "hidden");
    expect_xp(d, "string(//h:nav[@epub:type='landmarks']//h:a"
                 "[@epub:type='bodymatter']/@href)", "article-001.xhtml");
    expect_xp(d, "string(//h:nav[@epub:type='landmarks']//h:a"
                 "[@epub:type='toc']/@href)", "front.xhtml#contents");
    xmlFreeDoc(d);

    d = entry_xml(&bk, "OEBPS/toc.ncx");
    expect_xp(d, "string(//ncx:meta[@name='dtb:uid']/@content)",
              "urn:uuid:c43e0b84-5f0c-5404-a754-91ec538beb01");
    expect_xp(d, "string(//ncx:meta[@name='dtb:depth']/@content)", "3");
    expect_xp(d, "string(count(//ncx:pageTarget))", "3");
    expect_xp(d, "string(count(//ncx:navMap//ncx:navPoint))", "8");
    /* same target, same playOrder; page 1 starts before its article */
    expect_xp(d, "string(//ncx:pageTarget[1]/@playOrder)", "1");
    expect_xp(d, "string(//ncx:navMap/ncx:navPoint[1]/@playOrder)", "1");
    expect_xp(d, "string(//ncx:navMap/ncx:navPoint[1]/ncx:navPoint[1]"
                 "/@playOrder)", "2");
    /* page 2's marker precedes page 3's in article 3: 1 2 | 3 4 5 | 6 7 */
    expect_xp(d, "string(//ncx:pageTarget[2]/@playOrder)", "4");
    expect_xp(d, "string(//ncx:pageTarget[3]/@playOrder)", "5");
    expect_xp(d, "string(//ncx:navMap/ncx:navPoint[2]/@playOrder)", "5");
    expect_xp(d, "string(//ncx:navMap/ncx:navPoint[2]/ncx:navPoint[1]"
                 "/@playOrder)", "6");
    xmlFreeDoc(d);
    zip_close(bk.za);
}

static int same_file(const char *a, const char *b)
{
    FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
    assert_non_null(fa);
    assert_non_null(fb);
    int ca, cb, same = 1;
    do {
        ca = fgetc(fa), cb = fgetc(fb);
        if (ca != cb)
            same = 0;
    } while (same && ca != EOF);
    fclose(fa);
    fclose(fb);
    return same;
}

static void deterministic(void **state)
{
    (void)state;
    write_sample(tmp("d1.epub"), 0);
    /* another time zone and another output name: the same bytes */
    setenv("TZ", "Asia/Shanghai", 1);
    tzset();
    write_sample(tmp("d2.epub"), 0);
    setenv("TZ", "UTC", 1);
    tzset();
    assert_true(same_file(tmp("d1.epub"), tmp("d2.epub")));
    /* and SOURCE_DATE_EPOCH does change them */
    setenv("SOURCE_DATE_EPOCH", "1767312000", 1);
    write_sample(tmp("d3.epub"), 0);
    setenv("SOURCE_DATE_EPOCH", "1767225600", 1);
    assert_false(same_file(tmp("d1.epub"), tmp("d3.epub")));
}

static void atomic_failures(void **state)
{
    (void)state;
    bm_edition *ed = sample(0);
    bm_error err;
    bm_error_init(&err);
    assert_int_equal(bm_epub_write(ed, NULL, tmp("no/such/dir/x.epub"), &err),
                     BM_IO);
    /* a failing write leaves neither the file nor its temporary */
    const char *out = tmp("fail.epub");
    bm_error_init(&err);
    bm_fault_set(0, 1);
    assert_int_equal(bm_epub_write(ed, NULL, out, &err), BM_IO);
    bm_fault_set(0, 0);
    struct stat sb;
    assert_int_not_equal(stat(out, &sb), 0);
    char cmd[700];
    snprintf(cmd, sizeof cmd, "ls -a \"$(dirname '%s')\" | grep -q '^[.]fail[.]epub[.].*[.]tmp$'",
             out);
    assert_int_not_equal(system(cmd), 0);
    bm_edition_free(ed);
}

static void missing_image_warns(void **state)
{
    (void)state;
    bm_edition *ed = sample(1);
    bm_error err;
    bm_error_init(&err);
    const char *path = tmp("m.epub");
    assert_int_equal(bm_epub_write(ed, NULL, path, &err), BM_OK);
    assert_int_equal(ed->diags.count, 1);
    assert_non_null(strstr(ed->diags.first->msg, "gone.png"));
    bm_edition_free(ed);
    book bk;
    book_open(&bk, path);
    xmlDocPtr d = entry_xml(&bk, "OEBPS/article-001.xhtml");
    expect_xp(d, "string(count(//h:img))", "0");
    expect_xp(d, "string(//h:figcaption)", "市民在翀宇路口袋公园休闲。②2　记者　李　明　摄");
    xmlFreeDoc(d);
    zip_close(bk.za);
}

static void bare_issue_number(void **state)
{
    (void)state;
    bm_edition *ed = sample(0);
    ed->issue = "18263";
    bm_error err;
    bm_error_init(&err);
    const char *path = tmp("i.epub");
    assert_int_equal(bm_epub_write(ed, NULL, path, &err), BM_OK);
    bm_edition_free(ed);
    book bk;
    book_open(&bk, path);
    xmlDocPtr d = entry_xml(&bk, "OEBPS/front.xhtml");
    expect_xp(d, "string(//h:p[@class='issue'])", "第18263期");
    xmlFreeDoc(d);
    zip_close(bk.za);
}

static void cover_png_option(void **state)
{
    (void)state;
    bm_edition *ed = sample(0);
    bm_epub_options opt = {0};
    bm_error err;
    bm_error_init(&err);
    /* as the build gives it: read and checked at ingest, passed as bytes */
    const bm_image *pic = NULL;
    assert_int_equal(bm_ingest_cover(tmp("photo.png"), ed->arena, &pic, &err),
                     BM_OK);
    opt.cover_data = pic->data;
    opt.cover_len = pic->len;
    const char *path = tmp("p.epub");
    assert_int_equal(bm_epub_write(ed, &opt, path, &err), BM_OK);
    book bk;
    book_open(&bk, path);
    xmlDocPtr d = entry_xml(&bk, "OEBPS/content.opf");
    expect_xp(d, "string(//opf:item[@id='cover-image']/@href)", "cover.png");
    expect_xp(d, "string(count(//opf:item[@href='cover.svg']))", "0");
    xmlFreeDoc(d);
    zip_close(bk.za);

    /* the cover kept as its PNG bytes (compressed already), not deflated
     * again; the chapters deflated */
    {
        int ze = 0;
        zip_t *za = zip_open(path, ZIP_RDONLY, &ze);
        assert_non_null(za);
        zip_stat_t zs;
        assert_int_equal(zip_stat(za, "OEBPS/cover.png", 0, &zs), 0);
        assert_int_equal(zs.comp_method, ZIP_CM_STORE);
        assert_int_equal(zs.size, pic->len);
        assert_int_equal(zip_stat(za, "OEBPS/content.opf", 0, &zs), 0);
        assert_int_equal(zs.comp_method, ZIP_CM_DEFLATE);
        zip_close(za);
    }

    /* not a PNG: refused when it is read, before anything is written */
    write_file(tmp("not.png"), "GIF89a", 6);
    const bm_image *cv = NULL;
    bm_error_init(&err);
    assert_int_equal(bm_ingest_cover(tmp("not.png"), ed->arena, &cv, &err),
                     BM_INPUT);
    assert_null(cv);
    assert_string_equal(err.file, tmp("not.png"));
    assert_non_null(strstr(err.msg, "not a PNG"));
    /* and a library caller's file: bad input, no file */
    opt.cover_data = NULL;
    opt.cover_len = 0;
    opt.cover_png = tmp("not.png");
    const char *bad = tmp("bad.epub");
    bm_error_init(&err);
    assert_int_equal(bm_epub_write(ed, &opt, bad, &err), BM_INPUT);
    struct stat sb;
    assert_int_not_equal(stat(bad, &sb), 0);
    bm_edition_free(ed);
}

#define NOTO_SERIF "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"

static int has_glyph(hb_font_t *f, uint32_t cp)
{
    hb_codepoint_t g = 0;
    return hb_font_get_nominal_glyph(f, cp, &g) && g != 0;
}

static void embedded_font(void **state)
{
    (void)state;
    bm_edition *ed = sample(0);
    bm_epub_options opt = {0};
    opt.embed_font = NOTO_SERIF;   /* fonts-noto-cjk, CFF, face 2 = SC */
    opt.embed_index = 2;
    bm_error err;
    bm_error_init(&err);
    const char *path = tmp("f.epub");
    if (bm_epub_write(ed, &opt, path, &err) != BM_OK)
        fail_msg("%s", err.msg);
    book bk;
    book_open(&bk, path);
    xmlDocPtr d = entry_xml(&bk, "OEBPS/content.opf");
    expect_xp(d, "string(//opf:item[@id='font-body']/@href)", "fonts/body.otf");
    expect_xp(d, "string(//opf:item[@id='font-body']/@media-type)", "font/otf");
    xmlFreeDoc(d);
    d = entry_xml(&bk, "META-INF/com.apple.ibooks.display-options.xml");
    expect_xp(d, "string(//option[@name='specified-fonts'])", "true");
    xmlFreeDoc(d);
    char *css = entry(&bk, "OEBPS/style.css", NULL);
    assert_non_null(strstr(css, "@font-face"));
    assert_non_null(strstr(css, "url(\"fonts/body.otf\")"));
    /* device fonts first: the subset comes after them in the body list */
    char *body = strstr(css, "body {");
    assert_non_null(body);
    assert_true(strstr(body, "\"Songti SC\"") < strstr(body, "\"banmian body\""));
    free(css);

    /* the subset has a cmap for the book's characters, and only those */
    size_t n;
    char *font = entry(&bk, "OEBPS/fonts/body.otf", &n);
    assert_non_null(font);
    assert_true(n < 200 * 1024);
    hb_blob_t *blob = hb_blob_create(font, (unsigned)n, HB_MEMORY_MODE_READONLY,
                                     NULL, NULL);
    hb_face_t *face = hb_face_create(blob, 0);
    hb_font_t *f = hb_font_create(face);
    assert_true(has_glyph(f, 0x6CB3));    /* 河 */
    assert_true(has_glyph(f, 0x7FC0));    /* 翀 */
    assert_true(has_glyph(f, 0x300A));    /* 《 */
    assert_true(has_glyph(f, 'A'));
    assert_false(has_glyph(f, 0x9F98));   /* 龘: not in the book */

    /* every character of every XHTML document the source face has */
    hb_blob_t *sblob = hb_blob_create_from_file(NOTO_SERIF);
    hb_face_t *sface = hb_face_create(sblob, 2);
    hb_font_t *sf = hb_font_create(sface);
    int checked = 0;
    for (zip_int64_t i = 0; i < zip_get_num_entries(bk.za, 0); i++) {
        const char *name = zip_get_name(bk.za, (zip_uint64_t)i, 0);
        if (!strstr(name, ".xhtml"))
            continue;
        size_t xl;
        char *x = entry(&bk, name, &xl);
        for (size_t k = 0; k < xl;) {
            uint32_t cp;
            int len = bm_utf8_decode(x + k, xl - k, &cp);
            assert_true(len > 0);
            k += (size_t)len;
            if (cp >= 0x80 && has_glyph(sf, cp)) {
                if (!has_glyph(f, cp))
                    fail_msg("U+%04X of %s is not in the subset", cp, name);
                checked++;
            }
        }
        free(x);
    }
    assert_true(checked > 200);
    hb_font_destroy(sf);
    hb_face_destroy(sface);
    hb_blob_destroy(sblob);
    hb_font_destroy(f);
    hb_face_destroy(face);
    hb_blob_destroy(blob);
    free(font);
    zip_close(bk.za);

    /* not a font: a font error, no file */
    opt.embed_font = tmp("photo.png");
    opt.embed_index = 0;
    const char *bad = tmp("fbad.epub");
    bm_error_init(&err);
    assert_int_equal(bm_epub_write(ed, &opt, bad, &err), BM_FONT);
    struct stat sb;
    assert_int_not_equal(stat(bad, &sb), 0);
    bm_edition_free(ed);
}

static void uuid_known_answer(void **state)
{
    (void)state;
    char u[37];
    ep_uuid5("http://python.org/", u);   /* RFC 4122 / Python's uuid5 */
    assert_string_equal(u, "4c565f0d-3f5a-5890-b41b-20cf47701c5e");
    unsigned char h[20];
    ep_sha1("abc", 3, h);                /* FIPS 180-4 example */
    assert_int_equal(h[0], 0xa9);
    assert_int_equal(h[19], 0x9d);
    char *m = malloc(1000001);
    memset(m, 'a', 1000000);             /* multi-block input */
    ep_sha1(m, 1000000, h);
    free(m);
    assert_int_equal(h[0], 0x34);
    assert_int_equal(h[1], 0xaa);
    assert_int_equal(h[19], 0x6f);
}

static void make_tmpdir(void)
{
    const char *base = getenv("TEST_TMP");
    snprintf(tmpdir, sizeof tmpdir, "%s/test_epub.XXXXXX",
             base && *base ? base : "/tmp");
    assert_non_null(mkdtemp(tmpdir));
}

int main(int argc, char **argv)
{
    setenv("SOURCE_DATE_EPOCH", "1767225600", 1);   /* 2026-01-01 */
    setenv("TZ", "UTC", 1);
    tzset();
    make_tmpdir();
    if (argc >= 3 && strcmp(argv[1], "--write") == 0) {
        int missing = 0;
        for (int i = 3; i < argc; i++) {
            if (strcmp(argv[i], "--embed") == 0)
                embed = 1;
            missing |= strcmp(argv[i], "--missing-image") == 0;
            with_tofu |= strcmp(argv[i], "--tofu") == 0;
        }
        write_sample(argv[2], missing);
        for (int i = 3; i + 1 < argc; i++)
            if (strcmp(argv[i], "--ref") == 0)
                write_ref(argv[i + 1]);
        return 0;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(uuid_known_answer),
        cmocka_unit_test(container_and_metadata),
        cmocka_unit_test(article_documents),
        cmocka_unit_test(navigation),
        cmocka_unit_test(deterministic),
        cmocka_unit_test(atomic_failures),
        cmocka_unit_test(missing_image_warns),
        cmocka_unit_test(cover_png_option),
        cmocka_unit_test(bare_issue_number),
        cmocka_unit_test(embedded_font),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        rc = 1;
    return rc;
}
