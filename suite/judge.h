/* Judging: the outcome of a cell against the expectation in force for it. */
#ifndef FINRST_JUDGE_H
#define FINRST_JUDGE_H

#include "runners/model/cell.h"
#include "suite/expectations.h"

/* Sets result->judgement and result->verdict (an `error` or `skip` already
 * set by the runner stays). */
void judge_cell(const struct expectation_table *table, struct cell_result *result);

#endif
