/* test_font.c - fonts.conf, faces, fallback, metrics, shaping. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_CID_H
#include <hb.h>

#include "font/font.h"
#include "model/model.h"

static char conf_path[4096];
static bm_fontset *fs;

static const char *root(void)
{
    const char *r = getenv("BANMIAN_ROOT");
    return r && *r ? r : ".";
}

static int open_set(void **state)
{
    (void)state;
    snprintf(conf_path, sizeof conf_path, "%s/fonts/fonts.conf", root());
    bm_error err;
    bm_error_init(&err);
    if (bm_fontset_open(conf_path, &fs, &err) != BM_OK) {
        fprintf(stderr, "%s:%d: %s\n", err.file, err.line, err.msg);
        return -1;
    }
    return 0;
}

static int close_set(void **state)
{
    (void)state;
    bm_fontset_close(fs);
    return 0;
}

/* Writes `text` to a temporary conf file; returns its path (static). */
static const char *write_conf(const char *text)
{
    static char path[256];
    const char *tmp = getenv("TEST_TMP");
    snprintf(path, sizeof path, "%s/test_font_%d.conf", tmp ? tmp : "/tmp",
             (int)getpid());
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
    return path;
}

static void opens_every_face(void **state)
{
    (void)state;
    assert_int_equal(bm_fontset_nfaces(fs), 7);
    const bm_face *body = bm_fontset_face(fs, 0);
    assert_int_equal(bm_face_index(body), 0);
    assert_string_equal(bm_face_name(body), "NotoSerifCJKsc-Regular");
    assert_int_equal(bm_face_ttc_index(body), 2);
    assert_true(bm_face_is_cff(body));            /* OpenType/CFF in a TTC */
    assert_int_equal(bm_face_upem(body), 1000);
    const bm_face *kai = bm_fontset_face(fs, 2);
    assert_false(bm_face_is_cff(kai));            /* TrueType */
    assert_int_equal(bm_face_upem(kai), 1024);
    assert_true(bm_face_nglyphs(kai) > 7000);
    int asc = 0, desc = 0;
    bm_face_vmetrics(body, &asc, &desc);
    assert_int_equal(asc, 880);                   /* the ideographic em box */
    assert_int_equal(desc, -120);
    /* OpenType features the composer asks about */
    assert_true(bm_face_has_feature(body, "halt"));
    assert_true(bm_face_has_feature(body, "kern"));
    assert_false(bm_face_has_feature(kai, "halt"));
    assert_false(bm_face_has_feature(body, "zzzz"));
    assert_false(bm_face_has_feature(body, "hal"));
    size_t n = 0;
    const bm_font_entry *e = bm_fontset_entries(fs, &n);
    assert_int_equal(n, 7);
    assert_string_equal(e[0].role_name, "body");
    assert_string_equal(e[3].package, "fonts-arphic-ukai");
    assert_string_equal(e[3].role_name, "fallback-kai");
    assert_int_equal(e[3].role, -1);
    assert_int_equal(e[3].style, BM_FONT_KAI);
    assert_string_equal(e[4].package, "fonts-arphic-uming");
    assert_int_equal(e[4].style, BM_FONT_BODY);
    assert_ptr_equal(e[4].face, bm_fontset_face(fs, 4));
}

static void pick_uses_role_then_fallback(void **state)
{
    (void)state;
    const bm_face *kai = bm_fontset_face(fs, 2);
    const bm_face *ukai = bm_fontset_face(fs, 3);
    const bm_face *uming = bm_fontset_face(fs, 4);
    /* a common Han character: the role's own face */
    assert_ptr_equal(bm_fontset_pick(fs, BM_FONT_KAI, 0x4E2D), kai);
    assert_ptr_equal(bm_fontset_pick(fs, BM_FONT_BODY, 0x4E2D),
                     bm_fontset_face(fs, 0));
    assert_ptr_equal(bm_fontset_pick(fs, BM_FONT_HEADLINE, 0x4E2D),
                     bm_fontset_face(fs, 1));
    assert_false(bm_fontset_pick_is_fallback(fs, BM_FONT_KAI, 0x4E2D));
    /* 翀 and 喆 are not in AR PL KaitiM GB: the kai fallback (a 楷 face)
     * has them, before any 明 face (issue 13) */
    assert_int_equal(bm_face_glyph(kai, 0x7FC0), 0);
    assert_int_equal(bm_face_glyph(kai, 0x5586), 0);
    assert_int_not_equal(bm_face_glyph(uming, 0x5586), 0);
    assert_ptr_equal(bm_fontset_pick(fs, BM_FONT_KAI, 0x7FC0), ukai);
    assert_ptr_equal(bm_fontset_pick(fs, BM_FONT_KAI, 0x5586), ukai);
    assert_true(bm_fontset_pick_is_fallback(fs, BM_FONT_KAI, 0x7FC0));
    assert_false(bm_fontset_pick_other_style(fs, BM_FONT_KAI, 0x5586));
    /* the body's chain never takes the 楷 face: 明 first */
    assert_false(bm_fontset_pick_other_style(fs, BM_FONT_BODY, 0x4E2D));
    size_t nb = 0;
    const bm_face *const *bc = bm_fontset_chain(fs, BM_FONT_BODY, &nb);
    assert_ptr_equal(bc[1], uming);
    /* 𠀋 is in no 楷 face: drawn in a face of another style (warned) */
    assert_int_equal(bm_face_glyph(ukai, 0x2000B), 0);
    assert_int_equal(bm_face_glyph(kai, 0x2000B), 0);
    assert_true(bm_fontset_pick_other_style(fs, BM_FONT_KAI, 0x2000B));
    /* no face at all: not "another style" (reported as missing) */
    assert_false(bm_fontset_pick_other_style(fs, BM_FONT_KAI, 0x10FFFD));
    /* 𠀋 (Extension B): found beyond the BMP, with a real glyph */
    for (int r = 0; r < BM_FONT_ROLE_COUNT; r++) {
        const bm_face *f = bm_fontset_pick(fs, (bm_role)r, 0x2000B);
        assert_non_null(f);
        assert_int_not_equal(bm_face_glyph(f, 0x2000B), 0);
    }
    const bm_face *f = bm_fontset_pick(fs, BM_FONT_KAI, 0x2000B);
    assert_int_not_equal(bm_face_index(f), 2);
    /* nobody has private use U+10FFFD or a non-character */
    assert_null(bm_fontset_pick(fs, BM_FONT_BODY, 0x10FFFD));
    assert_null(bm_fontset_pick(fs, BM_FONT_BODY, 0x110000));
    /* the pick table agrees with a walk of the chain for the whole BMP */
    for (int r = 0; r < BM_FONT_ROLE_COUNT; r++) {
        size_t n = 0;
        const bm_face *const *chain = bm_fontset_chain(fs, (bm_role)r, &n);
        assert_true(n >= 4);
        for (uint32_t cp = 0; cp < 0x10000; cp += 7) {
            const bm_face *want = NULL;
            for (size_t k = 0; k < n && !want; k++)
                if (bm_face_glyph(chain[k], cp))
                    want = chain[k];
            assert_ptr_equal(bm_fontset_pick(fs, (bm_role)r, cp), want);
        }
    }
}

static void advances_in_fix(void **state)
{
    (void)state;
    for (size_t i = 0; i < 3; i++) {
        const bm_face *f = bm_fontset_face(fs, i);
        uint32_t g = bm_face_glyph(f, 0x4E2D);   /* 中 */
        assert_int_not_equal(g, 0);
        assert_int_equal(bm_face_advance(f, g, BM_PT(9)), 9 * 64);
        assert_int_equal(bm_face_advance(f, g, BM_PT(10.5)), 672);
    }
    const bm_face *body = bm_fontset_face(fs, 0);
    uint32_t a = bm_face_glyph(body, 'A');
    bm_fix adv = bm_face_advance(body, a, BM_PT(9));
    assert_true(adv > 0 && adv < 9 * 64);        /* proportional Latin */
    assert_int_equal(bm_face_advance(body, 0xFFFFFF, BM_PT(9)), 0);
    /* the fused lookup agrees with pick + glyph + advance */
    static const uint32_t cps[] = {0x4E2D, 0x7FC0, 0x2022, 'A', 0x3002,
                                   0x2000B, 0x10FFFD};
    for (int r = 0; r < BM_FONT_ROLE_COUNT; r++)
        for (size_t i = 0; i < sizeof cps / sizeof cps[0]; i++) {
            const bm_face *f = NULL;
            uint32_t gid = 99;
            bm_fix adv = bm_fontset_lookup(fs, (bm_role)r, cps[i], BM_PT(9),
                                           &f, &gid);
            const bm_face *want = bm_fontset_pick(fs, (bm_role)r, cps[i]);
            assert_ptr_equal(f, want);
            if (!want) {
                assert_int_equal(gid, 0);
                assert_int_equal(adv, BM_PT(9));   /* placeholder: 1 em */
                continue;
            }
            assert_int_equal(gid, bm_face_glyph(want, cps[i]));
            assert_int_equal(adv, bm_face_advance(want, gid, BM_PT(9)));
        }
    bm_fix x0, x1, y0, y1;
    bm_face_extents(body, bm_face_glyph(body, 0x4E2D), BM_PT(10), &x0, &x1,
                    &y0, &y1);
    assert_true(x0 >= 0 && x1 <= 640 && x1 > x0);
    assert_true(y1 > 0 && y0 < y1 && y1 <= 880 * 640 / 1000);
    /* 。 sits in the lower left of the em in a GB face */
    bm_face_extents(body, bm_face_glyph(body, 0x3002), BM_PT(10), &x0, &x1,
                    &y0, &y1);
    assert_true(x1 < 320 && y1 < 320);
}

static void shapes_latin_with_kerning(void **state)
{
    (void)state;
    const bm_face *body = bm_fontset_face(fs, 0);
    bm_arena *a = bm_arena_new();
    bm_error err;
    bm_error_init(&err);
    bm_shaped *g = NULL;
    size_t n = 0;
    assert_int_equal(bm_font_shape(body, "AV", 2, BM_PT(10), NULL, a, &g, &n,
                                   &err), BM_OK);
    assert_int_equal(n, 2);
    bm_fix plain = bm_face_advance(body, g[0].gid, BM_PT(10)) +
                   bm_face_advance(body, g[1].gid, BM_PT(10));
    assert_true(g[0].adv + g[1].adv < plain);     /* A-V kerned */
    assert_int_equal(g[1].cluster, 1);
    /* kerning also inside a run that starts with Han */
    const char *mix = "中AV";
    bm_shaped *gm = NULL;
    size_t nm = 0;
    assert_int_equal(bm_font_shape(body, mix, strlen(mix), BM_PT(10), NULL, a,
                                   &gm, &nm, &err), BM_OK);
    assert_int_equal(nm, 3);
    assert_int_equal(gm[1].adv, g[0].adv);
    assert_int_equal(gm[1].cluster, 3);
    /* kerning off */
    assert_int_equal(bm_font_shape(body, "AV", 2, BM_PT(10), "-kern", a, &g,
                                   &n, &err), BM_OK);
    assert_int_equal(g[0].adv + g[1].adv, plain);
    /* halt: a full-width comma becomes half width */
    const char *t = "，中";
    assert_int_equal(bm_font_shape(body, t, strlen(t), BM_PT(10), NULL, a,
                                   &g, &n, &err), BM_OK);
    assert_int_equal(n, 2);
    assert_int_equal(g[0].adv, 640);
    assert_int_equal(g[1].cluster, 3);
    assert_int_equal(bm_font_shape(body, t, strlen(t), BM_PT(10), "halt", a,
                                   &g, &n, &err), BM_OK);
    assert_int_equal(g[0].adv, 320);
    assert_int_equal(g[1].adv, 640);
    /* Han runs: HarfBuzz agrees with the per-glyph advances, clusters are
     * byte offsets, a non-BMP character is one glyph with a 4-byte cluster */
    const bm_face *bs = bm_fontset_pick(fs, BM_FONT_KAI, 0x2000B);
    t = "北𠀋京";
    assert_int_equal(bm_font_shape(bs, t, strlen(t), BM_PT(9), NULL, a, &g,
                                   &n, &err), BM_OK);
    assert_int_equal(n, 3);
    assert_int_equal(g[1].gid, bm_face_glyph(bs, 0x2000B));
    assert_int_equal(g[1].cluster, 3);
    assert_int_equal(g[2].cluster, 7);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(g[i].adv, bm_face_advance(bs, g[i].gid, BM_PT(9)));
        assert_int_equal(g[i].yoff, 0);
    }
    /* empty run */
    assert_int_equal(bm_font_shape(body, "", 0, BM_PT(9), NULL, a, &g, &n,
                                   &err), BM_OK);
    assert_int_equal(n, 0);
    /* bad input */
    assert_int_equal(bm_font_shape(body, "A", 1, BM_PT(10), "ha lt!", a, &g,
                                   &n, &err), BM_INPUT);
    bm_error_init(&err);
    assert_int_equal(bm_font_shape(body, "\xff", 1, BM_PT(10), NULL, a, &g,
                                   &n, &err), BM_INPUT);
    bm_arena_free(a);
}

static void missing_file_names_line_and_package(void **state)
{
    (void)state;
    const char *p = write_conf(
        "# test\n"
        "body /usr/share/fonts/truetype/arphic/uming.ttc 0 Arphic fonts-arphic-uming UMing\n"
        "headline /usr/share/fonts/truetype/arphic/uming.ttc 0 Arphic fonts-arphic-uming UMing\n"
        "kai /nonexistent/banmian-test.ttf 0 OFL fonts-banmian-test Missing Kai\n");
    bm_fontset *s = NULL;
    bm_error err;
    bm_error_init(&err);
    assert_int_equal(bm_fontset_open(p, &s, &err), BM_FONT);
    assert_null(s);
    assert_string_equal(err.file, p);
    assert_int_equal(err.line, 4);
    assert_non_null(strstr(err.msg, "fonts-banmian-test"));
    assert_non_null(strstr(err.msg, "/nonexistent/banmian-test.ttf"));
    /* a face index the collection does not have */
    p = write_conf(
        "body /usr/share/fonts/truetype/arphic/uming.ttc 9 Arphic fonts-arphic-uming UMing\n"
        "headline /usr/share/fonts/truetype/arphic/uming.ttc 0 Arphic fonts-arphic-uming UMing\n"
        "kai /usr/share/fonts/truetype/arphic/uming.ttc 0 Arphic fonts-arphic-uming UMing\n");
    bm_error_init(&err);
    assert_int_equal(bm_fontset_open(p, &s, &err), BM_FONT);
    assert_int_equal(err.line, 1);
    assert_non_null(strstr(err.msg, "TTC index 9"));
    /* a file that is not a font */
    char conf[600];
    snprintf(conf, sizeof conf,
             "body %s/fonts/fonts.conf 0 L p Not a font\n"
             "headline a 0 L p\nkai a 0 L p\n", root());
    p = write_conf(conf);
    bm_error_init(&err);
    assert_int_equal(bm_fontset_open(p, &s, &err), BM_FONT);
    assert_int_equal(err.line, 1);
    assert_non_null(strstr(err.msg, "is not a TrueType, OpenType or TTC"));
    /* a byte order mark and CRLF line ends are accepted; a face named
     * twice is opened once */
    p = write_conf(
        "\xEF\xBB\xBF# saved by an editor\r\n"
        "body /usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf 0 Arphic-1999 fonts-arphic-gkai00mp AR PL KaitiM GB\r\n"
        "headline /usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf 0 Arphic-1999 fonts-arphic-gkai00mp AR PL KaitiM GB\r\n"
        "kai /usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf 0 Arphic-1999 fonts-arphic-gkai00mp AR PL KaitiM GB\r\n");
    bm_error_init(&err);
    assert_int_equal(bm_fontset_open(p, &s, &err), BM_OK);
    assert_int_equal(bm_fontset_nfaces(s), 1);
    assert_string_equal(bm_face_family(bm_fontset_face(s, 0)),
                        "AR PL KaitiM GB");
    assert_null(bm_fontset_pick(s, BM_FONT_BODY, 0x7FC0));   /* no fallback */
    bm_fontset_close(s);
    unlink(p);
}

static void bad_conf_lines(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        int line;
        const char *frag;
    } cases[] = {
        {"body a.ttf 0 OFL\n", 1, "expected ROLE FILE"},
        {"# c\n\nbold a.ttf 0 OFL pkg Name\n", 3, "unknown role 'bold'"},
        {"body a.ttf x OFL pkg Name\n", 1, "TTC_INDEX 'x'"},
        {"body a.ttf -1 OFL pkg Name\n", 1, "TTC_INDEX '-1'"},
        {"body a.ttf 0 OFL pkg A\nheadline a.ttf 0 OFL pkg A\n", 2,
         "no face for role 'kai'"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *p = write_conf(cases[i].text);
        bm_fontset *s = NULL;
        bm_error err;
        bm_error_init(&err);
        assert_int_equal(bm_fontset_open(p, &s, &err), BM_INPUT);
        assert_null(s);
        assert_int_equal(err.line, cases[i].line);
        if (!strstr(err.msg, cases[i].frag))
            fail_msg("case %zu: '%s' lacks '%s'", i, err.msg, cases[i].frag);
        unlink(p);
    }
    /* parse only: relative files resolve beside the conf */
    const char *p = write_conf("kai  rel.ttf 1 OFL pkg Some Name  \n"
                               "body a 0 L p\nheadline a 0 L p\n");
    bm_arena *a = bm_arena_new();
    bm_font_entry *e = NULL;
    size_t n = 0;
    bm_error err;
    bm_error_init(&err);
    assert_int_equal(bm_font_conf_read(p, a, &e, &n, &err), BM_OK);
    assert_int_equal(n, 3);
    assert_int_equal(e[0].role, BM_FONT_KAI);
    assert_int_equal(e[0].ttc_index, 1);
    assert_string_equal(e[0].name, "Some Name");
    assert_string_equal(e[1].name, "");
    assert_non_null(strstr(e[0].path, "/rel.ttf"));
    assert_true(e[0].path[0] == '/' || e[0].path[0] == '.');
    bm_arena_free(a);
    unlink(p);
    /* conf_path NULL: $BANMIAN_FONTS */
    bm_fontset *s = NULL;
    setenv("BANMIAN_FONTS", "/nonexistent/env-fonts.conf", 1);
    bm_error_init(&err);
    assert_int_not_equal(bm_fontset_open(NULL, &s, &err), BM_OK);
    assert_string_equal(err.file, "/nonexistent/env-fonts.conf");
    unsetenv("BANMIAN_FONTS");
    bm_error_init(&err);
    assert_int_equal(bm_fontset_open(NULL, &s, &err), BM_FONT);
    assert_non_null(strstr(err.msg, "BANMIAN_FONTS"));
    /* no conf at all */
    bm_error_init(&err);
    assert_int_not_equal(bm_fontset_open("/nonexistent/fonts.conf", &s, &err),
                         BM_OK);
    assert_null(s);
}

static void coverage_reports_missing_and_fallback(void **state)
{
    (void)state;
    bm_arena *a = bm_arena_new();
    bm_diags missing;
    bm_diags_init(&missing, a);
    bm_coverage *c = bm_coverage_new(fs);
    bm_error err;
    bm_error_init(&err);
    /* line 2: 翀 at col 2, U+10FFFD at col 4; a ZWSP and a tab skipped */
    const char *t = "中文\n\t翀\xe2\x80\x8b\xf4\x8f\xbf\xbd中\n";
    assert_int_equal(bm_coverage_text(c, BM_FONT_KAI, t, strlen(t), "x.txt",
                                      1, 1, &missing, &err), BM_OK);
    assert_int_equal(bm_coverage_total(c), 5);
    assert_int_equal(missing.count, 1);
    assert_int_equal(missing.first->line, 2);
    assert_int_equal(missing.first->col, 4);
    assert_non_null(strstr(missing.first->msg, "U+10FFFD"));
    size_t n = 0;
    const bm_cover_char *r = bm_coverage_chars(c, &n);
    assert_int_equal(n, 4);                       /* 中 文 翀 U+10FFFD */
    assert_int_equal(r[0].cp, 0x4E2D);
    assert_int_equal(r[0].count, 2);
    assert_false(r[0].fallback);
    assert_int_equal(r[2].cp, 0x7FC0);
    assert_true(r[2].fallback);
    assert_ptr_equal(r[2].face, bm_fontset_face(fs, 3));   /* UKai CN */
    assert_int_equal(r[2].line, 2);
    assert_int_equal(r[2].col, 2);
    assert_null(r[3].face);
    assert_int_equal(r[3].warned, 1);
    /* bad UTF-8 names its position */
    assert_int_equal(bm_coverage_text(c, BM_FONT_BODY, "ab\xff" "c", 4, "y.txt",
                                      7, 1, NULL, &err), BM_INPUT);
    assert_int_equal(err.line, 7);
    assert_int_equal(err.col, 3);
    bm_coverage_free(c);

    /* an edition: the byline is checked in 楷 (default roles), the body in
     * 宋, each at its model line */
    bm_edition *ed = bm_edition_new();
    bm_src src = {"a.xml", 3, 0};
    bm_page *pg = bm_edition_add_page(ed, "要闻", src);
    bm_article *ar = bm_page_add_article(ed, pg, "a1", BM_ARTICLE, src);
    ar->byline = bm_edition_str(ed, "记者 张翀", strlen("记者 张翀"));
    bm_src bsrc = {"a.xml", 9, 0};
    bm_block *bl = bm_article_add_block(ed, ar, BM_BLOCK_PARAGRAPH, bsrc);
    bl->text = bm_edition_str(ed, "翀\xf4\x8f\xbf\xbd", 7);
    c = bm_coverage_new(fs);
    bm_diags_init(&missing, a);
    bm_coverage_edition(c, ed, NULL, &missing);
    r = bm_coverage_chars(c, &n);
    int kai_fb = 0, body_fb = 0;
    for (size_t i = 0; i < n; i++) {
        if (r[i].cp == 0x7FC0 && r[i].role == BM_FONT_KAI)
            kai_fb = r[i].fallback;
        if (r[i].cp == 0x7FC0 && r[i].role == BM_FONT_BODY)
            body_fb = 1 + r[i].fallback;
    }
    assert_true(kai_fb);
    assert_int_equal(body_fb, 1);                 /* Noto Serif has it */
    assert_int_equal(missing.count, 1);
    assert_string_equal(missing.first->file, "a.xml");
    assert_int_equal(missing.first->line, 9);
    /* records keep their own copy of file names: the edition may go */
    bm_edition_free(ed);
    ed = bm_edition_new();
    bm_src src2 = {bm_edition_str(ed, "b.xml", 5), 4, 0};
    pg = bm_edition_add_page(ed, NULL, src2);
    ar = bm_page_add_article(ed, pg, "b1", BM_ARTICLE, src2);
    bl = bm_article_add_block(ed, ar, BM_BLOCK_PARAGRAPH, src2);
    bl->text = bm_edition_str(ed, "犇", strlen("犇"));
    bm_coverage_edition(c, ed, NULL, NULL);
    bm_edition_free(ed);
    r = bm_coverage_chars(c, &n);
    assert_string_equal(r[0].file, "a.xml");
    assert_int_equal(r[n - 1].cp, 0x7287);
    assert_string_equal(r[n - 1].file, "b.xml");
    assert_int_equal(r[n - 1].line, 4);
    bm_coverage_free(c);
    bm_arena_free(a);
}

/* Loads glyph g unscaled; its advance and outline points. */
static void load_unscaled(FT_Face face, unsigned g, long *adv, FT_Vector *pts,
                          int *npts)
{
    assert_int_equal(FT_Load_Glyph(face, g, FT_LOAD_NO_SCALE |
                                                FT_LOAD_NO_HINTING), 0);
    *adv = face->glyph->advance.x;
    *npts = face->glyph->outline.n_points;
    assert_true(*npts <= 4096);
    memcpy(pts, face->glyph->outline.points, (size_t)*npts * sizeof *pts);
}

/*
 * bm_font_widen: each copy draws its base glyph's outline with the wider
 * advance, in the font program a PDF embeds (the bare CFF table of an
 * OpenType face, read through its charset by CID; a TrueType file by
 * glyph id), and the container's hmtx agrees.
 */
static void wide_copies_draw_their_base(void **state)
{
    (void)state;
    static FT_Vector p0[4096], p1[4096];
    FT_Library lib;
    assert_int_equal(FT_Init_FreeType(&lib), 0);
    for (size_t fi = 0; fi < 3; fi++) {
        const bm_face *f = bm_fontset_face(fs, fi);
        if (fi == 1)
            continue; /* 0: Noto Serif (CFF), 2: KaitiM (TrueType) */
        uint32_t old[3] = {bm_face_glyph(f, '5'), bm_face_glyph(f, 0x4E2D),
                           bm_face_glyph(f, 0x6708)};
        uint32_t nw[3], cid[3], code[3];
        unsigned adv[3];
        unsigned char *file = NULL, *wide = NULL;
        size_t flen = 0, wlen = 0;
        int keyed = 0;
        bm_error err;
        bm_error_init(&err);
        assert_int_equal(bm_font_subset(f, old, 3, &file, &flen, nw, &err),
                         BM_OK);
        assert_int_equal(
            bm_font_subset_cids(file, flen, nw, 3, cid, &keyed, &err), BM_OK);
        assert_int_equal(keyed, bm_face_is_cff(f));
        uint32_t base[3] = {nw[0], nw[1], nw[1]};
        int extra[3] = {250, 125, 375};
        assert_int_equal(bm_font_widen(file, flen, base, extra, 3, &wide,
                                       &wlen, code, adv, &err),
                         BM_OK);
        assert_non_null(wide);
        const unsigned char *prog = wide;
        size_t plen = wlen;
        if (bm_face_is_cff(f))
            assert_true(bm_font_sfnt_table(wide, wlen, "CFF ", &prog, &plen));
        FT_Face a, b, c;
        assert_int_equal(FT_New_Memory_Face(lib, file, (FT_Long)flen, 0, &a), 0);
        assert_int_equal(FT_New_Memory_Face(lib, prog, (FT_Long)plen, 0, &b), 0);
        assert_int_equal(FT_New_Memory_Face(lib, wide, (FT_Long)wlen, 0, &c), 0);
        assert_int_equal(c->num_glyphs, a->num_glyphs + 3);
        for (unsigned i = 0; i < 3; i++) {
            unsigned g = (unsigned)a->num_glyphs + i;
            /* FreeType finds a bare CID-keyed CFF's glyphs by CID, as a
             * PDF reader does; the copy's CID is none of the subset's */
            unsigned in_prog = g, base_in_prog = base[i];
            if (bm_face_is_cff(f)) {
                for (unsigned k = 0; k < 3; k++)
                    assert_int_not_equal(code[i], cid[k]);
                in_prog = code[i];
                base_in_prog = cid[i == 0 ? 0 : 1];
            } else {
                assert_int_equal(code[i], g);
                assert_int_equal(b->num_glyphs, a->num_glyphs + 3);
            }
            long a0, a1, a2;
            int n0, n1;
            load_unscaled(a, base[i], &a0, p0, &n0);
            load_unscaled(b, in_prog, &a1, p1, &n1);
            assert_int_equal(a1, a0 + extra[i]);
            assert_int_equal((long)adv[i], a1);
            assert_int_equal(n1, n0);
            assert_true(n0 > 0);
            assert_memory_equal(p0, p1, (size_t)n0 * sizeof *p0);
            load_unscaled(c, g, &a2, p1, &n1);
            assert_int_equal(a2, a1);
            /* the base glyph itself is untouched */
            load_unscaled(b, base_in_prog, &a1, p1, &n1);
            assert_int_equal(a1, a0);
            assert_memory_equal(p0, p1, (size_t)n0 * sizeof *p0);
        }
        FT_Done_Face(a);
        FT_Done_Face(b);
        FT_Done_Face(c);
        free(file);
        free(wide);
    }
    FT_Done_FreeType(lib);
}

/* Every face's character map and advances as FreeType's walk over its
 * cmap and HarfBuzz's advances give them, code point by code point and
 * glyph by glyph: face.c reads a well-formed format 12 cmap and hmtx
 * straight from the bytes, which must come to the same. */
/*
 * A face subset with its cmap cut to the glyphs kept (subset.c) is byte
 * for byte the subset made with the whole cmap, on every face of the set:
 * glyphs of ideographs (some shared with Kangxi radicals), punctuation and
 * Latin, glyphs no code point maps to, and the targets of variation
 * sequences whose base character is not kept.
 */
static void cut_cmap_subsets_as_whole(void **state)
{
    (void)state;
    uint32_t *gids = malloc(8192 * sizeof *gids);
    uint32_t *nw[2] = {malloc(8192 * sizeof(uint32_t)),
                       malloc(8192 * sizeof(uint32_t))};
    for (size_t i = 0; i < bm_fontset_nfaces(fs); i++) {
        const bm_face *f = bm_fontset_face(fs, i);
        unsigned ng = bm_face_nglyphs(f);
        for (int kind = 0; kind < 3; kind++) {
            size_t n = 0;
            for (uint32_t cp = 0x20; cp < 0x7F; cp += 1 + kind)
                if (bm_face_glyph(f, cp))
                    gids[n++] = bm_face_glyph(f, cp);
            for (uint32_t cp = 0x3000; cp < 0x3040; cp++)
                if (bm_face_glyph(f, cp))
                    gids[n++] = bm_face_glyph(f, cp);
            for (uint32_t cp = 0x4E00; cp < 0x9FA5 && n < 4000;
                 cp += 7 + 4 * kind)
                if (bm_face_glyph(f, cp))
                    gids[n++] = bm_face_glyph(f, cp);
            if (kind >= 1) /* glyphs past the cmap's */
                for (unsigned g = ng - 1; g > ng / 2 && n < 4100; g -= 97)
                    gids[n++] = g;
            if (kind == 2) { /* variation sequences' glyphs, bases not */
                hb_blob_t *blob = hb_blob_create_from_file(bm_face_path(f));
                hb_face_t *hf = hb_face_create(blob, bm_face_ttc_index(f));
                hb_font_t *hb = hb_font_create(hf);
                hb_set_t *vs = hb_set_create(), *us = hb_set_create();
                hb_face_collect_variation_selectors(hf, vs);
                hb_codepoint_t v = HB_SET_VALUE_INVALID;
                while (hb_set_next(vs, &v) && n < 8000) {
                    hb_set_clear(us);
                    hb_face_collect_variation_unicodes(hf, v, us);
                    hb_codepoint_t u = HB_SET_VALUE_INVALID;
                    for (int k = 0; hb_set_next(us, &u) && n < 8000; k++) {
                        hb_codepoint_t g;
                        if (k % 5 == 0 &&
                            hb_font_get_variation_glyph(hb, u, v, &g) && g)
                            gids[n++] = g;
                    }
                }
                hb_set_destroy(us);
                hb_set_destroy(vs);
                hb_font_destroy(hb);
                hb_face_destroy(hf);
                hb_blob_destroy(blob);
            }
            unsigned char *data[2];
            size_t len[2];
            for (int whole = 0; whole < 2; whole++) {
                bm_error err;
                bm_error_init(&err);
                bm_fontset_set_whole_cmap(fs, whole);
                assert_int_equal(bm_font_subset(f, gids, n, &data[whole],
                                                &len[whole], nw[whole], &err),
                                 BM_OK);
            }
            bm_fontset_set_whole_cmap(fs, 0);
            assert_int_equal(len[0], len[1]);
            assert_memory_equal(data[0], data[1], len[0]);
            assert_memory_equal(nw[0], nw[1], n * sizeof(uint32_t));
            free(data[0]);
            free(data[1]);
        }
    }
    free(nw[0]);
    free(nw[1]);
    free(gids);
}

static void maps_as_freetype_and_harfbuzz_read_them(void **state)
{
    (void)state;
    FT_Library lib;
    assert_int_equal(FT_Init_FreeType(&lib), 0);
    uint16_t *want = calloc(0x110000, sizeof *want);
    for (size_t i = 0; i < bm_fontset_nfaces(fs); i++) {
        const bm_face *f = bm_fontset_face(fs, i);
        FT_Face ft;
        assert_int_equal(FT_New_Face(lib, bm_face_path(f),
                                     (FT_Long)bm_face_ttc_index(f), &ft), 0);
        memset(want, 0, 0x110000 * sizeof *want);
        FT_UInt gi = 0;
        FT_ULong c = FT_Get_First_Char(ft, &gi);
        while (gi != 0) {
            if (gi <= 0xFFFF && c <= 0x10FFFF)
                want[c] = (uint16_t)gi;
            c = FT_Get_Next_Char(ft, c, &gi);
        }
        size_t bad = 0;
        for (uint32_t cp = 0; cp <= 0x10FFFF; cp++)
            bad += bm_face_glyph(f, cp) != want[cp];
        assert_int_equal(bad, 0);
        hb_blob_t *blob = hb_blob_create_from_file(bm_face_path(f));
        hb_face_t *hf = hb_face_create(blob, bm_face_ttc_index(f));
        hb_font_t *hb = hb_font_create(hf);
        unsigned upem = bm_face_upem(f);
        hb_font_set_scale(hb, (int)upem, (int)upem);
        for (unsigned g = 0; g < bm_face_nglyphs(f); g++)
            bad += bm_face_advance(f, g, (bm_fix)upem) !=
                   hb_font_get_glyph_h_advance(hb, g);
        assert_int_equal(bad, 0);
        hb_font_destroy(hb);
        hb_face_destroy(hf);
        hb_blob_destroy(blob);
        FT_Done_Face(ft);
    }
    free(want);
    FT_Done_FreeType(lib);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(opens_every_face),
        cmocka_unit_test(pick_uses_role_then_fallback),
        cmocka_unit_test(advances_in_fix),
        cmocka_unit_test(shapes_latin_with_kerning),
        cmocka_unit_test(missing_file_names_line_and_package),
        cmocka_unit_test(bad_conf_lines),
        cmocka_unit_test(coverage_reports_missing_and_fallback),
        cmocka_unit_test(wide_copies_draw_their_base),
        cmocka_unit_test(maps_as_freetype_and_harfbuzz_read_them),
        cmocka_unit_test(cut_cmap_subsets_as_whole),
    };
    return cmocka_run_group_tests(tests, open_set, close_set);
}
