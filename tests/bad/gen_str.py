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
