#!/usr/bin/env bash
# Replays every fuzz seed and every crasher found so far (tests/fuzz/corpus/)
# through the harnesses, built with ASan/UBSan but without libFuzzer
# (replay_NAME in the build's tests/ directory).  A crash, a sanitizer report
# or a broken harness invariant fails the test.
set -u
source "$(dirname "$0")/lib.bash"
bin=$(dirname "$BANMIAN")/tests
export TMPDIR="$TEST_TMP"
for h in dump xml para build edition; do
    [ -x "$bin/replay_$h" ] || fail "replay_$h not built"
    corpus="$BANMIAN_ROOT/tests/fuzz/corpus/$h"
    [ -n "$(ls "$corpus")" ] || fail "no seeds in $corpus"
    out=$("$bin/replay_$h" "$corpus" 2>&1) || fail "replay_$h: $out"
    echo "$h: $out"
done
