#!/usr/bin/env bash
# The example editions in examples/: well-formed XML, every href and image
# present, enough text to fill their pages, every typographic case they exist
# for, images that the script redraws byte for byte, and `banmian check`.
set -eu
. "$BANMIAN_ROOT/tests/e2e/lib.bash"
ex="$BANMIAN_ROOT/examples"

# 1. every XML file is well-formed
n=0
while IFS= read -r -d '' f; do
    xmllint --noout --nonet "$f" || fail "$f is not well-formed XML"
    n=$((n + 1))
done < <(find "$ex" -name '*.xml' -print0)
[ "$n" -ge 15 ] || fail "only $n XML files under examples/"

# 2. hrefs, images, ids, text per page, the features (see check_example.py)
"$PYTHON" "$ex/tools/check_example.py" "$ex/hexi" --layout broadsheet --pages 4 \
    --full-pages 3 --min-chars 8000 --min-articles 14 --require-features \
    || fail "examples/hexi is incomplete"
"$PYTHON" "$ex/tools/check_example.py" "$ex/tabloid-mini" --layout tabloid --pages 2 \
    --min-articles 8 || fail "examples/tabloid-mini is incomplete"

# 3. the characters the fonts and the PDF must cope with, spelled out
all=$(cat "$ex"/hexi/articles/*.xml)
for c in 翀 喆 堃 犇 淼 𠀋 𡈽 阿依古丽·买买提 EPC 4S 5G APP 129.62 80.41% 9:30; do
    expect_contains "$all" "$c"
done

# 4. the pictures are what the script draws, byte for byte
for ed in hexi tabloid-mini; do
    "$PYTHON" "$ex/tools/mkimage.py" "$ed" "$TEST_TMP/img-$ed" >/dev/null
    for f in "$TEST_TMP/img-$ed"/*.png; do
        cmp -s "$f" "$ex/$ed/images/$(basename "$f")" \
            || fail "examples/$ed/images/$(basename "$f") differs from what mkimage.py draws"
    done
done

# 5. the page-2 dump and its gold are what mkdump.py prints from the XML, and
#    agree with each other (the scorer finds the gold perfect on its own dump)
d="$ex/dumps"
"$PYTHON" "$ex/tools/mkdump.py" "$ex/hexi" 2 "$TEST_TMP/p2.txt" "$TEST_TMP/p2.gold.json" >/dev/null
cmp -s "$TEST_TMP/p2.txt" "$d/hexi-p2.txt" || fail "examples/dumps/hexi-p2.txt is out of date: run examples/tools/mkdump.py"
cmp -s "$TEST_TMP/p2.gold.json" "$d/hexi-p2.gold.json" || fail "examples/dumps/hexi-p2.gold.json is out of date"
score=$("$PYTHON" "$SHARED/tools/score_import.py" "$d/hexi-p2.gold.json" "$d/hexi-p2.gold.json" \
        --source "$d/hexi-p2.txt" --json-only)
expect_contains "$score" '"perfect":true'
grep -q ' ' "$d/hexi-p2.txt" && grep -q '本报讯(' "$d/hexi-p2.txt" && grep -q '^$' "$d/hexi-p2.txt" \
    || fail "the dump lost its OCR spaces, ASCII brackets or blank lines"

# 6. banmian itself accepts the edition, and imports the dump losing no Han character
for ed in hexi tabloid-mini; do
    "$BANMIAN" check "$ex/$ed" >/dev/null \
        || fail "banmian check examples/$ed failed: $("$BANMIAN" check "$ex/$ed" 2>&1 | head -20)"
done
rc=0; "$BANMIAN" import "$d/hexi-p2.txt" --json >"$TEST_TMP/p2.json" 2>"$TEST_TMP/p2.err" || rc=$?
if grep -q "not available in this build" "$TEST_TMP/p2.err"; then
    echo "banmian import not in this build yet: skipped"
else
    [ "$rc" -eq 0 ] || fail "banmian import hexi-p2.txt exited $rc: $(head -5 "$TEST_TMP/p2.err")"
    score=$("$PYTHON" "$SHARED/tools/score_import.py" "$d/hexi-p2.gold.json" "$TEST_TMP/p2.json" \
            --source "$d/hexi-p2.txt" --json-only)
    expect_contains "$score" '"han_missing":0,'
fi
