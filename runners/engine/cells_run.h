/* The cells of a selection run under one network and one capture: the
 * output directory readied, the private network entered, the capture opened,
 * the external programs looked up, the scheduler run. What is made of each
 * cell (its verdict, the results document) is the caller's: it is told of
 * each cell as it ends. */
#ifndef FINRST_CELLS_RUN_H
#define FINRST_CELLS_RUN_H

#include <stddef.h>
#include <stdint.h>

#include "runners/engine/scheduler.h"

struct cells_run_config {
	const char *output_directory;    /* pcaps go to OUTPUT/pcaps/; NULL: keep no files */
	int jobs;
	int64_t time_limit_ms;
	int host_network;                /* run on the host's loopback, not a private one */
	int no_capture;                  /* --no-capture: run without the wire, its fields skip */
	int fresh_processes;             /* --fresh-processes: fork both sides for every cell */
};

/* Where the cells ran, for the results and the summary. */
struct cells_run_facts {
	char network[256];               /* "a private network namespace", or why not */
	char capture[320];               /* "on lo", or "none: why" */
	double wall_ms;                  /* from the first cell's start to the last one's end */
};

/* Runs every cell of `results`, calling `done` as each ends. Returns 0 when
 * the cells ran (whatever their verdicts), 2 on an environment error
 * explained in `error` (the output directory, the capture, the scheduler). */
int cells_run(const struct cells_run_config *config, struct cell_result *results, size_t count,
	      cell_done_callback done, void *context, struct cells_run_facts *facts, char *error, size_t size);

#endif
