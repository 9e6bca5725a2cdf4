#!/usr/bin/env bash
# banmian check: a good edition gives a summary and exit 0; bad editions list
# every problem as file:line:col: error: ... and exit 1; usage errors exit 2.
set -eu
. "$BANMIAN_ROOT/tests/e2e/lib.bash"
fix="$BANMIAN_ROOT/tests/fixtures/edition"

out=$("$BANMIAN" check "$fix")
expect_contains "$out" "OK: 青川晚报, 2 pages, 5 articles, 2 figures"
expect_contains "$out" "page 2 城区: 3 articles"
out=$("$BANMIAN" check "$fix/edition.xml")          # the file itself works too
expect_contains "$out" "5 articles"
out=$("$BANMIAN" check --help)
expect_contains "$out" "Usage: banmian check EDITION_DIR"

expect_exit 2 "missing EDITION_DIR" "$BANMIAN" check
expect_exit 2 "unknown option '--frob'" "$BANMIAN" check --frob "$fix"
expect_exit 2 "give one EDITION_DIR" "$BANMIAN" check "$fix" "$fix"
expect_exit 1 "not an edition directory" "$BANMIAN" check "$TEST_TMP/nowhere"

# fresh copy of the good edition in $ed
fresh() { ed="$TEST_TMP/ed.$1"; rm -rf "$ed"; cp -R "$fix" "$ed"; }

fresh noedition; rm "$ed/edition.xml"
expect_exit 1 "no edition.xml in" "$BANMIAN" check "$ed"

fresh malformed; sed -i 's|</headline>|</headlin>|' "$ed/articles/library.xml"
expect_exit 1 "articles/library.xml:3:" "$BANMIAN" check "$ed"
expect_exit 1 "not well-formed XML" "$BANMIAN" check "$ed"

# several problems in several files: all listed, with line and column
fresh many
sed -i 's|<kicker>|<kicker foo="1">|; s|<p>桥面|<p></p><p>桥面|' "$ed/articles/bridge.xml"
sed -i 's|id="library"|id="bridge"|' "$ed/articles/library.xml"
sed -i 's|kind="photo"|kind="video"|; s|images/bridge.png|images/missing.png|' "$ed/articles/market.xml"
sed -i 's|role="lead"|role="boss"|; s|2026-03-14|2026-02-30|' "$ed/edition.xml"
err=$("$BANMIAN" check "$ed" 2>&1 >/dev/null) && fail "check passed a bad edition"
expect_contains "$err" "$ed/edition.xml:5:3: error: date '2026-02-30' is not a calendar date"
expect_contains "$err" "$ed/edition.xml:11:41: error: unknown role 'boss'"
expect_contains "$err" "$ed/articles/bridge.xml:3:11: error: unknown attribute 'foo' on <kicker>"
expect_contains "$err" "$ed/articles/bridge.xml:14:5: error: <p> is empty"
expect_contains "$err" "$ed/articles/library.xml:2:10: error: duplicate article id 'bridge'"
expect_contains "$err" "$ed/articles/market.xml:2:22: error: unknown article kind 'video'"
expect_contains "$err" "$ed/articles/market.xml:5:13: error: image file 'images/missing.png' not found"
expect_contains "$err" "banmian check: 7 problems in $ed"

# files outside the edition directory
fresh escape
sed -i 's|images/bridge.png|../../../etc/hostname|' "$ed/articles/bridge.xml"
expect_exit 1 "bridge.xml:15:13: error: path '../../../etc/hostname' leaves the edition directory" \
    "$BANMIAN" check "$ed"
fresh abs; sed -i 's|articles/library.xml|/etc/hostname|' "$ed/edition.xml"
expect_exit 1 "edition.xml:12:14: error: absolute path '/etc/hostname' is not allowed" \
    "$BANMIAN" check "$ed"
fresh link; ln -sf /etc/hostname "$ed/images/bridge.png"
expect_exit 1 "symbolic link leading outside the edition directory" "$BANMIAN" check "$ed"

# hostile XML: external entity and entity bomb are refused at the DOCTYPE
fresh xxe
printf 'TOPSECRET-4711\n' > "$TEST_TMP/secret.txt"
cat > "$ed/articles/library.xml" <<XML
<?xml version="1.0"?>
<!DOCTYPE article [ <!ENTITY x SYSTEM "file://$TEST_TMP/secret.txt"> ]>
<article id="library"><body><p>&x;</p></body></article>
XML
err=$("$BANMIAN" check "$ed" 2>&1) && fail "check accepted an external entity"
expect_contains "$err" "library.xml:2:1: error: document type declarations"
case "$err" in *TOPSECRET*) fail "entity content leaked: $err";; esac
fresh bomb
{ echo '<?xml version="1.0"?>'; echo '<!DOCTYPE edition ['
  echo ' <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">'
  prev=a; for e in b c d e f g h i; do
      printf ' <!ENTITY %s "%s">\n' $e "$(printf "&$prev;%.0s" 1 2 3 4 5 6 7 8 9 10)"; prev=$e; done
  echo ']>'; echo '<edition version="1"><title>&i;</title><page><article href="a.xml"/></page></edition>'
} > "$ed/edition.xml"
expect_exit 1 "edition.xml:2:1: error: document type declarations" "$BANMIAN" check "$ed"

# an empty article and an edition with no pages
fresh empty; printf '<article id="library"><headline>空</headline><body/></article>\n' \
    > "$ed/articles/library.xml"
expect_exit 1 "article 'library' is empty" "$BANMIAN" check "$ed"
fresh nopages; printf '<edition version="1"><title>空</title></edition>\n' > "$ed/edition.xml"
expect_exit 1 "edition.xml:1:1: error: the edition has no <page>" "$BANMIAN" check "$ed"
fresh version; sed -i 's|version="1"|version="2"|' "$ed/edition.xml"
expect_exit 1 "edition version '2' is not known" "$BANMIAN" check "$ed"

# a layout that does not exist stops build, so check reports it
fresh layout; sed -i 's|<layout>tabloid</layout>|<layout>giant</layout>|' "$ed/edition.xml"
expect_exit 1 "no layout named 'giant'" "$BANMIAN" check "$ed"
# ... and check --layout NAME checks against another (build --layout's)
out=$("$BANMIAN" check "$fix" --layout broadsheet)
expect_contains "$out" "OK: 青川晚报"
expect_exit 1 "no layout named 'huge'" "$BANMIAN" check "$fix" --layout huge
expect_exit 2 "--layout wants a NAME" "$BANMIAN" check "$fix" --layout

# a character no font has: a warning at its line, still exit 0
fresh glyph; sed -i 's|读者可凭|读者\xf0\x97\x80\x80可凭|' "$ed/articles/library.xml"
out=$("$BANMIAN" check "$ed" 2>"$TEST_TMP/glyph.err")
expect_contains "$out" "1 character without a font"
expect_contains "$(cat "$TEST_TMP/glyph.err")" "articles/library.xml:6: warning: U+17000"
# ... in a headline, which a page sets at every width it tries: build says
# it once, not once a setting
fresh glyph2; sed -i '0,/<headline>/s|<headline>|<headline>\xf0\x97\x80\x80|' "$ed/articles/library.xml"
"$BANMIAN" build "$ed" -o "$TEST_TMP/glyph2" -q 2>"$TEST_TMP/glyph2.err" \
    || fail "build with a headline character no font has: $(cat "$TEST_TMP/glyph2.err")"
n=$(grep -c 'U+17000' "$TEST_TMP/glyph2.err")
[ "$n" = 1 ] || fail "the warning for U+17000 in a headline is said $n times"

# unreadable file: I/O error, exit 3 (root reads anything, so only as non-root)
if [ "$(id -u)" != 0 ]; then
    fresh perm; chmod 000 "$ed/articles/library.xml"
    expect_exit 3 "library.xml" "$BANMIAN" check "$ed"
fi
echo ok
