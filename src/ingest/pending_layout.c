/* pending_layout.c - placeholder until layout files can be read (issue 4). */
#include "ingest.h"

bm_status bm_ingest_layout(const char *name_or_file, const char *layouts_dir,
                           bm_arena *a, struct bm_layout **out, bm_error *err)
{
    (void)layouts_dir, (void)a, (void)out;
    return bm_error_set(err, BM_INTERNAL, name_or_file, 0, 0,
                        "layouts cannot be read by this build yet");
}
