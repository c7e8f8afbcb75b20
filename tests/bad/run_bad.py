#!/usr/bin/env python3
"""Run every case of tests/bad/EXPECTED.tsv through the CLI and check exit code, message, record.

usage: run_bad.py ZHENGGAI RULES_DIR WORK_DIR
Prints one line per case and a closing 'N passed, N failed'.
"""
import json
import os
import shutil
import subprocess
import sys

EXIT = {"OK": 0, "INTERNAL": 1, "USAGE": 2, "SOME_FAILED": 3, "ALL_FAILED": 4, "RULES": 5, "OUTPUT": 6}
here = os.path.dirname(os.path.abspath(__file__))
zg, rules, work = sys.argv[1], sys.argv[2], sys.argv[3]
wrapper = os.environ.get("ZHENGGAI_WRAPPER", "").split()
os.makedirs(work, exist_ok=True)
subprocess.run([sys.executable, os.path.join(here, "make_bad.py"), work], check=True)


def count_nodes(nodes):
    return sum(1 + count_nodes(n.get("children", [])) for n in nodes)


def run_case(inp, command, exit_name, checks):
    problems = []
    if inp.startswith("gen:"):
        path = os.path.join(work, inp[4:])
    else:
        path = os.path.join(here, inp)
    if command == "check-rules":
        argv = [zg, "check-rules", path]
    else:
        rules_dir = rules
        if command.startswith("extract+rules:"):
            rules_dir = os.path.join(work, "rules-" + os.path.basename(inp))
            shutil.rmtree(rules_dir, ignore_errors=True)
            shutil.copytree(rules, rules_dir)
            extra = os.path.join(here, command.split(":", 1)[1])
            for f in os.listdir(extra):
                shutil.copy(os.path.join(extra, f), rules_dir)
        argv = [zg, "extract", "--quiet", "--rules", rules_dir, "--format", "json", path]
    p = subprocess.run(wrapper + argv, capture_output=True, timeout=600)
    stderr = p.stderr.decode("utf-8", "replace")
    if p.returncode != EXIT[exit_name]:
        problems.append(f"exit {p.returncode}, expected {EXIT[exit_name]} ({exit_name}): {stderr.strip()[:200]}")
    record = None
    if command != "check-rules":
        try:
            record = json.loads(p.stdout)
        except ValueError as e:
            problems.append(f"output is not one JSON record: {e}")
    for check in filter(None, checks.split(";")):
        key, _, want = check.partition("=") if "~" not in check else check.partition("~")
        if "~" in check:
            if want not in stderr:
                problems.append(f"stderr lacks {want!r}: {stderr.strip()[:200]}")
            continue
        if record is None:
            continue
        if key == "code":
            got = (record.get("error") or {}).get("code")
        elif key in ("diag", "nodiag"):
            codes = [d["code"] for d in record.get("diagnostics", [])]
            if (want in codes) != (key == "diag"):
                problems.append(f"diagnostics {codes}: {key} {want}")
            continue
        elif key == "encoding":
            got = (record.get("source") or {}).get("encoding")
        elif key == "outline":
            got = str(count_nodes(record.get("outline", [])))
        elif key == "issues":
            got = str(len(record.get("issues", [])))
        else:
            problems.append(f"unknown check {check}")
            continue
        if got != want:
            problems.append(f"{key} is {got!r}, expected {want!r}")
    return problems


passed = failed = 0
with open(os.path.join(here, "EXPECTED.tsv"), encoding="utf-8") as f:
    for line in f:
        if line.startswith("#") or not line.strip():
            continue
        inp, command, exit_name, checks = line.rstrip("\n").split("\t")
        problems = run_case(inp, command, exit_name, checks)
        if problems:
            failed += 1
            print(f"FAIL {inp}: " + "; ".join(problems))
        else:
            passed += 1
            print(f"ok   {inp}")
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
