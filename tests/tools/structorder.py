#!/usr/bin/env python3
"""structorder.py EDITION_DIR LAYOUT.json PDF - the tagged PDF's structure
tree is in article order and holds each article's text.

  - the Art elements' /ID, in tree order, are the edition's article ids in
    edition.xml's order (pages, then articles), each once;
  - the text `pdfinfo -struct-text` gives under each Art is, character for
    character (white space aside), the text of that article's lines in the
    LayoutDoc, page after page -- a continuation's lines included, the page
    furniture (jump lines, section labels, a headline repeated over a
    continuation) left out.
Prints a summary; exits 1 with the first differences.
"""
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pikepdf

FURNITURE = {"jump", "section", "masthead", "running_head"}


def edition_ids(ed):
    tree = ET.parse(os.path.join(ed, "edition.xml"))
    ids = []
    for art in tree.iter("article"):
        a = ET.parse(os.path.join(ed, art.get("href"))).getroot()
        ids.append(a.get("id"))
    return ids


def layout_text(doc):
    text, seen_head = {}, {}
    for pg in doc["pages"]:
        for ln in pg["lines"]:
            aid = ln.get("article")
            if not aid or ln["kind"] in FURNITURE:
                continue
            if ln["kind"] == "headline":
                first = seen_head.setdefault(aid, pg["number"])
                if first != pg["number"]:
                    continue
            text.setdefault(aid, []).append(ln["text"])
    return {k: re.sub(r"\s+", "", "".join(v)) for k, v in text.items()}


def struct_text(pdf):
    out = subprocess.run(["pdfinfo", "-struct-text", pdf], check=True,
                         capture_output=True).stdout.decode("utf-8", "replace")
    arts, cur = [], None
    for line in out.split("\n"):
        if re.match(r"^  Art\b", line):
            cur = []
            arts.append(cur)
        elif re.match(r"^  \S", line):
            cur = None
        elif cur is not None:
            m = re.match(r'^\s+"(.*)"$', line)
            if m:
                cur.append(m.group(1))
    return [re.sub(r"\s+", "", "".join(a)) for a in arts]


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    ed, lay, pdfpath = sys.argv[1:]
    want_ids = edition_ids(ed)
    pdf = pikepdf.open(pdfpath)
    docel = pdf.Root.StructTreeRoot.K
    docel = docel[0] if isinstance(docel, pikepdf.Array) else docel
    got_ids = [bytes(k.ID).decode() for k in docel.K if k.get("/S") == "/Art"]
    bad = []
    if got_ids != want_ids:
        bad.append("Art order %s\n  edition  %s" % (got_ids, want_ids))
    want = layout_text(json.load(open(lay, encoding="utf-8")))
    texts = struct_text(pdfpath)
    if len(texts) != len(got_ids):
        bad.append("pdfinfo lists %d Art, the tree has %d"
                   % (len(texts), len(got_ids)))
    # pdfinfo gives glyph text (no /ActualText): compare the characters
    # that are one glyph each -- all but those of multi-glyph clusters
    # and the blanks
    norm = lambda s: re.sub(r"[…—\u3000 ]", "", s)
    nchars = 0
    for aid, t in zip(got_ids, texts):
        w = want.get(aid, "")
        nchars += len(w)
        if norm(t) != norm(w):
            i = next((k for k in range(min(len(norm(t)), len(norm(w))))
                      if norm(t)[k] != norm(w)[k]), min(len(norm(t)), len(norm(w))))
            bad.append("%s: struct text differs at %d: 「%s」 vs layout 「%s」"
                       % (aid, i, norm(t)[i:i + 20], norm(w)[i:i + 20]))
    print("%d articles in edition order, %d characters in their Art"
          % (len(got_ids), nchars))
    for b in bad[:10]:
        print("    " + b)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
