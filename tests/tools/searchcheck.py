#!/usr/bin/env python3
"""searchcheck.py [--require A,B] LAYOUT.json PDF - does the PDF's text
layer search?

For every line of the LayoutDoc (banmian build --dump-layout), every
boundary between a Han character and a Latin letter or digit in it, and
every real space (U+0020 or U+3000) between a Han character and a Han
character, letter or digit, the text around the boundary (up to 3
characters either side, within the line) must be found in what each
extractor gives -- pdftotext (default and -raw), mutool (MuPDF) and pdf.js
(tests/pdftext/text.mjs) -- exactly: no space where the copy has none
(「5月16日」), the space kept where the copy has one (「Wi-Fi 6」,
「本报讯　12月1日」: poppler's default mode, which reorders blocks by its own
layout analysis, printed 本报讯 and 12月1日 in different blocks while the
ideographic space was an em-wide hole).  Prints one summary line per
extractor and its first misses, and exits 1 if an extractor named in
--require (default: all four) misses one; the others are measured and
reported only.  NAME:glued requires only the glued boundaries of that
extractor.

Poppler and MuPDF give the ideographic space U+3000 as a word space, so
both sides fold it to U+0020 before comparing.  A space between two Han
characters in body text is deleted by the composer (cjk-layout-tests 41:
page dumps carry stray ones), kept as a zero-width glyph, which poppler's
default mode drops: from it alone such a space may come out as nothing.
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
PDFJS = os.path.join(HERE, "..", "pdftext", "text.mjs")


def is_han(ch):
    """A Han ideograph (not CJK punctuation: the glue is between letters)."""
    o = ord(ch)
    return (0x3400 <= o <= 0x4DBF or 0x4E00 <= o <= 0x9FFF or
            0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x3FFFF)


def is_latin(ch):
    return ch.isascii() and ch.isalnum()


def wordish(ch):
    """Characters a search term runs through: Han, Latin, digits, and the
    marks inside numbers and codes (1,129.62  6.9%  5G  EPC)."""
    return is_han(ch) or is_latin(ch) or ch in ".,%:/-"


# lines in which the composer deletes a space between two Han characters
# (page dumps carry stray ones: 紧盯目 标任务), keeping it as a zero-width
# glyph; a run-in byline's spaces in them are printed half-em gaps
HAN_SPACE_DELETED = {"body", "caption", "subheading"}
# the extractor that drops a zero-width glyph's space: for it alone such a
# space may be missing (the others must give it, deleted or printed)
DROPS_ZERO_WIDTH = {"pdftotext"}


def windows(text, kind=None):
    """(window, has_space) around each Han-Latin boundary of one line: the
    boundary with up to 3 search-term characters either side; has_space is
    None for a space between two Han characters that may be deleted."""
    out = []
    n = len(text)

    def grow(i, j):
        lo = i
        while lo > 0 and i - lo < 2 and wordish(text[lo - 1]):
            lo -= 1
        hi = j
        while hi < n - 1 and hi - j < 2 and wordish(text[hi + 1]):
            hi += 1
        return text[lo:hi + 1]

    for i in range(n - 1):
        a, b = text[i], text[i + 1]
        if (is_han(a) and is_latin(b)) or (is_latin(a) and is_han(b)):
            out.append((grow(i, i + 1), False))
        if b == " " and i + 2 < n:
            c = text[i + 2]
            if (is_han(a) and wordish(c)) or (wordish(a) and is_han(c)):
                deleted = kind in HAN_SPACE_DELETED and is_han(a) and is_han(c)
                out.append((grow(i, i + 2), None if deleted else True))
    return out


def found(w, spaced, text, drops=False):
    """A glued window must be in the text exactly; a real space may come
    out as any run of white space (a line break included); a space that
    may be deleted as that, or as nothing from an extractor that drops
    zero-width glyphs."""
    if spaced is None:
        return found(w, True, text) or (drops and w.replace(" ", "") in text)
    if not spaced:
        return w in text
    pat = r"\s+".join(re.escape(p) for p in w.split(" "))
    return re.search(pat, text) is not None


def fold(s):
    s = unicodedata.normalize("NFC", s).replace("\u3000", " ")
    return re.sub(r"[ \t\u00a0]+", " ", s)


def extract(pdf, tmp):
    outs = {}
    for name, args in (("pdftotext", []), ("pdftotext -raw", ["-raw"])):
        dst = os.path.join(tmp, "p.txt")
        subprocess.run(["pdftotext", *args, "-enc", "UTF-8", pdf, dst],
                       check=True, stderr=subprocess.DEVNULL)
        outs[name] = open(dst, encoding="utf-8").read()
    dst = os.path.join(tmp, "m.txt")
    subprocess.run(["mutool", "draw", "-q", "-F", "txt", "-o", dst, pdf],
                   check=True, stderr=subprocess.DEVNULL)
    outs["mutool"] = open(dst, encoding="utf-8").read()
    r = subprocess.run(["node", PDFJS, pdf], check=True,
                       capture_output=True)
    outs["pdf.js"] = r.stdout.decode("utf-8")
    return outs


def main():
    args = sys.argv[1:]
    require = None
    glued_only = set()
    if len(args) == 4 and args[0] == "--require":
        require = set()
        for r in args[1].split(","):
            name, _, part = r.partition(":")
            require.add(name)
            if part == "glued":
                glued_only.add(name)
        args = args[2:]
    if len(args) != 2:
        sys.exit(__doc__)
    doc = json.load(open(args[0], encoding="utf-8"))
    wins = []
    for pg in doc["pages"]:
        for ln in pg["lines"]:
            wins += windows(fold(ln["text"]), ln.get("kind"))
    glued = sum(1 for _, sp in wins if sp is False)
    spaced = len(wins) - glued
    if not wins:
        sys.exit("searchcheck: no Han-Latin boundary in %s" % args[0])
    with tempfile.TemporaryDirectory() as tmp:
        outs = extract(args[1], tmp)
    bad = 0
    for name, text in outs.items():
        # one line of text per extracted line: a window never spans two
        text = fold(text)
        miss = [(w, sp) for w, sp in wins
                if not found(w, sp, text, name in DROPS_ZERO_WIDTH)]
        mg = sum(1 for _, sp in miss if sp is False)
        req = require is None or name in require
        if name in glued_only:
            req_note = "  (glued required, spaces measured)"
        else:
            req_note = "" if req else "  (measured, not required)"
        print("%-15s %d/%d glued boundaries found unspaced, %d/%d real "
              "spaces kept" % (name, glued - mg, glued,
                               spaced - (len(miss) - mg), spaced) + req_note)
        for w, _ in miss[:10]:
            print("    not found: 「%s」" % w)
        if req:
            bad += mg if name in glued_only else len(miss)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
