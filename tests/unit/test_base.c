/* test_base.c - arena, errors, UTF-8, buffers, atomic writes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/base.h"

static void arena_alloc_zeroed_aligned(void **state)
{
    (void)state;
    bm_arena *a = bm_arena_new();
    for (int i = 1; i < 5000; i++) {
        unsigned char *p = bm_arena_alloc(a, (size_t)i % 97 + 1);
        assert_int_equal((uintptr_t)p % 16, 0);
        assert_int_equal(p[0], 0);
        p[0] = 0xAA;
    }
    char *big = bm_arena_alloc(a, 1 << 20);   /* own chunk */
    assert_int_equal(big[(1 << 20) - 1], 0);
    assert_string_equal(bm_arena_printf(a, "%d-%s", 12, "版"), "12-版");
    bm_arena_reset(a);
    assert_int_equal(bm_arena_used(a), 0);
    assert_non_null(bm_arena_alloc(a, 10));
    bm_arena_free(a);
}

/* A grown block keeps its bytes and its new bytes are zero, whether it
 * grew in place (the newest block of the chunk), moved to a new own chunk
 * (a big block; the old one is freed, which ASan checks) or was copied. */
static void arena_grow_keeps_bytes(void **state)
{
    (void)state;
    bm_arena *a = bm_arena_new();
    unsigned char *v = NULL;
    size_t cap = 0;
    for (size_t n = 1; n <= 300000; n++) {
        if (n > cap) {
            size_t nc = cap ? 2 * cap : 8;
            v = bm_arena_grow(a, v, cap, nc);
            for (size_t i = cap; i < nc; i++)
                assert_int_equal(v[i], 0);
            cap = nc;
            /* something else in between, so a later grow cannot always
             * stay in place */
            if (n % 3 == 0)
                ((unsigned char *)bm_arena_alloc(a, 40))[0] = 1;
        }
        v[n - 1] = (unsigned char)(n * 7);
        if (n % 4099 == 0)
            for (size_t i = 0; i < n; i++)
                assert_int_equal(v[i], (unsigned char)((i + 1) * 7));
    }
    bm_arena_free(a);
}

/* What was made after a mark goes; what was made before stays, and a block
 * from before the mark does not grow in place into the released part. */
static void arena_mark_release(void **state)
{
    (void)state;
    bm_arena *a = bm_arena_new();
    char *keep = bm_arena_printf(a, "%s", "before");
    char *big = bm_arena_alloc(a, 100000);
    memset(big, 'B', 100000);
    size_t used = bm_arena_used(a);
    for (int round = 0; round < 3; round++) {
        bm_arena_mark m;
        bm_arena_mark_get(a, &m);
        /* a block from before the mark may move, never extend in place */
        char *g = bm_arena_grow(a, keep, 7, 64);
        assert_ptr_not_equal(g, keep);
        assert_string_equal(g, "before");
        for (int i = 0; i < 2000; i++)
            memset(bm_arena_alloc(a, (size_t)i % 500 + 1), 0xCC,
                   (size_t)i % 500 + 1);
        memset(bm_arena_alloc(a, 200000), 0xDD, 200000);   /* own chunk */
        bm_arena_mark inner;
        bm_arena_mark_get(a, &inner);
        memset(bm_arena_alloc(a, 70000), 0xEE, 70000);
        bm_arena_release(a, &inner);
        bm_arena_release(a, &m);
        assert_int_equal(bm_arena_used(a), used);
        assert_string_equal(keep, "before");
        for (int i = 0; i < 100000; i += 997)
            assert_int_equal(big[i], 'B');
        /* the released bytes come back zeroed */
        unsigned char *p = bm_arena_alloc(a, 4000);
        for (int i = 0; i < 4000; i++)
            assert_int_equal(p[i], 0);
        used = bm_arena_used(a);
    }
    bm_arena_mark m;
    bm_arena_mark_get(a, &m);
    bm_arena_alloc(a, 10);
    bm_arena_unmark(a, &m);
    assert_int_equal(bm_arena_used(a), used + 16);
    bm_arena_free(a);
}

/*
 * bm_arena_move keeps exactly what the slots point at: a block of the old
 * arena is copied (its bytes, then zeros) and the slot set to the copy;
 * slots holding one address share one copy, of the largest size given; a
 * pointer into another arena, the heap or static memory, and NULL, stay;
 * an empty block at a full chunk's end still gets a copy.  The old
 * arena's chunks are freed as the move leaves them, and all of it at the
 * end: ASan sees any byte read from them after.
 */
static void arena_move_keeps_what_slots_show(void **state)
{
    (void)state;
    bm_arena *from = bm_arena_new();
    bm_arena *other = bm_arena_new();
    bm_arena *to = bm_arena_new();
    enum { N = 3000 };
    /* many chunks: small blocks, big own chunks among them, each filled
     * with its own byte; the slots live outside `from` */
    char **small = calloc(N, sizeof *small);
    size_t *len = calloc(N, sizeof *len);
    assert_non_null(small);
    assert_non_null(len);
    for (int i = 0; i < N; i++) {
        len[i] = i % 10 == 0 ? 20000 + (size_t)i : (size_t)i % 300 + 1;
        small[i] = bm_arena_alloc(from, len[i]);
        memset(small[i], 'a' + i % 26, len[i]);
        if (i % 7 == 0)
            bm_arena_alloc(from, 100);   /* garbage between (a trial) */
    }
    /* one address held by three slots with sizes 5, 40 and 0 */
    char *shared = bm_arena_alloc(from, 40);
    memcpy(shared, "shared block, forty bytes of it: 0123456", 40);
    char *s1 = shared, *s2 = shared, *s3 = shared;
    /* a pointer into the middle of a block: a copy of its own */
    char *mid = small[299] + 10;   /* a block of 300 bytes of 'n' */
    /* an empty block at the very end of a full chunk: 16-byte blocks
     * follow each other until the chunk is full, then one jumps */
    char *fill = NULL;
    while (!fill) {
        char *z = bm_arena_alloc(from, 0);
        if (bm_arena_alloc(from, 16) != z)
            fill = z;
    }
    uintptr_t was_mid = (uintptr_t)mid, was_fill = (uintptr_t)fill;
    /* pointers left alone */
    char *elsewhere = bm_arena_strdup(other, "other arena");
    char *heap = strdup("heap");
    const char *stat = "static";
    char *null = NULL;
    const char *keep_else = elsewhere, *keep_heap = heap, *keep_stat = stat;

    size_t nrefs = N + 10;
    bm_arena_ref *refs = calloc(nrefs, sizeof *refs);
    assert_non_null(refs);
    size_t n = 0;
    /* in reverse order of making, so the sort has work to do */
    for (int i = N; i-- > 0;)
        refs[n++] = (bm_arena_ref){(void **)&small[i], len[i]};
    refs[n++] = (bm_arena_ref){(void **)&s1, 5};
    refs[n++] = (bm_arena_ref){(void **)&s2, 40};
    refs[n++] = (bm_arena_ref){(void **)&s3, 0};
    refs[n++] = (bm_arena_ref){(void **)&mid, 20};
    refs[n++] = (bm_arena_ref){(void **)&fill, 0};
    refs[n++] = (bm_arena_ref){(void **)&elsewhere, 12};
    refs[n++] = (bm_arena_ref){(void **)&heap, 5};
    refs[n++] = (bm_arena_ref){(void **)&stat, 7};
    refs[n++] = (bm_arena_ref){(void **)&null, 8};
    bm_arena_move(from, to, refs, n);

    for (int i = 0; i < N; i++)
        for (size_t j = 0; j < len[i]; j++)
            assert_int_equal(small[i][j], 'a' + i % 26);
    for (int i = 1; i < N; i++)
        assert_ptr_not_equal(small[i], small[i - 1]);
    assert_ptr_equal(s1, s2);
    assert_ptr_equal(s2, s3);
    assert_memory_equal(s1, "shared block, forty bytes of it: 0123456", 40);
    assert_true((uintptr_t)mid != was_mid);
    assert_ptr_not_equal(mid, small[299] + 10);
    for (int j = 0; j < 20; j++)
        assert_int_equal(mid[j], 'n');
    assert_true((uintptr_t)fill != was_fill);
    assert_ptr_equal(elsewhere, keep_else);
    assert_ptr_equal(heap, keep_heap);
    assert_ptr_equal(stat, keep_stat);
    assert_null(null);
    assert_string_equal(elsewhere, "other arena");
    /* the copies are to's: a later block does not overlap them */
    char *after = bm_arena_alloc(to, 64);
    memset(after, 'z', 64);
    assert_int_equal(small[N - 1][0], 'a' + (N - 1) % 26);
    free(refs);
    free(len);
    free(small);
    free(heap);
    bm_arena_free(other);
    bm_arena_free(to);
}

static void error_first_wins(void **state)
{
    (void)state;
    bm_error err;
    bm_error_init(&err);
    assert_int_equal(bm_error_set(&err, BM_INPUT, "a.xml", 3, 7, "first %d", 1),
                     BM_INPUT);
    bm_error_set(&err, BM_IO, "b.xml", 1, 1, "second");
    assert_int_equal(err.code, BM_INPUT);
    assert_string_equal(err.msg, "first 1");
    assert_int_equal(err.line, 3);
    assert_int_equal(bm_status_exit(BM_INPUT), 1);
    assert_int_equal(bm_status_exit(BM_USAGE), 2);
    assert_int_equal(bm_status_exit(BM_IO), 3);
}

/* A warning said again (a headline set again at another width warns as
 * it did) is kept once, in the order first said; the same message at
 * another place, or another message, is not. */
static void diags_said_once(void **state)
{
    (void)state;
    bm_arena *a = bm_arena_new();
    bm_diags d;
    bm_diags_init(&d, a);
    for (int round = 0; round < 300; round++) {
        bm_diags_add(&d, BM_WARNING, "a.xml", 4, 3, "no font has U+%04X", 0x17000);
        bm_diags_add(&d, BM_WARNING, "a.xml", round % 2 ? 5 : 4, 3, "page %d short",
                     round % 3);
    }
    bm_diags_add(&d, BM_WARNING, NULL, 0, 0, "no file");
    bm_diags_add(&d, BM_WARNING, NULL, 0, 0, "no file");
    bm_diags_add(&d, BM_NOTE, NULL, 0, 0, "no file");
    /* the font warning, page 0/1/2 short at line 4 or 5 (six), no file
     * twice (a warning and a note) */
    assert_int_equal(d.count, 1 + 6 + 2);
    const bm_diag *g = d.first;
    assert_string_equal(g->msg, "no font has U+17000");
    g = g->next;
    assert_string_equal(g->msg, "page 0 short");
    assert_int_equal(g->line, 4);
    size_t n = 0;
    for (g = d.first; g; g = g->next)
        n++;
    assert_int_equal(n, d.count);
    bm_arena_free(a);
}

/* The error keeps its own copy of the file name: the name's memory may go
 * (an arena freed on the way out) before the CLI prints it. */
static void error_owns_file_name(void **state)
{
    (void)state;
    bm_error err;
    bm_error_init(&err);
    assert_null(bm_error_file(&err));
    char *name = malloc(32);
    strcpy(name, "edition/articles/a.xml");
    bm_error_set(&err, BM_INPUT, name, 2, 5, "bad");
    memset(name, 'x', 31);
    free(name);
    assert_string_equal(err.file, "edition/articles/a.xml");
    assert_string_equal(bm_error_file(&err), "edition/articles/a.xml");

    /* a name longer than the buffer keeps its end */
    size_t n = BM_ERROR_FILE_MAX + 100;
    char *longname = malloc(n + 1);
    memset(longname, 'd', n);
    memcpy(longname + n - 6, "/a.xml", 6);
    longname[n] = '\0';
    bm_error_init(&err);
    bm_error_set(&err, BM_INPUT, longname, 1, 1, "bad");
    free(longname);
    assert_int_equal(strncmp(err.file, "...", 3), 0);
    assert_int_equal(strlen(err.file), BM_ERROR_FILE_MAX - 1);
    assert_string_equal(err.file + strlen(err.file) - 6, "/a.xml");

    /* locate names an error without a file once, and no clear one */
    bm_error_init(&err);
    bm_error_locate(&err, "x.xml", 1, 1);
    assert_null(bm_error_file(&err));
    bm_error_set(&err, BM_INPUT, NULL, 0, 0, "no file");
    bm_error_locate(&err, "x.xml", 4, 2);
    bm_error_locate(&err, "y.xml", 9, 9);
    assert_string_equal(err.file, "x.xml");
    assert_int_equal(err.line, 4);
}

static void utf8_roundtrip_and_reject(void **state)
{
    (void)state;
    const uint32_t cps[] = {0x41, 0x7FF, 0x7FFF, 0x7FC0 /* 翀 */, 0x2000B, 0x10FFFF};
    for (size_t i = 0; i < sizeof cps / sizeof cps[0]; i++) {
        char buf[4];
        int n = bm_utf8_encode(cps[i], buf);
        uint32_t cp;
        assert_int_equal(bm_utf8_decode(buf, (size_t)n, &cp), n);
        assert_int_equal(cp, cps[i]);
        assert_int_equal(bm_utf8_decode(buf, (size_t)n - 1, &cp), 0);
    }
    uint32_t cp;
    assert_int_equal(bm_utf8_decode("\xC0\x80", 2, &cp), 0);        /* overlong */
    assert_int_equal(bm_utf8_decode("\xED\xA0\x80", 3, &cp), 0);    /* surrogate */
    assert_int_equal(bm_utf8_decode("\xF4\x90\x80\x80", 4, &cp), 0); /* > 10FFFF */
    const char *s = "版面\xFF" "x";
    assert_int_equal(bm_utf8_check(s, strlen(s)), 6);
    assert_int_equal(bm_utf8_count("版面ab", strlen("版面ab")), 4);
    /* the inline decoder (ASCII, three bytes) is the full one's: every
     * sequence of one to three bytes, each cut short too */
    for (uint32_t x = 0; x < (1u << 24); x++) {
        char b[3] = {(char)(x >> 16), (char)(x >> 8), (char)x};
        for (size_t n = 0; n <= 3; n++) {
            uint32_t c1 = 0xFFFFFFFFu, c2 = 0xFFFFFFFFu;
            int l1 = bm_utf8_decode(b, n, &c1), l2 = bm_utf8_decode_any(b, n, &c2);
            if (l1 != l2 || (l1 && c1 != c2))
                fail_msg("%06x/%zu: %d U+%04X, the full decoder %d U+%04X",
                         (unsigned)x, n, l1, (unsigned)c1, l2, (unsigned)c2);
        }
    }
}

static void buf_json_escapes(void **state)
{
    (void)state;
    bm_buf b;
    bm_buf_init(&b);
    bm_buf_json_str(&b, "a\"b\\c\n\x01版", strlen("a\"b\\c\n\x01版"));
    assert_string_equal(b.data, "\"a\\\"b\\\\c\\n\\u0001版\"");
    bm_buf_free(&b);
}

static void atomic_write_commit_and_fail(void **state)
{
    (void)state;
    char dir[] = "/tmp/bm-test-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/out.pdf", dir);
    bm_error err;
    bm_error_init(&err);
    assert_int_equal(bm_file_write_atomic(path, "hello", 5, &err), BM_OK);
    bm_arena *a = bm_arena_new();
    char *data;
    size_t len;
    assert_int_equal(bm_file_read(path, a, 100, &data, &len, &err), BM_OK);
    assert_int_equal(len, 5);
    assert_memory_equal(data, "hello", 5);

    /* a simulated write failure leaves the old file and no temp file */
    bm_fault_set(0, 1);
    assert_int_equal(bm_file_write_atomic(path, "other", 5, &err), BM_IO);
    bm_fault_set(0, 0);
    assert_int_equal(bm_file_read(path, a, 100, &data, &len, &err), BM_OK);
    assert_memory_equal(data, "hello", 5);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "test $(ls -A %s | wc -l) -eq 1", dir);
    assert_int_equal(system(cmd), 0);

    /* size limit */
    bm_error_init(&err);
    assert_int_equal(bm_file_read(path, a, 2, &data, &len, &err), BM_INPUT);
    assert_non_null(strstr(err.msg, "limit"));
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
    bm_arena_free(a);
}

/* The temporary name: ".NAME.XXXXXXXX.tmp" beside the output, a fresh
 * random tag each time, the file created new (never an existing name). */
static void atomic_temp_names(void **state)
{
    (void)state;
    char dir[] = "/tmp/bm-test-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256], prefix[300];
    snprintf(path, sizeof path, "%s/out.pdf", dir);
    snprintf(prefix, sizeof prefix, "%s/.out.pdf.", dir);
    bm_error err;
    bm_error_init(&err);
    bm_atomic w1, w2;
    assert_int_equal(bm_atomic_open(&w1, path, &err), BM_OK);
    assert_int_equal(bm_atomic_open(&w2, path, &err), BM_OK);
    size_t pl = strlen(prefix);
    assert_int_equal(strncmp(w1.tmp, prefix, pl), 0);
    assert_int_equal(strlen(w1.tmp), pl + 8 + 4);
    assert_string_equal(w1.tmp + pl + 8, ".tmp");
    assert_string_not_equal(w1.tmp, w2.tmp);
    struct stat st;
    assert_int_equal(lstat(w1.tmp, &st), 0);
    assert_true(S_ISREG(st.st_mode));
    assert_int_equal(bm_atomic_write(&w1, "x", 1, &err), BM_OK);
    assert_int_equal(bm_atomic_commit(&w1, &err), BM_OK);
    bm_atomic_abort(&w2);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "test \"$(ls -A %s)\" = out.pdf", dir);
    assert_int_equal(system(cmd), 0);

    /* a directory where the output goes: the rename fails, no temp stays */
    snprintf(path, sizeof path, "%s/sub", dir);
    assert_int_equal(mkdir(path, 0700), 0);
    snprintf(cmd, sizeof cmd, "%s/sub/x", dir);
    assert_int_equal(mkdir(cmd, 0700), 0);
    bm_error_init(&err);
    assert_int_equal(bm_file_write_atomic(path, "y", 1, &err), BM_IO);
    assert_string_equal(err.file, path);
    snprintf(cmd, sizeof cmd, "test $(ls -A %s | wc -l) -eq 2", dir);
    assert_int_equal(system(cmd), 0);
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

/* Special files are refused by kind, at once (a FIFO would block). */
static void read_refuses_special_files(void **state)
{
    (void)state;
    char dir[] = "/tmp/bm-test-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char fifo[256];
    snprintf(fifo, sizeof fifo, "%s/pipe", dir);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    bm_arena *a = bm_arena_new();
    char *data;
    size_t len;
    bm_error err;
    bm_error_init(&err);
    assert_int_equal(bm_file_read(fifo, a, 100, &data, &len, &err), BM_INPUT);
    assert_non_null(strstr(err.msg, "named pipe (FIFO)"));
    assert_string_equal(err.file, fifo);
    bm_error_init(&err);
    assert_int_equal(bm_file_check(fifo, &err), BM_INPUT);
    bm_error_init(&err);
    assert_int_equal(bm_file_read(dir, a, 100, &data, &len, &err), BM_INPUT);
    assert_non_null(strstr(err.msg, "a directory"));
    bm_error_init(&err);
    assert_int_equal(bm_file_read("/dev/null", a, 100, &data, &len, &err),
                     BM_INPUT);
    assert_non_null(strstr(err.msg, "character device"));
    unlink(fifo);
    rmdir(dir);
    bm_arena_free(a);
}

static void source_date_epoch(void **state)
{
    (void)state;
    setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
    assert_int_equal(bm_source_date(5), 1700000000LL);
    setenv("SOURCE_DATE_EPOCH", "junk", 1);
    assert_int_equal(bm_source_date(5), 5);
    unsetenv("SOURCE_DATE_EPOCH");
    assert_int_equal(bm_source_date(7), 7);
}

/* src/base/check.c: the one rule for strings from outside. */
static void check_strings(void **state)
{
    (void)state;
    uint32_t bad;
    const char *ok = "河西\n日报 Ünï";
    assert_int_equal(bm_text_check(ok, strlen(ok), 1, &bad), strlen(ok));
    assert_int_equal(bm_text_check(ok, strlen(ok), 0, &bad), 6);
    assert_int_equal(bad, '\n');
    const char *nc = "ab\xEF\xBF\xBF" "c";           /* U+FFFF */
    assert_int_equal(bm_text_check(nc, strlen(nc), 1, &bad), 2);
    assert_int_equal(bad, 0xFFFF);
    const char *pl = "\xF3\xBF\xBF\xBE";           /* U+FFFFE */
    assert_int_equal(bm_text_check(pl, strlen(pl), 1, &bad), 0);
    assert_int_equal(bad, 0xFFFFE);
    assert_non_null(bm_char_refused(0xFDD0, 1));
    assert_non_null(bm_char_refused(0x9F, 1));
    assert_non_null(bm_char_refused(0x7F, 1));
    assert_null(bm_char_refused(0xE000, 1));      /* private use is text */
    assert_null(bm_char_refused(0xFDF0, 1));
    assert_int_equal(bm_text_check("\xFF", 1, 1, &bad), 0);
    assert_int_equal(bad, BM_CP_INVALID);

    bm_error e;
    bm_error_init(&e);
    assert_int_equal(bm_check_option_text("--title", "河西日报", 40, &e), BM_OK);
    assert_int_equal(bm_check_option_text("--title", " \xE3\x80\x80", 40, &e),
                     BM_USAGE);
    assert_non_null(strstr(e.msg, "--title is empty"));
    bm_error_init(&e);
    assert_int_equal(bm_check_option_text("--title", "河西日报", 3, &e), BM_USAGE);
    assert_non_null(strstr(e.msg, "4 characters, more than the 3"));

    assert_true(bm_date_valid("2024-02-29"));
    assert_false(bm_date_valid("2026-02-29"));
    assert_false(bm_date_valid("2026-02-31"));
    assert_false(bm_date_valid("2026-04-31"));
    assert_false(bm_date_valid("0999-01-01"));
    assert_false(bm_date_valid("2026-1-01"));
    assert_false(bm_date_valid(NULL));

    static const char *const good[] = {"zh", "zh-CN", "zh-Hans-CN", "zh-yue-HK",
        "de-CH-1901", "sl-rozaj-biske", "en-US-u-ca-gregory", "x-whatever",
        "zh-CN-x-hexi", "es-419", "ZH-cn", NULL};
    static const char *const badtags[] = {"", "zh_CN", "zh--CN", "-zh", "zh-",
        "中文", "z", "zh-CN-", "toolongtag", "en-a", "x", "zh-Hans-CN-x", NULL};
    for (const char *const *t = good; *t; t++)
        if (!bm_lang_valid(*t))
            fail_msg("'%s' is a well-formed tag", *t);
    for (const char *const *t = badtags; *t; t++)
        if (bm_lang_valid(*t))
            fail_msg("'%s' is not a well-formed tag", *t);
    char fixed[16];
    assert_true(bm_lang_repair("zh_Hant_TW", fixed, sizeof fixed));
    assert_string_equal(fixed, "zh-Hant-TW");
    assert_false(bm_lang_repair("中文", fixed, sizeof fixed));

    setenv("SOURCE_DATE_EPOCH", "253402300799", 1);
    bm_error_init(&e);
    assert_int_equal(bm_source_date_check(&e), BM_OK);
    setenv("SOURCE_DATE_EPOCH", "253402300800", 1);
    assert_int_equal(bm_source_date_check(&e), BM_USAGE);
    setenv("SOURCE_DATE_EPOCH", "1e9", 1);
    bm_error_init(&e);
    assert_int_equal(bm_source_date_check(&e), BM_USAGE);
    assert_non_null(strstr(e.msg, "SOURCE_DATE_EPOCH"));
    unsetenv("SOURCE_DATE_EPOCH");
    bm_error_init(&e);
    assert_int_equal(bm_source_date_check(&e), BM_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(arena_alloc_zeroed_aligned),
        cmocka_unit_test(arena_grow_keeps_bytes),
        cmocka_unit_test(arena_mark_release),
        cmocka_unit_test(arena_move_keeps_what_slots_show),
        cmocka_unit_test(error_first_wins),
        cmocka_unit_test(error_owns_file_name),
        cmocka_unit_test(diags_said_once),
        cmocka_unit_test(utf8_roundtrip_and_reject),
        cmocka_unit_test(buf_json_escapes),
        cmocka_unit_test(atomic_write_commit_and_fail),
        cmocka_unit_test(atomic_temp_names),
        cmocka_unit_test(read_refuses_special_files),
        cmocka_unit_test(source_date_epoch),
        cmocka_unit_test(check_strings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
