#include "runners/command_line/matrix_run.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "runners/engine/matrix.h"
#include "runners/system/data_directory.h"
#include "runners/system/interruption.h"
#include "runners/system/platform.h"
#include "suite/judge.h"

#ifndef FINRST_EXPECTATIONS_DIR
#define FINRST_EXPECTATIONS_DIR "suite/expectations"
#endif

static const char *expectations_directory(void)
{
	static char directory[4096];
	return data_directory_find("FINRST_EXPECTATIONS_DIR", FINRST_EXPECTATIONS_DIR, "expectations", directory,
				   sizeof directory);
}

const char *default_expectations_path(void)
{
	static char path[4096];
	char system[64], release[64], machine[64];
	platform_describe(system, sizeof system, release, sizeof release, machine, sizeof machine);
	for (char *c = system; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	snprintf(path, sizeof path, "%s/%s.exp", expectations_directory(), system);
	return path;
}

struct cell_context {
	struct matrix_run *run;
	struct progress *progress;
};

static void on_cell_done(struct cell_result *result, void *context)
{
	struct cell_context *cells = context;
	judge_cell(&cells->run->table, result);
	cells->run->totals[result->verdict]++;
	progress_cell_done(cells->progress, result);
}

static long peak_rss_kb(void)
{
	struct rusage usage;
	return getrusage(RUSAGE_SELF, &usage) == 0 ? usage.ru_maxrss : 0;
}

/* Every report is rendered from this document, never from the structs. */
static int write_results(const struct matrix_run_config *config, struct matrix_run *run, char *error, size_t size)
{
	struct run_facts facts = { .duration_ms = run->wall_ms, .jobs = config->jobs, .peak_rss_kb = peak_rss_kb() };
	snprintf(facts.network, sizeof facts.network, "%s", run->network);
	snprintf(facts.capture, sizeof facts.capture, "%s", run->capture);
	if (interruption_signal())
		snprintf(facts.interrupted_by, sizeof facts.interrupted_by, "%s", interruption_name());
	run->document = results_json_build(&run->platform, &facts, run->results, run->count);
	if (!run->document) {
		snprintf(error, size, "out of memory for the results of %zu cells", run->count);
		return -1;
	}
	if (!config->output_directory)
		return 0;
	snprintf(run->results_path, sizeof run->results_path, "%s/results.json", config->output_directory);
	return results_json_save(run->document, run->results_path, error, size);
}

int matrix_run(const struct matrix_run_config *config, struct matrix_run *run, char *error, size_t size)
{
	memset(run, 0, sizeof *run);
	const char *table_path = config->expectations_path ? config->expectations_path : default_expectations_path();
	if (expectation_table_load(&run->table, table_path, error, size) != 0)
		return 2;
	if (matrix_build(config->filters, config->filter_count, &run->results, &run->count, error, size) != 0)
		return 2;
	platform_facts_collect(&run->platform, table_path);
	struct cells_run_config cells = { config->output_directory, config->jobs, config->time_limit_ms,
					  config->host_network, config->no_capture, config->fresh_processes };
	struct cell_context context = { run, config->progress };
	if (config->progress)
		progress_begin(config->progress, run->count);
	struct cells_run_facts facts;
	int status = cells_run(&cells, run->results, run->count, on_cell_done, &context, &facts, error, size);
	progress_end(config->progress);
	snprintf(run->network, sizeof run->network, "%s", facts.network);
	snprintf(run->capture, sizeof run->capture, "%s", facts.capture);
	run->wall_ms = facts.wall_ms;
	if (status != 0)
		return 2;
	return write_results(config, run, error, size) == 0 ? 0 : 2;
}

void matrix_run_free(struct matrix_run *run)
{
	matrix_free(run->results, run->count);
	expectation_table_free(&run->table);
	json_decref(run->document);
	run->document = NULL;
	run->results = NULL;
	run->count = 0;
}
