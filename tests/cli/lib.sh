# Shared helpers for the CLI test scripts (sourced). Needs ZHENGGAI (the binary) and
# ZG_SOURCE_DIR in the environment; each script works in its own temp dir, removed on exit.
set -u
: "${ZHENGGAI:?set ZHENGGAI to the zhenggai binary}"
: "${ZG_SOURCE_DIR:?set ZG_SOURCE_DIR to the source tree}"
export ZHENGGAI_RULES="${ZHENGGAI_RULES:-$ZG_SOURCE_DIR/rules}"
HERE="$ZG_SOURCE_DIR/tests/cli"
T="$(mktemp -d "${TMPDIR:-/tmp}/zg-cli.XXXXXX")"
trap 'rm -rf "$T"' EXIT
FAILS=0

fail() { echo "FAIL: $*" >&2; FAILS=$((FAILS + 1)); }
ok() { echo "ok: $*"; }

# expect_exit CODE DESCRIPTION -- command...   (stdout → $T/out, stderr → $T/err)
expect_exit() {
    local want="$1" what="$2"; shift 3
    "$@" >"$T/out" 2>"$T/err"
    local got=$?
    if [ "$got" -ne "$want" ]; then
        fail "$what: exit $got, expected $want; stderr: $(head -c 600 "$T/err")"
        return 1
    fi
    ok "$what (exit $got)"
}

# expect_grep PATTERN FILE DESCRIPTION
expect_grep() {
    if grep -q -- "$1" "$2"; then ok "$3"; else fail "$3: '$1' not in $2: $(head -c 400 "$2")"; fi
}

gen_notices() { python3 "$HERE/gen_notice.py" "$@"; }

finish() {
    if [ "$FAILS" -ne 0 ]; then echo "$FAILS check(s) failed" >&2; exit 1; fi
    echo "all checks passed"
    exit 0
}
