#!/usr/bin/env bash
# The page-dump importer against the hand-checked corpus pages: the issue 2
# thresholds, per page, so they cannot regress.  Reads $SHARED/corpus, and
# also holds our own example dump (examples/dumps) to the same thresholds.
set -eu
. "$BANMIAN_ROOT/tests/e2e/lib.bash"

corpus="$SHARED/corpus"
score="$SHARED/tools/score_import.py"
[ -d "$corpus" ] || fail "no corpus at $corpus"
n=0
for gold in "$corpus"/*.gold.json "$BANMIAN_ROOT"/examples/dumps/*.gold.json; do
    [ -f "$gold" ] || continue
    page="${gold%.gold.json}.txt"
    name=$(basename "$page" .txt)
    out="$TEST_TMP/$name.json"
    "$BANMIAN" import "$page" --json >"$out" 2>"$TEST_TMP/$name.err" \
        || fail "import $page failed: $(cat "$TEST_TMP/$name.err")"
    # every warning names file:line
    while IFS= read -r w; do
        case "$w" in "$page":[0-9]*": warning: "*) ;;
            *) fail "warning without file:line: $w";; esac
    done <"$TEST_TMP/$name.err"
    "$PYTHON" "$score" "$gold" "$out" --source "$page" --json-only \
        >"$TEST_TMP/$name.score"
    "$PYTHON" - "$TEST_TMP/$name.score" "$name" <<'PY'
import json, sys
s = json.loads(open(sys.argv[1]).readline())
page = sys.argv[2]
checks = [
    ("all articles found", s["articles_found"] == s["articles_expected"]),
    ("loose headline >= 0.90", s["loose_whitespace"]["headline"] >= 0.90),
    ("loose kicker >= 0.85", s["loose_whitespace"]["kicker"] >= 0.85),
    ("loose byline >= 0.85", s["loose_whitespace"]["byline"] >= 0.85),
    ("paragraph count accuracy >= 0.85", s["paragraph_count_accuracy"] >= 0.85),
    ("body similarity >= 0.97", s["body_similarity"] >= 0.97),
    ("no Han character missing", s["han_missing"] == 0),
]
bad = [c for c, ok in checks if not ok]
print(page, json.dumps(s, ensure_ascii=False))
if bad:
    sys.exit(page + ": below threshold: " + "; ".join(bad))
PY
    n=$((n + 1))
done
[ "$n" -ge 2 ] || fail "expected at least 2 corpus pages, found $n"
ls "$corpus"/page-a.gold.json "$corpus"/page-b.gold.json >/dev/null
