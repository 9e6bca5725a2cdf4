/*
 * dump.c - the page-dump importer: plain text extracted from a printed
 * newspaper page -> one page of articles in the model.
 *
 * The model of the input.  A dump is a list of lines; each non-blank line
 * is an "item": a heading-like short line (section label, kicker, headline,
 * subhead, in-article subheading), a body block (one printed column block
 * of a paragraph, often starting with the 本报讯(…) byline), a caption
 * (图为…), a credit (… 摄) or junk.  An article starts at a run of short
 * lines that is followed by body text; the run reads, from the bottom up,
 * headline, kicker, then section labels (a kicker printed below a short
 * headline is swapped back).
 *
 * Two kinds of pages.  Some extractors print each printed column line as a
 * space-separated piece ("width evidence"): the first line of a paragraph
 * is indented by two characters, so a block whose first piece is as wide as
 * a full column line continues the paragraph of the block before it, and a
 * block whose first piece is short opens a new one.  Without that evidence
 * a block that does not end a sentence is glued to the next one.  On
 * width-evidence pages two more repairs are safe: the printed line carrying
 * the editor code (③5) belongs at the end of its article and the line
 * carrying the byline at its start, wherever extraction put them.
 *
 * Rejected: guessing paragraph ends from sentence semantics or from a list
 * of words of one paper; the rules here use only shapes (widths, marks,
 * line kinds), so they hold for pages nobody has seen.
 *
 * Nothing is lost: every character of the input ends up in a field of the
 * model unless a warning (file:line) names it.
 */
#include "ingest_private.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>

/* ---- items ----------------------------------------------------------------- */

typedef enum item_kind {
    IT_JUNK,      /* no letter, digit or Han character */
    IT_SHORT,     /* heading-like line */
    IT_BODY,      /* body text */
    IT_BYLINE,    /* a line holding only a byline (记者 … / 本报讯(…)) */
    IT_CAPTION,   /* 图为… */
    IT_CREDIT,    /* … 摄, 摄影报道, 文/图 */
    IT_NOTE       /* a bracketed credit note: （图片由…提供） */
} item_kind;

typedef struct item {
    item_kind kind;
    int       line;
    bm_ustr   text;        /* spaces collapsed to one ' ', trimmed */
    bm_ustr   credit;      /* a credit found at the end of a body line */
    bm_ustr   code;        /* the editor code cut from the end */
} item;

typedef enum unit_kind { U_PARA, U_SUB, U_CAPTION, U_CREDIT, U_NOTE } unit_kind;

/* A piece of an article's body in reading order. */
typedef struct unit {
    unit_kind kind;
    int       line;
    bm_ustr  *ch;          /* the printed-line pieces (U_PARA) */
    size_t    nch, capch;
    bm_ustr   text;        /* U_SUB, U_CAPTION, U_CREDIT */
    bm_ustr   code;        /* editor code cut from this unit */
    size_t    last_nch;    /* pieces of the last block glued on */
    int       nblocks;     /* dump blocks that make up this paragraph */
    int       has_byline;  /* started with a byline (cut off) */
} unit;

typedef struct draft {
    int       line;
    bm_ustr   kicker, headline, subhead, byline;
    int       photo_line;  /* headline cut from the front of a photo text */
    size_t    sec_first;   /* the section labels over this article: */
    size_t    sec_n;       /* pg->sections[sec_first .. +sec_n) */
    unit     *u;
    size_t    nu, capu;
} draft;

typedef struct ctx {
    bm_arena   *tmp;
    bm_edition *ed;
    const char *file;       /* arena copy of the name */
    item       *it;
    size_t      nit, capit;
    draft      *dr;
    size_t      ndr, capdr;
    int         spaced;     /* the page has width evidence */
    int         page_full;  /* page-wide full line width (half-ems) */
    bm_page    *pg;
    UBreakIterator *words;  /* ICU word breaker (zh); NULL if unavailable */
} ctx;

static void *vgrow(bm_arena *a, void *arr, size_t n, size_t *cap, size_t elem)
{
    if (n < *cap)
        return arr;
    size_t nc = *cap ? *cap * 2 : 16;
    void *p = bm_arena_grow(a, arr, n * elem, nc * elem);
    *cap = nc;
    return p;
}

/* ---- reading and checking bytes ------------------------------------------ */

/* 1-based line and column (in characters) of byte offset `off`. */
static void locate(const char *data, size_t off, int *line, int *col)
{
    int l = 1, c = 1;
    for (size_t i = 0; i < off; i++) {
        if (data[i] == '\n') {
            l++;
            c = 1;
        } else if (((unsigned char)data[i] & 0xC0) != 0x80) {
            c++;
        }
    }
    *line = l;
    *col = c;
}

static bm_status check_bytes(const char *name, const char *data, size_t len,
                             size_t *start, bm_error *err)
{
    const unsigned char *u = (const unsigned char *)data;
    *start = 0;
    if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) ||
                     (u[0] == 0xFE && u[1] == 0xFF)))
        return bm_error_set(err, BM_INPUT, name, 1, 1,
                            "the file is UTF-16; page dumps must be UTF-8 "
                            "(convert with: iconv -f UTF-16 -t UTF-8)");
    if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
        *start = 3;                          /* UTF-8 byte-order mark */
    const char *nul = memchr(data, '\0', len);
    if (nul) {
        int line, col;
        size_t off = (size_t)(nul - data);
        locate(data, off, &line, &col);
        int utf16 = len >= 4 && (u[0] == 0 || u[1] == 0) &&
                    (u[2] == 0 || u[3] == 0);
        return bm_error_set(err, BM_INPUT, name, line, col,
                            utf16 ? "NUL bytes: the file looks like UTF-16; "
                                    "page dumps must be UTF-8 (convert with "
                                    "iconv -t UTF-8)"
                                  : "NUL byte at byte %zu: this is not a text "
                                    "file; page dumps must be UTF-8 text",
                            off);
    }
    size_t bad = bm_utf8_check(data + *start, len - *start);
    if (bad < len - *start) {
        int line, col;
        locate(data, *start + bad, &line, &col);
        return bm_error_set(err, BM_INPUT, name, line, col,
                            "invalid UTF-8 (byte 0x%02X); page dumps must be "
                            "UTF-8 (convert with iconv -t UTF-8)",
                            u[*start + bad]);
    }
    return BM_OK;
}

/* ---- classifying lines ---------------------------------------------------- */

static size_t nonspace(const bm_ustr *s)
{
    size_t k = 0;
    for (size_t i = 0; i < s->n; i++)
        k += !bm_ch_space(s->c[i]);
    return k;
}

static int has_text(const bm_ustr *s)
{
    for (size_t i = 0; i < s->n; i++)
        if (bm_ch_han(s->c[i]) || bm_ch_alnum(s->c[i]))
            return 1;
    return 0;
}

static int is_final(uint32_t c)
{
    return c == 0x3002 || c == '!' || c == '?' || c == 0xFF01 ||
           c == 0xFF1F || c == 0x2026 || c == 0xFF0E;
}

static int is_closer(uint32_t c)
{
    return c == '"' || c == 0x201D || c == 0x2019 || c == ')' ||
           c == 0xFF09 || c == 0x300D || c == 0x300F || c == 0x300B;
}

/* Does the text end a sentence (。！？… possibly inside a closing mark)? */
static int ends_sentence(const bm_ustr *s)
{
    size_t n = s->n;
    while (n > 0 && bm_ch_space(s->c[n - 1]))
        n--;
    if (n == 0)
        return 0;
    if (is_closer(s->c[n - 1]) && n >= 2 && is_final(s->c[n - 2]))
        return 1;
    return is_final(s->c[n - 1]);
}

static size_t count_cp(const bm_ustr *s, uint32_t a, uint32_t b)
{
    size_t k = 0;
    for (size_t i = 0; i < s->n; i++)
        k += s->c[i] == a || s->c[i] == b;
    return k;
}

static const char *const roles[] = {
    "本报记者", "特约记者", "见习记者", "实习记者", "记者", "通讯员",
    "实习生", "本报通讯员", "特约通讯员", NULL};

static int starts_role(const bm_ustr *s)
{
    bm_ustr t = *s;
    while (t.n && (t.c[0] == 0x25A1 || t.c[0] == 0x25A0 || t.c[0] == ' '))
        t.c++, t.ln++, t.n--;         /* □ 本报记者 … */
    for (int i = 0; roles[i]; i++)
        if (bm_us_starts(&t, roles[i]))
            return 1;
    return 0;
}

static int starts_dash(const bm_ustr *s)
{
    return bm_us_starts(s, "——") || bm_us_starts(s, "--") ||
           bm_us_starts(s, "－－") || bm_us_starts(s, "―");
}

static int credit_like(const bm_ustr *s)
{
    return bm_us_ends(s, "摄") || bm_us_ends(s, "摄影报道") ||
           bm_us_find(s, "文/图", 0) >= 0 || bm_us_find(s, "文／图", 0) >= 0 ||
           bm_us_ends(s, "供图");
}

/*
 * Length in code points of a byline prefix at the start of s: a dateline
 * of up to 20 characters ending in 讯 or 电 (本报讯, 新华社北京5月3日电)
 * followed by an optional space and a bracketed list of names.  0 if none.
 */
static size_t byline_len(const bm_ustr *s)
{
    size_t i = 0;
    while (i < s->n && i < 20 && (bm_ch_han(s->c[i]) || bm_ch_digit(s->c[i])))
        i++;
    if (i < 2 || (s->c[i - 1] != 0x8BAF /* 讯 */ && s->c[i - 1] != 0x7535 /* 电 */))
        return 0;
    size_t j = i;
    while (j < s->n && bm_ch_space(s->c[j]))
        j++;
    if (j >= s->n || (s->c[j] != '(' && s->c[j] != 0xFF08))
        return bm_us_starts(s, "本报") ? i : 0;   /* 本报讯 without names */
    for (size_t k = j + 1; k < s->n && k < j + 48; k++) {
        if (s->c[k] == ')' || s->c[k] == 0xFF09)
            return k + 1;
        if (s->c[k] == '(' || s->c[k] == 0x3002 || s->c[k] == 0xFF08)
            break;
    }
    return i;
}

/*
 * The tail of a dump that starts inside a byline: up to 12 characters of
 * names (Han and spaces) and a closing bracket, e.g. "李明)".  0 if none.
 */
static size_t cut_byline_len(const bm_ustr *s)
{
    for (size_t k = 0; k < s->n && k < 14; k++) {
        uint32_t c = s->c[k];
        if (c == ')' || c == 0xFF09)
            return k >= 2 ? k + 1 : 0;
        if (!bm_ch_han(c) && !bm_ch_space(c))
            return 0;
    }
    return 0;
}

/* Cuts an editor code (①-⑳ followed by 1-3 digits) off the end of s. */
static void cut_code(bm_arena *a, bm_ustr *s, bm_ustr *code)
{
    bm_us_trim(s);
    size_t n = s->n, d = 0;
    while (n > 0 && d < 3 && bm_ch_digit(s->c[n - 1]))
        n--, d++;
    if (d && n >= 2 && s->c[n - 1] == ' ' && bm_ch_circled(s->c[n - 2])) {
        /* "③ 5": a printed line end inside the code */
        memmove(s->c + n - 1, s->c + n, d * sizeof *s->c);
        memmove(s->ln + n - 1, s->ln + n, d * sizeof *s->ln);
        s->n--;
        n--;
    }
    if (d == 0 || n == 0 || !bm_ch_circled(s->c[n - 1]))
        return;
    *code = bm_us_sub(a, s, n - 1, s->n);
    s->n = n - 1;
    bm_us_trim(s);
}

/*
 * A credit at the end of a body line (…召开。③5 记者 王芳 摄): the text
 * after the last sentence end or editor code, if it is short, has no
 * punctuation and ends in 摄 / 摄影报道.
 */
static void cut_credit(bm_arena *a, bm_ustr *s, bm_ustr *credit)
{
    if (!bm_us_ends(s, "摄") && !bm_us_ends(s, "摄影报道"))
        return;
    size_t k = s->n;
    while (k > 0) {
        uint32_t c = s->c[k - 1];
        if (is_final(c) || bm_ch_digit(c) || bm_ch_circled(c) ||
            is_closer(c))
            break;
        if (bm_ch_standin(c) || bm_ch_cjk_punct(c))
            return;
        k--;
    }
    if (k == 0 || s->n - k > 24)
        return;
    bm_ustr t = bm_us_sub(a, s, k, s->n);
    bm_us_trim(&t);
    if (nonspace(&t) < 2)
        return;
    *credit = t;
    s->n = k;
    bm_us_trim(s);
}

/* A whole line in brackets about pictures or sources: （本版图片由…提供） */
static int note_like(const bm_ustr *s)
{
    if (s->n < 4 || (s->c[0] != '(' && s->c[0] != 0xFF08) ||
        (s->c[s->n - 1] != ')' && s->c[s->n - 1] != 0xFF09))
        return 0;
    return bm_us_find(s, "图", 0) >= 0 || bm_us_find(s, "摄", 0) >= 0 ||
           bm_us_find(s, "提供", 0) >= 0 || bm_us_find(s, "供稿", 0) >= 0 ||
           bm_us_find(s, "整理", 0) >= 0 || bm_us_find(s, "来源", 0) >= 0;
}

static int is_short(const bm_ustr *s)
{
    size_t n = nonspace(s);
    if (starts_dash(s))
        return n <= 60 && count_cp(s, 0x3002, 0x3002) == 0;
    if (n > 32 || count_cp(s, 0x3002, 0x3002))
        return 0;
    if (count_cp(s, ';', 0xFF1B))
        return 0;
    size_t commas = count_cp(s, ',', 0xFF0C);
    if (commas > 1 || (commas == 1 && n > 24))
        return 0;
    if (bm_us_ends(s, ":") || bm_us_ends(s, "："))
        return 0;
    return 1;
}

static void classify(ctx *x, item *it)
{
    bm_ustr *s = &it->text;
    if (!has_text(s)) {
        it->kind = IT_JUNK;
        return;
    }
    size_t n = nonspace(s);
    if (bm_us_starts(s, "图为") || bm_us_starts(s, "上图为") ||
        bm_us_starts(s, "下图为") || bm_us_starts(s, "图:") ||
        bm_us_starts(s, "图：")) {
        it->kind = IT_CAPTION;
        cut_credit(x->tmp, s, &it->credit);
        cut_code(x->tmp, s, &it->code);
        return;
    }
    if (n <= 40 && note_like(s)) {
        it->kind = IT_NOTE;
        return;
    }
    if (n <= 30 && credit_like(s) && !count_cp(s, 0x3002, ',')) {
        it->kind = IT_CREDIT;
        return;
    }
    size_t bl = byline_len(s);
    if (bl && bl >= s->n - (s->n > bl && bm_ch_space(s->c[bl]) ? 1 : 0)) {
        it->kind = IT_BYLINE;
        return;
    }
    if (!bl && n <= 30 && starts_role(s) && !count_cp(s, 0x3002, ',') &&
        !count_cp(s, 0xFF0C, 0xFF0C)) {
        it->kind = IT_BYLINE;
        return;
    }
    if (!bl && is_short(s)) {
        it->kind = IT_SHORT;
        return;
    }
    it->kind = IT_BODY;
    cut_credit(x->tmp, s, &it->credit);
    cut_code(x->tmp, s, &it->code);
}

/* ---- widths ------------------------------------------------------------------ */

static long han_count_us(const bm_ustr *s)
{
    long k = 0;
    for (size_t i = 0; i < s->n; i++)
        k += bm_ch_han(s->c[i]);
    return k;
}

/* Printed width in half-ems: wide characters 2, ASCII and " 1. */
static int width(const bm_ustr *s)
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

/* Splits s at its spaces into the printed-line pieces. */
static void split_pieces(bm_arena *a, const bm_ustr *s, unit *u)
{
    size_t i = 0;
    while (i < s->n) {
        while (i < s->n && bm_ch_space(s->c[i]))
            i++;
        size_t j = i;
        while (j < s->n && !bm_ch_space(s->c[j]))
            j++;
        if (j > i) {
            u->ch = vgrow(a, u->ch, u->nch, &u->capch, sizeof *u->ch);
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
static int full_width(bm_arena *a, unit *const *us, size_t nus, size_t min)
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
            w[m++] = width(&us[k]->ch[i]);
    qsort(w, m, sizeof *w, cmp_int);
    return w[(m * 3) / 4];
}

/* Width of the first real piece of a block (a lone junk mark is skipped). */
static int first_width(const unit *u)
{
    for (size_t i = 0; i < u->nch && i < 2; i++)
        if (has_text(&u->ch[i]))
            return width(&u->ch[i]);
    return u->nch ? width(&u->ch[0]) : 0;
}

/* Do these blocks show printed line ends (many spaces in Chinese text)? */
static int pieces_spaced(unit *const *us, size_t n)
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

/* ---- building drafts ---------------------------------------------------------- */

static unit *add_unit(ctx *x, draft *d, unit_kind k, int line)
{
    d->u = vgrow(x->tmp, d->u, d->nu, &d->capu, sizeof *d->u);
    unit *u = &d->u[d->nu++];
    memset(u, 0, sizeof *u);
    u->kind = k;
    u->line = line;
    u->nblocks = 1;
    return u;
}

static draft *new_draft(ctx *x, int line)
{
    x->dr = vgrow(x->tmp, x->dr, x->ndr, &x->capdr, sizeof *x->dr);
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
    if (nonspace(s) > 8)
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
        if (starts_dash(&it->text) && n > 0 && !subhead.n) {
            subhead = it->text;
            continue;
        }
        lines[n] = it->line;
        ln[n++] = &it->text;
    }
    draft *d = new_draft(x, n ? lines[0] : x->it[a].line);
    d->byline = byline;
    d->subhead = subhead;
    if (n == 0)
        return d;
    size_t h = n - 1, k = n;      /* headline and kicker index (k=n: none) */
    if (n >= 2 && nonspace(ln[n - 1]) <= 6 && nonspace(ln[n - 2]) >= 8 &&
        nonspace(ln[n - 2]) >= 2 * nonspace(ln[n - 1]) &&
        unit_like(ln[n - 1])) {
        h = n - 2;                /* a unit label printed under the headline */
        k = n - 1;
    } else if (n >= 2) {
        k = n - 2;
    }
    size_t first_other = h < k ? h : k;   /* lines above these are sections */
    if (k == n - 2 && n == 2 && section_like(ln[0]))
        k = n, first_other = 1;
    d->sec_first = x->pg->nsections;
    for (size_t i = 0; i < first_other && i < n; i++)
        add_section(x, ln[i]);
    d->sec_n = x->pg->nsections - d->sec_first;
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
static size_t photo_title_len(const bm_ustr *s)
{
    size_t i = 0, pieces = 0, last_end = 0;
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
        pieces++;
        last_end = j;
        i = j + 1;
    }
    if (!pieces || last_end >= s->n || last_end > 24)
        return 0;
    return last_end;
}

/*
 * An in-article subheading is short (a unit name like 高新区), or has two
 * halves or marks (补贴"真金白银" 换车"划算不少").  A longer run of bare
 * text is the start of a paragraph that a column end cut off.
 */
static int subheading_shape(const bm_ustr *s)
{
    if (nonspace(s) < 9)
        return 1;
    for (size_t i = 0; i < s->n; i++)
        if (!bm_ch_han(s->c[i]) && !bm_ch_alnum(s->c[i]))
            return 1;
    return 0;
}

static void walk(ctx *x)
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
            /* junk inside a run: report it, keep the run */
            size_t nrun = 0;
            for (size_t k = i; k < j; k++)
                nrun += x->it[k].kind != IT_JUNK;
            item *next = j < x->nit ? &x->it[j] : NULL;
            int next_body = next && next->kind == IT_BODY;
            int next_byline = next_body && byline_len(&next->text) > 0;
            if (nrun == 1 && it->kind == IT_SHORT && cur && !ended &&
                next_body && !next_byline && !starts_dash(&it->text)) {
                if (subheading_shape(&it->text)) {
                    unit *u = add_unit(x, cur, U_SUB, it->line);
                    u->text = it->text;
                } else {          /* a body line cut short by a column end */
                    unit *u = add_unit(x, cur, U_PARA, it->line);
                    split_pieces(x->tmp, &it->text, u);
                    u->last_nch = u->nch;
                }
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
                tl = photo_title_len(&it->text);
            int has_bl = byline_len(&it->text) > 0;
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
            unit *u = add_unit(x, cur, U_PARA, it->line);
            u->code = it->code;
            split_pieces(x->tmp, &it->text, u);
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

/* ---- finishing an article -------------------------------------------------- */

static void glue(bm_arena *a, unit *dst, const unit *src)
{
    /* the last piece of dst and the first of src are one printed line */
    size_t from = 0;
    if (dst->nch && src->nch) {
        bm_us_append(a, &dst->ch[dst->nch - 1], &src->ch[0]);
        from = 1;
    }
    for (size_t i = from; i < src->nch; i++) {
        dst->ch = vgrow(a, dst->ch, dst->nch, &dst->capch, sizeof *dst->ch);
        dst->ch[dst->nch++] = src->ch[i];
    }
    dst->last_nch = src->nch;
    dst->nblocks += src->nblocks;
    if (src->code.n)
        dst->code = src->code;
}

/* Pieces joined by single spaces (cleaned up later). */
static bm_ustr unit_text(bm_arena *a, const unit *u)
{
    bm_ustr t = {0};
    for (size_t i = 0; i < u->nch; i++) {
        if (i)
            bm_us_push(a, &t, ' ', u->ch[i].n ? u->ch[i].ln[0] : u->line);
        bm_us_append(a, &t, &u->ch[i]);
    }
    return t;
}

/*
 * Cuts a byline prefix off the para unit u (in its text with spaces) and
 * returns it; the pieces of u are rebuilt from what is left.
 */
static bm_ustr take_byline(ctx *x, unit *u, int cut_ok)
{
    bm_ustr t = unit_text(x->tmp, u), bl = {0};
    size_t n = byline_len(&t);
    if (!n && cut_ok)
        n = cut_byline_len(&t);
    if (!n)
        return bl;
    bl = bm_us_sub(x->tmp, &t, 0, n);
    bm_ustr rest = bm_us_sub(x->tmp, &t, n, t.n);
    u->nch = 0;
    split_pieces(x->tmp, &rest, u);
    u->last_nch = u->nch;
    u->has_byline = 1;
    return bl;
}

/*
 * In a byline, a space between a two-character name part and one more Han
 * character is a line end inside one name (张小 明 -> 张小明); two-character
 * names padded to three (王 芳) and role words (记者 王芳) keep theirs.
 */
static void drop_at(bm_ustr *s, size_t i)
{
    memmove(s->c + i, s->c + i + 1, (s->n - i - 1) * sizeof *s->c);
    memmove(s->ln + i, s->ln + i + 1, (s->n - i - 1) * sizeof *s->ln);
    s->n--;
}

static int han_run(const bm_ustr *s, size_t from, int dir)
{
    int k = 0;
    for (long i = (long)from; i >= 0 && (size_t)i < s->n && bm_ch_han(s->c[i]);
         i += dir)
        k++;
    return k;
}

static void fix_byline_names(bm_ustr *s)
{
    /* a line end inside a role word: 通 讯员, 记 者 */
    static const char *const words[] = {"通讯员", "记者", "实习生",
                                        "特约记者", "本报记者", NULL};
    for (int w = 0; words[w]; w++) {
        uint32_t nd[8];
        size_t nn = 0;
        const char *p = words[w];
        size_t len = strlen(p), o = 0;
        while (o < len && nn < 8) {
            int k = bm_utf8_decode(p + o, len - o, &nd[nn]);
            o += (size_t)k;
            nn++;
        }
        for (size_t i = 0; i + nn < s->n; i++) {
            for (size_t cut = 1; cut < nn; cut++) {
                int ok = s->c[i + cut] == ' ';
                for (size_t q = 0; ok && q < nn; q++)
                    ok = s->c[i + q + (q >= cut)] == nd[q];
                if (ok) {
                    drop_at(s, i + cut);
                    break;
                }
            }
        }
    }
    for (size_t i = 2; i + 1 < s->n; i++) {
        if (s->c[i] != ' ' || !bm_ch_han(s->c[i - 1]) ||
            !bm_ch_han(s->c[i - 2]) || !bm_ch_han(s->c[i + 1]))
            continue;
        if (i >= 3 && bm_ch_han(s->c[i - 3]))
            continue;                              /* 3+ characters before */
        if (i + 2 < s->n && bm_ch_han(s->c[i + 2]))
            continue;                              /* 2+ characters after */
        uint32_t e = s->c[i - 1];
        if (e == 0x8005 /* 者 */ || e == 0x5458 /* 员 */ ||
            e == 0x751F /* 生 */ || e == 0x8F91 /* 辑 */)
            continue;
        memmove(s->c + i, s->c + i + 1, (s->n - i - 1) * sizeof *s->c);
        memmove(s->ln + i, s->ln + i + 1, (s->n - i - 1) * sizeof *s->ln);
        s->n--;
    }
    /* a three-character name cut 1+2 (王 小明); 1+1 is a padded name */
    for (size_t i = 1; i + 2 < s->n; i++) {
        if (s->c[i] != ' ' || !bm_ch_han(s->c[i - 1]))
            continue;
        if (han_run(s, i - 1, -1) == 1 && han_run(s, i + 1, 1) == 2) {
            uint32_t e = s->c[i + 2];
            if (e != 0x8005 && e != 0x5458 && e != 0x751F)
                drop_at(s, i);
        }
    }
}

static const char *field(ctx *x, bm_ustr s, int body)
{
    bm_us_trim(&s);
    if (!s.n)
        return NULL;
    if (body)
        bm_dump_fix_spaces(&s);
    bm_dump_fix_punct(&s);
    return bm_us_utf8(x->ed->arena, &s);
}

static int han_total(const bm_ustr *s)
{
    int k = 0;
    for (size_t i = 0; i < s->n; i++)
        k += bm_ch_han(s->c[i]);
    return k;
}

/*
 * Does the junction between the end of p and the start of q fall inside a
 * word of ICU's Chinese dictionary?  1 yes, 0 no (a word boundary), -1
 * unknown (not Han on both sides, or no breaker).
 */
static int in_word(ctx *x, const bm_ustr *p, const bm_ustr *q)
{
    if (!x->words || !p->n || !q->n || !bm_ch_han(p->c[p->n - 1]) ||
        !bm_ch_han(q->c[0]))
        return -1;
    UChar buf[32];
    int32_t n = 0;
    size_t from = p->n > 5 ? p->n - 5 : 0;
    for (size_t i = from; i < p->n; i++) {
        if (!bm_ch_han(p->c[i])) {
            n = 0;
            continue;
        }
        if (p->c[i] >= 0x10000) {
            buf[n++] = (UChar)(0xD800 + ((p->c[i] - 0x10000) >> 10));
            buf[n++] = (UChar)(0xDC00 + ((p->c[i] - 0x10000) & 0x3FF));
        } else {
            buf[n++] = (UChar)p->c[i];
        }
    }
    int32_t junction = n;
    for (size_t i = 0; i < q->n && i < 5 && bm_ch_han(q->c[i]); i++) {
        if (q->c[i] >= 0x10000) {
            buf[n++] = (UChar)(0xD800 + ((q->c[i] - 0x10000) >> 10));
            buf[n++] = (UChar)(0xDC00 + ((q->c[i] - 0x10000) & 0x3FF));
        } else {
            buf[n++] = (UChar)q->c[i];
        }
    }
    UErrorCode st = U_ZERO_ERROR;
    ubrk_setText(x->words, buf, n, &st);
    if (U_FAILURE(st))
        return -1;
    return ubrk_isBoundary(x->words, junction) ? 0 : 1;
}

/*
 * Puts back a printed line that extraction dropped into the wrong place.
 * A full line X sitting between A and B is foreign when A|B reads as one
 * word while A|X and X|B do not; it goes to the one junction P|Q of the
 * article that is a word boundary and where P|X or X|Q becomes a word
 * (most such words wins; a tie moves nothing).  Whole-word evidence from
 * the ICU dictionary on both ends keeps this from firing on ordinary
 * line ends.
 */
static void reorder_lines(ctx *x, unit **paras, size_t np, int full)
{
    for (size_t k = 0; k < np; k++) {
        unit *u = paras[k];
        for (size_t i = 1; i + 1 < u->nch; i++) {
            bm_ustr *A = &u->ch[i - 1], *X = &u->ch[i], *B = &u->ch[i + 1];
            if (full - width(X) >= 3 || in_word(x, A, B) != 1 ||
                in_word(x, A, X) != 0 || in_word(x, X, B) != 0)
                continue;
            int best = 0, nbest = 0;
            size_t bv = 0, bj = 0;
            for (size_t v = 0; v < np; v++) {
                unit *w = paras[v];
                for (size_t j = 1; j < w->nch; j++) {
                    if (w == u && (j == i || j == i + 1))
                        continue;
                    bm_ustr *P = &w->ch[j - 1], *Q = &w->ch[j];
                    if (in_word(x, P, Q) != 0)
                        continue;
                    int sc = (in_word(x, P, X) == 1) + (in_word(x, X, Q) == 1);
                    if (sc > best) {
                        best = sc, nbest = 1, bv = v, bj = j;
                    } else if (sc == best && sc > 0) {
                        nbest++;
                    }
                }
            }
            if (!best || nbest != 1)
                continue;
            bm_ustr moved = *X;
            memmove(u->ch + i, u->ch + i + 1, (u->nch - i - 1) * sizeof *u->ch);
            u->nch--;
            unit *w = paras[bv];
            if (w == u && bj > i)
                bj--;
            w->ch = vgrow(x->tmp, w->ch, w->nch, &w->capch, sizeof *w->ch);
            memmove(w->ch + bj + 1, w->ch + bj, (w->nch - bj) * sizeof *w->ch);
            w->ch[bj] = moved;
            w->nch++;
            w->last_nch = w->nch;
            u->last_nch = u->nch;
            i = 0;                 /* the unit changed: look again */
        }
    }
}

static void finish(ctx *x, draft *d, int index)
{
    bm_arena *a = x->tmp;
    bm_diags *dg = &x->ed->diags;
    unit **paras = bm_arena_alloc(a, (d->nu + 1) * sizeof *paras);
    size_t np = 0;
    for (size_t i = 0; i < d->nu; i++)
        if (d->u[i].kind == U_PARA)
            paras[np++] = &d->u[i];
    /* width evidence is per article: a page may mix both kinds */
    int spaced = x->spaced && pieces_spaced(paras, np);
    int full = spaced ? full_width(a, paras, np, 5) : 0;
    if (spaced && !full)
        full = x->page_full;

    /* byline: at the start of the first block, or (moved) later */
    if (np && !d->byline.n)
        d->byline = take_byline(x, paras[0], !d->photo_line);
    if (np && !d->byline.n) {
        for (size_t k = 1; k < np; k++) {
            if (!byline_len(&paras[k]->ch[0]) && !(paras[k]->nch &&
                bm_us_starts(&paras[k]->ch[0], "本报")))
                continue;
            bm_ustr bl = take_byline(x, paras[k], 0);
            if (!bl.n)
                continue;
            d->byline = bl;
            if (spaced && paras[k]->nch) {
                /* the rest of the byline's printed line opens the article */
                bm_ustr head = paras[k]->ch[0];
                memmove(paras[k]->ch, paras[k]->ch + 1,
                        (paras[k]->nch - 1) * sizeof *paras[k]->ch);
                paras[k]->nch--;
                paras[k]->last_nch = paras[k]->nch;
                if (paras[0]->nch) {
                    bm_ustr g = {0};
                    bm_us_append(a, &g, &head);
                    bm_us_append(a, &g, &paras[0]->ch[0]);
                    paras[0]->ch[0] = g;
                } else {
                    paras[0]->ch = vgrow(a, paras[0]->ch, 0, &paras[0]->capch,
                                         sizeof *paras[0]->ch);
                    paras[0]->ch[paras[0]->nch++] = head;
                }
            }
            break;
        }
    }
    if (d->byline.n)
        fix_byline_names(&d->byline);

    /* editor codes: the article's is the body's; a code line in the middle
       of the article is that line moved by extraction */
    bm_ustr code = {0};
    int code_line = 0;
    for (size_t k = 0; k < np; k++) {
        unit *u = paras[k];
        if (!u->code.n)
            continue;
        if (code.n) {
            char *c = bm_us_utf8(a, &code);
            bm_diags_add(dg, BM_WARNING, x->file, code_line, 0,
                         "dropped editor code '%s': the article has a later "
                         "one", c);
        }
        code = u->code;
        code_line = u->code.ln[0];
        if (spaced && k + 1 < np && u->nch >= 2) {
            unit *last = paras[np - 1];
            bm_ustr piece = u->ch[--u->nch];
            u->last_nch = u->nch;
            if (last->nch) {
                bm_ustr g = {0};
                bm_us_append(a, &g, &last->ch[last->nch - 1]);
                bm_us_append(a, &g, &piece);
                last->ch[last->nch - 1] = g;
            } else {
                last->ch = vgrow(a, last->ch, last->nch, &last->capch,
                                 sizeof *last->ch);
                last->ch[last->nch++] = piece;
            }
        }
    }
    for (size_t i = 0; i < d->nu; i++) {
        unit *u = &d->u[i];
        if (u->kind != U_CAPTION || !u->code.n)
            continue;
        if (!code.n) {
            code = u->code;
            u->code.n = 0;
        }   /* else the article's code is the one after its text: this one
               stays with the caption (bm_block.code) */
    }

    if (spaced && full)
        reorder_lines(x, paras, np, full);

    /* rejoin paragraphs cut at column ends */
    for (size_t k = 0; k + 1 < np;) {
        unit *A = paras[k], *B = paras[k + 1];
        unit *nx = A + 1;          /* the next paragraph after A, past */
        while (nx < d->u + d->nu &&  /* pictures set inside the text */
               (nx->line == -1 || nx->kind == U_CAPTION ||
                nx->kind == U_CREDIT || nx->kind == U_NOTE))
            nx++;
        int join;
        if (!A->nch || !B->nch || nx != B) {
            join = 0;
        } else if (spaced && full) {
            /* B's first line is not indented: B goes on with A's
               paragraph, unless A visibly ended it (a sentence end on a
               short last line that is not also its indented first line) */
            int b_full = full - first_width(B) < 3;
            int a_last_full = full - width(&A->ch[A->nch - 1]) < 3;
            bm_ustr at = unit_text(a, A);
            if (ends_sentence(&at))
                join = b_full &&
                       ((A->nblocks == 1 && A->nch == 1) || a_last_full);
            else
                join = b_full;
        } else {
            bm_ustr at = unit_text(a, A);
            join = !ends_sentence(&at);
        }
        if (!join) {
            k++;
            continue;
        }
        glue(a, A, B);
        B->nch = 0;
        B->line = -1;              /* consumed */
        memmove(paras + k + 1, paras + k + 2, (np - k - 2) * sizeof *paras);
        np--;
    }

    /* the model article */
    char id[32];
    snprintf(id, sizeof id, "p%d-a%d", x->pg->number, index + 1);
    bm_src src = {x->file, d->line, 0};
    bm_article *ar = bm_page_add_article(x->ed, x->pg, id, BM_ARTICLE, src);
    ar->kicker = field(x, d->kicker, 0);
    ar->headline = field(x, d->headline, 0);
    ar->subhead = field(x, d->subhead, 0);
    ar->byline = field(x, d->byline, 0);
    ar->editor_code = field(x, code, 0);
    if (d->sec_n) {            /* the labels printed over it, one a line */
        bm_buf lb;
        bm_buf_init(&lb);
        for (size_t k = 0; k < d->sec_n; k++) {
            if (k)
                bm_buf_puts(&lb, "\n");
            bm_buf_puts(&lb, x->pg->sections[d->sec_first + k]);
        }
        ar->label = bm_edition_str(x->ed, lb.data, lb.len);
        bm_buf_free(&lb);
    }
    int npara = 0, hans = 0, credit = 0, caption = 0, notes = 0;
    bm_block *fig = NULL;
    for (size_t i = 0; i < d->nu; i++) {
        unit *u = &d->u[i];
        if (u->line == -1)
            continue;
        bm_src bs = {x->file, u->line, 0};
        if (u->kind == U_PARA) {
            bm_ustr t = unit_text(a, u);
            bm_dump_fix_spaces(&t);
            bm_dump_drop_repeats(&t, a, dg, x->file);
            bm_us_trim(&t);
            if (!t.n)
                continue;
            bm_dump_fix_punct(&t);
            bm_block *b = bm_article_add_block(x->ed, ar, BM_BLOCK_PARAGRAPH,
                                               (bm_src){x->file, t.ln[0], 0});
            b->text = bm_us_utf8(x->ed->arena, &t);
            npara++;
            hans += han_total(&t);
            fig = NULL;
        } else if (u->kind == U_SUB) {
            const char *t = field(x, u->text, 0);
            if (!t)
                continue;
            bm_block *b = bm_article_add_block(x->ed, ar, BM_BLOCK_SUBHEADING,
                                               bs);
            b->text = t;
            fig = NULL;
        } else if (u->kind == U_CAPTION) {
            fig = bm_article_add_block(x->ed, ar, BM_BLOCK_FIGURE, bs);
            fig->caption = field(x, u->text, 1);
            fig->alt = fig->caption;
            fig->code = field(x, u->code, 0);
            if (!fig->caption) /* a lone code stands as the caption */
                fig->caption = fig->code, fig->code = NULL;
            caption++;
        } else if (u->kind == U_NOTE) {
            const char *t = field(x, u->text, 0);
            bm_block *b = bm_article_add_block(x->ed, ar, BM_BLOCK_NOTE, bs);
            b->text = t;
            notes++;
        } else {
            const char *t = field(x, u->text, 0);
            if (fig && !fig->credit) {
                fig->credit = t;
            } else {
                fig = bm_article_add_block(x->ed, ar, BM_BLOCK_FIGURE, bs);
                fig->credit = t;
            }
            credit++;
        }
    }
    if ((credit || notes) && !ar->byline)
        ar->kind = BM_ARTICLE_PHOTO;
    else if (npara == 1 && !credit && !caption && hans < 150)
        ar->kind = BM_ARTICLE_BRIEF;
    if (ar->kind == BM_ARTICLE_BRIEF && x->pg->nsections)
        ar->group = x->pg->sections[x->pg->nsections - 1];
}

/* ---- the entry points ----------------------------------------------------------- */

static void read_items(ctx *x, const char *data, size_t start, size_t len)
{
    size_t i = start;
    int line = 1;
    while (i <= len) {
        size_t e = i;
        while (e < len && data[e] != '\n' && data[e] != '\r')
            e++;
        bm_ustr t = {0};
        size_t p = i;
        while (p < e) {
            uint32_t cp;
            int k = bm_utf8_decode(data + p, e - p, &cp);
            if (k <= 0)
                break;            /* cannot happen: checked before */
            p += (size_t)k;
            if (bm_ch_space(cp) || cp < 0x20 || cp == 0xFEFF || cp == 0x7F) {
                if (t.n && t.c[t.n - 1] != ' ')
                    bm_us_push(x->tmp, &t, ' ', line);
                continue;
            }
            bm_us_push(x->tmp, &t, cp, line);
        }
        bm_us_trim(&t);
        if (t.n) {
            x->it = vgrow(x->tmp, x->it, x->nit, &x->capit, sizeof *x->it);
            item *it = &x->it[x->nit++];
            memset(it, 0, sizeof *it);
            it->line = line;
            it->text = t;
        }
        if (e >= len)
            break;
        if (data[e] == '\r' && e + 1 < len && data[e + 1] == '\n')
            e++;
        i = e + 1;
        line++;
    }
}

/*
 * Width evidence: on an extraction that keeps printed line ends, body text
 * has a space between two Chinese characters every dozen or two of them.
 */
static void detect_spacing(ctx *x)
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
        split_pieces(x->tmp, &x->it[k].text, u);
        us[nus++] = u;
    }
    x->page_full = full_width(x->tmp, us, nus, 1);
}

bm_status bm_ingest_dump_mem(bm_edition *ed, const char *name,
                             const char *data, size_t len, bm_error *err)
{
    size_t start;
    bm_status st = check_bytes(name, data, len, &start, err);
    if (st != BM_OK)
        return st;
    ctx x;
    memset(&x, 0, sizeof x);
    x.tmp = bm_arena_new();
    x.ed = ed;
    x.file = bm_arena_strdup(ed->arena, name);
    read_items(&x, data, start, len);
    size_t real = 0;
    for (size_t k = 0; k < x.nit; k++)
        real += has_text(&x.it[k].text);
    if (!real) {
        bm_arena_free(x.tmp);
        return bm_error_set(err, BM_INPUT, name, 1, 0,
                            len ? "no text to import: the page dump has no "
                                  "letters, digits or Han characters"
                                : "the page dump is empty");
    }
    for (size_t k = 0; k < x.nit; k++)
        classify(&x, &x.it[k]);
    /* whole blocks extracted twice */
    for (size_t k = 1; k < x.nit; k++) {
        item *it = &x.it[k];
        if (it->kind != IT_BODY || nonspace(&it->text) < 8)
            continue;
        for (size_t j = 0; j < k; j++) {
            item *o = &x.it[j];
            if (o->kind == IT_BODY && o->text.n == it->text.n &&
                !memcmp(o->text.c, it->text.c, it->text.n * sizeof *it->text.c)) {
                bm_diags_add(&ed->diags, BM_WARNING, x.file, it->line, 0,
                             "dropped a block that repeats line %d character "
                             "for character", o->line);
                it->kind = IT_JUNK;
                it->text.n = 0;
                break;
            }
        }
    }
    {
        size_t o = 0;           /* remove the dropped repeats */
        for (size_t k = 0; k < x.nit; k++)
            if (x.it[k].kind != IT_JUNK || x.it[k].text.n)
                x.it[o++] = x.it[k];
        x.nit = o;
    }
    detect_spacing(&x);
    if (x.spaced) {
        UErrorCode ust = U_ZERO_ERROR;
        x.words = ubrk_open(UBRK_WORD, "zh", NULL, 0, &ust);
        if (U_FAILURE(ust))
            x.words = NULL;
    }
    x.pg = bm_edition_add_page(ed, NULL, (bm_src){x.file, 1, 0});
    x.pg->dump = x.file;
    walk(&x);
    for (size_t k = 0; k < x.ndr; k++)
        finish(&x, &x.dr[k], (int)k);
    if (x.pg->nsections)
        x.pg->section = x.pg->sections[0];
    if (x.words)
        ubrk_close(x.words);
    bm_arena_free(x.tmp);
    return BM_OK;
}

bm_status bm_ingest_dump(bm_edition *ed, const char *path, bm_error *err)
{
    bm_arena *a = bm_arena_new();
    char *data;
    size_t len;
    bm_status st = bm_file_read(path, a, BM_INGEST_MAX_FILE, &data, &len, err);
    if (st == BM_OK)
        st = bm_ingest_dump_mem(ed, path, data, len, err);
    bm_arena_free(a);
    return st;
}

/* ---- JSON ---------------------------------------------------------------- */

static void json_field(bm_buf *out, const char *key, const char *v, int last)
{
    bm_buf_printf(out, "      \"%s\": ", key);
    if (v)
        bm_buf_json_str(out, v, strlen(v));
    else
        bm_buf_puts(out, "null");
    bm_buf_puts(out, last ? "\n" : ",\n");
}

void bm_ingest_dump_json(const bm_edition *ed, const bm_page *pg,
                         const char *source, bm_buf *out)
{
    (void)ed;
    bm_buf_puts(out, "{\n  \"source\": ");
    if (source)
        bm_buf_json_str(out, source, strlen(source));
    else
        bm_buf_puts(out, "null");
    bm_buf_puts(out, ",\n  \"sections\": [");
    for (size_t i = 0; i < pg->nsections; i++) {
        bm_buf_puts(out, i ? ", " : "");
        bm_buf_json_str(out, pg->sections[i], strlen(pg->sections[i]));
    }
    bm_buf_puts(out, "],\n  \"articles\": [");
    for (size_t i = 0; i < pg->narticles; i++) {
        const bm_article *ar = pg->articles[i];
        bm_buf_puts(out, i ? ",\n    {\n" : "\n    {\n");
        json_field(out, "kind", bm_article_kind_name(ar->kind), 0);
        json_field(out, "label", ar->label, 0);
        json_field(out, "kicker", ar->kicker, 0);
        json_field(out, "headline", ar->headline, 0);
        json_field(out, "subhead", ar->subhead, 0);
        json_field(out, "byline", ar->byline, 0);
        /* the credit: a figure's, else the first credit note's */
        const char *credit = NULL;
        const bm_block *note = NULL;
        for (size_t b = 0; b < ar->nblocks && !credit; b++)
            if (ar->blocks[b].kind == BM_BLOCK_FIGURE)
                credit = ar->blocks[b].credit;
        for (size_t b = 0; b < ar->nblocks && !credit && !note; b++)
            if (ar->blocks[b].kind == BM_BLOCK_NOTE && ar->blocks[b].text)
                note = &ar->blocks[b], credit = note->text;
        bm_buf_puts(out, "      \"paragraphs\": [");
        int n = 0;
        for (size_t b = 0; b < ar->nblocks; b++) {
            const bm_block *bl = &ar->blocks[b];
            if (bl->kind == BM_BLOCK_FIGURE || !bl->text || bl == note)
                continue;
            bm_buf_puts(out, n++ ? ",\n        " : "\n        ");
            if (bl->kind == BM_BLOCK_SUBHEADING) {
                bm_buf t;
                bm_buf_init(&t);
                bm_buf_puts(&t, "## ");
                bm_buf_puts(&t, bl->text);
                bm_buf_json_str(out, t.data, t.len);
                bm_buf_free(&t);
            } else {
                bm_buf_json_str(out, bl->text, strlen(bl->text));
            }
        }
        bm_buf_puts(out, n ? "\n      ],\n" : "],\n");
        bm_buf_puts(out, "      \"captions\": [");
        n = 0;
        for (size_t b = 0; b < ar->nblocks; b++) {
            const bm_block *bl = &ar->blocks[b];
            if (bl->kind != BM_BLOCK_FIGURE)
                continue;
            if (!bl->caption)
                continue;
            bm_buf_puts(out, n++ ? ", " : "");
            bm_buf_json_str(out, bl->caption, strlen(bl->caption));
        }
        bm_buf_puts(out, "],\n");
        /* each caption's own editor code (not the article's), or null:
         * one entry per caption, in the same order */
        bm_buf_puts(out, "      \"caption_codes\": [");
        n = 0;
        for (size_t b = 0; b < ar->nblocks; b++) {
            const bm_block *bl = &ar->blocks[b];
            if (bl->kind != BM_BLOCK_FIGURE || !bl->caption)
                continue;
            bm_buf_puts(out, n++ ? ", " : "");
            if (bl->code)
                bm_buf_json_str(out, bl->code, strlen(bl->code));
            else
                bm_buf_puts(out, "null");
        }
        bm_buf_puts(out, "],\n");
        json_field(out, "credit", credit, 0);
        json_field(out, "editor_code", ar->editor_code, 1);
        bm_buf_puts(out, "    }");
    }
    bm_buf_puts(out, pg->narticles ? "\n  ]\n}\n" : "]\n}\n");
}
