#!/bin/bash
# Bad inputs (binary, missing, too large) give error records and messages; the batch goes on;
# exit codes 3 (some failed) and 4 (all failed); --fail-fast stops at the first failure.
. "$(dirname "$0")/lib.sh"

gen_notices "$T/in" 4
head -c 3000 /dev/urandom > "$T/in/n0001b.txt"      # binary, sorted between n0001 and n0002
printf '\x00\x01\x02ELF\x00\x00' >> "$T/in/n0001b.txt"

expect_exit 3 "a binary file among good ones" -- "$ZHENGGAI" extract -q -j2 "$T/in" "$T/missing.txt"
python3 - "$T/out" "$T" <<'PY' && ok "error records in place, the batch went on" || fail "error records"
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
t = sys.argv[2]
paths = [r["source"]["path"] for r in recs]
want = [t + "/in/n0000.txt", t + "/in/n0001.txt", t + "/in/n0001b.txt", t + "/in/n0002.txt",
        t + "/in/n0003.txt", t + "/missing.txt"]
assert paths == want, paths
bad = {r["source"]["path"]: r["error"] for r in recs if "error" in r}
assert set(bad) == {t + "/in/n0001b.txt", t + "/missing.txt"}, bad
assert bad[t + "/in/n0001b.txt"]["code"] == "binary", bad
assert bad[t + "/missing.txt"]["code"] == "io", bad
assert all(bad[p]["message"] for p in bad)
assert all("schema" in r for r in recs if "error" not in r)
PY
expect_grep "^zhenggai: error: $T/missing.txt: " "$T/err" "stderr names the missing file"
expect_grep "^zhenggai: error: $T/in/n0001b.txt: " "$T/err" "stderr names the binary file"
[ "$(grep -c '^zhenggai: error:' "$T/err")" -eq 2 ] && ok "one message per failed input" || fail "message count"

expect_exit 4 "every input failed" -- "$ZHENGGAI" extract -q "$T/in/n0001b.txt" "$T/missing.txt"
[ "$(wc -l < "$T/out")" -eq 2 ] && ok "two error records" || fail "error record count"

expect_exit 3 "--fail-fast" -- "$ZHENGGAI" extract -q -j1 --fail-fast "$T/in"
n=$(wc -l < "$T/out")
[ "$n" -eq 3 ] && ok "--fail-fast stopped after the failing input (3 records)" || fail "--fail-fast wrote $n records"

# --fail-fast stopping at the first input leaves the others untried, not failed: 3; 4 only when
# every input was tried and failed (exit-code table). In filter mode alike.
for j in 1 3; do
    expect_exit 3 "--fail-fast -j$j, the first input fails, one is left" -- "$ZHENGGAI" extract -q -j$j --fail-fast "$T/in/n0001b.txt" "$T/in/n0000.txt"
    [ "$(wc -l < "$T/out")" -eq 1 ] && ok "one error record, the other input not tried" || fail "--fail-fast -j$j records: $(wc -l < "$T/out")"
    expect_exit 4 "--fail-fast -j$j, the only input fails" -- "$ZHENGGAI" extract -q -j$j --fail-fast "$T/in/n0001b.txt"
    expect_exit 3 "--fail-fast -j$j, a bad JSON Lines line first" -- sh -c "printf '{\"path\":\"x\"}\n{\"path\":\"y\"}\n' | \"$ZHENGGAI\" extract -q -j$j --fail-fast --input-format jsonl"
    # (from a file: a pipe whose writer has not closed it yet may still bring lines, which is 3)
    printf '{"path":"x"}\n\n' > "$T/one-bad.jsonl"
    expect_exit 4 "--fail-fast -j$j, the only JSON Lines line is bad" -- sh -c "\"$ZHENGGAI\" extract -q -j$j --fail-fast --input-format jsonl < \"$T/one-bad.jsonl\""
done

# --fail-fast in filter mode stops at the failing line even while the writer of stdin keeps the
# pipe open with nothing more to say (a mapper's producer that is slow or stalled): the tool
# does not wait for a next line that may never come. 3: the input was not read to its end.
python3 - "$ZHENGGAI" <<'PY' && ok "--fail-fast does not wait on an idle stdin pipe (-j1, -j3)" || fail "--fail-fast waited for stdin"
import subprocess, sys
for j in ("1", "3"):
    p = subprocess.Popen([sys.argv[1], "extract", "-q", "-j" + j, "--fail-fast", "--input-format", "jsonl"],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    p.stdin.write(b"not json\n")
    p.stdin.flush()
    try:
        rc = p.wait(timeout=30)      # stdin is still open here
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
        sys.exit("-j%s: still running with stdin open" % j)
    p.stdin.close()
    out = p.stdout.read().decode()
    assert rc == 3, (j, rc)
    assert out.count("\n") == 1 and '"parse"' in out, out
PY

# too large: --max-input-bytes
expect_exit 4 "--max-input-bytes" -- "$ZHENGGAI" extract -q --max-input-bytes 100 "$T/in/n0000.txt"
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); assert r["error"]["code"]=="too-large", r' "$T/out" \
    && ok "too-large error record" || fail "too-large record"
expect_exit 4 "--max-input-bytes on stdin" -- sh -c "\"$ZHENGGAI\" extract -q --max-input-bytes 100 - < \"$T/in/n0000.txt\""
expect_grep '"too-large"' "$T/out" "stdin over the limit"
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); assert r["source"]["path"] is None, r' "$T/out" \
    && ok "the error record of stdin names no path (null)" || fail "stdin error record path"
expect_grep "^zhenggai: error: <stdin>: " "$T/err" "the message calls it <stdin>"

# a directory of failures into -o DIR: no output file for a failed input
expect_exit 3 "-o DIR with a bad input" -- "$ZHENGGAI" extract -q -o "$T/o/" "$T/in"
[ -f "$T/o/n0000.txt.json" ] && [ ! -e "$T/o/n0001b.txt.json" ] && ok "failed input has no output file" \
    || fail "output files: $(ls "$T/o")"

# summary line unless --quiet
expect_exit 3 "summary" -- "$ZHENGGAI" extract "$T/in"
expect_grep "^zhenggai: 5 files, [0-9]* issues, 1 error" "$T/err" "summary line counts files and errors"
finish
