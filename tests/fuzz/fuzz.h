/*
 * fuzz.h - shared by the libFuzzer harnesses and the replay driver that
 * `make check` uses to run every seed under ASan/UBSan without libFuzzer.
 */
#ifndef BM_FUZZ_H
#define BM_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* The source tree (fonts/, layouts/): $BANMIAN_ROOT, else the tree the
 * harness was built from. */
const char *bm_fuzz_root(void);

/* A fresh empty directory under $TMPDIR for this process (reused). */
const char *bm_fuzz_tmpdir(void);

/* The project's font set (fonts/fonts.conf), opened on the first call and
 * closed at exit, so LeakSanitizer sees a clean exit. */
struct bm_fontset *bm_fuzz_fonts(void);

/* Stops the run with a message: an invariant of the harness broke. */
void bm_fuzz_fail(const char *what, const char *detail)
    __attribute__((noreturn));

#endif
