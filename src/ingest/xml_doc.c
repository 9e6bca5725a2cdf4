/*
 * xml_doc.c - the XML layer under both readers (article XML and
 * edition.xml): safe parsing, positions, problems, validation, text.
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
 * binary (Makefile: $(O)/gen/bm_schema.h, included by xml_edition.c) rather than read from the data
 * directory: the library does not know where the CLI's data lives, and
 * validation must not silently depend on an installed file matching the
 * binary.  `make install` still copies them for editors' tools.
 *
 * Rejected: xmlReadFile (no size limit before parsing, and it resolves
 * URIs); XML_PARSE_NOENT (substitutes entities); reporting RelaxNG errors
 * alongside the walker's (duplicates).
 */
#include "xml_private.h"

#include "../text/text.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>

/* At most this many problems are listed (a broken generator can produce
   one per paragraph); the rest are counted. */
#define MAX_LISTED 500

void bm_xml_problem(reader *rd, xfile *xf, const char *file, int line,
                    int col, bm_status code, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (rd->err->code == BM_OK) {
        bm_error_set(rd->err, code, file, line, col,
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

int bm_xml_node_line(xmlNodePtr n)
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
void bm_xml_locate(const xfile *xf, xmlNodePtr n, const char *attr, int *line,
                   int *col)
{
    *line = n ? bm_xml_node_line(n) : 0;
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
void bm_xml_node_problem(reader *rd, xfile *xf, xmlNodePtr n, const char *attr,
                         const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    int line, col;
    bm_xml_locate(xf, n, attr, &line, &col);
    bm_xml_problem(rd, xf, xf->path, line, col, BM_INPUT, "%s", msg);
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
        bm_xml_problem(rd, xf, xf->path, line, col, BM_INPUT,
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
    bm_xml_problem(rd, xf, xf->path, e->line, e->int2, BM_INPUT,
            "not well-formed XML: %s (fix the markup at this point)", msg);
}

/* ---- encodings and characters ------------------------------------------ */

/*
 * The encoding a file is in (XML 1.0 appendix F): a byte-order mark, the
 * first characters of "<?xml" in UTF-16, else the declaration's
 * encoding="…" (ASCII-compatible encodings), else UTF-8.  Into enc
 * (iconv's name); *skip = bytes of a byte-order mark.
 */
static void sniff_encoding(const char *data, size_t len, char *enc,
                           size_t size, size_t *skip)
{
    const unsigned char *u = (const unsigned char *)data;
    *skip = 0;
    snprintf(enc, size, "UTF-8");
    if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
        *skip = 3;
        return;
    }
    if (len >= 4 && !memcmp(u, "\xFF\xFE\0\0", 4)) {
        *skip = 4, snprintf(enc, size, "UTF-32LE");
        return;
    }
    if (len >= 4 && !memcmp(u, "\0\0\xFE\xFF", 4)) {
        *skip = 4, snprintf(enc, size, "UTF-32BE");
        return;
    }
    if (len >= 2 && u[0] == 0xFF && u[1] == 0xFE) {
        *skip = 2, snprintf(enc, size, "UTF-16LE");
        return;
    }
    if (len >= 2 && u[0] == 0xFE && u[1] == 0xFF) {
        *skip = 2, snprintf(enc, size, "UTF-16BE");
        return;
    }
    if (len >= 4 && !memcmp(u, "<\0?\0", 4)) {
        snprintf(enc, size, "UTF-16LE");
        return;
    }
    if (len >= 4 && !memcmp(u, "\0<\0?", 4)) {
        snprintf(enc, size, "UTF-16BE");
        return;
    }
    if (len < 5 || memcmp(data, "<?xml", 5))
        return;
    const char *end = memchr(data, '>', len < 400 ? len : 400);
    size_t dl = end ? (size_t)(end - data) : 0;
    for (size_t i = 5; i + 8 < dl; i++) {
        if (memcmp(data + i, "encoding", 8))
            continue;
        size_t k = i + 8;
        while (k < dl && bm_xml_space(data[k]))
            k++;
        if (k >= dl || data[k++] != '=')
            return;
        while (k < dl && bm_xml_space(data[k]))
            k++;
        if (k >= dl || (data[k] != '"' && data[k] != '\''))
            return;
        char q = data[k++];
        size_t b = k;
        while (k < dl && data[k] != q)
            k++;
        if (k - b > 0 && k - b < size)
            snprintf(enc, size, "%.*s", (int)(k - b), data + b);
        return;
    }
}

static int is_utf8_name(const char *enc)
{
    return !strcasecmp(enc, "UTF-8") || !strcasecmp(enc, "UTF8");
}

/* Line and column (characters) of the end of out[0..n): where the next
   character goes. */
static void end_pos(const char *out, size_t n, int *line, int *col)
{
    tagpos start = {0, 1, 1};
    xfile tmp = {0};
    tmp.data = out;
    tmp.len = n;
    pos_of(&tmp, &start, n, line, col);
}

/*
 * The file's text as UTF-8 in xf->data (scratch memory), whatever it was
 * written in, so that every position below (the tag scanner, the
 * character check, libxml2's own) counts characters of the same text the
 * user sees in an editor.  The parser is then told to ignore the
 * declaration's encoding (XML_PARSE_IGNORE_ENC).  Returns 0 (problem
 * reported at the offending character) for an unknown encoding or bytes
 * invalid in it.
 */
static int to_utf8(reader *rd, xfile *xf, const char *data, size_t len)
{
    char enc[64];
    size_t skip;
    sniff_encoding(data, len, enc, sizeof enc, &skip);
    if (is_utf8_name(enc)) {
        xf->data = data + skip;
        xf->len = len - skip;
        return 1;
    }
    iconv_t cd = iconv_open("UTF-8", enc);
    if (cd == (iconv_t)-1) {
        bm_xml_problem(rd, xf, xf->path, 1, 1, BM_INPUT,
                       "the file declares encoding=\"%s\", which banmian "
                       "cannot read: save it as UTF-8 (e.g. iconv -f %s -t "
                       "UTF-8) and write encoding=\"UTF-8\"",
                       enc, enc);
        return 0;
    }
    size_t cap = 2 * len + 64;
    char *out = bm_arena_alloc(rd->scratch, cap);
    char *in = (char *)data + skip, *o = out;
    size_t inleft = len - skip, oleft = cap - 1;
    int ok = 1;
    while (inleft > 0) {
        if (iconv(cd, &in, &inleft, &o, &oleft) != (size_t)-1)
            continue;
        if (errno == E2BIG) {
            size_t used = (size_t)(o - out), ncap = cap * 2;
            out = bm_arena_grow(rd->scratch, out, used, ncap);
            cap = ncap;
            o = out + used;
            oleft = cap - 1 - used;
            continue;
        }
        int line, col;
        end_pos(out, (size_t)(o - out), &line, &col);
        bm_xml_problem(rd, xf, xf->path, line, col, BM_INPUT,
                       "bytes that are not %s (the file's encoding) at "
                       "byte %zu: fix them, or save the file as UTF-8",
                       enc, (size_t)(in - data));
        ok = 0;
        break;
    }
    iconv_close(cd);
    *o = '\0';
    xf->data = out;
    xf->len = (size_t)(o - out);
    return ok;
}

/*
 * Refuses what text may not hold (bm_char_refused; tab, line feed and
 * carriage return are XML white space), at its line and column, before
 * libxml2 sees the file: so the message says what the character is and
 * noncharacters, which XML itself allows, never reach the model.
 */
static int check_chars(reader *rd, xfile *xf)
{
    const char *d = xf->data;
    size_t n = xf->len, i = 0;
    while (i < n) {
        if ((unsigned char)d[i] < 0x80 && d[i] >= 0x20 && d[i] != 0x7F) {
            i++;
            continue;
        }
        uint32_t cp;
        int k = bm_utf8_decode(d + i, n - i, &cp);
        if (k > 0 && (cp == '\t' || cp == '\r' || !bm_char_refused(cp, 1))) {
            i += (size_t)k;
            continue;
        }
        char why[200];
        bm_text_why(k > 0 ? cp : BM_CP_INVALID, d, i, why, sizeof why);
        int line, col;
        offset_pos(xf, i, &line, &col);
        bm_xml_problem(rd, xf, xf->path, line, col, BM_INPUT, "%s%s",
                       k > 0 && cp < 0x20 ? "not well-formed XML: " : "", why);
        return 0;
    }
    return 1;
}

/*
 * Reads and parses one file into xf.  Returns 0 if the file could not be
 * read or is not well-formed (problems reported), 1 otherwise.
 */
int bm_xml_open(reader *rd, xfile *xf, const char *path)
{
    memset(xf, 0, sizeof *xf);
    xf->path = bm_arena_strdup(rd->ed->arena, path);
    bm_error e;
    bm_error_init(&e);
    char *data;
    size_t len;
    if (bm_file_read(path, rd->scratch, BM_INGEST_MAX_XML, &data, &len, &e) !=
        BM_OK) {
        bm_xml_problem(rd, xf, xf->path, 0, 0, e.code, "%s", e.msg);
        return 0;
    }
    if (!to_utf8(rd, xf, data, len) || !check_chars(rd, xf))
        return 0;
    data = (char *)xf->data;
    len = xf->len;
    if (len > INT_MAX) {
        bm_xml_problem(rd, xf, xf->path, 0, 0, BM_INPUT, "file too large");
        return 0;
    }
    /* libxml2 makes no parser for an empty buffer: say what is wrong. */
    if (len == 0) {
        bm_xml_problem(rd, xf, xf->path, 0, 0, BM_INPUT,
                "the file is empty; write the XML document it should hold");
        return 0;
    }
    xmlParserCtxtPtr ctxt =
        bm_fault_alloc() ? NULL : xmlCreateMemoryParserCtxt(data, (int)len);
    if (!ctxt) {
        bm_xml_problem(rd, xf, xf->path, 0, 0, BM_NOMEM, "cannot create a parser");
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
                                XML_PARSE_BIG_LINES | XML_PARSE_NOWARNING |
                                XML_PARSE_IGNORE_ENC);
    xmlParseDocument(ctxt);
    int ok = ctxt->wellFormed && !xf->stopped && ctxt->myDoc;
    if (ok) {
        xf->doc = ctxt->myDoc;
        index_doc(xf, rd->scratch);
    }
    else {
        if (!xf->nerr)
            bm_xml_problem(rd, xf, xf->path, ctxt->input ? ctxt->input->line : 0, 0,
                    BM_INPUT, "not well-formed XML");
        if (ctxt->myDoc)
            xmlFreeDoc(ctxt->myDoc);
    }
    ctxt->myDoc = NULL;
    ctxt->_private = NULL;
    xmlFreeParserCtxt(ctxt);
    return ok;
}

void bm_xml_close(xfile *xf)
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
        bm_xml_locate(c->xf, (xmlNodePtr)e->node, NULL, &line, &col);
    bm_xml_problem(c->rd, c->xf, c->xf->path, line, col, BM_INPUT,
            "does not match the schema: %s (see %s in banmian's schema/)", msg,
            c->rd->rng_article && c->xf->doc &&
                    xmlStrEqual(xmlDocGetRootElement(c->xf->doc)->name,
                                BAD_CAST "edition")
                ? "edition.rng"
                : "article.rng");
}

void bm_xml_rng_validate(reader *rd, xfile *xf, xmlRelaxNGPtr schema)
{
    xmlRelaxNGValidCtxtPtr v = xmlRelaxNGNewValidCtxt(schema);
    if (!v) {
        bm_xml_problem(rd, xf, xf->path, 0, 0, BM_NOMEM, "cannot create a validator");
        return;
    }
    rng_ctx c = {rd, xf};
    xmlRelaxNGSetValidStructuredErrors(v, rng_error, &c);
    int before = xf->nerr;
    int r = xmlRelaxNGValidateDoc(v, xf->doc);
    if (r != 0 && xf->nerr == before)
        bm_xml_problem(rd, xf, xf->path, 0, 0, BM_INPUT,
                "does not match the schema");
    xmlRelaxNGFreeValidCtxt(v);
}

bm_status bm_xml_load_schema(const char *text, xmlRelaxNGPtr *out,
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

int bm_xml_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * Whitespace from the file's layout: leading and trailing whitespace goes;
 * a run holding a line break next to a non-ASCII character (Chinese text
 * wrapped in the source) goes too, one between two ASCII characters
 * becomes one space (Latin words wrapped).  Runs without a line break stay
 * as written, tabs as spaces (a tab is no character of text).
 * The result is NFC (the model's text is).  Returns NULL for text that is
 * empty after that.
 */
const char *bm_xml_clean_text(reader *rd, const char *s)
{
    bm_edition *ed = rd->ed;
    size_t n = strlen(s);
    size_t b = 0, e = n;
    while (b < e && bm_xml_space(s[b]))
        b++;
    while (e > b && bm_xml_space(s[e - 1]))
        e--;
    if (b == e)
        return NULL;
    char *out = bm_arena_alloc(ed->arena, e - b + 1);
    size_t o = 0;
    for (size_t i = b; i < e;) {
        if (!bm_xml_space(s[i])) {
            out[o++] = s[i++];
            continue;
        }
        size_t j = i;
        int nl = 0;
        while (j < e && bm_xml_space(s[j])) {
            nl |= s[j] == '\n' || s[j] == '\r';
            j++;
        }
        if (!nl) {   /* as written, but a tab is a space in text */
            for (size_t k = i; k < j; k++)
                out[o++] = ' ';
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

int bm_xml_is_elem(xmlNodePtr n)
{
    return n->type == XML_ELEMENT_NODE;
}

int bm_xml_is_text(xmlNodePtr n)
{
    return n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE;
}

int bm_xml_blank(const xmlChar *s)
{
    for (; s && *s; s++)
        if (!bm_xml_space((char)*s))
            return 0;
    return 1;
}

/*
 * The longest text, in characters, of the elements set as display lines
 * (one home for these numbers).  A display line is measured on one
 * unbounded line and set at every size of the scale, so its cost grows
 * with its length times the sizes tried; and no page prints a headline of
 * thousands of characters.  These are far above any printed head (a
 * broadsheet's longest run to some 60 characters) and keep a whole build
 * within seconds.  The edition's title, issue and publisher are set in the
 * masthead's middle and ears, which any layout can hold at 5 pt at these
 * lengths (furniture.c).  Body paragraphs (<p>, <note>) have no limit: they
 * are composed in one pass at the column measure and jump across pages.
 */
static const struct { const char *elem; size_t max; } text_max[] = {
    {"kicker", 200},  {"headline", 200}, {"line", 200},  {"subhead", 200},
    {"byline", 200},  {"h", 200},        {"credit", 200}, {"code", 40},
    {"caption", 2000}, {"label", 100},   {"title", BM_TITLE_MAX}, {"issue", 30},
    {"publisher", 30},
};

/* The limit of text_max for element `name`, or 0 for none. */
static size_t text_limit(const char *name)
{
    for (size_t i = 0; i < sizeof text_max / sizeof text_max[0]; i++)
        if (!strcmp(text_max[i].elem, name))
            return text_max[i].max;
    return 0;
}

/*
 * The text of an element that holds text only (kicker, p, caption, ...).
 * Child elements are problems.  Returns NULL (and reports) when empty or
 * longer than its element's limit (text_max).
 */
const char *bm_xml_text_of(reader *rd, xfile *xf, xmlNodePtr n)
{
    bm_buf b;
    bm_buf_init(&b);
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (bm_xml_is_text(c) && c->content)
            bm_buf_puts(&b, (const char *)c->content);
        else if (bm_xml_is_elem(c))
            bm_xml_node_problem(rd, xf, c, NULL,
                         "<%s> may hold only text, not <%s>: remove the "
                         "markup and keep its text",
                         (const char *)n->name, (const char *)c->name);
        else if (c->type == XML_ENTITY_REF_NODE)
            bm_xml_node_problem(rd, xf, n, NULL,
                         "entity reference '&%s;' in <%s>: write the "
                         "character itself",
                         (const char *)c->name, (const char *)n->name);
    }
    const char *t = bm_xml_clean_text(rd, b.data ? b.data : "");
    bm_buf_free(&b);
    if (!t)
        bm_xml_node_problem(rd, xf, n, NULL,
                     "<%s> is empty: add its text or remove the element",
                     (const char *)n->name);
    size_t max = text_limit((const char *)n->name), len;
    if (t && max && (len = bm_utf8_count(t, strlen(t))) > max) {
        bm_xml_node_problem(rd, xf, n, NULL,
                     "<%s> has %zu characters, more than the %zu it may "
                     "hold: shorten it%s",
                     (const char *)n->name, len, max,
                     strstr(" kicker headline line subhead h ",
                            bm_arena_printf(rd->scratch, " %s ",
                                            (const char *)n->name))
                         ? ", or move the text into the body as <p>"
                         : "");
        return NULL;
    }
    return t;
}

const char *bm_xml_attr(xmlNodePtr n, const char *name, bm_edition *ed)
{
    xmlChar *v = xmlGetNoNsProp(n, BAD_CAST name);
    if (!v)
        return NULL;
    const char *s = bm_arena_strdup(ed->arena, (const char *)v);
    xmlFree(v);
    return s;
}

/* Reports attributes of n not in the NULL-terminated list `known`. */
void bm_xml_check_attrs(reader *rd, xfile *xf, xmlNodePtr n,
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
            bm_xml_node_problem(rd, xf, n, (const char *)a->name,
                         "unknown attribute '%s' on <%s>: %s%s",
                         (const char *)a->name, (const char *)n->name,
                         *known ? "allowed are " : "it takes no attributes",
                         list);
        }
    }
}

/* Reports non-blank text directly inside an element that holds elements. */
void bm_xml_stray_text(reader *rd, xfile *xf, xmlNodePtr parent, xmlNodePtr c,
                       const char *fix)
{
    if (bm_xml_is_text(c) && !bm_xml_blank(c->content))
        bm_xml_node_problem(rd, xf, parent, NULL, "text directly inside <%s>: %s",
                     (const char *)parent->name, fix);
}

/* ---- paths ------------------------------------------------------------------ */

/*
 * Resolves `rel` (from an attribute of n) inside the edition directory.
 * Refuses absolute paths, URLs, '..' components and symlinks that lead
 * outside; reports a missing file.  Returns the path to open (arena) or
 * NULL.
 */
const char *bm_xml_resolve(reader *rd, xfile *xf, xmlNodePtr n,
                           const char *attrname, const char *rel,
                           const char *what)
{
    if (!rel || !*rel) {
        bm_xml_node_problem(rd, xf, n, attrname,
                     "empty %s='' : give the %s's path relative to the "
                     "edition directory",
                     attrname, what);
        return NULL;
    }
    if (rel[0] == '/') {
        bm_xml_node_problem(rd, xf, n, attrname,
                     "absolute path '%s' is not allowed: give the %s's path "
                     "relative to the edition directory",
                     rel, what);
        return NULL;
    }
    if (strstr(rel, "://") || !strncmp(rel, "file:", 5)) {
        bm_xml_node_problem(rd, xf, n, attrname,
                     "'%s' is a URL: banmian reads only files inside the "
                     "edition directory; copy the %s there",
                     rel, what);
        return NULL;
    }
    for (const char *p = rel; *p;) {
        const char *q = strchr(p, '/');
        size_t len = q ? (size_t)(q - p) : strlen(p);
        if ((len == 2 && !memcmp(p, "..", 2)) || memchr(p, '\\', len)) {
            bm_xml_node_problem(rd, xf, n, attrname,
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
            bm_xml_node_problem(rd, xf, n, attrname,
                         "%s '%s' is a broken symbolic link: replace it "
                         "with the file",
                         what, rel);
        else
            bm_xml_node_problem(rd, xf, n, attrname,
                         "%s file '%s' not found in %s: add the file or fix "
                         "the path",
                         what, rel, rd->dir);
        return NULL;
    }
    char real[PATH_MAX];
    if (!realpath(full, real)) {
        bm_xml_node_problem(rd, xf, n, attrname, "cannot resolve '%s': %s", rel,
                     strerror(errno));
        return NULL;
    }
    size_t dl = strlen(rd->realdir);
    if (strncmp(real, rd->realdir, dl) != 0 ||
        (real[dl] != '/' && !(dl == 1 && rd->realdir[0] == '/'))) {
        bm_xml_node_problem(rd, xf, n, attrname,
                     "%s '%s' is a symbolic link leading outside the "
                     "edition directory: copy the file into it instead",
                     what, rel);
        return NULL;
    }
    if (!S_ISREG(st.st_mode)) {
        bm_xml_node_problem(rd, xf, n, attrname,
                     "%s '%s' is not a regular file", what, rel);
        return NULL;
    }
    return full;
}

