#!/bin/bash
# Directory recursion, extension filter, hidden files, --include/--exclude, sorted order, stdin.
. "$(dirname "$0")/lib.sh"

mkdir -p "$T/tree/b/deep" "$T/tree/a" "$T/tree/.hidden"
gen_notices "$T/src" 6
cp "$T/src/n0000.txt" "$T/tree/z.txt"
cp "$T/src/n0001.txt" "$T/tree/a/x.TXT"            # extension match ignores case
cp "$T/src/n0002.txt" "$T/tree/b/deep/m.md"
cp "$T/src/n0003.txt" "$T/tree/b/k.html"
cp "$T/src/n0004.txt" "$T/tree/b/notes.pdf"        # not an input extension
cp "$T/src/n0005.txt" "$T/tree/.hidden/h.txt"      # hidden: skipped
cp "$T/src/n0005.txt" "$T/tree/b/.h.txt"           # hidden: skipped
ln -s .. "$T/tree/b/deep/loop"                     # a directory cycle must not loop forever

paths() { python3 -c '
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    print(json.loads(line)["source"]["path"])' "$1"; }

expect_exit 0 "extract a directory" -- "$ZHENGGAI" extract -q -j2 "$T/tree"
paths "$T/out" > "$T/paths"
printf '%s\n' "$T/tree/a/x.TXT" "$T/tree/b/deep/m.md" "$T/tree/b/k.html" "$T/tree/z.txt" > "$T/want"
if diff -u "$T/want" "$T/paths"; then ok "recursive, sorted, extension-filtered, hidden skipped"; else fail "walk order/selection"; fi

expect_exit 0 "--exclude a directory and a pattern" -- "$ZHENGGAI" extract -q --exclude deep --exclude 'z*' "$T/tree"
paths "$T/out" > "$T/paths"
printf '%s\n' "$T/tree/a/x.TXT" "$T/tree/b/k.html" > "$T/want"
diff -u "$T/want" "$T/paths" && ok "--exclude prunes" || fail "--exclude"

expect_exit 0 "--include replaces the extension filter" -- "$ZHENGGAI" extract -q --include '*.pdf' --include 'b/deep/*' "$T/tree"
paths "$T/out" > "$T/paths"
printf '%s\n' "$T/tree/b/deep/m.md" "$T/tree/b/notes.pdf" > "$T/want"
diff -u "$T/want" "$T/paths" && ok "--include with and without '/'" || fail "--include"

# in a glob with '/', '*' stops at '/' (docs/cli.md): one glob per level reaches deeper files
expect_exit 0 "--include 'b/*'" -- "$ZHENGGAI" extract -q --include 'b/*' "$T/tree"
paths "$T/out" > "$T/paths"
printf '%s\n' "$T/tree/b/k.html" "$T/tree/b/notes.pdf" > "$T/want"
diff -u "$T/want" "$T/paths" && ok "'b/*' takes only the files directly in b/" || fail "--include 'b/*'"
expect_exit 0 "--include 'b/*' --include 'b/*/*'" -- "$ZHENGGAI" extract -q --include 'b/*' --include 'b/*/*' "$T/tree"
paths "$T/out" > "$T/paths"
printf '%s\n' "$T/tree/b/deep/m.md" "$T/tree/b/k.html" "$T/tree/b/notes.pdf" > "$T/want"
diff -u "$T/want" "$T/paths" && ok "'b/*/*' adds the next level" || fail "--include 'b/*/*'"
expect_exit 0 "--exclude 'b/*' prunes the folders below b/" -- "$ZHENGGAI" extract -q --exclude 'b/*' "$T/tree"
paths "$T/out" > "$T/paths"
printf '%s\n' "$T/tree/a/x.TXT" "$T/tree/z.txt" > "$T/want"
diff -u "$T/want" "$T/paths" && ok "an excluded folder is not entered" || fail "--exclude 'b/*'"

# arguments keep their order; an explicit file is taken whatever its extension
expect_exit 0 "files in argument order" -- "$ZHENGGAI" extract -q "$T/tree/z.txt" "$T/tree/b/notes.pdf" "$T/tree/a"
paths "$T/out" > "$T/paths"
printf '%s\n' "$T/tree/z.txt" "$T/tree/b/notes.pdf" "$T/tree/a/x.TXT" > "$T/want"
diff -u "$T/want" "$T/paths" && ok "argument order, explicit file taken" || fail "argument order"

# a dangling symbolic link is reported (io) only when the selection would take it: --include
# decides for it as for any file, as --exclude and the extension filter do
mkdir -p "$T/dang"
cp "$T/src/n0000.txt" "$T/dang/a.txt"
cp "$T/src/n0001.txt" "$T/dang/b.pdf"
ln -s "$T/nonexistent" "$T/dang/gone.txt"
ln -s "$T/nonexistent" "$T/dang/gone.pdf"
expect_exit 3 "--include: a selected dangling link is an input that fails" -- "$ZHENGGAI" extract -q --include '*.pdf' "$T/dang"
paths "$T/out" > "$T/paths"
printf '%s\n' "$T/dang/b.pdf" "$T/dang/gone.pdf" > "$T/want"
diff -u "$T/want" "$T/paths" && ok "--include '*.pdf': b.pdf and the link gone.pdf, not gone.txt" || fail "dangling links with --include"
expect_grep "^zhenggai: error: $T/dang/gone.pdf: cannot read" "$T/err" "the selected dangling link is named"
grep -q "gone.txt" "$T/err" && fail "gone.txt reported though --include does not take it" || ok "gone.txt not reported"
expect_exit 0 "--include '*.pdf' --exclude 'gone*'" -- "$ZHENGGAI" extract -q --include '*.pdf' --exclude 'gone*' "$T/dang"

# -o DIR/: one directory argument maps its contents; with several arguments each directory keeps
# its own name, so two trees with the same relative paths do not collide
mkdir -p "$T/y2019/sub" "$T/y2020/sub"
cp "$T/src/n0000.txt" "$T/y2019/sub/n.txt"
cp "$T/src/n0001.txt" "$T/y2020/sub/n.txt"
expect_exit 0 "-o DIR/ with one directory" -- "$ZHENGGAI" extract -q -o "$T/od1/" "$T/y2019"
(cd "$T/od1" && find . -type f | sort) > "$T/got"
printf '%s\n' ./sub/n.txt.json > "$T/want"
diff -u "$T/want" "$T/got" && ok "one directory: its contents under DIR" || fail "one-directory mapping"
expect_exit 0 "-o DIR/ with two directories" -- "$ZHENGGAI" extract -q -o "$T/od2/" "$T/y2019/" "$T/y2020" "$T/tree/z.txt"
(cd "$T/od2" && find . -type f | sort) > "$T/got"
printf '%s\n' ./y2019/sub/n.txt.json ./y2020/sub/n.txt.json ./z.txt.json > "$T/want"
diff -u "$T/want" "$T/got" && ok "several arguments: each directory under its own name" || fail "several-directory mapping"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["source"]["path"].endswith("y2020/sub/n.txt"), d["source"]' \
    "$T/od2/y2020/sub/n.txt.json" && ok "each output holds its own input" || fail "several-directory content"
expect_exit 0 "'.' among several arguments" -- sh -c "cd \"$T/y2019\" && \"$ZHENGGAI\" extract -q -o \"$T/od3/\" . ../y2020"
[ -f "$T/od3/y2019/sub/n.txt.json" ] && [ -f "$T/od3/y2020/sub/n.txt.json" ] \
    && ok "'.' keeps the name of the directory it is" || fail "'.' mapping: $(cd "$T/od3" && find . -type f)"

# -o DIR/: an output that is itself an input of the run (a notice saved as n.txt.json, taken by
# --include '*', or named as an argument) is not replaced: the input whose output it would be fails
mkdir -p "$T/ovd" "$T/ovd2"
cp "$T/src/n0000.txt" "$T/ovd/n.txt"
cp "$T/src/n0001.txt" "$T/ovd/n.txt.json"
cp "$T/src/n0001.txt" "$T/ovd2/n.txt.json"
expect_exit 3 "-o DIR/ onto the inputs' own folder with --include '*'" -- "$ZHENGGAI" extract --include '*' -o "$T/ovd/" "$T/ovd"
expect_grep "^zhenggai: error: $T/ovd/n.txt: output $T/ovd/n.txt.json would replace an input" "$T/err" "the input whose output it is fails"
cmp -s "$T/ovd/n.txt.json" "$T/src/n0001.txt" && ok "the input n.txt.json is unchanged" || fail "an input was overwritten"
[ -f "$T/ovd/n.txt.json.json" ] && ok "the other input is converted" || fail "n.txt.json not converted"
expect_exit 0 "-o DIR/ onto the inputs' folder without --include: n.txt.json is no input" -- "$ZHENGGAI" extract -q -o "$T/ovd/" "$T/ovd"
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$T/ovd/n.txt.json" && ok "an output that is no input is replaced" || fail "output not written"
expect_exit 3 "-o DIR/ onto a file argument" -- "$ZHENGGAI" extract -q -o "$T/ovd2/" "$T/ovd/n.txt" "$T/ovd2/n.txt.json"
cmp -s "$T/ovd2/n.txt.json" "$T/src/n0001.txt" && ok "the file argument is unchanged" || fail "a file argument was overwritten"

# one input: one pretty JSON object; several: JSON Lines
expect_exit 0 "single file" -- "$ZHENGGAI" extract -q "$T/tree/z.txt"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["source"]["path"].endswith("z.txt")' "$T/out" \
    && ok "one input gives one JSON document" || fail "single JSON"
[ "$(wc -l < "$T/out")" -gt 3 ] && ok "single JSON is pretty-printed" || fail "single JSON not pretty"

# --with-text adds the decoded text; without it there is none
expect_exit 0 "--with-text" -- "$ZHENGGAI" extract -q --with-text "$T/tree/z.txt"
python3 - "$T/out" "$T/tree/z.txt" <<'PY' && ok "--with-text carries the text" || fail "--with-text"
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
assert d["text"].rstrip("\n") == open(sys.argv[2], encoding="utf-8").read().rstrip("\n")
PY
grep -q '^  "text":' "$T/out" && ! "$ZHENGGAI" extract -q "$T/tree/z.txt" | grep -q '^  "text":' \
    && ok "a top-level \"text\" only with --with-text" || fail "top-level text key"

# --encoding forces the decoder: GB18030 bytes read as such
iconv -f UTF-8 -t GB18030 "$T/tree/z.txt" > "$T/gb.txt"
expect_exit 0 "--encoding GB18030" -- "$ZHENGGAI" extract -q --encoding GB18030 "$T/gb.txt"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["source"]["encoding"].upper().startswith("GB"), d["source"]' "$T/out" \
    && ok "--encoding reaches the loader" || fail "--encoding"

# stdin: "-" and no argument at all (stdin not a terminal)
expect_exit 0 "stdin via -" -- sh -c "\"$ZHENGGAI\" extract -q - < \"$T/tree/z.txt\""
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["source"]["path"] is None, d["source"]' "$T/out" \
    && ok "stdin has no name: source.path is null (docs/record.md)" || fail "stdin path"
cp "$T/out" "$T/stdin1"
expect_exit 0 "stdin with no argument" -- sh -c "cat \"$T/tree/z.txt\" | \"$ZHENGGAI\" extract -q"
cmp -s "$T/out" "$T/stdin1" && ok "piped stdin = '-'" || fail "piped stdin differs from -"
python3 - "$T/out" "$T/tree/z.txt" <<'PY' && ok "stdin record hashes the bytes read" || fail "stdin sha256"
import hashlib, json, sys
d = json.load(open(sys.argv[1]))
assert d["source"]["sha256"] == hashlib.sha256(open(sys.argv[2], "rb").read()).hexdigest()
PY

# the summary counts the bytes of every input: files found in a directory (taken without a stat,
# their size is what was read), one too large to read and one that fails extraction (their size
# is stat'ed), and an explicit file argument
mkdir -p "$T/sized"
gen_notices "$T/sized" 3
python3 -c 'import sys; open(sys.argv[1], "w").write("整改" * 300000)' "$T/sized/huge.txt"
head -c 20000 /dev/zero > "$T/sized/zeros.txt"
want_mb=$(python3 -c 'import os, sys; print("%.2f MB" % (sum(os.path.getsize(os.path.join(sys.argv[1], f)) for f in os.listdir(sys.argv[1])) / 1e6 + os.path.getsize(sys.argv[2]) / 1e6))' "$T/sized" "$T/tree/z.txt")
expect_exit 3 "summary bytes" -- "$ZHENGGAI" extract --max-input-bytes 1000000 "$T/sized" "$T/tree/z.txt"
expect_grep "^zhenggai: 6 files, .*; $want_mb in" "$T/err" "summary bytes: read, failed and explicit inputs ($want_mb)"

# an empty directory is not an error
mkdir -p "$T/empty"
expect_exit 0 "empty directory" -- "$ZHENGGAI" extract "$T/empty"
expect_grep "no input files" "$T/err" "empty directory warns"
[ "$(head -1 "$T/err")" = "zhenggai: warning: no input files found" ] && ok "the warning comes before the summary" \
    || fail "warning not first: $(cat "$T/err")"
expect_exit 0 "nothing selected, -q" -- "$ZHENGGAI" extract -q --include '*.nomatch' "$T/tree"
[ "$(cat "$T/err")" = "zhenggai: warning: no input files found" ] && ok "-q keeps the warning (and drops the summary)" \
    || fail "-q: stderr is '$(cat "$T/err")'"
finish
