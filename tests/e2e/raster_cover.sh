#!/usr/bin/env bash
# raster_cover.sh - the EPUB's cover is page 1 as an image (src/raster:
# PNG, 8-bit RGB, no alpha, 1600 px tall, the page pdftoppm renders from
# our PDF at that size), unless --cover gives one, which goes in as given.
# (EPUBCheck runs over these books in epub.sh.)
set -eu
. "$BANMIAN_ROOT/tests/e2e/lib.bash"
d="$TEST_TMP/raster_cover"; mkdir -p "$d"
sim=$(dirname "$BANMIAN")/tests/imgsim
[ -x "$sim" ] || fail "imgsim not built ($sim)"

"$BANMIAN" build "$BANMIAN_ROOT/examples/tabloid-mini" -o "$d/a" -q 2>/dev/null \
    || fail "build tabloid-mini"
unzip -q -o "$d/a"/*.epub -d "$d/a/x"
c="$d/a/x/OEBPS/cover.png"
[ -f "$c" ] || fail "no cover.png in the EPUB: $(unzip -l "$d/a"/*.epub)"
[ ! -e "$d/a/x/OEBPS/cover.svg" ] || fail "the typographic cover is still there"
grep -q 'src="cover.png"' "$d/a/x/OEBPS/cover.xhtml" || fail "cover.xhtml does not show cover.png"
grep -q 'href="cover.png"[^>]*properties="cover-image"\|properties="cover-image"[^>]*href="cover.png"' \
    "$d/a/x/OEBPS/"*.opf || fail "cover.png is not the package's cover-image"
read -r w h depth ctype <<<"$("$PYTHON" -c '
import struct, sys
d = open(sys.argv[1], "rb").read()
print(*struct.unpack(">IIBB", d[16:26]))' "$c")"
[ "$h $depth $ctype" = "1600 8 2" ] || fail "cover is ${w}x$h, depth $depth, colour type $ctype: want 1600 tall, 8-bit RGB (type 2)"
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
