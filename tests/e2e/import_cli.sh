#!/usr/bin/env bash
# 'banmian import': options, exit codes, file:line messages, JSON on stdout.
set -eu
. "$BANMIAN_ROOT/tests/e2e/lib.bash"

t="$TEST_TMP/import_cli"
mkdir -p "$t"

out=$("$BANMIAN" import --help)
expect_contains "$out" "banmian import PAGE.txt"
expect_contains "$out" "--xml"

# usage errors: exit 2
expect_exit 2 "no page dump given" "$BANMIAN" import
expect_exit 2 "unknown option '--frob'" "$BANMIAN" import x.txt --frob
expect_exit 2 "--xml needs -o DIR" "$BANMIAN" import x.txt --xml
expect_exit 2 "-o DIR goes with --xml" "$BANMIAN" import x.txt -o "$t/out"
expect_exit 2 "one page dump at a time" "$BANMIAN" import a.txt b.txt
expect_exit 2 "exclude each other" "$BANMIAN" import a.txt --json --xml -o "$t/o"

# bad input: exit 1 with file:line
expect_exit 1 "$t/missing.txt: error: cannot open" "$BANMIAN" import "$t/missing.txt"
printf '标题\n\n正文\xc3\x28内容\n' >"$t/bad-utf8.txt"
expect_exit 1 "$t/bad-utf8.txt:3:3: error: invalid UTF-8" "$BANMIAN" import "$t/bad-utf8.txt"
printf '\xff\xfe\x07\x5e\x98\x98' >"$t/utf16.txt"
expect_exit 1 "$t/utf16.txt:1:1: error: the file is UTF-16" "$BANMIAN" import "$t/utf16.txt"
printf '标题\n正\0文\n' >"$t/nul.txt"
expect_exit 1 "$t/nul.txt:2:2: error: NUL byte" "$BANMIAN" import "$t/nul.txt"
: >"$t/empty.txt"
expect_exit 1 "$t/empty.txt:1: error: the page dump is empty" "$BANMIAN" import "$t/empty.txt"

# a good page (BOM + CRLF), a warning with file:line, JSON on stdout
printf '\xef\xbb\xbf城区新闻\r\n\r\n新桥通车\r\n\r\n本报讯(记者 林 木)新桥今天通车,全长1,200米。\r\n\r\n? ?\r\n' \
    >"$t/good.txt"
"$BANMIAN" import "$t/good.txt" >"$t/good.json" 2>"$t/good.err"
expect_contains "$(cat "$t/good.err")" "$t/good.txt:7: warning: dropped '? ?'"
"$PYTHON" - "$t/good.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["sections"] == ["城区新闻"], d
a, = d["articles"]
assert a["headline"] == "新桥通车", a
assert a["byline"] == "本报讯（记者 林 木）", a
assert a["paragraphs"] == ["新桥今天通车，全长1,200米。"], a
assert a["kicker"] is None and a["subhead"] is None and a["editor_code"] is None, a
assert a["captions"] == [] and a["credit"] is None and a["kind"] == "brief", a
PY
# --json is the default and the same
"$BANMIAN" import --json "$t/good.txt" 2>/dev/null | cmp - "$t/good.json"
