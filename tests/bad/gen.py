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

# Images libharu cannot take as they are: decoded at ingest and re-encoded
# (16-bit, interlaced) or refused at the <figure> (12-bit, arithmetic-coded,
# truncated JPEGs).
def png16(w, h):
    row = b"".join(struct.pack(">HHH", 0xC8C8, 0x7878, 0x2828) for _ in range(w))
    raw = b"".join(b"\0" + row for _ in range(h))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 16, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
def png_adam7(w, h, rgb=(40, 120, 200)):
    raw = b""
    for x0, y0, dx, dy in ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4),
                           (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)):
        cols = len(range(x0, w, dx))
        for _ in range(y0, h, dy):
            if cols:
                raw += b"\0" + bytes(rgb) * cols
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 1))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
# a 7 x 12 baseline JPEG (the one tests/unit/test_pdf.c embeds)
JPEG = bytes.fromhex(
    "ffd8ffe000104a46494600010101000000000000ffdb0043001b12141714111b1716171e1c1b2028422b"
    "28252528513a3d3042605565645f555d5b6a7899816a7190735b5d85b586909ea3abadab6780bcc9baa6"
    "c799a8aba4ffdb0043011c1e1e2823284e2b2b4ea46e5d6ea4a4a4a4a4a4a4a4a4a4a4a4a4a4a4a4a4a4"
    "a4a4a4a4a4a4a4a4a4a4a4a4a4a4a4a4a4a4a4a4a4a4a4a4a4a4a4a4a4a4a4a4ffc00011080008000603"
    "012200021101031101ffc4001f0000010501010101010100000000000000000102030405060708090a0b"
    "ffc400b5100002010303020403050504040000017d010203000411051221314106135161072271143281"
    "91a1082342b1c11552d1f02433627282090a161718191a25262728292a3435363738393a434445464748"
    "494a535455565758595a636465666768696a737475767778797a838485868788898a9293949596979899"
    "9aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5"
    "e6e7e8e9eaf1f2f3f4f5f6f7f8f9faffc4001f0100030101010101010101010000000000000102030405"
    "060708090a0bffc400b51100020102040403040705040400010277000102031104052131061241510761"
    "711322328108144291a1b1c109233352f0156272d10a162434e125f11718191a262728292a3536373839"
    "3a434445464748494a535455565758595a636465666768696a737475767778797a82838485868788898a"
    "92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7"
    "d8d9dae2e3e4e5e6e7e8e9eaf2f3f4f5f6f7f8f9faffda000c03010002110311003f00e8514a9ced3f8b"
    "9345145007ffd9")
write("img-16bit/images/a.png", png16(64, 40)); figure_article("img-16bit", "images/a.png")
write("img-interlaced/images/a.png", png_adam7(64, 40)); figure_article("img-interlaced", "images/a.png")
write("img-jpeg/images/a.jpg", JPEG); figure_article("img-jpeg", "images/a.jpg")
sof = JPEG.index(b"\xff\xc0")
write("img-jpeg12/images/a.jpg", JPEG[:sof + 4] + b"\x0c" + JPEG[sof + 5:])
figure_article("img-jpeg12", "images/a.jpg")
write("img-jpeg-arith/images/a.jpg", JPEG[:sof + 1] + b"\xc9" + JPEG[sof + 2:])
figure_article("img-jpeg-arith", "images/a.jpg")
write("img-jpeg-cut/images/a.jpg", JPEG[:-12]); figure_article("img-jpeg-cut", "images/a.jpg")
write("img-png-as-jpg/images/a.jpg", b"\xff\xd8\xff\xe0" + b"\0" * 60); figure_article("img-png-as-jpg", "images/a.jpg")

# ---- special files: refused by name, never waited on ------------------------
def fifo(path):
    path = os.path.join(OUT, path)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if not os.path.exists(path):
        os.mkfifo(path)
fifo("fifo.txt")
fifo("fifo-edition/edition.xml")
article("fifo-article", "articles/a.xml"); edition("fifo-article", pages=[("要闻", ["articles/b.xml"])])
fifo("fifo-article/articles/b.xml")
fifo("fifo-dump/pages/p1.txt"); edition("fifo-dump", pages=[("要闻", "pages/p1.txt")])
write("fifo-image/images/.keep", ""); fifo("fifo-image/images/a.png"); figure_article("fifo-image", "images/a.png")
write("cover-damaged.png", png(64, 40)[:60])
write("cover.png", png(64, 40))
write("cover-16bit.png", png16(32, 20))

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
# <layout> in edition.xml follows the edition's path rules: a file the
# edition carries is found inside it, never in the working directory
tabloid = open(os.path.join(ROOT, "layouts", "tabloid.xml"), encoding="utf-8").read()
article("layout-own", "articles/a.xml"); edition("layout-own", layout="layouts/house.xml")
write("layout-own/layouts/house.xml", tabloid)
write("house.xml", base.replace('columns="8"', 'columns="0"'))
article("layout-cwd", "articles/a.xml"); edition("layout-cwd", layout="house.xml")
article("layout-abs", "articles/a.xml"); edition("layout-abs", layout=os.path.join(ROOT, "layouts", "tabloid.xml"))
article("layout-up", "articles/a.xml"); edition("layout-up", layout="../house.xml")
article("layout-bad-own", "articles/a.xml"); edition("layout-bad-own", layout="house.xml")
write("layout-bad-own/house.xml", base.replace('columns="8"', 'columns="0"'))

# ---- strings, encodings and sizes of issue 14 (str-* cases) ----------------
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_str  # noqa: E402
gen_str.generate(sys.modules[__name__])
