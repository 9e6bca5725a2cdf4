/*
 * xml.c - edition.xml and article XML: reading into the model, checking, and
 * writing an edition directory back out.
 *
 * Safety.  Input XML comes from outside (newsroom systems, hand edits), so
 * the parser never touches the network (XML_PARSE_NONET), never loads a DTD
 * and never substitutes entities.  Stronger still, a document type
 * declaration is refused the moment the parser meets it (a SAX hook stops
 * the parser before the internal subset is read), so no entity declaration
 * is ever processed: XXE content cannot reach the model and entity bombs
 * cost nothing.  Our formats need no DTD.  Files are limited to
 * BM_INGEST_MAX_XML bytes and libxml2's own depth/size limits stay on (no
 * XML_PARSE_HUGE).
 *
 * Checking.  Each file is first walked by hand: the walk builds the model
 * and reports every structural or semantic problem it meets with
 * file:line:col and what to do (unknown element, wrong order, empty
 * paragraph, missing file, a path leaving the edition directory, duplicate
 * id, ...), and keeps going, so `banmian check` lists everything at once.
 * Only when the walk finds nothing wrong is the file validated against the
 * RelaxNG schema, as the contract's safety net: libxml2's RelaxNG
 * messages are terse and it stops at the first mismatch inside an element,
 * so reporting them next to the walker's would only repeat the same
 * problem less clearly.  libxml2 gives a column for parse errors only;
 * for element and attribute errors the column is found by locating the
 * tag in the source line (the n-th same-named tag that starts on it).
 *
 * The schemas (schema/edition.rng, schema/article.rng) are compiled into the
 * binary (Makefile: $(O)/gen/bm_schema.h) rather than read from the data
 * directory: the library does not know where the CLI's data lives, and
 * validation must not silently depend on an installed file matching the
 * binary.  `make install` still copies them for editors' tools.
 *
 * Rejected: xmlReadFile (no size limit before parsing, and it resolves
 * URIs); XML_PARSE_NOENT (substitutes entities); reporting RelaxNG errors
 * alongside the walker's (duplicates).
 */
#include "ingest_private.h"

#include "../text/text.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/relaxng.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlwriter.h>

#include "bm_schema.h" /* generated: schema_edition[], schema_article[] */

/* ---- reader state ------------------------------------------------------- */

/* One parsed input file.  Owns doc (xmlFreeDoc in xfile_close). */
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
} reader;

/*
 * err->file must outlive the edition, which is freed on error: the file
 * name of the first error is kept here (valid until the next call).
 */
static _Thread_local char first_err_file[PATH_MAX];

/* At most this many problems are listed (a broken generator can produce
   one per paragraph); the rest are counted. */
#define MAX_LISTED 500

static void problem(reader *rd, xfile *xf, const char *file, int line,
                    int col, bm_status code, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

static void problem(reader *rd, xfile *xf, const char *file, int line,
                    int col, bm_status code, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (rd->err->code == BM_OK) {
        snprintf(first_err_file, sizeof first_err_file, "%s",
                 file ? file : "");
        bm_error_set(rd->err, code, file ? first_err_file : NULL, line, col,
                     "%s", msg);
    }
    if (rd->all && rd->nerr < MAX_LISTED)
        bm_diags_add(rd->all, BM_ERROR_DIAG, file, line, col, "%s", msg);
    else if (rd->all && rd->nerr == MAX_LISTED)
        bm_diags_add(rd->all, BM_ERROR_DIAG, file, line, col,
                     "too many problems: stopped listing after %d; fix "
                     "these and check again",
                     MAX_LISTED);
    rd->nerr++;
    if (xf)
        xf->nerr++;
}

/* ---- locating nodes in the source ---------------------------------------- */

static int node_line(xmlNodePtr n)
{
    long l = xmlGetLineNo(n);
    return l > 0 && l < INT_MAX ? (int)l : 0;
}

/*
 * Where each element's start tag is.  libxml2 keeps only a line per node
 * (the line where the start tag ends), so one pass over the source finds
 * every start tag: in well-formed XML without a DTD, each '<' that does not
 * open an end tag, a comment, a CDATA section or a processing instruction
 * opens an element, and they come in document order.  The position is
 * kept in node->_private (the field libxml2 leaves to applications).
 * Linear in the file, so errors in huge files cost nothing extra.
 */
typedef struct tagpos {
    size_t off;          /* byte offset of '<' */
    int    line, col;    /* 1-based; col in characters */
} tagpos;

typedef struct scan {
    const xfile *xf;
    size_t       off;    /* next byte to look at */
    int          line;   /* line of data[line_off] */
    size_t       line_off;
    size_t       col_off;  /* offset whose column is col */
    int          col;
    bm_arena    *a;
} scan;

static const char *find(const char *d, size_t from, size_t len, const char *pat)
{
    size_t pl = strlen(pat);
    for (size_t i = from; i + pl <= len; i++)
        if (d[i] == pat[0] && !memcmp(d + i, pat, pl))
            return d + i;
    return NULL;
}

/* The next element start tag at or after sc->off, or NULL. */
static tagpos *next_tag(scan *sc)
{
    const char *d = sc->xf->data;
    size_t len = sc->xf->len;
    while (sc->off < len) {
        size_t i = sc->off;
        if (d[i] == '\n') {
            sc->line++;
            sc->line_off = i + 1;
            sc->off++;
            continue;
        }
        if (d[i] != '<' || i + 1 >= len) {
            sc->off++;
            continue;
        }
        const char *close = NULL;
        if (d[i + 1] == '/')
            close = ">";
        else if (d[i + 1] == '?')
            close = "?>";
        else if (i + 3 < len && !memcmp(d + i, "<!--", 4))
            close = "-->";
        else if (i + 8 < len && !memcmp(d + i, "<![CDATA[", 9))
            close = "]]>";
        else if (d[i + 1] == '!')
            close = ">";
        if (close) {   /* skip it, counting its lines */
            const char *e = find(d, i + 1, len, close);
            size_t stop = e ? (size_t)(e - d) + strlen(close) : len;
            for (size_t k = i; k < stop; k++)
                if (d[k] == '\n') {
                    sc->line++;
                    sc->line_off = k + 1;
                }
            sc->off = stop;
            continue;
        }
        tagpos *t = bm_arena_alloc(sc->a, sizeof *t);
        t->off = i;
        t->line = sc->line;
        /* count characters from the last tag on this line, not from the
           line start: one-line files stay linear */
        if (sc->col_off < sc->line_off) {
            sc->col_off = sc->line_off;
            sc->col = 1;
        }
        sc->col += (int)bm_utf8_count(d + sc->col_off, i - sc->col_off);
        sc->col_off = i;
        t->col = sc->col;
        sc->off = i + 1;
        return t;
    }
    return NULL;
}

static void index_nodes(scan *sc, xmlNodePtr n)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        n->_private = next_tag(sc);
        index_nodes(sc, n->children);
    }
}

static void index_doc(xfile *xf, bm_arena *a)
{
    scan sc = {xf, 0, 1, 0, 0, 1, a};
    index_nodes(&sc, xmlDocGetRootElement(xf->doc));
}

/*
 * 1-based line and column (characters) of byte offset `off` at or after
 * the tag `from`: counted from the tag, so it costs the tag's length only.
 */
static void pos_of(const xfile *xf, const tagpos *from, size_t off, int *line,
                   int *col)
{
    int l = from->line, c = from->col;
    size_t base = from->off;
    for (size_t i = from->off; i < off; i++)
        if (xf->data[i] == '\n') {
            l++;
            base = i + 1;
            c = 1;
        }
    *line = l;
    *col = c + (int)bm_utf8_count(xf->data + base, off - base);
}

/* Line and column of byte offset `off`, counted from the file's start. */
static void offset_pos(const xfile *xf, size_t off, int *line, int *col)
{
    tagpos start = {0, 1, 1};
    pos_of(xf, &start, off, line, col);
}

static int name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
           c == ':' || (unsigned char)c >= 0x80;
}

/* Line and column of element n, or of its attribute `attr` if given. */
static void locate(const xfile *xf, xmlNodePtr n, const char *attr, int *line,
                   int *col)
{
    *line = n ? node_line(n) : 0;
    *col = 0;
    const tagpos *t = n && n->type == XML_ELEMENT_NODE ? n->_private : NULL;
    if (!t)
        return;
    *line = t->line;
    *col = t->col;
    if (attr) {
        /* attribute values hold no '<' or '>' in well-formed XML, but may
           hold the name: skip quoted values */
        size_t al = strlen(attr);
        char q = 0;
        for (size_t i = t->off + 1; i + al < xf->len; i++) {
            char c = xf->data[i];
            if (q) {
                q = c == q ? 0 : q;
                continue;
            }
            if (c == '"' || c == '\'') {
                q = c;
                continue;
            }
            if (c == '>')
                break;
            if (!memcmp(xf->data + i, attr, al) &&
                !name_char(xf->data[i - 1]) && !name_char(xf->data[i + al])) {
                pos_of(xf, t, i, line, col);
                return;
            }
        }
    }
}

/* Reports a problem at element n (or its attribute). */
static void node_problem(reader *rd, xfile *xf, xmlNodePtr n, const char *attr,
                         const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void node_problem(reader *rd, xfile *xf, xmlNodePtr n, const char *attr,
                         const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    int line, col;
    locate(xf, n, attr, &line, &col);
    problem(rd, xf, xf->path, line, col, BM_INPUT, "%s", msg);
}

/* ---- parsing -------------------------------------------------------------- */

/* SAX hook: a DOCTYPE stops the parser before its subset is read. */
static void refuse_doctype(void *ctx, const xmlChar *name,
                           const xmlChar *ext_id, const xmlChar *sys_id)
{
    (void)name, (void)ext_id, (void)sys_id;
    xmlParserCtxtPtr ctxt = ctx;
    reader **pp = ctxt->_private;
    reader *rd = pp[0];
    xfile *xf = (xfile *)pp[1];
    if (!xf->stopped) {
        int line = ctxt->input ? ctxt->input->line : 0;
        int col = 1;
        if (ctxt->input && ctxt->input->cur && ctxt->input->base) {
            size_t off = (size_t)(ctxt->input->cur - ctxt->input->base);
            /* the hook runs after the declaration's name and ids */
            const char *d = xf->data;
            size_t s = off < xf->len ? off : xf->len;
            while (s > 0 && !(d[s] == '<' && s + 9 <= xf->len &&
                              !memcmp(d + s, "<!DOCTYPE", 9)))
                s--;
            offset_pos(xf, s, &line, &col);
        }
        problem(rd, xf, xf->path, line, col, BM_INPUT,
                "document type declarations (<!DOCTYPE ...>) are not "
                "allowed: banmian reads no DTD and expands no entities; "
                "remove the declaration and write characters directly");
    }
    xf->stopped = 1;
    xmlStopParser(ctxt);
}

static void parse_error(void *ctx, xmlErrorPtr e)
{
    xmlParserCtxtPtr ctxt = ctx;
    reader **pp = ctxt->_private;
    reader *rd = pp[0];
    xfile *xf = (xfile *)pp[1];
    /* after the first error libxml2's messages are mostly its echoes */
    if (xf->stopped || e->level < XML_ERR_ERROR || xf->nerr > 0)
        return;
    char msg[300];
    snprintf(msg, sizeof msg, "%s", e->message ? e->message : "parse error");
    size_t n = strlen(msg);
    while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
        msg[--n] = '\0';
    if (strstr(msg, "XML_PARSE_HUGE")) /* libxml2's advice is not ours */
        snprintf(msg, sizeof msg, "%s",
                 e->code == XML_ERR_INTERNAL_ERROR
                     ? "elements nested more than 256 deep"
                     : "a text or name larger than libxml2's safety limit");
    problem(rd, xf, xf->path, e->line, e->int2, BM_INPUT,
            "not well-formed XML: %s (fix the markup at this point)", msg);
}

/*
 * Reads and parses one file into xf.  Returns 0 if the file could not be
 * read or is not well-formed (problems reported), 1 otherwise.
 */
static int xfile_open(reader *rd, xfile *xf, const char *path)
{
    memset(xf, 0, sizeof *xf);
    xf->path = bm_arena_strdup(rd->ed->arena, path);
    bm_error e;
    bm_error_init(&e);
    char *data;
    size_t len;
    if (bm_file_read(path, rd->scratch, BM_INGEST_MAX_XML, &data, &len, &e) !=
        BM_OK) {
        problem(rd, xf, xf->path, 0, 0, e.code, "%s", e.msg);
        return 0;
    }
    xf->data = data;
    xf->len = len;
    if (len > INT_MAX) {
        problem(rd, xf, xf->path, 0, 0, BM_INPUT, "file too large");
        return 0;
    }
    /* libxml2 makes no parser for an empty buffer: say what is wrong. */
    if (len == 0) {
        problem(rd, xf, xf->path, 0, 0, BM_INPUT,
                "the file is empty; write the XML document it should hold");
        return 0;
    }
    xmlParserCtxtPtr ctxt =
        bm_fault_alloc() ? NULL : xmlCreateMemoryParserCtxt(data, (int)len);
    if (!ctxt) {
        problem(rd, xf, xf->path, 0, 0, BM_NOMEM, "cannot create a parser");
        return 0;
    }
    void *pp[2] = {rd, xf};
    ctxt->_private = pp;
    ctxt->sax->internalSubset = refuse_doctype;
    ctxt->sax->externalSubset = NULL;
    ctxt->sax->serror = parse_error;
    ctxt->sax->initialized = XML_SAX2_MAGIC;
    ctxt->vctxt.error = NULL;
    ctxt->vctxt.warning = NULL;
    xmlCtxtUseOptions(ctxt, XML_PARSE_NONET | XML_PARSE_NOCDATA |
                                XML_PARSE_BIG_LINES | XML_PARSE_NOWARNING);
    xmlParseDocument(ctxt);
    int ok = ctxt->wellFormed && !xf->stopped && ctxt->myDoc;
    if (ok) {
        xf->doc = ctxt->myDoc;
        index_doc(xf, rd->scratch);
    }
    else {
        if (!xf->nerr)
            problem(rd, xf, xf->path, ctxt->input ? ctxt->input->line : 0, 0,
                    BM_INPUT, "not well-formed XML");
        if (ctxt->myDoc)
            xmlFreeDoc(ctxt->myDoc);
    }
    ctxt->myDoc = NULL;
    ctxt->_private = NULL;
    xmlFreeParserCtxt(ctxt);
    return ok;
}

static void xfile_close(xfile *xf)
{
    if (xf->doc)
        xmlFreeDoc(xf->doc);
    xf->doc = NULL;
}

/* RelaxNG: the safety net (see the note at the top). */
typedef struct rng_ctx {
    reader *rd;
    xfile  *xf;
} rng_ctx;

static void rng_error(void *data, xmlErrorPtr e)
{
    rng_ctx *c = data;
    char msg[300];
    snprintf(msg, sizeof msg, "%s", e->message ? e->message : "invalid");
    size_t n = strlen(msg);
    while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
        msg[--n] = '\0';
    int line = e->line, col = 0;
    if (e->node)
        locate(c->xf, (xmlNodePtr)e->node, NULL, &line, &col);
    problem(c->rd, c->xf, c->xf->path, line, col, BM_INPUT,
            "does not match the schema: %s (see %s in banmian's schema/)", msg,
            c->rd->rng_article && c->xf->doc &&
                    xmlStrEqual(xmlDocGetRootElement(c->xf->doc)->name,
                                BAD_CAST "edition")
                ? "edition.rng"
                : "article.rng");
}

static void rng_validate(reader *rd, xfile *xf, xmlRelaxNGPtr schema)
{
    xmlRelaxNGValidCtxtPtr v = xmlRelaxNGNewValidCtxt(schema);
    if (!v) {
        problem(rd, xf, xf->path, 0, 0, BM_NOMEM, "cannot create a validator");
        return;
    }
    rng_ctx c = {rd, xf};
    xmlRelaxNGSetValidStructuredErrors(v, rng_error, &c);
    int before = xf->nerr;
    int r = xmlRelaxNGValidateDoc(v, xf->doc);
    if (r != 0 && xf->nerr == before)
        problem(rd, xf, xf->path, 0, 0, BM_INPUT,
                "does not match the schema");
    xmlRelaxNGFreeValidCtxt(v);
}

static bm_status load_schema(const char *text, xmlRelaxNGPtr *out,
                             bm_error *err)
{
    xmlRelaxNGParserCtxtPtr p =
        xmlRelaxNGNewMemParserCtxt(text, (int)strlen(text));
    if (!p)
        return bm_error_set(err, BM_NOMEM, NULL, 0, 0, "cannot load schema");
    *out = xmlRelaxNGParse(p);
    xmlRelaxNGFreeParserCtxt(p);
    if (!*out)
        return bm_error_set(err, BM_INTERNAL, NULL, 0, 0,
                            "the built-in RelaxNG schema does not compile");
    return BM_OK;
}

/* ---- text ------------------------------------------------------------------ */

static int xml_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * Whitespace from the file's layout: leading and trailing whitespace goes;
 * a run holding a line break next to a non-ASCII character (Chinese text
 * wrapped in the source) goes too, one between two ASCII characters
 * becomes one space (Latin words wrapped).  Runs without a line break stay as written.
 * The result is NFC (the model's text is).  Returns NULL for text that is
 * empty after that.
 */
static const char *clean_text(reader *rd, const char *s)
{
    bm_edition *ed = rd->ed;
    size_t n = strlen(s);
    size_t b = 0, e = n;
    while (b < e && xml_space(s[b]))
        b++;
    while (e > b && xml_space(s[e - 1]))
        e--;
    if (b == e)
        return NULL;
    char *out = bm_arena_alloc(ed->arena, e - b + 1);
    size_t o = 0;
    for (size_t i = b; i < e;) {
        if (!xml_space(s[i])) {
            out[o++] = s[i++];
            continue;
        }
        size_t j = i;
        int nl = 0;
        while (j < e && xml_space(s[j])) {
            nl |= s[j] == '\n' || s[j] == '\r';
            j++;
        }
        if (!nl) {
            memcpy(out + o, s + i, j - i);
            o += j - i;
        } else if ((unsigned char)s[i - 1] < 0x80 &&
                   (unsigned char)s[j] < 0x80) {
            out[o++] = ' ';
        }
        i = j;
    }
    out[o] = '\0';
    char *nfc;
    size_t nl;
    bm_error ne;
    bm_error_init(&ne);
    /* libxml2 hands over valid UTF-8, so NFC cannot fail on input */
    if (bm_text_nfc(out, o, rd->scratch, &nfc, &nl, &ne) == BM_OK &&
        (nl != o || memcmp(nfc, out, o)))
        return bm_arena_strndup(ed->arena, nfc, nl);
    return out;
}

static int is_elem(xmlNodePtr n)
{
    return n->type == XML_ELEMENT_NODE;
}

static int is_text(xmlNodePtr n)
{
    return n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE;
}

static int blank(const xmlChar *s)
{
    for (; s && *s; s++)
        if (!xml_space((char)*s))
            return 0;
    return 1;
}

/*
 * The text of an element that holds text only (kicker, p, caption, ...).
 * Child elements are problems.  Returns NULL (and reports) when empty.
 */
static const char *text_of(reader *rd, xfile *xf, xmlNodePtr n)
{
    bm_buf b;
    bm_buf_init(&b);
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (is_text(c) && c->content)
            bm_buf_puts(&b, (const char *)c->content);
        else if (is_elem(c))
            node_problem(rd, xf, c, NULL,
                         "<%s> may hold only text, not <%s>: remove the "
                         "markup and keep its text",
                         (const char *)n->name, (const char *)c->name);
        else if (c->type == XML_ENTITY_REF_NODE)
            node_problem(rd, xf, n, NULL,
                         "entity reference '&%s;' in <%s>: write the "
                         "character itself",
                         (const char *)c->name, (const char *)n->name);
    }
    const char *t = clean_text(rd, b.data ? b.data : "");
    bm_buf_free(&b);
    if (!t)
        node_problem(rd, xf, n, NULL,
                     "<%s> is empty: add its text or remove the element",
                     (const char *)n->name);
    return t;
}

static const char *attr(xmlNodePtr n, const char *name, bm_edition *ed)
{
    xmlChar *v = xmlGetNoNsProp(n, BAD_CAST name);
    if (!v)
        return NULL;
    const char *s = bm_arena_strdup(ed->arena, (const char *)v);
    xmlFree(v);
    return s;
}

/* Reports attributes of n not in the NULL-terminated list `known`. */
static void check_attrs(reader *rd, xfile *xf, xmlNodePtr n,
                        const char *const *known)
{
    for (xmlAttrPtr a = n->properties; a; a = a->next) {
        int ok = 0;
        for (const char *const *k = known; *k; k++)
            ok |= xmlStrEqual(a->name, BAD_CAST *k);
        if (!ok || a->ns) {
            char list[160] = "";
            for (const char *const *k = known; *k; k++) {
                strncat(list, k == known ? "" : ", ",
                        sizeof list - strlen(list) - 1);
                strncat(list, *k, sizeof list - strlen(list) - 1);
            }
            node_problem(rd, xf, n, (const char *)a->name,
                         "unknown attribute '%s' on <%s>: %s%s",
                         (const char *)a->name, (const char *)n->name,
                         *known ? "allowed are " : "it takes no attributes",
                         list);
        }
    }
}

/* ---- paths ------------------------------------------------------------------ */

/*
 * Resolves `rel` (from an attribute of n) inside the edition directory.
 * Refuses absolute paths, URLs, '..' components and symlinks that lead
 * outside; reports a missing file.  Returns the path to open (arena) or
 * NULL.
 */
static const char *resolve(reader *rd, xfile *xf, xmlNodePtr n,
                           const char *attrname, const char *rel,
                           const char *what)
{
    if (!rel || !*rel) {
        node_problem(rd, xf, n, attrname,
                     "empty %s='' : give the %s's path relative to the "
                     "edition directory",
                     attrname, what);
        return NULL;
    }
    if (rel[0] == '/') {
        node_problem(rd, xf, n, attrname,
                     "absolute path '%s' is not allowed: give the %s's path "
                     "relative to the edition directory",
                     rel, what);
        return NULL;
    }
    if (strstr(rel, "://") || !strncmp(rel, "file:", 5)) {
        node_problem(rd, xf, n, attrname,
                     "'%s' is a URL: banmian reads only files inside the "
                     "edition directory; copy the %s there",
                     rel, what);
        return NULL;
    }
    for (const char *p = rel; *p;) {
        const char *q = strchr(p, '/');
        size_t len = q ? (size_t)(q - p) : strlen(p);
        if ((len == 2 && !memcmp(p, "..", 2)) || memchr(p, '\\', len)) {
            node_problem(rd, xf, n, attrname,
                         "path '%s' leaves the edition directory: keep the "
                         "%s inside it and give a path without '..'",
                         rel, what);
            return NULL;
        }
        p = q ? q + 1 : p + len;
    }
    const char *full = bm_path_join(rd->ed->arena, rd->dir, rel);
    struct stat st;
    if (stat(full, &st) != 0) {
        if (lstat(full, &st) == 0)
            node_problem(rd, xf, n, attrname,
                         "%s '%s' is a broken symbolic link: replace it "
                         "with the file",
                         what, rel);
        else
            node_problem(rd, xf, n, attrname,
                         "%s file '%s' not found in %s: add the file or fix "
                         "the path",
                         what, rel, rd->dir);
        return NULL;
    }
    char real[PATH_MAX];
    if (!realpath(full, real)) {
        node_problem(rd, xf, n, attrname, "cannot resolve '%s': %s", rel,
                     strerror(errno));
        return NULL;
    }
    size_t dl = strlen(rd->realdir);
    if (strncmp(real, rd->realdir, dl) != 0 ||
        (real[dl] != '/' && !(dl == 1 && rd->realdir[0] == '/'))) {
        node_problem(rd, xf, n, attrname,
                     "%s '%s' is a symbolic link leading outside the "
                     "edition directory: copy the file into it instead",
                     what, rel);
        return NULL;
    }
    if (!S_ISREG(st.st_mode)) {
        node_problem(rd, xf, n, attrname,
                     "%s '%s' is not a regular file", what, rel);
        return NULL;
    }
    return full;
}

/* ---- images ------------------------------------------------------------------ */

/* Images are checked by bm_ingest_image_check (image.c). */

/* ---- articles ------------------------------------------------------------------ */

static const char *const article_parts[] = {"kicker", "headline", "subhead",
                                            "byline", "body",     "code"};
#define NPARTS (sizeof article_parts / sizeof article_parts[0])

static int part_index(const xmlChar *name)
{
    for (size_t i = 0; i < NPARTS; i++)
        if (xmlStrEqual(name, BAD_CAST article_parts[i]))
            return (int)i;
    return -1;
}

static void stray_text(reader *rd, xfile *xf, xmlNodePtr parent, xmlNodePtr c,
                       const char *fix)
{
    if (is_text(c) && !blank(c->content))
        node_problem(rd, xf, parent, NULL, "text directly inside <%s>: %s",
                     (const char *)parent->name, fix);
}

static const char *headline_of(reader *rd, xfile *xf, xmlNodePtr n)
{
    int lines = 0, text = 0;
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (is_elem(c))
            lines |= xmlStrEqual(c->name, BAD_CAST "line");
        if (is_text(c) && !blank(c->content))
            text = 1;
    }
    if (!lines)
        return text_of(rd, xf, n);
    if (text)
        node_problem(rd, xf, n, NULL,
                     "<headline> mixes text and <line>: put all of its text "
                     "in <line> elements, or drop the <line>s");
    bm_buf b;
    bm_buf_init(&b);
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (!is_elem(c))
            continue;
        if (!xmlStrEqual(c->name, BAD_CAST "line")) {
            node_problem(rd, xf, c, NULL,
                         "unknown element <%s> in <headline>: use <line>",
                         (const char *)c->name);
            continue;
        }
        check_attrs(rd, xf, c, (const char *const[]){NULL});
        const char *t = text_of(rd, xf, c);
        if (!t)
            continue;
        if (b.len)
            bm_buf_puts(&b, "\n");
        bm_buf_puts(&b, t);
    }
    const char *h = b.len ? bm_arena_strdup(rd->ed->arena, b.data) : NULL;
    bm_buf_free(&b);
    return h;
}

static void read_figure(reader *rd, xfile *xf, bm_article *ar, xmlNodePtr n)
{
    bm_edition *ed = rd->ed;
    int line, col;
    locate(xf, n, NULL, &line, &col);
    bm_block *bl = bm_article_add_block(
        ed, ar, BM_BLOCK_FIGURE, (bm_src){xf->path, line, col});
    check_attrs(rd, xf, n, (const char *const[]){"src", "alt", NULL});
    const char *src = attr(n, "src", ed);
    const char *alt = attr(n, "alt", ed);
    if (alt)
        alt = clean_text(rd, alt);
    bl->alt = alt;
    if (src) {
        const char *full = resolve(rd, xf, n, "src", src, "image");
        if (full) {
            char why[200];
            if (!bm_ingest_image_check(full, &bl->img_w, &bl->img_h, why,
                                       sizeof why))
                node_problem(rd, xf, n, "src", "image '%s' %s", src, why);
            bl->image = src;
        }
    }
    int seen_caption = 0, seen_credit = 0;
    for (xmlNodePtr c = n->children; c; c = c->next) {
        stray_text(rd, xf, n, c, "put a caption in <caption>…</caption>");
        if (!is_elem(c))
            continue;
        int cap = xmlStrEqual(c->name, BAD_CAST "caption");
        int cred = xmlStrEqual(c->name, BAD_CAST "credit");
        if (!cap && !cred) {
            node_problem(rd, xf, c, NULL,
                         "unknown element <%s> in <figure>: a figure holds "
                         "<caption> then <credit>",
                         (const char *)c->name);
            continue;
        }
        check_attrs(rd, xf, c,
                    cap ? (const char *const[]){"code", NULL}
                        : (const char *const[]){NULL});
        if ((cap && seen_caption) || (cred && seen_credit)) {
            node_problem(rd, xf, c, NULL,
                         "second <%s> in <figure>: merge them into one",
                         (const char *)c->name);
            continue;
        }
        if (cap && seen_credit)
            node_problem(rd, xf, c, NULL,
                         "<caption> must come before <credit>: swap them");
        const char *t = text_of(rd, xf, c);
        if (cap) {
            const char *code = attr(c, "code", ed);
            if (code && !(code = clean_text(rd, code)))
                node_problem(rd, xf, c, "code",
                             "empty code='': give the editor code printed "
                             "after the caption, or remove the attribute");
            bl->code = code;
        }
        if (cap)
            bl->caption = t, seen_caption = 1;
        else
            bl->credit = t, seen_credit = 1;
    }
    if (!src && !bl->caption && !bl->credit)
        node_problem(rd, xf, n, NULL,
                     "empty <figure>: give it an image (src=\"images/…\") or "
                     "a caption, or remove it");
}

static void read_body(reader *rd, xfile *xf, bm_article *ar, xmlNodePtr body)
{
    bm_edition *ed = rd->ed;
    check_attrs(rd, xf, body, (const char *const[]){NULL});
    for (xmlNodePtr c = body->children; c; c = c->next) {
        stray_text(rd, xf, body, c, "wrap each paragraph in <p>…</p>");
        if (!is_elem(c))
            continue;
        if (xmlStrEqual(c->name, BAD_CAST "figure")) {
            read_figure(rd, xf, ar, c);
            continue;
        }
        bm_block_kind k;
        if (xmlStrEqual(c->name, BAD_CAST "p"))
            k = BM_BLOCK_PARAGRAPH;
        else if (xmlStrEqual(c->name, BAD_CAST "h"))
            k = BM_BLOCK_SUBHEADING;
        else if (xmlStrEqual(c->name, BAD_CAST "note"))
            k = BM_BLOCK_NOTE;
        else {
            node_problem(rd, xf, c, NULL,
                         "unknown element <%s> in <body>: use <p> for "
                         "paragraphs, <h> for subheadings, <figure> or <note>",
                         (const char *)c->name);
            continue;
        }
        check_attrs(rd, xf, c, (const char *const[]){NULL});
        const char *t = text_of(rd, xf, c);
        if (!t)
            continue;
        int line, col;
        locate(xf, c, NULL, &line, &col);
        bm_block *bl =
            bm_article_add_block(ed, ar, k, (bm_src){xf->path, line, col});
        bl->text = t;
    }
}

/*
 * Reads one article file onto page pg.  The article joins the page only if
 * its file has no problem, so later stages never see half an article.
 */
static void read_article(reader *rd, bm_page *pg, const char *path,
                         bm_article_role role)
{
    bm_edition *ed = rd->ed;
    xfile xf;
    if (!xfile_open(rd, &xf, path))
        return;
    xmlNodePtr root = xmlDocGetRootElement(xf.doc);
    if (!root || !xmlStrEqual(root->name, BAD_CAST "article") || root->ns) {
        node_problem(rd, &xf, root, NULL,
                     "the root element is <%s>: an article file starts with "
                     "<article id=\"…\"> (without a namespace)",
                     root ? (const char *)root->name : "?");
        xfile_close(&xf);
        return;
    }
    check_attrs(rd, &xf, root,
                (const char *const[]){"id", "kind", "group", NULL});
    const char *id = attr(root, "id", ed);
    if (!id)
        node_problem(rd, &xf, root, NULL,
                     "<article> has no id: add id=\"…\" (letters, digits, - "
                     "and _), unique in the edition");
    else if (!bm_model_valid_id(id))
        node_problem(rd, &xf, root, "id",
                     "article id '%s' may hold only ASCII letters, digits, - "
                     "and _: rename it",
                     id);
    else {
        seen_id *other = rd->ids;
        while (other && strcmp(other->id, id))
            other = other->next;
        int l, c;
        locate(&xf, root, "id", &l, &c);
        if (other)
            node_problem(rd, &xf, root, "id",
                         "duplicate article id '%s' (also in %s:%d): ids "
                         "must be unique in the edition; rename one",
                         id, other->file, other->line);
        else {
            seen_id *s = bm_arena_alloc(ed->arena, sizeof *s);
            *s = (seen_id){id, xf.path, l, rd->ids};
            rd->ids = s;
        }
    }
    bm_article_kind kind = BM_ARTICLE;
    const char *ks = attr(root, "kind", ed);
    if (ks) {
        if (!strcmp(ks, "photo"))
            kind = BM_ARTICLE_PHOTO;
        else if (!strcmp(ks, "brief"))
            kind = BM_ARTICLE_BRIEF;
        else if (strcmp(ks, "article"))
            node_problem(rd, &xf, root, "kind",
                         "unknown article kind '%s': use article, photo or "
                         "brief",
                         ks);
    }
    int line, col;
    locate(&xf, root, NULL, &line, &col);
    /* a scratch article: added to the page only if the file is sound */
    bm_article tmp = {0};
    tmp.kind = kind;
    tmp.role = role;
    tmp.src = (bm_src){xf.path, line, col};
    bm_article *ar = &tmp;
    const char *group = attr(root, "group", ed);
    if (group) {
        group = clean_text(rd, group);
        if (!group)
            node_problem(rd, &xf, root, "group",
                         "empty group='': give the briefs box title or "
                         "remove the attribute");
    }
    ar->group = group;

    int last = -1, have_body = 0;
    xmlNodePtr seen[NPARTS] = {0};
    for (xmlNodePtr c = root->children; c; c = c->next) {
        stray_text(rd, &xf, root, c,
                   "put paragraphs in <body><p>…</p></body>");
        if (!is_elem(c))
            continue;
        int k = part_index(c->name);
        if (k < 0) {
            node_problem(rd, &xf, c, NULL,
                         "unknown element <%s> in <article>: expected "
                         "kicker, headline, subhead, byline, body, code (in "
                         "that order)",
                         (const char *)c->name);
            continue;
        }
        if (seen[k]) {
            int l2, c2;
            locate(&xf, seen[k], NULL, &l2, &c2);
            node_problem(rd, &xf, c, NULL,
                         "second <%s> (the first is on line %d): an article "
                         "has at most one; merge them",
                         article_parts[k], l2);
            continue;
        }
        seen[k] = c;
        if (k < last)
            node_problem(rd, &xf, c, NULL,
                         "<%s> must come before <%s>: the order is kicker, "
                         "headline, subhead, byline, body, code",
                         article_parts[k], article_parts[last]);
        else
            last = k;
        if (k != 4 && k != 1)
            check_attrs(rd, &xf, c, (const char *const[]){NULL});
        switch (k) {
        case 0: ar->kicker = text_of(rd, &xf, c); break;
        case 1:
            check_attrs(rd, &xf, c, (const char *const[]){NULL});
            ar->headline = headline_of(rd, &xf, c);
            break;
        case 2: ar->subhead = text_of(rd, &xf, c); break;
        case 3: ar->byline = text_of(rd, &xf, c); break;
        case 4:
            have_body = 1;
            read_body(rd, &xf, ar, c);
            break;
        case 5: ar->editor_code = text_of(rd, &xf, c); break;
        }
    }
    if (!have_body)
        node_problem(rd, &xf, root, NULL,
                     "<article> has no <body>: add <body> with its "
                     "paragraphs after the byline");
    else if (ar->nblocks == 0 && xf.nerr == 0)
        node_problem(rd, &xf, seen[4], NULL,
                     "article '%s' is empty: add paragraphs (<p>) or a "
                     "figure to <body>, or remove the article from "
                     "edition.xml",
                     id ? id : "?");

    if (xf.nerr == 0)
        rng_validate(rd, &xf, rd->rng_article);
    if (xf.nerr == 0 && id) {
        bm_article *real = bm_page_add_article(ed, pg, id, kind, tmp.src);
        bm_page *p = real->page;
        const char *rid = real->id;
        *real = tmp;
        real->id = rid;
        real->page = p;
    }
    xfile_close(&xf);
}

/* ---- edition ------------------------------------------------------------------ */

static const char *const meta_names[] = {"title",    "date",   "issue",
                                         "publisher", "language", "layout"};
#define NMETA (sizeof meta_names / sizeof meta_names[0])

static int valid_date(const char *s)
{
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return 0;
    int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
    if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
        return 0;
    if (m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
        return 0;
    return 1;
}

/* Adds `s` to out[0..*n) unless it is there already. */
static void add_once(const char **out, size_t *n, size_t max, const char *s)
{
    size_t k = 0;
    while (k < *n && strcmp(out[k], s))
        k++;
    if (k == *n && *n < max)
        out[(*n)++] = s;
}

/*
 * The section labels a page has when edition.xml lists none: the page's
 * section, then per article the labels over it (label='', one per line)
 * and its briefs box title, each once, in order.  The writer writes
 * <label>s only when a page's labels differ from these.  Strings come from
 * `a` (label lines are split).
 */
static size_t derived_sections(const bm_page *pg, const char **out, size_t max,
                               bm_arena *a)
{
    size_t n = 0;
    if (pg->section)
        add_once(out, &n, max, pg->section);
    for (size_t i = 0; i < pg->narticles; i++) {
        const char *lb = pg->articles[i]->label;
        while (lb && *lb) {
            const char *e = strchr(lb, '\n');
            size_t len = e ? (size_t)(e - lb) : strlen(lb);
            if (len)
                add_once(out, &n, max, bm_arena_strndup(a, lb, len));
            lb += len + (e != NULL);
        }
        if (pg->articles[i]->group)
            add_once(out, &n, max, pg->articles[i]->group);
    }
    return n;
}

static int sections_derived(const bm_page *pg, bm_arena *a)
{
    const char *d[64];
    if (pg->nsections > 64)
        return 0;
    size_t n = derived_sections(pg, d, 64, a);
    if (n != pg->nsections)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (strcmp(d[i], pg->sections[i]))
            return 0;
    return 1;
}

/*
 * label='…' of an <article> in edition.xml: the section label printed
 * over it, '\n' (written &#10;) between stacked labels; each line is
 * cleaned like any text.  NULL (and a problem) when it is empty.
 */
static const char *read_label(reader *rd, xfile *xf, xmlNodePtr n)
{
    const char *v = attr(n, "label", rd->ed);
    if (!v)
        return NULL;
    bm_buf b;
    bm_buf_init(&b);
    for (const char *p = v; *p;) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        const char *t = clean_text(rd, bm_arena_strndup(rd->ed->arena, p, len));
        if (t) {
            if (b.len)
                bm_buf_puts(&b, "\n");
            bm_buf_puts(&b, t);
        }
        p += len + (e != NULL);
    }
    const char *out = b.len ? bm_edition_str(rd->ed, b.data, b.len) : NULL;
    bm_buf_free(&b);
    if (!out)
        node_problem(rd, xf, n, "label",
                     "empty label='': give the section label printed over "
                     "the article, or remove the attribute");
    return out;
}

/* Checks the ids of a page imported from a dump against those seen. */
static void register_dump_ids(reader *rd, xfile *xf, xmlNodePtr n,
                              const bm_page *pg)
{
    for (size_t i = 0; i < pg->narticles; i++) {
        const bm_article *ar = pg->articles[i];
        seen_id *other = rd->ids;
        while (other && strcmp(other->id, ar->id))
            other = other->next;
        if (other) {
            node_problem(rd, xf, n, "dump",
                         "the dump's article id '%s' is also used in %s:%d: "
                         "rename that article",
                         ar->id, other->file, other->line);
            continue;
        }
        seen_id *s = bm_arena_alloc(rd->ed->arena, sizeof *s);
        *s = (seen_id){ar->id, ar->src.file ? ar->src.file : xf->path,
                       ar->src.line, rd->ids};
        rd->ids = s;
    }
}

static void read_page(reader *rd, xfile *xf, xmlNodePtr n)
{
    bm_edition *ed = rd->ed;
    check_attrs(rd, xf, n, (const char *const[]){"section", "dump", NULL});
    const char *section = attr(n, "section", ed);
    if (section)
        section = clean_text(rd, section);
    const char *dump = attr(n, "dump", ed);
    int line, col;
    locate(xf, n, NULL, &line, &col);
    int narts = 0;
    for (xmlNodePtr c = n->children; c; c = c->next)
        narts += is_elem(c) && xmlStrEqual(c->name, BAD_CAST "article");

    if (dump) {
        if (narts)
            node_problem(rd, xf, n, "dump",
                         "<page> has both dump='%s' and <article>s: a page "
                         "either lists its articles or points at a raw dump",
                         dump);
        const char *full = resolve(rd, xf, n, "dump", dump, "page dump");
        if (!full)
            return;
        bm_error e;
        bm_error_init(&e);
        size_t before = ed->npages;
        if (bm_ingest_dump(ed, full, &e) != BM_OK) {
            problem(rd, xf, e.file ? e.file : xf->path, e.file ? e.line : line,
                    e.file ? e.col : col, e.code ? e.code : BM_INPUT,
                    "%s", e.msg);
            return;
        }
        if (ed->npages > before) {
            bm_page *pg = ed->pages[ed->npages - 1];
            if (section)
                pg->section = section;
            pg->dump = dump;
            register_dump_ids(rd, xf, n, pg);
        }
        return;
    }
    if (!narts) {
        node_problem(rd, xf, n, NULL,
                     "<page> has no articles: list them as <article "
                     "href=\"articles/….xml\"/> or give dump=\"….txt\"");
    }
    bm_page *pg = bm_edition_add_page(ed, section, (bm_src){xf->path, line, col});
    int labels = 0, seen_article = 0;
    for (xmlNodePtr c = n->children; c; c = c->next) {
        stray_text(rd, xf, n, c, "a page holds only <article href=…/> elements");
        if (!is_elem(c))
            continue;
        if (xmlStrEqual(c->name, BAD_CAST "label")) {
            check_attrs(rd, xf, c, (const char *const[]){NULL});
            if (seen_article)
                node_problem(rd, xf, c, NULL,
                             "<label> must come before the page's first "
                             "<article>: move it up");
            const char *t = text_of(rd, xf, c);
            if (t)
                bm_page_add_section(ed, pg, t);
            labels++;
            continue;
        }
        if (!xmlStrEqual(c->name, BAD_CAST "article")) {
            node_problem(rd, xf, c, NULL,
                         "unknown element <%s> in <page>: a page lists "
                         "<label>s, then <article href=\"…\"/> elements",
                         (const char *)c->name);
            continue;
        }
        seen_article = 1;
        check_attrs(rd, xf, c,
                    (const char *const[]){"href", "role", "label", NULL});
        if (c->children)
            for (xmlNodePtr d = c->children; d; d = d->next)
                if (is_elem(d) || (is_text(d) && !blank(d->content))) {
                    node_problem(rd, xf, c, NULL,
                                 "<article> in edition.xml only points at a "
                                 "file: move its content into that file");
                    break;
                }
        bm_article_role role = BM_ROLE_NORMAL;
        const char *rs = attr(c, "role", ed);
        if (rs && !strcmp(rs, "lead"))
            role = BM_ROLE_LEAD;
        else if (rs && strcmp(rs, "normal"))
            node_problem(rd, xf, c, "role",
                         "unknown role '%s': use role=\"lead\" for the "
                         "page's lead story, or leave it out",
                         rs);
        const char *href = attr(c, "href", ed);
        if (!href) {
            node_problem(rd, xf, c, NULL,
                         "<article> has no href: add href=\"articles/….xml\"");
            continue;
        }
        const char *label = read_label(rd, xf, c);
        const char *full = resolve(rd, xf, c, "href", href, "article");
        size_t before = pg->narticles;
        if (full)
            read_article(rd, pg, full, role);
        if (pg->narticles > before)
            pg->articles[pg->narticles - 1]->label = label;
    }
    if (!labels) {
        const char *d[64];
        size_t nd = derived_sections(pg, d, 64, ed->arena);
        for (size_t i = 0; i < nd; i++)
            bm_page_add_section(ed, pg, d[i]);
        return;
    }
    /* listed <label>s: an article's label they lack is added after them
       (the page's labels hold every label printed on it) */
    for (size_t i = 0; i < pg->narticles; i++)
        for (const char *lb = pg->articles[i]->label; lb && *lb;) {
            const char *e = strchr(lb, '\n');
            size_t len = e ? (size_t)(e - lb) : strlen(lb), k = 0;
            while (k < pg->nsections && (strlen(pg->sections[k]) != len ||
                                         strncmp(pg->sections[k], lb, len)))
                k++;
            if (k == pg->nsections)
                bm_page_add_section(ed, pg, bm_arena_strndup(ed->arena, lb, len));
            lb += len + (e != NULL);
        }
}

static void read_edition(reader *rd, const char *path)
{
    bm_edition *ed = rd->ed;
    xfile xf;
    if (!xfile_open(rd, &xf, path))
        return;
    xmlNodePtr root = xmlDocGetRootElement(xf.doc);
    if (!root || !xmlStrEqual(root->name, BAD_CAST "edition") || root->ns) {
        node_problem(rd, &xf, root, NULL,
                     "the root element is <%s>: edition.xml starts with "
                     "<edition version=\"1\"> (without a namespace)",
                     root ? (const char *)root->name : "?");
        xfile_close(&xf);
        return;
    }
    int line, col;
    locate(&xf, root, NULL, &line, &col);
    ed->src = (bm_src){xf.path, line, col};
    check_attrs(rd, &xf, root, (const char *const[]){"version", NULL});
    const char *v = attr(root, "version", ed);
    if (!v)
        node_problem(rd, &xf, root, NULL,
                     "<edition> has no version: write <edition version=\"1\">");
    else if (strcmp(v, "1"))
        node_problem(rd, &xf, root, "version",
                     "edition version '%s' is not known to this banmian: "
                     "write version=\"1\" (or update banmian)",
                     v);
    xmlNodePtr meta[NMETA] = {0};
    int pages = 0;
    for (xmlNodePtr c = root->children; c; c = c->next) {
        stray_text(rd, &xf, root, c,
                   "metadata goes in <title>, <date>, … and articles in "
                   "<page>");
        if (!is_elem(c))
            continue;
        if (xmlStrEqual(c->name, BAD_CAST "page")) {
            pages++;
            read_page(rd, &xf, c);
            continue;
        }
        size_t k = 0;
        while (k < NMETA && !xmlStrEqual(c->name, BAD_CAST meta_names[k]))
            k++;
        if (k == NMETA) {
            node_problem(rd, &xf, c, NULL,
                         "unknown element <%s> in <edition>: expected title, "
                         "date, issue, publisher, language, layout, then "
                         "<page>s",
                         (const char *)c->name);
            continue;
        }
        if (meta[k]) {
            node_problem(rd, &xf, c, NULL,
                         "second <%s> in <edition>: keep one",
                         meta_names[k]);
            continue;
        }
        meta[k] = c;
        if (pages)
            node_problem(rd, &xf, c, NULL,
                         "<%s> must come before the first <page>: move it up",
                         meta_names[k]);
        check_attrs(rd, &xf, c, (const char *const[]){NULL});
        const char *t = text_of(rd, &xf, c);
        switch (k) {
        case 0: ed->title = t; break;
        case 1:
            if (t && !valid_date(t))
                node_problem(rd, &xf, c, NULL,
                             "date '%s' is not a calendar date written "
                             "YYYY-MM-DD (e.g. 2026-11-20)",
                             t);
            ed->date = t;
            break;
        case 2: ed->issue = t; break;
        case 3: ed->publisher = t; break;
        case 4:
            if (t)
                ed->lang = t;
            break;
        case 5: ed->layout = t; break;
        }
    }
    if (!pages)
        node_problem(rd, &xf, root, NULL,
                     "the edition has no <page>: add at least one <page "
                     "section=\"…\"> with its articles");
    /* the edition file's own structure is checked; articles were checked
       one by one */
    if (xf.nerr == 0)
        rng_validate(rd, &xf, rd->rng_edition);
    xfile_close(&xf);
}

bm_status bm_ingest_edition(const char *dir, bm_edition **out,
                            bm_diags *all_errors, bm_error *err)
{
    *out = NULL;
    xmlInitParser();
    bm_error local;
    bm_error_init(&local);
    reader rd = {0};
    rd.dir = dir;
    rd.all = all_errors;
    rd.err = &local;
    rd.ed = bm_edition_new();
    rd.scratch = bm_arena_new();
    bm_status st;
    struct stat sd;

    if (stat(dir, &sd) != 0 || !S_ISDIR(sd.st_mode)) {
        problem(&rd, NULL, dir, 0, 0, BM_INPUT,
                "not an edition directory (it should hold edition.xml)");
        goto done;
    }
    if (!realpath(dir, rd.realdir)) {
        problem(&rd, NULL, dir, 0, 0, BM_IO, "cannot resolve: %s",
                strerror(errno));
        goto done;
    }
    rd.ed->dir = bm_arena_strdup(rd.ed->arena, dir);
    bm_error se;
    bm_error_init(&se);
    if (load_schema(schema_edition, &rd.rng_edition, &se) != BM_OK ||
        load_schema(schema_article, &rd.rng_article, &se) != BM_OK) {
        problem(&rd, NULL, NULL, 0, 0, se.code, "%s", se.msg);
        goto done;
    }
    const char *path = bm_path_join(rd.ed->arena, dir, "edition.xml");
    struct stat sf;
    if (stat(path, &sf) != 0) {
        problem(&rd, NULL, path, 0, 0, BM_INPUT,
                "no edition.xml in %s: write one (see README, \"Input "
                "formats\") or import a page dump with 'banmian import "
                "PAGE.txt --xml -o DIR'",
                dir);
        goto done;
    }
    read_edition(&rd, path);

done:
    if (rd.rng_edition)
        xmlRelaxNGFree(rd.rng_edition);
    if (rd.rng_article)
        xmlRelaxNGFree(rd.rng_article);
    bm_arena_free(rd.scratch);
    st = local.code;
    if (st != BM_OK) {
        bm_edition_free(rd.ed);
        bm_error_set(err, local.code, local.file, local.line, local.col, "%s",
                     local.msg);
        return st;
    }
    *out = rd.ed;
    return BM_OK;
}

/* ---- writing ------------------------------------------------------------------ */

/*
 * Output goes through libxml2's writer into memory and then to disk with
 * bm_file_write_atomic, so a file is complete or absent.  The writer
 * escapes text and attributes; nothing is concatenated by hand.  Output
 * depends only on the model (no dates, no ids from addresses).
 */

typedef struct writer {
    xmlBufferPtr     buf;  /* owned */
    xmlTextWriterPtr w;    /* owned */
    int              bad;  /* a writer call failed */
} writer;

static void wr_open(writer *x)
{
    x->buf = xmlBufferCreate();
    x->w = x->buf ? xmlNewTextWriterMemory(x->buf, 0) : NULL;
    x->bad = !x->w;
    if (x->bad)
        return;
    xmlTextWriterSetIndent(x->w, 1);
    xmlTextWriterSetIndentString(x->w, BAD_CAST "  ");
    x->bad |= xmlTextWriterStartDocument(x->w, "1.0", "UTF-8", NULL) < 0;
}

static void wr_start(writer *x, const char *name)
{
    if (!x->bad)
        x->bad |= xmlTextWriterStartElement(x->w, BAD_CAST name) < 0;
}

static void wr_end(writer *x)
{
    if (!x->bad)
        x->bad |= xmlTextWriterEndElement(x->w) < 0;
}

static void wr_attr(writer *x, const char *name, const char *v)
{
    if (!x->bad && v)
        x->bad |= xmlTextWriterWriteAttribute(x->w, BAD_CAST name,
                                              BAD_CAST v) < 0;
}

static void wr_text(writer *x, const char *text)
{
    if (!x->bad && text)
        x->bad |= xmlTextWriterWriteString(x->w, BAD_CAST text) < 0;
}

static void wr_elem(writer *x, const char *name, const char *text)
{
    if (!x->bad && text)
        x->bad |= xmlTextWriterWriteElement(x->w, BAD_CAST name,
                                            BAD_CAST text) < 0;
}

/* Ends the document and writes it atomically to path; frees x. */
static bm_status wr_commit(writer *x, const char *path, bm_error *err)
{
    if (!x->bad)
        x->bad |= xmlTextWriterEndDocument(x->w) < 0;
    if (x->w)
        xmlFreeTextWriter(x->w); /* flushes into buf */
    x->w = NULL;
    bm_status st;
    if (x->bad || !x->buf)
        st = bm_error_set(err, BM_INTERNAL, path, 0, 0,
                          "the XML writer failed (text with characters "
                          "XML cannot hold?)");
    else
        st = bm_file_write_atomic(path, xmlBufferContent(x->buf),
                                  (size_t)xmlBufferLength(x->buf), err);
    if (x->buf)
        xmlBufferFree(x->buf);
    x->buf = NULL;
    return st;
}

/* mkdir -p for the directories of `path` (not the last component). */
static bm_status make_parents(const char *path, bm_error *err)
{
    char tmp[PATH_MAX];
    if (snprintf(tmp, sizeof tmp, "%s", path) >= (int)sizeof tmp)
        return bm_error_set(err, BM_IO, path, 0, 0, "path too long");
    for (char *p = tmp + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(tmp, 0777) != 0 && errno != EEXIST)
            return bm_error_set(err, BM_IO, tmp, 0, 0,
                                "cannot create directory: %s",
                                strerror(errno));
        *p = '/';
    }
    return BM_OK;
}

static bm_status copy_file(const char *from, const char *to, bm_error *err)
{
    char rf[PATH_MAX], rt[PATH_MAX];
    if (realpath(from, rf) && realpath(to, rt) && !strcmp(rf, rt))
        return BM_OK; /* writing an edition over itself */
    bm_arena *a = bm_arena_new();
    char *data;
    size_t len;
    bm_status st = bm_file_read(from, a, BM_INGEST_MAX_FILE, &data, &len, err);
    if (st == BM_OK)
        st = make_parents(to, err);
    if (st == BM_OK)
        st = bm_file_write_atomic(to, data, len, err);
    bm_arena_free(a);
    return st;
}

static bm_status write_article(const bm_edition *ed, const bm_article *ar,
                               const char *path, bm_error *err)
{
    writer x;
    wr_open(&x);
    wr_start(&x, "article");
    wr_attr(&x, "id", ar->id);
    wr_attr(&x, "kind", bm_article_kind_name(ar->kind));
    wr_attr(&x, "group", ar->group);
    wr_elem(&x, "kicker", ar->kicker);
    if (ar->headline && strchr(ar->headline, '\n')) {
        wr_start(&x, "headline");
        for (const char *p = ar->headline; *p;) {
            const char *q = strchr(p, '\n');
            size_t n = q ? (size_t)(q - p) : strlen(p);
            char *line = bm_arena_strndup(ed->arena, p, n);
            if (n)
                wr_elem(&x, "line", line);
            p += n + (q ? 1 : 0);
        }
        wr_end(&x);
    } else {
        wr_elem(&x, "headline", ar->headline);
    }
    wr_elem(&x, "subhead", ar->subhead);
    wr_elem(&x, "byline", ar->byline);
    wr_start(&x, "body");
    for (size_t i = 0; i < ar->nblocks; i++) {
        const bm_block *b = &ar->blocks[i];
        switch (b->kind) {
        case BM_BLOCK_PARAGRAPH: wr_elem(&x, "p", b->text); break;
        case BM_BLOCK_SUBHEADING: wr_elem(&x, "h", b->text); break;
        case BM_BLOCK_NOTE: wr_elem(&x, "note", b->text); break;
        case BM_BLOCK_FIGURE:
            wr_start(&x, "figure");
            wr_attr(&x, "src", b->image);
            wr_attr(&x, "alt", b->alt);
            if (b->caption && b->code) {
                wr_start(&x, "caption");
                wr_attr(&x, "code", b->code);
                wr_text(&x, b->caption);
                wr_end(&x);
            } else {   /* a code without a caption is not lost either */
                wr_elem(&x, "caption", b->caption ? b->caption : b->code);
            }
            wr_elem(&x, "credit", b->credit);
            wr_end(&x);
            break;
        }
    }
    wr_end(&x);
    wr_elem(&x, "code", ar->editor_code);
    wr_end(&x);
    return wr_commit(&x, path, err);
}

bm_status bm_ingest_write_edition(const bm_edition *ed, const char *dir,
                                  bm_error *err)
{
    bm_arena *a = bm_arena_new();
    bm_status st = BM_OK;
    /* the model must be one that reads back: check what the reader would */
    for (size_t p = 0; p < ed->npages && st == BM_OK; p++) {
        const bm_page *pg = ed->pages[p];
        if (!pg->narticles)
            st = bm_error_set(err, BM_INPUT, pg->src.file, pg->src.line, 0,
                              "page %d has no articles to write", pg->number);
        for (size_t i = 0; i < pg->narticles && st == BM_OK; i++) {
            const bm_article *ar = pg->articles[i];
            if (!bm_model_valid_id(ar->id))
                st = bm_error_set(err, BM_INTERNAL, ar->src.file, ar->src.line,
                                  0, "article id '%s' cannot be a file name",
                                  ar->id ? ar->id : "(null)");
            else if (!ar->nblocks)
                st = bm_error_set(err, BM_INPUT, ar->src.file, ar->src.line,
                                  0, "article '%s' is empty", ar->id);
        }
    }
    if (!ed->npages && st == BM_OK)
        st = bm_error_set(err, BM_INPUT, NULL, 0, 0,
                          "the edition has no pages to write");
    if (st == BM_OK)
        st = make_parents(bm_path_join(a, dir, "articles/x"), err);

    /* articles and their images first, edition.xml last: a reader never
       finds an edition.xml naming files not yet written */
    for (size_t p = 0; p < ed->npages && st == BM_OK; p++) {
        const bm_page *pg = ed->pages[p];
        for (size_t i = 0; i < pg->narticles && st == BM_OK; i++) {
            const bm_article *ar = pg->articles[i];
            char *rel = bm_arena_printf(a, "articles/%s.xml", ar->id);
            st = write_article(ed, ar, bm_path_join(a, dir, rel), err);
            for (size_t b = 0; b < ar->nblocks && st == BM_OK; b++) {
                const bm_block *bl = &ar->blocks[b];
                if (bl->kind == BM_BLOCK_FIGURE && bl->image && ed->dir)
                    st = copy_file(bm_path_join(a, ed->dir, bl->image),
                                   bm_path_join(a, dir, bl->image), err);
            }
        }
    }
    if (st == BM_OK) {
        writer x;
        wr_open(&x);
        wr_start(&x, "edition");
        wr_attr(&x, "version", "1");
        wr_elem(&x, "title", ed->title);
        wr_elem(&x, "date", ed->date);
        wr_elem(&x, "issue", ed->issue);
        wr_elem(&x, "publisher", ed->publisher);
        wr_elem(&x, "language", ed->lang);
        wr_elem(&x, "layout", ed->layout);
        for (size_t p = 0; p < ed->npages; p++) {
            const bm_page *pg = ed->pages[p];
            wr_start(&x, "page");
            wr_attr(&x, "section", pg->section);
            if (!sections_derived(pg, a))
                for (size_t i = 0; i < pg->nsections; i++)
                    wr_elem(&x, "label", pg->sections[i]);
            for (size_t i = 0; i < pg->narticles; i++) {
                const bm_article *ar = pg->articles[i];
                wr_start(&x, "article");
                wr_attr(&x, "href",
                        bm_arena_printf(a, "articles/%s.xml", ar->id));
                if (ar->role == BM_ROLE_LEAD)
                    wr_attr(&x, "role", "lead");
                wr_attr(&x, "label", ar->label);
                wr_end(&x);
            }
            wr_end(&x);
        }
        wr_end(&x);
        st = wr_commit(&x, bm_path_join(a, dir, "edition.xml"), err);
    }
    bm_arena_free(a);
    return st;
}
