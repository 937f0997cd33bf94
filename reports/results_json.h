/* Results JSON, the source of truth every report is rendered from.
 * {"format":"finrst-results","version":1,"platform":{...},"summary":{...},"cells":[...]}
 * Documented in README.md ("Results JSON"). */
#ifndef FINRST_RESULTS_JSON_H
#define FINRST_RESULTS_JSON_H

#include <stddef.h>

#include "../runners/cell.h"

#define RESULTS_FORMAT "finrst-results"
#define RESULTS_VERSION 1

struct platform_facts {
	char system[64], release[128], machine[64];
	char libpcap[128], libcurl[64];
	char expectations[256];   /* the table the verdicts were judged against */
};

void platform_facts_collect(struct platform_facts *facts, const char *expectations_path);

/* Writes to a temporary file beside `path` and renames it, so no truncated
 * file is ever left. Returns 0, or -1 with the reason in `error`. */
int results_json_write(const char *path, const struct platform_facts *platform,
		       const struct cell_result *results, size_t count, char *error, size_t size);

#endif
