#!/bin/sh
# `make cross-kernel`: runs the matrix under a second Linux kernel, Debian's
# 6.1 package booted under qemu (software emulation), and under the host's
# kernel, then shows with `finrst compare` which cells differ between them.
#
# usage: sh tests/cross-kernel/cross-kernel.sh BUILD_DIR WORK_DIR [FILTER...]
# environment: CROSS_KERNEL_TIME_LIMIT (per-cell limit in the guest, ms),
#              CROSS_KERNEL_TIMEOUT (whole guest, s), JOBS (cells at once)
# exit: 0 when both runs completed and were compared (whatever differs),
#       2 when something needed is missing or a run could not complete.
set -u
build=${1:?usage: cross-kernel.sh BUILD_DIR WORK_DIR [FILTER...]}
work=${2:?usage: cross-kernel.sh BUILD_DIR WORK_DIR [FILTER...]}
shift 2
here=$(cd "$(dirname "$0")" && pwd) || exit 2
# Emulation is 10-50 times slower than the host: a cell's limit must allow
# for that, or slow cells would be errors rather than outcomes.
time_limit=${CROSS_KERNEL_TIME_LIMIT:-60000}
guest_timeout=${CROSS_KERNEL_TIMEOUT:-1800}
jobs=${JOBS:-2}
packages="qemu-system-x86 busybox-static"

now() { date +%s.%N; }
since() { echo "$(now) $1" | awk '{printf "%.1f", $1 - $2}'; }

# Root installs what is missing, like the other make targets; anyone else is
# told the command.
missing=""
command -v qemu-system-x86_64 >/dev/null || missing="$missing qemu-system-x86"
if [ ! -x /bin/busybox ] || ldd /bin/busybox >/dev/null 2>&1; then missing="$missing busybox-static"; fi
if [ -n "$missing" ]; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
		echo "cross-kernel: installing$missing"
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null; } ||
			{ echo "cross-kernel: apt-get failed; install:$missing" >&2; exit 2; }
	else
		echo "cross-kernel: missing$missing; run: sudo apt-get install $packages" >&2
		exit 2
	fi
fi
for tool in apt-get dpkg-deb timeout gzip base64; do
	command -v "$tool" >/dev/null || { echo "cross-kernel: needs $tool (a Debian system)" >&2; exit 2; }
done
if ! "$build/finrst" compare --help >/dev/null 2>&1; then
	echo "cross-kernel: $build/finrst has no compare command (run make)" >&2
	exit 2
fi

mkdir -p "$work" || exit 2
work=$(cd "$work" && pwd) || exit 2
started=$(now)

kernel=$(sh "$here/fetch-kernel.sh" "$work/kernel") || exit 2
echo "cross-kernel: guest kernel $kernel"
sh "$here/make-initramfs.sh" "$build" "$work/initramfs.gz" "$time_limit" "$jobs" "$@" || exit 2

echo "cross-kernel: booting under qemu-system-x86_64 -accel tcg, $jobs cells at once, -t $time_limit"
guest_started=$(now)
rm -f "$work/guest-results.json"
sh "$here/boot-guest.sh" "$kernel" "$work/initramfs.gz" "$work/guest-console.log" \
	"$work/guest-results.json" "$guest_timeout" || exit 2
guest_seconds=$(since "$guest_started")
echo "cross-kernel: guest finished in $guest_seconds s (boot, matrix, power-off)"

echo "cross-kernel: the same matrix under the host's kernel ($(uname -r))"
host_started=$(now)
"$build/finrst" run -o "$work/host" -j "$jobs" "$@" >"$work/host-run.log" 2>&1
host_status=$?
tail -n 4 "$work/host-run.log"
if [ "$host_status" -ge 2 ] || [ ! -f "$work/host/results.json" ]; then
	echo "cross-kernel: the host run failed (exit $host_status; log: $work/host-run.log)" >&2
	exit 2
fi
cp "$work/host/results.json" "$work/host-results.json"
host_seconds=$(since "$host_started")

echo
"$build/finrst" compare "$work/host-results.json" "$work/guest-results.json" --html "$work/compare.html"
compare_status=$?
echo
echo "cross-kernel: guest $guest_seconds s, host $host_seconds s, total $(since "$started") s"
echo "cross-kernel: results $work/host-results.json, $work/guest-results.json; comparison $work/compare.html"
[ "$compare_status" -le 1 ] || exit 2
exit 0
