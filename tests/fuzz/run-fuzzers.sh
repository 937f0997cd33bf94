#!/bin/sh
# Runs each libFuzzer program BUILD/fuzz_NAME for SECONDS from the committed
# seed corpus tests/fuzz/corpus/CORPUS, which it only reads: what the fuzzer
# finds goes to BUILD/corpus/NAME, a crashing input to
# BUILD/artifacts/NAME-crash-*. tests/fuzz/NAME.dict is used when there is
# one. With two cores or more the targets run side by side. Prints, per
# target, the executions and what it found, and exits 1 when one crashed,
# leaked, hung or broke an invariant.
#
# usage: sh tests/fuzz/run-fuzzers.sh BUILD SECONDS NAME:CORPUS...
build=$1
seconds=$2
shift 2
root=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
case $build in
/*) ;;
*) build=$(pwd)/$build ;;
esac
case $seconds in
'' | *[!0-9]*)
	echo "finrst: FUZZ_SECONDS must be a whole number of seconds, not '$seconds'"
	exit 2
	;;
esac
mkdir -p "$build/artifacts" || exit 2

run_one() {
	name=${1%%:*}
	corpus=${1#*:}
	mkdir -p "$build/corpus/$name" || return 2
	dictionary=""
	[ -f "$root/tests/fuzz/$name.dict" ] && dictionary="-dict=$root/tests/fuzz/$name.dict"
	# -timeout: an input that takes 10 s is a hang; -rss_limit_mb: memory
	# that grows without bound is caught before the machine runs out.
	"$build/fuzz_$name" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$build/artifacts/$name-" $dictionary \
		"$build/corpus/$name" "$root/tests/fuzz/corpus/$corpus" >"$build/$name.log" 2>&1
	echo $? >"$build/$name.status"
}

for target in "$@"; do
	name=${target%%:*}
	if [ ! -x "$build/fuzz_$name" ]; then
		echo "finrst: no fuzzer at $build/fuzz_$name (make fuzz builds it)"
		exit 2
	fi
	rm -f "$build/$name.status"
done
cores=$(nproc 2>/dev/null || echo 1)
for target in "$@"; do
	echo "fuzz: ${target%%:*} for $seconds s (log: $build/${target%%:*}.log)"
	if [ "$cores" -ge 2 ]; then run_one "$target" & else run_one "$target"; fi
done
wait

failed=0
for target in "$@"; do
	name=${target%%:*}
	status=$(cat "$build/$name.status" 2>/dev/null || echo "?")
	executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$build/$name.log" | tail -1)
	found=$(ls "$build/corpus/$name" | wc -l | tr -d ' ')
	if [ "$status" = 0 ]; then
		echo "fuzz: $name: ${executions:-?} executions in $seconds s, no crash ($found new inputs in $build/corpus/$name)"
	else
		failed=1
		problem=$(grep -m1 -E '^==[0-9]+==ERROR|runtime error:|invariant broken|^ALARM|out-of-memory|deadly signal' \
			"$build/$name.log")
		artifact=$(sed -n 's/.*Test unit written to //p' "$build/$name.log" | tail -1)
		echo "FAIL fuzz: $name (exit $status): ${problem:-see the log}"
		echo "     input: ${artifact:-none written}; replay: $build/fuzz_$name ${artifact:-INPUT}"
	fi
done
exit $failed
