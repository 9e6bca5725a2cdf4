"""gen_str.py - inputs of the str-* cases of tests/bad/cases (issue 14: strings
nobody validated, encodings, sizes).  Called by gen.py with its helpers;
all text is invented.
"""
import os


def generate(g):
    write, article, edition, DUMP, PARA = g.write, g.article, g.edition, g.DUMP, g.PARA

    # ---- characters text may not hold (src/base/check.c) ----------------
    # line 5 of DUMP is the body; the character goes after 本报讯(
    body5 = "本报讯(记者 王翀)河西区今年新建口袋公园12座, 绿化面积3.6万平方米。"
    def dump_with(name, ch):
        write(name, DUMP.replace(body5, "本报讯(" + ch + body5[4:]))
    dump_with("str-uffff.txt", "\uffff")
    dump_with("str-ufffe.txt", "\ufffe")
    dump_with("str-u1fffe.txt", "\U0001fffe")
    dump_with("str-c0.txt", "\x01")
    dump_with("str-c1.txt", "\x85")
    # form feed (pdftotext's page break) and tabs are spacing, not refused
    write("str-formfeed.txt", DUMP.replace("\n\n口袋", "\n\f\n口袋").replace("绿化", "绿\t化"))

    def xml_with(name, headline=None, body=PARA):
        article(name, "articles/a.xml", headline=headline or "口袋公园建成开放", body=body)
        edition(name)
    xml_with("str-xml-fdd0", headline="口袋公园\ufdd0建成")
    xml_with("str-xml-uffff", body="    <p>河西区今年新建\uffff口袋公园。</p>")
    xml_with("str-xml-c1", body="    <p>河西区今年新建\x9b口袋公园。</p>")
    xml_with("str-xml-tab", headline="口袋公园\t建成开放")

    # ---- edition metadata ------------------------------------------------
    def edition_sub(name, old, new):
        article(name, "articles/a.xml"); edition(name)
        p = os.path.join(g.OUT, name, "edition.xml")
        text = open(p, encoding="utf-8").read()
        open(p, "w", encoding="utf-8").write(text.replace(old, new))
    edition_sub("str-lang-posix", "zh-CN", "zh_CN")
    edition_sub("str-lang-bad", "<language>zh-CN", "<language>中文")
    edition_sub("str-lang-bad2", "<language>zh-CN", "<language>zh--CN")
    edition_sub("str-date-feb31", "2026-11-20", "2026-02-31")
    edition_sub("str-title-fdd0", "河西日报</title>", "河西\ufdd0日报</title>")

    # ---- encodings: positions count characters of the decoded text -------
    # an unknown element on line 5, after Chinese text on the same line
    bad_body = "    <p>河西区今年新建口袋公园。</p><q>多余</q>"
    text = g.ARTICLE.format(id="a", kind="article", headline="口袋公园建成开放", body=bad_body)
    for name, enc, bom in (("str-utf16le", "utf-16-le", b"\xff\xfe"),
                           ("str-utf16be", "utf-16-be", b"\xfe\xff"),
                           ("str-gbk", "gbk", b"")):
        t = text.replace('encoding="UTF-8"', 'encoding="%s"' % ("UTF-16" if bom else "GBK"))
        write(f"{name}/articles/a.xml", bom + t.encode(enc))
        edition(name)
        ok = g.ARTICLE.format(id="a", kind="article", headline="口袋公园建成开放", body=PARA)
        ok = ok.replace('encoding="UTF-8"', 'encoding="%s"' % ("UTF-16" if bom else "GBK"))
        write(f"{name}-ok/articles/a.xml", bom + ok.encode(enc))
        edition(f"{name}-ok")
    # bytes that are no GBK: line 5, after 河西区
    gb = text.replace('encoding="UTF-8"', 'encoding="GBK"').encode("gbk")
    gb = gb.replace("河西区".encode("gbk"), "河西区".encode("gbk") + b"\xff\xff", 1)
    write("str-gbk-bytes/articles/a.xml", gb); edition("str-gbk-bytes")
    write("str-enc-unknown/articles/a.xml",
          text.replace('encoding="UTF-8"', 'encoding="X-NOSUCH-8"'))
    edition("str-enc-unknown")

    # ---- sizes: display text has a limit (xml_doc.c text_max) ------------
    import random
    rnd = random.Random(14)
    han = "口袋公园建成开放河西区今年新建绿化面积达到周边居民步行分钟即可到达"
    def han_text(n):
        return "".join(rnd.choice(han) for _ in range(n))
    article("str-headline-1m", "articles/a.xml", headline=han_text(1000000)); edition("str-headline-1m")
    article("str-headline-40k", "articles/a.xml", headline=han_text(40000)); edition("str-headline-40k")
    article("str-headline-200", "articles/a.xml", headline=han_text(200)); edition("str-headline-200")
    # a photo story without a headline: its 2000-character caption is its
    # title in the PDF outline (cut there, whole on the page)
    write("str-caption-2000/images/a.png", g.png(160, 100))
    write("str-caption-2000/articles/a.xml",
          '<?xml version="1.0" encoding="UTF-8"?>\n<article id="a" kind="photo">\n'
          '  <body>\n    <figure src="images/a.png" alt="公园"><caption>' + han_text(2000) +
          "</caption><credit>刘犇 摄</credit></figure>\n" + PARA + "\n  </body>\n</article>\n")
    edition("str-caption-2000")

    # ---- text that vanished, furniture that ran off (D, E) ----------------
    # three briefs in one box: a subhead, a photo with caption and credit,
    # a figure without an image
    write("str-brief-figure/images/a.png", g.png(160, 100))
    brief = ('<?xml version="1.0" encoding="UTF-8"?>\n<article id="{id}" kind="brief" group="城区时讯">\n'
             "  <headline>{h}</headline>\n{sub}  <body>\n{fig}    <p>{p}</p>\n  </body>\n</article>\n")
    write("str-brief-figure/articles/b1.xml", brief.format(
        id="b1", h="夜市开张", sub="  <subhead>——临河区新添三处便民摊点</subhead>\n",
        fig='    <figure src="images/a.png" alt="夜市"><caption>图为市民在夜市选购小吃。</caption>'
            "<credit>记者　刘犇　摄</credit></figure>\n",
        p="临河区三处便民夜市昨晚开张，首批入驻摊主62户。"))
    write("str-brief-figure/articles/b2.xml", brief.format(
        id="b2", h="图书馆延时", sub="", fig='    <figure><caption>延时服务时间表见馆内公告栏。</caption></figure>\n',
        p="河西区图书馆即日起每晚延时开放至21时。"))
    write("str-brief-figure/articles/b3.xml", brief.format(
        id="b3", h="公交新线", sub="  <subhead>——连接湿地公园与高铁站</subhead>\n", fig="",
        p="新开通的58路公交全程18.6公里，设站21个。"))
    article("str-brief-figure", "articles/a.xml")
    edition("str-brief-figure", pages=[("要闻", ["articles/a.xml", "articles/b1.xml",
                                               "articles/b2.xml", "articles/b3.xml"])])

    def masthead(name, layout, title, section="要闻", pages=1):
        article(name, "articles/a.xml")
        article(name, "articles/b.xml", id="b")
        pl = [(section, ["articles/a.xml"])] + [(section, ["articles/b.xml"])] * (pages - 1)
        edition(name, pages=pl, layout=layout)
        p = os.path.join(g.OUT, name, "edition.xml")
        text = open(p, encoding="utf-8").read()
        open(p, "w", encoding="utf-8").write(text.replace("<title>河西日报</title>", f"<title>{title}</title>"))
    masthead("str-masthead-tabloid9", "tabloid", "河西都市报社区周刊", "社会新闻与民生服务")
    masthead("str-masthead-broad11", "broadsheet", "河西日报社区生活周刊版")
    masthead("str-running-head-long", "tabloid", "河西都市报" * 8, "社会新闻与民生服务特别报道专刊之城区街道社区", pages=2)
    masthead("str-section-too-long", "tabloid", "河西日报", "社会新闻与民生服务特别报道专刊之城区街道社区新闻版")
    masthead("str-title-too-long", "tabloid", "河西" * 21)

    # styles larger than the rows the layout gives them (were exit 3,
    # "baseline outside its box"): set smaller, with a warning
    tab = open(os.path.join(g.ROOT, "layouts", "tabloid.xml"), encoding="utf-8").read()
    write("str-layout-big-masthead.xml",
          tab.replace('<style element="masthead"      font="hei"  size="60pt"',
                      '<style element="masthead"      font="hei"  size="300pt"')
             .replace('<style element="running-head"  font="song" size="9pt"',
                      '<style element="running-head"  font="song" size="60pt"')
             .replace('<style element="masthead-info" font="song" size="10.5pt"',
                      '<style element="masthead-info" font="song" size="40pt"'))
    masthead("str-big-styles", "tabloid", "河西日报", pages=2)
