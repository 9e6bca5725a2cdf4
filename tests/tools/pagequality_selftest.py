#!/usr/bin/env python3
"""pagequality_selftest.py - every page-quality rule can fail.

Usage: pagequality_selftest.py BUILD_DIR EDITION_DIR LAYOUT_FILE BANMIAN

BUILD_DIR holds a build of EDITION_DIR (layout.json, the PDF, the EPUB,
build.err).  Each case below damages the layout dump the way a bad composer
would (a stretched picture, a headline off the scale, a running head above
the masthead, a widow, ...) and asserts that its rule then reports more
faults than on the dump as built.  Prints one line per case; exits 1 when a
rule did not notice.
"""
import copy
import glob
import json
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import layoutcheck  # noqa: E402
import pagequality  # noqa: E402


def measure(doc, args, stderr=None, epub=None):
    build, edition, layout_file, banmian = args
    problems = []
    fills = layoutcheck.geometry(doc["pages"], None, False, problems, quiet=True)
    layoutcheck.check_jumps(doc["pages"], problems)
    if stderr is None:
        stderr = open(os.path.join(build, "build.err"), encoding="utf-8").read()
    pdf = glob.glob(os.path.join(build, "*.pdf"))[0]
    return pagequality.measure(doc, fills, problems, edition, banmian, layout_file,
                               pdf, epub or glob.glob(os.path.join(build, "*.epub"))[0],
                               stderr)


def lines(pg, kind, article=None):
    return [l for l in pg["lines"] if l["kind"] == kind and
            (article is None or l["article"] == article)]


def mods(pg):
    return [b for b in pg["boxes"] if b["kind"] == "module" and b["article"]]


# ---- the damage -------------------------------------------------------------------
def stretch_image(d, a):
    b = next(b for p in d["pages"] for b in p["boxes"] if b["kind"] == "image")
    b["image_rect"][3] *= 0.9


def crop_image(d, a):
    b = next(b for p in d["pages"] for b in p["boxes"] if b["kind"] == "image")
    b["rect"][3] *= 0.5


def head_off_scale(d, a):
    lines(d["pages"][0], "headline")[0]["size"] = 19.75


def big_subheading(d, a):
    next(l for p in d["pages"] for l in p["lines"] if l["kind"] == "subheading")["size"] = 16


def flat_heads(d, a):
    for l in lines(d["pages"][0], "headline"):
        l["size"] = 26


def loud_kicker(d, a):
    pg = next(p for p in d["pages"] if lines(p, "kicker"))
    k = lines(pg, "kicker")[0]
    k["size"] = max(l["size"] for l in lines(pg, "headline", k["article"]))


def head_in_white(d, a):
    """Every headed module of page 1 given 120 pt of white over its head."""
    pg = d["pages"][0]
    for m in mods(pg):
        if lines(pg, "headline", m["article"]):
            m["rect"][1] -= 120
            m["rect"][3] += 120


def running_head_on_page_one(d, a):
    pg = d["pages"][0]
    ta = pg["type_area"]
    pg["lines"].insert(0, {"article": None, "kind": "running_head",
                           "rect": [ta[0], ta[1] - 20, 100, 14], "baseline": ta[1] - 9,
                           "font": "body", "size": 9, "text": "第1版"})


def wrong_running_head(d, a):
    for l in lines(d["pages"][1], "running_head"):
        l["text"] = "第2版　广告"


def story_moved(d, a):
    """The second story of page 2 relabelled as one edition.xml puts on
    page 1 (and not on page 2): printed off its page, no warning."""
    p1 = {x for x, v in a.items() if v.page == 1}
    pg = d["pages"][1]
    victim = next(m["article"] for m in mods(pg) if m["article"] not in p1)
    target = sorted(p1 - {m["article"] for p in d["pages"] for m in mods(p)} or p1)[0]
    for p in d["pages"]:
        for x in p["boxes"] + p["lines"] + p["outline"]:
            if x.get("article") == target:
                x["article"] = target + "-gone"
    for x in pg["boxes"] + pg["lines"] + pg["outline"]:
        if x.get("article") == victim:
            x["article"] = target


def page_added(d, a):
    last = copy.deepcopy(d["pages"][-1])
    last["number"] += 1
    d["pages"].append(last)


def shallow(d, a):
    """A narrow story of page 1 cut to 3 lines and spread across the page."""
    pg = d["pages"][0]
    m = next(m for m in mods(pg) if m["rect"][2] < 3 * pg["col_width"] and
             not any(b["kind"] == "image" and b["article"] == m["article"]
                     for b in pg["boxes"]))
    zb, _ = pagequality.header_zone(pg, m)
    keep = zb + 3 * pg["line_pitch"]
    pg["lines"] = [l for l in pg["lines"] if l["article"] != m["article"] or
                   l["kind"] in pagequality.HEADER_KINDS or l["rect"][1] < keep - 0.1]
    m["rect"][0], m["rect"][2] = pg["type_area"][0], pg["type_area"][2]
    m["rect"][3] = keep - m["rect"][1]


def empty_column(d, a):
    pg = d["pages"][0]
    m = next(m for m in mods(pg) if len(pagequality.columns_of(
        pg, m["rect"][0], m["rect"][0] + m["rect"][2])) >= 3)
    cx = m["rect"][0] + m["rect"][2] - pg["col_width"]
    pg["lines"] = [l for l in pg["lines"] if not (
        l["article"] == m["article"] and l["kind"] not in pagequality.HEADER_KINDS and
        l["rect"][0] >= cx - 0.1)]


def loose_frame(d, a):
    """A frame drawn around the last module of page 1, three times its height."""
    pg = d["pages"][0]
    m = mods(pg)[-1]
    x, y, w, h = m["rect"]
    pg["boxes"].append({"kind": "frame", "rect": [x, y, w, 3 * h],
                        "article": m["article"], "stroke": 0.75})


def unframed_commentary(d, a):
    """The commentary's module repeated on another page, where no frame
    stands around its place."""
    i, m = next((i, m) for i, p in enumerate(d["pages"]) for m in mods(p)
                if a.get(m["article"]) and a[m["article"]].commentary())
    x, y, w, h = m["rect"]

    def framed(p):
        return any(b["kind"] == "frame" and b["rect"][0] <= x + 1 and
                   b["rect"][1] <= y + 1 and
                   b["rect"][0] + b["rect"][2] >= x + w - 1 and
                   b["rect"][1] + b["rect"][3] >= y + h - 1 for b in p["boxes"])
    j = next(j for j, p in enumerate(d["pages"]) if j != i and not framed(p))
    d["pages"][j]["boxes"].append(copy.deepcopy(m))


def low_ppi(d, a):
    b = next(b for p in d["pages"] for b in p["boxes"] if b["kind"] == "image")
    b["px"] = [b["px"][0] // 4, b["px"][1] // 4]


def widow(d, a):
    """A paragraph's last line set at the top of the next column."""
    runs = pagequality.split_paragraphs(a, pagequality.article_runs(d))
    for seq in runs.values():
        for i in range(2, len(seq)):
            pg, l, k, first, last = seq[i]
            if last and not first and seq[i - 1][2] == k and seq[i - 2][2] == k and \
                    seq[i - 1][1]["rect"][0] == l["rect"][0]:
                l["rect"][0] += pg["col_width"] + pg["gutter"]
                return
    raise AssertionError("no paragraph of three lines in one column")


def early_jump(d, a):
    pg = next(p for p in d["pages"] if any(l["kind"] == "jump" and "下转" in l["text"]
                                           for l in p["lines"]))
    j = next(l for l in pg["lines"] if l["kind"] == "jump" and "下转" in l["text"])
    body = [l for l in pg["lines"] if l["article"] == j["article"] and l["kind"] == "body"]
    drop = {id(l) for l in body[5:]}
    pg["lines"] = [l for l in pg["lines"] if id(l) not in drop]


def underfull(d, a):
    pg = d["pages"][0]
    pg["lines"] = [l for i, l in enumerate(pg["lines"]) if i % 3 or not l["article"]]


def overlap(d, a):
    pg = d["pages"][0]
    pg["lines"].append(copy.deepcopy(lines(pg, "body")[0]))


CASES = [
    ("geometry", overlap, {}),
    ("image_distortion", stretch_image, {}),
    ("image_crop", crop_image, {}),
    ("image_ppi", low_ppi, {"stderr": ""}),
    ("head_scale", head_off_scale, {}),
    ("subheading_size", big_subheading, {}),
    ("head_rank", flat_heads, {}),
    ("kicker_rank", loud_kicker, {}),
    ("head_zone", head_in_white, {}),
    ("head_white", head_in_white, {}),
    ("page_one", running_head_on_page_one, {}),
    ("running_head", wrong_running_head, {}),
    ("off_page", story_moved, {}),
    ("pages_added", page_added, {}),
    ("shallow_strips", shallow, {}),
    ("empty_columns", empty_column, {}),
    ("frame_fill", loose_frame, {}),
    ("commentary_frame", unframed_commentary, {}),
    ("widows_orphans", widow, {}),
    ("early_jumps", early_jump, {}),
    ("fill", underfull, {}),
    ("underfull_warned", underfull, {"stderr": ""}),
    ("page_list", None, {"epub": "other"}),
]


def main(argv):
    if len(argv) != 6:
        print(__doc__, file=sys.stderr)
        return 2
    args = argv[1:5]
    other_epub = argv[5]
    doc = json.load(open(os.path.join(args[0], "layout.json"), encoding="utf-8"))
    arts = pagequality.read_edition(args[1], args[3])
    base = measure(doc, args)
    bad = 0
    for rule, damage, opt in CASES:
        d = copy.deepcopy(doc)
        if damage:
            damage(d, arts)
        R = measure(d, args, stderr=opt.get("stderr"),
                    epub=other_epub if opt.get("epub") else None)
        before, after = len(base[rule].faults), len(R[rule].faults)
        ok = after > before
        bad += not ok
        print(f"{'ok  ' if ok else 'FAIL'} {rule:<17} {before} -> {after} faults "
              f"({damage.__name__ if damage else 'another edition’s EPUB'})")
    missing = {name for name, _, _ in pagequality.RULES} - {c[0] for c in CASES}
    if missing:
        print(f"FAIL no case for {', '.join(sorted(missing))}")
        bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
