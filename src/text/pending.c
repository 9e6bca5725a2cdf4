/* pending.c - placeholder until the text stage lands (issue 3). */
#include "text.h"

bm_cls bm_text_class(uint32_t cp)
{
    (void)cp;
    return BM_CLS_OTHER;
}

bm_status bm_text_nfc(const char *s, size_t n, bm_arena *a, char **out,
                      size_t *outlen, bm_error *err)
{
    (void)s, (void)n, (void)a, (void)out, (void)outlen;
    return bm_error_set(err, BM_INTERNAL, NULL, 0, 0, "text stage not built yet");
}

bm_status bm_text_analyze(const char *s, size_t n, bm_kinsoku level,
                          bm_arena *a, bm_tchar **out, size_t *nout,
                          bm_error *err)
{
    (void)s, (void)n, (void)level, (void)a, (void)out, (void)nout;
    return bm_error_set(err, BM_INTERNAL, NULL, 0, 0, "text stage not built yet");
}
