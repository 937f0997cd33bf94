/* Where finrst's data files are: the build tree's while developing, or,
 * for an installed finrst, PREFIX/share/finrst/ beside PREFIX/bin/finrst. */
#ifndef FINRST_DATA_DIRECTORY_H
#define FINRST_DATA_DIRECTORY_H

#include <stddef.h>

/* The directory named by the environment variable `environment` if set;
 * else `build_tree` if it exists; else ../share/finrst/`installed_name`
 * beside the running executable. Written into `out`, which is returned. */
const char *data_directory_find(const char *environment, const char *build_tree, const char *installed_name,
				char *out, size_t size);

#endif
