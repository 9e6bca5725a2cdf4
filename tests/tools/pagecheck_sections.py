#!/usr/bin/env python3
"""pagecheck_sections.py - stories print on the page edition.xml gives them.

Usage: pagecheck_sections.py EDITION_DIR LAYOUT.json BUILD.stderr

Every article of edition.xml must open (its first line or box, which is
not a continuation's) on the page it is listed under, unless build's warnings name
it as moved ("'ID'[, 'ID'…] moved whole from page N to page M" or
"'ID' moved up from page N to page M").  Continuations may only be on later pages.
Prints one line per offence; exits 1 if there is any.
"""
import json
import re
import sys
import xml.etree.ElementTree as ET


def main():
    ed_dir, dump, err = sys.argv[1:4]
    root = ET.parse(f"{ed_dir}/edition.xml").getroot()
    assigned = {}
    for n, page in enumerate(root.findall("page"), 1):
        for a in page.findall("article"):
            aroot = ET.parse(f"{ed_dir}/{a.get('href')}").getroot()
            assigned[aroot.get("id")] = n
    warned = set()
    for line in open(err, encoding="utf-8"):
        m = re.search(r"warning: (.*) moved (?:whole|up) from page", line)
        if m:
            warned.update(re.findall(r"'([^']+)'", m.group(1)))
    first = {}
    for p in json.load(open(dump))["pages"]:
        for item in p["boxes"] + p["lines"]:
            if item.get("article") and (item["kind"] != "jump" or
                                        "上接" not in item.get("text", "")):
                first.setdefault(item["article"], p["number"])
    bad = 0
    for aid, n in sorted(assigned.items()):
        got = first.get(aid)
        if got is None:
            print(f"{aid}: assigned to page {n}, not printed")
            bad += 1
        elif got != n and aid not in warned:
            print(f"{aid}: assigned to page {n}, opens on page {got} with no warning")
            bad += 1
    print(f"{len(assigned)} stories, {len(warned)} moved with a warning, {bad} off their page")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
