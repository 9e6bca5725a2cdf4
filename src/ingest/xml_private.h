/*
 * xml_private.h - the XML layer shared by the article reader and the
 * edition reader (src/ingest only):
 *
 *   xml_doc.c      safe parsing (no DTD, no entities, no network), source
 *                  positions of elements, problems with file:line:col, the
 *                  RelaxNG safety net, text cleaning, attributes, paths
 *   xml_article.c  article XML -> one article of the model
 *   xml_edition.c  edition.xml -> pages of articles and dumps
 *   xml_write.c    the model -> an edition directory (libxml2's writer)
 *
 * Why the readers check by hand before validating, and why the schemas are
 * compiled in: the note at the top of xml_doc.c.
 */
#ifndef BM_XML_PRIVATE_H
#define BM_XML_PRIVATE_H

#include "ingest_private.h"

#include <limits.h>

#include <libxml/relaxng.h>
#include <libxml/tree.h>

/* One parsed input file.  Owns doc (xmlFreeDoc in bm_xml_close). */
typedef struct xfile {
    const char *path;    /* as shown in messages (arena) */
    const char *data;    /* source text (scratch arena) */
    size_t      len;
    xmlDocPtr   doc;     /* owned */
    int         nerr;    /* problems reported in this file */
    int         stopped; /* DOCTYPE refused: parse stopped */
} xfile;

/* An article id met so far (even in an article with problems). */
typedef struct seen_id {
    const char     *id, *file;
    int             line;
    struct seen_id *next;
} seen_id;

typedef struct reader {
    bm_edition *ed;
    const char *dir;       /* edition directory as given */
    char        realdir[PATH_MAX];
    bm_diags   *all;       /* every problem, or NULL */
    bm_error   *err;       /* the first problem */
    int         nerr;
    bm_arena   *scratch;   /* file contents; freed at the end */
    xmlRelaxNGPtr rng_edition, rng_article; /* owned */
    seen_id    *ids;       /* in the edition's arena */
    seen_id    *refs;      /* <ref article=…/> met, to check at the end */
} reader;

/* Notes a <ref> to article `id` at src; bm_xml_check_refs() reports the
 * ones that name no article of the edition. */
void bm_xml_remember_ref(reader *rd, const char *id, bm_src src);
void bm_xml_check_refs(reader *rd);

/* ---- problems (xml_doc.c) ------------------------------------------------ */

/*
 * bm_xml_problem - report a problem at file:line:col: the first one goes to
 * rd->err, every one (up to a limit) to rd->all; counts it in xf when given.
 */
void bm_xml_problem(reader *rd, xfile *xf, const char *file, int line,
                    int col, bm_status code, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

/* The same at node n's start tag (or at its attribute `attr`). */
void bm_xml_node_problem(reader *rd, xfile *xf, xmlNodePtr n, const char *attr,
                         const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Line and column of n's start tag, or of its attribute `attr`. */
void bm_xml_locate(const xfile *xf, xmlNodePtr n, const char *attr, int *line,
                   int *col);
int  bm_xml_node_line(xmlNodePtr n);

/* ---- files (xml_doc.c) ----------------------------------------------------- */

/*
 * bm_xml_open - read and parse `path` into xf safely.  Returns 0 if the file
 * could not be read or is not well-formed (problems reported), 1 otherwise;
 * bm_xml_close frees the document either way.
 */
int  bm_xml_open(reader *rd, xfile *xf, const char *path);
void bm_xml_close(xfile *xf);
/* The compiled-in schema text -> *out (yours to xmlRelaxNGFree). */
bm_status bm_xml_load_schema(const char *text, xmlRelaxNGPtr *out,
                             bm_error *err);
/* Validates xf against `schema`, reporting each mismatch as a problem. */
void bm_xml_rng_validate(reader *rd, xfile *xf, xmlRelaxNGPtr schema);

/* ---- nodes and text (xml_doc.c) ------------------------------------------- */

int bm_xml_space(char c);
int bm_xml_is_elem(xmlNodePtr n);
int bm_xml_is_text(xmlNodePtr n);
int bm_xml_blank(const xmlChar *s);
/*
 * bm_xml_clean_text - layout whitespace removed (a line break beside
 * Chinese text goes, between ASCII becomes one space), NFC; NULL if empty.
 */
const char *bm_xml_clean_text(reader *rd, const char *s);
/* The cleaned text of a text-only element; NULL (and a problem) if empty. */
const char *bm_xml_text_of(reader *rd, xfile *xf, xmlNodePtr n);
/* Attribute value in the edition's arena, or NULL. */
const char *bm_xml_attr(xmlNodePtr n, const char *name, bm_edition *ed);
/* Reports attributes of n not in the NULL-terminated list `known`. */
void bm_xml_check_attrs(reader *rd, xfile *xf, xmlNodePtr n,
                        const char *const *known);
/* Reports text c directly inside `parent`, saying how to `fix` it. */
void bm_xml_stray_text(reader *rd, xfile *xf, xmlNodePtr parent,
                       xmlNodePtr c, const char *fix);
/*
 * bm_xml_resolve - `rel` (attribute attrname of n) inside the edition
 * directory, or NULL with a problem (absolute, URL, '..', outside symlink,
 * missing).
 */
const char *bm_xml_resolve(reader *rd, xfile *xf, xmlNodePtr n,
                           const char *attrname, const char *rel,
                           const char *what);

/* ---- readers -------------------------------------------------------------- */

/*
 * bm_xml_read_article (xml_article.c) - reads one article file onto page
 * pg; the article joins the page only if its file has no problem.
 */
void bm_xml_read_article(reader *rd, bm_page *pg, const char *path,
                         bm_article_role role);

/*
 * bm_xml_sections_derived (xml_edition.c) - are pg's section labels the
 * ones a reader derives when edition.xml lists none?  (The writer then
 * writes no <label>s.)
 */
int bm_xml_sections_derived(const bm_page *pg, bm_arena *a);

#endif
