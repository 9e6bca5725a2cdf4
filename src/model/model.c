/*
 * model.c - building and checking the Edition tree.  No I/O here.
 */
#include "model.h"

#include <stdio.h>
#include <string.h>

bm_edition *bm_edition_new(void)
{
    bm_arena *a = bm_arena_new();
    bm_edition *ed = bm_arena_alloc(a, sizeof *ed);
    ed->arena = a;
    ed->lang = "zh-CN";
    bm_diags_init(&ed->diags, a);
    return ed;
}

void bm_edition_free(bm_edition *ed)
{
    if (ed)
        bm_arena_free(ed->arena);
}

/* Grows an arena array of pointers or structs to hold one more element. */
static void *grow(bm_arena *a, void *arr, size_t n, size_t *cap, size_t elem)
{
    if (n < *cap)
        return arr;
    size_t nc = *cap ? *cap * 2 : 8;
    while (nc <= n)   /* an array copied in without its capacity */
        nc *= 2;
    void *p = bm_arena_grow(a, arr, n * elem, nc * elem);
    *cap = nc;
    return p;
}

bm_page *bm_edition_add_page(bm_edition *ed, const char *section, bm_src src)
{
    ed->pages = grow(ed->arena, ed->pages, ed->npages, &ed->cap_pages,
                     sizeof *ed->pages);
    bm_page *pg = bm_arena_alloc(ed->arena, sizeof *pg);
    pg->number = (int)ed->npages + 1;
    pg->section = bm_arena_strdup(ed->arena, section);
    pg->src = src;
    ed->pages[ed->npages++] = pg;
    return pg;
}

void bm_page_add_section(bm_edition *ed, bm_page *pg, const char *label)
{
    /* doubling, like every array here: a dump of many short lines gives a
       page thousands of labels, and copying per label was quadratic */
    pg->sections = grow(ed->arena, pg->sections, pg->nsections,
                        &pg->cap_sections, sizeof *pg->sections);
    pg->sections[pg->nsections++] = bm_arena_strdup(ed->arena, label);
}

bm_article *bm_page_add_article(bm_edition *ed, bm_page *pg, const char *id,
                                bm_article_kind kind, bm_src src)
{
    pg->articles = grow(ed->arena, pg->articles, pg->narticles,
                        &pg->cap_articles, sizeof *pg->articles);
    bm_article *ar = bm_arena_alloc(ed->arena, sizeof *ar);
    ar->id = bm_arena_strdup(ed->arena, id);
    ar->kind = kind;
    ar->page = pg;
    ar->src = src;
    pg->articles[pg->narticles++] = ar;
    return ar;
}

bm_block *bm_article_add_block(bm_edition *ed, bm_article *ar,
                               bm_block_kind kind, bm_src src)
{
    ar->blocks = grow(ed->arena, ar->blocks, ar->nblocks, &ar->cap_blocks,
                      sizeof *ar->blocks);
    bm_block *b = &ar->blocks[ar->nblocks++];
    memset(b, 0, sizeof *b);
    b->kind = kind;
    b->src = src;
    return b;
}

const char *bm_edition_str(bm_edition *ed, const char *s, size_t n)
{
    return s ? bm_arena_strndup(ed->arena, s, n) : NULL;
}

long long bm_edition_epoch(const bm_edition *ed, long long fallback)
{
    int y, m, d, end = 0;
    if (!ed || !ed->date ||
        sscanf(ed->date, "%4d-%2d-%2d%n", &y, &m, &d, &end) != 3 ||
        ed->date[end] || m < 1 || m > 12 || d < 1 || d > 31)
        return fallback;
    /* days from 1970-01-01 in the proleptic Gregorian calendar */
    long long yy = m <= 2 ? y - 1 : y;
    long long era = (yy >= 0 ? yy : yy - 399) / 400;
    long long yoe = yy - era * 400;
    long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (era * 146097 + doe - 719468) * 86400;
}

bm_article *bm_edition_find_article(const bm_edition *ed, const char *id)
{
    for (size_t p = 0; p < ed->npages; p++)
        for (size_t i = 0; i < ed->pages[p]->narticles; i++)
            if (strcmp(ed->pages[p]->articles[i]->id, id) == 0)
                return ed->pages[p]->articles[i];
    return NULL;
}

/* the words that name a commentary or an essay when no role is given */
static const char *const commentary_words[] = {"评论", "短评", "时评", "社论",
                                               "言论", "杂谈", "论坛", "漫谈",
                                               "杂文", NULL};
static const char *const essay_words[] = {"随笔", "散文", "札记", "观察",
                                          "副刊", NULL};
/* ... and those that name it by its page's section (every story of a 评论
 * page is a commentary, of a 副刊 an essay; but a 经济观察 page holds news) */
static const char *const section_essay_words[] = {"随笔", "散文", "札记",
                                                  "副刊", NULL};

static int tagged(const bm_article *ar, const char *const *words,
                  const char *const *section_words)
{
    const char *tags[] = {ar->label, ar->kicker, ar->group, ar->byline};
    for (size_t i = 0; i < sizeof tags / sizeof *tags; i++)
        for (int w = 0; tags[i] && words[w]; w++)
            if (strstr(tags[i], words[w]))
                return 1;
    const char *section = ar->page ? ar->page->section : NULL;
    for (int w = 0; section && section_words[w]; w++)
        if (strstr(section, section_words[w]))
            return 1;
    return 0;
}

int bm_article_commentary(const bm_article *ar)
{
    if (!ar || ar->kind == BM_ARTICLE_BRIEF)
        return 0;
    if (ar->role != BM_ROLE_NORMAL)
        return ar->role == BM_ROLE_COMMENTARY;
    return tagged(ar, commentary_words, commentary_words);
}

int bm_article_essay(const bm_article *ar)
{
    if (!ar || ar->kind == BM_ARTICLE_BRIEF)
        return 0;
    if (ar->role != BM_ROLE_NORMAL)
        return ar->role == BM_ROLE_ESSAY;
    return !tagged(ar, commentary_words, commentary_words) &&
           tagged(ar, essay_words, section_essay_words);
}

const bm_src *bm_article_part_src(const bm_article *ar, const bm_src *part)
{
    return part && part->file ? part : &ar->src;
}

const char *bm_article_lang(const bm_edition *ed, const bm_article *ar)
{
    const char *el = ed && ed->lang ? ed->lang : "zh-CN";
    if (!ar->lang)
        return NULL;
    for (size_t i = 0;; i++) {
        int a = ar->lang[i], b = el[i];
        if (a >= 'A' && a <= 'Z')
            a += 'a' - 'A';
        if (b >= 'A' && b <= 'Z')
            b += 'a' - 'A';
        if (a != b)
            return ar->lang;
        if (!a)
            return NULL;
    }
}

/* At most this many characters of a title (outline, METS, tag tree): a
   caption standing in for a title can be a long paragraph, and libharu
   refuses outline titles over 65535 bytes. */
#define TITLE_MAX 80

/* s with '\n' as spaces, cut after TITLE_MAX characters (then ending in
   "…"), in `a`. */
static const char *one_line(bm_arena *a, const char *s)
{
    size_t n = strlen(s), i = 0, k = 0;
    while (i < n && k < TITLE_MAX) {
        uint32_t cp;
        int len = bm_utf8_decode(s + i, n - i, &cp);
        i += len ? (size_t)len : 1;
        k++;
    }
    int cut = i < n;
    char *t = bm_arena_alloc(a, i + 4);
    memcpy(t, s, i);
    if (cut)
        memcpy(t + i, "\xE2\x80\xA6", 4);   /* … and the NUL */
    for (char *q = t; *q; q++)
        if (*q == '\n')
            *q = ' ';
    return t;
}

const char *bm_article_title(bm_arena *a, const bm_article *ar)
{
    if (ar->headline)
        return one_line(a, ar->headline);
    if (ar->kicker)
        return one_line(a, ar->kicker);
    for (size_t i = 0; i < ar->nblocks; i++)
        if (ar->blocks[i].caption)
            return one_line(a, ar->blocks[i].caption);
    return ar->id;
}

int bm_model_valid_id(const char *id)
{
    if (!id || !*id)
        return 0;
    for (const char *c = id; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
              (*c >= '0' && *c <= '9') || *c == '-' || *c == '_'))
            return 0;
    return 1;
}

size_t bm_label_over(const char *label, const char *title)
{
    size_t n = label ? strlen(label) : 0, tn = title ? strlen(title) : 0;
    if (title && n >= tn && !strcmp(label + n - tn, title) &&
        (n == tn || label[n - tn - 1] == '\n'))
        return n > tn ? n - tn - 1 : 0;
    return n;
}

/* Valid UTF-8 holding no character text may not hold (line breaks are
   allowed: headlines and stacked labels have them). */
static int utf8_ok(const char *s)
{
    uint32_t bad;
    return !s || bm_text_check(s, strlen(s), 1, &bad) == strlen(s);
}

bm_status bm_model_check(const bm_edition *ed, bm_error *err)
{
    if (!utf8_ok(ed->title) || !utf8_ok(ed->issue) ||
        !utf8_ok(ed->publisher) || (ed->date && !bm_date_valid(ed->date)) ||
        (ed->lang && !bm_lang_valid(ed->lang)))
        return bm_error_set(err, BM_INTERNAL, ed->src.file, ed->src.line, 0,
                            "the edition's title, issue, publisher, date or "
                            "language is not valid text");
    for (size_t p = 0; p < ed->npages; p++) {
        const bm_page *pg = ed->pages[p];
        if (pg->number != (int)p + 1)
            return bm_error_set(err, BM_INTERNAL, pg->src.file, pg->src.line, 0,
                                "page %zu is numbered %d", p + 1, pg->number);
        for (size_t i = 0; i < pg->narticles; i++) {
            const bm_article *ar = pg->articles[i];
            if (!bm_model_valid_id(ar->id))
                return bm_error_set(err, BM_INTERNAL, ar->src.file,
                                    ar->src.line, 0, "bad article id '%s'",
                                    ar->id ? ar->id : "(null)");
            if (ar->page != pg)
                return bm_error_set(err, BM_INTERNAL, ar->src.file,
                                    ar->src.line, 0,
                                    "article '%s' has a wrong page pointer",
                                    ar->id);
            if (bm_edition_find_article(ed, ar->id) != ar)
                return bm_error_set(err, BM_INTERNAL, ar->src.file,
                                    ar->src.line, 0,
                                    "article id '%s' is not unique", ar->id);
            if (!utf8_ok(ar->kicker) || !utf8_ok(ar->headline) ||
                !utf8_ok(ar->subhead) || !utf8_ok(ar->byline) ||
                !utf8_ok(ar->editor_code) || !utf8_ok(ar->group) ||
                !utf8_ok(ar->label))
                return bm_error_set(err, BM_INTERNAL, ar->src.file,
                                    ar->src.line, 0,
                                    "article '%s' has invalid UTF-8", ar->id);
            for (size_t b = 0; b < ar->nblocks; b++) {
                const bm_block *bl = &ar->blocks[b];
                if (!utf8_ok(bl->text) || !utf8_ok(bl->caption) ||
                    !utf8_ok(bl->credit) || !utf8_ok(bl->alt) ||
                    !utf8_ok(bl->code))
                    return bm_error_set(err, BM_INTERNAL, bl->src.file,
                                        bl->src.line, 0,
                                        "block has invalid UTF-8");
                if (bl->kind != BM_BLOCK_FIGURE && !bl->text)
                    return bm_error_set(err, BM_INTERNAL, bl->src.file,
                                        bl->src.line, 0,
                                        "text block without text");
            }
        }
    }
    return BM_OK;
}

const char *bm_block_kind_name(bm_block_kind k)
{
    switch (k) {
    case BM_BLOCK_PARAGRAPH:  return "paragraph";
    case BM_BLOCK_SUBHEADING: return "subheading";
    case BM_BLOCK_FIGURE:     return "figure";
    case BM_BLOCK_NOTE:       return "note";
    }
    return "?";
}

const char *bm_article_kind_name(bm_article_kind k)
{
    switch (k) {
    case BM_ARTICLE:       return "article";
    case BM_ARTICLE_PHOTO: return "photo";
    case BM_ARTICLE_BRIEF: return "brief";
    }
    return "?";
}

const char *bm_elem_name(bm_elem e)
{
    static const char *const names[BM_EL_COUNT] = {
        "kicker",  "headline1", "headline2",    "headline3",  "headline4",
        "subhead", "byline",    "body",         "subheading", "caption",
        "credit",  "brief",     "jump",         "section",    "running-head",
        "masthead", "masthead-info",
    };
    return (unsigned)e < BM_EL_COUNT ? names[e] : "?";
}
