#!/bin/sh
# Downloads Debian's current 6.1 kernel package and unpacks it (no install on
# the host): the second Linux that `make cross-kernel` compares against.
# Prints the path of the unpacked kernel image.
#
# usage: sh tests/cross-kernel/fetch-kernel.sh DIR
# exit: 0, or 2 when the package cannot be found, downloaded or unpacked.
dir=${1:?usage: fetch-kernel.sh DIR}
mkdir -p "$dir" || exit 2
cd "$dir" || exit 2

# The metapackage names the current ABI (linux-image-6.1.0-NN-amd64), which
# changes with every point release; asking for it avoids a stale pin.
package=$(apt-cache depends linux-image-amd64 2>/dev/null |
	sed -n 's/^ *Depends: \(linux-image-6\.1\.[0-9-]*-amd64\)$/\1/p' | head -n 1)
if [ -z "$package" ]; then
	package=$(apt-cache search --names-only '^linux-image-6\.1\.[0-9-]*-amd64$' 2>/dev/null |
		awk '{print $1}' | sort -V | tail -n 1)
fi
if [ -z "$package" ]; then
	echo "cross-kernel: cannot find Debian's linux-image-6.1 package (apt-cache knows none: run apt-get update)" >&2
	exit 2
fi
release=${package#linux-image-}
image="$dir/unpacked/boot/vmlinuz-$release"
if [ -f "$image" ]; then
	echo "$image"
	exit 0
fi
rm -f "$package"_*.deb
# apt-get download works without root; _apt may not write here, which apt
# only warns about.
if ! apt-get download "$package" >download.log 2>&1; then
	echo "cross-kernel: cannot download $package:" >&2
	cat download.log >&2
	exit 2
fi
rm -rf unpacked
if ! dpkg-deb -x "$package"_*.deb unpacked; then
	echo "cross-kernel: cannot unpack $package with dpkg-deb -x" >&2
	exit 2
fi
if [ ! -f "$image" ]; then
	echo "cross-kernel: $package has no $image" >&2
	exit 2
fi
echo "$image"
