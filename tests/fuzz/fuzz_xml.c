/*
 * fuzz_xml.c - the edition and article XML readers on arbitrary bytes.
 *
 * The input becomes articles/a.xml of a fixed one-page edition, or the
 * edition.xml itself when it starts with "<edition" (then a fixed, valid
 * articles/a.xml is beside it).  Invariants: BM_OK or BM_INPUT only, an
 * error always has a message, and a model read without error passes
 * bm_model_check.
 */
#include "fuzz.h"

#include "ingest/ingest.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static const char edition_xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<edition version=\"1\"><title>河西日报</title><date>2026-11-20</date>"
    "<issue>1</issue><publisher>河西日报社</publisher>"
    "<language>zh-CN</language><layout>broadsheet</layout>"
    "<page section=\"要闻\"><article href=\"articles/a.xml\"/></page>"
    "</edition>\n";

static const char article_xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<article id=\"a\" kind=\"article\"><headline>河西新桥通车</headline>"
    "<body><p>新桥全长1.2公里。</p></body></article>\n";

static void put(const char *dir, const char *name, const void *data,
                size_t n)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *fp = fopen(path, "wb");
    if (!fp || fwrite(data, 1, n, fp) != n)
        bm_fuzz_fail("write", path);
    fclose(fp);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *dir = bm_fuzz_tmpdir();
    char sub[4096];
    snprintf(sub, sizeof sub, "%s/articles", dir);
    mkdir(sub, 0755);

    int is_edition = size >= 8 && !memcmp(data, "<edition", 8);
    if (is_edition) {
        put(dir, "edition.xml", data, size);
        put(dir, "articles/a.xml", article_xml, sizeof article_xml - 1);
    } else {
        put(dir, "edition.xml", edition_xml, sizeof edition_xml - 1);
        put(dir, "articles/a.xml", data, size);
    }

    bm_arena *a = bm_arena_new();
    bm_diags all;
    bm_diags_init(&all, a);
    bm_edition *ed = NULL;
    bm_error err = {0};
    bm_status st = bm_ingest_edition(dir, &ed, &all, &err);
    if (st == BM_OK) {
        bm_error cerr = {0};
        if (!ed || bm_model_check(ed, &cerr) != BM_OK)
            bm_fuzz_fail("bm_model_check", cerr.msg);
    } else if (st != BM_INPUT) {
        bm_fuzz_fail("status", err.msg);
    } else if (!err.msg[0]) {
        bm_fuzz_fail("error without message", NULL);
    }
    bm_edition_free(ed);
    bm_arena_free(a);
    return 0;
}
