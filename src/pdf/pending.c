/* pending.c - placeholder until the PDF back end lands (issue 4). */
#include "pdf.h"

bm_status bm_pdf_write(const bm_layout_doc *doc, const bm_pdf_options *opt,
                       const char *path, bm_error *err)
{
    (void)doc, (void)opt;
    return bm_error_set(err, BM_INTERNAL, path, 0, 0, "PDF back end not built yet");
}
