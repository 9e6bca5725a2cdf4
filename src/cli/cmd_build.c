/*
 * cmd_build.c - 'banmian build': options, progress, the report and the exit
 * status; the build itself is the library's (src/build).
 */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../build/build.h"

static const char help[] =
    "Usage: banmian build EDITION_DIR [options]\n"
    "       banmian build EDITION_DIR... | --batch FILE [-j N] [options]\n"
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
    "  --cover FILE.png        EPUB: cover image (PNG); default: page 1 as a\n"
    "                          JPEG, 1600 px tall\n"
    "  --dump-layout FILE      write the laid-out pages as JSON (every box and\n"
    "                          line with its position in pt, origin top-left)\n"
    "  --date YYYY-MM-DD       page dumps: the edition's date (default: today,\n"
    "                          or SOURCE_DATE_EPOCH when set)\n"
    "  --title TEXT            page dumps: the masthead title\n"
    "  --fonts FILE            font configuration (default: $BANMIAN_FONTS,\n"
    "                          else DATADIR/fonts/fonts.conf)\n"
    "  -q, --quiet             print only errors and warnings\n"
    "\n"
    "Many editions in one run (an archive): give several EDITION_DIRs, or\n"
    "--batch FILE naming one a line ('#' starts a comment line; relative\n"
    "paths are from the current directory).  The fonts are opened once;\n"
    "each edition's files are those it gets built alone, in DIR.\n"
    "  --batch FILE            the editions to build, one a line (- for\n"
    "                          standard input); after any EDITION_DIRs\n"
    "  -j, --jobs N            build N editions at once (threads; default 1,\n"
    "                          0: one per processor)\n"
    "  --prepare-fonts auto|yes|no\n"
    "                          preprocess a face for subsetting: it costs\n"
    "                          about a second and makes each PDF's subset\n"
    "                          of it faster (auto: once that pays)\n"
    "A failed edition is reported, prefixed by its directory, and the others\n"
    "go on; the exit status is then the number that failed (at most 125).\n"
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

/* ---- batch builds ------------------------------------------------------------ */

typedef struct batch_cli {
    const char **eds;          /* editions, in order */
    const char **from;         /* the list file each came from, or NULL */
    int         *line;         /* ... and its line there */
    size_t       n, cap;
    int          quiet;
    int          tty, shown;   /* progress on a terminal */
} batch_cli;

static void batch_add(batch_cli *c, const char *ed, const char *from, int line)
{
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 64;
        c->eds = realloc(c->eds, c->cap * sizeof *c->eds);
        c->from = realloc(c->from, c->cap * sizeof *c->from);
        c->line = realloc(c->line, c->cap * sizeof *c->line);
        if (!c->eds || !c->from || !c->line)
            abort();
    }
    c->eds[c->n] = ed;
    c->from[c->n] = from;
    c->line[c->n] = line;
    c->n++;
}

/* `--batch -`: the list on standard input (GNU parallel --pipe). */
static bm_status read_stdin(bm_arena *a, char **data, bm_error *err)
{
    bm_buf b;
    bm_buf_init(&b);
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0)
        bm_buf_append(&b, chunk, n);
    bm_status s = ferror(stdin) ? bm_error_set(err, BM_IO, "<stdin>", 0, 0,
                                               "cannot read the list")
                                : BM_OK;
    *data = bm_arena_strndup(a, b.data ? b.data : "", b.len);
    bm_buf_free(&b);
    return s;
}

/* --batch FILE: one edition a line; blank lines and lines whose first
 * non-blank is '#' are skipped, surrounding blanks trimmed. */
static bm_status read_list(batch_cli *c, const char *path, bm_arena *a,
                           bm_error *err)
{
    char *data;
    size_t len;
    bm_status s = strcmp(path, "-")
                      ? bm_file_read(path, a, 64u << 20, &data, &len, err)
                      : read_stdin(a, &data, err);
    if (!strcmp(path, "-"))
        path = "<stdin>";
    if (s)
        return s;
    int lineno = 0;
    for (char *p = data; p && *p;) {
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        lineno++;
        char *l = p;
        p = nl ? nl + 1 : NULL;
        while (*l == ' ' || *l == '\t')
            l++;
        size_t n = strlen(l);
        while (n && (l[n - 1] == ' ' || l[n - 1] == '\t' || l[n - 1] == '\r'))
            l[--n] = '\0';
        if (!n || *l == '#')
            continue;
        batch_add(c, l, path, lineno);
    }
    return BM_OK;
}

static void batch_progress_clear(batch_cli *c)
{
    if (c->shown)
        fputs("\r\033[K", stderr);
}

static void batch_progress(void *ctx, size_t done, size_t failed, size_t total)
{
    batch_cli *c = ctx;
    if (!c->tty)
        return;
    c->shown = 1;
    fprintf(stderr, "\r\033[Kbanmian build: %zu of %zu editions built",
            done - failed, total);
    if (failed)
        fprintf(stderr, " (%zu failed)", failed);
    fflush(stderr);
}

static void batch_report(void *ctx, size_t i, const bm_build *b, bm_status s,
                         const bm_error *err)
{
    batch_cli *c = ctx;
    const char *ed = c->eds[i];
    batch_progress_clear(c);
    if (b && b->ed)
        bm_cli_print_diags_in(ed, &b->ed->diags, c->quiet);
    if (s) {
        bm_error e = *err;
        if (c->from[i])   /* where the list names it, if nothing else */
            bm_error_locate(&e, c->from[i], c->line[i], 0);
        bm_cli_report_in(ed, &e);
    } else if (!c->quiet) {
        for (size_t k = 0; k < b->noutputs; k++)
            printf("wrote %s\n", b->outputs[k].path);
        printf("%s: %zu page%s (%s layout), %zu article%s, %zu jump%s, "
               "%zu warning%s\n",
               ed, b->npages, b->npages == 1 ? "" : "s", b->lay->name,
               b->narticles, b->narticles == 1 ? "" : "s", b->njumps,
               b->njumps == 1 ? "" : "s", b->nwarnings,
               b->nwarnings == 1 ? "" : "s");
    }
    fflush(stdout);
    fflush(stderr);
}

static int run_batch(batch_cli *c, const bm_build_options *o, int jobs,
                     int prepare)
{
    bm_batch_options bo = {0};
    bo.build = o;
    bo.editions = c->eds;
    bo.n = c->n;
    bo.jobs = jobs;
    bo.prepare = prepare;
    bo.report = batch_report;
    bo.progress = batch_progress;
    bo.ctx = c;
    c->tty = isatty(2);
    bm_batch_result r;
    bm_error err;
    bm_error_init(&err);
    bm_status s = bm_build_batch(&bo, &r, &err);
    batch_progress_clear(c);
    if (s) {
        /* nothing was built: every edition failed */
        bm_cli_report(&err);
        r.failed = c->n;
    } else if (!c->quiet) {
        printf("%zu edition%s: %zu built, %zu failed in %.1f s (%.0f ms an "
               "edition, %d at a time; %d face%s preprocessed for "
               "subsetting)\n",
               c->n, c->n == 1 ? "" : "s", r.built, r.failed, r.wall,
               c->n ? r.wall * 1000 / (double)c->n : 0.0, jobs,
               r.subsets.nprepared, r.subsets.nprepared == 1 ? "" : "s");
    } else if (r.failed) {
        fprintf(stderr, "banmian build: %zu of %zu editions failed\n",
                r.failed, c->n);
    }
    return r.failed > 125 ? 125 : (int)r.failed;
}

int bm_cmd_build(int argc, char **argv)
{
    const char *outdir = ".", *layout_arg = NULL, *dump = NULL, *date = NULL,
               *title = NULL, *fonts_conf = NULL, *cover = NULL,
               *png_dpi = NULL, *batch_file = NULL, *jobs_arg = NULL,
               *prepare_arg = NULL;
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
                            : !strcmp(a, "--batch")                     ? &batch_file
                            : !strcmp(a, "-j") || !strcmp(a, "--jobs")  ? &jobs_arg
                            : !strcmp(a, "--prepare-fonts")             ? &prepare_arg
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
    int jobs = 1, prepare = BM_BATCH_PREPARE_AUTO;
    if (jobs_arg) {
        char *end;
        errno = 0;
        long j = strtol(jobs_arg, &end, 10);
        if (!*jobs_arg || *end || errno || j < 0 || j > 1024) {
            rc = bm_cli_usage_error("build", "-j wants a number of editions "
                                    "at once (0 to 1024), not '%s'", jobs_arg);
            goto out_args;
        }
        jobs = j ? (int)j : (int)sysconf(_SC_NPROCESSORS_ONLN);
        if (jobs < 1)
            jobs = 1;
    }
    if (prepare_arg) {
        if (!strcmp(prepare_arg, "yes"))
            prepare = BM_BATCH_PREPARE_YES;
        else if (!strcmp(prepare_arg, "no"))
            prepare = BM_BATCH_PREPARE_NO;
        else if (strcmp(prepare_arg, "auto")) {
            rc = bm_cli_usage_error("build", "--prepare-fonts wants auto, yes "
                                    "or no, not '%s'", prepare_arg);
            goto out_args;
        }
    }
    int batch_mode = batch_file ||
                     (ninputs > 1 && (bm_build_is_dir(inputs[0]) ||
                                      strstr(inputs[0], "edition.xml")));
    if (!ninputs && !batch_file) {
        rc = bm_cli_usage_error("build", "missing EDITION_DIR or PAGE.txt");
        goto out_args;
    }
    if (!batch_mode && (jobs_arg || prepare_arg)) {
        rc = bm_cli_usage_error("build", "-j and --prepare-fonts are for "
                                "several editions (EDITION_DIR... or --batch)");
        goto out_args;
    }
    if (date && !bm_date_valid(date)) {
        rc = bm_cli_usage_error("build", "--date '%s' is not a calendar date "
                                "written YYYY-MM-DD (e.g. 2026-11-20)", date);
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
    int edition_mode = batch_mode ||
                       bm_build_is_edition(inputs, (size_t)ninputs);
    for (int i = 0; i < ninputs && batch_mode; i++)
        if (strlen(inputs[i]) > 4 &&
            !strcmp(inputs[i] + strlen(inputs[i]) - 4, ".txt")) {
            rc = bm_cli_usage_error("build", "give EDITION_DIRs or page "
                                    "dumps, not both ('%s')", inputs[i]);
            goto out_args;
        }
    if (batch_mode && (dump || cover)) {
        rc = bm_cli_usage_error("build", "%s is for one edition, not a batch",
                                dump ? "--dump-layout" : "--cover");
        goto out_args;
    }
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
    if (batch_mode) {
        batch_cli bc = {0};
        bc.quiet = quiet;
        bm_arena *a = bm_arena_new();
        for (int i = 0; i < ninputs; i++)
            batch_add(&bc, inputs[i], NULL, 0);
        bm_error err;
        bm_error_init(&err);
        if (batch_file && read_list(&bc, batch_file, a, &err) != BM_OK)
            rc = bm_cli_report(&err);
        else if (!bc.n)
            rc = bm_cli_usage_error("build", "%s names no edition", batch_file);
        else
            rc = run_batch(&bc, &o, jobs, prepare);
        free(bc.eds);
        free(bc.from);
        free(bc.line);
        bm_arena_free(a);
        goto out_args;
    }
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
