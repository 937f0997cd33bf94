#!/bin/sh
# A capture that drops frames: the cells running then are run once more; a
# second run that loses frames too is `error: capture incomplete`, never a
# verdict drawn from partial evidence. The kernel drops frames only under
# load no test can order, so the test-only FINRST_TEST_CAPTURE_DROPS fakes
# the drop count libpcap reports: `once` (one drop, at the first reading)
# and `always` (a new drop at every reading). Nothing may be left behind
# (tests/leftovers.sh). Usage: tests/test-capture-drops.sh BUILD_DIR
. "$(dirname "$0")/script-helpers.sh"
helpers_begin capture-drops "${1:-build}"
helpers_temporary

. "$(dirname "$0")/leftovers.sh"

# -j 1: the cells run one after the other in the matrix's order, so a drop
# at the first reading falls on the first cell alone.
cells='close/drain/ipv4 shut-wr/drain/ipv4 shut-wr/write-after-eof/ipv6'

# The cells' verdicts, errors and retry reasons, and that each has the
# evidence of one run only: one SYN on its wire, one socket() per side.
check_cells() { # results.json, then the lines "id verdict retried(yes|no) error-prefix"
	python3 - "$@" <<'PY'
import json, sys
cells = {c["id"]: c for c in json.load(open(sys.argv[1]))["cells"]}
problems = []
for line in sys.argv[2:]:
    cell_id, verdict, retried, error = (line.split(" ", 3) + [""])[:4]
    cell = cells.get(cell_id)
    if cell is None:
        problems.append("%s: missing" % cell_id)
        continue
    if cell["verdict"] != verdict:
        problems.append("%s: verdict %s, expected %s (%s)" % (cell_id, cell["verdict"], verdict, cell.get("error")))
    if ("retried" in cell) != (retried == "yes"):
        problems.append("%s: retried %r" % (cell_id, cell.get("retried")))
    elif "retried" in cell and cell["retried"] != "the capture of its first run lost frames":
        problems.append("%s: retried for %r" % (cell_id, cell["retried"]))
    if not cell.get("error", "").startswith(error):
        problems.append("%s: error %r, expected %r..." % (cell_id, cell.get("error"), error))
    syns = [s for s in cell["segments"] if s["flags"] == "SYN"]
    if len(syns) != 1:
        problems.append("%s: %d SYNs on its wire: the evidence of one run only is wanted" % (cell_id, len(syns)))
    for side in ("client", "server"):
        sockets = [c for c in cell["calls"][side] if c["call"] in ("socket", "accept")]
        if len(sockets) > 1:
            problems.append("%s: the %s's calls hold %d socket()/accept()" % (cell_id, side, len(sockets)))
print("; ".join(problems))
sys.exit(1 if problems else 0)
PY
}

# Retried, then passes: only the cell running at the drop runs twice.
out="$tmp/once"
leftovers_start once env FINRST_TEST_CAPTURE_DROPS=once "$finrst" run -j 1 -o "$out" $cells
leftovers_wait 60
if [ "$watched_status" -eq 0 ]; then pass "once: exit 0"; else fail "once: exit status" "got $watched_status, expected 0"; fi
if check_cells "$out/results.json" \
	'close/drain/ipv4 pass yes' 'shut-wr/drain/ipv4 pass no' 'shut-wr/write-after-eof/ipv6 pass no' \
	> "$tmp/check" 2>&1; then
	pass "once: the first cell ran twice and passed on the evidence of its second run; the others ran once"
else
	fail "once: cells" "$(cat "$tmp/check")"
fi
if grep -q '^run twice, as their first capture lost frames: 1 cell (close/drain/ipv4 pass)$' "$watched_stdout"; then
	pass "once: the summary names the cell run twice"
else
	fail "once: summary" "$(cat "$watched_stdout")"
fi
if python3 tests/check-results-json.py "$out/results.json" > "$tmp/check" 2>&1; then
	pass "once: results.json is well formed, the retried cell's pcap whole"
else
	fail "once: results.json" "$(cat "$tmp/check")"
fi
leftovers_check "once" "$out"

# Retried, still incomplete: error, never a verdict.
out="$tmp/always"
incomplete='capture incomplete: the kernel dropped frames while this cell ran, on its second run as on its first'
leftovers_start always env FINRST_TEST_CAPTURE_DROPS=always "$finrst" run -j 2 -o "$out" $cells
leftovers_wait 60
if [ "$watched_status" -eq 1 ]; then pass "always: exit 1"; else fail "always: exit status" "got $watched_status, expected 1"; fi
if check_cells "$out/results.json" "close/drain/ipv4 error yes $incomplete" \
	"shut-wr/drain/ipv4 error yes $incomplete" "shut-wr/write-after-eof/ipv6 error yes $incomplete" \
	> "$tmp/check" 2>&1; then
	pass "always: every cell ran twice and is error: $incomplete"
else
	fail "always: cells" "$(cat "$tmp/check")"
fi
if python3 tests/check-results-json.py "$out/results.json" > "$tmp/check" 2>&1; then
	pass "always: results.json is well formed"
else
	fail "always: results.json" "$(cat "$tmp/check")"
fi
leftovers_check "always" "$out"

helpers_end
