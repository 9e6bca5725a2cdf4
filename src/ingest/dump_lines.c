/*
 * dump_lines.c - a page dump's bytes checked and read into lines, and
 * each line classified by its shape: heading-like, body, byline, caption
 * (图为…), credit (… 摄), bracketed note or junk.
 */
#include "dump_private.h"

#include <stdlib.h>
#include <string.h>

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

bm_status bm_dump_check_bytes(const char *name, const char *data, size_t len,
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
    /* what text may not hold (src/base/check.c); tab, vertical tab, form
       feed (pdftotext's page break) and CR are spacing in a dump */
    for (size_t i = *start; i < len;) {
        uint32_t cp;
        int k = bm_utf8_decode(data + i, len - i, &cp);
        if (cp == '\t' || cp == '\v' || cp == '\f' || cp == '\r' ||
            !bm_char_refused(cp, 1)) {
            i += (size_t)k;
            continue;
        }
        char why[200];
        int line, col;
        bm_text_why(cp, data, i, why, sizeof why);
        locate(data + *start, i - *start, &line, &col);
        return bm_error_set(err, BM_INPUT, name, line, col, "%s", why);
    }
    return BM_OK;
}


void bm_dump_read_items(ctx *x, const char *data, size_t start, size_t len)
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
            x->it = bm_dump_grow(x->tmp, x->it, x->nit, &x->capit, sizeof *x->it);
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


/* ---- classifying lines ---------------------------------------------------- */

size_t bm_dump_nonspace(const bm_ustr *s)
{
    size_t k = 0;
    for (size_t i = 0; i < s->n; i++)
        k += !bm_ch_space(s->c[i]);
    return k;
}

int bm_dump_has_text(const bm_ustr *s)
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
int bm_dump_ends_sentence(const bm_ustr *s)
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
    /* the names after the role: spaced (记者 王芳 李明) or one name of at
       most 4 characters (记者王芳); a longer bare run is a sentence
       (记者日前从市工业和信息…) */
    for (int i = 0; roles[i]; i++) {
        if (!bm_us_starts(&t, roles[i]))
            continue;
        uint32_t nd[8];
        size_t nr = 0;
        for (const char *p = roles[i]; *p; nr++) {
            int k = bm_utf8_decode(p, strlen(p), &nd[nr]);
            p += k;
        }
        size_t rest = t.n - nr;
        return bm_us_find(&t, " ", nr) >= 0 || rest <= 4;
    }
    return 0;
}

int bm_dump_starts_dash(const bm_ustr *s)
{
    return bm_us_starts(s, "——") || bm_us_starts(s, "--") ||
           bm_us_starts(s, "－－") || bm_us_starts(s, "―");
}

static int credit_like(const bm_ustr *s)
{
    return bm_us_ends(s, "摄") || bm_us_ends(s, "摄影报道") ||
           bm_us_starts(s, "本报制图") || bm_us_starts(s, "制图") ||
           bm_us_ends(s, "制图") ||
           bm_us_find(s, "文/图", 0) >= 0 || bm_us_find(s, "文／图", 0) >= 0 ||
           bm_us_ends(s, "供图");
}

/*
 * Length in code points of a byline prefix at the start of s: a dateline
 * of up to 20 characters ending in 讯 or 电 (本报讯, 新华社北京5月3日电)
 * followed by an optional space and a bracketed list of names.  0 if none.
 */
size_t bm_dump_byline_len(const bm_ustr *s)
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
size_t bm_dump_cut_byline_len(const bm_ustr *s)
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
    if (bm_dump_nonspace(&t) < 2)
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
    size_t n = bm_dump_nonspace(s);
    if (bm_dump_starts_dash(s))
        return n <= 60 && count_cp(s, 0x3002, 0x3002) == 0;
    if (n > 32 || count_cp(s, 0x3002, 0x3002))
        return 0;
    if (count_cp(s, ';', 0xFF1B))
        return 0;
    size_t commas = count_cp(s, ',', 0xFF0C);
    for (size_t i = 1; i + 1 < s->n; i++)   /* 1,129.62 is a number */
        if (s->c[i] == ',' && bm_ch_digit(s->c[i - 1]) &&
            bm_ch_digit(s->c[i + 1]))
            commas--;
    if (commas > 1 || (commas == 1 && n > 24))
        return 0;
    if (bm_us_ends(s, ":") || bm_us_ends(s, "："))
        return 0;
    return 1;
}

void bm_dump_classify(ctx *x, item *it)
{
    bm_ustr *s = &it->text;
    if (!bm_dump_has_text(s)) {
        it->kind = IT_JUNK;
        return;
    }
    size_t n = bm_dump_nonspace(s);
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
    size_t bl = bm_dump_byline_len(s);
    if (bl && bl >= s->n - (s->n > bl && bm_ch_space(s->c[bl]) ? 1 : 0)) {
        it->kind = IT_BYLINE;
        return;
    }
    if (!bl && n <= 30 && starts_role(s) && !count_cp(s, 0x3002, ',') &&
        !count_cp(s, 0xFF0C, 0xFF0C)) {
        it->kind = IT_BYLINE;
        return;
    }
    if (s->n >= 4 && (s->c[0] == '(' || s->c[0] == 0xFF08) &&
        (s->c[s->n - 1] == ')' || s->c[s->n - 1] == 0xFF09)) {
        it->kind = IT_BODY;       /* （作者系…）: a note of the text before */
        return;
    }
    {                             /* a line holding only a code (④5) */
        bm_ustr t = bm_us_sub(x->tmp, s, 0, s->n), code = {0};
        cut_code(x->tmp, &t, &code);
        if (code.n && !t.n) {
            it->kind = IT_BODY;
            it->code = code;
            it->text = t;
            return;
        }
    }
    if (!bl && is_short(s)) {
        it->kind = IT_SHORT;
        return;
    }
    it->kind = IT_BODY;
    cut_credit(x->tmp, s, &it->credit);
    cut_code(x->tmp, s, &it->code);
}

