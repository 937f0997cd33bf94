#include "runners/model/observations.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

struct call_log *call_log_create(int64_t epoch_us)
{
	struct call_log *log = mmap(NULL, sizeof *log, PROT_READ | PROT_WRITE,
				    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (log == MAP_FAILED)
		return NULL;
	log->epoch_us = epoch_us;
	log->count = 0;
	return log;
}

void call_log_destroy(struct call_log *log)
{
	if (log)
		munmap(log, sizeof *log);
}

size_t call_log_size(const struct call_log *log)
{
	return log->count < CALL_LOG_CAPACITY ? log->count : CALL_LOG_CAPACITY;
}

struct call *call_log_append(struct call_log *log, const char *name, const char *detail)
{
	static struct call overflow;
	struct call *call = log->count < CALL_LOG_CAPACITY ? &log->calls[log->count] : &overflow;
	memset(call, 0, sizeof *call);
	snprintf(call->name, sizeof call->name, "%s", name);
	snprintf(call->detail, sizeof call->detail, "%s", detail ? detail : "");
	call->t_us = monotonic_us() - log->epoch_us;
	/* The runner reads the count after the process is gone; publish the
	 * record before the count so that a crash never exposes a torn one. */
	__atomic_store_n(&log->count, log->count + 1, __ATOMIC_RELEASE);
	return call;
}

void call_log_mark(struct call_log *log, const char *phase)
{
	call_log_append(log, phase, NULL);
}

int64_t monotonic_us(void)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (int64_t)now.tv_sec * 1000000 + now.tv_nsec / 1000;
}

const char *errno_name(int err)
{
	switch (err) {
	case 0: return "0";
	case EPIPE: return "EPIPE";
	case ECONNRESET: return "ECONNRESET";
	case ENOTCONN: return "ENOTCONN";
	case EAGAIN: return "EAGAIN";
	case ECONNREFUSED: return "ECONNREFUSED";
	case ECONNABORTED: return "ECONNABORTED";
	case ETIMEDOUT: return "ETIMEDOUT";
	case EINTR: return "EINTR";
	case EBADF: return "EBADF";
	case EINVAL: return "EINVAL";
	case EINPROGRESS: return "EINPROGRESS";
	case ESHUTDOWN: return "ESHUTDOWN";
	case EMFILE: return "EMFILE";
	/* What running out of ports, descriptors or memory gives. */
	case EADDRNOTAVAIL: return "EADDRNOTAVAIL";
	case EADDRINUSE: return "EADDRINUSE";
	case ENFILE: return "ENFILE";
	case ENOMEM: return "ENOMEM";
	/* What starting an external program, or waiting for it, can fail with. */
	case ENOENT: return "ENOENT";
	case EACCES: return "EACCES";
	case ENOEXEC: return "ENOEXEC";
	case ESRCH: return "ESRCH";
	case ENOSYS: return "ENOSYS";
	case ENOBUFS: return "ENOBUFS";
	default: {
		static char unnamed[24];
		snprintf(unnamed, sizeof unnamed, "errno %d", err);
		return unnamed;
	}
	}
}
