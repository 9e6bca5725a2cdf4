"""pagequality.py - page-quality rules of issue 12, measured over a
`banmian build --dump-layout` JSON, the edition it was built from, the PDF,
the EPUB and build's stderr.  Used by layoutcheck.py --edition (see there for
the command line).

Every rule returns a Rule: a measured figure, the target, whether it is at
target, and the list of faults (page, article, what).  The thresholds are
named in LIMITS below, with the issue's words beside each.

What the dump does not say, and how it is derived here:
  - where a paragraph starts and ends: when the dump's lines carry "para",
    "first" and "last", from those; else the body lines of an article, in
    reading order, are matched against its paragraphs in the source (edition
    XML or `banmian import --json` for page dumps), whitespace ignored;
  - an article's kind (brief / commentary / essay) and the page edition.xml
    gives it: from the source;
  - the headline size scale: from the layout file (a <scale> element with
    <step size="26pt"/> children or a sizes="36pt 26pt ..." attribute; until
    the layout declares one, the sizes of its kicker, headline1-4 and subhead
    styles are the scale).
"""
import json
import os
import re
import struct
import subprocess
import xml.etree.ElementTree as ET
import zipfile

# ---- thresholds (issue 12) --------------------------------------------------
LIMITS = {
    "ppi_min": 150,            # 1. warn when an image would print below 150 ppi
    "crop_max": 0.20,          # 1. crop where the grid forces another shape:
                               #    more than a fifth of the picture cut away
                               #    (by the box's aspect) is a different picture
    "ppi_skew": 1,             # 1. pdfimages x-ppi - y-ppi (it rounds to 1 ppi)
    "strip5_cols": 5,          # 3. a module across >= 5 columns ...
    "strip5_depth": 15,        #    ... needs about 15 lines of depth
    "strip4_cols": 4,          # 3. >= 4 columns ...
    "strip4_depth": 8,         #    ... at least 8
    "frame_fill": 0.80,        # 3. text area >= 80 % of the frame
    "head_zone_share": 0.40,   # 4. headline zone >= 40 % of its module is a fault
    "head_white": 1.5,         # 4. white above/below a head: about one line of
                               #    its size; more than 1.5 lines is pumped
    "lead_steps": 1,           # 2. 头条 one or two steps above every other head
    "kicker_steps": 2,         # 2. kicker, subhead >= 2 steps below the headline
    "jump_share": 1 / 3,       # 7. >= 1/3 of a jumped story on its first page
                               #    (of what is left on a later page it
                               #    jumps from again)
    "jump_lines": 15,          # 7. ... and >= 15 body lines
    "leg_lines": 3,            # 3. text under a picture: at least 3 lines a column
    "cont_lines": 6,           # 7. a continuation is a module, not a 2-line strip
    "fill_page": 0.97,         # 4. every page but the last >= 97 %
    "fill_last": 0.60,         #    the last >= 60 % when the text allows
    "fill_warn": 0.90,         #    build warns naming each page under 90 %
}
EPS = 0.05
HEADER_KINDS = {"kicker", "headline", "subhead", "section"}
TEXT_KINDS = {"body", "subheading", "byline", "caption", "credit", "jump"}
PARA_KINDS = {"body", "subheading"}
BYLINE = r"(本报讯|新华社|本报记者|记者|通讯员|实习生|特约|据)"
# commentary (framed, never jumped) and essays (never jumped): told by their
# role in edition.xml, else by their kicker, label, group, byline or section
COMMENTARY_WORDS = ("评论", "短评", "时评", "社论", "论坛", "杂谈", "漫谈", "言论",
                    "杂文")
ESSAY_WORDS = ("随笔", "散文", "札记", "副刊")
# 号数 (GB/T 148 / the traditional Chinese point sizes), for naming steps
HAOSHU = [(42, "初号"), (36, "小初"), (26, "一号"), (24, "小一"), (22, "二号"),
          (18, "小二"), (16, "三号"), (15, "小三"), (14, "四号"), (12, "小四"),
          (10.5, "五号"), (9, "小五"), (7.5, "六号")]


class Rule:
    def __init__(self, name, what, target):
        self.name, self.what, self.target = name, what, target
        self.value = 0
        self.faults = []
        self.pages = {}            # page number -> figure for the table
        self.na = False            # nothing to measure (no images, ...)

    def fault(self, page, article, text):
        self.faults.append({"page": page, "article": article, "what": text})

    def ok(self):
        return not self.faults

    def as_json(self):
        return {"what": self.what, "target": self.target, "value": self.value,
                "ok": self.ok(), "measured": not self.na,
                "faults": len(self.faults), "details": self.faults[:40],
                "pages": {str(k): v for k, v in sorted(self.pages.items())}}


# ---- small geometry ------------------------------------------------------------
def inside(r, o, eps=EPS):
    return (r[0] >= o[0] - eps and r[1] >= o[1] - eps and
            r[0] + r[2] <= o[0] + o[2] + eps and r[1] + r[3] <= o[1] + o[3] + eps)


def union_area(rects):
    """Area of a union of rects (coordinate compression; a page has few)."""
    xs = sorted({v for r in rects for v in (r[0], r[0] + r[2])})
    area = 0.0
    for i in range(len(xs) - 1):
        x0, x1 = xs[i], xs[i + 1]
        ivs = sorted((r[1], r[1] + r[3]) for r in rects
                     if r[0] <= x0 + 1e-9 and r[0] + r[2] >= x1 - 1e-9)
        cov, end = 0.0, None
        for a, b in ivs:
            if end is None or a > end:
                cov += b - a
                end = b
            elif b > end:
                cov += b - end
                end = b
        area += cov * (x1 - x0)
    return area


def clip(r, o):
    x0, y0 = max(r[0], o[0]), max(r[1], o[1])
    x1, y1 = min(r[0] + r[2], o[0] + o[2]), min(r[1] + r[3], o[1] + o[3])
    return [x0, y0, x1 - x0, y1 - y0] if x1 > x0 and y1 > y0 else None


def columns_of(pg, x0, x1):
    cw = pg["col_width"]
    return [c for c, x in enumerate(pg["column_x"])
            if min(x1, x + cw) - max(x0, x) > min(cw, x1 - x0) / 2 - EPS]


def col_of(pg, rect):
    cs = columns_of(pg, rect[0], rect[0] + rect[2])
    return cs[0] if cs else None


def pt_len(s):
    s = s.strip()
    m = re.fullmatch(r"([0-9.]+)\s*(pt|mm|em)?", s)
    if not m:
        return None
    v = float(m.group(1))
    return v * 72 / 25.4 if m.group(2) == "mm" else v


def squash(s):
    return re.sub(r"\s+", "", s or "")


# ---- the source: articles, kinds, assigned pages, paragraphs --------------------
class Article:
    def __init__(self, aid, kind, page, role=None):
        self.id, self.kind, self.page, self.role = aid, kind, page, role
        self.words = ""            # kicker + label + section, for commentary
        self.section = None        # the section of the page edition.xml gives
        self.paragraphs = []

    def no_jump(self):
        return self.kind == "brief" or self.commentary() or self.essay()

    def commentary(self):
        if self.kind == "brief" or self.role == "essay":
            return False
        return self.role == "commentary" or any(w in self.words for w in COMMENTARY_WORDS)

    def essay(self):
        if self.kind == "brief" or self.role == "commentary":
            return False
        return self.role == "essay" or any(w in self.words for w in ESSAY_WORDS)


REF = "（详见第\x00版）"      # a <ref article=.../>: the page comes from the layout


def _text(el):
    if el is None:
        return ""
    out = [el.text or ""]
    for c in el:
        out.append(REF if c.tag == "ref" else _text(c))
        out.append(c.tail or "")
    return "".join(out)


def edition_issue(path):
    if isinstance(path, list):
        return None
    ed = ET.parse(os.path.join(path, "edition.xml")).getroot()
    el = ed.find("issue")
    return el.text.strip() if el is not None and el.text else None


def read_edition(path, banmian):
    """Articles of an edition directory, or of page dumps (a list of .txt)."""
    arts = {}
    if isinstance(path, list):                      # raw page dumps
        for n, txt in enumerate(path, 1):
            out = subprocess.run([banmian, "import", txt, "--json"],
                                 capture_output=True, check=True).stdout
            doc = json.loads(out)
            for k, a in enumerate(doc["articles"], 1):
                art = Article(f"p{n}-a{k}", a["kind"], n)
                art.words = " ".join(x for x in (a.get("kicker"), a.get("label"))
                                     if x) + " " + " ".join(doc.get("sections") or [])
                art.paragraphs = [p[3:] if p.startswith("## ") else p
                                  for p in a["paragraphs"]]
                arts[art.id] = art
        return arts
    ed = ET.parse(os.path.join(path, "edition.xml")).getroot()
    for n, page in enumerate(ed.iter("page"), 1):
        if page.get("dump"):
            sub = read_edition([os.path.join(path, page.get("dump"))], banmian)
            for a in sub.values():
                a.id = a.id.replace("p1-", f"p{n}-", 1)
                a.page = n
                arts[a.id] = a
            continue
        for ref in page.iter("article"):
            root = ET.parse(os.path.join(path, ref.get("href"))).getroot()
            art = Article(root.get("id"), root.get("kind", "article"), n,
                          ref.get("role"))
            art.section = page.get("section")
            art.words = " ".join([_text(root.find("kicker")), ref.get("label") or "",
                                  page.get("section") or "", root.get("group") or "",
                                  _text(root.find("byline"))])
            body = root.find("body")
            for el in (body if body is not None else []):
                if el.tag in ("p", "h", "note"):
                    art.paragraphs.append(_text(el))
            arts[art.id] = art
    return arts


def layout_scale(layout_file):
    """The headline size scale of a layout file, largest first."""
    root = ET.parse(layout_file).getroot()
    sizes = set()
    for el in root.iter():
        if "scale" in el.tag:
            for v in (el.get("sizes") or "").split():
                if pt_len(v):
                    sizes.add(pt_len(v))
            for st in el:
                if st.get("size") and pt_len(st.get("size")):
                    sizes.add(pt_len(st.get("size")))
    declared = bool(sizes)
    if not sizes:
        for st in root.iter("style"):
            e = st.get("element", "")
            if e in ("kicker", "subhead") or re.fullmatch(r"headline\d", e):
                if pt_len(st.get("size", "")):
                    sizes.add(pt_len(st.get("size")))
    return sorted(sizes, reverse=True), declared


def step_of(scale, size):
    """Index of size in the scale, or None when it is not on it."""
    for i, s in enumerate(scale):
        if abs(s - size) < 0.01:
            return i
    return None


def step_near(scale, size):
    return min(range(len(scale)), key=lambda i: abs(scale[i] - size))


# ---- images ---------------------------------------------------------------------
def image_pixels(path):
    with open(path, "rb") as f:
        head = f.read(32)
        if head[:8] == b"\x89PNG\r\n\x1a\n":
            return struct.unpack(">II", head[16:24])
        if head[:2] == b"\xff\xd8":
            f.seek(2)
            while True:
                m = f.read(4)
                if len(m) < 4 or m[0] != 0xFF:
                    return None
                seg = struct.unpack(">H", m[2:4])[0]
                if 0xC0 <= m[1] <= 0xCF and m[1] not in (0xC4, 0xC8, 0xCC):
                    d = f.read(5)
                    h, w = struct.unpack(">HH", d[1:5])
                    return w, h
                f.seek(seg - 2, 1)
    return None


def pdf_images(pdf):
    out = subprocess.run(["pdfimages", "-list", pdf], capture_output=True,
                         text=True, check=True).stdout.splitlines()[2:]
    rows = []
    for line in out:
        f = line.split()
        if len(f) >= 14 and f[2] == "image":
            rows.append({"page": int(f[0]), "w": int(f[3]), "h": int(f[4]),
                         "xppi": int(f[12]), "yppi": int(f[13])})
    return rows


def pdf_pages(pdf):
    out = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True,
                         check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))


def epub_page_list(epub):
    """(page-list labels, {pagebreak title: article id of its document});
    breaks[None] is the article id of the last article document (spine
    order: article-NNN.xhtml)."""
    labels, breaks = None, {}
    with zipfile.ZipFile(epub) as z:
        for n in sorted(z.namelist()):
            if not n.endswith(".xhtml"):
                continue
            s = z.read(n).decode("utf-8")
            m = re.search(r'<nav[^>]*epub:type="page-list".*?</nav>', s, re.S)
            if m:
                labels = re.findall(r"<a [^>]*>([^<]*)</a>", m.group(0))
            art = re.search(r'id="a-([^"]+)"', s)
            if art and re.search(r"article-\d+\.xhtml$", n):
                breaks[None] = art.group(1)
            for b in re.finditer(r'<[^>]*epub:type="pagebreak"[^>]*>', s):
                t = re.search(r'title="([^"]*)"', b.group(0))
                if t:
                    breaks[t.group(1)] = art.group(1) if art else None
    return labels, breaks


# ---- per-page structure ----------------------------------------------------------
def modules(pg):
    return [b for b in pg["boxes"] if b["kind"] == "module" and b["article"]]


def lines_in(pg, mod):
    """The module's lines: its article's, and in a briefs box those of the
    briefs in it (articles with no module of their own on the page)."""
    own = {b["article"] for b in pg["boxes"] if b["kind"] == "module"}
    return [l for l in pg["lines"] if inside(l["rect"], mod["rect"]) and
            (l["article"] == mod["article"] or
             (l["article"] and l["article"] not in own))]


def images_in(pg, mod):
    return [b for b in pg["boxes"] if b["kind"] == "image" and
            b["article"] == mod["article"] and inside(b["rect"], mod["rect"])]


def header_zone(pg, mod):
    """(zone bottom, header lines): the module's top from its top to the top
    of its first content (a text line or an image) under the header lines."""
    ls = lines_in(pg, mod)
    # the header lines above the module's first text or picture (a briefs
    # box has a head per item further down: those are not its header)
    first = min([l["rect"][1] for l in ls if l["kind"] not in HEADER_KINDS] +
                [b["rect"][1] for b in images_in(pg, mod)] +
                [mod["rect"][1] + mod["rect"][3]])
    heads = [l for l in ls if l["kind"] in HEADER_KINDS and
             l["rect"][1] < first - EPS]
    if not heads:
        return mod["rect"][1], []
    hb = max(l["rect"][1] + l["rect"][3] for l in heads)
    content = [l["rect"][1] for l in ls if l["kind"] not in HEADER_KINDS
               and l["rect"][1] >= hb - EPS]
    content += [b["rect"][1] for b in images_in(pg, mod) if b["rect"][1] >= hb - EPS]
    bottom = min(content) if content else mod["rect"][1] + mod["rect"][3]
    return bottom, heads


# ---- the rules -------------------------------------------------------------------
def rule_images(doc, edition_dir, pdf, stderr, R):
    aspect, ppi, skew = R["image_crop"], R["image_ppi"], R["image_distortion"]
    warns = [l for l in stderr.splitlines() if "warning" in l and "ppi" in l]
    worst_a = worst_dump = 0.0
    n = 0
    for pg in doc["pages"]:
        for b in pg["boxes"]:
            if b["kind"] != "image":
                continue
            n += 1
            px = tuple(b["px"]) if b.get("px") else None
            if not px and edition_dir and b.get("image"):
                p = os.path.join(edition_dir, b["image"])
                if os.path.exists(p):
                    px = image_pixels(p)
            if not px:
                continue
            x, y, w, h = b["rect"]
            rb = px[0] / px[1]
            if b.get("image_rect"):
                # the dump gives the placed picture (image_rect) and the box
                # that clips it (rect): stretch and crop are exact
                iw, ih = b["image_rect"][2], b["image_rect"][3]
                st = abs((iw / ih) / rb - 1)
                if st > 0.005:
                    skew.fault(pg["number"], b["article"],
                               f"{b['image']}: {px[0]}x{px[1]} px placed at "
                               f"{iw:.0f}x{ih:.0f} pt ({st:.1%} stretched)")
                    worst_dump = max(worst_dump, st)
                cut = 1 - (w * h) / (iw * ih)
                eff = px[0] / (iw / 72)
            else:
                ra = w / h
                cut = 1 - min(ra / rb, rb / ra)   # share cut away when filled
                eff = min(px[0] / (w / 72), px[1] / (h / 72))
            worst_a = max(worst_a, cut)
            aspect.pages[pg["number"]] = max(aspect.pages.get(pg["number"], 0),
                                             round(cut * 100, 1))
            if cut > LIMITS["crop_max"]:
                aspect.fault(pg["number"], b["article"],
                             f"{b['image']}: box {w:.0f}x{h:.0f} pt ({w / h:.3f}) for "
                             f"{px[0]}x{px[1]} px ({rb:.3f}): {cut:.0%} of the "
                             "picture cut away")
            if eff < LIMITS["ppi_min"] - 1:
                if not any(f"'{b['image']}'" in l and f"page {pg['number']}" in l
                           for l in warns):
                    ppi.fault(pg["number"], b["article"],
                              f"{b['image']} prints at {eff:.0f} ppi, no warning")
    aspect.value = round(worst_a * 100, 1)
    aspect.na = ppi.na = n == 0
    worst = 0
    low = []
    if pdf:
        for im in pdf_images(pdf):
            d = abs(im["xppi"] - im["yppi"])
            rel = d / max(1, min(im["xppi"], im["yppi"]))
            skew.pages[im["page"]] = max(skew.pages.get(im["page"], 0),
                                         round(rel * 100, 1))
            if d > LIMITS["ppi_skew"]:
                skew.fault(im["page"], None,
                           f"{im['w']}x{im['h']} px image at {im['xppi']} x "
                           f"{im['yppi']} ppi ({rel:.1%} stretched)")
            worst = max(worst, rel)
            low.append(min(im["xppi"], im["yppi"]))
            ppi.pages[im["page"]] = min(ppi.pages.get(im["page"], 9999),
                                        min(im["xppi"], im["yppi"]))
    skew.value = round(max(worst, worst_dump) * 100, 2)
    skew.na = not pdf or not low
    ppi.value = min(low) if low else None
    if pdf and not low and n:
        skew.fault(None, None, f"{n} images in the dump, none in the PDF")


def first_pages(doc):
    """article -> page where its first module is, and pages it is on."""
    first, on = {}, {}
    for pg in doc["pages"]:                # briefs share their group's module
        for x in modules(pg) + [l for l in pg["lines"] if l["article"]]:
            first.setdefault(x["article"], pg["number"])
            on.setdefault(x["article"], set()).add(pg["number"])
    return first, on


def rule_assigned(doc, arts, stderr, R):
    r = R["off_page"]
    warns = [l for l in stderr.splitlines() if "warning" in l]
    first, _ = first_pages(doc)
    moved = 0
    for aid, p in first.items():
        a = arts.get(aid)
        if a is None or a.page == p:
            continue
        moved += 1
        r.pages[p] = r.pages.get(p, 0) + 1
        named = any(f"'{aid}'" in w or f" {aid} " in w for w in warns)
        if not named:
            r.fault(p, aid, f"assigned to page {a.page}, printed from page {p}, "
                    "no warning names it")
    missing = [a for a in arts if a not in first]
    for aid in missing:
        r.fault(None, aid, "not printed at all")
    npl = len({a.page for a in arts.values()})
    added = max(0, len(doc["pages"]) - npl)
    r.value = moved
    R["pages_added"].value = added
    R["pages_added"].pages = {len(doc["pages"]): added} if added else {}
    for k in range(npl + 1, len(doc["pages"]) + 1):
        R["pages_added"].fault(k, None, f"page {k} added to the edition's {npl}")


def rule_modules(doc, R):
    strips, ffill, empty = R["shallow_strips"], R["frame_fill"], R["empty_columns"]
    share, white = R["head_zone"], R["head_white"]
    nmod = 0
    worst_share, worst_white, worst_frame = 0.0, 0.0, 1.0
    for pg in doc["pages"]:
        n, pitch = pg["number"], pg["line_pitch"]
        for m in modules(pg):
            nmod += 1
            x, y, w, h = m["rect"]
            cols = columns_of(pg, x, x + w)
            zb, heads = header_zone(pg, m)
            ls = lines_in(pg, m)
            # depth: from under the head to the lowest line or image (a module
            # box drawn down to the page foot around one line is still a strip)
            foot = max([l["rect"][1] + l["rect"][3] for l in ls] +
                       [b["rect"][1] + b["rect"][3] for b in images_in(pg, m)] + [zb])
            depth = (foot - zb) / pitch
            # shallow strips
            lim = (LIMITS["strip5_depth"] if len(cols) >= LIMITS["strip5_cols"] else
                   LIMITS["strip4_depth"] if len(cols) >= LIMITS["strip4_cols"] else 0)
            # the text alone: a photo above a text strip 4 lines deep across
            # 8 columns is a strip however deep the photo is
            per_col = {}
            for l in ls:
                if l["kind"] in PARA_KINDS or l["kind"] == "byline":
                    c = col_of(pg, l["rect"])
                    per_col[c] = per_col.get(c, 0) + 1
            tcols = len(per_col)
            tdepth = max(per_col.values()) if per_col else 0
            tlim = (LIMITS["strip5_depth"] if tcols >= LIMITS["strip5_cols"] else
                    LIMITS["strip4_depth"] if tcols >= LIMITS["strip4_cols"] else 0)
            if depth < lim - EPS:
                strips.fault(n, m["article"], f"{len(cols)} columns, {depth:.1f} "
                             f"lines deep under its head (< {lim})")
                strips.pages[n] = strips.pages.get(n, 0) + 1
            elif tdepth < tlim:
                strips.fault(n, m["article"], f"its text {tdepth} lines deep across "
                             f"{tcols} columns (< {tlim})")
                strips.pages[n] = strips.pages.get(n, 0) + 1
            # a leg of text under a picture a line or two deep, the story then
            # going on up beside the picture
            for im in images_in(pg, m):
                ib = im["rect"][1] + im["rect"][3]
                icols = columns_of(pg, im["rect"][0], im["rect"][0] + im["rect"][2])
                leg = {}
                for l in ls:
                    if l["kind"] in PARA_KINDS or l["kind"] == "byline":
                        c = col_of(pg, l["rect"])
                        if c in icols and l["rect"][1] >= ib - EPS:
                            leg[c] = leg.get(c, 0) + 1
                if leg and max(leg.values()) < LIMITS["leg_lines"] and \
                        len(per_col) > len(leg):
                    strips.fault(n, m["article"], f"a leg of text {max(leg.values())} "
                                 f"lines deep under its picture across {len(leg)} "
                                 "columns")
                    strips.pages[n] = strips.pages.get(n, 0) + 1
            # empty columns
            stuff = [l["rect"] for l in ls] + [b["rect"] for b in images_in(pg, m)]
            for c in cols:
                cx = pg["column_x"][c]
                if not any(columns_of(pg, r[0], r[0] + r[2]).count(c) and
                           (r[1] + r[3] > zb + EPS or len(cols) == 1)
                           for r in stuff):
                    empty.fault(n, m["article"], f"page column {c + 1} empty below the head "
                                f"(module of {len(cols)} columns at x {x:.0f})")
                    empty.pages[n] = empty.pages.get(n, 0) + 1
            # headline zone share and white around the head
            if heads and h > 0:
                s = (zb - y) / h
                worst_share = max(worst_share, s)
                if s >= LIMITS["head_zone_share"] and depth > 0:
                    share.fault(n, m["article"], f"headline zone {s:.0%} of the module")
                    share.pages[n] = share.pages.get(n, 0) + 1
                hl = sorted((l for l in heads if l["kind"] == "headline"),
                            key=lambda l: l["rect"][1])
                if hl:
                    # white around the headline: from what stands above it
                    # (the module top, a label, a kicker) to its ink, and from
                    # its ink to what stands below (a subhead, the text)
                    size = max(l["size"] for l in hl)
                    ink_top = hl[0]["baseline"] - 0.88 * hl[0]["size"]
                    ink_bot = hl[-1]["baseline"] + 0.12 * hl[-1]["size"]
                    up = [y] + [l["baseline"] + 0.12 * l["size"] for l in heads
                                if l["kind"] != "headline" and l["baseline"] < ink_top]
                    down = [zb] + [l["baseline"] - 0.88 * l["size"] for l in heads
                                   if l["kind"] != "headline" and l["baseline"] > ink_bot]
                    above = (ink_top - max(up)) / size
                    below = (min(down) - ink_bot) / size
                    worst_white = max(worst_white, above, below)
                    white.pages[n] = round(max(white.pages.get(n, 0), above, below), 2)
                    if max(above, below) > LIMITS["head_white"]:
                        white.fault(n, m["article"],
                                    f"{size:g} pt head: {above:.1f} lines of white "
                                    f"above, {below:.1f} below ({ink_top - max(up):.0f} "
                                    f"pt, {min(down) - ink_bot:.0f} pt)")
        # frames that hug their content
        for fr in (b for b in pg["boxes"] if b["kind"] == "frame"):
            inner = [l for l in pg["lines"] if inside(l["rect"], fr["rect"], 1)]
            if not inner or all(l["kind"] == "section" for l in inner):
                continue               # a label's frame
            # the frame's grid cells (its columns x its rows) that carry a
            # line or a picture, as the page's fill counts them: white under
            # a short column or a stretched title zone is empty, the gutters
            # and the inset are the frame's design (a title or label line
            # fills its rows across the frame)
            fx, fy, fw, fh = fr["rect"]
            fcols = columns_of(pg, fx, fx + fw)
            nrows = max(1, int(round(fh / pitch)))
            cells = set()
            imgs = [b["rect"] for b in pg["boxes"]
                    if b["kind"] == "image" and inside(b["rect"], fr["rect"], 1)]
            for r, across in [(l["rect"], l["kind"] in HEADER_KINDS)
                              for l in inner] + [(b, False) for b in imgs]:
                cs = fcols if across else columns_of(pg, r[0], r[0] + r[2])
                for k in range(nrows):
                    top = fy + k * pitch
                    cover = min(r[1] + r[3], top + pitch) - max(r[1], top)
                    if cover >= min(pitch, r[3]) / 2 - EPS:
                        cells.update((c, k) for c in cs if c in fcols)
            area = len(fcols) * nrows
            f = len(cells) / area if area else 1
            worst_frame = min(worst_frame, f)
            ffill.pages[n] = round(min(ffill.pages.get(n, 1), f), 3)
            if f < LIMITS["frame_fill"]:
                ids = sorted({l["article"] for l in inner if l["article"]})
                ffill.fault(n, ",".join(ids[:3]), f"frame {fr['rect'][2]:.0f}x"
                            f"{fr['rect'][3]:.0f} pt, text {f:.0%} of it")
    strips.value, empty.value = len(strips.faults), len(empty.faults)
    share.value = round(worst_share, 3)
    white.value = round(worst_white, 2)
    ffill.value = round(worst_frame, 3)
    ffill.na = not ffill.pages


def rule_commentary(doc, arts, R):
    """A commentary (评论, 短评, ...) sits in a frame (3.)."""
    r = R["commentary_frame"]
    seen = 0
    for pg in doc["pages"]:
        frames = [b["rect"] for b in pg["boxes"] if b["kind"] == "frame"]
        for m in modules(pg):
            a = arts.get(m["article"])
            if not a or not a.commentary():
                continue
            seen += 1
            if not any(inside(m["rect"], f, 2) for f in frames):
                r.fault(pg["number"], m["article"], "a commentary set without a frame")
    r.value = len(r.faults)
    r.na = not seen


def rule_heads(doc, arts, scale, declared, R):
    off, rank, sub = R["head_scale"], R["head_rank"], R["kicker_rank"]
    insub = R["subheading_size"]
    sizes = set()
    worst_gap = None
    for pg in doc["pages"]:
        n = pg["number"]
        head = {}
        kick = {}
        for l in pg["lines"]:
            if not l["article"]:
                continue
            if l["kind"] == "headline":
                sizes.add(l["size"])
                head[l["article"]] = max(head.get(l["article"], 0), l["size"])
                if step_of(scale, l["size"]) is None:
                    off.fault(n, l["article"], f"headline at {l['size']:g} pt, off the "
                              f"scale {' '.join(f'{s:g}' for s in scale)}")
            elif l["kind"] in ("kicker", "subhead"):
                kick.setdefault(l["article"], []).append(l)
            elif l["kind"] == "subheading" and abs(l["size"] - pg["body_size"]) > 0.01:
                insub.fault(n, l["article"], f"in-article subhead at {l['size']:g} pt, "
                            f"body is {pg['body_size']:g}")
        off.pages[n] = len({s for s in head.values()})
        # 头条: role lead printed on this page, else the article with most
        # body lines among those whose module starts highest; a page of
        # briefs alone (their box's items) has none to rank
        stories = [a for a in head if not (arts.get(a) and arts[a].kind == "brief")]
        if len(head) >= 2 and stories:
            leads = [a for a in head if arts.get(a) and arts[a].role == "lead"
                     and arts[a].page == n]
            lead = leads[0] if leads else max(head, key=head.get)
            others = [s for a, s in head.items() if a != lead]
            ls, lo = step_near(scale, head[lead]), step_near(scale, max(others))
            gap = lo - ls
            rank.pages[n] = gap
            worst_gap = gap if worst_gap is None else min(worst_gap, gap)
            if gap < LIMITS["lead_steps"]:
                big = [a for a, s in head.items() if a != lead and s >= head[lead] - 0.01]
                rank.fault(n, lead, f"头条 at {head[lead]:g} pt is {gap} steps above "
                           f"the next head ({max(others):g} pt"
                           f"{', ' + ', '.join(big[:4]) if big else ''})")
        for a, ks in kick.items():
            if a not in head:
                continue
            for k in ks:
                d = step_near(scale, head[a]) - step_near(scale, k["size"])
                if -d < LIMITS["kicker_steps"] or k["size"] >= head[a]:
                    sub.fault(n, a, f"{k['kind']} {k['size']:g} pt only {-d} steps "
                              f"below its {head[a]:g} pt headline")
    off.value = len(sizes)
    off.target = f"every head on the scale ({'declared' if declared else 'layout styles'}: "\
                 f"{' '.join(f'{s:g}' for s in scale)})"
    rank.value = worst_gap
    rank.na = worst_gap is None
    sub.value = len(sub.faults)
    insub.value = len(insub.faults)


def article_runs(doc):
    """article -> its text lines in reading order as (page, line)."""
    runs = {}
    for pg in doc["pages"]:
        for l in pg["lines"]:
            if l["article"] and l["kind"] in PARA_KINDS:
                runs.setdefault(l["article"], []).append((pg, l))
    return runs


def rule_jumps(doc, arts, R):
    r = R["early_jumps"]
    runs = article_runs(doc)
    worst = None
    for pg in doc["pages"]:
        for l in pg["lines"]:
            if l["kind"] != "jump" or "下转" not in l["text"]:
                continue
            aid = l["article"]
            seq = runs.get(aid, [])
            # a third of the story on its first page; a continuation that
            # jumps again keeps a third of what reached it (and 15 lines)
            before = sum(1 for p, _ in seq if p["number"] < pg["number"])
            total = len(seq) - before
            here = sum(1 for p, _ in seq if p["number"] == pg["number"])
            a = arts.get(aid)
            share = here / total if total else 0
            worst = share if worst is None else min(worst, share)
            r.pages[pg["number"]] = r.pages.get(pg["number"], 0) + 1
            if a and a.no_jump():
                r.fault(pg["number"], aid, f"a {a.kind if a.kind == 'brief' else 'commentary/essay'}"
                        f" jumped ({here} of {total} lines here)")
            if share < LIMITS["jump_share"] - 1e-9 or here < LIMITS["jump_lines"]:
                r.fault(pg["number"], aid, f"jumped after {here} of {total} body lines "
                        f"{'left ' if before else ''}({share:.0%})")
            t = l.get("link_page")
            cont = sum(1 for p, _ in seq if p["number"] == t)
            if t and cont < LIMITS["cont_lines"]:
                r.fault(t, aid, f"continuation of {cont} lines")
    r.value = len(r.faults)
    r.na = worst is None


def split_paragraphs(arts, runs):
    """Tag each body line with (paragraph index, first, last) by matching the
    line texts against the source paragraphs.  Returns article -> list of
    (page, line, para, first, last); unmatched lines get para None."""
    out = {}
    for aid, seq in runs.items():
        if seq and all("para" in l for _, l in seq):
            # the dump says it: "para" (index of the block in the article),
            # "first" / "last" (the paragraph's first / last line)
            out[aid] = [(pg, l, l["para"], bool(l.get("first")), bool(l.get("last")))
                        for pg, l in seq]
            continue
        a = arts.get(aid)
        paras = [squash(p) for p in (a.paragraphs if a else [])]
        paras = [p for p in paras if p]
        if any("\x00" in p for p in paras):   # refs: the pages as printed
            pages = iter(re.findall(r"详见第(\d+)版", "".join(squash(l["text"])
                                                          for _, l in seq)))
            paras = [re.sub("\x00", lambda m: next(pages, "?"), p) for p in paras]
        k, off = 0, 0
        tagged = []
        for pg, l in seq:
            s = squash(l["text"])
            pos = -1
            if k < len(paras):
                rest = paras[k][off:]
                if rest.startswith(s):
                    pos = 0
                elif rest and s.startswith(rest):  # an editor code after it
                    pos, s = 0, rest
                else:                      # a byline run in before it
                    for j in range(1, len(s)):
                        if rest.startswith(s[j:]):
                            pos, s = 0, s[j:]
                            break
            if pos < 0:                    # resync on a later paragraph
                for kk in range(k, len(paras)):
                    p0 = paras[kk].find(s) if s else -1
                    if p0 >= 0:
                        k, off, pos = kk, p0, 0
                        break
            if pos < 0 and k == 0 and off == 0 and re.match(BYLINE, s):
                continue                   # a byline set as a body line
            if pos < 0:
                tagged.append((pg, l, None, False, False))
                continue
            first = off == 0
            off += len(s)
            last = off >= len(paras[k])
            tagged.append((pg, l, k, first, last))
            if last:
                k, off = k + 1, 0
        out[aid] = tagged
    return out


def rule_widows(doc, arts, R):
    r = R["widows_orphans"]
    tagged = split_paragraphs(arts, article_runs(doc))
    unmatched = 0
    nw = no = 0
    for aid, seq in tagged.items():
        unmatched += sum(1 for t in seq if t[2] is None)
        for i, (pg, l, k, first, last) in enumerate(seq):
            if k is None:
                continue
            prev = seq[i - 1] if i else None
            nxt = seq[i + 1] if i + 1 < len(seq) else None

            def brk(a, b):
                # another page, another page column or higher up: a column
                # break (the lines of a centred subheading start at
                # different x in one column)
                return (a[0]["number"] != b[0]["number"] or
                        col_of(a[0], a[1]["rect"]) != col_of(b[0], b[1]["rect"]) or
                        b[1]["rect"][1] < a[1]["rect"][1] - EPS)
            if last and not first and prev and brk(prev, (pg, l)):
                nw += 1
                r.fault(pg["number"], aid, f"widow: last line '{l['text'][:14]}' alone "
                        "at a column top")
                r.pages[pg["number"]] = r.pages.get(pg["number"], 0) + 1
            if first and not last and nxt and brk((pg, l), nxt):
                no += 1
                r.fault(pg["number"], aid, f"orphan: first line '{l['text'][:14]}' "
                        "alone at a column foot")
                r.pages[pg["number"]] = r.pages.get(pg["number"], 0) + 1
    r.value = {"widows": nw, "orphans": no, "lines_unmatched": unmatched}
    if unmatched:
        r.fault(None, None, f"{unmatched} body lines not matched to a source "
                "paragraph (checked without them)")


def rule_pagelist(doc, pdf, epub, R):
    r = R["page_list"]
    n_pdf = pdf_pages(pdf) if pdf else None
    pl, breaks = epub_page_list(epub) if epub else (None, {})
    last_doc = breaks.pop(None, None)
    r.value = {"pdf": n_pdf, "dump": len(doc["pages"]),
               "epub_page_list": len(pl) if pl is not None else None,
               "epub_pagebreaks": len(breaks)}
    r.na = pdf is None or epub is None
    if n_pdf is not None and n_pdf != len(doc["pages"]):
        r.fault(None, None, f"PDF has {n_pdf} pages, the layout {len(doc['pages'])}")
    if pl is not None and n_pdf is not None:
        want = [str(i) for i in range(1, n_pdf + 1)]
        if pl != want:
            r.fault(None, None, f"EPUB page-list {pl[:12]} for {n_pdf} PDF pages")
        if sorted(breaks, key=lambda t: (len(t), t)) != want:
            r.fault(None, None, f"EPUB pagebreaks {sorted(breaks)[:12]} for {n_pdf} "
                    "PDF pages")
        # each marker in an article printed on that page of the PDF - but
        # a page that only continues stories begun on earlier pages has no
        # place of its own in the reading order (the page-list must follow
        # the spine: EPUBCheck NAV-011), so its marker may close the
        # reading order's last article
        seen = set()
        for pg in doc["pages"]:
            t = str(pg["number"])
            here = {o["article"] for o in pg["outline"]}
            only_cont = here and here <= seen
            seen |= here
            if only_cont and breaks.get(t) == last_doc:
                continue
            if t in breaks and here and breaks[t] and breaks[t] not in here:
                r.fault(pg["number"], breaks[t], f"EPUB pagebreak {t} in "
                        f"'{breaks[t]}', not printed on PDF page {t}")


def rule_fill(doc, fills, stderr, R):
    r, wr = R["fill"], R["underfull_warned"]
    n = len(fills)
    # too little text: the pages cannot all be full; the last page may stay
    # under 60 % when the text is not there
    sparse = sum(fills) < (n - 1) * LIMITS["fill_page"]
    last_allowed = sum(fills) >= (n - 1) * LIMITS["fill_page"] + LIMITS["fill_last"]
    warns = [l for l in stderr.splitlines() if "warning" in l and
             re.search(r"full|%|lack|short|characters|满|字", l)]
    for pg, f in zip(doc["pages"], fills):
        k = pg["number"]
        r.pages[k] = round(f, 3)
        last = k == doc["pages"][-1]["number"]
        want = LIMITS["fill_last"] if last else LIMITS["fill_page"]
        if f < want and not sparse and (not last or last_allowed):
            r.fault(k, None, f"filled {f:.1%} (< {want:.0%})")
        if f < LIMITS["fill_warn"]:
            wr.pages[k] = round(f, 3)
            if not any(re.search(rf"\bpage {k}\b", w) for w in warns):
                wr.fault(k, None, f"filled {f:.1%}, no warning names page {k}")
    r.value = {"min_not_last": round(min(fills[:-1]), 3) if n > 1 else None,
               "last": round(fills[-1], 3), "sparse_edition": sparse,
               "under_90": [p["number"] for p, f in zip(doc["pages"], fills)
                            if f < LIMITS["fill_warn"]]}
    wr.value = len(wr.faults)


def rule_furniture(doc, arts, issue, R):
    rh, p1 = R["running_head"], R["page_one"]
    first, _ = first_pages(doc)
    for pg in doc["pages"]:
        n = pg["number"]
        heads = [l["text"] for l in pg["lines"] if l["kind"] == "running_head"]
        mast = [l for l in pg["lines"] if l["kind"] == "masthead"]
        if n == 1 and mast:
            top = min(l["rect"][1] for l in mast)
            if any(l["kind"] == "running_head" and l["rect"][1] < top
                   for l in pg["lines"]):
                p1.fault(1, None, "a running head above the masthead")
            if issue and not any(squash(issue).strip("第期号") in squash(l["text"])
                                 for l in mast):
                p1.fault(1, None, f"the masthead does not carry the issue '{issue}'")
            continue
        if not heads:
            continue
        # the sections of the stories that open on this page, else of any here
        here = [a for a, p in first.items() if p == n and a in arts]
        if not here:
            here = [l["article"] for l in pg["lines"] if l["article"] in arts]
        secs = {arts[a].section for a in here if arts[a].section}
        if secs and not any(sec in t for sec in secs for t in heads):
            rh.fault(n, None, f"running head '{' '.join(heads)[-24:]}' names none of "
                     f"the sections of its stories ({', '.join(sorted(secs))})")
    rh.value, p1.value = len(rh.faults), len(p1.faults)
    p1.na = not any(l["kind"] == "masthead" for l in doc["pages"][0]["lines"])


RULES = [
    ("geometry", "no overlaps, lines in the type area, on the grid, jumps linked",
     "0 problems"),
    ("image_distortion", "PDF images: x-ppi vs y-ppi (pdfimages -list), worst %",
     "x-ppi = y-ppi (1 ppi rounding)"),
    ("image_crop", "most of a picture cut away to fit its box (box aspect vs "
     "the file's pixel aspect), %", "<= 20 %"),
    ("image_ppi", "lowest effective ppi of a placed image",
     ">= 150 ppi, or build warns naming the image and page"),
    ("off_page", "stories whose first module is not on the page edition.xml gives",
     "0 moved without a warning naming it"),
    ("pages_added", "pages beyond the edition's", "0"),
    ("shallow_strips", "modules (or their text) >= 5 columns < 15 lines deep, "
     ">= 4 columns < 8; legs of text < 3 lines under a picture", "0"),
    ("frame_fill", "worst frame: share of its grid cells with text", ">= 80 %"),
    ("empty_columns", "module columns with no line or image below the head", "0"),
    ("commentary_frame", "commentaries (评论, 短评, ...) not in a frame", "0"),
    ("head_scale", "distinct headline sizes; every head on the scale", "on the scale"),
    ("head_rank", "worst page: steps from the 头条 to the next biggest head",
     ">= 1 step on every page"),
    ("kicker_rank", "kickers/subheads < 2 steps below their headline", "0"),
    ("subheading_size", "in-article subheads not at body size", "0"),
    ("head_zone", "largest headline-zone share of a module", "< 40 %"),
    ("head_white", "most white above/below a head, in lines of its size",
     "<= 1.5 lines"),
    ("early_jumps", "jumps with < 1/3 or < 15 lines on the first page, "
     "commentary/brief jumps, continuations < 6 lines", "0"),
    ("widows_orphans", "paragraph last line at a column top, first at a foot", "0"),
    ("page_list", "EPUB page-list vs PDF pages", "equal"),
    ("running_head", "pages whose running head names none of its stories' "
     "sections", "0"),
    ("page_one", "page 1: a running head above the masthead, the issue missing "
     "from its ears", "0"),
    ("fill", "fill per page: all but the last >= 97 %, the last >= 60 %",
     "at target (sparse editions: see underfull_warned)"),
    ("underfull_warned", "pages < 90 % full that no build warning names", "0"),
]


def measure(doc, fills, geometry_problems, edition, banmian, layout_file,
            pdf=None, epub=None, stderr=""):
    R = {name: Rule(name, what, target) for name, what, target in RULES}
    R["geometry"].value = len(geometry_problems)
    for p in geometry_problems:
        R["geometry"].fault(None, None, p)
    arts = read_edition(edition, banmian)
    scale, declared = layout_scale(layout_file)
    edition_dir = edition if isinstance(edition, str) else None
    rule_images(doc, edition_dir, pdf, stderr, R)
    rule_assigned(doc, arts, stderr, R)
    rule_modules(doc, R)
    rule_heads(doc, arts, scale, declared, R)
    rule_commentary(doc, arts, R)
    rule_jumps(doc, arts, R)
    rule_widows(doc, arts, R)
    rule_pagelist(doc, pdf, epub, R)
    rule_furniture(doc, arts, edition_issue(edition), R)
    rule_fill(doc, fills, stderr, R)
    return R


def table(name, doc, R):
    """A per-page table (one row per page) and one row per rule."""
    out = []
    cols = ["fill", "shallow_strips", "empty_columns", "frame_fill", "head_scale",
            "head_rank", "head_white", "head_zone", "widows_orphans", "off_page",
            "image_distortion"]
    short = ["fill", "strips", "emptycol", "frame", "sizes", "rank", "white",
             "zone", "wid/orph", "moved", "stretch%"]
    out.append(f"== {name}: {len(doc['pages'])} pages")
    out.append("  page " + " ".join(f"{s:>8}" for s in short))
    for pg in doc["pages"]:
        k = pg["number"]
        row = []
        for c in cols:
            v = R[c].pages.get(k, "")
            if c == "head_zone":
                v = sum(1 for f in R[c].faults if f["page"] == k) or ""
            row.append(f"{v!s:>8}")
        out.append(f"  {k:>4} " + " ".join(row))
    for rname, r in R.items():
        flag = "n/a " if r.na and r.ok() else ("ok  " if r.ok() else "FAIL")
        v = json.dumps(r.value, ensure_ascii=False)
        out.append(f"  {flag} {rname:<17} {v:<40} target {r.target}")
        for f in r.faults[:6]:
            where = f"p{f['page']}" if f["page"] else "-"
            out.append(f"         {where} {f['article'] or ''}: {f['what']}")
        if len(r.faults) > 6:
            out.append(f"         ... {len(r.faults) - 6} more")
    return "\n".join(out)
