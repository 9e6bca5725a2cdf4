/*
 * cmd_import.c - 'banmian import PAGE.txt [--json | --xml -o DIR]': the
 * structure the importer recovers from one raw page dump, as the JSON of
 * DESIGN.md on stdout, or as an edition directory (--xml, cmd_import_xml.c).
 */
#include "cli.h"

#include <string.h>

#include "../ingest/ingest.h"

static void help(FILE *fp)
{
    fputs("Usage: banmian import PAGE.txt [--json | --xml -o DIR]\n"
          "\n"
          "Recovers the structure of a raw page dump (plain UTF-8 text\n"
          "extracted from a printed page): section labels, kickers, headlines,\n"
          "subheads, bylines, paragraphs (rejoined across column breaks),\n"
          "subheadings, photos, captions, credits and editor codes.\n"
          "\n"
          "  --json      print the structure as one JSON object (default)\n"
          "  --xml       write an edition directory (edition.xml + articles)\n"
          "  -o DIR      the directory --xml writes\n"
          "  -h, --help  show this help\n"
          "\n"
          "Repairs are reported as 'file:line: warning: ...' on stderr.\n"
          "Exit status: 0 success, 1 bad input, 2 usage error, 3 I/O error.\n",
          fp);
}

int bm_cmd_import(int argc, char **argv)
{
    const char *path = NULL, *outdir = NULL;
    int json = 0, xml = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            help(stdout);
            return 0;
        } else if (!strcmp(a, "--json")) {
            json = 1;
        } else if (!strcmp(a, "--xml")) {
            xml = 1;
        } else if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
            if (i + 1 >= argc)
                return bm_cli_usage_error("import", "%s needs a directory", a);
            outdir = argv[++i];
        } else if (!strncmp(a, "-o", 2) && a[2]) {
            outdir = a + 2;
        } else if (!strncmp(a, "--output=", 9)) {
            outdir = a + 9;
        } else if (a[0] == '-' && a[1]) {
            return bm_cli_usage_error("import", "unknown option '%s'", a);
        } else if (path) {
            return bm_cli_usage_error("import",
                                      "one page dump at a time ('%s' and '%s')",
                                      path, a);
        } else {
            path = a;
        }
    }
    if (!path)
        return bm_cli_usage_error("import", "no page dump given");
    if (json && xml)
        return bm_cli_usage_error("import", "--json and --xml exclude each other");
    if (xml && !outdir)
        return bm_cli_usage_error("import", "--xml needs -o DIR");
    if (!xml && outdir)
        return bm_cli_usage_error("import", "-o DIR goes with --xml");

    bm_edition *ed = bm_edition_new();
    bm_error err;
    bm_error_init(&err);
    int rc = 0;
    if (bm_ingest_dump(ed, path, &err) != BM_OK) {
        bm_cli_print_diags(&ed->diags, 0);
        rc = bm_cli_report(&err);
        goto done;
    }
    bm_cli_print_diags(&ed->diags, 0);
    if (xml) {
        rc = bm_cli_import_xml(ed, outdir);
        goto done;
    }
    bm_buf out;
    bm_buf_init(&out);
    bm_ingest_dump_json(ed, ed->pages[ed->npages - 1], path, &out);
    if (fwrite(out.data, 1, out.len, stdout) != out.len || fflush(stdout)) {
        fprintf(stderr, "banmian import: cannot write to standard output\n");
        rc = 3;
    }
    bm_buf_free(&out);
done:
    bm_edition_free(ed);
    return rc;
}
