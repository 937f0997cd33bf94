/* The summary printed at the end of a run (and by `finrst report`), rendered
 * from a results document: the counts, the failures grouped by mode, the
 * platform, and where the reports were written. */
#ifndef FINRST_TERMINAL_SUMMARY_H
#define FINRST_TERMINAL_SUMMARY_H

#include <jansson.h>
#include <stdio.h>

#include "reports/report_files.h"

void terminal_summary_print(FILE *out, const json_t *results, const struct report_files *written);

#endif
