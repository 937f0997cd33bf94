#include "runners/system/atomic_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The rename is only durable once the directory entry is on disk too; a
 * failure here loses nothing already written, so it is not reported. */
static void sync_directory_of(const char *path)
{
	char directory[4096];
	snprintf(directory, sizeof directory, "%s", path);
	char *slash = strrchr(directory, '/');
	if (slash == directory)
		slash[1] = '\0';
	else if (slash)
		*slash = '\0';
	else
		snprintf(directory, sizeof directory, ".");
	int fd = open(directory, O_RDONLY);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

FILE *atomic_file_begin(const char *path, char *temporary, size_t size)
{
	if (snprintf(temporary, size, "%s.XXXXXX", path) >= (int)size) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	int fd = mkstemp(temporary);
	if (fd < 0)
		return NULL;
	FILE *file = fchmod(fd, 0644) == 0 ? fdopen(fd, "w") : NULL;
	if (!file) {
		int saved = errno;
		close(fd);
		unlink(temporary);
		errno = saved;
	}
	return file;
}

int atomic_file_write_with(const char *path, atomic_file_writer write_to, void *context, char *error, size_t size)
{
	char temporary[4096];
	FILE *file = atomic_file_begin(path, temporary, sizeof temporary);
	if (!file) {
		snprintf(error, size, "cannot write %s: %s", path, strerror(errno));
		return -1;
	}
	errno = 0;
	int failed = write_to(file, context) != 0 || fflush(file) != 0 || fsync(fileno(file)) != 0;
	int saved = errno ? errno : EIO;
	if (fclose(file) != 0 && !failed) {
		failed = 1;
		saved = errno;
	}
	if (!failed && rename(temporary, path) != 0) {
		failed = 1;
		saved = errno;
	}
	if (failed) {
		unlink(temporary);
		snprintf(error, size, "cannot write %s: %s", path, strerror(saved));
		return -1;
	}
	sync_directory_of(path);
	return 0;
}

struct bytes {
	const char *data;
	size_t length;
};

static int write_bytes(FILE *file, void *context)
{
	const struct bytes *bytes = context;
	return fwrite(bytes->data, 1, bytes->length, file) == bytes->length ? 0 : -1;
}

int atomic_file_write(const char *path, const char *data, size_t length, char *error, size_t size)
{
	struct bytes bytes = { data, length };
	return atomic_file_write_with(path, write_bytes, &bytes, error, size);
}
