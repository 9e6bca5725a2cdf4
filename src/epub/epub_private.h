/*
 * epub_private.h - shared between the files of src/epub only.
 *
 * bm_epub_write() first makes a plan (ep_ctx): the file name of every
 * document, the images and where each print page starts.  Every writer then
 * turns part of the plan into one libxml2 tree, serialises it and appends it
 * to the list of container entries (ep_ctx.files), which epub.c zips in that
 * fixed order.  Nothing is written by string concatenation: each document is
 * an xmlDoc, and its bytes come from xmlDocDumpFormatMemoryEnc().
 */
#ifndef BM_EPUB_PRIVATE_H
#define BM_EPUB_PRIVATE_H

#include "epub.h"

#include <libxml/tree.h>

#include "../layout/layout.h"

#define EP_NS_XHTML "http://www.w3.org/1999/xhtml"
#define EP_NS_OPS   "http://www.idpf.org/2007/ops"
#define EP_NS_OPF   "http://www.idpf.org/2007/opf"
#define EP_NS_DC    "http://purl.org/dc/elements/1.1/"
#define EP_NS_NCX   "http://www.daisy.org/z3986/2005/ncx/"
#define EP_NS_SVG   "http://www.w3.org/2000/svg"
#define EP_NS_OCF   "urn:oasis:names:tc:opendocument:xmlns:container"

/* Package documents live under this folder of the container. */
#define EP_ROOT "OEBPS/"

/* One entry of the container.  `data` is arena memory of ep_ctx.a. */
typedef struct ep_file {
    const char *name;        /* full name in the ZIP, ASCII */
    const char *href;        /* relative to EP_ROOT, or NULL if outside */
    const char *id;          /* manifest id, or NULL if not in the manifest */
    const char *media_type;
    const char *properties;  /* manifest properties or NULL */
    const unsigned char *data;
    size_t      len;
} ep_file;

/* A content document in spine order. */
typedef struct ep_doc {
    const bm_article *ar;    /* NULL for the cover, front and page documents */
    const bm_lpage *page;    /* the replica's fixed-layout page, or NULL */
    const char *href;        /* "article-001.xhtml" */
    const char *id;          /* manifest id */
    const bm_page **breaks;  /* pages whose print page starts here */
    size_t      nbreaks;
    size_t      nend;        /* the last nend of them mark pages that only
                                continue stories: set at the end */
    const char *group;       /* briefs box title shown before this article */
} ep_doc;

/* An image copied from the edition. */
typedef struct ep_image {
    const char *src;         /* path as in the model (relative to ed->dir) */
    const char *href;        /* "images/img-001.jpg", NULL if unusable */
    int         w, h;
} ep_image;

typedef struct ep_ctx {
    const bm_edition      *ed;
    const bm_epub_options *opt;
    bm_arena   *a;           /* everything below; freed by bm_epub_write */
    const char *lang;        /* ed->lang or "zh-CN" */
    const char *title;       /* "河西日报 2026年1月1日" */
    const char *date_zh;     /* "2026年1月1日 星期四" or NULL */
    const char *issue;       /* as printed; a bare number as "第18263期" */
    const char *uuid;        /* "urn:uuid:..." */
    char        modified[24];/* dcterms:modified, "YYYY-MM-DDThh:mm:ssZ" */
    long long   epoch;       /* the same instant, seconds */

    ep_doc     *docs;        /* cover, front, (the replica's pages,) then
                                one per article */
    size_t      ndocs;
    size_t      first_article;   /* index in docs of the first article */
    /* the replica (bm_epub_write_replica): its laid-out pages, and the index
     * in docs of the first page document; NULL and 0 for the reflowable */
    const bm_layout_doc *doc;
    size_t      first_page;

    ep_image   *images;
    size_t      nimages;

    const char *cover_href;  /* cover image item */
    const char *cover_type;
    struct hb_face_t *font_face; /* the face to embed, owned until
                                    ep_embed_font() or ep_font_close() */
    const char *font_href;   /* embedded font or NULL */
    const char *font_type;
    const char *font_family; /* CSS family name of the embedded font */

    ep_file    *files;
    size_t      nfiles, cap_files;
} ep_ctx;

/* ---- xml.c: libxml2 helpers --------------------------------------------- */

/* A new XHTML document with head (title, stylesheet) and empty body. */
xmlDocPtr  ep_xhtml_new(ep_ctx *c, const char *title, xmlNodePtr *body);
/* Child element `name` in the parent's namespace, with text (may be NULL);
 * the text is escaped by libxml2. */
xmlNodePtr ep_el(xmlNodePtr parent, const char *name, const char *text);
void       ep_attr(xmlNodePtr n, const char *name, const char *value);
/* epub:type="value" (the ops namespace is declared on the root). */
void       ep_epub_type(xmlNodePtr n, const char *value);
/* Serialises doc, frees it and appends it to the container entries. */
void       ep_add_doc(ep_ctx *c, xmlDocPtr doc, const char *href,
                      const char *id, const char *media_type,
                      const char *properties);
/* Appends raw bytes (arena memory of c->a) as an entry under EP_ROOT, or,
 * with href NULL, at `name` outside the package. */
void       ep_add_file(ep_ctx *c, const char *name, const char *href,
                       const char *id, const char *media_type,
                       const char *properties, const void *data, size_t len);
/* Headline with its lines joined by one space (for titles and lists). */
const char *ep_headline_flat(ep_ctx *c, const bm_article *ar);
/* "第3版　城区" style label of a page. */
const char *ep_page_label(ep_ctx *c, const bm_page *pg);

/* ---- the writers ---------------------------------------------------------- */

void      ep_write_article(ep_ctx *c, const ep_doc *d);
void      ep_write_front(ep_ctx *c, const ep_doc *d);
void      ep_write_cover(ep_ctx *c, const ep_doc *d);  /* + cover image */
void      ep_write_nav(ep_ctx *c);
void      ep_write_ncx(ep_ctx *c);
void      ep_write_css(ep_ctx *c);
void      ep_write_opf(ep_ctx *c);
void      ep_write_container(ep_ctx *c);
/* The embedded body-font subset (font.c): ep_font_open() opens the face
 * and sets c->font_*; ep_embed_font() adds the subset of every character
 * of the XHTML documents made so far and closes the face. */
bm_status ep_font_open(ep_ctx *c, bm_error *err);
bm_status ep_embed_font(ep_ctx *c, bm_error *err);
void      ep_font_close(ep_ctx *c);

/* ---- fxl.c: the replica's fixed-layout pages ------------------------------ */

/* Puts a page document per page of c->doc after the front document. */
void        ep_fxl_plan(ep_ctx *c);
/* The page documents, the subset fonts they use and replica.css. */
bm_status   ep_fxl_write_pages(ep_ctx *c, bm_error *err);
/* regions.xhtml: EPUB Region-Based Navigation of every article's region. */
void        ep_fxl_write_regions(ep_ctx *c);
/* The page document of page `number`, or NULL. */
const char *ep_fxl_page_href(ep_ctx *c, int number);
/* In an article document of the replica: links back to its pages. */
void        ep_fxl_backlinks(ep_ctx *c, const ep_doc *d, xmlNodePtr parent);

/* ---- uuid.c ---------------------------------------------------------------- */

/* RFC 4122 version-5 UUID of `name` in the URL namespace, as
 * "xxxxxxxx-xxxx-5xxx-yxxx-xxxxxxxxxxxx" into out[37]. */
void ep_uuid5(const char *name, char out[37]);
/* SHA-1 of data[0..n) into out[20] (FIPS 180-4). */
void ep_sha1(const void *data, size_t n, unsigned char out[20]);

#endif
