/* pending_page.c - placeholder until the page composer lands (issue 4). */
#include "layout.h"

bm_status bm_layout_edition(const bm_edition *ed, const bm_layout *lay,
                            const bm_fontset *fs, bm_diags *diags,
                            void (*progress)(void *ctx, int done, int total),
                            void *ctx, bm_layout_doc **out, bm_error *err)
{
    (void)ed, (void)lay, (void)fs, (void)diags, (void)progress, (void)ctx, (void)out;
    return bm_error_set(err, BM_INTERNAL, NULL, 0, 0, "page composer not built yet");
}
void bm_layout_doc_free(bm_layout_doc *doc) { (void)doc; }
bm_status bm_layout_dump_json(const bm_layout_doc *doc, const char *path,
                              bm_error *err)
{
    (void)doc;
    return bm_error_set(err, BM_INTERNAL, path, 0, 0, "page composer not built yet");
}
bm_status bm_page_check(const bm_lpage *pg, bm_error *err)
{
    (void)pg;
    return bm_error_set(err, BM_INTERNAL, NULL, 0, 0, "page composer not built yet");
}
