/* The report files a command was asked for (--junit FILE, --html FILE),
 * checked before a run so that a bad path does not waste the run, and
 * written from the results document after it. */
#ifndef FINRST_REPORT_FILES_H
#define FINRST_REPORT_FILES_H

#include <jansson.h>
#include <stddef.h>

/* Each NULL when it is not wanted (or was not written). */
struct report_files {
	const char *results, *junit, *html;
};

/* Whether the JUnit and HTML files could be written: they are not
 * directories, and the nearest existing directory above them is writable
 * (missing directories are made when they are written). Returns 0, or -1
 * with "cannot write PATH: reason" in `error`. */
int report_files_check(const struct report_files *files, char *error, size_t size);

/* Makes the missing directories above the file `path` (mkdir -p). Returns
 * 0, or -1 with "cannot write PATH: cannot create DIR: reason" in `error`. */
int report_file_directories_make(const char *path, char *error, size_t size);

/* Writes the JUnit and HTML reports of `results`, making their directories; `results_directory` is
 * where the results file and its pcaps are. Returns 0, or -1 with the first
 * failure in `error`. */
int report_files_write(const struct report_files *files, const json_t *results, const char *results_directory,
		       char *error, size_t size);

#endif
