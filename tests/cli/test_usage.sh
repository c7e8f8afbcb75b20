#!/bin/bash
# --help, --version, usage errors and their exit codes.
. "$(dirname "$0")/lib.sh"

expect_exit 0 "--help" -- "$ZHENGGAI" --help
expect_grep "Exit codes" "$T/out" "--help lists the exit codes"
expect_grep "check-rules" "$T/out" "--help lists the commands"
expect_exit 0 "extract --help" -- "$ZHENGGAI" extract --help
expect_grep "--resume" "$T/out" "extract --help documents --resume"
expect_grep "--input-format" "$T/out" "extract --help documents --input-format"
expect_exit 0 "outline --help" -- "$ZHENGGAI" outline -h
expect_grep "Usage: zhenggai outline" "$T/out" "outline help"
expect_exit 0 "help extract" -- "$ZHENGGAI" help extract
expect_grep "Usage: zhenggai extract" "$T/out" "help extract shows the extract help"

version=$(sed -n 's/^#define ZG_VERSION "\(.*\)"/\1/p' "$ZG_SOURCE_DIR/src/zhenggai.h")
expect_exit 0 "--version" -- "$ZHENGGAI" --version
expect_grep "^zhenggai $version " "$T/out" "--version prints the version of zhenggai.h ($version)"

expect_exit 2 "no command" -- "$ZHENGGAI"
expect_exit 2 "unknown command" -- "$ZHENGGAI" frobnicate
expect_grep "unknown command" "$T/err" "unknown command is named"
gen_notices "$T/in" 2
expect_exit 2 "unknown option" -- "$ZHENGGAI" extract --bogus "$T/in"
expect_grep "^zhenggai: error: unknown option --bogus" "$T/err" "unknown option message"
expect_exit 2 "bad --format" -- "$ZHENGGAI" extract --format yaml "$T/in"
expect_exit 2 "bad --jobs" -- "$ZHENGGAI" extract -j many "$T/in"
expect_exit 2 "missing option value" -- "$ZHENGGAI" extract "$T/in" -o
expect_exit 2 "--resume without -o DIR" -- "$ZHENGGAI" extract --resume "$T/in"
expect_exit 2 "xml of several inputs to one stream" -- "$ZHENGGAI" extract --format xml "$T/in"
expect_exit 2 "csv into a directory" -- "$ZHENGGAI" extract --format csv -o "$T/o/" "$T/in"
expect_exit 2 "bad --csv-table" -- "$ZHENGGAI" extract --format csv --csv-table rows "$T/in"
expect_exit 2 "--csv-table without a CSV format" -- "$ZHENGGAI" extract --csv-table issues "$T/in"
expect_exit 2 "--csv-bom without a CSV format (as --csv-table)" -- "$ZHENGGAI" extract --csv-bom "$T/in"
expect_grep "^zhenggai: error: --csv-bom goes with a CSV format" "$T/err" "--csv-bom message"
expect_exit 0 "--csv-bom with --format csv-facts" -- "$ZHENGGAI" extract -q --csv-bom --format csv-facts "$T/in"
expect_exit 2 "bad --max-input-bytes" -- "$ZHENGGAI" extract --max-input-bytes 12X "$T/in"
expect_exit 2 "jsonl filter with a file argument" -- "$ZHENGGAI" extract --input-format jsonl "$T/in"
expect_exit 2 "outline takes no --format" -- "$ZHENGGAI" outline --format json "$T/in"
expect_exit 2 "unknown --encoding" -- "$ZHENGGAI" extract --encoding NO-SUCH-CHARSET -o "$T/o/" "$T/in"
expect_grep "^zhenggai: error: unknown --encoding 'NO-SUCH-CHARSET'" "$T/err" "unknown --encoding named once, before any file"
[ "$(grep -c 'NO-SUCH-CHARSET' "$T/err")" -eq 1 ] && ok "not once per file" || fail "unknown --encoding reported per file"
expect_exit 0 "an --encoding alias (gbk) is taken" -- "$ZHENGGAI" extract -q --encoding gbk "$T/in"
[ ! -e "$T/o" ] && ok "a usage error writes nothing" || fail "a usage error created the output dir"

# inputs are only ever read: -o FILE naming one of the inputs (an argument, a file the walk of a
# directory takes, a link to it) is refused before anything is written; a file of the directory
# that is not an input (another extension, excluded) may be the output
mkdir -p "$T/ov"
gen_notices "$T/ov" 3
cp "$T/ov/n0001.txt" "$T/ov.orig"
ln -s n0001.txt "$T/ov/link.txt"
for args in "$T/ov" "$T/ov/n0000.txt $T/ov/n0001.txt" "$T/ov/link.txt"; do
    expect_exit 2 "-o FILE is an input ($args)" -- "$ZHENGGAI" extract -q -o "$T/ov/n0001.txt" $args
    expect_grep "^zhenggai: error: the output $T/ov/n0001.txt is one of the inputs" "$T/err" "the message names the output"
    cmp -s "$T/ov/n0001.txt" "$T/ov.orig" && ok "the input is unchanged" || fail "the input was overwritten"
done
expect_exit 0 "-o FILE: a file the walk does not take" -- "$ZHENGGAI" extract -q -o "$T/ov/all.jsonl" "$T/ov"
expect_exit 0 "-o FILE: the same file again (not an input: .jsonl)" -- "$ZHENGGAI" extract -q -o "$T/ov/all.jsonl" "$T/ov"
expect_exit 0 "-o FILE: an excluded file" -- "$ZHENGGAI" extract -q --exclude 'n0002*' -o "$T/ov/n0002.txt" "$T/ov"
# an output reached only by a link met during the walk (not by its own name: not refused up
# front) is not read as a notice: that entry fails, the others are converted, and the output is
# the run's records
mkdir -p "$T/lw"
gen_notices "$T/lw" 2
expect_exit 0 "-o FILE outside the tree" -- "$ZHENGGAI" extract -q -o "$T/lw.txt" "$T/lw"
ln -s ../lw.txt "$T/lw/zz-link.txt"
expect_exit 3 "-o FILE reached by a link in the tree" -- "$ZHENGGAI" extract -q -o "$T/lw.txt" "$T/lw"
python3 - "$T/lw.txt" <<'PY' && ok "the link to the output fails; the notices are converted" || fail "link to the output"
import json, sys
out = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
assert len(out) == 3, len(out)
assert all("error" not in r for r in out[:2]), out[:2]
assert out[2]["source"]["path"].endswith("zz-link.txt") and out[2]["error"]["code"] == "argument", out[2]
PY
expect_grep "zz-link.txt: this is the output file $T/lw.txt" "$T/err" "the message names the link and the output"

# rules: a broken rule file is reported as FILE:LINE:COL with exit 5, for extract and check-rules
mkdir -p "$T/rules"
printf 'set status\ngood completed 已完成\nbad  completed (未闭合\n' > "$T/rules/x.rules"
expect_exit 5 "check-rules on a broken file" -- "$ZHENGGAI" check-rules "$T/rules"
expect_grep "x.rules:3:[0-9]*: error:" "$T/err" "check-rules names file:line:col"
expect_exit 5 "extract with broken rules" -- "$ZHENGGAI" extract --rules "$T/rules" "$T/in"
expect_grep "^zhenggai: error: .*x.rules:3:" "$T/err" "extract reports the rule error"
expect_exit 0 "check-rules on the project rules" -- "$ZHENGGAI" check-rules "$ZG_SOURCE_DIR/rules"
expect_grep "rules* OK" "$T/out" "check-rules prints the rule count"
finish
