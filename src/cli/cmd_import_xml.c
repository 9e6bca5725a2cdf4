/*
 * cmd_import_xml.c - `banmian import PAGE.txt --xml -o DIR`: the imported
 * page written as an edition directory (edition.xml + articles/ID.xml) that
 * `banmian check` and `banmian build` read back to the same model.
 */
#include "cli.h"

#include "../ingest/ingest.h"

int bm_cli_import_xml(struct bm_edition *ed, const char *outdir)
{
    if (!outdir || !*outdir)
        return bm_cli_usage_error("import", "--xml needs -o DIR");
    bm_error err;
    bm_error_init(&err);
    if (bm_ingest_write_edition(ed, outdir, &err) != BM_OK)
        return bm_cli_report(&err);
    size_t n = 0;
    for (size_t p = 0; p < ed->npages; p++)
        n += ed->pages[p]->narticles;
    fprintf(stderr, "banmian import: wrote %s/edition.xml and %zu article%s\n",
            outdir, n, n == 1 ? "" : "s");
    return 0;
}
