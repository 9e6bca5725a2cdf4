#!/usr/bin/env python3
"""cjk_linecheck.py - Chinese line-breaking rules checked on a PDF as a
reader's tools see it (the project's own checker: the suite needs nothing
outside the tree).

Usage:
    cjk_linecheck.py [--examples] [--pages N] FILE.pdf

Reads the glyphs with `mutool draw -F stext` (Debian mupdf-tools): each
character's box, baseline and size, in the order the PDF draws them.  A
line is a run of characters drawn one after the other on one baseline,
left to right, with no gap wider than 3 em; spaces are dropped.  The size
most characters have is the body size, and a line mostly in it is a body
line.  Body lines whose left edges lie within 2.5 em of each other and
overlap form a column; its left edge is their leftmost start, its right
edge the 90th percentile of the right ends of lines ending in a letter.

Prints one JSON object on one line (--examples: up to 10 offending lines
per rule on stderr, "RULE<TAB>pN: TEXT"):
  pages, lines, body_lines
  start_forbidden    lines starting with a mark Chinese typesetting keeps
                     off a line start (，。、；：？！）》」』”’…%·—〕】〉〗］｝％．
                     and ASCII ,.;:?!)]}%); a line starting "——" is allowed
                     unless the line before ends in "—" (a dash cut in two)
  end_forbidden      lines ending with an opening mark (（《「『“‘〔【〈〖［｛([{)
  widow_single_char  body lines of one character
  widow_short        body lines with one character that is not a mark, once
                     closing marks and an editor code (②5) are set aside
  ragged_lines       body lines more than 0.5 em short of their column's
                     right edge although the next line of the column (one
                     line pitch below, overlapping) starts at the column's
                     left edge, i.e. continues the paragraph: a line that
                     should have been justified
check(pdf, pages, examples) returns (counts, examples) for other tools
(tests/tools/linecheck_display.py).
"""
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter

NO_START = set("，。、；：？！）》」』”’…%·—〕】〉〗］｝％．,.;:?!)]}")
NO_END = set("（《「『“‘〔【〈〖［｛([{")
MARKS = NO_START | NO_END | set("\"'-/")
CODE = re.compile(r"[①-⑳]\d*$")


def glyphs(pdf, pages=None):
    """Pages of [char, x0, x1, baseline, size], in drawing order."""
    cmd = ["mutool", "draw", "-q", "-F", "stext", "-o", "-", pdf] + ([pages] if pages else [])
    data = subprocess.run(cmd, check=True, capture_output=True).stdout
    # a glyph mapped to a code point XML cannot hold: count it as U+FFFD
    def xml_char(m):
        v = int(m.group(1), 16)
        ok = v in (9, 10, 13) or 0x20 <= v <= 0xD7FF or 0xE000 <= v <= 0xFFFD or v >= 0x10000
        return m.group(0) if ok else b"&#xfffd;"
    data = re.sub(rb"&#x([0-9a-fA-F]+);", xml_char, data)
    out = []
    for page in ET.fromstring(data).iter("page"):
        chars = []
        for font in page.iter("font"):
            size = float(font.get("size"))
            for ch in font.iter("char"):
                q = [float(v) for v in ch.get("quad").split()]
                chars.append([ch.get("c"), min(q[0], q[4]), max(q[2], q[6]),
                              float(ch.get("y")), size])
        out.append(chars)
    return out


def lines_of(chars):
    """Runs of glyphs drawn one after the other on one baseline, moving
    right (from one glyph's start to the next: a compressed mark's box
    reaches over its neighbour's), then runs on one baseline that touch
    (a line drawn in pieces) joined."""
    runs, cur = [], None
    for c, x0, x1, y, size in chars:
        if not (cur and abs(y - cur["y"]) <= 0.25 * size and x0 >= cur["last"] - 0.1 * size
                and x0 - cur["x1"] <= 3 * size):
            cur = {"y": y, "x0": x0, "x1": x1, "last": x0, "chars": []}
            runs.append(cur)
        cur["x1"] = max(cur["x1"], x1)
        cur["last"] = x0
        if not (c.isspace() or c == "\u3000"):
            cur["chars"].append((c, size))
    runs = [r for r in runs if r["chars"]]
    runs.sort(key=lambda r: (round(r["y"], 1), r["x0"]))
    lines = []
    for r in runs:
        size = r["chars"][0][1]
        l = lines[-1] if lines else None
        if l and abs(r["y"] - l["y"]) <= 0.25 * size and -0.3 * size <= r["x0"] - l["x1"] <= 0.8 * size:
            l["chars"] += r["chars"]
            l["x1"] = max(l["x1"], r["x1"])
        else:
            lines.append(r)
    for l in lines:
        l["text"] = "".join(c for c, _ in l["chars"])
        l["size"] = Counter(round(s, 2) for _, s in l["chars"]).most_common(1)[0][0]
    return lines


def letter(c):
    return c.isalnum() or "\u3400" <= c <= "\u9fff"


def check(pdf, pages=None, examples=False):
    res = dict.fromkeys(("pages", "lines", "body_lines", "start_forbidden",
                         "end_forbidden", "widow_single_char", "widow_short",
                         "ragged_lines"), 0)
    ex = {}

    def bad(rule, n, text):
        res[rule] += 1
        if examples and len(ex.setdefault(rule, [])) < 10:
            ex[rule].append("p%d: %s" % (n, text))

    pglyphs = glyphs(pdf, pages)
    first = int(pages) if pages and pages.isdigit() else 1
    sizes = Counter(round(g[4], 2) for chars in pglyphs for g in chars
                    if not g[0].isspace())
    body = sizes.most_common(1)[0][0] if sizes else 0
    for pi, chars in enumerate(pglyphs):
        n = first + pi
        res["pages"] += 1
        lines = lines_of(chars)
        res["lines"] += len(lines)
        prev = None
        for l in lines:
            t = l["text"]
            if t[0] in NO_START and not (t.startswith("——") and not (prev and prev["text"].endswith("—"))):
                bad("start_forbidden", n, t)
            if t[-1] in NO_END:
                bad("end_forbidden", n, t)
            prev = l
        bl = [l for l in lines if abs(l["size"] - body) < 0.01]
        res["body_lines"] += len(bl)
        for l in bl:
            t = l["text"]
            if len(t) == 1:
                bad("widow_single_char", n, t)
            core = CODE.sub("", t).rstrip("".join(NO_START))
            if len(core) == 1 and core not in MARKS:
                bad("widow_short", n, t)
        if not bl:
            continue
        em = body
        # columns: lines starting within 2.5 em of each other, overlapping
        for l in bl:
            mates = [m for m in bl if abs(m["x0"] - l["x0"]) <= 2.5 * em
                     and m["x0"] < l["x1"] and l["x0"] < m["x1"]]
            l["left"] = min(m["x0"] for m in mates)
            ends = sorted(m["x1"] for m in mates if letter(m["text"][-1]) or len(mates) < 3)
            l["right"] = ends[int(0.9 * (len(ends) - 1))] if ends else l["x1"]
        deltas = Counter()
        for a, b in zip(bl, bl[1:]):
            d = round(b["y"] - a["y"], 1)
            if 0 < d < 3 * em:
                deltas[d] += 1
        pitch = deltas.most_common(1)[0][0] if deltas else 1.5 * em
        for l in bl:
            below = [m for m in bl if 0.5 * pitch < m["y"] - l["y"] < 1.5 * pitch
                     and m["x0"] < l["x1"] and l["x0"] < m["x1"]]
            if not below:
                continue
            nxt = min(below, key=lambda m: m["y"])
            short = l["right"] - l["x1"]
            if nxt["x0"] <= l["left"] + 0.5 * em and short > 0.5 * em:
                bad("ragged_lines", n, "%s [short by %.1f em]" % (l["text"], short / em))
    return res, ex


def main(argv):
    examples, pages, pdf = False, None, None
    i = 0
    while i < len(argv):
        if argv[i] == "--examples":
            examples = True
        elif argv[i] == "--pages" and i + 1 < len(argv):
            pages = argv[i + 1]
            i += 1
        elif pdf is None and not argv[i].startswith("--"):
            pdf = argv[i]
        else:
            print(__doc__, file=sys.stderr)
            return 2
        i += 1
    if not pdf:
        print(__doc__, file=sys.stderr)
        return 2
    res, ex = check(pdf, pages, examples)
    print(json.dumps({"file": pdf, **res}, ensure_ascii=False))
    for rule, lines in ex.items():
        for line in lines:
            print("%s\t%s" % (rule, line), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
