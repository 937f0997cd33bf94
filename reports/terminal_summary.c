#include "reports/terminal_summary.h"

#include <string.h>

#include "reports/cell_text.h"
#include "reports/results_fields.h"
#include "reports/terminal_text.h"

static void print_counts(FILE *out, const json_t *results)
{
	size_t counts[VERDICT_ERROR + 1];
	const json_t *run = json_object_get(results, "run");
	results_count_verdicts(results, counts);
	fprintf(out, "%zu cells", json_array_size(json_object_get(results, "cells")));
	if (json_is_number(json_object_get(run, "duration_ms")))
		fprintf(out, " in %.2f s", results_number(run, "duration_ms") / 1000.0);
	fprintf(out, ": %zu pass, %zu fail, %zu xfail, %zu skip, %zu error\n", counts[VERDICT_PASS],
		counts[VERDICT_FAIL], counts[VERDICT_XFAIL], counts[VERDICT_SKIP], counts[VERDICT_ERROR]);
}

static int failed(const json_t *cell)
{
	return verdict_is_failure(verdict_index(results_text(cell, "verdict")));
}

/* "close-unread: 1 fail, 2 error", then one line per failing cell. */
static void print_mode_failures(FILE *out, const json_t *cells, const char *mode)
{
	size_t counts[VERDICT_ERROR + 1] = { 0 };
	for (size_t i = 0; i < json_array_size(cells); i++) {
		const json_t *cell = json_array_get(cells, i);
		if (strcmp(results_text(cell, "mode"), mode) == 0 && failed(cell))
			counts[verdict_index(results_text(cell, "verdict"))]++;
	}
	fprintf(out, "  %s:", mode);
	if (counts[VERDICT_FAIL])
		fprintf(out, " %zu fail%s", counts[VERDICT_FAIL], counts[VERDICT_ERROR] ? "," : "");
	if (counts[VERDICT_ERROR])
		fprintf(out, " %zu error", counts[VERDICT_ERROR]);
	fputc('\n', out);
	for (size_t i = 0; i < json_array_size(cells); i++) {
		const json_t *cell = json_array_get(cells, i);
		if (strcmp(results_text(cell, "mode"), mode) != 0 || !failed(cell))
			continue;
		char where[512];
		snprintf(where, sizeof where, "%s/%s", results_text(cell, "pattern"), results_text(cell, "family"));
		fprintf(out, "    %-28s %-5s ", where, results_text(cell, "verdict"));
		cell_mismatches_text(out, cell, 0);
		fputc('\n', out);
	}
}

static int earlier_failure_of_mode(const json_t *cells, size_t index)
{
	const char *mode = results_text(json_array_get(cells, index), "mode");
	for (size_t i = 0; i < index; i++)
		if (failed(json_array_get(cells, i)) && strcmp(results_text(json_array_get(cells, i), "mode"), mode) == 0)
			return 1;
	return 0;
}

static void print_failures(FILE *out, const json_t *results)
{
	const json_t *cells = json_object_get(results, "cells");
	int any = 0;
	for (size_t i = 0; i < json_array_size(cells); i++) {
		if (!failed(json_array_get(cells, i)) || earlier_failure_of_mode(cells, i))
			continue;
		if (!any++)
			fputs("failures by mode:\n", out);
		print_mode_failures(out, cells, results_text(json_array_get(cells, i), "mode"));
	}
}

/* Cells run a second time because their first capture lost frames: the
 * machine was too busy for the capture, which the user may want to know even
 * when the second run passed. The first few by id, then how many more. */
static void print_retried(FILE *out, const json_t *results)
{
	const json_t *cells = json_object_get(results, "cells");
	size_t retried = 0, shown = 0;
	for (size_t i = 0; i < json_array_size(cells); i++)
		retried += *results_text(json_array_get(cells, i), "retried") != '\0';
	if (!retried)
		return;
	fprintf(out, "run twice, as their first capture lost frames: %zu cell%s (", retried, retried == 1 ? "" : "s");
	for (size_t i = 0; i < json_array_size(cells) && shown < 5; i++) {
		const json_t *cell = json_array_get(cells, i);
		if (*results_text(cell, "retried"))
			fprintf(out, "%s%s %s", shown++ ? ", " : "", results_text(cell, "id"), results_text(cell, "verdict"));
	}
	if (retried > shown)
		fprintf(out, ", and %zu more", retried - shown);
	fputs(")\n", out);
}

static void print_written(FILE *out, const struct report_files *written)
{
	const char *names[] = { "results", "JUnit", "HTML" };
	const char *paths[] = { written->results, written->junit, written->html };
	int any = 0;
	for (size_t i = 0; i < 3; i++)
		if (paths[i] && *paths[i])
			fprintf(out, "%s%s %s", any++ ? ", " : "written: ", names[i], paths[i]);
	if (any)
		fputc('\n', out);
}

struct summary {
	const json_t *results;
	const struct report_files *written;
};

static void print_summary(FILE *out, const void *context)
{
	const struct summary *summary = context;
	const json_t *results = summary->results;
	const json_t *platform = json_object_get(results, "platform"), *run = json_object_get(results, "run");
	print_counts(out, results);
	print_failures(out, results);
	print_retried(out, results);
	fprintf(out, "platform: %s %s %s; judged against %s\n", results_text(platform, "system"),
		results_text(platform, "release"), results_text(platform, "machine"),
		*results_text(platform, "expectations") ? results_text(platform, "expectations") : "(unknown)");
	if (*results_text(run, "network"))
		fprintf(out, "network: %s\n", results_text(run, "network"));
	if (*results_text(run, "capture"))
		fprintf(out, "capture: %s\n", results_text(run, "capture"));
	print_written(out, summary->written);
}

void terminal_summary_print(FILE *out, const json_t *results, const struct report_files *written)
{
	struct summary summary = { results, written };
	terminal_text_print(out, print_summary, &summary);
}
