/* Results JSON, the source of truth every report is rendered from.
 * {"format":"finrst-results","version":1,"platform":{...},"run":{...},
 *  "summary":{...},"cells":[...]}
 * Documented in README.md ("Results JSON"). Reports are rendered from the
 * document this builds, never from the C structs, so that `finrst report`
 * can render them again from the saved file. */
#ifndef FINRST_RESULTS_JSON_H
#define FINRST_RESULTS_JSON_H

#include <jansson.h>
#include <stddef.h>

#include "runners/model/cell.h"

#define RESULTS_FORMAT "finrst-results"
#define RESULTS_VERSION 1

struct platform_facts {
	char system[64], release[128], machine[64];
	char libpcap[128], libcurl[64];
	char expectations[256];   /* the table the verdicts were judged against */
};

void platform_facts_collect(struct platform_facts *facts, const char *expectations_path);

/* Facts about the run as a whole, beside the platform's. */
struct run_facts {
	double duration_ms;        /* wall clock of the whole run */
	char network[256];         /* where the cells ran */
	char capture[320];         /* "on lo", or "none: why" (wire fields are then skip) */
	int jobs;                  /* cells run at once */
	long peak_rss_kb;          /* the runner's peak resident memory */
	char interrupted_by[16];   /* "SIGINT"...: the results are incomplete; "" otherwise */
};

/* The results document of a run; "run.finished" is the time of this call.
 * Returns NULL only when memory is exhausted. */
json_t *results_json_build(const struct platform_facts *platform, const struct run_facts *run,
			   const struct cell_result *results, size_t count);

/* Writes `document` to `path` so that no truncated file is ever left (a
 * temporary file, synced, then renamed). Returns 0, or -1 with "cannot write
 * PATH: reason" in `error`. */
int results_json_save(const json_t *document, const char *path, char *error, size_t size);

#endif
