/*
 * fuzz_dump.c - the page-dump importer on arbitrary bytes.
 *
 * Invariants: the importer returns BM_OK or BM_INPUT (never another code),
 * an error names the input; on success the model passes bm_model_check and
 * its JSON is produced.
 */
#include "fuzz.h"

#include "ingest/ingest.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bm_edition *ed = bm_edition_new();
    bm_error err = {0};
    bm_status st = bm_ingest_dump_mem(ed, "fuzz.txt", (const char *)data,
                                      size, &err);
    if (st == BM_OK) {
        bm_error cerr = {0};
        if (bm_model_check(ed, &cerr) != BM_OK)
            bm_fuzz_fail("bm_model_check", cerr.msg);
        if (ed->npages != 1)
            bm_fuzz_fail("page count", "an import adds exactly one page");
        bm_buf out;
        bm_buf_init(&out);
        bm_ingest_dump_json(ed, ed->pages[0], "fuzz.txt", &out);
        if (out.len == 0 || out.data[0] != '{')
            bm_fuzz_fail("json", "empty document");
        bm_buf_free(&out);
    } else if (st != BM_INPUT) {
        bm_fuzz_fail("status", err.msg);
    } else if (!err.msg[0]) {
        bm_fuzz_fail("error without message", NULL);
    }
    bm_edition_free(ed);
    return 0;
}
