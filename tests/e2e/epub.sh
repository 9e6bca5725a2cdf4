#!/usr/bin/env bash
# The EPUB back end end to end: the sample edition of tests/unit/test_epub.c
# (with and without an embedded font subset), the example edition and each
# corpus page (when the corpus is there) built as an edition must
# pass EPUBCheck with 0 errors and 0 warnings, carry every character of
# every article in order (roundtrip.py), and rebuild byte for byte.
set -eu
. "$BANMIAN_ROOT/tests/e2e/lib.bash"

sample_bin="$(dirname "$BANMIAN")/tests/test_epub"
[ -x "$sample_bin" ] || fail "missing $sample_bin (make units)"
out="$TEST_TMP/epub"
mkdir -p "$out"
books=()

# roundtrip.py: no article character lost or out of order.
roundtrip() {  # FILE REF...
    local f=$1; shift
    local refs=() r res
    for r in "$@"; do refs+=(--ref "$r"); done
    res=$("$PYTHON" "$TOOLS/roundtrip.py" "${refs[@]}" "$f")
    echo "$res"
    "$PYTHON" - "$res" <<'PY' || fail "roundtrip $f: $res"
import json, sys
r = json.loads(sys.argv[1])
sys.exit(0 if r["ref_chars"] > 0 and r["lost"] == 0 and r["reordered"] == 0
         and r["replacement_chars"] == 0 else 1)
PY
}

"$sample_bin" --write "$out/sample.epub" --ref "$out/sample.txt"
"$sample_bin" --write "$out/sample2.epub"
cmp "$out/sample.epub" "$out/sample2.epub" || fail "two builds of the sample differ"
roundtrip "$out/sample.epub" "$out/sample.txt"
"$sample_bin" --write "$out/embed.epub" --embed
"$sample_bin" --write "$out/embed2.epub" --embed
cmp "$out/embed.epub" "$out/embed2.epub" || fail "two builds with a font differ"
books+=("$out/sample.epub" "$out/embed.epub")

# The CLI: the example edition, then the corpus pages.
if :; then
    if [ -d "$BANMIAN_ROOT/examples/hexi" ]; then
        "$BANMIAN" build "$BANMIAN_ROOT/examples/hexi" --epub -o "$out/hexi1"
        "$BANMIAN" build "$BANMIAN_ROOT/examples/hexi" --epub -o "$out/hexi2"
        e1=$(ls "$out"/hexi1/*.epub) e2=$(ls "$out"/hexi2/*.epub)
        cmp "$e1" "$e2" || fail "two builds of examples/hexi differ"
        books+=("$e1")
        # with the body font's subset and a given cover
        "$BANMIAN" build "$BANMIAN_ROOT/examples/hexi" --epub --embed-font \
            --cover "$BANMIAN_ROOT/examples/hexi/images/opera.png" -o "$out/hexi-font"
        e3=$(ls "$out"/hexi-font/*.epub)
        list=$(unzip -l "$e3")
        expect_contains "$list" "OEBPS/fonts/body."
        expect_contains "$list" "OEBPS/cover.png"
        books+=("$e3")
    fi
    # Against the imported edition (`banmian import --json`: the section
    # labels, listed on the front page, then the articles in the importer's
    # reading order) no character may be lost or out of order.  Against the
    # raw page, whose own order follows the extraction's column jumps, none
    # may be missing either (its order: tests/e2e/roundtrip.sh).
    pages=()
    corpus_part "corpus pages as EPUBs" && pages=("$CORPUS"/page-*.txt)
    for page in "${pages[@]}"; do
        name=$(basename "$page" .txt)
        "$BANMIAN" build "$page" --epub -o "$out/$name"
        e=$(ls "$out/$name"/*.epub)
        res=$("$PYTHON" "$TOOLS/roundtrip.py" --ref "$page" "$e")
        echo "raw page: $res"
        "$PYTHON" -c 'import json,sys; r=json.loads(sys.argv[1]); sys.exit(r["lost"] > 0)' \
            "$res" || fail "characters of $page lost in $e: $res"
        "$BANMIAN" import "$page" --json >"$out/$name.json"
        "$PYTHON" - "$out/$name.json" >"$out/$name.ref" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
for s in d.get("sections") or []:
    print(s)
for a in d["articles"]:
    for k in ("kicker", "headline", "subhead", "byline"):
        if a.get(k):
            print(a[k])
    for p in a.get("paragraphs") or []:
        print(p)
    if a.get("editor_code"):       # where the text ends; photos follow it
        print(a["editor_code"])
    for c in a.get("captions") or []:
        print(c)
    for c in a.get("caption_codes") or []:
        if c:                      # one per caption, null when it has none
            print(c)
    if a.get("credit"):
        print(a["credit"])
PY
        roundtrip "$e" "$out/$name.ref"
        books+=("$e")
    done
fi

# EPUBCheck on every book in one JVM (C1 only: faster start); the plain
# command line, one JVM per book, where the JDK's source launcher is not
# available.
log="$out/epubcheck.log"
rc=0
java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp /usr/share/java/epubcheck.jar \
    "$BANMIAN_ROOT/tests/tools/EpubCheckAll.java" "${books[@]}" >"$log" 2>&1 || rc=$?
if ! grep -q "^EpubCheckAll: " "$log"; then
    rc=0
    for b in "${books[@]}"; do
        java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
            -jar /usr/share/java/epubcheck.jar "$b" >>"$log" 2>&1 || rc=$?
    done
    [ "$(grep -c "Messages: 0 fatals / 0 errors / 0 warnings" "$log")" -eq ${#books[@]} ] || rc=1
else
    [ "$(grep -c "^EpubCheckAll: .*: 0 errors, 0 warnings" "$log")" -eq ${#books[@]} ] || rc=1
fi
grep -E "^EpubCheckAll|^Messages" "$log" || true
[ "$rc" -eq 0 ] || fail "epubcheck: $(grep -E 'ERROR|WARNING|FATAL' "$log" | head -20)"
