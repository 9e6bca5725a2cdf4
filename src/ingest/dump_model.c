/*
 * dump_model.c - a repaired draft -> a model article (text cleaned and
 * NFC, blocks in reading order, the article's kind), and the
 * `banmian import --json` view of a page.
 */
#include "dump_private.h"

#include <stdlib.h>
#include <string.h>

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

static int chinese_side(uint32_t c)
{
    return bm_ch_han(c) || bm_ch_cjk_punct(c) || bm_ch_standin(c);
}

/*
 * A paragraph's text from its printed-line pieces.  On a page whose
 * extraction marks printed line ends with spaces, a space with Chinese
 * text on one side and a Latin letter or digit on the other
 * (新能源汽车|9,862辆, 1.4|个百分点, 放在|APP上, 只有|Ⅳ类: any mark that is
 * not Chinese text counts as the Latin side) is taken for a line end
 * and goes: a printed space there means nothing in Chinese text (the
 * layout spaces Han and Latin itself), while a kept line end is a visible
 * gap.  Spaces between Latin words or digits (Windows 11, 129.62 亿 is
 * Han-side) stay, and bm_dump_fix_spaces then drops those between Chinese
 * text.  A page without that evidence keeps its spaces.
 */
static bm_ustr para_text(bm_arena *a, const unit *u, int line_ends)
{
    bm_ustr t = {0};
    for (size_t i = 0; i < u->nch; i++) {
        const bm_ustr *p = i ? &u->ch[i - 1] : NULL, *q = &u->ch[i];
        if (p && p->n && q->n) {
            uint32_t pc = p->c[p->n - 1], qc = q->c[0];
            int mixed = (chinese_side(pc) && !chinese_side(qc)) ||
                        (!chinese_side(pc) && chinese_side(qc));
            if (!(mixed && line_ends))
                bm_us_push(a, &t, ' ', q->ln[0]);
        } else if (p) {
            bm_us_push(a, &t, ' ', q->n ? q->ln[0] : u->line);
        }
        bm_us_append(a, &t, q);
    }
    return t;
}

void bm_dump_article(ctx *x, draft *d, int index, bm_ustr code)
{
    bm_arena *a = x->tmp;
    bm_diags *dg = &x->ed->diags;
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
    /* a picture story (a credit, no byline): its 图为 text is the story's
       text, set as paragraphs; captions are an article's */
    int photo = 0;
    for (size_t i = 0; i < d->nu; i++)
        photo |= d->u[i].line != -1 &&
                 (d->u[i].kind == U_CREDIT || d->u[i].kind == U_NOTE);
    photo = photo && !ar->byline;
    for (size_t i = 0; i < d->nu; i++) {
        unit *u = &d->u[i];
        if (u->line == -1)
            continue;
        bm_src bs = {x->file, u->line, 0};
        if (u->kind == U_PARA) {
            bm_ustr t = para_text(a, u, x->spaced || d->full);
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
        } else if (u->kind == U_CAPTION && photo && !u->own_code &&
                   field(x, u->text, 1)) {
            bm_block *b = bm_article_add_block(x->ed, ar, BM_BLOCK_PARAGRAPH,
                                               bs);
            b->text = field(x, u->text, 1);
            npara++;
            hans += han_total(&u->text);
            if (u->code.n && !ar->editor_code)
                ar->editor_code = field(x, u->code, 0);
            else if (u->code.n)  /* not lost: the caption's own code */
                bm_diags_add(dg, BM_WARNING, x->file, u->line, 0,
                             "dropped editor code '%s' after a picture "
                             "story's text: the story has its own",
                             field(x, u->code, 0));
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

