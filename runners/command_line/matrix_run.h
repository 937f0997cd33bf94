/* One whole run of a selection of the matrix: run the cells (the engine's
 * cells_run), judge each against the platform's expectation table, write the
 * results. Shared by `finrst run`, `finrst explain` and the CUnit suite. */
#ifndef FINRST_MATRIX_RUN_H
#define FINRST_MATRIX_RUN_H

#include <jansson.h>
#include <stdio.h>

#include "reports/results_json.h"
#include "suite/expectations.h"
#include "runners/engine/cells_run.h"
#include "runners/command_line/progress.h"

struct matrix_run_config {
	char *const *filters;
	size_t filter_count;
	const char *output_directory;    /* NULL: keep no files */
	const char *expectations_path;   /* NULL: the table for this platform */
	int jobs;
	int64_t time_limit_ms;
	struct progress *progress;       /* NULL: silent */
	int host_network;                /* run on the host's loopback, not a private one */
	int no_capture;                  /* --no-capture: run without the wire, its fields skip */
	int fresh_processes;             /* --fresh-processes: fork both sides for every cell */
};

struct matrix_run {
	struct cell_result *results;
	size_t count;
	size_t totals[VERDICT_ERROR + 1];
	struct expectation_table table;
	struct platform_facts platform;
	char results_path[4096];
	double wall_ms;
	char network[256];               /* where the cells ran, for the summary */
	char capture[320];               /* "on lo", or "none: why" */
	json_t *document;                /* the results, which every report is rendered from */
};

/* Returns 0 when the run happened (whatever its verdicts), 2 on a usage or
 * environment error, explained in `error`. The results document is built
 * either way the run happened, and saved as results.json when there is an
 * output directory. */
int matrix_run(const struct matrix_run_config *config, struct matrix_run *run, char *error, size_t size);
void matrix_run_free(struct matrix_run *run);

/* The expectation table for the running system: suite/expectations/linux.exp. */
const char *default_expectations_path(void);

#endif
