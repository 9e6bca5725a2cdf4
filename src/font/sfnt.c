/*
 * sfnt.c - the few tables of a font file the PDF back end needs, read
 * straight from the bytes of a subset (OpenType/TrueType "sfnt" container:
 * a table directory of tag, checksum, offset, length, big-endian).
 *
 * Why not FreeType or HarfBuzz here: the caller needs a pointer into the
 * very bytes it embeds (the bare CFF table for FontFile3), and the head
 * table's box in font units, both a few lines of reading.
 */
#include "font_private.h"

#include <string.h>

static unsigned be16(const unsigned char *p)
{
    return (unsigned)p[0] << 8 | p[1];
}

static size_t be32(const unsigned char *p)
{
    return (size_t)p[0] << 24 | (size_t)p[1] << 16 | (size_t)p[2] << 8 | p[3];
}

int bm_font_sfnt_table(const unsigned char *d, size_t n, const char *tag,
                       const unsigned char **t, size_t *tlen)
{
    if (n < 12)
        return 0;
    unsigned nt = be16(d + 4);
    for (unsigned i = 0; i < nt && 12 + 16 * (size_t)i + 16 <= n; i++) {
        const unsigned char *r = d + 12 + 16 * i;
        if (memcmp(r, tag, 4) != 0)
            continue;
        size_t off = be32(r + 8), len = be32(r + 12);
        if (off > n || len > n - off)
            return 0;
        *t = d + off;
        *tlen = len;
        return 1;
    }
    return 0;
}

void bm_font_sfnt_bbox(const unsigned char *d, size_t n, int bbox[4])
{
    const unsigned char *h;
    size_t len;
    bbox[0] = bbox[1] = 0;
    bbox[2] = bbox[3] = 1000;
    if (!bm_font_sfnt_table(d, n, "head", &h, &len) || len < 54)
        return;
    int upem = (int)be16(h + 18);
    if (upem <= 0)
        return;
    for (int k = 0; k < 4; k++)
        bbox[k] = (int)(int16_t)be16(h + 36 + 2 * k) * 1000 / upem;
}
