#!/bin/sh
# finrst run --server-cmd: a real external server (Python's http.server) in
# place of finrst's own, paired with the HTTP clients. Its cells run, the
# wire is captured, the client waited for the server to listen (one
# "wait-listen" call), the server's calls are marked not observed, and no
# server is left running. Then what goes wrong: a program that is not
# installed (exit 2 at once), one that cannot run (127: its cell is error,
# the run exits 2), one that exits before it listens, one that never
# listens (error at the time limit), and command lines that are not
# commands (exit 2, one line "finrst: --server-cmd: ...").
#
# usage: sh tests/test-server-cmd.sh [BUILD_DIR]   (default: build)
# Ends with "server-cmd: N passed, M failed".
root=$(cd "$(dirname "$0")/.." && pwd) || exit 2
. "$root/tests/script-helpers.sh"
helpers_begin server-cmd "${1:-build}"
helpers_temporary
# The shipped external clients name their files relative to the repository.
cd "$root" || exit 2

# Every process finrst forks inherits this marker, external programs too,
# so a server left running can be found.
marker="FINRST_SERVER_CMD_TEST_$$_$(date +%s)"
run_prefix="env $marker=1"

no_process_left() {
	left=$(grep -l "$marker" /proc/[0-9]*/environ 2>/dev/null | wc -l)
	if [ "$left" -eq 0 ]; then pass "$1: no process left behind"
	else fail "$1: no process left behind" "$left processes still carry the marker"; fi
}

# ---- command lines that are not commands ----

usage_error "an empty --server-cmd" "finrst: --server-cmd: the command is empty" \
	run -o "$tmp/unused" --server-cmd '' 'curl-get/server-cmd/*'
usage_error "a --server-cmd of blanks" "finrst: --server-cmd: the command is empty" \
	run -o "$tmp/unused" --server-cmd '   ' 'curl-get/server-cmd/*'
usage_error "a --server-cmd with an unclosed quote" "finrst: --server-cmd: unclosed quote" \
	run -o "$tmp/unused" --server-cmd "python3 -m 'http.server {port}" 'curl-get/server-cmd/*'
usage_error "explain with an unclosed quote" "finrst: --server-cmd: unclosed quote" \
	explain --server-cmd 'serve "{port}' curl-get/server-cmd/ipv4
usage_error "the pattern server-cmd without --server-cmd" "exists only with --server-cmd" \
	run -o "$tmp/unused" '*/server-cmd/*'
usage_error "a socket mode against server-cmd" "only HTTP clients pair with it" \
	run -o "$tmp/unused" --server-cmd 'true {port}' 'close/server-cmd/*'

run run --help
if [ "$status" -eq 0 ] && grep -q -- '--server-cmd' "$tmp/out" && grep -q 'HTTP clients' "$tmp/out"; then
	pass "finrst run --help documents --server-cmd and what it pairs with"
else
	fail "finrst run --help documents --server-cmd" "$(seen)"
fi

# ---- a program that is missing, cannot run, exits early, never listens ----

usage_error "a program that is not installed: exit 2 at once, naming it" \
	"finrst: --server-cmd: no program 'finrst-no-such-server' in PATH" \
	run -o "$tmp/missing" --server-cmd 'finrst-no-such-server --port {port}' 'curl-get/server-cmd/*'
usage_error "a program path that cannot be run: exit 2 at once, naming it" \
	"finrst: --server-cmd: no program './finrst-no-such-server' can be run there" \
	run -o "$tmp/missing" --server-cmd './finrst-no-such-server {port}' 'curl-get/server-cmd/*'

# env runs, but cannot run what it is given: exit status 127. PATH is
# narrowed to where env is: a PATH entry this user may not search (root's
# own directories, for a user switched to with su) would make env say 126.
run run -o "$tmp/cannot" -t 5000 --server-cmd 'env PATH=/usr/bin:/bin finrst-no-such-server {port}' 'curl-get/server-cmd/ipv4'
if [ "$status" -eq 2 ] && grep -q 'error .*the server program could not be run (exit status 127)' "$tmp/out" &&
	grep -q '^finrst: curl-get/server-cmd/ipv4: the server program could not be run (exit status 127)' "$tmp/err"; then
	pass "a program that exits 127: its cell is error, and the run exits 2 naming it"
else
	fail "a program that exits 127: cell error and exit 2" "$(seen)"
fi

run run -o "$tmp/early" -t 5000 --server-cmd 'false {port}' 'curl-tool/server-cmd/ipv6'
if [ "$status" -eq 1 ] && grep -q 'error .*the server program exited (status 1) before it listened' "$tmp/out" &&
	! grep -q 'timed out' "$tmp/out"; then
	pass "a program that exits before it listens: error at once, not at the time limit"
else
	fail "a program that exits before it listens: error at once" "$(seen)"
fi

run run -o "$tmp/never" -t 1000 --server-cmd 'sleep 3600 {port}' 'curl-get/server-cmd/ipv4'
if [ "$status" -eq 1 ] && grep -q 'error .*the server program never listened.*127.0.0.1:[0-9]*' "$tmp/out"; then
	# The runner's time limit and the client's wait for the port end at
	# the same moment: either may report it, both name the port.
	pass "a program that never listens: error at the time limit, with the port"
else
	fail "a program that never listens: error at the time limit" "$(seen)"
fi
no_process_left "after a server that never listened"

# ---- a real server ----

if ! command -v python3 >/dev/null 2>&1; then
	skip "python3 not installed: no real server to run (the cells with python's http.server)"
	helpers_end
	exit
fi

mkdir -p "$tmp/www"
printf 'finrst\n' >"$tmp/www/index.html"
server="python3 -m http.server --bind {host} --directory $tmp/www {port}"
run run -o "$tmp/real" --server-cmd "$server" '*/server-cmd/*'
if [ "$status" -eq 0 ]; then
	pass "python3 -m http.server: every cell passes (exit 0)"
else
	fail "python3 -m http.server: every cell passes (exit 0)" "$(seen)"
fi
if python3 "$root/tests/check-results-json.py" "$tmp/real/results.json" >"$tmp/check" 2>&1; then
	pass "python3 -m http.server: $(cat "$tmp/check")"
else
	fail "python3 -m http.server: check-results-json.py" "$(cat "$tmp/check")"
fi
no_process_left "after python3 -m http.server"

# Every HTTP client ran against it, over both families; each cell's wire has
# the connection from SYN to its end; the client waited once, and
# successfully, for the server to listen; the server's calls say they were
# not observed, and how the program ended.
if python3 - "$tmp/real/results.json" >"$tmp/facts" 2>&1 <<'PY'
import json, sys
cells = json.load(open(sys.argv[1]))["cells"]
problems = []
modes = {c["mode"] for c in cells}
for wanted in ("curl-get", "curl-put-chunked", "curl-abort", "curl-forbid-reuse", "curl-keepalive-cleanup",
               "curl-upload-early-reply", "python-http-client", "curl-tool"):
    for family in ("ipv4", "ipv6"):
        if not any(c["id"] == f"{wanted}/server-cmd/{family}" for c in cells):
            problems.append(f"no cell {wanted}/server-cmd/{family}")
for c in cells:
    flags = [(s["from"], s["flags"]) for s in c["segments"]]
    if ("client", "SYN") not in flags or ("server", "SYN ACK") not in flags:
        problems.append(f"{c['id']}: no handshake on the wire: {flags[:3]}")
    if not any("FIN" in f or "RST" in f for _, f in flags):
        problems.append(f"{c['id']}: no teardown on the wire")
    waits = [x for x in c["calls"]["client"] if x["call"] == "wait-listen"]
    if len(waits) != 1 or waits[0]["ret"] != 0 or "listening at check" not in waits[0]["detail"]:
        problems.append(f"{c['id']}: wait-listen calls: {waits}")
    server = c["calls"]["server"]
    if not server or server[0]["call"] != "exec" or "not observed" not in server[0]["detail"]:
        problems.append(f"{c['id']}: the server's first call is not an exec marked not observed: {server[:1]}")
    if not server or server[-1]["call"] != "exit":
        problems.append(f"{c['id']}: the server's last call is not its exit: {server[-1:]}")
    if any(x["call"] in ("accept", "recv", "send", "close") for x in server):
        problems.append(f"{c['id']}: socket calls reported for a server that is not observed")
    if c["outcome"]["server_read_end"] != "none":
        problems.append(f"{c['id']}: server_read_end {c['outcome']['server_read_end']}, not none")
print("\n".join(problems) or f"{len(cells)} cells: 8 clients x 2 families, handshake and teardown captured")
sys.exit(1 if problems else 0)
PY
then
	pass "python3 -m http.server: $(cat "$tmp/facts")"
else
	fail "python3 -m http.server: the cells' evidence" "$(cat "$tmp/facts")"
fi

# The pcap of a cell holds the external server's port: the capture claimed it.
pcap=$tmp/real/pcaps/curl-get_server-cmd_ipv4.pcap
if [ ! -s "$pcap" ]; then
	fail "curl-get/server-cmd/ipv4: its pcap was written" "no $pcap"
elif ! command -v tshark >/dev/null 2>&1; then
	echo "skip: tshark not installed: the pcap is not read back"
elif [ "$(tshark -r "$pcap" -Y 'tcp.flags.syn == 1 && tcp.flags.ack == 1' 2>/dev/null | wc -l)" -ge 1 ]; then
	pass "curl-get/server-cmd/ipv4: tshark finds the server's SYN ACK in its pcap"
else
	fail "curl-get/server-cmd/ipv4: tshark finds the server's SYN ACK in its pcap" "$(tshark -r "$pcap" 2>&1 | head)"
fi

run explain --server-cmd "$server" curl-get/server-cmd/ipv6
if [ "$status" -eq 0 ] && grep -q 'wait-listen(\[::1\]:[0-9]* listening at check [0-9]*) = 0' "$tmp/out" &&
	grep -q 'exec(python3 (its calls are not observed)) = 0' "$tmp/out" && grep -q '<-- SYN ACK' "$tmp/out"; then
	pass "explain curl-get/server-cmd/ipv6: the wait, the unobserved server and the wire"
else
	fail "explain curl-get/server-cmd/ipv6: the wait, the unobserved server and the wire" "$(seen; cat "$tmp/out")"
fi
no_process_left "after explain"

helpers_end
