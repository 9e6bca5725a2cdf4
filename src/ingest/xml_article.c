/*
 * xml_article.c - one article XML file -> one article of the model: the
 * parts in order (kicker, headline, subhead, byline, body, code), body
 * blocks (p, h, note, figure), each problem reported with file:line:col
 * and the walk going on so `banmian check` lists them all.
 */
#include "xml_private.h"

#include <string.h>
#include <sys/stat.h>

/* ---- articles ------------------------------------------------------------------ */

/* A BCP 47 tag as the schema's pattern has it: 2-3 letters, then
 * subtags of 1-8 letters or digits after '-'. */
static int valid_lang(const char *s)
{
    size_t n = 0;
    while (s[n] && ((s[n] | 0x20) >= 'a' && (s[n] | 0x20) <= 'z'))
        n++;
    if (n < 2 || n > 3)
        return 0;
    s += n;
    while (*s == '-') {
        s++;
        n = 0;
        while (s[n] && (((s[n] | 0x20) >= 'a' && (s[n] | 0x20) <= 'z') ||
                        (s[n] >= '0' && s[n] <= '9')))
            n++;
        if (n < 1 || n > 8)
            return 0;
        s += n;
    }
    return *s == '\0';
}

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

static const char *headline_of(reader *rd, xfile *xf, xmlNodePtr n)
{
    int lines = 0, text = 0;
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (bm_xml_is_elem(c))
            lines |= xmlStrEqual(c->name, BAD_CAST "line");
        if (bm_xml_is_text(c) && !bm_xml_blank(c->content))
            text = 1;
    }
    if (!lines)
        return bm_xml_text_of(rd, xf, n);
    if (text)
        bm_xml_node_problem(rd, xf, n, NULL,
                     "<headline> mixes text and <line>: put all of its text "
                     "in <line> elements, or drop the <line>s");
    bm_buf b;
    bm_buf_init(&b);
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (!bm_xml_is_elem(c))
            continue;
        if (!xmlStrEqual(c->name, BAD_CAST "line")) {
            bm_xml_node_problem(rd, xf, c, NULL,
                         "unknown element <%s> in <headline>: use <line>",
                         (const char *)c->name);
            continue;
        }
        bm_xml_check_attrs(rd, xf, c, (const char *const[]){NULL});
        const char *t = bm_xml_text_of(rd, xf, c);
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
    bm_xml_locate(xf, n, NULL, &line, &col);
    bm_block *bl = bm_article_add_block(
        ed, ar, BM_BLOCK_FIGURE, (bm_src){xf->path, line, col});
    bm_xml_check_attrs(rd, xf, n,
                       (const char *const[]){"src", "alt", "focus", NULL});
    const char *src = bm_xml_attr(n, "src", ed);
    const char *focus = bm_xml_attr(n, "focus", ed);
    if (focus) {
        int fx, fy, end = 0;
        if (sscanf(focus, " %d %d %n", &fx, &fy, &end) != 2 || focus[end] ||
            fx < 0 || fx > 100 || fy < 0 || fy > 100)
            bm_xml_node_problem(rd, xf, n, "focus",
                                "focus=\"%s\" is not two percentages \"x y\" "
                                "(0-100, from the top left), e.g. focus=\"50 30\"",
                                focus);
        else
            bl->has_focus = 1, bl->focus_x = fx * 10, bl->focus_y = fy * 10;
    }
    const char *alt = bm_xml_attr(n, "alt", ed);
    if (alt)
        alt = bm_xml_clean_text(rd, alt);
    bl->alt = alt;
    if (src) {
        const char *full = bm_xml_resolve(rd, xf, n, "src", src, "image");
        if (full) {
            char why[300];
            bm_status ist = bm_ingest_figure_image(ed, full, &bl->pic, why,
                                                   sizeof why);
            if (ist == BM_OK) {
                bl->img_w = bl->pic->width, bl->img_h = bl->pic->height;
            } else if (ist == BM_INPUT) {
                bm_xml_node_problem(rd, xf, n, "src", "image '%s' %s", src, why);
            } else { /* out of memory, a read error: not the input's fault */
                int il, ic;
                bm_xml_locate(xf, n, "src", &il, &ic);
                bm_xml_problem(rd, xf, xf->path, il, ic, ist, "image '%s' %s",
                               src, why);
            }
            bl->image = src;
        }
    }
    int seen_caption = 0, seen_credit = 0;
    for (xmlNodePtr c = n->children; c; c = c->next) {
        bm_xml_stray_text(rd, xf, n, c, "put a caption in <caption>…</caption>");
        if (!bm_xml_is_elem(c))
            continue;
        int cap = xmlStrEqual(c->name, BAD_CAST "caption");
        int cred = xmlStrEqual(c->name, BAD_CAST "credit");
        if (!cap && !cred) {
            bm_xml_node_problem(rd, xf, c, NULL,
                         "unknown element <%s> in <figure>: a figure holds "
                         "<caption> then <credit>",
                         (const char *)c->name);
            continue;
        }
        bm_xml_check_attrs(rd, xf, c,
                    cap ? (const char *const[]){"code", NULL}
                        : (const char *const[]){NULL});
        if ((cap && seen_caption) || (cred && seen_credit)) {
            bm_xml_node_problem(rd, xf, c, NULL,
                         "second <%s> in <figure>: merge them into one",
                         (const char *)c->name);
            continue;
        }
        if (cap && seen_credit)
            bm_xml_node_problem(rd, xf, c, NULL,
                         "<caption> must come before <credit>: swap them");
        const char *t = bm_xml_text_of(rd, xf, c);
        if (cap) {
            const char *code = bm_xml_attr(c, "code", ed);
            if (code && !(code = bm_xml_clean_text(rd, code)))
                bm_xml_node_problem(rd, xf, c, "code",
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
        bm_xml_node_problem(rd, xf, n, NULL,
                     "empty <figure>: give it an image (src=\"images/…\") or "
                     "a caption, or remove it");
}

/*
 * A paragraph's <ref article="ID"/>: its last child, taken out of the tree
 * (the paragraph's text is read without it) and returned as the id; the
 * edition reader checks that the article exists.
 */
static const char *take_ref(reader *rd, xfile *xf, xmlNodePtr p)
{
    xmlNodePtr ref = NULL;
    for (xmlNodePtr c = p->children; c; c = c->next)
        if (bm_xml_is_elem(c) && xmlStrEqual(c->name, BAD_CAST "ref"))
            ref = c;
    if (!ref)
        return NULL;
    for (xmlNodePtr c = ref->next; c; c = c->next)
        if (bm_xml_is_elem(c) ||
            (bm_xml_is_text(c) && c->content &&
             strspn((const char *)c->content, " \t\r\n") !=
                 strlen((const char *)c->content))) {
            bm_xml_node_problem(rd, xf, ref, NULL,
                                "<ref> ends its paragraph: move the text "
                                "after it before it");
            return NULL;
        }
    bm_xml_check_attrs(rd, xf, ref, (const char *const[]){"article", NULL});
    const char *id = bm_xml_attr(ref, "article", rd->ed);
    if (!id || !*id)
        bm_xml_node_problem(rd, xf, ref, NULL,
                            "<ref> needs article=\"ID\": the id of the "
                            "article it points at");
    int line, col;
    bm_xml_locate(xf, ref, "article", &line, &col);
    bm_xml_remember_ref(rd, id, (bm_src){xf->path, line, col});
    xmlUnlinkNode(ref);
    xmlFreeNode(ref);
    return id && *id ? id : NULL;
}

static void read_body(reader *rd, xfile *xf, bm_article *ar, xmlNodePtr body)
{
    bm_edition *ed = rd->ed;
    bm_xml_check_attrs(rd, xf, body, (const char *const[]){NULL});
    for (xmlNodePtr c = body->children; c; c = c->next) {
        bm_xml_stray_text(rd, xf, body, c, "wrap each paragraph in <p>…</p>");
        if (!bm_xml_is_elem(c))
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
            bm_xml_node_problem(rd, xf, c, NULL,
                         "unknown element <%s> in <body>: use <p> for "
                         "paragraphs, <h> for subheadings, <figure> or <note>",
                         (const char *)c->name);
            continue;
        }
        bm_xml_check_attrs(rd, xf, c, (const char *const[]){NULL});
        const char *ref = k == BM_BLOCK_PARAGRAPH ? take_ref(rd, xf, c) : NULL;
        const char *t = bm_xml_text_of(rd, xf, c);
        if (!t)
            continue;
        int line, col;
        bm_xml_locate(xf, c, NULL, &line, &col);
        bm_block *bl =
            bm_article_add_block(ed, ar, k, (bm_src){xf->path, line, col});
        bl->text = t;
        bl->ref = ref;
    }
}

/*
 * Reads one article file onto page pg.  The article joins the page only if
 * its file has no problem, so later stages never see half an article.
 */
void bm_xml_read_article(reader *rd, bm_page *pg, const char *path,
                         bm_article_role role)
{
    bm_edition *ed = rd->ed;
    xfile xf;
    if (!bm_xml_open(rd, &xf, path))
        return;
    xmlNodePtr root = xmlDocGetRootElement(xf.doc);
    if (!root || !xmlStrEqual(root->name, BAD_CAST "article") || root->ns) {
        bm_xml_node_problem(rd, &xf, root, NULL,
                     "the root element is <%s>: an article file starts with "
                     "<article id=\"…\"> (without a namespace)",
                     root ? (const char *)root->name : "?");
        bm_xml_close(&xf);
        return;
    }
    bm_xml_check_attrs(rd, &xf, root,
                (const char *const[]){"id", "kind", "group", "lang", NULL});
    const char *id = bm_xml_attr(root, "id", ed);
    if (!id)
        bm_xml_node_problem(rd, &xf, root, NULL,
                     "<article> has no id: add id=\"…\" (letters, digits, - "
                     "and _), unique in the edition");
    else if (!bm_model_valid_id(id))
        bm_xml_node_problem(rd, &xf, root, "id",
                     "article id '%s' may hold only ASCII letters, digits, - "
                     "and _: rename it",
                     id);
    else {
        seen_id *other = rd->ids;
        while (other && strcmp(other->id, id))
            other = other->next;
        int l, c;
        bm_xml_locate(&xf, root, "id", &l, &c);
        if (other)
            bm_xml_node_problem(rd, &xf, root, "id",
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
    const char *ks = bm_xml_attr(root, "kind", ed);
    if (ks) {
        if (!strcmp(ks, "photo"))
            kind = BM_ARTICLE_PHOTO;
        else if (!strcmp(ks, "brief"))
            kind = BM_ARTICLE_BRIEF;
        else if (strcmp(ks, "article"))
            bm_xml_node_problem(rd, &xf, root, "kind",
                         "unknown article kind '%s': use article, photo or "
                         "brief",
                         ks);
    }
    int line, col;
    bm_xml_locate(&xf, root, NULL, &line, &col);
    /* a scratch article: added to the page only if the file is sound */
    bm_article tmp = {0};
    tmp.kind = kind;
    tmp.role = role;
    tmp.src = (bm_src){xf.path, line, col};
    bm_article *ar = &tmp;
    const char *group = bm_xml_attr(root, "group", ed);
    if (group) {
        group = bm_xml_clean_text(rd, group);
        if (!group)
            bm_xml_node_problem(rd, &xf, root, "group",
                         "empty group='': give the briefs box title or "
                         "remove the attribute");
    }
    ar->group = group;
    const char *lang = bm_xml_attr(root, "lang", ed);
    if (lang && !valid_lang(lang))
        bm_xml_node_problem(rd, &xf, root, "lang",
                     "lang='%s' is not a language tag: write it as BCP 47 "
                     "(en, zh-Hant, ug-CN), or remove it to use the "
                     "edition's <language>",
                     lang);
    else
        ar->lang = lang;

    int last = -1, have_body = 0;
    xmlNodePtr seen[NPARTS] = {0};
    for (xmlNodePtr c = root->children; c; c = c->next) {
        bm_xml_stray_text(rd, &xf, root, c,
                   "put paragraphs in <body><p>…</p></body>");
        if (!bm_xml_is_elem(c))
            continue;
        int k = part_index(c->name);
        if (k < 0) {
            bm_xml_node_problem(rd, &xf, c, NULL,
                         "unknown element <%s> in <article>: expected "
                         "kicker, headline, subhead, byline, body, code (in "
                         "that order)",
                         (const char *)c->name);
            continue;
        }
        if (seen[k]) {
            int l2, c2;
            bm_xml_locate(&xf, seen[k], NULL, &l2, &c2);
            bm_xml_node_problem(rd, &xf, c, NULL,
                         "second <%s> (the first is on line %d): an article "
                         "has at most one; merge them",
                         article_parts[k], l2);
            continue;
        }
        seen[k] = c;
        if (k < last)
            bm_xml_node_problem(rd, &xf, c, NULL,
                         "<%s> must come before <%s>: the order is kicker, "
                         "headline, subhead, byline, body, code",
                         article_parts[k], article_parts[last]);
        else
            last = k;
        if (k != 4 && k != 1)
            bm_xml_check_attrs(rd, &xf, c, (const char *const[]){NULL});
        int pl, pc;
        bm_xml_locate(&xf, c, NULL, &pl, &pc);
        bm_src ps = {xf.path, pl, pc};
        switch (k) {
        case 0:
            ar->kicker = bm_xml_text_of(rd, &xf, c);
            ar->kicker_src = ps;
            break;
        case 1:
            bm_xml_check_attrs(rd, &xf, c, (const char *const[]){NULL});
            ar->headline = headline_of(rd, &xf, c);
            ar->headline_src = ps;
            break;
        case 2:
            ar->subhead = bm_xml_text_of(rd, &xf, c);
            ar->subhead_src = ps;
            break;
        case 3:
            ar->byline = bm_xml_text_of(rd, &xf, c);
            ar->byline_src = ps;
            break;
        case 4:
            have_body = 1;
            read_body(rd, &xf, ar, c);
            break;
        case 5: ar->editor_code = bm_xml_text_of(rd, &xf, c); break;
        }
    }
    if (!have_body)
        bm_xml_node_problem(rd, &xf, root, NULL,
                     "<article> has no <body>: add <body> with its "
                     "paragraphs after the byline");
    else if (ar->nblocks == 0 && xf.nerr == 0)
        bm_xml_node_problem(rd, &xf, seen[4], NULL,
                     "article '%s' is empty: add paragraphs (<p>) or a "
                     "figure to <body>, or remove the article from "
                     "edition.xml",
                     id ? id : "?");

    if (xf.nerr == 0)
        bm_xml_rng_validate(rd, &xf, rd->rng_article);
    if (xf.nerr == 0 && id) {
        bm_article *real = bm_page_add_article(ed, pg, id, kind, tmp.src);
        bm_page *p = real->page;
        const char *rid = real->id;
        *real = tmp;
        real->id = rid;
        real->page = p;
    }
    bm_xml_close(&xf);
}

