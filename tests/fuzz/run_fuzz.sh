#!/usr/bin/env bash
# Run one libFuzzer target for a bounded time and print its executions and coverage.
# usage: run_fuzz.sh BINARY SECONDS WORKDIR DICT SEED_DIR...
# A crash makes the test fail; the reproducer is copied to WORKDIR/crashes/ (add it to
# tests/fuzz/regress/<target>/ so that every build replays it).
set -u
bin=$1 secs=$2 work=$3 dict=$4
shift 4
mkdir -p "$work/corpus" "$work/crashes"
seeds=()
for d in "$@"; do [ -d "$d" ] && seeds+=("$d"); done   # libFuzzer stops at a missing folder
log="$work/fuzz.log"
( cd "$work/crashes" && "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
    -max_len=65536 -dict="$dict" -print_final_stats=1 "$work/corpus" "${seeds[@]}" ) >"$log" 2>&1
rc=$?
grep -E '^#[0-9]+.*(INITED|DONE)|stat::number_of_executed_units|stat::peak_rss_mb' "$log" | tail -n 4
if [ $rc -ne 0 ]; then
    echo "fuzzer failed (exit $rc); last lines of $log:"
    tail -n 40 "$log"
    ls -l "$work/crashes"
    exit 1
fi
echo "no crashes"
