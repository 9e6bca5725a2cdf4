/*
 * cmd_check.c - 'banmian check EDITION_DIR': read the whole edition, list
 * every problem at once (file:line:col: error: ...), or print a summary.
 */
#include "cli.h"

#include <string.h>
#include <sys/stat.h>

#include "../font/font.h"
#include "../ingest/ingest.h"

#include <stdlib.h>

static const char help[] =
    "Usage: banmian check EDITION_DIR [--layout NAME] [--json]\n"
    "\n"
    "Reads EDITION_DIR/edition.xml and every article, image and page dump it\n"
    "names, and checks them against banmian's schemas and rules: well-formed\n"
    "XML, known elements in the right order, no empty articles or paragraphs,\n"
    "unique article ids, files that exist and stay inside the edition\n"
    "directory, a layout that exists.  Every problem is listed as\n"
    "FILE:LINE:COL: error: ...  Characters that no configured font has are\n"
    "listed as warnings (see 'banmian fonts --coverage').\n"
    "When all is well it prints a summary (pages, articles, characters).\n"
    "EDITION_DIR may also be the edition.xml file itself.\n"
    "\n"
    "  --layout NAME  check against layout NAME (as 'build --layout' would\n"
    "           set it) instead of the one the edition names\n"
    "  --json   when all is well, print the structure instead of the summary:\n"
    "           {\"edition\": DIR, \"pages\": [...]}, each page an object as\n"
    "           printed by 'banmian import PAGE.txt --json'\n"
    "\n"
    "Exit status: 0 no problem, 1 problems in the edition, 2 usage error,\n"
    "3 I/O or internal error.\n";

/*
 * The layout the edition names, or `name` given on the command line, must
 * exist (build would stop on it).  Returns the exit status, 0 when it
 * loads; *lay is in `a`.
 */
static int check_layout(const bm_edition *ed, const char *name, bm_arena *a,
                        bm_layout **lay)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/layouts", bm_cli_datadir());
    bm_error err;
    bm_error_init(&err);
    int given = name != NULL; /* on the command line: no place in a file */
    if (!given)
        name = ed->layout ? ed->layout : "broadsheet";
    if (bm_ingest_layout(name, dir, a, lay, &err) == BM_OK)
        return 0;
    if (!given && ed->layout)
        bm_error_locate(&err, ed->layout_src.file, ed->layout_src.line,
                        ed->layout_src.col);
    if (!given)
        bm_error_locate(&err, ed->src.file, ed->src.line, 0);
    return bm_cli_report(&err);
}

/*
 * Warns about every character no font has, at its file:line.  Fonts that
 * cannot be opened are a note, not a failure: check is about the edition.
 * Returns the number of such characters.
 */
static size_t check_glyphs(const bm_edition *ed, const bm_layout *lay,
                           bm_arena *a)
{
    char conf[4096];
    const char *env = getenv("BANMIAN_FONTS");
    snprintf(conf, sizeof conf, "%s",
             env && *env ? env : "");
    if (!conf[0])
        snprintf(conf, sizeof conf, "%s/fonts/fonts.conf", bm_cli_datadir());
    bm_fontset *fs = NULL;
    bm_error err;
    bm_error_init(&err);
    if (bm_fontset_open(conf, &fs, &err) != BM_OK) {
        fprintf(stderr, "banmian check: note: glyphs not checked: %s\n",
                err.msg);
        return 0;
    }
    bm_coverage *c = bm_coverage_new(fs);
    bm_diags missing;
    bm_diags_init(&missing, a);
    bm_coverage_edition(c, ed, lay, &missing);
    bm_cli_print_diags(&missing, 0);
    size_t n = missing.count;
    bm_coverage_free(c);
    bm_fontset_close(fs);
    return n;
}

/* Characters of text in a field (code points), 0 for NULL. */
static size_t chars(const char *s)
{
    return s ? bm_utf8_count(s, strlen(s)) : 0;
}

int bm_cmd_check(int argc, char **argv)
{
    const char *dir = NULL, *layout = NULL;
    int json = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(help, stdout);
            return 0;
        }
        if (!strcmp(argv[i], "--json")) {
            json = 1;
            continue;
        }
        if (!strcmp(argv[i], "--layout")) {
            if (i + 1 >= argc)
                return bm_cli_usage_error("check", "--layout wants a NAME");
            layout = argv[++i];
            continue;
        }
        if (argv[i][0] == '-' && argv[i][1])
            return bm_cli_usage_error("check", "unknown option '%s'", argv[i]);
        if (dir)
            return bm_cli_usage_error("check", "give one EDITION_DIR, not '%s' too",
                                      argv[i]);
        dir = argv[i];
    }
    if (!dir)
        return bm_cli_usage_error("check", "missing EDITION_DIR");

    /* `check DIR/edition.xml` means the directory */
    bm_arena *a = bm_arena_new();
    struct stat st;
    size_t n = strlen(dir);
    if (stat(dir, &st) == 0 && S_ISREG(st.st_mode) && n >= 11 &&
        !strcmp(dir + n - 11, "edition.xml"))
        dir = bm_path_dir(a, dir);

    bm_diags all;
    bm_diags_init(&all, a);
    bm_error err;
    bm_error_init(&err);
    bm_edition *ed = NULL;
    bm_layout *lay = NULL;
    int rc;
    if (bm_ingest_edition(dir, &ed, &all, &err) != BM_OK) {
        if (all.count)
            bm_cli_print_diags(&all, 0);
        else
            bm_cli_report(&err);
        size_t np = all.count ? all.count : 1;
        fprintf(stderr, "banmian check: %zu problem%s in %s\n", np,
                np == 1 ? "" : "s", dir);
        rc = bm_status_exit(err.code);
        if (rc == 0)
            rc = 3;
    } else if ((rc = check_layout(ed, layout, a, &lay)) != 0) {
        fprintf(stderr, "banmian check: 1 problem in %s\n", dir);
    } else if (json) {
        bm_cli_print_diags(&ed->diags, 0);
        bm_buf out;
        bm_buf_init(&out);
        bm_buf_puts(&out, "{\"edition\": ");
        bm_buf_json_str(&out, dir, strlen(dir));
        bm_buf_puts(&out, ", \"pages\": [\n");
        for (size_t p = 0; p < ed->npages; p++) {
            const bm_page *pg = ed->pages[p];
            if (p)
                bm_buf_puts(&out, ",\n");
            bm_ingest_dump_json(ed, pg, pg->dump ? pg->dump : pg->src.file,
                                &out);
        }
        bm_buf_puts(&out, "]}\n");
        fwrite(out.data, 1, out.len, stdout);
        bm_buf_free(&out);
        rc = 0;
    } else {
        bm_cli_print_diags(&ed->diags, 0);
        size_t noglyph = check_glyphs(ed, lay, a);
        size_t arts = 0, nchars = 0, figs = 0, dumps = 0;
        for (size_t p = 0; p < ed->npages; p++) {
            const bm_page *pg = ed->pages[p];
            dumps += pg->dump != NULL;
            for (size_t i = 0; i < pg->narticles; i++) {
                const bm_article *ar = pg->articles[i];
                arts++;
                nchars += chars(ar->kicker) + chars(ar->headline) +
                          chars(ar->subhead) + chars(ar->byline) +
                          chars(ar->editor_code);
                for (size_t b = 0; b < ar->nblocks; b++) {
                    const bm_block *bl = &ar->blocks[b];
                    nchars += chars(bl->text) + chars(bl->caption) +
                              chars(bl->credit);
                    figs += bl->kind == BM_BLOCK_FIGURE;
                }
            }
        }
        printf("%s: OK: %s%s%zu page%s, %zu article%s, %zu figure%s, "
               "%zu characters",
               dir, ed->title ? ed->title : "", ed->title ? ", " : "",
               ed->npages, ed->npages == 1 ? "" : "s", arts,
               arts == 1 ? "" : "s", figs, figs == 1 ? "" : "s", nchars);
        if (dumps)
            printf(" (%zu page%s from raw dumps)", dumps, dumps == 1 ? "" : "s");
        if (noglyph)
            printf("; %zu character%s without a font (warnings above)",
                   noglyph, noglyph == 1 ? "" : "s");
        putchar('\n');
        for (size_t p = 0; p < ed->npages; p++) {
            const bm_page *pg = ed->pages[p];
            printf("  page %d%s%s: %zu article%s\n", pg->number,
                   pg->section ? " " : "", pg->section ? pg->section : "",
                   pg->narticles, pg->narticles == 1 ? "" : "s");
        }
        rc = 0;
    }
    bm_edition_free(ed);
    bm_arena_free(a);
    return rc;
}
