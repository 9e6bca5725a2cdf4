#!/usr/bin/env python3
"""zonecheck.py ZONES.json LAYOUT.json - the hot zones of a page-image
folder (build --png: zones.json) against the laid-out pages (--dump-layout).

Every article with a line or an image on a page has a region there; 100 %
of its lines and images lie inside its region's rectangles, in pt and, at
the folder's resolution, in pixels; rectangles of different articles on a
page do not overlap (pt or pixels); the pixel rectangles are the pt ones
scaled and rounded; every pixel rectangle lies in the image; continues_on
is the page its （下转第N版） line names (null without one).  Prints the
figures; exits 1 with every problem listed.
"""
import json
import math
import sys

EPS = 1e-6


def inside(r, z):
    return (r[0] >= z[0] - EPS and r[1] >= z[1] - EPS and
            r[0] + r[2] <= z[0] + z[2] + EPS and r[1] + r[3] <= z[1] + z[3] + EPS)


def overlap(a, b):
    return (a[0] < b[0] + b[2] - EPS and b[0] < a[0] + a[2] - EPS and
            a[1] < b[1] + b[3] - EPS and b[1] < a[1] + a[3] - EPS)


def edge(v, dpi):
    return math.floor(v * dpi / 72 + 0.5)


def to_px(r, dpi):
    x0, y0 = edge(r[0], dpi), edge(r[1], dpi)
    return [x0, y0, edge(r[0] + r[2], dpi) - x0, edge(r[1] + r[3], dpi) - y0]


def main():
    zones = json.load(open(sys.argv[1]))
    lay = json.load(open(sys.argv[2]))
    dpi = zones["dpi"]
    errors = []
    by_page = {}   # page -> article -> region
    for a in zones["articles"]:
        for g in a["regions"]:
            if a["id"] in by_page.setdefault(g["page"], {}):
                errors.append("page %d: %s has two regions" % (g["page"], a["id"]))
            by_page[g["page"]][a["id"]] = g
            if len(g["rects"]) != len(g["rects_px"]) or not g["rects"]:
                errors.append("page %d: %s: %d rects, %d in pixels" %
                              (g["page"], a["id"], len(g["rects"]), len(g["rects_px"])))
            for r, q in zip(g["rects"], g["rects_px"]):
                if to_px(r, dpi) != q:
                    errors.append("page %d: %s: %s pt is %s px, not %s" %
                                  (g["page"], a["id"], r, to_px(r, dpi), q))
    sizes = {p["page"]: (p["width_px"], p["height_px"]) for p in zones["pages"]}
    nitems = ninside = nrects = 0
    for p in lay["pages"]:
        n = p["number"]
        regs = by_page.get(n, {})
        w, h = sizes.get(n, (0, 0))
        items = [(l["article"], l["rect"], "line " + l["text"][:12])
                 for l in p["lines"] if l.get("article")]
        items += [(b["article"], b["rect"], "image " + str(b.get("image")))
                  for b in p["boxes"] if b["kind"] == "image" and b.get("article")]
        for art, rect, what in items:
            nitems += 1
            g = regs.get(art)
            if not g:
                errors.append("page %d: %s has no zone (its %s)" % (n, art, what))
                continue
            px = to_px(rect, dpi)
            if any(inside(rect, z) for z in g["rects"]) and \
               any(inside(px, z) for z in g["rects_px"]):
                ninside += 1
            else:
                errors.append("page %d: %s's %s %s lies outside its zone %s" %
                              (n, art, what, rect, g["rects"]))
        flat = [(a, r, q) for a, g in regs.items() for r, q in zip(g["rects"], g["rects_px"])]
        nrects += len(flat)
        for i, (a, r, q) in enumerate(flat):
            if q[0] < 0 or q[1] < 0 or q[0] + q[2] > w or q[1] + q[3] > h:
                errors.append("page %d: %s's zone %s px is outside the %dx%d image" % (n, a, q, w, h))
            for b, s, t in flat[i + 1:]:
                if a != b and (overlap(r, s) or overlap(q, t)):
                    errors.append("page %d: zones of %s %s and %s %s overlap" % (n, a, r, b, s))
    # continuations
    jumps = {}
    for p in lay["pages"]:
        for l in p["lines"]:
            if l.get("jump") == "to" and l.get("article"):
                jumps.setdefault(l["article"], l["link_page"])
    for a in zones["articles"]:
        if a.get("continues_on") != jumps.get(a["id"]):
            errors.append("%s continues_on %s, its jump line says %s" %
                          (a["id"], a.get("continues_on"), jumps.get(a["id"])))
        if not a.get("headline"):
            errors.append("%s has no headline" % a["id"])
    print("zones: %d articles, %d rectangles, %d of %d lines and images inside "
          "their zone, %d continuations" %
          (len(zones["articles"]), nrects, ninside, nitems, len(jumps)))
    for e in errors[:40]:
        print("  " + e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
