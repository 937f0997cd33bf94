#!/bin/sh
# Tests of `finrst compare` on two hand-written results files that differ in
# known ways (tests/fixtures/results-linux.json and results-freebsd.json; the
# FreeBSD facts are from its kernel source, as /work/shared/reference/
# teardown-semantics.md cites them): close() with unread data sends FIN on
# FreeBSD and RST on Linux, and send() after an RST gives EPIPE on FreeBSD
# where Linux gives ECONNRESET first. The output must name those cells and
# fields with both values and no cell that is the same; the exit status is 0
# whether or not they differ unless --fail-on-diff; --html writes a
# self-contained page; and a file that is not finrst results, is truncated,
# is of an unknown version or is missing is refused with one line and exit 2.
#
# usage: sh tests/test-compare.sh [BUILD_DIR]   (default: build). Ends with
# "compare: N passed, M failed".

build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
linux=$root/tests/fixtures/results-linux.json
freebsd=$root/tests/fixtures/results-freebsd.json

. "$root/tests/script-helpers.sh"
helpers_begin compare "$build"

helpers_temporary

# row NAME PATTERN: a line of the output matches the extended regex PATTERN.
row() {
	if grep -E -q -- "$2" "$tmp/out"; then pass "$1"; else fail "$1" "no line matching '$2' in:
$(cat "$tmp/out")"; fi
}

no_row() {
	if grep -E -q -- "$2" "$tmp/out"; then fail "$1" "$(grep -E -- "$2" "$tmp/out")"; else pass "$1"; fi
}

# ---- Linux against FreeBSD ----

run compare "$linux" "$freebsd"
if [ "$status" -eq 0 ]; then pass "compare: exit 0 though outcomes differ"; else fail "compare: exit 0 though outcomes differ" "$(seen)"; fi
row "the columns are headed by system and release" '^cell \(verdicts\) / field +Linux 6\.18\.44 +FreeBSD 14\.3-RELEASE$'
row "each column names its file" "^  \[1\] Linux 6\.18\.44 x86_64: $linux\$"
row "2 of the 4 cells in both files differ" '^finrst compare: 2 of the 4 cells in every file have different outcomes$'
row "close-unread/write-first/ipv4 differs (xfail on Linux, pass on FreeBSD)" '^close-unread/write-first/ipv4 +xfail +pass$'
row "close() with unread data: RST on Linux, FIN on FreeBSD" '^  client_teardown +RST +FIN$'
row "close() with unread data: the server reads ECONNRESET on Linux, EOF on FreeBSD" '^  server_read_end +econnreset +eof$'
row "linger0/write-loop/ipv4 differs" '^linger0/write-loop/ipv4 +pass +pass$'
row "send() after an RST: ECONNRESET on Linux, EPIPE on FreeBSD" '^  server_write_error +econnreset +epipe$'
no_row "no field that is the same is listed" '^  (bytes\.|first_teardown|client_close)'
no_row "cells with the same outcomes are not listed as differing" '^(close/drain|shut-wr/drain)/ipv4 '
row "a cell of one file only is listed as not compared" '^  shut-rd/drain/ipv4 +\[1\] yes +\[2\] no$'

run compare "$linux" "$freebsd" --fail-on-diff
if [ "$status" -eq 1 ]; then pass "--fail-on-diff: exit 1 when outcomes differ"; else fail "--fail-on-diff: exit 1 when outcomes differ" "$(seen)"; fi
run compare --fail-on-diff "$linux" "$linux"
if [ "$status" -eq 0 ] && grep -q 'the 5 cells in every file have the same outcomes' "$tmp/out"; then
	pass "--fail-on-diff: exit 0 when nothing differs"
else
	fail "--fail-on-diff: exit 0 when nothing differs" "$(seen)"
fi
run compare "$freebsd" "$linux" "$freebsd"
row "three files: three columns" '^  client_teardown +FIN +RST +FIN$'

# ---- as HTML ----

run compare "$linux" "$freebsd" --html "$tmp/html/compare.html"
if [ "$status" -eq 0 ] && [ -s "$tmp/html/compare.html" ]; then
	pass "--html: the page is written"
else
	fail "--html: the page is written" "$(seen)"
fi
if ! command -v python3 >/dev/null 2>&1; then
	echo "skip: python3 not installed: the compare page is not checked"
elif python3 "$root/tests/check-html-report.py" "$tmp/html/compare.html" >"$tmp/check" 2>&1 &&
	python3 - "$tmp/html/compare.html" >>"$tmp/check" 2>&1 <<'PY'
import json, re, sys
page = open(sys.argv[1], encoding="utf-8").read()
data = json.loads(re.search(r'id="finrst-comparison">(.*?)</script>', page, re.S).group(1))
labels = [p["label"] for p in data["platforms"]]
assert labels == ["Linux 6.18.44", "FreeBSD 14.3-RELEASE"], labels
fields = {(c["id"], d["field"]): d["values"] for c in data["cells"] for d in c["differences"]}
assert fields[("close-unread/write-first/ipv4", "client_teardown")] == ["RST", "FIN"], fields
assert fields[("linger0/write-loop/ipv4", "server_write_error")] == ["econnreset", "epipe"], fields
assert data["differing"] == 2 and data["compared"] == 4, data
PY
then
	pass "--html: self-contained, with both platforms and the differing fields"
else
	fail "--html: self-contained, with both platforms and the differing fields" "$(cat "$tmp/check")"
fi

# ---- refusals ----

printf '{"format": "something-else", "version": 1, "cells": []}\n' >"$tmp/other.json"
head -c 400 "$linux" >"$tmp/truncated.json"
sed 's/"version": 1/"version": 2/' "$linux" >"$tmp/version2.json"
usage_error "one file only" "compare takes 2 to" compare "$linux"
usage_error "an unknown option" "'--frobnicate'" compare --frobnicate "$linux" "$freebsd"
usage_error "a JSON file that is not finrst results" "$tmp/other.json is not finrst results" \
	compare "$linux" "$tmp/other.json"
usage_error "a truncated file" "$tmp/truncated.json:" compare "$tmp/truncated.json" "$freebsd"
usage_error "a truncated file: said so" "truncated" compare "$tmp/truncated.json" "$freebsd"
usage_error "an unknown version" "$tmp/version2.json is finrst results of version 2" \
	compare "$linux" "$tmp/version2.json"
usage_error "a missing file" "cannot read $tmp/missing.json: No such file or directory" \
	compare "$linux" "$tmp/missing.json"
run compare "$linux" "$tmp/missing.json" --fail-on-diff
if [ "$status" -eq 2 ] && [ ! -s "$tmp/out" ]; then
	pass "a refused file: nothing compared, even with --fail-on-diff"
else
	fail "a refused file: nothing compared, even with --fail-on-diff" "$(seen)"
fi
run compare --help
if [ "$status" -eq 0 ] && grep -q '^usage: finrst compare' "$tmp/out"; then pass "compare --help"; else fail "compare --help" "$(seen)"; fi

# An AddressSanitizer build (make asan) cannot run under valgrind: skip it.
if command -v valgrind >/dev/null 2>&1 && valgrind -q --error-exitcode=99 "$finrst" --version >/dev/null 2>&1; then
	run_command valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
		"$finrst" compare "$linux" "$freebsd" "$linux" --html "$tmp/vg.html"
	if [ "$status" -eq 0 ] && [ ! -s "$tmp/err" ]; then
		pass "valgrind: finrst compare is clean"
	else
		fail "valgrind: finrst compare is clean" "$(seen)"
	fi
else
	echo "skip: valgrind not installed, or cannot run this build (an ASan build): compare's memory is not checked"
fi

helpers_end
