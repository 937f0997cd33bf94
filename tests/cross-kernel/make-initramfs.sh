#!/bin/sh
# Builds the cross-kernel guest's initramfs: static busybox as the shell,
# BUILD/finrst with every shared library ldd finds for it, the expectation
# tables, and /init (guest-init.sh) with the run's settings.
#
# usage: sh tests/cross-kernel/make-initramfs.sh BUILD_DIR OUTPUT TIME_LIMIT_MS JOBS [FILTER...]
# exit: 0, or 2 with what is missing.
set -u
build=${1:?usage: make-initramfs.sh BUILD_DIR OUTPUT TIME_LIMIT_MS JOBS [FILTER...]}
output=${2:?}
time_limit=${3:?}
jobs=${4:?}
shift 4
here=$(cd "$(dirname "$0")" && pwd) || exit 2
root=$(cd "$here/../.." && pwd) || exit 2
busybox=${BUSYBOX:-/bin/busybox}

if [ ! -x "$build/finrst" ]; then
	echo "cross-kernel: $build/finrst is missing (run make first)" >&2
	exit 2
fi
# A dynamic busybox would need its own libraries before /init could run.
if [ ! -x "$busybox" ] || ldd "$busybox" >/dev/null 2>&1; then
	echo "cross-kernel: $busybox is not a static busybox (install: apt-get install busybox-static)" >&2
	exit 2
fi

tree=$(mktemp -d "${TMPDIR:-/tmp}/finrst-initramfs.XXXXXX") || exit 2
trap 'rm -rf "$tree"' EXIT
mkdir -p "$tree/bin" "$tree/proc" "$tree/sys" "$tree/dev" "$tree/tmp" "$tree/etc" \
	"$tree/finrst/expectations" "$tree/out" || exit 2
cp "$busybox" "$tree/bin/busybox" || exit 2
cp "$here/guest-init.sh" "$tree/init" && chmod 755 "$tree/init" || exit 2
cp "$build/finrst" "$tree/finrst/finrst" || exit 2
cp "$root"/suite/expectations/*.exp "$tree/finrst/expectations/" || exit 2
# {shipped}: where an installed finrst looks, beside its bin/ (/finrst/..).
mkdir -p "$tree/share/finrst/external" &&
	cp "$root/cases/external/article_client.py" "$root/cases/external/upload-body.txt" "$tree/share/finrst/external/" ||
	exit 2

# Every library at the path the dynamic loader will look for it, the loader
# itself included (ldd prints it without "=>").
libraries_of() {
	ldd "$1" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }'
}
copy_libraries() {
	for library in $1; do
		[ -e "$tree$library" ] && continue
		mkdir -p "$tree$(dirname "$library")" && cp -L "$library" "$tree$library" || exit 2
	done
}
libraries=$(libraries_of "$build/finrst")
if [ -z "$libraries" ]; then
	echo "cross-kernel: ldd found no libraries for $build/finrst" >&2
	exit 2
fi
copy_libraries "$libraries"

# The curl tool, for the curl-tool cells. python3 and its library are too
# large to carry, so the python-http-client cells say skip in the guest.
curl_tool=$(command -v curl 2>/dev/null)
if [ -n "$curl_tool" ]; then
	mkdir -p "$tree/usr/bin" && cp -L "$curl_tool" "$tree/usr/bin/curl" || exit 2
	curl_libraries=$(libraries_of "$curl_tool")
	copy_libraries "$curl_libraries"
	libraries="$libraries $curl_libraries"
fi

# What glibc may consult when asked for a user or a host name; finrst itself
# binds only 127.0.0.1 and ::1, by number.
printf 'root:x:0:0:root:/:/bin/sh\n' >"$tree/etc/passwd"
printf 'root:x:0:\n' >"$tree/etc/group"
printf '127.0.0.1 localhost\n::1 localhost\n' >"$tree/etc/hosts"
printf 'passwd: files\ngroup: files\nhosts: files\n' >"$tree/etc/nsswitch.conf"

{
	echo "FINRST_TIME_LIMIT='$time_limit'"
	echo "FINRST_JOBS='$jobs'"
	# Split into words by the guest's shell; set -f keeps a glob such as
	# 'close/*' from being expanded against the guest's files.
	echo "FINRST_FILTERS='$*'"
	echo "set -f"
} >"$tree/finrst/run.conf"

(cd "$tree" && find . | "$busybox" cpio -o -H newc 2>/dev/null) | gzip -1 >"$output" || exit 2
echo "cross-kernel: initramfs $output ($(du -k "$output" | cut -f1) KiB, $(echo "$libraries" | tr ' ' '\n' | sort -u | wc -w) libraries, ${curl_tool:-no} curl tool)"
