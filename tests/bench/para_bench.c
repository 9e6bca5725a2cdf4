/*
 * para_bench.c - speed of the paragraph composer: characters a second for
 * body paragraphs at 9 pt in a measure of 11 em with a 2-em indent, on one
 * core.  A benchmark, not a test (make check does not run it).
 *
 *   cc -O2 -std=c11 -Isrc tests/bench/para_bench.c build/libbanmian.a \
 *      $(pkg-config --libs freetype2 harfbuzz harfbuzz-subset icu-uc icu-i18n) \
 *      -o build/para_bench
 *   build/para_bench [fonts.conf] [seconds]
 *
 * The text is generated from an invented vocabulary with a newspaper's
 * character mix (Han, full-width punctuation, “”《》, ……, ——, numbers with
 * decimals and %, times, Latin words, editor codes); a fixed seed makes
 * runs comparable.  Prints one line of key=value pairs.
 */
#include "layout/layout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const PIECES[] = {
    "今年以来", "河西区", "老旧小区改造", "稳步推进", "累计完成投资", "亿元",
    "群众满意度明显提升", "据市发展改革委介绍", "截至目前", "全市已有",
    "个项目进入实施阶段", "我们把", "当作头等大事来抓", "负责人王翀说",
    "确保年底前全部完成", "居民表示", "让生活更方便了", "大家都盼着早日用上",
    "实施方案", "明确提出", "覆盖率达到", "记者在现场看到", "施工人员正在",
    "各项工作", "纳入年度考核", "每两周通报一次进度", "形成了一批可复制的经验",
    "下一步还将继续扩大覆盖面", "社区养老服务中心", "智慧停车平台",
    "湿地公园修复", "夜间经济街区", "产业园区标准厂房", "冬季供暖管网",
    "阿依古丽·买买提", "滨河街道", "城东新区", "南湖镇"};
static const char *const MARKS[] = {"，", "，", "，", "。", "、", "；", "："};

static uint64_t seed = 88172645463325252ull;
static unsigned rnd(unsigned n)
{
    seed ^= seed << 13;
    seed ^= seed >> 7;
    seed ^= seed << 17;
    return (unsigned)(seed % n);
}

static void add(char *buf, size_t *n, const char *s)
{
    size_t l = strlen(s);
    memcpy(buf + *n, s, l);
    *n += l;
}

/* one paragraph of 60-260 characters */
static size_t paragraph(char *buf)
{
    size_t n = 0;
    int want = 60 + (int)rnd(200), chars = 0;
    while (chars < want) {
        char tmp[64];
        int k = (int)rnd(100);
        if (k < 6) {
            snprintf(tmp, sizeof tmp, "%u.%02u%%", rnd(99) + 1, rnd(100));
            add(buf, &n, tmp);
        } else if (k < 10) {
            snprintf(tmp, sizeof tmp, "%u.%u亿元", rnd(900) + 2, rnd(99) + 1);
            add(buf, &n, tmp);
        } else if (k < 12) {
            add(buf, &n, rnd(2) ? "5G基站" : "EPC总承包");
        } else if (k < 14) {
            add(buf, &n, "“一网通办”");
        } else if (k < 16) {
            add(buf, &n, "《实施方案》");
        } else if (k < 17) {
            add(buf, &n, "……");
        } else if (k < 18) {
            add(buf, &n, "——");
        } else {
            add(buf, &n, PIECES[rnd(sizeof PIECES / sizeof *PIECES)]);
        }
        add(buf, &n, MARKS[rnd(sizeof MARKS / sizeof *MARKS)]);
        chars = (int)bm_utf8_count(buf, n);
    }
    add(buf, &n, "。");
    buf[n] = 0;
    return n;
}

/* CPU time of this process: the figure is per core and does not depend
 * on what else the machine runs (wall time is printed too) */
static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double wall(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    char conf[4096];
    const char *root = getenv("BANMIAN_ROOT");
    if (argc > 1)
        snprintf(conf, sizeof conf, "%s", argv[1]);
    else
        snprintf(conf, sizeof conf, "%s/fonts/fonts.conf", root ? root : ".");
    double seconds = argc > 2 ? atof(argv[2]) : 2.0;

    bm_error err;
    bm_error_init(&err);
    bm_fontset *fs;
    if (bm_fontset_open(conf, &fs, &err) != BM_OK) {
        fprintf(stderr, "para_bench: %s: %s\n", conf, err.msg);
        return 1;
    }
    bm_arena *da = bm_arena_new();
    bm_diags diags;
    bm_diags_init(&diags, da);
    bm_composer *c;
    if (bm_composer_new(fs, &diags, &c, &err) != BM_OK) {
        fprintf(stderr, "para_bench: %s\n", err.msg);
        return 1;
    }

    enum { NPARA = 500 };
    static char text[NPARA][2048];
    static size_t len[NPARA];
    size_t chars = 0;
    for (int i = 0; i < NPARA; i++) {
        len[i] = paragraph(text[i]);
        chars += bm_utf8_count(text[i], len[i]);
    }

    bm_para_style st;
    memset(&st, 0, sizeof st);
    st.role = BM_FONT_BODY;
    st.size = BM_PT(9);
    st.measure = 11 * st.size;
    st.indent = 2 * st.size;
    st.align = BM_ALIGN_JUSTIFY;
    st.kinsoku = BM_KINSOKU_GB;
    st.compress = BM_COMPRESS_QUANJIAO;
    st.min_last = 2;
    bm_src src = {"bench", 1, 1};

    bm_arena *a = bm_arena_new();
    size_t total = 0, lines = 0;
    int rounds = 0;
    double t0 = now(), w0 = wall(), t;
    do {
        for (int i = 0; i < NPARA; i++) {
            bm_pline *pl;
            size_t nl;
            if (bm_para_compose(c, text[i], len[i], &st, &src, a, &pl, &nl,
                                &err) != BM_OK) {
                fprintf(stderr, "para_bench: %s\n", err.msg);
                return 1;
            }
            lines += nl;
            bm_arena_reset(a);
        }
        total += chars;
        rounds++;
        t = now() - t0;
    } while (t < seconds);

    printf("para_bench: paragraphs=%d chars=%zu lines=%zu cpu_seconds=%.3f "
           "wall_seconds=%.3f chars_per_second=%.0f\n",
           NPARA * rounds, total, lines, t, wall() - w0, (double)total / t);
    bm_arena_free(a);
    bm_composer_free(c);
    bm_fontset_close(fs);
    bm_arena_free(da);
    return 0;
}
