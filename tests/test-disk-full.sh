#!/bin/sh
# The output directory fills up while `finrst run` writes its files: on a
# tmpfs just too small, in turn, for the pcaps, for results.json, for the
# JUnit XML and for the HTML report (sizes worked out from a reference run of
# the same cells), and on a tmpfs made read-only. Each time finrst must exit
# 2 with one line "finrst: ..." naming the file it could not write, and
# leave nothing half-made: no temporary file, results.json absent or
# complete and readable, every report absent or complete, every pcap whole.
#
# Mounting needs root (or CAP_SYS_ADMIN); without it the test says skip with
# the reason. Each tmpfs is unmounted on the way out, whatever happens.
#
# usage: sh tests/test-disk-full.sh [BUILD_DIR]   (default: build). Ends with
# "disk-full: N passed, M failed".

build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
cells='close/*'

. "$root/tests/script-helpers.sh"
helpers_begin disk-full "$build"

finish() {
	helpers_end
	exit
}

if ! command -v python3 >/dev/null 2>&1; then
	echo "skip: python3 not installed: the files left on a full disk cannot be checked"
	finish
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/finrst-disk-full.XXXXXX") || exit 1
full=$tmp/full
mkdir -p "$full"
cleanup() {
	umount "$full" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ "$(id -u)" != 0 ]; then
	echo "skip: not root: mounting a small tmpfs to fill needs root"
	finish
fi
if ! mount -t tmpfs -o size=64k tmpfs "$full" 2>"$tmp/mount-error"; then
	echo "skip: mount -t tmpfs is not allowed here ($(cat "$tmp/mount-error")): a full disk cannot be made"
	finish
fi
umount "$full"

# What the run writes, in pages of tmpfs, from a reference run on a disk
# with room: the pcaps first (as the cells run), then results.json, then
# the JUnit XML, then the HTML report, each through a temporary file beside it.
reference=$tmp/reference
if ! "$finrst" run -o "$reference" --junit "$reference/junit.xml" --html "$reference/index.html" "$cells" \
	>"$tmp/reference.out" 2>&1; then
	fail "the reference run of $cells" "$(tail -5 "$tmp/reference.out")"
	finish
fi
pages() {
	python3 -c 'import os, sys; print(sum(-(-os.path.getsize(f) // 4096) for f in sys.argv[1:]))' "$@"
}
pcaps=$(pages "$reference"/pcaps/*.pcap)
results=$(pages "$reference/results.json")
junit=$(pages "$reference/junit.xml")
html=$(pages "$reference/index.html")
echo "reference run of $cells, in 4 KiB pages: pcaps $pcaps, results.json $results, junit.xml $junit, index.html $html"

# check_left DIR: what a failed run left in DIR is whole (see the header).
check_left() {
	python3 - "$1" <<'PY'
import json, os, re, struct, sys
import xml.dom.minidom
directory = sys.argv[1]
problems = []
for base, _, files in os.walk(directory):
    for name in files:
        path = os.path.join(base, name)
        relative = os.path.relpath(path, directory)
        if relative in ("results.json", "junit.xml", "index.html"):
            continue
        if re.fullmatch(r"pcaps/[^/]+\.pcap", relative):
            data = open(path, "rb").read()
            if len(data) < 24:
                problems.append(f"{relative}: {len(data)} bytes, not even a pcap header")
                continue
            order = "<" if data[:4] in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1") else ">"
            offset = 24
            while offset + 16 <= len(data):
                offset += 16 + struct.unpack(order + "I", data[offset + 8:offset + 12])[0]
            if offset != len(data):
                problems.append(f"{relative}: cut short in the middle of a frame ({len(data)} bytes)")
            continue
        problems.append(f"{relative}: left behind (a temporary file?)")
results = os.path.join(directory, "results.json")
if os.path.exists(results):
    try:
        document = json.load(open(results))
        assert document["format"] == "finrst-results" and document["cells"], "not whole finrst results"
    except Exception as problem:
        problems.append(f"results.json is there but not whole: {problem}")
junit = os.path.join(directory, "junit.xml")
if os.path.exists(junit):
    try:
        xml.dom.minidom.parse(junit)
    except Exception as problem:
        problems.append(f"junit.xml is there but not whole: {problem}")
html = os.path.join(directory, "index.html")
if os.path.exists(html) and not open(html, encoding="utf-8").read().rstrip().endswith("</html>"):
    problems.append("index.html is there but does not end with </html>")
for problem in problems:
    print(problem)
sys.exit(1 if problems else 0)
PY
}

# fill NAME PAGES FILE: a run on a tmpfs of PAGES pages exits 2 with one
# line naming FILE (a path relative to the tmpfs, or a glob of one), and
# leaves nothing half-made.
fill() {
	name=$1 size=$2 file=$3
	if ! mount -t tmpfs -o "size=$((size * 4096))" tmpfs "$full" 2>"$tmp/mount-error"; then
		fail "$name: mount a tmpfs of $size pages" "$(cat "$tmp/mount-error")"
		return
	fi
	"$finrst" run -o "$full" --junit "$full/junit.xml" --html "$full/index.html" "$cells" >"$tmp/out" 2>"$tmp/err"
	status=$?
	seen="exit $status; stderr:
$(cat "$tmp/err")
stdout (end):
$(tail -3 "$tmp/out")
left: $(cd "$full" && find . -type f | sort | tr '\n' ' ')"
	# $file may be a glob: the message's path must match it.
	said=$(sed -n "s|^finrst: cannot write $full/\([^:]*\): No space left on device\$|\1|p" "$tmp/err")
	if [ "$status" -ne 2 ]; then
		fail "$name: exit 2" "$seen"
	elif [ "$(wc -l <"$tmp/err" | tr -d ' ')" -ne 1 ] || ! grep -q '^finrst: ' "$tmp/err"; then
		fail "$name: one line 'finrst: ...' on stderr" "$seen"
	else
		# shellcheck disable=SC2254
		case $said in
		$file) pass "$name: exit 2, $(cat "$tmp/err")" ;;
		*) fail "$name: the message is 'cannot write $full/$file: No space left on device'" "$seen" ;;
		esac
	fi
	if check_left "$full" >"$tmp/left" 2>&1; then
		pass "$name: nothing half-made left ($(cd "$full" && find . -type f | wc -l | tr -d ' ') whole files)"
	else
		fail "$name: nothing half-made left" "$(cat "$tmp/left")"
	fi
	umount "$full"
}

fill "no room for the pcaps" $((pcaps / 2)) 'pcaps/*.pcap'
fill "no room for results.json" $((pcaps + results / 2)) results.json
fill "no room for junit.xml" $((pcaps + results)) junit.xml
fill "no room for index.html" $((pcaps + results + junit + html / 2)) index.html

# A file system that is read-only: refused before any cell runs.
if mount -t tmpfs -o size=64k,ro tmpfs "$full" 2>"$tmp/mount-error"; then
	"$finrst" run -o "$full/out" "$cells" >"$tmp/out" 2>"$tmp/err"
	status=$?
	if [ "$status" -eq 2 ] && [ "$(wc -l <"$tmp/err" | tr -d ' ')" -eq 1 ] &&
		grep -q "^finrst: .*$full/out.*: Read-only file system\$" "$tmp/err"; then
		pass "a read-only file system: exit 2, $(cat "$tmp/err")"
	else
		fail "a read-only file system: exit 2 and one line naming $full/out" "exit $status; $(cat "$tmp/err")"
	fi
	umount "$full"
else
	fail "mount a read-only tmpfs" "$(cat "$tmp/mount-error")"
fi

finish
