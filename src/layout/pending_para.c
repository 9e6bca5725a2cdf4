/* pending_para.c - placeholder until the paragraph composer lands (issue 3). */
#include "layout.h"

bm_status bm_composer_new(const bm_fontset *fs, bm_diags *diags,
                          bm_composer **out, bm_error *err)
{
    (void)fs, (void)diags, (void)out;
    return bm_error_set(err, BM_INTERNAL, NULL, 0, 0, "composer not built yet");
}
void bm_composer_free(bm_composer *c) { (void)c; }
bm_status bm_para_compose(bm_composer *c, const char *text, size_t len,
                          const bm_para_style *st, const bm_src *src,
                          bm_arena *a, bm_pline **lines, size_t *nlines,
                          bm_error *err)
{
    (void)c, (void)text, (void)len, (void)st, (void)src, (void)a, (void)lines, (void)nlines;
    return bm_error_set(err, BM_INTERNAL, NULL, 0, 0, "composer not built yet");
}
