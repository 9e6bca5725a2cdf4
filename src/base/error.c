/*
 * error.c - status table, first-error-wins errors, diagnostics list.
 */
#include "base.h"

#include <string.h>

static const struct {
    const char *name;
    int         exit_code;
} status_table[] = {
#define BM_STATUS(name, exit_code, msg) {msg, exit_code},
#include "status.def"
#undef BM_STATUS
};

void bm_error_init(bm_error *err)
{
    memset(err, 0, sizeof *err);
}

static void copy_file(bm_error *err, const char *file)
{
    size_t n = file ? strlen(file) : 0;
    if (n < sizeof err->file) {
        memcpy(err->file, file ? file : "", n + 1);
        return;
    }
    /* keep the end: "...", then the last bytes, from a UTF-8 lead byte */
    const char *tail = file + n - (sizeof err->file - 4);
    while ((*tail & 0xC0) == 0x80)
        tail++;
    snprintf(err->file, sizeof err->file, "...%s", tail);
}

void bm_error_locate(bm_error *err, const char *file, int line, int col)
{
    if (!err || err->code == BM_OK || err->file[0] || !file)
        return;
    copy_file(err, file);
    err->line = line;
    err->col = col;
}

const char *bm_error_file(const bm_error *err)
{
    return err->file[0] ? err->file : NULL;
}

bm_status bm_error_set(bm_error *err, bm_status code, const char *file,
                       int line, int col, const char *fmt, ...)
{
    if (!err || err->code != BM_OK)
        return err ? err->code : code;
    err->code = code;
    copy_file(err, file);
    err->line = line;
    err->col = col;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return code;
}

const char *bm_status_name(bm_status code)
{
    if ((int)code < 0 || code >= BM_STATUS_COUNT)
        return "unknown status";
    return status_table[code].name;
}

int bm_status_exit(bm_status code)
{
    if ((int)code < 0 || code >= BM_STATUS_COUNT)
        return 3;
    return status_table[code].exit_code;
}

void bm_diags_init(bm_diags *d, bm_arena *a)
{
    memset(d, 0, sizeof *d);
    d->arena = a;
}

static size_t diag_hash(const bm_diag *g)
{
    size_t h = 1469598103934665603u ^ (size_t)g->sev;
    for (const char *s = g->file; s && *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    h = (h ^ (size_t)g->line) * 1099511628211u;
    h = (h ^ (size_t)g->col) * 1099511628211u;
    for (const char *s = g->msg; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

static int diag_same(const bm_diag *a, const bm_diag *b)
{
    return a->sev == b->sev && a->line == b->line && a->col == b->col &&
           (a->file == b->file ||
            (a->file && b->file && !strcmp(a->file, b->file))) &&
           !strcmp(a->msg, b->msg);
}

/* 1 when g is in d already; else it is remembered (the table grown to
 * twice the warnings, kept at most half full). */
static int diag_seen(bm_diags *d, bm_diag *g)
{
    if (2 * (d->count + 1) > d->nseen) {
        size_t n = d->nseen ? 2 * d->nseen : 64;
        bm_diag **s = bm_arena_alloc(d->arena, n * sizeof *s);
        memset(s, 0, n * sizeof *s);
        for (bm_diag *o = d->first; o; o = o->next) {
            size_t i = diag_hash(o) & (n - 1);
            while (s[i])
                i = (i + 1) & (n - 1);
            s[i] = o;
        }
        d->seen = s;
        d->nseen = n;
    }
    size_t i = diag_hash(g) & (d->nseen - 1);
    for (; d->seen[i]; i = (i + 1) & (d->nseen - 1))
        if (diag_same(d->seen[i], g))
            return 1;
    d->seen[i] = g;
    return 0;
}

void bm_diags_add(bm_diags *d, bm_severity sev, const char *file, int line,
                  int col, const char *fmt, ...)
{
    bm_diag *g = bm_arena_alloc(d->arena, sizeof *g);
    g->sev = sev;
    g->file = bm_arena_strdup(d->arena, file);
    g->line = line;
    g->col = col;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *m = bm_arena_alloc(d->arena, (size_t)(n > 0 ? n : 0) + 1);
    va_start(ap, fmt);
    vsnprintf(m, (size_t)(n > 0 ? n : 0) + 1, fmt, ap);
    va_end(ap);
    g->msg = m;
    g->next = NULL;
    if (diag_seen(d, g))
        return; /* said already (its copy stays in the arena, unused) */
    if (d->last)
        d->last->next = g;
    else
        d->first = g;
    d->last = g;
    d->count++;
}
