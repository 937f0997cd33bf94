#!/bin/sh
# finrst run --client-cmd: a real program in place of finrst's client. It
# runs without a shell with {host} {port} {url} substituted, the wire and
# the server's calls are judged, and what goes wrong is said: a program that
# is not there (exit 2 at once), one that cannot run (127: its cell is
# error, the run exits 2), one that exits without connecting (error at once,
# not at the time limit), command lines that are not commands (exit 2).
# And the shipped Python client: the interpreter python3 names, found once
# per run, or FINRST_PYTHON, a slow lookup holding up only the cells that
# need it (and not Ctrl-C); a program that finishes while the runner is
# paused is still seen to have connected; a program leads its own process
# group, dies with a runner killed by SIGKILL, and has SIGPIPE at its
# default, as a shell would start it.
#
# usage: sh tests/test-client-cmd.sh [BUILD_DIR]   (default: build)
# Ends with "client-cmd: N passed, M failed".
root=$(cd "$(dirname "$0")/.." && pwd) || exit 2
. "$root/tests/script-helpers.sh"
helpers_begin client-cmd "${1:-build}"
helpers_temporary

# ---- command lines that are not commands, programs that are not there ----
usage_error "an empty --client-cmd" "finrst: --client-cmd: the command is empty" \
	run -o "$tmp/unused" --client-cmd '' 'client-cmd/*'
usage_error "a --client-cmd with an unclosed quote" "finrst: --client-cmd: unclosed quote" \
	run -o "$tmp/unused" --client-cmd "printf '%s {port}" 'client-cmd/*'
usage_error "a program that is not installed: exit 2 at once, naming it" \
	"finrst: --client-cmd: no program 'finrst-no-such-client' in PATH" \
	run -o "$tmp/unused" --client-cmd 'finrst-no-such-client {host} {port}' 'client-cmd/*'

# ---- a program that cannot run: env finds nothing, exits 127 ----
run run -o "$tmp/cannot" --client-cmd 'env PATH=/usr/bin:/bin finrst-no-such-client {port}' 'client-cmd/http-close/ipv4'
if [ "$status" -eq 2 ] && grep -q 'error .*the client program could not be run (exit status 127)' "$tmp/out" &&
	grep -q '^finrst: client-cmd/http-close/ipv4: the client program could not be run (exit status 127)' "$tmp/err"; then
	pass "a program that exits 127: its cell is error, and the run exits 2 naming it"
else
	fail "a program that exits 127: cell error and exit 2" "$(seen)"
fi

# ---- a program that exits without connecting: error at once ----
started=$(date +%s)
run run -o "$tmp/early" -t 30000 --client-cmd 'false {host} {port}' 'client-cmd/http-keepalive/*'
took=$(($(date +%s) - started))
if [ "$status" -eq 1 ] && [ "$(grep -c 'error .*the client program exited (status 1) without connecting: no segment to port [0-9]* was seen' "$tmp/out")" -ge 2 ] &&
	[ "$took" -lt 10 ]; then
	pass "a program that exits without connecting: both cells error at once (${took} s of a 30 s limit)"
else
	fail "a program that exits without connecting: error at once" "took ${took} s; $(seen)"
fi

# ---- no shell: a ; and a > are arguments, not commands ----
run run -o "$tmp/noshell" -t 5000 --client-cmd "sh -c 'exit 0' ; touch $tmp/made-by-a-shell > $tmp/redirected" \
	'client-cmd/http-close/ipv4'
if [ ! -e "$tmp/made-by-a-shell" ] && [ ! -e "$tmp/redirected" ]; then
	pass "no shell: ';' and '>' reach the program as words (no file made)"
else
	fail "no shell: a shell ran the command line" "$(ls "$tmp")"
fi

# ---- the program starts as a shell starts it: SIGPIPE not ignored ----
# (finrst's own sides ignore it; a client that does not handle it must die
# of it here as anywhere else.)
if ! command -v curl >/dev/null 2>&1; then
	skip "SIGPIPE at its default in the program: curl is not installed"
else
	run run -o "$tmp/sigpipe" \
		--client-cmd "sh -c 'grep ^SigIgn: /proc/\$\$/status > $tmp/sigign; exec curl -s -o /dev/null \"\$0\"' {url}" \
		'client-cmd/http-close/ipv4'
	ignored=$(awk '{print $2}' "$tmp/sigign" 2>/dev/null)
	if [ "$status" -le 1 ] && [ -n "$ignored" ] && [ $((0x$ignored & 0x1000)) -eq 0 ]; then
		pass "the program's SIGPIPE is at its default (ignored signals: 0x$ignored)"
	else
		fail "the program's SIGPIPE is at its default" "ignored signals: '$ignored'; $(seen)"
	fi
fi

# ---- a real client: curl, placeholders substituted, judged on the wire ----
if ! command -v curl >/dev/null 2>&1; then
	skip "curl is not installed: a real client is not run"
else
	run run -o "$tmp/curl" --client-cmd 'curl -s -o /dev/null --max-time 20 {url}' 'client-cmd/http-*/*'
	if [ "$status" -eq 0 ] && grep -q ' 0 fail, .* 0 error' "$tmp/out"; then
		pass "curl {url} against the HTTP patterns: every cell passes or xfails (exit 0)"
	else
		fail "curl {url} against the HTTP patterns: every cell passes" "$(seen)"
	fi
	if command -v python3 >/dev/null 2>&1 && python3 - "$tmp/curl/results.json" >"$tmp/check" 2>&1 <<'EOF'
import json, sys
cells = json.load(open(sys.argv[1]))["cells"]
assert cells, "no cell ran"
for cell in cells:
    calls = cell["calls"]["client"]
    assert calls[0]["call"] == "exec" and calls[0]["detail"] == "curl (its calls are not observed)", calls[0]
    assert any(s["flags"] == "SYN" and s["from"] == "client" for s in cell["segments"]), cell["id"]
    assert cell["outcome"]["client_teardown"] in ("FIN", "RST", "FIN RST"), cell["outcome"]
print(len(cells), "cells")
EOF
	then
		pass "curl {url}: $(cat "$tmp/check"), each with curl's exec, its SYN and its teardown on the wire"
	else
		fail "curl {url}: results.json shows the program and the wire" "$(cat "$tmp/check")"
	fi
fi

# ---- the shipped Python client: its interpreter, found once, or FINRST_PYTHON ----
# Each cell's exec names the interpreter: the one python3 in PATH names for
# itself (through a pyenv shim, the real one), or FINRST_PYTHON as given.
python_exec() { # results.json: the distinct exec details of the client
	python3 -c 'import json,sys; print("|".join(sorted({c["calls"]["client"][0]["detail"] for c in json.load(open(sys.argv[1]))["cells"]})))' "$1"
}
if ! command -v python3 >/dev/null 2>&1; then
	skip "the shipped Python client: python3 is not installed"
else
	real=$(python3 -I -S -c 'import sys; print(sys.executable)')
	run run -o "$tmp/python" 'python-http-client/http-keepalive/*'
	if [ "$status" -eq 0 ] && [ "$(python_exec "$tmp/python/results.json")" = "$real (its calls are not observed)" ]; then
		pass "python-http-client runs $real, the interpreter python3 names (found once for the run)"
	else
		fail "python-http-client runs the interpreter python3 names ($real)" \
			"exit $status, exec: $(python_exec "$tmp/python/results.json" 2>&1)"
	fi
	run_prefix="env FINRST_PYTHON=$real"
	run run -o "$tmp/python-chosen" 'python-http-client/http-keepalive/*'
	if [ "$status" -eq 0 ] && [ "$(python_exec "$tmp/python-chosen/results.json")" = "$real (its calls are not observed)" ]; then
		pass "FINRST_PYTHON=$real: the cells run it and pass"
	else
		fail "FINRST_PYTHON names the interpreter" "exit $status, exec: $(python_exec "$tmp/python-chosen/results.json" 2>&1)"
	fi
	run_prefix="env FINRST_PYTHON=/nonexistent/python3"
	run run -o "$tmp/python-missing" 'python-http-client/http-keepalive/ipv4'
	if [ "$status" -eq 2 ] && grep -q 'error .*the client program could not be run (exit status 127)' "$tmp/out"; then
		pass "FINRST_PYTHON=/nonexistent/python3: the cell is error (exit status 127) and the run exits 2"
	else
		fail "a FINRST_PYTHON that cannot run" "$(seen)"
	fi
	# A lookup that takes 3 s (a python3 in PATH that sleeps first) holds up
	# only its own cell: with -j 1 the curl tool's cells, after it in the
	# matrix's order, run while it waits. When each cell ran shows in its
	# pcap's first timestamp.
	if command -v curl >/dev/null 2>&1; then
		mkdir -p "$tmp/slow-python"
		printf '#!/bin/sh\nsleep 3\nexec %s "$@"\n' "$real" >"$tmp/slow-python/python3"
		chmod +x "$tmp/slow-python/python3"
		run_prefix="env PATH=$tmp/slow-python:$PATH"
		run run -o "$tmp/slow-lookup" -j 1 'python-http-client/http-close/ipv4' 'curl-tool/http-close/*'
		order=$(python3 - "$tmp/slow-lookup" <<'PY' 2>&1
import json, os, struct, sys
directory = sys.argv[1]
cells = json.load(open(os.path.join(directory, "results.json")))["cells"]
def first_frame(cell):
    with open(os.path.join(directory, cell["pcap"]), "rb") as f:
        f.read(24)
        seconds, microseconds = struct.unpack("<II", f.read(8))
    return seconds + microseconds / 1e6
print(" ".join(c["id"] for c in sorted(cells, key=first_frame)))
PY
)
		if [ "$status" -eq 0 ] && [ "$order" = "curl-tool/http-close/ipv4 curl-tool/http-close/ipv6 python-http-client/http-close/ipv4" ] &&
			[ "$(python_exec "$tmp/slow-lookup/results.json" | tr '|' '\n' | grep -c "^$real ")" -eq 1 ]; then
			pass "a lookup that takes 3 s: the curl tool's cells run meanwhile, then the Python cell runs $real"
		else
			fail "a slow lookup holds up only its own cell" "order: $order; $(seen)"
		fi
		# Ctrl-C while the run has nothing left but to wait for the lookup:
		# it ends at once, and the shim's processes go with it.
		. "$root/tests/leftovers.sh"
		leftovers_start lookup-interrupted env PATH="$tmp/slow-python:$PATH" "$finrst" run \
			-o "$tmp/lookup-interrupted" 'python-http-client/http-close/ipv4'
		sleep 1
		kill -INT "$watched_pid"
		leftovers_wait 20
		if [ "$watched_status" -eq 130 ] && [ "$watched_seconds" -le 1 ]; then
			pass "SIGINT while only the slow lookup is awaited: exit 130 at once ($watched_seconds s)"
		else
			fail "SIGINT while only the slow lookup is awaited: exit 130 at once" \
				"status $watched_status after $watched_seconds s; $(tail -3 "$watched_stderr")"
		fi
		leftovers_check "SIGINT while only the slow lookup is awaited" "$tmp/lookup-interrupted"
	else
		skip "a slow lookup: curl is not installed"
	fi
	run_prefix=""
fi

# ---- a runner stopped between readings: the capture is read after the exits ----
# A client program that connects, finishes and exits while the runner is not
# running (FINRST_TEST_RUNNER_PAUSE_MS: 200 ms after each reading of the
# capture, as a loaded machine may preempt it) must still be seen to have
# connected: its frames are read after its exit is. Read the other way
# round, these cells were "exited (status 0) without connecting".
if command -v curl >/dev/null 2>&1; then
	run_prefix="env FINRST_TEST_RUNNER_PAUSE_MS=200"
	run run -o "$tmp/paused" 'curl-tool/http-close/*' 'curl-tool/http-keepalive/*'
	run_prefix=""
	if [ "$status" -eq 0 ] && ! grep -q 'without connecting' "$tmp/out"; then
		pass "a runner paused 200 ms after each capture reading: the curl tool's 4 cells pass"
	else
		fail "a paused runner still sees the program connect" "$(seen)"
	fi
else
	skip "a paused runner: curl is not installed"
fi

# ---- the program is started without a fork of the runner (on Linux a
# vfork clone), yet it leads a process group of its own, which the time
# limit kills whole, and it dies with a runner killed by SIGKILL ----
. "$root/tests/leftovers.sh"
leftovers_start spawned-group "$finrst" run -o "$tmp/group" -t 500 \
	--client-cmd "sh -c 'sleep 30 & sleep 30' {port}" 'client-cmd/http-close/ipv4'
leftovers_wait 20
if [ "$watched_status" -eq 1 ] && grep -q 'error .*timed out after [0-9]* ms' "$watched_stdout"; then
	pass "a program that hangs with a child of its own: error at the time limit"
else
	fail "a program that hangs with a child: error at the time limit" \
		"status $watched_status; $(tail -3 "$watched_stdout" "$watched_stderr")"
fi
leftovers_check "a program that hangs with a child, killed with its group" "$tmp/group"

leftovers_start spawned-orphan "$finrst" run -o "$tmp/orphan" -t 30000 --client-cmd 'sleep 30 {port}' \
	'client-cmd/http-close/ipv4'
tries=0
while ! for pid in $(leftovers_marked); do cat "/proc/$pid/comm" 2>/dev/null; done | grep -qx sleep; do
	tries=$((tries + 1))
	[ "$tries" -gt 200 ] && break
	sleep 0.05
done
kill -KILL "$watched_pid"
leftovers_wait 10
tries=0
while [ -n "$(leftovers_marked)" ] && [ "$tries" -lt 40 ]; do   # SIGKILL from the kernel is not instant
	tries=$((tries + 1))
	sleep 0.05
done
left=$(leftovers_marked)
if [ -z "$left" ]; then
	pass "a runner killed by SIGKILL while its client program runs: the program dies with it"
else
	fail "a runner killed by SIGKILL: its client program dies with it" \
		"$(ps -o pid,ppid,pgid,args -p "$(echo $left | tr ' ' ',')" 2>&1)"
	kill -KILL $left 2>/dev/null
fi

helpers_end
