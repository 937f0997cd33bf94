#!/bin/sh
# Runs finrst's own tests (tests/test_* programs and scripts) before the matrix.
build=${1:-build}
status=0
for program in "$build"/tests/test_*; do
	[ -x "$program" ] || continue
	echo "== $program"
	"$program" tests/pcaps || status=1
done
exit $status
