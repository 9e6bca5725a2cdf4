/*
 * cmd_fonts.c - 'banmian fonts'.
 */
#include "cli.h"

int bm_cmd_fonts(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "banmian fonts: not available in this build yet\n");
    return 3;
}
