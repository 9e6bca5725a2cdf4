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
    bm_dump_read_items(&x, data, start, len);
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
    if (x.spaced) {
        UErrorCode ust = U_ZERO_ERROR;
        x.words = ubrk_open(UBRK_WORD, "zh", NULL, 0, &ust);
        if (U_FAILURE(ust))
            x.words = NULL;
    }
    x.pg = bm_edition_add_page(ed, NULL, (bm_src){x.file, 1, 0});
    x.pg->dump = x.file;
    bm_dump_walk(&x);
    for (size_t k = 0; k < x.ndr; k++) {
        bm_ustr code = {0};
        bm_dump_repair(&x, &x.dr[k], &code);
        bm_dump_article(&x, &x.dr[k], (int)k, code);
    }
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

