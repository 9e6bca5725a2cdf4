/*
 * test_ingest_xml.c - edition.xml and article XML: reading, every error
 * with file:line:col, hostile input (XXE, entity bombs, paths leaving the
 * edition), and write -> read round trips.  Each test builds its edition in
 * a fresh temporary directory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ingest/ingest.h"

/* ---- helpers ------------------------------------------------------------- */

static char *tmpdir(void)
{
    const char *base = getenv("TEST_TMP");
    char tmpl[512];
    snprintf(tmpl, sizeof tmpl, "%s/xmlXXXXXX", base && *base ? base : "/tmp");
    char *d = mkdtemp(tmpl);
    assert_non_null(d);
    return strdup(d);
}

static void put(const char *dir, const char *name, const char *text)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    char *slash = strrchr(path, '/');
    *slash = '\0';
    mkdir(path, 0777);
    *slash = '/';
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

static void rmtree(const char *dir)
{
    char cmd[1100];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

static const char *EDITION =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<edition version=\"1\">\n"
    "  <title>青川晚报</title>\n"
    "  <date>2026-03-14</date>\n"
    "  <issue>第4021号</issue>\n"
    "  <page section=\"要闻\">\n"
    "    <article href=\"articles/a.xml\" role=\"lead\"/>\n"
    "  </page>\n"
    "</edition>\n";

static const char *ARTICLE_A =
    "<article id=\"a\">\n"
    "  <kicker>城东交通</kicker>\n"
    "  <headline><line>青川二桥</line><line>今日通车</line></headline>\n"
    "  <byline>本报讯（记者　林　堃）</byline>\n"
    "  <body>\n"
    "    <p>大桥全长\n"
    "       1.86公里，采用\n"
    "       EPC模式建设。</p>\n"
    "    <p>Latin words\n   wrap with a space.</p>\n"
    "    <h>夜间照明</h>\n"
    "    <note>相关链接：见第2版。</note>\n"
    "  </body>\n"
    "  <code>①3</code>\n"
    "</article>\n";

/* An edition dir with edition.xml = EDITION and articles/a.xml = art. */
static char *edition_with(const char *art)
{
    char *d = tmpdir();
    put(d, "edition.xml", EDITION);
    put(d, "articles/a.xml", art);
    return d;
}

/* Reads dir expecting BM_INPUT; returns the error (and all problems). */
static bm_error read_bad(const char *dir, bm_arena *a, bm_diags *all)
{
    bm_error err;
    bm_error_init(&err);
    bm_edition *ed = (bm_edition *)1;
    bm_diags_init(all, a);
    assert_int_equal(bm_ingest_edition(dir, &ed, all, &err), BM_INPUT);
    assert_null(ed);
    assert_true(all->count >= 1);
    return err;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && !strcmp(s + a - b, suffix);
}

/* ---- reading ------------------------------------------------------------- */

static void test_read(void **state)
{
    (void)state;
    char *d = edition_with(ARTICLE_A);
    bm_edition *ed = NULL;
    bm_error err;
    bm_error_init(&err);
    assert_int_equal(bm_ingest_edition(d, &ed, NULL, &err), BM_OK);
    assert_int_equal(bm_model_check(ed, &err), BM_OK);
    assert_string_equal(ed->title, "青川晚报");
    assert_string_equal(ed->date, "2026-03-14");
    assert_string_equal(ed->issue, "第4021号");
    assert_string_equal(ed->lang, "zh-CN");
    assert_null(ed->publisher);
    assert_int_equal(ed->npages, 1);
    bm_page *pg = ed->pages[0];
    assert_string_equal(pg->section, "要闻");
    assert_int_equal(pg->narticles, 1);
    bm_article *ar = pg->articles[0];
    assert_string_equal(ar->id, "a");
    assert_int_equal(ar->kind, BM_ARTICLE);
    assert_int_equal(ar->role, BM_ROLE_LEAD);
    assert_string_equal(ar->kicker, "城东交通");
    assert_string_equal(ar->headline, "青川二桥\n今日通车");
    assert_null(ar->subhead);
    assert_string_equal(ar->byline, "本报讯（记者　林　堃）");
    assert_string_equal(ar->editor_code, "①3");
    assert_int_equal(ar->nblocks, 4);
    /* a line break between Chinese characters goes; elsewhere one space */
    assert_string_equal(ar->blocks[0].text, "大桥全长1.86公里，采用EPC模式建设。");
    assert_string_equal(ar->blocks[1].text, "Latin words wrap with a space.");
    assert_int_equal(ar->blocks[2].kind, BM_BLOCK_SUBHEADING);
    assert_int_equal(ar->blocks[3].kind, BM_BLOCK_NOTE);
    assert_true(ends_with(ar->src.file, "articles/a.xml"));
    assert_int_equal(ar->src.line, 1);
    assert_int_equal(ar->blocks[2].src.line, 11);
    assert_int_equal(ar->blocks[2].src.col, 5);
    bm_edition_free(ed);
    rmtree(d);
    free(d);
}

/* Each problem is reported at its file:line:col, all of them at once. */
static void test_errors_line_col(void **state)
{
    (void)state;
    char *d = edition_with("<article id=\"a\" kind=\"video\">\n"
                           "  <headline>标题</headline>\n"
                           "  <body>\n"
                           "    <p>正文</p><p></p>\n"
                           "    <table/>\n"
                           "  </body>\n"
                           "  <kicker>晚了</kicker>\n"
                           "</article>\n");
    bm_arena *a = bm_arena_new();
    bm_diags all;
    bm_error err = read_bad(d, a, &all);
    assert_true(ends_with(err.file, "articles/a.xml"));
    assert_int_equal(err.line, 1);
    assert_int_equal(err.col, 17); /* kind= */
    assert_non_null(strstr(err.msg, "unknown article kind 'video'"));
    assert_int_equal(all.count, 4);
    const bm_diag *g = all.first->next;
    assert_int_equal(g->line, 4);
    assert_int_equal(g->col, 14); /* the second <p> on the line */
    assert_non_null(strstr(g->msg, "<p> is empty"));
    g = g->next;
    assert_int_equal(g->line, 5);
    assert_int_equal(g->col, 5);
    assert_non_null(strstr(g->msg, "unknown element <table>"));
    g = g->next;
    assert_int_equal(g->line, 7);
    assert_non_null(strstr(g->msg, "<kicker> must come before <body>"));
    bm_arena_free(a);
    rmtree(d);
    free(d);
}

/* Tags spread over lines, several on a line, comments and CDATA with '<'. */
static void test_positions(void **state)
{
    (void)state;
    char *d = edition_with("<article id=\"a\">\n"
                           "<!-- <p> in a comment -->\n"
                           "  <body><p><![CDATA[<p>]]></p><p>乙</p><p>丙</p>\n"
                           "    <figure\n"
                           "       alt=\"src=\"\n"
                           "       src=\"../x.png\"/>\n"
                           "  </body>\n"
                           "</article>\n");
    bm_arena *a = bm_arena_new();
    bm_diags all;
    bm_error err = read_bad(d, a, &all);
    assert_int_equal(err.line, 6);
    assert_int_equal(err.col, 8);
    bm_arena_free(a);
    rmtree(d);
    free(d);
    d = edition_with("<article id=\"a\">\n"
                     "<!-- <p> in a comment -->\n"
                     "  <body><p><![CDATA[<p>]]></p><p>乙</p><p>丙</p></body>\n"
                     "</article>\n");
    bm_edition *ed = NULL;
    bm_error_init(&err);
    assert_int_equal(bm_ingest_edition(d, &ed, NULL, &err), BM_OK);
    const bm_article *ar = ed->pages[0]->articles[0];
    assert_string_equal(ar->blocks[0].text, "<p>");
    assert_int_equal(ar->blocks[2].src.line, 3);
    assert_int_equal(ar->blocks[2].src.col, 39);
    bm_edition_free(ed);
    rmtree(d);
    free(d);
}

/* Text comes out NFC: e + combining acute becomes one character. */
static void test_nfc(void **state)
{
    (void)state;
    char *d = edition_with("<article id=\"a\"><headline>Cafe\xcc\x81</headline>"
                           "<body><p>A\xcc\x8a 与 \xe8\xb1\x88</p></body></article>");
    bm_edition *ed = NULL;
    bm_error err;
    bm_error_init(&err);
    assert_int_equal(bm_ingest_edition(d, &ed, NULL, &err), BM_OK);
    const bm_article *ar = ed->pages[0]->articles[0];
    assert_string_equal(ar->headline, "Caf\xc3\xa9");
    assert_string_equal(ar->blocks[0].text, "\xc3\x85 与 \xe8\xb1\x88");
    bm_edition_free(ed);
    rmtree(d);
    free(d);
}

static void test_not_well_formed(void **state)
{
    (void)state;
    char *d = edition_with("<article id=\"a\">\n"
                           "  <body><p>正文</b></body>\n"
                           "</article>\n");
    bm_arena *a = bm_arena_new();
    bm_diags all;
    bm_error err = read_bad(d, a, &all);
    assert_int_equal(err.line, 2);
    assert_true(err.col > 0);
    assert_non_null(strstr(err.msg, "not well-formed"));
    assert_int_equal(all.count, 1); /* no echoes */
    bm_arena_free(a);
    rmtree(d);
    free(d);
}

static void test_empty_and_duplicates(void **state)
{
    (void)state;
    char *d = tmpdir();
    put(d, "edition.xml",
        "<edition version=\"1\"><page>\n"
        "<article href=\"articles/a.xml\"/>\n"
        "<article href=\"articles/b.xml\"/>\n"
        "<article href=\"articles/c.xml\"/>\n"
        "<article href=\"articles/none.xml\"/>\n"
        "</page></edition>\n");
    put(d, "articles/a.xml", "<article id=\"a\"><body><p>甲</p></body></article>");
    put(d, "articles/b.xml", "<article id=\"a\"><body><p>乙</p></body></article>");
    put(d, "articles/c.xml", "<article id=\"c\"><headline>空</headline><body/></article>");
    bm_arena *a = bm_arena_new();
    bm_diags all;
    read_bad(d, a, &all);
    assert_int_equal(all.count, 3);
    assert_non_null(strstr(all.first->msg, "duplicate article id 'a'"));
    assert_true(ends_with(all.first->file, "articles/b.xml"));
    assert_non_null(strstr(all.first->next->msg, "article 'c' is empty"));
    assert_non_null(strstr(all.first->next->next->msg, "'articles/none.xml' not found"));
    assert_int_equal(all.first->next->next->line, 5);
    bm_arena_free(a);
    rmtree(d);
    free(d);
}

/* label='' on an <article>: the section label over it (stacked with &#10;);
 * without <label>s the page's labels are derived from them; '' is an error. */
static void test_labels(void **state)
{
    (void)state;
    char *d = tmpdir();
    put(d, "edition.xml",
        "<edition version=\"1\"><page section=\"城区\">\n"
        "<article href=\"articles/a.xml\" label=\"城区\"/>\n"
        "<article href=\"articles/b.xml\"/>\n"
        "<article href=\"articles/c.xml\" label=\" 奋进新征程&#10;★ 城区时讯 \"/>\n"
        "</page></edition>\n");
    put(d, "articles/a.xml", "<article id=\"a\"><body><p>甲。</p></body></article>");
    put(d, "articles/b.xml", "<article id=\"b\"><body><p>乙。</p></body></article>");
    put(d, "articles/c.xml", "<article id=\"c\"><body><p>丙。</p></body></article>");
    bm_edition *ed = NULL;
    bm_error err;
    bm_error_init(&err);
    assert_int_equal(bm_ingest_edition(d, &ed, NULL, &err), BM_OK);
    const bm_page *pg = ed->pages[0];
    assert_string_equal(pg->articles[0]->label, "城区");
    assert_null(pg->articles[1]->label);
    assert_string_equal(pg->articles[2]->label, "奋进新征程\n★ 城区时讯");
    assert_int_equal(pg->nsections, 3);
    assert_string_equal(pg->sections[0], "城区");
    assert_string_equal(pg->sections[1], "奋进新征程");
    assert_string_equal(pg->sections[2], "★ 城区时讯");
    bm_edition_free(ed);
    /* listed <label>s lacking an article's label: it is added after them */
    put(d, "edition.xml",
        "<edition version=\"1\"><page>\n"
        "<label>城区</label><label>专版</label>\n"
        "<article href=\"articles/a.xml\" label=\"专版\"/>\n"
        "<article href=\"articles/b.xml\" label=\"便民\"/>\n"
        "</page></edition>\n");
    assert_int_equal(bm_ingest_edition(d, &ed, NULL, &err), BM_OK);
    pg = ed->pages[0];
    assert_int_equal(pg->nsections, 3);
    assert_string_equal(pg->sections[1], "专版");
    assert_string_equal(pg->sections[2], "便民");
    bm_edition_free(ed);
    put(d, "edition.xml",
        "<edition version=\"1\"><page>\n"
        "<article href=\"articles/a.xml\" label=\" \"/>\n"
        "</page></edition>\n");
    bm_arena *a = bm_arena_new();
    bm_diags all;
    err = read_bad(d, a, &all);
    assert_non_null(strstr(err.msg, "empty label=''"));
    assert_int_equal(err.line, 2);
    bm_arena_free(a);
    rmtree(d);
    free(d);
}

/* ---- hostile input --------------------------------------------------------- */

static void test_xxe(void **state)
{
    (void)state;
    char *d = tmpdir();
    put(d, "secret.txt", "TOPSECRET-4711");
    char art[2048];
    snprintf(art, sizeof art,
             "<?xml version=\"1.0\"?>\n"
             "<!DOCTYPE article [ <!ENTITY x SYSTEM \"file://%s/secret.txt\"> ]>\n"
             "<article id=\"a\"><body><p>&x;</p></body></article>\n",
             d);
    put(d, "edition.xml", EDITION);
    put(d, "articles/a.xml", art);
    bm_arena *a = bm_arena_new();
    bm_diags all;
    bm_error err = read_bad(d, a, &all);
    assert_int_equal(err.line, 2);
    assert_int_equal(err.col, 1);
    assert_non_null(strstr(err.msg, "DOCTYPE"));
    for (const bm_diag *g = all.first; g; g = g->next)
        assert_null(strstr(g->msg, "TOPSECRET"));
    assert_int_equal(all.count, 1);
    bm_arena_free(a);
    rmtree(d);
    free(d);
}

static void test_entity_bomb(void **state)
{
    (void)state;
    char *d = tmpdir();
    put(d, "edition.xml",
        "<?xml version=\"1.0\"?>\n"
        "<!DOCTYPE edition [\n"
        " <!ENTITY a \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">\n"
        " <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
        " <!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
        " <!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n"
        " <!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">\n"
        " <!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">\n"
        " <!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">\n"
        "]>\n"
        "<edition version=\"1\"><title>&g;</title><page><article "
        "href=\"a.xml\"/></page></edition>\n");
    bm_arena *a = bm_arena_new();
    bm_diags all;
    bm_error err = read_bad(d, a, &all);
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.msg, "DOCTYPE"));
    assert_int_equal(all.count, 1);
    bm_arena_free(a);
    rmtree(d);
    free(d);
}

/* An undeclared entity is an error too, not silently empty text. */
static void test_undeclared_entity(void **state)
{
    (void)state;
    char *d = edition_with("<article id=\"a\"><body><p>&nbsp;</p></body></article>");
    bm_arena *a = bm_arena_new();
    bm_diags all;
    bm_error err = read_bad(d, a, &all);
    assert_non_null(strstr(err.msg, "nbsp"));
    bm_arena_free(a);
    rmtree(d);
    free(d);
}

static void test_path_escape(void **state)
{
    (void)state;
    char *outside = tmpdir();
    put(outside, "secret.png", "\x89PNG\r\n\x1a\n");
    char *d = tmpdir();
    put(d, "edition.xml", EDITION);
    char link[1024], target[1024];
    snprintf(link, sizeof link, "%s/images", d);
    mkdir(link, 0777);
    snprintf(link, sizeof link, "%s/images/leak.png", d);
    snprintf(target, sizeof target, "%s/secret.png", outside);
    assert_int_equal(symlink(target, link), 0);
    put(d, "articles/a.xml",
        "<article id=\"a\"><body>\n"
        "<figure src=\"../secret.png\"/>\n"
        "<figure src=\"/etc/passwd\"/>\n"
        "<figure src=\"images/leak.png\"/>\n"
        "<figure src=\"http://example.invalid/x.png\"/>\n"
        "<figure src=\"images/./../../x.png\"/>\n"
        "</body></article>\n");
    bm_arena *a = bm_arena_new();
    bm_diags all;
    read_bad(d, a, &all);
    assert_int_equal(all.count, 5);
    const bm_diag *g = all.first;
    assert_non_null(strstr(g->msg, "leaves the edition directory"));
    assert_int_equal(g->line, 2);
    assert_int_equal(g->col, 9);
    g = g->next;
    assert_non_null(strstr(g->msg, "absolute path"));
    g = g->next;
    assert_non_null(strstr(g->msg, "symbolic link leading outside"));
    g = g->next;
    assert_non_null(strstr(g->msg, "URL"));
    g = g->next;
    assert_non_null(strstr(g->msg, "leaves the edition directory"));
    bm_arena_free(a);
    rmtree(d);
    rmtree(outside);
    free(d);
    free(outside);
}

/* A generator gone wrong: thousands of problems on one line are listed up
 * to a cap, and finding them stays linear. */
static void test_many_problems(void **state)
{
    (void)state;
    size_t n = 20000;
    char *art = malloc(n * 24 + 100);
    strcpy(art, "<article id=\"a\"><body><p>甲</p>");
    char *p = art + strlen(art);
    for (size_t i = 0; i < n; i++)
        p += sprintf(p, i % 2 ? "<p/>" : "<figure src=\"/x\"/>");
    strcpy(p, "</body></article>");
    char *d = edition_with(art);
    free(art);
    bm_arena *a = bm_arena_new();
    bm_diags all;
    bm_error err = read_bad(d, a, &all);
    assert_int_equal(err.line, 1);
    assert_int_equal(err.col, 39); /* src= of the first figure */
    assert_int_equal(all.count, 501);
    assert_non_null(strstr(all.last->msg, "too many problems"));
    bm_arena_free(a);
    rmtree(d);
    free(d);
}

static void test_deep_nesting(void **state)
{
    (void)state;
    char art[4096] = "<article id=\"a\"><body>";
    for (int i = 0; i < 300; i++)
        strcat(art, "<p>");
    char *d = edition_with(art);
    bm_arena *a = bm_arena_new();
    bm_diags all;
    bm_error err = read_bad(d, a, &all);
    assert_non_null(strstr(err.msg, "nested more than 256 deep"));
    bm_arena_free(a);
    rmtree(d);
    free(d);
}

static void test_size_limit(void **state)
{
    (void)state;
    char *d = tmpdir();
    put(d, "edition.xml", EDITION);
    char path[1024];
    snprintf(path, sizeof path, "%s/articles", d);
    mkdir(path, 0777);
    snprintf(path, sizeof path, "%s/articles/a.xml", d);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fseek(fp, BM_INGEST_MAX_XML + 1, SEEK_SET), 0);
    fputc(' ', fp);
    fclose(fp);
    bm_arena *a = bm_arena_new();
    bm_diags all;
    bm_error err = read_bad(d, a, &all);
    assert_non_null(strstr(err.msg, "limit"));
    bm_arena_free(a);
    rmtree(d);
    free(d);
}

static void test_no_edition(void **state)
{
    (void)state;
    char *d = tmpdir();
    bm_arena *a = bm_arena_new();
    bm_diags all;
    bm_error err = read_bad(d, a, &all);
    assert_non_null(strstr(err.msg, "no edition.xml"));
    bm_arena_free(a);
    rmtree(d);
    free(d);
}

/* ---- writing ----------------------------------------------------------------- */

/* A whole 40 x 30 RGB PNG (images are decoded when read). */
static const unsigned char tiny_png[] = {
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d,
    0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x28, 0x00, 0x00, 0x00, 0x1e,
    0x08, 0x02, 0x00, 0x00, 0x00, 0xd1, 0xbf, 0xcb, 0x8a, 0x00, 0x00, 0x00,
    0x2b, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0xed, 0xcd, 0x31, 0x0d, 0x00,
    0x00, 0x08, 0x03, 0xb0, 0xc9, 0x41, 0x22, 0x12, 0x91, 0x85, 0x0c, 0x38,
    0x9a, 0xf4, 0x6f, 0xa6, 0xeb, 0x44, 0xc4, 0x62, 0xb1, 0x58, 0x2c, 0x16,
    0x8b, 0xc5, 0x62, 0xb1, 0x58, 0xfc, 0x37, 0x5e, 0xd5, 0xfd, 0x97, 0xdb,
    0x8e, 0x6f, 0xf3, 0x69, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44,
    0xae, 0x42, 0x60, 0x82,
};

static bm_edition *sample(const char *imgdir)
{
    bm_edition *ed = bm_edition_new();
    ed->dir = bm_edition_str(ed, imgdir, strlen(imgdir));
    ed->title = "青川晚报";
    ed->date = "2026-03-14";
    ed->issue = "第4021号";
    ed->publisher = "青川晚报社 & Co <test>";
    ed->layout = "tabloid";
    bm_src s = {0};
    bm_page *p1 = bm_edition_add_page(ed, "要闻", s);
    bm_article *ar = bm_page_add_article(ed, p1, "lead-1", BM_ARTICLE, s);
    ar->role = BM_ROLE_LEAD;
    ar->kicker = "城东交通";
    ar->headline = "青川二桥\n今日通车";
    ar->subhead = "——日均分流1.2万辆次";
    ar->byline = "本报讯（记者　林　堃）";
    ar->editor_code = "①3";
    bm_block *b = bm_article_add_block(ed, ar, BM_BLOCK_PARAGRAPH, s);
    b->text = "全长1.86公里，“EPC”模式 <建设> & 验收。";
    b = bm_article_add_block(ed, ar, BM_BLOCK_SUBHEADING, s);
    b->text = "夜间照明";
    b = bm_article_add_block(ed, ar, BM_BLOCK_FIGURE, s);
    b->image = "images/pic.png";
    b->alt = "大桥";
    b->caption = "图为大桥。";
    b->code = "②2";
    b->credit = "记者　赵　喆　摄";
    b = bm_article_add_block(ed, ar, BM_BLOCK_NOTE, s);
    b->text = "相关链接：𠀋字见第2版。";
    /* two labels stacked over the lead; as derived: no <label> */
    ar->label = "要闻\n今日关注";
    bm_page_add_section(ed, p1, "要闻");
    bm_page_add_section(ed, p1, "今日关注");
    bm_page *p2 = bm_edition_add_page(ed, "城区", s);
    bm_page_add_section(ed, p2, "城区");      /* not derived: <label>s */
    bm_page_add_section(ed, p2, "便民服务");
    bm_page_add_section(ed, p2, "城区时讯");
    ar = bm_page_add_article(ed, p2, "photo", BM_ARTICLE_PHOTO, s);
    b = bm_article_add_block(ed, ar, BM_BLOCK_FIGURE, s);
    b->caption = "早市。";
    ar = bm_page_add_article(ed, p2, "brief_1", BM_ARTICLE_BRIEF, s);
    ar->group = "城区时讯";
    ar->headline = "公交调整";
    b = bm_article_add_block(ed, ar, BM_BLOCK_PARAGRAPH, s);
    b->text = "5路首班车提前。";
    return ed;
}

static void same_str(const char *a, const char *b)
{
    if (!a || !b)
        assert_ptr_equal(a, b);
    else
        assert_string_equal(a, b);
}

static void same_model(const bm_edition *a, const bm_edition *b)
{
    same_str(a->title, b->title);
    same_str(a->date, b->date);
    same_str(a->issue, b->issue);
    same_str(a->publisher, b->publisher);
    same_str(a->lang, b->lang);
    same_str(a->layout, b->layout);
    assert_int_equal(a->npages, b->npages);
    for (size_t p = 0; p < a->npages; p++) {
        const bm_page *pa = a->pages[p], *pb = b->pages[p];
        assert_int_equal(pa->number, pb->number);
        same_str(pa->section, pb->section);
        assert_int_equal(pa->nsections, pb->nsections);
        for (size_t k = 0; k < pa->nsections; k++)
            same_str(pa->sections[k], pb->sections[k]);
        assert_int_equal(pa->narticles, pb->narticles);
        for (size_t i = 0; i < pa->narticles; i++) {
            const bm_article *x = pa->articles[i], *y = pb->articles[i];
            same_str(x->id, y->id);
            assert_int_equal(x->kind, y->kind);
            assert_int_equal(x->role, y->role);
            same_str(x->kicker, y->kicker);
            same_str(x->headline, y->headline);
            same_str(x->subhead, y->subhead);
            same_str(x->byline, y->byline);
            same_str(x->editor_code, y->editor_code);
            same_str(x->group, y->group);
            same_str(x->label, y->label);
            assert_int_equal(x->nblocks, y->nblocks);
            for (size_t k = 0; k < x->nblocks; k++) {
                const bm_block *u = &x->blocks[k], *v = &y->blocks[k];
                assert_int_equal(u->kind, v->kind);
                same_str(u->text, v->text);
                same_str(u->image, v->image);
                same_str(u->alt, v->alt);
                same_str(u->caption, v->caption);
                same_str(u->credit, v->credit);
                same_str(u->code, v->code);
            }
        }
    }
}

static char *slurp(const char *path)
{
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    char *buf = calloc(1, 1 << 16);
    size_t n = fread(buf, 1, (1 << 16) - 1, fp);
    buf[n] = '\0';
    fclose(fp);
    return buf;
}

static void test_round_trip(void **state)
{
    (void)state;
    char *src = tmpdir();
    char img[1024];
    snprintf(img, sizeof img, "%s/images", src);
    mkdir(img, 0777);
    snprintf(img, sizeof img, "%s/images/pic.png", src);
    FILE *fp = fopen(img, "wb");
    fwrite(tiny_png, 1, sizeof tiny_png, fp);
    fclose(fp);
    bm_edition *ed = sample(src);
    char *out = tmpdir(), *out2 = tmpdir();
    bm_error err;
    bm_error_init(&err);
    assert_int_equal(bm_ingest_write_edition(ed, out, &err), BM_OK);
    bm_edition *back = NULL;
    bm_status st = bm_ingest_edition(out, &back, NULL, &err);
    if (st)
        fail_msg("%s:%d:%d: %s", err.file, err.line, err.col, err.msg);
    assert_int_equal(bm_model_check(back, &err), BM_OK);
    same_model(ed, back);
    assert_int_equal(back->pages[0]->articles[0]->blocks[2].img_w, 40);
    assert_int_equal(back->pages[0]->articles[0]->blocks[2].img_h, 30);
    /* writing what was read gives the same bytes (deterministic) */
    assert_int_equal(bm_ingest_write_edition(back, out2, &err), BM_OK);
    const char *files[] = {"edition.xml", "articles/lead-1.xml",
                           "articles/photo.xml", "articles/brief_1.xml"};
    for (size_t i = 0; i < 4; i++) {
        char a[1024], b[1024];
        snprintf(a, sizeof a, "%s/%s", out, files[i]);
        snprintf(b, sizeof b, "%s/%s", out2, files[i]);
        char *x = slurp(a), *y = slurp(b);
        assert_string_equal(x, y);
        free(x);
        free(y);
    }
    char path[1024];
    snprintf(path, sizeof path, "%s/articles/lead-1.xml", out);
    char *text = slurp(path);
    assert_non_null(strstr(text, "<line>青川二桥</line>"));
    assert_non_null(strstr(text, "&lt;建设&gt; &amp; 验收"));
    assert_non_null(strstr(text, "<caption code=\"②2\">图为大桥。</caption>"));
    free(text);
    snprintf(path, sizeof path, "%s/edition.xml", out);
    text = slurp(path);
    assert_null(strstr(text, "<label>要闻</label>"));
    assert_non_null(strstr(text, "label=\"要闻&#10;今日关注\""));
    assert_non_null(strstr(text, "<label>便民服务</label>"));
    free(text);
    bm_edition_free(back);
    bm_edition_free(ed);
    rmtree(src);
    rmtree(out);
    rmtree(out2);
    free(src);
    free(out);
    free(out2);
}

/* A failed write leaves no edition.xml (and no temp file) behind. */
static void test_write_failure(void **state)
{
    (void)state;
    char *src = tmpdir();
    bm_edition *ed = sample(src);
    ed->pages[0]->articles[0]->blocks[2].image = NULL;
    char *out = tmpdir();
    bm_error err;
    bm_error_init(&err);
    bm_fault_set(0, 2);
    assert_int_equal(bm_ingest_write_edition(ed, out, &err), BM_IO);
    bm_fault_set(0, 0);
    char path[1024];
    snprintf(path, sizeof path, "%s/edition.xml", out);
    assert_int_not_equal(access(path, F_OK), 0);
    char cmd[1100];
    snprintf(cmd, sizeof cmd, "ls -aR '%s' | grep -q '[.]tmp$'", out);
    assert_int_not_equal(system(cmd), 0);
    bm_edition_free(ed);
    rmtree(src);
    rmtree(out);
    free(src);
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_read),
        cmocka_unit_test(test_errors_line_col),
        cmocka_unit_test(test_positions),
        cmocka_unit_test(test_nfc),
        cmocka_unit_test(test_not_well_formed),
        cmocka_unit_test(test_empty_and_duplicates),
        cmocka_unit_test(test_labels),
        cmocka_unit_test(test_xxe),
        cmocka_unit_test(test_entity_bomb),
        cmocka_unit_test(test_undeclared_entity),
        cmocka_unit_test(test_path_escape),
        cmocka_unit_test(test_many_problems),
        cmocka_unit_test(test_deep_nesting),
        cmocka_unit_test(test_size_limit),
        cmocka_unit_test(test_no_edition),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_write_failure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
