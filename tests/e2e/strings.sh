#!/usr/bin/env bash
# Issue 14 beyond exit codes (tests/bad has those): every character of every
# article in every output (tests/tools/textcheck.py), a language tag read
# as BCP 47 reaches the EPUB and the PDF, furniture fitted into its slots,
# and memory linear in the input (a page dump of thousands of short lines
# was quadratic: 7 GB for 460 KB).
set -u
source "$(dirname "$0")/lib.bash"
G="$TEST_TMP/str"
rm -rf "$G"
"$PYTHON" "$BANMIAN_ROOT/tests/bad/gen.py" "$G" >/dev/null || fail "gen.py failed"
O="$TEST_TMP/str-out"
check_text() {  # edition: build it, every character in the layout, PDF, EPUB
    local e=$1; shift
    rm -rf "$O"; mkdir -p "$O"
    "$BANMIAN" build "$G/$e" -o "$O" --dump-layout "$O/l.json" "$@" >/dev/null 2>"$O/err" ||
        fail "$e: build failed: $(head -3 "$O/err")"
    out=$(BANMIAN="$BANMIAN" "$PYTHON" "$BANMIAN_ROOT/tests/tools/textcheck.py" "$G/$e" \
        --layout "$O/l.json" --pdf "$O/$e-2026-11-20.pdf" --epub "$O/$e-2026-11-20.epub") ||
        fail "$e: $out"
    echo "$e: $out"
}

# a brief's subhead, photo, caption and credit (they were not set)
check_text str-brief-figure
"$PYTHON" - "$O/l.json" <<'EOF' || fail "str-brief-figure: the brief's photo is not on the page"
import json, sys
d = json.load(open(sys.argv[1]))
sys.exit(0 if any(b["kind"] == "image" and b.get("article") == "b1"
                  for p in d["pages"] for b in p["boxes"]) else 1)
EOF
# a 2000-character caption standing in for the title: whole on the page,
# cut to 80 characters and … in the PDF's outline
check_text str-caption-2000
"$PYTHON" - "$O/str-caption-2000-2026-11-20.pdf" <<'EOF' || fail "outline title not cut"
import sys, pikepdf
pdf = pikepdf.open(sys.argv[1])
def walk(items):
    for i in items:
        yield i.title
        yield from walk(i.children)
with pdf.open_outline() as o:
    titles = list(walk(o.root))
assert all(len(t) <= 81 for t in titles), titles
assert any(len(t) == 81 and t.endswith("…") for t in titles), titles
EOF
# a dump with form feeds and tabs between its words
rm -rf "$O"; mkdir -p "$O"
"$BANMIAN" build "$G/str-formfeed.txt" -o "$O" >/dev/null 2>&1 || fail "str-formfeed.txt: build failed"

# zh_CN read as zh-CN: the EPUB's dc:language and the PDF's /Lang carry it
rm -rf "$O"; mkdir -p "$O"
"$BANMIAN" build "$G/str-lang-posix" -o "$O" >/dev/null 2>&1 || fail "str-lang-posix: build failed"
opf=$(unzip -p "$O/str-lang-posix-2026-11-20.epub" '*.opf')
expect_contains "$opf" "<dc:language>zh-CN</dc:language>"
qpdf --qdf --object-streams=disable "$O/str-lang-posix-2026-11-20.pdf" "$O/q.pdf" 2>/dev/null || true
grep -aq '/Lang (zh-CN)' "$O/q.pdf" || fail "str-lang-posix: the PDF has no /Lang (zh-CN)"

# furniture: the masthead title set smaller, clear of the ears, in the type area
for e in str-masthead-tabloid9 str-masthead-broad11 str-running-head-long; do
    check_text "$e"
    "$PYTHON" - "$O/l.json" <<'EOF' || fail "$e: furniture off its place"
import json, sys
d = json.load(open(sys.argv[1]))
for p in d["pages"]:
    ax, ay, aw, ah = p["type_area"]
    furn = [l for l in p["lines"] if l["kind"] in ("masthead", "running_head", "running-head")]
    assert furn, "no furniture lines"
    for l in furn:
        x, y, w, h = l["rect"]
        assert ax - 0.5 <= x and x + w <= ax + aw + 0.5, (l["text"], l["rect"])
    for i, a in enumerate(furn):
        for b in furn[i + 1:]:
            ox = min(a["rect"][0] + a["rect"][2], b["rect"][0] + b["rect"][2]) - max(a["rect"][0], b["rect"][0])
            oy = min(a["rect"][1] + a["rect"][3], b["rect"][1] + b["rect"][3]) - max(a["rect"][1], b["rect"][1])
            assert ox <= 0.5 or oy <= 0.5, (a["text"], b["text"])
EOF
done

# memory linear in the input: 460 KB of two-to-four-character lines (every
# one was a section label, each copying the page's array; then rejoining
# them rebuilt the paragraph per line).  Bounds are ten times what is
# measured, far under what the quadratic code took (7.3 GB, 50 s).
"$PYTHON" - "$TEST_TMP/short.txt" <<'EOF'
import random, sys
r = random.Random(3)
han = "口袋公园建成开放河西区今年新建绿化面积达到周边居民步行分钟即可到达"
out, size = [], 0
while size < 460 * 1024:
    line = "".join(r.choice(han) for _ in range(r.randint(2, 4)))
    out += [line, ""]
    size += len(line.encode()) + 2
open(sys.argv[1], "w", encoding="utf-8").write("\n".join(out) + "\n")
EOF
case "$BANMIAN" in *asan*) bound=2500000;; *) bound=1200000;; esac   # KB
for cmd in "import $TEST_TMP/short.txt --json" "build $TEST_TMP/short.txt -o $O"; do
    rm -rf "$O"; mkdir -p "$O"
    /usr/bin/time -f '%M' -o "$TEST_TMP/rss" "$BANMIAN" $cmd >/dev/null 2>"$TEST_TMP/short.err"
    rc=$?
    rss=$(tail -1 "$TEST_TMP/rss")
    [ "$rc" -le 1 ] || fail "$cmd: exit $rc: $(head -3 "$TEST_TMP/short.err")"
    [ "$rc" -eq 0 ] || grep -q "short.txt:[0-9]*: error" "$TEST_TMP/short.err" ||
        fail "$cmd: failed without file:line: $(head -3 "$TEST_TMP/short.err")"
    [ "$rss" -lt "$bound" ] || fail "$cmd: $rss KB resident, over the $bound KB bound"
    echo "short lines: $cmd: $rss KB"
done
# ten articles of 500,000 characters each on a one-page edition: refused
# before they are composed (it took 0.5 GB and 6 s to notice the overflow)
"$PYTHON" - "$TEST_TMP/mid10" "$G/ok/edition.xml" <<'EOF'
import os, random, sys
r = random.Random(5)
han = "口袋公园建成开放河西区今年新建绿化面积达到周边居民步行分钟即可到达，。"
d = sys.argv[1]
os.makedirs(d + "/articles", exist_ok=True)
arts = ""
for i in range(10):
    paras = "\n".join("<p>" + "".join(r.choice(han) for _ in range(5000)) + "</p>"
                      for _ in range(100))
    open(f"{d}/articles/a{i}.xml", "w", encoding="utf-8").write(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<article id="a{i}"><headline>长文{i}</headline>'
        f"<body>{paras}</body></article>\n")
    arts += f'    <article href="articles/a{i}.xml"/>\n'
ed = open(sys.argv[2], encoding="utf-8").read()
open(d + "/edition.xml", "w", encoding="utf-8").write(
    ed.replace('    <article href="articles/a.xml"/>\n', arts))
EOF
case "$BANMIAN" in *asan*) bound=700000;; *) bound=300000;; esac   # KB
rm -rf "$O"; mkdir -p "$O"
rc=0
/usr/bin/time -f '%M' -o "$TEST_TMP/rss" "$BANMIAN" build "$TEST_TMP/mid10" -o "$O" \
    >/dev/null 2>"$TEST_TMP/mid.err" || rc=$?
rss=$(tail -1 "$TEST_TMP/rss")
[ "$rc" -eq 1 ] || fail "mid10: exit $rc, expected 1"
expect_contains "$(cat "$TEST_TMP/mid.err")" "mid10/edition.xml:2: error: the edition's 1 pages would need more than 24 extra pages"
[ "$rss" -lt "$bound" ] || fail "mid10: $rss KB resident, over the $bound KB bound"
echo "ten long articles: refused at $rss KB"
echo "ok"
