/*
 * dump_repair.c - what extraction broke, put back per article: the byline
 * (wherever it was printed), editor codes, printed lines moved to the
 * wrong place, paragraphs cut at column ends.
 */
#include "dump_private.h"

#include <stdlib.h>
#include <string.h>

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
        dst->ch = bm_dump_grow(a, dst->ch, dst->nch, &dst->capch, sizeof *dst->ch);
        dst->ch[dst->nch++] = src->ch[i];
    }
    dst->last_nch = src->nch;
    dst->nblocks += src->nblocks;
    if (src->code.n)
        dst->code = src->code;
}

/* Pieces joined by single spaces (cleaned up later). */
bm_ustr bm_dump_unit_text(bm_arena *a, const unit *u)
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
 * The first `head` and the last `tail` characters of u's text (pieces
 * joined by spaces), as one string: all the column-cut test looks at (the
 * opening and closing marks, the sentence end, the clause after a quote).
 * Building the whole text there made rejoining a page of thousands of
 * short lines quadratic in time and memory.
 */
static bm_ustr unit_ends(bm_arena *a, const unit *u, size_t head, size_t tail)
{
    size_t total = u->nch ? u->nch - 1 : 0;
    for (size_t i = 0; i < u->nch && total <= head + tail; i++)
        total += u->ch[i].n;
    if (total <= head + tail)
        return bm_dump_unit_text(a, u);
    bm_ustr t = {0};
    for (size_t i = 0; i < u->nch && t.n < head; i++) {
        if (i)
            bm_us_push(a, &t, ' ', u->line);
        bm_ustr p = u->ch[i];
        if (p.n > head - t.n)
            p.n = head - t.n;
        bm_us_append(a, &t, &p);
    }
    /* the tail: pieces from the end, back to `tail` characters */
    size_t k = u->nch, got = 0;
    while (k > 0 && got < tail) {
        k--;
        got += u->ch[k].n + (k + 1 < u->nch);
    }
    for (size_t i = k; i < u->nch; i++) {
        if (i > k)
            bm_us_push(a, &t, ' ', u->line);
        bm_ustr p = u->ch[i];
        if (i == k && got > tail) {   /* only the end of the first one */
            size_t cut = got - tail < p.n ? got - tail : p.n;
            p.c += cut, p.ln += cut, p.n -= cut;
        }
        bm_us_append(a, &t, &p);
    }
    return t;
}

/*
 * Cuts a byline prefix off the para unit u (in its text with spaces) and
 * returns it; the pieces of u are rebuilt from what is left.
 */
static bm_ustr take_byline(ctx *x, unit *u, int cut_ok)
{
    bm_ustr t = bm_dump_unit_text(x->tmp, u), bl = {0};
    size_t n = bm_dump_byline_len(&t);
    if (!n && cut_ok)
        n = bm_dump_cut_byline_len(&t);
    if (!n)
        return bl;
    bl = bm_us_sub(x->tmp, &t, 0, n);
    bm_ustr rest = bm_us_sub(x->tmp, &t, n, t.n);
    u->nch = 0;
    bm_dump_split_pieces(x->tmp, &rest, u);
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

/*
 * Does the junction between the end of p and the start of q fall inside a
 * word of ICU's Chinese dictionary?  1 yes, 0 no (a word boundary), -1
 * unknown (not Han on both sides, or no breaker).
 */
int bm_dump_in_word(ctx *x, const bm_ustr *p, const bm_ustr *q)
{
    if (!x->words || !p->n || !q->n || !bm_ch_han(p->c[p->n - 1]) ||
        !bm_ch_han(q->c[0]))
        return -1;
    uint32_t buf[10];
    size_t n = 0;
    size_t from = p->n > 5 ? p->n - 5 : 0;
    for (size_t i = from; i < p->n; i++) {
        if (!bm_ch_han(p->c[i]))
            n = 0;
        else
            buf[n++] = p->c[i];
    }
    size_t junction = n;
    for (size_t i = 0; i < q->n && i < 5 && bm_ch_han(q->c[i]); i++)
        buf[n++] = q->c[i];
    return bm_words_inside(x->words, buf, n, junction);
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
            if (full - bm_dump_line_width(X) >= 3 ||
                bm_dump_in_word(x, A, B) != 1 ||
                bm_dump_in_word(x, A, X) != 0 || bm_dump_in_word(x, X, B) != 0)
                continue;
            int best = 0, nbest = 0;
            size_t bv = 0, bj = 0;
            for (size_t v = 0; v < np; v++) {
                unit *w = paras[v];
                for (size_t j = 1; j < w->nch; j++) {
                    if (w == u && (j == i || j == i + 1))
                        continue;
                    bm_ustr *P = &w->ch[j - 1], *Q = &w->ch[j];
                    if (bm_dump_in_word(x, P, Q) != 0)
                        continue;
                    int sc = (bm_dump_in_word(x, P, X) == 1) + (bm_dump_in_word(x, X, Q) == 1);
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
            w->ch = bm_dump_grow(x->tmp, w->ch, w->nch, &w->capch, sizeof *w->ch);
            memmove(w->ch + bj + 1, w->ch + bj, (w->nch - bj) * sizeof *w->ch);
            w->ch[bj] = moved;
            w->nch++;
            w->last_nch = w->nch;
            u->last_nch = u->nch;
            i = 0;                 /* the unit changed: look again */
        }
    }
}


/* A list item: a line opening with a bullet (• 拨打…热线;) stands alone. */
static int list_item(const bm_ustr *s)
{
    if (!s->n)
        return 0;
    switch (s->c[0]) {
    case 0x2022: case 0x25CF: case 0x25CB: case 0x25A0: case 0x25A1:
    case 0x25C6: case 0x25C7: case 0x25B2: case 0x25B3: case 0x2605:
    case 0x2606: case 0x30FB:
        return 1;
    default:
        return 0;
    }
}

/*
 * A block that is one whole quotation (“…。”) followed by a block whose
 * first clause names the speaker (黄德翀说。 家住…的退休教师吴翀说。): the
 * column cut fell between a quotation and its attribution, inside one
 * paragraph.  The clause has no quote of its own, at most 24 characters,
 * and ends in a verb of saying.
 */
static int attribution(const bm_ustr *a, const bm_ustr *b)
{
    static const char *const verbs[] = {"说", "表示", "介绍", "告诉记者",
                                        "坦言", "感慨", "笑着说", NULL};
    if (a->n < 4 || b->n < 2)
        return 0;
    uint32_t open = a->c[0], close = a->c[a->n - 1];
    if (!((open == 0x201C && close == 0x201D) || (open == '"' && close == '"')))
        return 0;
    if (a->n < 2 || !bm_dump_ends_sentence(a))
        return 0;
    size_t k = 0;
    while (k < b->n && k <= 24 && b->c[k] != 0x3002 && b->c[k] != 0xFF0C &&
           b->c[k] != ',' && b->c[k] != 0x201C && b->c[k] != '"')
        k++;
    if (k < 2 || k > 24 || k >= b->n || b->c[k] == 0x201C || b->c[k] == '"')
        return 0;
    bm_ustr clause = *b;
    clause.n = k;
    for (int v = 0; verbs[v]; v++)
        if (bm_us_ends(&clause, verbs[v]))
            return 1;
    return 0;
}

void bm_dump_repair(ctx *x, draft *d, bm_ustr *code_out)
{
    bm_arena *a = x->tmp;
    bm_diags *dg = &x->ed->diags;
    unit **paras = bm_arena_alloc(a, (d->nu + 1) * sizeof *paras);
    size_t np = 0;
    for (size_t i = 0; i < d->nu; i++)
        if (d->u[i].kind == U_PARA)
            paras[np++] = &d->u[i];
    /* width evidence is per article: a page may mix both kinds */
    int spaced = x->spaced && bm_dump_pieces_spaced(paras, np);
    int full = spaced ? bm_dump_full_width(a, paras, np, 5) : 0;
    if (spaced && !full)
        full = x->page_full;
    d->full = spaced ? full : 0;

    /* byline: at the start of the first block, or (moved) later */
    if (np && !d->byline.n)
        d->byline = take_byline(x, paras[0], !d->photo_line);
    if (np && !d->byline.n) {
        for (size_t k = 1; k < np; k++) {
            if (!bm_dump_byline_len(&paras[k]->ch[0]) && !(paras[k]->nch &&
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
                    paras[0]->ch = bm_dump_grow(a, paras[0]->ch, 0, &paras[0]->capch,
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
                last->ch = bm_dump_grow(a, last->ch, last->nch, &last->capch,
                                 sizeof *last->ch);
                last->ch[last->nch++] = piece;
            }
        }
    }
    for (size_t i = 0; i < d->nu; i++) {
        unit *u = &d->u[i];
        if (u->kind != U_CAPTION || !u->code.n)
            continue;
        if (!code.n && !u->own_code) {
            code = u->code;
            u->code.n = 0;
        }   /* else the article's code is the one after its text: this one
               stays with the caption (bm_block.code) */
    }

    if (spaced && full)
        reorder_lines(x, paras, np, full);

    /* rejoin paragraphs cut at column ends: paras[0..w] are kept, A is
     * the last of them; `scan` walks once over what lies between A and the
     * next candidate B, so a run of thousands of joins stays linear */
    size_t w = 0;
    unit *scan = np ? paras[0] + 1 : NULL;
    for (size_t k = 1; k < np; k++) {
        unit *A = paras[w], *B = paras[k];
        unit *end = d->u + d->nu;
        while (scan < end && scan < B &&   /* pictures set inside the text */
               (scan->line == -1 || scan->kind == U_CAPTION ||
                scan->kind == U_CREDIT || scan->kind == U_NOTE))
            scan++;
        unit *nx = B > A ? scan : NULL;   /* the next paragraph after A */
        int join;
        if (!A->nch || !B->nch || nx != B || list_item(&A->ch[0]) ||
            list_item(&B->ch[0])) {
            join = 0;
        } else if (spaced && full) {
            /* B's first line is not indented: B goes on with A's
               paragraph, unless A visibly ended it (a sentence end on a
               short last line that is not also its indented first line) */
            int b_full = full - bm_dump_first_width(B) < 3;
            int a_last_full = full - bm_dump_width(&A->ch[A->nch - 1]) < 3;
            bm_ustr at = unit_ends(a, A, 16, 16), bt = unit_ends(a, B, 32, 16);
            if (attribution(&at, &bt))
                join = 1;
            else if (bm_dump_ends_sentence(&at))
                join = b_full &&
                       ((A->nblocks == 1 && A->nch == 1) || a_last_full);
            else   /* A's sentence is open: a word across the cut (百|分点)
                      joins; so does a last line that ran to the column end
                      when B's first line is wider than an indented one (a
                      " may print full-width) or B is one line, which shows
                      no indent at all */
                join = b_full ||
                       bm_dump_in_word(x, &A->ch[A->nch - 1], &B->ch[0]) == 1 ||
                       (a_last_full && (B->nch == 1 ||
                                        full - bm_dump_first_width(B) < 4));
        } else {
            bm_ustr at = unit_ends(a, A, 16, 16), bt = unit_ends(a, B, 32, 16);
            join = !bm_dump_ends_sentence(&at) || attribution(&at, &bt);
        }
        if (!join) {
            paras[++w] = B;
            scan = B + 1;
            continue;
        }
        glue(a, A, B);
        B->nch = 0;
        B->line = -1;              /* consumed */
    }
    np = np ? w + 1 : 0;
    *code_out = code;
}
