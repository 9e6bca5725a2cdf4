#!/usr/bin/env bash
# Batch builds (issue 18): many editions in one process, `--batch FILE`,
# `-j N`.  Each edition's files are byte for byte those of building it
# alone, with and without faces preprocessed for subsetting, at -j 1 and
# -j 2; a failed edition is reported with its directory in front of
# file:line and the others are built; the exit status counts the failures;
# two editions that would write the same files: the later one fails;
# progress shows on a terminal only.
set -u
source "$(dirname "$0")/lib.bash"
T="$TEST_TMP/batch"   # TEST_TMP is shared by every test of a run
mkdir -p "$T"
r="$BANMIAN_ROOT"
eds=("$r/examples/tabloid-mini" "$r/tests/editions/sparse" "$r/tests/editions/tabloid-feature")

# each alone
for e in "${eds[@]}"; do
    "$BANMIAN" build "$e" -o "$T/alone" -q 2>/dev/null || fail "build $e failed"
done
n_alone=$(ls "$T/alone" | wc -l)
[ "$n_alone" -eq 6 ] || fail "expected 3 PDFs and 3 EPUBs alone, found $n_alone files"

same_as_alone() {  # DIR what
    local f n=0
    for f in "$T/alone"/*; do
        n=$((n + 1))
        cmp -s "$f" "$1/$(basename "$f")" || fail "$2: $(basename "$f") differs from its build alone"
    done
    [ "$(ls "$1" | wc -l)" -eq "$n" ] || fail "$2: other files than the builds alone: $(ls "$1")"
}

# directories on the command line, two at a time
out=$("$BANMIAN" build "${eds[@]}" -j 2 -o "$T/j2" 2>"$T/j2.err") \
    || fail "batch -j 2 exited $?: $(cat "$T/j2.err")"
same_as_alone "$T/j2" "-j 2"
# reports come in the order given, whatever order the editions finish in
order=$(printf '%s\n' "$out" | sed -n 's/: [0-9]* pages\{0,1\} (.*//p')
[ "$order" = "$(printf '%s\n' "${eds[@]}")" ] || fail "reports out of order: $order"
expect_contains "$out" "3 editions: 3 built, 0 failed"
# three editions do not make preprocessing pay (auto)
expect_contains "$out" "0 faces preprocessed for subsetting"
# warnings carry their edition in front of file:line
expect_contains "$(cat "$T/j2.err")" "$r/examples/tabloid-mini: $r/examples/tabloid-mini/edition.xml: warning:"

# a list file, faces preprocessed for subsetting, one at a time
list="$T/list"
printf '# the editions of a test\n\n  %s  \n%s\n# %s\n%s\n' \
    "${eds[0]}" "${eds[1]}" "not this one" "${eds[2]}" >"$list"
"$BANMIAN" build --batch "$list" --prepare-fonts yes -o "$T/prep" >"$T/prep.out" 2>&1 \
    || fail "batch --prepare-fonts yes exited $?: $(cat "$T/prep.out")"
same_as_alone "$T/prep" "--batch with preprocessed faces"
grep -Eq ' [2-9] faces preprocessed for subsetting' "$T/prep.out" \
    || fail "--prepare-fonts yes: expected the faces used preprocessed: $(tail -1 "$T/prep.out")"

# --alto folders too (a PDF per page: many subsets of each face)
"$BANMIAN" build "${eds[0]}" --alto -o "$T/alto1" -q 2>/dev/null || fail "--alto alone failed"
"$BANMIAN" build "${eds[0]}" "${eds[0]}/edition.xml" --alto --prepare-fonts yes -j 2 \
    -o "$T/alto2" >/dev/null 2>"$T/alto2.err"
rc=$?
[ "$rc" -eq 1 ] || fail "one directory given twice: exit $rc, expected 1 (one failed)"
diff -r "$T/alto1" "$T/alto2" >/dev/null || fail "--alto folder differs from its build alone"
expect_contains "$(cat "$T/alto2.err")" \
    "${eds[0]}/edition.xml: error: its files would be named tabloid-mini-2026-11-21.* like those of ${eds[0]}, given before it"

# failures: a broken article, a directory that is not there, a file that
# is not an edition; the good editions are built all the same
bad="$T/broken"
cp -r "$r/examples/tabloid-mini" "$bad"
sed -i '0,/<headline>/s//<headline><oops>/' "$bad/articles/t1-sd-1.xml"
printf '%s\n%s\n%s\n%s\n' "${eds[1]}" "$bad" "$T/nowhere" "$list" >"$T/list2"
rc=0
out=$("$BANMIAN" build --batch "$T/list2" "${eds[2]}" -j 2 -o "$T/fail" 2>"$T/fail.err") || rc=$?
err=$(cat "$T/fail.err")
[ "$rc" -eq 3 ] || fail "three editions failed: exit $rc, expected 3; stderr: $err"
expect_contains "$err" "$bad: $bad/articles/t1-sd-1.xml:"
expect_contains "$err" "$T/nowhere: $T/list2:3: error: no such edition directory"
expect_contains "$err" "$list: $T/list2:4: error: not an edition"
expect_contains "$out" "5 editions: 2 built, 3 failed"
for f in sparse-2026-12-04 tabloid-feature-2026-12-03; do
    for x in pdf epub; do
        cmp -s "$T/alone/$f.$x" "$T/fail/$f.$x" || fail "$f.$x not built as alone next to failures"
    done
done
left=$(ls "$T/fail" | grep -v -e '^sparse-2026-12-04\.' -e '^tabloid-feature-2026-12-03\.' || true)
[ -z "$left" ] || fail "a failed edition left files behind: $left"

# usage
expect_exit 2 "-j wants a number" "$BANMIAN" build "${eds[@]}" -j x
expect_exit 2 "-j wants a number" "$BANMIAN" build "${eds[@]}" -j -1
expect_exit 2 "are for several editions" "$BANMIAN" build "${eds[0]}" -j 2
expect_exit 2 "--dump-layout is for one edition" "$BANMIAN" build "${eds[@]}" --dump-layout "$T/x.json"
expect_exit 2 "--prepare-fonts wants auto, yes or no" "$BANMIAN" build "${eds[@]}" --prepare-fonts maybe
expect_exit 2 "not both" "$BANMIAN" build "${eds[0]}" "$r/examples/dumps/$(ls "$r/examples/dumps" | grep '\.txt$' | head -1)"
printf '# nothing\n\n' >"$T/empty"
expect_exit 2 "names no edition" "$BANMIAN" build --batch "$T/empty"
expect_exit 1 "$T/absent" "$BANMIAN" build --batch "$T/absent"

# progress: on a terminal (script(1) gives the build one), not in a pipe
grep -q "editions built" "$T/j2.err" && fail "progress written to a file"
if command -v script >/dev/null; then
    script -qec "'$BANMIAN' build '${eds[0]}' '${eds[1]}' -o '$T/tty' -q" /dev/null \
        >"$T/tty.out" 2>&1 || fail "batch on a terminal failed: $(cat "$T/tty.out")"
    expect_contains "$(cat "$T/tty.out")" "banmian build: 2 of 2 editions built"
else
    fail "script(1) (util-linux) is needed for the progress check"
fi
echo "batch: 3 editions as built alone at -j 1 and -j 2, preprocessed faces, --alto; 3 failures reported and counted"
