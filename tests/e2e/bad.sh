#!/usr/bin/env bash
# Bad-input suite (tests/bad/cases): every hostile or broken input gives its
# expected exit code and a message naming the file, leaves no partial PDF or
# EPUB behind, and ends in bounded time.  Inputs come from tests/bad/gen.py.
set -u
source "$BANMIAN_ROOT/tests/e2e/lib.bash"
GEN="$TEST_TMP/bad"
rm -rf "$GEN"
"$PYTHON" "$BANMIAN_ROOT/tests/bad/gen.py" "$GEN" || fail "gen.py failed"
export GEN
# Did text of a file outside the edition (XXE, path escape) reach the output?
leaked() {
    local f
    grep -q 'root:x:0' "$TEST_TMP/bad.stdout" && return 0
    for f in "$1"/*.pdf; do
        [ -f "$f" ] && pdftotext -q "$f" - | grep -q 'root:x:0' && return 0
    done
    for f in "$1"/*.epub; do
        [ -f "$f" ] && unzip -p "$f" | grep -q 'root:x:0' && return 0
    done
    return 1
}

n=0 bad=0 failed=()
while IFS='|' read -r name want frag args; do
    case "$name" in ''|'#'*) continue;; esac
    n=$((n + 1))
    OUT="$TEST_TMP/bad-out/$name"
    rm -rf "$OUT"; mkdir -p "$OUT"
    export OUT
    eval "set -- $args"
    # leading NAME=VALUE words set the environment of that case alone
    envs=()
    while [ $# -gt 0 ] && [[ "$1" =~ ^[A-Z_]+= ]]; do envs+=("$1"); shift; done
    rc=0
    # bounded time: 300 s of CPU (ulimit -t; a loaded machine stretches
    # wall time, not CPU time) and 900 s of wall time for a process that
    # blocks without using any (a FIFO opened for reading)
    err=$(cd "$GEN" && ulimit -t 300 && env "${envs[@]}" timeout 900 "$BANMIAN" "$@" 2>&1 >"$TEST_TMP/bad.stdout") || rc=$?
    why=
    if [ "$rc" -ne "$want" ]; then
        why="exit $rc, expected $want"
    elif [ -n "$frag" ] && [[ "$err" != *"$frag"* ]]; then
        why="message lacks '$frag'"
    elif [ "$rc" -ne 0 ] && [ -n "$(find "$OUT" -name '*.pdf' -o -name '*.epub' -o -name '.*.tmp' | head -1)" ]; then
        why="left output behind: $(find "$OUT" -type f | head -3)"
    elif [ -n "$(find "$GEN" -name '.*.tmp' | head -1)" ]; then
        why="left a temp file in the input"
    elif leaked "$OUT"; then
        why="file content from outside the edition reached the output"
    fi
    if [ -n "$why" ]; then
        bad=$((bad + 1)); failed+=("$name: $why")
        echo "FAIL bad/$name: $why"
        printf '%s\n' "$err" | head -5 | sed 's/^/    /'
    else
        echo "ok   bad/$name (exit $rc)"
    fi
    rm -rf "$OUT"
done < "$BANMIAN_ROOT/tests/bad/cases"
[ "$bad" -eq 0 ] || printf 'failed: %s\n' "${failed[@]}"
echo "$n cases, $bad failed"
[ "$n" -ge 30 ] || fail "the suite must have at least 30 cases"
[ "$bad" -eq 0 ]
