#!/usr/bin/env bash
# regions.sh - the LayoutDoc says what back ends need: each article's region
# on every page (its hot zone: every line and image inside, no two articles'
# regions overlapping) and each jump line's direction and target page
# (tests/tools/regioncheck.py over --dump-layout); the build's report counts
# the （下转） jumps from those fields.
set -eu
. "$BANMIAN_ROOT/tests/e2e/lib.bash"
d="$TEST_TMP/regions"; mkdir -p "$d"
check="$BANMIAN_ROOT/tests/tools/regioncheck.py"

run() {  # name input...
    local name=$1; shift
    "$BANMIAN" build "$@" --pdf -o "$d/$name" --dump-layout "$d/$name.json" \
        >"$d/$name.out" 2>"$d/$name.err" || fail "build $name: $(cat "$d/$name.err")"
    local jumps
    jumps=$(sed -n 's/.*articles, \([0-9]*\) jump.*/\1/p' "$d/$name.out")
    [ -n "$jumps" ] || fail "$name: no jump count in: $(cat "$d/$name.out")"
    "$PYTHON" "$check" "$d/$name.json" --jumps "$jumps" >"$d/$name.check" 2>&1 \
        || fail "regioncheck $name: $(tail -20 "$d/$name.check")"
}
run hexi "$BANMIAN_ROOT/examples/hexi"
run tabloid "$BANMIAN_ROOT/examples/tabloid-mini"
run hexi-tabloid "$BANMIAN_ROOT/examples/hexi" --layout tabloid
# the example edition has stories continued on later pages and a briefs box
# shared by several articles, split into one zone per brief
"$PYTHON" - "$d/hexi.json" <<'PY' || fail "hexi regions"
import json, sys
d = json.load(open(sys.argv[1]))
jumps = [l for p in d["pages"] for l in p["lines"] if l.get("jump") == "to"]
# hexi: p3-dongguan (8,750 characters) always jumps (others as pages fall)
assert any(l["article"] == "p3-dongguan" for l in jumps), "p3-dongguan does not jump"
split = [g for p in d["pages"] for g in p["regions"] if len(g["rects"]) > 1]
assert split, "no article with a region of several rectangles (briefs across columns)"
PY
if corpus_part "corpus pages"; then
    for f in "$CORPUS"/page-*.txt; do
        run "corpus-$(basename "$f" .txt)" "$f" --date 2026-01-01
    done
fi
