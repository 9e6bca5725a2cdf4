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
        fprintf(stderr, "bench_stages: %s:%d: %s\n", err.file ? err.file : "",
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
    printf("}, \"pages\": %zu, \"lines\": %zu, \"chars\": %zu, "
           "\"peak_rss_kb\": %ld}\n",
           doc->npages, lines, chars, ru.ru_maxrss);
    bm_build_free(b);
    return 0;
}
