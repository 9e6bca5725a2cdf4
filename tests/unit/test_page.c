/* test_page.c - layout files, the page planner, the page composer and its
 * invariants (bm_page_check). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ingest/ingest.h"
#include "layout/layout.h"

static char layouts_dir[4096];

static void find_layouts(void)
{
    const char *root = getenv("BANMIAN_ROOT");
    snprintf(layouts_dir, sizeof layouts_dir, "%s/layouts", root ? root : ".");
}

/* Writes `text` to a temporary file and returns its path (static). */
static const char *tmpfile_with(const char *text)
{
    static char path[4096];
    const char *dir = getenv("TEST_TMP");
    snprintf(path, sizeof path, "%s/layoutXXXXXX", dir ? dir : "/tmp");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    return path;
}

/* ---- layout files ---------------------------------------------------------- */

static void reads_shipped_layouts(void **state)
{
    (void)state;
    bm_arena *a = bm_arena_new();
    bm_error err;
    bm_error_init(&err);
    bm_layout *l;
    assert_int_equal(bm_ingest_layout("broadsheet", layouts_dir, a, &l, &err),
                     BM_OK);
    assert_string_equal(l->name, "broadsheet");
    assert_int_equal(l->columns, 8);
    assert_int_equal(l->body_size, BM_PT(9));
    assert_int_equal(l->col_width, 13 * BM_PT(9));
    /* 对开 ~390 x 545 mm, type area ~350 x 490 mm */
    assert_true(abs(l->page_w - BM_MM(390)) < BM_MM(1));
    assert_true(abs(l->area_h - BM_MM(490)) < BM_MM(1));
    /* the remainder of the measure goes to the gutters: 0.5-1.5 em */
    assert_true(l->gutter >= l->body_size / 2 && l->gutter <= 3 * l->body_size / 2);
    assert_true(l->line_pitch >= BM_PT(13) && l->line_pitch <= BM_PT(16));
    assert_int_equal(l->styles[BM_EL_HEADLINE1].role, BM_FONT_HEADLINE);
    assert_int_equal(l->styles[BM_EL_KICKER].role, BM_FONT_KAI);
    assert_int_equal(l->styles[BM_EL_BODY].indent, 2 * BM_PT(9));
    assert_int_equal(l->styles[BM_EL_CREDIT].align, BM_ALIGN_END);
    assert_true(l->styles[BM_EL_HEADLINE1].size > l->styles[BM_EL_HEADLINE2].size);
    assert_true(l->styles[BM_EL_HEADLINE1].min_size < l->styles[BM_EL_HEADLINE1].size);

    assert_int_equal(bm_ingest_layout("tabloid", layouts_dir, a, &l, &err), BM_OK);
    assert_true(l->columns >= 5 && l->columns <= 6);
    assert_true(abs(l->page_h - BM_MM(390)) < BM_MM(1));
    /* by file path too */
    char path[4200];
    snprintf(path, sizeof path, "%s/tabloid.xml", layouts_dir);
    assert_int_equal(bm_ingest_layout(path, NULL, a, &l, &err), BM_OK);
    assert_string_equal(l->name, "tabloid");
    bm_arena_free(a);
}

#define GOOD_HEAD                                                              \
    "<?xml version=\"1.0\"?>\n"                                                \
    "<layout name=\"t\">\n"                                                    \
    "  <page width=\"200mm\" height=\"300mm\"/>\n"                             \
    "  <type-area x=\"10mm\" y=\"10mm\" width=\"180mm\" height=\"280mm\"/>\n"
#define GOOD_TAIL                                                              \
    "  <running-head rows=\"2\"/>\n"                                           \
    "  <masthead rows=\"8\"/>\n"                                               \
    "</layout>\n"

/* Reads `text` as a layout file and expects BM_INPUT at line:col with
 * `frag` in the message; with_schema also runs layout.rng first. */
static void expect_error(const char *text, int with_schema, int line, int col,
                         const char *frag)
{
    bm_arena *a = bm_arena_new();
    bm_error err;
    bm_error_init(&err);
    bm_layout *l = NULL;
    const char *path = tmpfile_with(text);
    bm_status s = bm_ingest_layout(path, with_schema ? layouts_dir : NULL, a,
                                   &l, &err);
    if (s != BM_INPUT || err.line != line || (col && err.col != col) ||
        !strstr(err.msg, frag))
        fail_msg("got %s at %d:%d '%s'; wanted %d:%d '%s'", bm_status_name(s),
                 err.line, err.col, err.msg, line, col, frag);
    assert_string_equal(err.file, path);
    assert_null(l);
    unlink(path);
    bm_arena_free(a);
}

static void layout_errors(void **state)
{
    (void)state;
    for (int schema = 0; schema < 2; schema++) {
        /* zero columns */
        expect_error(GOOD_HEAD
                     "  <grid columns=\"0\" column-chars=\"13\" body-size=\"9pt\" "
                     "line-pitch=\"1.6em\"/>\n" GOOD_TAIL,
                     schema, 5, 9, "columns");
        /* a negative size */
        expect_error(GOOD_HEAD
                     "  <grid columns=\"5\" column-chars=\"10\" body-size=\"9pt\" "
                     "line-pitch=\"1.6em\"/>\n"
                     "  <style element=\"kicker\" size=\"-3pt\"/>\n" GOOD_TAIL,
                     schema, 6, 27, "negative");
        /* columns wider than the type area */
        expect_error(GOOD_HEAD
                     "  <grid columns=\"12\" column-chars=\"13\" "
                     "body-size=\"9pt\" line-pitch=\"1.6em\"/>\n" GOOD_TAIL,
                     schema, 5, 0, "do not fit");
        /* type area off the page */
        expect_error("<layout name=\"t\">\n"
                     "  <page width=\"200mm\" height=\"300mm\"/>\n"
                     "  <type-area x=\"30mm\" y=\"10mm\" width=\"180mm\" "
                     "height=\"280mm\"/>\n"
                     "  <grid columns=\"5\" column-chars=\"10\" "
                     "body-size=\"9pt\" line-pitch=\"1.6em\"/>\n" GOOD_TAIL,
                     schema, 3, 0, "wider than the page");
    }
    /* the reader's own checks, without the schema */
    expect_error(GOOD_HEAD
                 "  <grid columns=\"5\" column-chars=\"10\" body-size=\"9pt\" "
                 "line-pitch=\"1.6em\" colour=\"red\"/>\n" GOOD_TAIL,
                 0, 5, 74, "no attribute 'colour'");
    expect_error(GOOD_HEAD
                 "  <grid columns=\"5\" column-chars=\"10\" body-size=\"9pt\" "
                 "line-pitch=\"1.6ex\"/>\n" GOOD_TAIL,
                 0, 5, 0, "line-pitch");
    expect_error(GOOD_HEAD
                 "  <grid columns=\"5\" column-chars=\"10\" body-size=\"9pt\" "
                 "line-pitch=\"1.6em\"/>\n"
                 "  <style element=\"headline9\"/>\n" GOOD_TAIL,
                 0, 6, 10, "headline9");
    expect_error(GOOD_HEAD "  <running-head rows=\"2\"/>\n</layout>\n", 0, 2,
                 1, "<grid>");
    /* not well-formed: libxml2's position */
    expect_error("<layout name=\"t\">\n  <page width=\"1mm\"\n</layout>\n", 0,
                 3, 0, "");
    /* no DOCTYPE, so no entity can expand */
    expect_error("<?xml version=\"1.0\"?>\n"
                 "<!DOCTYPE layout [<!ENTITY big \"xxxxxxxx\">]>\n"
                 "<layout name=\"&big;\"/>\n",
                 1, 2, 1, "DOCTYPE");
    /* the schema names what it rejects */
    expect_error(GOOD_HEAD
                 "  <grid columns=\"5\" column-chars=\"10\" body-size=\"9pt\" "
                 "line-pitch=\"1.6em\"/>\n"
                 "  <frobnicate/>\n" GOOD_TAIL,
                 1, 6, 3, "frobnicate");
    /* the schema catches what the walk does not look at */
    expect_error("<layout name=\"bad name\">\n"
                 "  <page width=\"200mm\" height=\"300mm\"/>\n"
                 "  <type-area x=\"10mm\" y=\"10mm\" width=\"180mm\" "
                 "height=\"280mm\"/>\n"
                 "  <grid columns=\"5\" column-chars=\"10\" "
                 "body-size=\"9pt\" line-pitch=\"1.6em\"/>\n" GOOD_TAIL,
                 1, 1, 1, "layout.rng");

    /* unknown names */
    bm_arena *a = bm_arena_new();
    bm_error err;
    bm_error_init(&err);
    bm_layout *l;
    assert_int_equal(bm_ingest_layout("nosuch", layouts_dir, a, &l, &err),
                     BM_INPUT);
    assert_non_null(strstr(err.msg, "nosuch"));
    bm_error_init(&err);
    assert_int_equal(bm_ingest_layout("/nonexistent/x.xml", NULL, a, &l, &err),
                     BM_INPUT);
    bm_arena_free(a);
}

int main(void)
{
    find_layouts();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reads_shipped_layouts),
        cmocka_unit_test(layout_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
