/* test_para.c - the paragraph composer: the cases of
 * ../shared/docs/cjk-layout-tests.md that concern one paragraph, checked on
 * line contents and glyph positions, and invariants over thousands of
 * generated paragraphs.  (Cases 35, 36, 39 columns, 46, 47 placement and 48
 * are the page composer's.) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "layout/layout.h"

#define EM 640   /* 10 pt: 1/8 em = 80 units exactly */

static bm_fontset *fs;
static bm_composer *comp;
static bm_arena *arena, *diag_arena;
static bm_diags diags;

static bm_pline *L;
static size_t NL;
static const char *T;

static bm_para_style style(int w_em)
{
    bm_para_style st;
    memset(&st, 0, sizeof st);
    st.role = BM_FONT_BODY;
    st.size = EM;
    st.measure = w_em * EM;
    st.align = BM_ALIGN_JUSTIFY;
    st.kinsoku = BM_KINSOKU_GB;
    st.compress = BM_COMPRESS_QUANJIAO;
    st.min_last = 2;
    return st;
}

static void compose_st(const char *text, const bm_para_style *st)
{
    bm_error err;
    bm_error_init(&err);
    bm_src src = {"test.xml", 7, 3};
    T = text;
    assert_int_equal(bm_para_compose(comp, text, strlen(text), st, &src, arena,
                                     &L, &NL, &err), BM_OK);
}

static void compose(const char *text, int w_em, int strict)
{
    bm_para_style st = style(w_em);
    st.kinsoku = strict ? BM_KINSOKU_STRICT : BM_KINSOKU_GB;
    compose_st(text, &st);
}

/* the text of line i, as a static string */
static const char *line(size_t i)
{
    static char buf[1024];
    assert_true(i < NL);
    size_t n = L[i].end - L[i].start;
    assert_true(n < sizeof buf);
    memcpy(buf, T + L[i].start, n);
    buf[n] = 0;
    return buf;
}

/* the glyph carrying byte offset `off` of line i's text */
static const bm_glyph *glyph_at(size_t i, const char *needle, int nth)
{
    const char *p = T + L[i].start;
    for (;;) {
        const char *q = strstr(p, needle);
        assert_non_null(q);
        assert_true((size_t)(q - T) < L[i].end);
        if (nth-- == 0) {
            size_t off = (size_t)(q - T) - L[i].start;
            for (size_t g = 0; g < L[i].nglyphs; g++)
                if (L[i].glyphs[g].cluster == off && L[i].glyphs[g].nbytes)
                    return &L[i].glyphs[g];
            fail_msg("no glyph at %s", needle);
        }
        p = q + 1;
    }
}

/* where the line's content ends: indent + width */
static bm_fix line_end(size_t i)
{
    return L[i].indent + L[i].width;
}

/* all gaps between consecutive glyphs of line i whose advance exceeds 1 em */
static void assert_even_han(size_t i, bm_fix adv)
{
    for (size_t g = 0; g + 1 < L[i].nglyphs; g++)
        assert_int_equal(L[i].glyphs[g].adv, adv);
}

/* ---- kinsoku ---------------------------------------------------------------- */

static void case01_push_out(void **state)
{
    (void)state;
    compose("河西新区今年新建学校，共招收学生两千人。", 10, 0);
    assert_int_equal(NL, 2);
    assert_string_equal(line(0), "河西新区今年新建学");
    assert_int_equal(line_end(0), 10 * EM);
    assert_string_equal(line(1), "校，共招收学生两千人。");
}

static void case02_push_in_first(void **state)
{
    (void)state;
    compose("据悉，项目总投资九亿。新园区将于明年开园。", 10, 0);
    assert_string_equal(line(0), "据悉，项目总投资九亿。");
    assert_int_equal(glyph_at(0, "，", 0)->adv, EM / 2);
    assert_int_equal(glyph_at(0, "。", 0)->adv, EM / 2);
    assert_int_equal(line_end(0), 10 * EM);
    assert_true(strncmp(line(1), "新园区", strlen("新园区")) == 0);
}

static void case03_open_quote_moves_down(void **state)
{
    (void)state;
    compose("市民纷纷称赞此活动“很接地气”。", 10, 0);
    assert_string_equal(line(0), "市民纷纷称赞此活动");
    assert_int_equal(line_end(0), 10 * EM);
    assert_string_equal(line(1), "“很接地气”。");
    /* 9 Han in 10 em: 1 em over 8 gaps */
    assert_even_han(0, EM + EM / 8);
}

static void case04_open_brackets(void **state)
{
    (void)state;
    const char *opens[] = {"《", "（", "〈", "「", "『", "【", "〔", "〖", "［", "("};
    for (size_t k = 0; k < sizeof opens / sizeof *opens; k++) {
        char buf[256];
        snprintf(buf, sizeof buf, "他读完了长篇小说集%s平凡的世界。", opens[k]);
        compose(buf, 10, 0);
        for (size_t i = 0; i < NL; i++) {
            const char *s = line(i);
            size_t n = strlen(s), o = strlen(opens[k]);
            assert_false(n >= o && strcmp(s + n - o, opens[k]) == 0);
        }
        assert_string_equal(line(0), "他读完了长篇小说集");
    }
}

static void case05_close_then_stop(void **state)
{
    (void)state;
    compose("他说这叫“先富带后富”，很形象。", 10, 0);
    for (size_t i = 1; i < NL; i++) {
        assert_true(strncmp(line(i), "”", 3) != 0);
        assert_true(strncmp(line(i), "，", 3) != 0);
    }
    assert_string_equal(line(1), "富”，很形象。");
}

static void case06_no_line_start(void **state)
{
    (void)state;
    /* each mark placed right after a line-filling run of Han */
    const char *marks[] = {"。", "，", "、", "；", "：", "？", "！", "）", "》",
                           "〉", "」", "』", "】", "〕", "〗", "”", "’", "·",
                           "～", "%"};
    for (size_t k = 0; k < sizeof marks / sizeof *marks; k++) {
        char buf[256];
        snprintf(buf, sizeof buf, "一二三四五六七八九十%s甲乙丙丁戊己庚", marks[k]);
        compose(buf, 10, 0);
        for (size_t i = 1; i < NL; i++)
            assert_true(strncmp(line(i), marks[k], strlen(marks[k])) != 0);
        assert_int_equal(line_end(0), 10 * EM);
    }
}

static void case07_quotes_tailored(void **state)
{
    (void)state;
    /* break before “ and after ” are allowed: W=4 gives 大家都说 | “好”呀 */
    compose("大家都说“好”呀呀", 4, 0);
    assert_string_equal(line(0), "大家都说");
    assert_int_equal(line_end(0), 4 * EM);
    compose("大家“好”都说一些话", 4, 0);
    assert_string_equal(line(0), "大家“好”");
    assert_int_equal(line_end(0), 4 * EM);   /* 2 + 1 + 1 (” trimmed) */
}

static void case08_prefix(void **state)
{
    (void)state;
    compose("今天的票价为￥25元整", 7, 0);
    for (size_t i = 0; i < NL; i++) {
        size_t n = strlen(line(i));
        assert_false(n >= 3 && strcmp(line(i) + n - 3, "￥") == 0);
    }
    assert_string_equal(line(0), "今天的票价为");
}

static void case09_solidus(void **state)
{
    (void)state;
    for (int w = 4; w <= 8; w++) {   /* 一/三/五 is 4 em */
        compose("每周一/三/五开放阅览室", w, 0);
        for (size_t i = 0; i < NL; i++) {
            const char *s = line(i);
            assert_true(s[0] != '/');
            assert_true(s[strlen(s) - 1] != '/');
        }
    }
}

static void case10_wave(void **state)
{
    (void)state;
    compose("开放时间为5月～10月底", 8, 0);
    assert_string_equal(line(0), "开放时间为5月～");   /* may end a line */
    assert_int_equal(line_end(0), 8 * EM);
    for (int w = 3; w <= 10; w++) {
        compose("开放时间为5月～10月底", w, 0);
        for (size_t i = 1; i < NL; i++)
            assert_true(strncmp(line(i), "～", 3) != 0);
    }
}

static void case11_dot(void **state)
{
    (void)state;
    compose("演员阿依古丽·买买提登台", 20, 0);
    assert_int_equal(glyph_at(0, "买", 0)->x - glyph_at(0, "丽", 0)->x,
                     EM + EM / 2);
    compose("演员阿依古丽·买买提登台", 6, 0);
    for (size_t i = 1; i < NL; i++)
        assert_true(strncmp(line(i), "·", 2) != 0);
}

/* ---- units -------------------------------------------------------------------- */

static void case12_ellipsis(void **state)
{
    (void)state;
    compose("他们一直等到了深夜……才离开。", 10, 1);
    assert_string_equal(line(0), "他们一直等到了深");
    assert_int_equal(line_end(0), 10 * EM);
    assert_string_equal(line(1), "夜……才离开。");
    /* the unit takes 2 em */
    assert_int_equal(glyph_at(1, "……", 0)->x, EM);
    bm_fix end = glyph_at(1, "才", 0)->x;
    assert_int_equal(end, 3 * EM);
}

static void case13_dash(void **state)
{
    (void)state;
    compose("这条乡村公路的尽头——就是新建的体育公园。", 10, 1);
    assert_string_equal(line(0), "这条乡村公路的尽");
    assert_true(strncmp(line(1), "头——", strlen("头——")) == 0);
    assert_int_equal(glyph_at(1, "就", 0)->x, 3 * EM);
    compose("这条乡村公路的尽头⸺就是新建的体育公园。", 10, 1);
    assert_string_equal(line(0), "这条乡村公路的尽");
}

static void case14_unit_at_line_end(void **state)
{
    (void)state;
    /* 8 Han + —— fill 10 em exactly, nothing hangs */
    compose("一二三四五六七八——九十一二三", 10, 1);
    assert_string_equal(line(0), "一二三四五六七八——");
    assert_int_equal(line_end(0), 10 * EM);
    assert_even_han(0, EM);
}

/* for every measure the unit fits in (a unit wider than the measure is
 * broken as a last resort, like a URL) */
static void assert_never_split(const char *text, const char *unit)
{
    for (int w = 4; w <= 14; w++) {
        compose(text, w, 0);
        int found = 0;
        for (size_t i = 0; i < NL; i++)
            found |= strstr(line(i), unit) != NULL;
        assert_true(found);
    }
}

static void case15_19_numbers(void **state)
{
    (void)state;
    assert_never_split("全年完成投资129.62亿元", "129.62");
    assert_never_split("同比增长80.41%左右", "80.41%");
    assert_never_split("每年消费约4,000吨", "4,000");
    assert_never_split("地图的比例尺1:500", "1:500");
    assert_never_split("明天上午9:30开会", "9:30");
    assert_never_split("到２０２４年年底", "２０２４");
    assert_never_split("于2024年6月1日", "2024");
    /* breaks at the Han/digit boundaries are allowed */
    compose("于2024年6月1日", 4, 0);
    assert_true(NL >= 2);
}

/* ---- Latin, digits, spacing --------------------------------------------------- */

static void case20_21_han_latin_glue(void **state)
{
    (void)state;
    compose("项目采用EPC总承包模式", 20, 0);
    bm_pline a = L[0];
    const char *ta = T;
    const bm_glyph *yong = glyph_at(0, "用", 0), *e = glyph_at(0, "E", 0);
    const bm_glyph *cc = glyph_at(0, "C", 0), *zong = glyph_at(0, "总", 0);
    assert_int_equal(e->x - yong->x, EM + EM / 4);
    assert_int_equal(zong->x - (cc->x + cc->adv) + EM / 4, EM / 4);
    assert_int_equal(zong->x - cc->x - cc->adv, 0);   /* adv includes glue */
    assert_int_equal(cc->adv - EM / 4 > 0, 1);
    /* with source spaces: the same visible positions */
    compose("项目采用 EPC 总承包模式", 20, 0);
    size_t g2 = 0;
    for (size_t g = 0; g < a.nglyphs; g++) {
        while (T[L[0].start + L[0].glyphs[g2].cluster] == ' ')
            g2++;
        assert_int_equal(a.glyphs[g].x, L[0].glyphs[g2].x);
        assert_int_equal(ta[a.glyphs[g].cluster], T[L[0].glyphs[g2].cluster]);
        g2++;
    }
    assert_int_equal(a.width, L[0].width);
    /* at line start or end the gap is 0 */
    compose("项目采用EPC总承包模式", 4, 0);
    assert_string_equal(line(1), "EPC总");
    assert_int_equal(glyph_at(1, "E", 0)->x, 0);
    assert_string_equal(line(0), "项目采用");
    assert_int_equal(line_end(0), 4 * EM);
    assert_even_han(0, EM);
}

static void case22_no_glue_at_marks(void **state)
{
    (void)state;
    compose("是（EPC）和EPC，好", 20, 0);
    const bm_glyph *open = glyph_at(0, "（", 0), *e = glyph_at(0, "E", 0);
    const bm_glyph *c1 = glyph_at(0, "C", 0), *close = glyph_at(0, "）", 0);
    assert_int_equal(e->x, open->x + EM);   /* no glue after （ */
    assert_int_equal(close->x, c1->x + c1->adv);
    const bm_glyph *he = glyph_at(0, "和", 0), *e2 = glyph_at(0, "E", 1);
    assert_int_equal(e2->x - he->x, EM + EM / 4);   /* glue after Han */
    const bm_glyph *c2 = glyph_at(0, "C", 1), *comma = glyph_at(0, "，", 0);
    assert_int_equal(comma->x, c2->x + c2->adv);
    assert_int_equal(c2->adv, c1->adv);             /* none before ， */
}

static void case23_5g(void **state)
{
    (void)state;
    compose("建成5G基站三十座", 20, 0);
    const bm_glyph *five = glyph_at(0, "5", 0), *g = glyph_at(0, "G", 0);
    const bm_glyph *cheng = glyph_at(0, "成", 0), *ji = glyph_at(0, "基", 0);
    assert_int_equal(five->x - cheng->x, EM + EM / 4);
    assert_int_equal(ji->x - g->x - g->adv, 0);
    assert_true(g->adv > EM / 4);
    assert_never_split("建成5G基站三十座", "5G");
}

static void case24_url(void **state)
{
    (void)state;
    const char *url = "www.xinqu-news.cn/2024/0601/a1.html";
    compose(url, 8, 0);
    assert_true(NL >= 2);
    for (size_t i = 0; i < NL; i++) {
        assert_true(line_end(i) <= 8 * EM);
        if (i + 1 < NL) {
            char last = T[L[i].end - 1];
            assert_true(last == '/' || last == '.' || last == '-');
        }
    }
    assert_int_equal(L[NL - 1].end, strlen(url));
}

static void case25_units_keep_advances(void **state)
{
    (void)state;
    compose("全年投资129.62亿元", 20, 0);
    bm_fix adv[5];
    for (int k = 0; k < 5; k++)
        adv[k] = glyph_at(0, "129.62" + k, 0)->adv;
    /* justified line with the same number: its advances are unchanged */
    compose("今年全年累计完成投资129.62亿元，同比增长明显加快速度了", 10, 0);
    size_t li = 0;
    while (!strstr(line(li), "129.62"))
        li++;
    assert_true(li + 1 < NL);
    assert_int_equal(line_end(li), 10 * EM);
    for (int k = 0; k < 5; k++)
        assert_int_equal(glyph_at(li, "129.62" + k, 0)->adv, adv[k]);
    /* the glue stretches before Han gaps do */
    compose("今年采用EPC模式的项目共有十", 10, 0);
    assert_int_equal(line_end(0), 10 * EM);
}

/* ---- compression and widths ---------------------------------------------------- */

static void case26_27_pairs(void **state)
{
    (void)state;
    compose("他问：“今天几号？”好的", 20, 0);
    assert_int_equal(glyph_at(0, "“", 0)->x - glyph_at(0, "：", 0)->x +
                         glyph_at(0, "“", 0)->adv, 3 * EM / 2);
    assert_int_equal(glyph_at(0, "好", 0)->x - glyph_at(0, "？", 0)->x,
                     3 * EM / 2);
    compose("他说……去年。”）好的", 20, 0);
    assert_int_equal(glyph_at(0, "好", 0)->x - glyph_at(0, "。", 0)->x, 2 * EM);
    /* at line end: 1.5 em */
    compose("他说就在去年。”）", 8, 0);
    assert_int_equal(NL, 1);
    assert_int_equal(line_end(0) - glyph_at(0, "。", 0)->x, 3 * EM / 2);
}

static void case28_period_at_line_end(void **state)
{
    (void)state;
    compose("这个月的雨水特别多。天气预报说还要下。", 10, 0);
    assert_string_equal(line(0), "这个月的雨水特别多。");
    assert_int_equal(glyph_at(0, "。", 0)->adv, EM / 2);
    assert_int_equal(line_end(0), 10 * EM);
}

static void case29_open_at_line_start(void **state)
{
    (void)state;
    compose("（一）正文开始了", 20, 0);
    assert_int_equal(glyph_at(0, "一", 0)->x, EM / 2);
    bm_para_style st = style(20);
    st.indent = 2 * EM;
    compose_st("“你好”他说", &st);
    assert_int_equal(glyph_at(0, "“", 0)->x, 2 * EM - EM / 2);
    assert_int_equal(glyph_at(0, "你", 0)->x, 2 * EM + EM / 2);
}

static void case30_qe(void **state)
{
    (void)state;
    bm_para_style st = style(20);
    compose_st("真的吗？！好", &st);
    assert_int_equal(glyph_at(0, "好", 0)->x - glyph_at(0, "？", 0)->x,
                     3 * EM / 2);
    st.qe_one_em = 1;
    compose_st("真的吗？！好", &st);
    assert_int_equal(glyph_at(0, "好", 0)->x - glyph_at(0, "？", 0)->x, EM);
}

static void case31_no_double_compression(void **state)
{
    (void)state;
    const char *pairs[] = {"”。", "。”", "）（", "：“", "“《", "》”", "，“", "”，"};
    for (size_t k = 0; k < sizeof pairs / sizeof *pairs; k++) {
        char buf[64];
        snprintf(buf, sizeof buf, "甲乙%s丙丁", pairs[k]);
        for (int w = 4; w <= 20; w += 16) {
            compose(buf, w, 0);
            for (size_t i = 0; i < NL; i++) {
                const bm_glyph *g = NULL;
                for (size_t j = 0; j + 1 < L[i].nglyphs; j++)
                    if (L[i].glyphs[j].cluster ==
                        (uint32_t)(strstr(T, pairs[k]) - T) - L[i].start)
                        g = &L[i].glyphs[j];
                if (g)
                    assert_true(g[0].adv + g[1].adv >= EM);
            }
        }
    }
}

/* A line that must push in 1 em and holds a closing mark before an opening
 * one: the pair keeps 1.5 em (C1 took its half em), so the opening mark's
 * em box never starts at the origin of the mark before it; the push-in
 * comes from the commas instead. */
static void case31b_pair_not_pushed_to_one_em(void **state)
{
    (void)state;
    const char *texts[] = {"甲乙丙丁戊己。“庚辛壬，癸子丑，寅卯辰巳午未申酉",
                           "甲乙丙丁戊己，“庚辛壬，癸子丑，寅卯辰巳午未申酉",
                           "甲乙丙丁戊己）“庚辛壬，癸子丑，寅卯辰巳午未申酉"};
    for (size_t k = 0; k < sizeof texts / sizeof *texts; k++) {
        compose(texts[k], 12, 0);
        for (size_t i = 0; i < NL; i++)
            for (size_t g = 0; g + 1 < L[i].nglyphs; g++)
                if (!strncmp(T + L[i].start + L[i].glyphs[g + 1].cluster, "“", 3))
                    assert_true(L[i].glyphs[g].adv >= EM / 2);
        assert_true(NL >= 2);
        assert_int_equal(line_end(0), 12 * EM);
    }
}

/* ---- justification and grid ----------------------------------------------------- */

static void case32_even_spread(void **state)
{
    (void)state;
    compose("河西新区今年新建学校，共招收学生两千人。", 10, 0);
    assert_even_han(0, EM + EM / 8);
}

static void case33_last_line(void **state)
{
    (void)state;
    compose("一二三四五六七八九十“甲乙”。", 10, 0);
    assert_int_equal(NL, 2);
    assert_int_equal(L[1].indent, 0);
    assert_int_equal(glyph_at(1, "“", 0)->x, -EM / 2);   /* start-aligned */
    /* ”。 compressed, 。 trimmed at the end: 0.5 + 0.5 + 2 Han + 0.5 */
    assert_int_equal(line_end(1), 3 * EM + EM / 2);
}

static void case34_grid(void **state)
{
    (void)state;
    bm_para_style st = style(13);
    st.size = BM_PT(9);
    st.measure = 13 * BM_PT(9);
    assert_int_equal(st.measure, BM_PT(117));
    compose_st("一二三四五六七八九十甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌"
               "亥天地玄黄宇宙洪荒日月盈昃", &st);
    assert_true(NL >= 3);
    for (size_t i = 0; i + 1 < NL; i++)
        for (size_t g = 0; g < L[i].nglyphs; g++) {
            assert_int_equal(L[i].glyphs[g].x, (bm_fix)g * BM_PT(9));
            assert_int_equal(L[i].glyphs[g].adv, BM_PT(9));
        }
}

/* ---- paragraph rules -------------------------------------------------------------- */

static void case37_orphan(void **state)
{
    (void)state;
    compose("社区志愿者每天清晨都会到公园里巡查，效果好。", 10, 0);
    assert_int_equal(NL, 3);
    assert_true(strlen(line(2)) >= strlen("果好。"));
    assert_int_equal(line_end(0), 10 * EM);
    assert_int_equal(line_end(1), 10 * EM);
}

/* A paragraph ending in a quote and ……: its last line holds two Han
 * characters besides those marks at every measure (「盖的”……」 alone was a
 * 孤字 the …… hid, counted as two characters). */
static void case37b_orphan_before_ellipsis(void **state)
{
    (void)state;
    static const char text[] =
        "居民们的心愿：“想要一个能下棋、晒太阳的地方”“老房子的门楼别拆，那是我爷爷盖的”……";
    for (int w = 6; w <= 16; w++) {
        compose(text, w, 1);
        const char *last = line(NL - 1);
        int han = 0;
        for (const unsigned char *c = (const unsigned char *)last; *c;) {
            uint32_t cp = 0;
            int l = *c >= 0xF0 ? 4 : *c >= 0xE0 ? 3 : *c >= 0xC0 ? 2 : 1;
            cp = l == 3 ? (uint32_t)(c[0] & 0x0F) << 12 |
                              (uint32_t)(c[1] & 0x3F) << 6 | (c[2] & 0x3F)
                        : 0;
            han += cp >= 0x4E00 && cp <= 0x9FFF;
            c += l;
        }
        assert_true(han >= 2);
    }
}

/* 拉行 (issue 12 rule 8): a paragraph whose lines are nearly full can be
 * set a line longer - priced by bm_para_compose_fit and then set so - every
 * line flush, none opened by more than a few characters, its text whole and
 * in order; a paragraph that cannot says so (-1). */
static void longer_setting(void **state)
{
    (void)state;
    const char *text = "市交通运输局近日公布今冬公交调整方案，城区十二条线路"
                       "将延长末班车时间，新开通两条夜间线路，方便晚归市民"
                       "出行，调整自下周一起实施，具体时刻可在车站查询。";
    bm_error err;
    bm_error_init(&err);
    /* the measures (10-16 em) where it can: its last line long enough */
    bm_para_style st;
    bm_para_fit fit;
    size_t best = 0;
    int w = 10, can = 0;
    T = text;
    for (; w <= 16; w++) {
        st = style(w);
        assert_int_equal(bm_para_compose_fit(comp, text, strlen(text), &st,
                                             NULL, arena, &L, &NL, &fit, &err),
                         BM_OK);
        best = NL;
        if (fit.longer >= 0) {
            can++;
            break;
        }
    }
    assert_int_equal(can, 1);
    assert_true(best >= 4);
    st.longer = 1;
    compose_st(text, &st);
    assert_int_equal(NL, best + 1);
    size_t at = 0;
    for (size_t i = 0; i < NL; i++) {
        assert_int_equal(L[i].start, at);
        at = L[i].end;
        if (i + 1 < NL) {
            assert_int_equal(line_end(i), w * EM);
            /* at most two characters fewer than the measure holds */
            assert_true(bm_utf8_count(line(i), strlen(line(i))) >= (size_t)w - 2);
        }
    }
    assert_int_equal(at, strlen(text));
    /* two lines of a measure that holds them loosely: no third */
    const char *two = "河畔小区增设快递柜，取件不再跑远路。";
    T = two;
    st = style(10);
    assert_int_equal(bm_para_compose_fit(comp, two, strlen(two), &st, NULL,
                                         arena, &L, &NL, &fit, &err), BM_OK);
    assert_int_equal(NL, 2);
    assert_int_equal(fit.longer, -1);
}

static void case38_orphan_without_final_mark(void **state)
{
    (void)state;
    compose("一二三四五六七八九十甲", 10, 0);
    assert_int_equal(NL, 2);
    assert_true(strlen(line(1)) >= 6);
    compose("他说：“一二三四五六七八九十”", 10, 0);
    assert_true(strlen(line(NL - 1)) >= strlen("九十”"));
}

static void case39_indent(void **state)
{
    (void)state;
    bm_para_style st = style(10);
    st.indent = 2 * EM;
    compose_st("一二三四五六七八九十甲乙丙丁戊己庚辛", &st);
    assert_int_equal(L[0].indent, 2 * EM);
    assert_string_equal(line(0), "一二三四五六七八");
    assert_int_equal(L[0].glyphs[0].x, 2 * EM);
    assert_int_equal(line_end(0), 10 * EM);
    assert_int_equal(L[1].indent, 0);
}

static void case40_style_boundaries(void **state)
{
    (void)state;
    /* the composer sees only the character stream: 》。 compress the same
     * wherever a style run ends */
    compose("他提到了《新时代》。好", 20, 0);
    assert_int_equal(glyph_at(0, "好", 0)->x - glyph_at(0, "》", 0)->x,
                     3 * EM / 2);
    compose("一二三四五六七八《新》。", 10, 0);
    for (size_t i = 1; i < NL; i++)
        assert_true(strncmp(line(i), "。", 3) != 0);
}

static void case41_spaces(void **state)
{
    (void)state;
    compose("紧盯目 标任务", 20, 0);
    assert_int_equal(glyph_at(0, "标", 0)->x - glyph_at(0, "目", 0)->x, EM);
    compose("紧盯目\n标任务", 20, 0);
    assert_int_equal(glyph_at(0, "标", 0)->x - glyph_at(0, "目", 0)->x, EM);
    compose("他说hello world好", 20, 0);
    const bm_glyph *o = glyph_at(0, "o", 0), *w = glyph_at(0, "w", 0);
    assert_true(w->x - o->x > o->adv / 2);   /* the word space is kept */
    /* display lines keep a phrase break: a fixed blank, dropped at a
     * line's end */
    bm_para_style st = style(20);
    st.align = BM_ALIGN_START;
    st.han_space = EM;
    compose_st("紧盯目标任务 采取关键措施", &st);
    assert_int_equal(glyph_at(0, "采", 0)->x - glyph_at(0, "务", 0)->x, 2 * EM);
    st.measure = 7 * EM;
    compose_st("紧盯目标任务 采取关键措施", &st);
    assert_int_equal(NL, 2);
    assert_int_equal(line_end(0), 6 * EM);
    assert_int_equal(glyph_at(1, "采", 0)->x, 0);
}

/* A U+3000 between two words of body text (a results line) is a fixed
 * 1-em space inside a line; a line that ends after one drops it, so that
 * line's ink still reaches the measure (it was an em short: ragged). */
static void case41b_idsp_at_line_end(void **state)
{
    (void)state;
    static const char text[] =
        "霁城青狮　3∶1　沧澜海港；南峤城建　2-0　北原星火；临溪竞技　1∶1"
        "　白沙联合；海城泰安　2-1　江州汇通；北辰国安　0-0　东山鲁能。";
    int ended = 0;
    for (int w = 8; w <= 16; w++) {
        compose(text, w, 1);
        for (size_t i = 0; i + 1 < NL; i++) {
            const char *s = line(i);
            size_t n = strlen(s);
            int idsp = n >= 3 && !strcmp(s + n - 3, "　");
            ended += idsp;
            /* the last glyph of ink */
            const bm_glyph *g = NULL;
            for (size_t k = 0; k < L[i].nglyphs; k++)
                if (L[i].glyphs[k].nbytes &&
                    strncmp(T + L[i].start + L[i].glyphs[k].cluster, "　", 3))
                    g = &L[i].glyphs[k];
            assert_non_null(g);
            assert_int_equal(L[i].indent + g->x + g->adv, w * EM);
        }
        /* inside a line it keeps its em */
        for (size_t i = 0; i < NL; i++) {
            const char *s = line(i), *sp = strstr(s, "　");
            if (sp && (size_t)(sp - s) + 3 < strlen(s))
                assert_int_equal(glyph_at(i, "　", 0)->adv, EM);
        }
    }
    assert_true(ended > 0);   /* some width broke after one */
}

/* ---- furniture -------------------------------------------------------------------- */

static void case43_editor_code(void **state)
{
    (void)state;
    for (int w = 4; w <= 12; w++) {
        compose("全年要进一步激发消费活力。③5", w, 0);
        const char *last = line(NL - 1);
        assert_non_null(strstr(last, "。③5"));
        assert_true(strncmp(last, "。", 3) != 0);
    }
}

static void case44_padded_name(void **state)
{
    (void)state;
    for (int w = 6; w <= 12; w++) {   /* 者　王　芳） is 5.5 em */
        compose("本报讯（记者　王　芳）今天报道了新闻", w, 0);
        for (size_t i = 0; i < NL; i++) {
            const char *s = line(i);
            assert_true(strncmp(s, "　", 3) != 0);
            size_t n = strlen(s);
            assert_false(n >= 3 && strcmp(s + n - 3, "　") == 0);
            assert_false(n >= 3 && strcmp(s + n - 3, "（") == 0);
            const char *sp = strstr(s, "　");
            if (sp && i + 1 < NL)
                assert_int_equal(glyph_at(i, "　", 0)->adv, EM);
        }
    }
}

static void case45_block_initial_dash(void **state)
{
    (void)state;
    bm_para_style st = style(20);
    st.align = BM_ALIGN_CENTER;
    st.kinsoku = BM_KINSOKU_STRICT;
    compose_st("——记全国劳动模范张大山", &st);
    assert_int_equal(NL, 1);
    assert_int_equal(L[0].width, 12 * EM);
    assert_int_equal(L[0].glyphs[0].x, (20 * EM - 12 * EM) / 2);
    assert_int_equal(glyph_at(0, "记", 0)->x, L[0].glyphs[0].x + 2 * EM);
}

/* ---- style options ----------------------------------------------------------------- */

static void compression_styles(void **state)
{
    (void)state;
    const char *t = "他说：“好的，走吧。”然后";
    bm_para_style st = style(20);
    bm_fix want[4][3] = {
        /* ：“ pair, ， mid-line, 。” pair */
        [BM_COMPRESS_QUANJIAO] = {3 * EM / 2, EM, 3 * EM / 2},
        [BM_COMPRESS_KAIMING] = {EM, EM / 2, 3 * EM / 2},
        [BM_COMPRESS_BANJIAO] = {EM, EM / 2, EM},
        [BM_COMPRESS_NONE] = {2 * EM, EM, 2 * EM},
    };
    for (int cm = 0; cm < 4; cm++) {
        st.compress = (bm_compress)cm;
        compose_st(t, &st);
        assert_int_equal(NL, 1);
        /* box starts: 好 after “, 走 after ，, 然 after ” */
        bm_fix colon = 2 * EM;
        assert_int_equal(glyph_at(0, "好", 0)->x - colon, want[cm][0]);
        assert_int_equal(glyph_at(0, "走", 0)->x - glyph_at(0, "的", 0)->x - EM,
                         want[cm][1]);
        assert_int_equal(glyph_at(0, "然", 0)->x - glyph_at(0, "吧", 0)->x - EM,
                         want[cm][2]);
    }
}

static void alignment_and_tracking(void **state)
{
    (void)state;
    bm_para_style st = style(20);
    st.align = BM_ALIGN_CENTER;
    compose_st("他说好的", &st);
    assert_int_equal(L[0].glyphs[0].x, 8 * EM);
    assert_int_equal(L[0].glyphs[0].adv, EM);
    st.align = BM_ALIGN_END;
    compose_st("他说好的", &st);
    assert_int_equal(L[0].glyphs[3].x + L[0].glyphs[3].adv, 20 * EM);
    assert_int_equal(L[0].glyphs[0].adv, EM);
    /* ragged lines are not stretched */
    st = style(5);
    st.align = BM_ALIGN_START;
    compose_st("他说好的一二三四五六七八", &st);
    for (size_t i = 0; i < NL; i++)
        for (size_t g = 0; g + 1 < L[i].nglyphs; g++)
            assert_int_equal(L[i].glyphs[g].adv, EM);
    /* tracking: between characters, not after the last */
    st = style(20);
    st.tracking = EM / 10;
    compose_st("他说好的", &st);
    assert_int_equal(L[0].glyphs[1].x, EM + EM / 10);
    assert_int_equal(L[0].width, 4 * EM + 3 * (EM / 10));
}

static void hanging(void **state)
{
    (void)state;
    bm_para_style st = style(10);
    st.hanging = 1;
    compose_st("一二三四五六七八九十，甲乙丙丁戊己庚辛", &st);
    assert_string_equal(line(0), "一二三四五六七八九十，");
    assert_int_equal(line_end(0), 10 * EM);
    assert_int_equal(glyph_at(0, "，", 0)->x, 10 * EM);
    assert_even_han(0, EM);
    /* never after another mark */
    compose_st("一二三四五六七八九“十”，甲乙丙丁戊己庚辛", &st);
    for (size_t i = 0; i < NL; i++)
        assert_true(line_end(i) <= 10 * EM);
    assert_true(strstr(line(0), "”，") == NULL);
    /* off by default: the comma is pushed out with 十 */
    st.hanging = 0;
    compose_st("一二三四五六七八九十，甲乙丙丁戊己庚辛", &st);
    assert_string_equal(line(0), "一二三四五六七八九");
}

/* ---- fonts, coverage, errors -------------------------------------------------------- */

static void missing_glyph_placeholder(void **state)
{
    (void)state;
    size_t before = diags.count;
    compose("他说\xF0\x97\x80\x80好", 20, 0);   /* U+17000 Tangut: no font */
    const bm_glyph *g = glyph_at(0, "\xF0\x97\x80\x80", 0);
    assert_int_equal(g->face, BM_NO_FACE);
    assert_int_equal(g->adv, EM);
    assert_int_equal(g->nbytes, 4);
    assert_int_equal(diags.count, before + 1);
    assert_non_null(strstr(diags.last->msg, "U+17000"));
    assert_string_equal(diags.last->file, "test.xml");
    assert_int_equal(diags.last->line, 7);
    /* rare characters from the fallback chain are real glyphs */
    compose("𠀋翀", 20, 0);
    assert_int_not_equal(L[0].glyphs[0].face, BM_NO_FACE);
    assert_int_not_equal(L[0].glyphs[1].face, BM_NO_FACE);
    assert_int_equal(diags.count, before + 1);
}

/* every byte covered once, in order, no line wider than the measure */
static void assert_covered(size_t len, bm_fix measure)
{
    size_t pos = 0;
    for (size_t i = 0; i < NL; i++) {
        assert_int_equal(L[i].start, pos);
        size_t cov = 0;
        for (size_t g = 0; g < L[i].nglyphs; g++)
            if (L[i].glyphs[g].nbytes) {
                assert_int_equal(L[i].glyphs[g].cluster, cov);
                cov += L[i].glyphs[g].nbytes;
            }
        assert_int_equal(cov, L[i].end - L[i].start);
        assert_true(line_end(i) <= measure);
        pos = L[i].end;
    }
    assert_int_equal(pos, len);
}

static void pathological(void **state)
{
    (void)state;
    static char buf[40000];
    /* a word wider than the measure breaks anywhere, with a warning */
    memset(buf, 'a', 300);
    buf[300] = 0;
    size_t before = diags.count;
    compose(buf, 8, 0);
    assert_covered(300, 8 * EM);
    assert_true(NL > 3);
    assert_true(diags.count > before);
    /* marks only: broken against the rules, nothing overflows */
    buf[0] = 0;
    for (int i = 0; i < 200; i++)
        strcat(buf, "。");
    compose(buf, 8, 0);
    assert_covered(strlen(buf), 8 * EM);
    /* long runs of zero-width characters stay linear (HarfBuzz runs are
     * capped) and every byte is still carried */
    size_t n = 0;
    memcpy(buf, "一", 3), n = 3;
    for (int i = 0; i < 8000; i++)
        memcpy(buf + n, "\xc2\xad", 2), n += 2;   /* soft hyphens */
    for (int i = 0; i < 3000; i++)
        memcpy(buf + n, "\n", 1), n += 1;
    memcpy(buf + n, "一", 3), n += 3;
    buf[n] = 0;
    compose(buf, 8, 0);
    assert_covered(n, 8 * EM);
}

static void bad_input(void **state)
{
    (void)state;
    bm_para_style st = style(10);
    bm_error err;
    bm_error_init(&err);
    assert_int_equal(bm_para_compose(comp, "a\xff", 2, &st, NULL, arena, &L,
                                     &NL, &err), BM_INPUT);
    bm_error_init(&err);
    assert_int_equal(bm_para_compose(comp, "", 0, &st, NULL, arena, &L, &NL,
                                     &err), BM_OK);
    assert_int_equal(NL, 0);
}

/* ---- invariants over generated paragraphs --------------------------------------------- */

static uint64_t rng = 0x9E3779B97F4A7C15ull;
static unsigned rnd(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

static const char *const HAN[] = {
    "新", "区", "今", "年", "建", "学", "校", "共", "招", "收", "生", "两", "千",
    "人", "项", "目", "总", "投", "资", "九", "亿", "园", "将", "于", "明", "开",
    "市", "民", "纷", "称", "赞", "此", "活", "动", "很", "接", "地", "气", "翀",
    "𠀋", "〇", "的", "了", "是", "在", "和", "有", "大", "中", "为"};
static const char *const TOKENS[] = {
    "，", "。", "、", "；", "：", "？", "！", "……", "——", "·", "～", "/",
    "129.62", "80.41%", "9:30", "4,000", "2024", "EPC", "5G", "APP", "km",
    "￥25", "３０", "⸺", "℃", "（", "）", "《", "》", "“", "”", "「", "」",
    "【", "】", " EPC ", "R&D", "COVID-19", "记者　王　芳"};

static int is_digit_or_latin(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
           (c >= 'A' && c <= 'Z');
}

/* a paragraph of at least about two lines of `w` em: with fewer, kinsoku,
 * 孤字 and filling can contradict each other (then no composer can satisfy
 * them all; the composer warns) */
static size_t gen(char *buf, size_t cap, int w)
{
    size_t n = 0, want = (size_t)w * 6 + rnd(200);
    /* paragraphs open with text, as real ones do (a lone mark on a line of
     * its own cannot be justified by any composer) */
    for (int k = 0; k < 2; k++) {
        const char *h = HAN[rnd(sizeof HAN / sizeof *HAN)];
        memcpy(buf + n, h, strlen(h));
        n += strlen(h);
    }
    int open = -1, last_west = 0;
    while (n < want && n + 64 < cap) {
        const char *s;
        unsigned k = rnd(100);
        if (k < 65) {
            s = HAN[rnd(sizeof HAN / sizeof *HAN)];
        } else {
            s = TOKENS[rnd(sizeof TOKENS / sizeof *TOKENS)];
            if (!strcmp(s, "（") || !strcmp(s, "《") || !strcmp(s, "“") ||
                !strcmp(s, "「") || !strcmp(s, "【")) {
                if (open >= 0)
                    continue;
                open = 1;
            }
        }
        /* keep western tokens apart (4,0002024 would be one unit wider
         * than the measure, which may then break anywhere) */
        int fw_digit_end = n >= 3 && memcmp(buf + n - 3, "\xef\xbc", 2) == 0 &&
                           (unsigned char)buf[n - 1] >= 0x90 &&
                           (unsigned char)buf[n - 1] <= 0x99;
        int fw_digit_start = memcmp(s, "\xef\xbc", 2) == 0 &&
                             (unsigned char)s[2] >= 0x90 &&
                             (unsigned char)s[2] <= 0x99;
        int west = is_digit_or_latin(s[0]) || fw_digit_start ||
                   s[0] == ' ' || strncmp(s, "￥", 3) == 0;
        if (n > 0 && west && (last_west || is_digit_or_latin(buf[n - 1]) ||
                              strchr("%/-.,:&", buf[n - 1]) || fw_digit_end))
            memcpy(buf + n, "和", 3), n += 3;
        last_west = west;
        size_t l = strlen(s);
        memcpy(buf + n, s, l);
        n += l;
    }
    if (rnd(3) == 0) {
        memcpy(buf + n, "。", 3), n += 3;
        if (rnd(3) == 0)
            memcpy(buf + n, "③5", 4), n += 4;
    }
    buf[n] = 0;
    return n;
}

static int starts_with(const char *s, const char *const *set, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strncmp(s, set[i], strlen(set[i])) == 0)
            return 1;
    return 0;
}

static int ends_with(const char *s, size_t len, const char *const *set, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        size_t l = strlen(set[i]);
        if (len >= l && memcmp(s + len - l, set[i], l) == 0)
            return 1;
    }
    return 0;
}


/* 1 if line l offers no break opportunity inside: one unbreakable chunk
 * (COVID-19℃/市), which may be too short to fill and have no gap the rules
 * let widen; the composer then warns. */
static int one_chunk(const char *buf, const bm_pline *l, bm_kinsoku level)
{
    bm_tchar *t;
    size_t n;
    bm_error err;
    bm_error_init(&err);
    assert_int_equal(bm_text_analyze(buf, l->end, level, arena, &t, &n, &err),
                     BM_OK);
    for (size_t i = 0; i < n; i++)
        if (t[i].off > l->start && t[i].brk == BM_BRK_ALLOW)
            return 0;
    return 1;
}

static void invariants(void **state)
{
    (void)state;
    static const char *const no_start[] = {
        "。", "，", "、", "；", "：", "？", "！", "）", "》", "〉", "」", "』",
        "】", "〕", "〗", "”", "’", "·", "～", "%", "/", "③", "℃"};
    static const char *const no_end[] = {"（", "《", "“", "「", "【", "￥", "/"};
    char buf[2048];
    long lines = 0;
    for (int iter = 0; iter < 3000; iter++) {
        bm_para_style st = style(8 + (int)rnd(13));
        size_t len = gen(buf, sizeof buf, st.measure / EM);
        st.size = rnd(2) ? EM : BM_PT(9);
        st.measure = (st.measure / EM) * st.size;
        st.indent = rnd(2) ? 2 * st.size : 0;
        st.kinsoku = rnd(2) ? BM_KINSOKU_STRICT : BM_KINSOKU_GB;
        st.hanging = rnd(5) == 0;
        st.qe_one_em = rnd(5) == 0;
        st.compress = rnd(4) == 0 ? (bm_compress)rnd(4) : BM_COMPRESS_QUANJIAO;
        compose_st(buf, &st);
        size_t pos = 0;
        for (size_t i = 0; i < NL; i++) {
            const bm_pline *l = &L[i];
            const char *s = buf + l->start;
            size_t n = l->end - l->start;
            /* lines cover the text once, in order */
            assert_int_equal(l->start, pos);
            assert_true(l->end > l->start);
            pos = l->end;
            /* glyphs cover the line's bytes once, in order */
            size_t cov = 0;
            for (size_t g = 0; g < l->nglyphs; g++) {
                if (l->glyphs[g].nbytes == 0)
                    continue;
                assert_int_equal(l->glyphs[g].cluster, cov);
                cov += l->glyphs[g].nbytes;
                /* advances (distance to the next glyph) are >= 0, except
                 * before an opening mark whose own left blank was taken:
                 * its glyph origin moves left, its ink stays in the right
                 * half of its em */
                uint32_t np = 0;
                if (g + 1 < l->nglyphs)
                    bm_utf8_decode(s + l->glyphs[g + 1].cluster,
                                   n - l->glyphs[g + 1].cluster, &np);
                bm_fix floor = bm_text_class(np) == BM_CLS_OPEN && np > 0x2000
                                   ? -st.size / 2 : 0;
                if (l->glyphs[g].adv < floor)
                    fail_msg("negative advance in \"%.*s\": %s", (int)n, s, buf);
                /* ... but never onto the glyph before it: two glyph origins
                 * at one x (。“ pushed in to 1 em) make pdftotext and
                 * mutool read the line as two (全角 style; 半角 sets such a
                 * pair at 1 em by definition) */
                uint32_t cp = 0;
                bm_utf8_decode(s + l->glyphs[g].cluster, n - l->glyphs[g].cluster,
                               &cp);
                if (floor && st.compress == BM_COMPRESS_QUANJIAO && cp != ' ' &&
                    cp != 0x3000 && l->glyphs[g].adv <= 0)
                    fail_msg("an opening mark set on the glyph before it in "
                             "\"%.*s\": %s", (int)n, s, buf);
            }
            assert_int_equal(cov, n);
            /* never wider than the measure */
            if (l->indent + l->width > st.measure)
                fail_msg("overfull line %zu \"%.*s\" (W=%d em=%d indent=%d "
                         "strict=%d): %s", i, (int)n, s, st.measure, st.size,
                         st.indent, st.kinsoku, buf);
            /* every line but the last fills its measure exactly */
            if (i + 1 < NL && l->indent + l->width != st.measure &&
                !one_chunk(buf, l, st.kinsoku))
                fail_msg("line %zu \"%.*s\" is %d wide, not %d (em %d): %s", i,
                         (int)n, s, l->indent + l->width, st.measure, st.size,
                         buf);
            /* kinsoku */
            if (i > 0) {
                if (starts_with(s, no_start, sizeof no_start / sizeof *no_start))
                    fail_msg("line starts with a forbidden mark: %.*s | %s",
                             (int)n, s, buf);
                if (strncmp(s, "—", 3) == 0 && strncmp(s + 3, "—", 3) != 0)
                    fail_msg("a lone — or a split —— starts a line: %s", buf);
                if (st.kinsoku == BM_KINSOKU_STRICT &&
                    (strncmp(s, "……", 6) == 0 || strncmp(s, "⸺", 3) == 0))
                    fail_msg("LONG starts a line: %s", buf);
                /* no split unit: number, word, pair */
                if (is_digit_or_latin(s[0]) && is_digit_or_latin(s[-1]))
                    fail_msg("split word/number: %s", buf);
                if ((s[0] == '.' || s[0] == ',' || s[0] == ':' || s[0] == '-') &&
                    is_digit_or_latin(s[-1]))
                    fail_msg("split number: %s", buf);
                /* a word may break after its hyphen when its chunk is
                 * wider than the measure (COVID-|19), a number never */
                if (is_digit_or_latin(s[0]) &&
                    (s[-1] == '.' || s[-1] == ',' || s[-1] == ':' ||
                     s[-1] == '&' ||
                     (s[-1] == '-' && s[-2] >= '0' && s[-2] <= '9')))
                    fail_msg("split number: %s", buf);
                for (const char *dd[] = {"…", "—"}, **d = dd; d < dd + 2; d++) {
                    int run = 0;   /* pairs: an odd count before splits one */
                    while (s - 3 * (run + 1) >= buf &&
                           strncmp(s - 3 * (run + 1), *d, 3) == 0)
                        run++;
                    if (strncmp(s, *d, 3) == 0 && run % 2)
                        fail_msg("split pair: %s", buf);
                }
                if (strncmp(s, "０", 3) == 0 || strncmp(s, "５", 3) == 0)
                    fail_msg("split full-width number: %s", buf);
            }
            if (i + 1 < NL && ends_with(s, n, no_end, sizeof no_end / sizeof *no_end))
                fail_msg("line ends with an opening mark: %.*s | %s", (int)n, s,
                         buf);
            /* Han never squeezed: the next glyph starts at least 1 em
             * after a Han glyph (an OPEN mark's glyph holds its own blank,
             * which compression may take: its ink is in the right half) */
            for (size_t g = 0; g + 1 < l->nglyphs; g++) {
                uint32_t cp, np;
                const bm_glyph *x = &l->glyphs[g], *y = &l->glyphs[g + 1];
                if (!x->nbytes ||
                    !bm_utf8_decode(s + x->cluster, n - x->cluster, &cp) ||
                    bm_text_class(cp) != BM_CLS_HAN)
                    continue;
                assert_true(bm_utf8_decode(s + y->cluster, n - y->cluster, &np));
                bm_fix min = bm_text_class(np) == BM_CLS_OPEN && np > 0x2000
                                 ? st.size / 2 : st.size;
                if (y->x - x->x < min)
                    fail_msg("Han squeezed in \"%.*s\": %s", (int)n, s, buf);
            }
        }
        assert_int_equal(pos, len);
        /* no 孤字: the last line of a multi-line paragraph holds at least
         * 2 Han characters (or a word/number; a 2-em —— or …… counts as
         * one, as each half does here) */
        if (NL > 1) {
            const bm_pline *l = &L[NL - 1];
            int han = 0, word = 0;
            for (size_t o = l->start; o < l->end;) {
                uint32_t cp;
                int k = bm_utf8_decode(buf + o, l->end - o, &cp);
                han += bm_text_class(cp) == BM_CLS_HAN ||
                       cp == 0x2E3A || cp == 0x2014 || cp == 0x2026;
                word |= (cp < 128 && is_digit_or_latin((char)cp)) ||
                        (cp >= 0xFF10 && cp <= 0xFF19);
                o += (size_t)k;
            }
            if (han < 2 && !word)
                fail_msg("orphan last line (W=%d em=%d indent=%d strict=%d): %.*s | %s", st.measure, st.size, st.indent, st.kinsoku,
                         (int)(l->end - l->start), buf + l->start, buf);
        }
        lines += (long)NL;
        bm_arena_reset(arena);
    }
    assert_true(lines > 3000);
}

/* ---- fixture ------------------------------------------------------------------------- */

static int setup(void **state)
{
    (void)state;
    char conf[4096];
    const char *r = getenv("BANMIAN_ROOT");
    snprintf(conf, sizeof conf, "%s/fonts/fonts.conf", r && *r ? r : ".");
    bm_error err;
    bm_error_init(&err);
    if (bm_fontset_open(conf, &fs, &err) != BM_OK) {
        fprintf(stderr, "%s: %s\n", conf, err.msg);
        return -1;
    }
    diag_arena = bm_arena_new();
    bm_diags_init(&diags, diag_arena);
    arena = bm_arena_new();
    return bm_composer_new(fs, &diags, &comp, &err) == BM_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    bm_composer_free(comp);
    bm_fontset_close(fs);
    bm_arena_free(arena);
    bm_arena_free(diag_arena);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(case01_push_out),
        cmocka_unit_test(case02_push_in_first),
        cmocka_unit_test(case03_open_quote_moves_down),
        cmocka_unit_test(case04_open_brackets),
        cmocka_unit_test(case05_close_then_stop),
        cmocka_unit_test(case06_no_line_start),
        cmocka_unit_test(case07_quotes_tailored),
        cmocka_unit_test(case08_prefix),
        cmocka_unit_test(case09_solidus),
        cmocka_unit_test(case10_wave),
        cmocka_unit_test(case11_dot),
        cmocka_unit_test(case12_ellipsis),
        cmocka_unit_test(case13_dash),
        cmocka_unit_test(case14_unit_at_line_end),
        cmocka_unit_test(case15_19_numbers),
        cmocka_unit_test(case20_21_han_latin_glue),
        cmocka_unit_test(case22_no_glue_at_marks),
        cmocka_unit_test(case23_5g),
        cmocka_unit_test(case24_url),
        cmocka_unit_test(case25_units_keep_advances),
        cmocka_unit_test(case26_27_pairs),
        cmocka_unit_test(case28_period_at_line_end),
        cmocka_unit_test(case29_open_at_line_start),
        cmocka_unit_test(case30_qe),
        cmocka_unit_test(case31_no_double_compression),
        cmocka_unit_test(case31b_pair_not_pushed_to_one_em),
        cmocka_unit_test(case32_even_spread),
        cmocka_unit_test(case33_last_line),
        cmocka_unit_test(case34_grid),
        cmocka_unit_test(case37_orphan),
        cmocka_unit_test(case37b_orphan_before_ellipsis),
        cmocka_unit_test(case38_orphan_without_final_mark),
        cmocka_unit_test(longer_setting),
        cmocka_unit_test(case39_indent),
        cmocka_unit_test(case40_style_boundaries),
        cmocka_unit_test(case41_spaces),
        cmocka_unit_test(case41b_idsp_at_line_end),
        cmocka_unit_test(case43_editor_code),
        cmocka_unit_test(case44_padded_name),
        cmocka_unit_test(case45_block_initial_dash),
        cmocka_unit_test(compression_styles),
        cmocka_unit_test(alignment_and_tracking),
        cmocka_unit_test(hanging),
        cmocka_unit_test(missing_glyph_placeholder),
        cmocka_unit_test(pathological),
        cmocka_unit_test(bad_input),
        cmocka_unit_test(invariants),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
