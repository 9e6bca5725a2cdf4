/*
 * cmd_fonts.c - 'banmian fonts': the font roles, their files and whether
 * they are installed; with --coverage, which characters of the input no
 * font of their role has (drawn as placeholders) and which need the
 * fallback chain.
 *
 * Coverage of an edition directory walks the model (bm_ingest_edition) and
 * checks every string in the role its layout sets it in (the layout file:
 * kicker, byline, caption, credit in 楷; headlines, subheadings in 黑; body,
 * subhead in 宋 for broadsheet).  Any other file is scanned line by line as
 * body text, so positions are exact file:line:col (col counts characters);
 * a .txt page dump that the importer reads is also walked as a model, so
 * its headlines and captions are checked in their own roles.  Uncovered
 * characters are reported, not an error: the exit status is 0 unless the
 * input cannot be read (1) or the fonts cannot be opened (3).
 */
#include "cli.h"

#include "font/font.h"
#include "ingest/ingest.h"
#include "model/model.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void help(FILE *fp)
{
    fputs("Usage: banmian fonts [--conf FONTS.CONF] [--coverage EDITION_DIR|FILE...]\n"
          "\n"
          "Lists the font roles (body 书宋, headline 黑, kai 楷, fallback), their\n"
          "files, TTC face index, licence, Debian package, whether each is\n"
          "installed and its glyph count.\n"
          "\n"
          "  --coverage    check that every character of the input has a font:\n"
          "                characters no font of their role has are listed with\n"
          "                file:line:col, then those that needed the fallback chain\n"
          "  --conf FILE   font configuration (default: $BANMIAN_FONTS, else\n"
          "                DATADIR/fonts/fonts.conf)\n",
          fp);
}

/* ---- coverage ------------------------------------------------------------- */

static void print_char(uint32_t cp)
{
    char u[8];
    int n = bm_utf8_encode(cp, u);
    printf("U+%04X %.*s", (unsigned)cp, n, u);
}

static void print_loc(const char *file, int line, int col)
{
    printf("%s", file ? file : "?");
    if (line > 0)
        printf(":%d", line);
    if (line > 0 && col > 0)
        printf(":%d", col);
}

/* The roles the edition's layout gives its elements (NULL: defaults). */
static bm_layout *edition_layout(const bm_edition *ed, bm_arena *a)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/layouts", bm_cli_datadir());
    const char *name = ed->layout ? ed->layout : "broadsheet";
    bm_layout *lay = NULL;
    bm_error err;
    bm_error_init(&err);
    if (bm_ingest_layout(name, dir, a, &lay, &err) != BM_OK) {
        fprintf(stderr, "banmian fonts: note: layout '%s' not read (%s); "
                        "using the default roles\n",
                name, err.msg);
        return NULL;
    }
    return lay;
}

/* The coverage records point at the edition's file names: the edition is
 * handed to *keep and freed by the caller after the report. */
static int scan_edition(bm_coverage *c, const char *dir, bm_diags *missing,
                        bm_arena *a, bm_edition **keep)
{
    bm_edition *ed = NULL;
    bm_error err;
    bm_error_init(&err);
    if (bm_ingest_edition(dir, &ed, NULL, &err) != BM_OK) {
        int rc = bm_cli_report(&err);
        bm_edition_free(ed);
        return rc;
    }
    bm_coverage_edition(c, ed, edition_layout(ed, a), missing);
    *keep = ed;
    return 0;
}

/*
 * Any other file: every line as body text, with exact line:col.  A .txt
 * page dump that the importer reads is also walked as a model into
 * `roles`, so its kickers, headlines and captions are checked in their
 * own roles (the importer may not be built yet: then the scan is all).
 */
static int scan_text(bm_coverage *c, bm_coverage *roles, const char *path,
                     bm_diags *missing, bm_arena *a, bm_edition **keep)
{
    bm_error err;
    bm_error_init(&err);
    char *data = NULL;
    size_t len = 0;
    if (bm_file_read(path, a, BM_INGEST_MAX_FILE, &data, &len, &err) ||
        bm_coverage_text(c, BM_FONT_BODY, data, len, path, 1, 1, missing,
                         &err))
        return bm_cli_report(&err);
    size_t n = strlen(path);
    if (n > 4 && !strcmp(path + n - 4, ".txt")) {
        bm_edition *ed = bm_edition_new();
        bm_error_init(&err);
        if (bm_ingest_dump(ed, path, &err) == BM_OK)
            bm_coverage_edition(roles, ed, edition_layout(ed, a), NULL);
        *keep = ed;
    }
    return 0;
}

static int is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static int coverage(const bm_fontset *fs, char **paths, int n)
{
    bm_coverage *c = bm_coverage_new(fs);
    bm_coverage *roles = bm_coverage_new(fs);
    bm_arena *a = bm_arena_new();
    bm_diags missing;
    bm_diags_init(&missing, a);
    int rc = 0;
    bm_edition **eds = bm_arena_alloc(a, ((size_t)n + 1) * sizeof *eds);
    for (int i = 0; i < n && rc == 0; i++)
        rc = is_dir(paths[i])
                 ? scan_edition(c, paths[i], &missing, a, &eds[i])
                 : scan_text(c, roles, paths[i], &missing, a, &eds[i]);
    if (rc != 0)
        goto done;

    /* every occurrence of a character no font has */
    long occurrences = 0;
    for (const bm_diag *d = missing.first; d; d = d->next, occurrences++) {
        print_loc(d->file, d->line, d->col);
        printf(": %s\n", d->msg);
    }
    /* then, per (character, role), the fallbacks and the rest of the
     * uncovered (dump roles other than body: found by the model walk) */
    long nfb = 0, nmiss = 0;
    size_t nrec = 0, nrole = 0;
    const bm_cover_char *rec = bm_coverage_chars(c, &nrec);
    const bm_cover_char *rrec = bm_coverage_chars(roles, &nrole);
    for (int pass = 0; pass < 2; pass++) {
        const bm_cover_char *r = pass ? rrec : rec;
        size_t k = pass ? nrole : nrec;
        for (size_t i = 0; i < k; i++) {
            /* the dump's model pass: only roles other than body, and not
             * a character the line scan already reported as in no font */
            if (pass && (r[i].role == BM_FONT_BODY ||
                         (!r[i].face &&
                          !bm_fontset_pick(fs, BM_FONT_BODY, r[i].cp))))
                continue;
            if (!r[i].face) {
                nmiss++;
                if (r[i].warned)
                    continue;
                print_loc(r[i].file, r[i].line, r[i].col);
                printf(": ");
                print_char(r[i].cp);
                printf(" is in no font (%s): drawn as a placeholder\n",
                       bm_role_name(r[i].role));
                occurrences += r[i].count;
                continue;
            }
            if (!r[i].fallback)
                continue;
            nfb++;
            printf("fallback: ");
            print_char(r[i].cp);
            printf(" (%s) from %s, %ld time%s, first at ",
                   bm_role_name(r[i].role), bm_face_family(r[i].face),
                   r[i].count, r[i].count == 1 ? "" : "s");
            print_loc(r[i].file, r[i].line, r[i].col);
            printf("\n");
        }
    }
    printf("coverage: %ld characters, %zu distinct (character, role); "
           "%ld need the fallback chain; %ld in no font (%ld occurrence%s)\n",
           bm_coverage_total(c), nrec, nfb, nmiss, occurrences,
           occurrences == 1 ? "" : "s");
done:
    bm_coverage_free(c);
    bm_coverage_free(roles);
    for (int i = 0; i < n; i++)
        bm_edition_free(eds[i]);
    bm_arena_free(a);
    return rc;
}

/* ---- listing --------------------------------------------------------------- */

static void list(const char *conf, const bm_font_entry *e, size_t n,
                 const bm_fontset *fs)
{
    printf("font configuration: %s\n", conf);
    printf("%-9s %-7s %6s %3s  %-12s %-22s %s\n", "ROLE", "PRESENT", "GLYPHS",
           "IDX", "LICENCE", "PACKAGE", "FILE (NAME)");
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        int present = stat(e[i].path, &st) == 0 && S_ISREG(st.st_mode);
        const bm_face *f = fs ? e[i].face : NULL;
        char glyphs[16] = "-";
        if (f)
            snprintf(glyphs, sizeof glyphs, "%u", bm_face_nglyphs(f));
        printf("%-9s %-7s %6s %3u  %-12s %-22s %s (%s", e[i].role_name,
               present ? "yes" : "MISSING", glyphs, e[i].ttc_index,
               e[i].licence, e[i].package, e[i].path, e[i].name);
        if (f)
            printf("; %s, %s, %u units/em", bm_face_name(f),
                   bm_face_is_cff(f) ? "OpenType/CFF" : "TrueType",
                   bm_face_upem(f));
        printf(")\n");
    }
    if (!fs)
        return;
    for (int r = 0; r < BM_FONT_ROLE_COUNT; r++) {
        size_t k = 0;
        const bm_face *const *chain = bm_fontset_chain(fs, (bm_role)r, &k);
        printf("%s:", bm_role_name((bm_role)r));
        for (size_t i = 0; i < k; i++)
            printf("%s %s", i ? " ->" : "", bm_face_family(chain[i]));
        printf("\n");
    }
}

int bm_cmd_fonts(int argc, char **argv)
{
    const char *conf = NULL;
    char **cov = NULL;
    int ncov = 0, want_cov = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            help(stdout);
            return 0;
        } else if (!strcmp(argv[i], "--conf")) {
            if (i + 1 >= argc)
                return bm_cli_usage_error("fonts", "--conf needs a file");
            conf = argv[++i];
        } else if (!strcmp(argv[i], "--coverage")) {
            want_cov = 1;
            cov = argv + i + 1;
            ncov = 0;
            while (i + 1 < argc && strncmp(argv[i + 1], "--", 2) != 0) {
                i++;
                ncov++;
            }
            if (!ncov)
                return bm_cli_usage_error("fonts",
                                          "--coverage needs an edition "
                                          "directory or a file");
        } else {
            return bm_cli_usage_error("fonts", "unknown argument '%s'",
                                      argv[i]);
        }
    }
    char defconf[4096];
    if (!conf) {
        const char *env = getenv("BANMIAN_FONTS");
        if (env && *env) {
            conf = env;
        } else {
            snprintf(defconf, sizeof defconf, "%s/fonts/fonts.conf",
                     bm_cli_datadir());
            conf = defconf;
        }
    }

    bm_error err;
    bm_error_init(&err);
    bm_fontset *fs = NULL;
    int rc = 0;
    if (bm_fontset_open(conf, &fs, &err) != BM_OK) {
        /* still list what the configuration names, if it parses */
        bm_arena *a = bm_arena_new();
        bm_font_entry *e = NULL;
        size_t n = 0;
        bm_error e2;
        bm_error_init(&e2);
        if (!want_cov && bm_font_conf_read(conf, a, &e, &n, &e2) == BM_OK)
            list(conf, e, n, NULL);
        fflush(stdout);
        rc = bm_cli_report(&err);
        bm_arena_free(a);
        return rc;
    }
    if (want_cov) {
        rc = coverage(fs, cov, ncov);
    } else {
        size_t n = 0;
        const bm_font_entry *e = bm_fontset_entries(fs, &n);
        list(conf, e, n, fs);
    }
    bm_fontset_close(fs);
    return rc;
}
