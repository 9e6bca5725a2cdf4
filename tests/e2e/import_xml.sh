#!/usr/bin/env bash
# import --xml writes an edition directory that check reads back to the same
# structure: `check --json` of it equals `import --json` of the dump (up to
# "source").  Also: a page given as dump= inside edition.xml, determinism,
# and an unwritable output directory.
set -eu
. "$BANMIAN_ROOT/tests/e2e/lib.bash"

same_json() {  # IMPORT_JSON CHECK_JSON PAGE_INDEX
    "$PYTHON" - "$@" <<'PY' || fail "round trip changed the structure of $1"
import json, sys
a = json.load(open(sys.argv[1]))
b = json.load(open(sys.argv[2]))["pages"][int(sys.argv[3])]
a.pop("source"); b.pop("source")
if a != b:
    for k in a:
        if a[k] != b.get(k):
            print(k, json.dumps(a[k], ensure_ascii=False)[:400], "\n  !=",
                  json.dumps(b.get(k), ensure_ascii=False)[:400])
    sys.exit(1)
PY
}

dumps="$BANMIAN_ROOT/tests/fixtures/dumps/qingchuan-p3.txt"
[ -f "$BANMIAN_ROOT/examples/dumps/hexi-p2.txt" ] && dumps="$dumps $BANMIAN_ROOT/examples/dumps/hexi-p2.txt"
n=0
for d in $dumps; do
    n=$((n + 1)); out="$TEST_TMP/rt$n"
    "$BANMIAN" import "$d" --json > "$TEST_TMP/a$n.json"
    "$BANMIAN" import "$d" --xml -o "$out" 2>/dev/null
    [ -f "$out/edition.xml" ] || fail "import --xml wrote no edition.xml"
    summary=$("$BANMIAN" check "$out")
    expect_contains "$summary" "OK: 1 page"
    "$BANMIAN" check --json "$out" > "$TEST_TMP/b$n.json"
    same_json "$TEST_TMP/a$n.json" "$TEST_TMP/b$n.json" 0
    # the written files validate against the shipped schemas too
    xmllint --noout --nonet --relaxng "$BANMIAN_ROOT/src/ingest/schema/edition.rng" \
        "$out/edition.xml" 2>/dev/null || fail "$out/edition.xml does not match edition.rng"
    for f in "$out"/articles/*.xml; do
        xmllint --noout --nonet --relaxng "$BANMIAN_ROOT/src/ingest/schema/article.rng" \
            "$f" 2>/dev/null || fail "$f does not match article.rng"
    done
    # deterministic: a second run writes the same bytes
    if [ $n = 1 ]; then
        "$BANMIAN" import "$d" --xml -o "$out.again" 2>/dev/null
        diff -r "$out" "$out.again" >/dev/null || fail "import --xml is not deterministic"
    fi
done

# the fixture dump exercises every kind and the briefs' group
kinds=$("$PYTHON" -c 'import json,sys; print(sorted({a["kind"] for a in json.load(open(sys.argv[1]))["articles"]}))' "$TEST_TMP/a1.json")
expect_contains "$kinds" "'brief', 'photo'"
expect_contains "$(cat "$TEST_TMP"/rt1/articles/*.xml)" 'group="★ 城区时讯"'

# an edition mixing an XML page and a raw dump page
ed="$TEST_TMP/mixed"; cp -R "$BANMIAN_ROOT/tests/fixtures/edition" "$ed"
mkdir -p "$ed/pages"; cp "$BANMIAN_ROOT/tests/fixtures/dumps/qingchuan-p3.txt" "$ed/pages/p3.txt"
sed -i 's|</edition>|  <page section="城区二" dump="pages/p3.txt"/>\n</edition>|' "$ed/edition.xml"
summary=$("$BANMIAN" check "$ed")
expect_contains "$summary" "3 pages, 9 articles"
expect_contains "$summary" "(1 page from raw dumps)"
expect_contains "$summary" "page 3 城区二: 4 articles"
"$BANMIAN" check --json "$ed" > "$TEST_TMP/mixed.json"
"$PYTHON" - "$TEST_TMP/a1.json" "$TEST_TMP/mixed.json" <<'PY' || fail "dump page differs"
import json, sys
a = json.load(open(sys.argv[1])); b = json.load(open(sys.argv[2]))["pages"][2]
assert b["source"] == "pages/p3.txt", b["source"]
assert a["articles"] == b["articles"]
PY
# a broken dump page is reported at the dump's own file:line:col
printf '城区\n\n标题\n\n正文\xff内容。\n' > "$ed/pages/p3.txt"
expect_exit 1 "pages/p3.txt:5:3: error: invalid UTF-8" "$BANMIAN" check "$ed"

# an output directory that cannot be made: I/O error, exit 3, nothing left
expect_exit 3 "cannot create directory" "$BANMIAN" import "$BANMIAN_ROOT/tests/fixtures/dumps/qingchuan-p3.txt" \
    --xml -o /dev/null/out
echo ok
