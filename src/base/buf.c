/*
 * buf.c - growable heap byte buffer, with JSON string escaping.
 */
#include "base.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void bm_buf_init(bm_buf *b)
{
    b->data = NULL;
    b->len = b->cap = 0;
}

void bm_buf_free(bm_buf *b)
{
    free(b->data);
    bm_buf_init(b);
}

static void reserve(bm_buf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1)
        cap *= 2;
    b->data = bm_xrealloc(b->data, cap);
    b->cap = cap;
}

void bm_buf_append(bm_buf *b, const void *data, size_t n)
{
    reserve(b, n);
    if (n)
        memcpy(b->data + b->len, data, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void bm_buf_puts(bm_buf *b, const char *s)
{
    bm_buf_append(b, s, strlen(s));
}

void bm_buf_printf(bm_buf *b, const char *fmt, ...)
{
    /* formatted once into the room there is (most calls are short), and
     * again only when it did not fit */
    reserve(b, 64);
    size_t room = b->cap - b->len;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(b->data + b->len, room, fmt, ap);
    va_end(ap);
    if (n <= 0) {
        b->data[b->len] = '\0';
        return;
    }
    if ((size_t)n >= room) {
        reserve(b, (size_t)n);
        va_start(ap, fmt);
        vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    b->len += (size_t)n;
}

void bm_buf_json_str(bm_buf *b, const char *s, size_t n)
{
    bm_buf_append(b, "\"", 1);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"':  bm_buf_append(b, "\\\"", 2); break;
        case '\\': bm_buf_append(b, "\\\\", 2); break;
        case '\n': bm_buf_append(b, "\\n", 2); break;
        case '\r': bm_buf_append(b, "\\r", 2); break;
        case '\t': bm_buf_append(b, "\\t", 2); break;
        default:
            if (c < 0x20)
                bm_buf_printf(b, "\\u%04x", c);
            else
                bm_buf_append(b, &s[i], 1);
        }
    }
    bm_buf_append(b, "\"", 1);
}

void bm_buf_put_pt(bm_buf *b, bm_fix v)
{
    if (v < 0) {
        bm_buf_puts(b, "-");
        v = -v;
    }
    long frac = (long)(v % 64) * 15625; /* millionths */
    bm_buf_printf(b, "%ld", (long)(v / 64));
    if (frac) {
        char d[8];
        snprintf(d, sizeof d, "%06ld", frac);
        size_t n = strlen(d);
        while (n && d[n - 1] == '0')
            d[--n] = '\0';
        bm_buf_printf(b, ".%s", d);
    }
}
