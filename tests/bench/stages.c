/*
 * stages.c - times each stage of a build in one process, for `make bench`.
 *
 *   bench_stages EDITION_DIR ROOT OUT_DIR
 *
 * Runs the build driver once with every format and prints one JSON object:
 * wall and CPU seconds per stage and per back end, as the driver measured
 * them, the characters composed (text of
 * every line) and peak RSS.  tests/bench/run.py calls it several times and
 * takes medians; the end-to-end figure comes from running the CLI itself.
 */
#include "build/build.h"
#include "pdf/pdf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: bench_stages EDITION_DIR ROOT OUT_DIR\n");
        return 2;
    }
    char layouts[4096], conf[4096];
    bm_error err = {0};
    snprintf(conf, sizeof conf, "%s/fonts/fonts.conf", argv[2]);
    snprintf(layouts, sizeof layouts, "%s/layouts", argv[2]);
    const char *inputs[] = {argv[1]};
    bm_build_options o = {0};
    o.inputs = inputs;
    o.ninputs = 1;
    o.layouts_dir = layouts;
    o.fonts_conf = conf;
    o.outdir = argv[3];
    o.formats = BM_FORMAT_ALL;
    bm_build *b = NULL;
    if (bm_build_run(&o, &b, &err) != BM_OK) {
        fprintf(stderr, "bench_stages: %s:%d: %s\n", err.file,
                err.line, err.msg);
        bm_build_free(b);
        return 3;
    }
    printf("{\"stages\": {");
    for (size_t i = 0; i < b->nstages; i++)
        printf("\"%s\": {\"wall\": %.6f, \"cpu\": %.6f}, ", b->stages[i].name,
               b->stages[i].wall, b->stages[i].cpu);
    for (size_t i = 0; i < b->noutputs; i++)
        printf("\"%s\": {\"wall\": %.6f, \"cpu\": %.6f}%s ",
               b->outputs[i].format, b->outputs[i].wall, b->outputs[i].cpu,
               i + 1 < b->noutputs ? "," : "");

    /* the structure tree's cost: the PDF writer alone, with and without */
    double best[2][2] = {{1e9, 1e9}, {1e9, 1e9}};
    for (int run = 0; run < 6; run++) {
        int untagged = run % 2;
        bm_pdf_options po = {0};
        po.untagged = untagged;
        char path[4200];
        snprintf(path, sizeof path, "%s/%s.pdf", argv[3],
                 untagged ? "untagged" : "tagged");
        struct timespec w0, c0, w1, c1;
        clock_gettime(CLOCK_MONOTONIC, &w0);
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
        if (bm_pdf_write(b->doc, &po, path, &err) != BM_OK) {
            fprintf(stderr, "bench_stages: %s\n", err.msg);
            bm_build_free(b);
            return 3;
        }
        clock_gettime(CLOCK_MONOTONIC, &w1);
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
        double w = (w1.tv_sec - w0.tv_sec) + (w1.tv_nsec - w0.tv_nsec) / 1e9;
        double c = (c1.tv_sec - c0.tv_sec) + (c1.tv_nsec - c0.tv_nsec) / 1e9;
        if (w < best[untagged][0])
            best[untagged][0] = w;
        if (c < best[untagged][1])
            best[untagged][1] = c;
    }
    printf("}, \"pdf_tagged\": {\"wall\": %.6f, \"cpu\": %.6f}, "
           "\"pdf_untagged\": {\"wall\": %.6f, \"cpu\": %.6f} ",
           best[0][0], best[0][1], best[1][0], best[1][1]);

    const bm_layout_doc *doc = b->doc;
    size_t chars = 0, lines = 0;
    for (size_t p = 0; p < doc->npages; p++)
        for (size_t i = 0; i < doc->pages[p].nlines; i++) {
            chars += bm_utf8_count(doc->pages[p].lines[i].text,
                                   doc->pages[p].lines[i].len);
            lines++;
        }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf(", \"pages\": %zu, \"lines\": %zu, \"chars\": %zu, "
           "\"peak_rss_kb\": %ld}\n",
           doc->npages, lines, chars, ru.ru_maxrss);
    bm_build_free(b);
    return 0;
}
