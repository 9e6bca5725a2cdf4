/*
 * font.c - the embedded body-font subset (opt->embed_font).
 *
 * For readers without Chinese fonts, or without the rare characters an
 * issue uses (CJK Extension B names), the book can carry a subset of the
 * body face holding exactly the characters its documents use.  The
 * stylesheet lists it after the device fonts, so a device face draws what
 * it has and the subset the rest (per-character fallback in CSS).
 *
 * The subset is made here by code point with harfbuzz-subset, not with
 * bm_font_subset(): that one takes glyph ids and returns a font for a PDF,
 * which shows glyphs by id, while a web font is looked up through its
 * cmap, so the characters must go in as Unicode (hb_subset_input_unicode_set)
 * and the cmap must come out.  Unlike the PDF's subset, this one keeps the
 * layout tables, restricted to the horizontal features a reading system
 * applies to Chinese: without `locl`, Noto CJK shows ——, “” and …… in
 * their proportional Western forms; vertical forms (vert) and variants are
 * left out, which keeps the subset small.  The face is opened in ep_font_open() (the stylesheet
 * needs to know whether it is TrueType or CFF) and owned by ep_ctx until
 * ep_embed_font() or ep_font_close().
 */
#include "epub_private.h"

#include <string.h>

#include <hb-subset.h>
#include <hb.h>

static const hb_tag_t dropped[] = {
    HB_TAG('J', 'S', 'T', 'F'), HB_TAG('D', 'S', 'I', 'G'),
    HB_TAG('M', 'A', 'T', 'H'), HB_TAG('V', 'O', 'R', 'G'),
    HB_TAG('v', 'h', 'e', 'a'), HB_TAG('v', 'm', 't', 'x'),
};

static const hb_tag_t features[] = {
    HB_TAG('l', 'o', 'c', 'l'), HB_TAG('c', 'c', 'm', 'p'),
    HB_TAG('k', 'e', 'r', 'n'), HB_TAG('l', 'i', 'g', 'a'),
    HB_TAG('c', 'h', 'w', 's'), HB_TAG('h', 'a', 'l', 't'),
};

bm_status ep_font_open(ep_ctx *c, bm_error *err)
{
    const char *path = c->opt->embed_font;
    bm_status fst = bm_file_check(path, err);
    if (fst != BM_OK)
        return fst;
    hb_blob_t *blob = hb_blob_create_from_file_or_fail(path);
    if (!blob)
        return bm_error_set(err, BM_FONT, path, 0, 0,
                            "cannot read the font to embed");
    hb_face_t *face = hb_face_create(blob, c->opt->embed_index);
    hb_blob_destroy(blob);   /* the face keeps its own reference */
    if (hb_face_get_glyph_count(face) == 0) {
        hb_face_destroy(face);
        return bm_error_set(err, BM_FONT, path, 0, 0,
                            "face %u of this file is not a font with glyphs",
                            c->opt->embed_index);
    }
    hb_blob_t *cff = hb_face_reference_table(face, HB_TAG('C', 'F', 'F', ' '));
    int is_cff = hb_blob_get_length(cff) > 0;
    hb_blob_destroy(cff);
    c->font_face = face;
    c->font_href = is_cff ? "fonts/body.otf" : "fonts/body.ttf";
    c->font_type = is_cff ? "font/otf" : "font/ttf";
    c->font_family = "banmian body";
    return BM_OK;
}

void ep_font_close(ep_ctx *c)
{
    hb_face_destroy(c->font_face);
    c->font_face = NULL;
}

/* Every character of every content document (and all of printable ASCII,
 * which the reader may show in its own chrome of the book). */
static void collect(ep_ctx *c, hb_set_t *set)
{
    hb_set_add_range(set, 0x20, 0x7E);
    for (size_t i = 0; i < c->nfiles; i++) {
        const ep_file *f = &c->files[i];
        if (!f->media_type || strcmp(f->media_type, "application/xhtml+xml"))
            continue;
        const char *s = (const char *)f->data;
        for (size_t k = 0; k < f->len;) {
            uint32_t cp;
            int n = bm_utf8_decode(s + k, f->len - k, &cp);
            if (n <= 0) {
                k++;
                continue;
            }
            if (cp >= 0x80)
                hb_set_add(set, cp);
            k += (size_t)n;
        }
    }
}

bm_status ep_embed_font(ep_ctx *c, bm_error *err)
{
    const char *path = c->opt->embed_font;
    bm_status st = BM_OK;
    hb_face_t *sub = NULL;
    hb_blob_t *out = NULL;
    hb_subset_input_t *in = hb_subset_input_create_or_fail();
    if (!in) {
        st = bm_error_set(err, BM_NOMEM, path, 0, 0, "font subset input");
        goto done;
    }
    collect(c, hb_subset_input_unicode_set(in));
    hb_set_t *drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
    for (size_t i = 0; i < sizeof dropped / sizeof dropped[0]; i++)
        hb_set_add(drop, dropped[i]);
    hb_set_t *feat = hb_subset_input_set(in, HB_SUBSET_SETS_LAYOUT_FEATURE_TAG);
    hb_set_clear(feat);
    for (size_t i = 0; i < sizeof features / sizeof features[0]; i++)
        hb_set_add(feat, features[i]);
    sub = hb_subset_or_fail(c->font_face, in);
    if (!sub) {
        st = bm_error_set(err, BM_FONT, path, 0, 0,
                          "subsetting the font to embed failed");
        goto done;
    }
    out = hb_face_reference_blob(sub);
    unsigned len = 0;
    const char *bytes = hb_blob_get_data(out, &len);
    if (!bytes || !len) {
        st = bm_error_set(err, BM_FONT, path, 0, 0,
                          "the subset of the font to embed is empty");
        goto done;
    }
    unsigned char *data = bm_arena_alloc(c->a, len);
    memcpy(data, bytes, len);
    ep_add_file(c, NULL, c->font_href, "font-body", c->font_type, NULL, data,
                len);
done:
    hb_blob_destroy(out);
    hb_face_destroy(sub);
    hb_subset_input_destroy(in);
    ep_font_close(c);
    return st;
}
