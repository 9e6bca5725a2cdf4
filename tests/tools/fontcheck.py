#!/usr/bin/python3
"""make fonts: check that every face named in fonts/fonts.conf is installed.

The Debian packages are installed by `make deps`; this names the missing file
and its package if anything is still absent.
"""
import os
import sys

conf = sys.argv[1] if len(sys.argv) > 1 else "fonts/fonts.conf"
base = os.path.dirname(os.path.abspath(conf))
bad = 0
roles = set()
with open(conf, encoding="utf-8") as fp:
    for lineno, line in enumerate(fp, 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        if len(parts) < 5:
            print(f"{conf}:{lineno}: error: expected ROLE FILE INDEX LICENCE PACKAGE [NAME]")
            bad += 1
            continue
        role, path, pkg = parts[0], parts[1], parts[4]
        roles.add(role)
        full = path if os.path.isabs(path) else os.path.join(base, path)
        if not os.path.isfile(full):
            print(f"{conf}:{lineno}: error: {full} is missing; install the Debian package {pkg} (make deps)")
            bad += 1
for need in ("body", "headline", "kai"):
    if need not in roles:
        print(f"{conf}: error: no face for role '{need}'")
        bad += 1
if bad:
    sys.exit(1)
print(f"make fonts: {conf}: all faces present ({', '.join(sorted(roles))})")
