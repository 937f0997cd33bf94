#!/bin/sh
# Boots KERNEL with INITRAMFS under qemu-system-x86_64 with software
# emulation (TCG), keeps the serial console in CONSOLE_LOG, and decodes the
# results.json the guest printed between markers into RESULTS.
#
# usage: sh tests/cross-kernel/boot-guest.sh KERNEL INITRAMFS CONSOLE_LOG RESULTS TIMEOUT_S
# exit: 0, or 2 when the guest did not boot, timed out or printed no results.
set -u
kernel=${1:?usage: boot-guest.sh KERNEL INITRAMFS CONSOLE_LOG RESULTS TIMEOUT_S}
initramfs=${2:?}
console=${3:?}
results=${4:?}
timeout_s=${5:?}
memory=${CROSS_KERNEL_MEMORY:-1024}
cpus=${CROSS_KERNEL_CPUS:-2}

# TCG on purpose: the same emulated machine on every host, KVM or not.
# -no-reboot turns the guest's poweroff (or a panic, with panic=-1) into
# qemu's exit; timeout bounds a guest that hangs.
timeout "$timeout_s" qemu-system-x86_64 -accel tcg -nographic -no-reboot \
	-m "$memory" -smp "$cpus" -nic none \
	-kernel "$kernel" -initrd "$initramfs" \
	-append "console=ttyS0 quiet panic=-1 rdinit=/init" \
	</dev/null >"$console" 2>&1
status=$?
tr -d '\r' <"$console" | grep -o 'FINRST-GUEST.*' >&2
if [ "$status" -eq 124 ]; then
	echo "cross-kernel: the guest did not finish within $timeout_s s (console: $console)" >&2
	exit 2
fi
if ! grep -q '^===FINRST-RESULTS-END===' "$console"; then
	echo "cross-kernel: the guest printed no results (qemu exit $status; console: $console)" >&2
	exit 2
fi
tr -d '\r' <"$console" | sed -n '/^===FINRST-RESULTS-BEGIN===$/,/^===FINRST-RESULTS-END===$/p' |
	sed '1d;$d' | base64 -d | gunzip >"$results"
if [ ! -s "$results" ]; then
	echo "cross-kernel: the results the guest printed do not decode (console: $console)" >&2
	exit 2
fi
