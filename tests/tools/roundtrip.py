#!/usr/bin/env python3
"""roundtrip.py - does an output still carry the input's text, in order?

Usage:
    roundtrip.py [--raw] --ref REF.txt [--ref REF2.txt ...] OUT.pdf|OUT.epub|OUT.txt

The project's own text round trip (the test suite needs nothing outside
the tree).  The reference is the --ref files read in turn.  The output's
text comes from pdftotext (poppler; its reading order, or with --raw the
order the content stream draws), from the EPUB's spine documents in spine
order (the body of each XHTML document; the navigation document is not in
the spine), or from a text file as it is.

Only the characters that carry content are compared: Han ideographs (CJK
unified, extensions and compatibility), ASCII letters and digits
(full-width ones folded to ASCII) and the circled numbers of editor codes
(①..⑳).  Spaces and punctuation are left out: typesetting may change them.

Prints one JSON object on one line:
  ref_chars, out_chars  content characters on each side
  matched               characters of the reference matched in order
                        (difflib.SequenceMatcher, no autojunk heuristic)
  lost                  reference characters the output lacks altogether
                        (multiset difference)
  reordered             ref_chars - matched - lost: present, out of order
  inserted              out_chars - matched
  lost_pct, reordered_pct, lost_or_reordered_pct   of ref_chars
  replacement_chars     U+FFFD/U+FFFE/U+FFFF in the output text (a glyph
                        with no Unicode value)
  radical_chars         Kangxi radicals and CJK radicals supplement
                        (U+2E80-U+2FDF) in the output: look-alikes that
                        defeat search
Exit status 0 when the comparison ran, 2 on a usage or extraction error.
"""
import collections
import difflib
import json
import subprocess
import sys
import zipfile
import xml.etree.ElementTree as ET


def content(text):
    out = []
    for ch in text:
        c = ord(ch)
        if 0xFF10 <= c <= 0xFF19 or 0xFF21 <= c <= 0xFF3A or 0xFF41 <= c <= 0xFF5A:
            ch, c = chr(c - 0xFEE0), c - 0xFEE0
        if (0x3400 <= c <= 0x4DBF or 0x4E00 <= c <= 0x9FFF or 0xF900 <= c <= 0xFAFF
                or 0x20000 <= c <= 0x3134F or 0x2460 <= c <= 0x2473
                or ch.isascii() and ch.isalnum()):
            out.append(ch)
    return "".join(out)


def epub_text(path):
    z = zipfile.ZipFile(path)
    container = ET.fromstring(z.read("META-INF/container.xml"))
    opf_path = container.find(".//{*}rootfile").get("full-path")
    base = opf_path.rsplit("/", 1)[0] + "/" if "/" in opf_path else ""
    opf = ET.fromstring(z.read(opf_path))
    items = {i.get("id"): i.get("href") for i in opf.iter("{http://www.idpf.org/2007/opf}item")}
    parts = []
    for ref in opf.iter("{http://www.idpf.org/2007/opf}itemref"):
        doc = ET.fromstring(z.read(base + items[ref.get("idref")]))
        body = doc.find("{http://www.w3.org/1999/xhtml}body")
        if body is not None:
            parts.append("".join(body.itertext()))
    return "\n".join(parts)


def out_text(path, raw):
    if path.endswith(".pdf"):
        cmd = ["pdftotext", "-enc", "UTF-8"] + (["-raw"] if raw else []) + [path, "-"]
        return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    if path.endswith(".epub"):
        return epub_text(path)
    return open(path, encoding="utf-8").read()


def compare(ref_text, text):
    a, b = content(ref_text), content(text)
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    matched = sum(m.size for m in sm.get_matching_blocks())
    lost = sum((collections.Counter(a) - collections.Counter(b)).values())
    n = len(a)
    pct = lambda k: round(100.0 * k / n, 3) if n else 0.0
    reordered = n - matched - lost
    return {
        "ref_chars": n, "out_chars": len(b), "matched": matched, "lost": lost,
        "reordered": reordered, "inserted": len(b) - matched,
        "lost_pct": pct(lost), "reordered_pct": pct(reordered),
        "lost_or_reordered_pct": pct(lost + reordered),
        "replacement_chars": sum(text.count(c) for c in "\ufffd\ufffe\uffff"),
        "radical_chars": sum(1 for c in text if 0x2E80 <= ord(c) <= 0x2FDF),
    }


def main(argv):
    raw, refs, out = False, [], None
    i = 0
    while i < len(argv):
        if argv[i] == "--raw":
            raw = True
        elif argv[i] == "--ref" and i + 1 < len(argv):
            refs.append(argv[i + 1])
            i += 1
        elif out is None and not argv[i].startswith("--"):
            out = argv[i]
        else:
            print(__doc__, file=sys.stderr)
            return 2
        i += 1
    if not refs or not out:
        print(__doc__, file=sys.stderr)
        return 2
    ref_text = "".join(open(r, encoding="utf-8-sig").read() for r in refs)
    try:
        text = out_text(out, raw)
    except (OSError, subprocess.CalledProcessError, KeyError, ET.ParseError,
            zipfile.BadZipFile) as e:
        print("roundtrip.py: cannot read %s: %s" % (out, e), file=sys.stderr)
        return 2
    r = {"file": out, "raw": raw}
    r.update(compare(ref_text, text))
    print(json.dumps(r))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
