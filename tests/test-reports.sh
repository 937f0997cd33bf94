#!/bin/sh
# Tests of the reports: a small real run writes JUnit XML and HTML, which are
# validated (xmllint against Jenkins' JUnit schema), read back by independent
# consumers (tests/check-junit-xml.py, tests/check-html-report.py) and
# rendered again, identically, by `finrst report`; a results file of hostile
# strings (tests/fixtures/hostile-results.json) must come out escaped in
# every report; the terminal shows one progress line on a terminal and plain
# lines on a pipe or in CI, then failures grouped by mode; `finrst report`
# refuses what is not finrst results with one line and exit 2; and, where
# valgrind is installed, the report writers leak and misread nothing.
#
# usage: sh tests/test-reports.sh [BUILD_DIR]   (default: build). Ends with
# "reports: N passed, M failed".

build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
schema=$root/../shared/reference/junit-10.xsd
hostile=$root/tests/fixtures/hostile-results.json
check_junit=$root/tests/check-junit-xml.py
check_html=$root/tests/check-html-report.py

. "$root/tests/script-helpers.sh"
helpers_begin reports "$build"

helpers_temporary

# validate NAME XML: well-formed, and valid against the JUnit schema when it is there.
validate() {
	if ! have xmllint; then
		skip "xmllint not installed (apt-get install libxml2-utils): $1 not validated"
		return
	fi
	if [ ! -f "$schema" ]; then
		skip "no JUnit schema at $schema: $1 only checked for well-formedness"
		if xmllint --noout "$2" 2>"$tmp/xmllint"; then pass "$1: well-formed XML"; else fail "$1: well-formed XML" "$(cat "$tmp/xmllint")"; fi
		return
	fi
	if xmllint --noout --schema "$schema" "$2" >"$tmp/xmllint" 2>&1; then
		pass "$1: valid against junit-10.xsd ($(cat "$tmp/xmllint"))"
	else
		fail "$1: valid against junit-10.xsd" "$(cat "$tmp/xmllint")"
	fi
}

# python_check NAME SCRIPT ARGS...: the checker prints its verdict and exits 0.
python_check() {
	name=$1
	shift
	if ! have python3; then
		skip "python3 not installed: $name not checked"
	elif python3 "$@" >"$tmp/check" 2>&1; then
		pass "$name: $(tail -1 "$tmp/check")"
	else
		fail "$name" "$(cat "$tmp/check")"
	fi
}

# ---- a small real run: JUnit XML and HTML ----

out=$tmp/run
run run -o "$out" --junit "$out/junit.xml" --html "$out/index.html" 'close/*' 'linger0/*'
expect_status "run close/* linger0/* --junit --html" 0
for file in results.json junit.xml index.html; do
	if [ -s "$out/$file" ]; then pass "run: $file written"; else fail "run: $file written" "$(seen)"; fi
done
if grep -q "written: results $out/results.json, JUnit $out/junit.xml, HTML $out/index.html" "$tmp/out"; then
	pass "run: the summary says where the reports were written"
else
	fail "run: the summary says where the reports were written" "$(cat "$tmp/out")"
fi
validate "run: junit.xml" "$out/junit.xml"
python_check "run: junit.xml read back" "$check_junit" "$out/junit.xml" "$out/results.json"
python_check "run: index.html" "$check_html" "$out/index.html" "finrst-results=$out/results.json" --pcaps-exist
# The report's readers may be other users (a CI server's): what it links is
# readable by them as the report is (mkstemp alone would leave 0600).
private=$(find "$out" -type f ! -perm -0444 | head -3)
if [ -z "$private" ] && [ -n "$(find "$out/pcaps" -name '*.pcap')" ]; then
	pass "run: results, reports and pcaps are readable by every user"
else
	fail "run: results, reports and pcaps readable by every user" "$(ls -l $private 2>&1)"
fi

# ---- finrst report renders the same reports again from results.json ----

run report "$out/results.json" --junit "$out/again.xml" --html "$out/again.html"
expect_status "report results.json" 0
if cmp -s "$out/junit.xml" "$out/again.xml" && cmp -s "$out/index.html" "$out/again.html"; then
	pass "report: the same JUnit XML and HTML as the run wrote"
else
	fail "report: the same JUnit XML and HTML as the run wrote" "$(diff "$out/junit.xml" "$out/again.xml" | head -20)"
fi
run report "$out/results.json" --html "$tmp/elsewhere/deeper/report.html"
expect_status "report --html into a new directory" 0
python_check "report: the pcap links of a page written elsewhere" "$check_html" "$tmp/elsewhere/deeper/report.html" --pcaps-exist

# ---- a failing cell and an error cell in JUnit ----

# An expectation table that is wrong for close/drain/ipv4 makes it fail.
cp "$root/suite/expectations/linux.exp" "$tmp/wrong.exp"
printf '\n[close/drain/ipv4]\nclient_teardown = RST\nreference = TEST-WRONG-REFERENCE\n' >>"$tmp/wrong.exp"
bad=$tmp/bad
run_command env CI=true "$finrst" run -o "$bad" -t 2000 -e "$tmp/wrong.exp" --junit "$bad/junit.xml" \
	'close/drain/ipv4' 'close/fault-exit/ipv4' 'close/write-first/ipv4'
expect_status "run with a failing and an error cell" 1
validate "failing run: junit.xml" "$bad/junit.xml"
python_check "failing run: junit.xml read back" "$check_junit" "$bad/junit.xml" "$bad/results.json"
if grep -q 'message="client_teardown: expected RST, actual FIN (TEST-WRONG-REFERENCE)"' "$bad/junit.xml"; then
	pass "failing run: <failure message> gives expected, actual and the reference"
else
	fail "failing run: <failure message> gives expected, actual and the reference" "$(grep -A3 '<failure' "$bad/junit.xml")"
fi
if grep -q '<error message="the server gave up (exit status 3)' "$bad/junit.xml"; then
	pass "failing run: the cell that could not run is <error> with its cause"
else
	fail "failing run: the cell that could not run is <error> with its cause" "$(grep -B1 -A2 '<error' "$bad/junit.xml")"
fi
# The summary: failures grouped by mode, each with its cause.
if grep -q '^failures by mode:' "$tmp/out" && grep -q '^  close: 1 fail, 1 error$' "$tmp/out" &&
	grep -q '^    drain/ipv4 .* fail  client_teardown: expected RST, actual FIN$' "$tmp/out" &&
	grep -q '^    fault-exit/ipv4 .* error the server gave up' "$tmp/out"; then
	pass "failing run: the summary groups the failures by mode"
else
	fail "failing run: the summary groups the failures by mode" "$(cat "$tmp/out")"
fi

# ---- the terminal: a progress line on a terminal, plain lines elsewhere ----

if grep -q "$(printf '\033')" "$tmp/out"; then
	fail "CI=true: plain lines, no terminal control" "$(cat -A "$tmp/out" | head)"
else
	pass "CI=true: plain lines, no terminal control"
fi
run run -o "$tmp/piped" 'close/*'
if grep -q '^finrst: 18/18 cells done, 0 failed' "$tmp/out" && ! grep -q "$(printf '\r')" "$tmp/out"; then
	pass "on a pipe: plain count lines"
else
	fail "on a pipe: plain count lines" "$(cat -A "$tmp/out" | head)"
fi
if have script && script -qec true /dev/null >/dev/null 2>&1; then
	env -u CI TERM=xterm script -qec "'$finrst' run -o '$tmp/tty' 'close/*'" /dev/null >"$tmp/tty.out" 2>&1
	if grep -q "$(printf '\r\033')\[K\[18/18\] 0 failed" "$tmp/tty.out" && ! grep -q 'cells done' "$tmp/tty.out"; then
		pass "on a terminal: one progress line rewritten in place"
	else
		fail "on a terminal: one progress line rewritten in place" "$(cat -A "$tmp/tty.out" | head)"
	fi
	env CI=1 TERM=xterm script -qec "'$finrst' run -o '$tmp/tty' 'close/*'" /dev/null >"$tmp/tty.out" 2>&1
	if grep -q 'cells done' "$tmp/tty.out" && ! grep -q "$(printf '\033')\[K" "$tmp/tty.out"; then
		pass "on a terminal with CI set: plain lines"
	else
		fail "on a terminal with CI set: plain lines" "$(cat -A "$tmp/tty.out" | head)"
	fi
else
	skip "no script(1) to give finrst a terminal: the progress line is not checked"
fi

# ---- hostile strings: every report escapes them ----

h=$tmp/hostile
run report "$hostile" --junit "$h/junit.xml" --html "$h/index.html"
expect_status "report hostile-results.json (it holds a fail and an error)" 1
if tr -d '\n\t' <"$tmp/out" | LC_ALL=C grep -q '[[:cntrl:]]'; then
	fail "hostile: the terminal summary holds no control character" "$(cat -A "$tmp/out")"
else
	pass "hostile: the terminal summary holds no control character"
fi
validate "hostile: junit.xml" "$h/junit.xml"
python_check "hostile: junit.xml read back, strings exact" "$check_junit" "$h/junit.xml" "$hostile"
if grep -q '<img' "$h/junit.xml" || grep -q '</script>' "$h/junit.xml"; then
	fail "hostile: junit.xml holds no raw markup from the results" "$(grep -n '<img\|</script>' "$h/junit.xml")"
else
	pass "hostile: junit.xml holds no raw markup from the results"
fi
python_check "hostile: index.html" "$check_html" "$h/index.html" "finrst-results=$hostile"

# ---- finrst report refuses what it cannot read ----

printf '{"hello": "world"}\n' >"$tmp/other.json"
head -c 300 "$hostile" >"$tmp/truncated.json"
sed 's/"version": 1/"version": 99/' "$hostile" >"$tmp/version99.json"
: >"$tmp/regular-file"
usage_error "report without a file" "report takes one results file" report
usage_error "report with two files" "report takes one results file" report "$hostile" "$hostile"
usage_error "report: unknown option" "'--frobnicate'" report --frobnicate "$hostile"
usage_error "report: a missing file" "cannot read $tmp/missing.json: No such file or directory" \
	report "$tmp/missing.json"
usage_error "report: not finrst results" "$tmp/other.json is not finrst results" report "$tmp/other.json"
usage_error "report: a truncated file" "$tmp/truncated.json:" report "$tmp/truncated.json"
usage_error "report: an unknown version" "version 99" report "$tmp/version99.json"
usage_error "report --junit under a regular file" "cannot write $tmp/regular-file/junit.xml" \
	report "$hostile" --junit "$tmp/regular-file/junit.xml"
usage_error "report --html onto a directory" "cannot write $tmp: Is a directory" \
	report "$hostile" --html "$tmp"
usage_error "run --junit under a regular file, before running" "cannot write $tmp/regular-file/j.xml" \
	run -o "$tmp/unused" --junit "$tmp/regular-file/j.xml" 'close/drain/ipv4'
if [ -e "$tmp/unused" ]; then fail "run with a bad --junit path ran nothing" "$tmp/unused exists"; else pass "run with a bad --junit path ran nothing"; fi

# ---- memory: the report writers under valgrind ----

# An AddressSanitizer build (make asan) cannot run under valgrind: skip it.
if have valgrind && valgrind -q --error-exitcode=99 "$finrst" --version >/dev/null 2>&1; then
	run_command valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
		"$finrst" report "$hostile" --junit "$tmp/vg.xml" --html "$tmp/vg.html"
	if [ "$status" -eq 1 ] && [ ! -s "$tmp/err" ]; then
		pass "valgrind: finrst report hostile-results.json is clean"
	else
		fail "valgrind: finrst report hostile-results.json is clean" "$(seen)"
	fi
	run_command valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
		"$finrst" report "$out/results.json" --junit "$tmp/vg.xml" --html "$tmp/vg.html"
	if [ "$status" -eq 0 ] && [ ! -s "$tmp/err" ]; then
		pass "valgrind: finrst report of the real run is clean"
	else
		fail "valgrind: finrst report of the real run is clean" "$(seen)"
	fi
	run_command valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
		"$finrst" report "$tmp/truncated.json"
	if [ "$status" -eq 2 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ]; then
		pass "valgrind: finrst report refusing a truncated file is clean"
	else
		fail "valgrind: finrst report refusing a truncated file is clean" "$(seen)"
	fi
else
	skip "valgrind not installed, or cannot run this build (an ASan build): the report writers' memory is not checked"
fi

helpers_end
