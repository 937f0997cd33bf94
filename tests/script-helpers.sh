# Sourced by the test scripts: counting checks, a temporary directory
# removed at exit, running finrst with its output kept, and the usage-error
# check. A script may define its own run, seen or usage_error after it.
#
#   helpers_begin LABEL [BUILD_DIR]   $finrst (absolute), the counters;
#                                     no finrst binary: FAIL and exit 1
#   helpers_temporary                 $tmp, removed at exit; INT and TERM exit
#   pass NAME / fail NAME [DETAILS] / skip WHY
#   run_command COMMAND...            COMMAND, stdout in $tmp/out, stderr in
#                                     $tmp/err, exit status in $status
#   run ARGS...                       run_command finrst ARGS, prefixed by
#                                     $run_prefix when set (e.g. "env VAR=1")
#   seen                              what the last run said, for a failure
#   expect_status NAME WANTED         the last run exited WANTED
#   have PROGRAM                      PROGRAM is in PATH
#   usage_error NAME TEXT ARGS...     finrst ARGS exits 2 with one line
#                                     "finrst: ...TEXT..." on stderr
#   helpers_end                       "LABEL: N passed, M failed"; exit status

helpers_begin() {
	helpers_label=$1
	build=${2:-build}
	case $build in
	/*) ;;
	*) build=$(pwd)/$build ;;
	esac
	finrst=$build/finrst
	passed=0
	failed=0
	if [ ! -x "$finrst" ]; then
		echo "FAIL no finrst binary at $finrst (run make first)"
		echo "$helpers_label: 0 passed, 1 failed"
		exit 1
	fi
}

helpers_temporary() {
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/finrst-$helpers_label.XXXXXX") || exit 1
	trap 'rm -rf "$tmp"' EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
}

pass() {
	passed=$((passed + 1))
	echo "ok   $1"
}

# fail NAME [DETAILS]: DETAILS, indented, say what was seen.
fail() {
	failed=$((failed + 1))
	echo "FAIL $1"
	if [ -n "$2" ]; then
		printf '%s\n' "$2" | sed 's/^/       /'
	fi
}

skip() {
	echo "skip: $1"
}

run_command() {
	"$@" >"$tmp/out" 2>"$tmp/err"
	status=$?
}

run() {
	# shellcheck disable=SC2086  # the prefix is words on purpose
	run_command $run_prefix "$finrst" "$@"
}

expect_status() {
	if [ "$status" -eq "$2" ]; then pass "$1: exit $2"; else fail "$1: exit $2" "$(seen)"; fi
}

have() {
	command -v "$1" >/dev/null 2>&1
}

seen() {
	echo "exit $status; stderr:"
	cat "$tmp/err"
	echo "stdout (end):"
	tail -n 12 "$tmp/out"
}

usage_error() {
	name=$1 text=$2
	shift 2
	run "$@"
	lines=$(wc -l <"$tmp/err" | tr -d ' ')
	if [ "$status" -ne 2 ]; then
		fail "$name: exit 2" "$(seen)"
	elif [ "$lines" -ne 1 ] || ! grep -q '^finrst: ' "$tmp/err"; then
		fail "$name: one line 'finrst: ...' on stderr" "$(seen)"
	elif ! grep -F -q -- "$text" "$tmp/err"; then
		fail "$name: the message says '$text'" "$(seen)"
	else
		pass "$name"
	fi
}

helpers_end() {
	echo "$helpers_label: $passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}
