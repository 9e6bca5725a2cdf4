/*
 * epub.c - bm_epub_write(): plan the book, have each writer add its
 * documents, zip them in a fixed order and write the file atomically.
 *
 * Determinism: the container is assembled in memory by libzip (a buffer
 * source) with every entry's DOS timestamp set explicitly from one instant
 * (SOURCE_DATE_EPOCH, else the issue date at 00:00 UTC), converted in UTC
 * here rather than by libzip's localtime(), and the entries always in the
 * same order: mimetype (stored, first, no extra field), META-INF, the
 * package document, then the rest in the order they were made.  The bytes
 * then go through bm_atomic_* so a failed run leaves nothing behind.  (Let
 * libzip write the file itself and it would pick its own temporary name and
 * timestamps.)
 */
#include "epub_private.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zip.h>

#define MAX_IMAGE (64u * 1024 * 1024)

/* ---- dates -------------------------------------------------------------- */

static int parse_date(const char *s, int *y, int *m, int *d)
{
    if (!s || strlen(s) < 10 || s[4] != '-' || s[7] != '-')
        return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return 0;
    *y = atoi(s), *m = atoi(s + 5), *d = atoi(s + 8);
    return *m >= 1 && *m <= 12 && *d >= 1 && *d <= 31;
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static long long days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    long long yoe = y - era * 400;
    long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void plan_dates(ep_ctx *c)
{
    const bm_edition *ed = c->ed;
    int y, m, d;
    long long fallback = 946684800;   /* 2000-01-01T00:00:00Z */
    if (parse_date(ed->date, &y, &m, &d)) {
        long long days = days_from_civil(y, m, d);
        static const char *const wd[] = {"日", "一", "二", "三", "四", "五", "六"};
        int w = (int)(((days % 7) + 11) % 7);   /* 1970-01-01 was a Thursday */
        c->date_zh = bm_arena_printf(c->a, "%d年%d月%d日 星期%s", y, m, d, wd[w]);
        fallback = days * 86400;
        c->title = bm_arena_printf(c->a, "%s %d年%d月%d日",
                                   ed->title ? ed->title : "报纸", y, m, d);
    } else {
        c->title = ed->title ? ed->title : "报纸";
    }
    c->issue = ed->issue;
    if (ed->issue && *ed->issue &&
        strspn(ed->issue, "0123456789") == strlen(ed->issue))
        c->issue = bm_arena_printf(c->a, "第%s期", ed->issue);
    c->epoch = bm_source_date(fallback);
    time_t t = (time_t)c->epoch;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(c->modified, sizeof c->modified, "%Y-%m-%dT%H:%M:%SZ", &tm);

    char uuid[37];
    const char *name = bm_arena_printf(c->a, "banmian:edition:%s|%s|%s",
                                       ed->title ? ed->title : "",
                                       ed->date ? ed->date : "",
                                       ed->issue ? ed->issue : "");
    ep_uuid5(name, uuid);
    c->uuid = bm_arena_printf(c->a, "urn:uuid:%s", uuid);
}

/* ---- documents ------------------------------------------------------------ */

static void plan_docs(ep_ctx *c)
{
    const bm_edition *ed = c->ed;
    size_t n = 2;
    for (size_t p = 0; p < ed->npages; p++)
        n += ed->pages[p]->narticles;
    c->docs = bm_arena_alloc(c->a, n * sizeof *c->docs);
    c->docs[0].href = "cover.xhtml", c->docs[0].id = "cover";
    c->docs[1].href = "front.xhtml", c->docs[1].id = "front";
    c->ndocs = 2;
    c->first_article = 2;

    /* A page's marker goes at the top of its first article; pages without
     * articles hand theirs on to the next article. */
    const bm_page **pending = bm_arena_alloc(c->a, (ed->npages + 1) *
                                                       sizeof *pending);
    size_t npending = 0, k = 0;
    const bm_article *prev = NULL;
    for (size_t p = 0; p < ed->npages; p++) {
        const bm_page *pg = ed->pages[p];
        pending[npending++] = pg;
        for (size_t i = 0; i < pg->narticles; i++) {
            const bm_article *ar = pg->articles[i];
            ep_doc *d = &c->docs[c->ndocs++];
            d->ar = ar;
            d->href = bm_arena_printf(c->a, "article-%03zu.xhtml", ++k);
            d->id = bm_arena_printf(c->a, "article-%03zu", k);
            if (npending) {
                d->breaks = bm_arena_alloc(c->a, npending * sizeof *d->breaks);
                memcpy(d->breaks, pending, npending * sizeof *d->breaks);
                d->nbreaks = npending;
                npending = 0;
                pending = bm_arena_alloc(c->a, (ed->npages + 1) *
                                                   sizeof *pending);
            }
            if (ar->group && (!prev || prev->page != pg || !prev->group ||
                              strcmp(prev->group, ar->group) != 0))
                d->group = ar->group;
            prev = ar;
        }
    }
    /* the last pages may hold only continued stories: their markers close
     * the last article */
    if (npending && c->ndocs > c->first_article) {
        ep_doc *d = &c->docs[c->ndocs - 1];
        const bm_page **b = bm_arena_alloc(c->a, (d->nbreaks + npending) *
                                                     sizeof *b);
        if (d->nbreaks)
            memcpy(b, d->breaks, d->nbreaks * sizeof *b);
        memcpy(b + d->nbreaks, pending, npending * sizeof *b);
        d->breaks = b;
        d->nbreaks += npending;
        d->nend = npending;
    }
}

/* ---- images ------------------------------------------------------------ */

static unsigned be16(const unsigned char *p)
{
    return (unsigned)p[0] << 8 | p[1];
}

static unsigned be32(const unsigned char *p)
{
    return (unsigned)p[0] << 24 | (unsigned)p[1] << 16 | (unsigned)p[2] << 8 |
           p[3];
}

/* Media type from the bytes (never trust the extension), and the pixel
 * size when the header gives it.  NULL for a type EPUB does not allow. */
static const char *sniff(const unsigned char *p, size_t n, const char **ext,
                         int *w, int *h)
{
    if (n >= 24 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0) {
        *w = (int)be32(p + 16), *h = (int)be32(p + 20), *ext = "png";
        return "image/png";
    }
    if (n >= 10 && (memcmp(p, "GIF87a", 6) == 0 || memcmp(p, "GIF89a", 6) == 0)) {
        *w = p[6] | p[7] << 8, *h = p[8] | p[9] << 8, *ext = "gif";
        return "image/gif";
    }
    if (n >= 4 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF) {
        /* walk the markers to a start-of-frame for the size */
        size_t i = 2;
        while (i + 9 < n && p[i] == 0xFF) {
            unsigned mk = p[i + 1], len = be16(p + i + 2);
            if (mk >= 0xC0 && mk <= 0xCF && mk != 0xC4 && mk != 0xC8 &&
                mk != 0xCC) {
                *h = (int)be16(p + i + 5), *w = (int)be16(p + i + 7);
                break;
            }
            i += 2 + len;
        }
        *ext = "jpg";
        return "image/jpeg";
    }
    size_t k = 0;
    while (k < n && k < 512 && (p[k] == ' ' || p[k] == '\n' || p[k] == '\r' ||
                                p[k] == '\t'))
        k++;
    if (n - k >= 5 && (memcmp(p + k, "<?xml", 5) == 0 ||
                       memcmp(p + k, "<svg", 4) == 0)) {
        /* an SVG only if it says so near the top */
        size_t lim = n < 4096 ? n : 4096;
        for (size_t i = k; i + 4 <= lim; i++)
            if (memcmp(p + i, "<svg", 4) == 0) {
                *ext = "svg";
                return "image/svg+xml";
            }
    }
    return NULL;
}

static void plan_images(ep_ctx *c)
{
    const bm_edition *ed = c->ed;
    /* The library reports warnings in the edition's diagnostics, which the
     * caller owns even though it hands us a const edition. */
    bm_diags *diags = (bm_diags *)&ed->diags;
    size_t cap = 0;
    for (size_t p = 0; p < ed->npages; p++)
        for (size_t i = 0; i < ed->pages[p]->narticles; i++)
            cap += ed->pages[p]->articles[i]->nblocks;
    c->images = bm_arena_alloc(c->a, (cap + 1) * sizeof *c->images);
    for (size_t p = 0; p < ed->npages; p++)
        for (size_t i = 0; i < ed->pages[p]->narticles; i++) {
            const bm_article *ar = ed->pages[p]->articles[i];
            for (size_t b = 0; b < ar->nblocks; b++) {
                const bm_block *bl = &ar->blocks[b];
                if (bl->kind != BM_BLOCK_FIGURE || !bl->image)
                    continue;
                int seen = 0;
                for (size_t k = 0; k < c->nimages; k++)
                    seen |= strcmp(c->images[k].src, bl->image) == 0;
                if (seen)
                    continue;
                ep_image *im = &c->images[c->nimages++];
                im->src = bl->image;
                /* the bytes ingest read and checked; an edition made in
                 * memory (no ingest) names files in its directory */
                const char *data = (const char *)(bl->pic ? bl->pic->data
                                                          : NULL);
                size_t len = bl->pic ? bl->pic->len : 0;
                bm_error e;
                bm_error_init(&e);
                char *read = NULL;
                if (!bl->pic &&
                    bm_file_read(bm_path_join(c->a, ed->dir, bl->image), c->a,
                                 MAX_IMAGE, &read, &len, &e) == BM_OK)
                    data = read;
                if (!data) {
                    bm_diags_add(diags, BM_WARNING, bl->src.file, bl->src.line,
                                 bl->src.col,
                                 "image '%s' left out of the EPUB: %s",
                                 bl->image, e.msg);
                    continue;
                }
                const char *ext = NULL;
                int w = 0, h = 0;
                const char *mt = sniff((const unsigned char *)data, len, &ext,
                                       &w, &h);
                if (!mt) {
                    bm_diags_add(diags, BM_WARNING, bl->src.file, bl->src.line,
                                 bl->src.col,
                                 "image '%s' left out of the EPUB: not a "
                                 "JPEG, PNG, GIF or SVG file", bl->image);
                    continue;
                }
                im->w = bl->img_w > 0 ? bl->img_w : w;
                im->h = bl->img_h > 0 ? bl->img_h : h;
                im->href = bm_arena_printf(c->a, "images/img-%03zu.%s",
                                           c->nimages, ext);
                ep_add_file(c, NULL, im->href,
                            bm_arena_printf(c->a, "img-%03zu", c->nimages), mt,
                            NULL, data, len);
            }
        }
}

/* The cover image: the file given (PNG), else the bytes given (page 1 as
 * the build painted it, JPEG; or a --cover PNG read at ingest), else the
 * typographic SVG (xhtml.c). */
static bm_status plan_cover(ep_ctx *c, bm_error *err)
{
    const char *name = c->opt ? c->opt->cover_png : NULL;
    const unsigned char *p = c->opt ? c->opt->cover_data : NULL;
    size_t len = c->opt ? c->opt->cover_len : 0;
    if (name) {
        char *data;
        bm_status st = bm_file_read(name, c->a, MAX_IMAGE, &data, &len, err);
        if (st != BM_OK)
            return st;
        p = (const unsigned char *)data;
    } else if (!p) {
        c->cover_href = "cover.svg";
        c->cover_type = "image/svg+xml";
        return BM_OK;
    } else {
        unsigned char *copy = bm_arena_alloc(c->a, len + 1);
        memcpy(copy, p, len);
        p = copy;
    }
    /* a --cover file is a PNG; page 1 drawn by the build a JPEG */
    int png = len >= 26 && !memcmp(p, "\x89PNG\r\n\x1a\n", 8);
    int jpeg = !name && len >= 4 && !memcmp(p, "\xff\xd8\xff", 3);
    if (!png && !jpeg)
        return bm_error_set(err, name ? BM_INPUT : BM_INTERNAL, name, 0, 0,
                            "the cover is not a PNG file");
    c->cover_href = png ? "cover.png" : "cover.jpg";
    c->cover_type = png ? "image/png" : "image/jpeg";
    ep_add_file(c, NULL, c->cover_href, "cover-image", c->cover_type,
                "cover-image", p, len);
    return BM_OK;
}

/* ---- the container --------------------------------------------------------- */

/* Rank of an entry in the ZIP: mimetype, META-INF, the package document,
 * then everything else in the order it was made. */
static int rank(const ep_file *f)
{
    if (strcmp(f->name, "mimetype") == 0)
        return 0;
    if (strncmp(f->name, "META-INF/", 9) == 0)
        return 1;
    if (strcmp(f->name, EP_ROOT "content.opf") == 0)
        return 2;
    return 3;
}

static bm_status zip_fail(zip_t *za, const char *path, bm_error *err)
{
    bm_status st = bm_error_set(err, BM_IO, path, 0, 0,
                                "cannot assemble the EPUB container: %s",
                                zip_strerror(za));
    zip_discard(za);
    return st;
}

/* The level of every deflated file: zlib's default (9 won 339 bytes of
 * 446 KB on a 64-page edition's documents and font, for 11 ms). */
#define ZIP_DEFLATE_LEVEL 6

/* A file kept as it is in the ZIP: the mimetype (OCF wants it stored) and
 * pictures, whose PNG or JPEG bytes are compressed already - deflating
 * them again (level 9) won 2 % of a page-1 cover's 680 KB and cost a
 * third of a one-page EPUB's time. */
static int stored(const ep_file *f, int rank)
{
    const char *t = f->media_type;
    return rank == 0 ||
           (t && (!strcmp(t, "image/png") || !strcmp(t, "image/jpeg")));
}

static bm_status write_zip(ep_ctx *c, const char *path, bm_error *err)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *mem = bm_fault_alloc() ? NULL
                        : zip_source_buffer_create(NULL, 0, 0, &ze);
    if (!mem) {
        zip_error_fini(&ze);
        return bm_error_set(err, BM_NOMEM, path, 0, 0,
                            "cannot create the EPUB container in memory");
    }
    zip_source_keep(mem);
    zip_t *za = zip_open_from_source(mem, ZIP_TRUNCATE, &ze);
    if (!za) {
        zip_source_free(mem);
        bm_status st = bm_error_set(err, BM_IO, path, 0, 0,
                                    "cannot create the EPUB container: %s",
                                    zip_error_strerror(&ze));
        zip_error_fini(&ze);
        return st;
    }
    zip_error_fini(&ze);

    /* DOS time is local wall-clock time with 2-second steps; use UTC so
     * the bytes do not depend on the machine's time zone. */
    time_t t = (time_t)c->epoch;
    struct tm tm;
    gmtime_r(&t, &tm);
    if (tm.tm_year < 80)
        tm.tm_year = 80, tm.tm_mon = 0, tm.tm_mday = 1, tm.tm_hour = 0,
        tm.tm_min = 0, tm.tm_sec = 0;
    zip_uint16_t dtime = (zip_uint16_t)(tm.tm_hour << 11 | tm.tm_min << 5 |
                                        tm.tm_sec / 2);
    zip_uint16_t ddate = (zip_uint16_t)((tm.tm_year - 80) << 9 |
                                        (tm.tm_mon + 1) << 5 | tm.tm_mday);

    for (int r = 0; r <= 3; r++)
        for (size_t i = 0; i < c->nfiles; i++) {
            const ep_file *f = &c->files[i];
            if (rank(f) != r)
                continue;
            zip_source_t *s = zip_source_buffer(za, f->data, f->len, 0);
            if (!s)
                return zip_fail(za, path, err);
            zip_int64_t idx = zip_file_add(za, f->name, s, ZIP_FL_ENC_UTF_8);
            if (idx < 0) {
                zip_source_free(s);
                return zip_fail(za, path, err);
            }
            int keep = stored(f, r);
            if (zip_set_file_compression(za, (zip_uint64_t)idx,
                                         keep ? ZIP_CM_STORE : ZIP_CM_DEFLATE,
                                         keep ? 0 : ZIP_DEFLATE_LEVEL) != 0 ||
                zip_file_set_dostime(za, (zip_uint64_t)idx, dtime, ddate,
                                     0) != 0)
                return zip_fail(za, path, err);
        }
    if (zip_close(za) != 0)
        return zip_fail(za, path, err);

    /* the finished archive, back out of the buffer source */
    bm_status st = BM_OK;
    zip_stat_t zs;
    if (zip_source_stat(mem, &zs) != 0 || !(zs.valid & ZIP_STAT_SIZE) ||
        zip_source_open(mem) != 0) {
        zip_source_free(mem);
        return bm_error_set(err, BM_IO, path, 0, 0,
                            "cannot read back the EPUB container");
    }
    unsigned char *bytes = bm_arena_alloc(c->a, zs.size + 1);
    zip_int64_t got = zip_source_read(mem, bytes, zs.size);
    zip_source_close(mem);
    zip_source_free(mem);
    if (got < 0 || (zip_uint64_t)got != zs.size)
        return bm_error_set(err, BM_IO, path, 0, 0,
                            "cannot read back the EPUB container");
    st = bm_file_write_atomic(path, bytes, (size_t)zs.size, err);
    return st;
}

/* ---- the whole book ---------------------------------------------------- */

static bm_status write_book(const bm_edition *ed, const bm_layout_doc *doc,
                            const bm_epub_options *opt, const char *path,
                            bm_error *err)
{
    static const bm_epub_options defaults = {0};
    ep_ctx ctx = {0}, *c = &ctx;
    c->ed = ed;
    c->doc = doc;
    c->opt = opt ? opt : &defaults;
    c->a = bm_arena_new();
    c->lang = ed->lang ? ed->lang : "zh-CN";
    bm_status st = BM_OK;

    plan_dates(c);
    plan_docs(c);
    if (doc)
        ep_fxl_plan(c);

    ep_add_file(c, "mimetype", NULL, NULL, NULL, NULL, "application/epub+zip",
                strlen("application/epub+zip"));
    if (c->opt->embed_font && (st = ep_font_open(c, err)) != BM_OK)
        goto done;
    ep_write_css(c);
    if ((st = plan_cover(c, err)) != BM_OK)
        goto done;
    if (doc && !strcmp(c->cover_href, "cover.svg")) {
        st = bm_error_set(err, BM_INTERNAL, path, 0, 0,
                          "the replica needs a cover image");
        goto done;
    }
    ep_write_cover(c, &c->docs[0]);
    plan_images(c);
    ep_write_front(c, &c->docs[1]);
    if (doc && (st = ep_fxl_write_pages(c, err)) != BM_OK)
        goto done;
    for (size_t i = c->first_article; i < c->ndocs; i++)
        ep_write_article(c, &c->docs[i]);
    ep_write_nav(c);
    if (doc)
        ep_fxl_write_regions(c);
    if (c->font_face && (st = ep_embed_font(c, err)) != BM_OK)
        goto done;
    ep_write_ncx(c);
    ep_write_opf(c);
    ep_write_container(c);
    st = write_zip(c, path, err);
done:
    ep_font_close(c);
    bm_arena_free(c->a);
    return st;
}

bm_status bm_epub_write(const bm_edition *ed, const bm_epub_options *opt,
                        const char *path, bm_error *err)
{
    return write_book(ed, NULL, opt, path, err);
}

bm_status bm_epub_write_replica(const bm_layout_doc *doc, const bm_edition *ed,
                                const bm_epub_options *opt, const char *path,
                                bm_error *err)
{
    return write_book(ed, doc, opt, path, err);
}
