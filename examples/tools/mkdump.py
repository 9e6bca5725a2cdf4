#!/usr/bin/python3
"""Print one page of an example edition the way text comes out of a printed page.

    /usr/bin/python3 examples/tools/mkdump.py [EDITION_DIR PAGE OUT.txt OUT.gold.json]
    (default: examples/hexi 2 examples/dumps/hexi-p2.txt examples/dumps/hexi-p2.gold.json)

The page is "printed" into columns of 13 full-width characters (digits and
Latin count half), 62 lines high, as the broadsheet layout sets 9 pt text;
then the text is "extracted" with the defects of the dumps in
../shared/corpus/ (see its README):

- a blank line wherever a printed column ended inside a paragraph (the
  paragraph is cut mid-sentence);
- in the articles chosen below, a space at every printed line end (OCR);
- ASCII , ; : ? ! ( ) " for the full-width ，；：？！（）“” (digits keep theirs);
- bylines printed as 本报讯(记者 …) run into the first paragraph, or as a
  standalone 本报记者 … line; editor codes glued to the last paragraph;
  captions and credits after the article; section labels on their own line.

It also writes the gold structure (the schema of `banmian import --json`,
conventions of ../shared/corpus/GOLD-NOTES.md) so the importer can be scored
on the page with ../shared/tools/score_import.py.  Deterministic; stdlib only.
"""
import json
import os
import re
import sys
import xml.etree.ElementTree as ET

COL_UNITS = 26          # 13 full-width characters = 26 half units
COL_LINES = 62
ASCII_PUNCT = str.maketrans({"，": ",", "；": ";", "：": ":", "？": "?", "！": "!",
                             "（": "(", "）": ")", "“": '"', "”": '"'})
NO_LINE_START = set("，。、；：？！）》”’…—%")
# Articles whose lines keep the OCR line-end spaces (the others come out clean,
# as in page-b.txt): every other one, by position on the page.
OCR_EVERY = 2


def width(ch):
    return 1 if ord(ch) < 0x2E80 and ch not in "…—“”‘’·•" else 2


def text_of(el):
    return "".join(el.itertext()).strip() if el is not None else ""


class Printer:
    """Flows paragraphs into fixed columns and records where columns end."""

    def __init__(self):
        self.line = 0

    def set_block(self, text, indent, ocr):
        """Sets full-width text; returns it as extracted: ASCII punctuation,
        line-end spaces if ocr, a blank line ('\\n\\n') where the column
        ended inside it.  Numbers and Latin words are never split."""
        out, units = [], indent * 2
        for tok in re.findall(r"[0-9A-Za-z.,:%]+|.", text):
            w = sum(width(c) for c in tok)
            if units + w > COL_UNITS and units > 0 and tok[0] not in NO_LINE_START:
                self.line += 1
                # A column that ends right after 。 looks like the end of a
                # paragraph: without line-end spaces nothing tells the two
                # apart, so such a column runs one line longer.
                if self.line == COL_LINES and not ocr and out and out[-1] in "。？！":
                    self.line -= 1
                if self.line >= COL_LINES:        # column ends here
                    self.line = 0
                    out.append("\n\n")
                elif ocr:
                    out.append(" ")
                units = 0
            out.append(tok)
            units += w
        self.line += 1
        if self.line >= COL_LINES:
            self.line = 0
        return "".join(out).translate(ASCII_PUNCT)

    def skip(self, lines):
        self.line = (self.line + lines) % COL_LINES


def page_articles(edition_dir, page_no):
    ed = ET.parse(os.path.join(edition_dir, "edition.xml")).getroot()
    page = ed.findall("page")[page_no - 1]
    arts = [ET.parse(os.path.join(edition_dir, a.get("href"))).getroot() for a in page.findall("article")]
    return page.get("section"), arts


def render(section, arts):
    pr = Printer()
    blocks = [section]            # printed blocks, joined by blank lines
    gold = {"sections": [section], "articles": []}
    group = None
    for n, art in enumerate(arts):
        ocr = n % OCR_EVERY == 0 and art.get("kind") != "brief"
        g = art.get("group")
        if g and g != group:
            label = "★ " + g
            blocks.append(label)
            gold["sections"].append(label)
            pr.skip(3)
        group = g
        kicker = text_of(art.find("kicker")) or None
        hl = art.find("headline")
        lines = [text_of(x) for x in hl.findall("line")] if hl is not None and hl.find("line") is not None else [text_of(hl)]
        headline = " ".join(lines).translate(ASCII_PUNCT)
        subhead = text_of(art.find("subhead")) or None
        byline = text_of(art.find("byline")) or None
        code = text_of(art.find("code")) or None
        if kicker:
            kicker = kicker.translate(ASCII_PUNCT)
            blocks.append(kicker)
        blocks.append(headline)
        if subhead:
            subhead = subhead.translate(ASCII_PUNCT)
            blocks.append(subhead)
        pr.skip(4 if art.get("kind") != "brief" else 2)

        paras, captions, credit = [], [], None
        run_in = None
        if byline and byline.startswith("本报讯"):
            # 本报讯（记者 …） runs into the first paragraph; print it as the
            # dumps do, alternating with and without the space before '('.
            run_in = byline.translate(ASCII_PUNCT)
            if n % 3 == 1:
                run_in = run_in.replace("本报讯(", "本报讯 (", 1)
        elif byline:
            byline = byline.translate(ASCII_PUNCT)
            blocks.append(byline)
            pr.skip(1)
        body = art.find("body")
        photo = art.get("kind") == "photo"
        # Body items in order; a note prints as the last paragraph.  In a
        # photo story the captions are its text (GOLD-NOTES: paragraphs,
        # not captions).
        items = [(x.tag, text_of(x)) for x in body if x.tag in ("p", "h", "note")]
        figs = body.findall("figure")
        if photo:
            items += [("p", text_of(f.find("caption"))) for f in figs if text_of(f.find("caption"))]
        for k, (tag, t) in enumerate(items):
            if tag == "h":
                blocks.append(pr.set_block(t, 0, False))
                paras.append("## " + t.translate(ASCII_PUNCT))
                continue
            printed = t
            if k == 0 and run_in:
                printed = run_in + t
            if k == len(items) - 1 and code:
                printed += code
            blocks.append(pr.set_block(printed, 2, ocr))
            paras.append(t.translate(ASCII_PUNCT))
        for fig in figs:
            cap = text_of(fig.find("caption")).translate(ASCII_PUNCT)
            if cap and not photo:
                blocks.append(cap)
                captions.append(cap)
            cr = text_of(fig.find("credit"))
            if cr:
                blocks.append(cr)
                credit = cr if credit is None else credit + " " + cr
            pr.skip(30)           # the picture
        kind = art.get("kind") or "article"
        gold["articles"].append({
            "kicker": kicker, "headline": headline, "subhead": subhead,
            "byline": run_in if run_in else byline,
            "paragraphs": paras, "captions": captions, "credit": credit,
            "editor_code": code, "kind": kind})
    return "\n\n".join(blocks) + "\n", gold


def han(s):
    from collections import Counter
    return Counter(c for c in s if "\u3400" <= c <= "\u9fff" or ord(c) >= 0x20000)


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    ex = os.path.dirname(here)
    edition = argv[1] if len(argv) > 1 else os.path.join(ex, "hexi")
    page = int(argv[2]) if len(argv) > 2 else 2
    out_txt = argv[3] if len(argv) > 3 else os.path.join(ex, "dumps", "hexi-p%d.txt" % page)
    out_gold = argv[4] if len(argv) > 4 else os.path.join(ex, "dumps", "hexi-p%d.gold.json" % page)
    section, arts = page_articles(edition, page)
    text, gold = render(section, arts)
    gold = {"source": "%s-p%d.txt" % (os.path.basename(os.path.normpath(edition)), page), **gold}
    strings = gold["sections"] + [v for a in gold["articles"] for k, v in a.items()
                                  if k != "kind" and isinstance(v, str)]
    strings += [p for a in gold["articles"] for p in a["paragraphs"] + a["captions"]]
    if han(text) != han("".join(strings)):
        sys.exit("mkdump: the gold does not hold exactly the Han characters of the dump")
    os.makedirs(os.path.dirname(os.path.abspath(out_txt)), exist_ok=True)
    with open(out_txt, "w", encoding="utf-8") as f:
        f.write(text)
    with open(out_gold, "w", encoding="utf-8") as f:
        json.dump(gold, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print("%s: %d characters, %d articles" % (out_txt, len(text), len(gold["articles"])))


if __name__ == "__main__":
    main(sys.argv)
