/*
 * shape.c - HarfBuzz shaping of one run in one face.
 *
 * The hb_font stays at scale = upem, so HarfBuzz returns font units and the
 * one rounding to 1/64 pt is ours (bm_font_scale), the same rounding as
 * bm_face_advance: a run's advances equal the per-glyph advances except
 * where the font's GPOS (kerning, halt, chws) changed them.
 *
 * The buffer keeps HarfBuzz's default cluster level (monotone graphemes):
 * clusters are increasing byte offsets and a combining mark shares its
 * base's cluster, which is the unit the layout breaks at anyway.  Asking
 * for per-character clusters (MONOTONE_CHARACTERS) halved the speed on
 * Noto Serif CJK (4.3 -> 2.5 M characters/s on the corpus lines).
 */
#include "font_private.h"

#include <string.h>

bm_status bm_font_shape(const bm_face *f, const char *text, size_t len,
                        bm_fix size, const char *features, bm_arena *a,
                        bm_shaped **out, size_t *n, bm_error *err)
{
    *out = NULL;
    *n = 0;
    if (len > 0x3FFFFFFF)
        return bm_error_set(err, BM_INPUT, NULL, 0, 0,
                            "text run too long to shape (%zu bytes)", len);
    if (bm_utf8_check(text, len) != len)
        return bm_error_set(err, BM_INPUT, NULL, 0, 0,
                            "invalid UTF-8 in a text run at byte %zu",
                            bm_utf8_check(text, len));

    /* features: "halt,chws" or "kern=0, +liga" */
    hb_feature_t feats[32];
    unsigned nfeat = 0;
    if (features) {
        const char *p = features;
        while (*p) {
            while (*p == ',' || *p == ' ')
                p++;
            const char *s = p;
            while (*p && *p != ',')
                p++;
            size_t l = (size_t)(p - s);
            while (l && s[l - 1] == ' ')
                l--;
            if (!l)
                continue;
            if (nfeat == sizeof feats / sizeof feats[0] ||
                !hb_feature_from_string(s, (int)l, &feats[nfeat]))
                return bm_error_set(err, BM_INPUT, NULL, 0, 0,
                                    "bad OpenType feature '%.*s' in '%s'",
                                    (int)l, s, features);
            nfeat++;
        }
    }

    hb_buffer_t *buf = hb_buffer_create();
    hb_buffer_add_utf8(buf, text, (int)len, 0, (int)len);
    hb_buffer_guess_segment_properties(buf);
    hb_buffer_set_direction(buf, HB_DIRECTION_LTR);
    hb_buffer_set_language(buf, hb_language_from_string("zh-Hans", -1));
    hb_shape(f->hb_font, buf, nfeat ? feats : NULL, nfeat);

    unsigned cnt = 0;
    hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buf, &cnt);
    hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(buf, &cnt);
    bm_shaped *g = bm_arena_alloc(a, (cnt ? cnt : 1) * sizeof *g);
    for (unsigned i = 0; i < cnt; i++) {
        g[i].gid = info[i].codepoint;
        g[i].cluster = info[i].cluster;
        g[i].adv = bm_font_scale(pos[i].x_advance, size, f->upem);
        g[i].xoff = bm_font_scale(pos[i].x_offset, size, f->upem);
        g[i].yoff = bm_font_scale(pos[i].y_offset, size, f->upem);
    }
    hb_buffer_destroy(buf);
    *out = g;
    *n = cnt;
    return BM_OK;
}
