#!/usr/bin/python3
"""Check that an example edition is complete and exercises what it promises.

    /usr/bin/python3 examples/tools/check_example.py EDITION_DIR [--min-chars N]
                     [--full-pages N] [--require-features] [--min-articles N]
                     [--layout NAME] [--pages N]

Independent of banmian itself (stdlib only): every href and figure src exists
and stays inside the edition, every PNG is a real PNG, article ids are unique,
and (--require-features) the texts contain every typographic case the
examples are for.  Prints one line per page; exits 1 listing every problem.
"""
import argparse
import os
import re
import struct
import sys
import xml.etree.ElementTree as ET

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")


def text_of(el):
    return "".join(el.itertext()) if el is not None else ""


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(33)
    if head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", head[16:24])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("edition")
    ap.add_argument("--min-chars", type=int, default=0,
                    help="non-space characters of article text each of the first --full-pages pages needs")
    ap.add_argument("--full-pages", type=int, default=0)
    ap.add_argument("--min-articles", type=int, default=1)
    ap.add_argument("--pages", type=int, default=1, help="at least this many pages")
    ap.add_argument("--layout")
    ap.add_argument("--require-features", action="store_true")
    ap.add_argument("--skip", action="append", default=[], help="a feature not to require (substring)")
    a = ap.parse_args()

    problems = []
    root = os.path.abspath(a.edition)
    ed = ET.parse(os.path.join(root, "edition.xml")).getroot()
    if ed.tag != "edition" or ed.get("version") != "1":
        problems.append("edition.xml: root must be <edition version=\"1\">")
    for tag in ("title", "date", "issue", "publisher", "language", "layout"):
        if not (ed.findtext(tag) or "").strip():
            problems.append("edition.xml: <%s> missing or empty" % tag)
    if a.layout and ed.findtext("layout") != a.layout:
        problems.append("edition.xml: layout is %r, expected %r" % (ed.findtext("layout"), a.layout))

    pages = ed.findall("page")
    if len(pages) < a.pages:
        problems.append("edition.xml: %d pages, expected at least %d" % (len(pages), a.pages))
    ids, alltext, articles = {}, [], []
    groups = {}
    for pno, page in enumerate(pages, 1):
        count = 0
        for ref in page.findall("article"):
            href = ref.get("href", "")
            path = os.path.normpath(os.path.join(root, href))
            if not path.startswith(root + os.sep) or not os.path.isfile(path):
                problems.append("page %d: href %r does not exist in the edition" % (pno, href))
                continue
            art = ET.parse(path).getroot()
            aid = art.get("id")
            if aid in ids:
                problems.append("%s: duplicate id %r (also in %s)" % (href, aid, ids[aid]))
            ids[aid] = href
            if art.find("headline") is None and art.find(".//figure") is None:
                problems.append("%s: neither a headline nor a figure" % href)
            for fig in art.iter("figure"):
                src = fig.get("src")
                if not src:
                    continue
                ipath = os.path.normpath(os.path.join(root, src))
                if not ipath.startswith(root + os.sep) or not os.path.isfile(ipath):
                    problems.append("%s: figure src %r does not exist (paths are relative to the edition dir)" % (href, src))
                elif src.endswith(".png") and not png_size(ipath):
                    problems.append("%s: %s is not a PNG" % (href, src))
            t = text_of(art)
            n = len(re.sub(r"\s", "", t))
            count += n
            alltext.append(t)
            articles.append((pno, ref.get("role"), art))
            if art.get("group"):
                groups.setdefault((pno, art.get("group")), []).append(aid)
        print("page %d %-4s %2d articles %6d characters" % (pno, page.get("section"), len(page.findall("article")), count))
        if pno <= a.full_pages and count < a.min_chars:
            problems.append("page %d: %d characters of text, need at least %d to fill it" % (pno, count, a.min_chars))
    if len(articles) < a.min_articles:
        problems.append("%d articles, expected at least %d" % (len(articles), a.min_articles))

    if a.require_features:
        text = "\n".join(alltext)
        need = {
            "rare characters 翀 喆 堃 犇 淼": all(c in text for c in "翀喆堃犇淼"),
            "a character outside the BMP": any(ord(c) > 0xFFFF for c in text),
            "a decimal number": re.search(r"\d+\.\d+", text),
            "a percentage": re.search(r"\d%", text),
            "a time like 9:30": re.search(r"\d{1,2}:\d\d", text),
            "Latin 4S EPC 5G APP": all(w in text for w in ("4S", "EPC", "5G", "APP")),
            "……": "……" in text, "——": "——" in text, "《》": "《" in text and "》" in text,
            "“”": "“" in text and "”" in text, "（）": "（" in text and "）" in text,
            "a ·-name": re.search(r"\w·\w", text),
            "a •-list": re.search(r"^\s*•", text, re.M),
            "a lead article on page 1": any(p == 1 and r == "lead" for p, r, _ in articles),
            "a photo story with an image": any(x.get("kind") == "photo" and x.find(".//figure[@src]") is not None
                                               for _, _, x in articles),
            "in-article subheadings": any(x.find("body/h") is not None for _, _, x in articles),
            "a group of at least 4 briefs": any(len(v) >= 4 for v in groups.values()),
            "editor codes": any((x.findtext("code") or "").strip() for _, _, x in articles),
            "a two-line headline": any(x.find("headline/line") is not None for _, _, x in articles),
            "a long article (4,500+ characters)": any(len(re.sub(r"\s", "", text_of(x))) >= 4500 for _, _, x in articles),
        }
        for what, ok in need.items():
            if not ok and not any(s in what for s in a.skip):
                problems.append("missing: %s" % what)

    for p in problems:
        print("%s: %s" % (a.edition, p), file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
