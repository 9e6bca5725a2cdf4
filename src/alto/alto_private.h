/*
 * alto_private.h - shared by the files of src/alto only: the blocks of each
 * page and the articles' order, computed once (blocks.c) and written by
 * page.c (ALTO) and mets.c (METS).
 */
#ifndef BM_ALTO_PRIVATE_H
#define BM_ALTO_PRIVATE_H

#include "alto.h"

#include <libxml/xmlwriter.h>

typedef enum alto_block_kind {
    ALTO_TEXT,          /* TextBlock */
    ALTO_ILLUSTRATION,  /* an image */
    ALTO_GRAPHIC        /* a rule or a frame */
} alto_block_kind;

typedef struct bm_alto_block {
    alto_block_kind kind;
    char            id[48];     /* "P1_TB3": unique in the page's file */
    int             article;    /* index in bm_alto_doc.articles, -1 none */
    bm_rect         rect;
    size_t          first, nlines; /* TEXT: lines[first .. +nlines) */
    const bm_box   *box;        /* ILLUSTRATION, GRAPHIC */
} bm_alto_block;

typedef struct bm_alto_page {
    bm_alto_block  *blocks;     /* in the page's drawing order */
    size_t          nblocks;
    size_t         *order;      /* block indices in reading order */
    size_t          norder;
} bm_alto_page;

typedef struct bm_alto_article {
    const char     *id;
    const char     *title;
    const char     *section;    /* the model page's section, or NULL */
    const char     *lang;       /* its language when not the edition's
                                   (bm_article_lang), else NULL */
    int             model_page; /* the model page it is on (1-based) */
    int             laid_out;   /* has a block somewhere */
} bm_alto_article;

typedef struct bm_alto_doc {
    const bm_layout_doc *doc;
    bm_arena            *a;
    bm_alto_page        *pages;
    bm_alto_article     *articles;  /* edition order */
    size_t               narticles;
} bm_alto_doc;

/* blocks.c */
void bm_alto_blocks(bm_alto_doc *ad);

/* page.c, mets.c: each writes one file atomically */
bm_status bm_alto_page_write(const bm_alto_doc *ad, size_t p,
                             const bm_alto_options *opt, const char *path,
                             bm_error *err);
bm_status bm_alto_mets_write(const bm_alto_doc *ad, const bm_alto_options *opt,
                             const char *path, bm_error *err);

/* Writes a finished xmlTextWriter buffer to `path` atomically. */
bm_status bm_alto_save(xmlBufferPtr buf, int rc, const char *path,
                       bm_error *err);
/* A length in 1/64 pt as ALTO's inch1200 unit, written as an attribute. */
int bm_alto_attr_len(xmlTextWriterPtr w, const char *name, bm_fix v);

#endif
