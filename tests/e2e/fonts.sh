#!/usr/bin/env bash
# banmian fonts: the role listing, and --coverage on an invented text with
# rare, non-BMP and uncovered characters.
set -eu
. "$BANMIAN_ROOT/tests/e2e/lib.bash"
t=$TEST_TMP/fonts; mkdir -p "$t"
conf=$BANMIAN_ROOT/fonts/fonts.conf

# listing: every role, file, index, licence, package, presence, glyph count
out=$("$BANMIAN" fonts --conf "$conf")
expect_contains "$out" "font configuration: $conf"
expect_contains "$out" "NotoSerifCJK-Regular.ttc"
expect_contains "$out" "fonts-arphic-gkai00mp"
expect_contains "$out" "Arphic-1999"
# each role's chain: its own style first (issue 13: a 楷 face before a 明 one)
expect_contains "$out" "body: Noto Serif CJK SC -> AR PL UMing CN -> AR PL UKai CN -> WenQuanYi Zen Hei -> BabelStone Han"
expect_contains "$out" "headline: Noto Sans CJK SC Bold -> WenQuanYi Zen Hei ->"
expect_contains "$out" "kai: AR PL KaitiM GB -> AR PL UKai CN -> AR PL UMing CN"
echo "$out" | grep -q '^kai  *yes  *7764  *0  ' || fail "kai line lacks presence/glyphs: $out"
[ "$(echo "$out" | grep -c ' yes ')" -eq 7 ] || fail "expected 7 present faces"
# the default configuration is found without --conf (BANMIAN_FONTS or datadir)
out2=$(env -u BANMIAN_FONTS "$BANMIAN" fonts)
expect_contains "$out2" "fonts/fonts.conf"
out3=$(BANMIAN_FONTS="$conf" "$BANMIAN" fonts)
expect_contains "$out3" "font configuration: $conf"

# an invented text: 翀 (not in the AR PL GB faces), • , 𠀋 (Extension B),
# and U+10FFFD (private use: no font has it) on line 3, column 5
printf '今天翀飞过河，天气晴。\n• 第二条消息\n北京𠀋路\xf4\x8f\xbf\xbd号\n' > "$t/rare.txt"

# with the default fonts everything but U+10FFFD is covered
out=$("$BANMIAN" fonts --conf "$conf" --coverage "$t/rare.txt")
expect_contains "$out" "$t/rare.txt:3:5: U+10FFFD"
expect_contains "$out" "in no font (body)"
# (the importer reads lines 2-3 as kicker + headline, so line 3 is also
# checked in the headline role; a character the line scan already listed
# as in no font is not listed again)
expect_contains "$out" "1 in no font (1 occurrence)"

# with 楷 as every role, 翀 and • come from the first fallback and 𠀋 from
# BabelStone Han; the placeholder is still listed and the exit status is 0
sed -E 's#^(body|headline) +[^ ]+ +[0-9]+#\1 /usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf 0#' \
    "$conf" > "$t/kai.conf"
out=$("$BANMIAN" fonts --conf "$t/kai.conf" --coverage "$t/rare.txt")
expect_contains "$out" "fallback: U+7FC0 翀 (body) from AR PL UMing CN, 1 time, first at $t/rare.txt:1:3"
expect_contains "$out" "fallback: U+2022 • (body) from AR PL UMing CN, 1 time, first at $t/rare.txt:2:1"
expect_contains "$out" "fallback: U+2000B 𠀋 (body) from BabelStone Han"
expect_contains "$out" "$t/rare.txt:3:5: U+10FFFD"
expect_contains "$out" "5 need the fallback chain; 1 in no font"

# the corpus pages: every character covered (翀 and • through fallback)
if corpus_part "font coverage of the corpus pages"; then
    out=$("$BANMIAN" fonts --conf "$t/kai.conf" --coverage "$CORPUS"/page-*.txt)
    expect_contains "$out" "fallback: U+7FC0 翀"
    expect_contains "$out" "; 0 in no font"
    out=$("$BANMIAN" fonts --conf "$conf" --coverage "$CORPUS"/page-*.txt)
    expect_contains "$out" "; 0 in no font"
fi

# an edition: every string in the role of its layout (bylines in 楷, so the
# example's rare names come from the fallback chain, its 楷 face first); a private-use
# character put into a paragraph and a byline is listed at the model's line
if [ -f "$BANMIAN_ROOT/examples/hexi/edition.xml" ]; then
    out=$("$BANMIAN" fonts --conf "$conf" --coverage "$BANMIAN_ROOT/examples/hexi")
    # (a 楷 fallback before any 明 face: issue 13)
    expect_contains "$out" "fallback: U+7FC0 翀 (kai) from AR PL UKai CN"
    expect_contains "$out" "; 0 in no font"
    cp -r "$BANMIAN_ROOT/examples/hexi" "$t/ed"
    f=$t/ed/articles/p1-jingji.xml
    pline=$(grep -n '<p>' "$f" | head -1 | cut -d: -f1)
    sed -i "${pline}s#<p>#<p>\xf4\x8f\xbf\xbd#" "$f"
    sed -i 's#<byline>#<byline>\xf4\x8f\xbf\xbc#' "$f"
    out=$("$BANMIAN" fonts --conf "$conf" --coverage "$t/ed")
    expect_contains "$out" "$f:$pline: U+10FFFD"
    expect_contains "$out" "is in no font (body)"
    expect_contains "$out" "U+10FFFC 􏿼 is in no font (kai)"
    expect_contains "$out" "2 in no font (2 occurrences)"
fi

# a character drawn in a face of another style is named at the line of the
# part that prints it: 婳 in a byline (line 6, in no 楷 face) at line 6, not at
# the article's start
if [ -f "$BANMIAN_ROOT/examples/tabloid-mini/edition.xml" ]; then
    cp -r "$BANMIAN_ROOT/examples/tabloid-mini" "$t/tm"
    f=$t/tm/articles/t1-brt.xml
    bl=$(grep -n '<byline>' "$f" | cut -d: -f1)
    [ "$bl" -gt 2 ] || fail "t1-brt.xml: byline expected below line 2"
    sed -i "${bl}s#<byline>晚报记者 #<byline>晚报记者 白婳 #" "$f"
    "$BANMIAN" build "$t/tm" -o "$t/tm-out" 2>"$t/tm.err" ||
        fail "tabloid-mini with 婳: $(tail -3 "$t/tm.err")"
    expect_contains "$(cat "$t/tm.err")" "$f:$bl:3: warning: U+5A73 \"婳\" (role kai) is drawn in"
    [ "$(grep -c 'U+5A73' "$t/tm.err")" -eq 1 ] || fail "婳 named more than once: $(cat "$t/tm.err")"
fi

# bad input: exit 1 naming file:line:col
printf 'ok\nbad \xff here\n' > "$t/bad.txt"
expect_exit 1 "$t/bad.txt:2:5: error: invalid UTF-8" \
    "$BANMIAN" fonts --conf "$conf" --coverage "$t/bad.txt"
expect_exit 1 "$t/nonexistent.txt" \
    "$BANMIAN" fonts --conf "$conf" --coverage "$t/nonexistent.txt"
expect_exit 2 "--coverage needs" "$BANMIAN" fonts --coverage
expect_exit 2 "unknown argument" "$BANMIAN" fonts --frobnicate

# a missing face: listed as MISSING, error names conf:line and the package
sed 's#wqy-zenhei.ttc#wqy-gone.ttc#' "$conf" > "$t/missing.conf"
line=$(grep -n 'wqy-gone' "$t/missing.conf" | cut -d: -f1)
rc=0; out=$("$BANMIAN" fonts --conf "$t/missing.conf" 2>"$t/err") || rc=$?
[ "$rc" -eq 3 ] || fail "missing face: exit $rc, expected 3"
expect_contains "$(cat "$t/err")" "$t/missing.conf:$line: error: font file /usr/share/fonts/truetype/wqy/wqy-gone.ttc is missing: install the Debian package fonts-wqy-zenhei"
echo "$out" | grep -q '^fallback-hei  *MISSING .*wqy-gone' || fail "no MISSING row: $out"
# a malformed line: exit 1 at conf:line
printf 'body x.ttf zero OFL pkg X\n' > "$t/badline.conf"
expect_exit 1 "$t/badline.conf:1: error: TTC_INDEX 'zero'" \
    "$BANMIAN" fonts --conf "$t/badline.conf"
echo ok
