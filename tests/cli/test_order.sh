#!/bin/bash
# Output order is input order whatever -j; the bytes are identical for -j1, -j4 and -j7.
. "$(dirname "$0")/lib.sh"

gen_notices "$T/in" 60 --nested
# the project corpus too, when present (different sizes make workers finish out of order)
[ -d "$ZG_SOURCE_DIR/corpus" ] && mkdir -p "$T/in/corpus" && cp "$ZG_SOURCE_DIR"/corpus/*.txt "$T/in/corpus/" 2>/dev/null
n=$(find "$T/in" -name '*.txt' | wc -l)

for j in 1 4 7; do
    expect_exit 0 "-j$j" -- "$ZHENGGAI" extract -q -j$j "$T/in"
    cp "$T/out" "$T/out.j$j"
done
[ "$(wc -l < "$T/out.j1")" -eq "$n" ] && ok "one JSON Lines record per input ($n)" || fail "record count $(wc -l < "$T/out.j1") != $n"
cmp -s "$T/out.j1" "$T/out.j4" && ok "-j1 and -j4 give identical bytes" || fail "-j1 and -j4 differ"
cmp -s "$T/out.j1" "$T/out.j7" && ok "-j1 and -j7 give identical bytes" || fail "-j1 and -j7 differ"
python3 - "$T/out.j4" "$T/in" <<'PY' && ok "records follow the sorted walk order" || fail "order is not the sorted walk order"
import json, os, sys
got = [json.loads(l)["source"]["path"] for l in open(sys.argv[1], encoding="utf-8")]
want = []
def walk(d):
    for name in sorted(os.listdir(d), key=lambda s: s.encode()):
        p = os.path.join(d, name)
        if os.path.isdir(p):
            walk(p)
        elif name.endswith(".txt"):
            want.append(p)
walk(sys.argv[2])
assert got == want, (got[:5], want[:5])
PY

# -o DIR under -j4 gives the same records as the stream
expect_exit 2 "-o DIR refuses jsonl" -- "$ZHENGGAI" extract -q --format jsonl -o "$T/o1/" "$T/in"
expect_exit 0 "-o DIR -j4" -- "$ZHENGGAI" extract -q -j4 -o "$T/o1/" "$T/in"
python3 - "$T/out.j1" "$T/o1" "$T/in" <<'PY' && ok "each output file holds its input's record" || fail "dir outputs differ from the stream"
import json, os, sys
stream = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
for rec in stream:
    rel = os.path.relpath(rec["source"]["path"], sys.argv[3])
    with open(os.path.join(sys.argv[2], rel + ".json"), encoding="utf-8") as f:
        assert json.load(f) == rec, rel
PY
finish
