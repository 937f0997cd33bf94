#include "cases/peer.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define CHUNK_BYTES 65536

/* The side's stack, and a call made on it. */
#define ON_STACK(peer, call, ...) (stack_of(peer)->calls->call(stack_of(peer)->context, __VA_ARGS__))

static const struct stack *stack_of(const struct peer *peer)
{
	return peer->stack ? peer->stack : kernel_stack();
}

struct step_message {
	uint8_t step;
	uint8_t wait_for;
	uint8_t padding[6];
	uint64_t bytes_sent;
};

static const char *step_name(enum step step)
{
	switch (step) {
	case STEP_REQUEST_SENT: return "request-sent";
	case STEP_READY: return "ready";
	case STEP_TEARDOWN_DONE: return "teardown-done";
	case STEP_SERVER_ACTED: return "server-acted";
	case STEP_PROGRESS: return "progress";
	}
	return "?";
}

static struct call *observe(struct peer *peer, const char *name, const char *detail)
{
	return call_log_append(peer->log, name, detail);
}

static void finish(struct peer *peer, struct call *call, int64_t ret, int err)
{
	call->duration_us = monotonic_us() - peer->log->epoch_us - call->t_us;
	call->ret = ret;
	call->err = ret < 0 ? err : 0;
}

static void pause_briefly(void)
{
	/* Only where a wait woke without progress (the receive window closed). */
	struct timespec pause = { 0, 20000 };
	nanosleep(&pause, NULL);
}

/* Every wait a peer makes on its socket: the stack blocks until the
 * condition holds; the socket's STACK_STATE_* bits then, or 0 when the
 * wait failed. */
static unsigned wait_until(struct peer *peer, enum stack_wait condition, uint64_t amount)
{
	unsigned state = 0;
	if (ON_STACK(peer, wait, peer->socket, condition, amount, &state) != 0)
		return 0;
	return state;
}

#define ENDED (STACK_STATE_PEER_CLOSED | STACK_STATE_HANGUP | STACK_STATE_ERROR)

void peer_mark(struct peer *peer, const char *phase)
{
	call_log_mark(peer->log, phase);
}

/* No acknowledgement of ours may still be pending when the other side acts
 * on what we say, or it would cross that side's segments on the wire. */
static void flush_acknowledgements(struct peer *peer)
{
	if (peer->socket < 0)
		return;
	struct call *call = observe(peer, "quickack", "flush pending ACKs");
	finish(peer, call, ON_STACK(peer, flush_acknowledgements, peer->socket), errno);
}

void peer_tell(struct peer *peer, enum step step, unsigned wait_for)
{
	if (peer->other_is_external)
		return;
	flush_acknowledgements(peer);
	struct step_message message = { .step = (uint8_t)step, .wait_for = (uint8_t)wait_for,
					.bytes_sent = peer->bytes_sent };
	struct call *call = observe(peer, "tell", step_name(step));
	ssize_t written = write(peer->to_other, &message, sizeof message);
	finish(peer, call, written, errno);
}

static void wait_for_data(struct peer *peer, uint64_t bytes_sent)
{
	for (;;) {
		int64_t unread = ON_STACK(peer, bytes_unread, peer->socket);
		if (unread < 0 || peer->bytes_read + (uint64_t)unread >= bytes_sent)
			return;
		unsigned state = wait_until(peer, STACK_WAIT_READABLE, bytes_sent - peer->bytes_read);
		if (!state || (state & ENDED))
			return;
		if (ON_STACK(peer, bytes_unread, peer->socket) == unread)
			pause_briefly();
	}
}

static void wait_for_hangup(struct peer *peer)
{
	wait_until(peer, STACK_WAIT_HANGUP, 0);
}

static void wait_as_told(struct peer *peer, unsigned wait_for, uint64_t bytes_sent)
{
	if (peer->socket < 0)   /* closed here already: nothing left to observe */
		return;
	if (wait_for & WAIT_DATA)
		wait_for_data(peer, bytes_sent);
	if (wait_for & WAIT_HANGUP)
		wait_for_hangup(peer);
	flush_acknowledgements(peer);
}

int peer_await_any(struct peer *peer, unsigned steps)
{
	struct call *call = observe(peer, "await", NULL);
	struct step_message message;
	for (unsigned step = STEP_REQUEST_SENT, used = 0; step <= STEP_PROGRESS; step++)
		if (steps & (1u << step))
			used += (unsigned)snprintf(call->detail + used, used < sizeof call->detail ? sizeof call->detail - used : 0,
						   "%s%s", used ? "|" : "", step_name((enum step)step));
	if (peer->other_is_external) {   /* nobody to hear from: go on at once */
		finish(peer, call, -1, ESRCH);
		return -1;
	}
	while (!peer->other_gone) {
		ssize_t got = read(peer->from_other, &message, sizeof message);
		if (got < 0 && errno == EINTR)
			continue;
		if (got != (ssize_t)sizeof message) {
			peer->other_gone = 1;
			break;
		}
		peer->other_bytes_sent = message.bytes_sent;
		if (steps & (1u << message.step)) {
			wait_as_told(peer, message.wait_for, message.bytes_sent);
			finish(peer, call, message.step, 0);
			return message.step;
		}
	}
	/* A process that is gone has closed its socket: its FIN or RST is coming. */
	wait_as_told(peer, WAIT_HANGUP, 0);
	snprintf(call->detail, sizeof call->detail, "other side exited");
	finish(peer, call, -1, ESRCH);
	return -1;
}

int peer_await(struct peer *peer, enum step step)
{
	return peer_await_any(peer, 1u << step) < 0 ? -1 : 0;
}

/* Sends through the stack's one send loop, observed as one call: a loop that
 * sent nothing reports the error that stopped it; one that sent some keeps
 * that error (EAGAIN, when the buffer filled) beside its byte count. */
static int64_t send_observed(struct peer *peer, const void *bytes, uint64_t size, unsigned flags, const char *detail)
{
	struct call *call = observe(peer, "send", detail);
	int stopped_by = 0;
	int64_t done = ON_STACK(peer, send, peer->socket, bytes, size, flags, &stopped_by);
	int err = errno;
	if (done > 0)
		peer->bytes_sent += (uint64_t)done;
	call->bytes = done > 0 ? (uint32_t)done : 0;
	finish(peer, call, done, err);
	if (done >= 0 && (flags & STACK_NONBLOCKING))
		call->err = stopped_by;
	return done;
}

ssize_t peer_send(struct peer *peer, size_t bytes)
{
	char detail[CALL_DETAIL_SIZE];
	snprintf(detail, sizeof detail, "%zu bytes", bytes);
	return (ssize_t)send_observed(peer, NULL, bytes, 0, detail);
}

uint64_t peer_send_until_full(struct peer *peer, uint64_t limit)
{
	int64_t done = send_observed(peer, NULL, limit, STACK_NONBLOCKING, "non-blocking, until the buffer is full");
	return done > 0 ? (uint64_t)done : 0;
}

/* Reads with `flags`; consecutive reads that return data are observed as one
 * call, the read that ends the run (EOF, error, EAGAIN) as another. */
static enum read_end read_run(struct peer *peer, unsigned flags, uint64_t limit)
{
	const char *detail = flags & STACK_NONBLOCKING ? "non-blocking" : NULL;
	struct call *data_call = NULL;
	uint64_t done = 0;
	while (!limit || done < limit) {
		size_t want = limit && limit - done < CHUNK_BYTES ? (size_t)(limit - done) : CHUNK_BYTES;
		int64_t started = monotonic_us() - peer->log->epoch_us;
		ssize_t got = ON_STACK(peer, receive, peer->socket, NULL, want, flags);
		int err = errno;
		if (got < 0 && err == EINTR)
			continue;
		struct call *call = got > 0 && data_call ? data_call : observe(peer, "recv", detail);
		if (call != data_call)
			call->t_us = started;
		if (got > 0) {
			done += (uint64_t)got;
			peer->bytes_read += (uint64_t)got;
			call->bytes += (uint32_t)got;
			finish(peer, call, (int64_t)call->bytes, 0);
			data_call = call;
			continue;
		}
		finish(peer, call, got, err);
		peer->read_errno = got < 0 ? err : 0;
		if (got == 0)
			peer->read_end = READ_END_EOF;
		else if (err == EAGAIN || err == EWOULDBLOCK)
			peer->read_end = READ_END_BLOCKED;
		else
			peer->read_end = READ_END_ERROR;
		return peer->read_end;
	}
	return READ_END_NONE;
}

enum read_end peer_read_available(struct peer *peer)
{
	return read_run(peer, STACK_NONBLOCKING, 0);
}

/* Blocking reads up to what was sent, so that no read in between reports
 * an EAGAIN that only says the rest was still in flight. */
enum read_end peer_read_all_sent(struct peer *peer)
{
	if (peer->bytes_read < peer->other_bytes_sent) {
		enum read_end end = read_run(peer, 0, peer->other_bytes_sent - peer->bytes_read);
		if (end != READ_END_NONE)   /* EOF or an error before all of it came */
			return end;
	}
	return peer_read_available(peer);
}

enum read_end peer_read_bytes(struct peer *peer, uint64_t bytes)
{
	return read_run(peer, 0, bytes);
}

enum read_end peer_read_to_end(struct peer *peer)
{
	return read_run(peer, 0, 0);
}

int peer_close(struct peer *peer)
{
	struct call *call = observe(peer, "close", NULL);
	int result = ON_STACK(peer, close, peer->socket);
	finish(peer, call, result, errno);
	peer->socket = -1;
	return result;
}

int peer_shutdown(struct peer *peer, int how)
{
	const char *name = how == SHUT_RD ? "SHUT_RD" : how == SHUT_WR ? "SHUT_WR" : "SHUT_RDWR";
	struct call *call = observe(peer, "shutdown", name);
	int result = ON_STACK(peer, shutdown, peer->socket, how);
	finish(peer, call, result, errno);
	return result;
}

int peer_set_linger(struct peer *peer, int on, int seconds)
{
	char detail[CALL_DETAIL_SIZE];
	snprintf(detail, sizeof detail, "SO_LINGER {%d,%d}", on, seconds);
	struct call *call = observe(peer, "setsockopt", detail);
	int result = ON_STACK(peer, set_linger, peer->socket, on, seconds);
	finish(peer, call, result, errno);
	return result;
}

void peer_wait_acknowledged(struct peer *peer)
{
	struct call *call = observe(peer, "wait", "until acknowledged");
	wait_until(peer, STACK_WAIT_ACKNOWLEDGED, 0);
	finish(peer, call, 0, 0);
}

int64_t peer_wait_unread(struct peer *peer, int bytes)
{
	char detail[64];
	snprintf(detail, sizeof detail, "until %d bytes unread", bytes);
	struct call *call = observe(peer, "wait", detail);
	unsigned state = wait_until(peer, STACK_WAIT_READABLE, bytes > 0 ? (uint64_t)bytes : 1);
	int err = errno;
	int64_t unread = ON_STACK(peer, bytes_unread, peer->socket);
	finish(peer, call, state ? unread : -1, err);
	return unread;
}

int64_t peer_wait_more_than(struct peer *peer, int64_t bytes)
{
	for (;;) {
		int64_t unread = ON_STACK(peer, bytes_unread, peer->socket);
		if (unread < 0 || unread > bytes)
			return unread;
		unsigned state = wait_until(peer, STACK_WAIT_READABLE, (uint64_t)bytes + 1);
		if (!state || (state & ENDED))
			return ON_STACK(peer, bytes_unread, peer->socket);
	}
}

ssize_t peer_peek(struct peer *peer, void *buffer, size_t size)
{
	return ON_STACK(peer, receive, peer->socket, buffer, size, STACK_PEEK);
}

int64_t peer_bytes_unread(struct peer *peer)
{
	return ON_STACK(peer, bytes_unread, peer->socket);
}

int peer_hold_until_close(struct peer *peer)
{
	return ON_STACK(peer, hold_until_close, peer->socket);
}

void peer_wait_hangup(struct peer *peer)
{
	wait_for_hangup(peer);
}

int peer_open_library_socket(struct peer *peer, int family, int type, int protocol, const char *detail)
{
	int fd = -1;
	errno = EOPNOTSUPP;
	if (stack_of(peer)->abilities & STACK_KERNEL_SOCKET)
		fd = socket(family, type, protocol);
	peer_record(peer, "socket", detail, fd, fd < 0 ? errno : 0, 0);
	return peer->socket = fd;
}

void peer_ask_to_be_killed(struct peer *peer)
{
	struct call *call = observe(peer, "kill", "SIGKILL from the runner");
	call->ret = 0;
	char request = PEER_KILL_REQUEST;
	if (write(peer->to_runner, &request, 1) != 1)
		_exit(3);
	for (;;)
		pause();
}

int peer_connect(struct peer *peer, const struct sockaddr *address, socklen_t size)
{
	struct call *call = observe(peer, "socket", address->sa_family == AF_INET6 ? "AF_INET6" : "AF_INET");
	peer->socket = ON_STACK(peer, socket, address->sa_family);
	finish(peer, call, peer->socket, errno);
	if (peer->socket < 0)
		return -1;
	call = observe(peer, "connect", NULL);
	int result = ON_STACK(peer, connect, peer->socket, address, size);
	finish(peer, call, result, errno);
	return result;
}

/* Whether the client's process ended before its connection reached the
 * listener: its connect() failed (no free port, no descriptor) and accept()
 * would wait for nothing until the cell's time limit. Its pipe's hangup says
 * so; data on the pipe does not wake this wait. An external client speaks
 * no steps, so its pipe says nothing about it. Only a kernel listener can be
 * watched beside the pipe; on another stack the time limit decides. */
static int client_gone_before_connecting(struct peer *peer, int listener)
{
	if (peer->other_is_external || peer->from_other < 0 || !(stack_of(peer)->abilities & STACK_KERNEL_SOCKET))
		return 0;
	for (;;) {
		struct pollfd watch[2] = { { listener, POLLIN, 0 }, { peer->from_other, 0, 0 } };
		if (poll(watch, 2, -1) < 0 && errno != EINTR)
			return 0;
		if (watch[0].revents)
			return 0;
		if (watch[1].revents & (POLLHUP | POLLERR))
			return 1;
	}
}

int peer_accept(struct peer *peer, int listener)
{
	if (client_gone_before_connecting(peer, listener)) {
		call_log_append(peer->log, "@client-gone", "the client exited before it connected");
		return peer->socket = -1;
	}
	struct call *call = observe(peer, "accept", NULL);
	peer->socket = ON_STACK(peer, accept, listener);
	finish(peer, call, peer->socket, errno);
	return peer->socket;
}

ssize_t peer_receive(struct peer *peer, void *buffer, size_t size)
{
	struct call *call = observe(peer, "recv", NULL);
	ssize_t got = ON_STACK(peer, receive, peer->socket, buffer, size, 0);
	int err = errno;
	if (got > 0) {
		peer->bytes_read += (uint64_t)got;
		call->bytes = (uint32_t)got;
	}
	finish(peer, call, got, err);
	if (got <= 0) {
		peer->read_errno = got < 0 ? err : 0;
		peer->read_end = got == 0 ? READ_END_EOF : READ_END_ERROR;
	}
	return got;
}

ssize_t peer_send_bytes(struct peer *peer, const void *bytes, size_t size, const char *detail)
{
	return (ssize_t)send_observed(peer, bytes, size, 0, detail);
}

void peer_record(struct peer *peer, const char *name, const char *detail, int64_t ret, int err, uint64_t bytes)
{
	struct call *call = observe(peer, name, detail);
	call->ret = ret;
	call->err = err;
	call->bytes = (uint32_t)bytes;
}
