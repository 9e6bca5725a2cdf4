#!/usr/bin/env bash
# replica.sh - the fixed-layout replica EPUB (build --fxl): EPUBCheck clean
# on every example and test edition;
# every page rendered by headless Chromium from the unpacked book
# (tests/tools/replica.mjs) looks like the PDF page pdftoppm renders at the
# same size (tests/tools/imgsim.c), its text stands where the PDF puts it
# (every character within 0.5 pt of MuPDF's origin for it), equals the
# PDF's text layer, and every link of the book resolves, articles and
# pages linking both ways (tests/tools/replicacheck.py); the same bytes
# from run to run.  Screenshots go to build/artefacts/replica/.
#
# The screenshot threshold: Chromium (Skia) and poppler (Splash) draw the
# same glyphs at the same places with different anti-aliasing and stem
# weight (Chromium's ink is 3-5 % heavier), so 93-96 % of the ink agrees
# within a pixel on the example edition at 72 dpi, and page 1 against page
# 2 agrees on 26 %.  90 % fails a missing article, photo or column.
set -eu
. "$BANMIAN_ROOT/tests/e2e/lib.bash"
d="$TEST_TMP/replica"; mkdir -p "$d"
art="${ARTEFACTS:-$BANMIAN_ROOT/build/artefacts}/replica"; mkdir -p "$art"
sim=$(dirname "$BANMIAN")/tests/imgsim
[ -x "$sim" ] || fail "imgsim not built ($sim)"
[ -d "$BANMIAN_ROOT/tests/reader/node_modules/playwright-core" ] \
    || fail "tests/reader/node_modules missing (make deps)"

"$BANMIAN" build "$BANMIAN_ROOT/examples/hexi" -o "$d/a" --fxl --pdf -q 2>/dev/null \
    || fail "build --fxl"
book=("$d/a"/*.replica.epub)
pdf=("$d/a"/*.pdf)
[ -f "${book[0]}" ] || fail "no replica EPUB: $(ls "$d/a")"
# EPUBCheck on the replicas of every example and test edition, one JVM
books=("${book[0]}")
for ed in "$BANMIAN_ROOT/examples/tabloid-mini" "$BANMIAN_ROOT"/tests/editions/*/; do
    [ -f "$ed/edition.xml" ] || continue
    name=$(basename "$ed")
    "$BANMIAN" build "$ed" -o "$d/ed-$name" --fxl -q 2>/dev/null || fail "build --fxl $name"
    books+=("$(ls "$d/ed-$name"/*.replica.epub)")
done
log="$d/epubcheck.log"
java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp /usr/share/java/epubcheck.jar \
    "$BANMIAN_ROOT/tests/tools/EpubCheckAll.java" "${books[@]}" >"$log" 2>&1 \
    || fail "EPUBCheck: $(grep -E 'ERROR|WARNING|FATAL|EpubCheckAll' "$log" | head -20)"
[ "$(grep -c "^EpubCheckAll: .*: 0 errors, 0 warnings" "$log")" -eq ${#books[@]} ] \
    || fail "EPUBCheck: $(cat "$log" | head -20)"
grep "^EpubCheckAll" "$log"

mkdir -p "$d/x" "$d/shots"
unzip -q "${book[0]}" -d "$d/x"
grep -q '<meta property="rendition:layout">pre-paginated</meta>' "$d/x/OEBPS/content.opf" \
    || fail "the package is not pre-paginated"
grep -q 'idref="article-001" properties="rendition:layout-reflowable"' "$d/x/OEBPS/content.opf" \
    || fail "the articles are not reflowable items"
res=$(node "$BANMIAN_ROOT/tests/tools/replica.mjs" "$d/x" "$d/shots") \
    || fail "Chromium: $res"
echo "$res"
"$PYTHON" "$BANMIAN_ROOT/tests/tools/replicacheck.py" "$d/x" "${pdf[0]}" "$d/shots" \
    || fail "replicacheck"

pdftoppm -r 72 -png "${pdf[0]}" "$d/ref"
n=$(ls "$d/shots"/page-*.png | wc -l)
[ "$n" -ge 2 ] || fail "only $n pages"
for i in $(seq 1 "$n"); do
    nn=$(printf %02d "$i")
    fig=$("$sim" "$d/shots/page-$nn.png" "$d/ref-$(printf "%0${#n}d" "$i").png") \
        || fail "imgsim page $i: $fig"
    echo "page $i in Chromium against pdftoppm: $fig"
    "$PYTHON" -c 'import json,sys; f=json.loads(sys.argv[1]); sys.exit(0 if f["ink_agree"] >= 0.90 and 0.95 <= f["ink_ratio"] <= 1.08 else 1)' "$fig" \
        || fail "page $i does not look like the PDF's ($fig)"
    cp "$d/shots/page-$nn.png" "$art/"
done
fig=$("$sim" "$d/shots/page-01.png" "$d/ref-$(printf "%0${#n}d" 2).png")
"$PYTHON" -c 'import json,sys; f=json.loads(sys.argv[1]); sys.exit(0 if f["ink_agree"] < 0.9 else 1)' "$fig" \
    || fail "page 1 passes for page 2 ($fig)"

# the same bytes again
"$BANMIAN" build "$BANMIAN_ROOT/examples/hexi" -o "$d/b" --fxl -q 2>/dev/null || fail "second build"
cmp -s "${book[0]}" "$d/b/$(basename "${book[0]}")" || fail "the replica differs between two runs"
echo "replica: ok"
