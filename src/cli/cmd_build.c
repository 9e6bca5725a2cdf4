/*
 * cmd_build.c - 'banmian build'.
 */
#include "cli.h"

int bm_cmd_build(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "banmian build: not available in this build yet\n");
    return 3;
}
