/* Reading a results JSON file back (`finrst report`, `finrst compare`),
 * refusing anything that is not finrst results of a version this finrst
 * knows, with one line that says why. */
#ifndef FINRST_RESULTS_READ_H
#define FINRST_RESULTS_READ_H

#include <jansson.h>
#include <stddef.h>

/* Returns the document, or NULL with one line in `error`: the file cannot be
 * read; it is not JSON (with line and column); it is not finrst results; it
 * is of an unknown version; a cell lacks what every report needs (id, mode,
 * pattern, family, a known verdict). */
json_t *results_load(const char *path, char *error, size_t size);

#endif
