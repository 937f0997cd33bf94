#!/bin/sh
# Runs finrst's own tests before the matrix: every BUILD/tests/test_*
# program, then tests/test-cli.sh on BUILD/finrst, then the faults (hangs and
# crashes, interruption, capture drops, resource limits), reports, compare,
# browser, bad-input and disk-full tests. Runs from the repository
# root (the programs' default paths, tests/pcaps and suite/expectations, are
# relative to it), keeps going after a failure, exits 1 if anything failed.
#
# usage: sh tests/run-tests.sh [BUILD_DIR]   (default: build)
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd) || exit 2
case $build in
/*) ;;
*) build=$(pwd)/$build ;;
esac
cd "$root" || exit 2
status=0
failures=""
ran=0
for program in "$build"/tests/test_*; do
	if [ ! -f "$program" ] || [ ! -x "$program" ]; then continue; fi
	ran=$((ran + 1))
	echo "== $program"
	if ! "$program"; then
		status=1
		failures="$failures $(basename "$program")"
	fi
done
if [ "$ran" -eq 0 ]; then
	echo "run-tests: no test programs in $build/tests (run make first)"
	status=1
	failures="$failures (no test programs)"
fi
# run_scripts SCRIPT...: each tests/SCRIPT on the build, going on after a failure.
run_scripts() {
	for script in "$@"; do
		echo "== tests/$script $build"
		if ! sh "tests/$script" "$build"; then
			status=1
			failures="$failures $script"
		fi
	done
}
# The include graph keeps to the floors of docs/layout.md.
echo "== tests/check-include-floors.py"
if ! python3 tests/check-include-floors.py .; then
	status=1
	failures="$failures check-include-floors.py"
fi
run_scripts test-cli.sh
# Side workers: the same outcomes as sides forked for every cell, the forks
# saved, and a new worker after a side that ended its process.
run_scripts test-side-workers.sh
# Faults: sides that hang, crash or give up; Ctrl-C and SIGTERM; a capture
# that drops frames; no descriptors, processes or ports left. Each checks
# that nothing is left behind (tests/leftovers.sh).
run_scripts test-faults.sh test-interruption.sh test-capture-drops.sh test-resource-limits.sh
# Real programs in place of finrst's own server and client (--server-cmd,
# --client-cmd), and a run without the wire (--no-capture, and where
# capture is not allowed).
run_scripts test-server-cmd.sh test-client-cmd.sh test-no-capture.sh
run_scripts test-reports.sh test-compare.sh test-browser.sh
# Bad input of every kind, and a disk that fills up (root only, else skip).
run_scripts test-bad-input.sh test-disk-full.sh
if [ "$status" -ne 0 ]; then
	echo "run-tests: failed:$failures"
else
	echo "run-tests: all passed"
fi
exit $status
