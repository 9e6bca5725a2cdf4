#!/usr/bin/env python3
"""pagecheck_relock.py - after tests/e2e/pagecheck.sh has run with
PAGECHECK_OUT=DIR, rewrite the script's LOCK table (per edition, the rules at
target beyond REQUIRE) and its measured table from DIR/summary.json and
DIR/table.txt.  For the composer's author, once a change is meant to move
the figures:

    PAGECHECK_OUT=/tmp/pc bash tests/e2e/pagecheck.sh; \\
    python3 tests/tools/pagecheck_relock.py /tmp/pc tests/e2e/pagecheck.sh

then read `git diff tests/e2e/pagecheck.sh`: a rule dropping out of LOCK is a
regression to explain in the commit (a comment written above an entry stays;
delete it when the rule is back).
"""
import json
import os
import re
import sys


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    out, script = argv[1], argv[2]
    d = json.load(open(os.path.join(out, "summary.json"), encoding="utf-8"))
    s = open(script, encoding="utf-8").read()
    req = set(re.search(r"^REQUIRE=(\S+)", s, re.M).group(1).split(","))
    # comments written above an entry (why a rule was unlocked) stay with it
    block = re.search(r"declare -A LOCK=\(\n(.*?)\n\)\n", s, re.S).group(1)
    notes, pending = {}, []
    for line in block.split("\n"):
        m = re.match(r"\s*\[([^\]]+)\]=", line)
        if m:
            notes[m.group(1)] = pending
            pending = []
        elif line.strip().startswith("#"):
            pending.append(line)
    rows = []
    for n in d["editions"]:
        ok = [r for r, by in d["rules"].items() if n in by and by[n]["ok"]
              and r not in req and by[n].get("measured", True)]
        rows += notes.get(n, []) + [f"    [{n}]={','.join(ok)}"]
    s = re.sub(r"declare -A LOCK=\(\n.*?\n\)\n",
               lambda m: "declare -A LOCK=(\n" + "\n".join(rows) + "\n)\n", s, flags=re.S)
    table = open(os.path.join(out, "table.txt"), encoding="utf-8").read().rstrip("\n")
    s = re.sub(r"(\(the script prints this table again\):\n)(#   .*?\n)+",
               lambda m: m.group(1) + table + "\n", s, flags=re.S)
    open(script, "w", encoding="utf-8").write(s)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
