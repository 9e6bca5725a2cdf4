/*
 * test_ingest_dump.c - the page-dump importer, one rule at a time.
 *
 * Every text here is invented for these tests (no corpus sentences).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "ingest/ingest.h"
#include "ingest/ingest_private.h"

/* Imports `text` as "t.txt"; fails the test on an error. */
static bm_page *import(bm_edition *ed, const char *text)
{
    bm_error err;
    bm_error_init(&err);
    bm_status st = bm_ingest_dump_mem(ed, "t.txt", text, strlen(text), &err);
    if (st != BM_OK)
        fail_msg("import failed: %s:%d:%d: %s", err.file,
                 err.line, err.col, err.msg);
    bm_error e2;
    bm_error_init(&e2);
    assert_int_equal(bm_model_check(ed, &e2), BM_OK);
    return ed->pages[ed->npages - 1];
}

static bm_error import_err(const char *text, size_t len)
{
    bm_edition *ed = bm_edition_new();
    bm_error err;
    bm_error_init(&err);
    bm_status st = bm_ingest_dump_mem(ed, "bad.txt", text, len, &err);
    assert_int_equal(st, BM_INPUT);
    assert_int_equal(bm_status_exit(st), 1);
    bm_edition_free(ed);
    return err;
}

static const char *para(const bm_article *ar, size_t k)
{
    size_t n = 0;
    for (size_t i = 0; i < ar->nblocks; i++)
        if (ar->blocks[i].kind == BM_BLOCK_PARAGRAPH && n++ == k)
            return ar->blocks[i].text;
    return NULL;
}

static size_t nparas(const bm_article *ar)
{
    size_t n = 0;
    for (size_t i = 0; i < ar->nblocks; i++)
        n += ar->blocks[i].kind == BM_BLOCK_PARAGRAPH;
    return n;
}

static int warned(const bm_edition *ed, int line, const char *frag)
{
    for (const bm_diag *d = ed->diags.first; d; d = d->next)
        if (d->line == line && strstr(d->msg, frag))
            return 1;
    return 0;
}

/* A page without printed line ends: structure, bylines, repairs. */
static const char plain_page[] =
    "城区要闻\n"
    "\n"
    "河西区\n"
    "\n"
    "新建三座口袋公园 方便居民休闲\n"
    "——周边五个小区受益\n"
    "\n"
    "本报讯(记者 王芳 通讯员 李明)近日,河西区新建的三座口袋公园陆续开放。"
    "公园面积共4,000平方米,绿化率达到62.5%,比例尺1:500的设计图已在网站"
    "www.hexi.example.cn/park?id=3公布。\n"
    "\n"
    "\"以前下楼没地方走,现在好了!\"家住附近的张大爷说。公园里设有健身步道"
    "(约800米)、儿童游乐区和\n"
    "\n"
    "休息长廊,每天早晚都有不少居民来这里散步;你去过了吗?\n"
    "\n"
    "建设细节\n"
    "\n"
    "据介绍,公园的座椅全部采用回收木材制作,夜间照明使用Solar Lite路灯。③5\n"
    "\n"
    "开发区\n"
    "\n"
    "春耕时节田间忙\n"
    "\n"
    "本报讯 (通讯员 赵一鸣)连日来,开发区各村抓住晴好天气开展春耕生产,"
    "田间地头一派繁忙景象。①3\n"
    "图为村民在田间插秧。②1\n"
    "通讯员 钱多多 摄\n"
    "\n"
    "湖畔新书屋开门迎客\n"
    "\n"
    "记者 孙晓\n"
    "\n"
    "新书屋藏书三千册,免费向市民开放。\n";

static void structure(void **state)
{
    (void)state;
    bm_edition *ed = bm_edition_new();
    bm_page *pg = import(ed, plain_page);
    assert_int_equal(pg->nsections, 1);
    assert_string_equal(pg->sections[0], "城区要闻");
    assert_string_equal(pg->dump, "t.txt");
    assert_int_equal(pg->narticles, 3);

    bm_article *a = pg->articles[0];
    assert_string_equal(a->kicker, "河西区");
    /* the space between the two halves of a headline stays */
    assert_string_equal(a->headline, "新建三座口袋公园 方便居民休闲");
    assert_string_equal(a->subhead, "——周边五个小区受益");
    assert_string_equal(a->byline, "本报讯（记者 王芳 通讯员 李明）");
    assert_string_equal(a->editor_code, "③5");
    assert_int_equal(a->kind, BM_ARTICLE);
    assert_string_equal(a->src.file, "t.txt");
    assert_int_equal(a->src.line, 5);
    /* byline cut from the first paragraph; numbers, ratio, URL stay ASCII */
    assert_string_equal(para(a, 0),
                         "近日，河西区新建的三座口袋公园陆续开放。公园面积共"
                         "4,000平方米，绿化率达到62.5%，比例尺1:500的设计图"
                         "已在网站www.hexi.example.cn/park?id=3公布。");
    /* a paragraph cut at a column end is glued back; quotes, ! ( ) ; ? */
    assert_string_equal(para(a, 1),
                         "“以前下楼没地方走，现在好了！”家住附近的张大爷说。"
                         "公园里设有健身步道（约800米）、儿童游乐区和休息长廊，"
                         "每天早晚都有不少居民来这里散步；你去过了吗？");
    assert_int_equal(a->blocks[1].src.line, 10);
    /* an in-article subheading, then the last paragraph without its code;
       the space between Latin words stays */
    assert_int_equal(a->blocks[2].kind, BM_BLOCK_SUBHEADING);
    assert_string_equal(a->blocks[2].text, "建设细节");
    assert_int_equal(a->blocks[2].src.line, 14);
    assert_string_equal(para(a, 2), "据介绍，公园的座椅全部采用回收木材制作，"
                                    "夜间照明使用Solar Lite路灯。");
    assert_int_equal(nparas(a), 3);

    bm_article *b = pg->articles[1];
    assert_string_equal(b->kicker, "开发区");
    assert_string_equal(b->headline, "春耕时节田间忙");
    assert_string_equal(b->byline, "本报讯 （通讯员 赵一鸣）");
    assert_string_equal(b->editor_code, "①3");
    assert_int_equal(b->kind, BM_ARTICLE);
    assert_int_equal(b->nblocks, 2);
    assert_int_equal(b->blocks[1].kind, BM_BLOCK_FIGURE);
    /* the caption's own code is not the article's: it stays with it */
    assert_string_equal(b->blocks[1].caption, "图为村民在田间插秧。");
    assert_string_equal(b->blocks[1].code, "②1");
    assert_string_equal(b->blocks[1].credit, "通讯员 钱多多 摄");
    assert_int_equal(b->blocks[1].src.line, 23);
    assert_false(warned(ed, 23, "②1"));
    /* the section label stands over the first article only */
    assert_string_equal(a->label, "城区要闻");
    assert_null(b->label);

    bm_article *c = pg->articles[2];
    assert_null(c->kicker);
    assert_string_equal(c->headline, "湖畔新书屋开门迎客");
    assert_string_equal(c->byline, "记者 孙晓");   /* a standalone line */
    assert_int_equal(c->kind, BM_ARTICLE_BRIEF);
    assert_string_equal(para(c, 0), "新书屋藏书三千册，免费向市民开放。");
    bm_edition_free(ed);
}

/*
 * A page whose extraction kept printed line ends as spaces: full column
 * lines are 10 characters, a paragraph's first line 8 (indent).
 */
static const char spaced_page[] =
    "社区开展邻里节活动\n"
    "\n"
    "本报讯(通讯员 吴 桐)近日社区服务中心 举办了一场邻里节活动 ,吸引了三百多名居民"
    " 参加。\n"
    "\n"
    "突出重点抓落实。\n"
    "\n"
    "各部门把任务分解到人 ,每周通报一次进度, 确保按期完成。\n"
    "\n"
    "另外社区还组织了 志愿者上门为老人理发 和量血压,大家纷纷\n"
    "\n"
    "下一步社区将把邻 里节办成每年一次的固 定活动。④2\n"
    "\n"
    "公交新线路 今日开通 今日起,城东新开 通的三条公交线路正式运 营,市民乘车更加便利"
    " 。新线路途经学校、医 院和大型社区。②7 记者 周 游 摄\n"
    "\n"
    "• •\n";

static void width_evidence(void **state)
{
    (void)state;
    bm_edition *ed = bm_edition_new();
    bm_page *pg = import(ed, spaced_page);
    assert_int_equal(pg->narticles, 2);
    bm_article *a = pg->articles[0];
    assert_string_equal(a->byline, "本报讯（通讯员 吴 桐）");
    assert_string_equal(a->editor_code, "④2");
    assert_int_equal(nparas(a), 4);
    /* line-end spaces inside Chinese text are gone */
    assert_string_equal(para(a, 0), "近日社区服务中心举办了一场邻里节活动，"
                                    "吸引了三百多名居民参加。");
    /* a one-line paragraph start ending in 。 continued by a full line */
    assert_string_equal(para(a, 1), "突出重点抓落实。各部门把任务分解到人，"
                                    "每周通报一次进度，确保按期完成。");
    /* cut short, then an indented block: two paragraphs */
    assert_string_equal(para(a, 2), "另外社区还组织了志愿者上门为老人理发和量血压，"
                                    "大家纷纷");
    assert_string_equal(para(a, 3), "下一步社区将把邻里节办成每年一次的固定活动。");

    /* a photo text on one line: title in front, code and credit at the end */
    bm_article *p = pg->articles[1];
    assert_int_equal(p->kind, BM_ARTICLE_PHOTO);
    assert_string_equal(p->headline, "公交新线路 今日开通");
    assert_null(p->byline);
    assert_string_equal(p->editor_code, "②7");
    assert_int_equal(nparas(p), 1);
    assert_string_equal(para(p, 0), "今日起，城东新开通的三条公交线路正式运营，"
                                    "市民乘车更加便利。新线路途经学校、医院和大型社区。");
    int credit = 0;
    for (size_t i = 0; i < p->nblocks; i++)
        if (p->blocks[i].kind == BM_BLOCK_FIGURE &&
            !strcmp(p->blocks[i].credit, "记者 周 游 摄"))
            credit = 1;
    assert_true(credit);
    /* a junk line is dropped with a warning naming it */
    assert_true(warned(ed, 15, "• •"));
    bm_edition_free(ed);
}

/*
 * Printed line ends at Han-Latin junctions go on a page with width
 * evidence (新能源汽车|9,862辆); spaces between Latin words stay.  Text is
 * NFC before any rule sees it.
 */
static void han_latin_spaces_and_nfc(void **state)
{
    (void)state;
    static const char page[] =
        "新能源车销量增长\n"
        "\n"
        "本报讯(记者 林 涛)前三季度全市共 销售新能源汽车 9,862辆,同比 增长"
        " 1.4 个百分点,购车人 可在 APP上预约试驾。 使用 Windows 11 的 用户"
        "也能登录网站, 咖啡店 Cafe\xcc\x81 也 参加了活动。\n";
    bm_edition *ed = bm_edition_new();
    bm_page *pg = import(ed, page);
    assert_int_equal(pg->narticles, 1);
    assert_string_equal(para(pg->articles[0], 0),
                        "前三季度全市共销售新能源汽车9,862辆，同比增长1.4个"
                        "百分点，购车人可在APP上预约试驾。使用Windows 11的"
                        "用户也能登录网站，咖啡店Caf\xc3\xa9也参加了活动。");
    bm_edition_free(ed);

    /* without printed line ends, spaces are the page's own */
    static const char plain[] =
        "新能源车销量增长\n"
        "\n"
        "本报讯(记者 林涛)全市共销售新能源汽车 9,862辆,同比增长 1.4 个百分点。"
        "\xef\xa4\x80\n";
    ed = bm_edition_new();
    pg = import(ed, plain);
    assert_string_equal(para(pg->articles[0], 0),
                        "全市共销售新能源汽车 9,862辆，同比增长 1.4 个百分点。"
                        "\xe8\xb1\x88"); /* U+F900 -> U+8C48 (NFC) */
    bm_edition_free(ed);
}

/* The importer's character classes are the text stage's (々 is Han). */
static void classes_from_text_stage(void **state)
{
    (void)state;
    assert_true(bm_ch_han(0x3005));
    for (uint32_t c = 0; c < 0x10000; c++) {
        if (c >= 0xD800 && c <= 0xDFFF)
            continue;
        assert_int_equal(bm_ch_han(c), bm_text_class(c) == BM_CLS_HAN);
        assert_int_equal(bm_ch_circled(c), bm_text_class(c) == BM_CLS_EDITOR);
        assert_int_equal(bm_ch_digit(c), bm_text_class(c) == BM_CLS_NUM);
    }
}

/* Counts the blocks of kind k in ar. */
static size_t nkind(const bm_article *ar, bm_block_kind k)
{
    size_t n = 0;
    for (size_t i = 0; i < ar->nblocks; i++)
        n += ar->blocks[i].kind == k;
    return n;
}

/*
 * Roles from evidence: a line cut at a column end is body text, a
 * subheading runs on under the story's byline, a heading after a story
 * without a byline opens the next story.
 */
static void roles_from_evidence(void **state)
{
    (void)state;
    static const char page[] =
        "江岸修复调查\n"
        "\n"
        "本报记者 岑一鸣\n"
        "\n"
        "云溪江畔过去是一片荒滩,如今成了湿地公园。\n"
        "\n"
        "据介绍,今年全区新增绿化面\n"                     /* line 7 */
        "\n"
        "积约1.2万平方米,植被覆盖率提高到78%。\n"
        "\n"
        "修复之路:先治水,再种树\n"                        /* line 11 */
        "\n"
        "施工队清运了砂石和垃圾共31万立方米。\n"
        "\n"
        "江边居民全程参与修复\n"                           /* bare, 10 */
        "\n"
        "\"以前一刮风就满天沙。\"居民石国栋说。\n"
        "\n"
        "记者手记\n"                                       /* line 19 */
        "\n"
        "从荒滩到湿地,变化让人感慨。③5\n"
        "\n"
        "图书馆开设亲子课堂\n"
        "\n"
        "县图书馆每周六上午开设亲子阅读课堂。\n"
        "\n"
        "二中获科技创新奖\n"                               /* line 27 */
        "\n"
        "云溪二中学生的节水装置获得一等奖。\n";
    bm_edition *ed = bm_edition_new();
    bm_page *pg = import(ed, page);
    assert_int_equal(pg->narticles, 3);
    bm_article *a = pg->articles[0];
    assert_string_equal(a->byline, "本报记者 岑一鸣");
    assert_int_equal(nkind(a, BM_BLOCK_SUBHEADING), 3);
    assert_string_equal(para(a, 1), "据介绍，今年全区新增绿化面积约1.2万平方米，"
                                    "植被覆盖率提高到78%。");
    for (size_t i = 0; i < a->nblocks; i++)
        if (a->blocks[i].kind == BM_BLOCK_SUBHEADING)
            assert_true(!strcmp(a->blocks[i].text, "修复之路：先治水，再种树") ||
                        !strcmp(a->blocks[i].text, "江边居民全程参与修复") ||
                        !strcmp(a->blocks[i].text, "记者手记"));
    assert_string_equal(pg->articles[1]->headline, "图书馆开设亲子课堂");
    assert_string_equal(pg->articles[2]->headline, "二中获科技创新奖");
    assert_int_equal(nparas(pg->articles[2]), 1);
    bm_edition_free(ed);
}

/*
 * A photo page: short texts ending in the photographer's code between the
 * story's paragraphs are captions of figures without an image; the story
 * keeps its own code; a picture credit note stays.  Text before any
 * headline is kept in the nearest story, with a warning.
 */
static void caption_blocks_and_orphans(void **state)
{
    (void)state;
    static const char page[] =
        "田埂上的风筝飞得很高。\n"                         /* line 1 */
        "\n"
        "稻浪翻金 田野织锦\n"
        "\n"
        "本报记者 韦晓岚\n"
        "\n"
        "霜降过后,云溪县的晚稻进入收割高峰,十多台收割机来回穿梭。\n"
        "\n"
        "农机手驾驶收割机在稻田里作业。②9\n"
        "\n"
        "村民在晒场上翻晒新收的稻谷。②9\n"
        "\n"
        "全县今年组建了32支农机社会化服务队,服务面积达到11.4万亩。②5\n"
        "\n"
        "(本版图片由本报记者 韦晓岚 摄)\n";
    bm_edition *ed = bm_edition_new();
    bm_page *pg = import(ed, page);
    assert_int_equal(pg->narticles, 1);
    bm_article *a = pg->articles[0];
    assert_string_equal(a->editor_code, "②5");
    assert_int_equal(nparas(a), 3);
    assert_string_equal(para(a, 0), "田埂上的风筝飞得很高。");
    assert_true(warned(ed, 1, "no headline of its own"));
    int caps = 0;
    for (size_t i = 0; i < a->nblocks; i++) {
        const bm_block *b = &a->blocks[i];
        if (b->kind != BM_BLOCK_FIGURE || !b->caption)
            continue;
        assert_null(b->image);
        assert_string_equal(b->code, "②9");
        caps++;
    }
    assert_int_equal(caps, 2);
    assert_int_equal(nkind(a, BM_BLOCK_NOTE), 1);
    bm_edition_free(ed);
}

/* An editor code printed on a line of its own closes its story; it is
   not the next story's kicker. */
static void code_line_alone(void **state)
{
    (void)state;
    static const char page[] =
        "购买取暖器认准\"3C\"标志\n"
        "\n"
        "本报讯(记者 范雨)使用取暖器时,应远离窗帘、被褥等可燃物。\n"
        "\n"
        "④5\n"
        "\n"
        "银杏大道迎来最美观赏期\n"
        "\n"
        "连日来,人民路两侧的银杏树叶片金黄。\n"
        "\n"
        "通讯员 甘露 摄\n";
    bm_edition *ed = bm_edition_new();
    bm_page *pg = import(ed, page);
    assert_int_equal(pg->narticles, 2);
    assert_string_equal(pg->articles[0]->editor_code, "④5");
    assert_null(pg->articles[1]->kicker);
    assert_int_equal(pg->articles[1]->kind, BM_ARTICLE_PHOTO);
    bm_edition_free(ed);
}

/* The editor-code line and the byline line moved by extraction go back. */
static void moved_lines(void **state)
{
    (void)state;
    static const char page[] =
        "果园迎来丰收季\n"
        "\n"
        "以来,果园进入采 摘期,果农们每天忙着 摘果装箱,运往城里 的超市和农贸市场, "
        "销路一直很好。\n"
        "\n"
        "村党支部联系电商 平台,帮助果农把苹果 了冷库。⑤1\n"
        "\n"
        "本报讯 (记者 郑 重)入秋 卖到全国各地,今年还新建\n";
    bm_edition *ed = bm_edition_new();
    bm_page *pg = import(ed, page);
    assert_int_equal(pg->narticles, 1);
    bm_article *a = pg->articles[0];
    assert_string_equal(a->byline, "本报讯 （记者 郑 重）");
    assert_string_equal(a->editor_code, "⑤1");
    assert_int_equal(nparas(a), 2);
    assert_string_equal(para(a, 0), "入秋以来，果园进入采摘期，果农们每天忙着摘果装箱，"
                                    "运往城里的超市和农贸市场，销路一直很好。");
    assert_string_equal(para(a, 1), "村党支部联系电商平台，帮助果农把苹果卖到"
                                    "全国各地，今年还新建了冷库。");
    bm_edition_free(ed);
}

/* A printed line dropped into another paragraph goes back where the
   words on both its ends continue (ICU's Chinese dictionary). */
static void misplaced_line(void **state)
{
    (void)state;
    static const char page[] =
        "河道变清了\n"
        "\n"
        "本报讯(通讯员 周洁)今年以来,社区组 织志愿者定期清理河道 垃圾,累计清运垃圾两"
        " 吨多,沿岸环境明显改 护河道的行动中来,共 善,河水也变得清澈起 来。\n"
        "\n"
        "居民们纷纷表示, 家门口的环境变好了, 散步时心情也更加舒畅 ,大家都愿意参与到保"
        " 同守护美丽家园。\n";
    bm_edition *ed = bm_edition_new();
    bm_page *pg = import(ed, page);
    bm_article *a = pg->articles[0];
    assert_int_equal(nparas(a), 2);
    assert_string_equal(para(a, 0), "今年以来，社区组织志愿者定期清理河道垃圾，"
                                    "累计清运垃圾两吨多，沿岸环境明显改善，"
                                    "河水也变得清澈起来。");
    assert_string_equal(para(a, 1), "居民们纷纷表示，家门口的环境变好了，"
                                    "散步时心情也更加舒畅，大家都愿意参与到"
                                    "保护河道的行动中来，共同守护美丽家园。");
    bm_edition_free(ed);
}

/* Photos, notes and codes in their other shapes. */
static void pictures_and_codes(void **state)
{
    (void)state;
    static const char page[] =
        "南湖晨练 人气正旺 清晨,南湖公园里到处是锻炼的市民,有人打太极,"
        "有人跳广场舞。⑦3 记者 伍一 摄\n"
        "\n"
        "集市新貌\n"
        "\n"
        "本报讯(记者 章程)周末的农贸集市人头攒动,新鲜蔬菜摆满摊位,\n"
        "图为集市一角。 通讯员 艾米 摄\n"
        "\n"
        "摊主们热情招呼着来往的顾客。⑧ 4\n"
        "\n"
        "秋日银杏\n"
        "\n"
        "金黄的银杏叶铺满小路,吸引许多市民拍照留念。\n"
        "(本版图片由市园林局提供)\n";
    bm_edition *ed = bm_edition_new();
    bm_page *pg = import(ed, page);
    assert_int_equal(pg->narticles, 3);

    /* a photo text without printed line ends: title pieces, code, credit */
    bm_article *p = pg->articles[0];
    assert_int_equal(p->kind, BM_ARTICLE_PHOTO);
    assert_string_equal(p->headline, "南湖晨练 人气正旺");
    assert_string_equal(p->editor_code, "⑦3");
    assert_string_equal(para(p, 0), "清晨，南湖公园里到处是锻炼的市民，"
                                    "有人打太极，有人跳广场舞。");

    /* a caption with its credit on the same line, set inside the text:
       the paragraph continues after it; a code cut by a line end */
    bm_article *a = pg->articles[1];
    assert_string_equal(a->editor_code, "⑧4");
    assert_int_equal(nparas(a), 1);
    assert_string_equal(para(a, 0), "周末的农贸集市人头攒动，新鲜蔬菜摆满摊位，"
                                    "摊主们热情招呼着来往的顾客。");
    const bm_block *fig = NULL;
    for (size_t i = 0; i < a->nblocks; i++)
        if (a->blocks[i].kind == BM_BLOCK_FIGURE)
            fig = &a->blocks[i];
    assert_non_null(fig);
    assert_string_equal(fig->caption, "图为集市一角。");
    assert_string_equal(fig->credit, "通讯员 艾米 摄");

    /* a credit note */
    bm_article *c = pg->articles[2];
    assert_int_equal(c->kind, BM_ARTICLE_PHOTO);
    assert_int_equal(c->blocks[c->nblocks - 1].kind, BM_BLOCK_NOTE);
    assert_string_equal(c->blocks[c->nblocks - 1].text,
                        "（本版图片由市园林局提供）");
    bm_buf b;
    bm_buf_init(&b);
    bm_ingest_dump_json(ed, pg, "t.txt", &b);
    assert_non_null(strstr(b.data, "\"credit\": \"（本版图片由市园林局提供）\""));
    bm_buf_free(&b);
    bm_edition_free(ed);
}

/* One page, two kinds of extraction: width rules only where they apply;
   a long bare line is a cut paragraph start, not a subheading. */
static void mixed_page(void **state)
{
    (void)state;
    static const char page[] =
        "第一篇\n"
        "\n"
        "本报讯(记者 田甜)社区食堂开业了,每天供应三餐。\n"
        "\n"
        "老人用餐可以享受八折优惠,很多老人成了常客。\n"
        "\n"
        "在社区食堂的后厨里\n"
        "\n"
        "厨师们正在忙着准备午餐。\n"
        "\n"
        "第二篇\n"
        "\n"
        "本报讯(记者 牛犇)新建的 体育公园对市民免费开 放,园内设有篮球场、 "
        "足球场和健身步道。\n"
        "\n"
        "周末来这里运动的人 特别多,停车场经常停 满了车,管理人员正 "
        "在研究增加车位。\n";
    bm_edition *ed = bm_edition_new();
    bm_page *pg = import(ed, page);
    assert_int_equal(pg->narticles, 2);
    bm_article *a = pg->articles[0];
    assert_int_equal(nparas(a), 3);
    assert_string_equal(para(a, 2), "在社区食堂的后厨里厨师们正在忙着准备午餐。");
    bm_article *b = pg->articles[1];
    /* a sentence that ends on a full last line, then a full first line */
    assert_int_equal(nparas(b), 1);
    bm_edition_free(ed);
}

static void kicker_below_headline_and_cut_byline(void **state)
{
    (void)state;
    static const char page[] =
        "古镇老街换新颜 游客纷至沓来\n"
        "\n"
        "青石镇\n"
        "\n"
        "本报讯(通讯员 冯晨)青石镇老街改造完工,街面铺上了青石板。\n"
        "\n"
        "某某单位\n"
        "\n"
        "第二篇稿件\n"
        "\n"
        "陈小)这是一篇开头缺了半截署名的稿件,内容是虚构的。\n";
    bm_edition *ed = bm_edition_new();
    bm_page *pg = import(ed, page);
    assert_int_equal(pg->narticles, 2);
    assert_string_equal(pg->articles[0]->headline, "古镇老街换新颜 游客纷至沓来");
    assert_string_equal(pg->articles[0]->kicker, "青石镇");
    assert_string_equal(pg->articles[1]->byline, "陈小）");
    assert_string_equal(para(pg->articles[1], 0),
                        "这是一篇开头缺了半截署名的稿件，内容是虚构的。");
    bm_edition_free(ed);

    /* a short headline under a long kicker is not a unit name: no swap */
    static const char page2[] =
        "全市上下齐心协力迎接新一年的挑战\n\n瑞雪兆丰年\n\n"
        "本报讯(记者 雷雨)昨夜一场大雪,田野披上银装。\n";
    ed = bm_edition_new();
    pg = import(ed, page2);
    assert_string_equal(pg->articles[0]->headline, "瑞雪兆丰年");
    assert_string_equal(pg->articles[0]->kicker, "全市上下齐心协力迎接新一年的挑战");
    bm_edition_free(ed);
}

static void byline_name_split(void **state)
{
    (void)state;
    static const char page[] =
        "标题一则\n\n"
        "本报讯(记者 唐 一 通讯员 欧阳 晨 王小 明 通 讯员 陆 晓峰)正文第一句写在这里。\n";
    bm_edition *ed = bm_edition_new();
    bm_page *pg = import(ed, page);
    /* 王小 明 is one name cut by a line end; 唐 一 is a padded name */
    assert_string_equal(pg->articles[0]->byline,
                        "本报讯（记者 唐 一 通讯员 欧阳晨 王小明 通讯员 陆晓峰）");
    bm_edition_free(ed);
}

static void duplicates(void **state)
{
    (void)state;
    static const char page[] =
        "一则消息\n\n"
        "本报讯(通讯员 何方)市图书馆延长开放时间市图书馆延长开放时间,"
        "周末开放到晚上九点。\n"
        "\n"
        "馆内新增自习座位两百个,读者可以在线预约。\n"
        "\n"
        "馆内新增自习座位两百个,读者可以在线预约。\n";
    bm_edition *ed = bm_edition_new();
    bm_page *pg = import(ed, page);
    bm_article *a = pg->articles[0];
    assert_string_equal(para(a, 0), "市图书馆延长开放时间，周末开放到晚上九点。");
    assert_int_equal(nparas(a), 2);
    assert_true(warned(ed, 3, "市图书馆延长开放时间"));
    assert_true(warned(ed, 7, "repeats line 5"));
    bm_edition_free(ed);
}

static void bom_and_crlf(void **state)
{
    (void)state;
    static const char page[] =
        "\xEF\xBB\xBF"
        "河东新闻\r\n\r\n一条短讯标题\r\n\r\n"
        "本报讯(记者 林 木)河东区今天举行植树活动,\r\n\r\n"
        "三百名志愿者参加。\r\n";
    bm_edition *ed = bm_edition_new();
    bm_page *pg = import(ed, page);
    assert_string_equal(pg->sections[0], "河东新闻");
    bm_article *a = pg->articles[0];
    assert_string_equal(a->headline, "一条短讯标题");
    assert_string_equal(para(a, 0), "河东区今天举行植树活动，三百名志愿者参加。");
    assert_int_equal(a->blocks[0].src.line, 5);
    bm_edition_free(ed);
}

static void bad_input(void **state)
{
    (void)state;
    bm_error e = import_err("标题\n\n正文\xC3\x28内容\n", 18);
    assert_int_equal(e.line, 3);
    assert_int_equal(e.col, 3);
    assert_non_null(strstr(e.msg, "UTF-8"));

    e = import_err("\xFF\xFE\x07\x5E", 4);
    assert_int_equal(e.line, 1);
    assert_non_null(strstr(e.msg, "UTF-16"));

    e = import_err("a\0b\0c\0", 6);
    assert_non_null(strstr(e.msg, "UTF-16"));

    e = import_err("标题\n正\0文\n", 11);
    assert_int_equal(e.line, 2);
    assert_non_null(strstr(e.msg, "NUL"));

    e = import_err("", 0);
    assert_non_null(strstr(e.msg, "empty"));
    e = import_err("\n  \n\n", 5);
    assert_non_null(strstr(e.msg, "no text"));
}

static void json(void **state)
{
    (void)state;
    bm_edition *ed = bm_edition_new();
    bm_page *pg = import(ed, plain_page);
    bm_buf b;
    bm_buf_init(&b);
    bm_ingest_dump_json(ed, pg, "t.txt", &b);
    assert_non_null(strstr(b.data, "\"source\": \"t.txt\""));
    assert_non_null(strstr(b.data, "\"sections\": [\"城区要闻\"]"));
    assert_non_null(strstr(b.data, "\"kind\": \"article\""));
    assert_non_null(strstr(b.data, "\"kind\": \"brief\""));
    assert_non_null(strstr(b.data, "\"## 建设细节\""));
    assert_non_null(strstr(b.data, "\"subhead\": null"));
    assert_non_null(strstr(b.data, "\"editor_code\": \"③5\""));
    assert_non_null(strstr(b.data, "\"captions\": [\"图为村民在田间插秧。\"]"));
    assert_non_null(strstr(b.data, "\"caption_codes\": [\"②1\"]"));
    assert_non_null(strstr(b.data, "\"label\": \"城区要闻\""));
    assert_non_null(strstr(b.data, "\"label\": null"));
    assert_non_null(strstr(b.data, "\"credit\": \"通讯员 钱多多 摄\""));
    assert_non_null(strstr(b.data, "\"credit\": null"));
    assert_null(strstr(b.data, "        \"本报讯"));  /* never in a paragraph */
    assert_null(strstr(b.data, "③5\","));
    bm_buf_free(&b);
    bm_edition_free(ed);
}

/* Lose nothing: every Han character of the input is in some field. */
static void nothing_lost(void **state)
{
    (void)state;
    const char *pages[] = {plain_page, spaced_page};
    for (int k = 0; k < 2; k++) {
        bm_edition *ed = bm_edition_new();
        bm_page *pg = import(ed, pages[k]);
        bm_buf b;
        bm_buf_init(&b);
        bm_ingest_dump_json(ed, pg, "t.txt", &b);
        const char *s = pages[k];
        size_t n = strlen(s), i = 0;
        while (i < n) {
            uint32_t cp;
            int l = bm_utf8_decode(s + i, n - i, &cp);
            assert_true(l > 0);
            if (bm_ch_han(cp)) {
                char u[8] = {0};
                memcpy(u, s + i, (size_t)l);
                if (!strstr(b.data, u))
                    fail_msg("page %d lost %s", k, u);
            }
            i += (size_t)l;
        }
        bm_buf_free(&b);
        bm_edition_free(ed);
    }
}

static void punctuation_rules(void **state)
{
    (void)state;
    static const struct { const char *in, *out; } cases[] = {
        {"增长3.5%,达到1,200台", "增长3.5%，达到1,200台"},
        {"时间:12:30开始", "时间：12:30开始"},
        {"见www.example.cn/a?b=1,或拨打电话", "见www.example.cn/a?b=1，或拨打电话"},
        {"He said: \"OK, go!\"", "He said: \"OK, go!\""},
        {"称为\"智慧社区\"(试点)", "称为“智慧社区”（试点）"},
        {"5G (fifth generation)网络", "5G (fifth generation)网络"},
    };
    bm_arena *a = bm_arena_new();
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        bm_ustr s = {0};
        const char *p = cases[k].in;
        size_t n = strlen(p), i = 0;
        while (i < n) {
            uint32_t cp;
            int l = bm_utf8_decode(p + i, n - i, &cp);
            bm_us_push(a, &s, cp, 1);
            i += (size_t)l;
        }
        bm_dump_fix_spaces(&s);
        bm_dump_fix_punct(&s);
        assert_string_equal(bm_us_utf8(a, &s), cases[k].out);
    }
    bm_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(structure),
        cmocka_unit_test(width_evidence),
        cmocka_unit_test(han_latin_spaces_and_nfc),
        cmocka_unit_test(classes_from_text_stage),
        cmocka_unit_test(roles_from_evidence),
        cmocka_unit_test(caption_blocks_and_orphans),
        cmocka_unit_test(code_line_alone),
        cmocka_unit_test(moved_lines),
        cmocka_unit_test(misplaced_line),
        cmocka_unit_test(pictures_and_codes),
        cmocka_unit_test(mixed_page),
        cmocka_unit_test(kicker_below_headline_and_cut_byline),
        cmocka_unit_test(byline_name_split),
        cmocka_unit_test(duplicates),
        cmocka_unit_test(bom_and_crlf),
        cmocka_unit_test(bad_input),
        cmocka_unit_test(json),
        cmocka_unit_test(nothing_lost),
        cmocka_unit_test(punctuation_rules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
