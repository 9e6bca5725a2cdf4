#!/usr/bin/env bash
# The page-dump importer on every dump with a gold file, scored by the
# project's own scorer (tests/tools/score_import.py --check) against the
# figures of issue 15: every article found, headline/kicker/byline >= 0.95,
# paragraph count >= 0.95, body similarity >= 0.98, no Han character
# missing, no caption set as body, no subheading cut at a column end, no
# stray space where Chinese text meets a digit or Latin word.  Our own
# dumps (tests/fixtures/dumps: a photo page, a feature with 小标题, a packed
# page) and examples/dumps/** always; the corpus pages when
# $BANMIAN_CORPUS (default ../shared/corpus) is there, else one "skipped" line.
set -eu
. "$BANMIAN_ROOT/tests/e2e/lib.bash"

score="$BANMIAN_ROOT/tests/tools/score_import.py"
"$PYTHON" "$score" --self-test >/dev/null || fail "score_import.py self-test"
# our dumps and their gold files come from one description each
mkdir -p "$TEST_TMP/regen"
DUMPS_OUT="$TEST_TMP/regen" "$PYTHON" \
    "$BANMIAN_ROOT/tests/fixtures/dumps/make_dumps.py" \
    || fail "make_dumps.py failed"
for f in "$TEST_TMP"/regen/*; do
    cmp -s "$f" "$BANMIAN_ROOT/tests/fixtures/dumps/$(basename "$f")" \
        || fail "tests/fixtures/dumps/$(basename "$f") differs from what make_dumps.py writes"
done
corpus=$CORPUS
golds=("$BANMIAN_ROOT"/tests/fixtures/dumps/*.gold.json
       "$BANMIAN_ROOT"/examples/dumps/*.gold.json
       "$BANMIAN_ROOT"/examples/dumps/extra/*.gold.json)
if [ -d "$corpus" ]; then
    golds+=("$corpus"/*.gold.json)
else
    echo "skipped: corpus pages (no $corpus)"
fi
n=0 bad=0
for gold in "${golds[@]}"; do
    [ -f "$gold" ] || continue
    page="${gold%.gold.json}.txt"
    name=$(basename "$page" .txt)
    out="$TEST_TMP/score-$name.json"
    "$BANMIAN" import "$page" --json >"$out" 2>"$TEST_TMP/score-$name.err" \
        || fail "import $page failed: $(cat "$TEST_TMP/score-$name.err")"
    # every warning names file:line
    while IFS= read -r w; do
        case "$w" in "$page":[0-9]*": warning: "*) ;;
            *) fail "warning without file:line: $w";; esac
    done <"$TEST_TMP/score-$name.err"
    if line=$("$PYTHON" "$score" "$gold" "$out" --source "$page" --check); then
        echo "$name $line"
    else
        echo "$name $line"; bad=$((bad + 1))
    fi
    n=$((n + 1))
done
[ "$n" -ge 7 ] || fail "expected at least 7 dumps with gold files, found $n"
[ "$bad" -eq 0 ] || fail "$bad page(s) below the figures (see above)"
