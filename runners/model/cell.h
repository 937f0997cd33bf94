/* A cell: one mode × pattern × address family, and everything one run of it
 * left behind — the evidence (segments, calls) and what was made of it. */
#ifndef FINRST_CELL_H
#define FINRST_CELL_H

#include <stddef.h>

#include "runners/model/outcome.h"
#include "runners/model/segments.h"

/* The cases a cell pairs (cases/case.h), which the model names but does
 * not look into: the cases are a floor above. */
struct mode;
struct pattern;

#define CELL_ID_SIZE 96
#define CELL_TEXT_SIZE 256

enum verdict { VERDICT_PASS, VERDICT_FAIL, VERDICT_XFAIL, VERDICT_SKIP, VERDICT_ERROR };

struct cell {
	const struct mode *mode;
	const struct pattern *pattern;
	int family;                /* AF_INET or AF_INET6 */
	char id[CELL_ID_SIZE];     /* mode/pattern/family */
};

const char *family_name(int family);  /* "ipv4", "ipv6" */
const char *verdict_name(enum verdict verdict);

#define JUDGED_FIELD_MAX 24
#define FIELD_TEXT_SIZE 48
#define JUDGED_TEXT_SIZE 1024   /* one cited reference or deviation, whole */

struct mismatch {
	size_t field_index;              /* into outcome_field_names and judgement->field_reference */
	char field[FIELD_TEXT_SIZE];
	char expected[FIELD_TEXT_SIZE];
	char actual[FIELD_TEXT_SIZE];
};

/* The expectation in force for a cell and how the outcome met it; indexed
 * like outcome_field_names. An empty expected value is "not judged". */
struct judgement {
	char expected[JUDGED_FIELD_MAX][FIELD_TEXT_SIZE];
	char field_reference[JUDGED_FIELD_MAX][JUDGED_TEXT_SIZE];
	char reference[2048];
	char note[2048];
	char deviation[JUDGED_TEXT_SIZE];   /* non-empty: the platform departs from the RFC here */
	size_t mismatch_count;
	struct mismatch mismatches[JUDGED_FIELD_MAX];
};

struct cell_result {
	struct cell cell;
	enum verdict verdict;
	char error[CELL_TEXT_SIZE];    /* why the cell is `error` or `skip` */
	char retried[CELL_TEXT_SIZE];  /* why it was run a second time (its first capture lost frames); "" if not */
	double duration_ms;
	char pcap[CELL_TEXT_SIZE];     /* path of the capture, relative to the output directory */
	int wire_seen;                 /* the capture ran: wire fields are evidence */
	int program_not_run;           /* an external program exited 127: the run's environment is wrong */
	struct segment_list segments;
	struct call_list client_calls, server_calls;
	struct outcome outcome;
	struct judgement judgement;    /* filled by the suite */
};

void cell_result_free(struct cell_result *result);
/* Frees the evidence and clears everything but the cell, as before its run. */
void cell_result_reset(struct cell_result *result);

#endif
