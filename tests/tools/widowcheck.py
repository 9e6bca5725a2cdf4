#!/usr/bin/env python3
"""widowcheck.py - widows and orphans at column breaks, over --dump-layout.

Usage: widowcheck.py LAYOUT.json [--max N]

A column of an article is the run of its body lines at one x, one grid row
apart.  A widow is a paragraph's last line alone at a column's top (the
line is marked "par": "last" and the paragraph began in the column
before); an orphan is a paragraph's first line alone at a column's foot
("par": "first").  Prints each and the counts; exits 1 when there are
more than --max (default 0).
"""
import json
import sys


def main():
    args = sys.argv[1:]
    mx = 0
    if "--max" in args:
        mx = int(args[args.index("--max") + 1])
        del args[args.index("--max"):args.index("--max") + 2]
    d = json.load(open(args[0]))
    widows = orphans = 0
    for p in d["pages"]:
        pitch = p["line_pitch"]
        cols = {}
        for l in p["lines"]:
            if l["kind"] == "body" and l["article"]:
                cols.setdefault((l["article"], round(l["rect"][0])), []).append(l)
        for (art, x), ls in sorted(cols.items()):
            ls.sort(key=lambda l: l["baseline"])
            runs, run = [], [ls[0]]
            for a, b in zip(ls, ls[1:]):
                if b["baseline"] - a["baseline"] > pitch * 1.5:
                    runs.append(run)
                    run = []
                run.append(b)
            runs.append(run)
            for r in runs:
                top, foot = r[0], r[-1]
                if top.get("par") == "last":
                    widows += 1
                    print(f"page {p['number']}: widow in {art}: {top['text']}")
                if foot.get("par") == "first":
                    orphans += 1
                    print(f"page {p['number']}: orphan in {art}: {foot['text']}")
    print(json.dumps({"widows": widows, "orphans": orphans}))
    return 1 if widows + orphans > mx else 0


if __name__ == "__main__":
    sys.exit(main())
