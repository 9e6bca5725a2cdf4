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
#include "layout/layout_private.h"

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
    assert_int_equal(l->col_width, 12 * BM_PT(9));
    /* 对开 ~390 x 545 mm, type area ~350 x 490 mm */
    assert_true(abs(l->page_w - BM_MM(390)) < BM_MM(1));
    assert_true(abs(l->area_h - BM_MM(490)) < BM_MM(1));
    /* the remainder of the measure goes to the gutters: about 2 em, wide
     * enough that no reader (or text extractor) runs two columns together */
    assert_true(l->gutter >= 3 * l->body_size / 2 && l->gutter <= 5 * l->body_size / 2);
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


/* ---- column flow -------------------------------------------------------------- */

static void flow_balances(void **state)
{
    (void)state;
    bm_flow_item it[40];
    for (int i = 0; i < 40; i++)
        it[i] = (bm_flow_item){1, 0};
    int brk[BM_MAX_COLS + 1];
    /* 10 lines in 4 columns: 3 3 2 2 */
    assert_int_equal(bm_flow_balance(it, 10, 4, NULL, brk), 3);
    int want[] = {0, 3, 6, 8, 10};
    for (int c = 0; c <= 4; c++)
        assert_int_equal(brk[c], want[c]);
    /* heights differ by at most one, the last column the shortest */
    for (int n = 1; n <= 40; n++)
        for (int k = 1; k <= 6; k++) {
            int h = bm_flow_balance(it, n, k, NULL, brk);
            int last = brk[k] - brk[k - 1];
            for (int c = 0; c < k; c++) {
                int hc = brk[c + 1] - brk[c];
                assert_true(hc <= h && h - hc <= 1);
                assert_true(last <= hc);
            }
            assert_int_equal(brk[k], n);
        }
    /* a kept group (subheading + first line) never splits over columns */
    it[3].keep_next = BM_KEEP_HARD;
    it[4].keep_next = BM_KEEP_HARD;
    bm_flow_balance(it, 12, 3, NULL, brk);
    for (int c = 1; c < 3; c++)
        assert_true(brk[c] <= 3 || brk[c] >= 6);
    /* a soft keep (widow control) holds unless it would leave a hole */
    it[3].keep_next = BM_KEEP_NONE;
    it[4].keep_next = BM_KEEP_SOFT;
    assert_int_equal(bm_flow_cut(it, 40, 2, 5, NULL, brk), 9);
    assert_int_equal(brk[1], 5); /* gives: the column is filled */
    bm_flow_balance(it, 12, 3, NULL, brk);
    for (int c = 1; c < 3; c++)
        assert_int_not_equal(brk[c], 5);
    it[4].keep_next = BM_KEEP_NONE;
    /* a cut: 2 columns of 6 rows, the last one row short for the jump */
    assert_int_equal(bm_flow_cut(it, 40, 2, 6, NULL, brk), 11);
    assert_int_equal(brk[1], 6);
    assert_int_equal(brk[2], 11);
    /* a photo takes the top 5 rows of the first two of 3 columns: 20 lines
     * + 10 rows of photo = 30 rows, 10 a column */
    int off[3] = {5, 5, 0};
    assert_int_equal(bm_flow_balance(it, 20, 3, off, brk), 10);
    assert_int_equal(brk[1], 5);
    assert_int_equal(brk[2], 10);
    assert_int_equal(brk[3], 20);
    assert_int_equal(bm_flow_cut(it, 40, 3, 8, off, brk), 3 + 3 + 7);
}

/* Paragraphs of `lens` lines, their first two and last two kept (soft). */
static int paras_of(bm_flow_item *it, const int *lens, int np)
{
    int n = 0;
    for (int p = 0; p < np; p++)
        for (int i = 0; i < lens[p]; i++, n++)
            it[n] = (bm_flow_item){1, lens[p] >= 2 && (i == 0 || i == lens[p] - 2)
                                          ? BM_KEEP_SOFT : BM_KEEP_NONE};
    it[n - 1].keep_next = BM_KEEP_NONE;
    return n;
}

/* Soft keeps broken at the breaks brk[1..k). */
static int widows(const bm_flow_item *it, int n, int k, const int *brk)
{
    int w = 0;
    for (int c = 1; c < k; c++)
        w += brk[c] > 0 && brk[c] < n && it[brk[c] - 1].keep_next == BM_KEEP_SOFT;
    return w;
}

/* Issue 12 rule 8: a widow or orphan at a column break is moved by a line
 * (拉行/缩行) at the module's balanced depth, which the greedy fill could
 * not: the depth the planner measured stays. */
static void flow_keeps_at_depth(void **state)
{
    (void)state;
    bm_flow_item it[64];
    int brk[BM_MAX_COLS + 1];
    /* 25 lines in 3 columns, at most 9 deep: the greedy's 9 8 8 would end
     * the first column with the first line of the paragraph at line 9 */
    int a[] = {4, 4, 5, 4, 8};
    int n = paras_of(it, a, 5);
    assert_int_equal(n, 25);
    assert_int_equal(bm_flow_balance_keep(it, n, 3, NULL, 0, brk), 9);
    assert_int_equal(widows(it, n, 3, brk), 0);
    assert_int_equal(brk[1], 8); /* 8 9 8 */
    assert_int_equal(brk[2], 17);
    assert_int_equal(brk[3], n);
    /* a sweep: paragraphs of 2..7 lines in 2..6 columns; the balanced
     * depth kept, no column empty, every column but the last within a
     * line of it, and never more widows than the plain balanced breaks */
    for (int seed = 1; seed < 300; seed++) {
        int lens[24], np = 0, tot = 0;
        for (unsigned x = (unsigned)seed * 2654435761u; np < 24 && tot < 50; np++) {
            x = x * 1103515245u + 12345u;
            lens[np] = 2 + (int)((x >> 16) % 6);
            tot += lens[np];
        }
        n = paras_of(it, lens, np);
        for (int k = 2; k <= 6; k++) {
            int h = bm_flow_balance_keep(it, n, k, NULL, 0, brk);
            int deep = (n + k - 1) / k, plain[BM_MAX_COLS + 1];
            assert_true(h <= deep);
            assert_int_equal(brk[k], n);
            for (int c = 0; c < k; c++) {
                int hc = brk[c + 1] - brk[c];
                assert_true(hc >= 1 && hc <= h);
                if (c < k - 1)
                    assert_true(h - hc <= 1);
                plain[c] = c * (n / k) + (c < n % k ? c : n % k);
            }
            plain[k] = n;
            assert_true(widows(it, n, k, brk) <= widows(it, n, k, plain));
            assert_int_equal(bm_flow_soft_breaks(it, n, k, brk),
                             widows(it, n, k, brk));
        }
    }
    /* no break can hold them (3 columns of 2-line paragraphs, 2 rows
     * deep): they give, as few as the depth allows, and are counted */
    int two[] = {2, 2, 2};
    n = paras_of(it, two, 3);
    assert_int_equal(bm_flow_balance_keep(it, n, 3, NULL, 0, brk), 2);
    assert_int_equal(bm_flow_soft_breaks(it, n, 3, brk), 0);
    int odd[] = {3, 3};
    n = paras_of(it, odd, 2);
    assert_int_equal(bm_flow_balance_keep(it, n, 2, NULL, 0, brk), 3);
    assert_int_equal(bm_flow_soft_breaks(it, n, 2, brk), 0);
    assert_int_equal(bm_flow_balance_keep(it, n, 3, NULL, 0, brk), 2);
    assert_int_equal(bm_flow_soft_breaks(it, n, 3, brk), 2);
}

/* A teaser box's (导读) items, each kept whole: four of 3 lines over
 * three columns go 2-1-1, no column empty and no item broken, the depth
 * two items'; over four columns, one a column. */
static void flow_items_whole(void **state)
{
    (void)state;
    bm_flow_item it[12];
    int brk[BM_MAX_COLS + 1];
    for (int i = 0; i < 12; i++)
        it[i] = (bm_flow_item){1, i % 3 == 2 ? BM_KEEP_NONE : BM_KEEP_HARD};
    assert_int_equal(bm_flow_balance_keep(it, 12, 3, NULL, 0, brk), 6);
    assert_int_equal(brk[1], 6);
    assert_int_equal(brk[2], 9);
    assert_int_equal(brk[3], 12);
    assert_int_equal(bm_flow_balance_keep(it, 12, 4, NULL, 0, brk), 3);
    for (int c = 0; c <= 4; c++)
        assert_int_equal(brk[c], 3 * c);
    /* a cut module fills its columns the same way */
    assert_int_equal(bm_flow_cut(it, 12, 3, 7, NULL, brk), 12);
    assert_int_equal(brk[1], 6);
    assert_int_equal(brk[2], 9);
}

/* ---- the planner ---------------------------------------------------------------- */

/* A unit of `lines` body lines with a header of `head` rows. */
static bm_plan_unit unit_of(int lines, int head, int cols, int cut)
{
    bm_plan_unit u;
    memset(&u, 0, sizeof u);
    for (int k = 1; k <= cols; k++) {
        int h = head + (k >= 4 ? 2 : 0);
        u.need[k] = h + (lines + k - 1) / k;
        u.head_rows[k] = h;
        u.min_cut[k] = cut ? h + 4 : 0;
    }
    return u;
}

/* Modules inside the region, not overlapping, in whole grid cells; returns
 * the cells they leave empty (white counted by the planner included). */
static void check_plan(const bm_plan *p, const bm_plan_unit *u, int cols,
                       int rows)
{
    static char cell[BM_MAX_COLS][400];
    memset(cell, 0, sizeof cell);
    for (int i = 0; i < p->nmods; i++) {
        const bm_plan_mod *m = &p->mods[i];
        assert_true(m->col >= 0 && m->span >= 1 && m->col + m->span <= cols);
        assert_true(m->row >= 0 && m->rows >= 1 && m->row + m->rows <= rows);
        assert_true(m->unit >= 0 && m->unit < p->placed);
        if (!m->cut)
            assert_true(m->rows >= u[m->unit].need[m->span]);
        for (int c = m->col; c < m->col + m->span; c++)
            for (int r = m->row; r < m->row + m->rows; r++) {
                assert_int_equal(cell[c][r], 0);
                cell[c][r] = 1;
            }
    }
    /* every unit placed exactly once */
    for (int i = 0; i < p->placed; i++) {
        int seen = 0;
        for (int j = 0; j < p->nmods; j++)
            seen += p->mods[j].unit == i;
        assert_int_equal(seen, 1);
    }
}

static void planner_fills_pages(void **state)
{
    (void)state;
    bm_plan_unit u[12];
    bm_plan p, q;
    bm_plan_opts opts = {.cols = 8, .rows = 80, .min_span = 2, .max_span = 8,
                         .band_max = 40, .max_pad = 2, .moves = 1};
    /* plenty of text: a full page with no white, the lead at the top
     * across five eighths of the page or more (a jump dearer than a
     * little white: across all eight its text would jump) */
    int lens[] = {300, 160, 140, 120, 90, 80, 60, 50};
    for (int i = 0; i < 8; i++)
        u[i] = unit_of(lens[i], i ? 3 : 6, 8, 1);
    u[0].lead = 1;
    assert_int_equal(bm_plan_page(u, 8, &opts, &p), 0);
    check_plan(&p, u, 8, 80);
    assert_int_equal(p.white, 0);
    assert_int_equal(p.mods[0].unit, 0);
    assert_true(p.mods[0].span >= 5);
    assert_int_equal(p.mods[0].row, 0);
    /* the same input gives the same plan */
    assert_int_equal(bm_plan_page(u, 8, &opts, &q), 0);
    assert_memory_equal(&p, &q, sizeof p);

    /* too much text: something is cut or moved, still no white */
    for (int i = 0; i < 8; i++)
        u[i] = unit_of(400, 3, 8, 1);
    assert_int_equal(bm_plan_page(u, 8, &opts, &p), 0);
    check_plan(&p, u, 8, 80);
    int cuts = 0;
    for (int i = 0; i < p.nmods; i++)
        cuts += p.mods[i].cut;
    assert_true(cuts > 0 || p.placed < 8);
    assert_int_equal(p.white, 0);

    /* too little text: white is reported, never hidden */
    for (int i = 0; i < 3; i++)
        u[i] = unit_of(30, 3, 8, 0);
    assert_int_equal(bm_plan_page(u, 3, &opts, &p), 0);
    check_plan(&p, u, 8, 80);
    assert_true(p.white > 0);

    /* a page's one story, longer than the page, whose stacks are narrower
     * than the page (a tabloid's feature): across the page, cut at its
     * foot, no white */
    bm_plan_opts one = {.cols = 6, .rows = 60, .min_span = 2, .max_span = 4,
                        .band_max = 30, .max_pad = 2};
    u[0] = unit_of(900, 6, 6, 1);
    for (int k = 1; k <= 6; k++)
        u[0].min_cut[k] = 45; /* a third of it stays */
    assert_int_equal(bm_plan_page(u, 1, &one, &p), 0);
    check_plan(&p, u, 6, 60);
    assert_int_equal(p.nmods, 1);
    assert_int_equal(p.mods[0].span, 6);
    assert_int_equal(p.mods[0].rows, 60);
    assert_int_equal(p.mods[0].cut, 1);
    assert_int_equal(p.white, 0);
    /* ... and shorter than the page: whole, the white under it counted */
    u[0] = unit_of(120, 6, 6, 1);
    assert_int_equal(bm_plan_page(u, 1, &one, &p), 0);
    check_plan(&p, u, 6, 60);
    assert_int_equal(p.nmods, 1);
    assert_int_equal(p.mods[0].cut, 0);
    assert_int_equal(p.white, 6L * (60 - p.mods[0].rows));

    /* a uncuttable unit taller than the page cannot be placed there */
    u[0] = unit_of(5000, 3, 8, 0);
    for (int k = 1; k <= 8; k++)
        if (u[0].need[k] > 80)
            u[0].need[k] = 0;
    assert_int_equal(bm_plan_page(u, 1, &opts, &p), -1);
}

/* A story whose balanced columns leave a widow that a body a row deeper
 * keeps takes a spare row of its stack for it (bm_plan_mod.keep), before
 * its header's padding; one whose widow no row keeps does not. */
static void planner_spare_row_keeps_lines(void **state)
{
    (void)state;
    bm_plan_opts one = {.cols = 6, .rows = 60, .min_span = 2, .max_span = 6,
                        .band_max = 30, .max_pad = 2};
    bm_plan_unit u[1];
    bm_plan p;
    for (int kept = 0; kept <= 1; kept++) {
        u[0] = unit_of(120, 6, 6, 0);
        for (int k = 1; k <= 6; k++) {
            u[0].widows[k] = 1;
            u[0].kept[k] = kept;
            u[0].pad_max[k] = 2;
        }
        assert_int_equal(bm_plan_page(u, 1, &one, &p), 0);
        check_plan(&p, u, 6, 60);
        assert_int_equal(p.nmods, 1);
        const bm_plan_mod *m = &p.mods[0];
        assert_int_equal(m->keep, kept);
        assert_int_equal(m->rows, u[0].need[m->span] + m->grow + m->pad + m->keep);
        if (kept)   /* the row went to the body, not to the head */
            assert_true(m->rows > u[0].need[m->span]);
    }
}

/* Page 1's lead at the top left beside the stories after it (the 报眼),
 * the rest of the page under both, when across the page it would leave
 * white beside its photo. */
static void planner_lead_beside_stack(void **state)
{
    (void)state;
    bm_plan_unit u[5];
    bm_plan p;
    bm_plan_opts opts = {.cols = 8, .rows = 60, .min_span = 2, .max_span = 6,
                         .band_max = 40, .max_pad = 2};
    u[0] = unit_of(144, 6, 8, 0); /* 6 columns: 8 + 24 rows */
    u[0].lead = 1;
    u[0].white[8] = 60;           /* across: a hole beside its photo */
    for (int k = 1; 8 * k < 5 * 8; k++)
        u[0].narrow[k] = 1;       /* under 5/8 of the page (page.c) */
    u[1] = unit_of(26, 3, 8, 0);  /* 2 columns: 3 + 13 */
    u[2] = unit_of(28, 3, 8, 0);  /* 3 + 14: 16 + 1 + 17 > 32: ... */
    u[2].need[2] = 15;            /* ... 16 + 1 + 15 = 32, as deep */
    for (int i = 3; i < 5; i++) /* 4 columns: 5 + 22, side by side under */
        u[i] = unit_of(88, 3, 8, 0);
    assert_int_equal(bm_plan_page(u, 5, &opts, &p), 0);
    check_plan(&p, u, 8, 60);
    assert_int_equal(p.mods[0].unit, 0);
    assert_int_equal(p.mods[0].col, 0);
    assert_int_equal(p.mods[0].row, 0);
    assert_int_equal(p.mods[0].span, 6);
    int beside = 0;
    for (int i = 1; i < p.nmods; i++) {
        const bm_plan_mod *m = &p.mods[i];
        if (m->unit <= 2) { /* the two after the lead: beside it */
            assert_int_equal(m->col, 6);
            assert_true(m->row + m->rows <= p.mods[0].rows);
            beside++;
        } else { /* the rest under both, in reading order after them */
            assert_true(m->row > p.mods[0].rows);
        }
    }
    assert_int_equal(beside, 2);
}

/* A stack's spare rows go to its headers a row at a time, each to the one
 * it makes the smallest share of its module; with zone_cap (the page
 * composer's, on every page) none makes a header 40 % of its module: the
 * white stays at the stack's foot. */
static void planner_pads_headers(void **state)
{
    (void)state;
    bm_plan_unit u[2];
    bm_plan p;
    bm_plan_opts opts = {.cols = 2, .rows = 40, .min_span = 2, .max_span = 2,
                         .band_max = 20, .max_pad = 3};
    u[0] = unit_of(56, 3, 2, 0); /* 3 + 28 rows */
    u[1] = unit_of(10, 3, 2, 0); /* 3 + 5 rows: a short story */
    u[0].no_band = u[1].no_band = 1;
    for (int i = 0; i < 2; i++)
        for (int k = 1; k <= 2; k++)
            u[i].pad_max[k] = 3;
    /* 31 + 1 + 8 = 40: no spare row */
    assert_int_equal(bm_plan_page(u, 2, &opts, &p), 0);
    check_plan(&p, u, 2, 40);
    assert_int_equal(p.mods[0].pad + p.mods[1].pad, 0);
    /* two rows spare: both to the long story's header (3 of 31 rows is a
     * smaller share than 3 of 8), none to the short one's */
    opts.rows = 42;
    assert_int_equal(bm_plan_page(u, 2, &opts, &p), 0);
    check_plan(&p, u, 2, 42);
    assert_int_equal(p.nmods, 2);
    assert_int_equal(p.mods[0].unit, 0);
    assert_int_equal(p.mods[0].pad, 2);
    assert_int_equal(p.mods[1].pad, 0);
    assert_int_equal(p.white, 0);
    /* the short story alone, 4 rows spare: padded to fill the stack, or,
     * capped, its header stays under 40 % and the rest is white */
    bm_plan_opts one = {.cols = 2, .rows = 12, .min_span = 2, .max_span = 2,
                        .band_max = 12, .max_pad = 3};
    assert_int_equal(bm_plan_page(u + 1, 1, &one, &p), 0);
    check_plan(&p, u + 1, 2, 12);
    assert_int_equal(p.mods[0].pad, 3);
    one.zone_cap = 40;
    assert_int_equal(bm_plan_page(u + 1, 1, &one, &p), 0);
    check_plan(&p, u + 1, 2, 12);
    assert_int_equal(p.mods[0].pad, 0); /* 3 of 8 rows: 37.5 % already */
    assert_int_equal(p.white, 2L * (12 - 8));
}

/* ---- composing an edition ---------------------------------------------------------- */

/* Invented text: sentences of n characters from a small stock. */
static char *invented(bm_edition *ed, int sentences, int seed)
{
    static const char *const stock[] = {
        "新区今年建成的五条公交线路已全部通车，", "沿线居民出行时间平均缩短了十分钟。",
        "记者在现场看到，站台上的电子屏实时显示车辆到站信息，",
        "社区工作人员正在帮助老人使用手机查询班次。", "据介绍，明年还将新增两条环线，",
        "并在学校和医院附近增设临时停靠点。", "（下一步）各部门将加强协调，",
        "确保项目按期完成，让群众得到更多实惠。"};
    bm_buf b;
    bm_buf_init(&b);
    for (int i = 0; i < sentences; i++)
        bm_buf_puts(&b, stock[(i * 3 + seed) % 8]);
    const char *r = bm_edition_str(ed, b.data, b.len);
    bm_buf_free(&b);
    return (char *)r;
}

static bm_article *story(bm_edition *ed, bm_page *pg, const char *id,
                         int paras, int sentences)
{
    bm_src src = {"test.xml", 1, 1};
    bm_article *ar = bm_page_add_article(ed, pg, id, BM_ARTICLE, src);
    ar->kicker = "市政府常务会议研究部署";
    ar->headline = "新区公交线网\n全面完成优化";
    ar->byline = "本报讯（记者　王　芳）";
    ar->editor_code = "③5";
    for (int i = 0; i < paras; i++) {
        bm_block *b = bm_article_add_block(ed, ar, BM_BLOCK_PARAGRAPH, src);
        b->text = invented(ed, sentences, i);
        if (i == 1) {
            b = bm_article_add_block(ed, ar, BM_BLOCK_SUBHEADING, src);
            b->text = "服务更贴心";
        }
    }
    return ar;
}

/* The shipped fonts and layout `name` (its memory from a new arena *a). */
static void open_setup(const char *name, bm_fontset **fs, bm_arena **a,
                       bm_layout **lay, bm_error *err)
{
    char conf[4200];
    snprintf(conf, sizeof conf, "%s/../fonts/fonts.conf", layouts_dir);
    bm_error_init(err);
    if (bm_fontset_open(conf, fs, err) != BM_OK)
        fail_msg("fonts: %s", err->msg);
    *a = bm_arena_new();
    assert_int_equal(bm_ingest_layout(name, layouts_dir, *a, lay, err), BM_OK);
}

/* The diagnostics of two lay-outs, the same in the same order. */
static void same_diags(const bm_diags *a, const bm_diags *b)
{
    assert_int_equal(a->count, b->count);
    for (const bm_diag *x = a->first, *y = b->first; x || y;
         x = x->next, y = y->next) {
        assert_non_null(x);
        assert_non_null(y);
        assert_int_equal(x->sev, y->sev);
        assert_int_equal(x->line, y->line);
        assert_int_equal(x->col, y->col);
        assert_string_equal(x->file ? x->file : "", y->file ? y->file : "");
        assert_string_equal(x->msg, y->msg);
    }
}

/*
 * Body paragraphs composed ahead on a second thread (ahead.c) give the
 * layout composed in line, byte for byte, and the same warnings in the
 * same order: paragraphs that warn (a character no font has, one drawn in
 * a face of another style, text with no break wider than the measure)
 * are spread over the stories, a warning given once per edition among
 * them, so both threads meet some.
 */
static void paragraphs_ahead_are_the_same(void **state)
{
    (void)state;
    bm_error err;
    bm_fontset *fs;
    bm_arena *a;
    bm_layout *lay;
    open_setup("tabloid", &fs, &a, &lay, &err);
    bm_edition *ed = bm_edition_new();
    ed->title = "河西晚报";
    ed->date = "2026-11-20";
    bm_src src = {"ahead.xml", 1, 1};
    static const char *odd[] = {"他说\xF0\x97\x80\x80好。",   /* U+17000: no font */
                                "路名Qiaoxihuanlumingchengxinjiexiangmu长。",
                                "𪚥𫝀字。"};   /* only in BabelStone Han */
    char id[32];
    for (int p = 0; p < 4; p++) {
        bm_page *pg = bm_edition_add_page(ed, p ? "城区" : "要闻", src);
        for (int i = 0; i < 6; i++) {
            snprintf(id, sizeof id, "p%ds%d", p, i);
            bm_article *ar = story(ed, pg, bm_edition_str(ed, id, strlen(id)),
                                   3 + (i + p) % 4, 5 + i % 3);
            ar->byline = NULL;   /* the first paragraph as the model has it */
            /* the second paragraph warns: every time, or (drawn in
             * another style) once, on the last page, where the thread
             * starts */
            int k = (p * 6 + i) % 3;
            if (p == 3 && i % 2)
                k = 2;
            if (k < 2 || (p == 3 && i % 2)) {
                bm_block *w = &ar->blocks[1];
                w->text = bm_arena_printf(ed->arena, "%s%s%s", odd[k], w->text,
                                          odd[k]);
                w->src.line = p * 10 + i + 2;   /* where it warns */
            }
        }
    }
    char path[2][4200];
    char *d[2];
    size_t n[2];
    bm_diags diags[2];
    bm_layout_doc *docs[2];
    const char *tmp = getenv("TEST_TMP");
    for (int t = 0; t < 2; t++) {
        bm_fontset_set_subset_threads(fs, t + 1);
        bm_diags_init(&diags[t], a);
        bm_layout_doc *doc = NULL;
        assert_int_equal(bm_layout_edition(ed, lay, fs, &diags[t], NULL, NULL,
                                           &doc, &err), BM_OK);
        snprintf(path[t], sizeof path[t], "%s/ahead%d.json", tmp ? tmp : "/tmp", t);
        assert_int_equal(bm_layout_dump_json(doc, path[t], &err), BM_OK);
        assert_int_equal(bm_file_read(path[t], a, 1 << 26, &d[t], &n[t], &err),
                         BM_OK);
        unlink(path[t]);
        docs[t] = doc;
    }
    assert_true(diags[0].count >= 4);
    same_diags(&diags[0], &diags[1]);
    assert_int_equal(n[0], n[1]);
    assert_memory_equal(d[0], d[1], n[0]);
    /* and every glyph where it was (the dump has the lines' text) */
    assert_int_equal(docs[0]->npages, docs[1]->npages);
    for (size_t p = 0; p < docs[0]->npages; p++) {
        const bm_lpage *x = &docs[0]->pages[p], *y = &docs[1]->pages[p];
        assert_int_equal(x->nlines, y->nlines);
        for (size_t i = 0; i < x->nlines; i++) {
            assert_int_equal(x->lines[i].nglyphs, y->lines[i].nglyphs);
            assert_memory_equal(x->lines[i].glyphs, y->lines[i].glyphs,
                                x->lines[i].nglyphs * sizeof *x->lines[i].glyphs);
        }
    }
    bm_layout_doc_free(docs[0]);
    bm_layout_doc_free(docs[1]);
    bm_edition_free(ed);
    bm_fontset_close(fs);
    bm_arena_free(a);
}

/* A page's first article module: the top of the page, first in reading
 * order (NULL: none). */
static const bm_box *first_module(const bm_lpage *pg)
{
    for (size_t i = 0; i < pg->nboxes; i++)
        if (pg->boxes[i].kind == BM_BOX_MODULE && pg->boxes[i].article_id)
            return &pg->boxes[i];
    return NULL;
}

static void composes_an_edition(void **state)
{
    (void)state;
    bm_error err;
    bm_fontset *fs;
    bm_arena *a;
    bm_layout *lay;
    open_setup("tabloid", &fs, &a, &lay, &err);

    bm_edition *ed = bm_edition_new();
    ed->title = "河西晚报";
    ed->date = "2026-11-20";
    ed->issue = "18263";
    bm_src src = {"test.xml", 1, 1};
    bm_page *p1 = bm_edition_add_page(ed, "要闻", src);
    bm_page *p2 = bm_edition_add_page(ed, "城区", src);
    bm_article *lead = story(ed, p1, "lead", 8, 9);
    lead->role = BM_ROLE_LEAD;
    char id[16];
    for (int i = 0; i < 5; i++) {
        snprintf(id, sizeof id, "s%d", i);
        story(ed, p1, bm_edition_str(ed, id, strlen(id)), 4 + i, 6);
    }
    for (int i = 0; i < 3; i++) {
        snprintf(id, sizeof id, "t%d", i);
        story(ed, p2, bm_edition_str(ed, id, strlen(id)), 3, 5);
    }
    for (int i = 0; i < 3; i++) { /* a briefs box */
        snprintf(id, sizeof id, "b%d", i);
        bm_article *br = bm_page_add_article(ed, p2, bm_edition_str(ed, id, strlen(id)),
                                             BM_ARTICLE_BRIEF, src);
        br->group = "城区时讯";
        br->headline = "夜市开张";
        bm_block *b = bm_article_add_block(ed, br, BM_BLOCK_PARAGRAPH, src);
        b->text = invented(ed, 2, i);
    }
    /* a photo story whose image is absent: caption and credit, no frame */
    bm_article *ph = bm_page_add_article(ed, p2, "photo", BM_ARTICLE_PHOTO, src);
    bm_block *fig = bm_article_add_block(ed, ph, BM_BLOCK_FIGURE, src);
    fig->caption = invented(ed, 3, 1);
    fig->credit = "记者　王　芳　摄";

    bm_layout_doc *doc = NULL;
    assert_int_equal(bm_layout_edition(ed, lay, fs, &ed->diags, NULL, NULL, &doc,
                                       &err), BM_OK);
    assert_true(doc->npages >= 2);
    int jumps_down = 0, jumps_up = 0, captions = 0, credits = 0, images = 0,
        frames = 0, mastheads = 0;
    for (size_t p = 0; p < doc->npages; p++) {
        const bm_lpage *pg = &doc->pages[p];
        if (bm_page_check(pg, &err) != BM_OK)
            fail_msg("page %zu: %s", p + 1, err.msg);
        for (size_t i = 0; i < pg->nlines; i++) {
            const bm_line *l = &pg->lines[i];
            if (l->kind == BM_LINE_JUMP && strstr(l->text, "下转")) {
                jumps_down++;
                assert_true(l->link_page > pg->number);
            }
            if (l->kind == BM_LINE_JUMP && strstr(l->text, "上接")) {
                jumps_up++;
                assert_true(l->link_page > 0 && l->link_page < pg->number);
            }
            captions += l->kind == BM_LINE_CAPTION;
            credits += l->kind == BM_LINE_CREDIT;
            mastheads += l->kind == BM_LINE_MASTHEAD;
            if (l->kind == BM_LINE_CREDIT) /* right-aligned in its column */
                assert_true(l->rect.x > pg->type_area.x);
        }
        for (size_t i = 0; i < pg->nboxes; i++) {
            images += pg->boxes[i].kind == BM_BOX_IMAGE;
            frames += pg->boxes[i].kind == BM_BOX_FRAME;
        }
    }
    assert_int_equal(jumps_down, jumps_up);
    assert_true(jumps_down >= 1); /* the lead is too long for page 1 */
    assert_true(captions > 0);
    assert_int_equal(credits, 1);
    assert_int_equal(images, 0);    /* no image, no empty frame for it */
    assert_int_equal(frames, 1);    /* the briefs box */
    assert_true(mastheads >= 3);    /* title, date, weekday, issue */
    /* page 1: the lead is the first module, at the top left across five
     * eighths of the width or more (the 头条: across the page, or beside
     * a stack), and its headline is the page's largest */
    const bm_lpage *pg = &doc->pages[0];
    const bm_box *first = first_module(pg);
    assert_non_null(first);
    assert_string_equal(first->article_id, "lead");
    assert_int_equal(first->rect.x, pg->type_area.x);
    long step = (pg->type_area.w + lay->gutter) / lay->columns;
    long spans = (first->rect.w + lay->gutter + step / 2) / step;
    assert_true(8 * spans >= 5 * lay->columns);
    for (size_t i = 0; i < pg->nboxes; i++)
        if (pg->boxes[i].kind == BM_BOX_MODULE && pg->boxes[i].article_id)
            assert_true(pg->boxes[i].rect.y >= first->rect.y);
    bm_fix big = 0;
    const char *big_id = NULL;
    for (size_t i = 0; i < pg->nlines; i++)
        if (pg->lines[i].kind == BM_LINE_HEADLINE && pg->lines[i].size > big) {
            big = pg->lines[i].size;
            big_id = pg->lines[i].article_id;
        }
    assert_string_equal(big_id, "lead");
    /* the text of every line is the text of its glyphs' clusters */
    for (size_t i = 0; i < pg->nlines; i++)
        assert_int_equal(bm_utf8_check(pg->lines[i].text, pg->lines[i].len),
                         pg->lines[i].len);
    /* same input, same dump */
    char p1path[4200], p2path[4200];
    const char *tmp = getenv("TEST_TMP");
    snprintf(p1path, sizeof p1path, "%s/l1.json", tmp ? tmp : "/tmp");
    snprintf(p2path, sizeof p2path, "%s/l2.json", tmp ? tmp : "/tmp");
    assert_int_equal(bm_layout_dump_json(doc, p1path, &err), BM_OK);
    bm_layout_doc *doc2 = NULL;
    assert_int_equal(bm_layout_edition(ed, lay, fs, &ed->diags, NULL, NULL, &doc2,
                                       &err), BM_OK);
    assert_int_equal(bm_layout_dump_json(doc2, p2path, &err), BM_OK);
    char *d1, *d2;
    size_t n1, n2;
    assert_int_equal(bm_file_read(p1path, a, 1 << 26, &d1, &n1, &err), BM_OK);
    assert_int_equal(bm_file_read(p2path, a, 1 << 26, &d2, &n2, &err), BM_OK);
    assert_int_equal(n1, n2);
    assert_memory_equal(d1, d2, n1);
    assert_non_null(strstr(d1, "\"type_area\""));
    unlink(p1path);
    unlink(p2path);

    /* bm_page_check catches what it is for */
    bm_lpage bad = doc->pages[0];
    bm_line *lines = bm_arena_alloc(a, bad.nlines * sizeof *lines);
    memcpy(lines, bad.lines, bad.nlines * sizeof *lines);
    bad.lines = lines;
    size_t body = 0;
    while (lines[body].kind != BM_LINE_BODY)
        body++;
    lines[body].baseline += 3;
    assert_int_equal(bm_page_check(&bad, &err), BM_INTERNAL);
    assert_non_null(strstr(err.msg, "grid"));
    lines[body].baseline -= 3;
    lines[body].rect.x = bad.type_area.x + bad.type_area.w - 10;
    bm_error_init(&err);
    assert_int_equal(bm_page_check(&bad, &err), BM_INTERNAL);
    assert_non_null(strstr(err.msg, "type area"));
    lines[body] = doc->pages[0].lines[body];
    /* two lines on one another: the first pair in line order is named */
    assert_true(body + 5 < bad.nlines);
    lines[body + 5] = lines[body];
    bm_error_init(&err);
    assert_int_equal(bm_page_check(&bad, &err), BM_INTERNAL);
    char want[64];
    snprintf(want, sizeof want, "lines %zu and %zu overlap", body, body + 5);
    assert_non_null(strstr(err.msg, want));
    lines[body + 5] = doc->pages[0].lines[body + 5];
    bm_error_init(&err);
    assert_int_equal(bm_page_check(&bad, &err), BM_OK);
    bm_box *boxes = bm_arena_alloc(a, bad.nboxes * sizeof *boxes);
    memcpy(boxes, bad.boxes, bad.nboxes * sizeof *boxes);
    bad.boxes = boxes;
    size_t m1 = 0, m2;
    while (!(boxes[m1].kind == BM_BOX_MODULE && boxes[m1].article_id))
        m1++;
    m2 = m1 + 1;
    while (boxes[m2].kind != BM_BOX_MODULE)
        m2++;
    boxes[m2].rect.y = boxes[m1].rect.y + 1;
    bm_error_init(&err);
    assert_int_equal(bm_page_check(&bad, &err), BM_INTERNAL);
    assert_non_null(strstr(err.msg, "overlap"));

    bm_layout_doc_free(doc);
    bm_layout_doc_free(doc2);
    bm_edition_free(ed);
    bm_fontset_close(fs);
    bm_arena_free(a);
}

/* Section lines of article `id` whose text is `text` (NULL: any). */
static int sections_of(const bm_lpage *pg, const char *id, const char *text,
                       const bm_line **last)
{
    int n = 0;
    for (size_t i = 0; i < pg->nlines; i++) {
        const bm_line *l = &pg->lines[i];
        if (l->kind != BM_LINE_SECTION || !l->article_id ||
            strcmp(l->article_id, id) ||
            (text && (l->len != strlen(text) || memcmp(l->text, text, l->len))))
            continue;
        n++;
        if (last)
            *last = l;
    }
    return n;
}

/*
 * A section label (栏目) over the article that opens its run: a section line
 * at the top of that article's module, above everything else of it, a rule
 * of the frame weight under it, rows counted (nothing overlaps); a briefs
 * box whose title is the label prints it once; stacked labels each once.
 */
static void labels_over_articles(void **state)
{
    (void)state;
    bm_error err;
    bm_fontset *fs;
    bm_arena *a;
    bm_layout *lay;
    open_setup("broadsheet", &fs, &a, &lay, &err);
    bm_edition *ed = bm_edition_new();
    bm_src src = {"test.xml", 1, 1};
    bm_page *p1 = bm_edition_add_page(ed, "城区", src);
    bm_article *t0 = story(ed, p1, "t0", 5, 5); /* wide: its label fits beside */
    t0->label = "城区要闻";
    bm_article *t1 = story(ed, p1, "t1", 3, 4);
    t1->label = "今日\n关注";
    story(ed, p1, "t2", 3, 4);
    const char *ids[] = {"b0", "b1", "b2"};
    for (int i = 0; i < 3; i++) {
        bm_article *br = bm_page_add_article(ed, p1, ids[i], BM_ARTICLE_BRIEF,
                                             src);
        br->group = i < 2 ? "城区时讯" : "便民";
        br->label = i == 0 ? "城区时讯" : i == 2 ? "专栏\n便民" : NULL;
        br->headline = "夜市开张";
        bm_block *b = bm_article_add_block(ed, br, BM_BLOCK_PARAGRAPH, src);
        b->text = invented(ed, 2, i);
    }
    bm_layout_doc *doc = NULL;
    assert_int_equal(bm_layout_edition(ed, lay, fs, &ed->diags, NULL, NULL, &doc,
                                       &err), BM_OK);
    assert_int_equal(doc->npages, 1);
    const bm_lpage *pg = &doc->pages[0];
    if (bm_page_check(pg, &err) != BM_OK)
        fail_msg("%s", err.msg);

    /* t0: a one-line label beside its centred kicker, framed on that row;
     * t1: stacked labels, a bar over the module */
    assert_int_equal(sections_of(pg, "t0", NULL, NULL), 1);
    assert_int_equal(sections_of(pg, "t1", NULL, NULL), 2);
    assert_int_equal(sections_of(pg, "t2", NULL, NULL), 0);
    const char *ids_l[] = {"t0", "t1"};
    for (int k = 0; k < 2; k++) {
        const char *id = ids_l[k];
        const bm_line *lb = NULL;
        sections_of(pg, id, k ? "关注" : "城区要闻", &lb);
        assert_non_null(lb);
        const bm_box *mod = NULL, *frame = NULL;
        for (size_t i = 0; i < pg->nboxes; i++) {
            const bm_box *b = &pg->boxes[i];
            if (b->article_id && !strcmp(b->article_id, id)) {
                if (b->kind == BM_BOX_MODULE)
                    mod = b;
                if (b->kind == BM_BOX_FRAME)
                    frame = b;
            }
        }
        assert_non_null(mod);
        assert_true(lb->rect.x >= mod->rect.x);  /* start-aligned */
        assert_true(lb->rect.x < mod->rect.x + lay->body_size);
        bm_fix top = 0;
        const bm_line *beside = NULL;
        for (size_t i = 0; i < pg->nlines; i++) {
            const bm_line *l = &pg->lines[i];
            if (!l->article_id || strcmp(l->article_id, id) ||
                l->kind == BM_LINE_SECTION)
                continue;
            assert_true(l > lb);                    /* text order */
            assert_true(l->rect.y >= lb->rect.y);   /* nothing above it */
            if (!top || l->rect.y < top)
                top = l->rect.y, beside = l;
        }
        if (k == 0) {   /* framed, beside the kicker, left of its text */
            assert_non_null(frame);
            assert_int_equal(frame->stroke, lay->frame);
            assert_true(frame->rect.x <= lb->rect.x);
            assert_true(frame->rect.y < lb->baseline &&
                        frame->rect.y + frame->rect.h > lb->baseline);
            assert_int_equal(beside->kind, BM_LINE_KICKER);
            assert_true(frame->rect.x + frame->rect.w < beside->rect.x);
            assert_int_equal(lb->rect.y, beside->rect.y);
        } else {        /* a bar: the rule under it, the header below it */
            assert_null(frame);
            assert_true(top >= lb->rect.y + lb->rect.h);
            int bars = 0;
            for (size_t i = 0; i < pg->nboxes; i++) {
                const bm_box *b = &pg->boxes[i];
                bars += b->kind == BM_BOX_RULE && b->stroke == lay->frame &&
                        b->rect.x == mod->rect.x && b->rect.w == mod->rect.w &&
                        b->rect.y > lb->baseline && b->rect.y < top;
            }
            assert_int_equal(bars, 1);
        }
    }
    /* briefs: the box's title is the label, printed once; a stacked label
     * over a box prints its other line above the title */
    assert_int_equal(sections_of(pg, "b0", "城区时讯", NULL), 1);
    assert_int_equal(sections_of(pg, "b1", NULL, NULL), 0);
    assert_int_equal(sections_of(pg, "b2", NULL, NULL), 2);
    const bm_line *st = NULL, *bm = NULL;
    assert_int_equal(sections_of(pg, "b2", "专栏", &st), 1);
    assert_int_equal(sections_of(pg, "b2", "便民", &bm), 1);
    assert_true(st->rect.y < bm->rect.y);

    bm_layout_doc_free(doc);
    bm_edition_free(ed);
    bm_fontset_close(fs);
    bm_arena_free(a);
}

/* The widest gap between two adjacent Han characters of line l beyond 1 em
 * (its letter-spacing), over its first `nbytes` bytes (all: SIZE_MAX). */
static bm_fix han_spacing(const bm_line *l, size_t nbytes)
{
    bm_fix worst = 0;
    for (size_t g = 0; g + 1 < l->nglyphs; g++) {
        const bm_glyph *a = &l->glyphs[g], *b = &l->glyphs[g + 1];
        if (!a->nbytes || a->cluster >= nbytes || b->cluster >= nbytes)
            continue;
        uint32_t ca, cb;
        bm_utf8_decode(l->text + a->cluster, l->len - a->cluster, &ca);
        bm_utf8_decode(l->text + b->cluster, l->len - b->cluster, &cb);
        if (ca >= 0x4E00 && ca <= 0x9FFF && cb >= 0x4E00 && cb <= 0x9FFF &&
            b->x - a->x - l->size > worst)
            worst = b->x - a->x - l->size;
    }
    return worst;
}

/*
 * A run-in byline (本报讯（通讯员 孔令喆）) in a column too narrow for it
 * would be letter-spaced (「本　报　讯（通　讯　员」, 0.6 em a gap, in an
 * 11-em tabloid column): it is set as its own ragged byline line instead,
 * and so are the other run-in bylines of its briefs box (one style a box);
 * a story whose run-in fits keeps it.  No byline character is spaced out
 * by more than 1/20 em anywhere (issue 13).
 */
static void runin_bylines_apart(void **state)
{
    (void)state;
    bm_error err;
    bm_fontset *fs;
    bm_arena *a;
    bm_layout *lay;
    open_setup("tabloid", &fs, &a, &lay, &err);
    bm_edition *ed = bm_edition_new();
    bm_src src = {"test.xml", 1, 1};
    bm_page *p1 = bm_edition_add_page(ed, "城区", src);
    bm_article *t0 = story(ed, p1, "t0", 4, 5);
    t0->byline = "本报讯（记者 田野）";
    story(ed, p1, "t1", 4, 5);
    const char *ids[] = {"b0", "b1", "b2"};
    const char *by[] = {"本报讯（通讯员 孔令喆）", "本报讯（记者 田野）", NULL};
    for (int i = 0; i < 3; i++) {
        bm_article *br = bm_page_add_article(ed, p1, ids[i], BM_ARTICLE_BRIEF,
                                             src);
        br->group = "城区时讯";
        br->headline = "夜市开张";
        br->byline = by[i];
        bm_block *b = bm_article_add_block(ed, br, BM_BLOCK_PARAGRAPH, src);
        b->text = invented(ed, 2, i);
    }
    bm_layout_doc *doc = NULL;
    assert_int_equal(bm_layout_edition(ed, lay, fs, &ed->diags, NULL, NULL, &doc,
                                       &err), BM_OK);
    int apart = 0, runin = 0;
    for (size_t p = 0; p < doc->npages; p++) {
        const bm_lpage *pg = &doc->pages[p];
        if (bm_page_check(pg, &err) != BM_OK)
            fail_msg("page %zu: %s", p + 1, err.msg);
        for (size_t i = 0; i < pg->nlines; i++) {
            const bm_line *l = &pg->lines[i];
            if (!l->article_id || l->len < 9 || memcmp(l->text, "本报讯", 9))
                continue;
            const char *close = strstr(l->text, "）");
            size_t part = close ? (size_t)(close - l->text) + 3 : l->len;
            if (han_spacing(l, part) > l->size / 20)
                fail_msg("%s: '%.*s' letter-spaced %.2f em", l->article_id,
                         (int)l->len, l->text,
                         (double)han_spacing(l, part) / l->size);
            if (l->article_id[0] == 'b') {
                /* both briefs: a byline line, Kai, ragged (flush left) */
                assert_int_equal(l->kind, BM_LINE_BYLINE);
                assert_true(l->rect.w <= lay->col_width);
                apart++;
            } else if (!strcmp(l->article_id, "t0")) {
                assert_int_equal(l->kind, BM_LINE_BODY);
                runin++;
            }
        }
    }
    assert_int_equal(apart, 2);
    assert_int_equal(runin, 1);
    bm_layout_doc_free(doc);
    bm_edition_free(ed);
    bm_fontset_close(fs);
    bm_arena_free(a);
}

/* A test's shipped fonts, layout and edition. */
typedef struct fixture {
    bm_error    err;
    bm_fontset *fs;
    bm_arena   *a;
    bm_layout  *lay;
    bm_edition *ed;
} fixture;

static void fixture_open(fixture *f, const char *layout)
{
    open_setup(layout, &f->fs, &f->a, &f->lay, &f->err);
    f->ed = bm_edition_new();
}

static bm_layout_doc *fixture_lay_out(fixture *f)
{
    bm_layout_doc *doc = NULL;
    assert_int_equal(bm_layout_edition(f->ed, f->lay, f->fs, &f->ed->diags, NULL,
                                       NULL, &doc, &f->err), BM_OK);
    return doc;
}

static void fixture_close(fixture *f, bm_layout_doc *doc)
{
    bm_layout_doc_free(doc);
    bm_edition_free(f->ed);
    bm_fontset_close(f->fs);
    bm_arena_free(f->a);
}

/* The largest headline size of article `id` on the page (0: none). */
static bm_fix head_of(const bm_lpage *pg, const char *id)
{
    bm_fix size = 0;
    for (size_t i = 0; i < pg->nlines; i++) {
        const bm_line *l = &pg->lines[i];
        if (l->kind == BM_LINE_HEADLINE && l->article_id &&
            !strcmp(l->article_id, id) && l->size > size)
            size = l->size;
    }
    return size;
}

/*
 * A page without a lead: its 头条 (the largest head on it) is its longest
 * news story, never a commentary however long (a 短评 is framed under
 * its label, not the page's top story).
 */
static void commentary_never_top(void **state)
{
    (void)state;
    fixture f;
    fixture_open(&f, "broadsheet");
    bm_page *p1 = bm_edition_add_page(f.ed, "要闻", (bm_src){"test.xml", 1, 1});
    bm_article *c = story(f.ed, p1, "c0", 6, 6); /* the longest */
    c->role = BM_ROLE_COMMENTARY; /* framed; no label: the page is not in
                                     labelled runs, so its 头条 goes first */
    c->kicker = NULL;
    story(f.ed, p1, "n0", 4, 5);
    story(f.ed, p1, "n1", 3, 4);
    bm_layout_doc *doc = fixture_lay_out(&f);
    const bm_lpage *pg = &doc->pages[0];
    bm_fix top = head_of(pg, "n0");
    assert_true(top > 0);
    assert_true(head_of(pg, "c0") < top);
    assert_true(head_of(pg, "n1") < top);
    /* and it goes first: the top of the page, first in reading order */
    const bm_box *first = first_module(pg);
    assert_non_null(first);
    assert_string_equal(first->article_id, "n0");
    fixture_close(&f, doc);
}

/* A 评论 page: its stories are commentaries by its section, each framed,
 * and the longest of them (its 社论) is its 头条, over a reader's letter. */
static void opinion_page_top(void **state)
{
    (void)state;
    fixture f;
    fixture_open(&f, "broadsheet");
    bm_page *p1 = bm_edition_add_page(f.ed, "评论", (bm_src){"test.xml", 1, 1});
    story(f.ed, p1, "letter", 3, 4)->kicker = NULL;
    story(f.ed, p1, "shelun", 6, 6)->kicker = NULL; /* the longest */
    story(f.ed, p1, "shiping", 4, 5)->kicker = NULL;
    bm_layout_doc *doc = fixture_lay_out(&f);
    const bm_lpage *pg = &doc->pages[0];
    bm_fix top = head_of(pg, "shelun");
    /* the 头条's head: above any other story's style (headline2), not
     * only the widest module's */
    assert_true(top > f.lay->styles[BM_EL_HEADLINE2].size);
    assert_true(head_of(pg, "letter") < top);
    assert_true(head_of(pg, "shiping") < top);
    const char *ids[] = {"letter", "shelun", "shiping"};
    for (size_t i = 0; i < 3; i++) {
        int framed = 0;
        for (size_t b = 0; b < pg->nboxes; b++)
            framed |= pg->boxes[b].kind == BM_BOX_FRAME && pg->boxes[b].article_id &&
                      !strcmp(pg->boxes[b].article_id, ids[i]);
        assert_true(framed);
    }
    fixture_close(&f, doc);
}

/*
 * A header stands at its own leading (标题 off the body grid): the lines of
 * a two-line headline one leading apart and the kicker over them, not each
 * line rounded up to whole grid rows; the body under it on the grid.
 */
static void heads_at_their_leading(void **state)
{
    (void)state;
    fixture f;
    fixture_open(&f, "broadsheet");
    bm_page *p1 = bm_edition_add_page(f.ed, "要闻", (bm_src){"test.xml", 1, 1});
    story(f.ed, p1, "a0", 6, 6);
    story(f.ed, p1, "a1", 3, 4);
    story(f.ed, p1, "a2", 3, 3);
    story(f.ed, p1, "a3", 3, 3)->kicker = NULL; /* a two-line head alone */
    bm_layout_doc *doc = fixture_lay_out(&f);
    const bm_lpage *pg = &doc->pages[0];
    bm_fix pitch = f.lay->line_pitch;
    int seen = 0;
    for (size_t m = 0; m < pg->nboxes; m++) {
        const bm_box *b = &pg->boxes[m];
        if (b->kind != BM_BOX_MODULE || !b->article_id)
            continue;
        const bm_line *h[2] = {NULL, NULL}, *k = NULL, *body = NULL;
        for (size_t i = 0; i < pg->nlines; i++) {
            const bm_line *l = &pg->lines[i];
            if (!l->article_id || strcmp(l->article_id, b->article_id))
                continue;
            if (l->kind == BM_LINE_HEADLINE && !h[0])
                h[0] = l;
            else if (l->kind == BM_LINE_HEADLINE && !h[1])
                h[1] = l;
            else if (l->kind == BM_LINE_KICKER && !k)
                k = l;
            else if ((l->kind == BM_LINE_BODY || l->kind == BM_LINE_BYLINE) && !body)
                body = l;
        }
        if (!h[1] || !body)
            continue;
        /* the headline's lines one leading apart (its style: 1.2-1.25 em),
         * not 1.3-1.7 em as rows of the grid gave, nor the padding a
         * stack gives the header between them */
        bm_fix d = h[1]->baseline - h[0]->baseline;
        assert_true(d * 100 <= h[0]->size * 128);
        assert_true(d * 100 >= h[0]->size * 115);
        if (!k)
            continue;
        seen++;
        /* the kicker closes on the headline at their leading, padding
         * or not (padding goes above and under the block), not a grid
         * row apart (each line's ink centred in its leading: baselines
         * 0.88 of the size under the ink's top) */
        const bm_style *ks = &f.lay->styles[BM_EL_KICKER];
        bm_fix hlead = d, klead = (bm_fix)((long long)ks->leading * k->size / ks->size);
        bm_fix close = (klead + hlead) / 2 + (h[0]->size - k->size) * 38 / 100;
        assert_in_range(h[0]->baseline - k->baseline, close - BM_PT(1), close + BM_PT(1));
        /* the kicker's ink inside the module, and at least half a row of
         * white between the headline's ink and the body's first line */
        assert_true(k->baseline - k->size * 88 / 100 >= b->rect.y);
        assert_true(body->rect.y - (h[1]->baseline + h[1]->size * 12 / 100) >= pitch / 2);
    }
    assert_true(seen >= 1);
    fixture_close(&f, doc);
}

int main(void)
{
    find_layouts();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reads_shipped_layouts),
        cmocka_unit_test(layout_errors),
        cmocka_unit_test(flow_balances),
        cmocka_unit_test(flow_keeps_at_depth),
        cmocka_unit_test(flow_items_whole),
        cmocka_unit_test(planner_fills_pages),
        cmocka_unit_test(planner_spare_row_keeps_lines),
        cmocka_unit_test(planner_pads_headers),
        cmocka_unit_test(planner_lead_beside_stack),
        cmocka_unit_test(composes_an_edition),
        cmocka_unit_test(paragraphs_ahead_are_the_same),
        cmocka_unit_test(labels_over_articles),
        cmocka_unit_test(runin_bylines_apart),
        cmocka_unit_test(commentary_never_top),
        cmocka_unit_test(opinion_page_top),
        cmocka_unit_test(heads_at_their_leading),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
