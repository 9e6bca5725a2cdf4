/*
 * report.c - how banmian tells the user about errors and warnings, and
 * where it finds its data files.
 */
#include "cli.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void print_loc(FILE *fp, const char *prefix, const char *file,
                      int line, int col)
{
    if (prefix)
        fprintf(fp, "%s: ", prefix);
    if (file) {
        fputs(file, fp);
        if (line > 0) {
            fprintf(fp, ":%d", line);
            if (col > 0)
                fprintf(fp, ":%d", col);
        }
        fputs(": ", fp);
    } else if (!prefix) {
        fputs("banmian: ", fp);
    }
}

int bm_cli_report(const bm_error *err)
{
    return bm_cli_report_in(NULL, err);
}

int bm_cli_report_in(const char *prefix, const bm_error *err)
{
    print_loc(stderr, prefix, bm_error_file(err), err->line, err->col);
    fprintf(stderr, "error: %s\n",
            err->msg[0] ? err->msg : bm_status_name(err->code));
    int code = bm_status_exit(err->code);
    return code ? code : 3;
}

void bm_cli_print_diags(const bm_diags *d, int quiet)
{
    bm_cli_print_diags_in(NULL, d, quiet);
}

void bm_cli_print_diags_in(const char *prefix, const bm_diags *d, int quiet)
{
    for (const bm_diag *g = d->first; g; g = g->next) {
        if (quiet && g->sev == BM_NOTE)
            continue;
        print_loc(stderr, prefix, g->file, g->line, g->col);
        fprintf(stderr, "%s: %s\n",
                g->sev == BM_ERROR_DIAG ? "error"
                : g->sev == BM_WARNING  ? "warning"
                                        : "note",
                g->msg);
    }
}

int bm_cli_usage_error(const char *cmd, const char *fmt, ...)
{
    fprintf(stderr, "banmian %s: ", cmd);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, " (try 'banmian %s --help')\n", cmd);
    return 2;
}

static int is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *bm_cli_datadir(void)
{
    static char dir[PATH_MAX];
    if (dir[0])
        return dir;
    const char *env = getenv("BANMIAN_DATA");
    if (env && *env) {
        snprintf(dir, sizeof dir, "%s", env);
        return dir;
    }
    /* the source tree: <tree>/build/banmian or <tree>/build/asan/banmian */
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        for (int up = 0; up < 3; up++) {
            char *slash = strrchr(exe, '/');
            if (!slash)
                break;
            *slash = '\0';
            char probe[PATH_MAX + 32];
            snprintf(probe, sizeof probe, "%s/layouts", exe);
            int found = is_dir(probe);
            snprintf(probe, sizeof probe, "%s/fonts/fonts.conf", exe);
            found = found || access(probe, R_OK) == 0;
            if (found && strlen(exe) < sizeof dir) {
                memcpy(dir, exe, strlen(exe) + 1);
                return dir;
            }
            snprintf(probe, sizeof probe, "%s/share/banmian", exe);
            if (is_dir(probe) && strlen(probe) < sizeof dir) {
                memcpy(dir, probe, strlen(probe) + 1);
                return dir;
            }
        }
    }
    snprintf(dir, sizeof dir, "%s", "/usr/local/share/banmian");
    return dir;
}
