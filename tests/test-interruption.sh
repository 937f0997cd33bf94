#!/bin/sh
# Ctrl-C (SIGINT) and SIGTERM in the middle of a run: the running cell is
# killed and reported as `error`, the cell not yet started as `skip` with the
# reason, results.json is written and marked incomplete, the exit status is
# 128 plus the signal's number, and nothing is left behind (tests/leftovers.sh).
# Usage: tests/test-interruption.sh BUILD_DIR
. "$(dirname "$0")/script-helpers.sh"
helpers_begin interruption "${1:-build}"
helpers_temporary

. "$(dirname "$0")/leftovers.sh"

# The hung cell comes first in the matrix's order and, with -j 1, holds the
# only slot until its time limit (30 s): once three processes carry the
# marker (the runner and the hung cell's two sides), the signal lands while
# that cell runs and before the other one starts.
wait_for_hung_cell() {
	tries=0
	while [ "$(leftovers_marked | wc -l)" -lt 3 ]; do
		tries=$((tries + 1))
		if [ "$tries" -gt 200 ] || ! kill -0 "$watched_pid" 2>/dev/null; then
			return 1
		fi
		sleep 0.05
	done
	leftovers_note_namespaces
}

for signal in INT TERM; do
	case $signal in INT) number=2 ;; TERM) number=15 ;; esac
	name="SIG$signal"
	out="$tmp/out-$signal"
	leftovers_start "interrupted-by-$signal" "$finrst" run -j 1 -t 30000 -o "$out" \
		'close/fault-hang/ipv4' 'shut-wr/drain/ipv4'
	if ! wait_for_hung_cell; then
		fail "$name" "the hung cell never started: $(cat "$watched_stdout" "$watched_stderr")"
		kill -KILL "$watched_pid" 2>/dev/null
		leftovers_wait 10
		continue
	fi
	kill -s "$signal" "$watched_pid"
	leftovers_wait 20
	# The hung cell's time limit is 30 s: a runner that noticed the signal
	# only at its next event would take that long.
	if [ "$watched_seconds" -le 5 ]; then
		pass "$name: the run ends at once ($watched_seconds s after the signal)"
	else
		fail "$name: the run ends at once" "it took $watched_seconds s after the signal"
	fi
	if [ "$watched_status" -eq $((128 + number)) ]; then
		pass "$name: exit status $watched_status (128 + $number)"
	else
		fail "$name: exit status" "got $watched_status, expected $((128 + number)); $(tail -3 "$watched_stderr")"
	fi
	if python3 - "$out/results.json" "$name" > "$tmp/check" 2>&1 <<'PY'
import json, sys
path, name = sys.argv[1], sys.argv[2]
results = json.load(open(path))
run = results["run"]
cells = {c["id"]: c for c in results["cells"]}
problems = []
if run.get("complete") is not False or run.get("interrupted_by") != name:
    problems.append("run: complete %r, interrupted_by %r" % (run.get("complete"), run.get("interrupted_by")))
hung = cells.get("close/fault-hang/ipv4", {})
if hung.get("verdict") != "error" or hung.get("error") != "interrupted by " + name:
    problems.append("the running cell: %r %r" % (hung.get("verdict"), hung.get("error")))
waiting = cells.get("shut-wr/drain/ipv4", {})
if waiting.get("verdict") != "skip" or waiting.get("error") != "not run: the run was interrupted by " + name:
    problems.append("the cell not started: %r %r" % (waiting.get("verdict"), waiting.get("error")))
print("; ".join(problems))
sys.exit(1 if problems else 0)
PY
	then
		pass "$name: the running cell is error, the next skip, the results marked incomplete"
	else
		fail "$name: results.json" "$(cat "$tmp/check")"
	fi
	if python3 tests/check-results-json.py "$out/results.json" > "$tmp/check" 2>&1; then
		pass "$name: results.json of an interrupted run is well formed"
	else
		fail "$name: results.json of an interrupted run" "$(cat "$tmp/check")"
	fi
	leftovers_check "$name" "$out"
done

helpers_end
