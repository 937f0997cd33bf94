# Sourced by the test scripts: counting checks, a temporary directory
# removed at exit, running finrst with its output kept, and the usage-error
# check. A script may define its own run, seen or usage_error after it.
#
#   helpers_begin LABEL [BUILD_DIR]   $finrst (absolute), the counters;
#                                     no finrst binary: FAIL and exit 1
#   helpers_temporary                 $tmp, removed at exit; INT and TERM exit
#   pass NAME / fail NAME [DETAILS] / skip WHY
#   run ARGS...                       finrst ARGS, stdout in $tmp/out, stderr in
#                                     $tmp/err, exit status in $status; prefixed
#                                     by $run_prefix when set (e.g. "env VAR=1")
#   seen                              what the last run said, for a failure
#   usage_error NAME TEXT ARGS...     exit 2 and one line "finrst: ...TEXT..."
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

run() {
	# shellcheck disable=SC2086  # the prefix is words on purpose
	$run_prefix "$finrst" "$@" >"$tmp/out" 2>"$tmp/err"
	status=$?
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
	if [ "$status" -eq 2 ] && [ "$(wc -l <"$tmp/err" | tr -d ' ')" -eq 1 ] &&
		grep -q '^finrst: ' "$tmp/err" && grep -F -q -- "$text" "$tmp/err"; then
		pass "$name"
	else
		fail "$name: exit 2 and one line 'finrst: ...$text...'" "$(seen)"
	fi
}

helpers_end() {
	echo "$helpers_label: $passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}
