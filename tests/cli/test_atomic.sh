#!/bin/bash
# Outputs are atomic: a run killed in the middle (SIGKILL, SIGTERM, SIGINT) leaves only complete,
# valid files; SIGTERM/SIGINT also remove the temp files; -o FILE is all or nothing.
. "$(dirname "$0")/lib.sh"

gen_notices "$T/in" 600 --nested
sum_inputs() { find "$T/in" -type f -exec sha256sum {} + | sort; }
sum_inputs > "$T/in.sums"

check_outputs() { # DIR WHAT
    python3 - "$1" <<'PY'
import json, os, sys
n = 0
for dp, dn, fn in os.walk(sys.argv[1]):
    for f in fn:
        if f.endswith(".json"):
            with open(os.path.join(dp, f), encoding="utf-8") as h:
                json.load(h)          # a truncated file would fail here
            n += 1
print(n)
PY
}

# a non-interactive shell starts background jobs with SIGINT ignored (and zhenggai keeps ignored
# signals ignored): start them through a wrapper that restores the default disposition
RESET_SIGINT='import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_DFL)
os.execvp(sys.argv[1], sys.argv[1:])'

for sig in KILL TERM INT; do
    out="$T/o-$sig"
    python3 -c "$RESET_SIGINT" "$ZHENGGAI" extract -q -j2 -o "$out/" "$T/in" 2>"$T/err.$sig" &
    pid=$!
    # wait until some outputs exist, then kill in the middle of the batch
    for _ in $(seq 1 200); do
        [ "$(find "$out" -name '*.json' 2>/dev/null | head -50 | wc -l)" -ge 50 ] && break
        sleep 0.05
    done
    kill -s $sig $pid
    wait $pid
    rc=$?
    n=$(check_outputs "$out") && ok "SIG$sig: all $n output files are complete JSON" || fail "SIG$sig: invalid output file"
    if [ "$n" -lt 600 ]; then
        ok "SIG$sig: the run was interrupted ($n of 600)"
        [ "$rc" -ge 128 ] && ok "SIG$sig: exit $rc (killed)" || fail "SIG$sig: exit $rc"
    else
        echo "note: SIG$sig came after the end (exit $rc)"
    fi
    tmp=$(find "$out" -name '.*.tmp' | wc -l)
    if [ $sig != KILL ]; then
        [ "$tmp" -eq 0 ] && ok "SIG$sig: temp files removed" || fail "SIG$sig: $tmp temp files left"
    fi
    # --resume completes the interrupted run
    expect_exit 0 "SIG$sig: --resume finishes" -- "$ZHENGGAI" extract -q -j2 --resume -o "$out/" "$T/in"
    n=$(check_outputs "$out")
    [ "$n" -eq 600 ] && ok "SIG$sig: complete after --resume" || fail "SIG$sig: $n outputs after --resume"
done

# -o FILE: killed before the end leaves no file (or the old one), never a partial one
echo old > "$T/all.jsonl"
"$ZHENGGAI" extract -q -j1 -o "$T/all.jsonl" "$T/in" &
pid=$!
# kill once the temp file exists (the run is writing), or right away if the run already ended
for _ in $(seq 1 400); do
    [ -n "$(find "$T" -maxdepth 1 -name '.all.jsonl.*.tmp' -size +0 2>/dev/null)" ] && break
    kill -0 $pid 2>/dev/null || break
    sleep 0.05
done
kill -TERM $pid 2>/dev/null
wait $pid          # returns once the process has exited, i.e. after its handler removed the temp
[ "$(cat "$T/all.jsonl")" = old ] && ok "-o FILE: interrupted run kept the old file" \
    || { python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' "$T/all.jsonl" && [ "$(wc -l < "$T/all.jsonl")" -eq 600 ] \
         && ok "-o FILE: run finished before the signal" || fail "-o FILE: partial output"; }
[ "$(find "$T" -maxdepth 1 -name '.*.tmp' | wc -l)" -eq 0 ] && ok "-o FILE: temp removed" || fail "-o FILE: temp left"

sum_inputs | cmp -s - "$T/in.sums" && ok "inputs never modified" || fail "inputs changed"
finish
