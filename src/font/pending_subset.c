/* pending_subset.c - placeholder until PDF font subsetting lands (issue 4). */
#include "font.h"

bm_status bm_font_subset(const bm_face *f, const uint32_t *gids, size_t n, unsigned char **data, size_t *len, uint32_t *new_gid, bm_error *err)
{
    (void)f, (void)gids, (void)n, (void)data, (void)len, (void)new_gid;
    return bm_error_set(err, BM_INTERNAL, NULL, 0, 0, "font subsetting not built yet");
}
