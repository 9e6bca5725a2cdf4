#!/usr/bin/env python3
"""uacheck.py [--ua] PDF - the machine-checkable rules of a tagged PDF and
of PDF/UA-1 (ISO 14289-1) that banmian's PDFs must keep:

  tagged   catalog /MarkInfo /Marked true, a /StructTreeRoot, a /Lang;
  content  every text, path and image operator of every page is inside a
           marked-content sequence with an MCID or inside an /Artifact
           (UA-1 7.1: "content shall be tagged or marked as artifact");
  parents  every MCID on a page is in the ParentTree under the page's
           /StructParents, and that element lists the MCID on that page;
  compact  no two marked-content sequences in a row (nothing drawn or
           marked between them) belong to one element unless one carries
           /ActualText: each would cost the ParentTree and the element's K
           an entry for nothing (a paragraph's lines are one sequence);
  types    only standard structure types (no role map needed);
  figures  every Figure has a non-empty /Alt (UA-1 7.3);
  headings in each Art the first heading is H1 and none skips a level
           (UA-1 7.4.2);
  links    every Link annotation is in the ParentTree (/StructParent) as a
           Link element that holds it by OBJR, has /Contents, and its page
           has /Tabs /S (UA-1 7.18.1, 7.18.3, 7.18.5);
  --ua     also the identification: XMP pdfuaid:part 1, a dc:title, and
           /ViewerPreferences /DisplayDocTitle true (UA-1 5, 7.1).

Prints what it counted and every violation; exits 1 on any.
"""
import re
import sys

import pikepdf

STANDARD = {
    "Document", "Part", "Art", "Sect", "Div", "BlockQuote", "Caption", "TOC",
    "TOCI", "Index", "NonStruct", "Private", "P", "H", "H1", "H2", "H3", "H4",
    "H5", "H6", "L", "LI", "Lbl", "LBody", "Table", "TR", "TH", "TD", "THead",
    "TBody", "TFoot", "Span", "Quote", "Note", "Reference", "BibEntry",
    "Code", "Link", "Annot", "Ruby", "RB", "RT", "RP", "Warichu", "WT", "WP",
    "Figure", "Formula", "Form",
}
PAINT = {"Tj", "TJ", "'", '"', "f", "F", "f*", "S", "s", "B", "B*", "b",
         "b*", "Do", "sh", "BI", "INLINE IMAGE"}

errors = []


def err(msg):
    errors.append(msg)


def parent_tree(root):
    out = {}

    def walk(node):
        if "/Nums" in node:
            nums = node.Nums
            for i in range(0, len(nums), 2):
                out[int(nums[i])] = nums[i + 1]
        for kid in node.get("/Kids", []):
            walk(kid)
    walk(root.ParentTree)
    return out


def check_content(pdf, pno, page, ptree):
    mcids = []
    stack = []  # (is_mcid, is_artifact)
    covered = lambda: any(m or a for m, a in stack)
    # (mcid, has ActualText, follows the previous MCID sequence with
    # nothing drawn or marked between)
    seqs = []
    between = True  # something since the last MCID sequence closed
    for operands, op in pikepdf.parse_content_stream(page):
        o = str(op)
        if o == "BMC":
            stack.append((False, str(operands[0]) == "/Artifact"))
            between = True
        elif o == "BDC":
            props = operands[1]
            if isinstance(props, pikepdf.Name):
                props = page.Resources.Properties[props]
            has = isinstance(props, pikepdf.Dictionary) and "/MCID" in props
            if has:
                mcids.append(int(props.MCID))
                seqs.append((int(props.MCID), "/ActualText" in props,
                             not between))
            between = True
            stack.append((has, str(operands[0]) == "/Artifact"))
        elif o == "EMC":
            if not stack:
                err("page %d: EMC without BDC" % (pno + 1))
            else:
                m, _ = stack.pop()
                between = not m
        elif o in PAINT:
            between = True
            if not covered():
                err("page %d: '%s' outside any tagged or artifact content"
                    % (pno + 1, o))
    if stack:
        err("page %d: %d marked-content sequences left open"
            % (pno + 1, len(stack)))
    if "/StructParents" not in page.obj:
        if mcids:
            err("page %d: MCIDs but no /StructParents" % (pno + 1))
        return len(mcids)
    arr = ptree.get(int(page.obj.StructParents))
    if arr is None:
        err("page %d: no ParentTree entry" % (pno + 1))
        return len(mcids)
    for m in mcids:
        if m >= len(arr):
            err("page %d: MCID %d not in the ParentTree" % (pno + 1, m))
            continue
        el = arr[m]
        if not has_mcid(el, m, page.obj):
            err("page %d: the element for MCID %d does not list it"
                % (pno + 1, m))
    if len(set(mcids)) != len(mcids):
        err("page %d: an MCID used twice" % (pno + 1))
    for (m0, a0, _), (m1, a1, adjacent) in zip(seqs, seqs[1:]):
        if adjacent and not a0 and not a1 and m0 < len(arr) and \
                m1 < len(arr) and arr[m0].objgen == arr[m1].objgen:
            err("page %d: MCIDs %d and %d in a row for one element (one "
                "sequence would do)" % (pno + 1, m0, m1))
    return len(mcids)


def has_mcid(el, m, pageobj):
    k = el.get("/K")
    kids = k if isinstance(k, pikepdf.Array) else [k]
    epg = el.get("/Pg")
    for x in kids:
        if isinstance(x, int) and int(x) == m and epg is not None and \
                epg.objgen == pageobj.objgen:
            return True
        if isinstance(x, pikepdf.Dictionary) and x.get("/Type") == "/MCR" \
                and int(x.MCID) == m and x.Pg.objgen == pageobj.objgen:
            return True
    return False


def walk_struct(el, counts, arts):
    s = str(el.get("/S", ""))[1:]
    counts[s] = counts.get(s, 0) + 1
    if s not in STANDARD:
        err("structure type %s is not standard" % s)
    if s == "Figure":
        alt = el.get("/Alt")
        if alt is None or not str(alt).strip():
            err("a Figure without /Alt")
    if s == "Art":
        arts.append(el)
    k = el.get("/K")
    kids = k if isinstance(k, pikepdf.Array) else ([k] if k is not None else [])
    for x in kids:
        if isinstance(x, pikepdf.Dictionary) and x.get("/Type") not in \
                ("/MCR", "/OBJR"):
            walk_struct(x, counts, arts)


def headings(art, idx):
    levels = []

    def walk(el):
        s = str(el.get("/S", ""))[1:]
        if re.fullmatch(r"H[1-6]", s):
            levels.append(int(s[1]))
        k = el.get("/K")
        kids = k if isinstance(k, pikepdf.Array) else ([k] if k is not None else [])
        for x in kids:
            if isinstance(x, pikepdf.Dictionary) and x.get("/Type") not in \
                    ("/MCR", "/OBJR"):
                walk(x)
    walk(art)
    prev = 0
    for lv in levels:
        if lv > prev + 1:
            err("Art %d: heading H%d after H%d" % (idx + 1, lv, prev))
        prev = lv


def main():
    args = sys.argv[1:]
    ua = "--ua" in args
    args = [a for a in args if a != "--ua"]
    if len(args) != 1:
        sys.exit(__doc__)
    pdf = pikepdf.open(args[0])
    cat = pdf.Root
    if cat.get("/MarkInfo", {}).get("/Marked") is not True:
        err("catalog: /MarkInfo /Marked is not true")
    if "/Lang" not in cat or not str(cat.Lang):
        err("catalog: no /Lang")
    if "/StructTreeRoot" not in cat:
        err("catalog: no /StructTreeRoot")
        report(0, 0, {}, 0)
    root = cat.StructTreeRoot
    ptree = parent_tree(root)
    nmc = 0
    for pno, page in enumerate(pdf.pages):
        nmc += check_content(pdf, pno, page, ptree)
    counts, arts = {}, []
    k = root.K
    for x in (k if isinstance(k, pikepdf.Array) else [k]):
        walk_struct(x, counts, arts)
    for i, a in enumerate(arts):
        headings(a, i)
    nlinks = 0
    for pno, page in enumerate(pdf.pages):
        for an in page.obj.get("/Annots", []):
            if an.get("/Subtype") != "/Link":
                continue
            nlinks += 1
            if "/StructParent" not in an:
                err("page %d: a link without /StructParent" % (pno + 1))
                continue
            el = ptree.get(int(an.StructParent))
            if el is None or el.get("/S") != "/Link":
                err("page %d: a link's StructParent is not a Link element"
                    % (pno + 1))
            elif not any(isinstance(x, pikepdf.Dictionary) and
                         x.get("/Type") == "/OBJR" and
                         x.Obj.objgen == an.objgen for x in el.K):
                err("page %d: the Link element does not hold its annotation"
                    % (pno + 1))
            if not str(an.get("/Contents", "")).strip():
                err("page %d: a link without /Contents" % (pno + 1))
            if page.obj.get("/Tabs") != "/S":
                err("page %d: annotations but no /Tabs /S" % (pno + 1))
    if ua:
        with pdf.open_metadata() as meta:
            if meta.get("{http://www.aiim.org/pdfua/ns/id/}part") != "1":
                err("XMP: no pdfuaid:part 1")
            if not meta.get("dc:title"):
                err("XMP: no dc:title")
        vp = cat.get("/ViewerPreferences", {})
        if vp.get("/DisplayDocTitle") is not True:
            err("catalog: /ViewerPreferences /DisplayDocTitle is not true")
    report(len(pdf.pages), nmc, counts, nlinks)


def report(npages, nmc, counts, nlinks):
    tags = " ".join("%s %d" % (k, v) for k, v in sorted(counts.items()))
    print("%d pages, %d marked-content sequences, %d links; %s"
          % (npages, nmc, nlinks, tags))
    for e in errors[:30]:
        print("    " + e)
    if len(errors) > 30:
        print("    ... %d more" % (len(errors) - 30))
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
