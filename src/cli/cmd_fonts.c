/*
 * cmd_fonts.c - 'banmian fonts': the font roles, their files and whether
 * they are installed; with --coverage, which characters of the input no
 * font of their role has (drawn as placeholders) and which need the
 * fallback chain.
 *
 * Coverage of an edition directory walks the model (bm_ingest_edition), so
 * every string is checked in the role the layout sets it in: kicker,
 * byline, caption and credit in 楷 (kai); headline, subhead and subheadings
 * in 黑 (headline); everything else in 书宋 (body).  Any other file is
 * scanned line by line as body text, so positions are exact file:line:col
 * (col counts characters); a .txt page dump that the importer reads is
 * also walked as a model, so its headlines and captions are checked in
 * their own roles.  Uncovered characters are reported, not an error: the
 * exit status is 0 unless the input cannot be read (1) or the fonts
 * cannot be opened (3).
 */
#include "cli.h"

#include "font/font.h"
#include "ingest/ingest.h"

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

/* ---- coverage bookkeeping ------------------------------------------------ */

typedef struct seen {
    uint32_t    cp;
    int         role;
    long        count;
    const char *file;
    int         line, col;
    const bm_face *face;     /* picked face, NULL = no font */
    int         fallback;
} seen;

typedef struct cover {
    const bm_fontset *fs;
    bm_arena *arena;
    seen     *recs;          /* in order of first occurrence */
    size_t    nrecs, cap;
    uint32_t *slots;         /* open addressing: index + 1, 0 = empty */
    size_t    nslots;
    long      chars, uncovered;
} cover;

static int ignorable(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp < 0xA0) ||
           (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202E) ||
           (cp >= 0x2060 && cp <= 0x206F) || (cp >= 0xFE00 && cp <= 0xFE0F) ||
           cp == 0xFEFF || (cp >= 0xE0000 && cp <= 0xE0FFF);
}

static seen *lookup(cover *c, uint32_t cp, int role)
{
    if ((c->nrecs + 1) * 2 > c->nslots) {
        size_t n = c->nslots ? c->nslots * 2 : 4096;
        uint32_t *s = calloc(n, sizeof *s);
        if (!s)
            abort();
        for (size_t i = 0; i < c->nrecs; i++) {
            uint32_t h = (c->recs[i].cp * 2654435761u + (uint32_t)c->recs[i].role) & (uint32_t)(n - 1);
            while (s[h])
                h = (h + 1) & (uint32_t)(n - 1);
            s[h] = (uint32_t)i + 1;
        }
        free(c->slots);
        c->slots = s;
        c->nslots = n;
    }
    uint32_t h = (cp * 2654435761u + (uint32_t)role) & (uint32_t)(c->nslots - 1);
    while (c->slots[h]) {
        seen *r = &c->recs[c->slots[h] - 1];
        if (r->cp == cp && r->role == role)
            return r;
        h = (h + 1) & (uint32_t)(c->nslots - 1);
    }
    if (c->nrecs == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 1024;
        c->recs = bm_xrealloc(c->recs, c->cap * sizeof *c->recs);
    }
    seen *r = &c->recs[c->nrecs];
    memset(r, 0, sizeof *r);
    r->cp = cp;
    r->role = role;
    r->face = bm_fontset_pick(c->fs, (bm_role)role, cp);
    r->fallback = r->face && bm_fontset_pick_is_fallback(c->fs, (bm_role)role, cp);
    c->slots[h] = (uint32_t)++c->nrecs;
    return r;
}

static void print_char(uint32_t cp)
{
    char u[8];
    int n = bm_utf8_encode(cp, u);
    printf("U+%04X %.*s", (unsigned)cp, n, u);
}

/* One character at file:line:col.  `report_missing` is 0 when the raw
 * scan of the same text already reported the character's absence. */
static void note(cover *c, uint32_t cp, int role, const char *file, int line,
                 int col, int report_missing)
{
    if (ignorable(cp))
        return;
    c->chars++;
    seen *r = lookup(c, cp, role);
    if (r->count++ == 0) {
        r->file = file;
        r->line = line;
        r->col = col;
    }
    if (!r->face && report_missing) {
        c->uncovered++;
        if (line > 0 && col > 0)
            printf("%s:%d:%d: ", file, line, col);
        else if (line > 0)
            printf("%s:%d: ", file, line);
        else
            printf("%s: ", file);
        print_char(cp);
        printf(" is in no font (%s): drawn as a placeholder\n",
               bm_role_name((bm_role)role));
    }
}

static void note_str(cover *c, const char *s, int role, bm_src src,
                     const char *deffile, int only_new)
{
    if (!s)
        return;
    const char *file = src.file ? src.file : deffile;
    size_t n = strlen(s);
    int line = src.line;
    for (size_t i = 0; i < n;) {
        uint32_t cp = 0;
        int k = bm_utf8_decode(s + i, n - i, &cp);
        if (k <= 0) {
            i++;
            continue;
        }
        i += (size_t)k;
        if (only_new &&
            bm_fontset_pick(c->fs, BM_FONT_BODY, cp) == NULL)
            continue;   /* the raw scan reported it already */
        note(c, cp, role, file, line, 0, 1);
    }
}

/* The model, each string in the role the layout sets it in. */
static void walk_model(cover *c, const bm_edition *ed, const char *deffile,
                       int only_roles)
{
    for (size_t p = 0; p < ed->npages; p++) {
        const bm_page *pg = ed->pages[p];
        for (size_t i = 0; i < pg->narticles; i++) {
            const bm_article *ar = pg->articles[i];
            note_str(c, ar->kicker, BM_FONT_KAI, ar->src, deffile, only_roles);
            note_str(c, ar->headline, BM_FONT_HEADLINE, ar->src, deffile, only_roles);
            note_str(c, ar->subhead, BM_FONT_HEADLINE, ar->src, deffile, only_roles);
            note_str(c, ar->byline, BM_FONT_KAI, ar->src, deffile, only_roles);
            for (size_t b = 0; b < ar->nblocks; b++) {
                const bm_block *bl = &ar->blocks[b];
                int role = bl->kind == BM_BLOCK_SUBHEADING ? BM_FONT_HEADLINE
                                                           : BM_FONT_BODY;
                if (!only_roles || role != BM_FONT_BODY)
                    note_str(c, bl->text, role, bl->src, deffile, only_roles);
                note_str(c, bl->caption, BM_FONT_KAI, bl->src, deffile, only_roles);
                note_str(c, bl->credit, BM_FONT_KAI, bl->src, deffile, only_roles);
            }
            if (!only_roles)
                note_str(c, ar->editor_code, BM_FONT_BODY, ar->src, deffile, 0);
        }
    }
}

/* Any file that is not an edition: every line, as body text. */
static int scan_text(cover *c, const char *path)
{
    bm_error err;
    bm_error_init(&err);
    char *data = NULL;
    size_t len = 0;
    if (bm_file_read(path, c->arena, BM_INGEST_MAX_FILE, &data, &len, &err))
        return bm_cli_report(&err);
    int line = 1, col = 1;
    for (size_t i = 0; i < len;) {
        uint32_t cp = 0;
        int k = bm_utf8_decode(data + i, len - i, &cp);
        if (k <= 0) {
            bm_error_set(&err, BM_INPUT, path, line, col,
                         "invalid UTF-8 (byte 0x%02X): save the file as UTF-8",
                         (unsigned char)data[i]);
            return bm_cli_report(&err);
        }
        i += (size_t)k;
        if (cp == '\n') {
            line++;
            col = 1;
            continue;
        }
        note(c, cp, BM_FONT_BODY, path, line, col, 1);
        col++;
    }
    /* a page dump the importer reads: its headlines, kickers and captions
     * in their own roles too (the importer may not be built yet) */
    size_t n = strlen(path);
    if (n > 4 && !strcmp(path + n - 4, ".txt")) {
        bm_edition *ed = bm_edition_new();
        bm_error e2;
        bm_error_init(&e2);
        if (bm_ingest_dump(ed, path, &e2) == BM_OK)
            walk_model(c, ed, path, 1);
        bm_edition_free(ed);
    }
    return 0;
}

static int scan_edition(cover *c, const char *dir)
{
    bm_edition *ed = NULL;
    bm_error err;
    bm_error_init(&err);
    if (bm_ingest_edition(dir, &ed, NULL, &err) != BM_OK) {
        int rc = bm_cli_report(&err);
        bm_edition_free(ed);
        return rc;
    }
    /* file names live in the edition's arena: keep copies */
    cover tmp = *c;
    (void)tmp;
    walk_model(c, ed, dir, 0);
    for (size_t i = 0; i < c->nrecs; i++)
        if (c->recs[i].file)
            c->recs[i].file = bm_arena_strdup(c->arena, c->recs[i].file);
    bm_edition_free(ed);
    return 0;
}

static int is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static int coverage(const bm_fontset *fs, char **paths, int n)
{
    cover c;
    memset(&c, 0, sizeof c);
    c.fs = fs;
    c.arena = bm_arena_new();
    int rc = 0;
    for (int i = 0; i < n && rc == 0; i++)
        rc = is_dir(paths[i]) ? scan_edition(&c, paths[i])
                              : scan_text(&c, paths[i]);
    if (rc == 0) {
        long fb = 0;
        for (size_t i = 0; i < c.nrecs; i++)
            fb += c.recs[i].fallback;
        long missing = 0;
        for (size_t i = 0; i < c.nrecs; i++)
            missing += !c.recs[i].face;
        for (size_t i = 0; i < c.nrecs; i++) {
            const seen *r = &c.recs[i];
            if (!r->fallback)
                continue;
            printf("fallback: ");
            print_char(r->cp);
            printf(" (%s) from %s, %ld time%s, first at %s:%d", bm_role_name((bm_role)r->role),
                   bm_face_family(r->face), r->count, r->count == 1 ? "" : "s",
                   r->file, r->line);
            if (r->col > 0)
                printf(":%d", r->col);
            printf("\n");
        }
        printf("coverage: %ld characters, %zu distinct (character, role); "
               "%ld need the fallback chain; %ld in no font (%ld occurrence%s)\n",
               c.chars, c.nrecs, fb, missing, c.uncovered,
               c.uncovered == 1 ? "" : "s");
    }
    free(c.recs);
    free(c.slots);
    bm_arena_free(c.arena);
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
