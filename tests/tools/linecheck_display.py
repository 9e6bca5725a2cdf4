#!/usr/bin/env python3
"""linecheck_display.py - tests/tools/cjk_linecheck.py on a PDF, with
the display lines of its --dump-layout JSON excused from ragged_lines.

Usage: linecheck_display.py CJK_LINECHECK.py BUILD.pdf LAYOUT.json

cjk_linecheck counts a body-size line that stops short of its column
before a non-indented line as a line that should have been justified.  A
byline, credit or in-article subheading that wraps is a display line, set
ragged by design (issue 13: a byline is never letter-spaced, a subheading
breaks at a phrase): those are moved to "ragged_display".  A subhead's
first line that opens with its dash (——副题) is moved from start_forbidden
to "start_display".  Prints the
tool's JSON so adjusted; its examples go to stderr as the tool writes them.
"""
import json
import os
import re
import sys


def main(tool, pdf, layout):
    sys.path.insert(0, os.path.dirname(os.path.abspath(tool)))
    import cjk_linecheck as lc
    r, ex = lc.check(pdf, None, True)
    doc = json.load(open(layout, encoding="utf-8"))
    display = {(pg["number"], re.sub(r"\s", "", ln["text"]))
               for pg in doc["pages"] for ln in pg["lines"]
               if ln["kind"] in ("byline", "credit", "subheading")}
    excused = 0
    kept = []
    if r["ragged_lines"]:
        # the tool keeps 10 examples a kind: page by page to see them all
        for n in range(1, r["pages"] + 1):
            _, pex = lc.check(pdf, str(n), True)
            for e in pex.get("ragged_lines", []):
                m = re.match(r"p\d+: (.*?)\s*\[short by", e)
                if m and (n, re.sub(r"\s", "", m.group(1))) in display:
                    excused += 1
                else:
                    kept.append("p%d: %s" % (n, e.split(": ", 1)[1]))
    # a subhead (副题) opens with its dash (GB/T 15834 4.7: ——副题): its
    # first line starts with —— by design, not a line broken before a mark
    heads = {(pg["number"], re.sub(r"\s", "", ln["text"]))
             for pg in doc["pages"] for ln in pg["lines"]
             if ln["kind"] == "subhead" and ln["text"].startswith("——")}
    sexcused, skept = 0, []
    if r["start_forbidden"]:
        for n in range(1, r["pages"] + 1):
            _, pex = lc.check(pdf, str(n), True)
            for e in pex.get("start_forbidden", []):
                m = re.match(r"p\d+: (.*)$", e)
                if m and (n, re.sub(r"\s", "", m.group(1))) in heads:
                    sexcused += 1
                else:
                    skept.append("p%d: %s" % (n, e.split(": ", 1)[1]))
    r = dict(r)
    r["start_forbidden"] -= sexcused
    r["start_display"] = sexcused
    ex["start_forbidden"] = skept[:10]
    r["ragged_lines"] -= excused
    r["ragged_display"] = excused
    ex["ragged_lines"] = kept[:10]
    print(json.dumps({"file": pdf, **r}, ensure_ascii=False))
    for k, v in ex.items():
        for line in v:
            print("%s\t%s" % (k, line), file=sys.stderr)
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(*sys.argv[1:]))
