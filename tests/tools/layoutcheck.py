#!/usr/bin/env python3
"""layoutcheck.py - geometry checks over `banmian build --dump-layout` JSON.

Usage: layoutcheck.py [--min-fill 0.97] [--all-pages] LAYOUT.json

Per page:
  overlaps     no two modules (article or furniture) overlap, no two lines do
  outside      every line lies inside the type area
  grid         every body-size body line (body, subheading, byline, jump) has
               its baseline on the page's grid: grid_top + n * line_pitch
  fill         share of the grid's cells (columns x rows of the type area)
               that carry something: a line, an image, a rule, furniture.
               Header lines (kicker, headline, subhead, section label) count
               for the whole width of their module, as a headline zone is
               designed space; white left under short columns does not count.
               Must be >= --min-fill on every page but the last (unless
               --all-pages).
  jumps        every jump line links to an existing page, （下转第N版） to a
               page that holds the article's （上接） line and back.

Prints one JSON line per page and a summary; exits 1 on any failure.

Page quality (issue 12), when --edition is given:

  layoutcheck.py LAYOUT.json --edition DIR|PAGE.txt[,PAGE.txt...]
      --layout-file layouts/NAME.xml [--pdf FILE] [--epub FILE]
      [--stderr BUILD.err] [--banmian BIN] [--name NAME] [--json OUT.json]
      [--require rule,rule,...|all]

measures every rule of tests/tools/pagequality.py (image distortion,
stories off their page, shallow strips, frame fill, empty columns, headline
scale and ranking, headline zones and white, early jumps, widows and
orphans, EPUB page-list vs PDF pages, fill per page), prints a per-page table
and one row per rule, writes the figures as JSON (--json), and exits 1 when a
rule named in --require is not at target (the geometry checks above become
the rule "geometry"; fill is a rule of its own).
"""
import json
import sys

EPS = 0.02
VERBOSE = False
HEADER_KINDS = {"kicker", "headline", "subhead", "section"}
GRID_KINDS = {"body", "subheading", "byline", "jump"}


def overlap(a, b):
    return (a[0] < b[0] + b[2] - EPS and b[0] < a[0] + a[2] - EPS and
            a[1] < b[1] + b[3] - EPS and b[1] < a[1] + a[3] - EPS)


def inside(r, o):
    return (r[0] >= o[0] - EPS and r[1] >= o[1] - EPS and
            r[0] + r[2] <= o[0] + o[2] + EPS and r[1] + r[3] <= o[1] + o[3] + EPS)


def check_page(pg, problems):
    ta = pg["type_area"]
    pitch = pg["line_pitch"]
    rows = pg["rows"]
    colx = pg["column_x"]
    cw = pg["col_width"]
    n = pg["number"]
    mods = [b for b in pg["boxes"] if b["kind"] == "module"]
    for i, a in enumerate(mods):
        if not inside(a["rect"], ta):
            problems.append(f"page {n}: module {a['article']} outside the type area")
        for b in mods[i + 1:]:
            if overlap(a["rect"], b["rect"]):
                problems.append(f"page {n}: modules {a['article']} and {b['article']} overlap")
    lines = pg["lines"]
    for i, l in enumerate(lines):
        if not inside(l["rect"], ta):
            problems.append(f"page {n}: line {i} ({l['text'][:20]}) outside the type area")
        on_grid = l["kind"] in GRID_KINDS and (l["kind"] != "jump" or
                                               abs(l["rect"][3] - pitch) < EPS)
        if on_grid and abs(l["size"] - pg["body_size"]) < EPS:
            k = (l["baseline"] - pg["grid_top"]) / pitch
            if abs(k - round(k)) > 0.001:
                problems.append(f"page {n}: line {i} ({l['text'][:20]}) off the baseline grid")
    # lines: sort by y to keep the pairwise check cheap
    order = sorted(range(len(lines)), key=lambda i: lines[i]["rect"][1])
    for a_i, i in enumerate(order):
        ri = lines[i]["rect"]
        for j in order[a_i + 1:]:
            rj = lines[j]["rect"]
            if rj[1] >= ri[1] + ri[3] - EPS:
                break
            if overlap(ri, rj):
                problems.append(f"page {n}: lines {i} and {j} overlap")

    # fill: a grid of columns x rows
    filled = [[False] * rows for _ in colx]

    def row_span(y0, y1, frac):
        out = []
        for r in range(rows):
            top = ta[1] + r * pitch
            cover = min(y1, top + pitch) - max(y0, top)
            if cover >= frac * pitch - EPS:
                out.append(r)
        return out

    def col_span(x0, x1):
        return [c for c, x in enumerate(colx)
                if min(x1, x + cw) - max(x0, x) > min(cw, x1 - x0) / 2 - EPS]

    def mark(rect, frac=0.5, cols=None):
        x, y, w, h = rect
        for c in (cols if cols is not None else col_span(x, x + w)):
            for r in row_span(y, y + h, frac if h >= pitch * frac else 0):
                filled[c][r] = True

    def module_of(l):
        for m in mods:
            if m["article"] == l["article"] and inside(l["rect"], m["rect"]):
                return m
        for m in mods:
            if m["article"] and inside(l["rect"], m["rect"]):
                return m
        return None

    for m in mods:
        if m["article"] is None:          # running head, masthead
            mark(m["rect"])
    for l in lines:
        header = l["kind"] in HEADER_KINDS or (
            l["kind"] == "jump" and abs(l["rect"][3] - pitch) > EPS)
        if header and l["article"]:
            m = module_of(l)
            if m:
                mx, _, mw, _ = m["rect"]
                mark([mx, l["rect"][1], mw, l["rect"][3]], 0.25)
                continue
        mark(l["rect"])
    for b in pg["boxes"]:
        if b["kind"] == "image":
            mark(b["rect"], 0.25)
        elif b["kind"] == "rule" and b["rect"][2] > b["rect"][3]:
            x, y, w, h = b["rect"]
            yc = y + h / 2
            r = int((yc - ta[1]) // pitch)
            if 0 <= r < rows:
                for c in col_span(x, x + w):
                    filled[c][r] = True
    total = len(colx) * rows
    got = sum(sum(1 for v in col if v) for col in filled)
    if VERBOSE:
        for m in mods:
            x, y, w, h = m["rect"]
            empty = [(c, r) for c in col_span(x, x + w)
                     for r in row_span(y, y + h, 0.5) if not filled[c][r]]
            if empty:
                print(f"  page {n} {m['article']}: {len(empty)} empty cells "
                      f"{empty[:12]}", file=sys.stderr)
    return got / total if total else 1.0


def geometry(pages, min_fill, all_pages, problems, quiet=False):
    fills = []
    for k, pg in enumerate(pages):
        before = len(problems)
        fill = check_page(pg, problems)
        fills.append(fill)
        last = k == len(pages) - 1
        if min_fill is not None and fill < min_fill and (all_pages or not last):
            problems.append(f"page {pg['number']}: fill {fill:.3f} < {min_fill}")
        if not quiet:
            print(json.dumps({"page": pg["number"], "fill": round(fill, 4),
                              "lines": len(pg["lines"]), "boxes": len(pg["boxes"]),
                              "problems": len(problems) - before},
                             ensure_ascii=False))
    return fills


def check_jumps(pages, problems):
    numbers = {p["number"] for p in pages}
    njumps = 0
    by_page = {p["number"]: p for p in pages}
    for pg in pages:
        for l in pg["lines"]:
            if l["kind"] != "jump":
                continue
            njumps += 1
            t = l.get("link_page")
            if not t or t not in numbers:
                problems.append(f"page {pg['number']}: jump '{l['text']}' of {l['article']} "
                                f"links to missing page {t}")
                continue
            want = "上接" if "下转" in l["text"] else "下转"
            if "下转" in l["text"] and t <= pg["number"]:
                problems.append(f"page {pg['number']}: '{l['text']}' jumps backwards")
            back = [m for m in by_page[t]["lines"]
                    if m["kind"] == "jump" and m["article"] == l["article"]
                    and want in m["text"] and m.get("link_page") == pg["number"]]
            if not back:
                problems.append(f"page {pg['number']}: '{l['text']}' of {l['article']} "
                                f"has no matching {want} line on page {t}")
            if f"第{t}版" not in l["text"]:
                problems.append(f"page {pg['number']}: '{l['text']}' names the wrong page ({t})")
    return njumps


def quality(doc, opts):
    import os
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    sys.dont_write_bytecode = True
    import pagequality
    problems = []
    fills = geometry(doc["pages"], None, False, problems, quiet=True)
    check_jumps(doc["pages"], problems)
    ed = opts["edition"]
    edition = ed.split(",") if ed.endswith(".txt") else ed
    stderr = ""
    if opts.get("stderr"):
        with open(opts["stderr"], encoding="utf-8", errors="replace") as f:
            stderr = f.read()
    R = pagequality.measure(doc, fills, problems, edition,
                            opts.get("banmian") or "banmian", opts["layout-file"],
                            opts.get("pdf"), opts.get("epub"), stderr)
    print(pagequality.table(opts.get("name") or ed, doc, R))
    req = opts.get("require") or ""
    names = list(R) if req == "all" else [r for r in req.split(",") if r]
    unknown = [r for r in names if r not in R]
    if unknown:
        print(f"layoutcheck: unknown rule(s) {', '.join(unknown)}; rules: "
              f"{', '.join(R)}", file=sys.stderr)
        return 2
    failed = [r for r in names if not R[r].ok()]
    summary = {"name": opts.get("name") or ed, "pages": len(doc["pages"]),
               "required": names, "failed_required": failed,
               "rules": {k: r.as_json() for k, r in R.items()}}
    if opts.get("json"):
        with open(opts["json"], "w", encoding="utf-8") as f:
            json.dump(summary, f, ensure_ascii=False, indent=1)
            f.write("\n")
    for r in failed:
        for f in R[r].faults[:10]:
            print(f"layoutcheck: {r}: page {f['page']} {f['article'] or ''}: "
                  f"{f['what']}", file=sys.stderr)
    return 1 if failed else 0


VALUED = {"--min-fill", "--edition", "--layout-file", "--pdf", "--epub", "--stderr",
          "--banmian", "--name", "--json", "--require"}


def main(argv):
    min_fill = 0.97
    all_pages = False
    path = None
    opts = {}
    i = 1
    while i < len(argv):
        if argv[i] in VALUED:
            if i + 1 >= len(argv):
                print(f"layoutcheck: {argv[i]} wants a value", file=sys.stderr)
                return 2
            opts[argv[i][2:]] = argv[i + 1]
            i += 2
            continue
        if argv[i] == "--all-pages":
            all_pages = True
        elif argv[i] == "--verbose":
            global VERBOSE
            VERBOSE = True
        elif argv[i].startswith("--"):
            print(f"layoutcheck: unknown option {argv[i]}", file=sys.stderr)
            return 2
        else:
            path = argv[i]
        i += 1
    if "min-fill" in opts:
        min_fill = float(opts["min-fill"])
    if not path:
        print(__doc__, file=sys.stderr)
        return 2
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    if "edition" in opts:
        if "layout-file" not in opts:
            print("layoutcheck: --edition wants --layout-file", file=sys.stderr)
            return 2
        return quality(doc, opts)
    pages = doc["pages"]
    problems = []
    fills = geometry(pages, min_fill, all_pages, problems)
    njumps = check_jumps(pages, problems)
    for p in problems:
        print("layoutcheck: " + p, file=sys.stderr)
    print(json.dumps({"pages": len(pages), "jumps": njumps,
                      "min_fill": round(min(fills[:-1] or fills or [1.0]), 4),
                      "problems": len(problems)}))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
