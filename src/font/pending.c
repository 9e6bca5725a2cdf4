/* pending.c - placeholder until the font stage lands (issue 3). */
#include "font.h"

bm_status bm_fontset_open(const char *conf_path, bm_fontset **out,
                          bm_error *err)
{
    (void)out;
    return bm_error_set(err, BM_INTERNAL, conf_path, 0, 0,
                        "font stage not built yet");
}
void bm_fontset_close(bm_fontset *fs) { (void)fs; }
size_t bm_fontset_nfaces(const bm_fontset *fs) { (void)fs; return 0; }
const bm_face *bm_fontset_face(const bm_fontset *fs, size_t i) { (void)fs, (void)i; return NULL; }
size_t bm_face_index(const bm_face *f) { (void)f; return 0; }
const char *bm_face_path(const bm_face *f) { (void)f; return NULL; }
unsigned bm_face_ttc_index(const bm_face *f) { (void)f; return 0; }
int bm_face_is_cff(const bm_face *f) { (void)f; return 0; }
const char *bm_face_name(const bm_face *f) { (void)f; return NULL; }
unsigned bm_face_upem(const bm_face *f) { (void)f; return 1000; }
void bm_face_vmetrics(const bm_face *f, int *asc, int *desc) { (void)f; *asc = 880; *desc = -120; }
const bm_face *bm_fontset_pick(const bm_fontset *fs, bm_role role, uint32_t cp) { (void)fs, (void)role, (void)cp; return NULL; }
uint32_t bm_face_glyph(const bm_face *f, uint32_t cp) { (void)f, (void)cp; return 0; }
bm_fix bm_face_advance(const bm_face *f, uint32_t gid, bm_fix size) { (void)f, (void)gid; return size; }
void bm_face_extents(const bm_face *f, uint32_t gid, bm_fix size, bm_fix *x0, bm_fix *x1, bm_fix *y0, bm_fix *y1)
{ (void)f, (void)gid; *x0 = 0; *x1 = size; *y0 = 0; *y1 = size; }
bm_status bm_font_shape(const bm_face *f, const char *text, size_t len, bm_fix size, const char *features, bm_arena *a, bm_shaped **out, size_t *n, bm_error *err)
{
    (void)f, (void)text, (void)len, (void)size, (void)features, (void)a, (void)out, (void)n;
    return bm_error_set(err, BM_INTERNAL, NULL, 0, 0, "font stage not built yet");
}
