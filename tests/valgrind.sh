#!/bin/sh
# finrst's own memory under valgrind: the decoder, expectation and report
# unit tests, the runner through a small run, then `finrst report` (summary,
# JUnit XML and HTML) of the results of a real run and of the hand-written
# fixtures. A check passes when
# valgrind found no invalid access, no use of unset memory and no definite or
# indirect leak, and the program itself succeeded. Runs from the repository
# root, as tests/run-tests.sh does. Ends with "valgrind: N passed, M failed".
#
# usage: sh tests/valgrind.sh [BUILD_DIR [VALGRIND_COMMAND]]
#        (default: build, and valgrind --error-exitcode=1 --leak-check=full
#        --errors-for-leak-kinds=definite,indirect)
build=${1:-build}
valgrind=${2:-valgrind --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,indirect}
root=$(cd "$(dirname "$0")/.." && pwd) || exit 2
case $build in
/*) ;;
*) build=$(pwd)/$build ;;
esac
cd "$root" || exit 2
finrst=$build/finrst
passed=0
failed=0
checks=0

if ! command -v valgrind >/dev/null 2>&1; then
	echo "finrst: valgrind is not installed (apt-get install valgrind)"
	exit 2
fi
# An AddressSanitizer build (make asan) cannot run under valgrind.
if ! valgrind -q --error-exitcode=99 "$finrst" --version >/dev/null 2>&1; then
	echo "finrst: $finrst does not run under valgrind (missing, or built with a sanitizer): run make first"
	exit 2
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/finrst-valgrind.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# check NAME STATUS COMMAND...: COMMAND under valgrind exits STATUS, and
# valgrind's report (in $tmp) has no error. The program's own exit 1 and
# valgrind's are told apart by the report's ERROR SUMMARY.
check() {
	name=$1
	wanted=$2
	shift 2
	checks=$((checks + 1))
	log=$tmp/valgrind-$checks.log
	$valgrind --log-file="$log" "$@" >"$tmp/out" 2>&1
	status=$?
	errors=$(sed -n 's/.*ERROR SUMMARY: \([0-9]*\) errors.*/\1/p' "$log" | tail -1)
	leaks=$(grep -E '(definitely|indirectly) lost: [1-9]' "$log" | sed 's/^==[0-9]*== *//' | tr '\n' ';')
	if [ "${errors:-?}" = 0 ] && [ "$status" -eq "$wanted" ]; then
		passed=$((passed + 1))
		echo "ok   $name: $(grep -E 'in use at exit|All heap blocks were freed' "$log" | head -1 | sed 's/^==[0-9]*== *//')"
	else
		failed=$((failed + 1))
		echo "FAIL $name: exit $status, ${errors:-no} valgrind errors ${leaks:+($leaks)}"
		grep -E -A12 '^==[0-9]+== (Invalid|Conditional|Use of|Syscall param|[0-9,]+ .*(definitely|indirectly) lost)' "$log" |
			head -60 | sed 's/^/       /'
		if [ "$status" -ne "$wanted" ] && [ "${errors:-?}" = 0 ]; then
			echo "       expected exit $wanted; the program said:"
			tail -20 "$tmp/out" | sed 's/^/       /'
		fi
	fi
}

for program in test_segments test_expectations test_reports; do
	if [ -x "$build/tests/$program" ]; then
		check "$program" 0 "$build/tests/$program"
	else
		failed=$((failed + 1))
		echo "FAIL $program: no $build/tests/$program (run make first)"
	fi
done

# The results of a real run, not under valgrind: the run forks and captures.
if "$finrst" run -o "$tmp/run" 'close/*' 'linger0/*' >"$tmp/run.out" 2>&1 && [ -f "$tmp/run/results.json" ]; then
	check "finrst report of a real run ($(grep -c '"id"' "$tmp/run/results.json") cells)" 0 \
		"$finrst" report "$tmp/run/results.json" --junit "$tmp/run/junit.xml" --html "$tmp/run/index.html"
else
	failed=$((failed + 1))
	echo "FAIL finrst run close/* linger0/*: exit 0 with results.json"
	tail -5 "$tmp/run.out" | sed 's/^/       /'
fi
# The runner itself through a run: side workers, a libcurl client, the
# external clients started by platform_spawn, the Python interpreter's
# lookup. Only cells whose sides return: a side process that ends (the exit
# and kill modes, a mode's forked copy) has valgrind scan the runner's
# memory it was not given (MADV_DONTFORK) for leaks, a fault per word, and
# times out.
check "finrst run: workers, libcurl, spawned programs, the interpreter's lookup" 0 \
	"$finrst" run -o "$tmp/valgrind-run" 'close/drain/*' 'curl-get/http-close/ipv4' 'curl-tool/http-close/ipv4' \
	'python-http-client/http-close/ipv4'
# Hand-written results: hostile strings in every field (a failed cell among
# them, hence exit 1), another platform's fields.
check "finrst report tests/fixtures/hostile-results.json" 1 \
	"$finrst" report tests/fixtures/hostile-results.json --junit "$tmp/hostile.xml" --html "$tmp/hostile.html"
check "finrst report tests/fixtures/results-freebsd.json" 0 \
	"$finrst" report tests/fixtures/results-freebsd.json --junit "$tmp/freebsd.xml" --html "$tmp/freebsd.html"

echo "valgrind: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
