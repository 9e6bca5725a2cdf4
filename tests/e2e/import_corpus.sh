#!/usr/bin/env bash
# The page-dump importer against the hand-checked corpus pages: the issue 2
# thresholds, per page, so they cannot regress.  Reads the corpus when it is
# there ($BANMIAN_CORPUS, default ../shared/corpus; else one "skipped" line)
# and always holds our own example dump (examples/dumps) to the same
# thresholds, scored by the project's own tests/tools/score_import.py.
set -eu
. "$BANMIAN_ROOT/tests/e2e/lib.bash"

corpus=$CORPUS
score="$TOOLS/score_import.py"
golds=("$BANMIAN_ROOT"/examples/dumps/*.gold.json)
corpus_part "corpus pages" && golds+=("$corpus"/*.gold.json)
n=0
for gold in "${golds[@]}"; do
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
    "$PYTHON" "$score" "$gold" "$out" --source "$page" >"$TEST_TMP/$name.score"
    "$PYTHON" - "$TEST_TMP/$name.score" "$name" <<'PY'
import json, sys
s = json.loads(open(sys.argv[1]).readline())
page = sys.argv[2]
checks = [
    ("all articles found", s["articles_found"] == s["articles_expected"]),
    ("headline >= 0.90", s["fields"]["headline"] >= 0.90),
    ("kicker >= 0.85", s["fields"]["kicker"] >= 0.85),
    ("byline >= 0.85", s["fields"]["byline"] >= 0.85),
    ("paragraph count accuracy >= 0.85", s["paragraph_count"] >= 0.85),
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
[ "$n" -ge 1 ] || fail "no page with a gold file"
if have_corpus; then
    ls "$corpus"/page-a.gold.json "$corpus"/page-b.gold.json >/dev/null || fail "no page-a/page-b gold in $corpus"
fi
