#!/bin/sh
# Cells whose sides hang, crash or give up: the run goes on, each such cell
# is `error` with its cause, and nothing is left behind — no process, no
# descriptor, no network namespace, no temporary file (tests/leftovers.sh).
# Usage: tests/test-faults.sh BUILD_DIR
. "$(dirname "$0")/script-helpers.sh"
helpers_begin faults "${1:-build}"
helpers_temporary

. "$(dirname "$0")/leftovers.sh"

leftovers_start faults "$finrst" run -o "$tmp/out" -t 500 \
	'fault-hang/drain/ipv4' 'close/fault-hang/ipv6' 'fault-crash/drain/ipv4' \
	'close/fault-crash/ipv4' 'fault-exit/drain/ipv6' 'close/fault-exit/ipv4' 'close/drain/ipv4'
leftovers_wait 60
status=$watched_status
cp "$watched_stdout" "$tmp/stdout"

if [ "$status" -eq 1 ]; then pass "a run with faulty cells exits 1"; else fail "exit status" "got $status, expected 1"; fi

expect_error() { # cell, text the error must contain
	if grep -q "^error $1 .*$2" "$tmp/stdout"; then pass "$1: error, $2"
	else fail "$1" "expected 'error ... $2' in: $(grep " $1 " "$tmp/stdout")"; fi
}
expect_error 'fault-hang/drain/ipv4' 'timed out after [0-9]* ms: the client and the server were still running'
expect_error 'close/fault-hang/ipv6' 'timed out after [0-9]* ms'
expect_error 'fault-crash/drain/ipv4' 'the client was killed by signal 11'
expect_error 'close/fault-crash/ipv4' 'the server was killed by signal 11'
expect_error 'fault-exit/drain/ipv6' 'the client gave up (exit status 3)'
expect_error 'close/fault-exit/ipv4' 'the server gave up (exit status 3)'

if grep -q '7 cells in .* 1 pass, 0 fail, 0 xfail, 0 skip, 6 error' "$tmp/stdout"; then
	pass "the healthy cell beside them still passes"
else
	fail "the healthy cell beside them" "$(grep 'cells in' "$tmp/stdout")"
fi

if python3 tests/check-results-json.py "$tmp/out/results.json" > "$tmp/check" 2>&1; then
	pass "results.json of a faulty run is well formed"
else
	fail "results.json of a faulty run" "$(cat "$tmp/check")"
fi

# What a hung side did before it was killed is still reported.
if python3 - "$tmp/out/results.json" <<'PY'
import json, sys
cells = {c["id"]: c for c in json.load(open(sys.argv[1]))["cells"]}
hung = cells["fault-hang/drain/ipv4"]
calls = [c["call"] for c in hung["calls"]["client"]]
sys.exit(0 if "@hang" in calls and "connect" in calls and hung["segments"] else 1)
PY
then pass "a hung cell keeps its calls and segments up to the hang"
else fail "a hung cell's evidence" "calls or segments missing"; fi

leftovers_check "a run with faulty cells" "$tmp/out"

helpers_end
