#!/usr/bin/env python3
"""Validate zhenggai records against the published schemas, and their spans against the text.

Usage:
  check_records.py --zhenggai BIN --schema-dir DIR [--rules DIR] MODE INPUT...

MODE
  selftest  the schemas themselves: the JSON Schema is a valid draft 2020-12 schema, hand-made
            records that must pass pass and ones that must fail fail; the RELAX NG grammar
            compiles and accepts/rejects hand-made XML records the same way (no INPUT needed).
  json      `zhenggai extract --format json FILE` for every input validates against
            schema/record.schema.json (records and error records alike).
  xml       `zhenggai extract --format xml FILE` validates with `xmllint --relaxng record.rng`.
  spans     `zhenggai extract --format jsonl --with-text`: for every object with a string
            "text" and a "span" [s, e], text == utf8(record.text)[s:e] (the record's title: that
            without line breaks and the blanks around them, record.md); every span lies in the
            text with s <= e; a node's children lie inside it.

INPUT is a file or a directory (its .txt/.html/.htm/.md files, sorted, not recursive). A missing
directory makes the run skip (exit 77), so tests on ../shared pass cleanly when it is absent.
Exit status: 0 all good, 1 a failure, 77 skipped.
"""
import argparse
import copy
import json
import os
import re
import subprocess
import sys
import tempfile

EXTS = (".txt", ".html", ".htm", ".md")


def inputs(paths):
    files = []
    for p in paths:
        if os.path.isdir(p):
            files += sorted(os.path.join(p, n) for n in os.listdir(p)
                            if n.endswith(EXTS) and os.path.isfile(os.path.join(p, n)))
        elif os.path.isfile(p):
            files.append(p)
        else:
            return None
    return files


def run_cli(args, fmt, path, with_text=False):
    cmd = [args.zhenggai, "extract", "--quiet", "--format", fmt]
    if args.rules:
        cmd += ["--rules", args.rules]
    if with_text:
        cmd.append("--with-text")
    cmd.append(path)
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    except subprocess.TimeoutExpired:
        return -1, b"", "timed out after 120 s"
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


def records(args, files, with_text=False):
    """All inputs in one CLI run (JSON Lines, one record per input in input order):
    yields (path, record or None, problem)."""
    cmd = [args.zhenggai, "extract", "--quiet", "--format", "jsonl"]
    if args.rules:
        cmd += ["--rules", args.rules]
    if with_text:
        cmd.append("--with-text")
    try:
        p = subprocess.run(cmd + files, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=600)
    except subprocess.TimeoutExpired:
        for path in files:
            yield path, None, "the batch timed out after 600 s"
        return
    lines = p.stdout.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    if len(lines) != len(files):
        for path in files:
            yield path, None, "%d records for %d inputs (exit %d): %s" % (
                len(lines), len(files), p.returncode, p.stderr.decode("utf-8", "replace")[:300])
        return
    for path, line in zip(files, lines):
        try:
            yield path, json.loads(line.decode("utf-8")), None
        except (UnicodeDecodeError, ValueError) as e:
            yield path, None, "output is not JSON (%s)" % e


def load_validator(args):
    import jsonschema
    with open(os.path.join(args.schema_dir, "record.schema.json"), encoding="utf-8") as f:
        schema = json.load(f)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def mode_json(args, files):
    v = load_validator(args)
    bad = 0
    for path in files:
        rc, out, err = run_cli(args, "json", path)
        try:
            rec = json.loads(out.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as e:
            print("FAIL %s: output is not JSON (%s; exit %d; %s)" % (path, e, rc, err.strip()[:300]))
            bad += 1
            continue
        errors = sorted(v.iter_errors(rec), key=lambda e: list(e.absolute_path))
        if errors:
            bad += 1
            for e in errors[:5]:
                print("FAIL %s: %s at /%s" % (path, e.message[:300],
                                              "/".join(str(x) for x in e.absolute_path)))
        else:
            print("ok   %s%s" % (path, " (error record)" if "error" in rec else ""))
    return bad


def xmllint(schema, xml_path):
    p = subprocess.run(["xmllint", "--noout", "--relaxng", schema, xml_path],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return p.returncode, p.stderr.decode("utf-8", "replace")


def mode_xml(args, files):
    rng = os.path.join(args.schema_dir, "record.rng")
    bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        for i, path in enumerate(files):
            rc, out, err = run_cli(args, "xml", path)
            x = os.path.join(tmp, "r%d.xml" % i)
            with open(x, "wb") as f:
                f.write(out)
            code, msg = xmllint(rng, x)
            if code != 0:
                bad += 1
                print("FAIL %s (exit %d): %s" % (path, rc, msg.strip()[:600]))
            else:
                print("ok   %s" % path)
    return bad


def walk_spans(obj, text, where, problems, outer=None):
    """Check every span under obj; outer is the span of the enclosing outline node."""
    n = len(text)
    if isinstance(obj, dict):
        span = obj.get("span")
        if isinstance(span, list):
            s, e = span
            if not (0 <= s <= e <= n):
                problems.append("%s: span %s outside the text (%d bytes)" % (where, span, n))
            elif isinstance(obj.get("text"), str) and where != "":
                got = text[s:e].decode("utf-8", "replace")
                if where == "/title":
                    got = re.sub(r"[ \t\u3000]*\r?\n[ \t\u3000]*", "", got)
                if got != obj["text"]:
                    problems.append("%s: text %r but text[%d:%d] is %r" % (where, obj["text"], s, e, got))
            if outer is not None and not (outer[0] <= s and e <= outer[1]):
                problems.append("%s: span %s not inside its parent %s" % (where, span, outer))
        is_node = "children" in obj and "level" in obj
        for k, v in obj.items():
            if k == "text" and where == "":
                continue
            inner = obj["span"] if is_node and k == "children" and isinstance(obj.get("span"), list) else None
            walk_spans(v, text, "%s/%s" % (where, k), problems, inner)
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            walk_spans(v, text, "%s/%d" % (where, i), problems, outer)


def mode_spans(args, files):
    bad = 0
    for path, rec, problem in records(args, files, with_text=True):
        if problem:
            print("FAIL %s: %s" % (path, problem))
            bad += 1
            continue
        if "error" in rec:
            print("ok   %s (error record: %s)" % (path, rec["error"]["code"]))
            continue
        if not isinstance(rec.get("text"), str):
            print("FAIL %s: no \"text\" with --with-text" % path)
            bad += 1
            continue
        problems = []
        walk_spans(rec, rec["text"].encode("utf-8"), "", problems)
        if problems:
            bad += 1
            for p in problems[:10]:
                print("FAIL %s: %s" % (path, p))
            if len(problems) > 10:
                print("     … %d more" % (len(problems) - 10))
        else:
            print("ok   %s" % path)
    return bad


# ---------------------------------------------------------------- mirror (XML vs JSON)

# wrapper element -> (its parent element, item element)
WRAPPED = {"outline": ("record", "node"), "issues": ("record", "issue"),
           "measures": ("issue", "measure"), "facts": ("record", "fact"),
           "checks": ("record", "check"), "diagnostics": ("record", "diagnostic")}
REPEATED = {"node": "children", "phone": "phone", "email": "email"}   # element -> JSON key


def json_scalar(v):
    """A JSON scalar as the XML renderer writes it in an attribute."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def xml_to_json(el):
    """Rebuild the JSON object from an XML element by the mapping rules of docs/record.md."""
    obj = {}
    for k, v in el.attrib.items():
        if k not in ("start", "end"):
            obj[k] = v
    if "start" in el.attrib:
        obj["span"] = [int(el.attrib["start"]), int(el.attrib["end"])]
    children = list(el)
    if not children and el.text is not None:
        obj["text"] = el.text
    for c in children:
        if c.tag in WRAPPED and WRAPPED[c.tag][0] == el.tag:
            obj[c.tag] = [xml_to_json(i) for i in c if i.tag == WRAPPED[c.tag][1]]
        elif c.tag in REPEATED and (c.tag != "node" or el.tag == "node"):
            obj.setdefault(REPEATED[c.tag], []).append(xml_to_json(c))
        elif c.tag == "text" and el.tag == "record":
            obj["text"] = c.text or ""
        else:
            obj[c.tag] = xml_to_json(c)
    return obj


def json_for_xml(v):
    """The JSON record as XML can carry it: nulls dropped, scalars as attribute strings."""
    if isinstance(v, dict):
        out = {}
        for k, x in v.items():
            if x is None:
                continue
            if k == "span":
                out[k] = x
            elif k in ("phone", "email", "children") and x == []:
                continue
            else:
                out[k] = json_for_xml(x)
        return out
    if isinstance(v, list):
        return [json_for_xml(x) for x in v]
    if isinstance(v, str):
        return v
    return json_scalar(v)


def first_difference(a, b, where=""):
    if type(a) is not type(b):
        return "%s: %r vs %r" % (where or "/", a, b)
    if isinstance(a, dict):
        for k in list(a) + [k for k in b if k not in a]:
            if k not in a or k not in b:
                return "%s/%s only in %s" % (where, k, "XML" if k in a else "JSON")
            d = first_difference(a[k], b[k], "%s/%s" % (where, k))
            if d:
                return d
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return "%s: %d items in XML, %d in JSON" % (where, len(a), len(b))
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_difference(x, y, "%s/%d" % (where, i))
            if d:
                return d
        return None
    return None if a == b else "%s: %r in XML, %r in JSON" % (where, a, b)


def mode_mirror(args, files):
    import xml.etree.ElementTree as ET
    bad = 0
    for path, rec, problem in records(args, files, with_text=True):
        if problem:
            print("FAIL %s: %s" % (path, problem))
            bad += 1
            continue
        rc, out, err = run_cli(args, "xml", path, with_text=True)
        try:
            root = ET.fromstring(out)
        except ET.ParseError as e:
            print("FAIL %s: XML does not parse (%s; exit %d)" % (path, e, rc))
            bad += 1
            continue
        d = first_difference(xml_to_json(root), json_for_xml(rec))
        if d:
            bad += 1
            print("FAIL %s: XML and JSON differ at %s" % (path, d[:400]))
        else:
            print("ok   %s" % path)
    return bad


# ---------------------------------------------------------------- selftest

SHA = "ab" * 32
GOOD = {
    "schema": "zhenggai/1",
    "source": {"path": "a.txt", "bytes": 10, "sha256": SHA, "encoding": "UTF-8",
               "encoding_source": "detected", "format": "text", "script": "simplified",
               "invalid_sequences": 0},
    "title": {"text": "通报", "span": [0, 6]},
    "title_source": "text",
    "issuer": None,
    "date": {"value": "2023-01-12", "precision": "day", "inferred": False, "text": "2023年1月12日",
             "span": [6, 22]},
    "date_source": "text",
    "kind": "xuncha",
    "inspection": {"body": None, "start": None, "end": None,
                   "feedback_date": {"value": "2022-10", "precision": "month", "inferred": True,
                                     "text": "10月", "span": [1, 6]}},
    "declared": {"categories": None, "issues": {"value": 8, "text": "8", "span": [3, 4]},
                 "completed": None, "basically_completed": None, "in_progress": None,
                 "not_completed": None, "rate": {"value": 76.5, "text": "76.5%", "span": [0, 5]}},
    "outline": [{"level": 1, "marker": {"text": "一、", "span": [0, 6]}, "number": 1,
                 "title": {"text": "情况", "span": [6, 12]}, "span": [0, 20], "children": [
                     {"level": 3, "marker": {"text": "1.", "span": [12, 14]}, "number": 1,
                      "title": None, "span": [12, 20], "children": []}]}],
    "issues": [{"number": 1, "marker": {"text": "1.", "span": [12, 14]}, "category": None,
                "title": {"text": "问题", "span": [14, 20]}, "span": [12, 20],
                "measures": [{"marker": {"text": "(1)", "span": [0, 3]},
                              "text": {"text": "x", "span": [3, 4]}, "span": [0, 4]}],
                "n_measures": 1, "measures_text": None,
                "progress": {"label": None, "text": None, "status": "in_progress",
                             "status_phrase": None, "long_term": True,
                             "deadline": {"value": "2023", "precision": "year", "inferred": False,
                                          "text": "2023年", "span": [0, 7]}},
                "responsible": None, "time_limit": None}],
    "contact": {"phone": [{"text": "4297700", "span": [1, 8]}], "email": [], "address": None},
    "facts": [{"kind": "accountability", "value": "12", "unit": "人", "approximate": False,
               "text": "问责12人", "span": [0, 11]}],
    "checks": [{"name": "declared.issues", "ok": False, "declared": 8, "found": 7, "message": None}],
    "diagnostics": [{"severity": "warning", "code": "x", "message": "m", "span": None}],
    "text": "…",
}
GOOD_ERROR = {"schema": "zhenggai/1", "source": {"path": None},
              "error": {"code": "binary", "message": "not a text file", "line": 2}}


def mutate(rec, path, value, delete=False):
    r = copy.deepcopy(rec)
    o = r
    for k in path[:-1]:
        o = o[k]
    if delete:
        del o[path[-1]]
    else:
        o[path[-1]] = value
    return r


BAD = [
    ("kind outside the enum", mutate(GOOD, ["kind"], "inspection")),
    ("status outside the enum", mutate(GOOD, ["issues", 0, "progress", "status"], "done")),
    ("span of one number", mutate(GOOD, ["title", "span"], [3])),
    ("negative offset", mutate(GOOD, ["title", "span"], [-1, 3])),
    ("float offset", mutate(GOOD, ["title", "span"], [0.5, 3])),
    ("day date without a day", mutate(GOOD, ["date", "value"], "2023-01")),
    ("bad month", mutate(GOOD, ["date", "value"], "2023-13-01")),
    ("missing key", mutate(GOOD, ["contact"], None, delete=True)),
    ("unknown key", mutate(GOOD, ["extra"], 1)),
    ("level 4", mutate(GOOD, ["outline", 0, "level"], 4)),
    ("severity outside the enum", mutate(GOOD, ["diagnostics", 0, "severity"], "fatal")),
    ("count as a string", mutate(GOOD, ["declared", "issues", "value"], "8")),
    ("wrong schema version", mutate(GOOD, ["schema"], "zhenggai/2")),
    ("error code outside the enum", mutate(GOOD_ERROR, ["error", "code"], "oops")),
    ("error without message", mutate(GOOD_ERROR, ["error", "message"], None, delete=True)),
]

XML_GOOD = """<?xml version="1.0" encoding="UTF-8"?>
<record schema="zhenggai/1" title_source="text" kind="audit">
  <source path="a.txt" bytes="10" sha256="%s" encoding="UTF-8" encoding_source="bom" format="html" script="traditional" invalid_sequences="0"/>
  <title start="0" end="6">通报</title>
  <date value="2023-01" precision="month" inferred="false">x</date>
  <inspection><body start="1" end="2">组</body></inspection>
  <declared><issues value="8" start="3" end="4">8</issues><rate value="76.5" start="0" end="5">76.5%%</rate></declared>
  <outline>
    <node level="1" number="1" start="0" end="20"><marker start="0" end="6">一、</marker><title start="6" end="12">情况</title>
      <node level="2" number="1" start="12" end="20"><marker start="12" end="14">(一)</marker></node>
    </node>
  </outline>
  <issues>
    <issue number="1" start="12" end="20" n_measures="1"><title start="14" end="20">问题</title>
      <measures><measure start="0" end="4"><marker start="0" end="3">(1)</marker><text start="3" end="4">x</text></measure></measures>
      <progress status="completed" long_term="true"><deadline value="2023-12-31" precision="day" inferred="false" start="1" end="2">底</deadline></progress>
    </issue>
  </issues>
  <contact><phone start="1" end="8">4297700</phone><address>路</address></contact>
  <facts><fact kind="money" value="356000.5" unit="元" approximate="true" start="0" end="3">x</fact></facts>
  <checks><check name="declared.issues" ok="true" declared="1" found="1"/></checks>
  <diagnostics><diagnostic severity="info" code="c" message="m"/></diagnostics>
  <text>…</text>
</record>
""" % SHA
XML_ERROR = """<?xml version="1.0" encoding="UTF-8"?>
<record schema="zhenggai/1"><source path="b.html"/><error code="parse" message="bad" line="3" column="7"/></record>
"""
XML_BAD = [
    ("kind outside the enum", XML_GOOD.replace('kind="audit"', 'kind="x"')),
    ("level 4", XML_GOOD.replace('<node level="2"', '<node level="4"')),
    ("status outside the enum", XML_GOOD.replace('status="completed"', 'status="done"')),
    ("start without end", XML_GOOD.replace('<title start="0" end="6">', '<title start="0">')),
    ("issue without title", XML_GOOD.replace('<title start="14" end="20">问题</title>', '')),
    ("unknown element", XML_GOOD.replace("<checks>", "<checkz>").replace("</checks>", "</checkz>")),
    ("error record with a kind", XML_ERROR.replace('<record schema="zhenggai/1">',
                                                   '<record schema="zhenggai/1" kind="audit">')),
    ("bad date", XML_GOOD.replace('value="2023-01"', 'value="2023-1"')),
]


def mode_selftest(args):
    bad = 0
    v = load_validator(args)
    for name, rec in (("record", GOOD), ("error record", GOOD_ERROR)):
        errs = list(v.iter_errors(rec))
        if errs:
            bad += 1
            print("FAIL json: valid %s rejected: %s" % (name, errs[0].message[:300]))
    for name, rec in BAD:
        if v.is_valid(rec):
            bad += 1
            print("FAIL json: invalid record accepted: %s" % name)
    rng = os.path.join(args.schema_dir, "record.rng")
    with tempfile.TemporaryDirectory() as tmp:
        def lint(text):
            p = os.path.join(tmp, "t.xml")
            with open(p, "w", encoding="utf-8") as f:
                f.write(text)
            return xmllint(rng, p)
        for name, text in (("record", XML_GOOD), ("error record", XML_ERROR)):
            code, msg = lint(text)
            if code != 0:
                bad += 1
                print("FAIL xml: valid %s rejected: %s" % (name, msg.strip()[:400]))
        for name, text in XML_BAD:
            code, _ = lint(text)
            if code == 0:
                bad += 1
                print("FAIL xml: invalid record accepted: %s" % name)
    # the span checker: a faithful record passes, each kind of defect is found
    text = "一、情况\n1.问题"
    rec = {"outline": [{"level": 1, "marker": {"text": "一、", "span": [0, 6]}, "span": [0, 21],
                        "children": [{"level": 3, "marker": {"text": "1.", "span": [13, 15]},
                                      "span": [13, 21], "children": []}]}],
           "title": {"text": "情况", "span": [6, 12]}, "text": text}
    problems = []
    walk_spans(rec, text.encode("utf-8"), "", problems)
    if problems:
        bad += 1
        print("FAIL spans: faithful record rejected: %s" % problems)
    for name, path, value in (("wrong text", ["title", "text"], "情"),
                              ("span past the end", ["title", "span"], [6, 99]),
                              ("reversed span", ["title", "span"], [12, 6]),
                              ("child outside its parent", ["outline", 0, "children", 0, "span"], [13, 30]),
                              ("child before its parent", ["outline", 0, "span"], [14, 21])):
        problems = []
        walk_spans(mutate(rec, path, value), text.encode("utf-8"), "", problems)
        if not problems:
            bad += 1
            print("FAIL spans: defect not found: %s" % name)
    # the XML/JSON mirror comparison
    import xml.etree.ElementTree as ET
    mrec = {"schema": "zhenggai/1", "kind": "audit", "title": {"text": "a&b", "span": [0, 3]},
            "date": None, "declared": {"issues": {"value": 2, "text": "2", "span": [3, 4]}},
            "issues": [{"number": 1, "measures": [], "n_measures": None,
                        "progress": {"long_term": True}}],
            "contact": {"phone": [{"text": "1", "span": [4, 5]}], "email": []}, "text": "t"}
    mxml = ('<record schema="zhenggai/1" kind="audit"><title start="0" end="3">a&amp;b</title>'
            '<declared><issues value="2" start="3" end="4">2</issues></declared>'
            '<issues><issue number="1"><measures/><progress long_term="true"/></issue></issues>'
            '<contact><phone start="4" end="5">1</phone></contact><text>t</text></record>')
    if first_difference(xml_to_json(ET.fromstring(mxml)), json_for_xml(mrec)):
        bad += 1
        print("FAIL mirror: equal records differ: %s" %
              first_difference(xml_to_json(ET.fromstring(mxml)), json_for_xml(mrec)))
    for name, old, new in (("title text", ">a&amp;b<", ">a&amp;c<"),
                           ("span", 'end="3"', 'end="2"'),
                           ("missing issue", '<issue number="1"><measures/><progress long_term="true"/></issue>', ""),
                           ("boolean", 'long_term="true"', 'long_term="false"'),
                           ("missing phone", '<phone start="4" end="5">1</phone>', ""),
                           ("missing text", "<text>t</text>", "")):
        if not first_difference(xml_to_json(ET.fromstring(mxml.replace(old, new))), json_for_xml(mrec)):
            bad += 1
            print("FAIL mirror: difference not found: %s" % name)
    print("selftest: %d json and %d xml negative cases, %d failures" % (len(BAD), len(XML_BAD), bad))
    return bad


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--zhenggai")
    ap.add_argument("--schema-dir", required=True)
    ap.add_argument("--rules")
    ap.add_argument("mode", choices=["selftest", "json", "xml", "spans", "mirror"])
    ap.add_argument("inputs", nargs="*")
    args = ap.parse_args()
    if args.mode == "selftest":
        return 1 if mode_selftest(args) else 0
    files = inputs(args.inputs)
    if files is None:
        print("SKIP: input missing: %s" % " ".join(args.inputs))
        return 77
    if not files:
        print("SKIP: no notices in %s" % " ".join(args.inputs))
        return 77
    bad = {"json": mode_json, "xml": mode_xml, "spans": mode_spans,
           "mirror": mode_mirror}[args.mode](args, files)
    print("%d of %d inputs failed" % (bad, len(files)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
