/*
 * main.c - banmian's entry point: global options and sub-command dispatch.
 */
#include "cli.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct command {
    const char *name;
    int (*run)(int, char **);
    const char *summary;
} commands[] = {
    {"build",  bm_cmd_build,  "lay out an edition and write its PDF and EPUB"},
    {"import", bm_cmd_import, "recover the structure of a raw page dump"},
    {"check",  bm_cmd_check,  "validate an edition and list every problem"},
    {"fonts",  bm_cmd_fonts,  "list font roles, files and coverage"},
};

static void usage(FILE *fp)
{
    fputs("banmian " BM_VERSION " - digital editions of Chinese newspapers\n"
          "\n"
          "Usage:\n"
          "  banmian build EDITION_DIR [-o OUT_DIR] [--layout NAME|FILE] [--pdf|--pdfa] [--epub]\n"
          "                            [--dump-layout FILE.json]\n"
          "  banmian build PAGE.txt... [-o OUT_DIR] ...   an edition straight from page dumps\n"
          "  banmian import PAGE.txt [--json | --xml -o DIR]\n"
          "  banmian check EDITION_DIR\n"
          "  banmian fonts [--coverage EDITION_DIR|FILE]\n"
          "  banmian --help | --version\n"
          "\n"
          "Commands:\n",
          fp);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(fp, "  %-8s %s\n", commands[i].name, commands[i].summary);
    fputs("\n'banmian COMMAND --help' describes a command.\n"
          "Exit status: 0 success, 1 bad input, 2 usage error, 3 I/O or internal error.\n",
          fp);
}

/*
 * Test hook [SQLite]: BANMIAN_FAULT_ALLOC=N / BANMIAN_FAULT_WRITE=N make the
 * Nth checked allocation or write fail, so tests can sweep N over a build
 * and check that every failure ends in a clean error with nothing left
 * behind (tests/e2e/faults.sh).  BANMIAN_PAUSE_WRITE=N stops the process
 * (SIGSTOP) at the Nth checked write, so a test can signal it while an
 * output is half-written (tests/e2e/hostile.sh).
 */
static void fault_hook(void)
{
    const char *a = getenv("BANMIAN_FAULT_ALLOC");
    const char *w = getenv("BANMIAN_FAULT_WRITE");
    const char *p = getenv("BANMIAN_PAUSE_WRITE");
    if ((a && *a) || (w && *w))
        bm_fault_set(a ? strtol(a, NULL, 10) : 0, w ? strtol(w, NULL, 10) : 0);
    if (p && *p)
        bm_fault_set_pause(strtol(p, NULL, 10));
}

int main(int argc, char **argv)
{
    fault_hook();
    /* SIGINT, SIGTERM, SIGHUP remove the temporary outputs, then end the
     * run as the signal would */
    bm_tmp_cleanup_on_signals();
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
        !strcmp(argv[1], "help")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("banmian %s\n", BM_VERSION);
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(argv[1], commands[i].name))
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "banmian: unknown command '%s' (try 'banmian --help')\n",
            argv[1]);
    return 2;
}
