/*
 * xml_edition.c - edition.xml -> the edition: metadata, pages, the article
 * files and page dumps each page names (read in order), ids unique across
 * the edition; the entry point bm_ingest_edition.
 */
#include "xml_private.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bm_schema.h" /* generated: schema_edition[], schema_article[] */

/* ---- cross-references ------------------------------------------------------- */

void bm_xml_remember_ref(reader *rd, const char *id, bm_src src)
{
    if (!id || !*id)
        return;
    seen_id *s = bm_arena_alloc(rd->ed->arena, sizeof *s);
    *s = (seen_id){id, src.file, src.line, rd->refs};
    rd->refs = s;
}

void bm_xml_check_refs(reader *rd)
{
    for (const seen_id *r = rd->refs; r; r = r->next) {
        const seen_id *a = rd->ids;
        while (a && strcmp(a->id, r->id))
            a = a->next;
        if (!a)
            bm_xml_problem(rd, NULL, r->file, r->line, 0, BM_INPUT,
                           "<ref article=\"%s\"/> points at no article of "
                           "the edition: give the id of one it prints", r->id);
    }
}

/* ---- edition ------------------------------------------------------------------ */

static const char *const meta_names[] = {"title",    "date",   "issue",
                                         "publisher", "language", "layout"};
#define NMETA (sizeof meta_names / sizeof meta_names[0])

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

int bm_xml_sections_derived(const bm_page *pg, bm_arena *a)
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
    const char *v = bm_xml_attr(n, "label", rd->ed);
    if (!v)
        return NULL;
    bm_buf b;
    bm_buf_init(&b);
    for (const char *p = v; *p;) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        const char *t = bm_xml_clean_text(rd, bm_arena_strndup(rd->ed->arena, p, len));
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
        bm_xml_node_problem(rd, xf, n, "label",
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
            bm_xml_node_problem(rd, xf, n, "dump",
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
    bm_xml_check_attrs(rd, xf, n, (const char *const[]){"section", "dump", NULL});
    const char *section = bm_xml_attr(n, "section", ed);
    if (section)
        section = bm_xml_clean_text(rd, section);
    size_t sl;
    if (section && (sl = bm_utf8_count(section, strlen(section))) > BM_SECTION_MAX)
        bm_xml_node_problem(rd, xf, n, "section",
                     "section name '%s' has %zu characters, more than the %d "
                     "the running head and masthead hold: shorten it",
                     section, sl, BM_SECTION_MAX);
    const char *dump = bm_xml_attr(n, "dump", ed);
    int line, col;
    bm_xml_locate(xf, n, NULL, &line, &col);
    int narts = 0;
    for (xmlNodePtr c = n->children; c; c = c->next)
        narts += bm_xml_is_elem(c) && xmlStrEqual(c->name, BAD_CAST "article");

    if (dump) {
        if (narts)
            bm_xml_node_problem(rd, xf, n, "dump",
                         "<page> has both dump='%s' and <article>s: a page "
                         "either lists its articles or points at a raw dump",
                         dump);
        const char *full = bm_xml_resolve(rd, xf, n, "dump", dump, "page dump");
        if (!full)
            return;
        bm_error e;
        bm_error_init(&e);
        size_t before = ed->npages;
        if (bm_ingest_dump(ed, full, &e) != BM_OK) {
            const char *ef = bm_error_file(&e);
            bm_xml_problem(rd, xf, ef ? ef : xf->path, ef ? e.line : line,
                    ef ? e.col : col, e.code ? e.code : BM_INPUT,
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
        bm_xml_node_problem(rd, xf, n, NULL,
                     "<page> has no articles: list them as <article "
                     "href=\"articles/….xml\"/> or give dump=\"….txt\"");
    }
    bm_page *pg = bm_edition_add_page(ed, section, (bm_src){xf->path, line, col});
    int labels = 0, seen_article = 0;
    for (xmlNodePtr c = n->children; c; c = c->next) {
        bm_xml_stray_text(rd, xf, n, c, "a page holds only <article href=…/> elements");
        if (!bm_xml_is_elem(c))
            continue;
        if (xmlStrEqual(c->name, BAD_CAST "label")) {
            bm_xml_check_attrs(rd, xf, c, (const char *const[]){NULL});
            if (seen_article)
                bm_xml_node_problem(rd, xf, c, NULL,
                             "<label> must come before the page's first "
                             "<article>: move it up");
            const char *t = bm_xml_text_of(rd, xf, c);
            if (t)
                bm_page_add_section(ed, pg, t);
            labels++;
            continue;
        }
        if (!xmlStrEqual(c->name, BAD_CAST "article")) {
            bm_xml_node_problem(rd, xf, c, NULL,
                         "unknown element <%s> in <page>: a page lists "
                         "<label>s, then <article href=\"…\"/> elements",
                         (const char *)c->name);
            continue;
        }
        seen_article = 1;
        bm_xml_check_attrs(rd, xf, c,
                    (const char *const[]){"href", "role", "label", NULL});
        if (c->children)
            for (xmlNodePtr d = c->children; d; d = d->next)
                if (bm_xml_is_elem(d) || (bm_xml_is_text(d) && !bm_xml_blank(d->content))) {
                    bm_xml_node_problem(rd, xf, c, NULL,
                                 "<article> in edition.xml only points at a "
                                 "file: move its content into that file");
                    break;
                }
        bm_article_role role = BM_ROLE_NORMAL;
        const char *rs = bm_xml_attr(c, "role", ed);
        if (rs && !strcmp(rs, "lead"))
            role = BM_ROLE_LEAD;
        else if (rs && !strcmp(rs, "commentary"))
            role = BM_ROLE_COMMENTARY;
        else if (rs && !strcmp(rs, "essay"))
            role = BM_ROLE_ESSAY;
        else if (rs && strcmp(rs, "normal"))
            bm_xml_node_problem(rd, xf, c, "role",
                         "unknown role '%s': use role=\"lead\" for the "
                         "page's lead story, \"commentary\" for a 评论 "
                         "(framed), \"essay\" for a piece read whole, or "
                         "leave it out",
                         rs);
        const char *href = bm_xml_attr(c, "href", ed);
        if (!href) {
            bm_xml_node_problem(rd, xf, c, NULL,
                         "<article> has no href: add href=\"articles/….xml\"");
            continue;
        }
        const char *label = read_label(rd, xf, c);
        const char *full = bm_xml_resolve(rd, xf, c, "href", href, "article");
        size_t before = pg->narticles;
        if (full)
            bm_xml_read_article(rd, pg, full, role);
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

/*
 * <language>: a BCP 47 tag, as the EPUB (dc:language, xml:lang), the PDF
 * (/Lang) and ALTO/METS carry it.  A POSIX locale name (zh_CN) is read as
 * the tag it stands for, with a warning; anything else is a problem.
 */
static const char *read_language(reader *rd, xfile *xf, xmlNodePtr n,
                                 const char *t)
{
    if (bm_lang_valid(t))
        return t;
    char fixed[64];
    int line, col;
    bm_xml_locate(xf, n, NULL, &line, &col);
    if (bm_lang_repair(t, fixed, sizeof fixed)) {
        bm_diags_add(&rd->ed->diags, BM_WARNING, xf->path, line, col,
                     "language '%s' is not a BCP 47 tag: read as '%s'; "
                     "write <language>%s</language>",
                     t, fixed, fixed);
        return bm_arena_strdup(rd->ed->arena, fixed);
    }
    bm_xml_node_problem(rd, xf, n, NULL,
                        "language '%.60s' is not a BCP 47 language tag: "
                        "write one such as zh-CN, zh-Hans or zh-TW",
                        t);
    return "zh-CN";
}

static void read_edition(reader *rd, const char *path)
{
    bm_edition *ed = rd->ed;
    xfile xf;
    if (!bm_xml_open(rd, &xf, path))
        return;
    xmlNodePtr root = xmlDocGetRootElement(xf.doc);
    if (!root || !xmlStrEqual(root->name, BAD_CAST "edition") || root->ns) {
        bm_xml_node_problem(rd, &xf, root, NULL,
                     "the root element is <%s>: edition.xml starts with "
                     "<edition version=\"1\"> (without a namespace)",
                     root ? (const char *)root->name : "?");
        bm_xml_close(&xf);
        return;
    }
    int line, col;
    bm_xml_locate(&xf, root, NULL, &line, &col);
    ed->src = (bm_src){xf.path, line, col};
    bm_xml_check_attrs(rd, &xf, root,
                       (const char *const[]){"version", "reflow", NULL});
    const char *rf = bm_xml_attr(root, "reflow", ed);
    if (rf && !strcmp(rf, "yes"))
        ed->reflow = 1;
    else if (rf && strcmp(rf, "no"))
        bm_xml_node_problem(rd, &xf, root, "reflow",
                     "reflow=\"%s\" is neither \"yes\" nor \"no\"", rf);
    const char *v = bm_xml_attr(root, "version", ed);
    if (!v)
        bm_xml_node_problem(rd, &xf, root, NULL,
                     "<edition> has no version: write <edition version=\"1\">");
    else if (strcmp(v, "1"))
        bm_xml_node_problem(rd, &xf, root, "version",
                     "edition version '%s' is not known to this banmian: "
                     "write version=\"1\" (or update banmian)",
                     v);
    xmlNodePtr meta[NMETA] = {0};
    int pages = 0;
    for (xmlNodePtr c = root->children; c; c = c->next) {
        bm_xml_stray_text(rd, &xf, root, c,
                   "metadata goes in <title>, <date>, … and articles in "
                   "<page>");
        if (!bm_xml_is_elem(c))
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
            bm_xml_node_problem(rd, &xf, c, NULL,
                         "unknown element <%s> in <edition>: expected title, "
                         "date, issue, publisher, language, layout, then "
                         "<page>s",
                         (const char *)c->name);
            continue;
        }
        if (meta[k]) {
            bm_xml_node_problem(rd, &xf, c, NULL,
                         "second <%s> in <edition>: keep one",
                         meta_names[k]);
            continue;
        }
        meta[k] = c;
        if (pages)
            bm_xml_node_problem(rd, &xf, c, NULL,
                         "<%s> must come before the first <page>: move it up",
                         meta_names[k]);
        bm_xml_check_attrs(rd, &xf, c, (const char *const[]){NULL});
        const char *t = bm_xml_text_of(rd, &xf, c);
        switch (k) {
        case 0:
            ed->title = t;
            bm_xml_locate(&xf, c, NULL, &ed->title_src.line,
                          &ed->title_src.col);
            ed->title_src.file = xf.path;
            break;
        case 1:
            if (t && !bm_date_valid(t))
                bm_xml_node_problem(rd, &xf, c, NULL,
                             "date '%s' is not a calendar date written "
                             "YYYY-MM-DD (e.g. 2026-11-20)",
                             t);
            ed->date = t;
            break;
        case 2: ed->issue = t; break;
        case 3: ed->publisher = t; break;
        case 4:
            if (t)
                ed->lang = read_language(rd, &xf, c, t);
            break;
        case 5: {
            /* a name from the layouts directory, or a file the edition
             * carries: resolved inside it by the edition's path rules
             * (no absolute path, no '..', no link leading out), never
             * against the working directory */
            int ll, lc;
            bm_xml_locate(&xf, c, NULL, &ll, &lc);
            ed->layout_src = (bm_src){xf.path, ll, lc};
            if (t && !bm_ingest_layout_is_name(t))
                t = bm_xml_resolve(rd, &xf, c, NULL, t, "layout");
            ed->layout = t;
            break;
        }
        }
    }
    if (!pages)
        bm_xml_node_problem(rd, &xf, root, NULL,
                     "the edition has no <page>: add at least one <page "
                     "section=\"…\"> with its articles");
    /* the edition file's own structure is checked; articles were checked
       one by one */
    if (xf.nerr == 0)
        bm_xml_rng_validate(rd, &xf, rd->rng_edition);
    bm_xml_close(&xf);
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
        bm_xml_problem(&rd, NULL, dir, 0, 0, BM_INPUT,
                "not an edition directory (it should hold edition.xml)");
        goto done;
    }
    if (!realpath(dir, rd.realdir)) {
        bm_xml_problem(&rd, NULL, dir, 0, 0, BM_IO, "cannot resolve: %s",
                strerror(errno));
        goto done;
    }
    rd.ed->dir = bm_arena_strdup(rd.ed->arena, dir);
    bm_error se;
    bm_error_init(&se);
    if (bm_xml_load_schema(schema_edition, &rd.rng_edition, &se) != BM_OK ||
        bm_xml_load_schema(schema_article, &rd.rng_article, &se) != BM_OK) {
        bm_xml_problem(&rd, NULL, NULL, 0, 0, se.code, "%s", se.msg);
        goto done;
    }
    const char *path = bm_path_join(rd.ed->arena, dir, "edition.xml");
    struct stat sf;
    if (stat(path, &sf) != 0) {
        bm_xml_problem(&rd, NULL, path, 0, 0, BM_INPUT,
                "no edition.xml in %s: write one (see README, \"Input "
                "formats\") or import a page dump with 'banmian import "
                "PAGE.txt --xml -o DIR'",
                dir);
        goto done;
    }
    read_edition(&rd, path);
    bm_xml_check_refs(&rd);

done:
    if (rd.rng_edition)
        xmlRelaxNGFree(rd.rng_edition);
    if (rd.rng_article)
        xmlRelaxNGFree(rd.rng_article);
    bm_arena_free(rd.scratch);
    st = local.code;
    if (st != BM_OK) {
        bm_edition_free(rd.ed);
        bm_error_set(err, local.code, bm_error_file(&local), local.line, local.col, "%s",
                     local.msg);
        return st;
    }
    *out = rd.ed;
    return BM_OK;
}

