#!/bin/bash
# Filter mode: one document on stdin; JSON Lines records in, one JSON Lines record out per line,
# as a streaming mapper (GNU parallel --pipe, Hadoop streaming) runs it.
. "$(dirname "$0")/lib.sh"

gen_notices "$T/in" 9
python3 - "$T/in" > "$T/records.jsonl" <<'PY'
import base64, json, os, sys
d = sys.argv[1]
for i, name in enumerate(sorted(os.listdir(d))):
    text = open(os.path.join(d, name), encoding="utf-8").read()
    if i == 3:
        print("this line is not JSON")
    elif i == 5:
        print(json.dumps({"path": "gb/" + name, "content_base64":
                          base64.b64encode(text.encode("gb18030")).decode(), "encoding": "GB18030"}))
    else:
        print(json.dumps({"path": "docs/" + name, "content": text}, ensure_ascii=(i % 2 == 0)))
    if i == 6:
        print("")                                    # blank lines are ignored
        print(json.dumps({"path": "no-content.txt"}))
PY
nrec=$(grep -c . "$T/records.jsonl")

expect_exit 3 "jsonl filter" -- sh -c "\"$ZHENGGAI\" extract -q -j3 --input-format jsonl < \"$T/records.jsonl\""
[ "$(wc -l < "$T/out")" -eq "$nrec" ] && ok "one output line per input record ($nrec)" || fail "line count"
python3 - "$T/out" "$T/in" <<'PY' && ok "records keep the input path and order; bad lines become error records" || fail "filter records"
import json, os, sys
out = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
names = sorted(os.listdir(sys.argv[2]))
paths = [r["source"]["path"] for r in out]
assert paths[0] == "docs/" + names[0], paths
assert paths[3] == "<stdin>:4" and out[3]["error"]["code"] == "parse", out[3]
assert paths[5] == "gb/" + names[5] and "error" not in out[5], out[5]
assert out[5]["source"]["encoding"].upper().startswith("GB"), out[5]["source"]
assert paths[7] == "no-content.txt" and out[7]["error"]["code"] == "parse", out[7]
# the same text gives the same record whichever way it came in (path aside)
plain = {r["source"]["sha256"]: r for r in out if "error" not in r}
assert len(plain) == len(out) - 2
PY
expect_grep "^zhenggai: error: <stdin>:4: not a JSON object" "$T/err" "message names the line"

"$ZHENGGAI" extract -q -j1 --input-format jsonl < "$T/records.jsonl" > "$T/whole.jsonl" 2>/dev/null
cmp -s "$T/whole.jsonl" "$T/out" && ok "-j1 = -j3 in filter mode" || fail "-j1 and -j3 differ in filter mode"

# a mapper over chunks gives the same lines as one run over everything (good records: an error
# record for a nameless line names its line number, which is relative to the chunk)
grep '"content' "$T/records.jsonl" > "$T/good.jsonl"
mkdir -p "$T/chunks"
split -l 4 "$T/good.jsonl" "$T/chunks/c."
for c in "$T"/chunks/c.*; do "$ZHENGGAI" extract -q --input-format jsonl < "$c"; done > "$T/mapped.jsonl" 2>/dev/null
"$ZHENGGAI" extract -q -j2 --input-format jsonl < "$T/good.jsonl" > "$T/whole.jsonl" 2>/dev/null
[ "$(wc -l < "$T/whole.jsonl")" -eq 8 ] && ok "8 good records" || fail "good record count"
cmp -s "$T/mapped.jsonl" "$T/whole.jsonl" && ok "chunked mapping = one run" || fail "chunked mapping differs"
if command -v parallel >/dev/null; then
    parallel --pipe -k -N4 "$ZHENGGAI" extract -q --input-format jsonl < "$T/good.jsonl" > "$T/par.jsonl" 2>/dev/null
    cmp -s "$T/par.jsonl" "$T/whole.jsonl" && ok "GNU parallel --pipe -k" || fail "parallel output differs"
fi

# filter mode with CSV out
expect_exit 3 "jsonl in, csv out" -- sh -c "\"$ZHENGGAI\" extract -q --input-format jsonl --format csv-documents < \"$T/records.jsonl\""
python3 -c 'import csv,sys; r=list(csv.reader(open(sys.argv[1],newline=""))); assert len(r)==1+8, len(r)' "$T/out" \
    && ok "csv-documents: header + one row per good record" || fail "filter csv"

# a NUL in a value: cJSON ends strings at it, yet nothing may be cut short silently. NUL in the
# content: the bytes as they are, so the same "binary" error as the file and content_base64 give;
# a path with a NUL cannot name a record: named by its line instead
python3 - "$T/in/n0000.txt" "$T/nul.txt" > "$T/nul.jsonl" <<'PY'
import base64, json, sys
text = open(sys.argv[1], encoding="utf-8").read()
cut = len(text) // 3
data = (text[:cut] + "\0" + text[cut:]).encode("utf-8")
open(sys.argv[2], "wb").write(data)
print(json.dumps({"path": "nul.txt", "content": data.decode("utf-8")}))
print(json.dumps({"path": "nul.txt", "content_base64": base64.b64encode(data).decode()}))
print(json.dumps({"path": "x\0y", "content": text}))
print(json.dumps({"path": "literal.txt", "content": text + "\\u0000 \\\\u0000"}))  # text, not NULs
print(json.dumps({"path": "ctl.txt", "content": "\x01" + text[:cut] + "\0" + text[cut:]}, ensure_ascii=False))
PY
expect_exit 3 "NUL characters in filter-mode values" -- sh -c "\"$ZHENGGAI\" extract -q --input-format jsonl < \"$T/nul.jsonl\""
"$ZHENGGAI" extract -q "$T/nul.txt" > "$T/nulfile.json" 2>/dev/null
python3 - "$T/out" "$T/nulfile.json" "$T/in/n0000.txt" <<'PY' && ok "a NUL is never cut: binary as for the file, a NUL path named by its line" || fail "NUL in filter mode"
import json, sys
out = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
file_rec = json.load(open(sys.argv[2], encoding="utf-8"))
text = open(sys.argv[3], encoding="utf-8").read()
assert len(out) == 5, len(out)
assert file_rec["error"]["code"] == "binary", file_rec
assert out[0]["error"] == file_rec["error"], (out[0], file_rec)      # content = the file's bytes
assert out[1]["error"] == file_rec["error"], out[1]                  # content_base64 alike
assert out[2]["source"]["path"] == "<stdin>:3" and out[2]["error"]["code"] == "parse", out[2]
assert "path" in out[2]["error"]["message"] and "NUL" in out[2]["error"]["message"], out[2]
lit = text + "\\u0000 \\\\u0000"
assert "error" not in out[3] and out[3]["source"]["bytes"] == len(lit.encode("utf-8")), out[3]["source"]
assert out[4]["error"]["code"] == "binary", out[4]                  # other controls in the line too
PY
expect_grep '^zhenggai: error: <stdin>:3: "path" holds a NUL' "$T/err" "the NUL path is reported by its line"

# a line longer than any content within --max-input-bytes could be is dropped while it is read
# (memory: test_memory.sh): a too-large record named by its line; the lines after it go on.
# One that could still hold content within the limit is parsed and named by its path.
python3 - "$T/in/n0000.txt" > "$T/long.jsonl" <<'PY'
import json, sys
text = open(sys.argv[1], encoding="utf-8").read()
print(json.dumps({"path": "huge.txt", "content": "x" * 3_000_000}))
print(json.dumps({"path": "after.txt", "content": text}))
print(json.dumps({"path": "over.txt", "content": "y" * 150_000}))
print("not json")
PY
expect_exit 3 "an overlong line" -- sh -c "\"$ZHENGGAI\" extract -q --max-input-bytes 100K --input-format jsonl < \"$T/long.jsonl\""
python3 - "$T/out" <<'PY' && ok "overlong line: too-large by line number; the next lines are read as before" || fail "overlong line"
import json, sys
out = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
assert [r["source"]["path"] for r in out] == ["<stdin>:1", "after.txt", "over.txt", "<stdin>:4"], out
assert out[0]["error"]["code"] == "too-large" and "3000" in out[0]["error"]["message"], out[0]
assert "error" not in out[1] and out[1]["issues"], out[1]
assert out[2]["error"]["code"] == "too-large", out[2]
assert out[3]["error"]["code"] == "parse", out[3]
PY

# one record per line: text after the JSON object (a second object glued on, junk, a lost
# newline) makes the line an error record, not a record read from its first object; trailing
# white space and a CRLF line end are fine
python3 - "$T/in/n0000.txt" > "$T/trail.jsonl" <<'PY'
import json, sys
text = open(sys.argv[1], encoding="utf-8").read()
rec = json.dumps({"path": "a.txt", "content": text})
sys.stdout.write(rec + " junk\n")
sys.stdout.write(rec + json.dumps({"path": "b.txt", "content": text}) + "\n")
sys.stdout.write(rec.replace('"a.txt"', '"crlf.txt"') + "  \r\n")
PY
expect_exit 3 "text after the JSON object" -- sh -c "\"$ZHENGGAI\" extract -q --input-format jsonl < \"$T/trail.jsonl\""
python3 - "$T/out" <<'PY' && ok "trailing text: an error record by line number; trailing white space is fine" || fail "trailing text"
import json, sys
out = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
assert [r["source"]["path"] for r in out] == ["<stdin>:1", "<stdin>:2", "crlf.txt"], out
for r in out[:2]:
    assert r["error"]["code"] == "parse" and "after the JSON object" in r["error"]["message"], r
assert "error" not in out[2] and out[2]["issues"], out[2]
PY
expect_grep "^zhenggai: error: <stdin>:2: more text after the JSON object" "$T/err" "message names the line"

# empty input: no output, success
expect_exit 0 "empty JSON Lines input" -- sh -c "\"$ZHENGGAI\" extract -q --input-format jsonl < /dev/null"
[ ! -s "$T/out" ] && ok "no records for no input" || fail "output for empty input"
finish
