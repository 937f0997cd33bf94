#!/bin/sh
# Side workers: a slot's client and server processes run one cell after
# another instead of being forked for each (runners/side_worker.c). What
# must hold: the outcomes are those of sides forked for every cell
# (--fresh-processes), the forks really are saved, and a side that ends its
# process (exit, kill, a crash, a hang killed at the time limit, a failed
# call) leaves the slot's next cell a new worker that runs it as usual.
#
# usage: sh tests/test-side-workers.sh [BUILD_DIR]   (default: build)
# Ends with "side-workers: N passed, M failed".
root=$(cd "$(dirname "$0")/.." && pwd) || exit 2
. "$root/tests/script-helpers.sh"
helpers_begin side-workers "${1:-build}"
helpers_temporary

# Every kind of side: plain socket modes, modes that end their process
# (exit, kill) or fork copies (close-shared, shut-wr-shared), libcurl, an
# external program (curl-tool, in a process of its own either way).
cells='close/*/* close-unread/*/* linger0/*/* exit/*/* kill/*/* close-shared/*/* shut-wr-shared/*/* curl-get/*/*'
if command -v curl >/dev/null 2>&1; then
	cells="$cells curl-tool/*/*"
fi

# ---- the same outcomes as sides forked for every cell ----
# -j 1: one slot, so one pair of workers runs every cell in turn.
# shellcheck disable=SC2086  # the cell filters are words on purpose
run run -j 1 -o "$tmp/workers" $cells
workers_status=$status
# shellcheck disable=SC2086
run run -j 1 -o "$tmp/fresh" --fresh-processes $cells
fresh_status=$status
if [ "$workers_status" -eq 0 ] && [ "$fresh_status" -eq 0 ]; then
	pass "every cell passes or is xfail, with workers and with --fresh-processes"
else
	fail "verdicts" "workers: exit $workers_status, fresh: exit $fresh_status; $(seen)"
fi
run compare --fail-on-diff "$tmp/workers/results.json" "$tmp/fresh/results.json"
if [ "$status" -eq 0 ] && grep -q 'cells in every file have the same outcomes' "$tmp/out"; then
	pass "finrst compare: $(head -1 "$tmp/out" | sed 's/^finrst compare: //')"
else
	fail "workers and --fresh-processes give the same outcomes" "$(seen)"
fi

# ---- the forks are saved: counted by strace, the runner's own ----
# Forks of the runner only (not the workers' copies): strace -f writes one
# line per process, and the runner's pid is the first line's.
# LeakSanitizer cannot run under ptrace: an ASan build's leak check is left
# out of these two runs (make asan checks leaks in every other).
count_runner_forks() { # output-dir [run options]
	out=$1
	shift
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
		strace -f -qq -e trace=clone,clone3,fork,vfork -o "$tmp/strace" "$finrst" run -j 1 -o "$out" "$@" \
		'close/*/*' >/dev/null 2>"$tmp/strace-err" || { echo "the run failed: $(tail -2 "$tmp/strace-err")"; return 1; }
	runner=$(head -1 "$tmp/strace" | cut -d' ' -f1)
	grep -c "^$runner .*clone.*= [0-9]" "$tmp/strace"
}
if ! command -v strace >/dev/null 2>&1; then
	skip "counting forks needs strace (apt-get install strace)"
elif ! strace -f -qq -e trace=clone -o /dev/null true 2>/dev/null; then
	skip "counting forks: strace cannot trace here (ptrace not allowed)"
else
	with_workers=$(count_runner_forks "$tmp/count-workers")
	forked=$(count_runner_forks "$tmp/count-fresh" --fresh-processes)
	cells_run=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["cells"]))' \
		"$tmp/count-fresh/results.json" 2>/dev/null)
	if [ "$with_workers" = 2 ] && [ -n "$cells_run" ] && [ "$forked" = $((cells_run * 2)) ]; then
		pass "close/*/* ($cells_run cells, -j 1): the runner forks 2 processes with workers, $forked with --fresh-processes"
	else
		fail "forks saved" "with workers: '$with_workers' forks (2 expected); --fresh-processes: '$forked' for '$cells_run' cells"
	fi
fi

# ---- a side that ends its process: the next cell gets a new worker ----
# In matrix order at -j 1: the hang (slow: first), killed at the time limit;
# the server crashing; the server exiting with status 3; then a plain cell
# that must pass on the workers forked anew.
run run -j 1 -t 2000 -o "$tmp/ends" -v close/fault-hang/ipv4 close/fault-crash/ipv4 close/fault-exit/ipv4 \
	shut-wr/drain/ipv4
if grep -q '^error close/fault-hang/ipv4 .*timed out after [0-9]* ms: the client and the server were still running (killed)' "$tmp/out" &&
	grep -q '^error close/fault-crash/ipv4 .*the server was killed by signal 11 (Segmentation fault)' "$tmp/out" &&
	grep -q '^error close/fault-exit/ipv4 .*the server gave up (exit status 3)' "$tmp/out" &&
	grep -q '^pass  shut-wr/drain/ipv4' "$tmp/out"; then
	pass "after a hang, a crash and an exit 3, each reported as before, the slot's next cell passes"
else
	fail "sides that end their process" "$(seen)"
fi

helpers_end
