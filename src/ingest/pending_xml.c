/* pending_xml.c - placeholder until the XML readers land (issue 2). */
#include "ingest.h"

bm_status bm_ingest_edition(const char *dir, bm_edition **out,
                            bm_diags *all_errors, bm_error *err)
{
    (void)out, (void)all_errors;
    return bm_error_set(err, BM_INTERNAL, dir, 0, 0,
                        "editions cannot be read by this build yet");
}

bm_status bm_ingest_write_edition(const bm_edition *ed, const char *dir,
                                  bm_error *err)
{
    (void)ed;
    return bm_error_set(err, BM_INTERNAL, dir, 0, 0,
                        "editions cannot be written by this build yet");
}
