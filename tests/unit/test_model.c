/* test_model.c - building the Edition tree and its invariants. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <string.h>

#include "model/model.h"

static void build_and_check(void **state)
{
    (void)state;
    bm_edition *ed = bm_edition_new();
    bm_src src = {"edition.xml", 3, 1};
    bm_page *p1 = bm_edition_add_page(ed, "要闻", src);
    bm_page *p2 = bm_edition_add_page(ed, "城区", src);
    assert_int_equal(p2->number, 2);
    for (int i = 0; i < 40; i++) {   /* forces the arrays to grow */
        char id[16];
        snprintf(id, sizeof id, "a%d", i);
        bm_article *ar = bm_page_add_article(ed, i % 2 ? p2 : p1, id,
                                             BM_ARTICLE, src);
        ar->headline = bm_edition_str(ed, "新区建成5G基站", strlen("新区建成5G基站"));
        for (int b = 0; b < 20; b++) {
            bm_block *bl = bm_article_add_block(ed, ar, BM_BLOCK_PARAGRAPH, src);
            bl->text = "正文。";
        }
    }
    bm_page_add_section(ed, p2, "城区时讯");
    assert_int_equal(p2->nsections, 1);
    assert_int_equal(p1->narticles, 20);
    assert_int_equal(p1->articles[3]->nblocks, 20);
    assert_ptr_equal(bm_edition_find_article(ed, "a7")->page, p2);
    bm_error err;
    bm_error_init(&err);
    assert_int_equal(bm_model_check(ed, &err), BM_OK);

    /* a duplicate id is caught */
    bm_page_add_article(ed, p1, "a7", BM_ARTICLE, src);
    assert_int_equal(bm_model_check(ed, &err), BM_INTERNAL);
    assert_non_null(strstr(err.msg, "a7"));
    bm_edition_free(ed);
}

static void bad_utf8_caught(void **state)
{
    (void)state;
    bm_edition *ed = bm_edition_new();
    bm_src src = {"x.xml", 1, 1};
    bm_page *p = bm_edition_add_page(ed, NULL, src);
    bm_article *ar = bm_page_add_article(ed, p, "x", BM_ARTICLE, src);
    ar->kicker = "\xE7\x89";
    bm_error err;
    bm_error_init(&err);
    assert_int_equal(bm_model_check(ed, &err), BM_INTERNAL);
    bm_edition_free(ed);
}

/* A commentary or an essay by its words: its label, kicker, group or
 * byline, or the section of its page - every story of a 评论 page is a
 * commentary, of a 副刊 an essay, but a 经济观察 page holds news (观察
 * names an essay only in a kicker or label: 记者观察). */
static void genre_by_words(void **state)
{
    (void)state;
    bm_edition *ed = bm_edition_new();
    bm_src src = {"edition.xml", 1, 1};
    bm_page *opinion = bm_edition_add_page(ed, "评论", src);
    bm_page *fukan = bm_edition_add_page(ed, "副刊", src);
    bm_page *news = bm_edition_add_page(ed, "经济观察", src);
    bm_article *a = bm_page_add_article(ed, opinion, "a", BM_ARTICLE, src);
    bm_article *b = bm_page_add_article(ed, fukan, "b", BM_ARTICLE, src);
    bm_article *c = bm_page_add_article(ed, news, "c", BM_ARTICLE, src);
    bm_article *d = bm_page_add_article(ed, news, "d", BM_ARTICLE, src);
    bm_article *e = bm_page_add_article(ed, news, "e", BM_ARTICLE_BRIEF, src);
    d->kicker = "记者观察";
    assert_true(bm_article_commentary(a) && !bm_article_essay(a));
    assert_true(bm_article_essay(b) && !bm_article_commentary(b));
    assert_true(!bm_article_essay(c) && !bm_article_commentary(c));
    assert_true(bm_article_essay(d));
    assert_false(bm_article_commentary(e)); /* a brief is neither */
    bm_edition_free(ed);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(build_and_check),
        cmocka_unit_test(bad_utf8_caught),
        cmocka_unit_test(genre_by_words),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
