#!/bin/sh
# Tests of finrst's command line: usage errors (exit 2 and one line
# "finrst: ..." on stderr), help texts, `list`, then a small real run whose
# results.json is checked by tests/check-results-json.py and whose pcaps
# tshark must read, and two `explain` ladders.
#
# usage: sh tests/test-cli.sh [BUILD_DIR]   (default: build; the finrst
# binary is BUILD_DIR/finrst). Ends with "cli: N passed, M failed".

build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
checker=$root/tests/check-results-json.py

. "$root/tests/script-helpers.sh"
helpers_begin cli "$build"

helpers_temporary

# help NAME COMMAND...: exit 0 and "usage:" on stdout.
help() {
	name=$1
	shift
	run "$@"
	if [ "$status" -ne 0 ]; then
		fail "$name: exit 0" "$(seen)"
	elif ! grep -q 'usage:' "$tmp/out"; then
		fail "$name: 'usage:' on stdout" "$(cat "$tmp/out")"
	else
		pass "$name"
	fi
}

# ---- usage and environment errors ----

run
if [ "$status" -eq 2 ] && [ "$(wc -l < "$tmp/err")" -eq 1 ] && grep -q '^finrst: no command' "$tmp/err" && [ ! -s "$tmp/out" ]; then
	pass "no arguments: exit 2, one-line error on stderr"
else
	fail "no arguments: exit 2, one-line error on stderr" "$(seen)"
fi

usage_error "unknown command" "'frobnicate'" frobnicate
usage_error "run --jobs 0" "--jobs" run --jobs 0 -o "$tmp/unused"
usage_error "run --jobs x" "'x'" run --jobs x -o "$tmp/unused"
usage_error "run -j 257" "'257'" run -j 257 -o "$tmp/unused"
usage_error "run --time-limit 0" "--time-limit" run --time-limit 0 -o "$tmp/unused"
usage_error "run: unknown option" "--frobnicate" run --frobnicate
usage_error "run: option without its argument" "'-o'" run -o
usage_error "run: a filter matching no cell" "'no-such-mode/*'" \
	run -o "$tmp/unused" 'no-such-mode/*'
usage_error "run: one of two filters matching no cell" "'close/no-such-pattern/*'" \
	run -o "$tmp/unused" 'close/drain/ipv4' 'close/no-such-pattern/*'
usage_error "list with an argument" "'extra'" list extra
usage_error "explain without a cell" "needs a cell id" explain
usage_error "explain with a glob" "'close/*/ipv4'" explain 'close/*/ipv4'
usage_error "explain with two cells" "close/drain/ipv6" explain close/drain/ipv4 close/drain/ipv6
usage_error "explain an unknown cell" "no-such-mode/drain/ipv4" explain no-such-mode/drain/ipv4

usage_error "run -e with a missing table" "$tmp/missing.exp" \
	run -e "$tmp/missing.exp" -o "$tmp/unused" 'close/drain/ipv4'
usage_error "explain -e with a missing table" "$tmp/missing.exp" \
	explain -e "$tmp/missing.exp" close/drain/ipv4

printf 'platform = linux\n[*/*/*]\nbogus_field = FIN\nreference = R\n' >"$tmp/malformed.exp"
usage_error "run -e with a malformed table" "finrst: $tmp/malformed.exp:3: unknown field 'bogus_field'" \
	run -e "$tmp/malformed.exp" -o "$tmp/unused" 'close/drain/ipv4'
printf '[close/*/*]\nclient_teardown = FIN\n' >"$tmp/unreferenced.exp"
usage_error "explain -e with a malformed table" "finrst: $tmp/unreferenced.exp:1: the section has no 'reference ='" \
	explain -e "$tmp/unreferenced.exp" close/drain/ipv4

: >"$tmp/regular-file"
usage_error "an output directory under a regular file" "$tmp/regular-file/out" \
	run -o "$tmp/regular-file/out" 'close/drain/ipv4'

# ---- help ----

help "finrst --help" --help
help "finrst run --help" run --help
help "finrst list --help" list --help
help "finrst explain --help" explain --help

# ---- list: every mode and pattern, named in the case files ----

run list
if [ "$status" -ne 0 ]; then
	fail "list: exit 0" "$(seen)"
else
	pass "list: exit 0"
fi
# The name is the first string of each `const struct mode mode_x = {` (or
# pattern) definition in cases/.
names_in() {
	awk '/^const struct (mode|pattern) [a-z_0-9]+ = [{]/ { want = 1 }
	     want && match($0, /"[^"]*"/) { print substr($0, RSTART + 1, RLENGTH - 2); want = 0 }' "$@"
}
sed -n '/^modes/,/^patterns/p' "$tmp/out" >"$tmp/list-modes"
sed -n '/^patterns/,/^not applicable/p' "$tmp/out" >"$tmp/list-patterns"
for kind in modes patterns; do
	names_in "$root"/cases/"$kind"/*.c >"$tmp/names-$kind"
	count=$(wc -l <"$tmp/names-$kind" | tr -d ' ')
	missing=""
	while read -r name; do
		grep -q "^  $name " "$tmp/list-$kind" || missing="$missing $name"
	done <"$tmp/names-$kind"
	if [ "$count" -eq 0 ]; then
		fail "list: the $kind of cases/$kind" "no names found in $root/cases/$kind/*.c"
	elif [ -n "$missing" ]; then
		fail "list: every one of the $count $kind" "missing:$missing"
	else
		pass "list: every one of the $count $kind"
	fi
done

# ---- a small real run ----

out=$tmp/run
run run -o "$out" 'close/drain/*' 'linger0/idle/*'
if [ "$status" -eq 0 ]; then
	pass "run close/drain/* linger0/idle/*: exit 0"
else
	fail "run close/drain/* linger0/idle/*: exit 0" "$(seen; cat "$tmp/out")"
fi
if [ ! -f "$out/results.json" ]; then
	fail "run: results.json written" "no $out/results.json"
elif ! command -v python3 >/dev/null 2>&1; then
	echo "skip: python3 not installed: results.json not checked"
elif python3 "$checker" "$out/results.json" >"$tmp/check" 2>&1; then
	pass "run: $(cat "$tmp/check")"
else
	fail "run: check-results-json.py" "$(cat "$tmp/check")"
fi

pcap=""
for file in "$out"/pcaps/*.pcap; do
	[ -f "$file" ] && pcap=$file && break
done
if [ -z "$pcap" ]; then
	fail "run: pcaps written" "nothing in $out/pcaps"
elif ! command -v tshark >/dev/null 2>&1; then
	echo "skip: tshark not installed"
elif tshark -r "$pcap" >"$tmp/tshark" 2>&1; then
	pass "tshark reads $(basename "$pcap")"
else
	fail "tshark reads $(basename "$pcap")" "$(cat "$tmp/tshark")"
fi

# ---- explain ----

run explain close-unread/write-first/ipv4
if [ "$status" -ne 0 ]; then
	fail "explain close-unread/write-first/ipv4: exit 0" "$(seen; cat "$tmp/out")"
elif ! grep -q 'RST' "$tmp/out" || ! grep -q 'ECONNRESET' "$tmp/out"; then
	fail "explain close-unread/write-first/ipv4 shows RST and ECONNRESET" "$(cat "$tmp/out")"
else
	pass "explain close-unread/write-first/ipv4 shows RST and ECONNRESET"
fi

# The ladder: "  t.ttt  client call" at two spaces after the time, a wire
# segment after spaces only, "-->" when the client sent it. Between the
# client's shutdown(SHUT_RD) and its next socket call (finrst's own
# quickack/tell/await steps and "-- mark --" lines are not the program's
# calls) no segment may come from the client: SHUT_RD puts nothing on the wire.
run explain shut-rd/write-first/ipv4
if [ "$status" -ne 0 ]; then
	fail "explain shut-rd/write-first/ipv4: exit 0" "$(seen; cat "$tmp/out")"
else
	pass "explain shut-rd/write-first/ipv4: exit 0"
	verdict=$(awk '
		/^ *[0-9]+\.[0-9]+ +--> / { client_segments++; if (inside) { print "client segment after SHUT_RD: " $0; bad = 1 } next }
		/^ *[0-9]+\.[0-9]+  [^ ]/ {
			call = $0
			sub(/^ *[0-9]+\.[0-9]+  /, "", call)
			if (call ~ /^shutdown\(SHUT_RD\)/) { inside = 1; found = 1; next }
			if (inside && call !~ /^(quickack|tell|await)\(/ && call !~ /^-- /) { inside = 0; ended = 1 }
		}
		END {
			if (!client_segments) print "no client segment (-->) in the ladder at all"
			else if (!found) print "no shutdown(SHUT_RD) line in the client column"
			else if (!ended) print "no client call after shutdown(SHUT_RD)"
			else if (!bad) print "ok"
		}' "$tmp/out")
	if [ "$verdict" = ok ]; then
		pass "explain shut-rd/write-first/ipv4: nothing from the client between SHUT_RD and its next call"
	else
		fail "explain shut-rd/write-first/ipv4: nothing from the client between SHUT_RD and its next call" \
			"$verdict
$(cat "$tmp/out")"
	fi
fi

helpers_end
