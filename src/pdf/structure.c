/*
 * structure.c - the tagged PDF: a structure tree in article order.
 *
 * The model: Document -> one Art per article, in the edition's order (the
 * EPUB's and the ALTO ReadingOrder's), whatever page its parts are on; an
 * article continued on another page keeps its one Art.  Under it, one
 * element per text element of the LayoutDoc (bm_line.elem: a paragraph
 * continued over columns and pages stays one P): H1 for the headline (its
 * lines are one H1), H2 for the subhead and in-article subheadings, P for
 * kicker, byline, paragraphs and credits, Caption, Figure with /Alt, and a
 * Link per jump line holding its link annotation (OBJR).  An Art's /ID is
 * the article's id, its /T the headline.
 *
 * Painting asks, per line, for its element (none: an artifact) and an MCID
 * for each marked-content sequence it opens -- /TAG <</MCID n>> BDC ... EMC
 * round a run of the element's consecutive lines, /Span <</MCID n
 * /ActualText ...>> for a line that needs its text said (paint.c) --
 * and per drawn box for its operators; /Artifact BMC ... EMC is page
 * furniture (running heads, masthead,
 * section labels, rules, frames, the text of jump lines, and a headline
 * repeated over a continuation).  The tree, the ParentTree (MCID -> element
 * per page, StructParent -> Link per annotation) and MarkInfo are written
 * at the end with libharu's object layer (objects.c), as the fonts are.
 *
 * A Figure waits for its caption: the image is drawn before the lines, but
 * the Figure is put into its Art just before the first caption line of the
 * same article on the page (or after the article's last line there), so a
 * reader meets photo, caption, text in that order.
 *
 * /Lang: the catalog carries the edition's; an Art carries its article's
 * when <article lang> gives another (bm_article_lang), and its elements
 * inherit it (ISO 32000-1, 14.9.2).  Not guessed from the script: a run of
 * Latin letters in Chinese copy is as often a name, a code or pinyin as it
 * is English.
 *
 * Rejected: one marked-content sequence per glyph run or per line (more
 * operators and an entry each in the ParentTree and the element's K, no
 * gain).  Size: every element is an uncompressed indirect object (libharu
 * writes no object streams), so each carries only what ISO 32000-1 asks
 * (no optional /Type /StructElem; /K a bare MCID when it has one).
 */
#include "pdf_private.h"

#include <string.h>

typedef struct mcref {
    int page; /* page index */
    int mcid;
} mcref;

struct bm_pdf_selem {
    const char  *tag;   /* P, H1, H2, Caption, Figure, Link */
    const char  *alt;   /* Figure: /Alt; Link: the annotation's text */
    int          elem;  /* bm_line.elem (0: figures, links) */
    mcref       *mc;
    size_t       nmc, capmc;
    HPDF_Dict    annot; /* Link */
    int          annot_page;
    HPDF_Dict    obj;
};
typedef bm_pdf_selem selem;

typedef struct art {
    const char  *id;
    const char  *title;
    selem      **kids;
    size_t       nkids, capkids;
    const char  *lang;  /* /Lang: the article's, when not the edition's */
    int          has_h1;
    int          last_page; /* page of the last kid added */
    HPDF_Dict    obj;
} art;

typedef struct figwait {
    selem *fig;
    art   *art;
} figwait;

typedef struct pagemc {
    selem      **owner;   /* by MCID */
    size_t       n, cap;
    figwait     *pending; /* figures waiting for their caption */
    size_t       npend, cappend;
} pagemc;

struct bm_pdf_struct {
    art        **arts;
    size_t       narts, caparts;
    pagemc      *pages;
    size_t       npages;
    art         *last;  /* art_find's cache */
    selem      **links; /* by StructParent - npages */
    size_t       nlinks, caplinks;
};

static void *grow(bm_pdf_ctx *c, void *p, size_t *cap, size_t n, size_t sz)
{
    if (n < *cap)
        return p;
    size_t nc = *cap ? 2 * *cap : 8;
    p = bm_arena_grow(c->a, p, *cap * sz, nc * sz);
    *cap = nc;
    return p;
}

static art *art_add(bm_pdf_ctx *c, const char *id, const char *title)
{
    bm_pdf_struct *s = c->st;
    s->arts = grow(c, s->arts, &s->caparts, s->narts, sizeof *s->arts);
    art *a = bm_arena_alloc(c->a, sizeof *a);
    a->id = id;
    a->title = title;
    a->last_page = -1;
    s->arts[s->narts++] = a;
    return a;
}

static art *art_find(bm_pdf_ctx *c, const char *id)
{
    bm_pdf_struct *s = c->st;
    /* an article's lines come together: the last one found, first */
    if (s->last && (s->last->id == id || !strcmp(s->last->id, id)))
        return s->last;
    for (size_t i = s->narts; i-- > 0;)
        if (!strcmp(s->arts[i]->id, id))
            return s->last = s->arts[i];
    return s->last = art_add(c, id, NULL); /* not in the model: hand-built */
}

void bm_pdf_struct_begin(bm_pdf_ctx *c)
{
    bm_pdf_struct *s = bm_arena_alloc(c->a, sizeof *s);
    c->st = s;
    s->npages = c->doc->npages;
    s->pages = bm_arena_alloc(c->a, (s->npages + 1) * sizeof *s->pages);
    const bm_edition *ed = c->doc->ed;
    /* the edition's order: its pages, then each page's articles */
    for (size_t p = 0; ed && p < ed->npages; p++)
        for (size_t i = 0; i < ed->pages[p]->narticles; i++) {
            const bm_article *ar = ed->pages[p]->articles[i];
            if (ar->id)
                art_add(c, ar->id, bm_article_title(c->a, ar))->lang =
                    bm_article_lang(ed, ar);
        }
}

static selem *kid_add(bm_pdf_ctx *c, art *a, const char *tag, int elem)
{
    selem *k = bm_arena_alloc(c->a, sizeof *k);
    k->tag = tag;
    k->elem = elem;
    a->kids = grow(c, a->kids, &a->capkids, a->nkids, sizeof *a->kids);
    a->kids[a->nkids++] = k;
    if (!strcmp(tag, "H1"))
        a->has_h1 = 1;
    return k;
}

int bm_pdf_struct_mcid(bm_pdf_ctx *c, size_t p, bm_pdf_selem *k)
{
    pagemc *pm = &c->st->pages[p];
    pm->owner = grow(c, pm->owner, &pm->cap, pm->n, sizeof *pm->owner);
    int mcid = (int)pm->n;
    pm->owner[pm->n++] = k;
    k->mc = grow(c, k->mc, &k->capmc, k->nmc, sizeof *k->mc);
    k->mc[k->nmc].page = (int)p;
    k->mc[k->nmc].mcid = mcid;
    k->nmc++;
    return mcid;
}

const char *bm_pdf_struct_tag(const bm_pdf_selem *k)
{
    return k->tag;
}

static void flush_figures(bm_pdf_ctx *c, size_t p, const art *only)
{
    pagemc *pm = &c->st->pages[p];
    size_t keep = 0;
    for (size_t i = 0; i < pm->npend; i++) {
        art *a = pm->pending[i].art;
        if (only && a != only) {
            pm->pending[keep++] = pm->pending[i];
            continue;
        }
        a->kids = grow(c, a->kids, &a->capkids, a->nkids, sizeof *a->kids);
        a->kids[a->nkids++] = pm->pending[i].fig;
    }
    pm->npend = keep;
}

static const char *tag_of(bm_line_kind k)
{
    switch (k) {
    case BM_LINE_HEADLINE: return "H1";
    case BM_LINE_SUBHEAD:
    case BM_LINE_SUBHEADING: return "H2";
    case BM_LINE_CAPTION: return "Caption";
    case BM_LINE_KICKER:
    case BM_LINE_BYLINE:
    case BM_LINE_BODY:
    case BM_LINE_CREDIT: return "P";
    case BM_LINE_JUMP:
    case BM_LINE_MASTHEAD:
    case BM_LINE_RUNNING_HEAD:
    case BM_LINE_SECTION: break;
    }
    return NULL; /* page furniture */
}

bm_pdf_selem *bm_pdf_struct_line(bm_pdf_ctx *c, size_t p, const bm_line *ln)
{
    const char *tag = ln->article_id ? tag_of(ln->kind) : NULL;
    art *a = tag ? art_find(c, ln->article_id) : NULL;
    selem *k = NULL;
    if (a && ln->kind == BM_LINE_HEADLINE) {
        selem *last = a->nkids ? a->kids[a->nkids - 1] : NULL;
        if (last && !strcmp(last->tag, "H1") && a->last_page == (int)p)
            k = last;          /* the headline's next line */
        else if (a->has_h1)
            a = NULL;          /* repeated over a continuation */
    } else if (a && ln->elem) {
        for (size_t i = a->nkids; i-- > 0 && !k;)
            if (a->kids[i]->elem == ln->elem && !strcmp(a->kids[i]->tag, tag))
                k = a->kids[i];
    }
    if (!a)
        return NULL;
    if (ln->kind == BM_LINE_CAPTION)
        flush_figures(c, p, a);
    if (!k)
        k = kid_add(c, a, tag, ln->elem);
    a->last_page = (int)p;
    return k;
}

int bm_pdf_struct_box(bm_pdf_ctx *c, size_t p, const bm_box *bx, bm_buf *b)
{
    if (bx->kind != BM_BOX_IMAGE || !bx->article_id) {
        bm_buf_puts(b, "/Artifact BMC\n");
        return 0;
    }
    art *a = art_find(c, bx->article_id);
    selem *k = bm_arena_alloc(c->a, sizeof *k);
    k->tag = "Figure";
    /* the alt text the article gives the image, else its caption */
    const bm_edition *ed = c->doc->ed;
    for (size_t q = 0; ed && q < ed->npages && !k->alt; q++)
        for (size_t i = 0; i < ed->pages[q]->narticles && !k->alt; i++) {
            const bm_article *ar = ed->pages[q]->articles[i];
            if (!ar->id || strcmp(ar->id, bx->article_id))
                continue;
            for (size_t j = 0; j < ar->nblocks && !k->alt; j++) {
                const bm_block *bl = &ar->blocks[j];
                if (bl->kind == BM_BLOCK_FIGURE && bl->image &&
                    !strcmp(bl->image, bx->image))
                    k->alt = bl->alt ? bl->alt : bl->caption;
            }
        }
    if (!k->alt)
        k->alt = a->title ? a->title : a->id;
    pagemc *pm = &c->st->pages[p];
    pm->pending = grow(c, pm->pending, &pm->cappend, pm->npend,
                       sizeof *pm->pending);
    pm->pending[pm->npend].fig = k;
    pm->pending[pm->npend++].art = a;
    bm_buf_printf(b, "/Figure <</MCID %d>> BDC\n", bm_pdf_struct_mcid(c, p, k));
    return 1;
}

void bm_pdf_struct_page_done(bm_pdf_ctx *c, size_t p)
{
    flush_figures(c, p, NULL);
}

int bm_pdf_struct_link(bm_pdf_ctx *c, size_t p, const bm_line *ln,
                       HPDF_Dict annot)
{
    bm_pdf_struct *s = c->st;
    art *a = ln->article_id ? art_find(c, ln->article_id) : NULL;
    selem *k = bm_arena_alloc(c->a, sizeof *k);
    k->tag = "Link";
    k->alt = bm_arena_strndup(c->a, ln->text, ln->len);
    k->annot = annot;
    k->annot_page = (int)p;
    if (a) {
        a->kids = grow(c, a->kids, &a->capkids, a->nkids, sizeof *a->kids);
        a->kids[a->nkids++] = k;
    }
    s->links = grow(c, s->links, &s->caplinks, s->nlinks, sizeof *s->links);
    s->links[s->nlinks++] = k;
    return (int)(s->npages + s->nlinks - 1);
}

/* ---- writing the tree ------------------------------------------------------ */

static HPDF_STATUS write_kid(bm_pdf_ctx *c, selem *k, HPDF_Dict parent)
{
    HPDF_Doc pdf = c->pdf;
    HPDF_STATUS hs = HPDF_OK;
    hs |= bm_pdfx_put_name(k->obj, "S", k->tag);
    hs |= bm_pdfx_put(k->obj, "P", parent);
    if (k->annot) {
        HPDF_Dict objr = bm_pdfx_direct_dict(pdf);
        HPDF_Array ka = bm_pdfx_array(pdf);
        if (!objr || !ka)
            return HPDF_FAILD_TO_ALLOC_MEM;
        hs |= bm_pdfx_put_name(objr, "Type", "OBJR");
        hs |= bm_pdfx_put(objr, "Obj", k->annot);
        hs |= bm_pdfx_put(objr, "Pg", c->pages[k->annot_page]);
        hs |= bm_pdfx_push(ka, objr);
        hs |= bm_pdfx_put(k->obj, "K", ka);
        hs |= bm_pdfx_put(k->obj, "Pg", c->pages[k->annot_page]);
        hs |= bm_pdfx_set_text(pdf, k->obj, "Alt", k->alt);
        return hs;
    }
    if (!k->nmc)
        return hs;
    int pg = k->mc[0].page;
    hs |= bm_pdfx_put(k->obj, "Pg", c->pages[pg]);
    if (k->nmc == 1) {
        /* one marked-content sequence: its MCID alone, no array */
        hs |= bm_pdfx_put_int(k->obj, "K", k->mc[0].mcid);
        if (k->alt)
            hs |= bm_pdfx_set_text(pdf, k->obj, "Alt", k->alt);
        return hs;
    }
    HPDF_Array ka = bm_pdfx_array_for(pdf, k->nmc);
    if (!ka)
        return HPDF_FAILD_TO_ALLOC_MEM;
    for (size_t i = 0; i < k->nmc; i++) {
        if (k->mc[i].page == pg) {
            hs |= bm_pdfx_push_int(ka, k->mc[i].mcid);
            continue;
        }
        HPDF_Dict mcr = bm_pdfx_direct_dict(pdf);
        if (!mcr)
            return HPDF_FAILD_TO_ALLOC_MEM;
        hs |= bm_pdfx_put_name(mcr, "Type", "MCR");
        hs |= bm_pdfx_put(mcr, "Pg", c->pages[k->mc[i].page]);
        hs |= bm_pdfx_put_int(mcr, "MCID", k->mc[i].mcid);
        hs |= bm_pdfx_push(ka, mcr);
    }
    hs |= bm_pdfx_put(k->obj, "K", ka);
    if (k->alt)
        hs |= bm_pdfx_set_text(pdf, k->obj, "Alt", k->alt);
    return hs;
}

bm_status bm_pdf_struct_write(bm_pdf_ctx *c, bm_error *err)
{
    bm_pdf_struct *s = c->st;
    HPDF_Doc pdf = c->pdf;
    HPDF_STATUS hs = HPDF_OK;
    HPDF_Dict root = bm_pdfx_dict(pdf), docel = bm_pdfx_dict(pdf);
    HPDF_Array rootk = bm_pdfx_array(pdf);
    HPDF_Array dock = bm_pdfx_array_for(pdf, s->narts + s->nlinks);
    HPDF_Dict ptree = bm_pdfx_direct_dict(pdf);
    HPDF_Array nums = bm_pdfx_array_for(pdf, 2 * (s->npages + s->nlinks));
    HPDF_Dict mark = bm_pdfx_direct_dict(pdf);
    if (!root || !docel || !rootk || !dock || !ptree || !nums || !mark)
        return bm_pdf_herr(c, HPDF_FAILD_TO_ALLOC_MEM, NULL, err,
                           "building the structure tree");
    hs |= bm_pdfx_put_name(root, "Type", "StructTreeRoot");
    hs |= bm_pdfx_push(rootk, docel);
    hs |= bm_pdfx_put(root, "K", rootk);
    hs |= bm_pdfx_put_name(docel, "S", "Document");
    hs |= bm_pdfx_put(docel, "P", root);
    hs |= bm_pdfx_put(docel, "K", dock);

    for (size_t i = 0; i < s->narts; i++) {
        art *a = s->arts[i];
        if (!a->nkids)
            continue; /* not laid out (an empty article) */
        a->obj = bm_pdfx_dict(pdf);
        HPDF_Array ak = bm_pdfx_array_for(pdf, a->nkids);
        if (!a->obj || !ak)
            return bm_pdf_herr(c, HPDF_FAILD_TO_ALLOC_MEM, NULL, err,
                               "building the structure tree");
        hs |= bm_pdfx_put_name(a->obj, "S", "Art");
        hs |= bm_pdfx_put(a->obj, "P", docel);
        hs |= bm_pdfx_set_text(pdf, a->obj, "T", a->title ? a->title : a->id);
        hs |= bm_pdfx_put_string(pdf, a->obj, "ID", a->id);
        if (a->lang)
            hs |= bm_pdfx_put_string(pdf, a->obj, "Lang", a->lang);
        hs |= bm_pdfx_push(dock, a->obj);
        for (size_t j = 0; j < a->nkids; j++) {
            selem *k = a->kids[j];
            k->obj = bm_pdfx_dict(pdf);
            if (!k->obj)
                return bm_pdf_herr(c, HPDF_FAILD_TO_ALLOC_MEM, NULL, err,
                                   "building the structure tree");
            hs |= bm_pdfx_push(ak, k->obj);
            hs |= write_kid(c, k, a->obj);
        }
        hs |= bm_pdfx_put(a->obj, "K", ak);
    }
    /* a link whose jump line has no article hangs from the Document */
    for (size_t i = 0; i < s->nlinks; i++) {
        selem *k = s->links[i];
        if (k->obj)
            continue;
        k->obj = bm_pdfx_dict(pdf);
        if (!k->obj)
            return bm_pdf_herr(c, HPDF_FAILD_TO_ALLOC_MEM, NULL, err,
                               "building the structure tree");
        hs |= bm_pdfx_push(dock, k->obj);
        hs |= write_kid(c, k, docel);
    }

    /* ParentTree: page p's MCIDs under key p, then one key per link */
    for (size_t p = 0; p < s->npages; p++) {
        pagemc *pm = &s->pages[p];
        HPDF_Array arr = bm_pdfx_array_for(pdf, pm->n);
        if (!arr)
            return bm_pdf_herr(c, HPDF_FAILD_TO_ALLOC_MEM, NULL, err,
                               "building the structure tree");
        for (size_t m = 0; m < pm->n; m++)
            hs |= bm_pdfx_push(arr, pm->owner[m]->obj);
        hs |= bm_pdfx_push_int(nums, (int)p);
        hs |= bm_pdfx_push(nums, arr);
        hs |= bm_pdfx_put_int(c->pages[p], "StructParents", (int)p);
    }
    for (size_t i = 0; i < s->nlinks; i++) {
        hs |= bm_pdfx_push_int(nums, (int)(s->npages + i));
        hs |= bm_pdfx_push(nums, s->links[i]->obj);
    }
    hs |= bm_pdfx_put(ptree, "Nums", nums);
    hs |= bm_pdfx_put(root, "ParentTree", ptree);
    hs |= bm_pdfx_put_int(root, "ParentTreeNextKey",
                          (int)(s->npages + s->nlinks));
    hs |= bm_pdfx_catalog_put(pdf, "StructTreeRoot", root);
    hs |= bm_pdfx_put_bool(mark, "Marked", 1);
    hs |= bm_pdfx_catalog_put(pdf, "MarkInfo", mark);
    return bm_pdf_herr(c, hs, NULL, err, "writing the structure tree");
}
