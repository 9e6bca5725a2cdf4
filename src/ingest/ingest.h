/*
 * ingest.h - the only reader of input: page dumps (.txt), article XML and
 * edition.xml.  Produces the model; repairs what extraction broke; every
 * error names file:line:col and says what to fix.  Knows nothing of fonts
 * or pages.
 */
#ifndef BM_INGEST_H
#define BM_INGEST_H

#include "../model/model.h"

/* Largest input file read (bytes). */
#define BM_INGEST_MAX_FILE (64u * 1024 * 1024)
/* Largest edition.xml or article XML file read (bytes). */
#define BM_INGEST_MAX_XML (8u * 1024 * 1024)

/*
 * bm_ingest_dump - import one raw page dump into a new page of `ed`.
 *
 * Recovers section labels, kickers, headlines, subheads, bylines, body
 * paragraphs (rejoining column splits), subheadings, photos, captions,
 * credits and editor codes.  Warnings (dropped duplicate fragments, ...) go
 * to ed->diags with file:line.  Returns BM_INPUT with err at file:line for
 * input it cannot read (invalid UTF-8, NUL bytes, ...).
 */
bm_status bm_ingest_dump(bm_edition *ed, const char *path, bm_error *err);

/* The same from memory; `name` is used in messages and as the source. */
bm_status bm_ingest_dump_mem(bm_edition *ed, const char *name,
                             const char *data, size_t len, bm_error *err);

/*
 * bm_ingest_dump_json - the `banmian import --json` document for page
 * `pg` (keys and conventions of DESIGN.md), appended to `out`.
 */
void bm_ingest_dump_json(const bm_edition *ed, const bm_page *pg,
                         const char *source, bm_buf *out);

/*
 * bm_ingest_edition - read EDITION_DIR/edition.xml and every article and
 * dump it names into a new edition.  *out is yours to bm_edition_free().
 * On BM_INPUT, err names the first error; with `all_errors` non-NULL every
 * problem found is also appended there (for `banmian check`).  On error
 * *out is NULL (err holds its own copy of the file name).  Paths in
 * the edition are relative to `dir` and may not leave it.  Safe on
 * untrusted input: no network, no DTD, no entities (a DOCTYPE is refused).
 */
bm_status bm_ingest_edition(const char *dir, bm_edition **out,
                            bm_diags *all_errors, bm_error *err);

/*
 * bm_ingest_write_edition - write `ed` as an edition directory (edition.xml
 * plus one article XML per article) that bm_ingest_edition reads back to
 * the same model.  Files are written atomically.
 */
bm_status bm_ingest_write_edition(const bm_edition *ed, const char *dir,
                                  bm_error *err);

/*
 * bm_ingest_layout - read a layout by name (looked up as
 * LAYOUTS_DIR/NAME.xml) or by file path into arena memory.  Errors name
 * file:line:col.
 */
struct bm_layout;
/* Whether `s` is a layout name ([A-Za-z0-9_-]+, looked up in the layouts
 * directory) rather than a file path. */
int bm_ingest_layout_is_name(const char *s);
bm_status bm_ingest_layout(const char *name_or_file, const char *layouts_dir,
                           bm_arena *a, struct bm_layout **out, bm_error *err);

/*
 * bm_ingest_cover - reads the EPUB cover image at `path` (--cover) and
 * checks it whole before anything is written: a regular file, a PNG that
 * decodes with no error (see bm_image in model.h).  *out is in `a`.
 * BM_INPUT with err naming `path` otherwise.
 */
bm_status bm_ingest_cover(const char *path, bm_arena *a, const bm_image **out,
                          bm_error *err);

#endif
