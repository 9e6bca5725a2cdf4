/*
 * file.c - whole-file reads, atomic writes (temp file + rename), paths and
 * the reproducible build date.
 */
#define _GNU_SOURCE   /* sched_getaffinity, CPU_COUNT */
#include "base.h"

#include <errno.h>
#include <sched.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/random.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* What a special file is, for the message that refuses it. */
static const char *file_kind(mode_t m)
{
    return S_ISDIR(m)    ? "a directory"
           : S_ISFIFO(m) ? "a named pipe (FIFO)"
           : S_ISCHR(m)  ? "a character device"
           : S_ISBLK(m)  ? "a block device"
           : S_ISSOCK(m) ? "a socket"
                         : "a special file";
}

/*
 * Opens an input without blocking and refuses anything but a regular file.
 * O_NONBLOCK matters for a FIFO: a plain open waits for a writer forever,
 * so checking after fopen() is too late.  Regular files ignore the flag.
 */
static int open_regular(const char *path, struct stat *st, bm_error *err)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        int e = errno;
        bm_error_set(err, e == ENOENT || e == ENOTDIR ? BM_INPUT : BM_IO, path,
                     0, 0, "cannot open: %s", strerror(e));
        return -1;
    }
    if (fstat(fd, st) != 0) {
        int e = errno;
        close(fd);
        bm_error_set(err, BM_IO, path, 0, 0, "cannot stat: %s", strerror(e));
        return -1;
    }
    if (!S_ISREG(st->st_mode)) {
        close(fd);
        bm_error_set(err, BM_INPUT, path, 0, 0,
                     "not a regular file but %s: name a file",
                     file_kind(st->st_mode));
        return -1;
    }
    return fd;
}

bm_status bm_file_check(const char *path, bm_error *err)
{
    struct stat st;
    int fd = open_regular(path, &st, err);
    if (fd < 0)
        return err ? err->code : BM_INPUT;
    close(fd);
    return BM_OK;
}

bm_status bm_file_read(const char *path, bm_arena *a, size_t max_bytes,
                       char **data, size_t *len, bm_error *err)
{
    struct stat st;
    int fd = open_regular(path, &st, err);
    if (fd < 0)
        return err ? err->code : BM_INPUT;
    if ((unsigned long long)st.st_size > max_bytes) {
        close(fd);
        return bm_error_set(err, BM_INPUT, path, 0, 0,
                            "file is %lld bytes, more than the limit of %zu",
                            (long long)st.st_size, max_bytes);
    }
    size_t n = (size_t)st.st_size, got = 0;
    char *p = bm_arena_alloc(a, n + 1);
    while (got < n) {
        ssize_t r = read(fd, p + got, n - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    close(fd);
    if (got != n)
        return bm_error_set(err, BM_IO, path, 0, 0,
                            "read failed (the file changed while it was "
                            "read?)");
    p[n] = '\0';
    *data = p;
    *len = n;
    return BM_OK;
}

/* ---- temporary files ------------------------------------------------------ */

/*
 * Temporary outputs a signal must not leave behind.  A fixed table of
 * lock-free atomic pointers, because the handler may read it at any moment
 * and builds may run in threads: a slot is taken by compare-and-swap once
 * its string is complete, and emptied (atomic exchange) before the string
 * is freed.  The handler calls only unlink(),
 * rmdir(), sigaction() and raise(), which are async-signal-safe.
 */
#define TMP_SLOTS 1024
static _Atomic(char *) tmp_slot[TMP_SLOTS];
_Static_assert(ATOMIC_POINTER_LOCK_FREE == 2,
               "the signal handler reads tmp_slot: it must be lock-free");

int bm_tmp_register(const char *path)
{
    size_t n = strlen(path) + 1;
    char *copy = bm_xmalloc(n);
    memcpy(copy, path, n);
    /* compare-and-swap: builds running in threads take different slots */
    for (int i = 0; i < TMP_SLOTS; i++) {
        char *none = NULL;
        if (atomic_compare_exchange_strong(&tmp_slot[i], &none, copy))
            return i;
    }
    free(copy); /* more than TMP_SLOTS at once: not removed on a signal */
    return -1;
}

void bm_tmp_release(int slot)
{
    if (slot < 0 || slot >= TMP_SLOTS)
        return;
    free(atomic_exchange(&tmp_slot[slot], NULL));
}

static void on_fatal_signal(int sig)
{
    /* files first, then the (now empty) temporary folders */
    for (int i = 0; i < TMP_SLOTS; i++) {
        char *p = atomic_load(&tmp_slot[i]);
        if (p)
            unlink(p);
    }
    for (int i = 0; i < TMP_SLOTS; i++) {
        char *p = atomic_load(&tmp_slot[i]);
        if (p)
            rmdir(p);
    }
    /* then die of the signal, so the caller sees how the run ended */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_DFL;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
    raise(sig);
}

void bm_tmp_cleanup_on_signals(void)
{
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        struct sigaction old, sa;
        /* a signal ignored when we started (nohup, a background job) stays
         * ignored */
        if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
            continue;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_fatal_signal;
        sigfillset(&sa.sa_mask);
        sigaction(sigs[i], &sa, NULL);
    }
}

/* Eight characters from [a-z0-9] no one can guess before the run. */
static void random_tag(char out[9])
{
    static const char digits[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    unsigned char r[8];
    if (getrandom(r, sizeof r, GRND_NONBLOCK) != (ssize_t)sizeof r) {
        /* no entropy yet (early boot): still unlikely, and O_EXCL guards */
        struct timespec t;
        clock_gettime(CLOCK_REALTIME, &t);
        static unsigned long counter;
        unsigned long long x = (unsigned long long)t.tv_nsec * 2654435761u ^
                               (unsigned long long)getpid() << 32 ^ ++counter;
        for (int i = 0; i < 8; i++, x = x * 6364136223846793005ull + 1)
            r[i] = (unsigned char)(x >> 56);
    }
    for (int i = 0; i < 8; i++)
        out[i] = digits[r[i] % 36];
    out[8] = '\0';
}

char *bm_tmp_name(const char *path, const char *suffix)
{
    const char *slash = strrchr(path, '/');
    size_t dl = slash ? (size_t)(slash - path) + 1 : 0;
    const char *base = path + dl;
    char tag[9];
    random_tag(tag);
    size_t n = strlen(path) + strlen(suffix) + 16;
    char *tmp = bm_xmalloc(n);
    snprintf(tmp, n, "%.*s.%s.%s%s", (int)dl, path, base, tag, suffix);
    return tmp;
}

int bm_tmp_create(const char *path, char **tmp, int *slot)
{
    int fd = -1, e = EEXIST;
    *tmp = NULL;
    *slot = -1;
    /* a name nobody can predict, created only if nothing (not even a
     * symbolic link) is there: a link planted in a shared folder cannot
     * turn the write into one outside it */
    for (int tries = 0; tries < 100 && fd < 0 && e == EEXIST; tries++) {
        free(*tmp);
        *tmp = bm_tmp_name(path, ".tmp");
        fd = open(*tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                  0666);
        e = errno;
    }
    if (fd < 0) {
        free(*tmp);
        *tmp = NULL;
        errno = e;
        return -1;
    }
    *slot = bm_tmp_register(*tmp);
    return fd;
}

bm_status bm_atomic_open(bm_atomic *w, const char *path, bm_error *err)
{
    memset(w, 0, sizeof *w);
    int fd = bm_tmp_create(path, &w->tmp, &w->slot), e = errno;
    if (fd >= 0) {
        w->fp = fdopen(fd, "wb");
        if (!w->fp) {
            e = errno;
            close(fd);
            unlink(w->tmp);
            bm_tmp_release(w->slot);
            free(w->tmp);
        }
    }
    if (!w->fp) {
        bm_error_set(err, BM_IO, path, 0, 0, "cannot create output: %s",
                     strerror(e));
        memset(w, 0, sizeof *w);
        w->slot = -1;
        return BM_IO;
    }
    w->path = bm_xmalloc(strlen(path) + 1);
    strcpy(w->path, path);
    return BM_OK;
}

bm_status bm_atomic_write(bm_atomic *w, const void *data, size_t n,
                          bm_error *err)
{
    if (bm_fault_write())
        return bm_error_set(err, BM_IO, w->path, 0, 0,
                            "write failed (disk full?): simulated failure");
    errno = 0;
    if (n && fwrite(data, 1, n, w->fp) != n)
        return bm_error_set(err, BM_IO, w->path, 0, 0,
                            "write failed (disk full?): %s",
                            errno ? strerror(errno) : "short write");
    return BM_OK;
}

static void atomic_done(bm_atomic *w)
{
    bm_tmp_release(w->slot);
    free(w->path);
    free(w->tmp);
    memset(w, 0, sizeof *w);
    w->slot = -1;
}

bm_status bm_atomic_commit(bm_atomic *w, bm_error *err)
{
    bm_status st = BM_OK;
    if (fflush(w->fp) != 0 || fsync(fileno(w->fp)) != 0) {
        st = bm_error_set(err, BM_IO, w->path, 0, 0, "write failed: %s",
                          strerror(errno));
    }
    if (fclose(w->fp) != 0 && st == BM_OK)
        st = bm_error_set(err, BM_IO, w->path, 0, 0, "write failed: %s",
                          strerror(errno));
    w->fp = NULL;
    if (st == BM_OK && rename(w->tmp, w->path) != 0)
        st = bm_error_set(err, BM_IO, w->path, 0, 0, "cannot rename %s: %s",
                          w->tmp, strerror(errno));
    if (st != BM_OK)
        unlink(w->tmp);
    atomic_done(w);
    return st;
}

void bm_atomic_abort(bm_atomic *w)
{
    if (w->fp)
        fclose(w->fp);
    if (w->tmp)
        unlink(w->tmp);
    atomic_done(w);
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

/* The processors this process may run on: its affinity mask (taskset,
 * cgroup cpusets), not every processor online -- pinned to one core, two
 * subset threads only held two faces' pages at once. */
long bm_cpus(void)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) == 0) {
        int n = CPU_COUNT(&set);
        if (n > 0)
            return n;
    }
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n;
}
