#!/usr/bin/env python3
"""Self-test of tools/eval on hand-made records (no zhenggai binary needed).

Records are built from the gold files of corpus/ in the docs/record.md layout, so a perfect record
must score 1.0 everywhere; then single, known defects are put into copies and the scores that the
definitions in tools/eval imply (worked out below by hand) are checked.

Usage: eval_selftest.py SOURCE_DIR
"""
import copy
import json
import os
import subprocess
import sys
import tempfile

SRC = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), ".."))
EVAL = os.path.join(SRC, "tools", "eval")
CORPUS = os.path.join(SRC, "corpus")
FAILS = []


def s(text):
    return None if text is None else {"text": text, "span": [0, 0]}


def d(value):
    return None if value is None else {"value": value, "precision": "day", "inferred": False,
                                       "text": value, "span": [0, 0]}


def tree(flat):
    """nest [level, marker, title] entries: an entry is a child of the last entry with a lower level"""
    roots, stack = [], []
    for level, marker, title in flat:
        node = {"level": level, "marker": s(marker), "number": 1, "title": s(title), "span": [0, 0],
                "children": []}
        while stack and stack[-1]["level"] >= level:
            stack.pop()
        (stack[-1]["children"] if stack else roots).append(node)
        stack.append(node)
    return roots


def record_from_gold(g):
    return {
        "schema": "zhenggai/1",
        "source": {"path": g["file"], "encoding": g["encoding"], "format": g["format"], "script": g["script"]},
        "title": s(g["title"]), "title_source": "text", "issuer": s(g["issuer"]), "date": d(g["date"]),
        "date_source": "text", "kind": g["kind"],
        "inspection": {"body": s(g["inspection"]["body"]), "start": d(g["inspection"]["start"]),
                       "end": d(g["inspection"]["end"]), "feedback_date": d(g["inspection"]["feedback_date"])},
        "declared": {k: (None if g["declared"].get(k) is None else {"value": g["declared"][k]})
                     for k in ("categories", "issues", "completed", "in_progress")},
        "outline": tree(g["outline"]),
        "issues": [{"number": n + 1, "marker": s("1."), "category": s(i["category"]), "title": s(i["title"]),
                    "span": [0, 0], "measures": [], "n_measures": i["n_measures"],
                    "progress": {"label": None, "text": None, "status": i["status"], "status_phrase": None,
                                 "long_term": i["long_term"], "deadline": d(i["deadline"])}}
                   for n, i in enumerate(g["issues"])],
        "contact": {"phone": [s(p) for p in g["contact"]["phone"]], "email": [s(e) for e in g["contact"]["email"]],
                    "address": s(g["contact"]["address"])},
        "facts": [], "checks": [], "diagnostics": [],
    }


def run(records, *extra):
    p = subprocess.run([sys.executable, EVAL, "--records", records, "--json", CORPUS] + list(extra),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        out = json.loads(p.stdout.decode("utf-8"))
    except ValueError:
        out = None
    return p.returncode, out, p.stderr.decode("utf-8", "replace")


def expect(what, got, want):
    ok = abs(got - want) < 1e-9 if isinstance(want, float) else got == want
    print("%s %s: got %r, want %r" % ("ok  " if ok else "FAIL", what, got, want))
    if not ok:
        FAILS.append(what)


def one(out, name):
    return next(r for r in out["files"] if r["file"] == name)


def main():
    golds = {}
    for f in sorted(os.listdir(CORPUS)):
        if f.endswith(".gold.json"):
            with open(os.path.join(CORPUS, f), encoding="utf-8") as fh:
                g = json.load(fh)
            golds[g["file"]] = g
    if len(golds) < 14:
        print("FAIL: expected at least 14 gold files in corpus/, found %d" % len(golds))
        return 1
    name = "xc-heming-transport.txt"
    g = golds[name]
    # facts of this gold file the expectations below rely on
    assert len(g["outline"]) == 16 and len(g["issues"]) == 8 and g["date"] == "2023-12-08"
    n_files = len(golds)
    n_issues = sum(len(x["issues"]) for x in golds.values())

    with tempfile.TemporaryDirectory() as tmp:
        def write(records):
            for f, rec in records.items():
                with open(os.path.join(tmp, f + ".json"), "w", encoding="utf-8") as fh:
                    json.dump(rec, fh, ensure_ascii=False)

        perfect = {f: record_from_gold(x) for f, x in golds.items()}
        write(perfect)
        rc, out, err = run(tmp, "--min-outline-f1", "1", "--min-issue-f1", "1", "--min-status", "1",
                           "--require-metadata")
        expect("perfect: exit status", rc, 0)
        o = out["overall"]
        expect("perfect: files", o["files"], n_files)
        expect("perfect: outline F1", o["outline_strict"]["f1"], 1.0)
        expect("perfect: issue F1", o["issue"]["f1"], 1.0)
        expect("perfect: matched issues", o["issues"]["matched"], n_issues)
        expect("perfect: status accuracy", o["accuracy"]["status"], 1.0)
        expect("perfect: metadata all right", o["metadata"][0] == o["metadata"][1], True)

        # 1. one outline entry lost, one title changed after its 8th character, one status wrong,
        #    the signature date wrong
        rec = copy.deepcopy(perfect[name])
        flat = [list(e) for e in g["outline"]]
        del flat[15]                                     # [2, （二）, 强化长效机制]
        flat[3][2] = flat[3][2][:8] + "（改）"            # 农村公路养护管理责任落实不到位的问题 -> soft match only
        rec["outline"] = tree(flat)
        rec["issues"][1]["progress"]["status"] = "completed"   # gold in_progress
        rec["date"] = d("2023-12-09")
        write({name: rec})
        rc, out, err = run(tmp, "--only", name, "--min-outline-f1", "1")
        r = one(out, name)
        expect("defects: exit status (outline F1 below 1)", rc, 1)
        expect("defects: outline strict matches", r["outline"]["strict"], 14)
        expect("defects: outline soft matches", r["outline"]["soft"], 15)
        expect("defects: outline F1", out["overall"]["outline_strict"]["f1"], 2 * 14 / (15 + 16))
        expect("defects: status right", r["issues"]["attrs"]["status"], [7, 8])
        expect("defects: status accuracy", out["overall"]["accuracy"]["status"], 7 / 8)
        expect("defects: long_term untouched", r["issues"]["attrs"]["long_term"], [8, 8])
        expect("defects: date wrong", r["metadata"]["date"]["ok"], False)
        expect("defects: issuer right", r["metadata"]["issuer"]["ok"], True)
        rc, out, err = run(tmp, "--only", name, "--require-metadata")
        expect("defects: --require-metadata fails", rc, 1)
        rc, out, err = run(tmp, "--only", name, "--require-metadata",
                           "--exclude", name + ":date:self-test reason")
        expect("defects: date excluded -> metadata passes", rc, 0)
        rc, out, err = run(tmp, "--only", name, "--min-status", "0.875")
        expect("defects: --min-status 0.875 passes at 7/8", rc, 0)
        rc, out, err = run(tmp, "--only", name, "--min-status", "0.9")
        expect("defects: --min-status 0.9 fails at 7/8", rc, 1)

        # 2. an issue with another title (counts as one missing and one extra), then excluded
        rec = copy.deepcopy(perfect[name])
        rec["issues"][4]["title"] = s("工程建设领域廉政风险防控问题")
        rec["issues"][4]["progress"]["status"] = "in_progress"
        write({name: rec})
        rc, out, err = run(tmp, "--only", name)
        r = one(out, name)
        expect("retitled: matched issues", r["issues"]["matched"], 7)
        expect("retitled: issue F1", out["overall"]["issue"]["f1"], 7 / 8)
        expect("retitled: missing", r["issues"]["missing"], [g["issues"][4]["title"]])
        rc, out, err = run(tmp, "--only", name, "--min-issue-f1", "1",
                           "--exclude", name + ":issues[4].title:self-test reason")
        r = one(out, name)
        expect("retitled+excluded: exit status", rc, 0)
        expect("retitled+excluded: gold/pred/matched", (r["issues"]["gold"], r["issues"]["pred"],
                                                        r["issues"]["matched"]), (7, 7, 7))

        # 3. issues out of order: the longest common subsequence keeps 7 of 8
        rec = copy.deepcopy(perfect[name])
        rec["issues"].insert(0, rec["issues"].pop(7))
        write({name: rec})
        rc, out, err = run(tmp, "--only", name)
        expect("reordered: matched issues", one(out, name)["issues"]["matched"], 7)

        # 4. a notice whose record is missing counts as empty, not as skipped
        os.remove(os.path.join(tmp, name + ".json"))
        rc, out, err = run(tmp, "--only", name)
        r = one(out, name)
        expect("missing record: error reported", bool(r["error"]), True)
        expect("missing record: issue recall 0", out["overall"]["issue"]["r"], 0.0)

        # 5. filters that select nothing -> exit 1 (no notice scored); --only-format selects by gold
        rc, out, err = run(tmp, "--only", "no-such-notice-*")
        expect("filter to nothing: exit status", rc, 1)
        rc, out, err = run(tmp, "--only-format", "markdown")
        expect("--only-format markdown: only markdown notices",
               sorted(r["file"] for r in out["files"]),
               sorted(f for f, x in golds.items() if x["format"] == "markdown"))
        rc, out, err = run(tmp, "--only-format", "no-such-format")
        expect("filter to nothing: exit status", rc, 1)

        # 6. the text report ends with the overall line
        p = subprocess.run([sys.executable, EVAL, "--records", tmp, CORPUS], stdout=subprocess.PIPE)
        last = p.stdout.decode("utf-8").rstrip("\n").split("\n")[-1]
        expect("text report: last line is the summary", last.startswith("overall: %d files" % n_files), True)

    rc = subprocess.run([sys.executable, EVAL, "--skip-if-missing", os.path.join(SRC, "no-such-dir")],
                        stdout=subprocess.PIPE).returncode
    expect("missing DIR with --skip-if-missing", rc, 77)
    print("%d failures" % len(FAILS))
    return 1 if FAILS else 0


if __name__ == "__main__":
    sys.exit(main())
