/*
 * epub.h - Edition -> reflowable EPUB 3 with libzip + libxml2.  Walks the
 * model; lays out nothing.
 */
#ifndef BM_EPUB_H
#define BM_EPUB_H

#include "../model/model.h"

typedef struct bm_epub_options {
    const char *embed_font;   /* path of a body font to subset-embed, or NULL */
    unsigned    embed_index;  /* its TTC face index */
    const char *cover_png;    /* a cover image file (PNG), or NULL */
    const unsigned char *cover_data;  /* or the cover as PNG or JPEG bytes
                                         (page 1 as an image, src/raster;
                                         borrowed) */
    size_t      cover_len;    /* neither: a typographic cover (SVG) */
} bm_epub_options;

/* Writes the edition to `path` atomically. */
bm_status bm_epub_write(const bm_edition *ed, const bm_epub_options *opt,
                        const char *path, bm_error *err);

struct bm_layout_doc;

/*
 * bm_epub_write_replica - the fixed-layout replica of the laid-out pages
 * (fxl.c): one pre-paginated page per printed page, its text real text at
 * the PDF's positions in embedded font subsets, each article's region a
 * link to the article as reflowable text in the same book (the documents
 * bm_epub_write makes of `ed`, which must be the printed edition of `doc`:
 * bm_layout_printed_edition), region-based navigation, written atomically.
 * Needs a cover image in `opt` (cover_png or cover_data).
 */
bm_status bm_epub_write_replica(const struct bm_layout_doc *doc,
                                const bm_edition *ed,
                                const bm_epub_options *opt, const char *path,
                                bm_error *err);

#endif
