#include "runners/system/platform.h"

#include <dirent.h>
#include <errno.h>
#include <sched.h>
#include <linux/sockios.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

int64_t platform_bytes_unread(int fd)
{
	int bytes = 0;
	if (ioctl(fd, SIOCINQ, &bytes) < 0)
		return -1;
	return bytes;
}

int64_t platform_bytes_unacknowledged(int fd)
{
	struct tcp_info info;
	socklen_t size = sizeof info;
	int queued = 0;
	if (ioctl(fd, SIOCOUTQ, &queued) < 0)
		return -1;
	/* SIOCOUTQ counts data only; a FIN in flight shows as an unacked segment. */
	if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &size) == 0 && info.tcpi_unacked > 0 && queued == 0)
		return 1;
	return queued;
}

void platform_close_descriptors_from(int lowest)
{
#ifdef SYS_close_range
	if (syscall(SYS_close_range, (unsigned)lowest, ~0u, 0) == 0)
		return;
#endif
	long limit = sysconf(_SC_OPEN_MAX);
	for (long fd = lowest; fd < (limit > 0 ? limit : 65536); fd++)
		close((int)fd);
}

int platform_flush_acknowledgements(int fd)
{
	/* TCP_QUICKACK takes the socket lock (so a segment being processed in
	 * softirq context finishes first) and sends a scheduled ACK at once. */
	int one = 1;
	return setsockopt(fd, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof one);
}

void platform_keep_from_children(void *address, size_t size)
{
	madvise(address, size, MADV_DONTFORK);
}

void platform_keep_mapping_from_children(int fd)
{
	struct stat status;
	char line[512], wanted[64];
	FILE *maps = fstat(fd, &status) == 0 ? fopen("/proc/self/maps", "re") : NULL;
	if (!maps)
		return;
	snprintf(wanted, sizeof wanted, "socket:[%llu]", (unsigned long long)status.st_ino);
	while (fgets(line, sizeof line, maps)) {
		unsigned long long start, end;
		line[strcspn(line, "\n")] = '\0';
		size_t length = strlen(line), tail = strlen(wanted);
		if (length >= tail && strcmp(line + length - tail, wanted) == 0 &&
		    sscanf(line, "%llx-%llx", &start, &end) == 2)
			madvise((void *)(uintptr_t)start, (size_t)(end - start), MADV_DONTFORK);
	}
	fclose(maps);
}

void platform_die_with_parent(void)
{
	pid_t parent = getppid();
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)   /* the parent died before prctl took effect */
		_exit(3);
}

struct spawn_start {
	void (*child)(void *);
	void *argument;
	sigset_t mask;
};

/* The caller's handlers live in memory the child shares: a signal arriving
 * before exec must not run one of them there. */
static int spawn_trampoline(void *argument)
{
	struct spawn_start *start = argument;
	struct sigaction action;
	for (int signal_number = 1; signal_number < NSIG; signal_number++)
		if (sigaction(signal_number, NULL, &action) == 0 && action.sa_handler != SIG_DFL &&
		    action.sa_handler != SIG_IGN) {
			action.sa_handler = SIG_DFL;
			action.sa_flags = 0;
			sigaction(signal_number, &action, NULL);
		}
	sigprocmask(SIG_SETMASK, &start->mask, NULL);
	start->child(start->argument);
	_exit(127);
}

pid_t platform_spawn(void (*child)(void *), void *argument)
{
	/* One child at a time borrows it: the caller waits until it execs. */
	static _Alignas(16) char stack[256 * 1024];
	struct spawn_start start = { child, argument, { { 0 } } };
	sigset_t all;
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &start.mask);
	pid_t pid = clone(spawn_trampoline, stack + sizeof stack, CLONE_VM | CLONE_VFORK | SIGCHLD, &start);
	int err = errno;
	sigprocmask(SIG_SETMASK, &start.mask, NULL);
	errno = err;
	return pid;
}

int platform_hold_until_close(int fd)
{
	int one = 1;
	return setsockopt(fd, IPPROTO_TCP, TCP_CORK, &one, sizeof one);
}

short platform_hangup_events(void)
{
	return POLLRDHUP | POLLHUP | POLLERR;
}

int platform_prepare_socket(int fd)
{
	(void)fd;   /* the cases send with MSG_NOSIGNAL: nothing to set up */
	return 0;
}

const char *platform_loopback_interface(void)
{
	return "lo";
}
