/*
 * alto.h - LayoutDoc -> ALTO 4.4 per page and a METS 1.12 issue file, for
 * newspaper archives.  A back end on the LayoutDoc: it describes the laid-
 * out pages (every line, every run between spaces, with its box) and never
 * moves anything.  Written with libxml2.
 *
 * Blocks: a TextBlock is one text element's lines in one column of one page
 * (bm_line.elem; a headline's lines are one block); an image is an
 * Illustration, a rule or frame a GraphicalElement.  Page furniture
 * (running heads, masthead, section labels, jump lines, a headline repeated
 * over a continuation) gets TextBlocks outside the ReadingOrder and outside
 * every article.  Articles come in the edition's order, each with all its
 * blocks on all its pages: the ALTO ReadingOrder of a page and the METS
 * LOGICAL structMap follow it, as does the PDF's structure tree.
 */
#ifndef BM_ALTO_H
#define BM_ALTO_H

#include "../layout/layout.h"

typedef struct bm_alto_options {
    const char *software_version;  /* in each ALTO's Description, or NULL */
    int         page_pdfs;         /* the METS lists page-NN.pdf per page
                                      (written beside it by the caller) */
} bm_alto_options;

/*
 * bm_alto_write - writes DIR/page-NN.xml for every page (NN: the page's
 * index from 1, two digits at least) and DIR/mets.xml; DIR must exist.
 * Each file is written atomically; on failure the caller removes DIR.
 */
bm_status bm_alto_write(const bm_layout_doc *doc, const bm_alto_options *opt,
                        const char *dir, bm_error *err);

/* "page-NN.EXT" for page index i (from 0), from `a`. */
const char *bm_alto_page_file(bm_arena *a, size_t i, const char *ext);

#endif
