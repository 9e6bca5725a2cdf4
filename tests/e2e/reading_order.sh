#!/usr/bin/env bash
# reading_order.sh - the PDF's content stream carries the articles in reading
# order, exactly.  Each corpus page is imported (`banmian import --json`,
# the importer's reading order: extraction's out-of-order fragments moved
# back, see the corpus' GOLD-NOTES.md a-6, b-4) and built; the imported text,
# article by article (label, kicker, headline, subhead, byline, paragraphs,
# editor code, captions with their codes, credit), must come out of
# `pdftotext -raw` with 0 lost and 0 reordered characters
# (tests/tools/roundtrip.py --raw).  Against the raw dump itself the only
# differences are those moves (tests/e2e/roundtrip.sh bounds them).
set -eu
. "$BANMIAN_ROOT/tests/e2e/lib.bash"
d="$TEST_TMP/order"; mkdir -p "$d"
need_corpus

for page in "$CORPUS"/page-*.txt; do
    n=$(basename "$page" .txt)
    "$BANMIAN" import "$page" --json >"$d/$n.json" 2>/dev/null || fail "import $n"
    "$PYTHON" - "$d/$n.json" >"$d/$n.ref" <<'PY' || fail "reference text of $n"
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
out = []
for a in doc["articles"]:
    out += [a[k] for k in ("label", "kicker", "headline", "subhead", "byline") if a.get(k)]
    out += a.get("paragraphs") or []
    if a.get("editor_code"):
        out.append(a["editor_code"])
    codes = a.get("caption_codes") or []
    for i, c in enumerate(a.get("captions") or []):
        out.append(c)
        if i < len(codes) and codes[i]:
            out.append(codes[i])
    if a.get("credit"):
        out.append(a["credit"])
assert out, "no text imported"
print("\n".join(out))
PY
    "$BANMIAN" build "$page" --pdf -q -o "$d/$n" 2>/dev/null || fail "build $n"
    r=$("$PYTHON" "$TOOLS/roundtrip.py" --raw --ref "$d/$n.ref" "$d/$n"/*.pdf) \
        || fail "roundtrip.py on $n"
    echo "$n: $r"
    "$PYTHON" -c '
import json, sys
r = json.loads(sys.argv[1])
ok = r["lost"] == 0 and r["reordered"] == 0 and r["ref_chars"] > 3000 and \
    not r["replacement_chars"]
sys.exit(0 if ok else 1)' "$r" || fail "$n: the PDF text is not the imported text in order: $r"
done
echo ok
