#!/usr/bin/env python3
"""textcheck.py EDITION_DIR [--layout L.json] [--pdf F.pdf] [--epub F.epub]

Every character in = every character out: each character of each article's
text (kicker, headline, subhead, byline, paragraphs, subheadings, notes,
captions and their codes, credits, editor code) must appear

  --layout  among the laid-out lines of that article (banmian build
            --dump-layout), counted per article;
  --pdf     in the PDF's text (pdftotext), counted over the edition;
  --epub    in the EPUB's XHTML documents, counted over the edition.

Spaces and line breaks are layout, not text, and are not counted; a
character may appear more often in the output (jump lines, the masthead),
never less.  Reads the article files edition.xml names (page dumps are
checked through `banmian import --json` when BANMIAN is set).  Prints what
is missing and exits 1, else prints a summary and exits 0.
"""
import collections
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile

SPACE = {" ", "\n", "\r", "\t", "\u3000"}


def chars(text):
    return collections.Counter(c for c in text or "" if c not in SPACE)


def article_texts(path):
    """id -> the text of every part of one article file."""
    root = ET.parse(path).getroot()
    parts = []
    for el in root.iter():
        if el.tag in ("kicker", "line", "subhead", "byline", "p", "h", "note",
                      "caption", "credit", "code"):
            parts.append("".join(el.itertext()) if el.tag != "p" else (el.text or ""))
        elif el.tag == "headline" and not list(el):
            parts.append(el.text or "")
        if el.tag == "caption" and el.get("code"):
            parts.append(el.get("code"))
    return root.get("id"), "".join(parts)


def dump_texts(banmian, path):
    out = subprocess.run([banmian, "import", path, "--json"], check=True,
                         capture_output=True, text=True).stdout
    doc = json.loads(out)
    res = {}
    for i, a in enumerate(doc["articles"]):
        t = [a.get(k) or "" for k in ("kicker", "headline", "subhead", "byline",
                                      "credit", "editor_code")]
        t += [p[3:] if p.startswith("## ") else p for p in a.get("paragraphs") or []]
        t += a.get("captions") or []
        res[a.get("id") or str(i)] = "".join(t)
    return res


def edition_texts(d):
    root = ET.parse(os.path.join(d, "edition.xml")).getroot()
    res = {}
    for page in root.iter("page"):
        if page.get("dump"):
            b = os.environ.get("BANMIAN")
            if b:
                for k, v in dump_texts(b, os.path.join(d, page.get("dump"))).items():
                    res["dump:" + k] = v
            continue
        for a in page.iter("article"):
            i, t = article_texts(os.path.join(d, a.get("href")))
            res[i] = t
    return res


def missing(want, have):
    return {c: n - have.get(c, 0) for c, n in want.items() if have.get(c, 0) < n}


def show(m):
    return ", ".join(f"{n}×{c!r}(U+{ord(c):04X})" for c, n in sorted(m.items())[:12])


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    d, opts = argv[1], dict(zip(argv[2::2], argv[3::2]))
    texts = edition_texts(d)
    bad = 0
    if "--layout" in opts:
        doc = json.load(open(opts["--layout"], encoding="utf-8"))
        got = collections.defaultdict(collections.Counter)
        for p in doc["pages"]:
            for ln in p["lines"]:
                got[ln.get("article")] += chars(ln["text"])
        for i, t in texts.items():
            if i.startswith("dump:"):
                continue   # dump ids are the importer's
            m = missing(chars(t), got[i])
            if m:
                bad += 1
                print(f"textcheck: article '{i}': not on any page: {show(m)}")
    total = collections.Counter()
    for t in texts.values():
        total += chars(t)
    if "--pdf" in opts:
        out = subprocess.run(["pdftotext", "-q", opts["--pdf"], "-"], check=True,
                             capture_output=True, text=True).stdout
        m = missing(total, chars(out))
        if m:
            bad += 1
            print(f"textcheck: {opts['--pdf']}: missing {show(m)}")
    if "--epub" in opts:
        z = zipfile.ZipFile(opts["--epub"])
        have = collections.Counter()
        for n in z.namelist():
            if n.endswith(".xhtml") and not n.endswith("nav.xhtml"):
                have += chars("".join(ET.fromstring(z.read(n)).itertext()))
        m = missing(total, have)
        if m:
            bad += 1
            print(f"textcheck: {opts['--epub']}: missing {show(m)}")
    if bad:
        return 1
    print(f"textcheck: {len(texts)} articles, {sum(total.values())} characters: "
          f"all in {', '.join(k[2:] for k in opts) or 'nothing checked'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
