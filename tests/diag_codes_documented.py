#!/usr/bin/env python3
"""Every diagnostic code the library can emit (zg_doc_diag(…, "CODE", …) in src/lib) has a row in
docs/record.md's table of codes, with the severity the code is emitted with, and the table names
no code the library does not emit.

Usage: diag_codes_documented.py SOURCE_DIR
"""
import glob
import os
import re
import sys


def main():
    root = sys.argv[1]
    emitted = {}
    for path in glob.glob(os.path.join(root, "src", "lib", "*.c")):
        text = open(path, encoding="utf-8").read()
        for m in re.finditer(r'zg_doc_diag\(\s*[^,]+,\s*ZG_SEV_([A-Z]+),\s*"([a-z-]+)"', text):
            emitted.setdefault(m.group(2), set()).add(m.group(1).lower())
    doc = open(os.path.join(root, "docs", "record.md"), encoding="utf-8").read()
    start = doc.find("| code | severity | meaning |")
    end = doc.find("\n\n", start)
    if start < 0:
        print("FAIL docs/record.md has no table of diagnostic codes")
        return 1
    table = {m.group(1): m.group(2)
             for m in re.finditer(r"^\| `([a-z-]+)` \| (\w+) \|", doc[start:end], re.M)}
    failures = []
    if len(emitted) < 10:
        failures.append("only %d codes found in src/lib: the pattern no longer matches the calls"
                        % len(emitted))
    for code, sev in sorted(emitted.items()):
        if code not in table:
            failures.append("%s (%s) is emitted but not in docs/record.md" % (code, "/".join(sev)))
        elif table[code] not in sev:
            failures.append("%s is documented as %s but emitted as %s" % (code, table[code], "/".join(sev)))
    for code in sorted(set(table) - set(emitted)):
        failures.append("%s is documented but never emitted" % code)
    for f in failures:
        print("FAIL " + f)
    print("%d codes emitted, %d documented, %d problems" % (len(emitted), len(table), len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
