#!/usr/bin/env python3
"""Sanity of extracted record parts that the gold files do not score: an issue's progress statement
and its measures are text of that issue, so they never reach into the notice's closing parts — the
signature (issuer, date) and the contact block (phones, e-mails, address).

Usage: record_sanity.py ZHENGGAI_BINARY RULES_DIR DIR...   (a missing DIR is skipped; 77 if all are)
"""
import glob
import json
import os
import subprocess
import sys

NOTICE_EXTS = (".txt", ".html", ".htm", ".md")


def closing_spans(rec):
    """(what, span) of the signature and contact values"""
    out = []
    for key in ("issuer", "date"):
        v = rec.get(key)
        if v and v.get("span"):
            out.append((key, v["span"]))
    c = rec.get("contact") or {}
    for key in ("phone", "email"):
        for v in c.get(key) or []:
            out.append(("contact." + key, v["span"]))
    if c.get("address"):
        out.append(("contact.address", c["address"]["span"]))
    return out


def overlaps(a, b):
    return a[0] < b[1] and b[0] < a[1]


def main():
    binary, rules, dirs = sys.argv[1], sys.argv[2], [d for d in sys.argv[3:] if os.path.isdir(d)]
    if not dirs:
        print("skipped: no folder found")
        return 77
    failures = checked = 0
    for d in dirs:
        for path in sorted(p for p in glob.glob(os.path.join(d, "*")) if p.endswith(NOTICE_EXTS)):
            p = subprocess.run([binary, "extract", "--format", "json", "--rules", rules, path],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            try:
                rec = json.loads(p.stdout.decode("utf-8"))
            except ValueError:
                print("FAIL %s: no JSON record (exit %d)" % (path, p.returncode))
                failures += 1
                continue
            if rec.get("error"):
                continue                      # hostile inputs: nothing to check
            checked += 1
            closing = closing_spans(rec)
            bad = []
            for k, it in enumerate(rec.get("issues") or []):
                parts = [("progress.text", (it.get("progress") or {}).get("text"))]
                parts += [("measures[%d]" % m, ms.get("text")) for m, ms in enumerate(it.get("measures") or [])]
                for name, v in parts:
                    if not v:
                        continue
                    for what, span in closing:
                        if overlaps(v["span"], span):
                            bad.append("issues[%d].%s reaches the %s: %r" % (k, name, what, v["text"][-60:]))
                            break
            if bad:
                failures += 1
                print("FAIL %s" % os.path.relpath(path))
                for b in bad:
                    print("    " + b)
            else:
                print("ok   %s" % os.path.relpath(path))
    print("%d of %d records failed" % (failures, checked))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
