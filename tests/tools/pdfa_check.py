"""pdfa_check.py [--links-optional] PDF - the PDF/A-2u rules banmian keeps,
checked with pikepdf.

Prints one line per broken rule and exits 1 if there is any; used by
tests/e2e/pdfa.sh.  What it checks (ISO 19005-2, PDF/A-2u):
  - header %PDF-1.x and a binary comment; no /Encrypt; trailer /ID of two
    16-byte strings; catalog /Lang;
  - one /GTS_PDFA1 output intent whose DestOutputProfile is an RGB ICC
    profile stream with /N 3;
  - an unfiltered /Subtype /XML metadata stream whose XMP declares
    pdfaid:part 2 and pdfaid:conformance U, and whose dc:title,
    dc:creator, xmp:CreatorTool, pdf:Producer and dates equal the Info
    dictionary's;
  - every font a Type0 font with an embedded font file and a ToUnicode
    CMap of CMapType 2 that maps every code shown, none of them code 0
    (.notdef), none to U+0000, U+FEFF or U+FFFE, and no CID mapped to
    glyph 0 by a CIDToGIDMap; the width of every glyph shown (W, DW)
    within 1/1000 em of its advance in the embedded font (fontTools);
  - every annotation printable (/F 4, not hidden), at least one Link (the
    examples have jump lines; --links-optional: a page file of the archive
    folder, which may have none);
  - images in DeviceRGB or DeviceGray (or a palette over one), with no
    /SMask or /Mask; no
    transparency in graphics states, no page groups.
"""
import re
import sys
import xml.etree.ElementTree as ET
from datetime import datetime

import functools
import io

import pikepdf
from fontTools.cffLib import CFFFontSet
from fontTools.pens.basePen import NullPen
from fontTools.ttLib import TTFont
from pikepdf import Name

errors = []


def bad(msg):
    errors.append(msg)


def pdf_string(obj):
    """A PDF text string (UTF-16BE with BOM or PDFDocEncoding) as str."""
    raw = bytes(obj)
    if raw.startswith(b"\xfe\xff"):
        return raw[2:].decode("utf-16-be")
    return str(obj)


def info_date(d):
    """D:YYYYMMDDHHmmSS[Z|+HH'mm'] as a datetime (None if malformed)."""
    m = re.fullmatch(r"D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(.*)", d)
    if not m:
        return None
    y, mo, da, h, mi, s, tz = m.groups()
    tz = tz.replace("'", "")
    if tz in ("Z", "Z0000", "Z00"):
        tz = "+0000"
    if not re.fullmatch(r"[+-]\d{4}", tz):
        return None
    return datetime.fromisoformat(f"{y}-{mo}-{da}T{h}:{mi}:{s}{tz[:3]}:{tz[3:]}")


def xmp_date(v):
    try:
        return datetime.fromisoformat(v.replace("Z", "+00:00")) if v else None
    except ValueError:
        return None


def parse_tounicode(data):
    """code -> text, from bfchar and bfrange blocks."""
    text = data.decode("latin-1")
    out = {}
    hexs = r"<([0-9A-Fa-f]+)>"
    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for src, dst in re.findall(hexs + r"\s*" + hexs, block):
            out[int(src, 16)] = bytes.fromhex(dst).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for lo, hi, dst in re.findall(hexs + r"\s*" + hexs + r"\s*" + hexs, block):
            lo, hi = int(lo, 16), int(hi, 16)
            if (lo >> 8) != (hi >> 8):
                bad(f"ToUnicode bfrange <{lo:04X}> <{hi:04X}> crosses a first byte")
            base = bytes.fromhex(dst)
            for k in range(hi - lo + 1):
                v = bytearray(base)
                v[-1] += k
                out[lo + k] = bytes(v).decode("utf-16-be")
    return out, text


def dict_widths(desc):
    """CID -> width from /W, and /DW (default 1000)."""
    w, out = list(desc.get("/W", [])), {}
    i = 0
    while i < len(w):
        first = int(w[i])
        if isinstance(w[i + 1], pikepdf.Array):
            for k, v in enumerate(w[i + 1]):
                out[first + k] = float(v)
            i += 2
        else:
            for c in range(first, int(w[i + 1]) + 1):
                out[c] = float(w[i + 2])
            i += 3
    return out, float(desc.get("/DW", 1000))


def program_widths(fd, c2g):
    """A function CID -> advance in 1/1000 em, from the embedded program."""
    if "/FontFile2" in fd:
        tt = TTFont(io.BytesIO(fd.FontFile2.read_bytes()))
        upem, hmtx, order = tt["head"].unitsPerEm, tt["hmtx"], tt.getGlyphOrder()

        @functools.lru_cache(maxsize=None)
        def adv(cid):
            gid = cid if c2g is None else c2g[2 * cid] << 8 | c2g[2 * cid + 1]
            return hmtx[order[gid]][0] * 1000.0 / upem
        return adv
    cff = CFFFontSet()
    cff.decompile(io.BytesIO(fd.FontFile3.read_bytes()), None)
    top = cff[cff.fontNames[0]]
    scale = float(top.FontMatrix[0]) * 1000 if hasattr(top, "FontMatrix") else 1.0
    keyed = hasattr(top, "ROS")
    charset = top.charset
    by_cid = {}
    if keyed:
        for gid, name in enumerate(charset):
            by_cid[0 if name == ".notdef" else int(name[3:])] = name

    @functools.lru_cache(maxsize=None)
    def adv(cid):
        name = by_cid[cid] if keyed else charset[cid]
        cs = top.CharStrings[name]
        cs.draw(NullPen())
        return cs.width * scale
    return adv


def check_fonts(pdf):
    fonts = {}  # objgen -> (tounicode map, cidtogid bytes or None)
    for pno, page in enumerate(pdf.pages, 1):
        res = page.obj.get("/Resources", {})
        fdict = res.get("/Font", {})
        for fname, font in fdict.items():
            key = font.objgen
            if key in fonts:
                continue
            if font.get("/Subtype") != Name.Type0:
                bad(f"page {pno} font {fname}: {font.get('/Subtype')}, not Type0")
                fonts[key] = ({}, None, str(fname), ({}, 1000.0), None)
                continue
            desc = font.DescendantFonts[0]
            fd = desc.get("/FontDescriptor")
            if fd is None or not any(k in fd for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                bad(f"font {font.BaseFont}: not embedded")
            tu = font.get("/ToUnicode")
            cmap = {}
            if tu is None:
                bad(f"font {font.BaseFont}: no ToUnicode")
            else:
                cmap, text = parse_tounicode(tu.read_bytes())
                if not re.search(r"/CMapType\s+2\b", text):
                    bad(f"font {font.BaseFont}: ToUnicode is not CMapType 2")
                for code, t in cmap.items():
                    if not t or any(ch in "\u0000\ufeff\ufffe" for ch in t):
                        bad(f"font {font.BaseFont}: code {code:04X} maps to {t!r}")
            c2g = desc.get("/CIDToGIDMap")
            c2g = c2g.read_bytes() if isinstance(c2g, pikepdf.Stream) else None
            widths = dict_widths(desc)
            try:
                advance = program_widths(fd, c2g)
            except Exception as e:  # a font fontTools cannot read
                bad(f"font {font.BaseFont}: cannot read its font program: {e}")
                advance = None
            fonts[key] = (cmap, c2g, str(font.BaseFont), widths, advance)
    return fonts


def check_text(pdf, fonts):
    shown = 0
    seen_w = set()
    for pno, page in enumerate(pdf.pages, 1):
        fdict = page.obj.get("/Resources", {}).get("/Font", {})
        cur = None
        for operands, op in pikepdf.parse_content_stream(page):
            op = str(op)
            if op == "Tf":
                cur = fonts.get(fdict[operands[0]].objgen)
                continue
            if op not in ("Tj", "TJ", "'", '"'):
                continue
            strings = []
            for o in operands:
                if isinstance(o, pikepdf.Array):
                    strings += [x for x in o if isinstance(x, pikepdf.String)]
                elif isinstance(o, pikepdf.String):
                    strings.append(o)
            for s in strings:
                raw = bytes(s)
                for i in range(0, len(raw) - 1, 2):
                    code = raw[i] << 8 | raw[i + 1]
                    shown += 1
                    cmap, c2g, name, (widths, dw), advance = cur
                    if code == 0:
                        bad(f"page {pno}: {name} shows code 0 (.notdef)")
                    if advance is not None:
                        want = widths.get(code, dw)
                        try:
                            got = advance(code)
                        except (KeyError, IndexError):
                            got = None
                        if got is None:
                            bad(f"page {pno}: {name} CID {code} is not in the font program")
                        elif abs(got - want) > 1 and (name, code) not in seen_w:
                            seen_w.add((name, code))
                            bad(f"page {pno}: {name} CID {code} width {want:g} in the PDF, "
                                f"{got:g} in the font program")
                    if code not in cmap:
                        bad(f"page {pno}: {name} code {code:04X} has no ToUnicode entry")
                    if c2g is not None and (2 * code + 1 >= len(c2g) or
                                            c2g[2 * code] << 8 | c2g[2 * code + 1] == 0):
                        bad(f"page {pno}: {name} CID {code} maps to glyph 0")
    if shown == 0:
        bad("no text shown at all")


def check_xmp(pdf):
    meta = pdf.Root.get("/Metadata")
    if meta is None:
        bad("no /Metadata")
        return
    if meta.get("/Subtype") != Name.XML or meta.get("/Type") != Name.Metadata:
        bad("metadata stream is not /Type /Metadata /Subtype /XML")
    if "/Filter" in meta:
        bad("metadata stream is filtered")
    data = meta.read_bytes()
    if not data.startswith(b"<?xpacket begin="):
        bad("XMP has no xpacket header")
    root = ET.fromstring(data)
    ns = {
        "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "dc": "http://purl.org/dc/elements/1.1/",
        "xmp": "http://ns.adobe.com/xap/1.0/",
        "pdf": "http://ns.adobe.com/pdf/1.3/",
        "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    }

    def one(path):
        el = root.find(".//" + path, ns)
        return el.text if el is not None else None

    if one("pdfaid:part") != "2":
        bad(f"pdfaid:part is {one('pdfaid:part')!r}, not 2")
    if one("pdfaid:conformance") != "U":
        bad(f"pdfaid:conformance is {one('pdfaid:conformance')!r}, not U")
    info = pdf.trailer.get("/Info")
    if info is None:
        bad("no Info dictionary")
        return
    pairs = [("/Title", "dc:title/rdf:Alt/rdf:li"),
             ("/Author", "dc:creator/rdf:Seq/rdf:li"),
             ("/Creator", "xmp:CreatorTool"),
             ("/Producer", "pdf:Producer")]
    for key, path in pairs:
        iv = pdf_string(info[key]) if key in info else None
        xv = one(path)
        if iv != xv:
            bad(f"Info {key} {iv!r} != XMP {path} {xv!r}")
    if "/Title" not in info:
        bad("no Info /Title")
    for key, path in [("/CreationDate", "xmp:CreateDate"), ("/ModDate", "xmp:ModifyDate")]:
        iv = info_date(str(info[key])) if key in info else None
        if iv is None or iv != xmp_date(one(path)):
            bad(f"Info {key} {iv!r} != XMP {path} {one(path)!r}")


def check_document(pdf, path):
    head = open(path, "rb").read(32)
    if not re.match(rb"%PDF-1\.[0-7]\r?\n%[\x80-\xff]{4}", head):
        bad(f"header {head[:16]!r}: no %PDF-1.x line with a binary comment")
    if pdf.is_encrypted or "/Encrypt" in pdf.trailer:
        bad("encrypted")
    ids = pdf.trailer.get("/ID")
    if ids is None or len(ids) != 2 or any(len(bytes(x)) != 16 for x in ids):
        bad(f"trailer /ID missing or malformed: {ids!r}")
    if str(pdf.Root.get("/Lang", "")) != "zh-CN":
        bad(f"catalog /Lang is {pdf.Root.get('/Lang')!r}")
    ois = pdf.Root.get("/OutputIntents")
    if ois is None or len(ois) != 1:
        bad("expected exactly one output intent")
        return
    oi = ois[0]
    if oi.get("/S") != Name.GTS_PDFA1 or oi.get("/Type") != Name.OutputIntent:
        bad(f"output intent /S {oi.get('/S')}")
    if str(oi.get("/OutputConditionIdentifier", "")) != "sRGB IEC61966-2.1":
        bad("output condition is not sRGB IEC61966-2.1")
    prof = oi.get("/DestOutputProfile")
    if not isinstance(prof, pikepdf.Stream):
        bad("no DestOutputProfile stream")
        return
    if prof.get("/N") != 3:
        bad(f"ICC profile /N {prof.get('/N')}, not 3")
    icc = prof.read_bytes()
    if len(icc) < 128 or icc[36:40] != b"acsp" or icc[16:20] != b"RGB " \
            or int.from_bytes(icc[:4], "big") != len(icc) or icc[8] > 4:
        bad("DestOutputProfile is not an RGB ICC profile (v2 or v4)")


def check_annots_images(pdf, links_required=True):
    links = 0
    for pno, page in enumerate(pdf.pages, 1):
        if "/Group" in page.obj:
            bad(f"page {pno} has a transparency group")
        for a in page.obj.get("/Annots", []):
            f = int(a.get("/F", 0))
            if not f & 4 or f & (1 | 2 | 32):
                bad(f"page {pno}: {a.get('/Subtype')} annotation /F {f}")
            links += a.get("/Subtype") == Name.Link
        res = page.obj.get("/Resources", {})
        for name, x in res.get("/XObject", {}).items():
            if x.get("/Subtype") != Name.Image:
                continue
            cs = x.get("/ColorSpace")
            # a palette over a device space the output intent covers
            if isinstance(cs, pikepdf.Array) and len(cs) == 4 and cs[0] == Name.Indexed:
                cs = cs[1]
            if cs not in (Name.DeviceRGB, Name.DeviceGray):
                bad(f"page {pno} image {name}: colour space {cs}")
            for k in ("/SMask", "/Mask"):
                if k in x:
                    bad(f"page {pno} image {name}: has {k}")
        for name, gs in res.get("/ExtGState", {}).items():
            for k in ("/CA", "/ca"):
                if k in gs and float(gs[k]) != 1.0:
                    bad(f"page {pno} graphics state {name}: {k} {gs[k]}")
            if gs.get("/SMask", Name["/None"]) != Name["/None"]:
                bad(f"page {pno} graphics state {name}: soft mask")
            if gs.get("/BM", Name.Normal) not in (Name.Normal, Name.Compatible):
                bad(f"page {pno} graphics state {name}: blend mode {gs['/BM']}")
    if links == 0 and links_required:
        bad("no Link annotation (the example has jump lines)")


def main():
    args = sys.argv[1:]
    optional = "--links-optional" in args
    path = [a for a in args if a != "--links-optional"][0]
    pdf = pikepdf.open(path)
    check_document(pdf, path)
    check_xmp(pdf)
    check_text(pdf, check_fonts(pdf))
    check_annots_images(pdf, not optional)
    for e in errors:
        print(e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
