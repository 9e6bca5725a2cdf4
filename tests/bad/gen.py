#!/usr/bin/env python3
"""gen.py OUT_DIR - writes the inputs of the bad-input suite (tests/bad/cases).

Inputs are generated rather than committed: some are large (a 5 MB
paragraph, 10,000 articles) and most are small variations of one valid
edition, which reads better as code than as forty directories.  All text is
invented.
"""
import os
import struct
import sys
import zlib

OUT = sys.argv[1]

ARTICLE = """<?xml version="1.0" encoding="UTF-8"?>
<article id="{id}" kind="{kind}">
  <headline>{headline}</headline>
  <byline>本报记者 王翀</byline>
  <body>
{body}
  </body>
</article>
"""
PARA = "    <p>河西区今年新建口袋公园12座，绿化面积达到3.6万平方米，周边居民步行5分钟即可到达。</p>"


def png(w, h, rgb=(200, 120, 40)):
    raw = b"".join(b"\0" + bytes(rgb) * w for _ in range(h))
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def write(path, data):
    path = os.path.join(OUT, path)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    mode = "wb" if isinstance(data, bytes) else "w"
    with open(path, mode, **({} if mode == "wb" else {"encoding": "utf-8"})) as f:
        f.write(data)


def edition(name, pages=None, layout="broadsheet", extra_articles=None, head=None):
    """An edition directory; pages = [(section, [href...])]."""
    pages = pages or [("要闻", ["articles/a.xml"])]
    out = [head or '<?xml version="1.0" encoding="UTF-8"?>', '<edition version="1">',
           "  <title>河西日报</title>", "  <date>2026-11-20</date>", "  <issue>9</issue>",
           "  <publisher>河西日报社</publisher>", "  <language>zh-CN</language>",
           f"  <layout>{layout}</layout>"]
    for sec, hrefs in pages:
        if isinstance(hrefs, str):
            out.append(f'  <page section="{sec}" dump="{hrefs}"/>')
            continue
        out.append(f'  <page section="{sec}">')
        out += [f'    <article href="{h}"/>' for h in hrefs]
        out.append("  </page>")
    out.append("</edition>")
    write(f"{name}/edition.xml", "\n".join(out) + "\n")


def article(name, href, id="a", kind="article", headline="口袋公园建成开放", body=PARA):
    write(f"{name}/{href}", ARTICLE.format(id=id, kind=kind, headline=headline, body=body))


def figure_article(name, src):
    body = (f'    <figure src="{src}" alt="新建的口袋公园"><caption>图为市民在公园散步。</caption>'
            "<credit>刘犇 摄</credit></figure>\n" + PARA)
    article(name, "articles/a.xml", kind="photo", body=body)
    edition(name)


DUMP = ("河西新闻\n\n口袋公园建成开放\n\n本报讯(记者 王翀)河西区今年新建口袋公园12座, 绿化面积3.6万平方米。\n")

# ---- page dumps ---------------------------------------------------------
write("dump-ok.txt", DUMP)
write("dump-bad-utf8.txt", DUMP.encode() + b"\xe6\xb2\n\xff\xfe\x80\n")
write("dump-nul.txt", DUMP.encode() + b"abc\x00def\n")
write("dump-utf16.txt", b"\xff\xfe" + DUMP.encode("utf-16-le"))
write("dump-bom-crlf.txt", b"\xef\xbb\xbf" + DUMP.replace("\n", "\r\n").encode())
write("dump-empty.txt", b"")
write("dump-blank.txt", "   \n\t\n\u3000\n  \n")
write("dump-latin3000.txt", "河西新闻\n\n长单词测试\n\n本报讯(记者 王翀)这是一个很长的词:" + "abcdefghij" * 300 + "。其后还有中文。\n")
# 5 MB in one paragraph, varied so that no fragment repeats another (the
# importer drops character-for-character duplicates).
import random
rnd = random.Random(5)
words = ["河西区", "口袋公园", "绿化面积", "周边居民", "步行", "即可到达", "今年新建", "万平方米",
         "社区", "街道", "志愿者", "图书馆", "停车位", "公交线路", "菜市场", "卫生服务站"]
parts, size = [], 0
while size < 5 * 1024 * 1024:
    w = rnd.choice(words) + str(rnd.randint(1, 99999)) + rnd.choice(",、")
    parts.append(w)
    size += len(w.encode())
big = "本报讯(记者 王翀)" + "".join(parts) + "。\n"
write("dump-5mb.txt", "河西新闻\n\n超长段落\n\n" + big)
write("dump-uncovered.txt", "河西新闻\n\n缺字测试\n\n本报讯(记者 王翀)这里有一个没有字体能显示的字\U0010FFFD,其余正常。\n")
write("dump-dir/.keep", "")

# ---- editions -----------------------------------------------------------
article("ok", "articles/a.xml"); edition("ok")
article("xml-malformed", "articles/a.xml", headline="口袋公园<b>建成</headline>"); edition("xml-malformed")
write("xml-xxe/articles/a.xml", '<?xml version="1.0"?>\n<!DOCTYPE article [<!ENTITY s SYSTEM "file:///etc/passwd">]>\n'
      '<article id="a" kind="article"><headline>外部实体&s;</headline><body><p>&s;</p></body></article>\n')
edition("xml-xxe")
bomb = '<?xml version="1.0"?>\n<!DOCTYPE article [\n<!ENTITY a0 "哈哈哈哈哈哈哈哈哈哈">\n'
for i in range(1, 10):
    bomb += f'<!ENTITY a{i} "' + f"&a{i-1};" * 10 + '">\n'
bomb += ']>\n<article id="a" kind="article"><headline>&a9;</headline><body><p>&a9;</p></body></article>\n'
write("xml-bomb/articles/a.xml", bomb); edition("xml-bomb")
article("xml-dup-id", "articles/a.xml"); article("xml-dup-id", "articles/b.xml")
edition("xml-dup-id", pages=[("要闻", ["articles/a.xml", "articles/b.xml"])])
article("xml-empty-article", "articles/a.xml", headline="", body=""); edition("xml-empty-article")
article("xml-missing-article", "articles/a.xml")
edition("xml-missing-article", pages=[("要闻", ["articles/a.xml", "articles/nosuch.xml"])])
article("xml-bad-kind", "articles/a.xml", kind="poem"); edition("xml-bad-kind")
article("xml-control-char", "articles/a.xml", headline="控制\x01字符"); edition("xml-control-char")
write("edition-missing-xml/articles/a.xml", ARTICLE.format(id="a", kind="article", headline="x", body=PARA))
article("edition-bad-date", "articles/a.xml"); edition("edition-bad-date")
p = os.path.join(OUT, "edition-bad-date/edition.xml")
text = open(p, encoding="utf-8").read()
open(p, "w", encoding="utf-8").write(text.replace("2026-11-20", "2026-13-45"))
write("edition-dump-page/pages/p1.txt", DUMP); edition("edition-dump-page", pages=[("要闻", "pages/p1.txt")])
write("edition-dump-escape/x", ""); edition("edition-dump-escape", pages=[("要闻", "../dump-ok.txt")])

# ---- images -------------------------------------------------------------
write("img-ok/images/a.png", png(64, 40)); figure_article("img-ok", "images/a.png")
figure_article("img-missing", "images/nosuch.png")
write("img-corrupt/images/a.png", png(64, 40)[:40] + b"garbage" * 20); figure_article("img-corrupt", "images/a.png")
def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
# A valid header claiming 60000 x 60000 pixels over a tiny compressed body:
# a decompression bomb if anyone believed it.
huge = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 60000, 60000, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(b"\0" * 65536)) + chunk(b"IEND", b""))
write("img-huge/images/a.png", huge); figure_article("img-huge", "images/a.png")
write("img-escape/images/.keep", ""); figure_article("img-escape", "../../dump-ok.txt")
write("img-absolute/images/.keep", ""); figure_article("img-absolute", "/etc/hostname")
os.makedirs(os.path.join(OUT, "img-symlink/images"), exist_ok=True)
if not os.path.lexists(os.path.join(OUT, "img-symlink/images/a.png")):
    os.symlink("/etc/hostname", os.path.join(OUT, "img-symlink/images/a.png"))
figure_article("img-symlink", "images/a.png")

# ---- layouts ------------------------------------------------------------
article("layout-unknown", "articles/a.xml"); edition("layout-unknown", layout="nosuchlayout")

# ---- many articles ------------------------------------------------------
n = 10000
hrefs = []
for i in range(n):
    write(f"many/articles/b{i}.xml",
          f'<article id="b{i}" kind="article"><headline>简讯{i}</headline>'
          f"<body><p>第{i}条简讯：河西区新增停车位{i % 97}个。</p></body></article>\n")
    hrefs.append(f"articles/b{i}.xml")
edition("many", pages=[(f"简讯{k + 1}", hrefs[k * 500:(k + 1) * 500]) for k in range(n // 500)])

# ---- fonts ----------------------------------------------------------------
conf = open(os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                         "fonts", "fonts.conf"), encoding="utf-8").read()
write("fonts-missing.conf", conf.replace("/usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf",
                                         "/nonexistent/NoSuchKai.ttf"))
write("fonts-bad-line.conf", "body\n")

# ---- layout files ---------------------------------------------------------
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
base = open(os.path.join(ROOT, "layouts", "broadsheet.xml"), encoding="utf-8").read()
write("layout-zero-cols.xml", base.replace('columns="8"', 'columns="0"'))
write("layout-negative.xml", base.replace('width="350mm"', 'width="-350mm"'))
write("layout-malformed.xml", base.replace("</layout>", ""))
write("layout-bad-font.xml", base.replace('font="kai"', 'font="comic"', 1))
