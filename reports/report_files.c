#include "reports/report_files.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "reports/html_report.h"
#include "reports/junit_xml.h"
#include "reports/relative_path.h"

/* The nearest directory at or above `directory` that exists: where a
 * report's missing directories will be made. */
static void nearest_existing(const char *directory, char *out, size_t size)
{
	struct stat status;
	snprintf(out, size, "%s", directory);
	while (stat(out, &status) != 0 && strcmp(out, ".") != 0 && strcmp(out, "/") != 0) {
		char parent[4096];
		directory_of(out, parent, sizeof parent);
		snprintf(out, size, "%s", parent);
	}
}

static int check_writable(const char *path, char *error, size_t size)
{
	char directory[4096], existing[4096];
	struct stat status;
	if (!path)
		return 0;
	if (!*path) {
		snprintf(error, size, "a report file needs a name (got an empty one)");
		return -1;
	}
	if (stat(path, &status) == 0 && S_ISDIR(status.st_mode)) {
		snprintf(error, size, "cannot write %s: %s", path, strerror(EISDIR));
		return -1;
	}
	directory_of(path, directory, sizeof directory);
	nearest_existing(directory, existing, sizeof existing);
	if (stat(existing, &status) == 0 && !S_ISDIR(status.st_mode)) {
		snprintf(error, size, "cannot write %s: %s is not a directory", path, existing);
		return -1;
	}
	if (access(existing, W_OK) != 0) {
		snprintf(error, size, "cannot write %s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

int report_file_directories_make(const char *path, char *error, size_t size)
{
	char directory[4096];
	directory_of(path, directory, sizeof directory);
	for (char *slash = directory + 1;; slash++) {
		char saved = *slash;
		if (saved != '/' && saved != '\0')
			continue;
		*slash = '\0';
		if (mkdir(directory, 0755) != 0 && errno != EEXIST) {
			snprintf(error, size, "cannot write %s: cannot create %s: %s", path, directory, strerror(errno));
			return -1;
		}
		*slash = saved;
		if (!saved)
			return 0;
	}
}

int report_files_check(const struct report_files *files, char *error, size_t size)
{
	if (check_writable(files->junit, error, size) != 0 || check_writable(files->html, error, size) != 0)
		return -1;
	return 0;
}

int report_files_write(const struct report_files *files, const json_t *results, const char *results_directory,
		       char *error, size_t size)
{
	if (files->junit && (report_file_directories_make(files->junit, error, size) != 0 ||
			     junit_xml_write(results, files->junit, error, size) != 0))
		return -1;
	if (files->html && (report_file_directories_make(files->html, error, size) != 0 ||
			    html_report_write(results, results_directory, files->html, error, size) != 0))
		return -1;
	return 0;
}
