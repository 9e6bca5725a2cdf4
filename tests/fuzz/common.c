/*
 * common.c - helpers shared by the harnesses (see fuzz.h).
 */
#include "fuzz.h"

#include "font/font.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef BM_SOURCE_ROOT
#define BM_SOURCE_ROOT "."
#endif

const char *bm_fuzz_root(void)
{
    const char *r = getenv("BANMIAN_ROOT");
    return r && *r ? r : BM_SOURCE_ROOT;
}

const char *bm_fuzz_tmpdir(void)
{
    static char dir[PATH_MAX];
    if (!dir[0]) {
        const char *t = getenv("TMPDIR");
        snprintf(dir, sizeof dir, "%s/bm-fuzz-XXXXXX", t && *t ? t : "/tmp");
        if (!mkdtemp(dir))
            bm_fuzz_fail("mkdtemp", dir);
    }
    return dir;
}

void bm_fuzz_fail(const char *what, const char *detail)
{
    fprintf(stderr, "fuzz invariant broken: %s: %s\n", what,
            detail ? detail : "");
    abort();
}

static bm_fontset *fonts;

static void close_fonts(void)
{
    bm_fontset_close(fonts);
}

bm_fontset *bm_fuzz_fonts(void)
{
    if (!fonts) {
        char path[PATH_MAX];
        bm_error err = {0};
        snprintf(path, sizeof path, "%s/fonts/fonts.conf", bm_fuzz_root());
        if (bm_fontset_open(path, &fonts, &err) != BM_OK)
            bm_fuzz_fail("bm_fontset_open", err.msg);
        atexit(close_fonts);
    }
    return fonts;
}
