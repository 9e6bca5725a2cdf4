#!/usr/bin/env bash
# make memcheck: the example builds under valgrind (memcheck), which sees what
# ASan does not (uninitialised reads in libraries, leaks through them).
# Fails on any error or definite/indirect leak.  Runs the release build.
set -eu
bm=${1:-build/banmian}
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1767225600}
vg() {
    echo "== valgrind banmian $*"
    valgrind -q --error-exitcode=99 --leak-check=full \
        --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect \
        --suppressions="$root/tests/tools/valgrind.supp" "$bm" "$@" >"$tmp/out" 2>"$tmp/err" \
        || { cat "$tmp/err" | tail -60; echo "memcheck: errors in banmian $*"; exit 1; }
}
vg --version
vg import examples/dumps/hexi-p2.txt --json
vg check examples/hexi
vg fonts --coverage examples/hexi
vg build examples/hexi -o "$tmp/out-hexi"
vg build examples/tabloid-mini -o "$tmp/out-alto" --alto --pdfua
vg build examples/dumps/hexi-p2.txt -o "$tmp/out-dump"
echo "memcheck: clean"
