/*
 * cli.h - sub-commands.  Only src/cli/ prints and picks exit codes.
 * Each command returns the process exit status (DESIGN.md: 0 success,
 * 1 bad input, 2 usage, 3 I/O or internal).
 */
#ifndef BM_CLI_H
#define BM_CLI_H

#include "../base/base.h"

#define BM_VERSION "0.1.0"

int bm_cmd_import(int argc, char **argv);
int bm_cmd_build(int argc, char **argv);
int bm_cmd_check(int argc, char **argv);
int bm_cmd_fonts(int argc, char **argv);

/* `import --xml -o DIR` (cmd_import_xml.c): writes page `pg` of `ed` as an
 * edition directory; returns the exit status. */
struct bm_edition;
int bm_cli_import_xml(struct bm_edition *ed, const char *outdir);

/* Prints `file:line:col: error: msg` (parts that are unknown left out) to
 * stderr and returns the exit code for err->code. */
int  bm_cli_report(const bm_error *err);
/* Prints every diagnostic as `file:line:col: warning: msg`. */
/* Prints diagnostics to stderr, file:line:col first; notes are left out
 * when `quiet` (build -q: errors and warnings only). */
void bm_cli_print_diags(const bm_diags *d, int quiet);
/* The same, each line starting with `prefix: ` (a batch's edition). */
int  bm_cli_report_in(const char *prefix, const bm_error *err);
void bm_cli_print_diags_in(const char *prefix, const bm_diags *d, int quiet);
/* Prints `banmian CMD: msg` and returns 2. */
int  bm_cli_usage_error(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * Where banmian finds its data (fonts/fonts.conf, layouts/, schemas):
 * $BANMIAN_DATA, else the source tree next to the executable
 * (build/../), else PREFIX/share/banmian.  Returns a static string.
 */
const char *bm_cli_datadir(void);

#endif
