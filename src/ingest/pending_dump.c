/* pending_dump.c - placeholder until the page-dump importer lands (issue 2). */
#include "ingest.h"

bm_status bm_ingest_dump(bm_edition *ed, const char *path, bm_error *err)
{
    (void)ed;
    return bm_error_set(err, BM_INTERNAL, path, 0, 0,
                        "page dumps cannot be imported by this build yet");
}

bm_status bm_ingest_dump_mem(bm_edition *ed, const char *name,
                             const char *data, size_t len, bm_error *err)
{
    (void)ed, (void)data, (void)len;
    return bm_error_set(err, BM_INTERNAL, name, 0, 0,
                        "page dumps cannot be imported by this build yet");
}

void bm_ingest_dump_json(const bm_edition *ed, const bm_page *pg,
                         const char *source, bm_buf *out)
{
    (void)ed, (void)pg, (void)source, (void)out;
}
