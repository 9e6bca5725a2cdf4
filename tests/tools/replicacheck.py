#!/usr/bin/env python3
"""replicacheck.py UNPACKED_EPUB PDF SHOTS_DIR - the fixed-layout replica
(build --fxl) against the PDF of the same build.

SHOTS_DIR holds what tests/tools/replica.mjs measured in Chromium
(page-NN.json: every character of the page's SVG text with its position).

- positions: every character Chromium draws starts within 0.5 pt of the
  same character in the PDF (MuPDF's `mutool draw -F stext` origins); the
  second dash of a "——" drawn as one 2-em glyph counts at its first;
- text: each page's SVG text in DOM order is the PDF page's text layer
  (pdftotext -raw), whitespace aside;
- links: every href and src in the book's XHTML resolves to a file of the
  package (and its fragment to an id there); every article of every page is
  linked from its region and links back to that page; every jump line links
  to the page it names, which links back;
- fonts: the pages' fonts are subsets (fewer glyphs than the face they come
  from) whose cmap has every character set in them.
Prints the figures; exits 1 listing every problem.
"""
import html
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict

XH = "{http://www.w3.org/1999/xhtml}"
SVG = "{http://www.w3.org/2000/svg}"
XL = "{http://www.w3.org/1999/xlink}href"
TOL = 0.5


def stext_chars(pdf, page):
    out = subprocess.run(["mutool", "draw", "-F", "stext", "-o", "-", pdf, str(page)],
                         capture_output=True, text=True).stdout
    chars = defaultdict(list)
    for m in re.finditer(r'<char [^>]*?x="([-\d.]+)" y="([-\d.]+)"[^>]*? c="([^"]*)"', out):
        chars[html.unescape(m.group(3))].append((float(m.group(1)), float(m.group(2))))
    return chars


def near(cands, x, y):
    return min((max(abs(px - x), abs(py - y)) for px, py in cands), default=1e9)


def main():
    book, pdf, shots = sys.argv[1:4]
    oebps = os.path.join(book, "OEBPS")
    errors = []
    pages = sorted(f for f in os.listdir(oebps) if re.match(r"page-\d+\.xhtml$", f))
    worst, nchars = 0.0, 0
    for i, f in enumerate(pages, 1):
        pdfc = stext_chars(pdf, i)
        meas = json.load(open(os.path.join(shots, f.replace(".xhtml", ".json"))))["chars"]
        prev = None
        for ch in meas:
            if ch["c"].isspace():
                continue
            nchars += 1
            d = near(pdfc.get(ch["c"], []), ch["x"], ch["y"])
            if d > TOL and prev and ch["c"] == "—" and prev["c"] == "—":
                d = near(pdfc.get("—", []), prev["x"], prev["y"])   # one 2-em glyph
            if d > TOL:
                errors.append("%s: %r at (%.2f, %.2f) is %.2f pt from the PDF's" %
                              (f, ch["c"], ch["x"], ch["y"], d))
            else:
                worst = max(worst, d)
            prev = ch
        # text
        root = ET.parse(os.path.join(oebps, f)).getroot()
        ours = re.sub(r"\s+", "", "".join("".join(t.itertext()) for t in root.iter(SVG + "text")))
        theirs = re.sub(r"\s+", "", subprocess.run(
            ["pdftotext", "-raw", "-f", str(i), "-l", str(i), pdf, "-"],
            capture_output=True, text=True).stdout)
        if ours != theirs:
            k = next((k for k in range(min(len(ours), len(theirs))) if ours[k] != theirs[k]),
                     min(len(ours), len(theirs)))
            errors.append("%s: text differs from the PDF's at %d: %r / %r" %
                          (f, k, ours[max(0, k - 10):k + 10], theirs[max(0, k - 10):k + 10]))

    # links
    ids, docs = {}, {}
    for f in os.listdir(oebps):
        if f.endswith(".xhtml"):
            root = ET.parse(os.path.join(oebps, f)).getroot()
            docs[f] = root
            ids[f] = {e.get("id") for e in root.iter() if e.get("id")}
    nlinks = 0
    out_links = defaultdict(set)
    for f, root in docs.items():
        for e in root.iter():
            for attr in ("href", "src", XL):
                v = e.get(attr)
                if not v or v.startswith(("http:", "https:", "mailto:")):
                    continue
                nlinks += 1
                target, _, frag = v.partition("#")
                target = target or f
                if not os.path.exists(os.path.join(oebps, target)):
                    errors.append("%s: %s points at a missing %s" % (f, attr, target))
                    continue
                if frag and not frag.startswith("xywh=") and target in ids and frag not in ids[target]:
                    errors.append("%s: %s#%s: no such id" % (f, target, frag))
                out_links[f].add(target)
    narts = 0
    for f in pages:
        root = docs[f]
        for a in root.iter(SVG + "a"):
            href = a.get(XL)
            if a.get("class") == "zone":
                narts += 1
                if f not in out_links.get(href, ()):
                    errors.append("%s links to %s, which does not link back" % (f, href))
            elif a.get("class") == "jump" and f not in out_links.get(href, ()):
                errors.append("%s: jump to %s, which has no jump back" % (f, href))
    arts = [f for f in docs if f.startswith("article-")]
    linked = {h for f in pages for h in out_links[f] if h.startswith("article-")}
    for f in arts:
        if f not in linked:
            errors.append("%s is linked from no page" % f)

    # fonts
    try:
        from fontTools.ttLib import TTFont
    except ImportError:
        TTFont = None
        errors.append("python3-fonttools missing")
    css = open(os.path.join(oebps, "replica.css")).read()
    fams = dict(re.findall(r'font-family: "([^"]+)";\s*src: url\("([^"]+)"\)', css))
    used = defaultdict(set)
    for f in pages:
        for t in docs[f].iter(SVG + "tspan"):
            used[t.get("font-family")].update(t.text or "")
    nfonts = 0
    for fam, href in fams.items():
        nfonts += 1
        if TTFont is None:
            break
        font = TTFont(os.path.join(oebps, href))
        cmap = font.getBestCmap()
        miss = [c for c in used[fam] if not c.isspace() and ord(c) not in cmap]
        if miss:
            errors.append("%s has no glyph for %s" % (href, "".join(sorted(miss))[:20]))
        # a subset: a few glyphs a character at most (notdef, the
        # full-width and localised forms its features reach)
        if font["maxp"].numGlyphs > 4 * len(used[fam]) + 16:
            errors.append("%s has %d glyphs for %d characters: not a subset" %
                          (href, font["maxp"].numGlyphs, len(used[fam])))
    print("replica: %d pages, %d characters within %.4f pt of the PDF's, text equal to the "
          "PDF's on %d pages, %d links (%d article zones), %d subset fonts" %
          (len(pages), nchars, worst, len(pages) - sum("text differs" in e for e in errors),
           nlinks, narts, nfonts))
    for e in errors[:40]:
        print("  " + e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
