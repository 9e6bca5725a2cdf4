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
    --full-pages 3 --min-chars 4000 --min-articles 14 --require-features \
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

# 5. the page dumps and their gold are what mkdump.py prints from the XML,
#    and agree with each other (the scorer finds each gold perfect on its dump)
d="$ex/dumps"
for p in 1 2 3 4; do
    d="$ex/dumps"; [ $p -eq 2 ] || d="$ex/dumps/extra"
    "$PYTHON" "$ex/tools/mkdump.py" "$ex/hexi" $p "$TEST_TMP/p$p.txt" "$TEST_TMP/p$p.gold.json" >/dev/null
    cmp -s "$TEST_TMP/p$p.txt" "$d/hexi-p$p.txt" || fail "examples/dumps/hexi-p$p.txt is out of date: run examples/tools/mkdump.py"
    cmp -s "$TEST_TMP/p$p.gold.json" "$d/hexi-p$p.gold.json" || fail "examples/dumps/hexi-p$p.gold.json is out of date"
    score=$("$PYTHON" "$TOOLS/score_import.py" "$d/hexi-p$p.gold.json" "$d/hexi-p$p.gold.json" \
            --source "$d/hexi-p$p.txt")
    "$PYTHON" - "$score" <<'PY' || fail "hexi-p$p.gold.json does not score perfect on its own dump: $score"
import json, sys
s = json.loads(sys.argv[1])
sys.exit(not (all(v == 1.0 for v in s["fields"].values()) and s["body_similarity"] == 1.0
              and s["paragraph_count"] == 1.0 and s["han_missing"] == 0
              and s["articles_found"] == s["articles_expected"] and not s["articles_extra"]))
PY
done
d="$ex/dumps"
grep -q '[^ ] [^ ]' "$d/hexi-p2.txt" && grep -q '本报讯(' "$d/hexi-p2.txt" && grep -q '^$' "$d/hexi-p2.txt" \
    || fail "the dump lost its OCR spaces, ASCII brackets or blank lines"

# 6. invented means invented: no run of 10 characters shared with the corpus
corpus_part "examples against the corpus" &&
"$PYTHON" - "$CORPUS" "$ex" <<'PY' || { ! have_corpus || fail "examples/ share text with the corpus"; }
import glob, os, re, sys
strip = lambda s: re.sub(r"<[^>]*>|\s", "", s)
corpus = strip("".join(open(f, encoding="utf-8").read() for f in glob.glob(os.path.join(sys.argv[1], "*.txt"))))
runs = {corpus[i:i + 10] for i in range(len(corpus) - 9)}
bad = 0
for f in glob.glob(os.path.join(sys.argv[2], "*", "articles", "*.xml")):
    t = strip(open(f, encoding="utf-8").read())
    for i in range(len(t) - 9):
        if t[i:i + 10] in runs:
            print("%s: '%s' is in the corpus" % (f, t[i:i + 10])); bad += 1; break
sys.exit(1 if bad else 0)
PY

# 7. banmian itself accepts the editions, and imports every dump losing no Han character
for ed in hexi tabloid-mini; do
    "$BANMIAN" check "$ex/$ed" >/dev/null \
        || fail "banmian check examples/$ed failed: $("$BANMIAN" check "$ex/$ed" 2>&1 | head -20)"
done
for p in 1 2 3 4; do
    d="$ex/dumps"; [ $p -eq 2 ] || d="$ex/dumps/extra"
    rc=0; "$BANMIAN" import "$d/hexi-p$p.txt" --json >"$TEST_TMP/i$p.json" 2>"$TEST_TMP/i$p.err" || rc=$?
    [ "$rc" -eq 0 ] || fail "banmian import hexi-p$p.txt exited $rc: $(head -5 "$TEST_TMP/i$p.err")"
    score=$("$PYTHON" "$TOOLS/score_import.py" "$d/hexi-p$p.gold.json" "$TEST_TMP/i$p.json" \
            --source "$d/hexi-p$p.txt")
    expect_contains "$score" '"han_missing": 0,'
done

# 8. a relative edition path builds, pictures included (make demo builds
#    `examples/hexi` from the repository root)
if :; then
    (cd "$BANMIAN_ROOT" && "$BANMIAN" build examples/tabloid-mini --pdf -o "$TEST_TMP/tab" >/dev/null) \
        || fail "banmian build examples/tabloid-mini (relative path) failed"
    pdf=$(ls "$TEST_TMP"/tab/*.pdf)
    [ "$(pdfimages -list "$pdf" | tail -n +3 | wc -l)" -eq 1 ] || fail "the tabloid PDF lost its picture"
    [ "$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')" -ge 2 ] || fail "the tabloid PDF has fewer than 2 pages"
fi
