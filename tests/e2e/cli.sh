#!/usr/bin/env bash
# The command line itself: --help, --version, unknown commands, exit codes.
set -eu
. "$BANMIAN_ROOT/tests/e2e/lib.bash"

out=$("$BANMIAN" --help)
expect_contains "$out" "banmian build EDITION_DIR"
expect_contains "$out" "Exit status"
out=$("$BANMIAN" --version)
expect_contains "$out" "banmian 0."
expect_exit 2 "unknown command 'frobnicate'" "$BANMIAN" frobnicate
expect_exit 2 "Usage" "$BANMIAN"

# Reproducible by default: with no SOURCE_DATE_EPOCH every time stamp is the
# edition's date, so two builds a second apart are byte for byte the same.
d="$TEST_TMP/cli-repro"; mkdir -p "$d"
ed="$BANMIAN_ROOT/examples/tabloid-mini"
for i in 1 2; do
    env -u SOURCE_DATE_EPOCH "$BANMIAN" build "$ed" --pdf --epub --alto -q -o "$d/$i" 2>/dev/null \
        || fail "build $i without SOURCE_DATE_EPOCH"
    [ $i = 2 ] || sleep 1.1
done
diff -r "$d/1" "$d/2" >/dev/null || fail "two builds without SOURCE_DATE_EPOCH differ"
info=$(pdfinfo "$(ls "$d"/1/*.pdf)")
expect_contains "$info" "CreationDate:    Sat Nov 21 00:00:00 2026"
unzip -p "$(ls "$d"/1/*.epub)" OEBPS/content.opf | grep -q 'dcterms:modified">2026-11-21T00:00:00Z' \
    || fail "the EPUB's modified date is not the edition's"
grep -q '2026-11-21T00:00:00' "$(ls -d "$d"/1/*-alto)/mets.xml" || fail "METS date is not the edition's"
echo "ok   reproducible without SOURCE_DATE_EPOCH"

# -o names a directory that is not there yet, and the dump goes into it
d="$TEST_TMP/cli-new/out"
"$BANMIAN" build "$ed" --pdf -q -o "$d" --dump-layout "$d/layout.json" 2>/dev/null \
    || fail "build -o NEW --dump-layout NEW/layout.json"
[ -s "$d/layout.json" ] && ls "$d"/*.pdf >/dev/null || fail "no dump or PDF in the new -o directory"
d2="$TEST_TMP/cli-new2"
"$BANMIAN" build "$ed" --pdf -q -o "$d2/out" --dump-layout "$d2/dumps/layout.json" 2>/dev/null \
    || fail "build --dump-layout NEWDIR/layout.json"
[ -s "$d2/dumps/layout.json" ] || fail "no dump in its new directory"
echo "ok   -o creates the directory the dump is written into, --dump-layout its own"
