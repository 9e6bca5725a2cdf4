#!/usr/bin/env bash
# make demo: build the example edition in every format into out/.
set -eu
bm=${1:-build/banmian}
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
mkdir -p out
"$bm" check examples/hexi
"$bm" build examples/hexi -o out --all
echo
echo "make demo: wrote $(ls -d out/*.pdf out/*.epub out/*-alto out/*-pages 2>/dev/null | tr '\n' ' ')"
echo "           open out/*-pages/page-01.html for the e-paper pages"
