#!/usr/bin/env python3
"""Glued text: every plain-text notice of a corpus with all its line breaks and spaces removed.

usage: glued_eval.py ZHENGGAI SOURCE_DIR CORPUS_DIR [eval options...]

Each notice with a gold file whose source is a .txt file is decoded by zhenggai (--with-text,
so GB18030, Big5 and UTF-16 notices are included), stripped of all white space (ASCII, ideographic
space, line breaks), and written as UTF-8 with its gold file to a temporary folder; a second folder
holds each notice "framed": its first line (the title) and last two lines (the signature) kept on
lines of their own around the glued body, as some PDF copies have it. Every record
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

def framed(text):
    lines = [l.strip() for l in text.split("\n") if l.strip()]
    tail = lines[-2:] if len(lines) > 3 else []
    body = re.sub(r"[\s\u3000]+", "", "".join(lines[1:len(lines) - len(tail)]))
    return "\n".join([lines[0], body, *tail]) + "\n"


with tempfile.TemporaryDirectory() as tmp:
    out, out_framed = os.path.join(tmp, "glued"), os.path.join(tmp, "framed")
    os.mkdir(out)
    os.mkdir(out_framed)
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
        for folder, variant in ((out, glued), (out_framed, framed(text))):
            with open(os.path.join(folder, stem + ".txt"), "w", encoding="utf-8") as f:
                f.write(variant)
            with open(os.path.join(corpus, gold), "rb") as src, \
                    open(os.path.join(folder, gold), "wb") as dst:
                dst.write(src.read())
        names.append(stem + ".txt")
    if not names:
        print(f"FAIL: no plain-text notice with a gold file in {corpus}")
        sys.exit(1)
    stream = subprocess.run([zhenggai, "extract", "-q", "--rules", rules, "--format", "jsonl", out,
                             out_framed],
                            capture_output=True, check=True)
    missing = [r["source"]["path"] for r in map(json.loads, stream.stdout.splitlines())
               if not any(d["code"] == "glued-text" for d in r.get("diagnostics", []))]
    if missing:
        print("FAIL: no glued-text diagnostic for", ", ".join(missing))
        sys.exit(1)
    print(f"{len(names)} notices, glued and framed")
    ev = subprocess.run([sys.executable, os.path.join(source, "tools", "eval"), "--zhenggai",
                         zhenggai, "--rules", rules, *eval_options, out, out_framed])
    sys.exit(ev.returncode)
