#!/usr/bin/env bash
# raster.sh - page images (--png, src/raster): one RGB PNG and one
# thumbnail per page, the size pdftoppm gives the page at that resolution,
# drawn like the PDF (tests/tools/imgsim.c compares each page image with
# pdftoppm's rendering of our PDF), byte-identical from run to run.
#
# Why these thresholds: on the example editions cairo and poppler's Splash
# agree on 99.4-99.7 % of the ink at 72 dpi (the rest is anti-aliasing and
# Splash's rounding of glyph origins to 1/4 pixel across, a pixel down);
# page 1 against page 2 agrees on about 26 %.  An article, a photo or a
# line missing, a face swapped or a page moved by two pixels or more falls
# below 98 % (a broadsheet page's body text is about 1 % of its ink a
# column line), and a page at another weight or size moves the ink ratio.
set -eu
. "$BANMIAN_ROOT/tests/e2e/lib.bash"
d="$TEST_TMP/raster"; mkdir -p "$d"
sim=$(dirname "$BANMIAN")/tests/imgsim
[ -x "$sim" ] || fail "imgsim not built ($sim)"

# PNG facts from the header: width height bit-depth colour-type, and whether
# it has a tIME or text chunk
pnginfo() {
    "$PYTHON" - "$1" <<'PY'
import struct, sys
d = open(sys.argv[1], "rb").read()
assert d[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
w, h, depth, ctype = struct.unpack(">IIBB", d[16:26])
i, chunks = 8, []
while i < len(d):
    n, = struct.unpack(">I", d[i:i + 4]); chunks.append(d[i + 4:i + 8].decode()); i += 12 + n
bad = [c for c in chunks if c in ("tIME", "tEXt", "zTXt", "iTXt")]
print(w, h, depth, ctype, ",".join(bad) or "-")
PY
}

check_edition() {  # name edition dpi
    local name=$1 ed=$2 dpi=$3
    "$BANMIAN" build "$ed" -o "$d/$name" --pdf --png --png-dpi "$dpi" \
        --dump-layout "$d/$name.json" >"$d/$name.out" 2>&1 \
        || fail "build $name: $(cat "$d/$name.out")"
    local pages=("$d/$name"/*-pages)
    [ -d "${pages[0]}" ] || fail "$name: no -pages folder"
    local n
    n=$("$PYTHON" -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["pages"]))' "$d/$name.json")
    pdftoppm -r "$dpi" -png "$d/$name"/*.pdf "$d/$name/ref"
    for i in $(seq 1 "$n"); do
        local nn; nn=$(printf %02d "$i")
        local png="${pages[0]}/page-$nn.png" thumb="${pages[0]}/page-$nn-thumb.png"
        local ref; ref="$d/$name/ref-$(printf "%0${#n}d" "$i").png"
        [ -f "$png" ] && [ -f "$thumb" ] || fail "$name: page $i has no image or thumbnail"
        read -r w h depth ctype bad <<<"$(pnginfo "$png")"
        read -r rw rh _ _ _ <<<"$(pnginfo "$ref")"
        [ "$depth $ctype $bad" = "8 2 -" ] || fail "$name page $i: depth/colour type/chunks $depth $ctype $bad, want 8-bit RGB, no time or text"
        [ "$w x $h" = "$rw x $rh" ] || fail "$name page $i: $w x $h, pdftoppm -r $dpi makes $rw x $rh"
        read -r tw th _ _ _ <<<"$(pnginfo "$thumb")"
        [ "$tw" = 300 ] || fail "$name page $i: thumbnail $tw px wide, want 300"
        local want=$(( (h * 300 + w / 2) / w ))
        [ $((th - want)) -ge -1 ] && [ $((th - want)) -le 1 ] || fail "$name page $i: thumbnail $tw x $th, not in proportion ($want)"
        local fig; fig=$("$sim" "$png" "$ref") || fail "imgsim $name page $i: $fig"
        echo "$name page $i at $dpi dpi: $fig"
        "$PYTHON" - "$fig" "$name page $i" <<'PY' || fail "$name page $i: the image is not the PDF's page ($fig)"
import json, sys
f = json.loads(sys.argv[1])
assert f["ink_agree"] >= 0.98, "ink agreement %.4f < 0.98" % f["ink_agree"]
assert 0.97 <= f["ink_ratio"] <= 1.03, "ink ratio %.4f" % f["ink_ratio"]
assert f["mean_abs"] <= 15, "mean difference %.2f grey levels" % f["mean_abs"]
assert all(abs(v) <= 1 for v in f["shift"]), "shifted by %s px" % f["shift"]
PY
    done
    # the comparison can fail: page 1's image against page 2 of the PDF
    if [ "$n" -ge 2 ]; then
        local fig; fig=$("$sim" "${pages[0]}/page-01.png" "$d/$name/ref-$(printf "%0${#n}d" 2).png")
        "$PYTHON" -c 'import json,sys; f=json.loads(sys.argv[1]); sys.exit(0 if f["ink_agree"] < 0.9 else 1)' "$fig" \
            || fail "$name: page 1 passes for page 2 ($fig): the comparison cannot tell pages apart"
    fi
}
check_edition hexi "$BANMIAN_ROOT/examples/hexi" 72
check_edition tabloid "$BANMIAN_ROOT/examples/tabloid-mini" 72
check_edition feature "$BANMIAN_ROOT/tests/editions/tabloid-feature" 60

# the same bytes from a second run (and under another locale)
LC_ALL=fr_FR.UTF-8 "$BANMIAN" build "$BANMIAN_ROOT/examples/hexi" -o "$d/again" --png --png-dpi 72 -q 2>/dev/null \
    || fail "second build"
diff -r "$d/hexi"/*-pages "$d/again"/*-pages >/dev/null \
    || fail "page images differ between two runs"

# default resolution 150 dpi: pdftoppm -r 150's size; with --split beside
"$BANMIAN" build "$BANMIAN_ROOT/tests/editions/packed" -o "$d/packed" --png --split --pdf -q 2>/dev/null \
    || fail "build packed --png --split"
p=("$d/packed"/*-pages)
[ -f "${p[0]}/page-01.pdf" ] || fail "--split's page file is not beside the images"
pdftoppm -r 150 -png -f 1 -l 1 "$d/packed"/*.pdf "$d/packed/ref"
read -r w h _ _ _ <<<"$(pnginfo "${p[0]}/page-01.png")"
read -r rw rh _ _ _ <<<"$(pnginfo "$d/packed/ref-1.png")"
[ "$w x $h" = "$rw x $rh" ] || fail "default dpi: $w x $h, pdftoppm -r 150 makes $rw x $rh"

# a bad resolution is a usage error
expect_exit 2 "--png-dpi" "$BANMIAN" build "$BANMIAN_ROOT/examples/hexi" -o "$d/bad" --png-dpi 9000
expect_exit 2 "--png-dpi" "$BANMIAN" build "$BANMIAN_ROOT/examples/hexi" -o "$d/bad" --png-dpi 72x
[ ! -e "$d/bad" ] || fail "a usage error left $d/bad behind"
echo "raster: ok"
