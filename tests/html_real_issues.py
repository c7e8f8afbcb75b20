#!/usr/bin/env python3
"""The real web pages of ../shared/html-real are news articles, statistical bulletins, a law and a
resolution: none is a rectification notice, so none may yield a problem. Their headings (一、综合,
1.本公报中数据…) were once taken for problems by the structural fallback; a page of kind "other"
without rectification wording in its opening now gets the info diagnostic not-a-notice instead.

Usage: html_real_issues.py ZHENGGAI_BINARY RULES_DIR HTML_REAL_DIR   (exit 77 when the folder is absent)
"""
import glob
import json
import os
import subprocess
import sys


def main():
    binary, rules, folder = sys.argv[1:4]
    pages = sorted(glob.glob(os.path.join(folder, "p*.html")))
    if not pages:
        print("no pages in %s: skipped" % folder)
        return 77
    failures = not_notice = 0
    for path in pages:
        p = subprocess.run([binary, "extract", "-q", "--format", "json", "--rules", rules, path],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        name = os.path.basename(path)
        try:
            rec = json.loads(p.stdout.decode("utf-8"))
        except ValueError as e:
            print("FAIL %s: no record (exit %d, %s)" % (name, p.returncode, e))
            failures += 1
            continue
        codes = [d["code"] for d in rec["diagnostics"]]
        not_notice += "not-a-notice" in codes
        if rec["issues"]:
            failures += 1
            print("FAIL %s (kind %s): %d problems, the first %r" % (
                name, rec["kind"], len(rec["issues"]), rec["issues"][0]["title"]["text"]))
        else:
            print("ok   %s (kind %s)%s" % (name, rec["kind"],
                                          ", not-a-notice" if "not-a-notice" in codes else ""))
    # the pages whose headings look like problems (the bulletins, the law) must say why they gave none
    if not_notice < 4:
        failures += 1
        print("FAIL only %d pages carry not-a-notice (the three bulletins and the law page should)"
              % not_notice)
    print("%d of %d pages failed" % (failures, len(pages)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
