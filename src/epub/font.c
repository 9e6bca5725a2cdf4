/* font.c - the embedded body-font subset (opt->embed_font). */
#include "epub_private.h"

bm_status ep_embed_font(ep_ctx *c, bm_error *err)
{
    return bm_error_set(err, BM_FONT, c->opt->embed_font, 0, 0,
                        "font embedding in EPUB is not built yet");
}
