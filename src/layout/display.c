/*
 * display.c - the display-line setter: kickers, headlines, subheads,
 * labels, brief heads, in-article subheadings, captions, bylines, credits
 * and fixed formulas, set as a typesetter sets them.
 *
 * The paragraph composer (para.c) is right for body text, where a line may
 * break between any two Han characters (clreq 3.1.7, GB/T 15834 4.x) and
 * the only aim is even colour.  A display line is read as a phrase, so it
 * breaks where the sense breaks.  The rules, from clreq ("Requirements for
 * Chinese Text Layout", W3C, sections 3.1.7 line breaking, 3.2 headings,
 * 3.8 bylines) and GB/T 15834-2011 (标点符号用法: no line starts with a
 * closing or pausing mark, none ends with an opening one) and GB/T
 * 15835-2011 (数字用法: a number is written with its unit), are:
 *
 *  1. A line breaks at a phrase space (the copy's space or U+3000) or after
 *     a pausing mark (，。、；：！？); failing those, at a dictionary word
 *     boundary (ICU's UBRK_WORD with locale "zh"), choosing among them the
 *     breaks that balance the lines (ragged lines) or fill them (captions).
 *  2. Never inside a number with its unit or measure word (18.6公里, 1.8万单,
 *     8.9%, 3月25日, 2:03:45, 3∶1), a Latin word, or a quoted phrase of up
 *     to six characters (“跑得快”); the kinsoku of para.c also holds.
 *  3. The last line holds at least three characters (a number or Latin
 *     unit counts one per two of its characters): never 「｜阶段」 alone.
 *  4. When no break satisfies 1-3: tighten the tracking by 1/20 em, then
 *     step down one size of the layout's scale (bm_display_step_down), in
 *     that order; only then break inside a word, and say so (forced).
 *  5. Names (bylines, credits): a space is a word space set as a fixed gap
 *     (the style's `space`, 1/2 em; a U+3000 too, as the EPUB's span.gap,
 *     so no extractor takes a 1-em hole for a column's edge), never
 *     deleted or widened; the line is
 *     ragged, never letter-spaced; it breaks only at a space, and not
 *     between a title (记者, 通讯员, 实习生, 见习记者 ...) and the name
 *     after it, nor inside a name (古丽娜·艾力).  Only when a title and its
 *     name are wider than the measure does the title end a line, and only
 *     when the name alone is does it break after its middle dot; a name is
 *     split elsewhere only when nothing else fits (forced).
 *  6. Formulas (（下转第2版）): set without Han-Latin glue inside: each run
 *     of one script is composed apart and the runs abut.
 *
 * How.  The whole text is composed once on one unbounded line; the x of
 * each character gives the natural width of any candidate line (less what
 * a line edge removes: the blank of a closing mark at the end, of an
 * opening mark at the start, a space at the break, glue before the next
 * character).  A small dynamic programme over the candidate breaks picks
 * the fewest lines, then the least cost (break quality plus squared slack).
 * Each chosen line is then composed exactly by bm_para_compose at the
 * measure; a line that does not fit is banned and the choice made again.
 * Captions, which are justified, get their non-last lines filled here by
 * opening the gaps between characters (never before a closing mark, after
 * an opening one, or inside a unit).
 *
 * Rejected: a display mode inside para.c's optimiser (it would make the
 * body composer carry phrase rules it must not apply); greedy first fit
 * (gives 「同类城市｜第一」); measuring every candidate line exactly (a
 * caption has hundreds: too slow).
 */
#include "layout_private.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

struct bm_display {
    const bm_fontset *fs;
    bm_composer      *comp;      /* borrowed: sets each line */
    bm_breaker       *brk;       /* own: line classes + dictionary words */
    bm_arena         *scratch;   /* reset per display block */
};

bm_status bm_display_new(const bm_fontset *fs, bm_composer *comp,
                         bm_display **out, bm_error *err)
{
    bm_breaker *b;
    bm_status rc = bm_breaker_new(&b, err);
    if (rc != BM_OK)
        return rc;
    bm_display *d = bm_xmalloc(sizeof *d);
    d->fs = fs;
    d->comp = comp;
    d->brk = b;
    d->scratch = bm_arena_new();
    *out = d;
    return BM_OK;
}

void bm_display_free(bm_display *d)
{
    if (!d)
        return;
    bm_breaker_free(d->brk);
    bm_arena_free(d->scratch);
    free(d);
}

/* ---- the size scale ----------------------------------------------------------- */

/*
 * The next size below `size` on the layout's 号数 scale (<scale> in the
 * layout file), else among its display styles (kicker, headlines, subhead,
 * section label): the steps an editor would choose.  0 when there is none.
 */
bm_fix bm_display_step_down(const bm_layout *lay, bm_fix size)
{
    if (lay && lay->nscale > 0) {   /* the layout's 号数 scale, largest first */
        for (int i = 0; i < lay->nscale; i++)
            if (lay->scale[i] < size)
                return lay->scale[i];
        return 0;
    }
    static const bm_elem els[] = {BM_EL_KICKER, BM_EL_HEADLINE1,
                                  BM_EL_HEADLINE2, BM_EL_HEADLINE3,
                                  BM_EL_HEADLINE4, BM_EL_SUBHEAD,
                                  BM_EL_SECTION};
    bm_fix best = 0;
    if (!lay)
        return 0;
    for (size_t i = 0; i < sizeof els / sizeof *els; i++) {
        bm_fix s = lay->styles[els[i]].size;
        if (s < size && s > best)
            best = s;
    }
    return best;
}

/* ---- break classes --------------------------------------------------------------- */

/* B_WEAK: a boundary ICU's dictionary gives between two one-character
 * segments (优|化, 货|值: ICU 72 splits words it does not know into
 * characters), so less a word boundary than a guess.  B_BOUND: a boundary
 * ICU gives that isolates a bound morpheme (实验|室, 总|承包, 公交司机|的:
 * see bound_morpheme below), inside the word an editor reads; a fallback,
 * priced just under a break inside a dictionary word.  In a name the same
 * two levels are its fallbacks before a split word: B_TITLE between a title
 * and its name (实习生｜迪丽努尔·艾合买提, when the two are wider than the
 * measure), then B_DOT after a long name's middle dot (迪丽努尔·｜艾合买提,
 * when the name alone is). */
enum { B_NEVER, B_PHRASE, B_WORD, B_WEAK, B_BOUND, B_CHAR };
enum { B_TITLE = B_WORD, B_DOT = B_WEAK };

/* Costs: lines first, then forced breaks, then break quality and slack (in
 * squared tenths of an em). */
#define COST_LINE   100000000LL
#define COST_CHAR    10000000LL   /* inside a word (fallback only) */
#define COST_BOUND    8000000LL   /* before/after a bound morpheme (fallback) */
#define COST_SHORT   50000000LL   /* a last line of 1-2 characters (fallback) */
#define COST_WORD       10000LL   /* a word boundary, not a phrase break
                                        (about 10 em of slack) */
#define COST_WEAK       40000LL   /* a guessed one (about 20 em of slack) */
#define MAX_BANNED 64

static int is_space(const bm_tchar *t)
{
    return t->cls == BM_CLS_SPACE || t->cls == BM_CLS_IDSP;
}

static int hanlike(int c)
{
    return c == BM_CLS_HAN || c == BM_CLS_KANA;
}

static int westernish(const bm_tchar *t)
{
    return (t->cls == BM_CLS_LATIN || t->cls == BM_CLS_NUM ||
            t->cls == BM_CLS_POSTFIX || t->cls == BM_CLS_PREFIX) &&
           !bm_text_fullwidth(t->cp);
}

/* A pausing mark after which a phrase ends (，。、；：！？ and ASCII). */
static int pause_mark(uint32_t cp)
{
    switch (cp) {
    case 0xFF0C: case 0x3002: case 0x3001: case 0xFF1B: case 0xFF1A:
    case 0xFF01: case 0xFF1F: case ',': case ';': case ':': case '!': case '?':
        return 1;
    }
    return 0;
}

/* Titles that stay with the name after them (clreq 3.8); para.c prices a
 * run-in byline's break after one. */
int bm_layout_title_word(const char *s, size_t n)
{
    static const char *const suffix[] = {"记者", "通讯员", "实习生", "摄影",
                                          "编辑", "撰稿", "整理", "读者",
                                          "作者", "特约", "摄"};
    for (size_t i = 0; i < sizeof suffix / sizeof *suffix; i++) {
        size_t l = strlen(suffix[i]);
        if (n >= l && !memcmp(s + n - l, suffix[i], l))
            return 1;
    }
    return 0;
}

static int numeral(uint32_t cp)
{
    static const char nums[] = "一二三四五六七八九十两几半百千万";
    for (const char *p = nums; *p;) {
        uint32_t c;
        int l = bm_utf8_decode(p, strlen(p), &c);
        if (c == cp)
            return 1;
        p += l;
    }
    return 0;
}

static int measure_word(uint32_t cp)
{
    static const char mw[] = "个年月日天次位名家条项件座所届倍周岁元万亿千百成场批轮"
                             "只种类层户辆台套张份本部篇处";
    for (const char *p = mw; *p;) {
        uint32_t c;
        int l = bm_utf8_decode(p, strlen(p), &c);
        if (c == cp)
            return 1;
        p += l;
    }
    return 0;
}

/* ---- bound morphemes ------------------------------------------------------------ */

/*
 * ICU's zh dictionary knows 实验 but not 实验室, 产业 but not 产业园, 承包 but
 * not 总承包: it gives the word it knows and the affix as a one-character
 * segment of its own (实验|室|获|批), and a break there passes for a word
 * boundary (澄江大学AI实验｜室获批).  A bound morpheme never stands alone: an
 * institution's or a place's head (室 部 馆 园 站 ...), a derivational
 * suffix (化 性 者 率 ...), an event (会 赛 展), an ordinal or a prefix (第
 * 副 总 非 ...), a particle that leans on the phrase before (的 了).  So a
 * one-character segment of this table is joined to the word it leans on,
 * and a break between them is B_BOUND.  Only a one-character segment is
 * joined (ICU's own 部署, 全部, 化解 and 区域 stay words), and a suffix
 * only to a word, a number or a Latin word before it (not to a particle:
 * 改造后的｜站房), a prefix only to one after it, and not when a free
 * character of its own stands before it (高|新|产业园: 高新, a word ICU did
 * not know).
 *
 * Rejected: "a break before any one-character segment is weak" (it also
 * weakens 羽毛球｜俱乐部, where ICU has 俱|乐|部, and the break went to
 * 俱乐｜部).  Here the join keeps what ICU guessed a guess: 乐部 is still one
 * character ICU knew nothing of plus a suffix, so 俱|乐部 stays weak and the
 * break goes before 俱.  Left out on purpose: 长 (社区|长|者: 长者, not
 * 社区长), 学 and 中 (青年|学|党史, 全省|中|小学: verbs and parts of words
 * ICU split), 省 市 县 (a head after a place, 岚州市, but a prefix before an
 * institution, 市|人民医院 and 打破市｜青少年纪录: either side may be right).
 *
 * tests/tools/displaycheck.py reads this table (between the BEGIN and END
 * lines) to count bound_breaks.
 */
enum { M_SUFFIX = 1,     /* leans on the word before it */
       M_PARTICLE,       /* the same, and nothing leans on it */
       M_PREFIX,         /* leans on the word after it */
       M_PREFIX_NUM };   /* on the number after it only (前11个月, 约15%) */
static const struct morpheme_group {
    const char *chars;
    int         lean;
} bound_morphemes[] = {
    /* BOUND-MORPHEMES BEGIN */
    /* institutions: 实验室 俱乐部 图书馆 公安局 管理处 研究所 常委会 管理系 */
    {"室部馆局厅处所院队组团社厂店系", M_SUFFIX},
    /* places and works: 产业园 开发区 滨江路 航站楼 充电桩 地铁线 */
    {"园村镇区路街桥港湾站线楼桩场", M_SUFFIX},
    /* derivations: 现代化 积极性 爱好者 运动员 企业家 覆盖率 吞吐量 经济学 */
    {"化性者员家率量业型式版号期届项类费学", M_SUFFIX},
    /* events: 常委会 滑雪赛 作品展 */
    {"会赛展", M_SUFFIX},
    /* time from which: 今晚起 明起 */
    {"起", M_SUFFIX},
    /* particles: 司机的 积了 */
    {"的了", M_PARTICLE},
    /* prefixes: 第36次 副市长 总承包 非接触 首届 老字号 新动能 各地 全省
     * 本周 每年 */
    {"第副总非首老新各全本每", M_PREFIX},
    /* before a number: 前11个月 初三 超1000万 近百 约15% 逾千 达95% 共24间 */
    {"前初超近约逾达共", M_PREFIX_NUM},
    /* BOUND-MORPHEMES END */
};

static int bound_morpheme(uint32_t cp)
{
    for (size_t g = 0; g < sizeof bound_morphemes / sizeof *bound_morphemes; g++)
        for (const char *p = bound_morphemes[g].chars; *p;) {
            uint32_t c;
            int l = bm_utf8_decode(p, strlen(p), &c);
            if (c == cp)
                return bound_morphemes[g].lean;
            p += l;
        }
    return 0;
}

static int numeral(uint32_t cp);

/* A character a word may lean on: Han, a digit, a Latin letter. */
static int wordish(const bm_tchar *t)
{
    return hanlike(t->cls) || t->cls == BM_CLS_LATIN || t->cls == BM_CLS_NUM;
}

/*
 * The dictionary's segments with the bound morphemes joined: from ICU's
 * boundaries wb[i] (a word starts at t[i]), lean[i] = 1 when t[i] starts an
 * ICU segment that is joined to the one before, and weak[i] = 1 when the
 * boundary before t[i] that remains is a guess:
 *  - between two guessed segments, which hold at most one Han character
 *    ICU did not place in a word of its own, the affixes not counted (乐部
 *    of 俱|乐|部, 新区 of 新|区, as 优|化 without a join);
 *  - after a joined suffix or before a joined prefix, next to a guess: the
 *    morpheme may as well begin the word ICU did not know (东园社区|楼|道|灯
 *    is 楼道灯, not 社区楼), so the join does not make that boundary sure;
 *  - but after a joined suffix, a lone free character before a sure word
 *    (滑雪赛|岚|北站) is an orphan: it more likely begins the word after it
 *    (a name, 岚北站) or stands alone (在, 将) than ends the suffix's word,
 *    so the guess is the boundary after it, and the one before it is a word
 *    boundary (滑雪赛｜岚北站, not 滑雪赛岚｜北站).
 */
static void join_morphemes(const bm_tchar *t, size_t n, const uint8_t *wb,
                           uint8_t *lean, uint8_t *weak, bm_arena *sc)
{
    /* ICU's segments: seg[k] .. seg[k + 1] */
    size_t *seg = bm_arena_alloc(sc, (n + 2) * sizeof *seg);
    size_t ns = 0;
    seg[ns++] = 0;
    for (size_t i = 1; i < n; i++)
        if (wb[i])
            seg[ns++] = i;
    seg[ns] = n;
    /* sfx[i], pfx[i]: t[i] is a one-character segment joined as a suffix
     * (to the segment before) or a prefix (to the one after) */
    uint8_t *sfx = bm_arena_alloc(sc, n + 1), *pfx = bm_arena_alloc(sc, n + 1);
    memset(lean, 0, n);
    memset(weak, 0, n);
    memset(sfx, 0, n + 1);
    memset(pfx, 0, n + 1);
    for (size_t k = 0; k < ns; k++) {
        size_t s = seg[k], e = seg[k + 1];
        if (e - s != 1 || !hanlike(t[s].cls))
            continue;
        int m = bound_morpheme(t[s].cp);
        if ((m == M_SUFFIX || m == M_PARTICLE) && k > 0 && wordish(&t[s - 1]) &&
            !(seg[k] - seg[k - 1] == 1 &&
              bound_morpheme(t[s - 1].cp) == M_PARTICLE)) {
            lean[s] = 1;
            sfx[s] = 1;
        }
        /* not a prefix after a free character of its own: ICU split a
         * word it did not know there (江北|高|新|产业园 is 高新, not 新产业园) */
        int after_free = k > 0 && seg[k] - seg[k - 1] == 1 &&
                         hanlike(t[s - 1].cls) && !lean[s - 1] && !pfx[s - 1];
        if (k + 1 < ns && !after_free &&
            ((m == M_PREFIX && wordish(&t[e])) ||
             (m == M_PREFIX_NUM &&
              (t[e].cls == BM_CLS_NUM || numeral(t[e].cp))))) {
            lean[e] = 1;
            pfx[s] = 1;
        }
    }
    /* guess[i]: the joined segment holding t[i] is a guess */
    uint8_t *guess = bm_arena_alloc(sc, n + 1);
    for (size_t k = 0; k < ns;) {
        size_t j = k + 1;
        while (j < ns && lean[seg[j]])
            j++;
        int free_singles = 0, other = 0;
        for (size_t q = k; q < j; q++) {
            size_t s = seg[q];
            if (seg[q + 1] - s != 1 || !hanlike(t[s].cls))
                other = 1;
            else if (!sfx[s] && !pfx[s])
                free_singles++;
        }
        for (size_t i = seg[k]; i < seg[j]; i++)
            guess[i] = !other && free_singles <= 1;
        k = j;
    }
    /* orphan[i]: t[i] is a joined segment of one free Han character with a
     * joined suffix before it and a sure word after it (赛|岚|北站 of
     * 滑雪赛岚北站: ICU placed neither 岚 nor 赛) */
    uint8_t *orphan = bm_arena_alloc(sc, n + 1);
    memset(orphan, 0, n + 1);
    for (size_t i = 1; i + 1 < n; i++)
        orphan[i] = wb[i] && wb[i + 1] && !lean[i] && !lean[i + 1] &&
                    hanlike(t[i].cls) && !sfx[i] && !pfx[i] && sfx[i - 1] &&
                    !guess[i + 1];
    for (size_t i = 1; i < n; i++)
        weak[i] = wb[i] && !lean[i] &&
                  ((guess[i - 1] && guess[i]) ||
                   (sfx[i - 1] && guess[i] && !orphan[i]) ||
                   (pfx[i] && guess[i - 1]) || (i >= 2 && orphan[i - 1]));
}

typedef struct dctx {
    bm_display             *d;
    const bm_display_style *st;
    const char             *text;
    size_t                  len;
    bm_tchar               *t;
    size_t                  n;
    uint8_t                *cls;     /* B_* before t[i] (i = 1..n-1) */
    uint8_t                *halves;  /* weight toward the last-line rule */
    bm_fix                 *x;       /* x of t[i] on the unbounded line; x[n] */
    int                    *marks;   /* full-width marks before t[i] (their
                                        blanks may be pushed in) */
    bm_fix                  em, tracking;
    struct { size_t a, b; } banned[MAX_BANNED];
    int                     nbanned;
} dctx;

/* Is the break before t[i] inside a run between spaces of at most
 * NAME_MAX_CHARS characters, or one with a middle dot (a name, a title,
 * 本报讯): a byline's breaks there are a last resort.  A longer run is an
 * affiliation or a source (tests/tools/displaycheck.py NAME_MAX_CHARS). */
#define NAME_MAX_CHARS 6
static int in_name(const bm_tchar *t, size_t n, size_t i)
{
    size_t s = i, e = i;
    while (s > 0 && !is_space(&t[s - 1]))
        s--;
    while (e < n && !is_space(&t[e]))
        e++;
    for (size_t m = s; m < e; m++)
        if (t[m].cls == BM_CLS_DOT)
            return 1;
    return e - s <= NAME_MAX_CHARS;
}

/* Where a list number opening the text ends (七、 十二、 （三） (4) 2. 3、),
 * 0 when it has none. */
static size_t list_number_end(const bm_tchar *t, size_t n)
{
    size_t i = 0, open = n > 0 && t[0].cls == BM_CLS_OPEN, d;
    i += open;
    for (d = i; d < n && d - i < 4 && (numeral(t[d].cp) ||
                                        (t[d].cp >= '0' && t[d].cp <= '9'));
         d++)
        ;
    if (d == i || d >= n)
        return 0;
    if (open)
        return t[d].cls == BM_CLS_CLOSE ? d + 1 : 0;
    uint32_t m = t[d].cp;
    return m == 0x3001 || m == '.' || m == 0xFF0E ? d + 1 : 0;
}

/* The break classes of every position, by the kind's rules. */
static void classify(dctx *c, const uint8_t *wb)
{
    const bm_tchar *t = c->t;
    size_t n = c->n;
    int name = c->st->kind == BM_DISPLAY_NAME;
    uint8_t *k = c->cls;
    uint8_t *lean = bm_arena_alloc(c->d->scratch, n + 1);
    uint8_t *weak = bm_arena_alloc(c->d->scratch, n + 1);
    join_morphemes(t, n, wb, lean, weak, c->d->scratch);
    for (size_t i = 1; i < n; i++) {
        const bm_tchar *p = &t[i - 1], *q = &t[i];
        k[i] = B_NEVER;
        if (is_space(q))
            continue;   /* break after the space, never before it */
        if (is_space(p)) {
            /* a phrase space; U+3000 included (ICU and the body rules
             * keep it, but in a display line it separates phrases) */
            size_t j = i - 1;
            while (j > 0 && is_space(&t[j - 1]))
                j--;
            if (j == 0)
                continue;
            k[i] = B_PHRASE;
            /* the U+3000 padding a two-character name (彭　珺) is no
             * break: one Han character on either side of it */
            if (p->cls == BM_CLS_IDSP && j == i - 1 && j >= 1 &&
                hanlike(t[j - 1].cls) && (j < 2 || !hanlike(t[j - 2].cls)) &&
                hanlike(q->cls) && (i + 1 >= n || !hanlike(t[i + 1].cls))) {
                k[i] = B_NEVER;
                continue;
            }
            if (name) {
                /* the token before the space: a title keeps its name */
                size_t s = j;
                while (s > 0 && !is_space(&t[s - 1]))
                    s--;
                if (bm_layout_title_word(c->text + t[s].off, t[j].off - t[s].off))
                    k[i] = B_TITLE;
            }
            continue;
        }
        if (q->brk == BM_BRK_NEVER || q->brk == BM_BRK_EMERG)
            continue;   /* kinsoku, a unit (number with its unit, word) */
        /* 3月|25日, 2026年|11月: a date or a run of numbers with units */
        if (q->cls == BM_CLS_NUM && p->unit && hanlike(p->cls))
            continue;
        /* in a byline, a run between spaces longer than any name is an
         * affiliation or a source (澜州学院城市管理系副教授, 资料来源：…):
         * it breaks as a head does, after its pausing marks and at its
         * words */
        int plain = !name || !in_name(t, n, i);
        if (pause_mark(p->cp) && plain)
            k[i] = B_PHRASE;
        else if (name && q->cls == BM_CLS_OPEN && hanlike(p->cls))
            k[i] = B_PHRASE;  /* 本报讯｜（记者…）: the bracket opens a phrase */
        else if (wb[i])
            k[i] = !plain    ? B_CHAR
                   : lean[i] ? B_BOUND
                   : weak[i] ? B_WEAK
                             : B_WORD;
        /* (names: word breaks are a fallback: 赵|一淼) */
        else
            k[i] = B_CHAR;
        /* a Chinese numeral keeps its measure word (一个月, 三年, 两项) */
        if (numeral(p->cp) && measure_word(q->cp))
            k[i] = B_NEVER;
        if (i >= 2 && numeral(t[i - 2].cp) && p->cp == 0x4E2A && q->cp == 0x6708)
            k[i] = B_NEVER;   /* 个|月 */
    }
    /* a word break one or two characters from a phrase space leaves a
     * fragment beside it (「让利 新｜能源」): not a good break */
    for (size_t i = 1; i < n && !name; i++) {
        if (k[i] != B_WORD && k[i] != B_WEAK)
            continue;
        int near = 0;
        for (size_t d = 1; d <= 2 && !near; d++)
            near = (i >= d && is_space(&t[i - d])) ||
                   (i + d - 1 < n && is_space(&t[i + d - 1]));
        if (near)
            k[i] = B_CHAR;
    }
    /* a quoted phrase of up to six characters stays whole (“跑得快”) */
    for (size_t i = 0; i < n; i++) {
        if (t[i].cls != BM_CLS_OPEN)
            continue;
        size_t j = i + 1, depth = 1;
        while (j < n && j - i <= 8) {
            if (t[j].cls == BM_CLS_OPEN)
                depth++;
            else if (t[j].cls == BM_CLS_CLOSE && --depth == 0)
                break;
            j++;
        }
        if (j < n && depth == 0 && j - i - 1 <= 6)
            for (size_t m = i + 1; m <= j; m++)
                k[m] = B_NEVER;
        /* a longer one breaks inside only where nothing outside does as
         * well (「“15分钟生活圈”｜再添」, not 「生活｜圈”」) */
        while (depth > 0 && j < n && j - i <= 16) {
            if (t[j].cls == BM_CLS_OPEN)
                depth++;
            else if (t[j].cls == BM_CLS_CLOSE && --depth == 0)
                break;
            j++;
        }
        if (j < n && depth == 0 && j - i - 1 > 6)
            for (size_t m = i + 1; m <= j; m++)
                if (k[m] == B_WORD)
                    k[m] = B_WEAK;
    }
    /* a list number opening a subheading keeps what it numbers (「七、｜以
     *共建共享…」 leaves 七、 alone on a line) */
    for (size_t i = 1, e = list_number_end(t, n); i <= e && i < n; i++)
        k[i] = B_NEVER;
    /* names with a middle dot: no break inside the name (the run of Han
     * characters on either side of the dot) */
    for (size_t i = 0; i < n; i++)
        if (t[i].cls == BM_CLS_DOT) {
            size_t s = i, e = i + 1;
            while (s > 0 && hanlike(t[s - 1].cls))
                s--;
            while (e < n && hanlike(t[e].cls))
                e++;
            for (size_t m = s + 1; m < e; m++)
                if (k[m] != B_NEVER)
                    k[m] = !name ? B_CHAR : m == i + 1 ? B_DOT : B_NEVER;
        }
    for (size_t i = 0; i < n; i++)
        c->halves[i] = hanlike(t[i].cls)                     ? 2
                       : t[i].cls == BM_CLS_LATIN || t[i].cls == BM_CLS_NUM ||
                               t[i].cls == BM_CLS_POSTFIX ? 1
                                                          : 0;
}

/* The paragraph style a display line is composed with. */
static bm_para_style para_style(const dctx *c, bm_fix size, bm_fix measure)
{
    bm_para_style ps;
    memset(&ps, 0, sizeof ps);
    ps.role = c->st->role;
    ps.size = size;
    ps.measure = measure;
    ps.align = BM_ALIGN_START;
    ps.kinsoku = BM_KINSOKU_STRICT;
    ps.compress = BM_COMPRESS_QUANJIAO;
    ps.min_last = 0;
    ps.tracking = c->tracking;
    ps.han_space = c->st->space > 0 ? c->st->space : size / 2;
    if (c->st->kind == BM_DISPLAY_NAME)
        ps.idsp_space = ps.han_space;
    return ps;
}

/* x of each character on one unbounded line at the current size. */
static bm_status measure_all(dctx *c, const bm_src *src, bm_error *err)
{
    bm_para_style ps = para_style(c, c->em, BM_PT(30000));
    bm_pline *pl;
    size_t np;
    bm_status rc = bm_para_compose(c->d->comp, c->text, c->len, &ps, src,
                                   c->d->scratch, &pl, &np, err);
    if (rc != BM_OK)
        return rc;
    bm_fix *x = c->x;
    for (size_t i = 0; i <= c->n; i++)
        x[i] = -1;
    bm_fix end = 0;
    for (size_t l = 0; l < np; l++) {   /* one line, unless a hard break */
        for (size_t g = 0; g < pl[l].nglyphs; g++) {
            const bm_glyph *gl = &pl[l].glyphs[g];
            if (!gl->nbytes)
                continue;
            size_t off = pl[l].start + gl->cluster;
            /* the character at `off` (binary search: t is in order) */
            size_t lo = 0, hi = c->n;
            while (lo < hi) {
                size_t mid = (lo + hi) / 2;
                if (c->t[mid].off < off)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            if (lo < c->n && c->t[lo].off == off && x[lo] < 0)
                x[lo] = end + gl->x;
        }
        end += pl[l].width;
    }
    x[c->n] = end;
    for (size_t i = c->n; i-- > 0;)
        if (x[i] < 0)
            x[i] = x[i + 1];
    return BM_OK;
}

/* Estimated width of chars [a, b) set as a line. */
static bm_fix est_width(const dctx *c, size_t a, size_t b)
{
    const bm_tchar *t = c->t;
    size_t e = b;
    while (e > a && is_space(&t[e - 1]))
        e--;
    if (e == a)
        return 0;
    bm_fix w = c->x[e] - c->x[a];
    if (e < c->n) {
        /* glue before t[e]: Han-Latin 1/4 em, tracking */
        int hl = !is_space(&t[e]) &&
                 ((hanlike(t[e - 1].cls) && westernish(&t[e])) ||
                  (westernish(&t[e - 1]) && hanlike(t[e].cls)));
        w -= (hl ? c->em / 4 : 0) + c->tracking;
        if (is_space(&t[e]) && t[e].cls == BM_CLS_SPACE)
            w -= c->x[e + 1 <= c->n ? e + 1 : e] - c->x[e];
    }
    const bm_tchar *E = &t[e - 1];
    if ((E->cls == BM_CLS_STOP || E->cls == BM_CLS_CLOSE) &&
        bm_text_fullwidth(E->cp) && c->x[e] - c->x[e - 1] >= c->em * 3 / 4)
        w -= c->em / 2;
    if (t[a].cls == BM_CLS_OPEN && bm_text_fullwidth(t[a].cp))
        w -= c->em / 2;
    return w;
}

static int banned(const dctx *c, size_t a, size_t b)
{
    for (int i = 0; i < c->nbanned; i++)
        if (c->banned[i].a == a && c->banned[i].b == b)
            return 1;
    return 0;
}

/*
 * The best breaks with classes up to `level` allowed (B_WORD: the good
 * ones; B_CHAR: the fallback, priced).  Fills brk[0..*nl] (brk[0] = 0,
 * brk[nl] = n) and returns 1, or 0 when no choice satisfies the rules.
 */
static int choose(const dctx *c, int level, size_t *brk, size_t *nl)
{
    size_t n = c->n;
    bm_arena *sc = c->d->scratch;
    size_t *cand = bm_arena_alloc(sc, (n + 2) * sizeof *cand);
    size_t nc = 0;
    cand[nc++] = 0;
    for (size_t i = 1; i < n; i++)
        if (c->cls[i] != B_NEVER && c->cls[i] <= level)
            cand[nc++] = i;
    cand[nc++] = n;
    int64_t *best = bm_arena_alloc(sc, nc * sizeof *best);
    size_t *from = bm_arena_alloc(sc, nc * sizeof *from);
    /* halves of content from each candidate to the end (last-line rule) */
    int *tail = bm_arena_alloc(sc, (n + 1) * sizeof *tail);
    for (size_t i = n; i-- > 0;)
        tail[i] = tail[i + 1] + c->halves[i];
    int justify = c->st->align == BM_ALIGN_JUSTIFY;
    bm_fix meas = c->st->measure;
    best[0] = 0;
    for (size_t j = 1; j < nc; j++) {
        best[j] = INT64_MAX;
        size_t b = cand[j];
        int last = b == n;
        for (size_t i = j; i-- > 0;) {
            if (best[i] == INT64_MAX)
                continue;
            size_t a = cand[i];
            bm_fix w = est_width(c, a, b);
            meas = c->st->measure - (a == 0 ? c->st->indent : 0);
            /* the marks' blanks may be pushed in (para.c, cjk-layout.md
             * D): a line that much over may fit; set_one() tells */
            bm_fix slack_ok = c->em / 8 + (c->marks[b] - c->marks[a]) * c->em / 2;
            if (w > meas + slack_ok) {
                if (c->x[b] - c->x[a] > meas + 4 * c->em)
                    break;   /* longer lines only get wider */
                continue;
            }
            if (banned(c, a, b))
                continue;
            int64_t cost = COST_LINE;
            if (last && a > 0 && tail[a] < 6) {
                if (level < B_CHAR)
                    continue;
                cost += COST_SHORT;
            }
            if (!last || !justify) {
                int64_t s = (int64_t)(meas - w) * 10 / c->em;
                if (s < 0)
                    s = 0;
                cost += s * s;
            }
            if (!last)
                cost += c->cls[b] == B_WORD   ? COST_WORD
                        : c->cls[b] == B_WEAK ? COST_WEAK
                        : c->cls[b] == B_BOUND ? COST_BOUND
                        : c->cls[b] == B_CHAR ? COST_CHAR
                                              : 0;
            if (best[i] + cost < best[j]) {
                best[j] = best[i] + cost;
                from[j] = i;
            }
        }
    }
    if (best[nc - 1] == INT64_MAX)
        return 0;
    size_t cnt = 0;
    for (size_t j = nc - 1; j > 0; j = from[j])
        cnt++;
    size_t k = cnt;
    for (size_t j = nc - 1; j > 0; j = from[j])
        brk[k--] = cand[j];
    brk[0] = 0;
    *nl = cnt;
    return 1;
}

/* May the gap before t[k] open when a caption line is filled? */
static int opens(const bm_tchar *t, size_t k)
{
    const bm_tchar *p = &t[k - 1], *q = &t[k];
    if (q->unit || is_space(p) || is_space(q))
        return 0;
    switch (q->cls) {
    case BM_CLS_STOP: case BM_CLS_CLOSE: case BM_CLS_POSTFIX: case BM_CLS_DOT:
    case BM_CLS_CONNECTOR: case BM_CLS_SOLIDUS: case BM_CLS_LONG:
        return 0;
    }
    switch (p->cls) {
    case BM_CLS_OPEN: case BM_CLS_PREFIX: case BM_CLS_CONNECTOR:
    case BM_CLS_SOLIDUS:
        return 0;
    }
    return 1;
}

/* Fills a caption's line to the measure: the slack shared by the gaps
 * between characters that may open (cjk-layout.md E), remainders from the
 * left. */
static void justify_line(const dctx *c, size_t a, size_t b, bm_fix meas,
                         bm_dline *dl)
{
    bm_fix need = meas - dl->width;
    if (need <= 0)
        return;
    size_t ngap = 0;
    for (size_t k = a + 1; k < b; k++)
        ngap += opens(c->t, k);
    if (ngap == 0)
        return;
    bm_fix each = need / (bm_fix)ngap, rest = need % (bm_fix)ngap, shift = 0;
    size_t k = a;
    for (size_t g = 0; g < dl->nglyphs; g++) {
        bm_glyph *gl = &dl->glyphs[g];
        if (gl->nbytes) {
            size_t off = dl->start + gl->cluster;
            while (k + 1 < b && c->t[k + 1].off <= off) {
                k++;
                if (opens(c->t, k))
                    shift += each + (rest > 0 ? 1 : 0), rest--;
            }
        }
        gl->x += shift;
    }
    for (size_t g = 0; g + 1 < dl->nglyphs; g++)
        dl->glyphs[g].adv = dl->glyphs[g + 1].x - dl->glyphs[g].x;
    if (dl->nglyphs)
        dl->glyphs[dl->nglyphs - 1].adv =
            dl->width + need - dl->glyphs[dl->nglyphs - 1].x;
    dl->width += need;
}

/* Composes chars [a, b) as one line at the measure; 0 if it does not fit. */
static bm_status set_one(const dctx *c, size_t a, size_t b, int last,
                         const bm_src *src, bm_arena *out, bm_dline *dl,
                         int *fits, bm_error *err)
{
    const bm_tchar *t = c->t;
    size_t e = b;
    while (e > a && t[e - 1].cls == BM_CLS_IDSP)
        e--;
    /* a trailing U+3000 (a phrase break) is carried, not set: its glyph
     * stays (exact text) with no width */
    bm_fix extra = (bm_fix)(b - e) * c->em;
    size_t off = t[a].off;
    size_t end = b < c->n ? t[b].off : c->len;
    bm_fix meas = c->st->measure - (a == 0 ? c->st->indent : 0);
    bm_para_style ps = para_style(c, c->em, meas + extra);
    bm_pline *pl;
    size_t np;
    bm_status rc = bm_para_compose(c->d->comp, c->text + off, end - off, &ps,
                                   src, out, &pl, &np, err);
    if (rc != BM_OK)
        return rc;
    *fits = np == 1;
    if (np != 1)
        return BM_OK;
    bm_fix width = pl[0].width;
    if (e < b) {
        size_t coff = t[e].off - off;
        for (size_t g = 0; g < pl[0].nglyphs; g++)
            if (pl[0].glyphs[g].cluster >= coff) {
                if (pl[0].glyphs[g].cluster == coff)
                    width = pl[0].glyphs[g].x;
                pl[0].glyphs[g].x = width;
                pl[0].glyphs[g].adv = 0;
            }
    }
    if (width > meas) {
        *fits = 0;
        return BM_OK;
    }
    dl->start = off;
    dl->end = end;
    dl->glyphs = pl[0].glyphs;
    dl->nglyphs = pl[0].nglyphs;
    dl->width = width;
    if (!last && c->st->align == BM_ALIGN_JUSTIFY)
        justify_line(c, a, b, meas, dl);
    return BM_OK;
}

/* Places the lines by the style's alignment. */
static void align_lines(const bm_display_style *st, bm_dset *out)
{
    for (size_t i = 0; i < out->nlines; i++) {
        bm_dline *l = &out->lines[i];
        bm_fix ind = i == 0 ? st->indent : 0;
        bm_fix room = st->measure - ind - l->width;
        l->xoff = ind + (room <= 0                      ? 0
                         : st->align == BM_ALIGN_CENTER ? room / 2
                         : st->align == BM_ALIGN_END    ? room
                                                        : 0);
    }
}

/* One try at a size and tracking: 1 in *ok when a choice at `level` holds. */
static bm_status try_set(dctx *c, int level, const bm_src *src, bm_arena *out,
                         bm_dset *res, int *ok, bm_error *err)
{
    *ok = 0;
    c->nbanned = 0;
    bm_status rc = measure_all(c, src, err);
    if (rc != BM_OK)
        return rc;
    size_t *brk = bm_arena_alloc(c->d->scratch, (c->n + 2) * sizeof *brk);
    for (int round = 0; round <= MAX_BANNED; round++) {
        size_t nl;
        if (!choose(c, level, brk, &nl))
            return BM_OK;
        bm_dline *lines = bm_arena_alloc(out, nl * sizeof *lines);
        int all = 1;
        for (size_t l = 0; l < nl && all; l++) {
            int fits;
            rc = set_one(c, brk[l], brk[l + 1], l + 1 == nl, src, out,
                         &lines[l], &fits, err);
            if (rc != BM_OK)
                return rc;
            if (!fits) {
                all = 0;
                if (c->nbanned == MAX_BANNED)
                    return BM_OK;
                c->banned[c->nbanned].a = brk[l];
                c->banned[c->nbanned].b = brk[l + 1];
                c->nbanned++;
            }
        }
        if (all) {
            res->lines = lines;
            res->nlines = nl;
            res->size = c->em;
            res->tracking = c->tracking;
            res->forced = 0;
            res->phrased = 1;
            for (size_t l = 1; l < nl; l++) {
                res->forced |= c->cls[brk[l]] >= B_BOUND;
                res->phrased &= c->cls[brk[l]] == B_PHRASE;
            }
            *ok = 1;
            return BM_OK;
        }
    }
    return BM_OK;
}

bm_status bm_display_set(bm_display *d, const char *text, size_t len,
                         const bm_display_style *st, const bm_src *src,
                         bm_arena *a, bm_dset *out, bm_error *err)
{
    memset(out, 0, sizeof *out);
    out->size = st->size;
    if (st->size <= 0 || st->measure <= 0)
        return bm_error_set(err, BM_INPUT, src ? src->file : NULL,
                            src ? src->line : 0, src ? src->col : 0,
                            "display style needs a size and a measure");
    bm_arena_reset(d->scratch);
    dctx c;
    memset(&c, 0, sizeof c);
    c.d = d;
    c.st = st;
    c.text = text;
    c.len = len;
    bm_status rc = bm_breaker_analyze(d->brk, text, len, BM_KINSOKU_STRICT,
                                      d->scratch, &c.t, &c.n, err);
    if (rc != BM_OK)
        return rc;
    if (c.n == 0)
        return BM_OK;
    uint8_t *wb = bm_arena_alloc(d->scratch, c.n);
    rc = bm_breaker_words(d->brk, text, len, c.t, c.n, wb, err);
    if (rc != BM_OK)
        return rc;
    c.cls = bm_arena_alloc(d->scratch, c.n + 1);
    c.halves = bm_arena_alloc(d->scratch, c.n + 1);
    c.x = bm_arena_alloc(d->scratch, (c.n + 1) * sizeof *c.x);
    c.marks = bm_arena_alloc(d->scratch, (c.n + 1) * sizeof *c.marks);
    for (size_t i = 0; i < c.n; i++) {
        int cl = c.t[i].cls;
        c.marks[i + 1] = c.marks[i] + ((cl == BM_CLS_STOP || cl == BM_CLS_CLOSE ||
                                        cl == BM_CLS_OPEN) &&
                                       bm_text_fullwidth(c.t[i].cp));
    }
    classify(&c, wb);

    /* 4: as set; tracking tightened; one size down; each with good breaks
     * only.  Then the fallback at the style's size. */
    bm_fix down = st->min_size > 0 && st->lay
                      ? bm_display_step_down(st->lay, st->size) : 0;
    if (down < st->min_size)
        down = 0;
    struct { bm_fix size; int tight; } tries[4] = {
        {st->size, 0}, {st->size, 1}, {down, 0}, {down, 1}};
    int good = c.st->kind == BM_DISPLAY_NAME ? B_PHRASE : B_WEAK;
    for (int i = 0; i < 4; i++) {
        if (tries[i].size <= 0)
            continue;
        c.em = tries[i].size;
        c.tracking = tries[i].tight ? -c.em / 20 : 0;
        int ok;
        rc = try_set(&c, good, src, a, out, &ok, err);
        if (rc != BM_OK || ok) {
            if (!rc)
                align_lines(st, out);
            return rc;
        }
    }
    c.em = st->size;
    c.tracking = 0;
    for (int level = good + 1; level <= B_CHAR; level++) {
        int ok;
        rc = try_set(&c, level, src, a, out, &ok, err);
        if (rc != BM_OK)
            return rc;
        if (ok) {
            out->forced = 1;
            out->phrased = 0;
            align_lines(st, out);
            return BM_OK;
        }
    }
    /* nothing fits the measure even one unit a line: the composer's own
     * breaking (it warns of what it overfills) */
    bm_para_style ps = para_style(&c, st->size, st->measure);
    bm_pline *pl;
    size_t np;
    rc = bm_para_compose(d->comp, text, len, &ps, src, a, &pl, &np, err);
    if (rc != BM_OK)
        return rc;
    out->lines = bm_arena_alloc(a, (np ? np : 1) * sizeof *out->lines);
    for (size_t i = 0; i < np; i++) {
        out->lines[i].start = pl[i].start;
        out->lines[i].end = pl[i].end;
        out->lines[i].glyphs = pl[i].glyphs;
        out->lines[i].nglyphs = pl[i].nglyphs;
        out->lines[i].width = pl[i].width;
    }
    out->nlines = np;
    out->size = st->size;
    out->forced = 1;
    out->phrased = 0;
    align_lines(st, out);
    return BM_OK;
}

/* ---- formulas ------------------------------------------------------------------- */

bm_status bm_display_formula(bm_display *d, const char *text, size_t len,
                             const bm_display_style *st, const bm_src *src,
                             bm_arena *a, bm_dset *out, bm_error *err)
{
    memset(out, 0, sizeof *out);
    out->size = st->size;
    bm_arena_reset(d->scratch);
    bm_tchar *t;
    size_t n;
    bm_status rc = bm_breaker_analyze(d->brk, text, len, BM_KINSOKU_STRICT,
                                      d->scratch, &t, &n, err);
    if (rc != BM_OK || n == 0)
        return rc;
    dctx c;
    memset(&c, 0, sizeof c);
    c.st = st;
    c.em = st->size;
    /* runs of one script, composed apart: no glue between them */
    bm_glyph *gl = bm_arena_alloc(a, (len + 1) * 2 * sizeof *gl);
    size_t ng = 0, cap = (len + 1) * 2;
    bm_fix x = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && westernish(&t[j]) == westernish(&t[i]))
            j++;
        size_t off = t[i].off, end = j < n ? t[j].off : len;
        bm_para_style ps = para_style(&c, st->size, BM_PT(30000));
        bm_pline *pl;
        size_t np;
        rc = bm_para_compose(d->comp, text + off, end - off, &ps, src, a, &pl,
                             &np, err);
        if (rc != BM_OK)
            return rc;
        for (size_t l = 0; l < np; l++) {
            for (size_t g = 0; g < pl[l].nglyphs && ng < cap; g++) {
                gl[ng] = pl[l].glyphs[g];
                gl[ng].x += x;
                gl[ng].cluster += (uint32_t)(off + pl[l].start);
                ng++;
            }
            x += pl[l].width;
        }
        i = j;
    }
    for (size_t g = 0; g + 1 < ng; g++)
        gl[g].adv = gl[g + 1].x - gl[g].x;
    if (ng)
        gl[ng - 1].adv = x - gl[ng - 1].x;
    out->lines = bm_arena_alloc(a, sizeof *out->lines);
    out->lines[0].start = 0;
    out->lines[0].end = len;
    out->lines[0].glyphs = gl;
    out->lines[0].nglyphs = ng;
    out->lines[0].width = x;
    out->nlines = 1;
    align_lines(st, out);
    return BM_OK;
}
