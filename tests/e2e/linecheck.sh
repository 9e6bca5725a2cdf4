#!/usr/bin/env bash
# linecheck.sh - Chinese line breaking as a reader of the PDF sees it:
# tests/tools/cjk_linecheck.py over the two example editions and every
# corpus page (when the corpus is there) built as an edition must find no line starting or ending
# with a forbidden mark, no 孤字 or one-character last line, and no line
# of a paragraph that stops short of its column (ragged_lines; a wrapped
# byline, credit or subheading is a display line, ragged by design, and
# counted apart by tests/tools/linecheck_display.py).  The last
# also catches columns that run together for a text extractor (a gutter
# too narrow) and marks whose glyph boxes fall on each other.  MuPDF and
# poppler must extract the same characters.
set -eu
. "$BANMIAN_ROOT/tests/e2e/lib.bash"
d="$TEST_TMP/linecheck"; mkdir -p "$d"

check() {  # name pdf
    local out
    # text extraction is exact with MuPDF too (it ignores /ActualText): the
    # same characters as poppler's, none missing (…… once was)
    "$PYTHON" - "$2" <<'PY' || fail "$1: mutool and pdftotext extract different text"
import collections, subprocess, sys
f = sys.argv[1]
a = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", f, "-"], check=True,
                   capture_output=True, text=True).stdout
b = subprocess.run(["mutool", "draw", "-q", "-F", "txt", f], check=True,
                   capture_output=True, text=True).stdout
ca = collections.Counter(c for c in a if not c.isspace())
cb = collections.Counter(c for c in b if not c.isspace())
if ca != cb or not ca:
    print("poppler only:", dict((ca - cb).most_common(10)),
          "mutool only:", dict((cb - ca).most_common(10)), file=sys.stderr)
    sys.exit(1)
PY
    out=$("$PYTHON" "$BANMIAN_ROOT/tests/tools/linecheck_display.py" \
            "$TOOLS/cjk_linecheck.py" "$2" "$3" 2>"$d/$1.ex") \
        || fail "cjk_linecheck.py failed on $2"
    echo "linecheck $1: $out"
    "$PYTHON" - "$out" "$d/$1.ex" "$1" <<'PY' || fail "$1: line breaking"
import json, sys
r = json.loads(sys.argv[1])
bad = {k: r[k] for k in ("start_forbidden", "end_forbidden", "widow_single_char",
                         "widow_short", "ragged_lines") if r[k]}
if r["body_lines"] < 200 or bad:
    print(sys.argv[3], "body_lines", r["body_lines"], bad, file=sys.stderr)
    print(open(sys.argv[2], encoding="utf-8").read()[:3000], file=sys.stderr)
    sys.exit(1)
PY
}

for ed in hexi tabloid-mini; do
    "$BANMIAN" build "$BANMIAN_ROOT/examples/$ed" --pdf -q -o "$d/$ed" \
        --dump-layout "$d/$ed.json" 2>"$d/$ed.err" \
        || fail "build examples/$ed: $(cat "$d/$ed.err")"
    ! grep -q "note:" "$d/$ed.err" || fail "build -q printed notes: $(cat "$d/$ed.err")"
    check "$ed" "$(ls "$d/$ed"/*.pdf)" "$d/$ed.json"
done
pages=()
corpus_part "corpus pages" && pages=("$CORPUS"/page-*.txt)
for page in "${pages[@]}"; do
    name=$(basename "$page" .txt)
    "$BANMIAN" build "$page" --pdf -q -o "$d/$name" --dump-layout "$d/$name.json" \
        2>"$d/$name.err" || fail "build $page: $(cat "$d/$name.err")"
    check "$name" "$(ls "$d/$name"/*.pdf)" "$d/$name.json"
done
echo ok
