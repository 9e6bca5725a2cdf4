/*
 * fuzz_build.c - a whole build from one page dump: import, lay out on the
 * broadsheet layout, write every format into a temp directory (the build
 * driver, as the CLI runs it).
 *
 * Invariants: the build returns BM_OK or BM_INPUT (a laid-out page failing
 * bm_page_check is BM_INTERNAL); when a writer fails, no output file is left
 * behind.
 */
#include "fuzz.h"

#include "build/build.h"
#include "ingest/ingest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <unistd.h>

static bm_arena *lay_arena;
static bm_layout *lay;

/* Frees what Initialize opened, so LeakSanitizer sees a clean exit. */
static void cleanup(void)
{
    bm_arena_free(lay_arena);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    bm_fuzz_fonts();
    atexit(cleanup);
    char path[4096];
    bm_error err = {0};
    snprintf(path, sizeof path, "%s/layouts", bm_fuzz_root());
    lay_arena = bm_arena_new();
    if (bm_ingest_layout("broadsheet", path, lay_arena, &lay, &err) != BM_OK)
        bm_fuzz_fail("bm_ingest_layout", err.msg);
    return 0;
}

static void expect_ok_or_input(bm_status s, const bm_error *err,
                               const char *stage)
{
    if (s != BM_OK && s != BM_INPUT)
        bm_fuzz_fail(stage, err->msg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bm_edition *ed = bm_edition_new();
    bm_build *b = NULL;
    bm_error err = {0};

    ed->title = "河西日报";
    ed->date = "2026-11-20";
    ed->issue = "1";
    ed->publisher = "河西日报社";
    ed->lang = "zh-CN";
    bm_status s = bm_ingest_dump_mem(ed, "fuzz.txt", (const char *)data,
                                     size, &err);
    expect_ok_or_input(s, &err, "import");
    if (s != BM_OK)
        goto done;
    bm_build_options o = {0};
    o.edition = ed;
    o.lay = lay;
    o.fonts = bm_fuzz_fonts();
    o.outdir = bm_fuzz_tmpdir();
    o.formats = BM_FORMAT_ALL;
    o.png_dpi = 18;   /* page images: every drawing path, few pixels */
    o.cover_height = 100;
    s = bm_build_run(&o, &b, &err);
    expect_ok_or_input(s, &err, "build");
    /* every laid-out page passed bm_page_check inside the build (a failure
     * there is BM_INTERNAL, caught above) */
    for (size_t i = 0; i < b->noutputs; i++) {
        const bm_build_output *w = &b->outputs[i];
        if (!w->done && access(w->path, F_OK) == 0)
            bm_fuzz_fail(w->format, "failed write left a file behind");
        if (unlink(w->path) != 0) { /* the ALTO folder */
            DIR *dir = opendir(w->path);
            struct dirent *e;
            while (dir && (e = readdir(dir)))
                if (e->d_name[0] != '.')
                    unlink(bm_path_join(ed->arena, w->path, e->d_name));
            if (dir)
                closedir(dir);
            rmdir(w->path);
        }
    }
done:
    bm_build_free(b);
    bm_edition_free(ed);
    return 0;
}
