/* The facts an outcome states, as opposed to the figures it was read from:
 * a byte count read is none, some or all of what was sent (buffer sizes may
 * vary; what was lost may not), a duration is under half a second or about
 * so many seconds (a machine's speed may vary; a close() that waited out a
 * linger time may not). `finrst run --repeat` and `finrst compare` judge
 * outcomes by their facts. */
#ifndef FINRST_OUTCOME_FACTS_H
#define FINRST_OUTCOME_FACTS_H

#include <stddef.h>

#include "runners/model/cell.h"

/* What `field` is read against ("bytes.c2s_sent" for "bytes.c2s_read"), or
 * NULL. Such a whole is stated through the share read, not on its own. */
const char *outcome_fact_whole(const char *field);
int outcome_fact_is_whole(const char *field);
int outcome_fact_is_duration(const char *field);

/* The fact `field` states, given its value and, for a share, the whole's
 * value; `shown`, unless NULL, also gets the figures it came from where they
 * differ from the fact ("some (65615 of 2687055)", "under 0.5 s (5 ms)"). */
void outcome_fact(const char *field, const char *value, const char *whole, char *fact, size_t fact_size,
		  char *shown, size_t shown_size);

/* 1 when `a` and `b` state the same facts, durations left out (a flake
 * detector must not see a loaded machine's slow close()); otherwise 0, with
 * the first difference ("client_teardown: FIN, then FIN RST") in `difference`. */
int outcome_facts_equal(const struct cell_result *a, const struct cell_result *b,
			char *difference, size_t size);

#endif
