#!/usr/bin/env python3
"""Negative outline tests: texts full of false heading markers (3.5万元, （2022）12号, 一、二季度,
第1、2项, 2.1版, dates, 1.2亿元, lists inside sentences, 一是 inside (1) measures). For each
tests/negative/NAME.txt the flattened outline of zhenggai's record must be exactly the hand-written
NAME.outline.json: [[level, marker, title], …] in document order.

Usage: negative_check.py ZHENGGAI_BINARY RULES_DIR NEGATIVE_DIR
"""
import glob
import json
import os
import subprocess
import sys


def flatten(nodes, out):
    for n in nodes:
        out.append([n["level"], n["marker"]["text"], n["title"]["text"]])
        flatten(n.get("children") or [], out)
    return out


def main():
    binary, rules, folder = sys.argv[1:4]
    failures = 0
    cases = sorted(glob.glob(os.path.join(folder, "*.txt")))
    for path in cases:
        with open(path[:-4] + ".outline.json", encoding="utf-8") as fh:
            want = json.load(fh)
        p = subprocess.run([binary, "extract", "--format", "json", "--rules", rules, path],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            got = flatten(json.loads(p.stdout.decode("utf-8"))["outline"], [])
        except (ValueError, KeyError, TypeError) as e:
            got = "no record (exit %d, %s)" % (p.returncode, e)
        name = os.path.basename(path)
        if got == want:
            print("ok   %s (%d headings)" % (name, len(want)))
            continue
        failures += 1
        print("FAIL %s" % name)
        if isinstance(got, str):
            print("    %s" % got)
            continue
        for e in want:
            if e not in got:
                print("    missing: %s" % json.dumps(e, ensure_ascii=False))
        for e in got:
            if e not in want:
                print("    false heading: %s" % json.dumps(e, ensure_ascii=False))
        if all(e in got for e in want) and all(e in want for e in got):
            print("    order differs: %s" % json.dumps(got, ensure_ascii=False))
    print("%d of %d cases failed" % (failures, len(cases)))
    return 1 if failures or not cases else 0


if __name__ == "__main__":
    sys.exit(main())
