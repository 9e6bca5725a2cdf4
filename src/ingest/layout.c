/*
 * layout.c - reading a page layout (layouts/NAME.xml) into a bm_layout.
 *
 * The file is parsed by libxml2 with the network off, no DTD loading and no
 * entity substitution; a file with a DOCTYPE is refused outright, so no
 * entity can ever expand.  It is then validated against layouts/layout.rng
 * (when the layouts directory has it) and checked for meaning: the schema
 * cannot say "columns must be at least 1" or "the type area must lie inside
 * the page" in words a user understands, so the walk below does.
 *
 * libxml2 keeps the line of every element but not its column; the column of
 * an attribute is found by looking for `name=` in the source from the
 * element's line on, so every error reads file:line:col.
 */
#include "ingest.h"

#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/tree.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_LAYOUT_FILE (1u << 20)

typedef struct rd {
    const char *path;    /* arena */
    const char *text;    /* the file, NUL-terminated */
    size_t      len;
    bm_layout  *lay;
    bm_error   *err;
} rd;

/* ---- positions ------------------------------------------------------------ */

/* Start of line `line` (1-based) in the text, or NULL. */
static const char *line_start(const rd *r, int line)
{
    const char *p = r->text, *end = r->text + r->len;
    for (int l = 1; l < line && p < end; l++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            return NULL;
        p = nl + 1;
    }
    return p;
}

/*
 * Line and column (1-based, in characters) of `needle` in the start tag of
 * element `elem` that libxml2 reports at `line` (the line where the tag
 * ends: a tag may span lines, so look back for "<elem" first).
 */
static void find_col(const rd *r, int line, const char *elem,
                     const char *needle, int *oline, int *ocol)
{
    *oline = line;
    *ocol = 0;
    if (line <= 0)
        return;
    char tag[80];
    snprintf(tag, sizeof tag, "<%s", elem);
    size_t tlen = strlen(tag), nlen = strlen(needle);
    const char *end = r->text + r->len;
    for (int from = line; from >= 1 && from > line - 8; from--) {
        const char *p = line_start(r, from);
        if (!p)
            return;
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        const char *t = NULL;
        for (const char *q = p; q + tlen <= le; q++)
            if (!memcmp(q, tag, tlen) &&
                (q + tlen == le || q[tlen] == ' ' || q[tlen] == '/' ||
                 q[tlen] == '>' || q[tlen] == '\t' || q[tlen] == '\r'))
                t = q;
        if (!t)
            continue;
        if (!strcmp(needle, tag)) {
            *oline = from;
            *ocol = (int)bm_utf8_count(p, (size_t)(t - p)) + 1;
            return;
        }
        /* the attribute, from the tag on, until the tag closes */
        int l = from;
        const char *ls = p;
        for (const char *q = t; q + nlen <= end; q++) {
            if (*q == '>')
                return;
            if (*q == '\n') {
                l++;
                ls = q + 1;
                continue;
            }
            if (!memcmp(q, needle, nlen) &&
                (q[-1] == ' ' || q[-1] == '\t' || q[-1] == '\n')) {
                *oline = l;
                *ocol = (int)bm_utf8_count(ls, (size_t)(q - ls)) + 1;
                return;
            }
        }
        return;
    }
}

static bm_status fail_at(rd *r, xmlNodePtr n, const char *attr,
                         const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static bm_status fail_at(rd *r, xmlNodePtr n, const char *attr,
                         const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    int line = n ? (int)xmlGetLineNo(n) : 0, col = 0, ol = line;
    if (n) {
        char needle[80];
        const char *el = (const char *)n->name;
        snprintf(needle, sizeof needle, "<%s", el);
        if (attr) {
            char an[80];
            snprintf(an, sizeof an, "%s=", attr);
            find_col(r, line, el, an, &ol, &col);
        }
        if (!col) /* the element itself */
            find_col(r, line, el, needle, &ol, &col);
    }
    return bm_error_set(r->err, BM_INPUT, r->path, ol, col, "%s", msg);
}

/* ---- values ---------------------------------------------------------------- */

/*
 * Parses "[-]D[.D]" into thousandths without floating point; *rest points
 * after the number.  Returns 0 when there is no number.
 */
static int parse_milli(const char *s, long long *out, const char **rest)
{
    int neg = 0;
    if (*s == '-') {
        neg = 1;
        s++;
    }
    if (*s < '0' || *s > '9')
        return 0;
    long long v = 0;
    while (*s >= '0' && *s <= '9') {
        v = v * 10 + (*s++ - '0');
        if (v > 100000000)
            return 0;
    }
    v *= 1000;
    if (*s == '.') {
        s++;
        long long scale = 100;
        if (*s < '0' || *s > '9')
            return 0;
        while (*s >= '0' && *s <= '9') {
            v += (*s++ - '0') * scale;
            scale /= 10;
        }
    }
    *out = neg ? -v : v;
    *rest = s;
    return 1;
}

static const char *attr_get(xmlNodePtr n, const char *name)
{
    for (xmlAttrPtr a = n->properties; a; a = a->next)
        if (!strcmp((const char *)a->name, name) && a->children &&
            a->children->content)
            return (const char *)a->children->content;
    return NULL;
}

/*
 * A length attribute: "12.5mm", "9pt" or "1.6em" (em of `em`).  Missing and
 * optional: *out keeps its value.  Zero is allowed only with allow_zero.
 */
static bm_status length_attr(rd *r, xmlNodePtr n, const char *name,
                             int required, int allow_zero, bm_fix em,
                             bm_fix *out)
{
    const char *v = attr_get(n, name);
    if (!v) {
        if (required)
            return fail_at(r, n, NULL, "<%s> needs a '%s' attribute",
                           (const char *)n->name, name);
        return BM_OK;
    }
    long long m;
    const char *u;
    if (!parse_milli(v, &m, &u))
        return fail_at(r, n, name, "%s=\"%s\" is not a length (write e.g. "
                       "\"12.5mm\", \"9pt\" or \"1.6em\")", name, v);
    long long fix;
    if (!strcmp(u, "mm"))
        fix = (m * 64 * 72 + (m < 0 ? -12700 : 12700)) / 25400;
    else if (!strcmp(u, "pt"))
        fix = (m * 64 + (m < 0 ? -500 : 500)) / 1000;
    else if (!strcmp(u, "em"))
        fix = (m * em + (m < 0 ? -500 : 500)) / 1000;
    else
        return fail_at(r, n, name, "%s=\"%s\": the unit must be mm, pt or em",
                       name, v);
    if (fix < 0)
        return fail_at(r, n, name, "%s=\"%s\" must not be negative", name, v);
    if (fix == 0 && !allow_zero)
        return fail_at(r, n, name, "%s=\"%s\" must be greater than zero", name,
                       v);
    if (fix > BM_MM(5000))
        return fail_at(r, n, name, "%s=\"%s\" is larger than any page", name, v);
    *out = (bm_fix)fix;
    return BM_OK;
}

/* A count attribute (columns, rows): an integer in [lo, hi]. */
static bm_status count_attr(rd *r, xmlNodePtr n, const char *name,
                            int required, int lo, int hi, int *out)
{
    const char *v = attr_get(n, name);
    if (!v) {
        if (required)
            return fail_at(r, n, NULL, "<%s> needs a '%s' attribute",
                           (const char *)n->name, name);
        return BM_OK;
    }
    char *end;
    long x = strtol(v, &end, 10);
    if (end == v || *end)
        return fail_at(r, n, name, "%s=\"%s\" is not a whole number", name, v);
    if (x < lo || x > hi)
        return fail_at(r, n, name, "%s=\"%s\" must be between %d and %d",
                       name, v, lo, hi);
    *out = (int)x;
    return BM_OK;
}

static bm_status keyword_attr(rd *r, xmlNodePtr n, const char *name,
                              const char *const *words, int *out)
{
    const char *v = attr_get(n, name);
    if (!v)
        return BM_OK;
    for (int i = 0; words[i]; i++)
        if (!strcmp(v, words[i])) {
            *out = i;
            return BM_OK;
        }
    char list[128] = "";
    for (int i = 0; words[i]; i++) {
        strncat(list, i ? ", " : "", sizeof list - strlen(list) - 1);
        strncat(list, words[i], sizeof list - strlen(list) - 1);
    }
    return fail_at(r, n, name, "%s=\"%s\" must be one of: %s", name, v, list);
}

static bm_status check_attrs(rd *r, xmlNodePtr n, const char *const *allowed)
{
    for (xmlAttrPtr a = n->properties; a; a = a->next) {
        int ok = 0;
        for (int i = 0; allowed[i]; i++)
            ok |= !strcmp((const char *)a->name, allowed[i]);
        if (!ok)
            return fail_at(r, n, (const char *)a->name,
                           "<%s> has no attribute '%s'", (const char *)n->name,
                           (const char *)a->name);
    }
    return BM_OK;
}

/* ---- defaults ---------------------------------------------------------------- */

/* Styles and rules a file need not give; body-sized elements take the
 * grid's body size. */
static void defaults(bm_layout *l)
{
    l->rule = BM_PT(0.5);
    l->frame = BM_PT(0.75);
    l->rh_rule = BM_PT(0.75);
    /* role 0 song, 1 hei, 2 kai; align 0 justify, 1 start, 2 center, 3 end */
    static const struct { int role, align; int size10; int indent_em; } d[] = {
        [BM_EL_KICKER] = {2, 2, 140, 0},      [BM_EL_HEADLINE1] = {1, 2, 420, 0},
        [BM_EL_HEADLINE2] = {1, 2, 280, 0},   [BM_EL_HEADLINE3] = {1, 2, 200, 0},
        [BM_EL_HEADLINE4] = {1, 1, 105, 0},   [BM_EL_SUBHEAD] = {0, 2, 120, 0},
        [BM_EL_BYLINE] = {2, 1, 90, 0},       [BM_EL_BODY] = {0, 0, 90, 2},
        [BM_EL_SUBHEADING] = {1, 1, 90, 2},   [BM_EL_CAPTION] = {2, 0, 90, 0},
        [BM_EL_CREDIT] = {2, 3, 90, 0},       [BM_EL_BRIEF] = {0, 0, 90, 2},
        [BM_EL_JUMP] = {2, 3, 90, 0},         [BM_EL_SECTION] = {1, 2, 120, 0},
        [BM_EL_RUNNING_HEAD] = {0, 1, 90, 0}, [BM_EL_MASTHEAD] = {1, 2, 720, 0},
        [BM_EL_MASTHEAD_INFO] = {0, 1, 105, 0},
    };
    for (int e = 0; e < BM_EL_COUNT; e++) {
        bm_style *s = &l->styles[e];
        s->role = d[e].role;
        s->align = d[e].align;
        s->size = d[e].size10 == 90 ? l->body_size
                                     : (bm_fix)(d[e].size10 * 64 / 10);
        s->indent = s->size * d[e].indent_em;
    }
}

/* ---- elements ---------------------------------------------------------------- */

/*
 * <scale>: the head sizes, largest first.  Without one, the 号数 of Chinese
 * type from 初号 to 小五.
 */
static bm_status read_scale(rd *r, xmlNodePtr scale)
{
    static const struct { const char *name; bm_fix size; } hao[] = {
        {"初号", BM_PT(42)}, {"小初", BM_PT(36)}, {"一号", BM_PT(26)},
        {"小一", BM_PT(24)}, {"二号", BM_PT(22)}, {"小二", BM_PT(18)},
        {"三号", BM_PT(16)}, {"小三", BM_PT(15)}, {"四号", BM_PT(14)},
        {"小四", BM_PT(12)}, {"五号", BM_PT(10.5)}, {"小五", BM_PT(9)}};
    bm_layout *l = r->lay;
    l->nscale = 0;
    if (!scale) {
        for (size_t i = 0; i < sizeof hao / sizeof *hao; i++) {
            l->scale[l->nscale] = hao[i].size;
            l->scale_name[l->nscale++] = hao[i].name;
        }
        return BM_OK;
    }
    static const char *const attrs[] = {"name", "size", NULL};
    if (check_attrs(r, scale, (const char *const[]){NULL}))
        return r->err->code;
    for (xmlNodePtr n = scale->children; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (strcmp((const char *)n->name, "step"))
            return fail_at(r, n, NULL, "<scale> holds <step> elements only");
        if (l->nscale == BM_SCALE_MAX)
            return fail_at(r, n, NULL, "a scale has at most %d steps",
                           BM_SCALE_MAX);
        bm_fix size;
        if (check_attrs(r, n, attrs) ||
            length_attr(r, n, "size", 1, 0, l->body_size, &size))
            return r->err->code;
        if (l->nscale && size >= l->scale[l->nscale - 1])
            return fail_at(r, n, "size", "the scale's steps go from the "
                           "largest size to the smallest");
        l->scale[l->nscale] = size;
        l->scale_name[l->nscale++] = attr_get(n, "name");
    }
    if (!l->nscale)
        return fail_at(r, scale, NULL, "<scale> needs at least one <step>");
    return BM_OK;
}

static bm_status read_style(rd *r, xmlNodePtr n, unsigned *seen)
{
    static const char *const attrs[] = {"element", "font", "size", "min-size",
        "leading", "align", "space-before", "space-after", "indent", NULL};
    static const char *const fonts[] = {"song", "hei", "kai", NULL};
    static const char *const aligns[] = {"justify", "start", "center", "end",
                                         NULL};
    if (check_attrs(r, n, attrs))
        return r->err->code;
    const char *el = attr_get(n, "element");
    if (!el)
        return fail_at(r, n, NULL, "<style> needs an 'element' attribute");
    int e = -1;
    for (int i = 0; i < BM_EL_COUNT; i++)
        if (!strcmp(el, bm_elem_name((bm_elem)i)))
            e = i;
    if (e < 0)
        return fail_at(r, n, "element", "element=\"%s\" is not a styled "
                       "element (kicker, headline1..4, subhead, byline, body, "
                       "...)", el);
    if (*seen & (1u << e))
        return fail_at(r, n, "element", "element=\"%s\" is styled twice", el);
    *seen |= 1u << e;
    bm_style *s = &r->lay->styles[e];
    if (keyword_attr(r, n, "font", fonts, &s->role) ||
        keyword_attr(r, n, "align", aligns, &s->align) ||
        length_attr(r, n, "size", 0, 0, r->lay->body_size, &s->size) ||
        length_attr(r, n, "min-size", 0, 0, s->size, &s->min_size) ||
        length_attr(r, n, "leading", 0, 0, s->size, &s->leading) ||
        length_attr(r, n, "space-before", 0, 1, s->size, &s->space_before) ||
        length_attr(r, n, "space-after", 0, 1, s->size, &s->space_after) ||
        length_attr(r, n, "indent", 0, 1, s->size, &s->indent))
        return r->err->code;
    if (s->min_size > s->size)
        return fail_at(r, n, "min-size", "min-size is larger than size");
    if (s->leading && s->leading < s->size)
        return fail_at(r, n, "leading", "leading is smaller than the font "
                       "size: lines would overlap");
    return BM_OK;
}

static bm_status walk(rd *r, xmlNodePtr root)
{
    bm_layout *l = r->lay;
    if (strcmp((const char *)root->name, "layout"))
        return fail_at(r, root, NULL, "the root element must be <layout>, "
                       "not <%s>", (const char *)root->name);
    static const char *const root_attrs[] = {"name", "title", NULL};
    if (check_attrs(r, root, root_attrs))
        return r->err->code;
    const char *name = attr_get(root, "name");
    if (!name)
        return fail_at(r, root, NULL, "<layout> needs a 'name' attribute");
    l->name = name; /* copied into the arena at the end */
    l->title = attr_get(root, "title");

    /* the grid first: em lengths elsewhere depend on the body size */
    xmlNodePtr page = NULL, area = NULL, grid = NULL, rules = NULL, rh = NULL,
               mh = NULL, scale = NULL;
    for (xmlNodePtr n = root->children; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        const char *nm = (const char *)n->name;
        xmlNodePtr *slot = !strcmp(nm, "page")           ? &page
                           : !strcmp(nm, "type-area")    ? &area
                           : !strcmp(nm, "grid")         ? &grid
                           : !strcmp(nm, "rules")        ? &rules
                           : !strcmp(nm, "running-head") ? &rh
                           : !strcmp(nm, "masthead")     ? &mh
                           : !strcmp(nm, "scale")        ? &scale
                                                         : NULL;
        if (!slot) {
            if (!strcmp(nm, "style"))
                continue;
            return fail_at(r, n, NULL, "unknown element <%s> in a layout", nm);
        }
        if (*slot)
            return fail_at(r, n, NULL, "<%s> appears twice", nm);
        *slot = n;
    }
    const char *missing = !page ? "page" : !area ? "type-area" : !grid ? "grid"
                          : !rh ? "running-head" : !mh ? "masthead" : NULL;
    if (missing)
        return fail_at(r, root, NULL, "<layout> needs a <%s> element", missing);

    static const char *const grid_attrs[] = {"columns", "column-chars",
        "body-size", "line-pitch", "max-pitch", "min-span", "lead-max", "max-span", NULL};
    if (check_attrs(r, grid, grid_attrs) ||
        count_attr(r, grid, "columns", 1, 1, 24, &l->columns) ||
        count_attr(r, grid, "column-chars", 1, 1, 100, &l->column_chars) ||
        length_attr(r, grid, "body-size", 1, 0, 0, &l->body_size) ||
        length_attr(r, grid, "line-pitch", 1, 0, l->body_size, &l->line_pitch))
        return r->err->code;
    if (l->body_size < BM_PT(4) || l->body_size > BM_PT(24))
        return fail_at(r, grid, "body-size", "body-size must be between 4pt "
                       "and 24pt");
    if (l->line_pitch < l->body_size)
        return fail_at(r, grid, "line-pitch", "line-pitch is smaller than the "
                       "body size: lines would overlap");
    l->max_pitch = l->line_pitch;
    l->lead_max_pct = 50;
    l->min_span = 2;
    l->max_span = l->columns;
    if (length_attr(r, grid, "max-pitch", 0, 0, l->body_size, &l->max_pitch) ||
        count_attr(r, grid, "min-span", 0, 1, l->columns, &l->min_span) ||
        count_attr(r, grid, "max-span", 0, 1, l->columns, &l->max_span))
        return r->err->code;
    if (l->max_span < l->min_span)
        return fail_at(r, grid, "max-span", "max-span is smaller than min-span");
    if (l->max_pitch < l->line_pitch)
        return fail_at(r, grid, "max-pitch", "max-pitch is smaller than "
                       "line-pitch");
    const char *pct = attr_get(grid, "lead-max");
    if (pct) {
        char *end;
        long v = strtol(pct, &end, 10);
        if (end == pct || strcmp(end, "%") || v < 10 || v > 100)
            return fail_at(r, grid, "lead-max", "lead-max=\"%s\" must be a "
                           "percentage between 10%% and 100%%", pct);
        l->lead_max_pct = (int)v;
    }

    defaults(l);

    static const char *const page_attrs[] = {"width", "height", NULL};
    static const char *const area_attrs[] = {"x", "y", "width", "height", NULL};
    if (check_attrs(r, page, page_attrs) ||
        length_attr(r, page, "width", 1, 0, l->body_size, &l->page_w) ||
        length_attr(r, page, "height", 1, 0, l->body_size, &l->page_h) ||
        check_attrs(r, area, area_attrs) ||
        length_attr(r, area, "x", 1, 1, l->body_size, &l->area_x) ||
        length_attr(r, area, "y", 1, 1, l->body_size, &l->area_y) ||
        length_attr(r, area, "width", 1, 0, l->body_size, &l->area_w) ||
        length_attr(r, area, "height", 1, 0, l->body_size, &l->area_h))
        return r->err->code;
    if (l->area_x + l->area_w > l->page_w)
        return fail_at(r, area, "width", "the type area (x + width) is wider "
                       "than the page");
    if (l->area_y + l->area_h > l->page_h)
        return fail_at(r, area, "height", "the type area (y + height) is "
                       "taller than the page");

    l->col_width = l->column_chars * l->body_size;
    if ((long long)l->columns * l->col_width > l->area_w)
        return fail_at(r, grid, "column-chars", "%d columns of %d characters "
                       "(%d pt) do not fit the type area's width (%d pt)",
                       l->columns, l->column_chars,
                       l->columns * l->col_width / 64, l->area_w / 64);
    l->gutter = l->columns > 1 ? (l->area_w - l->columns * l->col_width) /
                                     (l->columns - 1)
                               : 0;
    if (l->columns > 1 && l->gutter < l->body_size / 2)
        return fail_at(r, grid, "column-chars", "the gutters would be "
                       "narrower than half a character (%d/64 pt): use fewer "
                       "characters per column", l->gutter);

    static const char *const rules_attrs[] = {"module", "frame", NULL};
    if (rules && (check_attrs(r, rules, rules_attrs) ||
                  length_attr(r, rules, "module", 0, 1, l->body_size, &l->rule) ||
                  length_attr(r, rules, "frame", 0, 1, l->body_size, &l->frame)))
        return r->err->code;
    static const char *const rh_attrs[] = {"rows", "rule", NULL};
    static const char *const mh_attrs[] = {"rows", "title", NULL};
    if (check_attrs(r, rh, rh_attrs) ||
        count_attr(r, rh, "rows", 1, 1, 20, &l->rh_rows) ||
        length_attr(r, rh, "rule", 0, 1, l->body_size, &l->rh_rule) ||
        check_attrs(r, mh, mh_attrs) ||
        count_attr(r, mh, "rows", 1, 1, 60, &l->mh_rows))
        return r->err->code;
    l->mh_title = attr_get(mh, "title");

    int rows = l->area_h / l->line_pitch;
    if (rows < l->rh_rows + l->mh_rows + 8)
        return fail_at(r, mh, "rows", "the type area has %d rows of body "
                       "text; the running head (%d) and masthead (%d) leave "
                       "fewer than 8 for articles",
                       rows, l->rh_rows, l->mh_rows);

    if (read_scale(r, scale))
        return r->err->code;

    unsigned seen = 0;
    for (xmlNodePtr n = root->children; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE &&
            !strcmp((const char *)n->name, "style") && read_style(r, n, &seen))
            return r->err->code;
    if (l->styles[BM_EL_BODY].size != l->body_size)
        return fail_at(r, grid, "body-size", "the body style's size differs "
                       "from the grid's body-size");
    for (int e = 0; e < BM_EL_COUNT; e++) {
        bm_style *s = &l->styles[e];
        if (!s->min_size)
            s->min_size = s->size;
    }
    return BM_OK;
}

/* ---- libxml2 plumbing ------------------------------------------------------- */

typedef struct vctx {
    rd        *r;
    xmlNodePtr node;
    int        line;
    char       msg[200];
    int        have;
} vctx;

static void on_valid_error(void *ctx, xmlErrorPtr e)
{
    vctx *v = ctx;
    if (v->have || !e)
        return;
    v->have = 1;
    v->node = e->node;
    v->line = e->line;
    snprintf(v->msg, sizeof v->msg, "%s", e->message ? e->message : "invalid");
    size_t n = strlen(v->msg);
    while (n && (v->msg[n - 1] == '\n' || v->msg[n - 1] == ' '))
        v->msg[--n] = '\0';
}

static void ignore_error(void *ctx, xmlErrorPtr e)
{
    (void)ctx, (void)e;
}

static bm_status validate(rd *r, xmlDocPtr doc, const char *rng)
{
    struct stat st;
    if (!rng || stat(rng, &st) != 0)
        return BM_OK; /* no schema installed: the walk still checks all */
    bm_status s = BM_OK;
    xmlRelaxNGParserCtxtPtr pc = xmlRelaxNGNewParserCtxt(rng);
    xmlRelaxNGSetParserStructuredErrors(pc, ignore_error, NULL);
    xmlRelaxNGPtr schema = xmlRelaxNGParse(pc);
    xmlRelaxNGValidCtxtPtr vc = NULL;
    if (!schema) {
        s = bm_error_set(r->err, BM_INTERNAL, rng, 0, 0,
                         "the layout schema cannot be read");
        goto done;
    }
    vc = xmlRelaxNGNewValidCtxt(schema);
    vctx v = {.r = r};
    xmlRelaxNGSetValidStructuredErrors(vc, on_valid_error, &v);
    if (xmlRelaxNGValidateDoc(vc, doc) != 0) {
        if (v.node && v.node->type == XML_ELEMENT_NODE)
            s = fail_at(r, v.node, NULL, "does not follow layout.rng: %s",
                        v.msg);
        else
            s = bm_error_set(r->err, BM_INPUT, r->path, v.line, 0,
                             "does not follow layout.rng: %s",
                             v.have ? v.msg : "invalid");
    }
done:
    if (vc)
        xmlRelaxNGFreeValidCtxt(vc);
    if (schema)
        xmlRelaxNGFree(schema);
    xmlRelaxNGFreeParserCtxt(pc);
    return s;
}

static int cmp_str(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* "broadsheet, tabloid": the NAME.xml files of dir, sorted, for a message. */
static const char *layout_names(const char *dir, bm_arena *a)
{
    DIR *d = opendir(dir);
    if (!d)
        return "none";
    const char *names[64];
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 64) {
        size_t l = strlen(e->d_name);
        if (l > 4 && !strcmp(e->d_name + l - 4, ".xml")) {
            char *nm = bm_arena_strndup(a, e->d_name, l - 4);
            if (bm_ingest_layout_is_name(nm))
                names[n++] = nm;
        }
    }
    closedir(d);
    if (!n)
        return "none";
    qsort(names, n, sizeof *names, cmp_str);
    bm_buf b;
    bm_buf_init(&b);
    for (size_t i = 0; i < n; i++)
        bm_buf_printf(&b, "%s%s", i ? ", " : "", names[i]);
    const char *out = bm_arena_strdup(a, b.data);
    bm_buf_free(&b);
    return out;
}

int bm_ingest_layout_is_name(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
              (*s >= '0' && *s <= '9') || *s == '-' || *s == '_'))
            return 0;
    return 1;
}

bm_status bm_ingest_layout(const char *name_or_file, const char *layouts_dir,
                           bm_arena *a, struct bm_layout **out, bm_error *err)
{
    *out = NULL;
    const char *path;
    if (!name_or_file || !*name_or_file)
        return bm_error_set(err, BM_USAGE, NULL, 0, 0, "empty layout name");
    if (bm_ingest_layout_is_name(name_or_file)) {
        if (!layouts_dir)
            return bm_error_set(err, BM_USAGE, NULL, 0, 0,
                                "layout '%s': no layouts directory",
                                name_or_file);
        path = bm_arena_printf(a, "%s/%s.xml", layouts_dir, name_or_file);
        struct stat st;
        if (stat(path, &st) != 0)
            return bm_error_set(err, BM_INPUT, NULL, 0, 0,
                                "no layout named '%s' (looked for %s); the "
                                "layouts there are: %s; or give a file",
                                name_or_file, path,
                                layout_names(layouts_dir, a));
    } else {
        path = bm_arena_strdup(a, name_or_file);
    }
    char *text;
    size_t len;
    bm_status s = bm_file_read(path, a, MAX_LAYOUT_FILE, &text, &len, err);
    if (s)
        return s;

    rd r = {.path = path, .text = text, .len = len, .err = err};
    r.lay = bm_arena_alloc(a, sizeof *r.lay);
    r.lay->file = path;
    xmlDocPtr doc = NULL;
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt)
        return bm_error_set(err, BM_NOMEM, path, 0, 0, "out of memory");
    if (len > INT32_MAX) {
        s = bm_error_set(err, BM_INPUT, path, 0, 0, "file too large");
        goto done;
    }
    doc = xmlCtxtReadMemory(ctxt, text, (int)len, path, NULL,
                            XML_PARSE_NONET | XML_PARSE_NOERROR |
                                XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
    if (!doc || !ctxt->wellFormed) {
        xmlErrorPtr e = xmlCtxtGetLastError(ctxt);
        char msg[200] = "not well-formed XML";
        if (e && e->message) {
            snprintf(msg, sizeof msg, "%s", e->message);
            size_t n = strlen(msg);
            while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
                msg[--n] = '\0';
        }
        s = bm_error_set(err, BM_INPUT, path, e ? e->line : 0,
                         e ? e->int2 : 0, "%s", msg);
        goto done;
    }
    if (doc->intSubset || doc->extSubset) {
        const char *dt = strstr(text, "<!DOCTYPE");
        int line = 1, col = 1;
        for (const char *p = text; dt && p < dt; p++)
            if (*p == '\n')
                line++, col = 1;
            else
                col++;
        s = bm_error_set(err, BM_INPUT, path, line, col,
                         "layout files take no DOCTYPE (entities are not "
                         "expanded): remove it");
        goto done;
    }
    xmlNodePtr root = xmlDocGetRootElement(doc);
    if (!root) {
        s = bm_error_set(err, BM_INPUT, path, 1, 1, "empty layout file");
        goto done;
    }
    const char *rng =
        layouts_dir ? bm_arena_printf(a, "%s/layout.rng", layouts_dir) : NULL;
    /* our own walk first: its messages say what to fix in plain words;
     * the schema then catches anything the walk does not look at */
    if ((s = walk(&r, root)) != BM_OK)
        goto done;
    if ((s = validate(&r, doc, rng)) != BM_OK)
        goto done;
    /* strings out of the document into the arena */
    bm_layout *l = r.lay;
    l->name = bm_arena_strdup(a, l->name);
    l->title = bm_arena_strdup(a, l->title);
    l->mh_title = bm_arena_strdup(a, l->mh_title);
    for (int i = 0; i < l->nscale; i++)
        l->scale_name[i] = bm_arena_strdup(a, l->scale_name[i]);
    *out = l;
done:
    if (doc)
        xmlFreeDoc(doc);
    xmlFreeParserCtxt(ctxt);
    return s;
}
