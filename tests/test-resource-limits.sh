#!/bin/sh
# A run short of descriptors, processes or ports, each made real rather than
# faked: a low `ulimit -n`; RLIMIT_NPROC (prlimit --nproc) for a user with no
# other process, as root is exempt from it; and a private network namespace
# whose local port range holds one port. Each time: a clear error for the
# cell (what was attempted and why) or for the run, exit 1 for failed cells
# or 2 for a run that cannot start, no hang, and nothing left behind
# (tests/leftovers.sh). Usage: tests/test-resource-limits.sh BUILD_DIR
. "$(dirname "$0")/script-helpers.sh"
helpers_begin resource-limits "${1:-build}"
helpers_temporary
# The runs under another user below must reach their TMPDIR and output.
chmod 755 "$tmp"

. "$(dirname "$0")/leftovers.sh"

cells='close/drain/ipv4 close/drain/ipv6 curl-get/http-close/ipv4'

# Every cell of results.json is `error` with an error that matches the
# Python regular expression $2. Prints the distinct errors, or what is wrong.
every_cell_error() { # results.json, regex
	python3 - "$1" "$2" <<'PY'
import json, re, sys
cells = json.load(open(sys.argv[1]))["cells"]
wrong = ["%s: %s %r" % (c["id"], c["verdict"], c.get("error")) for c in cells
         if c["verdict"] != "error" or not re.search(sys.argv[2], c.get("error", ""))]
errors = sorted(set(c.get("error", "") for c in cells))
print("; ".join(wrong) if wrong else "; ".join(errors) if cells else "no cells")
sys.exit(1 if wrong or not cells else 0)
PY
}

# --- EMFILE: every descriptor limit from 4 up to two where the cells run.
# Below some limit the run cannot start (exit 2: the capture's socket) or
# stops (exit 2: a pcap cannot be written); at others each cell fails to open
# what it needs (exit 1, every cell `error`, the run goes on to the end);
# then the cells pass. No limit may hang the run or leave anything, and a
# failure must say "Too many open files".
cell_level=""
passing=0
limit=3
while [ "$passing" -lt 2 ] && [ "$limit" -lt 64 ]; do
	limit=$((limit + 1))
	out="$tmp/emfile-$limit"
	leftovers_start "emfile-$limit" sh -c 'ulimit -n "$0" && exec "$@"' "$limit" \
		"$finrst" run -j 1 -t 5000 -o "$out" $cells
	leftovers_wait 60
	case $watched_status in
	0)
		pass "ulimit -n $limit: every cell passes"
		passing=$((passing + 1))
		;;
	1)
		if every_cell_error "$out/results.json" 'Too many open files' > "$tmp/check" 2>&1 &&
			python3 tests/check-results-json.py "$out/results.json" > /dev/null 2>&1; then
			pass "ulimit -n $limit: exit 1, every cell error: $(cat "$tmp/check")"
			cell_level="$cell_level $limit"
		else
			fail "ulimit -n $limit: exit 1" "$(cat "$tmp/check")"
		fi
		;;
	2)
		if grep -q '^finrst: .*Too many open files' "$watched_stderr"; then
			pass "ulimit -n $limit: exit 2: $(grep '^finrst: .*Too many open files' "$watched_stderr" | head -1)"
		else
			fail "ulimit -n $limit: exit 2 without saying why" "$(cat "$watched_stderr")"
		fi
		;;
	*) fail "ulimit -n $limit: exit status $watched_status" "$(tail -3 "$watched_stderr")" ;;
	esac
	# Counted as ever, but shown in one line per limit when all is well.
	leftovers_check "ulimit -n $limit" "$out" > "$tmp/leftovers"
	if grep -q '^FAIL' "$tmp/leftovers"; then
		cat "$tmp/leftovers"
	else
		echo "ok   ulimit -n $limit: no process, descriptor, namespace or temporary file left"
	fi
done
if [ -n "$cell_level" ]; then
	pass "some limits let the run start but not the cells:$cell_level"
else
	fail "EMFILE in the cells" "no descriptor limit gave cells that could not open what they need"
fi

# --- fork failing: RLIMIT_NPROC 1 leaves no process for the server, 2 none
# for the client (the server, forked already, must then be killed and
# reaped). Root is exempt, so the run is another user's: a uid no process
# has, entering its own user namespace. RLIMIT_NPROC counts every process of
# the uid, so a test running beside this one needs a uid of its own: the
# pid makes it so.
user=$((3900000 + $$))
if [ "$(id -u)" != 0 ]; then
	skip "fork failing: not root: RLIMIT_NPROC needs a user with no other process to switch to"
elif ! command -v prlimit > /dev/null || ! command -v setpriv > /dev/null; then
	skip "fork failing: prlimit or setpriv (util-linux) missing"
elif [ -n "$(ps -o pid= -u "$user" 2>/dev/null)" ]; then
	skip "fork failing: uid $user has processes already"
elif ! setpriv --reuid="$user" --regid="$user" --clear-groups test -x "$finrst"; then
	skip "fork failing: uid $user cannot run $finrst (a directory on its path is closed to others)"
elif ! mkdir -m 1777 "$tmp/probe" || ! setpriv --reuid="$user" --regid="$user" --clear-groups \
	"$finrst" run -o "$tmp/probe/out" -t 5000 close/drain/ipv4 > "$tmp/probe.out" 2>&1; then
	skip "fork failing: uid $user cannot run a cell at all: $(grep '^finrst:' "$tmp/probe.out" | head -1)"
else
	for processes in 1 2; do
		case $processes in 1) side=server ;; 2) side=client ;; esac
		out="$tmp/nproc-$processes"
		mkdir -m 1777 "$out"
		leftovers_start "nproc-$processes" prlimit --nproc="$processes" \
			setpriv --reuid="$user" --regid="$user" --clear-groups "$finrst" run -j 1 -o "$out" $cells
		leftovers_wait 60
		if [ "$watched_status" -eq 1 ]; then
			pass "ulimit -u $processes: exit 1"
		else
			fail "ulimit -u $processes: exit status" "got $watched_status, expected 1: $(tail -3 "$watched_stderr")"
		fi
		expected="cannot fork the $side: Resource temporarily unavailable \\(the limit on this user's processes, ulimit -u, is $processes\\)"
		if every_cell_error "$out/results.json" "^$expected\$" > "$tmp/check" 2>&1; then
			pass "ulimit -u $processes: every cell error: $(cat "$tmp/check")"
		else
			fail "ulimit -u $processes: cells" "$(cat "$tmp/check")"
		fi
		leftovers_check "ulimit -u $processes" "$out"
	done
fi

# --- no free port: a network namespace of the test's own, whose local port
# range is one port, with finrst on its loopback (--host-network). First the
# listener takes that port and the client has none for its connect(); then a
# socket of the test's holds it, and the listener has none.
if ! command -v unshare > /dev/null || ! command -v ip > /dev/null; then
	skip "no free port: unshare (util-linux) or ip (iproute2) missing"
elif ! unshare -rn sh -c 'ip link set lo up && echo "40000 40000" > /proc/sys/net/ipv4/ip_local_port_range' \
	2> "$tmp/unshare-error"; then
	skip "no free port: a network namespace of the test's own is not allowed here: $(cat "$tmp/unshare-error")"
else
	out="$tmp/one-port"
	leftovers_start one-port unshare -rn sh -c \
		'ip link set lo up && echo "40000 40000" > /proc/sys/net/ipv4/ip_local_port_range && exec "$@"' sh \
		"$finrst" run --host-network -j 1 -t 5000 -o "$out" $cells
	leftovers_wait 60
	if [ "$watched_status" -eq 1 ]; then
		pass "one port: exit 1"
	else
		fail "one port: exit status" "got $watched_status, expected 1: $(tail -3 "$watched_stderr")"
	fi
	# A client that could not connect ends its cell at once, not at the time limit.
	if every_cell_error "$out/results.json" \
		'^the client gave up \(exit status 2\): connect failed with EADDRNOTAVAIL$|^the server gave up \(exit status 2\): the client exited before it connected$' \
		> "$tmp/check" 2>&1 && [ "$watched_seconds" -lt 5 ]; then
		pass "one port: every cell error, at once ($watched_seconds s): $(cat "$tmp/check")"
	else
		fail "one port: cells" "$(cat "$tmp/check") (in $watched_seconds s)"
	fi
	leftovers_check "one port" "$out"

	out="$tmp/no-port"
	leftovers_start no-port unshare -rn sh -c \
		'ip link set lo up && echo "40000 40000" > /proc/sys/net/ipv4/ip_local_port_range && exec python3 -c "
import os, socket, sys
held = socket.socket(socket.AF_INET6)
held.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
held.bind((\"::\", 40000))
held.set_inheritable(True)
os.execv(sys.argv[1], sys.argv[1:])
" "$@"' sh "$finrst" run --host-network -j 1 -t 5000 -o "$out" $cells
	leftovers_wait 60
	if [ "$watched_status" -eq 1 ]; then
		pass "no port: exit 1"
	else
		fail "no port: exit status" "got $watched_status, expected 1: $(tail -3 "$watched_stderr")"
	fi
	if every_cell_error "$out/results.json" \
		'^cannot bind the listener to a free port on (127\.0\.0\.1|::1): Address already in use$' > "$tmp/check" 2>&1; then
		pass "no port: every cell error: $(cat "$tmp/check")"
	else
		fail "no port: cells" "$(cat "$tmp/check")"
	fi
	leftovers_check "no port" "$out"
fi

helpers_end
