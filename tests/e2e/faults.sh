#!/usr/bin/env bash
# Fault injection: fail the Nth checked write (and the Nth checked
# allocation) of a small build, for every N until the build no longer hits
# the fault.  Each failure must end in a clean error (exit 3 with a message),
# no PDF/EPUB or temp file left behind, and no leak (LeakSanitizer fails the
# run with its own exit code).  The hook counts checked writes of the
# atomic writer (src/base/file.c), through which the PDF and the EPUB go;
# allocation faults are checked where a library object is created (FreeType,
# libxml2's parser, libharu's document, HarfBuzz's subsetter, libzip's
# buffer) -- the arena itself aborts on exhaustion by design (STYLE.md).
set -u
source "$(dirname "$0")/lib.bash"
in="$BANMIAN_ROOT/tests/fuzz/corpus/build/02-briefs.txt"
sweep() {  # VAR
    local var=$1 n=1 rc out err
    while :; do
        out="$TEST_TMP/fault-$var-$n"
        mkdir -p "$out"
        rc=0
        err=$(env "$var=$n" "$BANMIAN" build "$in" -o "$out" 2>&1 >/dev/null) || rc=$?
        if [ "$rc" -eq 0 ]; then
            [ -n "$(find "$out" -name '*.tmp-*')" ] && fail "$var=$n: temp file left"
            break
        fi
        [ "$rc" -eq 3 ] || fail "$var=$n: exit $rc, expected 3 or 0: $err"
        [ -n "$err" ] || fail "$var=$n: no message"
        [ -z "$(find "$out" -name '*.tmp-*')" ] || fail "$var=$n: temp file left: $(ls "$out")"
        # A file written before the fault (the PDF when the EPUB fails) is
        # whole; the one being written is not there at all.
        for f in "$out"/*.pdf; do
            [ -f "$f" ] && { qpdf --check "$f" >/dev/null 2>&1 || fail "$var=$n: partial PDF $f"; }
        done
        for f in "$out"/*.epub; do
            [ -f "$f" ] && { unzip -tq "$f" >/dev/null 2>&1 || fail "$var=$n: partial EPUB $f"; }
        done
        [ "$(ls "$out" | wc -l)" -lt 2 ] || fail "$var=$n: failed, yet wrote both files"
        rm -rf "$out"
        n=$((n + 1))
        [ "$n" -le 400 ] || fail "$var: still failing at N=400"
    done
    echo "$var: $((n - 1)) fault points, each a clean error"
    [ "$n" -gt 1 ] || fail "$var: the build hit no fault point at all"
}
sweep BANMIAN_FAULT_WRITE
sweep BANMIAN_FAULT_ALLOC

