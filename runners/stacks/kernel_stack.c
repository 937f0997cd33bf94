/* The host kernel behind the stack seam: each call is the socket call it
 * names, with the OS seam (runners/system/platform.h) where Linux, FreeBSD
 * and macOS differ. */
#include "runners/stacks/stack.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "runners/system/platform.h"

#define FILLER_BYTES 65536

static const char *filler(void)
{
	static char bytes[FILLER_BYTES];
	if (bytes[0] != 'x')
		memset(bytes, 'x', sizeof bytes);
	return bytes;
}

static void pause_briefly(void)
{
	/* Only for kernel state that has no poll() event (all data acknowledged). */
	struct timespec pause = { 0, 20000 };
	nanosleep(&pause, NULL);
}

static int kernel_socket(void *context, int family)
{
	(void)context;
	int fd = socket(family, SOCK_STREAM, 0);
	if (fd >= 0)
		platform_prepare_socket(fd);
	return fd;
}

static int kernel_connect(void *context, int fd, const struct sockaddr *address, socklen_t size)
{
	(void)context;
	int result;
	while ((result = connect(fd, address, size)) < 0 && errno == EINTR)
		;
	return result;
}

static int kernel_accept(void *context, int listener)
{
	(void)context;
	int fd;
	while ((fd = accept(listener, NULL, NULL)) < 0 && errno == EINTR)
		;
	if (fd >= 0)
		platform_prepare_socket(fd);
	return fd;
}

static void set_blocking(int fd, int blocking)
{
	int flags = fcntl(fd, F_GETFL);
	if (flags >= 0)
		fcntl(fd, F_SETFL, blocking ? flags & ~O_NONBLOCK : flags | O_NONBLOCK);
}

/* The one send loop: a blocking send() may send less than asked (a signal,
 * a reset midway), and a non-blocking one stops where the buffer is full. */
static int64_t kernel_send(void *context, int fd, const void *bytes, uint64_t size, unsigned flags, int *stopped_by)
{
	(void)context;
	uint64_t done = 0;
	ssize_t sent = 0;
	if (flags & STACK_NONBLOCKING)
		set_blocking(fd, 0);
	while (done < size) {
		size_t chunk = bytes ? (size_t)(size - done) : size - done < FILLER_BYTES ? (size_t)(size - done) : FILLER_BYTES;
		sent = send(fd, bytes ? (const char *)bytes + done : filler(), chunk, MSG_NOSIGNAL);
		if (sent < 0 && errno == EINTR)
			continue;
		if (sent <= 0)
			break;
		done += (uint64_t)sent;
	}
	int err = errno;
	if (flags & STACK_NONBLOCKING)
		set_blocking(fd, 1);
	*stopped_by = done < size ? err : 0;
	errno = err;
	return done > 0 || size == 0 ? (int64_t)done : -1;
}

static ssize_t kernel_receive(void *context, int fd, void *buffer, size_t size, unsigned flags)
{
	(void)context;
	static char discarded[FILLER_BYTES];
	int how = (flags & STACK_NONBLOCKING ? MSG_DONTWAIT : 0) | (flags & STACK_PEEK ? MSG_PEEK : 0);
	if (!buffer && size > sizeof discarded)
		size = sizeof discarded;
	ssize_t got;
	while ((got = recv(fd, buffer ? buffer : discarded, size, how)) < 0 && errno == EINTR && !(flags & STACK_NONBLOCKING))
		;
	return got;
}

static int kernel_shutdown(void *context, int fd, int how)
{
	(void)context;
	return shutdown(fd, how);
}

static int kernel_close(void *context, int fd)
{
	(void)context;
	return close(fd);
}

static int kernel_set_linger(void *context, int fd, int on, int seconds)
{
	(void)context;
	struct linger linger = { .l_onoff = on, .l_linger = seconds };
	return setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, sizeof linger);
}

static int kernel_hold_until_close(void *context, int fd)
{
	(void)context;
	return platform_hold_until_close(fd);
}

static int kernel_flush_acknowledgements(void *context, int fd)
{
	(void)context;
	return platform_flush_acknowledgements(fd);
}

static int64_t kernel_bytes_unread(void *context, int fd)
{
	(void)context;
	return platform_bytes_unread(fd);
}

static int64_t kernel_bytes_unacknowledged(void *context, int fd)
{
	(void)context;
	return platform_bytes_unacknowledged(fd);
}

static unsigned state_of(short revents)
{
	unsigned state = 0;
	if (revents & POLLIN)
		state |= STACK_STATE_READABLE;
	if (revents & POLLOUT)
		state |= STACK_STATE_WRITABLE;
	if (revents & (platform_hangup_events() & ~(POLLHUP | POLLERR)))
		state |= STACK_STATE_PEER_CLOSED;
	if (revents & POLLHUP)
		state |= STACK_STATE_HANGUP | STACK_STATE_PEER_CLOSED;
	if (revents & POLLERR)
		state |= STACK_STATE_ERROR;
	return state;
}

static int poll_one(int fd, short events, int timeout_ms, unsigned *state)
{
	struct pollfd watch = { fd, events, 0 };
	int ready;
	while ((ready = poll(&watch, 1, timeout_ms)) < 0 && errno == EINTR)
		;
	*state = state_of(watch.revents);
	return ready < 0 ? -1 : 0;
}

/* SO_RCVLOWAT makes poll() report POLLIN only once `amount` bytes are queued
 * (or the window closed), so the wait is on an event, not a loop. */
static int wait_readable(int fd, uint64_t amount, unsigned *state)
{
	int bytes = amount > 1 ? (amount > INT32_MAX ? INT32_MAX : (int)amount) : 1, one = 1;
	if (bytes > 1 && setsockopt(fd, SOL_SOCKET, SO_RCVLOWAT, &bytes, sizeof bytes) != 0)
		return -1;
	int result = poll_one(fd, POLLIN | platform_hangup_events(), -1, state);
	int err = errno;
	if (bytes > 1)
		setsockopt(fd, SOL_SOCKET, SO_RCVLOWAT, &one, sizeof one);
	errno = err;
	return result;
}

static int wait_acknowledged(int fd, unsigned *state)
{
	for (;;) {
		int64_t unacknowledged = platform_bytes_unacknowledged(fd);
		if (poll_one(fd, 0, 0, state) != 0)
			return -1;
		if (unacknowledged <= 0 || (*state & (STACK_STATE_HANGUP | STACK_STATE_ERROR)))
			return 0;
		pause_briefly();
	}
}

static int kernel_wait(void *context, int fd, enum stack_wait condition, uint64_t amount, unsigned *state)
{
	(void)context;
	switch (condition) {
	case STACK_WAIT_READABLE: return wait_readable(fd, amount, state);
	case STACK_WAIT_HANGUP: return poll_one(fd, platform_hangup_events(), -1, state);
	case STACK_WAIT_ACKNOWLEDGED: return wait_acknowledged(fd, state);
	case STACK_WAIT_WRITABLE: return poll_one(fd, POLLOUT, -1, state);
	}
	errno = EINVAL;
	return -1;
}

static const struct stack_calls kernel_calls = {
	kernel_socket, kernel_connect, kernel_accept, kernel_send, kernel_receive, kernel_shutdown, kernel_close,
	kernel_set_linger, kernel_hold_until_close, kernel_flush_acknowledgements, kernel_bytes_unread,
	kernel_bytes_unacknowledged, kernel_wait,
};

const struct stack *kernel_stack(void)
{
	static const struct stack kernel = {
		"kernel", &kernel_calls, NULL,
		STACK_KERNEL_SOCKET | STACK_SHARED_SOCKET | STACK_PROCESS_END | STACK_OWN_PROGRAM,
	};
	return &kernel;
}
