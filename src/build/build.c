/*
 * build.c - the build driver: ingest -> font set -> layout -> back ends.
 *
 * The back ends are one table: what each writes, whether it needs the laid-
 * out pages, and the function that writes it.  A back end writes its file
 * atomically (temp name + rename), so a failed build leaves nothing of it.
 */
#include "build.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../alto/alto.h"
#include "../epub/epub.h"
#include "../ingest/ingest.h"
#include "../pdf/pdf.h"

#include <libxml/parser.h>
#include "../raster/raster.h"

typedef struct backend {
    unsigned    format;
    const char *name;
    const char *suffix;        /* OUT/NAME + suffix */
    int         needs_pages;
    bm_status (*write)(bm_build *b, const bm_build_options *o,
                       const char *path, bm_error *err);
} backend;

static bm_status write_pdf(bm_build *b, const bm_build_options *o,
                           const char *path, bm_error *err)
{
    bm_pdf_options po = {0};
    po.pdfa = o->pdfa;
    po.pdfua = o->pdfua;
    return bm_pdf_write(b->doc, &po, path, err);
}

/* The body role's first face in fonts.conf (EPUB --embed-font). */
static bm_status body_face(bm_build *b, const bm_build_options *o,
                           bm_epub_options *eo, bm_error *err)
{
    bm_font_entry *fe;
    size_t nfe;
    bm_status s = bm_font_conf_read(o->fonts_conf, b->arena, &fe, &nfe, err);
    if (s)
        return s;
    for (size_t i = 0; i < nfe; i++)
        if (fe[i].role == BM_FONT_BODY) {
            eo->embed_font = fe[i].path;
            eo->embed_index = fe[i].ttc_index;
            return BM_OK;
        }
    return bm_error_set(err, BM_INPUT, o->fonts_conf, 0, 0,
                        "no body font to embed: name one for the body role");
}

/*
 * Page 1 drawn as the EPUBs' cover, once (the EPUB and the replica store
 * the same JPEG); a failure is kept for the EPUB that asks for it (cover()
 * below).
 */
static void draw_cover(bm_build *b, int height, int how)
{
    bm_error_init(&b->cover_err);
    b->cover_st = bm_raster_cover(b->doc, height, how, &b->cover,
                                  &b->cover_len, &b->cover_err);
}

/*
 * With a second processor to use (bm_fontset_subset_threads: the ones the
 * process may run on, or in a batch those left per edition), the cover
 * is drawn on a thread of its own while the PDF is written (as a PNG it
 * was a third of a small edition's time, nearly all of it zlib; as a
 * JPEG a tenth, mostly painting).  The thread reads the LayoutDoc and the
 * font set, as the covers of a batch's editions do at once, and allocates
 * in neither arena; the PDF only reads them too.  Its outcome is read
 * when the EPUB asks for the cover, so an error is reported where it was
 * before.  On one processor (the pinned bench) it is drawn in line, before
 * the PDF (its pixels and font pages then come and go before the PDF's
 * memory is taken).
 */
typedef struct cover_job {
    pthread_t th;
    bm_build *b;
    int       height, how;   /* BM_RASTER_* */
} cover_job;

static void *cover_worker(void *arg)
{
    cover_job *j = arg;
    /* two processors: the cover's bands painted ahead of its JPEG */
    draw_cover(j->b, j->height, j->how | BM_RASTER_AHEAD);
    return NULL;
}

static void start_cover(bm_build *b, const bm_build_options *o,
                        const bm_fontset *fs)
{
    int h = o->cover_height > 0 ? o->cover_height : BM_RASTER_COVER_H;
    /* lean with its own font set, not a batch's */
    int how = b->own_fonts ? BM_RASTER_LEAN : 0;
    b->cover_done = 1;
    if (!bm_fault_armed() && fs && bm_fontset_subset_threads(fs) >= 2) {
        cover_job *j = bm_xmalloc(sizeof *j);
        j->b = b;
        j->height = h;
        j->how = how;
        if (pthread_create(&j->th, NULL, cover_worker, j) == 0) {
            b->cover_job = j;
            return;
        }
        free(j);
    }
    draw_cover(b, h, how);
}

static void join_cover(bm_build *b)
{
    if (!b->cover_job)
        return;
    pthread_join(b->cover_job->th, NULL);
    free(b->cover_job);
    b->cover_job = NULL;
}

/* The EPUBs' cover: the --cover file, else page 1 as an image (made once,
 * for the reflowable and the fixed-layout book alike). */
static bm_status cover(bm_build *b, const bm_build_options *o,
                       bm_epub_options *eo, bm_error *err)
{
    if (b->cover_img) { /* --cover: decoded and checked at ingest */
        eo->cover_data = b->cover_img->data;
        eo->cover_len = b->cover_img->len;
        return BM_OK;
    }
    if (!b->cover_done)
        start_cover(b, o, NULL);
    join_cover(b);
    if (b->cover_st) {
        *err = b->cover_err;
        return b->cover_st;
    }
    eo->cover_data = b->cover;
    eo->cover_len = b->cover_len;
    return BM_OK;
}

static bm_status write_epub(bm_build *b, const bm_build_options *o,
                            const char *path, bm_error *err)
{
    bm_epub_options eo = {0};
    bm_status s0 = cover(b, o, &eo, err);
    if (s0)
        return s0;
    if (o->embed_font) {
        bm_status s = body_face(b, o, &eo, err);
        if (s)
            return s;
    }
    /* the EPUB follows the pages the layout made: its page-list, page
     * breaks and reading order are the PDF's */
    bm_edition printed;
    bm_status s = bm_layout_printed_edition(b->doc, &printed, err);
    if (s)
        return s;
    return bm_epub_write(&printed, &eo, path, err);
}

/* --fxl: the fixed-layout replica, with the reflowable articles inside */
static bm_status write_fxl(bm_build *b, const bm_build_options *o,
                           const char *path, bm_error *err)
{
    bm_epub_options eo = {0};
    bm_status s = cover(b, o, &eo, err);
    if (s)
        return s;
    bm_edition printed;
    if ((s = bm_layout_printed_edition(b->doc, &printed, err)))
        return s;
    return bm_epub_write_replica(b->doc, &printed, &eo, path, err);
}

/* Removes a flat directory and the files in it (a failed ALTO folder), or
 * a file of that name. */
static void remove_dir(const char *dir)
{
    if (!bm_build_is_dir(dir)) {
        unlink(dir);
        return;
    }
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        char p[4096];
        while ((e = readdir(d)))
            if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
                snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
                unlink(p);
            }
        closedir(d);
    }
    rmdir(dir);
}

/*
 * The files of an archive folder, several at once: each page's PDF/A is a
 * document of its own (libharu documents are independent; the LayoutDoc
 * and the font set are only read), and the ALTO files and METS are one
 * more job.  As many threads as the build may use (bm_fontset_subset_
 * threads: the processors, or in a batch those left per edition); the
 * error reported is the first page's in page order, then the ALTO's, so
 * it does not depend on which thread finished first.
 */
typedef struct folder_jobs {
    bm_build               *b;
    const bm_build_options *o;
    const char            **paths;   /* [npages] page PDF paths */
    const char *const      *files;   /* [npages] their names in the folder */
    const char             *dir;
    int                     alto;
    size_t                  n, next;  /* jobs: the pages, then the ALTO */
    bm_status              *st;
    bm_error               *errs;
    pthread_mutex_t         lock;
} folder_jobs;

static void *folder_worker(void *arg)
{
    folder_jobs *fj = arg;
    for (;;) {
        pthread_mutex_lock(&fj->lock);
        size_t i = fj->next < fj->n ? fj->next++ : fj->n;
        pthread_mutex_unlock(&fj->lock);
        if (i == fj->n)
            return NULL;
        bm_error_init(&fj->errs[i]);
        if (i < fj->b->doc->npages) {
            bm_pdf_options po = {0};
            po.pdfa = 1;
            po.pdfua = fj->o->pdfua;
            po.page = i + 1;
            po.page_files = (const char **)fj->files;
            fj->st[i] = bm_pdf_write(fj->b->doc, &po, fj->paths[i],
                                     &fj->errs[i]);
        } else {
            bm_alto_options ao = {0};
            ao.software_version = fj->o->version;
            ao.page_pdfs = 1;
            fj->st[i] = bm_alto_write(fj->b->doc, &ao, fj->dir, &fj->errs[i]);
        }
    }
}

static bm_status write_folder_files(bm_build *b, const bm_build_options *o,
                                    const char *dir, const char **files,
                                    int alto, bm_error *err)
{
    size_t np = b->doc->npages;
    folder_jobs fj = {0};
    fj.b = b;
    fj.o = o;
    fj.files = files;
    fj.dir = dir;
    fj.alto = alto;
    fj.n = np + (alto ? 1 : 0);
    fj.paths = bm_arena_alloc(b->arena, (np + 1) * sizeof *fj.paths);
    for (size_t p = 0; p < np; p++)
        fj.paths[p] = bm_path_join(b->arena, dir, files[p]);
    fj.st = bm_arena_alloc(b->arena, (fj.n + 1) * sizeof *fj.st);
    fj.errs = bm_arena_alloc(b->arena, (fj.n + 1) * sizeof *fj.errs);
    pthread_mutex_init(&fj.lock, NULL);
    xmlInitParser();   /* the ALTO job may be the process's first use */
    /* with a fault armed (the fault tests), the n-th allocation must be
     * the same each run: one thread */
    size_t threads = bm_fault_armed() || !b->doc->fonts
                         ? 1
                         : (size_t)bm_fontset_subset_threads(b->doc->fonts);
    if (threads > fj.n)
        threads = fj.n ? fj.n : 1;
    pthread_t th[8];
    size_t started = 0;
    for (size_t k = 1; k < threads && k < 8; k++) {
        if (pthread_create(&th[k], NULL, folder_worker, &fj) != 0)
            break;
        started = k;
    }
    folder_worker(&fj);
    for (size_t k = 1; k <= started; k++)
        pthread_join(th[k], NULL);
    pthread_mutex_destroy(&fj.lock);
    for (size_t i = 0; i < fj.n; i++)
        if (fj.st[i] != BM_OK) {
            /* the message's file may be a page path from b's arena */
            *err = fj.errs[i];
            return fj.st[i];
        }
    return BM_OK;
}

/*
 * The archive folder: one PDF/A-2u per page (tagged, with the page's label
 * and the metadata), its ALTO, and the METS that binds them (or,
 * for --split, the page files alone).  Built
 * in a temporary folder beside `path` and renamed over it when complete, so
 * a failed build leaves no partial folder (and an older one stays).
 */
static bm_status write_folder(bm_build *b, const bm_build_options *o,
                              const char *path, int alto, bm_error *err)
{
    /* ".NAME-alto.XXXXXXXX.tmp": mkdir fails on anything already there,
     * a planted symbolic link included, so try another name */
    char *tmp = NULL;
    int e = 0;
    for (int tries = 0; tries < 100; tries++) {
        free(tmp);
        tmp = bm_tmp_name(path, ".tmp");
        if (mkdir(tmp, 0777) == 0)
            break;
        e = errno;
        free(tmp);
        tmp = NULL;
        if (e != EEXIST)
            break;
    }
    if (!tmp)
        return bm_error_set(err, BM_IO, path, 0, 0,
                            "cannot create the archive folder: %s",
                            strerror(e));
    /* what a signal removes: every file the folder will hold (committed
     * ones too, until the folder is in place), then the folder */
    size_t np = b->doc->npages, nslots = 0;
    int *slots = bm_arena_alloc(b->arena, (2 * np + 2) * sizeof *slots);
    slots[nslots++] = bm_tmp_register(tmp);
    for (size_t p = 0; p < np; p++) {
        slots[nslots++] = bm_tmp_register(
            bm_path_join(b->arena, tmp, bm_alto_page_file(b->arena, p, "pdf")));
        if (alto)
            slots[nslots++] = bm_tmp_register(bm_path_join(
                b->arena, tmp, bm_alto_page_file(b->arena, p, "xml")));
    }
    if (alto)
        slots[nslots++] = bm_tmp_register(bm_path_join(b->arena, tmp, "mets.xml"));

    const char **files =
        bm_arena_alloc(b->arena, (b->doc->npages + 1) * sizeof *files);
    for (size_t p = 0; p < b->doc->npages; p++)
        files[p] = bm_alto_page_file(b->arena, p, "pdf");
    bm_status s = write_folder_files(b, o, tmp, files, alto, err);
    if (s == BM_OK) {
        /* an older folder of that name moves aside (to a fresh empty
         * folder, which rename replaces) and goes once the new one is in */
        char *old = bm_tmp_name(path, ".old");
        int had = 0;
        if (bm_build_is_dir(path) && mkdir(old, 0700) == 0) {
            had = rename(path, old) == 0;
            if (!had)
                rmdir(old);
        }
        if (rename(tmp, path) != 0) {
            s = bm_error_set(err, BM_IO, path, 0, 0,
                             "cannot put the archive folder in place: %s",
                             strerror(errno));
            if (had)
                rename(old, path);
        } else if (had) {
            remove_dir(old);
        }
        free(old);
    }
    if (s != BM_OK)
        remove_dir(tmp);
    for (size_t i = 0; i < nslots; i++)
        bm_tmp_release(slots[i]);
    free(tmp);
    return s;
}

static bm_status write_alto(bm_build *b, const bm_build_options *o,
                            const char *path, bm_error *err)
{
    return write_folder(b, o, path, 1, err);
}

/* --split: the page files alone. */
static bm_status write_split(bm_build *b, const bm_build_options *o,
                             const char *path, bm_error *err)
{
    return write_folder(b, o, path, 0, err);
}

/* --png: the page images, beside --split's page files in OUT/NAME-pages */
static bm_status write_png(bm_build *b, const bm_build_options *o,
                           const char *path, bm_error *err)
{
    bm_raster_options ro = {0};
    ro.dpi = o->png_dpi;
    return bm_raster_write_pages(b->doc, &ro, path, err);
}

static const backend backends[] = {
    {BM_FORMAT_PDF, "pdf", ".pdf", 1, write_pdf},
    {BM_FORMAT_EPUB, "epub", ".epub", 1, write_epub},
    {BM_FORMAT_FXL, "replica", ".replica.epub", 1, write_fxl},
    {BM_FORMAT_ALTO, "alto", "-alto", 1, write_alto},
    {BM_FORMAT_SPLIT, "pages", "-pages", 1, write_split},
    /* after split: that one replaces the folder, this one adds files */
    {BM_FORMAT_PNG, "png", "-pages", 1, write_png},
};
#define NBACKENDS (sizeof backends / sizeof backends[0])

/* ---- clocks ------------------------------------------------------------------ */

typedef struct stamp {
    double wall, cpu;
} stamp;

static stamp now(void)
{
    struct timespec w, c;
    clock_gettime(CLOCK_MONOTONIC, &w);
    /* this thread's: a batch builds each edition on one thread */
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c);
    return (stamp){w.tv_sec + w.tv_nsec / 1e9, c.tv_sec + c.tv_nsec / 1e9};
}

static void lap(bm_build *b, const char *name, stamp *t)
{
    stamp n = now();
    if (b->nstages < sizeof b->stages / sizeof b->stages[0])
        b->stages[b->nstages++] =
            (bm_build_stage){name, n.wall - t->wall, n.cpu - t->cpu};
    *t = n;
}

/* ---- files ------------------------------------------------------------------- */

int bm_build_is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

int bm_build_is_edition(const char *const *inputs, size_t n)
{
    return n == 1 && (bm_build_is_dir(inputs[0]) ||
                      strstr(inputs[0], "edition.xml"));
}

/*
 * File-name stem: the ASCII letters, digits, '-' and '_' of the base name.
 * When the name has other characters (河西日报, 日报1), they would be lost
 * and two editions would write the same files, one replacing the other; so
 * the stem then ends in a stable hash of the whole name (FNV-1a of its
 * UTF-8 bytes, the same on every machine): 河西日报 -> edition-1b2c3d4e,
 * 日报1 -> 1-5f6a7b8c.
 */
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
    char real[PATH_MAX];
    if (((len == 1 && base[0] == '.') || (len == 2 && !strncmp(base, "..", 2))) &&
        realpath(bm_arena_strndup(a, path, n), real) && strcmp(real, "/"))
        return stem(a, real); /* "build ." names the directory */
    char *out = bm_arena_alloc(a, len + 1);
    size_t o = 0;
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++) {
        char c = base[i];
        h = (h ^ (unsigned char)c) * 16777619u;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
            (c >= '0' && c <= '9') || c == '-' || c == '_')
            out[o++] = c;
    }
    out[o] = '\0';
    if (o == len && o > 0)
        return out;
    return bm_arena_printf(a, "%s-%08x", o ? out : "edition", (unsigned)h);
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
    return bm_build_is_dir(buf) ? 0 : -1;
}

static void note(const bm_build_options *o, const char *what)
{
    if (o->progress)
        o->progress(o->progress_ctx, what, 0, 0);
}

static void pages_done(void *ctx, int done, int total)
{
    const bm_build_options *o = ctx;
    o->progress(o->progress_ctx, "laying out", done, total);
}

/* ---- the stages ---------------------------------------------------------------- */

static bm_status ingest(bm_build *b, const bm_build_options *o, bm_error *err)
{
    bm_arena *a = b->arena;
    bm_status cs;
    /* strings from options and the environment: src/base/check.c */
    if ((cs = bm_source_date_check(err)))
        return cs;
    if (o->title && (cs = bm_check_option_text("--title", o->title, BM_TITLE_MAX, err)))
        return cs;
    if (o->date && !bm_date_valid(o->date))
        return bm_error_set(err, BM_USAGE, NULL, 0, 0,
                            "--date '%.40s' is not a calendar date written "
                            "YYYY-MM-DD (e.g. 2026-11-20)", o->date);
    if (o->edition) {
        b->ed = o->edition;
        b->name = "edition";
    } else if (bm_build_is_edition(o->inputs, o->ninputs)) {
        const char *dir = o->inputs[0];
        if (!bm_build_is_dir(dir))
            dir = bm_path_dir(a, dir);
        b->own_edition = 1;
        bm_status s = bm_ingest_edition(dir, &b->ed, NULL, err);
        if (s)
            return s;
        b->name = stem(a, dir);
    } else {
        if (!o->ninputs)
            return bm_error_set(err, BM_INTERNAL, NULL, 0, 0,
                                "nothing to build: no input");
        bm_edition *ed = b->ed = bm_edition_new();
        b->own_edition = 1;
        ed->dir = bm_arena_strdup(ed->arena, bm_path_dir(a, o->inputs[0]));
        ed->title = o->title ? bm_arena_strdup(ed->arena, o->title) : NULL;
        if (o->date) {
            ed->date = bm_arena_strdup(ed->arena, o->date);
        } else {
            time_t t = (time_t)bm_source_date((long long)time(NULL));
            struct tm tm;
            gmtime_r(&t, &tm);
            ed->date = bm_arena_printf(ed->arena, "%04d-%02d-%02d",
                                       tm.tm_year + 1900, tm.tm_mon + 1,
                                       tm.tm_mday);
        }
        for (size_t i = 0; i < o->ninputs; i++) {
            note(o, "importing");
            bm_status s = bm_ingest_dump(ed, o->inputs[i], err);
            if (s)
                return s;
        }
        b->name = stem(a, o->inputs[0]);
    }
    if (o->reflow)
        b->ed->reflow = 1;
    b->name = bm_arena_printf(a, "%s%s%s", b->name, b->ed->date ? "-" : "",
                              b->ed->date ? b->ed->date : "");
    return BM_OK;
}

static bm_status open_fonts_and_layout(bm_build *b, const bm_build_options *o,
                                       int need_pages, bm_fontset **fs,
                                       bm_error *err)
{
    bm_status s;
    b->lay = o->lay;
    if (!b->lay) {
        bm_layout *lay;
        const char *name = o->layout       ? o->layout
                           : b->ed->layout ? b->ed->layout
                                           : "broadsheet";
        bm_error le;
        bm_error_init(&le);
        if ((s = bm_ingest_layout(name, o->layouts_dir, b->arena, &lay, &le))) {
            int unknown = !bm_error_file(&le) && bm_ingest_layout_is_name(name);
            if (o->layout && unknown)
                s = BM_USAGE; /* --layout NAME: a usage error */
            else if (!o->layout && b->ed->layout)
                /* the edition's <layout>: its place in edition.xml */
                bm_error_locate(&le, b->ed->layout_src.file,
                                b->ed->layout_src.line, b->ed->layout_src.col);
            return bm_error_set(err, s, bm_error_file(&le), le.line, le.col,
                                "%s", le.msg);
        }
        b->lay = lay;
    }
    *fs = o->fonts;
    if (!need_pages || *fs)
        return BM_OK;
    note(o, "opening fonts");
    if ((s = bm_fontset_open(o->fonts_conf, &b->own_fonts, err)))
        return s;
    *fs = b->own_fonts;
    return BM_OK;
}

static void count(bm_build *b)
{
    for (size_t p = 0; p < b->ed->npages; p++)
        b->narticles += b->ed->pages[p]->narticles;
    b->npages = b->doc ? b->doc->npages : b->ed->npages;
    for (size_t p = 0; b->doc && p < b->doc->npages; p++)
        for (size_t i = 0; i < b->doc->pages[p].nlines; i++)
            b->njumps += b->doc->pages[p].lines[i].jump == BM_JUMP_TO;
    for (const bm_diag *d = b->ed->diags.first; d; d = d->next)
        b->nwarnings += d->sev != BM_NOTE;
}

bm_status bm_build_run(const bm_build_options *opt, bm_build **out,
                       bm_error *err)
{
    bm_build *b = bm_xmalloc(sizeof *b);
    memset(b, 0, sizeof *b);
    b->arena = bm_arena_new();
    *out = b;
    bm_build_options o = *opt;
    if (!o.formats)
        o.formats = BM_FORMAT_PDF | BM_FORMAT_EPUB;
    stamp t = now();
    bm_status s = ingest(b, &o, err);
    if (s)
        return s;
    /* the cover is an input too: decoded and checked before anything is
     * written, not when the EPUB is (after the PDF) */
    if (o.cover &&
        (s = bm_ingest_cover(o.cover, b->arena, &b->cover_img, err)))
        return s;
    lap(b, "ingest", &t);
    if (o.claim && o.claim(o.claim_ctx, b->name, err))
        return err->code ? err->code : BM_INPUT;

    int need_pages = o.dump_layout != NULL;
    for (size_t i = 0; i < NBACKENDS; i++)
        if (o.formats & backends[i].format)
            need_pages |= backends[i].needs_pages;
    bm_fontset *fs;
    if ((s = open_fonts_and_layout(b, &o, need_pages, &fs, err)))
        return s;
    lap(b, "fonts", &t);

    if (need_pages) {
        note(&o, "laying out");
        if ((s = bm_layout_edition(b->ed, b->lay, fs, &b->ed->diags,
                                   o.progress ? pages_done : NULL, &o,
                                   &b->doc, err)))
            return s;
        lap(b, "compose", &t);
        /* the dump first: it is how a broken page gets looked at (its
         * directory made as -o's is, say the output directory itself) */
        if (o.dump_layout) {
            const char *dd = bm_path_dir(b->arena, o.dump_layout);
            if (mkdir_p(dd) != 0)
                return bm_error_set(err, BM_IO, dd, 0, 0,
                                    "cannot create the directory of the "
                                    "layout dump: %s", strerror(errno));
            if ((s = bm_layout_dump_json(b->doc, o.dump_layout, err)))
                return s;
        }
        for (size_t i = 0; i < b->doc->npages; i++)
            if ((s = bm_page_check(&b->doc->pages[i], err)))
                return s;
    }

    const char *outdir = o.outdir ? o.outdir : ".";
    if (mkdir_p(outdir) != 0)
        return bm_error_set(err, BM_IO, outdir, 0, 0,
                            "cannot create the output directory: %s",
                            strerror(errno));
    /* The cover is started before the PDF is written, not when the EPUB
     * asks for it: on a thread of its own beside the PDF when there is a
     * second processor, else in line, where its pixels and the pages of
     * the font files its glyphs read (handed back as it draws) come and
     * go before the PDF's memory is taken, instead of on top of what the
     * PDF left in the heap -- 64 generated pages peaked there.  An error
     * of its own is still the EPUB's, after the PDF is written. */
    if (b->doc && !b->cover_img &&
        (o.formats & (BM_FORMAT_EPUB | BM_FORMAT_FXL)))
        start_cover(b, &o, fs);
    for (size_t i = 0; i < NBACKENDS; i++) {
        const backend *be = &backends[i];
        if (!(o.formats & be->format))
            continue;
        bm_build_output *w = &b->outputs[b->noutputs++];
        w->format = be->name;
        w->path = bm_arena_printf(b->arena, "%s/%s%s", outdir, b->name,
                                  be->suffix);
        char what[64];
        snprintf(what, sizeof what, "writing the %s", be->name);
        note(&o, what);
        stamp t0 = now();
        if ((s = be->write(b, &o, w->path, err)))
            return s;
        stamp t1 = now();
        w->done = 1;
        w->wall = t1.wall - t0.wall;
        w->cpu = t1.cpu - t0.cpu;
    }
    count(b);
    return BM_OK;
}

void bm_build_free(bm_build *b)
{
    if (!b)
        return;
    join_cover(b);   /* a build that failed before its EPUB */
    bm_layout_doc_free(b->doc);
    free(b->cover);
    bm_fontset_close(b->own_fonts);
    if (b->own_edition)
        bm_edition_free(b->ed);
    bm_arena_free(b->arena);
    free(b);
}
