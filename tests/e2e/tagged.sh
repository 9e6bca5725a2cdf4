#!/usr/bin/env bash
# tagged.sh - every PDF is tagged: on every example and test edition the
# structure tree lists the articles in edition order with all their text
# (tests/tools/structorder.py, through poppler's pdfinfo -struct-text), and
# keeps the machine-checkable tagged-PDF and PDF/UA-1 rules
# (tests/tools/uacheck.py); --pdfua adds the UA identification, also with
# --pdfa, which still passes tests/tools/pdfa_check.py.
set -eu
. "$BANMIAN_ROOT/tests/e2e/lib.bash"
d="$TEST_TMP/tagged"; mkdir -p "$d"
"$PYTHON" -c 'import pikepdf' 2>/dev/null || fail "python3-pikepdf is missing (make deps)"
expect_contains "$("$BANMIAN" build --help)" "--pdfua"

n=0
for ed in "$BANMIAN_ROOT"/examples/*/ "$BANMIAN_ROOT"/tests/editions/*/; do
    [ -f "$ed/edition.xml" ] || continue
    name=$(basename "$ed")
    "$BANMIAN" build "$ed" -o "$d/$name" --pdf -q --dump-layout "$d/$name.json" \
        >/dev/null 2>"$d/err" || fail "$name: build failed: $(cat "$d/err")"
    pdf=$(ls "$d/$name"/*.pdf)
    expect_contains "$(pdfinfo "$pdf")" "Tagged:          yes"
    r=$("$PYTHON" "$BANMIAN_ROOT/tests/tools/structorder.py" "$ed" "$d/$name.json" "$pdf") \
        || fail "$name: structure tree: $r"
    echo "$name: $r"
    r=$("$PYTHON" "$BANMIAN_ROOT/tests/tools/uacheck.py" "$pdf") || fail "$name: $r"
    echo "$name: $r"
    # without --pdfua the file does not claim PDF/UA
    "$PYTHON" "$BANMIAN_ROOT/tests/tools/uacheck.py" --ua "$pdf" >/dev/null \
        && fail "$name: a plain PDF claims PDF/UA"

    for mode in "--pdfua" "--pdfa --pdfua"; do
        o="$d/$name${mode// /}"
        # shellcheck disable=SC2086
        "$BANMIAN" build "$ed" -o "$o" $mode -q >/dev/null 2>"$d/err" \
            || fail "$name $mode: build failed: $(cat "$d/err")"
        r=$("$PYTHON" "$BANMIAN_ROOT/tests/tools/uacheck.py" --ua "$o"/*.pdf) \
            || fail "$name $mode: $r"
        qpdf --check "$o"/*.pdf >"$d/qpdf" 2>&1 || fail "$name $mode: qpdf: $(cat "$d/qpdf")"
    done
    r=$("$PYTHON" "$BANMIAN_ROOT/tests/tools/pdfa_check.py" --links-optional "$d/$name--pdfa--pdfua"/*.pdf) \
        || fail "$name --pdfa --pdfua: PDF/A rules broken: $r"
    n=$((n + 1))
done
[ "$n" -ge 2 ] || fail "only $n editions checked"

# /Lang per element: an article in another language than the edition's
# (<article lang="en">) is an Art with /Lang en in the PDF and an XHTML
# document with lang and xml:lang en in the EPUB; one whose lang is the
# edition's, written in other case (ZH-cn), adds nothing; a lang that is
# not a language tag is an error at its file:line:col.  In the ALTO, that
# article's TextBlocks carry LANG en, every other block the edition's.
le="$d/lang-edition"
cp -r "$BANMIAN_ROOT/tests/editions/sparse" "$le"
cat >"$le/articles/sp-visitors.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<article id="sp-visitors" kind="article" lang="en">
  <headline>Lantern Fair Opens on Saturday</headline>
  <byline>Staff reporter</byline>
  <body>
    <p>The Yuntai lantern fair opens at 7 pm on 12 December on the township square. Entry is free every evening until 20 December.</p>
    <p>Visitors can watch craftsmen build a carp lantern from bamboo and paper, a job of more than two weeks.</p>
  </body>
</article>
XML
sed -i 's|<article href="articles/sp-kuandai.xml"/>|<article href="articles/sp-kuandai.xml"/>\n    <article href="articles/sp-visitors.xml"/>|' "$le/edition.xml"
sed -i 's|<article id="sp-tingshui"|<article lang="ZH-cn" id="sp-tingshui"|' "$le/articles/sp-tingshui.xml"
grep -q sp-visitors "$le/edition.xml" || fail "lang: the test edition was not made"
"$BANMIAN" build "$le" -o "$d/lang" --pdf --epub --alto -q >/dev/null 2>"$d/err" || fail "lang: build failed: $(cat "$d/err")"
"$PYTHON" - "$d/lang"/*.pdf "$d/lang"/*.epub "$d/lang"/*-alto <<'PY' || fail "lang: /Lang, xml:lang or ALTO LANG wrong"
import re, sys, zipfile
import pikepdf
pdf = pikepdf.open(sys.argv[1])
assert str(pdf.Root.Lang) == "zh-CN", pdf.Root.Lang
langs = {}
def walk(e):
    if isinstance(e, pikepdf.Dictionary) and e.get("/S") == "/Art":
        langs[bytes(e.ID).decode()] = str(e.Lang) if "/Lang" in e else None
    k = e.get("/K") if isinstance(e, pikepdf.Dictionary) else None
    for x in (k if isinstance(k, pikepdf.Array) else [k] if k is not None else []):
        if isinstance(x, pikepdf.Dictionary):
            walk(x)
walk(pdf.Root.StructTreeRoot)
want = {"sp-denghui": None, "sp-kuandai": None, "sp-visitors": "en",
        "sp-tingshui": None}
assert langs == want, langs
z = zipfile.ZipFile(sys.argv[2])
seen = {}
for n in z.namelist():
    if n.endswith(".xhtml"):
        t = z.read(n).decode()
        m = re.search(r'<article id="a-([^"]+)"', t)
        if m:
            html = re.search(r"<html[^>]*>", t).group(0)
            seen[m.group(1)] = (re.search(r' lang="([^"]+)"', html).group(1),
                                re.search(r' xml:lang="([^"]+)"', html).group(1))
assert seen["sp-visitors"] == ("en", "en"), seen
assert seen["sp-tingshui"] == ("zh-CN", "zh-CN"), seen
import glob, xml.etree.ElementTree as ET
A = "{http://www.loc.gov/standards/alto/ns-v4#}"
M = "{http://www.loc.gov/METS/}"
mets = ET.parse(sys.argv[3] + "/mets.xml").getroot()
vis = set()   # the English article's blocks, as METS points at them
for div in mets.iter(M + "div"):
    if div.get("TYPE") == "ARTICLE" and div.get("LABEL") == "Lantern Fair Opens on Saturday":
        for a in div.iter(M + "area"):
            vis.add(("page-%02d.xml" % int(a.get("FILEID").split("_P")[1]), a.get("BEGIN")))
lang = {}
for f in sorted(glob.glob(sys.argv[3] + "/page-*.xml")):
    r = ET.parse(f).getroot()
    assert r.find(".//" + A + "Page").get("LANG") == "zh-CN"
    for tb in r.iter(A + "TextBlock"):
        lang[(f.rsplit("/", 1)[1], tb.get("ID"))] = tb.get("LANG")
en = {k for k, v in lang.items() if v == "en"}
assert vis and en == vis, (sorted(en), sorted(vis))
assert set(lang.values()) == {"en", "zh-CN"}, set(lang.values())
print("lang:", langs, "ALTO blocks en:", len(en), "of", len(lang))
PY
r=$("$PYTHON" "$BANMIAN_ROOT/tests/tools/uacheck.py" "$d/lang"/*.pdf) || fail "lang: $r"
sed -i 's|lang="en"|lang="English!"|' "$le/articles/sp-visitors.xml"
expect_exit 1 "sp-visitors.xml:2:" "$BANMIAN" build "$le" -o "$d/lang-bad" -q
