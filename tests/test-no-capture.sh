#!/bin/sh
# Tests of a run without the wire: `finrst run --no-capture`, and the same
# chosen by finrst itself where neither root nor a user namespace allows a
# capture. The cells still run and are judged on their calls; their wire
# fields are skip, which the results, the summary and JUnit say; no pcap is
# written; a field that is not a wire field still fails when it is wrong.
#
# usage: sh tests/test-no-capture.sh [BUILD_DIR]   (default: build)
# Ends with "no-capture: N passed, M failed".

root=$(cd "$(dirname "$0")/.." && pwd) || exit 2
. "$root/tests/script-helpers.sh"
helpers_begin no-capture "${1:-build}"
helpers_temporary
# nobody goes through it to the directory it writes into.
chmod 755 "$tmp"
cells='close/drain/* close-unread/write-first/*'

# check_unseen LABEL DIR CAPTURE_PREFIX: the results in DIR say the run had
# no capture (run.capture starts with CAPTURE_PREFIX), and every cell has
# its wire unseen, its calls observed and no pcap.
check_unseen() {
	if python3 - "$2/results.json" "$3" >"$tmp/check" 2>&1 <<'EOF'
import json, sys
results = json.load(open(sys.argv[1]))
capture = results["run"].get("capture", "")
assert capture.startswith(sys.argv[2]) and capture.endswith("the wire fields of every cell are skip"), capture
for cell in results["cells"]:
    assert cell["wire_seen"] is False, cell["id"]
    for field in ("client_teardown", "server_teardown", "first_teardown"):
        assert cell["outcome"][field] == "unseen", (cell["id"], field, cell["outcome"][field])
    assert cell["pcap"] == "", (cell["id"], cell["pcap"])
    assert cell["segments"] == [], cell["id"]
    assert cell["calls"]["client"] and cell["calls"]["server"], cell["id"]
    assert cell["verdict"] in ("pass", "xfail"), (cell["id"], cell["verdict"], cell["mismatches"])
print(len(results["cells"]), "cells")
EOF
	then
		pass "$1: $(cat "$tmp/check"), each judged on its calls, wire unseen, no pcap"
	else
		fail "$1: the results do not say the wire was unseen" "$(cat "$tmp/check")"
	fi
	if [ -z "$(ls -A "$2/pcaps" 2>/dev/null)" ]; then
		pass "$1: no pcap written"
	else
		fail "$1: pcaps written without a capture" "$(ls "$2/pcaps")"
	fi
}

if ! command -v python3 >/dev/null 2>&1; then
	skip "python3 is missing: the results cannot be read back"
	helpers_end
	exit
fi

# --- --no-capture
# shellcheck disable=SC2086  # the cell globs are separate words on purpose
run run --no-capture -o "$tmp/plain" --junit "$tmp/plain/junit.xml" $cells
if [ "$status" -eq 0 ]; then
	pass "--no-capture: exit 0"
else
	fail "--no-capture: exit 0" "$(seen)"
fi
check_unseen "--no-capture" "$tmp/plain" "none (--no-capture)"
if grep -q '^capture: none (--no-capture): the wire fields of every cell are skip$' "$tmp/out"; then
	pass "--no-capture: the summary says so"
else
	fail "--no-capture: the summary says so" "$(cat "$tmp/out")"
fi
if grep -q 'name="capture" value="none (--no-capture)' "$tmp/plain/junit.xml"; then
	pass "--no-capture: JUnit carries it as a property"
else
	fail "--no-capture: JUnit carries it as a property" "$(grep -n property "$tmp/plain/junit.xml" | head -5)"
fi

# --- the other fields are still judged: a table that expects the wrong read end
{
	cat "$root/suite/expectations/linux.exp"
	printf '\n[close/drain/ipv4]\nserver_read_end = econnreset\nreference = a test of finrst: wrong on purpose\n'
} >"$tmp/wrong.exp"
run run --no-capture -e "$tmp/wrong.exp" -o "$tmp/wrong" 'close/drain/ipv4'
if [ "$status" -eq 1 ] && python3 -c '
import json, sys
cell = json.load(open(sys.argv[1]))["cells"][0]
assert cell["verdict"] == "fail" and [m["field"] for m in cell["mismatches"]] == ["server_read_end"], cell
' "$tmp/wrong/results.json" 2>"$tmp/check"; then
	pass "--no-capture: a wrong expectation of a field off the wire still fails (exit 1, server_read_end)"
else
	fail "--no-capture: a wrong expectation of a field off the wire still fails" "exit $status; $(cat "$tmp/check" "$tmp/err")"
fi

# --- chosen by finrst: a user without CAP_NET_RAW where user namespaces are
# not allowed. The refusal of the namespace is the test-only
# FINRST_TEST_NO_USER_NAMESPACES; the refusal of the capture is the kernel's.
if [ "$(id -u)" = 0 ] && ! { command -v setpriv >/dev/null 2>&1 &&
	setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$finrst"; }; then
	skip "no capture chosen by finrst: setpriv cannot run $finrst as nobody"
else
	as_user=""
	[ "$(id -u)" = 0 ] && as_user="setpriv --reuid=65534 --regid=65534 --clear-groups"
	mkdir -m 1777 "$tmp/shared"
	# shellcheck disable=SC2086
	FINRST_TEST_NO_USER_NAMESPACES=1 $as_user "$finrst" run -o "$tmp/shared/auto" $cells >"$tmp/out" 2>"$tmp/err"
	status=$?
	if [ "$status" -eq 0 ]; then
		pass "no capture chosen by finrst: exit 0"
	else
		fail "no capture chosen by finrst: exit 0" "exit $status; $(cat "$tmp/err")"
	fi
	if grep -q "finrst: warning: cannot capture on lo: you need CAP_NET_RAW.*running without capture" "$tmp/err"; then
		pass "no capture chosen by finrst: it warns, saying why and what it does"
	else
		fail "no capture chosen by finrst: it warns, saying why and what it does" "$(cat "$tmp/err")"
	fi
	check_unseen "no capture chosen by finrst" "$tmp/shared/auto" "none (cannot capture on lo"
fi

helpers_end
