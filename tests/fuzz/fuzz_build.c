/*
 * fuzz_build.c - a whole build from one page dump: import, lay out on the
 * broadsheet layout, write the PDF and the EPUB into a temp directory.
 *
 * Invariants: every stage returns BM_OK or BM_INPUT; a laid-out page passes
 * bm_page_check; when a writer fails, no output file is left behind.
 */
#include "fuzz.h"

#include "epub/epub.h"
#include "ingest/ingest.h"
#include "layout/layout.h"
#include "pdf/pdf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static bm_fontset *fonts;
static bm_arena *lay_arena;
static bm_layout *lay;

/* Frees what Initialize opened, so LeakSanitizer sees a clean exit. */
static void cleanup(void)
{
    bm_fontset_close(fonts);
    bm_arena_free(lay_arena);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    atexit(cleanup);
    char path[4096];
    bm_error err = {0};
    snprintf(path, sizeof path, "%s/fonts/fonts.conf", bm_fuzz_root());
    if (bm_fontset_open(path, &fonts, &err) != BM_OK)
        bm_fuzz_fail("bm_fontset_open", err.msg);
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
    bm_layout_doc *doc = NULL;
    bm_error err = {0};
    char pdf[4096], epub[4096];
    snprintf(pdf, sizeof pdf, "%s/out.pdf", bm_fuzz_tmpdir());
    snprintf(epub, sizeof epub, "%s/out.epub", bm_fuzz_tmpdir());
    unlink(pdf);
    unlink(epub);

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
    s = bm_layout_edition(ed, lay, fonts, &ed->diags, NULL, NULL, &doc, &err);
    expect_ok_or_input(s, &err, "layout");
    if (s != BM_OK)
        goto done;
    for (size_t i = 0; i < doc->npages; i++) {
        bm_error perr = {0};
        if (bm_page_check(&doc->pages[i], &perr) != BM_OK)
            bm_fuzz_fail("bm_page_check", perr.msg);
    }
    bm_pdf_options popt = {0};
    s = bm_pdf_write(doc, &popt, pdf, &err);
    expect_ok_or_input(s, &err, "pdf");
    if (s != BM_OK && access(pdf, F_OK) == 0)
        bm_fuzz_fail("pdf", "failed write left a file behind");
    bm_epub_options eopt = {0};
    s = bm_epub_write(ed, &eopt, epub, &err);
    expect_ok_or_input(s, &err, "epub");
    if (s != BM_OK && access(epub, F_OK) == 0)
        bm_fuzz_fail("epub", "failed write left a file behind");
done:
    bm_layout_doc_free(doc);
    bm_edition_free(ed);
    return 0;
}
