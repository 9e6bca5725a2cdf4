/*
 * cmd_import.c - 'banmian import'.
 */
#include "cli.h"

int bm_cmd_import(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "banmian import: not available in this build yet\n");
    return 3;
}
