/*
 * alto.c - the ALTO back end's entry point: blocks once (blocks.c), then
 * one ALTO file per page (page.c) and the METS file (mets.c).
 */
#include "alto_private.h"

#include <string.h>

const char *bm_alto_page_file(bm_arena *a, size_t i, const char *ext)
{
    return bm_arena_printf(a, "page-%02zu.%s", i + 1, ext);
}

bm_status bm_alto_save(xmlBufferPtr buf, int rc, const char *path,
                       bm_error *err)
{
    bm_status st = BM_OK;
    if (rc)
        st = bm_error_set(err, BM_INTERNAL, path, 0, 0,
                          "libxml2 failed while writing the XML");
    bm_atomic w;
    if (st == BM_OK)
        st = bm_atomic_open(&w, path, err);
    if (st == BM_OK) {
        st = bm_atomic_write(&w, xmlBufferContent(buf),
                             (size_t)xmlBufferLength(buf), err);
        if (st == BM_OK)
            st = bm_atomic_commit(&w, err);
        else
            bm_atomic_abort(&w);
    }
    xmlBufferFree(buf);
    return st;
}

bm_status bm_alto_write(const bm_layout_doc *doc, const bm_alto_options *opt,
                        const char *dir, bm_error *err)
{
    bm_alto_options none = {0};
    if (!opt)
        opt = &none;
    bm_alto_doc ad;
    memset(&ad, 0, sizeof ad);
    ad.doc = doc;
    ad.a = bm_arena_new();
    bm_alto_blocks(&ad);
    bm_status st = BM_OK;
    for (size_t p = 0; p < doc->npages && st == BM_OK; p++)
        st = bm_alto_page_write(
            &ad, p, opt,
            bm_path_join(ad.a, dir, bm_alto_page_file(ad.a, p, "xml")), err);
    if (st == BM_OK)
        st = bm_alto_mets_write(&ad, opt, bm_path_join(ad.a, dir, "mets.xml"),
                                err);
    bm_arena_free(ad.a);
    return st;
}
