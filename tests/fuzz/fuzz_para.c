/*
 * fuzz_para.c - the paragraph composer on arbitrary text and measures.
 *
 * Byte 0 picks the measure (4..43 em), byte 1 the style (alignment,
 * indent, kinsoku level), the rest is the paragraph (skipped unless valid
 * UTF-8: the model only holds valid text).  Invariants: BM_OK or BM_INPUT;
 * the lines cover the text exactly once, in order, without gaps; every
 * glyph's cluster lies inside its line and glyph text covers every byte.
 */
#include "fuzz.h"

#include "layout/layout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bm_composer *composer;
static bm_arena *diag_arena;
static bm_diags diags;

/* Frees what Initialize opened, so LeakSanitizer sees a clean exit. */
static void cleanup(void)
{
    bm_composer_free(composer);
    bm_arena_free(diag_arena);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    bm_fontset *fonts = bm_fuzz_fonts(); /* closed after cleanup runs */
    atexit(cleanup);
    bm_error err = {0};
    diag_arena = bm_arena_new();
    bm_diags_init(&diags, diag_arena);
    if (bm_composer_new(fonts, &diags, &composer, &err) != BM_OK)
        bm_fuzz_fail("bm_composer_new", err.msg);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    const char *text = (const char *)data + 2;
    size_t len = size - 2;
    if (bm_utf8_check(text, len) != len)
        return 0;

    /* Warnings of earlier inputs are of no interest: start each empty. */
    bm_arena_reset(diag_arena);
    bm_diags_init(&diags, diag_arena);

    bm_fix em = 9 * 64;
    bm_para_style st;
    memset(&st, 0, sizeof st);
    st.role = (data[1] >> 4) % BM_FONT_ROLE_COUNT;
    st.size = em;
    st.measure = (4 + data[0] % 40) * em;
    st.indent = (data[1] & 1) ? 2 * em : 0;
    st.align = (data[1] & 2) ? BM_ALIGN_START : BM_ALIGN_JUSTIFY;
    st.kinsoku = (data[1] & 4) ? BM_KINSOKU_STRICT : BM_KINSOKU_GB;
    st.compress = BM_COMPRESS_QUANJIAO;
    st.min_last = 2;

    bm_arena *a = bm_arena_new();
    bm_pline *lines = NULL;
    size_t n = 0;
    bm_error err = {0};
    bm_src src = {"fuzz.txt", 1, 1};
    bm_status s = bm_para_compose(composer, text, len, &st, &src, a, &lines,
                                  &n, &err);
    if (s == BM_OK) {
        size_t pos = 0;
        for (size_t i = 0; i < n; i++) {
            const bm_pline *l = &lines[i];
            if (l->start != pos || l->end < l->start || l->end > len)
                bm_fuzz_fail("line ranges", "gap, overlap or disorder");
            size_t covered = l->start;
            for (size_t g = 0; g < l->nglyphs; g++) {
                const bm_glyph *gl = &l->glyphs[g];
                if (gl->nbytes == 0)
                    continue;
                if (l->start + gl->cluster < covered)
                    continue; /* ligature/reordered clusters: text once */
                covered = l->start + gl->cluster + gl->nbytes;
                if (covered > l->end)
                    bm_fuzz_fail("glyph cluster", "beyond its line");
            }
            pos = l->end;
        }
        if (pos != len && len > 0)
            bm_fuzz_fail("line ranges", "text not covered to its end");
    } else if (s != BM_INPUT) {
        bm_fuzz_fail("status", err.msg);
    }
    bm_arena_free(a);
    return 0;
}
