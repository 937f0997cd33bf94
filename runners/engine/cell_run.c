#include "runners/engine/cell_run.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "runners/engine/external_client.h"
#include "runners/engine/external_server.h"
#include "runners/system/failure_text.h"
#include "runners/system/platform.h"
#include "runners/engine/side_program.h"
#include "runners/engine/side_worker.h"
#include "runners/engine/server_address.h"

static int fail_start(struct cell_run *run, const char *what)
{
	char why[160];
	snprintf(run->result->error, sizeof run->result->error, "%s: %s", what, failure_text(errno, why, sizeof why));
	run->result->verdict = VERDICT_ERROR;
	return -1;
}

static int open_listener(struct cell_run *run)
{
	struct sockaddr_storage address;
	socklen_t size = server_address(run->result->cell.family, 0, &address);
	run->listener = socket(run->result->cell.family, SOCK_STREAM, 0);
	if (run->listener < 0)
		return fail_start(run, "cannot create the listening socket");
	fcntl(run->listener, F_SETFD, FD_CLOEXEC);   /* portable: macOS has no SOCK_CLOEXEC */
	if (bind(run->listener, (struct sockaddr *)&address, size) != 0)
		return fail_start(run, run->result->cell.family == AF_INET6
					       ? "cannot bind the listener to a free port on ::1"
					       : "cannot bind the listener to a free port on 127.0.0.1");
	if (listen(run->listener, 1) != 0)
		return fail_start(run, "cannot listen");
	if (getsockname(run->listener, (struct sockaddr *)&address, &size) != 0)
		return fail_start(run, "cannot read the listener's port");
	run->port = ntohs(run->result->cell.family == AF_INET6
				  ? ((struct sockaddr_in6 *)&address)->sin6_port
				  : ((struct sockaddr_in *)&address)->sin_port);
	return 0;
}

/* An external server listens by itself: the cell gets a port that was free a
 * moment ago (bound to port 0, read, closed) and the program is given it.
 * The capture claims that port's frames as it claims a listener's. */
static int pick_free_port(struct cell_run *run)
{
	if (open_listener(run) != 0)
		return -1;
	close(run->listener);
	run->listener = -1;
	return 0;
}

static void pcap_name(const struct cell *cell, char *out, size_t size)
{
	snprintf(out, size, "pcaps/%s.pcap", cell->id);
	for (char *c = out + strlen("pcaps/"); *c; c++)
		if (*c == '/')
			*c = '_';
}

static int open_dump(struct cell_run *run, const struct run_options *options)
{
	char path[4096];
	if (!run->capture || !options->output_directory)
		return 0;
	pcap_name(&run->result->cell, run->result->pcap, sizeof run->result->pcap);
	snprintf(path, sizeof path, "%s/%s", options->output_directory, run->result->pcap);
	if (pcap_file_open(&run->pcap, run->capture->handle, path, run->fatal, sizeof run->fatal) == 0) {
		run->pcap_open = 1;
		return 0;
	}
	snprintf(run->result->error, sizeof run->result->error, "%s", run->fatal);
	run->result->pcap[0] = '\0';
	run->result->verdict = VERDICT_ERROR;
	return -1;
}

int cell_run_claims(const struct cell_run *run, const struct tcp_frame *frame)
{
	return run->port && frame->family == run->result->cell.family &&
	       (frame->source_port == run->port || frame->destination_port == run->port);
}

void cell_run_take_frame(struct cell_run *run, const struct pcap_pkthdr *header, const uint8_t *bytes,
			 const struct tcp_frame *frame)
{
	if (run->pcap_open)
		pcap_file_add(&run->pcap, header, bytes);
	int64_t t_us = (int64_t)header->ts.tv_sec * 1000000 + header->ts.tv_usec - run->epoch_realtime_us;
	segment_list_add(&run->result->segments, frame, t_us);
}

/* The user's server program: the side becomes its supervisor
 * (runners/external_server.c), holding only the runner's watch pipe. */
static void external_server_process(struct cell_run *run, int alive)
{
	int fds[] = { alive };
	side_become();
	side_keep_only(fds, 1);
	external_server_supervise(run->assignment.pattern->command, run->assignment.family, run->port, run->server.log);
}

static void server_process(struct cell_run *run, int from_client, int to_client, int alive)
{
	if (run->assignment.pattern->command)
		external_server_process(run, alive);
	int fds[] = { run->listener, from_client, to_client, alive };
	side_become();
	side_keep_only(fds, 4);
	side_serve(&run->assignment, run->server.log, fds[0], fds[1], fds[2]);
	_exit(0);
}

static int prepare_external_client(const struct cell_run *run, struct external_client *client,
				   struct call_log *log, int watch)
{
	return external_client_prepare(client, run->assignment.mode->command, run->program, run->assignment.family,
				       run->port, watch, log);
}

/* `server_gone`: the read end of the server side's watch pipe, which an
 * external server's client watches while it waits for the server to listen. */
static void client_process(struct cell_run *run, int from_server, int to_server, int control, int server_gone)
{
	int external_server = run->assignment.pattern->command != NULL;
	int fds[] = { from_server, to_server, control, server_gone };
	side_become();
	side_keep_only(fds, external_server ? 4 : 3);
	/* An external client reaches this fork only to wait for an external
	 * server first; start_client spawns the others without a fork. */
	if (run->assignment.mode->command) {
		struct external_client client;
		side_await_external_server(&run->assignment, run->client.log, fds[3]);
		if (prepare_external_client(run, &client, run->client.log, fds[2]) != 0)
			_exit(2);
		external_client_exec(&client);
	}
	side_run_client(&run->assignment, run->client.log, fds[0], fds[1], fds[2], external_server ? fds[3] : -1);
	_exit(0);
}

static void close_pair(int pair[2])
{
	if (pair[0] >= 0)
		close(pair[0]);
	if (pair[1] >= 0)
		close(pair[1]);
	pair[0] = pair[1] = -1;
}

static void take_worker(struct side_process *side, struct side_worker *worker)
{
	side->worker = worker;
	side->pid = worker->pid;
	side->watch = worker->control;
	side->log = worker->log;
}

/* Hands the side to the slot's worker, forking one first if none runs (the
 * slot's first cell, or its last side ended its process). */
static int start_in_worker(struct cell_run *run, struct side_process *side, struct side_worker *worker,
			   const int *fds, int count)
{
	const char *what = NULL;
	if (side_worker_ensure(worker, &what) != 0)
		return fail_start(run, what);
	if (side_worker_assign(worker, &run->assignment, run->started_us, fds, count) != 0)
		return fail_start(run, worker->side == SIDE_SERVER ? "cannot hand the cell to the server's worker"
								   : "cannot hand the cell to the client's worker");
	take_worker(side, worker);
	return 0;
}

/* A side forked for the cell, or, given `program`, an external client's
 * program spawned (its write end of `watch` as descriptor 3): `watch` becomes
 * the read end of a pipe only the side holds open. */
static int start_forked(struct cell_run *run, struct side_process *side, const char *what_fork, int watch[2],
			struct external_client *program)
{
	if (!(side->log = call_log_create(run->started_us)))
		return fail_start(run, "cannot map memory for the observations");
	if (program && prepare_external_client(run, program, side->log, watch[1]) != 0)
		return fail_start(run, "cannot ready the client program's command line");
	side->pid = program ? platform_spawn(external_client_exec, program) : fork();
	if (program)
		external_client_release(program);
	if (side->pid < 0)
		return fail_start(run, what_fork);
	if (side->pid > 0) {
		setpgid(side->pid, side->pid);
		side->watch = watch[0];
		watch[0] = -1;
	}
	return 0;
}

static int start_server(struct cell_run *run, struct side_worker *worker, int from_client, int to_client)
{
	int alive[2] = { -1, -1 };
	if (worker) {
		int fds[] = { run->listener, from_client, to_client };
		return start_in_worker(run, &run->server, worker, fds, 3);
	}
	if (pipe(alive) != 0)
		return fail_start(run, "cannot create the pipes that order the two sides");
	int status = start_forked(run, &run->server, "cannot fork the server", alive, NULL);
	if (status == 0 && run->server.pid == 0)
		server_process(run, from_client, to_client, alive[1]);
	close_pair(alive);
	return status;
}

static int start_client(struct cell_run *run, struct side_worker *worker, int from_server, int to_server)
{
	int control[2] = { -1, -1 };
	if (worker) {   /* with the server's watch pipe, if it waits for a --server-cmd program */
		int fds[] = { from_server, to_server, run->server.watch };
		return start_in_worker(run, &run->client, worker, fds, run->assignment.pattern->command ? 3 : 2);
	}
	struct external_client program;
	int spawn = run->assignment.mode->command && !run->assignment.pattern->command;
	if (pipe(control) != 0)
		return fail_start(run, "cannot create the pipes that order the two sides");
	int status = start_forked(run, &run->client, spawn ? "cannot start the client program" : "cannot fork the client",
				  control, spawn ? &program : NULL);
	if (status == 0 && run->client.pid == 0)
		client_process(run, from_server, to_server, control[1], run->server.watch);
	close_pair(control);
	return status;
}

/* Each side runs in the slot's worker where it is finrst's own code. A
 * program of the user's gets a process forked for the cell: an external
 * client replaces its process (exec), an external server's supervisor is
 * killed with its group at the end. So does every side with
 * --fresh-processes (no workers). */
static int start_sides(struct cell_run *run, struct side_worker_pair *workers)
{
	int to_server[2] = { -1, -1 }, to_client[2] = { -1, -1 };
	struct side_worker *server = workers && !run->assignment.pattern->command ? &workers->server : NULL;
	struct side_worker *client = workers && !run->assignment.mode->command ? &workers->client : NULL;
	if (pipe(to_server) || pipe(to_client))
		fail_start(run, "cannot create the pipes that order the two sides");
	else if (start_server(run, server, to_server[0], to_client[1]) == 0)
		start_client(run, client, to_client[0], to_server[1]);
	close_pair(to_server);
	close_pair(to_client);
	return run->result->verdict == VERDICT_ERROR ? -1 : 0;
}

/* Why the cell cannot run here (a program that is not installed), or NULL.
 * A program found by its lookup (or named by FINRST_PYTHON) is there,
 * whatever PATH says of command[0]. */
static const char *why_unavailable(const struct cell_run *run)
{
	const struct cell *cell = &run->result->cell;
	const char *unavailable = run->program ? NULL : mode_unavailable(cell->mode);
	if (!unavailable)
		unavailable = pattern_unavailable(cell->pattern);
	if (!unavailable && cell->pattern->command && platform_port_listening(0) < 0)
		unavailable = "this platform cannot tell when the --server-cmd program listens without connecting to it";
	return unavailable;
}

int cell_run_start(struct cell_run *run, struct cell_result *result, const struct run_options *options,
		   struct capture *capture, struct side_worker_pair *workers)
{
	memset(run, 0, sizeof *run);
	run->result = result;
	run->capture = capture;
	run->listener = run->client.watch = run->server.watch = -1;
	run->started_us = monotonic_us();
	run->epoch_realtime_us = realtime_us();
	run->deadline_us = run->started_us + options->time_limit_ms * 1000;
	segment_list_init(&result->segments, 0);
	result->verdict = VERDICT_PASS;
	run->assignment = (struct side_assignment){ result->cell.mode, result->cell.pattern, result->cell.family, 0,
						    run->deadline_us };
	run->program = result->cell.mode->lookup ? result->cell.mode->lookup->path() : NULL;
	const char *unavailable = why_unavailable(run);
	if (unavailable) {   /* an honest skip, with the reason, not a failure */
		snprintf(result->error, sizeof result->error, "%s", unavailable);
		result->verdict = VERDICT_SKIP;
		run->finished = 1;
		return -1;
	}
	/* The pcap is created once the sides run: creating a file can take the
	 * runner a millisecond (ext4 without a journal looks for recently
	 * deleted inodes), and no frame is read before the next reading of the
	 * capture. */
	if ((result->cell.pattern->command ? pick_free_port(run) : open_listener(run)) == 0) {
		result->segments.server_port = run->port;
		run->assignment.port = run->port;
		if (start_sides(run, workers) == 0)
			open_dump(run, options);
	}
	if (result->verdict == VERDICT_ERROR) {
		run->finished = 1;
		return -1;
	}
	return 0;
}

int cell_run_watch(const struct cell_run *run, struct pollfd *fds)
{
	int count = 0;
	if (run->client.watch >= 0)
		fds[count++] = (struct pollfd){ run->client.watch, POLLIN, 0 };
	if (run->server.watch >= 0)
		fds[count++] = (struct pollfd){ run->server.watch, POLLIN, 0 };
	return count;
}

static void reap(struct side_process *side)
{
	if (side->worker) {
		side->status = side_worker_reap(side->worker, 0);
	} else {
		close(side->watch);
		while (waitpid(side->pid, &side->status, 0) < 0 && errno == EINTR)
			;
	}
	side->watch = -1;
	side->exited = 1;
}

/* A worker's side that returned is what a forked side's exit(0) was; the
 * worker itself waits for the slot's next cell. */
static void side_returned(struct side_process *side)
{
	side->status = 0;
	side->exited = 1;
	side->watch = -1;
}

/* What a side said: a forked side's pipe carries only a request to be
 * killed, and its end; a worker's socket also its "done". */
static enum worker_report read_report(const struct side_process *side)
{
	char byte;
	if (side->worker)
		return side_worker_read(side->worker);
	ssize_t got = read(side->watch, &byte, 1);
	if (got == 1)
		return byte == PEER_KILL_REQUEST ? WORKER_KILL_REQUEST : WORKER_SILENT;
	return got < 0 && (errno == EAGAIN || errno == EINTR) ? WORKER_SILENT : WORKER_GONE;
}

static void read_side(struct cell_run *run, struct side_process *side)
{
	switch (read_report(side)) {
	case WORKER_KILL_REQUEST:   /* the kill mode: its end is the SIGKILL */
		run->killed_on_request = 1;
		kill(side->pid, SIGKILL);
		break;
	case WORKER_DONE:
		side_returned(side);
		break;
	case WORKER_GONE:
		reap(side);
		break;
	case WORKER_SILENT:
		break;
	}
}

static int readable(int fd)
{
	struct pollfd watch = { fd, POLLIN, 0 };
	return fd >= 0 && poll(&watch, 1, 0) > 0;
}

static void time_out(struct cell_run *run)
{
	if (run->result->cell.pattern->command) {
		external_server_timeout_text(run->client.log, run->result->cell.family, run->port, run->client.exited,
					     (long long)(monotonic_us() - run->started_us) / 1000, run->error,
					     sizeof run->error);
		run->finished = 1;
		return;
	}
	const char *still = !run->client.exited && !run->server.exited ? "the client and the server were"
			    : !run->client.exited ? "the client was"
			    : !run->server.exited ? "the server was"
			    : NULL;
	long long elapsed = (long long)(monotonic_us() - run->started_us) / 1000;
	if (still)
		snprintf(run->error, sizeof run->error, "timed out after %lld ms: %s still running (killed)",
			 elapsed, still);
	else
		snprintf(run->error, sizeof run->error,
			 "timed out after %lld ms: both sides exited but the connection did not finish on the wire",
			 elapsed);
	run->finished = 1;
}

void cell_run_interrupt(struct cell_run *run, const char *why)
{
	snprintf(run->error, sizeof run->error, "%s", why);
	run->finished = 1;
}

static int exited_with_failure(const struct side_process *side, int expected_kill)
{
	return side->exited && ((WIFEXITED(side->status) && WEXITSTATUS(side->status) != 0) ||
				(WIFSIGNALED(side->status) && !(expected_kill && WTERMSIG(side->status) == SIGKILL)));
}

/* Both sides are gone, one of them failed, and not one segment of the
 * connection was seen: a connect() that found no free port never sent a SYN,
 * so nothing will ever come to finish on the wire. The failure makes the cell
 * an error, whatever the wire would have shown. */
static int gave_up_before_connecting(const struct cell_run *run)
{
	return run->client.exited && run->server.exited && run->result->segments.count == 0 &&
	       (exited_with_failure(&run->client, run->killed_on_request) || exited_with_failure(&run->server, 0));
}

/* A program in place of the client that exited while no segment of any
 * connection to the cell's port was captured never connected: nothing can
 * come to finish on the wire, and finrst's server would wait in accept()
 * until the time limit. The SYN of a connect() is captured before connect()
 * returns, so an empty capture is evidence. Without a capture there is
 * none, and the time limit decides. */
static int external_client_never_connected(struct cell_run *run)
{
	const struct side_process *client = &run->client;
	if (!run->result->cell.mode->command || !client->exited || !run->capture || run->result->segments.count > 0)
		return 0;
	if (external_client_gone_text(client->status, run->port, run->error, sizeof run->error))
		run->result->program_not_run = 1;
	return 1;
}

void cell_run_read_sides(struct cell_run *run)
{
	if (run->finished)
		return;
	if (readable(run->client.watch))
		read_side(run, &run->client);
	if (readable(run->server.watch))
		read_side(run, &run->server);
}

void cell_run_advance(struct cell_run *run)
{
	if (run->finished)
		return;
	/* An external server is not expected to exit: it is killed at the end. */
	int sides_done = run->client.exited && (run->server.exited || run->result->cell.pattern->command);
	int wire_done = !run->capture || segments_connection_finished(&run->result->segments) ||
			gave_up_before_connecting(run);
	/* A client that gave up waiting for an external server never connected:
	 * there is no connection to finish on the wire. */
	int never_connected = run->result->cell.pattern->command && run->client.exited &&
			      external_server_never_listened(run->client.log->calls, call_log_size(run->client.log));
	if ((sides_done && wire_done) || never_connected)
		run->finished = 1;
	else if (!run->result->cell.pattern->command && external_client_never_connected(run))
		run->finished = 1;
	else if (monotonic_us() >= run->deadline_us)
		time_out(run);
}

/* An external program's exit status is its own outcome, not finrst's error,
 * unless it could not be run at all (127): it goes into its calls. */
static void note_external_exit(struct cell_run *run)
{
	if (external_client_note_exit(&run->result->client_calls, run->client.status,
				      monotonic_us() - run->started_us))
		run->client.status = 0;   /* judged by its outcome, not as a failure of the cell */
}

/* The user's server, likewise; one still running when the cell ended, as a
 * server is, was killed with its process group. */
static void note_external_server_end(struct cell_run *run, int was_running)
{
	int status = run->server.status;
	external_server_note_end(&run->result->server_calls, was_running, monotonic_us() - run->started_us);
	if (was_running || !(WIFEXITED(status) && WEXITSTATUS(status) == 127))
		run->server.status = 0;   /* judged by its outcome, not as a failure of the cell */
}

static void copy_calls(const struct call_log *log, struct call_list *out)
{
	size_t count = call_log_size(log);
	out->items = calloc(count ? count : 1, sizeof *out->items);
	out->count = out->items ? count : 0;
	if (out->items)
		memcpy(out->items, log->calls, count * sizeof *out->items);
}

/* A side that crashed or gave up is reported with what it was doing. */
static void explain_exit(struct cell_run *run, const char *who, const struct side_process *side,
			 const struct call_list *calls, int expected_kill)
{
	char *error = run->result->error;
	size_t size = sizeof run->result->error;
	if (run->result->verdict == VERDICT_ERROR || !side->exited)
		return;
	if (WIFSIGNALED(side->status) && !(expected_kill && WTERMSIG(side->status) == SIGKILL)) {
		snprintf(error, size, "the %s was killed by signal %d (%s)", who, WTERMSIG(side->status),
			 strsignal(WTERMSIG(side->status)));
	} else if (WIFEXITED(side->status) && WEXITSTATUS(side->status) != 0) {
		const struct call *failed = call_list_last_failed(calls);
		/* No call failed: a side that gave up for a reason of its own says
		 * why in the detail of its last mark ("@client-gone"). */
		const struct call *last = calls->count ? &calls->items[calls->count - 1] : NULL;
		if (!failed && last && last->name[0] == '@' && last->detail[0])
			snprintf(error, size, "the %s gave up (exit status %d): %s", who, WEXITSTATUS(side->status),
				 last->detail);
		else
			snprintf(error, size, "the %s gave up (exit status %d)%s%s%s%s", who,
				 WEXITSTATUS(side->status), failed ? ": " : "", failed ? failed->name : "",
				 failed ? " failed with " : "", failed ? errno_name(failed->err) : "");
	} else {
		return;
	}
	run->result->verdict = VERDICT_ERROR;
}

/* A side still running when its cell ends is killed with its process group
 * (forked copies too), a worker included: the slot's next cell forks a new
 * one. A forked side that exited may have left copies: its group is killed
 * as well. A worker that returned holds nothing of the cell. */
static void stop_sides(struct cell_run *run)
{
	struct side_process *sides[] = { &run->client, &run->server };
	for (int i = 0; i < 2; i++) {
		struct side_process *side = sides[i];
		if (side->pid <= 0 || (side->worker && side->exited))
			continue;
		if (side->worker) {
			side_worker_reap(side->worker, 1);
			side->watch = -1;
			side->exited = 1;
			side->status = -1;
			continue;
		}
		kill(-side->pid, SIGKILL);
		if (!side->exited) {
			if (side->watch >= 0)
				close(side->watch);
			side->watch = -1;
			while (waitpid(side->pid, &side->status, 0) < 0 && errno == EINTR)
				;
			side->exited = 1;
			side->status = -1;
		}
	}
}

static void collect_capture(struct cell_run *run)
{
	struct cell_result *result = run->result;
	if (!run->capture)
		return;
	if (run->capture_incomplete && result->verdict != VERDICT_ERROR) {
		snprintf(result->error, sizeof result->error,
			 result->retried[0] ? "capture incomplete: the kernel dropped frames while this cell ran, "
					      "on its second run as on its first"
					    : "capture incomplete: the kernel dropped frames while this cell ran");
		result->verdict = VERDICT_ERROR;
	}
	result->wire_seen = 1;
	if (run->pcap_open && pcap_file_commit(&run->pcap, run->fatal, sizeof run->fatal) != 0) {
		snprintf(result->error, sizeof result->error, "%s", run->fatal);
		result->pcap[0] = '\0';
		result->verdict = VERDICT_ERROR;
	}
	run->pcap_open = 0;
}

void cell_run_finish(struct cell_run *run)
{
	struct cell_result *result = run->result;
	int timed_out = run->error[0] != 0;
	int server_was_running = !run->server.exited;
	stop_sides(run);
	if (timed_out && result->verdict != VERDICT_ERROR) {
		snprintf(result->error, sizeof result->error, "%s", run->error);
		result->verdict = VERDICT_ERROR;
	}
	collect_capture(run);
	if (run->client.log && run->server.log) {
		copy_calls(run->client.log, &result->client_calls);
		copy_calls(run->server.log, &result->server_calls);
	}
	if (!timed_out && result->cell.mode->command && run->client.exited && run->client.status != -1)
		note_external_exit(run);
	if (result->cell.pattern->command && run->server.pid > 0)
		note_external_server_end(run, server_was_running);
	if (!timed_out && result->cell.pattern->command && run->server.pid > 0 && result->verdict != VERDICT_ERROR &&
	    external_server_explain(&result->client_calls, &result->server_calls, run->server.status, result->error,
				    sizeof result->error, &result->program_not_run))
		result->verdict = VERDICT_ERROR;
	if (!timed_out) {
		explain_exit(run, "client", &run->client, &result->client_calls, run->killed_on_request);
		explain_exit(run, "server", &run->server, &result->server_calls, 0);
	}
	outcome_from_evidence(&result->segments, &result->client_calls, &result->server_calls,
			      result->wire_seen, &result->outcome);
	if (!run->client.worker)
		call_log_destroy(run->client.log);
	if (!run->server.worker)
		call_log_destroy(run->server.log);
	run->client.log = run->server.log = NULL;
	if (run->listener >= 0)
		close(run->listener);
	run->listener = -1;
	result->duration_ms = (double)(monotonic_us() - run->started_us) / 1000.0;
}
