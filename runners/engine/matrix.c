#include "runners/engine/matrix.h"

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include "runners/system/platform.h"
#include "cases/case.h"

static void cell_init(struct cell *cell, const struct mode *mode, const struct pattern *pattern, int family)
{
	cell->mode = mode;
	cell->pattern = pattern;
	cell->family = family;
	snprintf(cell->id, sizeof cell->id, "%s/%s/%s", mode->name, pattern->name, family_name(family));
}

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

static int has_glob(const char *text, size_t length)
{
	for (size_t i = 0; i < length; i++)
		if (text[i] == '*' || text[i] == '?' || text[i] == '[' || text[i] == '\\')
			return 1;
	return 0;
}

/* Part `index` (0 mode, 1 pattern, 2 family) of a filter split at '/', as a
 * string in `out`; 0 when the filter has no such part or it holds a glob, so
 * that it names nothing in particular. */
static int literal_part(const char *filter, int index, char *out, size_t size)
{
	const char *start = filter;
	for (int i = 0; i < index; i++) {
		start = strchr(start, '/');
		if (!start)
			return 0;
		start++;
	}
	size_t length = strcspn(start, "/");
	if (has_glob(start, length) || length >= size)
		return 0;
	memcpy(out, start, length);
	out[length] = '\0';
	return 1;
}

static size_t part_count(const char *filter)
{
	size_t parts = 1;
	for (const char *c = filter; *c; c++)
		parts += *c == '/';
	return parts;
}

/* Why a filter matched nothing, when its literal parts say why: a filter that looks
 * like an option (given after --), an unknown mode, pattern or family, a pairing
 * left out of the matrix, or an id cut short. A glob that simply matches
 * nothing gets the general message. */
static void explain_unmatched(const char *filter, char *error, size_t size)
{
	char mode[128], pattern[128], family[128];
	int have_mode = literal_part(filter, 0, mode, sizeof mode);
	int have_pattern = literal_part(filter, 1, pattern, sizeof pattern);
	int have_family = literal_part(filter, 2, family, sizeof family);
	const struct mode *known_mode = have_mode ? mode_find(mode) : NULL;
	const struct pattern *known_pattern = have_pattern ? pattern_find(pattern) : NULL;
	size_t parts = part_count(filter);
	if (filter[0] == '-')
		snprintf(error, size, "the filter '%s' matches no cell: cell ids never start with '-'",
			 filter);
	else if (parts == 1 && have_mode && !known_mode && pattern_find(mode))
		snprintf(error, size, "the filter '%s' matches no cell: ids are mode/pattern/family, so the cells of pattern %s are '*/%s/*'",
			 filter, mode, mode);
	else if (parts == 1 && have_mode && !known_mode)
		snprintf(error, size, "the filter '%s' names no mode or pattern (see 'finrst list'; ids are mode/pattern/family)",
			 filter);
	else if (have_mode && !known_mode && strcmp(mode, "client-cmd") == 0)
		snprintf(error, size, "the filter '%s' names the mode client-cmd, which exists only with --client-cmd 'PROGRAM ARGS...'",
			 filter);
	else if (have_pattern && !known_pattern && strcmp(pattern, "server-cmd") == 0)
		snprintf(error, size, "the filter '%s' names the pattern server-cmd, which exists only with --server-cmd 'PROGRAM ARGS... {port}'",
			 filter);
	else if (have_mode && !known_mode)
		snprintf(error, size, "the filter '%s' names an unknown mode '%s' (see 'finrst list' for the modes)", filter,
			 mode);
	else if (have_pattern && !known_pattern)
		snprintf(error, size, "the filter '%s' names an unknown pattern '%s' (see 'finrst list' for the patterns)",
			 filter, pattern);
	else if (have_family && strcmp(family, "ipv4") != 0 && strcmp(family, "ipv6") != 0)
		snprintf(error, size, "the filter '%s' names an unknown family '%s' (ipv4 or ipv6)", filter, family);
	else if (known_mode && known_pattern && pairing_not_applicable(known_mode, known_pattern))
		snprintf(error, size, "the filter '%s' matches no cell: %s/%s is left out of the matrix, as %s (see 'finrst list')",
			 filter, mode, pattern, pairing_not_applicable(known_mode, known_pattern));
	else if (parts < 3 && !has_glob(filter, strlen(filter)))
		snprintf(error, size, "the filter '%s' matches no cell: ids are mode/pattern/family, so perhaps '%s/*'", filter,
			 filter);
	else
		snprintf(error, size, "the filter '%s' matches no cell (see 'finrst list'; ids are mode/pattern/family)",
			 filter);
}

static int check_every_filter_used(char *const *filters, size_t count, const int *used,
				   char *error, size_t size)
{
	for (size_t i = 0; i < count; i++)
		if (!used[i]) {
			explain_unmatched(filters[i], error, size);
			return -1;
		}
	return 0;
}

/* The results live in memory of their own that no forked process shares
 * (platform_keep_from_children): the runner writes them throughout the run,
 * and each fork would otherwise make its next write to every page a
 * copy-on-write fault, 20 us apiece on the machine finrst is developed on. */
static size_t results_bytes(void)
{
	long page = sysconf(_SC_PAGESIZE);
	size_t bytes = mode_count() * pattern_count() * 2 * sizeof(struct cell_result);
	return page > 0 ? (bytes + (size_t)page - 1) / (size_t)page * (size_t)page : bytes;
}

static struct cell_result *results_allocate(void)
{
	void *memory = mmap(NULL, results_bytes(), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (memory == MAP_FAILED)
		return NULL;
	platform_keep_from_children(memory, results_bytes());
	return memory;
}

static void results_release(struct cell_result *results)
{
	if (results)
		munmap(results, results_bytes());
}

int matrix_build(char *const *filters, size_t filter_count, struct cell_result **results,
		 size_t *count, char *error, size_t size)
{
	int *used = calloc(filter_count + 1, sizeof *used);
	*results = results_allocate();
	*count = 0;
	if (!used || !*results) {
		free(used);
		results_release(*results);
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
		results_release(*results);
		*results = NULL;
		*count = 0;
	}
	return status;
}

void matrix_free(struct cell_result *results, size_t count)
{
	for (size_t i = 0; i < count; i++)
		cell_result_free(&results[i]);
	results_release(results);
}
