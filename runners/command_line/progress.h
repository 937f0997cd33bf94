/* What a run says while it runs. On a terminal: one line rewritten in place
 * (cells done/total, failures so far, elapsed), with each failure printed
 * above it as it happens. On a pipe, or when CI is set: plain lines, the
 * failures and a count every tenth of the run. With verbose: a line for
 * every cell. */
#ifndef FINRST_PROGRESS_H
#define FINRST_PROGRESS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "runners/model/cell.h"

struct progress {
	FILE *out;
	int live;                 /* rewrite one line in place */
	int verbose;              /* a line for every cell */
	size_t total, done, failed;
	int64_t started_us;
	size_t next_count_line;   /* plain output: when to print the next count */
	int line_shown;           /* the live line is on screen and must be cleared first */
};

/* Live when `out` is a terminal, CI is unset or empty, and TERM is not dumb. */
void progress_init(struct progress *progress, FILE *out, int verbose);
void progress_begin(struct progress *progress, size_t total);
void progress_cell_done(struct progress *progress, const struct cell_result *result);
/* Clears the live line, so that what follows starts on a clean line. */
void progress_end(struct progress *progress);

#endif
