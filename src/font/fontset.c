/*
 * fontset.c - fonts.conf, the faces it names, and per-character fallback.
 *
 * bm_fontset_pick runs for every character the layout sets, so the answer
 * for every BMP code point and role is computed once at open (3 x 64 KiB of
 * face indices, about a millisecond); beyond the BMP it walks the role's
 * chain with a binary search per face (Extension B names are rare).  A
 * character's face is the role's first face that maps it, else the first
 * fallback face that does (issue 3: "every character is drawn by the first
 * font of its role that has it, else by the fallback chain").
 */
#include "font_private.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const role_names[BM_FONT_ROLE_COUNT] = {
    [BM_FONT_BODY] = "body",
    [BM_FONT_HEADLINE] = "headline",
    [BM_FONT_KAI] = "kai",
};

const char *bm_role_name(bm_role role)
{
    return (unsigned)role < BM_FONT_ROLE_COUNT ? role_names[role] : "fallback";
}

/* ---- fonts.conf ---------------------------------------------------------- */

static char *next_field(char **p)
{
    char *s = *p;
    while (*s == ' ' || *s == '\t')
        s++;
    if (!*s)
        return NULL;
    char *start = s;
    while (*s && *s != ' ' && *s != '\t')
        s++;
    if (*s)
        *s++ = '\0';
    *p = s;
    return start;
}

static void trim(char *s)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = '\0';
}

bm_status bm_font_conf_read(const char *conf_path, bm_arena *a,
                            bm_font_entry **out, size_t *n, bm_error *err)
{
    char *data = NULL;
    size_t len = 0;
    *out = NULL;
    *n = 0;
    bm_status st = bm_file_read(conf_path, a, 1u << 20, &data, &len, err);
    if (st != BM_OK)
        return st;
    const char *dir = bm_path_dir(a, conf_path);
    bm_font_entry *ents = NULL;
    size_t cnt = 0, cap = 0;
    int have[BM_FONT_ROLE_COUNT] = {0};
    int lineno = 0;
    char *p = data;
    if (!strncmp(p, "\xEF\xBB\xBF", 3))
        p += 3;   /* a UTF-8 byte order mark from an editor */
    while (p && *p) {
        char *line = p;
        char *nl = strchr(p, '\n');
        if (nl) {
            *nl = '\0';
            p = nl + 1;
        } else {
            p = NULL;
        }
        lineno++;
        char *hash = strchr(line, '#');
        if (hash)
            *hash = '\0';
        trim(line);
        char *q = line;
        char *role = next_field(&q);
        if (!role)
            continue;
        char *file = next_field(&q);
        char *idx = next_field(&q);
        char *lic = next_field(&q);
        char *pkg = next_field(&q);
        if (!pkg)
            return bm_error_set(err, BM_INPUT, conf_path, lineno, 0,
                                "expected ROLE FILE TTC_INDEX LICENCE "
                                "PACKAGE NAME");
        while (*q == ' ' || *q == '\t')
            q++;
        int r = -2, style = -1;
        for (int i = 0; i < BM_FONT_ROLE_COUNT; i++)
            if (!strcmp(role, role_names[i]))
                r = style = i;
        /* fallback, or fallback-STYLE: a fallback face of the style of
         * body (song, 宋/明), headline (hei, 黑) or kai (楷) */
        static const char *const styles[BM_FONT_ROLE_COUNT] = {
            [BM_FONT_BODY] = "fallback-song",
            [BM_FONT_HEADLINE] = "fallback-hei",
            [BM_FONT_KAI] = "fallback-kai",
        };
        if (!strcmp(role, "fallback"))
            r = -1;
        for (int i = 0; i < BM_FONT_ROLE_COUNT; i++)
            if (!strcmp(role, styles[i]))
                r = -1, style = i;
        if (r == -2)
            return bm_error_set(err, BM_INPUT, conf_path, lineno, 1,
                                "unknown role '%s' (expected body, "
                                "headline, kai, fallback or fallback-song, "
                                "fallback-hei, fallback-kai)",
                                role);
        char *end = NULL;
        unsigned long ix = strtoul(idx, &end, 10);
        if (!isdigit((unsigned char)idx[0]) || *end || ix > 0xFFFF)
            return bm_error_set(err, BM_INPUT, conf_path, lineno, 0,
                                "TTC_INDEX '%s' is not a face number "
                                "(0 for a single-face file)",
                                idx);
        if (cnt == cap) {
            size_t ncap = cap ? cap * 2 : 8;
            ents = bm_arena_grow(a, ents, cap * sizeof *ents,
                                 ncap * sizeof *ents);
            cap = ncap;
        }
        bm_font_entry *e = &ents[cnt++];
        e->role_name = bm_arena_strdup(a, role);
        e->role = r;
        e->style = style;
        e->file = bm_arena_strdup(a, file);
        e->path = file[0] == '/' ? e->file : bm_path_join(a, dir, file);
        e->ttc_index = (unsigned)ix;
        e->licence = bm_arena_strdup(a, lic);
        e->package = bm_arena_strdup(a, pkg);
        e->name = bm_arena_strdup(a, q);
        e->line = lineno;
        e->face = NULL;
        if (r >= 0)
            have[r] = 1;
    }
    for (int i = 0; i < BM_FONT_ROLE_COUNT; i++)
        if (!have[i])
            return bm_error_set(err, BM_INPUT, conf_path, lineno ? lineno : 1,
                                0, "no face for role '%s': add a line "
                                "'%s FILE TTC_INDEX LICENCE PACKAGE NAME'",
                                role_names[i], role_names[i]);
    *out = ents;
    *n = cnt;
    return BM_OK;
}

/* ---- the set --------------------------------------------------------------- */

static void add_to_chain(bm_fontset *fs, int role, const bm_face *f)
{
    for (size_t i = 0; i < fs->nchain[role]; i++)
        if (fs->chain[role][i] == f)
            return;
    fs->chain[role][fs->nchain[role]++] = f;
}

static void build_picks(bm_fontset *fs)
{
    for (int r = 0; r < BM_FONT_ROLE_COUNT; r++) {
        fs->chain[r] = bm_arena_alloc(fs->arena,
                                      (fs->nfaces + 1) * sizeof *fs->chain[r]);
        for (size_t i = 0; i < fs->nentries; i++)
            if (fs->entries[i].role == r)
                add_to_chain(fs, r, fs->entries[i].face);
        fs->nown[r] = fs->nchain[r];
        /* fallbacks of the role's style first (a 楷 face for kai before
         * any 明 face), then the rest in order */
        for (size_t i = 0; i < fs->nentries; i++)
            if (fs->entries[i].role == -1 && fs->entries[i].style == r)
                add_to_chain(fs, r, fs->entries[i].face);
        fs->nstyle[r] = fs->nchain[r];
        for (size_t i = 0; i < fs->nentries; i++)
            if (fs->entries[i].role == -1)
                add_to_chain(fs, r, fs->entries[i].face);

        uint8_t *t = bm_arena_alloc(fs->arena, 65536);
        memset(t, BM_PICK_NONE, 65536);
        /* fill from the end of the chain so earlier faces overwrite */
        for (size_t k = fs->nchain[r]; k-- > 0;) {
            const bm_face *f = fs->chain[r][k];
            for (uint32_t cp = 0; cp < 65536; cp++)
                if (f->gid_bmp[cp])
                    t[cp] = (uint8_t)f->index;
        }
        fs->pick_bmp[r] = t;
    }
}

bm_status bm_fontset_open(const char *conf_path, bm_fontset **out,
                          bm_error *err)
{
    *out = NULL;
    if (!conf_path) {
        conf_path = getenv("BANMIAN_FONTS");
        if (!conf_path || !*conf_path)
            return bm_error_set(err, BM_FONT, NULL, 0, 0,
                                "no font configuration: set BANMIAN_FONTS "
                                "to a fonts.conf or pass its path");
    }
    bm_fontset *fs = bm_xmalloc(sizeof *fs);
    memset(fs, 0, sizeof *fs);
    fs->arena = bm_arena_new();
    fs->conf_path = bm_arena_strdup(fs->arena, conf_path);
    bm_status st = bm_font_conf_read(conf_path, fs->arena, &fs->entries,
                                     &fs->nentries, err);
    if (st != BM_OK)
        goto done;
    if (bm_fault_alloc() || FT_Init_FreeType(&fs->ft)) {
        fs->ft = NULL;
        st = bm_error_set(err, BM_FONT, conf_path, 0, 0,
                          "cannot initialise FreeType");
        goto done;
    }
    fs->faces = bm_xmalloc(fs->nentries * sizeof *fs->faces);
    for (size_t i = 0; i < fs->nentries; i++) {
        bm_font_entry *e = &fs->entries[i];
        for (size_t j = 0; j < i; j++)
            if (fs->entries[j].ttc_index == e->ttc_index &&
                !strcmp(fs->entries[j].path, e->path))
                e->face = fs->entries[j].face;
        if (e->face)
            continue;
        if (fs->nfaces >= BM_FONT_MAX_FACES) {
            st = bm_error_set(err, BM_INPUT, conf_path, e->line, 0,
                              "more than %d faces", BM_FONT_MAX_FACES);
            goto done;
        }
        bm_face *f = NULL;
        /* errors name the caller's string, which outlives fs */
        st = bm_face_open_entry(fs, e, conf_path, &f, err);
        if (st != BM_OK)
            goto done;
        f->index = fs->nfaces;
        fs->faces[fs->nfaces++] = f;
        e->face = f;
    }
    build_picks(fs);
    {
        long ncpu = bm_cpus();
        fs->subset_threads = ncpu < 1 ? 1 : ncpu > 4 ? 4 : (int)ncpu;
    }
done:
    if (st != BM_OK) {
        bm_fontset_close(fs);
        return st;
    }
    *out = fs;
    return BM_OK;
}

void bm_fontset_close(bm_fontset *fs)
{
    if (!fs)
        return;
    for (size_t i = 0; i < fs->nfaces; i++)
        bm_face_close(fs->faces[i]);
    free(fs->faces);
    if (fs->ft)
        FT_Done_FreeType(fs->ft);
    bm_arena_free(fs->arena);
    free(fs);
}

size_t bm_fontset_nfaces(const bm_fontset *fs) { return fs->nfaces; }

const bm_face *bm_fontset_face(const bm_fontset *fs, size_t i)
{
    return i < fs->nfaces ? fs->faces[i] : NULL;
}

const bm_font_entry *bm_fontset_entries(const bm_fontset *fs, size_t *n)
{
    *n = fs->nentries;
    return fs->entries;
}

const char *bm_fontset_conf_path(const bm_fontset *fs)
{
    return fs->conf_path;
}

const bm_face *const *bm_fontset_chain(const bm_fontset *fs, bm_role role,
                                       size_t *n)
{
    if ((unsigned)role >= BM_FONT_ROLE_COUNT) {
        *n = 0;
        return NULL;
    }
    *n = fs->nchain[role];
    return fs->chain[role];
}

const bm_face *bm_fontset_pick(const bm_fontset *fs, bm_role role, uint32_t cp)
{
    if ((unsigned)role >= BM_FONT_ROLE_COUNT)
        role = BM_FONT_BODY;
    if (cp < 0x10000) {
        uint8_t i = fs->pick_bmp[role][cp];
        return i == BM_PICK_NONE ? NULL : fs->faces[i];
    }
    if (cp > 0x10FFFF)
        return NULL;
    for (size_t k = 0; k < fs->nchain[role]; k++)
        if (bm_face_glyph(fs->chain[role][k], cp))
            return fs->chain[role][k];
    return NULL;
}

int bm_fontset_pick_is_fallback(const bm_fontset *fs, bm_role role,
                                uint32_t cp)
{
    const bm_face *f = bm_fontset_pick(fs, role, cp);
    if (!f)
        return 0;
    for (size_t k = 0; k < fs->nown[role]; k++)
        if (fs->chain[role][k] == f)
            return 0;
    return 1;
}

int bm_fontset_pick_other_style(const bm_fontset *fs, bm_role role,
                                uint32_t cp)
{
    if ((unsigned)role >= BM_FONT_ROLE_COUNT)
        role = BM_FONT_BODY;
    const bm_face *f = bm_fontset_pick(fs, role, cp);
    if (!f)
        return 0;
    for (size_t k = 0; k < fs->nstyle[role]; k++)
        if (fs->chain[role][k] == f)
            return 0;
    return 1;
}

bm_fix bm_fontset_lookup(const bm_fontset *fs, bm_role role, uint32_t cp,
                         bm_fix size, const bm_face **face, uint32_t *gid)
{
    const bm_face *f = bm_fontset_pick(fs, role, cp);
    *face = f;
    if (!f) {
        *gid = 0;
        return size;
    }
    uint32_t g = bm_face_glyph(f, cp);
    *gid = g;
    return bm_font_scale(f->adv[g], size, f->upem);
}

void bm_fontset_prepare_subsets(bm_fontset *fs, int mode)
{
    for (size_t i = 0; i < fs->nfaces; i++)
        fs->faces[i]->sub_prep = mode;
}

void bm_fontset_set_whole_cmap(bm_fontset *fs, int whole)
{
    for (size_t i = 0; i < fs->nfaces; i++)
        fs->faces[i]->whole_cmap = whole;
}

void bm_fontset_subset_stats(const bm_fontset *fs, bm_subset_stats *st)
{
    memset(st, 0, sizeof *st);
    for (size_t i = 0; i < fs->nfaces; i++) {
        bm_face *f = fs->faces[i];
        pthread_mutex_lock(&f->sub_lock);
        st->nsubsets += f->nsubsets;
        st->nprepared += f->sub_face && f->sub_face != f->hb_face;
        st->prep_s += f->sub_prep_s;
        st->subset_s += f->sub_s + f->sub_prepped_s;
        pthread_mutex_unlock(&f->sub_lock);
    }
}

void bm_fontset_set_subset_threads(bm_fontset *fs, int n)
{
    fs->subset_threads = n < 1 ? 1 : n;
}

int bm_fontset_subset_threads(const bm_fontset *fs)
{
    return fs->subset_threads < 1 ? 1 : fs->subset_threads;
}
