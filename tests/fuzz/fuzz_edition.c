/*
 * fuzz_edition.c - random but valid editions, built whole.
 *
 * The input bytes are not the edition: they are the choices a generator
 * makes (how many pages, which layout, each article's kind, role, parts,
 * lengths and characters, figures with real PNGs of several shapes,
 * captions, credits, briefs in groups, section labels, a page from a raw
 * dump).  Every edition it writes is valid input, so libFuzzer explores
 * article shapes instead of parse errors.  Past the end of the input the
 * choices go on from a generator seeded by the input's hash.
 *
 * Invariants:
 *  - a valid edition is read without a problem and passes bm_model_check;
 *  - the build returns BM_OK, or BM_INPUT naming a file and a line (valid
 *    copy that cannot be laid out must be reported where it is, the same
 *    in `check` and `build`); anything else (BM_INTERNAL: lines overlap,
 *    a baseline outside its box; a crash) is a finding;
 *  - every character of every article's text (kicker, headline, subhead,
 *    byline, paragraphs, subheadings, notes, captions, credits, codes)
 *    appears among the laid-out lines of that article: text never
 *    vanishes from the page (issue 14, item 4);
 *  - a failed writer leaves no file behind.
 *
 * BM_FUZZ_KEEP=DIR keeps the last edition written there (to replay a
 * finding with the CLI: banmian build DIR).
 */
#include "fuzz.h"

#include "build/build.h"
#include "ingest/ingest.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char layouts_dir[4096];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    bm_fuzz_fonts();
    snprintf(layouts_dir, sizeof layouts_dir, "%s/layouts", bm_fuzz_root());
    return 0;
}

/* ---- choices ------------------------------------------------------------- */

typedef struct rnd {
    const uint8_t *d;
    size_t         n, i;
    uint64_t       s;
} rnd;

/* 0 .. k-1 */
static unsigned pick(rnd *r, unsigned k)
{
    unsigned v;
    if (r->i + 1 < r->n) {
        v = (unsigned)r->d[r->i] | (unsigned)r->d[r->i + 1] << 8;
        r->i += 2;
    } else {
        r->s = r->s * 6364136223846793005ULL + 1442695040888963407ULL;
        v = (unsigned)(r->s >> 33);
    }
    return k ? v % k : 0;
}

static int chance(rnd *r, unsigned pct)
{
    return pick(r, 100) < pct;
}

/* ---- text ------------------------------------------------------------------- */

static const char han[] =
    "河西区今年新建口袋公园座绿化面积达到万平方米周边居民步行分钟即可到"
    "市民政府工作报告经济增长社区街道志愿者图书馆停车位公交线路菜市场卫生服"
    "务站学校医院企业农业科技创新文化旅游体育赛事冠军运动员教练夜市小吃摊主"
    "游客记者通讯员实习生湿地候鸟保护水质监测翀犇龘𠀋";
static const char *const marks[] = {"，", "。", "、", "；", "：", "！", "？"};
static const char *const pairs[][2] = {
    {"“", "”"}, {"《", "》"}, {"（", "）"}, {"‘", "’"}, {"【", "】"}};
static const char *const units[] = {"座", "万元", "%", "公里", "个", "年", "月", "日"};
static const char *const latin[] = {"GDP", "CBD", "App", "5G", "Wi-Fi",
                                    "www.hexi.gov.cn", "NBA", "PM2.5"};

typedef struct sbuf {
    char  *p;
    size_t n, cap;
} sbuf;

static void sput(sbuf *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        b->cap = (b->n + n + 1) * 2;
        b->p = realloc(b->p, b->cap);
        if (!b->p)
            abort();
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

static void sputs(sbuf *b, const char *s)
{
    sput(b, s, strlen(s));
}

/* One Han character of the pool (UTF-8: 3 or 4 bytes). */
static void put_han(rnd *r, sbuf *b)
{
    size_t n = sizeof han - 1, i = pick(r, (unsigned)n);
    while (i > 0 && ((unsigned char)han[i] & 0xC0) == 0x80)
        i--;
    size_t k = 1;
    while (i + k < n && ((unsigned char)han[i + k] & 0xC0) == 0x80)
        k++;
    sput(b, han + i, k);
}

/* At most `chars` characters of running text (cut at a character);
 * `rich` allows pausing marks, quoted phrases, numbers and Latin words. */
static void put_text_raw(rnd *r, sbuf *b, unsigned chars, int rich);

static void put_text(rnd *r, sbuf *b, unsigned chars, int rich)
{
    size_t from = b->n, k = 0, i;
    put_text_raw(r, b, chars, rich);
    for (i = from; i < b->n && k < chars; k++)
        do
            i++;
        while (i < b->n && ((unsigned char)b->p[i] & 0xC0) == 0x80);
    while (i > from && (b->p[i - 1] == ' '))   /* no trailing space */
        i--;
    if (i == from)
        put_han(r, b), i = b->n;
    b->n = i;
    b->p[i] = '\0';
}

static void put_text_raw(rnd *r, sbuf *b, unsigned chars, int rich)
{
    unsigned done = 0;
    while (done < chars) {
        unsigned what = rich ? pick(r, 20) : pick(r, 24) < 22 ? 0 : 9;
        if (what < 12) {
            unsigned k = 1 + pick(r, 6);
            for (unsigned i = 0; i < k; i++)
                put_han(r, b);
            done += k;
        } else if (what < 15 && done > 0) {
            sputs(b, marks[pick(r, 7)]);
            done++;
        } else if (what == 15) {
            const char *const *p = pairs[pick(r, 5)];
            sputs(b, p[0]);
            unsigned k = 1 + pick(r, 6);
            for (unsigned i = 0; i < k; i++)
                put_han(r, b);
            sputs(b, p[1]);
            done += k + 2;
        } else if (what == 16) {
            char num[32];
            snprintf(num, sizeof num, "%u%s", pick(r, 20000),
                     pick(r, 3) ? "" : ".5");
            sputs(b, num);
            sputs(b, units[pick(r, 8)]);
            done += 4;
        } else if (what == 17) {
            sputs(b, latin[pick(r, 8)]);
            done += 3;
        } else if (what == 18 && done > 0) {
            sputs(b, pick(r, 2) ? " " : "\xE3\x80\x80");   /* phrase space */
            done++;
        } else {
            put_han(r, b);
            done++;
        }
    }
}

/* ---- files ------------------------------------------------------------------- */

static void write_file(const char *path, const void *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, n, f) != n || fclose(f) != 0)
        bm_fuzz_fail("write", path);
}

static void copy_file(const char *from, const char *to)
{
    FILE *f = fopen(from, "rb");
    if (!f)
        bm_fuzz_fail("open", from);
    sbuf b = {0};
    char buf[8192];
    size_t k;
    while ((k = fread(buf, 1, sizeof buf, f)) > 0)
        sput(&b, buf, k);
    fclose(f);
    write_file(to, b.p, b.n);
    free(b.p);
}

static void rm_tree(const char *path)
{
    DIR *d = opendir(path);
    if (!d) {
        unlink(path);
        return;
    }
    struct dirent *e;
    char sub[8192];
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
        rm_tree(sub);
    }
    closedir(d);
    rmdir(path);
}

/* Pictures of several shapes, from the test editions (real PNGs). */
static const char *const pictures[] = {
    "tests/editions/sports/images/skate-wide.png",
    "tests/editions/sparse/images/lantern.png",
    "tests/editions/tabloid-feature/images/ridge-3x1.png",
    "tests/editions/tabloid-feature/images/shepherd-3x4.png",
    "tests/editions/tabloid-feature/images/school-4x3.png",
    "tests/editions/sports/images/pool.png",
};
#define NPICTURES (sizeof pictures / sizeof pictures[0])

/* XML-escaped text (only & < > occur in generated text, but be safe). */
static void put_xml(sbuf *b, const char *s)
{
    for (; *s; s++)
        if (*s == '&')
            sputs(b, "&amp;");
        else if (*s == '<')
            sputs(b, "&lt;");
        else if (*s == '>')
            sputs(b, "&gt;");
        else if (*s == '"')
            sputs(b, "&quot;");
        else
            sput(b, s, 1);
}

static void elem_text(rnd *r, sbuf *b, const char *name, unsigned chars,
                      int rich)
{
    sbuf t = {0};
    put_text(r, &t, chars, rich);
    sputs(b, "<");
    sputs(b, name);
    sputs(b, ">");
    put_xml(b, t.p);
    sputs(b, "</");
    sputs(b, name);
    sputs(b, ">");
    free(t.p);
}

static const char *const names[] = {"王翀", "刘犇", "古丽娜·艾力", "李明",
                                    "张　芳", "欧阳小雨"};

/* One article file; returns its kind (0 article, 1 photo, 2 brief). */
static int write_article(rnd *r, const char *dir, const char *id, int lead,
                         const char *group)
{
    int kind = lead ? 0 : pick(r, 10) < 6 ? 0 : pick(r, 2) ? 1 : 2;
    sbuf b = {0};
    sputs(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<article id=\"");
    sputs(&b, id);
    sputs(&b, "\" kind=\"");
    sputs(&b, kind == 0 ? "article" : kind == 1 ? "photo" : "brief");
    sputs(&b, "\"");
    if (kind == 2 && group) {
        sputs(&b, " group=\"");
        sputs(&b, group);
        sputs(&b, "\"");
    }
    sputs(&b, ">\n");
    if (kind != 2 && chance(r, 30))
        elem_text(r, &b, "kicker", 4 + pick(r, chance(r, 10) ? 120 : 20), 1);
    if (kind != 1 || chance(r, 60)) {
        unsigned hl = chance(r, 8) ? 40 + pick(r, 160) : 2 + pick(r, 24);
        if (chance(r, 15)) {
            sputs(&b, "<headline>");
            unsigned nl = 2 + pick(r, 2);
            for (unsigned i = 0; i < nl; i++)
                elem_text(r, &b, "line", 2 + pick(r, 16), 0);
            sputs(&b, "</headline>\n");
        } else {
            elem_text(r, &b, "headline", hl, 0);
            sputs(&b, "\n");
        }
    }
    if (kind != 2 && chance(r, 25)) {
        sputs(&b, "<subhead>——");
        sbuf t = {0};
        put_text(r, &t, 4 + pick(r, chance(r, 10) ? 150 : 20), 1);
        put_xml(&b, t.p);
        free(t.p);
        sputs(&b, "</subhead>\n");
    }
    if (chance(r, 60)) {
        sputs(&b, "<byline>");
        sputs(&b, pick(r, 2) ? "本报记者 " : "本报通讯员 ");
        sputs(&b, names[pick(r, 6)]);
        sputs(&b, "</byline>\n");
    }
    sputs(&b, "<body>\n");
    unsigned nfig = kind == 1 ? 1 + pick(r, 4) : chance(r, 20) ? 1 + pick(r, 2) : 0;
    if (kind == 2 && chance(r, 70))
        nfig = 0;
    unsigned npara = kind == 2 ? 1 + pick(r, 2) : kind == 1 ? pick(r, 4)
                                                            : 1 + pick(r, 16);
    if (kind == 2 && chance(r, 20) && !nfig)
        nfig = 1;  /* a brief with a photo */
    unsigned figs_at = npara ? pick(r, npara + 1) : 0;
    for (unsigned i = 0; i <= npara; i++) {
        if (i == figs_at)
            for (unsigned f = 0; f < nfig; f++) {
                unsigned pic = pick(r, NPICTURES);
                char rel[64], from[4096], to[8192];
                snprintf(rel, sizeof rel, "images/%s-%u.png", id, f);
                snprintf(from, sizeof from, "%s/%s", bm_fuzz_root(),
                         pictures[pic]);
                snprintf(to, sizeof to, "%s/%s", dir, rel);
                int with_image = !chance(r, 10);
                if (with_image)
                    copy_file(from, to);
                sputs(&b, "<figure");
                if (with_image) {
                    sputs(&b, " src=\"");
                    sputs(&b, rel);
                    sputs(&b, "\" alt=\"图片\"");
                }
                sputs(&b, ">");
                if (chance(r, 85) || !with_image)
                    elem_text(r, &b, "caption",
                              2 + pick(r, chance(r, 10) ? 600 : 60), 1);
                if (chance(r, 60)) {
                    sputs(&b, "<credit>");
                    sputs(&b, pick(r, 2) ? "记者　" : "通讯员 ");
                    sputs(&b, names[pick(r, 6)]);
                    sputs(&b, "　摄</credit>");
                }
                sputs(&b, "</figure>\n");
            }
        if (i == npara)
            break;
        if (kind == 0 && i > 0 && chance(r, 10))
            elem_text(r, &b, "h", 2 + pick(r, 14), 0);
        else if (chance(r, 4))
            elem_text(r, &b, "note", 6 + pick(r, 40), 1);
        else
            elem_text(r, &b, "p",
                      1 + pick(r, chance(r, 5) ? 3000 : chance(r, 30) ? 30 : 300),
                      1);
        sputs(&b, "\n");
    }
    sputs(&b, "</body>\n");
    if (chance(r, 30)) {
        static const char *const codes[] = {"②5", "③12", "①1", "④8"};
        sputs(&b, "<code>");
        sputs(&b, codes[pick(r, 4)]);
        sputs(&b, "</code>\n");
    }
    sputs(&b, "</article>\n");
    char path[8192];
    snprintf(path, sizeof path, "%s/articles/%s.xml", dir, id);
    write_file(path, b.p, b.n);
    free(b.p);
    return kind;
}

static const char *const sections[] = {"要闻", "城区", "经济", "文体",
                                       "社会新闻与民生服务", "国际"};
static const char *const groups[] = {"城区时讯", "简讯", "文体快递"};

/* A raw page dump of a few articles, valid UTF-8 text. */
static void write_dump(rnd *r, const char *path)
{
    sbuf b = {0};
    sputs(&b, sections[pick(r, 6)]);
    sputs(&b, "\n\n");
    unsigned na = 1 + pick(r, 5);
    for (unsigned a = 0; a < na; a++) {
        put_text(r, &b, 4 + pick(r, 14), 0);
        sputs(&b, "\n\n本报讯(记者 ");
        sputs(&b, names[pick(r, 6)]);
        sputs(&b, ")");
        unsigned np = 1 + pick(r, 6);
        for (unsigned p = 0; p < np; p++) {
            put_text(r, &b, 10 + pick(r, 300), 1);
            sputs(&b, "。\n");
            if (p + 1 < np && chance(r, 50))
                sputs(&b, "    ");
        }
        sputs(&b, "\n");
    }
    write_file(path, b.p, b.n);
    free(b.p);
}

/* Writes the edition into dir; returns the layout name. */
static const char *write_edition(rnd *r, const char *dir)
{
    char path[8192];
    snprintf(path, sizeof path, "%s/articles", dir);
    mkdir(path, 0777);
    snprintf(path, sizeof path, "%s/images", dir);
    mkdir(path, 0777);
    snprintf(path, sizeof path, "%s/pages", dir);
    mkdir(path, 0777);
    const char *layout = pick(r, 2) ? "broadsheet" : "tabloid";
    static const char *const titles[] = {"河西日报", "河西晚报", "新河西",
                                         "河西都市报社区版", "河西"};
    sbuf b = {0};
    sputs(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<edition version=\"1\"");
    if (chance(r, 20))
        sputs(&b, " reflow=\"yes\"");
    sputs(&b, ">\n<title>");
    sputs(&b, titles[pick(r, 5)]);
    sputs(&b, "</title>\n<date>2026-11-20</date>\n<issue>");
    char issue[32];
    snprintf(issue, sizeof issue, "%u", 1 + pick(r, 30000));
    sputs(&b, issue);
    sputs(&b, "</issue>\n<publisher>河西日报社</publisher>\n"
              "<language>zh-CN</language>\n<layout>");
    sputs(&b, layout);
    sputs(&b, "</layout>\n");
    unsigned npages = 1 + pick(r, 4), nart = 0;
    for (unsigned p = 0; p < npages; p++) {
        const char *sec = sections[pick(r, 6)];
        if (p > 0 && chance(r, 12)) {
            snprintf(path, sizeof path, "%s/pages/p%u.txt", dir, p);
            write_dump(r, path);
            sputs(&b, "<page section=\"");
            sputs(&b, sec);
            sputs(&b, "\" dump=\"pages/");
            snprintf(path, sizeof path, "p%u.txt", p);
            sputs(&b, path);
            sputs(&b, "\"/>\n");
            continue;
        }
        sputs(&b, "<page section=\"");
        sputs(&b, sec);
        sputs(&b, "\">\n");
        unsigned n = 1 + pick(r, 7);
        const char *group = chance(r, 50) ? groups[pick(r, 3)] : NULL;
        for (unsigned a = 0; a < n; a++) {
            char id[32];
            snprintf(id, sizeof id, "a%u", nart++);
            int lead = a == 0 && chance(r, 50);
            write_article(r, dir, id, lead, group);
            sputs(&b, "  <article href=\"articles/");
            sputs(&b, id);
            sputs(&b, ".xml\"");
            if (lead)
                sputs(&b, " role=\"lead\"");
            if (chance(r, 8)) {
                sputs(&b, " label=\"");
                sputs(&b, sections[pick(r, 6)]);
                sputs(&b, "\"");
            }
            sputs(&b, "/>\n");
        }
        sputs(&b, "</page>\n");
    }
    sputs(&b, "</edition>\n");
    snprintf(path, sizeof path, "%s/edition.xml", dir);
    write_file(path, b.p, b.n);
    free(b.p);
    return layout;
}

/* ---- the text check ---------------------------------------------------------- */

/* Counts per code point (a sorted multiset would do; editions are small). */
typedef struct counts {
    uint32_t *cp;
    long     *n;
    size_t    len, cap;
} counts;

static void count_add(counts *c, uint32_t cp, long k)
{
    for (size_t i = 0; i < c->len; i++)
        if (c->cp[i] == cp) {
            c->n[i] += k;
            return;
        }
    if (c->len == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 256;
        c->cp = realloc(c->cp, c->cap * sizeof *c->cp);
        c->n = realloc(c->n, c->cap * sizeof *c->n);
        if (!c->cp || !c->n)
            abort();
    }
    c->cp[c->len] = cp;
    c->n[c->len++] = k;
}

/* Characters that are text (spaces and line breaks are layout). */
static void count_text(counts *c, const char *s, long k)
{
    if (!s)
        return;
    size_t n = strlen(s), i = 0;
    while (i < n) {
        uint32_t cp;
        int len = bm_utf8_decode(s + i, n - i, &cp);
        if (!len)
            bm_fuzz_fail("text", "invalid UTF-8 in the model");
        i += (size_t)len;
        if (cp != ' ' && cp != '\n' && cp != 0x3000)
            count_add(c, cp, k);
    }
}

/* Every character of `ar` among the lines laid out for it. */
static void check_text(const bm_layout_doc *doc, const bm_article *ar)
{
    counts c = {0};
    count_text(&c, ar->kicker, 1);
    count_text(&c, ar->headline, 1);
    count_text(&c, ar->subhead, 1);
    count_text(&c, ar->byline, 1);
    count_text(&c, ar->editor_code, 1);
    for (size_t i = 0; i < ar->nblocks; i++) {
        const bm_block *bl = &ar->blocks[i];
        count_text(&c, bl->text, 1);
        count_text(&c, bl->caption, 1);
        count_text(&c, bl->code, 1);
        count_text(&c, bl->credit, 1);
    }
    for (size_t p = 0; p < doc->npages; p++)
        for (size_t l = 0; l < doc->pages[p].nlines; l++) {
            const bm_line *ln = &doc->pages[p].lines[l];
            if (!ln->article_id || strcmp(ln->article_id, ar->id))
                continue;
            char *t = malloc(ln->len + 1);
            memcpy(t, ln->text, ln->len);
            t[ln->len] = '\0';
            count_text(&c, t, -1);
            free(t);
        }
    for (size_t i = 0; i < c.len; i++)
        if (c.n[i] > 0) {
            char msg[200];
            snprintf(msg, sizeof msg,
                     "article '%s' (%s:%d): %ld of U+%04X not on any page",
                     ar->id, ar->src.file ? ar->src.file : "?", ar->src.line,
                     c.n[i], (unsigned)c.cp[i]);
            bm_fuzz_fail("text vanished", msg);
        }
    free(c.cp);
    free(c.n);
}

/* ---- one run ------------------------------------------------------------------- */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < size; i++)
        h = (h ^ data[i]) * 1099511628211ULL;
    rnd r = {data, size, 0, h};
    const char *keep = getenv("BM_FUZZ_KEEP");
    char dir[2048], out[2048];
    if (keep && *keep) {
        rm_tree(keep);
        snprintf(dir, sizeof dir, "%s", keep);
    } else {
        snprintf(dir, sizeof dir, "%s/edition", bm_fuzz_tmpdir());
        rm_tree(dir);
    }
    if (mkdir(dir, 0777) != 0)
        bm_fuzz_fail("mkdir", dir);
    snprintf(out, sizeof out, "%s/out", bm_fuzz_tmpdir());
    rm_tree(out);
    if (mkdir(out, 0777) != 0)
        bm_fuzz_fail("mkdir", out);
    write_edition(&r, dir);

    bm_edition *ed = NULL;
    bm_error err = {0};
    bm_status s = bm_ingest_edition(dir, &ed, NULL, &err);
    if (s != BM_OK) {
        char msg[BM_ERROR_FILE_MAX + 600];
        snprintf(msg, sizeof msg, "%s:%d:%d: %s", err.file[0] ? err.file : "?",
                 err.line, err.col, err.msg);
        bm_fuzz_fail("a valid edition was refused", msg);
    }
    bm_error_init(&err);
    if (bm_model_check(ed, &err) != BM_OK)
        bm_fuzz_fail("bm_model_check", err.msg);

    bm_build *b = NULL;
    bm_build_options o = {0};
    o.edition = ed;
    o.layouts_dir = layouts_dir;
    o.fonts = bm_fuzz_fonts();
    o.outdir = out;
    o.formats = BM_FORMAT_PDF | BM_FORMAT_EPUB |
                (pick(&r, 8) == 0 ? BM_FORMAT_ALTO : 0);
    bm_error_init(&err);
    s = bm_build_run(&o, &b, &err);
    if (s != BM_OK) {
        char msg[BM_ERROR_FILE_MAX + 600];
        snprintf(msg, sizeof msg, "%s %s:%d:%d: %s", bm_status_name(s),
                 err.file[0] ? err.file : "(no file)", err.line, err.col,
                 err.msg);
        if (s != BM_INPUT || !err.file[0] || err.line <= 0)
            bm_fuzz_fail("build", msg);
    } else {
        for (size_t p = 0; p < ed->npages; p++)
            for (size_t i = 0; i < ed->pages[p]->narticles; i++)
                check_text(b->doc, ed->pages[p]->articles[i]);
    }
    for (size_t i = 0; b && i < b->noutputs; i++) {
        const bm_build_output *w = &b->outputs[i];
        if (!w->done && access(w->path, F_OK) == 0)
            bm_fuzz_fail(w->format, "failed write left a file behind");
    }
    bm_build_free(b);
    bm_edition_free(ed);
    rm_tree(out);
    if (!(keep && *keep))
        rm_tree(dir);
    return 0;
}
