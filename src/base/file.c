/*
 * file.c - whole-file reads, atomic writes (temp file + rename), paths and
 * the reproducible build date.
 */
#include "base.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

bm_status bm_file_read(const char *path, bm_arena *a, size_t max_bytes,
                       char **data, size_t *len, bm_error *err)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return bm_error_set(err, errno == ENOENT ? BM_INPUT : BM_IO, path, 0, 0,
                            "cannot open: %s", strerror(errno));
    struct stat st;
    if (fstat(fileno(fp), &st) != 0 || !S_ISREG(st.st_mode)) {
        fclose(fp);
        return bm_error_set(err, BM_INPUT, path, 0, 0,
                            "not a regular file");
    }
    if ((unsigned long long)st.st_size > max_bytes) {
        fclose(fp);
        return bm_error_set(err, BM_INPUT, path, 0, 0,
                            "file is %lld bytes, more than the limit of %zu",
                            (long long)st.st_size, max_bytes);
    }
    size_t n = (size_t)st.st_size;
    char *p = bm_arena_alloc(a, n + 1);
    size_t got = n ? fread(p, 1, n, fp) : 0;
    int bad = ferror(fp);
    fclose(fp);
    if (bad || got != n)
        return bm_error_set(err, BM_IO, path, 0, 0, "read failed");
    p[n] = '\0';
    *data = p;
    *len = n;
    return BM_OK;
}

bm_status bm_atomic_open(bm_atomic *w, const char *path, bm_error *err)
{
    memset(w, 0, sizeof *w);
    size_t n = strlen(path) + 32;
    w->path = bm_xmalloc(strlen(path) + 1);
    strcpy(w->path, path);
    w->name = path;
    w->tmp = bm_xmalloc(n);
    snprintf(w->tmp, n, "%s.tmp-%ld", path, (long)getpid());
    w->fp = fopen(w->tmp, "wb");
    if (!w->fp) {
        int e = errno;
        bm_error_set(err, BM_IO, w->name, 0, 0, "cannot create output: %s",
                     strerror(e));
        free(w->path);
        free(w->tmp);
        memset(w, 0, sizeof *w);
        return BM_IO;
    }
    return BM_OK;
}

bm_status bm_atomic_write(bm_atomic *w, const void *data, size_t n,
                          bm_error *err)
{
    if (bm_fault_write() || (n && fwrite(data, 1, n, w->fp) != n))
        return bm_error_set(err, BM_IO, w->name, 0, 0,
                            "write failed (disk full?): %s",
                            errno ? strerror(errno) : "simulated failure");
    return BM_OK;
}

bm_status bm_atomic_commit(bm_atomic *w, bm_error *err)
{
    bm_status st = BM_OK;
    if (fflush(w->fp) != 0 || fsync(fileno(w->fp)) != 0) {
        st = bm_error_set(err, BM_IO, w->name, 0, 0, "write failed: %s",
                          strerror(errno));
    }
    if (fclose(w->fp) != 0 && st == BM_OK)
        st = bm_error_set(err, BM_IO, w->name, 0, 0, "write failed: %s",
                          strerror(errno));
    w->fp = NULL;
    if (st == BM_OK && rename(w->tmp, w->path) != 0)
        st = bm_error_set(err, BM_IO, w->name, 0, 0, "cannot rename %s: %s",
                          w->tmp, strerror(errno));
    if (st != BM_OK)
        remove(w->tmp);
    free(w->path);
    free(w->tmp);
    memset(w, 0, sizeof *w);
    return st;
}

void bm_atomic_abort(bm_atomic *w)
{
    if (w->fp)
        fclose(w->fp);
    if (w->tmp)
        remove(w->tmp);
    free(w->path);
    free(w->tmp);
    memset(w, 0, sizeof *w);
}

bm_status bm_file_write_atomic(const char *path, const void *data, size_t n,
                               bm_error *err)
{
    bm_atomic w;
    bm_status st = bm_atomic_open(&w, path, err);
    if (st != BM_OK)
        return st;
    st = bm_atomic_write(&w, data, n, err);
    if (st != BM_OK) {
        bm_atomic_abort(&w);
        return st;
    }
    return bm_atomic_commit(&w, err);
}

char *bm_path_join(bm_arena *a, const char *dir, const char *name)
{
    if (!dir || !*dir || name[0] == '/')
        return bm_arena_strdup(a, name);
    size_t dl = strlen(dir);
    while (dl > 1 && dir[dl - 1] == '/')
        dl--;
    return bm_arena_printf(a, "%.*s/%s", (int)dl, dir, name);
}

char *bm_path_dir(bm_arena *a, const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return bm_arena_strdup(a, ".");
    if (slash == path)
        return bm_arena_strdup(a, "/");
    return bm_arena_strndup(a, path, (size_t)(slash - path));
}

long long bm_source_date(long long fallback)
{
    const char *s = getenv("SOURCE_DATE_EPOCH");
    if (!s || !*s)
        return fallback;
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || *end || v < 0)
        return fallback;
    return v;
}
