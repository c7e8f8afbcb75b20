#!/bin/bash
# CSV: the header once, one row per issue (or measure), parses back with Python's csv module.
. "$(dirname "$0")/lib.sh"

gen_notices "$T/in" 12
expect_exit 0 "jsonl for reference" -- "$ZHENGGAI" extract -q "$T/in"
cp "$T/out" "$T/ref.jsonl"
for table in issues measures documents facts; do
    expect_exit 0 "--format csv --csv-table $table" -- "$ZHENGGAI" extract -q -j3 --format csv --csv-table $table "$T/in"
    cp "$T/out" "$T/$table.csv"
    expect_exit 0 "--format csv-$table" -- "$ZHENGGAI" extract -q --format csv-$table "$T/in"
    cmp -s "$T/out" "$T/$table.csv" && ok "csv-$table = csv --csv-table $table" || fail "csv-$table differs"
done
expect_exit 0 "--format csv defaults to issues" -- "$ZHENGGAI" extract -q --format csv "$T/in"
cmp -s "$T/out" "$T/issues.csv" && ok "csv = csv-issues" || fail "csv default table"

python3 - "$T" <<'PY' && ok "CSV tables parse: one header, right columns, one row per issue/measure/document" || fail "CSV content"
import csv, json, sys
t = sys.argv[1]
recs = [json.loads(l) for l in open(t + "/ref.jsonl", encoding="utf-8")]
want = {
    "issues": sum(len(r["issues"]) for r in recs),
    "measures": sum(len(i["measures"]) for r in recs for i in r["issues"]),
    "documents": len(recs),
    "facts": sum(len(r["facts"]) for r in recs),
}
assert want["issues"] > len(recs), "the generated notices hold several issues each"
for table, n in want.items():
    raw = open(t + "/" + table + ".csv", "rb").read()
    assert b"\r\n" in raw, "CSV rows end in CRLF"
    rows = list(csv.reader(open(t + "/" + table + ".csv", encoding="utf-8", newline="")))
    header, body = rows[0], rows[1:]
    assert header and all(h for h in header), header
    assert header not in body, "header written once"
    assert len(body) == n, (table, len(body), n)
    assert all(len(r) == len(header) for r in body), table
    if table != "facts" and n:
        col = [i for i, h in enumerate(header) if "path" in h]
        assert col, header
        paths = [r[col[0]] for r in body]
        order = [r["source"]["path"] for r in recs]
        assert sorted(paths, key=order.index) == paths, "rows in input order"
PY

# the documents table names each record's diagnostic codes, each once, in first-seen order
cp -r "$T/in" "$T/in2"
printf '%s\n' '某县2022年国民经济和社会发展统计公报' '一、综合' '（一）全年地区生产总值增长5.2%。' \
    '（二）居民消费价格上涨0.8%。' '二、农业' '（一）粮食播种面积稳定。' > "$T/in2/zz-bulletin.txt"
printf '%s\n' '某局党组关于巡察整改进展情况的通报' '一、巡察反馈问题整改情况' '（一）关于制度建设不健全的问题。' \
    '整改措施：修订制度。' '整改进度：已完成。' > "$T/in2/zz-clean.txt"
expect_exit 0 "jsonl with a bulletin" -- "$ZHENGGAI" extract -q "$T/in2"
cp "$T/out" "$T/ref2.jsonl"
expect_exit 0 "csv-documents with a bulletin" -- "$ZHENGGAI" extract -q --format csv-documents "$T/in2"
python3 - "$T/ref2.jsonl" "$T/out" <<'PY' && ok "csv-documents: diagnostics column = the record's codes" || fail "diagnostics column"
import csv, json, sys
recs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
rows = list(csv.DictReader(open(sys.argv[2], encoding="utf-8", newline="")))
assert len(rows) == len(recs)
for rec, row in zip(recs, rows):
    codes = []
    for d in rec["diagnostics"]:
        if d["code"] not in codes:
            codes.append(d["code"])
    assert row["diagnostics"] == " ".join(codes), (row["diagnostics"], codes)
    assert int(row["n_diagnostics"]) == len(rec["diagnostics"])
by_name = {r["source_path"].rsplit("/", 1)[-1]: r for r in rows}
assert by_name["zz-bulletin.txt"]["diagnostics"] == "not-a-notice", by_name["zz-bulletin.txt"]
assert by_name["zz-clean.txt"]["diagnostics"] == "", "a record without diagnostics: empty field"
assert by_name["zz-clean.txt"]["n_diagnostics"] == "0"
PY

expect_exit 0 "--csv-bom" -- "$ZHENGGAI" extract -q --format csv --csv-bom "$T/in"
head -c 3 "$T/out" | od -An -tx1 | grep -q "ef bb bf" && ok "--csv-bom starts with EF BB BF" || fail "no BOM"
tail -c +4 "$T/out" | cmp -s - "$T/issues.csv" && ok "BOM + the same table" || fail "BOM output differs"

# a file name that is not UTF-8: U+FFFD in CSV as in JSON, so the table stays UTF-8
mkdir -p "$T/names"
cp "$T/in/n0000.txt" "$T/names/$(printf 'bad\xff\xfe.txt')"
cp "$T/in/n0001.txt" "$T/names/$(printf 'q"\xff,x.txt')"
expect_exit 0 "jsonl of odd names" -- "$ZHENGGAI" extract -q "$T/names"
cp "$T/out" "$T/names.jsonl"
expect_exit 0 "csv-documents of odd names" -- "$ZHENGGAI" extract -q --format csv-documents "$T/names"
python3 - "$T/out" "$T/names.jsonl" <<'PY' && ok "CSV source_path: U+FFFD for bytes that are not UTF-8, as JSON has it" || fail "CSV with a non-UTF-8 name"
import csv, io, json, sys
raw = open(sys.argv[1], "rb").read()
text = raw.decode("utf-8")                       # strict: fails on a raw \xff
rows = list(csv.DictReader(io.StringIO(text, newline="")))
want = [json.loads(l)["source"]["path"] for l in open(sys.argv[2], encoding="utf-8")]
assert [r["source_path"] for r in rows] == want, ([r["source_path"] for r in rows], want)
assert all("\ufffd" in p for p in want), want
PY

# to a file: written atomically, same bytes
expect_exit 0 "-o FILE" -- "$ZHENGGAI" extract -q --format csv -o "$T/f.csv" "$T/in"
cmp -s "$T/f.csv" "$T/issues.csv" && ok "-o FILE holds the table" || fail "-o FILE content"
ls -a "$T" | grep -q '\.tmp$' && fail "temp file left behind" || ok "no temp file left"
finish
