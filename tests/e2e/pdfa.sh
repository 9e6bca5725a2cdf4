#!/usr/bin/env bash
# pdfa.sh - banmian build --pdfa writes PDF/A-2u: the rules of
# tests/tools/pdfa_check.py (output intent, XMP = Info, /ID, fonts with
# ToUnicode, no .notdef, printable links, no transparency) on the example
# edition, plus qpdf, poppler and byte-identical rebuilds; images with
# alpha are flattened onto white, CMYK JPEGs refused.
set -eu
. "$BANMIAN_ROOT/tests/e2e/lib.bash"
d="$TEST_TMP/pdfa"; mkdir -p "$d"
ex="$BANMIAN_ROOT/examples/hexi"
check="$BANMIAN_ROOT/tests/tools/pdfa_check.py"

"$PYTHON" -c 'import pikepdf, fontTools' 2>/dev/null || fail "python3-pikepdf or python3-fonttools is missing (make deps)"
expect_contains "$("$BANMIAN" build --help)" "--pdfa"

# ---- the hand-built LayoutDoc of tests/unit/test_pdf.c ----------------------
# (CFF and TrueType faces, fallback, placeholder, odd clusters, a .notdef)
unit="$(dirname "$BANMIAN")/tests/test_pdf"
[ -x "$unit" ] || fail "no $unit"
BM_PDFA_OUT="$d/unit.pdf" "$unit" >/dev/null 2>&1 || fail "test_pdf failed"
out=$("$PYTHON" "$check" "$d/unit.pdf") || fail "PDF/A rules broken (unit PDF): $out"
pdftotext -raw -enc UTF-8 "$d/unit.pdf" "$d/unit.txt" 2>"$d/err" || fail "pdftotext failed"
[ ! -s "$d/err" ] || fail "pdftotext warned: $(cat "$d/err")"
grep -q '本报讯' "$d/unit.txt" || fail "the .notdef glyph lost its text: $(head -3 "$d/unit.txt")"

# ---- the example edition, twice --------------------------------------------
"$BANMIAN" build "$ex" --pdfa -q -o "$d/a1" >/dev/null 2>&1 || fail "build --pdfa failed"
"$BANMIAN" build "$ex" --pdfa -q -o "$d/a2" >/dev/null 2>&1 || fail "second build failed"
ls "$d/a1" | grep -q '\.epub$' && fail "--pdfa alone wrote an EPUB"
p1=$(ls "$d"/a1/*.pdf) p2=$(ls "$d"/a2/*.pdf)
cmp -s "$p1" "$p2" || fail "two --pdfa builds gave different bytes"

out=$("$PYTHON" "$check" "$p1") || fail "PDF/A rules broken: $out"
qpdf --check "$p1" >"$d/qpdf" 2>&1 || fail "qpdf --check: $(cat "$d/qpdf")"
grep -q "No syntax or stream encoding errors" "$d/qpdf" || fail "qpdf: $(cat "$d/qpdf")"
pdftotext -raw -enc UTF-8 "$p1" "$d/a.txt" 2>"$d/err" || fail "pdftotext failed"
[ ! -s "$d/err" ] || fail "pdftotext warned: $(cat "$d/err")"
fonts=$(pdffonts "$p1")
bad=$(printf '%s\n' "$fonts" | tail -n +3 | awk '$(NF-4)!="yes"||$(NF-2)!="yes"')
[ -z "$bad" ] || fail "font not embedded or without ToUnicode: $bad"
info=$(pdfinfo "$p1")
expect_contains "$info" "Title:           河西日报 2026-11-20"

# without --pdfa the same PDF is not PDF/A, and its text is the same
"$BANMIAN" build "$ex" --pdf -q -o "$d/plain" >/dev/null 2>&1 || fail "build --pdf failed"
pp=$(ls "$d"/plain/*.pdf)
out=$("$PYTHON" "$check" "$pp") && fail "the checker passed a PDF built without --pdfa"
expect_contains "$out" "pdfaid:part"
expect_contains "$out" "output intent"
pdftotext -raw -enc UTF-8 "$pp" "$d/plain.txt" 2>/dev/null
cmp -s "$d/a.txt" "$d/plain.txt" || fail "--pdfa changed the text"

# ---- images: alpha flattened onto white, CMYK JPEG refused -------------------
e="$d/ed"; cp -R "$ex" "$e"
"$PYTHON" - "$e/images" <<'PY' || fail "cannot make test images"
import sys
from PIL import Image
d = sys.argv[1]
# RGBA: left half transparent red, right half opaque blue
im = Image.new("RGBA", (400, 250), (255, 0, 0, 0))
im.paste((0, 0, 255, 255), (200, 0, 400, 250))
im.save(d + "/opera.png")
# grey + alpha: top half transparent black, bottom half opaque grey 100
im = Image.new("LA", (320, 200), (0, 0))
im.paste((100, 255), (0, 100, 320, 200))
im.save(d + "/wetland.png")
Image.new("CMYK", (80, 50), (0, 255, 255, 0)).save(d + "/cmyk.jpg")
PY
"$BANMIAN" build "$e" --pdfa -q -o "$d/ea" >/dev/null 2>&1 || fail "build --pdfa with alpha images failed"
"$BANMIAN" build "$e" --pdf -q -o "$d/ep" >/dev/null 2>&1 || fail "build --pdf with alpha images failed"
out=$("$PYTHON" "$check" "$d"/ea/*.pdf) || fail "PDF/A rules broken with alpha images: $out"
"$PYTHON" - "$d"/ea/*.pdf "$d"/ep/*.pdf <<'PY' || fail "alpha images"
import sys
import pikepdf
pdfs = []
def images(path):
    out = {}
    pdfs.append(pikepdf.open(path))
    for page in pdfs[-1].pages:
        for _, x in page.obj.get("/Resources", {}).get("/XObject", {}).items():
            if x.get("/Subtype") == "/Image":
                out[(int(x.Width), int(x.Height))] = x
    return out
a, p = images(sys.argv[1]), images(sys.argv[2])
rgb, grey = a.get((400, 250)), a.get((320, 200))
assert rgb is not None and grey is not None, f"test images not placed: {list(a)}"
assert rgb.ColorSpace == "/DeviceRGB" and grey.ColorSpace == "/DeviceGray"
px = pikepdf.PdfImage(rgb).as_pil_image()
assert px.getpixel((10, 10)) == (255, 255, 255), px.getpixel((10, 10))
assert px.getpixel((390, 10)) == (0, 0, 255), px.getpixel((390, 10))
g = pikepdf.PdfImage(grey).as_pil_image()
assert g.getpixel((10, 10)) == 255 and g.getpixel((10, 150)) == 100, \
    (g.getpixel((10, 10)), g.getpixel((10, 150)))
# without --pdfa the alpha stays, as a soft mask
assert "/SMask" in p[(400, 250)] and "/SMask" in p[(320, 200)], "no SMask without --pdfa"
PY

sed -i 's#images/opera.png#images/cmyk.jpg#' "$e/articles/p4-qinqiang.xml"
rm -rf "$d/ec"
expect_exit 1 "CMYK JPEG cannot go in a PDF/A file" \
    "$BANMIAN" build "$e" --pdfa -q -o "$d/ec"
[ -z "$(ls "$d/ec" 2>/dev/null)" ] || fail "a refused build left files: $(ls "$d/ec")"
"$BANMIAN" build "$e" --pdf -q -o "$d/ec" >/dev/null 2>&1 || fail "--pdf refused a CMYK JPEG"

# ---- informative: PDFBox preflight, when libpdfbox2-java is installed ------
# It checks PDF/A-1b only: CIDSet and pdfaid part 1 are A-1 rules, left out.
j=/usr/share/java
if [ -f $j/preflight.jar ] && [ -f $j/javax.activation.jar ]; then
    cp="$j/preflight.jar:$j/pdfbox2.jar:$j/fontbox2.jar:$j/xmpbox.jar"
    cp="$cp:$j/commons-logging.jar:$j/javax.activation.jar:$j/jaxb-api.jar"
    echo "PDFBox Validator_A1b, less the A-1-only rules (informative):"
    timeout 60 java -cp "$cp" org.apache.pdfbox.preflight.Validator_A1b "$p1" 2>&1 |
        grep -v -e 'CIDSet entry is missing' -e 'conformance level must be A or B' \
                -e 'part must be 1' -e 'is not a valid PDF/A-1b' | head -20 || true
fi
echo "ok"
