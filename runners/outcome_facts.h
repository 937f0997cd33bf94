/* The facts of an outcome that must not change from one run of a cell to
 * the next: the verdict, every word, the write counts, and each byte count
 * read as none/some/all of what was sent (buffer sizes may vary between
 * runs; what was lost may not). Used by `finrst run --repeat`. */
#ifndef FINRST_OUTCOME_FACTS_H
#define FINRST_OUTCOME_FACTS_H

#include <stddef.h>

#include "cell.h"

/* 1 when `a` and `b` state the same facts; otherwise 0, with the first
 * difference ("client_teardown: FIN, then FIN RST") in `difference`. */
int outcome_facts_equal(const struct cell_result *a, const struct cell_result *b,
			char *difference, size_t size);

#endif
