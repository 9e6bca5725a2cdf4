#!/usr/bin/env bash
# A real reading system renders the EPUB: epub.js in Debian's headless
# Chromium (tests/reader/read.mjs) shows the sample edition's first article;
# its text must be there and no glyph may be a missing-glyph box.  The same
# check must fail for a book with a character no installed font has.  The
# screenshot is kept in build/artefacts/epub-reader/ (or $ARTEFACTS).
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
(cd "$reader" && node read.mjs "$out/sample.epub" "$art/first-article.png") \
    || fail "the reading system did not show the first article correctly"
[ -s "$art/first-article.png" ] || fail "no screenshot"

"$sample_bin" --write "$out/tofu.epub" --tofu
res=$(cd "$reader" && node read.mjs "$out/tofu.epub" "$art/tofu.png" 2>/dev/null) \
    && fail "a missing glyph went unnoticed: $res"
expect_contains "$res" '"missing_glyphs":"𗀀"'
