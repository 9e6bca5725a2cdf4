#!/usr/bin/env bash
# search.sh - the PDF's text layer finds what the copy says: at every
# Han-Latin boundary of every example edition and test edition,
# tests/tools/searchcheck.py finds 「5月16日」 unspaced where the copy has no
# space, and at every real space next to a Han character (本报讯　12月1日,
# 第2版　要闻, Wi-Fi 6) the space kept, the text on both sides together.
# Required of all three extractors: poppler (pdftotext, default and -raw),
# MuPDF (mutool) and pdf.js, which find word spaces by geometry -- the
# glyph before a glued gap is a wide copy of itself whose advance covers
# the gap (src/font/wide.c), and the glyph before an em-wide real space one
# that leaves a 1/2-em gap, which poppler's default mode no longer takes for
# a column's edge (src/pdf/census.c, bm_pdf_space_hole).
set -eu
. "$BANMIAN_ROOT/tests/e2e/lib.bash"
d="$TEST_TMP/search"; mkdir -p "$d"
[ -d "$BANMIAN_ROOT/tests/pdftext/node_modules/pdfjs-dist" ] \
    || fail "pdf.js is not installed: run make deps (npm ci in tests/pdftext)"

n=0
for ed in "$BANMIAN_ROOT"/examples/*/ "$BANMIAN_ROOT"/tests/editions/*/; do
    [ -f "$ed/edition.xml" ] || continue
    name=$(basename "$ed")
    for mode in pdf pdfa; do
        out="$d/$name-$mode"
        "$BANMIAN" build "$ed" -o "$out" --$mode -q --dump-layout "$out.json" \
            >/dev/null 2>"$d/err" || fail "$name: build --$mode failed: $(cat "$d/err")"
        r=$("$PYTHON" "$BANMIAN_ROOT/tests/tools/searchcheck.py" \
            --require "pdftotext,pdftotext -raw,mutool,pdf.js" "$out.json" "$out"/*.pdf) \
            || fail "$name --$mode: $r"
        printf '%s --%s:\n%s\n' "$name" "$mode" "$(printf '%s\n' "$r" | grep -v 'not found')"
        n=$((n + 1))
    done
done
[ "$n" -ge 4 ] || fail "only $n editions checked"

# a glued run's /ActualText neither drops nor repeats a neighbour's text:
# poppler's -raw text has every character of the LayoutDoc, once
for ed in "$BANMIAN_ROOT"/examples/*/; do
    [ -f "$ed/edition.xml" ] || continue
    name=$(basename "$ed")
    pdftotext -raw -enc UTF-8 "$d/$name-pdf"/*.pdf "$d/$name.txt"
    "$PYTHON" - "$d/$name-pdf.json" "$d/$name.txt" <<'PY' || fail "$name: text lost"
import collections, json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
want = collections.Counter(c for pg in doc["pages"] for ln in pg["lines"]
                           for c in ln["text"] if not c.isspace())
got = collections.Counter(c for c in open(sys.argv[2], encoding="utf-8").read()
                          if not c.isspace())
if want != got:
    print("missing:", dict((want - got).most_common(8)),
          "extra:", dict((got - want).most_common(8)), file=sys.stderr)
    sys.exit(1)
PY
done
