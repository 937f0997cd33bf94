#include "runners/system/failure_text.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

/* RLIMIT_NPROC is not POSIX, but Linux, FreeBSD and macOS all have it. */
static int finite_limit(int resource, unsigned long long *value)
{
	struct rlimit limit;
	if (getrlimit(resource, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY)
		return 0;
	*value = (unsigned long long)limit.rlim_cur;
	return 1;
}

const char *failure_text(int err, char *text, size_t size)
{
	unsigned long long limit;
	if (err == EMFILE && finite_limit(RLIMIT_NOFILE, &limit))
		snprintf(text, size, "%s (the limit on open descriptors, ulimit -n, is %llu)", strerror(err), limit);
	else if (err == EAGAIN && finite_limit(RLIMIT_NPROC, &limit))
		snprintf(text, size, "%s (the limit on this user's processes, ulimit -u, is %llu)", strerror(err), limit);
	else
		snprintf(text, size, "%s", strerror(err));
	return text;
}
