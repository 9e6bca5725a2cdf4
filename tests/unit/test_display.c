/* test_display.c - the display-line setter (display.c, issue 13): one test
 * per rule, on invented headlines, kickers and bylines, plus the body-text
 * rules of the same issue (number with its unit, URL breaks, run-in byline
 * spaces). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout/layout_private.h"

#define EM 640   /* 10 pt */

static bm_fontset *fs;
static bm_composer *comp;
static bm_display *disp;
static bm_arena *arena, *diag_arena;
static bm_diags diags;

static bm_dset R;
static const char *T;

static bm_display_style head(bm_fix measure)
{
    bm_display_style st;
    memset(&st, 0, sizeof st);
    st.kind = BM_DISPLAY_HEAD;
    st.role = BM_FONT_HEADLINE;
    st.size = EM;
    st.measure = measure;
    st.align = BM_ALIGN_CENTER;
    st.space = EM;
    return st;
}

static bm_display_style name(bm_fix measure)
{
    bm_display_style st = head(measure);
    st.kind = BM_DISPLAY_NAME;
    st.role = BM_FONT_KAI;
    st.align = BM_ALIGN_START;
    st.space = EM / 2;
    return st;
}

static void set(const char *text, const bm_display_style *st)
{
    bm_error err;
    bm_error_init(&err);
    bm_src src = {"test.xml", 3, 5};
    T = text;
    assert_int_equal(bm_display_set(disp, text, strlen(text), st, &src, arena,
                                    &R, &err), BM_OK);
    assert_true(R.nlines > 0);
    /* the lines cover the text once, in order */
    size_t at = 0;
    for (size_t i = 0; i < R.nlines; i++) {
        assert_int_equal(R.lines[i].start, at);
        at = R.lines[i].end;
        assert_true(R.lines[i].width + R.lines[i].xoff <= st->measure);
    }
    assert_int_equal(at, strlen(text));
}

static const char *line(size_t i)
{
    static char buf[4][512];
    assert_true(i < R.nlines);
    size_t n = R.lines[i].end - R.lines[i].start;
    assert_true(n < sizeof buf[0]);
    char *b = buf[i % 4];
    memcpy(b, T + R.lines[i].start, n);
    b[n] = 0;
    return b;
}

/* text composed at ps into *pl, *n lines: it must compose */
static void compose_ok(const char *text, const bm_para_style *ps,
                       bm_pline **pl, size_t *n)
{
    bm_error err;
    bm_error_init(&err);
    assert_int_equal(bm_para_compose(comp, text, strlen(text), ps, NULL, arena,
                                     pl, n, &err), BM_OK);
}

/* natural width of text on one line, for measures that sit just short */
static bm_fix natural(const char *text, bm_role role)
{
    bm_para_style ps;
    memset(&ps, 0, sizeof ps);
    ps.role = role;
    ps.size = EM;
    ps.measure = BM_PT(20000);
    ps.align = BM_ALIGN_START;
    ps.han_space = EM;
    bm_pline *pl;
    size_t n;
    compose_ok(text, &ps, &pl, &n);
    assert_int_equal(n, 1);
    return pl[0].width;
}

/* some line holds `unit` whole */
static void whole(const char *unit)
{
    for (size_t i = 0; i < R.nlines; i++)
        if (strstr(line(i), unit))
            return;
    fail_msg("\"%s\" split across lines", unit);
}

/* characters (code points) in s */
static size_t chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* ---- rule 3: no 1-2 characters alone on the last line ------------------------ */

static void test_last_line_not_short(void **state)
{
    (void)state;
    /* 18 characters at 16 em: first fit leaves 「扫尾阶段」's last two */
    const char *t = "全区老旧小区加装电梯工作进入扫尾阶段";
    bm_display_style st = head(16 * EM);
    set(t, &st);
    assert_int_equal(R.nlines, 2);
    assert_true(chars(line(1)) >= 3);
    assert_false(R.forced);
    /* balanced: the two lines differ by at most four characters */
    long d = (long)chars(line(0)) - (long)chars(line(1));
    assert_true(d <= 4 && d >= -4);

    t = "综合测评成绩位列全省同类县区第一";   /* not 「｜第一」 */
    st = head(14 * EM);
    set(t, &st);
    assert_true(chars(line(R.nlines - 1)) >= 3);
    whole("第一");
}

/* ---- rule 2: numbers keep their units ------------------------------------------ */

static void test_number_with_unit(void **state)
{
    (void)state;
    bm_display_style st = head(15 * EM);
    set("改造后的候车大厅面积扩大到3.4万平方米", &st);
    whole("3.4万平方米");
    st = head(8 * EM);
    set("新建城市绿道21.5公里", &st);
    whole("21.5公里");
    st = head(10 * EM);
    set("直播间里卖核桃 一个月发货2.3万单", &st);
    whole("2.3万单");
    whole("一个月");
    st = head(9 * EM);
    set("前三季度旅游收入增长7.6%", &st);
    whole("7.6%");
    assert_true(chars(line(R.nlines - 1)) >= 3);
}

static void test_dates_times_ratios(void **state)
{
    (void)state;
    bm_display_style st = head(9 * EM);
    set("4月18日起夜班公交线路恢复运营", &st);
    whole("4月18日");
    st = head(8 * EM);
    set("决赛以2:05:31夺得冠军", &st);
    whole("2:05:31");
    st = head(7 * EM);
    set("主队最终以3∶1逆转取胜", &st);
    whole("3∶1");
}

static void test_latin_word_whole(void **state)
{
    (void)state;
    bm_display_style st = head(9 * EM);
    set("河西首条BRT快线明早开通", &st);
    whole("BRT");
}

/* ---- short quotes --------------------------------------------------------------- */

static void test_short_quote_whole(void **state)
{
    (void)state;
    bm_display_style st = head(9 * EM);
    set("通车之后还要“跑得稳”", &st);
    whole("“跑得稳”");
    st = head(9 * EM);
    set("开展冬季“餐饮安全守护”行动", &st);
    whole("“餐饮安全守护”");
    /* a longer quote breaks inside only where nothing outside does as
     * well: 「河湾区“一刻钟便民生活圈”｜新增6处驿站」 */
    for (int m = 13; m <= 16; m++) {
        st = head(m * EM);
        set("河湾区“一刻钟便民生活圈”新增6处驿站", &st);
        assert_int_equal(R.nlines, 2);
        assert_string_equal(line(1), "新增6处驿站");
    }
}

/* ---- rule 1: phrase spaces, punctuation, then dictionary words ---------------- */

static void test_phrase_space(void **state)
{
    (void)state;
    const char *t = "传统产业焕新 新兴产业壮大";
    bm_display_style st = head(10 * EM);
    set(t, &st);
    assert_int_equal(R.nlines, 2);
    assert_string_equal(line(0), "传统产业焕新 ");
    assert_string_equal(line(1), "新兴产业壮大");
    /* U+3000 is a phrase break too, and carried with no width */
    t = "项目接续发力　后劲持续增强";
    set(t, &st);
    assert_int_equal(R.nlines, 2);
    assert_string_equal(line(1), "后劲持续增强");
    assert_int_equal(R.lines[0].width, 6 * EM);
    /* the space is the break even when a word break would give a fuller
     * first line: 「城北污水厂扩容投运 河湾｜一带…」 is not a headline */
    for (int m = 11; m <= 19; m++) {
        st = head(m * EM);
        set("城北污水厂扩容投运 河湾一带积水明显减少", &st);
        assert_int_equal(R.nlines, 2);
        assert_string_equal(line(1), "河湾一带积水明显减少");
        assert_true(R.phrased);
    }
    /* a measure too narrow for the phrase after the space breaks between
     * words, and says the break is not the copy's (the headline setter
     * then tries a size down: setter.c head_line) */
    st = head(8 * EM);
    set("新城 滨河公园冰雪乐园下月开园", &st);
    assert_int_equal(R.nlines, 2);
    assert_false(R.phrased);
    assert_false(R.forced);
}

static void test_after_punctuation(void **state)
{
    (void)state;
    bm_display_style st = head(11 * EM);
    set("取暖不热怎么办？这份报修指南请收好", &st);
    assert_int_equal(R.nlines, 2);
    assert_string_equal(line(0), "取暖不热怎么办？");
    /* a name with a middle dot stays whole, and the colon after it is
     * still a phrase break */
    st = head(10 * EM);
    set("阿依古丽·买买提：把家乡的杏送出去", &st);
    assert_int_equal(R.nlines, 2);
    assert_string_equal(line(0), "阿依古丽·买买提：");
    assert_false(R.forced);
}

/* A list number opening a subheading is never a line alone: 「七、｜以共建
 * 共享提升群众获得感」 at 12 em broke after the pausing mark. */
static void test_list_number_kept(void **state)
{
    (void)state;
    bm_display_style st = head(12 * EM);
    st.align = BM_ALIGN_START;
    const char *heads[] = {"七、以共建共享提升群众获得感", "（三）以县城建设增强承载能力",
                           "12.把养老服务送到老人家门口"};
    const size_t number[] = {strlen("七、"), strlen("（三）"), strlen("12.")};
    for (size_t i = 0; i < sizeof heads / sizeof *heads; i++) {
        set(heads[i], &st);
        assert_int_equal(R.nlines, 2);
        /* the first line holds the number and what it numbers */
        assert_true(R.lines[0].end - R.lines[0].start >= number[i] + strlen("以共"));
    }
    /* a date is no list number: 「2026年｜…」 may break as before */
    set("2026年起全县推行新的垃圾分类办法", &st);
    assert_true(R.nlines >= 1);
}

static void test_word_boundaries(void **state)
{
    (void)state;
    /* no space, no mark: the break falls between words */
    bm_display_style st = head(7 * EM);
    set("荣获全省科普讲解大赛一等奖", &st);
    for (size_t i = 0; i + 1 < R.nlines; i++) {
        const char *l = line(i);
        size_t n = strlen(l);
        assert_true(n >= 3);
        const char *end = l + n - 3;   /* its last character */
        const char *next = line(i + 1);
        char pair[8];
        memcpy(pair, end, 3);
        memcpy(pair + 3, next, 3);
        pair[6] = 0;
        assert_true(strcmp(pair, "科普") && strcmp(pair, "讲解") &&
                    strcmp(pair, "大赛") && strcmp(pair, "一等"));
    }
}

/* ---- bound morphemes (issue 12) ---------------------------------------------- */

/* ICU knows 实验, 产业, 幼儿, 常委 but not 实验室, 产业园, 幼儿园, 常委会, and
 * gives 第 and 36 apart: each measure here is one at which the best break
 * by ICU's words alone falls inside the word an editor reads */
static void test_bound_morphemes(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        int         em;
        const char *word;
        size_t      lines;   /* as many as ICU's words alone take */
    } cases[] = {
        {"海洋学院实验室获评国家级平台", 10, "实验室", 2},
        {"江北高新产业园首批企业入驻", 8, "产业园", 2},
        {"老城区八个幼儿园完成改造", 9, "幼儿园", 2},
        {"区人大常委会召开第36次会议", 6, "常委会", 3},
        {"区人大常委会召开第36次会议", 6, "第36次", 3},
        {"市政府召开第7次常务会议", 8, "第7次", 2},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        bm_display_style st = head(cases[i].em * EM);
        set(cases[i].text, &st);
        assert_int_equal(R.nlines, cases[i].lines);
        whole(cases[i].word);
        assert_false(R.forced);
    }
    /* a prefix after a character ICU left alone is not joined: 高|新 is
     * 高新, and 江北高新｜产业园首批 keeps its three lines */
    bm_display_style st = head(5 * EM);
    set("江北高新产业园首批企业入驻", &st);
    assert_int_equal(R.nlines, 3);
    whole("高新");
    whole("产业园");
}

/* ICU gives 滑雪|赛|岚|北站: 赛 joins 滑雪, and the lone 岚 after it belongs to
 * the name after it, not to the event before it */
static void test_bound_orphan(void **state)
{
    (void)state;
    bm_display_style st = head(8 * EM);
    set("全国大众滑雪赛岚北站开赛", &st);
    assert_int_equal(R.nlines, 2);
    whole("滑雪赛");
    assert_string_not_equal(line(0), "全国大众滑雪赛岚");
    assert_string_equal(line(0), "全国大众滑雪赛");
    assert_false(R.forced);
}

/* ---- rule 4: tighten, then one size down ------------------------------------ */

static void test_tighten_then_step_down(void **state)
{
    (void)state;
    const char *t = "Transportation";
    bm_fix w = natural(t, BM_FONT_HEADLINE);
    bm_display_style st = head(w - EM / 8);
    set(t, &st);
    assert_int_equal(R.nlines, 1);
    assert_int_equal(R.size, EM);
    assert_true(R.tracking < 0);   /* tightened by 1/20 em a character */

    static bm_layout lay;
    memset(&lay, 0, sizeof lay);
    lay.styles[BM_EL_HEADLINE3].size = EM;
    lay.styles[BM_EL_SUBHEAD].size = EM * 3 / 4;
    assert_int_equal(bm_display_step_down(&lay, EM), EM * 3 / 4);
    /* a declared 号数 scale wins over the styles' sizes */
    lay.nscale = 3;
    lay.scale[0] = EM * 2;
    lay.scale[1] = EM;
    lay.scale[2] = EM * 5 / 8;
    assert_int_equal(bm_display_step_down(&lay, EM), EM * 5 / 8);
    assert_int_equal(bm_display_step_down(&lay, EM * 5 / 8), 0);
    lay.nscale = 0;
    st = head(w * 9 / 10);
    st.lay = &lay;
    st.min_size = EM / 2;
    set(t, &st);
    assert_int_equal(R.nlines, 1);
    assert_int_equal(R.size, EM * 3 / 4);   /* one step of the scale */
    /* never below min_size: then broken (forced) at the style's size */
    st.min_size = EM * 7 / 8;
    set(t, &st);
    assert_int_equal(R.size, EM);
    assert_true(R.forced);
}

/* ---- rule 5: bylines are names ---------------------------------------------------- */

static bm_fix gx(size_t li, const char *needle)
{
    const char *l = T + R.lines[li].start;
    const char *q = strstr(l, needle);
    assert_non_null(q);
    size_t off = (size_t)(q - l);
    for (size_t g = 0; g < R.lines[li].nglyphs; g++)
        if (R.lines[li].glyphs[g].cluster == off)
            return R.lines[li].glyphs[g].x;
    fail_msg("no glyph for %s", needle);
    return 0;
}

static void test_byline_names(void **state)
{
    (void)state;
    bm_display_style st = name(12 * EM);
    set("本报记者 王犇 通讯员 赵一淼", &st);
    assert_int_equal(R.nlines, 2);
    assert_string_equal(line(0), "本报记者 王犇 ");
    assert_string_equal(line(1), "通讯员 赵一淼");
    /* a space is a fixed half-em gap; characters are never spaced out */
    assert_int_equal(gx(0, "王") - gx(0, "者"), EM + EM / 2);
    assert_int_equal(gx(0, "犇") - gx(0, "王"), EM);
    assert_int_equal(gx(1, "赵") - gx(1, "员"), EM + EM / 2);
    assert_true(R.lines[0].width < 12 * EM);
    assert_int_equal(R.lines[0].xoff, 0);   /* ragged, flush left */
    /* a U+3000 between words is the same half-em gap, kept as text */
    set("本报记者　王犇　通讯员　赵一淼", &st);
    assert_int_equal(R.nlines, 2);
    assert_int_equal(gx(0, "王") - gx(0, "者"), EM + EM / 2);
    assert_int_equal(gx(1, "赵") - gx(1, "员"), EM + EM / 2);

    st = name(11 * EM);
    set("本报记者 杨晓 实习生 古丽娜·艾力", &st);
    whole("实习生 古丽娜·艾力");
    /* a title and its name wider than the measure: the title ends a line
     * (the name stays whole), never 「实习｜生」; a name wider than the
     * measure breaks after its middle dot, never inside 艾合买提 */
    const char *uy = "本报讯（记者 邵嘉淼 实习生 迪丽努尔·艾合买提）";
    st = name(13 * EM);
    set(uy, &st);
    assert_int_equal(R.nlines, 2);
    assert_string_equal(line(1), "实习生 迪丽努尔·艾合买提）");
    assert_false(R.forced);
    st = name(11 * EM);
    set(uy, &st);
    assert_int_equal(R.nlines, 3);
    /* (本报讯 may stand alone: the bracket opens a phrase) */
    whole("记者 邵嘉淼");
    assert_string_equal(line(2), "迪丽努尔·艾合买提）");
    st = name(7 * EM);
    set(uy, &st);
    whole("迪丽努尔·");
    whole("艾合买提）");
    whole("实习生");
    whole("邵嘉淼");
    for (size_t i = 0; i < R.nlines; i++) {   /* never letter-spaced */
        const bm_dline *d = &R.lines[i];
        for (size_t g = 0; g + 1 < d->nglyphs; g++)
            assert_true(d->glyphs[g].adv <= EM);
    }

    st = name(9 * EM);
    set("本报记者 林翀 苏晓喆 常淼", &st);
    whole("本报记者 林翀");
    assert_true(chars(line(R.nlines - 1)) >= 3);
    /* a credit: the name stays with 摄 */
    st = name(6 * EM);
    set("记者 孙喆 摄", &st);
    whole("孙喆 摄");
    /* the U+3000 padding a two-character name (彭　珺) is no break, at any
     * measure: the name goes whole to the next line */
    for (int m = 6; m <= 12; m++) {
        st = name(m * EM);
        set("本报记者　彭　珺　通讯员　姚　垚", &st);
        whole("彭　珺");
        whole("姚　垚");
    }
}

/* A byline's run too long for a name (an affiliation, a source) breaks
 * as a head does: at its words and after its pausing marks, never inside
 * a word (澜州学院城市管理｜系副教授, 资料来源：澜州市统｜计局). */
static void test_byline_affiliation(void **state)
{
    (void)state;
    bm_display_style st = name(11 * EM);
    set("澜州学院城市管理系副教授　韩　翀", &st);
    assert_int_equal(R.nlines, 2);
    assert_string_equal(line(0), "澜州学院城市管理系");
    set("资料来源：澜州市统计局、市发展改革委", &st);
    assert_int_equal(R.nlines, 2);
    assert_string_equal(line(0), "资料来源：澜州市统计局、");
    /* a name stays a name: 本报记者　古丽娜·艾力 breaks at its space */
    st = name(7 * EM);
    set("本报记者　古丽娜·艾力", &st);
    assert_int_equal(R.nlines, 2);
    assert_string_equal(line(1), "古丽娜·艾力");
}

/* ---- rule 6: formulas --------------------------------------------------------------- */

static void test_formula_no_glue(void **state)
{
    (void)state;
    const char *t = "（下转第12版）";
    bm_display_style st = head(20 * EM);
    st.align = BM_ALIGN_END;
    bm_error err;
    bm_error_init(&err);
    T = t;
    assert_int_equal(bm_display_formula(disp, t, strlen(t), &st, NULL, arena,
                                        &R, &err), BM_OK);
    assert_int_equal(R.nlines, 1);
    assert_int_equal(gx(0, "1") - gx(0, "第"), EM);   /* no 1/4 em glue */
    bm_fix after = gx(0, "版");
    /* the glyph before 版 ends where 版 starts */
    const bm_dline *l = &R.lines[0];
    for (size_t g = 0; g + 1 < l->nglyphs; g++)
        if (l->glyphs[g + 1].x == after)
            assert_int_equal(l->glyphs[g].x + l->glyphs[g].adv, after);
    assert_int_equal(l->xoff + l->width, 20 * EM);   /* flush right */
}

/* ---- captions fill their lines -------------------------------------------------- */

static void test_caption_filled(void **state)
{
    (void)state;
    bm_display_style st = head(20 * EM);
    st.role = BM_FONT_KAI;
    st.align = BM_ALIGN_JUSTIFY;
    set("入冬以来，首批越冬候鸟陆续飞抵城西湿地公园。今年已有大天鹅、灰鹤等"
        "候鸟1.6万余只在此停歇，比去年同期增加约12%。", &st);
    assert_true(R.nlines >= 3);
    for (size_t i = 0; i + 1 < R.nlines; i++)
        assert_int_equal(R.lines[i].width, 20 * EM);
    whole("1.6万余只");
    whole("12%");
}

/* ---- body text (para.c, text.c) ----------------------------------------------------- */

static void test_body_number_unit(void **state)
{
    (void)state;
    bm_tchar *t;
    size_t n;
    bm_error err;
    bm_error_init(&err);
    const char *s = "截至3月底，新建绿道18.6公里，面积2.6万平方米，1.8万单";
    assert_int_equal(bm_text_analyze(s, strlen(s), BM_KINSOKU_STRICT, arena, &t,
                                     &n, &err), BM_OK);
    /* no break before a unit that follows a number */
    const char *units[] = {"月", "公", "里", "万", "平", "方", "米", "单"};
    for (size_t i = 1; i < n; i++) {
        if (t[i - 1].cls != BM_CLS_NUM && !(t[i - 1].unit && t[i].unit))
            continue;
        for (size_t u = 0; u < sizeof units / sizeof *units; u++) {
            uint32_t cp;
            bm_utf8_decode(units[u], 3, &cp);
            if (t[i].cp == cp)
                assert_int_equal(t[i].brk, BM_BRK_NEVER);
        }
    }
    /* 底 is no unit: a break before it stays allowed */
    for (size_t i = 1; i < n; i++)
        if (t[i].cp == 0x5E95)
            assert_int_equal(t[i].brk, BM_BRK_ALLOW);
}

static void test_body_url_breaks(void **state)
{
    (void)state;
    /* the address may break after . or @ so the line before it stays tight */
    const char *s = "城西区供热服务中心提醒，市民也可以通过电子邮箱"
                    "gongre.fuwu@hexinews.cn反映供暖问题，工作人员将在两个"
                    "工作日内答复。";
    bm_para_style ps;
    memset(&ps, 0, sizeof ps);
    ps.role = BM_FONT_BODY;
    ps.size = EM;
    ps.measure = 12 * EM;
    ps.align = BM_ALIGN_JUSTIFY;
    ps.kinsoku = BM_KINSOKU_STRICT;
    ps.min_last = 2;
    bm_pline *pl;
    size_t n;
    compose_ok(s, &ps, &pl, &n);
    /* the address (narrower than the measure, so before this rule never
     * broken) breaks at one of its points, after . or @ */
    int url_break = 0;
    for (size_t l = 0; l + 1 < n; l++) {
        char last = s[pl[l].end - 1];
        char next = s[pl[l].end];
        if ((last == '@' || last == '.') && next >= 'a' && next <= 'z')
            url_break = 1;
        /* never inside a letter run */
        assert_false(last >= 'a' && last <= 'z' && next >= 'a' && next <= 'z');
    }
    assert_true(url_break);
}

/* A paragraph opening with run-in byline `by`, composed at m ems into pl;
 * its text in t. */
static void runin_para(bm_para_style *ps, const char *by, int m, char *t,
                       size_t tn, bm_pline **pl, size_t *n)
{
    snprintf(t, tn, "%s近日，城西区首批老旧小区改造项目全部完工，涉及居民两千"
             "余户。", by);
    ps->runin_len = strlen(by);
    ps->measure = m * EM;
    compose_ok(t, ps, pl, n);
}

/* A cross-reference （详见第N版） kept whole (keep_at/keep_len): no line
 * ends inside it at any measure that holds it, where without the keep
 * some measure breaks it (「（详｜见第3版）」). */
static void test_body_ref_kept_whole(void **state)
{
    (void)state;
    const char *t = "全县一千二百余名八十岁以上老人本月起领到新的长寿补贴，"
                    "发放名单已在各村公示栏张贴（详见第3版）";
    const char *ref = strstr(t, "（详见");
    size_t at = (size_t)(ref - t), len = strlen(ref);
    int broken_without = 0;
    for (int keep = 0; keep <= 1; keep++)
        for (int m = 8; m <= 15; m++) {
            bm_para_style ps;
            memset(&ps, 0, sizeof ps);
            ps.role = BM_FONT_BODY;
            ps.size = EM;
            ps.measure = m * EM;
            ps.indent = 2 * EM;
            ps.align = BM_ALIGN_JUSTIFY;
            ps.kinsoku = BM_KINSOKU_STRICT;
            ps.min_last = 2;
            if (keep) {
                ps.keep_at = at;
                ps.keep_len = len;
            }
            bm_pline *pl;
            size_t n;
            compose_ok(t, &ps, &pl, &n);
            for (size_t l = 0; l + 1 < n; l++) {
                int inside = pl[l].end > at && pl[l].end < at + len;
                if (keep)
                    assert_false(inside);
                broken_without |= inside;
            }
        }
    assert_true(broken_without);
}

static void test_body_runin_byline_spaces(void **state)
{
    (void)state;
    const char *by = "本报讯（记者 王晓东 通讯员 李娜）";
    char s[512];
    snprintf(s, sizeof s, "%s近日，城西区首批老旧小区改造项目全部完工，涉及居民两千余户。", by);
    bm_para_style ps;
    memset(&ps, 0, sizeof ps);
    ps.role = BM_FONT_BODY;
    ps.size = EM;
    ps.measure = 14 * EM;
    ps.indent = 2 * EM;
    ps.align = BM_ALIGN_JUSTIFY;
    ps.kinsoku = BM_KINSOKU_STRICT;
    ps.min_last = 2;
    ps.runin_len = strlen(by);
    ps.runin_space = EM / 2;
    bm_pline *pl;
    size_t n;
    compose_ok(s, &ps, &pl, &n);
    /* every space of the byline is a glyph of 1/2 em, opened to at most
     * 1 em in a justified line (mid-line) */
    int spaces = 0;
    for (size_t l = 0; l < n; l++)
        for (size_t g = 0; g < pl[l].nglyphs; g++)
            if (s[pl[l].start + pl[l].glyphs[g].cluster] == ' ') {
                /* (a space ending a line is dropped there, as any) */
                if (g + 1 < pl[l].nglyphs) {
                    assert_true(pl[l].glyphs[g].adv >= EM / 2);
                    assert_true(pl[l].glyphs[g].adv <= EM);
                }
                spaces++;
            }
    assert_int_equal(spaces, 3);

    /* at every measure the byline breaks only at its spaces: no 「通｜讯员」,
     * no 「孔令｜喆」, and a name with a middle dot whole when it fits */
    static const char *const runins[] = {
        "本报讯（记者 王晓东 通讯员 李娜）",
        "本报讯（通讯员 孔令喆）",
        "本报讯（记者 钱翀 实习生 古丽娜·艾力）",
    };
    char t[512];
    for (size_t r = 0; r < 3; r++)
        for (int m = 10; m <= 16; m++) {
            runin_para(&ps, runins[r], m, t, sizeof t, &pl, &n);
            for (size_t l = 0; l + 1 < n; l++) {
                size_t e = pl[l].end;
                if (e >= ps.runin_len)
                    break;
                assert_true(t[e - 1] == ' ' || t[e] == ' ');
            }
        }
    /* with U+3000 between its words (记者　林　堃　通讯员　高　翀) a line
     * ends after one of them, never inside a word (「通｜讯员」) nor at the
     * U+3000 that pads a two-character name (林　堃) */
    static const char *const idsp[] = {
        "本报讯（记者　林　堃　通讯员　高　翀）",
        "本报讯（记者　吴世淼　实习生　白　婳）",
    };
    static const char sp3[] = "\xe3\x80\x80", open3[] = "（", close3[] = "）";
    for (size_t r = 0; r < 2; r++)
        for (int m = 9; m <= 16; m++) {
            runin_para(&ps, idsp[r], m, t, sizeof t, &pl, &n);
            for (size_t l = 0; l + 1 < n; l++) {
                size_t e = pl[l].end;
                if (e >= ps.runin_len)
                    break;
                if (!memcmp(t + e, open3, 3))
                    continue;            /* 本报讯｜（ */
                assert_true(e >= 9 && !memcmp(t + e - 3, sp3, 3));
                /* not a padded name: a lone character on both sides */
                int lone_l = !memcmp(t + e - 9, sp3, 3) || !memcmp(t + e - 9, open3, 3);
                int lone_r = !memcmp(t + e + 3, sp3, 3) || !memcmp(t + e + 3, close3, 3);
                assert_false(lone_l && lone_r);
            }
        }
    ps.measure = 14 * EM;
    ps.runin_len = strlen(by);

    /* a line of nothing but byline is letter-spaced only as a last resort,
     * and says by how much (bm_pline.spaced: module.c then sets the byline
     * on its own line): 「本报讯（通讯员」 alone in a 12-em brief column,
     * where 「孔令喆）」 cannot join it */
    const char *kl = "本报讯（通讯员 孔令喆）";
    snprintf(t, sizeof t, "%s日前，循环经济产业园通过省级认定，成为全市首个。", kl);
    ps.runin_len = strlen(kl);
    ps.measure = 12 * EM;
    compose_ok(t, &ps, &pl, &n);
    assert_int_equal(pl[1].start, strlen("本报讯（通讯员 "));
    assert_true(pl[0].spaced > EM / 2);
    bm_fix widest = 0;
    for (size_t g = 0; g + 1 < pl[0].nglyphs; g++)
        if (pl[0].glyphs[g].adv > widest)
            widest = pl[0].glyphs[g].adv;
    assert_int_equal(widest, EM + pl[0].spaced);
    for (size_t l = 1; l < n; l++)
        assert_int_equal(pl[l].spaced, 0);   /* body lines: gaps, not spacing */
    /* where the byline and text share the line, nothing is letter-spaced */
    ps.measure = 16 * EM;
    compose_ok(t, &ps, &pl, &n);
    for (size_t l = 0; l < n; l++)
        assert_int_equal(pl[l].spaced, 0);
    ps.measure = 14 * EM;
    ps.runin_len = strlen(by);

    /* without the run-in length, body text deletes them (stray spaces) */
    ps.runin_len = 0;
    compose_ok(s, &ps, &pl, &n);
    for (size_t g = 0; g + 1 < pl[0].nglyphs; g++)
        if (s[pl[0].start + pl[0].glyphs[g].cluster] == ' ')
            assert_int_equal(pl[0].glyphs[g].adv, 0);
}

/* ---- item 5: a character in a face of another style is named -------------- */

static void test_other_style_warned(void **state)
{
    (void)state;
    bm_para_style ps;
    memset(&ps, 0, sizeof ps);
    ps.role = BM_FONT_KAI;
    ps.size = EM;
    ps.measure = 30 * EM;
    ps.align = BM_ALIGN_START;
    bm_pline *pl;
    size_t n;
    bm_error err;
    bm_error_init(&err);
    bm_src src = {"credit.xml", 12, 4};
    size_t before = diags.count;
    /* 喆 comes from the 楷 fallback: no warning */
    const char *ok = "记者 孙喆 摄";
    assert_int_equal(bm_para_compose(comp, ok, strlen(ok), &ps, &src, arena,
                                     &pl, &n, &err), BM_OK);
    assert_int_equal(diags.count, before);
    /* 𠀋 is in no 楷 face: named with its role and file:line, once */
    const char *t = "图为𠀋山镇𠀋溪村";
    for (int k = 0; k < 2; k++)
        assert_int_equal(bm_para_compose(comp, t, strlen(t), &ps, &src, arena,
                                         &pl, &n, &err), BM_OK);
    assert_int_equal(diags.count, before + 1);
    const bm_diag *d = diags.first;
    while (d->next)
        d = d->next;
    assert_string_equal(d->file, "credit.xml");
    assert_int_equal(d->line, 12);
    assert_non_null(strstr(d->msg, "U+2000B"));
    assert_non_null(strstr(d->msg, "role kai"));
    assert_non_null(strstr(d->msg, "another style"));
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
    if (bm_composer_new(fs, &diags, &comp, &err) != BM_OK)
        return -1;
    return bm_display_new(fs, comp, &disp, &err) == BM_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    bm_display_free(disp);
    bm_composer_free(comp);
    bm_fontset_close(fs);
    bm_arena_free(arena);
    bm_arena_free(diag_arena);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_last_line_not_short),
        cmocka_unit_test(test_number_with_unit),
        cmocka_unit_test(test_dates_times_ratios),
        cmocka_unit_test(test_latin_word_whole),
        cmocka_unit_test(test_short_quote_whole),
        cmocka_unit_test(test_phrase_space),
        cmocka_unit_test(test_after_punctuation),
        cmocka_unit_test(test_list_number_kept),
        cmocka_unit_test(test_word_boundaries),
        cmocka_unit_test(test_bound_morphemes),
        cmocka_unit_test(test_bound_orphan),
        cmocka_unit_test(test_tighten_then_step_down),
        cmocka_unit_test(test_byline_names),
        cmocka_unit_test(test_byline_affiliation),
        cmocka_unit_test(test_formula_no_glue),
        cmocka_unit_test(test_caption_filled),
        cmocka_unit_test(test_body_number_unit),
        cmocka_unit_test(test_body_url_breaks),
        cmocka_unit_test(test_body_runin_byline_spaces),
        cmocka_unit_test(test_body_ref_kept_whole),
        cmocka_unit_test(test_other_style_warned),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
