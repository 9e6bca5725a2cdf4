/* cmd_import_xml.c - placeholder until `import --xml` lands (issue 2). */
#include "cli.h"

int bm_cli_import_xml(struct bm_edition *ed, const char *outdir)
{
    (void)ed, (void)outdir;
    fprintf(stderr, "banmian import: --xml is not available in this build yet\n");
    return 3;
}
