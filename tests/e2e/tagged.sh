#!/usr/bin/env bash
# tagged.sh - every PDF is tagged: on every example and test edition the
# structure tree lists the articles in edition order with all their text
# (tests/tools/structorder.py, through poppler's pdfinfo -struct-text), and
# keeps the machine-checkable tagged-PDF and PDF/UA-1 rules
# (tests/tools/uacheck.py); --pdfua adds the UA identification, also with
# --pdfa, which still passes tests/tools/pdfa_check.py.
set -eu
. "$BANMIAN_ROOT/tests/e2e/lib.bash"
d="$TEST_TMP/tagged"; mkdir -p "$d"
"$PYTHON" -c 'import pikepdf' 2>/dev/null || fail "python3-pikepdf is missing (make deps)"
expect_contains "$("$BANMIAN" build --help)" "--pdfua"

n=0
for ed in "$BANMIAN_ROOT"/examples/*/ "$BANMIAN_ROOT"/tests/editions/*/; do
    [ -f "$ed/edition.xml" ] || continue
    name=$(basename "$ed")
    "$BANMIAN" build "$ed" -o "$d/$name" --pdf -q --dump-layout "$d/$name.json" \
        >/dev/null 2>"$d/err" || fail "$name: build failed: $(cat "$d/err")"
    pdf=$(ls "$d/$name"/*.pdf)
    expect_contains "$(pdfinfo "$pdf")" "Tagged:          yes"
    r=$("$PYTHON" "$BANMIAN_ROOT/tests/tools/structorder.py" "$ed" "$d/$name.json" "$pdf") \
        || fail "$name: structure tree: $r"
    echo "$name: $r"
    r=$("$PYTHON" "$BANMIAN_ROOT/tests/tools/uacheck.py" "$pdf") || fail "$name: $r"
    echo "$name: $r"
    # without --pdfua the file does not claim PDF/UA
    "$PYTHON" "$BANMIAN_ROOT/tests/tools/uacheck.py" --ua "$pdf" >/dev/null \
        && fail "$name: a plain PDF claims PDF/UA"

    for mode in "--pdfua" "--pdfa --pdfua"; do
        o="$d/$name${mode// /}"
        # shellcheck disable=SC2086
        "$BANMIAN" build "$ed" -o "$o" $mode -q >/dev/null 2>"$d/err" \
            || fail "$name $mode: build failed: $(cat "$d/err")"
        r=$("$PYTHON" "$BANMIAN_ROOT/tests/tools/uacheck.py" --ua "$o"/*.pdf) \
            || fail "$name $mode: $r"
        qpdf --check "$o"/*.pdf >"$d/qpdf" 2>&1 || fail "$name $mode: qpdf: $(cat "$d/qpdf")"
    done
    r=$("$PYTHON" "$BANMIAN_ROOT/tests/tools/pdfa_check.py" --links-optional "$d/$name--pdfa--pdfua"/*.pdf) \
        || fail "$name --pdfa --pdfua: PDF/A rules broken: $r"
    n=$((n + 1))
done
[ "$n" -ge 2 ] || fail "only $n editions checked"
