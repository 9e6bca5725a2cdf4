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
