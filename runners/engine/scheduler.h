/* Runs many cells at once in one process: each cell is a cell_run state
 * machine, all of them watched by one poll(). */
#ifndef FINRST_SCHEDULER_H
#define FINRST_SCHEDULER_H

#include <stddef.h>

#include "runners/engine/cell_run.h"

typedef void (*cell_done_callback)(struct cell_result *result, void *context);

/* Runs `results[i].cell` for every i, at most `jobs` at a time, under the
 * open `capture` shared by all (NULL: no capture, wire fields unseen),
 * calling `done` as each finishes. Cells whose mode is slow start first.
 * Returns 0, or -1 with the reason in `error` when the run could not start
 * (no memory) or a pcap could not be written. */
int scheduler_run(struct cell_result *results, size_t count, const struct run_options *options,
		  struct capture *capture, int jobs, cell_done_callback done, void *context, char *error,
		  size_t error_size);

#endif
