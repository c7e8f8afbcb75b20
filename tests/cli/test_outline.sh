#!/bin/bash
# zhenggai outline: the heading tree for a person; several inputs get '==> FILE <==' headers.
. "$(dirname "$0")/lib.sh"

gen_notices "$T/in" 3
expect_exit 0 "outline of one file" -- "$ZHENGGAI" outline -q "$T/in/n0002.txt"
expect_grep "一、" "$T/out" "level-1 heading shown"
expect_grep "（三）" "$T/out" "third level-2 heading shown"
grep -q "==>" "$T/out" && fail "a single outline has no header" || ok "no header for one file"
expect_exit 0 "outline of a directory" -- "$ZHENGGAI" outline -q "$T/in"
[ "$(grep -c '^==> ' "$T/out")" -eq 3 ] && ok "one header per file" || fail "headers"
head -1 "$T/out" | grep -q "^==> $T/in/n0000.txt <==" && ok "headers in order" || fail "first header"
expect_exit 4 "outline of a missing file" -- "$ZHENGGAI" outline -q "$T/nope.txt"
expect_grep "^zhenggai: error: $T/nope.txt:" "$T/err" "missing file reported"
finish
