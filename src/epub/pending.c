/* pending.c - placeholder until the EPUB back end lands (issue 5). */
#include "epub.h"

bm_status bm_epub_write(const bm_edition *ed, const bm_epub_options *opt,
                        const char *path, bm_error *err)
{
    (void)ed, (void)opt;
    return bm_error_set(err, BM_INTERNAL, path, 0, 0, "EPUB back end not built yet");
}
