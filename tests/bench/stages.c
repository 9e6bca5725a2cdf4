/*
 * stages.c - times each stage of a build in one process, for `make bench`.
 *
 *   bench_stages EDITION_DIR ROOT OUT_DIR
 *
 * Runs ingest, font set-up, compose, PDF and EPUB once and prints one JSON
 * object: wall and CPU seconds per stage, the characters composed (text of
 * every line) and peak RSS.  tests/bench/run.py calls it several times and
 * takes medians; the end-to-end figure comes from running the CLI itself.
 */
#include "epub/epub.h"
#include "ingest/ingest.h"
#include "layout/layout.h"
#include "pdf/pdf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

typedef struct stamp {
    double wall, cpu;
} stamp;

static stamp now(void)
{
    struct timespec w, c;
    clock_gettime(CLOCK_MONOTONIC, &w);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c);
    return (stamp){w.tv_sec + w.tv_nsec / 1e9, c.tv_sec + c.tv_nsec / 1e9};
}

static void lap(const char *name, stamp *t, int last)
{
    stamp n = now();
    printf("\"%s\": {\"wall\": %.6f, \"cpu\": %.6f}%s ", name, n.wall - t->wall,
           n.cpu - t->cpu, last ? "" : ",");
    *t = n;
}

static int die(const char *stage, const bm_error *err)
{
    fprintf(stderr, "bench_stages: %s: %s:%d: %s\n", stage,
            err->file ? err->file : "", err->line, err->msg);
    return 3;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: bench_stages EDITION_DIR ROOT OUT_DIR\n");
        return 2;
    }
    char path[4096], pdf[4096], epub[4096];
    bm_error err = {0};
    bm_edition *ed = NULL;
    bm_fontset *fs = NULL;
    bm_layout_doc *doc = NULL;
    bm_arena *la = bm_arena_new();
    bm_layout *lay = NULL;
    snprintf(pdf, sizeof pdf, "%s/bench.pdf", argv[3]);
    snprintf(epub, sizeof epub, "%s/bench.epub", argv[3]);

    stamp t = now();
    printf("{\"stages\": {");
    if (bm_ingest_edition(argv[1], &ed, NULL, &err) != BM_OK)
        return die("ingest", &err);
    lap("ingest", &t, 0);
    snprintf(path, sizeof path, "%s/fonts/fonts.conf", argv[2]);
    if (bm_fontset_open(path, &fs, &err) != BM_OK)
        return die("fonts", &err);
    snprintf(path, sizeof path, "%s/layouts", argv[2]);
    if (bm_ingest_layout(ed->layout ? ed->layout : "broadsheet", path, la,
                         &lay, &err) != BM_OK)
        return die("layout file", &err);
    lap("fonts", &t, 0);
    if (bm_layout_edition(ed, lay, fs, &ed->diags, NULL, NULL, &doc, &err) !=
        BM_OK)
        return die("compose", &err);
    lap("compose", &t, 0);
    bm_pdf_options po = {0};
    if (bm_pdf_write(doc, &po, pdf, &err) != BM_OK)
        return die("pdf", &err);
    lap("pdf", &t, 0);
    bm_epub_options eo = {0};
    if (bm_epub_write(ed, &eo, epub, &err) != BM_OK)
        return die("epub", &err);
    lap("epub", &t, 1);

    size_t chars = 0, lines = 0;
    for (size_t p = 0; p < doc->npages; p++)
        for (size_t i = 0; i < doc->pages[p].nlines; i++) {
            chars += bm_utf8_count(doc->pages[p].lines[i].text,
                                   doc->pages[p].lines[i].len);
            lines++;
        }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("}, \"pages\": %zu, \"lines\": %zu, \"chars\": %zu, "
           "\"peak_rss_kb\": %ld}\n",
           doc->npages, lines, chars, ru.ru_maxrss);
    bm_layout_doc_free(doc);
    bm_fontset_close(fs);
    bm_arena_free(la);
    bm_edition_free(ed);
    return 0;
}
