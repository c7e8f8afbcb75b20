#!/bin/bash
# -o DIR mirrors the input tree; --resume skips inputs whose output exists; --dedupe.
. "$(dirname "$0")/lib.sh"

gen_notices "$T/in" 20 --nested
expect_exit 0 "first run" -- "$ZHENGGAI" extract -q -j3 -o "$T/out.d/" "$T/in"
(cd "$T/in" && find . -name '*.txt' | sort) > "$T/inputs"
(cd "$T/out.d" && find . -name '*.json' | sed 's/\.json$//' | sort) > "$T/outputs"
diff -u "$T/inputs" "$T/outputs" && ok "one output per input, mirrored tree" || fail "mirror"

victim="$T/out.d/g03/h0/n0003.txt.json"
[ -f "$victim" ] || fail "expected $victim"
rm -f "$victim"
touch -d '2001-01-01' "$T/out.d/g00/h0/n0000.txt.json"
expect_exit 0 "--resume" -- "$ZHENGGAI" extract -j2 --resume -o "$T/out.d" "$T/in"
[ -f "$victim" ] && ok "the missing output was made again" || fail "not regenerated"
[ "$(date -r "$T/out.d/g00/h0/n0000.txt.json" +%Y)" = 2001 ] && ok "existing outputs untouched" || fail "existing output rewritten"
expect_grep "^zhenggai: 1 file, .*19 skipped" "$T/err" "summary counts 1 processed, 19 skipped"
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); assert r["source"]["path"].endswith("g03/h0/n0003.txt")' "$victim" \
    && ok "regenerated output is the right record" || fail "regenerated content"

# two inputs with one output name (two file arguments of the same name, two directory arguments
# of the same name): the output is the first one's; the later one fails, and --resume does not
# take the first one's output for its own but reports it again
mkdir -p "$T/col/a" "$T/col/b" "$T/col2/p/sub" "$T/col2/q/sub"
cp "$T/in/g00/h0/n0000.txt" "$T/col/a/x.txt"
cp "$T/in/g01/h1/n0001.txt" "$T/col/b/x.txt"
cp "$T/in/g00/h0/n0000.txt" "$T/col2/p/sub/x.txt"
cp "$T/in/g01/h1/n0001.txt" "$T/col2/q/sub/x.txt"
for args in "$T/col/a/x.txt $T/col/b/x.txt" "$T/col2/p/sub $T/col2/q/sub"; do
    rm -rf "$T/oc"
    expect_exit 3 "same output name: the later input fails" -- "$ZHENGGAI" extract -o "$T/oc/" $args
    later=$(echo "$args" | cut -d' ' -f2)
    expect_grep "^zhenggai: error: $later.*: output $T/oc/.*x.txt.json is that of an earlier input" "$T/err" \
        "the later input is named with the earlier one"
    expect_grep "^zhenggai: 2 files, [0-9]* issues*, 1 error;" "$T/err" "summary: two files, one error"
    python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); assert r["source"]["path"].startswith(sys.argv[2]), r["source"]' \
        "$(find "$T/oc" -name x.txt.json)" "$(echo "$args" | cut -d' ' -f1)" && ok "the output is the first input's" || fail "output owner"
    expect_exit 3 "--resume: the later input fails again, the first was converted" -- \
        "$ZHENGGAI" extract --resume -o "$T/oc/" $args
    expect_grep "^zhenggai: error: $later.*: output $T/oc/.*x.txt.json is that of an earlier input" "$T/err" \
        "--resume reports the later input again"
    expect_grep "^zhenggai: 1 file, 0 issues, 1 error, 1 skipped" "$T/err" "--resume skips only the first"
done

# --resume after a run with failures: the skipped inputs were converted, so a failure left is
# "some failed" (3), not "every input failed" (4)
mkdir -p "$T/errs"
cp "$T/in/g00/h0/n0000.txt" "$T/in/g01/h1/n0001.txt" "$T/errs/"
head -c 2000 /dev/urandom > "$T/errs/bad.txt"
printf '\x00\x01ELF' >> "$T/errs/bad.txt"
expect_exit 3 "a run with a bad input" -- "$ZHENGGAI" extract -q -o "$T/re/" "$T/errs"
expect_exit 3 "--resume: the bad input fails again, the others are skipped" -- "$ZHENGGAI" extract --resume -o "$T/re/" "$T/errs"
expect_grep "^zhenggai: 1 file, 0 issues, 1 error, 2 skipped" "$T/err" "one tried, two skipped"

# duplicates: always reported, emitted once with --dedupe
cp "$T/in/g00/h0/n0000.txt" "$T/in/g00/h0/n0000-copy.txt"
expect_exit 0 "duplicates reported" -- "$ZHENGGAI" extract "$T/in"
expect_grep "^zhenggai: warning: $T/in/g00/h0/n0000.txt: same content as $T/in/g00/h0/n0000-copy.txt" "$T/err" \
    "duplicate named with its first occurrence"
[ "$(wc -l < "$T/out")" -eq 21 ] && ok "without --dedupe both are emitted" || fail "count without --dedupe"
expect_exit 0 "--dedupe" -- "$ZHENGGAI" extract --dedupe -j3 "$T/in"
[ "$(wc -l < "$T/out")" -eq 20 ] && ok "--dedupe emits once" || fail "count with --dedupe $(wc -l < "$T/out")"
grep -q '"path":"[^"]*n0000.txt"' "$T/out" && fail "--dedupe kept the later copy" || ok "--dedupe keeps the first in input order"
expect_grep "1 duplicate" "$T/err" "summary counts duplicates"
python3 - "$T/out" "$T/err" <<'PY' && ok "the summary counts the issues emitted, not the duplicate's" || fail "summary issue count"
import json, re, sys
emitted = sum(len(json.loads(l)["issues"]) for l in open(sys.argv[1], encoding="utf-8"))
said = int(re.search(r"^zhenggai: \d+ files, (\d+) issues?", open(sys.argv[2]).read(), re.M).group(1))
assert said == emitted, (said, emitted)
PY
# --resume with --dedupe: a skipped input still counts as the first copy, so a later copy of it
# whose own output is missing stays suppressed, as in the run that wrote the outputs
rm -rf "$T/out.d"
expect_exit 0 "--dedupe into a directory" -- "$ZHENGGAI" extract -q --dedupe -j2 -o "$T/out.d/" "$T/in"
[ -f "$T/out.d/g00/h0/n0000-copy.txt.json" ] && ok "first copy written" || fail "first copy missing"
[ -f "$T/out.d/g00/h0/n0000.txt.json" ] && fail "--dedupe wrote the later copy" || ok "later copy not written"
expect_exit 0 "--resume --dedupe" -- "$ZHENGGAI" extract --resume --dedupe -j2 -o "$T/out.d/" "$T/in"
[ -f "$T/out.d/g00/h0/n0000.txt.json" ] && fail "--resume --dedupe wrote a duplicate of a skipped input" \
    || ok "--resume --dedupe: a duplicate of a skipped input stays suppressed"
expect_grep "n0000.txt: same content as $T/in/g00/h0/n0000-copy.txt" "$T/err" "and is reported as its duplicate"
expect_grep "^zhenggai: 1 file, .*20 skipped" "$T/err" "summary: the duplicate processed, the others skipped"
expect_exit 0 "--resume without --dedupe" -- "$ZHENGGAI" extract -q --resume -j2 -o "$T/out.d/" "$T/in"
[ -f "$T/out.d/g00/h0/n0000.txt.json" ] && ok "without --dedupe the copy is written" || fail "copy not written without --dedupe"
finish
