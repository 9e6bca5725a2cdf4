/*
 * test_pdf.c - the PDF back end on a LayoutDoc built by hand with the real
 * fontset: body Noto Serif CJK (CFF), kai AR PL (TrueType), 翀 and 𠀋
 * through the fallback chain in the kai line (UKai, a TTC), 𠀀 in
 * BabelStone Han, one character no font has (placeholder box).
 *
 * With BM_PDF_OUT=FILE set, also writes FILE (the PDF) and FILE.txt (the
 * text of the lines, one a line, in order) for tests/e2e/pdf.sh, which
 * checks them with pdffonts, pdftotext, mutool and qpdf.  With
 * BM_PDFA_OUT=FILE, writes FILE with --pdfa, a face's .notdef among its
 * glyphs, for tests/e2e/pdfa.sh (tests/tools/pdfa_check.py).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pdf/pdf_private.h"

/* tiny images made with pdftoppm from a test page */
static const unsigned char jpeg_bytes[] = {
  0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01,
  0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xdb, 0x00, 0x43,
  0x00, 0x1b, 0x12, 0x14, 0x17, 0x14, 0x11, 0x1b, 0x17, 0x16, 0x17, 0x1e,
  0x1c, 0x1b, 0x20, 0x28, 0x42, 0x2b, 0x28, 0x25, 0x25, 0x28, 0x51, 0x3a,
  0x3d, 0x30, 0x42, 0x60, 0x55, 0x65, 0x64, 0x5f, 0x55, 0x5d, 0x5b, 0x6a,
  0x78, 0x99, 0x81, 0x6a, 0x71, 0x90, 0x73, 0x5b, 0x5d, 0x85, 0xb5, 0x86,
  0x90, 0x9e, 0xa3, 0xab, 0xad, 0xab, 0x67, 0x80, 0xbc, 0xc9, 0xba, 0xa6,
  0xc7, 0x99, 0xa8, 0xab, 0xa4, 0xff, 0xdb, 0x00, 0x43, 0x01, 0x1c, 0x1e,
  0x1e, 0x28, 0x23, 0x28, 0x4e, 0x2b, 0x2b, 0x4e, 0xa4, 0x6e, 0x5d, 0x6e,
  0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4,
  0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4,
  0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4,
  0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4,
  0xa4, 0xa4, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x00, 0x08, 0x00, 0x06, 0x03,
  0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01, 0xff, 0xc4, 0x00,
  0x1f, 0x00, 0x00, 0x01, 0x05, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05,
  0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0xff, 0xc4, 0x00, 0xb5, 0x10, 0x00,
  0x02, 0x01, 0x03, 0x03, 0x02, 0x04, 0x03, 0x05, 0x05, 0x04, 0x04, 0x00,
  0x00, 0x01, 0x7d, 0x01, 0x02, 0x03, 0x00, 0x04, 0x11, 0x05, 0x12, 0x21,
  0x31, 0x41, 0x06, 0x13, 0x51, 0x61, 0x07, 0x22, 0x71, 0x14, 0x32, 0x81,
  0x91, 0xa1, 0x08, 0x23, 0x42, 0xb1, 0xc1, 0x15, 0x52, 0xd1, 0xf0, 0x24,
  0x33, 0x62, 0x72, 0x82, 0x09, 0x0a, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x25,
  0x26, 0x27, 0x28, 0x29, 0x2a, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a,
  0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4a, 0x53, 0x54, 0x55, 0x56,
  0x57, 0x58, 0x59, 0x5a, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a,
  0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x83, 0x84, 0x85, 0x86,
  0x87, 0x88, 0x89, 0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99,
  0x9a, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xb2, 0xb3,
  0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6,
  0xc7, 0xc8, 0xc9, 0xca, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9,
  0xda, 0xe1, 0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xf1,
  0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa, 0xff, 0xc4, 0x00,
  0x1f, 0x01, 0x00, 0x03, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01,
  0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05,
  0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0xff, 0xc4, 0x00, 0xb5, 0x11, 0x00,
  0x02, 0x01, 0x02, 0x04, 0x04, 0x03, 0x04, 0x07, 0x05, 0x04, 0x04, 0x00,
  0x01, 0x02, 0x77, 0x00, 0x01, 0x02, 0x03, 0x11, 0x04, 0x05, 0x21, 0x31,
  0x06, 0x12, 0x41, 0x51, 0x07, 0x61, 0x71, 0x13, 0x22, 0x32, 0x81, 0x08,
  0x14, 0x42, 0x91, 0xa1, 0xb1, 0xc1, 0x09, 0x23, 0x33, 0x52, 0xf0, 0x15,
  0x62, 0x72, 0xd1, 0x0a, 0x16, 0x24, 0x34, 0xe1, 0x25, 0xf1, 0x17, 0x18,
  0x19, 0x1a, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x35, 0x36, 0x37, 0x38, 0x39,
  0x3a, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4a, 0x53, 0x54, 0x55,
  0x56, 0x57, 0x58, 0x59, 0x5a, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69,
  0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x82, 0x83, 0x84,
  0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97,
  0x98, 0x99, 0x9a, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa,
  0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3, 0xc4,
  0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7,
  0xd8, 0xd9, 0xda, 0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea,
  0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa, 0xff, 0xda, 0x00,
  0x0c, 0x03, 0x01, 0x00, 0x02, 0x11, 0x03, 0x11, 0x00, 0x3f, 0x00, 0xe8,
  0x51, 0x4a, 0x9c, 0xed, 0x3f, 0x8b, 0x93, 0x45, 0x14, 0x50, 0x07, 0xff,
  0xd9
};

static const unsigned char png_bytes[] = {
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d,
  0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00, 0x06,
  0x08, 0x02, 0x00, 0x00, 0x00, 0x84, 0x99, 0xc3, 0x1c, 0x00, 0x00, 0x00,
  0x09, 0x70, 0x48, 0x59, 0x73, 0x00, 0x00, 0x00, 0x1c, 0x00, 0x00, 0x00,
  0x1c, 0x01, 0x78, 0x06, 0x89, 0x19, 0x00, 0x00, 0x00, 0x3c, 0x49, 0x44,
  0x41, 0x54, 0x08, 0xd7, 0x5d, 0xca, 0x41, 0x0d, 0xc0, 0x40, 0x08, 0x05,
  0xd1, 0xf9, 0x69, 0x71, 0x81, 0x0e, 0xc4, 0x60, 0x10, 0x59, 0x58, 0xa8,
  0x02, 0xb6, 0xa7, 0xdd, 0x34, 0x7d, 0xd7, 0x19, 0xcd, 0x0c, 0x20, 0x09,
  0x00, 0xee, 0xaa, 0x62, 0xcb, 0x4c, 0xad, 0xb5, 0xf8, 0xb8, 0x22, 0xc2,
  0xcc, 0x9e, 0x4d, 0xdd, 0x7d, 0xa2, 0xbb, 0xff, 0xff, 0x17, 0x89, 0x8d,
  0x18, 0x18, 0x8b, 0x97, 0x12, 0x4e, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
  0x4e, 0x44, 0xae, 0x42, 0x60, 0x82
};

typedef struct fixture {
    bm_edition *ed;
    bm_fontset *fs;
    bm_layout_doc doc;
    char dir[256];
} fixture;

static const char *conf_path(void)
{
    static char buf[512];
    const char *root = getenv("BANMIAN_ROOT");
    snprintf(buf, sizeof buf, "%s/fonts/fonts.conf", root ? root : ".");
    return buf;
}

/* Sets `text` as a line of `role` at (x, baseline): one glyph per code point,
 * each at its face's advance (a back end must not care how x was found). */
static void line(fixture *fx, bm_lpage *pg, bm_line_kind kind, bm_role role,
                 double size, double x, double baseline, const char *text,
                 int link)
{
    bm_arena *a = fx->doc.arena;
    size_t n = strlen(text);
    pg->lines = bm_arena_grow(a, pg->lines, pg->nlines * sizeof *pg->lines,
                              (pg->nlines + 1) * sizeof *pg->lines);
    bm_line *ln = &pg->lines[pg->nlines++];
    ln->kind = kind;
    ln->article_id = "a1";
    ln->role = role;
    ln->size = BM_PT(size);
    ln->text = bm_arena_strdup(a, text);
    ln->len = n;
    ln->glyphs = bm_arena_alloc(a, (n + 1) * sizeof *ln->glyphs);
    ln->link_page = link;
    bm_fix pen = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        int l = bm_utf8_decode(text + i, n - i, &cp);
        assert_true(l > 0);
        bm_glyph *g = &ln->glyphs[ln->nglyphs++];
        const bm_face *f = bm_fontset_pick(fx->fs, role, cp);
        g->x = pen;
        g->cluster = (uint32_t)i;
        g->nbytes = (uint32_t)l;
        if (f) {
            g->face = (uint32_t)bm_face_index(f);
            g->gid = bm_face_glyph(f, cp);
            g->adv = bm_face_advance(f, g->gid, ln->size);
        } else {
            g->face = BM_NO_FACE;
            g->adv = ln->size;
        }
        /* a little tracking, so the TJ adjustments are exercised */
        pen += g->adv + (cp == 0x3002 ? -ln->size / 2 : BM_PT(0.25));
        i += (size_t)l;
    }
    ln->rect.x = BM_PT(x);
    ln->rect.y = BM_PT(baseline - size);
    ln->rect.w = pen;
    ln->rect.h = BM_PT(size * 1.2);
    ln->baseline = BM_PT(baseline);
}

static bm_box *box(fixture *fx, bm_lpage *pg, bm_box_kind kind, double x,
                   double y, double w, double h)
{
    bm_arena *a = fx->doc.arena;
    pg->boxes = bm_arena_grow(a, pg->boxes, pg->nboxes * sizeof *pg->boxes,
                              (pg->nboxes + 1) * sizeof *pg->boxes);
    bm_box *b = &pg->boxes[pg->nboxes++];
    b->kind = kind;
    b->rect = (bm_rect){BM_PT(x), BM_PT(y), BM_PT(w), BM_PT(h)};
    b->stroke = BM_PT(0.5);
    return b;
}

static void write_file(const char *dir, const char *name,
                       const unsigned char *d, size_t n)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(d, 1, n, fp), n);
    fclose(fp);
}

static const char *page1_text[] = {
    "版面测试日报",
    "本报讯　今天的试验稿件用来检查排版。",
    "楷体说明：翀与𠀋在楷体里缺字，由后备字体补上",
    "罕见字翀与𠀋还有𠀀都要能检索。",
    "缺字\xF4\x8F\xBF\xBD要显示方框",
    "（下转第2版）",
};
static const char *page2_text[] = {
    "（上接第1版）",
    "第二版的正文ABC123，完。",
    "乙甲乙丙丁",
    "戊\u200b己戊",
};

/*
 * Clusters a shaper can make: the third glyph (乙's) stands for "乙丙" (as
 * a ligature would), and 丁 is drawn with two glyphs, the second carrying no
 * text.  Both need /ActualText to extract exactly.
 */
/* The composer gives a zero-width character no glyph: the glyph before it
 * carries its bytes (the first 戊 here, which comes before a plain 戊). */
static void zero_width(bm_line *ln)
{
    bm_glyph *g = ln->glyphs;
    assert_int_equal(ln->nglyphs, 4);
    g[0].nbytes += g[1].nbytes;
    g[1] = g[2];
    g[2] = g[3];
    g[2].x = g[1].x + g[1].adv;
    g[1].x = g[0].x + g[0].adv;
    ln->nglyphs = 3;
}

static void odd_clusters(bm_line *ln)
{
    bm_glyph *g = ln->glyphs;
    assert_int_equal(ln->nglyphs, 5);
    g[2].nbytes = 6;
    g[3] = g[4];
    g[3].x = g[2].x + g[2].adv;
    g[4].cluster = 12;
    g[4].nbytes = 0;
    g[4].x = g[3].x + g[3].adv / 2;
}

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof *fx);
    bm_error err;
    setenv("SOURCE_DATE_EPOCH", "1767225600", 0); /* two runs, one second */
    bm_error_init(&err);
    if (bm_fontset_open(conf_path(), &fx->fs, &err) != BM_OK) {
        fprintf(stderr, "fontset: %s\n", err.msg);
        free(fx);
        return -1;
    }
    snprintf(fx->dir, sizeof fx->dir, "/tmp/bm-test-pdf-XXXXXX");
    if (!mkdtemp(fx->dir))
        return -1;
    write_file(fx->dir, "photo.jpg", jpeg_bytes, sizeof jpeg_bytes);
    write_file(fx->dir, "chart.png", png_bytes, sizeof png_bytes);
    fx->ed = bm_edition_new();
    fx->ed->dir = fx->dir;
    fx->ed->title = "版面测试日报";
    fx->ed->date = "2026-01-01";
    fx->ed->publisher = "版面测试报社 & <社>";
    fx->ed->lang = "zh-CN";
    fx->doc.arena = bm_arena_new();
    fx->doc.ed = fx->ed;
    fx->doc.fonts = fx->fs;
    fx->doc.npages = 2;
    fx->doc.pages = bm_arena_alloc(fx->doc.arena, 2 * sizeof *fx->doc.pages);
    for (int p = 0; p < 2; p++) {
        bm_lpage *pg = &fx->doc.pages[p];
        pg->number = p + 1;
        pg->section = p ? "城区" : "要闻";
        pg->width = BM_PT(420);
        pg->height = BM_PT(595);
        pg->type_area = (bm_rect){BM_PT(30), BM_PT(30), BM_PT(360),
                                  BM_PT(535)};
        box(fx, pg, BM_BOX_RULE, 30, 60, 360, 1);
        box(fx, pg, BM_BOX_FRAME, 30, 300, 360, 100);
        box(fx, pg, BM_BOX_MODULE, 30, 70, 360, 200);
    }
    bm_lpage *p1 = &fx->doc.pages[0], *p2 = &fx->doc.pages[1];
    /* images: the bytes ingest would have read (the writer opens no file) */
    static const bm_image jpeg_pic = {BM_IMAGE_JPEG, 6, 8, 3, 0, 0,
                                      jpeg_bytes, sizeof jpeg_bytes};
    static const bm_image png_pic = {BM_IMAGE_PNG, 5, 6, 3, 0, 0, png_bytes,
                                     sizeof png_bytes};
    bm_box *im1 = box(fx, p1, BM_BOX_IMAGE, 200, 420, 120, 80);
    im1->image = "photo.jpg";
    im1->pic = &jpeg_pic;
    bm_box *im2 = box(fx, p2, BM_BOX_IMAGE, 200, 420, 120, 80);
    im2->image = "chart.png";
    im2->pic = &png_pic;
    line(fx, p1, BM_LINE_MASTHEAD, BM_FONT_HEADLINE, 28, 40, 55,
         page1_text[0], 0);
    line(fx, p1, BM_LINE_BODY, BM_FONT_BODY, 9, 40, 100, page1_text[1], 0);
    line(fx, p1, BM_LINE_CAPTION, BM_FONT_KAI, 9, 40, 120, page1_text[2], 0);
    line(fx, p1, BM_LINE_BODY, BM_FONT_BODY, 9, 40, 140, page1_text[3], 0);
    line(fx, p1, BM_LINE_BODY, BM_FONT_BODY, 9, 40, 160, page1_text[4], 0);
    line(fx, p1, BM_LINE_JUMP, BM_FONT_BODY, 9, 40, 180, page1_text[5], 2);
    line(fx, p2, BM_LINE_JUMP, BM_FONT_BODY, 9, 40, 100, page2_text[0], 1);
    line(fx, p2, BM_LINE_BODY, BM_FONT_BODY, 9, 40, 120, page2_text[1], 0);
    line(fx, p2, BM_LINE_BODY, BM_FONT_BODY, 9, 40, 140, page2_text[2], 0);
    odd_clusters(&p2->lines[2]);
    line(fx, p2, BM_LINE_BODY, BM_FONT_BODY, 9, 40, 160, page2_text[3], 0);
    zero_width(&p2->lines[3]);
    static bm_outline o1 = {"a1", "试验稿件", BM_PT(70)};
    static bm_outline o2 = {"a1", "罕见字𠀋（续）", BM_PT(70)};
    p1->outline = &o1;
    p1->noutline = 1;
    p2->outline = &o2;
    p2->noutline = 1;
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx->dir);
    if (system(cmd) != 0)
        return -1;
    bm_arena_free(fx->doc.arena);
    bm_edition_free(fx->ed);
    bm_fontset_close(fx->fs);
    free(fx);
    return 0;
}

static unsigned char *slurp(const char *path, size_t *n)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    fseek(fp, 0, SEEK_END);
    long len = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    unsigned char *d = malloc((size_t)len + 1);
    *n = fread(d, 1, (size_t)len, fp);
    d[*n] = 0;
    fclose(fp);
    return d;
}

static int contains(const unsigned char *d, size_t n, const char *s)
{
    size_t k = strlen(s);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(d + i, s, k) == 0)
            return 1;
    return 0;
}

static void test_writes_deterministic_pdf(void **state)
{
    fixture *fx = *state;
    char p1[512], p2[512];
    snprintf(p1, sizeof p1, "%s/a.pdf", fx->dir);
    snprintf(p2, sizeof p2, "%s/b.pdf", fx->dir);
    bm_pdf_options opt = {0};
    bm_error err;
    bm_error_init(&err);
    /* the pages deflated on a thread (two processors to use) and in
     * line (one): the same bytes */
    bm_fontset_set_subset_threads(fx->fs, 2);
    assert_int_equal(bm_pdf_write(&fx->doc, &opt, p1, &err), BM_OK);
    bm_fontset_set_subset_threads(fx->fs, 1);
    assert_int_equal(bm_pdf_write(&fx->doc, &opt, p2, &err), BM_OK);
    size_t n1, n2;
    unsigned char *d1 = slurp(p1, &n1), *d2 = slurp(p2, &n2);
    assert_non_null(d1);
    assert_non_null(d2);
    assert_true(n1 > 1000);
    assert_memory_equal(d1, "%PDF-1.7", 8);
    assert_int_equal(n1, n2);
    assert_memory_equal(d1, d2, n1);
    /* fonts: one Type0 per face used, both flavours, plus the placeholder */
    assert_true(contains(d1, n1, "/CIDFontType0"));
    assert_true(contains(d1, n1, "/CIDFontType2"));
    assert_true(contains(d1, n1, "/FontFile3"));
    assert_true(contains(d1, n1, "/FontFile2"));
    assert_true(contains(d1, n1, "/CIDToGIDMap"));
    assert_true(contains(d1, n1, "/Identity-H"));
    assert_true(contains(d1, n1, "/ToUnicode"));
    /* metadata and navigation */
    assert_true(contains(d1, n1, "/Lang (zh-CN)"));
    assert_true(contains(d1, n1, "/Subtype /XML"));
    assert_true(contains(d1, n1, "&lt;社&gt;"));
    assert_true(contains(d1, n1, "<dc:date><rdf:Seq><rdf:li>2026-01-01"));
    assert_true(contains(d1, n1, "/PageLabels"));
    assert_true(contains(d1, n1, "/Outlines"));
    assert_true(contains(d1, n1, "/Subtype /Link"));
    assert_true(contains(d1, n1, "/F 4"));
    assert_true(contains(d1, n1, "/ID ["));
    assert_true(contains(d1, n1, "/DCTDecode"));
    assert_true(contains(d1, n1, "/Subtype /Image"));
    /* no temp file left beside the output */
    DIR *dir = opendir(fx->dir);
    struct dirent *e;
    int files = 0;
    while ((e = readdir(dir)))
        if (e->d_name[0] != '.') {
            files++;
            assert_null(strstr(e->d_name, ".tmp"));
        }
    closedir(dir);
    assert_int_equal(files, 4);
    free(d1);
    free(d2);

    const char *out = getenv("BM_PDF_OUT");
    if (out) {
        assert_int_equal(bm_pdf_write(&fx->doc, &opt, out, &err), BM_OK);
        char txt[512];
        snprintf(txt, sizeof txt, "%s.txt", out);
        FILE *fp = fopen(txt, "w");
        assert_non_null(fp);
        for (size_t i = 0; i < sizeof page1_text / sizeof *page1_text; i++)
            fprintf(fp, "%s\n", page1_text[i]);
        for (size_t i = 0; i < sizeof page2_text / sizeof *page2_text; i++)
            fprintf(fp, "%s\n", page2_text[i]);
        fclose(fp);
    }
}

/* A document of 24 pages of operators (a few kB to some 50 kB each), its
 * content streams deflated by bm_pdfx_content_done with a deflater that
 * lets `wait_max` pages wait (`threaded`), or in line, or (`ours` 0) by
 * libharu at save time; the serialised document, *n bytes. */
static unsigned char *deflated_doc(int ours, int threaded, size_t wait_max,
                                   size_t *n)
{
    enum { PAGES = 24 };
    HPDF_Doc pdf = HPDF_New(NULL, NULL);
    assert_non_null(pdf);
    HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
    HPDF_Page pages[PAGES];
    for (int p = 0; p < PAGES; p++) {
        pages[p] = HPDF_AddPage(pdf);
        assert_non_null(pages[p]);
        bm_buf b;
        bm_buf_init(&b);
        for (int l = 0; l < 60 * (p % 7 + 1) * (p % 3 + 1); l++) {
            char op[96];
            snprintf(op, sizeof op,
                     "BT /F%d 9 Tf 1 0 0 1 %d %d Tm <%04X> Tj ET\n", l % 3,
                     (l * 37 + p) % 700, (l * 13) % 990,
                     (unsigned)(0x4E00 + (l * 7919 + p * 104729) % 20000));
            bm_buf_puts(&b, op);
        }
        assert_int_equal(bm_pdfx_content(pages[p], b.data, b.len), HPDF_OK);
        bm_buf_free(&b);
    }
    /* all pages handed over at once, faster than they can be deflated:
     * the queue fills (wait_max 1), every page is deflated in line beside
     * the thread (0), or most are left for the end (64), where both ends
     * of the queue are deflated at the same time */
    bm_pdf_deflater *q = NULL;
    if (threaded) {
        q = bm_pdfx_deflater_new(wait_max);
        assert_non_null(q);
    }
    for (int p = 0; p < PAGES && ours; p++)
        assert_int_equal(bm_pdfx_content_done(pages[p], q), HPDF_OK);
    assert_int_equal(bm_pdfx_deflater_finish(q), HPDF_OK);
    bm_pdfx_deflater_free(q);
    assert_int_equal(HPDF_SaveToStream(pdf), HPDF_OK);
    HPDF_UINT32 size = HPDF_GetStreamSize(pdf);
    unsigned char *d = malloc(size);
    assert_non_null(d);
    HPDF_ResetStream(pdf);
    HPDF_UINT32 got = size;
    HPDF_STATUS hs = HPDF_ReadFromStream(pdf, d, &got);
    assert_true(hs == HPDF_OK || hs == HPDF_STREAM_EOF);
    assert_int_equal(got, size);
    HPDF_Free(pdf);
    *n = size;
    return d;
}

/* Who deflates a page (the deflater's thread, the painting thread when the
 * queue is full or from the queue's end at the finish, or libharu) does not
 * change a byte of the document. */
static void test_deflater_shares(void **state)
{
    (void)state;
    size_t n0, n;
    unsigned char *want = deflated_doc(0, 0, 0, &n0);
    assert_true(n0 > 20000);
    static const struct {
        int    threaded;
        size_t wait_max;
    } ways[] = {{0, 0}, {1, 0}, {1, 1}, {1, BM_PDF_DEFLATE_WAIT}, {1, 64}};
    for (int round = 0; round < 3; round++)
        for (size_t w = 0; w < sizeof ways / sizeof *ways; w++) {
            unsigned char *got =
                deflated_doc(1, ways[w].threaded, ways[w].wait_max, &n);
            assert_int_equal(n, n0);
            assert_memory_equal(got, want, n0);
            free(got);
        }
    free(want);
}

static void test_failure_leaves_nothing(void **state)
{
    fixture *fx = *state;
    char sub[512], path[600];
    snprintf(sub, sizeof sub, "%s/ro", fx->dir);
    assert_int_equal(mkdir(sub, 0500), 0);
    snprintf(path, sizeof path, "%s/x.pdf", sub);
    bm_pdf_options opt = {0};
    bm_error err;
    bm_error_init(&err);
    if (geteuid() != 0) { /* root ignores the mode */
        assert_int_equal(bm_pdf_write(&fx->doc, &opt, path, &err), BM_IO);
        assert_string_equal(err.file, path);
    }
    /* a write failure half way: the temp file is removed */
    assert_int_equal(chmod(sub, 0700), 0);
    bm_error_init(&err);
    bm_fault_set(0, 1);
    bm_status st = bm_pdf_write(&fx->doc, &opt, path, &err);
    bm_fault_set(0, 0);
    assert_int_equal(st, BM_IO);
    DIR *dir = opendir(sub);
    struct dirent *e;
    while ((e = readdir(dir)))
        assert_true(e->d_name[0] == '.');
    closedir(dir);

    /* the rename fails (a directory has the name): the error names the
     * output (memory that outlives the writer) and the temp file goes */
    assert_int_equal(mkdir(path, 0700), 0);
    bm_error_init(&err);
    assert_int_equal(bm_pdf_write(&fx->doc, &opt, path, &err), BM_IO);
    assert_string_equal(err.file, path);
    assert_non_null(strstr(err.msg, "rename"));
    dir = opendir(sub);
    int n = 0;
    while ((e = readdir(dir)))
        if (e->d_name[0] != '.')
            assert_string_equal(e->d_name, "x.pdf"), n++;
    closedir(dir);
    assert_int_equal(n, 1);
}

/*
 * --pdfa: the output intent and pdfaid are there only when asked for, and a
 * face's .notdef (glyph 0, say a shaper's answer for a character the face
 * lacks) is not shown: it goes to the placeholder font like a character no
 * font has, keeping its text.
 */
static void test_pdfa(void **state)
{
    fixture *fx = *state;
    bm_glyph *g = &fx->doc.pages[0].lines[1].glyphs[0]; /* 本 */
    assert_int_not_equal(g->face, BM_NO_FACE);
    g->gid = 0;
    char p1[512], p2[512];
    snprintf(p1, sizeof p1, "%s/a.pdf", fx->dir);
    snprintf(p2, sizeof p2, "%s/plain.pdf", fx->dir);
    const char *out = getenv("BM_PDFA_OUT");
    bm_pdf_options opt = {0}, plain = {0};
    opt.pdfa = 1;
    bm_error err;
    bm_error_init(&err);
    assert_int_equal(bm_pdf_write(&fx->doc, &opt, out ? out : p1, &err), BM_OK);
    assert_int_equal(bm_pdf_write(&fx->doc, &plain, p2, &err), BM_OK);
    size_t n1, n2;
    unsigned char *d1 = slurp(out ? out : p1, &n1), *d2 = slurp(p2, &n2);
    assert_non_null(d1);
    assert_non_null(d2);
    assert_true(contains(d1, n1, "/OutputIntents"));
    assert_true(contains(d1, n1, "/S /GTS_PDFA1"));
    assert_true(contains(d1, n1, "/DestOutputProfile"));
    assert_true(contains(d1, n1, "(sRGB IEC61966-2.1)"));
    assert_true(contains(d1, n1, "<pdfaid:part>2</pdfaid:part>"));
    assert_true(contains(d1, n1, "<pdfaid:conformance>U</pdfaid:conformance>"));
    assert_true(contains(d1, n1, "<dc:creator><rdf:Seq><rdf:li>"));
    assert_false(contains(d2, n2, "/OutputIntents"));
    assert_false(contains(d2, n2, "pdfaid"));
    free(d1);
    free(d2);
}

static void test_bad_glyph_is_an_error(void **state)
{
    fixture *fx = *state;
    bm_lpage *pg = &fx->doc.pages[1];
    bm_glyph saved = pg->lines[1].glyphs[0];
    pg->lines[1].glyphs[0].face = 999;
    char path[512];
    snprintf(path, sizeof path, "%s/bad.pdf", fx->dir);
    bm_pdf_options opt = {0};
    bm_error err;
    bm_error_init(&err);
    assert_int_equal(bm_pdf_write(&fx->doc, &opt, path, &err), BM_INTERNAL);
    pg->lines[1].glyphs[0] = saved;
    assert_int_equal(access(path, F_OK), -1);
}

/* An image box without the bytes ingest read: the writer refuses it and
 * opens no file by its name, even one that is there. */
static void test_missing_image(void **state)
{
    fixture *fx = *state;
    bm_lpage *pg = &fx->doc.pages[1];
    pg->boxes[pg->nboxes - 1].image = "chart.png";
    pg->boxes[pg->nboxes - 1].pic = NULL;
    char path[512];
    snprintf(path, sizeof path, "%s/img.pdf", fx->dir);
    bm_pdf_options opt = {0};
    bm_error err;
    bm_error_init(&err);
    assert_int_equal(bm_pdf_write(&fx->doc, &opt, path, &err), BM_INTERNAL);
    assert_string_equal(err.file, "chart.png");
    assert_non_null(strstr(err.msg, "not read at ingest"));
    assert_int_equal(access(path, F_OK), -1);
}

static void test_numbers(void **state)
{
    (void)state;
    bm_buf b;
    bm_buf_init(&b);
    bm_pdf_num(&b, 1.5);
    bm_buf_puts(&b, " ");
    bm_pdf_num(&b, -0.25);
    bm_buf_puts(&b, " ");
    bm_pdf_num(&b, 12);
    bm_buf_puts(&b, " ");
    bm_pdf_num(&b, 0.0004);
    bm_buf_puts(&b, " ");
    bm_pdf_utf16_hex(&b, "A\xF0\xA0\x80\x8B", 5);
    assert_string_equal(b.data, "1.5 -0.25 12 0 0041D840DC0B");
    bm_buf_free(&b);
    /* character codes: what "<%04X>" writes */
    static const uint32_t codes[] = {0, 7, 0xAB, 0x4E00, 0xFFFF, 0x10000,
                                     0x10FFFF, 0xFFFFFFFFu};
    for (size_t i = 0; i < sizeof codes / sizeof *codes; i++) {
        char want[16];
        snprintf(want, sizeof want, "<%04X>", (unsigned)codes[i]);
        bm_buf_init(&b);
        bm_pdf_code_hex(&b, codes[i]);
        assert_string_equal(b.data, want);
        bm_buf_free(&b);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_deflater_shares),
        cmocka_unit_test_setup_teardown(test_writes_deterministic_pdf, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_pdfa, setup, teardown),
        cmocka_unit_test_setup_teardown(test_failure_leaves_nothing, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_bad_glyph_is_an_error, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_missing_image, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
