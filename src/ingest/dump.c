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
 * headline is swapped back; a personal name under the headline is the
 * byline).
 *
 * Roles from evidence.  A line's shape alone does not say what it is: a
 * heading-like line between body blocks may be a subheading (小标题), the
 * next story's headline or a body line cut at a column end.  Each is
 * decided from several signals in a fixed order (dump_segment.c,
 * inline_role_of): does the line go on into the next block (a dictionary
 * word across the junction, a mark that never starts a sentence, a comma
 * of running text), does the text run on under one byline, is it a long
 * bare run.  Likewise a short block ending in an editor code is a caption
 * of a picture the dump does not have when its code is a photographer's
 * (it repeats in the story, or differs from the story's last code), and
 * the 图为 text of a picture story without a byline is that story's text.
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
 * model unless a warning (file:line) names it; text no heading opens is
 * kept in the nearest story, with a warning naming its line.  The text is
 * NFC before any rule looks at it, and every character class comes from
 * src/text.
 */
#include "dump_private.h"

#include <stdlib.h>
#include <string.h>

void *bm_dump_grow(bm_arena *a, void *arr, size_t n, size_t *cap, size_t elem)
{
    if (n < *cap)
        return arr;
    size_t nc = *cap ? *cap * 2 : 16;
    void *p = bm_arena_grow(a, arr, n * elem, nc * elem);
    *cap = nc;
    return p;
}

/*
 * Nothing lost, nothing merged: text that no heading opens (a fragment
 * before the first headline, or after a story its shape could not join)
 * would stand as an article without a headline.  It is kept in the
 * nearest article instead — the one before it, or the first one for text
 * at the top of the page — with a warning naming its line.
 */
static int orphan(const draft *d)
{
    return !d->headline.n && !d->kicker.n && !d->byline.n && !d->subhead.n &&
           !d->sec_n;
}

/* Appends src's units to dst (arena memory, amortised). */
static void take_units(ctx *x, draft *dst, const draft *src)
{
    for (size_t i = 0; i < src->nu; i++) {
        dst->u = bm_dump_grow(x->tmp, dst->u, dst->nu, &dst->capu,
                              sizeof *dst->u);
        dst->u[dst->nu++] = src->u[i];
    }
}

static void adopt_orphans(ctx *x)
{
    size_t f = 0;                 /* the first story */
    while (f < x->ndr && orphan(&x->dr[f]))
        f++;
    if (f == x->ndr)
        return;                   /* nothing but orphans: keep them */
    draft first = x->dr[f];
    if (f > 0) {                  /* text at the top opens the first story */
        first.u = NULL;
        first.nu = first.capu = 0;
        for (size_t l = 0; l < f; l++) {
            bm_diags_add(&x->ed->diags, BM_WARNING, x->file, x->dr[l].line,
                         0, "text with no headline of its own kept in the "
                         "article after it (line %d)", x->dr[f].line);
            take_units(x, &first, &x->dr[l]);
        }
        take_units(x, &first, &x->dr[f]);
    }
    x->dr[0] = first;
    size_t o = 1;
    for (size_t k = f + 1; k < x->ndr; k++) {
        if (!orphan(&x->dr[k])) {
            x->dr[o++] = x->dr[k];
            continue;
        }
        bm_diags_add(&x->ed->diags, BM_WARNING, x->file, x->dr[k].line, 0,
                     "text with no headline of its own kept in the article "
                     "before it (line %d)", x->dr[o - 1].line);
        take_units(x, &x->dr[o - 1], &x->dr[k]);
    }
    x->ndr = o;
}

bm_status bm_ingest_dump_mem(bm_edition *ed, const char *name,
                             const char *data, size_t len, bm_error *err)
{
    size_t start;
    bm_status st = bm_dump_check_bytes(name, data, len, &start, err);
    if (st != BM_OK)
        return st;
    ctx x;
    memset(&x, 0, sizeof x);
    x.tmp = bm_arena_new();
    x.ed = ed;
    x.file = bm_arena_strdup(ed->arena, name);
    /* the model's text is NFC (model.h): normalise once, before any rule
       looks at a character; line breaks are starters, so lines stay */
    char *nfc;
    size_t nlen;
    st = bm_text_nfc(data + start, len - start, x.tmp, &nfc, &nlen, err);
    if (st != BM_OK) {
        bm_error_set(err, st, name, 0, 0, "%s", err->msg);
        bm_arena_free(x.tmp);
        return st;
    }
    bm_dump_read_items(&x, nfc, 0, nlen);
    size_t real = 0;
    for (size_t k = 0; k < x.nit; k++)
        real += bm_dump_has_text(&x.it[k].text);
    if (!real) {
        bm_arena_free(x.tmp);
        return bm_error_set(err, BM_INPUT, name, 1, 0,
                            len ? "no text to import: the page dump has no "
                                  "letters, digits or Han characters"
                                : "the page dump is empty");
    }
    for (size_t k = 0; k < x.nit; k++)
        bm_dump_classify(&x, &x.it[k]);
    /* whole blocks extracted twice */
    for (size_t k = 1; k < x.nit; k++) {
        item *it = &x.it[k];
        if (it->kind != IT_BODY || bm_dump_nonspace(&it->text) < 8)
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
    bm_dump_detect_spacing(&x);
    {
        bm_error we;            /* without a dictionary, no word evidence */
        bm_error_init(&we);
        if (bm_words_new(&x.words, &we) != BM_OK)
            x.words = NULL;
    }
    x.pg = bm_edition_add_page(ed, NULL, (bm_src){x.file, 1, 0});
    x.pg->dump = x.file;
    bm_dump_walk(&x);
    adopt_orphans(&x);
    for (size_t k = 0; k < x.ndr; k++) {
        bm_ustr code = {0};
        bm_dump_repair(&x, &x.dr[k], &code);
        bm_dump_article(&x, &x.dr[k], (int)k, code);
    }
    if (x.pg->nsections)
        x.pg->section = x.pg->sections[0];
    bm_words_free(x.words);
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

