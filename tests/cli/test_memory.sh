#!/bin/bash
# Memory stays flat as the corpus grows: peak RSS for 2000 inputs is close to that for 200.
. "$(dirname "$0")/lib.sh"
[ -x /usr/bin/time ] || { echo "no /usr/bin/time: skipped"; exit 77; }

gen_notices "$T/big" 2000 --nested
mkdir -p "$T/small"
cp -r "$T/big/g00" "$T/small/"                      # about 290 of the same notices
peak() { /usr/bin/time -f %M "$ZHENGGAI" extract -q -j2 "$1" 2>&1 >/dev/null | tail -1; }
small=$(peak "$T/small")
big=$(peak "$T/big")
echo "peak RSS: $small KiB for $(find "$T/small" -type f | wc -l) inputs, $big KiB for 2000"
[ "$big" -lt $((small * 13 / 10 + 2048)) ] && ok "peak RSS does not grow with the number of inputs" \
    || fail "peak RSS grew from $small to $big KiB"
finish
