#!/usr/bin/env bash
# make demo: build the example edition's PDF and EPUB into out/.
set -eu
bm=${1:-build/banmian}
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
mkdir -p out
"$bm" check examples/hexi
"$bm" build examples/hexi -o out
echo
echo "make demo: wrote $(ls out/*.pdf out/*.epub 2>/dev/null | tr '\n' ' ')"
