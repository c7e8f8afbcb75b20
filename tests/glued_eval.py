#!/usr/bin/env python3
"""Glued text: every plain-text notice of a corpus with all its line breaks and spaces removed.

usage: glued_eval.py ZHENGGAI SOURCE_DIR CORPUS_DIR [eval options...]

Each .txt notice is decoded by zhenggai (--with-text, so GB18030, Big5 and UTF-16 notices are
included), stripped of all white space (ASCII, ideographic space, line breaks) and written as
UTF-8 to a temporary folder; a second folder holds each notice "framed": its first line (the
title) and last two lines (the signature) kept on lines of their own around the glued body, as
some PDF copies have it (not for a notice printed on fewer than four lines). Then:
1. every record of such a text carries the info diagnostic glued-text;
2. each glued and framed record equals the record of the notice as printed in what it says:
   title, issuer, date, kind, outline (levels, markers, titles), issues (title, category,
   number of measures, status, long-term, deadline), declared totals, contact, facts and checks
   (texts compared, not spans: the offsets differ);
   a notice with a tab-separated table (cells separated by tabs) is left out: its table does not
   survive the removal of the separators;
3. tools/eval scores the notices that have a gold file with the options given.
Exit 77 when the corpus folder is absent.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

zhenggai, source, corpus = sys.argv[1:4]
eval_options = sys.argv[4:]
if not os.path.isdir(corpus):
    print(f"SKIP: {corpus} is absent")
    sys.exit(77)
rules = os.path.join(source, "rules")


def gist(rec):
    """What a record says, without offsets."""
    def text(x):
        return x.get("text") if isinstance(x, dict) else x

    def value(x):
        return x.get("value") if isinstance(x, dict) else x

    def outline(nodes, acc):
        for n in nodes:
            acc.append((n["level"], text(n["marker"]), text(n["title"])))
            outline(n.get("children", []), acc)
        return acc

    return {
        "title": text(rec["title"]), "issuer": text(rec["issuer"]), "date": value(rec["date"]),
        "kind": rec["kind"], "outline": outline(rec.get("outline", []), []),
        "issues": [(text(i["title"]), text(i["category"]), i["n_measures"],
                    i["progress"]["status"], i["progress"]["long_term"],
                    value(i["progress"]["deadline"])) for i in rec["issues"]],
        "declared": {k: value(v) for k, v in rec["declared"].items()},
        "contact": {k: [text(y) for y in v] if isinstance(v, list) else text(v)
                    for k, v in rec["contact"].items()},
        "facts": sorted(json.dumps({k: v for k, v in f.items() if k not in ("span", "text")},
                                   ensure_ascii=False, sort_keys=True)
                        for f in rec.get("facts", [])),
        "checks": sorted((c["name"], c["ok"]) for c in rec["checks"]),
    }


def extract(path, *options):
    run = subprocess.run([zhenggai, "extract", "-q", "--rules", rules, *options, path],
                         capture_output=True, check=True)
    return json.loads(run.stdout)


def framed(text):
    """The title line, the glued body, the signature lines; None for a notice printed on fewer
    than four lines (a run-together one), which has no such frame."""
    lines = [l.strip() for l in text.split("\n") if l.strip()]
    if len(lines) < 4:
        return None
    body = re.sub(r"[\s\u3000]+", "", "".join(lines[1:-2]))
    return "\n".join([lines[0], body, *lines[-2:]]) + "\n"


with tempfile.TemporaryDirectory() as tmp:
    out, out_framed = os.path.join(tmp, "glued"), os.path.join(tmp, "framed")
    os.mkdir(out)
    os.mkdir(out_framed)
    names, printed = [], {}
    for name in sorted(os.listdir(corpus)):
        if not name.endswith(".txt"):
            continue
        stem = name[: -len(".txt")]
        rec = extract(os.path.join(corpus, name), "--with-text")
        text = rec.pop("text")
        if re.search(r"\S\t+\S", text):
            print(f"skipped {name}: a tab-separated table")
            continue
        printed[stem] = gist(rec)
        glued = re.sub(r"[\s\u3000]+", "", text)
        gold = stem + ".gold.json"
        for folder, variant in ((out, glued), (out_framed, framed(text))):
            if variant is None:
                continue
            with open(os.path.join(folder, name), "w", encoding="utf-8") as f:
                f.write(variant)
            if os.path.isfile(os.path.join(corpus, gold)):
                with open(os.path.join(corpus, gold), "rb") as src, \
                        open(os.path.join(folder, gold), "wb") as dst:
                    dst.write(src.read())
        names.append(name)
    if not names:
        print(f"FAIL: no plain-text notice in {corpus}")
        sys.exit(1)
    failures = 0
    for folder in (out, out_framed):
        for name in names:
            if not os.path.isfile(os.path.join(folder, name)):
                continue
            rec = extract(os.path.join(folder, name))
            where = f"{os.path.basename(folder)}/{name}"
            if not any(d["code"] == "glued-text" for d in rec.get("diagnostics", [])):
                print(f"FAIL {where}: no glued-text diagnostic")
                failures += 1
            said = gist(rec)
            for field, want in printed[name[: -len(".txt")]].items():
                if said[field] != want:
                    print(f"FAIL {where}: {field} differs from the printed notice's\n"
                          f"  printed: {want}\n  glued:   {said[field]}")
                    failures += 1
    print(f"{len(names)} notices, glued and framed: {failures} differences")
    if failures:
        sys.exit(1)
    ev = subprocess.run([sys.executable, os.path.join(source, "tools", "eval"), "--zhenggai",
                         zhenggai, "--rules", rules, *eval_options, out, out_framed])
    sys.exit(ev.returncode)
