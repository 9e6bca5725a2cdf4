/*
 * model.h - the Edition tree: edition > pages > articles > blocks.
 *
 * Every node carries the file and line it came from, so any later stage can
 * point the user at the input.  All memory comes from ed->arena and is
 * released by bm_edition_free(); there is no per-node free.  This stage does
 * no I/O.
 *
 * Text fields are NUL-terminated UTF-8, already repaired by ingest (NFC,
 * full-width punctuation restored, extraction spaces removed).  A field that
 * the input does not have is NULL, never "".
 */
#ifndef BM_MODEL_H
#define BM_MODEL_H

#include "../base/base.h"

typedef struct bm_src {
    const char *file;      /* arena-owned; NULL if generated */
    int         line, col; /* 1-based; 0 = unknown */
} bm_src;

typedef enum bm_block_kind {
    BM_BLOCK_PARAGRAPH,    /* body paragraph */
    BM_BLOCK_SUBHEADING,   /* in-article subheading (小标题) */
    BM_BLOCK_FIGURE,       /* image (optional) + caption + credit */
    BM_BLOCK_NOTE          /* credit note / 相关链接 style note, set as body */
} bm_block_kind;

/*
 * An image as ingest read it, once: the file's bytes (or a re-encoding) and
 * its size.  Every later stage (PDF, EPUB, page images) takes the image
 * from here and never opens a file by name.  `data` is
 *   - BM_IMAGE_PNG: a PNG of 8-bit samples, not interlaced, that decodes
 *     whole (the file itself, or, for a 16-bit or interlaced file, an
 *     8-bit non-interlaced re-encoding with the same colour type and
 *     alpha: `reencoded` is then 1);
 *   - BM_IMAGE_JPEG: the file itself, an 8-bit Huffman-coded (baseline or
 *     progressive) JPEG that decodes whole with no warning.
 * Decode it from memory (png_image_begin_read_from_memory, jpeg_mem_src).
 * Arena-owned; width and height in pixels.
 */
typedef enum bm_image_kind { BM_IMAGE_PNG = 1, BM_IMAGE_JPEG } bm_image_kind;

typedef struct bm_image {
    bm_image_kind        kind;
    int                  width, height;
    int                  components; /* samples a pixel, alpha included:
                                        PNG 1-4, JPEG 1 gray, 3 YCbCr/RGB,
                                        4 CMYK */
    int                  alpha;      /* PNG with an alpha channel or tRNS */
    int                  reencoded;
    const unsigned char *data;
    size_t               len;
} bm_image;

typedef struct bm_block {
    bm_block_kind kind;
    const char   *text;     /* paragraph / subheading / note text */
    const char   *ref;      /* paragraphs: the id of an article it points
                               at (<ref article=…/>), printed after the
                               text as （详见第N版） with N from the layout */
    /* figures */
    const char   *image;    /* path relative to the edition dir, or NULL */
    const bm_image *pic;    /* the image read at ingest (NULL if none) */
    const char   *alt;      /* alt text (defaults to caption) */
    const char   *caption;  /* may be NULL */
    const char   *code;     /* an editor code printed after the caption
                               (e.g. ②2) that is not the article's, or NULL;
                               set after the caption text */
    const char   *credit;   /* e.g. "记者　王　芳　摄"; may be NULL */
    int           img_w, img_h; /* pixels, 0 if unknown (filled by ingest) */
    int           has_focus; /* <figure focus="x y"> given, else centred */
    int           focus_x, focus_y; /* the point a crop keeps centred, in
                               thousandths of the width and height */
    bm_src        src;
} bm_block;

typedef enum bm_article_kind {
    BM_ARTICLE,            /* ordinary story */
    BM_ARTICLE_PHOTO,      /* photo story: figure(s) first, short text */
    BM_ARTICLE_BRIEF       /* short item set in a briefs box */
} bm_article_kind;

typedef enum bm_article_role {
    BM_ROLE_NORMAL,
    BM_ROLE_LEAD,          /* the page's lead story (头条) */
    BM_ROLE_COMMENTARY,    /* a commentary (评论): framed, never jumped */
    BM_ROLE_ESSAY          /* an essay (副刊, 随笔): read whole, never jumped */
} bm_article_role;

typedef struct bm_article {
    const char      *id;          /* unique in the edition, [A-Za-z0-9_-]+ */
    bm_article_kind  kind;
    bm_article_role  role;
    const char      *kicker;      /* 引题 */
    const char      *headline;    /* 主题; '\n' separates given lines */
    const char      *subhead;     /* 副题, usually starting —— */
    const char      *byline;      /* e.g. "本报讯（记者　王　芳）" */
    const char      *editor_code; /* e.g. "③5" */
    const char      *group;       /* briefs: the box title (城区时讯), or NULL */
    const char      *lang;        /* BCP 47 as <article lang> gives it, or
                                     NULL: the edition's (bm_article_lang) */
    const char      *label;       /* the section label (栏目, e.g. 城区时讯)
                                     printed above this article: set on the
                                     first article of the run the label
                                     opens, NULL on the others; stacked
                                     labels are separated by '\n'.  Each
                                     one is also in page->sections. */
    bm_block        *blocks;      /* array */
    size_t           nblocks;
    size_t           cap_blocks;  /* private to bm_article_add_block */
    struct bm_page  *page;        /* back pointer */
    bm_src           src;
    bm_src           kicker_src;  /* where each display part is written, */
    bm_src           headline_src;/* for messages about its lines (file */
    bm_src           subhead_src; /* NULL: not known, use src) */
    bm_src           byline_src;
} bm_article;

typedef struct bm_page {
    int           number;         /* 1-based, in edition order */
    const char   *section;        /* page name (要闻, 城区, ...) or NULL */
    const char  **sections;       /* section labels met on the page, in order */
    size_t        nsections;
    size_t        cap_sections;   /* private */
    bm_article  **articles;       /* array of pointers, in reading order */
    size_t        narticles;
    size_t        cap_articles;   /* private */
    const char   *dump;           /* raw page dump path if the page came
                                     from one, else NULL */
    bm_src        src;
} bm_page;

typedef struct bm_edition {
    bm_arena     *arena;          /* owns every node and string */
    const char   *dir;            /* edition directory (for images) */
    const char   *title;          /* masthead title, e.g. "河西日报" */
    const char   *date;           /* ISO date YYYY-MM-DD */
    const char   *issue;          /* issue number as printed, e.g. "第12345号" */
    const char   *publisher;
    const char   *lang;           /* BCP 47, default "zh-CN" */
    const char   *layout;         /* layout name, or a file inside the
                                     edition (its path from the working
                                     directory, checked at ingest); NULL =
                                     default */
    bm_src        layout_src;     /* where <layout> is, for messages */
    int           reflow;         /* stories may move whole to another page
                                     (<edition reflow="yes">, --reflow) */
    bm_page     **pages;
    size_t        npages;
    size_t        cap_pages;      /* private */
    bm_diags      diags;          /* warnings collected by every stage */
    void         *images_read;    /* private to ingest: each image file
                                     read once, however many figures show
                                     it (src/ingest/image.c) */
    bm_src        src;
    bm_src        title_src;      /* where the title is written (file NULL:
                                     given on the command line) */
} bm_edition;

/*
 * bm_layout - a page layout (a file in layouts/) as plain data: page size,
 * type area, grid, body size and pitch, per-element styles, running head and
 * masthead.  Filled by bm_ingest_layout() (layouts/layout.rng describes the
 * file); used by src/layout.  Lengths in 1/64 pt, origin at the page's
 * top-left.
 */

/* The elements a layout styles. */
typedef enum bm_elem {
    BM_EL_KICKER,         /* 引题 */
    BM_EL_HEADLINE1,      /* 主题 of the page's lead story (头条) */
    BM_EL_HEADLINE2,      /* 主题 of a story spanning >= 4 columns */
    BM_EL_HEADLINE3,      /* 主题 of a narrower story */
    BM_EL_HEADLINE4,      /* title of a brief (in a briefs box) */
    BM_EL_SUBHEAD,        /* 副题 */
    BM_EL_BYLINE,         /* run-in byline (本报讯（记者　××）) */
    BM_EL_BODY,           /* body paragraphs */
    BM_EL_SUBHEADING,     /* in-article subheading (小标题) */
    BM_EL_CAPTION,        /* photo caption */
    BM_EL_CREDIT,         /* photo credit (记者　××　摄) */
    BM_EL_BRIEF,          /* body of a brief */
    BM_EL_JUMP,           /* （下转第N版） / （上接第N版） */
    BM_EL_SECTION,        /* boxed section label (城区时讯) */
    BM_EL_RUNNING_HEAD,   /* 报眉 */
    BM_EL_MASTHEAD,       /* 报头 title */
    BM_EL_MASTHEAD_INFO,  /* 报头 date, weekday, issue number */
    BM_EL_COUNT
} bm_elem;

/*
 * One element's style.  `role` holds a bm_role of font.h (0 body 书宋,
 * 1 headline 黑, 2 kai 楷) and `align` a bm_align of layout.h (0 justify,
 * 1 start, 2 center, 3 end): model.h depends on base.h alone.
 */
typedef struct bm_style {
    int    role;
    bm_fix size;           /* font size (headlines: the largest size) */
    bm_fix min_size;       /* headlines: smallest size before a warning */
    bm_fix leading;        /* line advance (0 = the body line pitch) */
    int    align;
    bm_fix space_before;   /* extra space above / below the element */
    bm_fix space_after;
    bm_fix indent;         /* first-line indent (body: 2 em) */
} bm_style;

#define BM_SCALE_MAX 16

struct bm_layout {
    const char *name;          /* "broadsheet" */
    const char *title;         /* human name, e.g. "对开" */
    const char *file;          /* the file it was read from */
    bm_fix      page_w, page_h;
    bm_fix      area_x, area_y, area_w, area_h;  /* type area (版心) */
    int         columns;       /* grid columns */
    int         column_chars;  /* column width in body characters */
    bm_fix      col_width;     /* = column_chars x body size */
    bm_fix      gutter;        /* (area_w - columns x col_width) / (columns-1) */
    bm_fix      body_size;     /* 1 em of body text */
    bm_fix      line_pitch;    /* body baseline-to-baseline */
    bm_fix      max_pitch;     /* a short page may open its grid up to this */
    bm_fix      rule;          /* rules between modules */
    bm_fix      frame;         /* frames (briefs box, section labels) */
    int         lead_max_pct;  /* the lead story takes at most this % of
                                  the page's rows before it jumps */
    int         min_span;      /* narrowest article module, in columns */
    int         max_span;      /* widest module but the page's top band */
    /* the head sizes the composer may use (号数), largest first: headlines
     * step down it, never to an arbitrary size */
    int         nscale;
    bm_fix      scale[BM_SCALE_MAX];
    const char *scale_name[BM_SCALE_MAX];
    /* running head (报眉): rows of the grid it takes, rule under it */
    int         rh_rows;
    bm_fix      rh_rule;
    /* masthead (报头) on page 1: rows of the grid, default title */
    int         mh_rows;
    const char *mh_title;
    bm_style    styles[BM_EL_COUNT];
};
typedef struct bm_layout bm_layout;

const char *bm_elem_name(bm_elem e);

/* A new empty edition with its own arena.  Free with bm_edition_free(). */
bm_edition *bm_edition_new(void);
void        bm_edition_free(bm_edition *ed);

bm_page    *bm_edition_add_page(bm_edition *ed, const char *section, bm_src src);
void        bm_page_add_section(bm_edition *ed, bm_page *pg, const char *label);
bm_article *bm_page_add_article(bm_edition *ed, bm_page *pg, const char *id,
                                bm_article_kind kind, bm_src src);
bm_block   *bm_article_add_block(bm_edition *ed, bm_article *ar,
                                 bm_block_kind kind, bm_src src);

/* Interns a string in the edition's arena (NULL stays NULL). */
const char *bm_edition_str(bm_edition *ed, const char *s, size_t n);

/*
 * The edition's date (ed->date, YYYY-MM-DD) as seconds since 1970 at
 * 00:00 UTC, or `fallback` when it has none.  The default time stamp of
 * every output (with bm_source_date()), so two builds of one edition are
 * byte for byte the same without SOURCE_DATE_EPOCH.
 */
long long bm_edition_epoch(const bm_edition *ed, long long fallback);

/* Looks up an article by id (linear; editions are small).  Borrowed. */
bm_article *bm_edition_find_article(const bm_edition *ed, const char *id);
/* The article's title on one line, for outlines, METS and the tag tree: its
 * headline's lines joined by a space, else its kicker, its first caption or
 * its id; cut after 80 characters with "…" (the page keeps the full text).
 * Allocated in `a` when it has to be rewritten. */
const char *bm_article_title(bm_arena *a, const bm_article *ar);
/* The article's language when it is not the edition's (<language>, else
 * zh-CN; BCP 47 tags compare without case), else NULL: what the PDF's Art
 * /Lang and the EPUB document's xml:lang say.  Borrowed. */
const char *bm_article_lang(const bm_edition *ed, const bm_article *ar);
/* Where a display part (a kicker, headline, subhead or byline field) is
 * written: the part's own element when the reader knew it, else the
 * article's start. */
const bm_src *bm_article_part_src(const bm_article *ar, const bm_src *part);
/* A commentary (评论: set in a frame under its label, never jumped) and an
 * essay (副刊, 随笔: read whole, never jumped): by the article's role in
 * edition.xml, else by the words of its label, kicker, group or byline
 * (评论, 短评, 时评 … ; 本报评论员).  Briefs are neither. */
int bm_article_commentary(const bm_article *ar);
int bm_article_essay(const bm_article *ar);

/*
 * Invariant check for tests and fuzzers [cmark]: ids unique and well
 * formed, back pointers right, page numbers 1..n, UTF-8 valid everywhere
 * and no character text may not hold (bm_char_refused), the date and the
 * language tag well formed.
 * Returns BM_OK or BM_INTERNAL with err naming the first broken invariant.
 */
bm_status bm_model_check(const bm_edition *ed, bm_error *err);

/* An article id: non-empty, ASCII letters, digits, '-' and '_' only (they
 * name files and XHTML documents).  Shared by the readers and the check. */
int bm_model_valid_id(const char *id);

/*
 * How much of `label` (an article's, '\n' between stacked labels) to print
 * over a briefs box titled `title`: its length in bytes without a last
 * line equal to the title, which the box prints itself; 0 when nothing
 * is left.  `title` NULL: all of it.
 */
size_t bm_label_over(const char *label, const char *title);

const char *bm_block_kind_name(bm_block_kind k);
const char *bm_article_kind_name(bm_article_kind k);

#endif
