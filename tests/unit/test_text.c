/* test_text.c - classes, NFC and break opportunities (cjk-layout-tests.md
 * cases 1-19, 41, 43, 44 at the level of the text stage). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <string.h>

#include "text/text.h"

static bm_breaker *brk;
static bm_arena *arena;

/* Renders the analysis: '|' before a char where a break is allowed, '!' an
 * emergency (URL) break, '#' a mandatory one, '^' a char that continues a
 * unit. */
static const char *marks(const char *s, bm_kinsoku level)
{
    static char out[4096];
    bm_tchar *t;
    size_t n, o = 0;
    bm_error err;
    bm_error_init(&err);
    assert_int_equal(bm_breaker_analyze(brk, s, strlen(s), level, arena, &t,
                                        &n, &err), BM_OK);
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && t[i].brk == BM_BRK_ALLOW) out[o++] = '|';
        if (t[i].brk == BM_BRK_EMERG) out[o++] = '!';
        if (t[i].brk == BM_BRK_MUST) out[o++] = '#';
        if (t[i].unit) out[o++] = '^';
        memcpy(out + o, s + t[i].off, t[i].len);
        o += t[i].len;
        assert_true(o < sizeof out - 8);
    }
    out[o] = 0;
    return out;
}

#define BRK(in, want) assert_string_equal(marks(in, BM_KINSOKU_GB), want)
#define BRKS(in, want) assert_string_equal(marks(in, BM_KINSOKU_STRICT), want)

static void classes(void **state)
{
    (void)state;
    assert_int_equal(bm_text_class(0x6C34), BM_CLS_HAN);
    assert_int_equal(bm_text_class(0x3007), BM_CLS_HAN);
    assert_int_equal(bm_text_class(0x2000B), BM_CLS_HAN);
    assert_int_equal(bm_text_class(0xFF0C), BM_CLS_STOP);
    assert_int_equal(bm_text_class(0x3002), BM_CLS_STOP);
    assert_int_equal(bm_text_class(0x201C), BM_CLS_OPEN);
    assert_int_equal(bm_text_class('('), BM_CLS_OPEN);
    assert_int_equal(bm_text_class(0x300B), BM_CLS_CLOSE);
    assert_int_equal(bm_text_class(0x00B7), BM_CLS_DOT);
    assert_int_equal(bm_text_class(0xFF5E), BM_CLS_CONNECTOR);
    assert_int_equal(bm_text_class(0xFF0F), BM_CLS_SOLIDUS);
    assert_int_equal(bm_text_class(0x2E3A), BM_CLS_LONG);
    assert_int_equal(bm_text_class('%'), BM_CLS_POSTFIX);
    assert_int_equal(bm_text_class(0x2103), BM_CLS_POSTFIX);
    assert_int_equal(bm_text_class(0xFFE5), BM_CLS_PREFIX);
    assert_int_equal(bm_text_class(0xFF15), BM_CLS_NUM);
    assert_int_equal(bm_text_class('G'), BM_CLS_LATIN);
    assert_int_equal(bm_text_class(0x2462), BM_CLS_EDITOR);
    assert_int_equal(bm_text_class(0x3000), BM_CLS_IDSP);
    assert_int_equal(bm_text_class(' '), BM_CLS_SPACE);
    assert_int_equal(bm_text_class(0x3042), BM_CLS_KANA);
    assert_int_equal(bm_text_class(0x2605), BM_CLS_OTHER);
    assert_true(bm_text_fullwidth(0x6C34));
    assert_true(bm_text_fullwidth(0xFF0C));
    assert_true(bm_text_fullwidth(0x201C));
    assert_false(bm_text_fullwidth('a'));
    assert_false(bm_text_fullwidth(','));
}

static void kinsoku(void **state)
{
    (void)state;
    BRK("河西新区今年新建学校，共招收学生两千人。",
        "河|西|新|区|今|年|新|建|学|校，|共|招|收|学|生|两|千|人。");
    /* 3, 5, 7: “ ” tailored to OP/CL (ICU alone forbids both breaks) */
    BRK("称赞此活动“很接地气”。", "称|赞|此|活|动|“很|接|地|气”。");
    BRK("他说这叫“先富带后富”，很形象。",
        "他|说|这|叫|“先|富|带|后|富”，|很|形|象。");
    BRK("大家都说“好”呀", "大|家|都|说|“好”|呀");
    BRK("小说集《平凡的世界》。", "小|说|集|《平|凡|的|世|界》。");
    BRK("新区(东片)建成", "新|区|(东|片)|建|成");
    BRK("票价为￥25元", "票|价|为|￥^2^5^元");
    BRK("每周一/三/五开放", "每|周|一/三/五|开|放");
    BRK("开放时间为5月～10月", "开|放|时|间|为|5^月～|1^0^月");
    BRK("演员阿依古丽·买买提登台", "演|员|阿|依|古|丽·|买|买|提|登|台");
    BRK("真的吗？！好", "真|的|吗？！|好");
}

static void units(void **state)
{
    (void)state;
    /* 12-14: —— and …… one unit; not at line start when strict */
    BRK("深夜……才离开。", "深|夜|…^…|才|离|开。");
    BRKS("深夜……才离开。", "深|夜…^…|才|离|开。");
    BRKS("尽头——就是", "尽|头—^—|就|是");
    BRKS("尽头⸺就是", "尽|头⸺|就|是");
    BRK("一—二", "一—|二");   /* a lone — never starts a line */
    /* 15-19: numbers, with their units (issue 13: no 「3｜月」) */
    BRK("投资129.62亿元", "投|资|1^2^9^.^6^2^亿^元");
    BRK("增长80.41%，", "增|长|8^0^.^4^1^%，");
    BRK("约4,000吨", "约|4^,^0^0^0^吨");
    BRK("比例尺1:500", "比|例|尺|1^:^5^0^0");
    BRK("上午9:30开会", "上|午|9^:^3^0|开|会");
    BRK("２０２４年", "２^０^２^４^年");
    BRK("2024年6月1日", "2^0^2^4^年|6^月|1^日");
    /* 20-24: Latin words */
    BRK("采用EPC总承包", "采|用|E^P^C|总|承|包");
    BRK("采用 EPC 总承包", "采|用 |E^P^C |总|承|包");
    BRK("建成5G基站", "建|成|5^G|基|站");
    BRK("www.xinqu-news.cn/2024",
        "w^w^w^.!^x^i^n^q^u^-!^n^e^w^s^.!^c^n^/!^2^0^2^4");
    BRK("see the (ok) test.", "s^e^e |t^h^e |(o^k) |t^e^s^t.");
    /* 43, 44: editor codes and padded names */
    BRK("激发活力。③5", "激|发|活|力。^③^5");
    BRK("本报讯（记者　王　芳）", "本|报|讯|（记|者　王　芳）");
    /* 41: a newline in a paragraph is a space, not a hard break */
    BRK("紧盯\n目标", "紧|盯\n|目|标");
    BRK("目 标", "目 |标");
}

static void analyze_edges(void **state)
{
    (void)state;
    bm_tchar *t;
    size_t n;
    bm_error err;
    bm_error_init(&err);
    assert_int_equal(bm_text_analyze("", 0, BM_KINSOKU_GB, arena, &t, &n, &err),
                     BM_OK);
    assert_int_equal(n, 0);
    /* the block-initial character is exempt: nothing before it */
    assert_int_equal(bm_text_analyze("——记", strlen("——记"), BM_KINSOKU_STRICT,
                                     arena, &t, &n, &err), BM_OK);
    assert_int_equal(n, 3);
    assert_int_equal(t[0].cls, BM_CLS_LONG);
    assert_int_equal(t[0].brk, BM_BRK_NEVER);
    assert_int_equal(t[1].unit, 1);
    assert_int_equal(t[2].brk, BM_BRK_ALLOW);
    /* rare characters: offsets never split a UTF-8 sequence */
    assert_int_equal(bm_text_analyze("𠀋翀", strlen("𠀋翀"), BM_KINSOKU_GB, arena,
                                     &t, &n, &err), BM_OK);
    assert_int_equal(n, 2);
    assert_int_equal(t[0].len, 4);
    assert_int_equal(t[1].off, 4);
    assert_int_equal(t[1].brk, BM_BRK_ALLOW);
    /* invalid UTF-8 is bad input */
    assert_int_equal(bm_text_analyze("a\xff", 2, BM_KINSOKU_GB, arena, &t, &n,
                                     &err), BM_INPUT);
}

/*
 * A breaker asked again gives what a fresh analysis gives: for the same
 * text (kept), for other bytes at the same address and length, at the
 * other kinsoku level, and its dictionary words likewise.
 */
static void asked_again(void **state)
{
    (void)state;
    static const char *texts[] = {
        "“新闻”发布会——5G网络覆盖全县，www.example.cn。",
        "（记者 王　芳）发布会于今日召开……市民：“好！”",
        "Mate 70 上市，价格4,000元；详见第3版。",
    };
    char buf[256];
    bm_error err;
    bm_error_init(&err);
    size_t len = strlen(texts[0]);
    for (int round = 0; round < 3; round++) {
        for (size_t k = 0; k < 3; k++) {
            /* every text in the same buffer, cut to the first's length */
            memset(buf, 0, sizeof buf);
            memcpy(buf, texts[k], strlen(texts[k]) < len ? strlen(texts[k]) : len);
            size_t n = strnlen(buf, len);
            for (int lv = 0; lv < 2; lv++) {
                bm_tchar *a, *b;
                size_t na, nb;
                bm_kinsoku level = lv ? BM_KINSOKU_STRICT : BM_KINSOKU_GB;
                assert_int_equal(bm_breaker_analyze(brk, buf, n, level, arena,
                                                    &a, &na, &err), BM_OK);
                assert_int_equal(bm_text_analyze(buf, n, level, arena, &b, &nb,
                                                 &err), BM_OK);
                assert_int_equal(na, nb);
                assert_memory_equal(a, b, na * sizeof *a);
                uint8_t wa[256], wb[256];
                bm_breaker *fresh;
                assert_int_equal(bm_breaker_new(&fresh, &err), BM_OK);
                assert_int_equal(bm_breaker_words(brk, buf, n, a, na, wa, &err),
                                 BM_OK);
                assert_int_equal(bm_breaker_words(fresh, buf, n, b, nb, wb,
                                                  &err), BM_OK);
                bm_breaker_free(fresh);
                assert_memory_equal(wa, wb, na);
            }
        }
    }
}

static void nfc(void **state)
{
    (void)state;
    char *o;
    size_t n;
    bm_error err;
    bm_error_init(&err);
    assert_int_equal(bm_text_nfc("e\xcc\x81t\xc3\xa9", 6, arena, &o, &n, &err),
                     BM_OK);
    assert_int_equal(n, 5);
    assert_memory_equal(o, "\xc3\xa9t\xc3\xa9", 5);
    assert_int_equal(bm_text_nfc("水。", strlen("水。"), arena, &o, &n, &err),
                     BM_OK);
    assert_string_equal(o, "水。");
    /* CJK compatibility ideograph U+F900 normalises to U+8C48 */
    assert_int_equal(bm_text_nfc("\xef\xa4\x80", 3, arena, &o, &n, &err), BM_OK);
    assert_string_equal(o, "\xe8\xb1\x88");
    assert_int_equal(bm_text_nfc("\xc3", 1, arena, &o, &n, &err), BM_INPUT);
}

static int setup(void **state)
{
    (void)state;
    bm_error err;
    bm_error_init(&err);
    arena = bm_arena_new();
    return bm_breaker_new(&brk, &err) == BM_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    bm_breaker_free(brk);
    bm_arena_free(arena);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(classes),
        cmocka_unit_test(kinsoku),
        cmocka_unit_test(units),
        cmocka_unit_test(analyze_edges),
        cmocka_unit_test(asked_again),
        cmocka_unit_test(nfc),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
