/*
 * cmd_build.c - 'banmian build': ingest -> fontset -> layout -> PDF / EPUB.
 */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../epub/epub.h"
#include "../ingest/ingest.h"
#include "../layout/layout.h"
#include "../pdf/pdf.h"

static const char help[] =
    "Usage: banmian build EDITION_DIR [options]\n"
    "       banmian build PAGE.txt... [options]\n"
    "\n"
    "Lays out an edition as newspaper pages and writes a print-replica PDF\n"
    "and a reflowable EPUB 3.  EDITION_DIR holds edition.xml (or give the\n"
    "edition.xml itself); raw page dumps (.txt) are imported on the fly, one\n"
    "page each, under a default masthead.\n"
    "\n"
    "Options:\n"
    "  -o, --output DIR        where to write (default: the current directory);\n"
    "                          files are named after the edition and its date,\n"
    "                          e.g. DIR/hexi-2026-11-20.pdf\n"
    "  --layout NAME|FILE      page layout: a name from DATADIR/layouts\n"
    "                          (broadsheet 对开, tabloid 四开) or a layout file;\n"
    "                          default: the edition's, else broadsheet (a page\n"
    "                          dump then makes one page, as printed)\n"
    "  --pdf                   write the PDF\n"
    "  --pdfa                  write the PDF as PDF/A-2u, for archives: sRGB\n"
    "                          output intent, PDF/A metadata, every character\n"
    "                          mapped to Unicode; PNG transparency is\n"
    "                          flattened onto white, CMYK JPEGs are refused\n"
    "                          (implies --pdf)\n"
    "  --epub                  write the EPUB (no format option: both)\n"
    "  --reflow                stories may move whole to another page when\n"
    "                          that fills the pages better (each move is a\n"
    "                          warning); by default every story prints on\n"
    "                          the page edition.xml gives it, or jumps\n"
    "  --embed-font            EPUB: embed a subset of the body font (the\n"
    "                          characters the book uses) for readers without\n"
    "                          Chinese fonts or without its rare characters\n"
    "  --cover FILE.png        EPUB: cover image (RGB PNG of page 1); default:\n"
    "                          a typographic cover drawn by banmian (SVG)\n"
    "  --dump-layout FILE      write the laid-out pages as JSON (every box and\n"
    "                          line with its position in pt, origin top-left)\n"
    "  --date YYYY-MM-DD       page dumps: the edition's date (default: today,\n"
    "                          or SOURCE_DATE_EPOCH when set)\n"
    "  --title TEXT            page dumps: the masthead title\n"
    "  --fonts FILE            font configuration (default: $BANMIAN_FONTS,\n"
    "                          else DATADIR/fonts/fonts.conf)\n"
    "  -q, --quiet             print only errors and warnings\n"
    "\n"
    "Exit status: 0 success, 1 bad input, 2 usage error, 3 I/O or internal\n"
    "error.  A failed run leaves no half-written file behind.\n";

typedef struct progress_ctx {
    time_t start;
    int    shown;
    int    tty;
} progress_ctx;

/* Progress on a terminal, once the work has taken more than a second. */
static void progress(void *ctx, int done, int total)
{
    progress_ctx *p = ctx;
    if (!p->tty)
        return;
    if (!p->shown && time(NULL) - p->start < 1)
        return;
    p->shown = 1;
    fprintf(stderr, "\rbanmian build: laid out page %d of %d", done, total);
    fflush(stderr);
}

static void progress_note(progress_ctx *p, const char *what)
{
    if (p->tty && (p->shown || time(NULL) - p->start >= 1)) {
        p->shown = 1;
        fprintf(stderr, "\r\033[Kbanmian build: %s", what);
        fflush(stderr);
    }
}

static void progress_end(progress_ctx *p)
{
    if (p->shown)
        fputs("\r\033[K", stderr);
}

static int is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static int valid_date(const char *s)
{
    int y, m, d;
    char tail;
    return strlen(s) == 10 && sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 &&
           s[4] == '-' && s[7] == '-' && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/* File-name stem: ASCII letters, digits, '-' and '_' of the base name. */
static char *stem(bm_arena *a, const char *path)
{
    size_t n = strlen(path);
    while (n > 1 && path[n - 1] == '/')
        n--;
    size_t b = n;
    while (b > 0 && path[b - 1] != '/')
        b--;
    const char *base = path + b;
    size_t len = n - b;
    if (len > 4 && !strncmp(base + len - 4, ".txt", 4))
        len -= 4;
    if (len == 11 && !strncmp(base, "edition.xml", 11)) /* DIR/edition.xml */
        return stem(a, bm_path_dir(a, path));
    char *out = bm_arena_alloc(a, len + 1);
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        char c = base[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
            (c >= '0' && c <= '9') || c == '-' || c == '_')
            out[o++] = c;
    }
    if (!o)
        return bm_arena_strdup(a, "edition");
    out[o] = '\0';
    return out;
}

static int mkdir_p(const char *dir)
{
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", dir);
    for (char *p = buf + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            if (mkdir(buf, 0777) != 0 && errno != EEXIST)
                return -1;
            *p = '/';
        }
    if (mkdir(buf, 0777) != 0 && errno != EEXIST)
        return -1;
    return is_dir(buf) ? 0 : -1;
}

int bm_cmd_build(int argc, char **argv)
{
    const char *outdir = ".", *layout_arg = NULL, *dump = NULL, *date = NULL,
               *title = NULL, *fonts_conf = NULL, *cover = NULL;
    int want_pdf = 0, want_epub = 0, quiet = 0, embed_font = 0, pdfa = 0, reflow = 0;
    const char **inputs = bm_xmalloc((size_t)argc * sizeof *inputs);
    int ninputs = 0;
    int rc = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char **slot = !strcmp(a, "-o") || !strcmp(a, "--output") ? &outdir
                            : !strcmp(a, "--layout")                    ? &layout_arg
                            : !strcmp(a, "--dump-layout")               ? &dump
                            : !strcmp(a, "--date")                      ? &date
                            : !strcmp(a, "--title")                     ? &title
                            : !strcmp(a, "--fonts")                     ? &fonts_conf
                            : !strcmp(a, "--cover")                     ? &cover
                                                                        : NULL;
        if (slot) {
            if (i + 1 >= argc) {
                rc = bm_cli_usage_error("build", "%s needs a value", a);
                goto out_args;
            }
            *slot = argv[++i];
        } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(help, stdout);
            goto out_args;
        } else if (!strcmp(a, "--pdf")) {
            want_pdf = 1;
        } else if (!strcmp(a, "--pdfa")) {
            want_pdf = pdfa = 1;
        } else if (!strcmp(a, "--epub")) {
            want_epub = 1;
        } else if (!strcmp(a, "--embed-font")) {
            embed_font = 1;
        } else if (!strcmp(a, "--reflow")) {
            reflow = 1;
        } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
            quiet = 1;
        } else if (a[0] == '-' && a[1]) {
            rc = bm_cli_usage_error("build", "unknown option '%s'", a);
            goto out_args;
        } else {
            inputs[ninputs++] = a;
        }
    }
    if (!ninputs) {
        rc = bm_cli_usage_error("build", "missing EDITION_DIR or PAGE.txt");
        goto out_args;
    }
    if (!want_pdf && !want_epub)
        want_pdf = want_epub = 1;
    if (date && !valid_date(date)) {
        rc = bm_cli_usage_error("build", "--date wants YYYY-MM-DD, not '%s'", date);
        goto out_args;
    }
    int edition_mode = ninputs == 1 && (is_dir(inputs[0]) ||
                                        strstr(inputs[0], "edition.xml"));
    for (int i = 0; i < ninputs && !edition_mode; i++)
        if (is_dir(inputs[i])) {
            rc = bm_cli_usage_error("build", "give one EDITION_DIR or page dumps, "
                                    "not both ('%s')", inputs[i]);
            goto out_args;
        }
    if (edition_mode && (date || title)) {
        rc = bm_cli_usage_error("build", "--date and --title are for page "
                                "dumps; an edition has its own");
        goto out_args;
    }

    bm_arena *a = bm_arena_new();
    bm_error err;
    bm_error_init(&err);
    bm_edition *ed = NULL;
    bm_fontset *fs = NULL;
    bm_layout_doc *doc = NULL;
    bm_layout *lay = NULL;
    progress_ctx pc = {time(NULL), 0, isatty(2)};
    bm_status s;

    /* 1. ingest */
    const char *name;
    if (edition_mode) {
        const char *dir = inputs[0];
        if (!is_dir(dir))
            dir = bm_path_dir(a, dir);
        s = bm_ingest_edition(dir, &ed, NULL, &err);
        if (s)
            goto fail;
        name = stem(a, dir);
    } else {
        ed = bm_edition_new();
        ed->dir = bm_arena_strdup(ed->arena, bm_path_dir(a, inputs[0]));
        ed->title = title ? bm_arena_strdup(ed->arena, title) : NULL;
        if (date) {
            ed->date = bm_arena_strdup(ed->arena, date);
        } else {
            time_t t = (time_t)bm_source_date((long long)time(NULL));
            struct tm tm;
            gmtime_r(&t, &tm);
            ed->date = bm_arena_printf(ed->arena, "%04d-%02d-%02d",
                                       tm.tm_year + 1900, tm.tm_mon + 1,
                                       tm.tm_mday);
        }
        for (int i = 0; i < ninputs; i++) {
            progress_note(&pc, "importing");
            if ((s = bm_ingest_dump(ed, inputs[i], &err)))
                goto fail;
        }
        name = stem(a, inputs[0]);
    }
    if (reflow)
        ed->reflow = 1;
    name = bm_arena_printf(a, "%s%s%s", name, ed->date ? "-" : "",
                           ed->date ? ed->date : "");

    /* 2. layout and fonts: only the PDF and the dump need pages; the EPUB
     * walks the model */
    int need_pages = want_pdf || dump;
    char layouts[4096];
    snprintf(layouts, sizeof layouts, "%s/layouts", bm_cli_datadir());
    const char *lname = layout_arg ? layout_arg
                        : ed->layout ? ed->layout : "broadsheet";
    if ((s = bm_ingest_layout(lname, layouts, a, &lay, &err)))
        goto fail;
    if (!need_pages)
        goto backends;
    if (!fonts_conf) {
        const char *env = getenv("BANMIAN_FONTS");
        fonts_conf = env && *env ? env
                     : bm_arena_printf(a, "%s/fonts/fonts.conf", bm_cli_datadir());
    }
    progress_note(&pc, "opening fonts");
    if ((s = bm_fontset_open(fonts_conf, &fs, &err)))
        goto fail;

    /* 3. pages */
    progress_note(&pc, "laying out");
    if ((s = bm_layout_edition(ed, lay, fs, &ed->diags, progress, &pc, &doc,
                               &err)))
        goto fail;
    /* the dump first: it is how a broken page gets looked at */
    if (dump && (s = bm_layout_dump_json(doc, dump, &err)))
        goto fail;
    for (size_t i = 0; i < doc->npages; i++)
        if ((s = bm_page_check(&doc->pages[i], &err)))
            goto fail;

    /* 4. back ends */
backends:
    if (mkdir_p(outdir) != 0) {
        s = bm_error_set(&err, BM_IO, outdir, 0, 0,
                         "cannot create the output directory: %s",
                         strerror(errno));
        goto fail;
    }
    const char *pdf = NULL, *epub = NULL;
    if (want_pdf) {
        pdf = bm_arena_printf(a, "%s/%s.pdf", outdir, name);
        progress_note(&pc, "writing the PDF");
        bm_pdf_options po = {0};
        po.pdfa = pdfa;
        if ((s = bm_pdf_write(doc, &po, pdf, &err)))
            goto fail;
    }
    if (want_epub) {
        epub = bm_arena_printf(a, "%s/%s.epub", outdir, name);
        progress_note(&pc, "writing the EPUB");
        bm_epub_options eo = {0};
        eo.cover_png = cover;
        if (embed_font) {
            /* the body role's first face in fonts.conf */
            if (!fonts_conf) {
                const char *env = getenv("BANMIAN_FONTS");
                fonts_conf = env && *env ? env
                             : bm_arena_printf(a, "%s/fonts/fonts.conf",
                                               bm_cli_datadir());
            }
            bm_font_entry *fe;
            size_t nfe;
            if ((s = bm_font_conf_read(fonts_conf, a, &fe, &nfe, &err)))
                goto fail;
            for (size_t i = 0; i < nfe && !eo.embed_font; i++)
                if (fe[i].role == BM_FONT_BODY) {
                    eo.embed_font = fe[i].path;
                    eo.embed_index = fe[i].ttc_index;
                }
            if (!eo.embed_font) {
                s = bm_error_set(&err, BM_INPUT, fonts_conf, 0, 0,
                                 "no body font to embed");
                goto fail;
            }
        }
        if ((s = bm_epub_write(ed, &eo, epub, &err)))
            goto fail;
    }
    progress_end(&pc);

    /* 5. report */
    bm_cli_print_diags(&ed->diags, quiet);
    size_t narts = 0, njumps = 0;
    for (size_t p = 0; p < ed->npages; p++)
        narts += ed->pages[p]->narticles;
    for (size_t p = 0; doc && p < doc->npages; p++)
        for (size_t i = 0; i < doc->pages[p].nlines; i++)
            njumps += doc->pages[p].lines[i].kind == BM_LINE_JUMP &&
                      doc->pages[p].lines[i].text &&
                      strstr(doc->pages[p].lines[i].text, "下转");
    size_t nwarn = 0;
    for (const bm_diag *d = ed->diags.first; d; d = d->next)
        nwarn += d->sev != BM_NOTE;
    if (!quiet) {
        if (pdf)
            printf("wrote %s\n", pdf);
        if (epub)
            printf("wrote %s\n", epub);
        if (dump)
            printf("wrote %s\n", dump);
        size_t npages = doc ? doc->npages : ed->npages;
        printf("%zu page%s (%s layout), %zu article%s, %zu jump%s, "
               "%zu warning%s\n",
               npages, npages == 1 ? "" : "s", lay->name, narts,
               narts == 1 ? "" : "s", njumps, njumps == 1 ? "" : "s", nwarn,
               nwarn == 1 ? "" : "s");
    }
    rc = 0;
    goto done;
fail:
    progress_end(&pc);
    if (ed)
        bm_cli_print_diags(&ed->diags, 0);
    rc = bm_cli_report(&err);
done:
    bm_layout_doc_free(doc);
    bm_fontset_close(fs);
    bm_edition_free(ed);
    bm_arena_free(a);
out_args:
    free(inputs);
    return rc;
}
