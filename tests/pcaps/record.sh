#!/usr/bin/env bash
# Records the loopback captures that tests/test_segments.c decodes, and the
# tshark fixtures it compares the decoder with.
#
# Regenerate (Linux, as root, with tcpdump, tshark and python3 installed):
#     tests/pcaps/record.sh
# It writes into the directory it lives in, overwriting the committed files;
# sequence numbers and client ports change on every recording, so the
# fixtures must be regenerated with the captures, never edited by hand.
# Only loopback is captured, filtered to the scenario's server port, and
# every tcpdump runs under a timeout.
#
# Captures (NAME.pcap, snaplen 128 so that payloads are cut short):
#   en10mb-*  tcpdump -i lo                       (DLT_EN10MB)
#   sll-*     tcpdump -i any -y LINUX_SLL         (DLT_LINUX_SLL)
#   sll2-*    tcpdump -i any -y LINUX_SLL2        (DLT_LINUX_SLL2)
#   *-midstream-*  the capture starts after the handshake and a first exchange
#   null-*, loop-*, raw-*, ipv4-*  converted from an en10mb capture by
#             make-null-linktype.py, since Linux cannot capture those link types
# The scenarios are described in exchange.py.
#
# Fixtures (NAME.tshark.tsv): one line per frame, written by
#     tshark -r NAME.pcap -o tcp.relative_sequence_numbers:TRUE \
#         -o tcp.analyze_sequence_numbers:TRUE -T fields -E header=y \
#         -e frame.number -e frame.time_relative -e ip.version -e ipv6.version \
#         -e tcp.srcport -e tcp.dstport -e tcp.flags -e tcp.seq -e tcp.ack \
#         -e tcp.seq_raw -e tcp.ack_raw -e tcp.len -e tcp.window_size_value
# (TSHARK_OPTIONS and TSHARK_FIELDS below). tcp.seq/tcp.ack are tshark's relative
# numbers; tcp.seq_raw/tcp.ack_raw let the test check where finrst's notion
# of relative differs from tshark's (a capture without the SYN).
set -euo pipefail

cd "$(dirname "$0")"

SNAPLEN=128
TSHARK_OPTIONS=(-o tcp.relative_sequence_numbers:TRUE -o tcp.analyze_sequence_numbers:TRUE)
TSHARK_FIELDS=(-e frame.number -e frame.time_relative -e ip.version -e ipv6.version
	-e tcp.srcport -e tcp.dstport -e tcp.flags -e tcp.seq -e tcp.ack
	-e tcp.seq_raw -e tcp.ack_raw -e tcp.len -e tcp.window_size_value)

# Server ports below Linux's ephemeral range (32768-60999), so that no
# client of an earlier recording still holds one in TIME_WAIT.
declare -A PORT=(
	[client-fin-first]=27001 [server-fin-first]=27002 [linger0]=27003
	[close-unread]=27004 [half-close]=27005 [fin-then-rst]=27006
)

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# Starts tcpdump in the background and returns once it is capturing.
start_capture() { # PCAP INTERFACE LINKTYPE|"" PORT
	local pcap=$1 interface=$2 linktype=$3 port=$4
	# -Z: write the files as whoever records them, not as tcpdump's own user.
	local args=(-i "$interface" -s "$SNAPLEN" -U --immediate-mode -Z "$(id -un)" -w "$pcap")
	[ -n "$linktype" ] && args+=(-y "$linktype")
	: >"$WORK/tcpdump.err"
	timeout -s INT 60 tcpdump "${args[@]}" "tcp port $port" 2>"$WORK/tcpdump.err" &
	TCPDUMP_PID=$!
	wait_for_line "$WORK/tcpdump.err" "listening on"
}

stop_capture() {
	# The last ACK left with the exchange's final close; give tcpdump a
	# moment to write it before asking it to stop.
	sleep 1
	kill -INT "$TCPDUMP_PID"
	wait "$TCPDUMP_PID" || true
	cat "$WORK/tcpdump.err" >&2
}

wait_for_line() { # FILE TEXT
	for _ in $(seq 100); do
		grep -q "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	echo "timed out waiting for '$2' in $1" >&2
	return 1
}

record() { # NAME INTERFACE LINKTYPE|"" SCENARIO FAMILY
	local name=$1 interface=$2 linktype=$3 scenario=$4 family=$5
	start_capture "$name.pcap" "$interface" "$linktype" "${PORT[$scenario]}"
	timeout 20 python3 exchange.py "$scenario" "$family" "${PORT[$scenario]}"
	stop_capture
}

# The exchange warms the connection up first, then waits for the capture.
record_midstream() { # NAME INTERFACE LINKTYPE|"" SCENARIO FAMILY
	local name=$1 interface=$2 linktype=$3 scenario=$4 family=$5
	rm -f "$WORK/go" && mkfifo "$WORK/go"
	timeout 20 python3 exchange.py "$scenario" "$family" "${PORT[$scenario]}" --pause \
		<"$WORK/go" >"$WORK/exchange.out" &
	local exchange=$!
	exec 3>"$WORK/go"
	wait_for_line "$WORK/exchange.out" paused
	start_capture "$name.pcap" "$interface" "$linktype" "${PORT[$scenario]}"
	echo go >&3
	exec 3>&-
	wait "$exchange"
	stop_capture
}

fixture() { # NAME
	tshark -r "$1.pcap" "${TSHARK_OPTIONS[@]}" -T fields -E header=y "${TSHARK_FIELDS[@]}" \
		>"$1.tshark.tsv"
}

for family in ipv4 ipv6; do
	for scenario in "${!PORT[@]}"; do
		record "en10mb-$family-$scenario" lo "" "$scenario" "$family"
	done
	record_midstream "en10mb-$family-midstream-client-fin-first" lo "" client-fin-first "$family"
done
record sll-ipv4-client-fin-first any LINUX_SLL client-fin-first ipv4
record sll-ipv6-linger0 any LINUX_SLL linger0 ipv6
record sll2-ipv6-half-close any LINUX_SLL2 half-close ipv6
record sll2-ipv4-fin-then-rst any LINUX_SLL2 fin-then-rst ipv4
record_midstream sll2-ipv6-midstream-server-fin-first any LINUX_SLL2 server-fin-first ipv6

python3 make-null-linktype.py en10mb-ipv4-client-fin-first.pcap null-ipv4-client-fin-first.pcap
python3 make-null-linktype.py en10mb-ipv6-close-unread.pcap null-ipv6-close-unread.pcap --inet6 10
python3 make-null-linktype.py en10mb-ipv6-half-close.pcap null-ipv6-darwin-half-close.pcap --inet6 30
python3 make-null-linktype.py en10mb-ipv6-linger0.pcap loop-ipv6-linger0.pcap --link loop --inet6 24
python3 make-null-linktype.py en10mb-ipv4-fin-then-rst.pcap loop-ipv4-fin-then-rst.pcap --link loop
python3 make-null-linktype.py en10mb-ipv6-server-fin-first.pcap raw-ipv6-server-fin-first.pcap --link raw
python3 make-null-linktype.py en10mb-ipv4-linger0.pcap ipv4-linger0.pcap --link ipv4

for pcap in *.pcap; do
	fixture "${pcap%.pcap}"
done
# tshark reads DLT_NULL's AF_INET6 only as the BSDs' 24, 28 and 30, not as
# Linux's 10: this capture's frames are those of its Ethernet original.
fixture en10mb-ipv6-close-unread
cp en10mb-ipv6-close-unread.tshark.tsv null-ipv6-close-unread.tshark.tsv
