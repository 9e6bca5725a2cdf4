/*
 * dump_segment.c - classified lines -> article drafts: where an article
 * starts (a run of heading lines followed by body text), what each heading
 * line is, and the widths of printed lines that tell a paragraph's first
 * line from its continuation.
 */
#include "dump_private.h"

#include <stdlib.h>
#include <string.h>

/* ---- widths ------------------------------------------------------------------ */

static long han_count_us(const bm_ustr *s)
{
    long k = 0;
    for (size_t i = 0; i < s->n; i++)
        k += bm_ch_han(s->c[i]);
    return k;
}

/* Printed width in half-ems: wide characters 2, ASCII and " 1. */
int bm_dump_width(const bm_ustr *s)
{
    int w = 0;
    for (size_t i = 0; i < s->n; i++) {
        uint32_t c = s->c[i];
        if (c == '"' || bm_ch_space(c))
            w += c == '"';
        else if (bm_ch_standin(c) || c >= 0x1100)
            w += 2;
        else
            w += 1;
    }
    return w;
}

/*
 * The width a printed line takes inside the column: a closing mark at its
 * end (，。、”) may hang in the margin (悬挂) or be squeezed, so it is not
 * counted.  Full lines then measure the same with or without one.
 */
int bm_dump_line_width(const bm_ustr *s)
{
    int w = bm_dump_width(s);
    if (s->n) {
        uint32_t c = s->c[s->n - 1];
        int cls = bm_text_class(c);
        if (c == '"')
            w -= 1;
        else if (cls == BM_CLS_STOP || cls == BM_CLS_CLOSE || bm_ch_standin(c))
            w -= c < 0x80 && !bm_ch_standin(c) ? 1 : 2;
    }
    return w;
}

/* Splits s at its spaces into the printed-line pieces. */
void bm_dump_split_pieces(bm_arena *a, const bm_ustr *s, unit *u)
{
    size_t i = 0;
    while (i < s->n) {
        while (i < s->n && bm_ch_space(s->c[i]))
            i++;
        size_t j = i;
        while (j < s->n && !bm_ch_space(s->c[j]))
            j++;
        if (j > i) {
            u->ch = bm_dump_grow(a, u->ch, u->nch, &u->capch, sizeof *u->ch);
            u->ch[u->nch++] = bm_us_sub(a, s, i, j);
        }
        i = j;
    }
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/*
 * The full column-line width: the 75th percentile of the pieces that are
 * neither the first nor the last of their block (those are whole printed
 * lines).  0 if there are fewer than `min` of them.
 */
int bm_dump_full_width(bm_arena *a, unit *const *us, size_t nus, size_t min)
{
    size_t n = 0;
    for (size_t k = 0; k < nus; k++)
        if (us[k]->nch > 2)
            n += us[k]->nch - 2;
    if (n < min)
        return 0;
    int *w = bm_arena_alloc(a, n * sizeof *w);
    size_t m = 0;
    for (size_t k = 0; k < nus; k++)
        for (size_t i = 1; i + 1 < us[k]->nch; i++)
            w[m++] = bm_dump_width(&us[k]->ch[i]);
    qsort(w, m, sizeof *w, cmp_int);
    return w[(m * 3) / 4];
}

/* Width of the first real piece of a block (a lone junk mark is skipped). */
int bm_dump_first_width(const unit *u)
{
    for (size_t i = 0; i < u->nch && i < 2; i++)
        if (bm_dump_has_text(&u->ch[i]))
            return bm_dump_line_width(&u->ch[i]);
    return u->nch ? bm_dump_line_width(&u->ch[0]) : 0;
}

/* Do these blocks show printed line ends (many spaces in Chinese text)? */
int bm_dump_pieces_spaced(unit *const *us, size_t n)
{
    long han = 0, gaps = 0;
    for (size_t k = 0; k < n; k++) {
        for (size_t i = 0; i < us[k]->nch; i++) {
            const bm_ustr *p = &us[k]->ch[i];
            han += han_count_us(p);
            if (i && p->n && us[k]->ch[i - 1].n &&
                (bm_ch_han(p->c[0]) ||
                 bm_ch_han(us[k]->ch[i - 1].c[us[k]->ch[i - 1].n - 1])))
                gaps++;
        }
    }
    return gaps >= 4 && gaps * 100 >= han * 3;
}


/*
 * Width evidence: on an extraction that keeps printed line ends, body text
 * has a space between two Chinese characters every dozen or two of them.
 */
void bm_dump_detect_spacing(ctx *x)
{
    long han = 0, gaps = 0;
    for (size_t k = 0; k < x->nit; k++) {
        const bm_ustr *s = &x->it[k].text;
        if (x->it[k].kind != IT_BODY)
            continue;
        for (size_t i = 0; i < s->n; i++) {
            han += bm_ch_han(s->c[i]);
            if (s->c[i] == ' ' && i > 0 && i + 1 < s->n &&
                !bm_ch_alnum(s->c[i - 1]) && s->c[i - 1] < 0x10000 &&
                (bm_ch_han(s->c[i + 1]) || bm_ch_han(s->c[i - 1])))
                gaps++;
        }
    }
    /* the page has some; each article is judged on its own blocks */
    x->spaced = gaps >= 4 && gaps * 100 >= han;
    if (!x->spaced)
        return;
    /* page-wide full width, for articles with too few lines of their own */
    unit **us = bm_arena_alloc(x->tmp, (x->nit + 1) * sizeof *us);
    size_t nus = 0;
    for (size_t k = 0; k < x->nit; k++) {
        if (x->it[k].kind != IT_BODY)
            continue;
        unit *u = bm_arena_alloc(x->tmp, sizeof *u);
        memset(u, 0, sizeof *u);
        bm_dump_split_pieces(x->tmp, &x->it[k].text, u);
        us[nus++] = u;
    }
    x->page_full = bm_dump_full_width(x->tmp, us, nus, 1);
}


/* ---- building drafts ---------------------------------------------------------- */

static unit *add_unit(ctx *x, draft *d, unit_kind k, int line)
{
    d->u = bm_dump_grow(x->tmp, d->u, d->nu, &d->capu, sizeof *d->u);
    unit *u = &d->u[d->nu++];
    memset(u, 0, sizeof *u);
    u->kind = k;
    u->line = line;
    u->nblocks = 1;
    return u;
}

static draft *new_draft(ctx *x, int line)
{
    x->dr = bm_dump_grow(x->tmp, x->dr, x->ndr, &x->capdr, sizeof *x->dr);
    draft *d = &x->dr[x->ndr++];
    memset(d, 0, sizeof *d);
    d->line = line;
    return d;
}

static const char *const section_words[] = {
    "要闻", "时讯", "新闻", "快讯", "综合", "专版", "专题", "视点", "关注",
    "副刊", "时评", "评论", "广告", "民生", "经济", "社会", "文化", "体育",
    "国际", "国内", "法治", "教育", "聚焦", "简讯", "动态", NULL};

static int section_like(const bm_ustr *s)
{
    if (!s->n)
        return 0;
    uint32_t c = s->c[0];
    if (c == 0x2605 || c == 0x2606 || c == 0x25A0 || c == 0x25A1 ||
        c == 0x25CF || c == 0x25C6 || c == 0x25C7 || c == 0x25B2)
        return 1;                             /* ★ ☆ ■ □ ● ◆ ◇ ▲ */
    if (bm_dump_nonspace(s) > 8)
        return 0;
    for (int i = 0; section_words[i]; i++)
        if (bm_us_ends(s, section_words[i]))
            return 1;
    return 0;
}

/* A place or organisation name: the usual kicker of a local item. */
static const char *const unit_ends[] = {
    "区", "局", "委", "会", "处", "办", "院", "所", "站", "队", "街道", "镇",
    "乡", "村", "县", "市", "省", "公司", "中心", "联", "部", "厅", "室",
    "社区", "集团", "学校", "大学", "医院", NULL};

static int unit_like(const bm_ustr *s)
{
    for (int i = 0; unit_ends[i]; i++)
        if (bm_us_ends(s, unit_ends[i]))
            return 1;
    return 0;
}

/*
 * A personal name as a feature's byline: 2-4 Han characters, maybe one
 * padding space (刘堃, 王 芳), nothing else, and not shaped like a unit or
 * a section label.
 */
static int name_like(const bm_ustr *s)
{
    size_t han = 0, sp = 0;
    for (size_t i = 0; i < s->n; i++) {
        if (bm_ch_han(s->c[i]))
            han++;
        else if (bm_ch_space(s->c[i]))
            sp++;
        else
            return 0;
    }
    return han >= 2 && han <= 4 && sp <= 1 && !unit_like(s) &&
           !section_like(s);
}

/* Section labels stacked over one story (城区 / 城区时讯): more are text. */
#define MAX_LABELS 2

static void add_section(ctx *x, const bm_ustr *s)
{
    bm_ustr t = *s;
    char *u = bm_us_utf8(x->tmp, &t);
    if (u)
        bm_page_add_section(x->ed, x->pg, u);
}

/*
 * Reads a run of heading lines it[a..b) into a new draft: from the bottom
 * up byline line, headline, kicker, then section labels; a subhead is the
 * line starting with ——.
 */
static draft *header(ctx *x, size_t a, size_t b)
{
    bm_ustr **ln = bm_arena_alloc(x->tmp, (b - a + 1) * sizeof *ln);
    int *lines = bm_arena_alloc(x->tmp, (b - a + 1) * sizeof *lines);
    size_t n = 0;
    bm_ustr byline = {0}, subhead = {0};
    for (size_t i = a; i < b; i++) {
        item *it = &x->it[i];
        if (it->kind == IT_BYLINE && !byline.n) {
            byline = it->text;
            continue;
        }
        if (bm_dump_starts_dash(&it->text) && n > 0 && !subhead.n) {
            subhead = it->text;
            continue;
        }
        lines[n] = it->line;
        ln[n++] = &it->text;
    }
    /* an author's name alone under the headline (祁连山下的秋天 / 刘堃) */
    if (!byline.n && n >= 2 && name_like(ln[n - 1]) &&
        bm_dump_nonspace(ln[n - 2]) > bm_dump_nonspace(ln[n - 1])) {
        byline = *ln[n - 1];
        n--;
    }
    draft *d = new_draft(x, n ? lines[0] : x->it[a].line);
    d->byline = byline;
    d->subhead = subhead;
    if (n == 0)
        return d;
    size_t h = n - 1, k = n;      /* headline and kicker index (k=n: none) */
    if (n >= 2 && bm_dump_nonspace(ln[n - 1]) <= 6 && bm_dump_nonspace(ln[n - 2]) >= 8 &&
        bm_dump_nonspace(ln[n - 2]) >= 2 * bm_dump_nonspace(ln[n - 1]) &&
        unit_like(ln[n - 1])) {
        h = n - 2;                /* a unit label printed under the headline */
        k = n - 1;
    } else if (n >= 2) {
        k = n - 2;
    }
    size_t first_other = h < k ? h : k;   /* lines above these are sections */
    if (k == n - 2 && n == 2 && section_like(ln[0]))
        k = n, first_other = 1;
    /* a story wears at most MAX_LABELS labels; heading lines between them
       and the kicker are set as paragraphs, one each, not as thousands of
       stacked labels (a dump of nothing but short lines) */
    size_t nlab = first_other < n ? first_other : n;
    d->sec_first = x->pg->nsections;
    for (size_t i = 0; i < nlab && i < MAX_LABELS; i++)
        add_section(x, ln[i]);
    d->sec_n = x->pg->nsections - d->sec_first;
    for (size_t i = MAX_LABELS; i < nlab; i++) {
        unit *u = add_unit(x, d, U_PARA, lines[i]);
        bm_dump_split_pieces(x->tmp, ln[i], u);
    }
    d->headline = *ln[h];
    d->line = lines[h];
    if (k < n)
        d->kicker = *ln[k];
    return d;
}

/*
 * A photo text printed as one line with its title in front and its credit
 * at the end (标题 近日,…。③5 记者 王芳 摄): the leading pieces without any
 * punctuation are the headline.  Needs the space-separated pieces.
 */
static size_t photo_title_len(ctx *x, const bm_ustr *s)
{
    size_t i = 0, pieces = 0, last_end = 0, ends[5] = {0};
    while (i < s->n && pieces < 4) {
        size_t j = i;
        int punct = 0;
        while (j < s->n && !bm_ch_space(s->c[j])) {
            if (!bm_ch_han(s->c[j]) && !bm_ch_alnum(s->c[j]))
                punct = 1;
            j++;
        }
        if (punct || j - i > 12)
            break;
        ends[++pieces] = j;
        last_end = j;
        i = j + 1;
    }
    /* a last piece whose word goes on in the text (近日清|晨) is the
       text's first printed line, not the title's */
    while (pieces > 1 && last_end < s->n) {
        bm_ustr a = bm_us_sub(x->tmp, s, ends[pieces - 1] + 1, last_end);
        size_t e = last_end + 1;
        while (e < s->n && !bm_ch_space(s->c[e]))
            e++;
        bm_ustr b = bm_us_sub(x->tmp, s, last_end + 1, e);
        if (bm_dump_in_word(x, &a, &b) != 1)
            break;
        last_end = ends[--pieces];
    }
    if (!pieces || last_end >= s->n || last_end > 24)
        return 0;
    return last_end;
}

/*
 * A comma of running text: outside quotes and brackets, not inside a
 * number (4,000), and not after a label's colon (业态之变:老字号回来了,…).
 * A subheading never holds one; a line cut at a column end often does
 * (据介绍,今年全区新增绿化面).
 */
static int sentence_comma(const bm_ustr *s)
{
    int depth = 0, quote = 0, colon = 0;
    for (size_t i = 0; i < s->n; i++) {
        uint32_t c = s->c[i];
        if (c == 0x201C || c == '(' || c == 0xFF08 || c == 0x300A ||
            c == 0x300C)
            depth++;
        else if ((c == 0x201D || c == ')' || c == 0xFF09 || c == 0x300B ||
                  c == 0x300D) && depth > 0)
            depth--;
        else if (c == '"')
            quote = !quote;
        else if ((c == ':' || c == 0xFF1A) && !depth && !quote)
            colon = 1;
        else if ((c == ',' || c == 0xFF0C) && !depth && !quote && !colon &&
                 !(i && i + 1 < s->n && bm_ch_digit(s->c[i - 1]) &&
                   bm_ch_digit(s->c[i + 1])))
            return 1;
    }
    return 0;
}

/* A quotation or bracket opened and not closed: the line stops inside it
   (新兴产业则在"从无|到有"中…), so the text goes on after it. */
static int unclosed(const bm_ustr *s)
{
    int ascii = 0, curly = 0, paren = 0;
    for (size_t i = 0; i < s->n; i++) {
        uint32_t c = s->c[i];
        ascii += c == '"';
        curly += c == 0x201C ? 1 : c == 0x201D ? -1 : 0;
        paren += c == '(' || c == 0xFF08 ? 1 : c == ')' || c == 0xFF09 ? -1 : 0;
    }
    return (ascii & 1) || curly > 0 || paren > 0;
}

/* Marks that never start a sentence: the text before them goes on. */
static int continues(uint32_t c)
{
    switch (bm_text_class(c)) {
    case BM_CLS_STOP: case BM_CLS_CLOSE: case BM_CLS_POSTFIX:
        return 1;
    default:
        return 0;
    }
}

/* Does the article so far run under a byline (a byline line, or a
   本报讯(…) / …电 at the start of its first paragraph)? */
static int has_byline(ctx *x, const draft *d)
{
    if (d->byline.n)
        return 1;
    for (size_t i = 0; i < d->nu; i++)
        if (d->u[i].kind == U_PARA) {
            bm_ustr t = bm_dump_unit_text(x->tmp, &d->u[i]);
            return bm_dump_byline_len(&t) > 0 ||
                   bm_dump_cut_byline_len(&t) > 0;
        }
    return 0;
}

/*
 * Nine or more characters of bare text (no mark, no space): the start of a
 * sentence that a column end cut off (在永丰县新集镇的高标准|农田…).  A
 * subheading is shorter (高新区, 记者手记) or has two halves or marks
 * (补贴"真金白银" 换车"划算不少", 工业:传统产业焕新).
 */
static int bare_run(const bm_ustr *s)
{
    if (bm_dump_nonspace(s) < 9)
        return 0;
    for (size_t i = 0; i < s->n; i++)
        if (!bm_ch_han(s->c[i]) && !bm_ch_alnum(s->c[i]))
            return 0;
    return 1;
}

/* The shape of a subheading: where its label colon is (0: none) and
   whether it has two halves split by a space (工业:传统产业焕新 新兴产业壮大). */
static int sub_shape(const bm_ustr *s)
{
    int colon = 0, space = 0;
    for (size_t i = 0; i < s->n; i++) {
        if ((s->c[i] == ':' || s->c[i] == 0xFF1A) && !colon)
            colon = i < 8 ? 1 : 2;
        if (s->c[i] == ' ')
            space = 1;
    }
    return colon * 2 + space;
}

/*
 * Repetition: a run of heading-like lines inside a bylined story is a run
 * of subheadings when every line has the shape of a subheading the story
 * already has (a label and a colon, two halves) and none holds a comma of
 * running text.
 */
static int run_of_subheadings(const draft *cur, const item *run, size_t n)
{
    int shape = -1;
    for (size_t i = 0; i < cur->nu; i++)
        if (cur->u[i].kind == U_SUB)
            shape = sub_shape(&cur->u[i].text);
    if (shape <= 0)
        return 0;
    for (size_t k = 0; k < n; k++) {
        if (run[k].kind == IT_JUNK)
            continue;
        if (run[k].kind != IT_SHORT || sub_shape(&run[k].text) != shape ||
            sentence_comma(&run[k].text))
            return 0;
    }
    return 1;
}

/* Did the story's last block stop in the middle of a sentence? */
static int open_before(ctx *x, const draft *cur)
{
    if (!cur->nu || cur->u[cur->nu - 1].kind != U_PARA)
        return 0;
    bm_ustr t = bm_dump_unit_text(x->tmp, &cur->u[cur->nu - 1]);
    bm_us_trim(&t);
    return t.n && !bm_dump_ends_sentence(&t) && !cur->u[cur->nu - 1].code.n;
}

/* A run with nothing that opens a story (no byline line, no section
   label, no —— subhead) and a line that is running text (a comma of
   running text, or a word across its end). */
static int plain_run(ctx *x, const item *run, size_t n, const bm_ustr *next)
{
    int text = 0;
    for (size_t k = 0; k < n; k++) {
        if (run[k].kind != IT_SHORT || section_like(&run[k].text) ||
            bm_dump_starts_dash(&run[k].text))
            return 0;
        text |= sentence_comma(&run[k].text) ||
                bm_dump_in_word(x, &run[k].text,
                                k + 1 < n ? &run[k + 1].text : next) == 1;
    }
    return text;
}

typedef enum inline_role { R_HEADLINE, R_SUBHEADING, R_FRAGMENT } inline_role;

/*
 * One heading-like line L between body blocks of a running article (no
 * editor code has closed it), with body text after it.  The evidence, in
 * this order (the first that applies decides):
 *   1. L goes on into the next block: the junction falls inside a word of
 *      the dictionary (绿化面|积), the next block opens with a mark that
 *      never starts a sentence (，。、）), L holds a comma of running text,
 *      or L stops inside a quotation or bracket -> a body fragment cut at
 *      a column end, glued back;
 *   2. the article has no byline: the text does not "run on under one
 *      byline", so L opens the next story (a brief, a photo text, a
 *      story of a packed page) -> headline;
 *   3. L is a long run of bare text not followed by a quotation (which
 *      opens a paragraph), or the block before it stopped in the middle
 *      of a sentence (weaker evidence than 1: a bare headline after a
 *      brief cut short still wins in 2) -> a body fragment;
 *   4. otherwise an in-article subheading (小标题) of a feature.
 * A subheading therefore never ends inside a word and never holds a comma
 * of running text, and a story without a byline is never swallowed by the
 * one before it.
 */
static inline_role inline_role_of(ctx *x, const draft *cur, const bm_ustr *l,
                                  const bm_ustr *next)
{
    if (bm_dump_in_word(x, l, next) == 1 || (next->n && continues(next->c[0])) ||
        sentence_comma(l) || unclosed(l))
        return R_FRAGMENT;
    if (!has_byline(x, cur))
        return R_HEADLINE;
    /* a quotation or bracket opening the next block starts a paragraph */
    int opens = next->n && (next->c[0] == 0x201C || next->c[0] == '"' ||
                            next->c[0] == 0xFF08 || next->c[0] == '(' ||
                            next->c[0] == 0x300A);
    return (bare_run(l) && !opens) || open_before(x, cur) ? R_FRAGMENT
                                                          : R_SUBHEADING;
}

#define RUN_MAX 200

static int same_code(const bm_ustr *a, const bm_ustr *b)
{
    return a->n == b->n && !memcmp(a->c, b->c, a->n * sizeof *a->c);
}

/*
 * A caption block of a photo page: a short text of its own (at most 80
 * characters, ending a sentence, not continuing the block before it, not
 * opening with a byline) that ends in an editor code while the story goes
 * on after it.  The code is a photographer's when it repeats on another
 * short block of the run (the story from its heading to the next story's
 * start), or when the run's last code is a different one: a story's own
 * code comes once, at the end of its text.  Otherwise the code line is the
 * story's own (possibly moved by extraction).
 */
static int caption_block(ctx *x, size_t i)
{
    const item *it = &x->it[i];
    if (!it->code.n || bm_dump_nonspace(&it->text) > 80 ||
        !bm_dump_ends_sentence(&it->text) || bm_dump_byline_len(&it->text) ||
        i + 1 >= x->nit)
        return 0;
    const item *nx = &x->it[i + 1];
    if (nx->kind == IT_SHORT || nx->kind == IT_BYLINE || nx->kind == IT_JUNK ||
        (nx->kind == IT_BODY && (bm_dump_byline_len(&nx->text) ||
                                 nx->credit.n)))
        return 0;                 /* the next story starts there */
    if (i > 0 && x->it[i - 1].kind == IT_BODY && !x->it[i - 1].code.n &&
        !bm_dump_ends_sentence(&x->it[i - 1].text))
        return 0;                 /* it continues the block before it */
    size_t a = i, b = i + 1;      /* the run (at most RUN_MAX items each
                                     way: linear time on any input) */
    while (a > 0 && i - a < RUN_MAX && x->it[a - 1].kind != IT_SHORT &&
           x->it[a - 1].kind != IT_BYLINE && !x->it[a - 1].credit.n)
        a--;
    while (b < x->nit && b - i < RUN_MAX && x->it[b].kind != IT_SHORT &&
           x->it[b].kind != IT_BYLINE && !x->it[b].credit.n &&
           !bm_dump_byline_len(&x->it[b].text))
        b++;
    int repeats = 0;
    const bm_ustr *last = NULL;
    for (size_t k = a; k < b; k++) {
        const item *o = &x->it[k];
        if (o->kind != IT_BODY || !o->code.n)
            continue;
        last = &o->code;
        repeats += k != i && bm_dump_nonspace(&o->text) <= 80 &&
                   same_code(&o->code, &it->code);
    }
    return repeats > 0 || (last && !same_code(last, &it->code));
}

void bm_dump_walk(ctx *x)
{
    draft *cur = NULL;
    int ended = 1;               /* the current article ended (editor code) */
    for (size_t i = 0; i < x->nit;) {
        item *it = &x->it[i];
        switch (it->kind) {
        case IT_JUNK: {
            char *u = bm_us_utf8(x->tmp, &it->text);
            bm_diags_add(&x->ed->diags, BM_WARNING, x->file, it->line, 0,
                         "dropped '%s': a line with no letters, digits or "
                         "Han characters",
                         u ? u : "");
            i++;
            break;
        }
        case IT_SHORT:
        case IT_BYLINE: {
            size_t j = i;
            while (j < x->nit && (x->it[j].kind == IT_SHORT ||
                                  x->it[j].kind == IT_BYLINE ||
                                  x->it[j].kind == IT_JUNK))
                j++;
            /* a byline line closes a story's heading: short lines after
               it, before the body, are the body's first printed lines */
            for (size_t k = i; k + 1 < j; k++)
                if (x->it[k].kind == IT_BYLINE && j < x->nit &&
                    x->it[j].kind == IT_BODY && k > i) {
                    int all_short = 1;
                    for (size_t m = k + 1; m < j; m++)
                        all_short &= x->it[m].kind == IT_SHORT &&
                                     !bm_dump_starts_dash(&x->it[m].text);
                    if (all_short && j - k - 1 == 1) {
                        j = k + 1;
                        break;
                    }
                }
            /* the last line of a heading run that goes on into the body
               (a comma of running text, a word across the junction) is
               the body's first printed line, not the headline */
            if (j - i >= 3 && j < x->nit && x->it[j].kind == IT_BODY &&
                x->it[j - 1].kind == IT_SHORT &&
                (sentence_comma(&x->it[j - 1].text) ||
                 unclosed(&x->it[j - 1].text) ||
                 bm_dump_in_word(x, &x->it[j - 1].text, &x->it[j].text) == 1))
                j--;
            /* junk inside a run: report it, keep the run */
            size_t nrun = 0;
            for (size_t k = i; k < j; k++)
                nrun += x->it[k].kind != IT_JUNK;
            item *next = j < x->nit ? &x->it[j] : NULL;
            int next_body = next && next->kind == IT_BODY;
            int next_byline = next_body &&
                              (bm_dump_byline_len(&next->text) > 0 ||
                               bm_dump_cut_byline_len(&next->text) > 0);
            inline_role r = R_HEADLINE;
            if (nrun == 1 && it->kind == IT_SHORT && cur && !ended &&
                next_body && !next_byline && !bm_dump_starts_dash(&it->text))
                r = inline_role_of(x, cur, &it->text, &next->text);
            /* a second byline-shaped line in a story that has one: a
               subheading such as 记者手记 */
            if (nrun == 1 && it->kind == IT_BYLINE && cur && !ended &&
                next_body && !next_byline && cur->nu > 0 &&
                has_byline(x, cur) && bm_us_find(&it->text, " ", 0) < 0 &&
                !bm_dump_byline_len(&it->text))
                r = R_SUBHEADING;
            if (r == R_SUBHEADING) {
                unit *u = add_unit(x, cur, U_SUB, it->line);
                u->text = it->text;
                i = j;
                break;
            }
            /* a run of heading-like lines inside a story that runs on
               under its byline, with no byline, section label or dash
               subhead of its own: not a new story (it would have none);
               each line is read on its own (a subheading and a one-line
               paragraph such as 老街要改,怎么改?) */
            if (nrun > 1 && cur && !ended && next_body && !next_byline &&
                has_byline(x, cur) && plain_run(x, x->it + i, j - i,
                                                &next->text)) {
                for (size_t k = i; k < j; k++) {
                    item *l = &x->it[k];
                    if (l->kind == IT_JUNK)
                        continue;
                    const bm_ustr *nt = k + 1 < j ? &x->it[k + 1].text
                                                  : &next->text;
                    inline_role rk = inline_role_of(x, cur, &l->text, nt);
                    unit *u = add_unit(x, cur, rk == R_SUBHEADING ? U_SUB
                                                                  : U_PARA,
                                       l->line);
                    if (rk == R_SUBHEADING) {
                        u->text = l->text;
                    } else {
                        bm_dump_split_pieces(x->tmp, &l->text, u);
                        u->last_nch = u->nch;
                    }
                }
                i = j;
                break;
            }
            /* several subheadings in a row (sections left empty): each
               shaped like one the story already has */
            if (nrun > 1 && cur && !ended && next_body && !next_byline &&
                has_byline(x, cur) && run_of_subheadings(cur, x->it + i,
                                                          j - i)) {
                for (size_t k = i; k < j; k++) {
                    if (x->it[k].kind == IT_JUNK)
                        continue;
                    unit *u = add_unit(x, cur, U_SUB, x->it[k].line);
                    u->text = x->it[k].text;
                }
                i = j;
                break;
            }
            if (r == R_FRAGMENT) {  /* a body line cut by a column end */
                unit *u = add_unit(x, cur, U_PARA, it->line);
                bm_dump_split_pieces(x->tmp, &it->text, u);
                u->last_nch = u->nch;
                i = j;
                break;
            }
            if (nrun == 1 && it->kind == IT_BYLINE && cur && !cur->byline.n &&
                cur->nu == 0) {
                cur->byline = it->text;
                i = j;
                break;
            }
            for (size_t k = i; k < j; k++)
                if (x->it[k].kind == IT_JUNK) {
                    char *u = bm_us_utf8(x->tmp, &x->it[k].text);
                    bm_diags_add(&x->ed->diags, BM_WARNING, x->file,
                                 x->it[k].line, 0,
                                 "dropped '%s': a line with no letters, "
                                 "digits or Han characters", u ? u : "");
                    x->it[k].kind = IT_SHORT, x->it[k].text.n = 0;
                }
            size_t k2 = i, o = i;
            for (; k2 < j; k2++)          /* drop emptied junk from the run */
                if (x->it[k2].text.n)
                    x->it[o++] = x->it[k2];
            cur = header(x, i, o);
            ended = 0;
            i = j;
            break;
        }
        case IT_BODY: {
            size_t tl = 0;
            if (it->credit.n && (!cur || ended))
                tl = photo_title_len(x, &it->text);
            int has_bl = bm_dump_byline_len(&it->text) > 0;
            if (tl) {
                cur = new_draft(x, it->line);
                cur->headline = bm_us_sub(x->tmp, &it->text, 0, tl);
                cur->photo_line = 1;
                bm_ustr rest = bm_us_sub(x->tmp, &it->text, tl, it->text.n);
                bm_us_trim(&rest);
                it->text = rest;
            } else if (!cur || (has_bl && cur->byline.n && cur->nu > 0)) {
                cur = new_draft(x, it->line);
            }
            if (cur->nu && caption_block(x, i)) {
                unit *u = add_unit(x, cur, U_CAPTION, it->line);
                u->text = it->text;
                u->code = it->code;
                u->own_code = 1;
                i++;
                break;
            }
            unit *u = add_unit(x, cur, U_PARA, it->line);
            u->code = it->code;
            bm_dump_split_pieces(x->tmp, &it->text, u);
            u->last_nch = u->nch;
            if (it->credit.n) {
                unit *c = add_unit(x, cur, U_CREDIT, it->line);
                c->text = it->credit;
            }
            ended = it->code.n > 0;
            i++;
            break;
        }
        case IT_CAPTION:
        case IT_CREDIT:
        case IT_NOTE: {
            if (!cur)
                cur = new_draft(x, it->line);
            unit *u = add_unit(x, cur, it->kind == IT_CAPTION  ? U_CAPTION
                                       : it->kind == IT_CREDIT ? U_CREDIT
                                                               : U_NOTE,
                               it->line);
            u->text = it->text;
            u->code = it->code;
            if (it->credit.n) {
                unit *c = add_unit(x, cur, U_CREDIT, it->line);
                c->text = it->credit;
            }
            i++;
            break;
        }
        }
    }
}

