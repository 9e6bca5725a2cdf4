#!/usr/bin/env bash
# raster_cover.sh - the EPUB's cover is page 1 as an image (src/raster:
# JPEG, baseline, 3 components, 1600 px tall, the page pdftoppm renders
# from our PDF at that size), unless --cover gives one, which goes in as
# given.  (EPUBCheck runs over these books in epub.sh.)
set -eu
. "$BANMIAN_ROOT/tests/e2e/lib.bash"
d="$TEST_TMP/raster_cover"; mkdir -p "$d"
sim=$(dirname "$BANMIAN")/tests/imgsim
[ -x "$sim" ] || fail "imgsim not built ($sim)"

"$BANMIAN" build "$BANMIAN_ROOT/examples/tabloid-mini" -o "$d/a" -q 2>/dev/null \
    || fail "build tabloid-mini"
unzip -q -o "$d/a"/*.epub -d "$d/a/x"
c="$d/a/x/OEBPS/cover.jpg"
[ -f "$c" ] || fail "no cover.jpg in the EPUB: $(unzip -l "$d/a"/*.epub)"
[ ! -e "$d/a/x/OEBPS/cover.svg" ] || fail "the typographic cover is still there"
grep -q 'src="cover.jpg"' "$d/a/x/OEBPS/cover.xhtml" || fail "cover.xhtml does not show cover.jpg"
grep -q 'href="cover.jpg"[^>]*properties="cover-image"\|properties="cover-image"[^>]*href="cover.jpg"' \
    "$d/a/x/OEBPS/"*.opf || fail "cover.jpg is not the package's cover-image"
grep -q 'href="cover.jpg"[^>]*media-type="image/jpeg"\|media-type="image/jpeg"[^>]*href="cover.jpg"' \
    "$d/a/x/OEBPS/"*.opf || fail "cover.jpg is not image/jpeg in the package"
# its frame header: baseline (SOF0), 8 bits, the size, 3 components
read -r sof depth h w ncomp <<<"$("$PYTHON" -c '
import struct, sys
d = open(sys.argv[1], "rb").read()
assert d[:3] == b"\xff\xd8\xff", "not a JPEG"
i = 2
while i < len(d):
    m, n = d[i + 1], struct.unpack(">H", d[i + 2:i + 4])[0]
    if 0xC0 <= m <= 0xCF and m not in (0xC4, 0xC8, 0xCC):
        p, h, w, c = struct.unpack(">BHHB", d[i + 4:i + 10])
        print(hex(m), p, h, w, c)
        break
    i += 2 + n' "$c")"
[ "$sof $depth $h $ncomp" = "0xc0 8 1600 3" ] || fail "cover is ${w}x$h, frame $sof, depth $depth, $ncomp components: want a baseline 8-bit colour JPEG 1600 tall"
# stored in the ZIP as it is (compressed already)
unzip -v "$d/a"/*.epub | grep -q ' Stored .* OEBPS/cover.jpg$' || fail "cover.jpg deflated again: $(unzip -v "$d/a"/*.epub | grep cover)"
pdftoppm -f 1 -l 1 -scale-to-x "$w" -scale-to-y "$h" -png "$d/a"/*.pdf "$d/a/ref"
fig=$("$sim" "$c" "$d/a/ref-1.png") || fail "imgsim: $fig"
echo "cover against page 1: $fig"
"$PYTHON" -c 'import json,sys; f=json.loads(sys.argv[1]); sys.exit(0 if f["ink_agree"] >= 0.98 else 1)' "$fig" \
    || fail "the cover is not page 1 ($fig)"
fig2=$("$sim" "$c" "$(pdftoppm -f 2 -l 2 -scale-to-x "$w" -scale-to-y "$h" -png "$d/a"/*.pdf "$d/a/p2" && echo "$d/a/p2-2.png")")
"$PYTHON" -c 'import json,sys; f=json.loads(sys.argv[1]); sys.exit(0 if f["ink_agree"] < 0.9 else 1)' "$fig2" \
    || fail "the cover passes for page 2 as well ($fig2)"

# --cover FILE: that file, byte for byte
img="$BANMIAN_ROOT/examples/hexi/images/opera.png"
"$BANMIAN" build "$BANMIAN_ROOT/examples/tabloid-mini" -o "$d/b" --epub --cover "$img" -q 2>/dev/null \
    || fail "build --cover"
unzip -q -o "$d/b"/*.epub -d "$d/b/x"
cmp -s "$img" "$d/b/x/OEBPS/cover.png" || fail "--cover's file is not the cover"
# a cover that is not a PNG is bad input, and no EPUB is left
expect_exit 1 "not a PNG" "$BANMIAN" build "$BANMIAN_ROOT/examples/tabloid-mini" -o "$d/c" --epub \
    --cover "$BANMIAN_ROOT/examples/tabloid-mini/edition.xml"
ls "$d/c"/*.epub >/dev/null 2>&1 && fail "a failed build left an EPUB behind"
echo "raster_cover: ok"
