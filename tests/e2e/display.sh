#!/usr/bin/env bash
# display.sh - display lines as a typesetter sets them (issue 13):
# tests/tools/displaycheck.py over every display block (kicker, headline,
# subhead, subheading, section label, byline, caption, credit, jump) of every
# example and test edition (examples/*, tests/editions/*) in both layouts
# must count 0 last lines of 1-2 characters, 0 breaks inside words or
# before/after a bound morpheme (实验|室, 第|36次: display.c's table), numbers
# with their units, Latin words, short quotes or names, 0 number-unit splits
# in body text, 0 letter-spaced bylines (run-in ones in body text included:
# at most 0.05 em between two characters), 0 formulas with glue;
# pdftotext, mutool and pdf.js must extract bylines with the spaces of the
# copy, and the EPUB carry the same text, each gap between Chinese words
# exactly 1/2 em in Chromium (tests/reader/gap.mjs, the two examples).
set -eu
. "$BANMIAN_ROOT/tests/e2e/lib.bash"
d="$TEST_TMP/display"; mkdir -p "$d"
py=${PYTHON:-/usr/bin/python3}
[ -d "$BANMIAN_ROOT/tests/pdftext/node_modules/pdfjs-dist" ] \
    || fail "pdf.js is not installed: run make deps (npm ci in tests/pdftext)"
"$py" -c "import icu" 2>/dev/null || fail "python3-icu is needed (make deps)"

eds=()
for e in "$BANMIAN_ROOT"/examples/*/ "$BANMIAN_ROOT"/tests/editions/*/; do
    [ -f "$e/edition.xml" ] && eds+=("${e%/}")
done
[ ${#eds[@]} -ge 8 ] || fail "expected the examples and tests/editions, found ${#eds[@]}"
for src in "${eds[@]}"; do
    ed=$(basename "$src")
    for lay in broadsheet tabloid; do
        out="$d/$ed-$lay"
        "$BANMIAN" build "$src" -o "$out" --layout "$lay" \
            --dump-layout "$out.json" >"$out.log" 2>&1 || { cat "$out.log"; fail "$ed $lay: build"; }
        pdf=$(ls "$out"/*.pdf)
        res=$("$py" "$BANMIAN_ROOT/tests/tools/displaycheck.py" "$out.json" "$pdf" \
                2>"$out.faults") \
            || { cat "$out.faults" >&2; fail "$ed $lay: display lines: $res"; }
        echo "display $ed $lay: $res"
        # run-in bylines keep their spaces for a reader's tools
        # (every edition has bylines with spaces, ASCII or U+3000)
        least=3
        "$py" - "$out.json" "$pdf" "$(ls "$out"/*.epub)" \
            "$BANMIAN_ROOT/tests/pdftext/text.mjs" "$least" <<'PY' || fail "$ed $lay: byline spaces"
import json, re, subprocess, sys, zipfile
doc = json.load(open(sys.argv[1], encoding="utf-8"))
pdf = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", sys.argv[2], "-"],
                     check=True, capture_output=True, text=True).stdout
# poppler's default mode too: a 1-em hole in a byline (a U+3000 set as a
# full box) once sent each name of 「本报记者　冯　瑶」 to a block of its own
dflt = subprocess.run(["pdftotext", "-enc", "UTF-8", sys.argv[2], "-"],
                      check=True, capture_output=True, text=True).stdout
mu = subprocess.run(["mutool", "draw", "-q", "-F", "txt", sys.argv[2]],
                    check=True, capture_output=True, text=True).stdout
js = subprocess.run(["node", sys.argv[4], sys.argv[2]],
                    check=True, capture_output=True, text=True).stdout
z = zipfile.ZipFile(sys.argv[3])
epub = re.sub(r"<[^>]+>", "", "".join(z.read(n).decode() for n in z.namelist()
                                     if n.endswith(".xhtml")))
seen = 0
for p in doc["pages"]:
    for ln in p["lines"]:
        m = re.match(r"本报讯（[^）]*）", ln["text"]) if ln["kind"] == "body" else None
        if ln["kind"] in ("byline", "credit") or (m and re.search("[ 　]", m.group(0))):
            t = ln["text"].strip(" 　") if not m else m.group(0)
            if not re.search("[ 　]", t):
                continue
            seen += 1
            # (a U+3000 may come out as itself or as a space)
            want = re.sub("[ 　]+", " ", t)
            for name, txt in (("pdftotext", pdf), ("pdftotext (default)", dflt),
                              ("mutool", mu), ("pdf.js", js)):
                # line ends are not the question here (poppler puts a
                # middle dot, or a pushed-in （, on a line of its own: the
                # glyph placement defect noted in para.c), the spaces are
                txt = re.sub(r"[ \t　]*\n[ \t　]*", "", txt)
                if want not in re.sub(r"[ \t　]+", " ", txt):
                    sys.exit("%s lacks the spaces of %r" % (name, t))
            if t.rstrip("）").split("（")[-1] not in epub:
                sys.exit("EPUB lacks %r" % t)
if seen < int(sys.argv[5]):
    sys.exit("only %d bylines with spaces seen" % seen)
PY
        # the EPUB's byline and credit gaps, measured in Chromium: exactly
        # the PDF's 1/2 em (the layout does not change the EPUB: once)
        if [ "$lay" = broadsheet ] && { [ "$ed" = hexi ] || [ "$ed" = tabloid-mini ]; }; then
            rm -rf "$out.unz"; mkdir "$out.unz"
            (cd "$out.unz" && unzip -q "$(ls "$out"/*.epub)")
            r=$(cd "$BANMIAN_ROOT/tests/reader" && node gap.mjs "$out.unz") \
                || fail "$ed: EPUB byline gaps: $r"
            echo "epub gaps $ed: $r"
        fi
    done
done
