/* `finrst run --repeat N`: the same cells run N times, and every cell whose
 * outcome facts changed between repetitions is listed — a flake detector a
 * user can point at their own kernel. A cell that changes is a finrst bug or
 * a kernel that is not deterministic here; either way it must be seen. */
#ifndef FINRST_REPETITIONS_H
#define FINRST_REPETITIONS_H

#include <stdio.h>

#include "runners/command_line/matrix_run.h"

/* Runs `config`'s cells `more` further times (keeping no files) and compares
 * each with `first`. Prints each change to `out`. Returns the number of cells
 * that changed, or -1 with the reason in `error`. */
int repetitions_run(const struct matrix_run_config *config, const struct matrix_run *first, int more,
		    FILE *out, char *error, size_t size);

#endif
