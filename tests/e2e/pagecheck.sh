#!/usr/bin/env bash
# pagecheck.sh - page quality (issue 12) on every edition we have, in both
# layouts: examples/*, tests/editions/* and the corpus pages (all together as
# one edition), each built with --layout broadsheet and --layout tabloid, then
# measured by tests/tools/layoutcheck.py --edition (rules in
# tests/tools/pagequality.py).  Fails when a rule in REQUIRE is not at target
# on some edition; every other rule is measured and printed (the table below
# is what it measured when the list was last set).  Tighten REQUIRE as the
# composer meets more rules.  PAGECHECK_OUT=DIR keeps the builds, the tables
# and summary.json.
#
# Measured on main c317c29 (before the composer rework), broadsheet / tabloid,
# * = not at target; widows_orphans is widows,orphans,lines not matched to a
# paragraph; page_list is PDF pages,dump pages,EPUB page-list entries; fill is
# lowest page but the last,last page (the script prints this table again):
#   rule                                corpus                     hexi                   packed                   sparse                   sports          tabloid-feature             tabloid-mini
#   build                                0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0               0 / error*                    0 / 0
#   geometry                             0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / -                    0 / 0
#   image_distortion                     0 / 0             8.37* / 5.6*             2.3* / 2.56*             1.72* / 2.4*           12.84* / 6.54*               50.38* / -             2.56* / 2.4*
#   image_aspect                         0 / 0            7.59* / 5.38*            2.04* / 2.48*            2.04* / 2.48*           12.66* / 5.96*               50.21* / -            2.23* / 2.48*
#   image_ppi                      None / None               114* / 167                217 / 312                174 / 250               148* / 192                 133* / -                156 / 167
#   off_page                           0 / 11*                37* / 44*                 5* / 12*                    0 / 0                  1* / 1*                    0 / -                   3* / 0
#   pages_added                         0 / 2*                  2* / 7*                  1* / 2*                    0 / 0                    0 / 0                    0 / -                    0 / 0
#   shallow_strips                    13* / 1*                  2* / 4*                  4* / 3*                  2* / 2*                   1* / 0                   6* / -                  7* / 7*
#   frame_fill                           1 / 1          0.615* / 0.675*          0.214* / 0.522*                    1 / 1          0.035* / 0.424*                0.03* / -          0.013* / 0.235*
#   empty_columns                        0 / 0                  5* / 7*                  6* / 2*                  2* / 1*                 14* / 2*                  15* / -                 11* / 6*
#   head_scale                         3* / 3*                17* / 13*                   7* / 4                    2 / 2                    3 / 3                    3 / -                    4 / 4
#   head_rank                          0* / 0*                  0* / 0*                  0* / 0*                    1 / 1                   1 / 0*                   0* / -                   0* / 1
#   kicker_rank                       4* / 16*                34* / 24*                  5* / 5*                    0 / 0                   0 / 2*                    0 / -                  1* / 1*
#   subheading_size                      0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / -                    0 / 0
#   head_zone                  0.692* / 0.625*          0.455* / 0.667*          0.833* / 0.556*             0.219 / 0.25             0.368 / 0.5*               0.733* / -          0.818* / 0.727*
#   head_white                      1.3 / 1.5*             1.9* / 1.79*             2.03* / 1.9*                1.3 / 1.3               1.3 / 1.9*                  1.3 / -             1.66* / 1.9*
#   early_jumps                         0 / 3*                  2* / 8*                   0 / 2*                    0 / 0                   0 / 1*                    0 / -                   0 / 1*
#   widows_orphans             5,3,0* / 2,4,0*       12,7,5* / 20,11,7*          8,8,0* / 2,1,0*          2,2,0* / 2,2,0*          3,2,0* / 2,2,0*               5,5,0* / -          5,5,0* / 5,7,0*
#   page_list               2,2,2,2 / 4,4,2,2*    6,6,4,4* / 11,11,4,4*      2,2,1,1* / 3,3,1,1*        2,2,2,2 / 2,2,2,2       2,2,2,2* / 2,2,2,2              4,4,4,4 / -       2,2,2,2* / 2,2,2,2
#   fill              0.982,0.971 / 0.973,0.225 0.977,0.329 / 0.978,0.593* 0.952,0.423* / 0.975,0.159 0.426,0.105 / 0.537,0.145 0.788,0.359* / 0.946,0.924*          0.223,0.212 / - 0.956,0.208* / 0.99,0.956
#   underfull_warned                    0 / 1*                  1* / 1*                  1* / 1*                  2* / 2*                   2* / 0                   4* / -                   1* / 0
set -eu
. "$BANMIAN_ROOT/tests/e2e/lib.bash"
d=${PAGECHECK_OUT:-"$TEST_TMP/pagecheck"}; mkdir -p "$d"
check="$BANMIAN_ROOT/tests/tools/layoutcheck.py"
corpus=${BANMIAN_CORPUS:-"$SHARED/corpus"}

# the rules at target on every edition and layout today, and per edition
# the further rules it meets today (measured, not n/a) - so none regresses
# (build: banmian build exits 0)
REQUIRE=build,geometry,subheading_size
# rules not yet met on one edition although met on every other: the lead's
# to-do list, each with what it measured
declare -A EXEMPT=(
    # "error: page 3: no arrangement of its 1 articles fits the layout
    # 'tabloid'" - one article with three figures (3:4, 3:1, 4:3) on a page
    [tabloid-feature/tabloid]=build
)
declare -A LOCK=(
    [corpus/broadsheet]=off_page,pages_added,empty_columns,head_white,page_list,fill,underfull_warned
    [corpus/tabloid]=empty_columns,fill
    [hexi/broadsheet]=fill
    [hexi/tabloid]=image_ppi
    [packed/broadsheet]=image_ppi,early_jumps
    [packed/tabloid]=image_ppi,head_scale,fill
    [sparse/broadsheet]=image_ppi,off_page,pages_added,head_scale,head_rank,kicker_rank,head_zone,head_white,page_list,fill
    [sparse/tabloid]=image_ppi,off_page,pages_added,head_scale,head_rank,kicker_rank,head_zone,head_white,page_list,fill
    [sports/broadsheet]=pages_added,head_scale,head_rank,kicker_rank,head_zone,head_white
    [sports/tabloid]=image_ppi,pages_added,shallow_strips,head_scale,page_list,underfull_warned
    [tabloid-feature/broadsheet]=off_page,pages_added,head_scale,kicker_rank,head_white,page_list,fill
    [tabloid-feature/tabloid]=
    [tabloid-mini/broadsheet]=image_ppi,pages_added,head_scale
    [tabloid-mini/tabloid]=image_ppi,off_page,pages_added,head_scale,head_rank,page_list,fill,underfull_warned
)

eds=()
for e in "$BANMIAN_ROOT"/examples/*/ "$BANMIAN_ROOT"/tests/editions/*/; do
    [ -f "$e/edition.xml" ] && eds+=("${e%/}")
done
[ ${#eds[@]} -ge 6 ] || fail "expected the examples and tests/editions, found ${#eds[@]}"

status=0
run_one() {  # name layout source...
    local name=$1 layout=$2; shift 2
    local out="$d/$name-$layout" src
    rm -rf "$out"; mkdir -p "$out"
    local need="$REQUIRE${LOCK[$name/$layout]:+,${LOCK[$name/$layout]}}" x
    for x in ${EXEMPT[$name/$layout]:-}; do
        need=$(echo ",$need," | sed "s/,$x,/,/; s/^,//; s/,\$//")
    done
    if ! "$BANMIAN" build "$@" --layout "$layout" -o "$out" \
            --dump-layout "$out/layout.json" >"$out/build.out" 2>"$out/build.err"; then
        # measured as the rule "build", every other rule unmeasured
        "$PYTHON" - "$out/quality.json" "$name/$layout" "$out/build.err" <<'PY'
import json, sys
err = open(sys.argv[3], encoding="utf-8", errors="replace").read().strip()
json.dump({"name": sys.argv[2], "rules": {"build": {
    "what": "banmian build succeeds", "target": "exit 0", "value": err[-300:],
    "ok": False, "measured": True, "faults": 1, "details": [], "pages": {}}}},
    open(sys.argv[1], "w"), ensure_ascii=False, indent=1)
PY
        echo "== $name/$layout: build failed: $(tail -1 "$out/build.err")"
        case ",$need," in *,build,*)
            echo "FAIL: build $name --layout $layout: $(tail -5 "$out/build.err")" >&2
            status=1;;
        esac
        return
    fi
    need=$(echo "$need" | sed 's/^build,//; s/,build,/,/; s/,build$//; s/^build$//')
    if [ "$1" != "${1%.txt}" ]; then src=$(IFS=,; echo "$*"); else src=$1; fi
    local rc=0
    "$PYTHON" "$check" "$out/layout.json" --edition "$src" \
        --layout-file "$BANMIAN_ROOT/layouts/$layout.xml" \
        --pdf "$(ls "$out"/*.pdf)" --epub "$(ls "$out"/*.epub)" \
        --stderr "$out/build.err" --banmian "$BANMIAN" --name "$name/$layout" \
        --json "$out/quality.json" --require "$need" \
        >"$out/quality.txt" 2>"$out/quality.err" || rc=$?
    cat "$out/quality.txt"
    if [ "$rc" -ne 0 ]; then
        echo "FAIL: $name --layout $layout: $(cat "$out/quality.err")" >&2
        status=1
    fi
}

for layout in broadsheet tabloid; do
    for e in "${eds[@]}"; do
        run_one "$(basename "$e")" "$layout" "$e"
    done
    if ls "$corpus"/page-*.txt >/dev/null 2>&1; then
        run_one corpus "$layout" "$corpus"/page-*.txt
    fi
done
ls "$corpus"/page-*.txt >/dev/null 2>&1 || echo "skipped: corpus pages (no $corpus/page-*.txt)"

# one summary: rule x edition, broadsheet / tabloid (the table above)
"$PYTHON" - "$d" <<'PY'
import glob, json, os, sys
rows, names = {}, []
for f in sorted(glob.glob(os.path.join(sys.argv[1], "*", "quality.json"))):
    q = json.load(open(f))
    names.append(q["name"])
    if "build" not in q["rules"]:
        q["rules"] = {"build": {"value": 0, "ok": True, "measured": True},
                      **q["rules"]}
    for r, v in q["rules"].items():
        rows.setdefault(r, {})[q["name"]] = v
json.dump({"editions": names, "rules": rows}, open(os.path.join(sys.argv[1],
          "summary.json"), "w"), ensure_ascii=False, indent=1)


def fmt(v):
    if v is None:
        return "-"
    val = v["value"]
    if isinstance(val, str):
        val = "error"
    elif isinstance(val, dict):
        val = ",".join(str(x) for x in val.values() if not isinstance(x, (list, bool)))
    elif isinstance(val, float):
        val = f"{val:g}"
    return f"{val}{'' if v['ok'] else '*'}"


eds = sorted({n.rsplit("/", 1)[0] for n in names})
w = max(24, *(len(e) for e in eds))
print("\n#   %-17s " % "rule" + " ".join(f"{e:>{w}}" for e in eds))
for r, by in rows.items():
    print("#   %-17s " % r + " ".join(
        f"{fmt(by.get(e + '/broadsheet')) + ' / ' + fmt(by.get(e + '/tabloid')):>{w}}"
        for e in eds))
PY
[ "$status" -eq 0 ] || fail "a required page-quality rule is not at target (REQUIRE=$REQUIRE)"
