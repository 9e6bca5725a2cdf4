#!/usr/bin/env bash
# pdf.sh - the PDF back end checked with poppler, MuPDF and qpdf on the
# hand-built LayoutDoc of tests/unit/test_pdf.c (CFF body face, TrueType kai
# face, fallback characters incl. Extension B, one character no font has).
set -eu
. "$BANMIAN_ROOT/tests/e2e/lib.bash"
unit="$(dirname "$BANMIAN")/tests/test_pdf"
[ -x "$unit" ] || fail "no $unit"
d="$TEST_TMP/pdf"; mkdir -p "$d"

BM_PDF_OUT="$d/a.pdf" "$unit" >/dev/null 2>&1 || fail "test_pdf failed"
BM_PDF_OUT="$d/b.pdf" "$unit" >/dev/null 2>&1 || fail "test_pdf failed"
cmp -s "$d/a.pdf" "$d/b.pdf" || fail "two runs gave different bytes"

# every font embedded, subset, with a ToUnicode map
fonts=$(pdffonts "$d/a.pdf" 2>"$d/err") || fail "pdffonts failed"
[ ! -s "$d/err" ] || fail "pdffonts: $(cat "$d/err")"
n=$(printf '%s\n' "$fonts" | tail -n +3 | wc -l)
[ "$n" -ge 6 ] || fail "expected >= 6 fonts, got: $fonts"
bad=$(printf '%s\n' "$fonts" | tail -n +3 | awk '$(NF-4)!="yes"||$(NF-3)!="yes"||$(NF-2)!="yes"')
[ -z "$bad" ] || fail "font not embedded/subset/unicode: $bad"
expect_contains "$fonts" "CID Type 0C"
expect_contains "$fonts" "CID TrueType"

# exact text, in the order written, no warning (poppler and MuPDF turn the
# ideographic space U+3000 into a word space: compare with that folded)
pdftotext -raw -enc UTF-8 "$d/a.pdf" "$d/raw.txt" 2>"$d/err" || fail "pdftotext failed"
[ ! -s "$d/err" ] || fail "pdftotext warned: $(cat "$d/err")"
fold() { sed 's/\xe3\x80\x80/ /g' "$1" | tr -d '\f' | grep -v '^$'; }
diff <(fold "$d/a.pdf.txt") <(fold "$d/raw.txt") >"$d/diff" \
    || fail "pdftotext text differs: $(cat "$d/diff")"
grep -q '𠀋' "$d/raw.txt" || fail "Extension B character not extracted"
expect_contains "$fonts" "UKaiCN"   # 翀 of the kai line: the 楷 fallback (a TTC)
expect_contains "$fonts" "BabelStoneHan"
grep -q "$(printf '\xf4\x8f\xbf\xbd')" "$d/raw.txt" || fail "placeholder text lost"

mutool draw -F txt -o "$d/mu.txt" "$d/a.pdf" 2>"$d/err" || fail "mutool failed"
grep -v -e 'ICC support is not available' -e '^page ' "$d/err" >"$d/err2" || true
[ ! -s "$d/err2" ] || fail "mutool warned: $(cat "$d/err2")"
# MuPDF 1.21 ignores /ActualText: leave out the line of odd clusters and
# the zero-width space carried by the glyph before it
diff <(fold "$d/a.pdf.txt" | grep -v '^乙甲' | sed 's/\xe2\x80\x8b//g') \
     <(fold "$d/mu.txt" | sed 's/ *$//' | grep -v '^乙甲') >"$d/diff" \
    || fail "mutool text differs: $(cat "$d/diff")"

# pages render without complaint
pdftoppm -r 20 -png "$d/a.pdf" "$d/pg" 2>"$d/err" || fail "pdftoppm failed"
[ ! -s "$d/err" ] || fail "pdftoppm: $(cat "$d/err")"

qpdf --check "$d/a.pdf" >"$d/qpdf" 2>&1 || fail "qpdf --check: $(cat "$d/qpdf")"
# tagged: every line and image tagged or an artifact, the jump links in
# Link elements (tests/tools/uacheck.py)
r=$("$PYTHON" "$BANMIAN_ROOT/tests/tools/uacheck.py" "$d/a.pdf") || fail "tags: $r"
expect_contains "$(pdfinfo "$d/a.pdf")" "Tagged:          yes"
info=$(pdfinfo "$d/a.pdf")
expect_contains "$info" "Title:           版面测试日报 2026-01-01"
expect_contains "$info" "Metadata Stream: yes"
expect_contains "$info" "Pages:           2"

# ---- through the CLI: the example edition and a corpus page ----------------
ex="$BANMIAN_ROOT/examples/hexi"
"$BANMIAN" build "$ex" --pdf -q -o "$d/h1" --dump-layout "$d/h1.json" >/dev/null 2>&1 \
    || fail "build examples/hexi failed"
"$BANMIAN" build "$ex" --pdf -q -o "$d/h2" >/dev/null 2>&1 || fail "second build failed"
p1=$(ls "$d"/h1/*.pdf) p2=$(ls "$d"/h2/*.pdf)
cmp -s "$p1" "$p2" || fail "two builds of examples/hexi gave different PDFs"
fonts=$(pdffonts "$p1")
bad=$(printf '%s\n' "$fonts" | tail -n +3 | awk '$(NF-4)!="yes"||$(NF-3)!="yes"||$(NF-2)!="yes"')
[ -z "$bad" ] || fail "font not embedded/subset/unicode: $bad"
qpdf --check "$p1" >"$d/qpdf" 2>&1 || fail "qpdf --check: $(cat "$d/qpdf")"
pdftotext -raw -enc UTF-8 "$p1" "$d/h1.txt" 2>"$d/err" || fail "pdftotext failed"
[ ! -s "$d/err" ] || fail "pdftotext warned: $(cat "$d/err")"
# the PDF's text, in content-stream order, is the LayoutDoc's lines in order
"$PYTHON" - "$d/h1.json" "$d/h1.txt" <<'PY' || fail "PDF text differs from the layout"
import json, re, sys
doc = json.load(open(sys.argv[1]))
pages = doc["pages"] if isinstance(doc, dict) else doc
want = "".join(l["text"] for p in pages for l in p["lines"])
got = open(sys.argv[2], encoding="utf-8").read()
strip = lambda s: re.sub(r"[\s\u3000]", "", s)
if strip(want) != strip(got):
    import difflib
    a, b = strip(want), strip(got)
    for op in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op[0] != "equal":
            print(op[0], repr(a[op[1]:op[2]][:40]), repr(b[op[3]:op[4]][:40]))
            break
    sys.exit(1)
PY
info=$(pdfinfo "$p1")
expect_contains "$info" "Metadata Stream: yes"
"$PYTHON" "$TOOLS/cjk_linecheck.py" "$p1" >/dev/null || fail "cjk_linecheck.py cannot read $p1"

# a failed write leaves nothing: the output name is taken by a directory
mkdir -p "$d/busy/$(basename "$p1")"
rc=0; "$BANMIAN" build "$ex" --pdf -q -o "$d/busy" >/dev/null 2>&1 || rc=$?
[ "$rc" -eq 3 ] || fail "writing over a directory exited $rc, expected 3"
left=$(ls -A "$d/busy" | grep -v "^$(basename "$p1")\$" || true)
[ -z "$left" ] || fail "a failed build left: $left"

pages=()
corpus_part "corpus pages as PDFs" && pages=("$CORPUS"/page-*.txt)
for page in "${pages[@]}"; do
    n=$(basename "$page" .txt)
    "$BANMIAN" build "$page" --pdf -q -o "$d/$n" >/dev/null 2>&1 || fail "build $n failed"
    f=$(ls "$d/$n"/*.pdf)
    pdftotext -raw "$f" /dev/null 2>"$d/err"; [ ! -s "$d/err" ] || fail "pdftotext warned on $n"
    r=$("$PYTHON" "$TOOLS/roundtrip.py" --raw --ref "$page" "$f") || fail "roundtrip.py on $f"
    "$PYTHON" -c 'import json,sys; r=json.loads(sys.argv[1]); sys.exit(r["lost"] > 0 or r["replacement_chars"] > 0)' \
        "$r" || fail "characters of $page lost in $f: $r"
done
echo ok
