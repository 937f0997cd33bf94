#include "runners/command_line/repetitions.h"

#include <stdlib.h>
#include <string.h>

#include "runners/system/interruption.h"
#include "runners/model/outcome_facts.h"

/* Compares one repetition with the first run; marks and prints new changes. */
static void compare_with_first(const struct matrix_run *first, const struct matrix_run *again, int repetition,
			       unsigned char *changed, FILE *out)
{
	for (size_t i = 0; i < first->count && i < again->count; i++) {
		char difference[256];
		if (changed[i] || outcome_facts_equal(&first->results[i], &again->results[i], difference, sizeof difference))
			continue;
		changed[i] = 1;
		fprintf(out, "changed: %s in repetition %d: %s\n", first->results[i].cell.id, repetition, difference);
	}
}

int repetitions_run(const struct matrix_run_config *config, const struct matrix_run *first, int more,
		    FILE *out, char *error, size_t size)
{
	struct matrix_run_config quiet = *config;
	unsigned char *changed = calloc(first->count ? first->count : 1, 1);
	int count = 0;
	if (!changed) {
		snprintf(error, size, "out of memory for comparing %zu cells", first->count);
		return -1;
	}
	quiet.output_directory = NULL;
	quiet.progress = NULL;
	for (int repetition = 2; repetition <= more + 1 && !interruption_signal(); repetition++) {
		struct matrix_run again;
		if (matrix_run(&quiet, &again, error, size) != 0) {
			matrix_run_free(&again);
			free(changed);
			return -1;
		}
		compare_with_first(first, &again, repetition, changed, out);
		matrix_run_free(&again);
	}
	for (size_t i = 0; i < first->count; i++)
		count += changed[i];
	fprintf(out, "repeat: %zu cells run %d times, %d cells whose outcome changed\n", first->count, more + 1, count);
	free(changed);
	return count;
}
