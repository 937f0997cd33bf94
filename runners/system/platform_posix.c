/* The OS seam's calls that POSIX makes alike everywhere: compiled on every platform. */
#include "runners/system/platform.h"

#include <stdio.h>
#include <sys/utsname.h>

void platform_describe(char *system, int system_size, char *release, int release_size,
		       char *machine, int machine_size)
{
	struct utsname name;
	if (uname(&name) != 0) {
		snprintf(system, system_size, "unknown");
		snprintf(release, release_size, "unknown");
		snprintf(machine, machine_size, "unknown");
		return;
	}
	snprintf(system, system_size, "%s", name.sysname);
	snprintf(release, release_size, "%s", name.release);
	snprintf(machine, machine_size, "%s", name.machine);
}
