#!/bin/bash
# A write error is an error: /dev/full as stdout or -o gives exit 6 and a message.
. "$(dirname "$0")/lib.sh"
[ -w /dev/full ] || { echo "no /dev/full: skipped"; exit 77; }

gen_notices "$T/in" 30
expect_exit 6 "stdout is /dev/full" -- sh -c "\"$ZHENGGAI\" extract -q \"$T/in\" > /dev/full"
expect_grep "^zhenggai: error: <stdout>: write failed: No space left on device" "$T/err" "message names stdout and the reason"
expect_exit 6 "single document to /dev/full" -- sh -c "\"$ZHENGGAI\" extract -q \"$T/in/n0001.txt\" > /dev/full"
expect_exit 6 "-o /dev/full" -- "$ZHENGGAI" extract -q -o /dev/full "$T/in"
expect_grep "^zhenggai: error: /dev/full: write failed" "$T/err" "message names the output"
expect_exit 6 "csv to /dev/full" -- sh -c "\"$ZHENGGAI\" extract -q --format csv \"$T/in\" > /dev/full"
expect_exit 6 "--help to /dev/full" -- sh -c "\"$ZHENGGAI\" --help > /dev/full"

# an output directory that cannot be written
mkdir -p "$T/ro"
chmod 555 "$T/ro"
if [ "$(id -u)" -ne 0 ]; then
    expect_exit 6 "read-only output directory" -- "$ZHENGGAI" extract -q -o "$T/ro/" "$T/in"
    expect_grep "^zhenggai: error: .*cannot create" "$T/err" "message for the read-only directory"
fi
chmod 755 "$T/ro"
# -o in a directory that does not exist (file mode)
expect_exit 6 "-o in a missing directory" -- "$ZHENGGAI" extract -q -o "$T/nope/x.jsonl" "$T/in"
finish
