#!/usr/bin/env bash
# raster_zones.sh - the hot zones of the page images: zones.json covers
# every article on every page (all its lines and images inside its zone,
# in pt and in pixels; no two articles' zones overlapping; continues_on as
# its jump line says: tests/tools/zonecheck.py against --dump-layout), and
# page-NN.html works from file:// in headless Chromium: a click in the
# middle of every zone shows that article and no other, a jump link opens
# the other page at the article (tests/tools/epaper.mjs).  The screenshot
# of page 1 with its lead open is kept in build/artefacts/epaper/.
set -eu
. "$BANMIAN_ROOT/tests/e2e/lib.bash"
d="$TEST_TMP/raster_zones"; mkdir -p "$d"
art="${ARTEFACTS:-$BANMIAN_ROOT/build/artefacts}/epaper"; mkdir -p "$art"
check="$BANMIAN_ROOT/tests/tools/zonecheck.py"

zones() {  # name dpi input...
    local name=$1 dpi=$2; shift 2
    mkdir -p "$d/$name"
    "$BANMIAN" build "$@" -o "$d/$name" --png --png-dpi "$dpi" \
        --dump-layout "$d/$name/layout.json" >"$d/$name.out" 2>&1 \
        || fail "build $name: $(cat "$d/$name.out")"
    local z=("$d/$name"/*-pages/zones.json)
    [ -f "${z[0]}" ] || fail "$name: no zones.json"
    "$PYTHON" "$check" "${z[0]}" "$d/$name/layout.json" || fail "zonecheck $name"
}
zones hexi 72 "$BANMIAN_ROOT/examples/hexi"
zones tabloid 72 "$BANMIAN_ROOT/examples/tabloid-mini"
zones hexi-tabloid 40 "$BANMIAN_ROOT/examples/hexi" --layout tabloid
if corpus_part "corpus pages"; then
    for f in "$CORPUS"/page-*.txt; do
        zones "corpus-$(basename "$f" .txt)" 40 "$f" --date 2026-01-01
    done
fi

# the check can fail: a zone one line short, and two zones made to overlap
"$PYTHON" - "$d/hexi"/*-pages/zones.json "$d/short.json" "$d/overlap.json" <<'PY'
import json, sys
z = json.load(open(sys.argv[1]))
a = z["articles"][0]["regions"][0]
a["rects"][0][3] -= 20
json.dump(z, open(sys.argv[2], "w"))
z = json.load(open(sys.argv[1]))
b = z["articles"][1]["regions"][0]
b["rects"][0] = list(z["articles"][0]["regions"][0]["rects"][0])
json.dump(z, open(sys.argv[3], "w"))
PY
"$PYTHON" "$check" "$d/short.json" "$d/hexi/layout.json" >/dev/null && fail "zonecheck passed a zone too short"
"$PYTHON" "$check" "$d/overlap.json" "$d/hexi/layout.json" >/dev/null && fail "zonecheck passed overlapping zones"

# the e-paper pages in a browser
[ -d "$BANMIAN_ROOT/tests/reader/node_modules/playwright-core" ] \
    || fail "tests/reader/node_modules missing (make deps)"
[ -x /usr/bin/chromium ] || fail "/usr/bin/chromium missing (make deps)"
res=$(node "$BANMIAN_ROOT/tests/tools/epaper.mjs" "$d/hexi"/*-pages "$art/page-01.png") \
    || fail "e-paper pages: $res"
echo "$res"
[ "$(printf '%s\n' "$res" | grep -c '"ok":true')" -eq 4 ] || fail "not 4 pages clicked through: $res"
[ -s "$art/page-01.png" ] || fail "no screenshot"
echo "raster_zones: ok"
