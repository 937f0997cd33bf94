#include "cases/peer.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "runners/system/platform.h"

#define CHUNK_BYTES 65536

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

static const char *payload(void)
{
	static char bytes[CHUNK_BYTES];
	if (bytes[0] != 'x')
		memset(bytes, 'x', sizeof bytes);
	return bytes;
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
	/* Only for kernel state that has no poll() event (all data acknowledged). */
	struct timespec pause = { 0, 20000 };
	nanosleep(&pause, NULL);
}

void peer_mark(struct peer *peer, const char *phase)
{
	call_log_mark(peer->log, phase);
}

/* No acknowledgement of ours may still be pending when the other side acts
 * on what we say, or it would cross that side's segments on the wire. */
static void flush_acknowledgements(struct peer *peer)
{
	if (peer->fd < 0)
		return;
	struct call *call = observe(peer, "quickack", "flush pending ACKs");
	finish(peer, call, platform_flush_acknowledgements(peer->fd), errno);
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
		int64_t unread = platform_bytes_unread(peer->fd);
		if (unread < 0 || peer->bytes_read + (uint64_t)unread >= bytes_sent)
			return;
		struct pollfd watch = { peer->fd, POLLIN | platform_hangup_events(), 0 };
		if (poll(&watch, 1, -1) < 0 && errno != EINTR)
			return;
		if (watch.revents & platform_hangup_events())
			return;
		if (platform_bytes_unread(peer->fd) == unread)
			pause_briefly();
	}
}

static void wait_for_hangup(struct peer *peer)
{
	struct pollfd watch = { peer->fd, platform_hangup_events(), 0 };
	while (poll(&watch, 1, -1) < 0 && errno == EINTR)
		;
}

static void wait_as_told(struct peer *peer, unsigned wait_for, uint64_t bytes_sent)
{
	if (peer->fd < 0)   /* closed here already: nothing left to observe */
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

ssize_t peer_send(struct peer *peer, size_t bytes)
{
	char detail[CALL_DETAIL_SIZE];
	snprintf(detail, sizeof detail, "%zu bytes", bytes);
	struct call *call = observe(peer, "send", detail);
	size_t done = 0;
	ssize_t sent = 0;
	while (done < bytes) {
		size_t chunk = bytes - done < CHUNK_BYTES ? bytes - done : CHUNK_BYTES;
		sent = send(peer->fd, payload(), chunk, MSG_NOSIGNAL);
		if (sent < 0 && errno == EINTR)
			continue;
		if (sent <= 0)
			break;
		done += (size_t)sent;
	}
	int err = errno;
	peer->bytes_sent += done;
	call->bytes = (uint32_t)done;
	finish(peer, call, done > 0 || bytes == 0 ? (int64_t)done : sent, err);
	return done > 0 || bytes == 0 ? (ssize_t)done : sent;
}

static void set_blocking(int fd, int blocking)
{
	int flags = fcntl(fd, F_GETFL);
	if (flags >= 0)
		fcntl(fd, F_SETFL, blocking ? flags & ~O_NONBLOCK : flags | O_NONBLOCK);
}

uint64_t peer_send_until_full(struct peer *peer, uint64_t limit)
{
	struct call *call = observe(peer, "send", "non-blocking, until the buffer is full");
	uint64_t done = 0;
	ssize_t sent = 0;
	set_blocking(peer->fd, 0);
	while (done < limit) {
		uint64_t chunk = limit - done < CHUNK_BYTES ? limit - done : CHUNK_BYTES;
		sent = send(peer->fd, payload(), (size_t)chunk, MSG_NOSIGNAL);
		if (sent < 0 && errno == EINTR)
			continue;
		if (sent <= 0)
			break;
		done += (uint64_t)sent;
	}
	int err = errno;
	set_blocking(peer->fd, 1);
	peer->bytes_sent += done;
	call->bytes = (uint32_t)done;
	/* A loop that sent nothing reports the error that stopped it; one that
	 * filled the buffer keeps EAGAIN beside its byte count. */
	finish(peer, call, done == 0 && sent < 0 ? -1 : (int64_t)done, err);
	if (sent < 0)
		call->err = err;
	return done;
}

/* Reads with `flags`; consecutive reads that return data are observed as one
 * call, the read that ends the run (EOF, error, EAGAIN) as another. */
static enum read_end read_run(struct peer *peer, int flags, uint64_t limit)
{
	static char buffer[CHUNK_BYTES];
	const char *detail = flags & MSG_DONTWAIT ? "non-blocking" : NULL;
	struct call *data_call = NULL;
	uint64_t done = 0;
	while (!limit || done < limit) {
		size_t want = limit && limit - done < sizeof buffer ? (size_t)(limit - done) : sizeof buffer;
		int64_t started = monotonic_us() - peer->log->epoch_us;
		ssize_t got = recv(peer->fd, buffer, want, flags);
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
	return read_run(peer, MSG_DONTWAIT, 0);
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
	int result = close(peer->fd);
	finish(peer, call, result, errno);
	peer->fd = -1;
	return result;
}

int peer_shutdown(struct peer *peer, int how)
{
	const char *name = how == SHUT_RD ? "SHUT_RD" : how == SHUT_WR ? "SHUT_WR" : "SHUT_RDWR";
	struct call *call = observe(peer, "shutdown", name);
	int result = shutdown(peer->fd, how);
	finish(peer, call, result, errno);
	return result;
}

int peer_set_linger(struct peer *peer, int on, int seconds)
{
	char detail[CALL_DETAIL_SIZE];
	snprintf(detail, sizeof detail, "SO_LINGER {%d,%d}", on, seconds);
	struct call *call = observe(peer, "setsockopt", detail);
	struct linger linger = { .l_onoff = on, .l_linger = seconds };
	int result = setsockopt(peer->fd, SOL_SOCKET, SO_LINGER, &linger, sizeof linger);
	finish(peer, call, result, errno);
	return result;
}

void peer_wait_acknowledged(struct peer *peer)
{
	struct call *call = observe(peer, "wait", "until acknowledged");
	for (;;) {
		int64_t unacknowledged = platform_bytes_unacknowledged(peer->fd);
		struct pollfd watch = { peer->fd, 0, 0 };
		poll(&watch, 1, 0);
		if (unacknowledged <= 0 || (watch.revents & (POLLERR | POLLHUP)))
			break;
		pause_briefly();
	}
	finish(peer, call, 0, 0);
}

/* SO_RCVLOWAT makes poll() report POLLIN only once `bytes` are queued, so
 * the wait is on an event, not a loop over SIOCINQ. */
int64_t peer_wait_unread(struct peer *peer, int bytes)
{
	char detail[64];
	snprintf(detail, sizeof detail, "until %d bytes unread", bytes);
	struct call *call = observe(peer, "wait", detail);
	int one = 1;
	struct pollfd watch = { peer->fd, POLLIN | platform_hangup_events(), 0 };
	int failed = setsockopt(peer->fd, SOL_SOCKET, SO_RCVLOWAT, &bytes, sizeof bytes);
	while (!failed && poll(&watch, 1, -1) < 0 && errno == EINTR)
		;
	int err = errno;
	setsockopt(peer->fd, SOL_SOCKET, SO_RCVLOWAT, &one, sizeof one);
	int64_t unread = platform_bytes_unread(peer->fd);
	finish(peer, call, failed ? -1 : unread, err);
	return unread;
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
	peer->fd = socket(address->sa_family, SOCK_STREAM, 0);
	finish(peer, call, peer->fd, errno);
	if (peer->fd >= 0)
		platform_prepare_socket(peer->fd);
	if (peer->fd < 0)
		return -1;
	call = observe(peer, "connect", NULL);
	int result;
	while ((result = connect(peer->fd, address, size)) < 0 && errno == EINTR)
		;
	finish(peer, call, result, errno);
	return result;
}

/* Whether the client's process ended before its connection reached the
 * listener: its connect() failed (no free port, no descriptor) and accept()
 * would wait for nothing until the cell's time limit. Its pipe's hangup says
 * so; data on the pipe does not wake this wait. An external client speaks
 * no steps, so its pipe says nothing about it. */
static int client_gone_before_connecting(struct peer *peer, int listener)
{
	if (peer->other_is_external || peer->from_other < 0)
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
		return peer->fd = -1;
	}
	struct call *call = observe(peer, "accept", NULL);
	while ((peer->fd = accept(listener, NULL, NULL)) < 0 && errno == EINTR)
		;
	finish(peer, call, peer->fd, errno);
	if (peer->fd >= 0)
		platform_prepare_socket(peer->fd);
	return peer->fd;
}

ssize_t peer_receive(struct peer *peer, void *buffer, size_t size)
{
	struct call *call = observe(peer, "recv", NULL);
	ssize_t got;
	while ((got = recv(peer->fd, buffer, size, 0)) < 0 && errno == EINTR)
		;
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
	struct call *call = observe(peer, "send", detail);
	size_t done = 0;
	ssize_t sent = 0;
	while (done < size) {
		sent = send(peer->fd, (const char *)bytes + done, size - done, MSG_NOSIGNAL);
		if (sent < 0 && errno == EINTR)
			continue;
		if (sent <= 0)
			break;
		done += (size_t)sent;
	}
	int err = errno;
	peer->bytes_sent += done;
	call->bytes = (uint32_t)done;
	finish(peer, call, done > 0 || size == 0 ? (int64_t)done : sent, err);
	return done > 0 || size == 0 ? (ssize_t)done : sent;
}

void peer_record(struct peer *peer, const char *name, const char *detail, int64_t ret, int err, uint64_t bytes)
{
	struct call *call = observe(peer, name, detail);
	call->ret = ret;
	call->err = err;
	call->bytes = (uint32_t)bytes;
}
