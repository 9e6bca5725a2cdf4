/*
 * cmd_build.c - 'banmian build': options, progress, the report and the exit
 * status; the build itself is the library's (src/build).
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../build/build.h"

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
    "  --alto                  for archives: DIR/NAME-alto/ with ALTO 4.4 per\n"
    "                          page (page-NN.xml: every line and string with\n"
    "                          its box), one PDF/A-2u per page (page-NN.pdf)\n"
    "                          and mets.xml (METS 1.12: the issue, its pages,\n"
    "                          its articles and their blocks on every page)\n"
    "  --split                 DIR/NAME-pages/page-NN.pdf: the page files of\n"
    "                          --alto alone (PDF/A-2u, one per page)\n"
    "  --png                   page images: DIR/NAME-pages/page-NN.png (RGB,\n"
    "                          the PDF's glyphs, rules and images),\n"
    "                          page-NN-thumb.png (300 px wide), page-NN.html\n"
    "                          (the page with its articles' hot zones, offline)\n"
    "                          and zones.json (every article's zone per page)\n"
    "  --png-dpi N             their resolution (default 150, 18 to 600)\n"
    "  --fxl                   DIR/NAME.replica.epub: the printed pages as a\n"
    "                          fixed-layout EPUB (real text where the PDF puts\n"
    "                          it), each article's region a link to its text\n"
    "  --pdfua                 also identify the PDF as PDF/UA-1 (every PDF is\n"
    "                          tagged: articles in reading order, figures with\n"
    "                          alt text); with --pdfa too (implies --pdf)\n"
    "  --epub                  write the EPUB (no format option: PDF and EPUB)\n"
    "  --all                   write every format\n"
    "  --reflow                stories may move whole to another page when\n"
    "                          that fills the pages better (each move is a\n"
    "                          warning); by default every story prints on\n"
    "                          the page edition.xml gives it, or jumps\n"
    "  --embed-font            EPUB: embed a subset of the body font (the\n"
    "                          characters the book uses) for readers without\n"
    "                          Chinese fonts or without its rare characters\n"
    "  --cover FILE.png        EPUB: cover image (PNG); default: page 1 as an\n"
    "                          image, 1600 px tall\n"
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
static void progress(void *ctx, const char *what, int done, int total)
{
    progress_ctx *p = ctx;
    if (!p->tty || (!p->shown && time(NULL) - p->start < 1))
        return;
    p->shown = 1;
    if (total)
        fprintf(stderr, "\r\033[Kbanmian build: laid out page %d of %d", done,
                total);
    else
        fprintf(stderr, "\r\033[Kbanmian build: %s", what);
    fflush(stderr);
}

static void progress_end(progress_ctx *p)
{
    if (p->shown)
        fputs("\r\033[K", stderr);
}

static int valid_date(const char *s)
{
    int y, m, d;
    char tail;
    return strlen(s) == 10 && sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 &&
           s[4] == '-' && s[7] == '-' && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

int bm_cmd_build(int argc, char **argv)
{
    const char *outdir = ".", *layout_arg = NULL, *dump = NULL, *date = NULL,
               *title = NULL, *fonts_conf = NULL, *cover = NULL,
               *png_dpi = NULL;
    int quiet = 0;
    bm_build_options o = {0};
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
                            : !strcmp(a, "--png-dpi")                   ? &png_dpi
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
            o.formats |= BM_FORMAT_PDF;
        } else if (!strcmp(a, "--pdfa")) {
            o.formats |= BM_FORMAT_PDF;
            o.pdfa = 1;
        } else if (!strcmp(a, "--alto")) {
            o.formats |= BM_FORMAT_ALTO;
        } else if (!strcmp(a, "--fxl")) {
            o.formats |= BM_FORMAT_FXL;
        } else if (!strcmp(a, "--png")) {
            o.formats |= BM_FORMAT_PNG;
        } else if (!strcmp(a, "--split")) {
            o.formats |= BM_FORMAT_SPLIT;
        } else if (!strcmp(a, "--pdfua")) {
            o.formats |= BM_FORMAT_PDF;
            o.pdfua = 1;
        } else if (!strcmp(a, "--epub")) {
            o.formats |= BM_FORMAT_EPUB;
        } else if (!strcmp(a, "--all")) {
            o.formats |= BM_FORMAT_ALL;
        } else if (!strcmp(a, "--embed-font")) {
            o.embed_font = 1;
        } else if (!strcmp(a, "--reflow")) {
            o.reflow = 1;
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
    if (date && !valid_date(date)) {
        rc = bm_cli_usage_error("build", "--date wants YYYY-MM-DD, not '%s'", date);
        goto out_args;
    }
    if (png_dpi) {
        char *end;
        double v = strtod(png_dpi, &end);
        if (end == png_dpi || *end || !(v >= 18 && v <= 600)) {
            rc = bm_cli_usage_error("build", "--png-dpi wants a number from 18 "
                                    "to 600, not '%s'", png_dpi);
            goto out_args;
        }
        o.png_dpi = v;
        o.formats |= BM_FORMAT_PNG;
    }
    int edition_mode = bm_build_is_edition(inputs, (size_t)ninputs);
    for (int i = 0; i < ninputs && !edition_mode; i++)
        if (bm_build_is_dir(inputs[i])) {
            rc = bm_cli_usage_error("build", "give one EDITION_DIR or page dumps, "
                                    "not both ('%s')", inputs[i]);
            goto out_args;
        }
    if (edition_mode && (date || title)) {
        rc = bm_cli_usage_error("build", "--date and --title are for page "
                                "dumps; an edition has its own");
        goto out_args;
    }

    char layouts[4096], conf[4096];
    snprintf(layouts, sizeof layouts, "%s/layouts", bm_cli_datadir());
    if (!fonts_conf) {
        const char *env = getenv("BANMIAN_FONTS");
        if (env && *env)
            fonts_conf = env;
        else {
            snprintf(conf, sizeof conf, "%s/fonts/fonts.conf", bm_cli_datadir());
            fonts_conf = conf;
        }
    }
    o.inputs = inputs;
    o.ninputs = (size_t)ninputs;
    o.date = date;
    o.title = title;
    o.layout = layout_arg;
    o.layouts_dir = layouts;
    o.fonts_conf = fonts_conf;
    o.outdir = outdir;
    o.dump_layout = dump;
    o.cover = cover;
    o.version = BM_VERSION;
    progress_ctx pc = {time(NULL), 0, isatty(2)};
    o.progress = progress;
    o.progress_ctx = &pc;

    bm_error err;
    bm_error_init(&err);
    bm_build *b = NULL;
    bm_status s = bm_build_run(&o, &b, &err);
    progress_end(&pc);
    if (s) {
        if (b->ed)
            bm_cli_print_diags(&b->ed->diags, 0);
        rc = bm_cli_report(&err);
        goto done;
    }
    bm_cli_print_diags(&b->ed->diags, quiet);
    if (!quiet) {
        for (size_t i = 0; i < b->noutputs; i++)
            printf("wrote %s\n", b->outputs[i].path);
        if (dump)
            printf("wrote %s\n", dump);
        printf("%zu page%s (%s layout), %zu article%s, %zu jump%s, "
               "%zu warning%s\n",
               b->npages, b->npages == 1 ? "" : "s", b->lay->name, b->narticles,
               b->narticles == 1 ? "" : "s", b->njumps, b->njumps == 1 ? "" : "s",
               b->nwarnings, b->nwarnings == 1 ? "" : "s");
    }
    rc = 0;
done:
    bm_build_free(b);
out_args:
    free(inputs);
    return rc;
}
