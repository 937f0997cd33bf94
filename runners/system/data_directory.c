#include "runners/system/data_directory.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *data_directory_find(const char *environment, const char *build_tree, const char *installed_name,
				char *out, size_t size)
{
	char executable[4096];
	const char *override = getenv(environment);
	if (override && *override) {
		snprintf(out, size, "%s", override);
		return out;
	}
	ssize_t length = access(build_tree, R_OK) == 0 ? -1
			 : readlink("/proc/self/exe", executable, sizeof executable - 1);
	if (length <= 0) {   /* the build tree, or no way to know where finrst is installed */
		snprintf(out, size, "%s", build_tree);
		return out;
	}
	executable[length] = '\0';
	char *slash = strrchr(executable, '/');
	if (slash)
		*slash = '\0';
	snprintf(out, size, "%s/../share/finrst/%s", executable, installed_name);
	return out;
}
