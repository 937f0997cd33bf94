#include "reports/relative_path.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void directory_of(const char *path, char *out, size_t size)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		snprintf(out, size, ".");
	else if (slash == path)
		snprintf(out, size, "/");
	else
		snprintf(out, size, "%.*s", (int)(slash - path), path);
}

/* The length of the leading whole components `a` and `b` share. */
static size_t common_prefix(const char *a, const char *b)
{
	size_t shared = 0;
	for (size_t i = 0;; i++) {
		int a_ends = a[i] == '/' || a[i] == '\0', b_ends = b[i] == '/' || b[i] == '\0';
		if (a_ends && b_ends)
			shared = i;
		if (a[i] != b[i] || a[i] == '\0')
			return a_ends && b_ends ? i : shared;
	}
}

void relative_path(const char *from, const char *to, char *out, size_t size)
{
	char real_from[PATH_MAX], real_to[PATH_MAX];
	if (!realpath(from, real_from) || !realpath(to, real_to)) {
		snprintf(out, size, "%s", to);
		return;
	}
	size_t shared = common_prefix(real_from, real_to);
	size_t used = 0;
	out[0] = '\0';
	for (const char *c = real_from + shared; *c; c++)   /* one ".." for each component of `from` left */
		if (*c == '/' && c[1] && used + 4 < size)
			used += (size_t)snprintf(out + used, size - used, "%s..", used ? "/" : "");
	const char *rest = real_to + shared;
	while (*rest == '/')
		rest++;
	if (*rest)
		snprintf(out + used, size - used, "%s%s", used ? "/" : "", rest);
	if (!out[0])
		snprintf(out, size, ".");
}
