/*
 * test_raster.c - page images on a LayoutDoc built by hand (no fonts):
 * the page's pixel size, rules snapped to whole pixels, a frame's four
 * sides inside its rectangle, white elsewhere; the PNG encoder's header
 * and chunks (RGB, pHYs, no time), the same bytes twice; the thumbnail's
 * size; the zones' pixel edges.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "raster/raster.h"

typedef struct fixture {
    bm_layout_doc doc;
    bm_lpage      page;
    bm_box        boxes[2];
} fixture;

/* 100 x 50 pt; a 0.5 pt rule across at y = 10 pt; a 1 pt frame at
 * (50, 20, 40, 20) pt. */
static void make(fixture *fx)
{
    memset(fx, 0, sizeof *fx);
    fx->doc.arena = bm_arena_new();
    fx->doc.pages = &fx->page;
    fx->doc.npages = 1;
    fx->page.number = 1;
    fx->page.width = BM_PT(100);
    fx->page.height = BM_PT(50);
    fx->boxes[0] = (bm_box){.kind = BM_BOX_RULE,
                            .rect = {BM_PT(0), BM_PT(10), BM_PT(100), BM_PT(0.5)}};
    fx->boxes[1] = (bm_box){.kind = BM_BOX_FRAME,
                            .rect = {BM_PT(50), BM_PT(20), BM_PT(40), BM_PT(20)},
                            .stroke = BM_PT(1)};
    fx->page.boxes = fx->boxes;
    fx->page.nboxes = 2;
}

/* 1 if the 4 bytes of tag occur in d[0..n) */
static int has_chunk(const unsigned char *d, size_t n, const char *tag)
{
    for (size_t i = 0; i + 4 <= n; i++)
        if (!memcmp(d + i, tag, 4))
            return 1;
    return 0;
}

static unsigned px(const bm_raster *r, int x, int y)
{
    return r->rgb[(size_t)y * r->stride + 3 * (size_t)x];
}

static void paints_rules_and_frames(void **state)
{
    (void)state;
    fixture fx;
    make(&fx);
    bm_error err;
    bm_error_init(&err);
    bm_rasterizer *rz;
    assert_int_equal(bm_rasterizer_open(&fx.doc, &rz, &err), BM_OK);
    bm_raster r;
    /* 144 dpi: 2 px a pt */
    assert_int_equal(bm_raster_page(rz, 0, 144, &r, &err), BM_OK);
    assert_int_equal(r.width, 200);
    assert_int_equal(r.height, 100);
    /* the rule: y 20..21 px exactly, one black row, white around */
    for (int x = 0; x < 200; x += 7) {
        assert_int_equal(px(&r, x, 20), 0);
        assert_int_equal(px(&r, x, 19), 255);
        assert_int_equal(px(&r, x, 21), 255);
    }
    /* the frame: 2 px sides inside (100, 40)-(180, 80) px */
    assert_int_equal(px(&r, 100, 60), 0);
    assert_int_equal(px(&r, 101, 60), 0);
    assert_int_equal(px(&r, 102, 60), 255);
    assert_int_equal(px(&r, 99, 60), 255);
    assert_int_equal(px(&r, 179, 60), 0);
    assert_int_equal(px(&r, 180, 60), 255);
    assert_int_equal(px(&r, 140, 40), 0);
    assert_int_equal(px(&r, 140, 79), 0);
    assert_int_equal(px(&r, 140, 60), 255);   /* inside stays white */
    assert_int_equal(px(&r, 10, 60), 255);

    /* PNG: RGB 8-bit, pHYs at 144 dpi, no time, the same bytes twice */
    unsigned char *a, *b;
    size_t na, nb;
    assert_int_equal(bm_raster_png(&r, &a, &na, &err), BM_OK);
    assert_int_equal(bm_raster_png(&r, &b, &nb, &err), BM_OK);
    assert_true(na == nb && memcmp(a, b, na) == 0);
    assert_memory_equal(a, "\x89PNG\r\n\x1a\n", 8);
    assert_int_equal(a[24], 8);   /* bit depth */
    assert_int_equal(a[25], 2);   /* colour type RGB */
    assert_true(has_chunk(a, na, "pHYs"));
    assert_false(has_chunk(a, na, "tIME"));
    free(a);
    free(b);

    bm_raster t;
    assert_int_equal(bm_raster_scale(&r, 30, &t, &err), BM_OK);
    assert_int_equal(t.width, 30);
    assert_int_equal(t.height, 15);
    bm_raster_free(&t);
    bm_raster_free(&r);

    /* a page that is not there */
    assert_int_equal(bm_raster_page(rz, 1, 72, &r, &err), BM_INTERNAL);
    bm_rasterizer_close(rz);
    bm_arena_free(fx.doc.arena);
}

/* A cover painted band by band ahead of its JPEG on a second thread is
 * the cover painted in line, byte for byte (700 px: six bands of 128
 * rows); a baseline JPEG with its JFIF header and nothing after its end. */
static void cover_painted_ahead_is_the_same(void **state)
{
    (void)state;
    fixture fx;
    make(&fx);
    bm_error err;
    bm_error_init(&err);
    unsigned char *jpg[3];
    size_t n[3];
    static const int how[3] = {0, BM_RASTER_AHEAD, BM_RASTER_AHEAD};
    for (int i = 0; i < 3; i++)
        assert_int_equal(bm_raster_cover(&fx.doc, 700, how[i], &jpg[i], &n[i],
                                         &err), BM_OK);
    for (int i = 1; i < 3; i++) {
        assert_int_equal(n[i], n[0]);
        assert_memory_equal(jpg[i], jpg[0], n[0]);
    }
    assert_true(n[0] > 20);
    assert_memory_equal(jpg[0], "\xff\xd8\xff\xe0", 4);   /* SOI, APP0 */
    assert_memory_equal(jpg[0] + 6, "JFIF", 5);
    assert_memory_equal(jpg[0] + n[0] - 2, "\xff\xd9", 2);  /* EOI */
    for (int i = 0; i < 3; i++)
        free(jpg[i]);
    bm_arena_free(fx.doc.arena);
}

static void pixel_sizes_and_edges(void **state)
{
    (void)state;
    /* pdftoppm's size: the ceiling (390 mm at 150 dpi: 2303.1 -> 2304) */
    assert_int_equal(bm_raster_px(BM_MM(390), 150), 2304);
    assert_int_equal(bm_raster_px(BM_PT(72), 150), 150);
    /* zone edges: the nearest pixel */
    assert_int_equal(bm_raster_edge(BM_PT(72), 150), 150);
    assert_int_equal(bm_raster_edge(BM_PT(0.24), 150), 0);
    assert_int_equal(bm_raster_edge(BM_PT(0.25), 150), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(paints_rules_and_frames),
        cmocka_unit_test(pixel_sizes_and_edges),
        cmocka_unit_test(cover_painted_ahead_is_the_same),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
