#!/usr/bin/env python3
"""regioncheck.py LAYOUT.json [--jumps N] - the LayoutDoc's article regions
and jump lines, from `build --dump-layout`.

Regions (hot zones): every page lists one region per article on it; every
line and image of an article lies inside one of its region's rectangles;
rectangles of different articles do not overlap; no region without a line
or image of its article.  Jumps: every jump line has a direction ("to" for
（下转第N版）, "from" for （上接第N版）, read from the text only to check the
field) and a link_page; a "to" line on page P for article A has a "from"
line for A on its target page pointing back to P.  --jumps N: the number of
"to" lines the CLI reported.
"""
import json
import sys

EPS = 1e-6


def inside(r, z):
    return (r[0] >= z[0] - EPS and r[1] >= z[1] - EPS and
            r[0] + r[2] <= z[0] + z[2] + EPS and r[1] + r[3] <= z[1] + z[3] + EPS)


def overlap(a, b):
    return (a[0] < b[0] + b[2] - EPS and b[0] < a[0] + a[2] - EPS and
            a[1] < b[1] + b[3] - EPS and b[1] < a[1] + a[3] - EPS)


def main():
    doc = json.load(open(sys.argv[1]))
    want_jumps = int(sys.argv[3]) if len(sys.argv) > 3 and sys.argv[2] == "--jumps" else None
    errors = []
    pages = {p["number"]: p for p in doc["pages"]}
    nto = 0
    for p in doc["pages"]:
        n = p["number"]
        regions = {}
        for g in p["regions"]:
            if g["article"] in regions:
                errors.append(f"page {n}: two regions for {g['article']}")
            regions[g["article"]] = g["rects"]
        things = [(l["article"], l["rect"], "line " + l["text"][:12]) for l in p["lines"] if l["article"]]
        things += [(b["article"], b["rect"], "image") for b in p["boxes"]
                   if b["kind"] == "image" and b["article"]]
        owners = set()
        for art, rect, what in things:
            owners.add(art)
            if art not in regions:
                errors.append(f"page {n}: {art} has no region")
            elif not any(inside(rect, z) for z in regions[art]):
                errors.append(f"page {n}: {what} of {art} outside its region")
        for art in regions:
            if art not in owners:
                errors.append(f"page {n}: region of {art}, which has nothing on the page")
        arts = list(regions)
        for i, a in enumerate(arts):
            for b in arts[i + 1:]:
                for ra in regions[a]:
                    for rb in regions[b]:
                        if overlap(ra, rb):
                            errors.append(f"page {n}: regions of {a} and {b} overlap: {ra} {rb}")
        for l in p["lines"]:
            if l["kind"] != "jump":
                continue
            want = "to" if "下转" in l["text"] else "from"
            if l.get("jump") != want:
                errors.append(f"page {n}: jump line {l['text']} has jump={l.get('jump')}, not {want}")
            t = l.get("link_page")
            if not t or t not in pages:
                errors.append(f"page {n}: jump line {l['text']} has no target page")
                continue
            if want == "to":
                nto += 1
                if t <= n:
                    errors.append(f"page {n}: {l['text']} points back to page {t}")
                back = [m for m in pages[t]["lines"] if m.get("jump") == "from" and
                        m["article"] == l["article"] and m.get("link_page") == n]
                if not back:
                    errors.append(f"page {n}: {l['text']} of {l['article']}: no （上接） on page {t} points back")
    if want_jumps is not None and want_jumps != nto:
        errors.append(f"the CLI reported {want_jumps} jumps, the layout has {nto}")
    for e in errors[:40]:
        print(e)
    if errors:
        sys.exit(f"regioncheck: {len(errors)} problems")
    print(f"regioncheck: {len(doc['pages'])} pages, {sum(len(p['regions']) for p in doc['pages'])} regions, {nto} jumps: ok")


if __name__ == "__main__":
    main()
