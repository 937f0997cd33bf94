#include "matrix.h"

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

static const int families[] = { AF_INET, AF_INET6 };

/* Fault cases misbehave on purpose; a glob never brings them in, only a
 * filter that names them ("fault-hang/drain/ipv4", or "close/fault-crash" followed by a family glob). */
static int named_by_a_filter(const char *name, char *const *filters, size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (strstr(filters[i], name))
			return 1;
	return 0;
}

static int fault_allowed(const struct cell *cell, char *const *filters, size_t count)
{
	if ((cell->mode->traits & MODE_FAULT) && !named_by_a_filter(cell->mode->name, filters, count))
		return 0;
	if ((cell->pattern->traits & PATTERN_FAULT) && !named_by_a_filter(cell->pattern->name, filters, count))
		return 0;
	return 1;
}

static int selected(const char *id, char *const *filters, size_t count, int *used)
{
	int any = count == 0;
	for (size_t i = 0; i < count; i++)
		if (fnmatch(filters[i], id, 0) == 0) {
			used[i] = 1;
			any = 1;
		}
	return any;
}

static int check_every_filter_used(char *const *filters, size_t count, const int *used,
				   char *error, size_t size)
{
	for (size_t i = 0; i < count; i++)
		if (!used[i]) {
			snprintf(error, size, "the filter '%s' matches no cell (see 'finrst list'; ids are mode/pattern/family)",
				 filters[i]);
			return -1;
		}
	return 0;
}

int matrix_build(char *const *filters, size_t filter_count, struct cell_result **results,
		 size_t *count, char *error, size_t size)
{
	size_t most = mode_count() * pattern_count() * 2;
	int *used = calloc(filter_count + 1, sizeof *used);
	*results = calloc(most, sizeof **results);
	*count = 0;
	if (!used || !*results) {
		free(used);
		free(*results);
		snprintf(error, size, "out of memory for the matrix");
		return -1;
	}
	for (size_t m = 0; m < mode_count(); m++)
		for (size_t p = 0; p < pattern_count(); p++)
			for (size_t f = 0; f < 2; f++) {
				struct cell cell;
				if (pairing_not_applicable(mode_at(m), pattern_at(p)))
					continue;
				cell_init(&cell, mode_at(m), pattern_at(p), families[f]);
				if (fault_allowed(&cell, filters, filter_count) &&
				    selected(cell.id, filters, filter_count, used))
					(*results)[(*count)++].cell = cell;
			}
	int status = check_every_filter_used(filters, filter_count, used, error, size);
	free(used);
	if (status != 0) {
		free(*results);
		*results = NULL;
		*count = 0;
	}
	return status;
}

void matrix_free(struct cell_result *results, size_t count)
{
	for (size_t i = 0; i < count; i++)
		cell_result_free(&results[i]);
	free(results);
}
