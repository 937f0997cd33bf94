#include "runners/engine/side_worker.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "runners/system/platform.h"

#define WORKER_FDS_MAX 3
#define REPORT_DONE 'D'

struct assignment_message {
	struct side_assignment assignment;
	int fd_count;
};

void side_worker_init(struct side_worker *worker, enum side side)
{
	memset(worker, 0, sizeof *worker);
	worker->side = side;
	worker->control = -1;
}

/* A stream socket may in principle deliver a message in parts; the
 * descriptors come with the first, which `header` receives. */
static int read_whole(int fd, void *buffer, size_t size, struct msghdr *header)
{
	size_t got = 0;
	while (got < size) {
		struct iovec part = { (char *)buffer + got, size - got };
		struct msghdr rest = { 0 };
		struct msghdr *this = got == 0 ? header : &rest;
		this->msg_iov = &part;
		this->msg_iovlen = 1;
		ssize_t n = recvmsg(fd, this, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		got += (size_t)n;
	}
	return 0;
}

#define RECEIVE_TRUNCATED (-2)

/* Returns the descriptor count; -1 when the runner is gone; RECEIVE_TRUNCATED
 * when the kernel had no free descriptor number for the cell's, which the
 * log says, as a side that cannot create a pipe would. */
static int receive_assignment(int control, struct assignment_message *message, int *fds, struct call_log *log)
{
	union {
		struct cmsghdr header;
		char bytes[CMSG_SPACE(sizeof(int) * WORKER_FDS_MAX)];
	} space;
	struct msghdr header = { .msg_control = space.bytes, .msg_controllen = sizeof space.bytes };
	memset(&space, 0, sizeof space);
	if (read_whole(control, message, sizeof *message, &header) != 0)
		return -1;
	struct cmsghdr *rights = CMSG_FIRSTHDR(&header);
	if (header.msg_flags & MSG_CTRUNC) {
		call_log_append(log, "@assignment", "the cell's descriptors could not be received: no free descriptor "
						    "number (the limit on open descriptors, ulimit -n)");
		return RECEIVE_TRUNCATED;
	}
	if (!rights || rights->cmsg_type != SCM_RIGHTS ||
	    message->fd_count > WORKER_FDS_MAX ||
	    rights->cmsg_len != CMSG_LEN(sizeof(int) * (size_t)message->fd_count))
		return -1;
	memcpy(fds, CMSG_DATA(rights), sizeof(int) * (size_t)message->fd_count);
	return message->fd_count;
}

static void run_assignment(enum side side, int control, const struct assignment_message *message, const int *fds,
			   struct call_log *log)
{
	if (side == SIDE_SERVER)
		side_serve(&message->assignment, log, fds[0], fds[1], fds[2]);
	else
		side_run_client(&message->assignment, log, fds[0], fds[1], control,
				message->fd_count > 2 ? fds[2] : -1);
}

/* The worker's whole life: descriptor 3 is its control socket. Everything
 * above it belongs to the cell that is running, and is closed before "done"
 * so that the other side sees this one's pipes end as it would see a
 * process's, and no socket outlives its cell. A failed receive is either
 * the runner closing (the end of the run) or no free descriptor for the
 * cell's: both end the worker, the second with the status a failed side
 * has. */
static void worker_loop(enum side side, int control, struct call_log *log)
{
	for (;;) {
		struct assignment_message message;
		int fds[WORKER_FDS_MAX];
		char done = REPORT_DONE;
		int count = receive_assignment(control, &message, fds, log);
		if (count < 0)
			_exit(count == RECEIVE_TRUNCATED ? 2 : 0);
		run_assignment(side, control, &message, fds, log);
		platform_close_descriptors_from(control + 1);
		while (waitpid(-1, NULL, WNOHANG) > 0)   /* a mode's forked copies */
			;
		if (write(control, &done, 1) != 1)
			_exit(0);
	}
}

/* The worker's process is reaped: nothing of it is left but its log. */
static void forget(struct side_worker *worker)
{
	if (worker->control >= 0)
		close(worker->control);
	worker->control = -1;
	worker->pid = 0;
}

int side_worker_ensure(struct side_worker *worker, const char **what)
{
	int pair[2], status;
	/* One that died while idle (killed from outside) is replaced, not
	 * handed a cell it would never read. */
	if (worker->pid > 0 && waitpid(worker->pid, &status, WNOHANG) == worker->pid)
		forget(worker);
	if (worker->pid > 0)
		return 0;
	if (!worker->log && !(worker->log = call_log_create(0))) {
		*what = "cannot map memory for the observations";
		return -1;
	}
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, pair) != 0) {
		*what = worker->side == SIDE_SERVER ? "cannot create the socket pair that hands cells to the server"
						    : "cannot create the socket pair that hands cells to the client";
		return -1;
	}
	worker->pid = fork();
	if (worker->pid < 0) {
		int err = errno;
		close(pair[0]);
		close(pair[1]);
		worker->pid = 0;
		errno = err;
		*what = worker->side == SIDE_SERVER ? "cannot fork the server" : "cannot fork the client";
		return -1;
	}
	if (worker->pid == 0) {
		int keep[] = { pair[1] };
		side_become();
		side_keep_only(keep, 1);
		worker_loop(worker->side, keep[0], worker->log);
	}
	setpgid(worker->pid, worker->pid);
	close(pair[1]);
	worker->control = pair[0];
	fcntl(worker->control, F_SETFD, FD_CLOEXEC);   /* portable: macOS has no SOCK_CLOEXEC */
	return 0;
}

int side_worker_assign(struct side_worker *worker, const struct side_assignment *assignment, int64_t epoch_us,
		       const int *fds, int count)
{
	struct assignment_message message;
	memset(&message, 0, sizeof message);   /* its padding goes over the socket too */
	message.assignment = *assignment;
	message.fd_count = count;
	union {
		struct cmsghdr header;
		char bytes[CMSG_SPACE(sizeof(int) * WORKER_FDS_MAX)];
	} space;
	struct iovec body = { &message, sizeof message };
	struct msghdr header = { .msg_iov = &body, .msg_iovlen = 1, .msg_control = space.bytes,
				 .msg_controllen = CMSG_SPACE(sizeof(int) * (size_t)count) };
	memset(&space, 0, sizeof space);
	struct cmsghdr *rights = CMSG_FIRSTHDR(&header);
	rights->cmsg_level = SOL_SOCKET;
	rights->cmsg_type = SCM_RIGHTS;
	rights->cmsg_len = CMSG_LEN(sizeof(int) * (size_t)count);
	memcpy(CMSG_DATA(rights), fds, sizeof(int) * (size_t)count);
	worker->log->epoch_us = epoch_us;
	worker->log->count = 0;
	ssize_t sent;
	while ((sent = sendmsg(worker->control, &header, MSG_NOSIGNAL)) < 0 && errno == EINTR)
		;
	if (sent == (ssize_t)sizeof message)
		return 0;
	if (sent >= 0)
		errno = EMSGSIZE;
	return -1;
}

enum worker_report side_worker_read(struct side_worker *worker)
{
	char report;
	ssize_t got = recv(worker->control, &report, 1, MSG_DONTWAIT);
	if (got == 1)
		return report == PEER_KILL_REQUEST ? WORKER_KILL_REQUEST : WORKER_DONE;
	if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
		return WORKER_SILENT;
	return WORKER_GONE;
}

int side_worker_reap(struct side_worker *worker, int kill_first)
{
	int status = -1;
	if (worker->pid <= 0)
		return status;
	if (kill_first)
		kill(-worker->pid, SIGKILL);   /* the whole group: a mode's forked copies too */
	while (waitpid(worker->pid, &status, 0) < 0 && errno == EINTR)
		;
	forget(worker);
	return status;
}

/* Killed rather than asked: an idle worker holds nothing that an exit would
 * have to finish, and a kill cannot hang the end of the run. */
void side_worker_stop(struct side_worker *worker)
{
	side_worker_reap(worker, 1);
	call_log_destroy(worker->log);
	worker->log = NULL;
}
