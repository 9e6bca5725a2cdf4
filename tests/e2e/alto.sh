#!/usr/bin/env bash
# alto.sh - banmian build --alto writes the archive folder: ALTO 4.4 per
# page, one PDF/A-2u per page and a METS 1.12 issue file.  On every example
# and test edition: tests/tools/altocheck.py (the official schemas offline
# through libxml2 and tests/schemas/catalog.xml; ALTO lines = the
# LayoutDoc's; each article's Strings in ReadingOrder = its text; every
# article in the LOGICAL structMap with all its blocks on all its pages);
# each page PDF passes tests/tools/pdfa_check.py and uacheck.py, has one
# page and the page's title; two builds give the same bytes.
set -eu
. "$BANMIAN_ROOT/tests/e2e/lib.bash"
d="$TEST_TMP/alto"; mkdir -p "$d"
tools="$BANMIAN_ROOT/tests/tools"
command -v xmllint >/dev/null || fail "xmllint is missing (make deps: libxml2-utils)"
expect_contains "$("$BANMIAN" build --help)" "--alto"

n=0
for ed in "$BANMIAN_ROOT"/examples/*/ "$BANMIAN_ROOT"/tests/editions/*/; do
    [ -f "$ed/edition.xml" ] || continue
    name=$(basename "$ed")
    "$BANMIAN" build "$ed" -o "$d/$name" --alto -q --dump-layout "$d/$name.json" \
        >/dev/null 2>"$d/err" || fail "$name: build --alto failed: $(cat "$d/err")"
    ls "$d/$name" | grep -q '\.pdf$\|\.epub$' && fail "$name: --alto alone wrote a PDF or EPUB"
    a=$(ls -d "$d/$name"/*-alto)
    r=$("$PYTHON" "$tools/altocheck.py" "$ed" "$d/$name.json" "$a") || fail "$name: $r"
    echo "$name: $r"
    np=$("$PYTHON" -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["pages"]))' "$d/$name.json")
    [ "$(ls "$a"/page-*.pdf | wc -l)" -eq "$np" ] || fail "$name: not one PDF per page"
    for pdf in "$a"/page-*.pdf; do
        r=$("$PYTHON" "$tools/pdfa_check.py" --links-optional "$pdf") || fail "$name $(basename "$pdf"): PDF/A: $r"
        r=$("$PYTHON" "$tools/uacheck.py" "$pdf") || fail "$name $(basename "$pdf"): tags: $r"
        info=$(pdfinfo "$pdf")
        expect_contains "$info" "Pages:           1"
        expect_contains "$info" "版"
    done
    # the same input, the same bytes
    "$BANMIAN" build "$ed" -o "$d/$name-2" --alto -q >/dev/null 2>&1 || fail "$name: second build"
    diff -r "$a" "$d/$name-2/$(basename "$a")" >/dev/null || fail "$name: two builds differ"
    ! ls -a "$d/$name" | grep -q '[.]tmp$\|[.]old$' || fail "$name: a temporary folder was left"
    n=$((n + 1))
done
[ "$n" -ge 2 ] || fail "only $n editions checked"

# --split: the same page files, alone
"$BANMIAN" build "$BANMIAN_ROOT/examples/hexi" -o "$d/split" --split -q >/dev/null 2>&1 \
    || fail "build --split failed"
s=$(ls -d "$d/split"/*-pages)
[ "$(ls "$s" | grep -vc '^page-[0-9][0-9]\.pdf$')" -eq 0 ] || fail "--split wrote more than page PDFs: $(ls "$s")"
a=$(ls -d "$d/hexi"/*-alto)
for pdf in "$a"/page-*.pdf; do
    cmp -s "$pdf" "$s/$(basename "$pdf")" || fail "--split's $(basename "$pdf") differs from --alto's"
done

# the checker and the schemas catch what they are for
a=$(ls -d "$d/hexi"/*-alto)
cp -r "$a" "$d/bad1"
sed -i '0,/<String /s/<String /<Strin /' "$d/bad1/page-01.xml"
"$PYTHON" "$tools/altocheck.py" "$BANMIAN_ROOT/examples/hexi" "$d/hexi.json" "$d/bad1" \
    >"$d/out" 2>&1 && fail "an invalid ALTO file passed"
grep -q "does not validate" "$d/out" || fail "no schema error: $(cat "$d/out")"
cp -r "$a" "$d/bad2"
"$PYTHON" - "$d/bad2/mets.xml" <<'PY'
import re, sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
s = re.sub(r'\s*<area FILEID="ALTO_P2"[^>]*/>', "", s, count=1)
open(p, "w", encoding="utf-8").write(s)
PY
"$PYTHON" "$tools/altocheck.py" "$BANMIAN_ROOT/examples/hexi" "$d/hexi.json" "$d/bad2" \
    >"$d/out" 2>&1 && fail "a METS article missing a block passed"
grep -q "METS areas" "$d/out" || fail "no METS error: $(cat "$d/out")"
echo "negative cases caught"
