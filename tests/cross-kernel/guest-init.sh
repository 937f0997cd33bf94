#!/bin/busybox sh
# /init of the cross-kernel guest: runs the matrix once under the guest's
# kernel and prints results.json (gzip, base64) on the serial console between
# markers, which is the only channel out that needs no kernel module.
/bin/busybox --install -s /bin
# The kernel starts /init with no PATH; the curl tool is in /usr/bin.
export PATH=/bin:/usr/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t tmpfs tmpfs /tmp
. /finrst/run.conf

echo "FINRST-GUEST: Linux $(uname -r), $(nproc) CPUs, booted in $(cut -d' ' -f1 /proc/uptime) s"
# Socket-buffer limits decide how many bytes the *-pending and big-response
# cells move before the teardown: printed so that a byte count that differs
# from the host's can be explained.
echo "FINRST-GUEST: tcp_rmem $(cat /proc/sys/net/ipv4/tcp_rmem), tcp_wmem $(cat /proc/sys/net/ipv4/tcp_wmem)"
started=$(cut -d' ' -f1 /proc/uptime)
# As root in the guest, finrst enters a network namespace of its own.
# shellcheck disable=SC2086  # the filters are separate words on purpose
FINRST_EXPECTATIONS_DIR=/finrst/expectations /finrst/finrst run -o /out \
	-t "$FINRST_TIME_LIMIT" -j "$FINRST_JOBS" $FINRST_FILTERS >/tmp/run.log 2>&1
status=$?
finished=$(cut -d' ' -f1 /proc/uptime)
tail -n 5 /tmp/run.log
echo "FINRST-GUEST: finrst run exited $status after $(echo "$finished $started" | awk '{printf "%.1f", $1 - $2}') s"
if [ -f /out/results.json ]; then
	echo "===FINRST-RESULTS-BEGIN==="
	gzip -9 -c /out/results.json | base64
	echo "===FINRST-RESULTS-END==="
else
	cat /tmp/run.log
fi
sync
poweroff -f
