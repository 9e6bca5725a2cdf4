#!/usr/bin/env bash
# tests/run.sh BUILD_DIR - run every test: cmocka unit tests, then each
# end-to-end script in tests/e2e/ (run with BANMIAN=BUILD_DIR/banmian).
# Prints one line per test and closes with "N passed, N failed, N skipped".
# A test that exits 77 had nothing to check here (e.g. no corpus next to
# the clone): it is counted as skipped, never as passed.
set -u
build=${1:-build/asan}
root=$(cd "$(dirname "$0")/.." && pwd)
export BANMIAN="$root/$build/banmian"
export BANMIAN_ROOT="$root"
export SHARED="$root/../shared"
export PYTHON=${PYTHON:-/usr/bin/python3}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1767225600}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
export TEST_TMP="$tmp"
pass=0; fail=0; skip=0; failed=()

run() {  # name command...
    local name=$1; shift
    local log="$tmp/log.$pass.$fail.$skip"
    local t0=$SECONDS rc=0
    "$@" >"$log" 2>&1 || rc=$?
    if [ "$rc" -eq 0 ]; then
        pass=$((pass + 1)); echo "PASS $name ($((SECONDS - t0))s)"
        grep '^skipped: ' "$log" | sed 's/^/    /'
    elif [ "$rc" -eq 77 ]; then
        skip=$((skip + 1)); echo "SKIP $name: $(grep '^skipped: ' "$log" | tail -1)"
    else
        fail=$((fail + 1)); failed+=("$name"); echo "FAIL $name"
        sed 's/^/    /' "$log" | tail -n 60
    fi
}

for t in "$root/$build"/tests/test_*; do
    [ -x "$t" ] || continue
    run "unit/$(basename "$t")" "$t"
done
for t in "$root"/tests/e2e/*.sh; do
    [ -f "$t" ] || continue
    run "e2e/$(basename "$t" .sh)" bash "$t"
done

echo
[ ${#failed[@]} -gt 0 ] && printf 'failed: %s\n' "${failed[@]}"
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
