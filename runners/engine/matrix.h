/* The matrix: every applicable mode × pattern × family, narrowed by globs. */
#ifndef FINRST_MATRIX_H
#define FINRST_MATRIX_H

#include <stddef.h>

#include "runners/model/cell.h"

/* Allocates one result per selected cell, in table order. Returns 0, or -1
 * with the problem in `error` (a filter that matches no cell, no memory). */
int matrix_build(char *const *filters, size_t filter_count, struct cell_result **results,
		 size_t *count, char *error, size_t error_size);
void matrix_free(struct cell_result *results, size_t count);

#endif
