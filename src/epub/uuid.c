/*
 * uuid.c - the package's stable identifier: a name-based (version 5) UUID,
 * RFC 4122 section 4.3, so that every build of the same issue carries the
 * same dc:identifier and a reading system replaces the old copy instead of
 * keeping two.  SHA-1 is written out here (FIPS 180-4) because no library
 * the project already links offers it in its public API.
 */
#include "epub_private.h"

#include <stdlib.h>
#include <string.h>

static uint32_t rol(uint32_t x, int n)
{
    return (x << n) | (x >> (32 - n));
}

static void block(uint32_t h[5], const unsigned char *p)
{
    uint32_t w[80];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
               (uint32_t)p[4 * i + 2] << 8 | (uint32_t)p[4 * i + 3];
    for (int i = 16; i < 80; i++)
        w[i] = rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
    for (int i = 0; i < 80; i++) {
        uint32_t f, k;
        if (i < 20)
            f = (b & c) | (~b & d), k = 0x5A827999;
        else if (i < 40)
            f = b ^ c ^ d, k = 0x6ED9EBA1;
        else if (i < 60)
            f = (b & c) | (b & d) | (c & d), k = 0x8F1BBCDC;
        else
            f = b ^ c ^ d, k = 0xCA62C1D6;
        uint32_t t = rol(a, 5) + f + e + k + w[i];
        e = d, d = c, c = rol(b, 30), b = a, a = t;
    }
    h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e;
}

void ep_sha1(const void *data, size_t n, unsigned char out[20])
{
    uint32_t h[5] = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476,
                     0xC3D2E1F0};
    const unsigned char *p = data;
    size_t left = n;
    while (left >= 64) {
        block(h, p);
        p += 64, left -= 64;
    }
    unsigned char tail[128] = {0};
    memcpy(tail, p, left);
    tail[left] = 0x80;
    size_t tl = left + 9 <= 64 ? 64 : 128;
    uint64_t bits = (uint64_t)n * 8;
    for (int i = 0; i < 8; i++)
        tail[tl - 1 - i] = (unsigned char)(bits >> (8 * i));
    block(h, tail);
    if (tl == 128)
        block(h, tail + 64);
    for (int i = 0; i < 5; i++) {
        out[4 * i] = (unsigned char)(h[i] >> 24);
        out[4 * i + 1] = (unsigned char)(h[i] >> 16);
        out[4 * i + 2] = (unsigned char)(h[i] >> 8);
        out[4 * i + 3] = (unsigned char)h[i];
    }
}

void ep_uuid5(const char *name, char out[37])
{
    /* NameSpace_URL, 6ba7b811-9dad-11d1-80b4-00c04fd430c8 */
    static const unsigned char ns[16] = {0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad,
                                         0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0,
                                         0x4f, 0xd4, 0x30, 0xc8};
    size_t n = strlen(name);
    unsigned char *buf = bm_xmalloc(16 + n);
    memcpy(buf, ns, 16);
    memcpy(buf + 16, name, n);
    unsigned char h[20];
    ep_sha1(buf, 16 + n, h);
    free(buf);
    h[6] = (unsigned char)((h[6] & 0x0F) | 0x50);
    h[8] = (unsigned char)((h[8] & 0x3F) | 0x80);
    static const char hex[] = "0123456789abcdef";
    char *o = out;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            *o++ = '-';
        *o++ = hex[h[i] >> 4];
        *o++ = hex[h[i] & 15];
    }
    *o = '\0';
}
