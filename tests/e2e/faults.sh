#!/usr/bin/env bash
# Fault injection: fail the Nth checked write (and the Nth checked
# allocation) of each subcommand, for every N until the run no longer hits
# the fault.  Each failure must end in a clean error (exit 3 with a message),
# no output or temp file left behind, and no leak or use of freed or
# returned-stack memory (AddressSanitizer, with detect_stack_use_after_return,
# fails the run with its own exit code).  The hook counts checked writes of
# the atomic writer (src/base/file.c), through which every output goes;
# allocation faults are checked where a library object is created (FreeType,
# libxml2's parser, libharu's document, HarfBuzz's subsetter, libzip's
# buffer, image decoding) -- the arena itself aborts on exhaustion by design
# (STYLE.md).
set -u
source "$(dirname "$0")/lib.bash"
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_stack_use_after_return=1"
in="$BANMIAN_ROOT/tests/fuzz/corpus/build/02-briefs.txt"
ed="$BANMIAN_ROOT/tests/editions/sparse"

# sweep VAR MUST_HIT LABEL ARGS... (OUT in ARGS is the output directory)
sweep() {
    local var=$1 must=$2 label=$3 n=1 rc out err a args
    shift 3
    while :; do
        out="$TEST_TMP/fault-$var-$n"
        rm -rf "$out"; mkdir -p "$out"
        args=()
        for a in "$@"; do args+=("${a//OUT/$out/o}"); done
        rc=0
        err=$(cd "$TEST_TMP" && env "$var=$n" "$BANMIAN" "${args[@]}" 2>&1 >/dev/null) || rc=$?
        if [ "$rc" -eq 0 ]; then
            [ -n "$(find "$out" -name '.*.tmp' -o -name '.*.old')" ] && fail "$label $var=$n: temp file left"
            break
        fi
        [ "$rc" -eq 3 ] || fail "$label $var=$n: exit $rc, expected 3 or 0: $err"
        [ -n "$err" ] || fail "$label $var=$n: no message"
        [ -z "$(find "$out" -name '.*.tmp' -o -name '.*.old')" ] || fail "$label $var=$n: temp file left: $(ls -AR "$out")"
        # A file written before the fault (the PDF when the EPUB fails) is
        # whole; the one being written is not there at all.
        for f in "$out"/o/*.pdf; do
            [ -f "$f" ] && { qpdf --check "$f" >/dev/null 2>&1 || fail "$label $var=$n: partial PDF $f"; }
        done
        for f in "$out"/o/*.epub; do
            [ -f "$f" ] && { unzip -tq "$f" >/dev/null 2>&1 || fail "$label $var=$n: partial EPUB $f"; }
        done
        rm -rf "$out"
        n=$((n + 1))
        [ "$n" -le 400 ] || fail "$label $var: still failing at N=400"
    done
    rm -rf "$out"
    echo "$label $var: $((n - 1)) fault points, each a clean error"
    [ "$must" = 0 ] || [ "$n" -gt 1 ] || fail "$label $var: hit no fault point at all"
}
# every subcommand; "1": it must reach at least one fault point
for var in BANMIAN_FAULT_WRITE BANMIAN_FAULT_ALLOC; do
    w=0; [ $var = BANMIAN_FAULT_WRITE ] && w=1
    sweep $var 1 "build" build "$in" -o OUT
    sweep $var 1 "build edition" build "$ed" -o OUT
    sweep $var 1 "build --alto" build "$in" --alto -o OUT
    sweep $var 1 "build --png" build "$in" --png --png-dpi 36 -o OUT
    sweep $var 1 "build --split --dump-layout" build "$in" --split --dump-layout "$TEST_TMP/fault-layout.json" -o OUT
    sweep $var $w "import --xml" import "$in" --xml -o OUT
    sweep $var 0 "import --json" import "$in" --json
    sweep $var 0 "check" check "$ed"
    sweep $var 0 "fonts --coverage" fonts --coverage "$in"
done
