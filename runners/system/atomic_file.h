/* Writing a report file so that it is either wholly there or not changed:
 * a reader (a browser, Jenkins, `finrst report`) never sees half a file. */
#ifndef FINRST_ATOMIC_FILE_H
#define FINRST_ATOMIC_FILE_H

#include <stddef.h>
#include <stdio.h>

/* Opens a temporary file beside `path` (its name, PATH.XXXXXX, in
 * `temporary`) for buffered writing: what atomic_file_write_with writes
 * through, and what a writer that takes longer (a cell's pcap, written as
 * the frames come) renames into place itself. Readable by all, as the
 * finished file is to be: mkstemp's 0600 would hide it from the other users
 * who read the reports. NULL with errno, and no file left, on failure. */
FILE *atomic_file_begin(const char *path, char *temporary, size_t size);

/* Writes `length` bytes to a temporary file beside `path`, syncs it and
 * renames it over `path`. Returns 0, or -1 with "cannot write PATH: reason"
 * in `error`. */
int atomic_file_write(const char *path, const char *data, size_t length, char *error, size_t size);

/* The same with what `write_to` writes to the temporary file (buffered);
 * it returns 0, or -1 with errno set. */
typedef int (*atomic_file_writer)(FILE *file, void *context);
int atomic_file_write_with(const char *path, atomic_file_writer write_to, void *context, char *error, size_t size);

#endif
