/*
 * epub.h - Edition -> reflowable EPUB 3 with libzip + libxml2.  Walks the
 * model; lays out nothing.
 */
#ifndef BM_EPUB_H
#define BM_EPUB_H

#include "../model/model.h"

/*
 * bm_epub_entry - the cover PNG deflated ahead of the book, as write_zip
 * would deflate it (libzip, level 9): made on the build's cover thread
 * while the PDF is written, so the book's zip_close copies it instead of
 * deflating it (and a build writing both EPUBs deflates it once).  The
 * bytes of the book are the same either way.
 */
typedef struct bm_epub_entry bm_epub_entry;

/* Deflates `png` (borrowed: it must outlive the entry and stay as it is)
 * as the book's cover.png.  Touches nothing shared: any thread may call
 * it. */
bm_status bm_epub_cover_entry_new(const unsigned char *png, size_t len,
                                  bm_epub_entry **out, bm_error *err);
void bm_epub_entry_free(bm_epub_entry *e);

typedef struct bm_epub_options {
    const char *embed_font;   /* path of a body font to subset-embed, or NULL */
    unsigned    embed_index;  /* its TTC face index */
    const char *cover_png;    /* a cover image file (PNG), or NULL */
    const unsigned char *cover_data;  /* or the cover as PNG bytes (page 1
                                         as an image, src/raster; borrowed) */
    size_t      cover_len;    /* neither: a typographic cover (SVG) */
    const bm_epub_entry *cover_entry; /* cover_data deflated ahead, or
                                         NULL (used only when its name
                                         and bytes are the cover's) */
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
