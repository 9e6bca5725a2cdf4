#!/usr/bin/env python3
"""altocheck.py EDITION_DIR LAYOUT.json ALTO_DIR - the archive folder of
`banmian build --alto` against the edition and its LayoutDoc:

  schemas   every page-NN.xml validates against ALTO 4.4 and mets.xml
            against METS 1.12.1, offline (xmllint --nonet with the catalog
            in tests/schemas: libxml2 resolves the schemas' network imports
            to the copies there);
  lines     each page's TextLines are the LayoutDoc's lines, in order, with
            their exact text (Strings joined by their SPs), and every String
            box lies inside its line's box;
  order     a page's ReadingOrder is its articles in edition order, each
            one's blocks in order, and lists every block of every article
            on the page (no page furniture);
  text      per article, the Strings of its blocks in ReadingOrder, page
            after page, are the article's text in the LayoutDoc (its lines
            but jump lines, section labels and a headline repeated over a
            continuation), character for character;
  mets      every article of edition.xml is an ARTICLE div of the LOGICAL
            structMap, in edition order, whose areas are all its blocks on
            all its pages (continuations included) in that order; the
            fileSec and PHYSICAL structMap list every page's ALTO and PDF,
            and every file named exists.
Prints a summary; exits 1 with the first problems.
"""
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
SCHEMAS = os.path.join(HERE, "..", "schemas")
A = "{http://www.loc.gov/standards/alto/ns-v4#}"
M = "{http://www.loc.gov/METS/}"
XL = "{http://www.w3.org/1999/xlink}"
FURNITURE = {"jump", "section", "masthead", "running_head"}

problems = []


def bad(msg):
    problems.append(msg)


def validate(path, xsd):
    env = dict(os.environ, XML_CATALOG_FILES=os.path.join(SCHEMAS, "catalog.xml"))
    r = subprocess.run(["xmllint", "--nonet", "--noout", "--schema",
                        os.path.join(SCHEMAS, xsd), path], env=env,
                       capture_output=True, text=True)
    if r.returncode != 0:
        bad("%s does not validate against %s: %s"
            % (os.path.basename(path), xsd, r.stderr.strip()[-600:]))


def edition_ids(ed):
    tree = ET.parse(os.path.join(ed, "edition.xml"))
    return [ET.parse(os.path.join(ed, a.get("href"))).getroot().get("id")
            for a in tree.iter("article")]


def line_text(tl):
    out = []
    for x in tl:
        if x.tag == A + "String":
            out.append(x.get("CONTENT"))
        elif x.tag == A + "SP":
            out.append(" ")
    return "".join(out)


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    ed, lay, adir = sys.argv[1:]
    doc = json.load(open(lay, encoding="utf-8"))
    ids = edition_ids(ed)
    npages = len(doc["pages"])

    # the article text the LayoutDoc has, and which line belongs to which
    head_page, want = {}, {}
    line_art = []  # per page: article id or None, per line
    for pg in doc["pages"]:
        arts = []
        for ln in pg["lines"]:
            aid = ln.get("article")
            if not aid or ln["kind"] in FURNITURE:
                aid = None
            elif ln["kind"] == "headline":
                if head_page.setdefault(aid, pg["number"]) != pg["number"]:
                    aid = None
            arts.append(aid)
            if aid:
                want.setdefault(aid, []).append(ln["text"])
        line_art.append(arts)
    want = {k: re.sub(r"\s+", "", "".join(v)) for k, v in want.items()}

    block_art = {}   # (page, block id) -> article or None
    got = {}         # article -> text from ReadingOrder
    ro_blocks = {}   # article -> [(page, block id)] in ReadingOrder
    nstrings = 0
    for p in range(npages):
        path = os.path.join(adir, "page-%02d.xml" % (p + 1))
        if not os.path.exists(path):
            bad("no %s" % os.path.basename(path))
            continue
        validate(path, "alto-4-4.xsd")
        root = ET.parse(path).getroot()
        page = root.find(A + "Layout/" + A + "Page")
        pw, ph = float(page.get("WIDTH")), float(page.get("HEIGHT"))
        lines = doc["pages"][p]["lines"]
        images = [b for b in doc["pages"][p]["boxes"] if b["kind"] == "image"]
        li, ii = 0, 0
        blocks = {}
        for el in page.find(A + "PrintSpace"):
            bid = el.get("ID")
            if el.tag == A + "Illustration":
                blocks[bid] = images[ii].get("article") if ii < len(images) else None
                ii += 1
                block_art[(p, bid)] = blocks[bid]
                continue
            if el.tag != A + "TextBlock":
                continue
            arts = set()
            texts = []
            for tl in el.findall(A + "TextLine"):
                if li >= len(lines):
                    bad("page %d: more TextLines than lines" % (p + 1))
                    break
                t = line_text(tl)
                ref = re.sub(r"[ \u3000\u00a0]+", " ", lines[li]["text"]).strip()
                if t != ref:
                    bad("page %d line %d: ALTO 「%s」, layout 「%s」"
                        % (p + 1, li + 1, t[:30], ref[:30]))
                lx, lw = float(tl.get("HPOS")), float(tl.get("WIDTH"))
                for s in tl.findall(A + "String"):
                    nstrings += 1
                    sx, sw = float(s.get("HPOS")), float(s.get("WIDTH"))
                    if sx < lx - 2 or sx + sw > lx + lw + 2 or sx + sw > pw + 2:
                        bad("page %d: String 「%s」 outside its line"
                            % (p + 1, s.get("CONTENT")[:10]))
                arts.add(line_art[p][li])
                texts.append(t)
                li += 1
            if len(arts) != 1:
                bad("page %d: block %s mixes articles %s" % (p + 1, bid, arts))
            blocks[bid] = next(iter(arts)) if arts else None
            block_art[(p, bid)] = blocks[bid]
            el.set("_text", "".join(texts))
        if li != len(lines):
            bad("page %d: %d TextLines for %d lines" % (p + 1, li, len(lines)))
        # reading order
        text_of = {el.get("ID"): el.get("_text", "")
                   for el in page.find(A + "PrintSpace")}
        seen, order_arts = set(), []
        ro = root.find(A + "ReadingOrder")
        for ref in (ro.iter(A + "ElementRef") if ro is not None else []):
            bid = ref.get("REF")
            aid = blocks.get(bid)
            if aid is None:
                bad("page %d: ReadingOrder lists %s, no article's" % (p + 1, bid))
                continue
            seen.add(bid)
            if not order_arts or order_arts[-1] != aid:
                order_arts.append(aid)
            got[aid] = got.get(aid, "") + text_of.get(bid, "")
            ro_blocks.setdefault(aid, []).append((p, bid))
        missing = [b for b, a in blocks.items() if a and b not in seen]
        if missing:
            bad("page %d: blocks of articles not in the ReadingOrder: %s"
                % (p + 1, missing[:5]))
        pos = [ids.index(a) for a in order_arts if a in ids]
        if pos != sorted(set(pos)) or len(pos) != len(order_arts):
            bad("page %d: ReadingOrder articles %s not in edition order"
                % (p + 1, order_arts))

    for aid in ids:
        g = re.sub(r"\s+", "", got.get(aid, ""))
        w = want.get(aid, "")
        if g != w:
            i = next((k for k in range(min(len(g), len(w))) if g[k] != w[k]),
                     min(len(g), len(w)))
            bad("%s: ALTO text differs at %d: 「%s」 vs layout 「%s」"
                % (aid, i, g[i:i + 20], w[i:i + 20]))

    # METS
    mpath = os.path.join(adir, "mets.xml")
    validate(mpath, "mets-1-12-1.xsd")
    mets = ET.parse(mpath).getroot()
    files = {}
    for f in mets.iter(M + "file"):
        href = f.find(M + "FLocat").get(XL + "href")
        files[f.get("ID")] = href
        if not os.path.exists(os.path.join(adir, href)):
            bad("METS names %s, which is not there" % href)
    for p in range(npages):
        for kind in ("ALTO", "PDF"):
            if files.get("%s_P%d" % (kind, p + 1)) != "page-%02d.%s" % (
                    p + 1, "xml" if kind == "ALTO" else "pdf"):
                bad("fileSec: no %s file for page %d" % (kind, p + 1))
    phys = [d for sm in mets.iter(M + "structMap") if sm.get("TYPE") == "PHYSICAL"
            for d in sm.iter(M + "div") if d.get("TYPE") == "page"]
    if len(phys) != npages:
        bad("PHYSICAL structMap: %d pages, not %d" % (len(phys), npages))
    logical = [sm for sm in mets.iter(M + "structMap") if sm.get("TYPE") == "LOGICAL"]
    art_divs = [d for d in logical[0].iter(M + "div") if d.get("TYPE") == "ARTICLE"] \
        if logical else []
    dmd = {d.get("ID"): d for d in mets.iter(M + "dmdSec")}
    mods_ids = []
    for d in art_divs:
        m = dmd.get(d.get("DMDID"))
        mods = m.find(".//{http://www.loc.gov/mods/v3}mods") if m is not None else None
        mods_ids.append(mods.get("ID") if mods is not None else None)
    if mods_ids != ids:
        bad("LOGICAL articles %s\n  edition  %s" % (mods_ids, ids))
    nareas = 0
    for aid, d in zip(mods_ids, art_divs):
        areas = [(int(a.get("FILEID").split("_P")[1]) - 1, a.get("BEGIN"))
                 for a in d.iter(M + "area")]
        nareas += len(areas)
        every = [(p, b) for (p, b), a in sorted(block_art.items(),
                                                key=lambda x: (x[0][0],))
                 if a == aid]
        if areas != ro_blocks.get(aid, []):
            bad("%s: METS areas are not its ReadingOrder blocks" % aid)
        if set(areas) != set(every):
            bad("%s: METS areas miss blocks: %s" % (aid, sorted(set(every) - set(areas))[:5]))
    print("%d pages, %d articles, %d strings, %d METS areas; %d characters "
          "of article text" % (npages, len(ids), nstrings, nareas,
                               sum(len(v) for v in want.values())))
    for p in problems[:12]:
        print("    " + p)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
