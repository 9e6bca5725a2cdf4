/*
 * cmd_check.c - 'banmian check'.
 */
#include "cli.h"

int bm_cmd_check(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "banmian check: not available in this build yet\n");
    return 3;
}
