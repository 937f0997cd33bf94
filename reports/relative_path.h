/* The path from one directory to another, so that a report can link to the
 * pcaps beside its results file wherever the report itself is written. */
#ifndef FINRST_RELATIVE_PATH_H
#define FINRST_RELATIVE_PATH_H

#include <stddef.h>

/* The directory part of `path` ("." when it has none). */
void directory_of(const char *path, char *out, size_t size);

/* The relative path from directory `from` to directory `to` ("." when they
 * are the same, e.g. "../out"). Where either cannot be resolved (it does not
 * exist), `to` as given. */
void relative_path(const char *from, const char *to, char *out, size_t size);

#endif
