#!/usr/bin/env python3
"""Glued text: every plain-text notice of a corpus with all its line breaks and spaces removed.

usage: glued_eval.py ZHENGGAI SOURCE_DIR CORPUS_DIR [eval options...]

Each notice with a gold file whose source is a .txt file is decoded by zhenggai (--with-text,
so GB18030, Big5 and UTF-16 notices are included), stripped of all white space (ASCII, ideographic
space, line breaks), and written as UTF-8 with its gold file to a temporary folder. Every record
of such a text must carry the info diagnostic glued-text, and tools/eval scores the folder with
the options given (the gold values stay as printed; only the layout is gone). Exit 77 when the
corpus folder is absent.
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

with tempfile.TemporaryDirectory() as out:
    names = []
    for gold in sorted(os.listdir(corpus)):
        if not gold.endswith(".gold.json"):
            continue
        stem = gold[: -len(".gold.json")]
        notice = os.path.join(corpus, stem + ".txt")
        if not os.path.isfile(notice):
            continue
        rec = subprocess.run([zhenggai, "extract", "-q", "--rules", rules, "--with-text", notice],
                             capture_output=True, check=True)
        text = json.loads(rec.stdout)["text"]
        glued = re.sub(r"[\s\u3000]+", "", text)
        with open(os.path.join(out, stem + ".txt"), "w", encoding="utf-8") as f:
            f.write(glued)
        with open(os.path.join(corpus, gold), "rb") as src, \
                open(os.path.join(out, gold), "wb") as dst:
            dst.write(src.read())
        names.append(stem + ".txt")
    if not names:
        print(f"FAIL: no plain-text notice with a gold file in {corpus}")
        sys.exit(1)
    stream = subprocess.run([zhenggai, "extract", "-q", "--rules", rules, "--format", "jsonl", out],
                            capture_output=True, check=True)
    missing = [r["source"]["path"] for r in map(json.loads, stream.stdout.splitlines())
               if not any(d["code"] == "glued-text" for d in r.get("diagnostics", []))]
    if missing:
        print("FAIL: no glued-text diagnostic for", ", ".join(missing))
        sys.exit(1)
    print(f"{len(names)} glued notices")
    ev = subprocess.run([sys.executable, os.path.join(source, "tools", "eval"), "--zhenggai",
                         zhenggai, "--rules", rules, *eval_options, out])
    sys.exit(ev.returncode)
