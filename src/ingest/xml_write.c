/*
 * xml_write.c - the model -> an edition directory: edition.xml plus one
 * article XML per article (images copied beside them), which
 * bm_ingest_edition reads back to the same model.
 */
#include "xml_private.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include <libxml/xmlwriter.h>

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
    wr_attr(&x, "lang", ar->lang);
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
            if (!bm_xml_sections_derived(pg, a))
                for (size_t i = 0; i < pg->nsections; i++)
                    wr_elem(&x, "label", pg->sections[i]);
            for (size_t i = 0; i < pg->narticles; i++) {
                const bm_article *ar = pg->articles[i];
                wr_start(&x, "article");
                wr_attr(&x, "href",
                        bm_arena_printf(a, "articles/%s.xml", ar->id));
                if (ar->role != BM_ROLE_NORMAL)
                    wr_attr(&x, "role", ar->role == BM_ROLE_LEAD ? "lead"
                                        : ar->role == BM_ROLE_COMMENTARY
                                            ? "commentary"
                                            : "essay");
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
