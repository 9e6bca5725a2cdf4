/*
 * base.h - arena, errors and diagnostics, UTF-8 helpers, byte buffers and
 * atomic file writes.  Depends on no other stage.
 *
 * Lengths are integers in 1/64 pt (bm_fix) everywhere outside src/pdf/, so
 * output is the same on every machine.
 */
#ifndef BM_BASE_H
#define BM_BASE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* ---- fixed-point lengths ---------------------------------------------- */

typedef int32_t bm_fix;               /* 1/64 pt */
#define BM_FIX_ONE 64                 /* 1 pt */
#define BM_PT(x) ((bm_fix)((x) * 64))
#define BM_MM(x) ((bm_fix)((x) * 64.0 * 72.0 / 25.4 + 0.5))

/* ---- status codes and errors -------------------------------------------- */

typedef enum bm_status {
#define BM_STATUS(name, exit_code, msg) BM_##name,
#include "status.def"
#undef BM_STATUS
    BM_STATUS_COUNT
} bm_status;

/*
 * The first error wins: bm_error_set() does nothing when err already holds
 * an error, so callers return the code unchanged up the stack.
 *
 * An error owns its file name: bm_error_set() copies it, so the error stays
 * right after the arena or buffer the name came from is freed (the CLI
 * prints it after the edition is gone).  A name longer than the buffer
 * keeps its end, after "...", which is the part that tells files apart.
 */
#define BM_ERROR_FILE_MAX 4096

typedef struct bm_error {
    bm_status   code;       /* from status.def */
    char        file[BM_ERROR_FILE_MAX]; /* input file (a copy), "" = none */
    int         line, col;  /* 1-based; 0 = unknown */
    char        msg[256];   /* what is wrong, what to do */
} bm_error;

void        bm_error_init(bm_error *err);
/* Sets err (if still clear) and returns code; `file` (or NULL) is copied. */
bm_status   bm_error_set(bm_error *err, bm_status code, const char *file,
                         int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
/* Names the file and position of an error that has none yet (a caller that
 * knows where the failing text came from); does nothing to a clear err. */
void        bm_error_locate(bm_error *err, const char *file, int line, int col);
/* err->file, or NULL when the error names no file. */
const char *bm_error_file(const bm_error *err);
const char *bm_status_name(bm_status code);
int         bm_status_exit(bm_status code);

/* ---- arena --------------------------------------------------------------- */

/*
 * An arena hands out memory that is released all at once by bm_arena_free().
 * Running out of memory aborts here, in this one place [cmark xcalloc].
 */
typedef struct bm_arena bm_arena;

bm_arena *bm_arena_new(void);
void      bm_arena_free(bm_arena *a);
/* Releases everything but keeps the first chunk for reuse (scratch arenas). */
void      bm_arena_reset(bm_arena *a);
void     *bm_arena_alloc(bm_arena *a, size_t n);          /* zeroed, 16-aligned */
void     *bm_arena_grow(bm_arena *a, void *old, size_t oldn, size_t newn);
char     *bm_arena_strndup(bm_arena *a, const char *s, size_t n);
char     *bm_arena_strdup(bm_arena *a, const char *s);
char     *bm_arena_printf(bm_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
size_t    bm_arena_used(const bm_arena *a);
/* A big block (more than 16 KB, so in a chunk of its own) goes back to the
 * heap now, before the arena does; any other block stays until then.  The
 * block, and every pointer into it, must not be used after. */
void      bm_arena_free_block(bm_arena *a, void *p);

/*
 * A mark, and releasing back to it: what was made from `a` since the mark
 * is gone (a trial's lines whose only use is a measure), what was made
 * before it stays, and a block from before it never grows in place (so it
 * is never cut).  Marks nest; release or unmark the innermost first.
 */
typedef struct bm_arena_mark {
    void         *chunk;
    size_t        used, total;
    unsigned long seq;
    void         *keep_chunk;
    size_t        keep_used;
} bm_arena_mark;
void bm_arena_mark_get(bm_arena *a, bm_arena_mark *m);
void bm_arena_release(bm_arena *a, const bm_arena_mark *m);
/* Drops the mark and keeps what was made since. */
void bm_arena_unmark(bm_arena *a, const bm_arena_mark *m);

/*
 * bm_arena_move - the blocks some slots point at, moved from `from` into
 * `to`; then `from` is gone (as after bm_arena_free).  refs[i].slot holds
 * a pointer to a block of refs[i].size bytes: a block inside `from` is
 * copied into `to` and the slot set to the copy; a pointer elsewhere
 * (NULL, static, the heap, another arena) is left as it is.  Slots holding
 * the same address share one copy, of the largest size given for it (a
 * pointer into the middle of a block gets a copy of its own).  `from`'s
 * chunks go back to the heap as soon as no slot still to be set points
 * into them, so moving takes little more memory than the blocks moved:
 * the live part of an arena full of trials (a LayoutDoc) is kept without
 * the rest.  No slot may lie inside `from`, nothing inside a moved block
 * is followed, and `to` is not `from`; the order of `refs` changes.
 */
typedef struct bm_arena_ref {
    void  **slot;
    size_t  size;
} bm_arena_ref;
void bm_arena_move(bm_arena *from, bm_arena *to, bm_arena_ref *refs,
                   size_t n);

/* The heap's free pages handed back to the kernel now (glibc's
 * malloc_trim; nothing elsewhere).  Freed memory in the middle of the heap
 * otherwise stays resident until the heap reuses it, which memory read
 * from files (a font subset's) never does. */
void bm_heap_trim(void);

/* The processors this process may run on (its CPU affinity; at least 1). */
long bm_cpus(void);

/* Aborting malloc/realloc for memory that lives outside arenas. */
void *bm_xmalloc(size_t n);
void *bm_xrealloc(void *p, size_t n);

/*
 * Test hook [SQLite]: when set to N > 0, the Nth later call of
 * bm_fault_alloc()/bm_fault_write() reports failure.  Stages call them at
 * points where a failure can be reported cleanly (not inside the arena).
 */
void bm_fault_set(long nth_alloc, long nth_write);
int  bm_fault_armed(void);  /* 1 = a fault is pending (run on one thread) */
int  bm_fault_alloc(void);   /* 1 = pretend this allocation failed */
int  bm_fault_write(void);   /* 1 = pretend this write failed */
/* The Nth later bm_fault_write() first stops the process (SIGSTOP), so a
 * test can send a signal while an output is half-written. */
void bm_fault_set_pause(long nth_write);

/* ---- growable byte buffer (heap, not arena) ------------------------------ */

typedef struct bm_buf {
    char  *data;   /* always NUL-terminated when len > 0 or after any append */
    size_t len, cap;
} bm_buf;

void bm_buf_init(bm_buf *b);
void bm_buf_free(bm_buf *b);
void bm_buf_append(bm_buf *b, const void *data, size_t n);
void bm_buf_puts(bm_buf *b, const char *s);
/* A length in 1/64 pt as pt with exact decimals (1/64 pt = 0.015625, no
 * trailing zeros): the --dump-layout and zones.json form. */
void bm_buf_put_pt(bm_buf *b, bm_fix v);
void bm_buf_printf(bm_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Appends s as a JSON string literal (with quotes), escaping as needed. */
void bm_buf_json_str(bm_buf *b, const char *s, size_t n);

/* ---- UTF-8 ---------------------------------------------------------------- */

/*
 * Decodes one code point at s[0..n).  Returns its length in bytes (1-4) and
 * stores it in *cp; returns 0 for an invalid or truncated sequence.
 * Inline for ASCII and the three-byte sequences of CJK text (the composer
 * and the line breaker decode every character several times: 5 million
 * calls at 64 pages); bm_utf8_decode_any (utf8.c) does every case.
 */
int    bm_utf8_decode_any(const char *s, size_t n, uint32_t *cp);
static inline int bm_utf8_decode(const char *str, size_t n, uint32_t *cp)
{
    const unsigned char *s = (const unsigned char *)str;
    if (n && s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    if (n >= 3 && (s[0] & 0xF0) == 0xE0 && (s[1] & 0xC0) == 0x80 &&
        (s[2] & 0xC0) == 0x80) {
        uint32_t v = (uint32_t)(s[0] & 0x0F) << 12 |
                     (uint32_t)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
        if (v >= 0x800 && (v < 0xD800 || v > 0xDFFF)) {
            *cp = v;
            return 3;
        }
    }
    return bm_utf8_decode_any(str, n, cp);
}
/* Encodes cp into out (>= 4 bytes); returns the length. */
int    bm_utf8_encode(uint32_t cp, char *out);
/*
 * Writes s[0..n) as UTF-16BE (no byte order mark) into out, which holds at
 * least 2 * n bytes; an invalid sequence becomes U+FFFD.  Returns the number
 * of bytes written.
 */
size_t bm_utf8_to_utf16be(const char *s, size_t n, unsigned char *out);
/* Returns the byte offset of the first invalid sequence, or n if valid. */
size_t bm_utf8_check(const char *s, size_t n);
size_t bm_utf8_count(const char *s, size_t n);   /* code points */

/* ---- checks on strings from outside (check.c) ------------------------------ */

/* bm_text_check's *bad for an invalid UTF-8 sequence. */
#define BM_CP_INVALID 0xFFFFFFFFu

/*
 * What code point cp is when text may not hold it ("a control character",
 * "a noncharacter", "a line break"), or NULL when it may.  Refused: C0
 * controls (line feed only when !newline_ok), DEL, C1 controls and the 66
 * noncharacters.  The rule for every string that reaches the model.
 */
const char *bm_char_refused(uint32_t cp, int newline_ok);
/*
 * Byte offset of the first invalid UTF-8 sequence or refused character in
 * s[0..n), or n when there is none; *bad is that character (BM_CP_INVALID
 * for invalid UTF-8).
 */
size_t bm_text_check(const char *s, size_t n, int newline_ok, uint32_t *bad);
/* The message for bm_text_check's finding at s[off] ("U+FFFF is a
 * noncharacter, …: remove it"), into buf. */
void   bm_text_why(uint32_t bad, const char *s, size_t off, char *buf,
                   size_t size);
/*
 * A one-line text given as an option or environment variable `what`
 * ("--title"): valid UTF-8, no refused character, not blank, at most
 * max_chars characters (0: any).  BM_USAGE with a message naming `what`
 * and the character's position otherwise.
 */
bm_status bm_check_option_text(const char *what, const char *s,
                               size_t max_chars, bm_error *err);
/* The longest masthead title and page section name, in characters: the
 * page furniture sets them in any layout's masthead and running head. */
#define BM_TITLE_MAX   40
#define BM_SECTION_MAX 24
/* A calendar date written YYYY-MM-DD, year 1000-9999 (the one date rule). */
int  bm_date_valid(const char *s);
/* SOURCE_DATE_EPOCH unset, or digits giving a time up to 9999-12-31
 * 23:59:59 UTC; BM_USAGE naming it otherwise. */
bm_status bm_source_date_check(bm_error *err);
/* A well-formed BCP 47 language tag (RFC 5646 2.1: zh, zh-CN, zh-Hans-CN,
 * x-private …); the registry is not consulted. */
int  bm_lang_valid(const char *tag);
/* `tag` with '_' written as '-' (zh_CN, a POSIX locale name) into out, if
 * that makes it well-formed: 1; else 0. */
int  bm_lang_repair(const char *tag, char *out, size_t size);

/* ---- diagnostics (warnings) ---------------------------------------------- */

typedef enum bm_severity { BM_NOTE, BM_WARNING, BM_ERROR_DIAG } bm_severity;

typedef struct bm_diag {
    bm_severity      sev;
    const char      *file;   /* arena-owned copy or NULL */
    int              line, col;
    const char      *msg;
    struct bm_diag  *next;
} bm_diag;

/* A list of warnings collected during a run; lives in an arena.  A
 * warning already in the list (the same severity, place and message: a
 * headline set again at another width warns again) is not added twice. */
typedef struct bm_diags {
    bm_arena *arena;
    bm_diag  *first, *last;
    size_t    count;
    bm_diag **seen;    /* open addressing on the warning's hash: its */
    size_t    nseen;   /* slots (a power of two, or 0) */
} bm_diags;

void bm_diags_init(bm_diags *d, bm_arena *a);
void bm_diags_add(bm_diags *d, bm_severity sev, const char *file, int line,
                  int col, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* ---- files ------------------------------------------------------------------ */

/*
 * Reads a whole file into arena memory (NUL-terminated).  Opens it without
 * blocking and refuses anything but a regular file (a FIFO, a device, a
 * directory) with BM_INPUT naming the file and its kind, so no input can
 * hang a run; refuses files larger than max_bytes with BM_INPUT.
 */
bm_status bm_file_read(const char *path, bm_arena *a, size_t max_bytes,
                       char **data, size_t *len, bm_error *err);

/* The same checks without reading, for a file another library opens by
 * name (a font face): BM_OK when it is a regular file that opens. */
bm_status bm_file_check(const char *path, bm_error *err);

/*
 * Atomic write: bm_atomic_open() creates ".NAME.XXXXXXXX.tmp" beside path
 * (NAME its base name, XXXXXXXX random) with O_CREAT|O_EXCL|O_NOFOLLOW, so
 * nothing planted under a predictable name is followed or overwritten;
 * bm_atomic_commit() flushes, closes and renames it over path;
 * bm_atomic_abort() closes and removes it.  A failed run never leaves a
 * half-written file behind, and, with bm_tmp_cleanup_on_signals(), neither
 * does SIGINT, SIGTERM or SIGHUP.
 */
typedef struct bm_atomic {
    FILE *fp;
    char *path;      /* heap */
    char *tmp;       /* heap */
    int   slot;      /* in the signal cleanup list, or -1 */
} bm_atomic;

bm_status bm_atomic_open(bm_atomic *w, const char *path, bm_error *err);
bm_status bm_atomic_write(bm_atomic *w, const void *data, size_t n, bm_error *err);
bm_status bm_atomic_commit(bm_atomic *w, bm_error *err);
void      bm_atomic_abort(bm_atomic *w);
/* Convenience: write a whole buffer atomically. */
bm_status bm_file_write_atomic(const char *path, const void *data, size_t n,
                               bm_error *err);

/*
 * Temporary names and the signal cleanup list.  bm_tmp_name() returns
 * "DIR/.BASE.XXXXXXXX" + suffix for path DIR/BASE (heap, yours to free;
 * XXXXXXXX random).  bm_tmp_register() adds a path (a copy) to the list a
 * fatal signal removes, files first, then empty folders; it returns a slot
 * for bm_tmp_release() (-1 when the list is full).
 * bm_tmp_cleanup_on_signals() installs the handler for SIGINT, SIGTERM and
 * SIGHUP (not for one ignored at start); it removes what is listed, then
 * the process dies of the signal.  Only the CLI installs it.
 */
char *bm_tmp_name(const char *path, const char *suffix);
/* Creates a new temporary file for `path` (bm_tmp_name, O_CREAT|O_EXCL|
 * O_NOFOLLOW, a new name on a clash) and registers it: returns the open
 * descriptor, *tmp (heap) and *slot; -1 with errno on failure. */
int   bm_tmp_create(const char *path, char **tmp, int *slot);
int   bm_tmp_register(const char *path);
void  bm_tmp_release(int slot);
void  bm_tmp_cleanup_on_signals(void);

/* Joins dir and name with one '/', in arena memory. */
char *bm_path_join(bm_arena *a, const char *dir, const char *name);
/* Directory part of path ("." if none), in arena memory. */
char *bm_path_dir(bm_arena *a, const char *path);

/*
 * SOURCE_DATE_EPOCH if set and valid, else `fallback`.  Every timestamp
 * written into an output file goes through here (determinism).
 */
long long bm_source_date(long long fallback);

#endif
