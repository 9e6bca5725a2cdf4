# Helpers for tests/e2e/*.sh (sourced).
fail() { echo "FAIL: $*" >&2; exit 1; }

expect_contains() {  # haystack needle
    case "$1" in *"$2"*) ;; *) fail "expected to find '$2' in: $(printf '%s' "$1" | head -c 2000)";; esac
}

# expect_exit CODE STDERR_FRAGMENT command... : runs command, checks exit code
# and that stderr contains the fragment.
expect_exit() {
    local want=$1 frag=$2; shift 2
    local err rc=0
    err=$("$@" 2>&1 >/dev/null) || rc=$?
    [ "$rc" -eq "$want" ] || fail "'$*' exited $rc, expected $want; stderr: $err"
    expect_contains "$err" "$frag"
}

# The corpus of real page dumps lives outside the tree (../shared/corpus, or
# BANMIAN_CORPUS=DIR); a clone on its own has none.  Tests that need it run
# it when it is there and otherwise say so on one line.
CORPUS=${BANMIAN_CORPUS:-${SHARED:-$BANMIAN_ROOT/../shared}/corpus}
have_corpus() { ls "$CORPUS"/page-*.txt >/dev/null 2>&1; }
# A test that is nothing but corpus checks: without it, one "skipped:" line
# and exit 77, which tests/run.sh counts as skipped, not passed.
need_corpus() {
    have_corpus && return 0
    echo "skipped: no corpus at $CORPUS (set BANMIAN_CORPUS=DIR)"
    exit 77
}
# The corpus part of a test that checks other inputs too: when there is no
# corpus, prints one "skipped:" line and returns 1.
corpus_part() {  # WHAT
    have_corpus && return 0
    echo "skipped: $1 (no corpus at $CORPUS)"
    return 1
}
TOOLS="$BANMIAN_ROOT/tests/tools"
