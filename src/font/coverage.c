/*
 * coverage.c - which characters of the input have no font in their role,
 * and which needed the fallback chain.
 *
 * One record per (character, role), found through a small open-addressing
 * hash and kept in first-occurrence order, so reports are deterministic and
 * name where each character first appears.  Roles of an edition's strings
 * come from the layout's styles (the same table the composer uses), so a
 * name in a caption is checked against 楷 and its fallbacks, not 宋.
 */
#include "font_private.h"

#include "../model/model.h"

#include <stdlib.h>
#include <string.h>

struct bm_coverage {
    const bm_fontset *fs;
    bm_arena         *arena;   /* file name copies */
    bm_cover_char    *recs;    /* heap */
    size_t            nrecs, cap;
    uint32_t         *slots;   /* heap; record index + 1, 0 = empty */
    size_t            nslots;
    long              total;
    const char       *last_copy;   /* the last file name copied */
};

bm_coverage *bm_coverage_new(const bm_fontset *fs)
{
    bm_coverage *c = bm_xmalloc(sizeof *c);
    memset(c, 0, sizeof *c);
    c->fs = fs;
    c->arena = bm_arena_new();
    return c;
}

void bm_coverage_free(bm_coverage *c)
{
    if (!c)
        return;
    free(c->recs);
    free(c->slots);
    bm_arena_free(c->arena);
    free(c);
}

const bm_cover_char *bm_coverage_chars(const bm_coverage *c, size_t *n)
{
    *n = c->nrecs;
    return c->recs;
}

long bm_coverage_total(const bm_coverage *c) { return c->total; }

/* Drawn as nothing: C0/C1 controls, zero-width and bidi controls,
 * variation selectors, BOM, tags. */
static int ignorable(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp < 0xA0) ||
           (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202E) ||
           (cp >= 0x2060 && cp <= 0x206F) || (cp >= 0xFE00 && cp <= 0xFE0F) ||
           cp == 0xFEFF || (cp >= 0xE0000 && cp <= 0xE0FFF);
}

static uint32_t hash(uint32_t cp, bm_role role, size_t nslots)
{
    return ((cp * 2654435761u) ^ ((uint32_t)role * 40503u)) &
           (uint32_t)(nslots - 1);
}

static void rehash(bm_coverage *c)
{
    size_t n = c->nslots ? c->nslots * 2 : 4096;
    uint32_t *s = bm_xmalloc(n * sizeof *s);
    memset(s, 0, n * sizeof *s);
    for (size_t i = 0; i < c->nrecs; i++) {
        uint32_t h = hash(c->recs[i].cp, c->recs[i].role, n);
        while (s[h])
            h = (h + 1) & (uint32_t)(n - 1);
        s[h] = (uint32_t)i + 1;
    }
    free(c->slots);
    c->slots = s;
    c->nslots = n;
}

static const char *copy_file(bm_coverage *c, const char *file)
{
    if (!file)
        return NULL;
    /* compare with our own copy: the caller's string may be gone */
    if (c->last_copy && !strcmp(c->last_copy, file))
        return c->last_copy;
    c->last_copy = bm_arena_strdup(c->arena, file);
    return c->last_copy;
}

static bm_cover_char *lookup(bm_coverage *c, uint32_t cp, bm_role role,
                             const char *file, int line, int col)
{
    if ((c->nrecs + 1) * 2 > c->nslots)
        rehash(c);
    uint32_t h = hash(cp, role, c->nslots);
    while (c->slots[h]) {
        bm_cover_char *r = &c->recs[c->slots[h] - 1];
        if (r->cp == cp && r->role == role)
            return r;
        h = (h + 1) & (uint32_t)(c->nslots - 1);
    }
    if (c->nrecs == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 1024;
        c->recs = bm_xrealloc(c->recs, c->cap * sizeof *c->recs);
    }
    bm_cover_char *r = &c->recs[c->nrecs];
    memset(r, 0, sizeof *r);
    r->cp = cp;
    r->role = role;
    r->file = copy_file(c, file);
    r->line = line;
    r->col = col;
    r->face = bm_fontset_pick(c->fs, role, cp);
    r->fallback = r->face && bm_fontset_pick_is_fallback(c->fs, role, cp);
    c->slots[h] = (uint32_t)++c->nrecs;
    return r;
}

static void count(bm_coverage *c, uint32_t cp, bm_role role, const char *file,
                  int line, int col, bm_diags *missing)
{
    if (ignorable(cp))
        return;
    c->total++;
    bm_cover_char *r = lookup(c, cp, role, file, line, col);
    r->count++;
    if (!r->face && missing) {
        char u[8];
        int k = bm_utf8_encode(cp, u);
        bm_diags_add(missing, BM_WARNING, file, line, col,
                     "U+%04X %.*s is in no font (%s): drawn as a placeholder",
                     (unsigned)cp, k, u, bm_role_name(role));
        r->warned++;
    }
}

bm_status bm_coverage_text(bm_coverage *c, bm_role role, const char *s,
                           size_t n, const char *file, int line, int col,
                           bm_diags *missing, bm_error *err)
{
    for (size_t i = 0; i < n;) {
        uint32_t cp = 0;
        int k = bm_utf8_decode(s + i, n - i, &cp);
        if (k <= 0)
            return bm_error_set(err, BM_INPUT, file, line, col,
                                "invalid UTF-8 (byte 0x%02X): save the "
                                "file as UTF-8",
                                (unsigned char)s[i]);
        i += (size_t)k;
        if (cp == '\n') {
            line++;
            col = col ? 1 : 0;
            continue;
        }
        count(c, cp, role, file, line, col, missing);
        if (col)
            col++;
    }
    return BM_OK;
}

/* ---- editions ------------------------------------------------------------ */

/* The roles of layouts/broadsheet.xml, for callers without a layout. */
static bm_role default_role(bm_elem e)
{
    switch (e) {
    case BM_EL_KICKER:
    case BM_EL_BYLINE:
    case BM_EL_CAPTION:
    case BM_EL_CREDIT:
    case BM_EL_JUMP:
        return BM_FONT_KAI;
    case BM_EL_HEADLINE1:
    case BM_EL_HEADLINE2:
    case BM_EL_HEADLINE3:
    case BM_EL_HEADLINE4:
    case BM_EL_SUBHEADING:
    case BM_EL_SECTION:
    case BM_EL_MASTHEAD:
        return BM_FONT_HEADLINE;
    default:
        return BM_FONT_BODY;
    }
}

static bm_role role_of(const bm_layout *lay, bm_elem e)
{
    if (lay && (unsigned)lay->styles[e].role < BM_FONT_ROLE_COUNT)
        return (bm_role)lay->styles[e].role;
    return default_role(e);
}

static void str(bm_coverage *c, const bm_layout *lay, bm_elem e,
                const char *s, bm_src src, const char *deffile,
                bm_diags *missing)
{
    if (!s)
        return;
    const char *file = src.file ? src.file : deffile;
    bm_error err;
    bm_error_init(&err);
    /* the model holds valid UTF-8 (bm_model_check); a bad byte just ends
     * this string */
    (void)bm_coverage_text(c, role_of(lay, e), s, strlen(s), file, src.line,
                           0, missing, &err);
}

void bm_coverage_edition(bm_coverage *c, const bm_edition *ed,
                         const bm_layout *lay, bm_diags *missing)
{
    const char *def = ed->dir ? ed->dir : ed->src.file;
    str(c, lay, BM_EL_MASTHEAD, ed->title, ed->src, def, missing);
    str(c, lay, BM_EL_MASTHEAD_INFO, ed->issue, ed->src, def, missing);
    for (size_t p = 0; p < ed->npages; p++) {
        const bm_page *pg = ed->pages[p];
        str(c, lay, BM_EL_RUNNING_HEAD, pg->section, pg->src, def, missing);
        for (size_t i = 0; i < pg->nsections; i++)
            str(c, lay, BM_EL_SECTION, pg->sections[i], pg->src, def,
                missing);
        for (size_t i = 0; i < pg->narticles; i++) {
            const bm_article *ar = pg->articles[i];
            int brief = ar->kind == BM_ARTICLE_BRIEF;
            bm_elem head = brief                    ? BM_EL_HEADLINE4
                           : ar->role == BM_ROLE_LEAD ? BM_EL_HEADLINE1
                                                      : BM_EL_HEADLINE2;
            str(c, lay, BM_EL_SECTION, ar->group, ar->src, def, missing);
            str(c, lay, BM_EL_KICKER, ar->kicker, ar->src, def, missing);
            str(c, lay, head, ar->headline, ar->src, def, missing);
            str(c, lay, BM_EL_SUBHEAD, ar->subhead, ar->src, def, missing);
            str(c, lay, BM_EL_BYLINE, ar->byline, ar->src, def, missing);
            for (size_t b = 0; b < ar->nblocks; b++) {
                const bm_block *bl = &ar->blocks[b];
                bm_elem e = bl->kind == BM_BLOCK_SUBHEADING ? BM_EL_SUBHEADING
                            : brief                         ? BM_EL_BRIEF
                                                            : BM_EL_BODY;
                str(c, lay, e, bl->text, bl->src, def, missing);
                str(c, lay, BM_EL_CAPTION, bl->caption, bl->src, def,
                    missing);
                str(c, lay, BM_EL_CREDIT, bl->credit, bl->src, def, missing);
            }
            str(c, lay, brief ? BM_EL_BRIEF : BM_EL_BODY, ar->editor_code,
                ar->src, def, missing);
        }
    }
}
