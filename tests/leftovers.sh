# Sourced by the fault tests (test-faults.sh, test-interruption.sh,
# test-capture-drops.sh, test-resource-limits.sh): runs finrst so that
# whatever it leaves behind can be found afterwards, and checks that nothing
# is. What a run could leave, and how each is found:
#
#   processes    every process of the run inherits an environment marker
#                (FINRST_LEFTOVER_...), which /proc/PID/environ shows even
#                after a side moved to its own process group or session;
#   descriptors  finrst lists the descriptors it holds at start and at exit
#                (the test-only FINRST_TEST_DESCRIPTORS): a descriptor a
#                cell leaked would vanish with the process otherwise;
#   namespaces   the network namespaces the run's processes were seen in
#                while it ran: afterwards no process may still be in one;
#   temporaries  the run gets a TMPDIR of its own, which must end empty, and
#                its output directory must hold only finished files.
#
# The caller defines pass() and fail() and sets $tmp (a directory of its
# own). Then:
#   leftovers_start NAME COMMAND [ARGS...]   runs COMMAND in the background,
#                                            watched; $watched_pid is its pid
#   leftovers_wait [SECONDS]                 waits for it (killing it and
#                                            failing after SECONDS, default
#                                            60); $watched_status is its exit
#                                            status, $watched_seconds how long
#                                            it was waited for, $watched_stdout
#                                            and $watched_stderr its output
#   leftovers_check LABEL [OUTPUT_DIR]       checks that nothing is left
# Its own variables start with lo_ or watched_, so as not to touch the caller's.

leftovers_start() {
	watched_name=$1
	shift
	watched_marker="FINRST_LEFTOVER_$$_${watched_name}"
	watched_tmpdir="$tmp/$watched_name.tmpdir"
	watched_stdout="$tmp/$watched_name.stdout"
	watched_stderr="$tmp/$watched_name.stderr"
	watched_namespaces="$tmp/$watched_name.namespaces"
	mkdir -p "$watched_tmpdir"
	# A run under another user (test-resource-limits.sh) writes here too.
	chmod 1777 "$watched_tmpdir"
	: > "$watched_namespaces"
	env "$watched_marker=1" TMPDIR="$watched_tmpdir" FINRST_TEST_DESCRIPTORS=1 "$@" \
		> "$watched_stdout" 2> "$watched_stderr" &
	watched_pid=$!
}

# The pids of the processes that carry the run's marker.
leftovers_marked() {
	grep -l "$watched_marker=" /proc/[0-9]*/environ 2>/dev/null | sed 's|^/proc/||; s|/environ$||'
}

# Notes the network namespaces the run's processes are in, other than ours.
leftovers_note_namespaces() {
	lo_own=$(readlink /proc/$$/ns/net)
	for lo_pid in $(leftovers_marked); do
		lo_namespace=$(readlink "/proc/$lo_pid/ns/net" 2>/dev/null) || continue
		if [ "$lo_namespace" != "$lo_own" ] && ! grep -qxF "$lo_namespace" "$watched_namespaces"; then
			echo "$lo_namespace" >> "$watched_namespaces"
		fi
	done
}

leftovers_wait() {
	lo_limit=${1:-60}
	lo_began=$(date +%s)
	while kill -0 "$watched_pid" 2>/dev/null; do
		leftovers_note_namespaces
		# A zombie has exited: its status is ready for wait.
		case $(cut -d' ' -f3 "/proc/$watched_pid/stat" 2>/dev/null) in
		Z) break ;;
		esac
		if [ $(($(date +%s) - lo_began)) -ge "$lo_limit" ]; then
			fail "$watched_name: ended in time" "still running after $lo_limit s: killed"
			kill -KILL "$watched_pid" 2>/dev/null
			break
		fi
		sleep 0.05
	done
	wait "$watched_pid"
	watched_status=$?
	watched_seconds=$(($(date +%s) - lo_began))
}

leftovers_check() {
	lo_label=$1
	lo_output=$2
	lo_pids=$(leftovers_marked)
	if [ -z "$lo_pids" ]; then
		pass "$lo_label: no process left behind"
	else
		fail "$lo_label: processes left behind" "$(ps -o pid,ppid,pgid,sid,stat,args -p "$(echo $lo_pids | tr ' ' ',')" 2>&1)"
		kill -KILL $lo_pids 2>/dev/null
	fi

	lo_start=$(sed -n 's/^finrst: test: descriptors open at start: *//p' "$watched_stderr" | head -1)
	lo_end=$(sed -n 's/^finrst: test: descriptors open at exit: *//p' "$watched_stderr" | tail -1)
	if ! grep -q '^finrst: test: descriptors open at exit:' "$watched_stderr"; then
		fail "$lo_label: descriptors" "finrst did not reach its exit (status $watched_status): $(tail -3 "$watched_stderr")"
	elif [ "$lo_start" = "$lo_end" ]; then
		pass "$lo_label: every descriptor given back (open at exit as at start: $lo_end)"
	else
		fail "$lo_label: descriptors left open" "at start: $lo_start; at exit: $lo_end"
	fi

	lo_seen=$(wc -l < "$watched_namespaces")
	lo_held=""
	for lo_namespace in $(cat "$watched_namespaces"); do
		for lo_link in /proc/[0-9]*/ns/net; do
			if [ "$(readlink "$lo_link" 2>/dev/null)" = "$lo_namespace" ]; then
				lo_held="$lo_held $lo_namespace:${lo_link#/proc/}"
			fi
		done
	done
	if [ -z "$lo_held" ]; then
		pass "$lo_label: no network namespace left ($lo_seen seen while it ran)"
	else
		fail "$lo_label: network namespaces still held" "$lo_held"
	fi

	lo_left=$(find "$watched_tmpdir" -mindepth 1 2>/dev/null | head -5)
	if [ -n "$lo_output" ] && [ -d "$lo_output" ]; then
		lo_left="$lo_left$(find "$lo_output" -type f ! -name '*.pcap' ! -name '*.json' ! -name '*.xml' ! -name '*.html' | head -5)"
	fi
	if [ -z "$lo_left" ]; then
		pass "$lo_label: no temporary file left"
	else
		fail "$lo_label: temporary files left" "$lo_left"
	fi
}
