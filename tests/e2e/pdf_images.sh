#!/usr/bin/env bash
# pdf_images.sh - PNG photos in the PDF: an 8-bit PNG without an alpha
# channel goes in with its own compressed rows (the IDAT bytes, FlateDecode
# with PNG predictors), a grey or RGB file's transparent colour as a colour
# key /Mask (libharu 2.3.0 crashed on an RGB PNG with tRNS), alpha channels
# through libharu with a soft mask.  Every image's pixels in the PDF are
# the file's; qpdf, poppler and MuPDF read the PDF without a word; the
# bytes are the same twice; with --pdfa the rules of pdfa_check.py hold.
set -eu
. "$BANMIAN_ROOT/tests/e2e/lib.bash"
d="$TEST_TMP/pdf_images"; mkdir -p "$d"
e="$d/ed"; cp -R "$BANMIAN_ROOT/examples/hexi" "$e"

"$PYTHON" -c 'import pikepdf, PIL' 2>/dev/null || fail "python3-pikepdf or python3-pil is missing (make deps)"
# one size each (16:10, as the photos they replace), so the test finds them
"$PYTHON" - "$e/images" <<'PY' || fail "cannot make test images"
import sys
from PIL import Image
d = sys.argv[1]
def rgb(w, h):
    im = Image.new("RGB", (w, h))
    im.putdata([((x * 7) % 256, (y * 5) % 256, (x + y) % 256)
                for y in range(h) for x in range(w)])
    return im
rgb(320, 200).convert("L").save(d + "/opera.png")
rgb(336, 210).convert("P", palette=Image.ADAPTIVE, colors=50).save(d + "/wetland.png")
rgb(352, 220).save(d + "/millet-1.png", transparency=(0, 0, 0))
im = rgb(368, 230).convert("RGBA"); im.putalpha(128); im.save(d + "/millet-2.png")
im = rgb(384, 240).convert("LA"); im.putalpha(200); im.save(d + "/showroom.png")
PY

"$BANMIAN" build "$e" --pdf -q -o "$d/a" >/dev/null 2>"$d/err" || fail "build failed: $(cat "$d/err")"
"$BANMIAN" build "$e" --pdf -q -o "$d/b" >/dev/null 2>&1 || fail "second build failed"
p=$(ls "$d"/a/*.pdf)
cmp -s "$p" "$(ls "$d"/b/*.pdf)" || fail "two builds gave different bytes"
qpdf --check "$p" >"$d/qpdf" 2>&1 || fail "qpdf --check: $(cat "$d/qpdf")"
grep -q "No syntax or stream encoding errors" "$d/qpdf" || fail "qpdf: $(cat "$d/qpdf")"
pdftoppm -r 30 -png "$p" "$d/pg" 2>"$d/err" || fail "pdftoppm failed"
[ ! -s "$d/err" ] || fail "pdftoppm: $(cat "$d/err")"
mutool draw -q -r 30 -o "$d/mu%d.png" "$p" 2>"$d/err" || fail "mutool failed"
grep -v 'ICC support is not available' "$d/err" >"$d/err2" || true
[ ! -s "$d/err2" ] || fail "mutool warned: $(cat "$d/err2")"
list=$(pdfimages -list "$p" 2>"$d/err") || fail "pdfimages failed"
[ ! -s "$d/err" ] || fail "pdfimages: $(cat "$d/err")"
expect_contains "$list" "index"
expect_contains "$list" "smask"

"$PYTHON" - "$p" "$e/images" <<'PY' || fail "images in the PDF"
import struct, sys
import pikepdf
from PIL import Image
pdf = pikepdf.open(sys.argv[1])
d = sys.argv[2]
found = {}
for page in pdf.pages:
    for _, x in page.obj.get("/Resources", {}).get("/XObject", {}).items():
        if x.get("/Subtype") == "/Image":
            found[(int(x.Width), int(x.Height))] = x

def idat(path):
    data, i, out = open(path, "rb").read(), 8, b""
    while i < len(data):
        n, = struct.unpack(">I", data[i:i + 4])
        if data[i + 4:i + 8] == b"IDAT":
            out += data[i + 8:i + 8 + n]
        i += 12 + n
    return out

cases = [  # file, size, passed through, colours, colour space
    ("opera.png", (320, 200), True, 1, "/DeviceGray"),
    ("wetland.png", (336, 210), True, 1, "/Indexed"),
    ("millet-1.png", (352, 220), True, 3, "/DeviceRGB"),
    ("millet-2.png", (368, 230), False, 3, "/DeviceRGB"),
    ("showroom.png", (384, 240), False, 1, "/DeviceGray"),
    ("gdp-chart.png", (1600, 1000), True, 3, "/DeviceRGB"),
]
for name, size, raw, colors, cs in cases:
    x = found.get(size)
    assert x is not None, f"{name}: no {size} image in the PDF: {list(found)}"
    space = x.ColorSpace if isinstance(x.ColorSpace, pikepdf.Name) else x.ColorSpace[0]
    assert str(space) == cs, f"{name}: colour space {x.ColorSpace}"
    src = Image.open(f"{d}/{name}")
    if raw:
        assert x.read_raw_bytes() == idat(f"{d}/{name}"), f"{name}: not the file's IDAT"
        assert x.Filter == "/FlateDecode", f"{name}: filter {x.Filter}"
        dp = x.DecodeParms
        assert (int(dp.Predictor), int(dp.Colors), int(dp.Columns), int(dp.BitsPerComponent)) \
            == (15, colors, size[0], 8), f"{name}: DecodeParms {dp}"
        assert "/SMask" not in x, f"{name}: a soft mask"
    else:
        assert "/SMask" in x, f"{name}: its alpha is lost"
    got = pikepdf.PdfImage(x).as_pil_image()
    want = src.convert("RGB" if colors == 3 or cs == "/Indexed" else "L")
    assert got.convert(want.mode).tobytes() == want.tobytes(), f"{name}: pixels differ"
# the transparent colour of millet-1 (black) is the colour key
m = found[(352, 220)].get("/Mask")
assert m is not None and [int(v) for v in m] == [0, 0, 0, 0, 0, 0], f"millet-1: /Mask {m}"
PY

# PDF/A: transparency flattened onto white, the rules hold
"$BANMIAN" build "$e" --pdfa -q -o "$d/pa" >/dev/null 2>&1 || fail "build --pdfa failed"
out=$("$PYTHON" "$BANMIAN_ROOT/tests/tools/pdfa_check.py" "$d"/pa/*.pdf) || fail "PDF/A rules broken: $out"
"$PYTHON" - "$d"/pa/*.pdf <<'PY' || fail "PDF/A images"
import sys
import pikepdf
pdf = pikepdf.open(sys.argv[1])
for page in pdf.pages:
    for _, x in page.obj.get("/Resources", {}).get("/XObject", {}).items():
        if x.get("/Subtype") == "/Image" and (int(x.Width), int(x.Height)) == (352, 220):
            assert "/Mask" not in x and "/DecodeParms" not in x, "tRNS kept in PDF/A"
            px = pikepdf.PdfImage(x).as_pil_image()
            assert px.getpixel((0, 0)) == (255, 255, 255), px.getpixel((0, 0))
            assert px.getpixel((1, 0)) == (7, 0, 1), px.getpixel((1, 0))
            break
    else:
        continue
    break
else:
    sys.exit("millet-1 not in the PDF/A file")
PY
echo ok
