#!/usr/bin/env bash
# A real reading system renders the EPUB: epub.js in Debian's headless
# Chromium (tests/reader/read.mjs) shows the sample edition's first article;
# its text must be there and no glyph may be a missing-glyph box, also when
# it is set in the embedded font subset alone.  The same check must report
# the one character of a book that no installed font has.  Screenshots are
# kept in build/artefacts/epub-reader/ (or $ARTEFACTS/epub-reader/).
set -eu
. "$BANMIAN_ROOT/tests/e2e/lib.bash"

reader="$BANMIAN_ROOT/tests/reader"
[ -d "$reader/node_modules/epubjs" ] || fail "tests/reader/node_modules missing (make deps)"
[ -x /usr/bin/chromium ] || fail "/usr/bin/chromium missing (make deps)"
sample_bin="$(dirname "$BANMIAN")/tests/test_epub"
art="${ARTEFACTS:-$BANMIAN_ROOT/build/artefacts}/epub-reader"
out="$TEST_TMP/reader"
mkdir -p "$out" "$art"

"$sample_bin" --write "$out/sample.epub"
"$sample_bin" --write "$out/embed.epub" --embed
"$sample_bin" --write "$out/tofu.epub" --tofu   # U+17000, a Tangut ideograph

res=$(cd "$reader" && node read.mjs \
    "$out/sample.epub" "$art/first-article.png" -- \
    "$out/embed.epub" "$art/embedded-font.png" --font-only "banmian body" -- \
    "$out/tofu.epub" "$art/missing-glyph.png" --expect-missing "𗀀") \
    || fail "the reading system did not show the books as expected: $res"
echo "$res"
[ "$(printf '%s\n' "$res" | grep -c '"ok":true')" -eq 3 ] || fail "not 3 books read: $res"
[ -s "$art/first-article.png" ] || fail "no screenshot"
