#include "matrix_run.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../suite/judge.h"
#include "matrix.h"
#include "platform.h"
#include "interruption.h"
#include "data_directory.h"
#include "scheduler.h"

#ifndef FINRST_EXPECTATIONS_DIR
#define FINRST_EXPECTATIONS_DIR "suite/expectations"
#endif

static const char *expectations_directory(void)
{
	static char directory[4096];
	return data_directory_find("FINRST_EXPECTATIONS_DIR", FINRST_EXPECTATIONS_DIR, "expectations", directory,
				   sizeof directory);
}

const char *default_expectations_path(void)
{
	static char path[4096];
	char system[64], release[64], machine[64];
	platform_describe(system, sizeof system, release, sizeof release, machine, sizeof machine);
	for (char *c = system; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	snprintf(path, sizeof path, "%s/%s.exp", expectations_directory(), system);
	return path;
}

static int make_directory(const char *path, char *error, size_t size)
{
	char copy[4096];
	snprintf(copy, sizeof copy, "%s", path);
	for (char *slash = copy + 1; ; slash++) {
		char saved = *slash;
		if (saved != '/' && saved != '\0')
			continue;
		*slash = '\0';
		if (mkdir(copy, 0755) != 0 && errno != EEXIST) {
			snprintf(error, size, "cannot create the output directory %s: %s", copy, strerror(errno));
			return -1;
		}
		*slash = saved;
		if (!saved)
			return 0;
	}
}

static int prepare_output(const char *directory, char *error, size_t size)
{
	char pcaps[4096];
	if (!directory)
		return 0;
	snprintf(pcaps, sizeof pcaps, "%s/pcaps", directory);
	if (make_directory(pcaps, error, size) != 0)
		return -1;
	if (access(pcaps, W_OK) != 0) {
		snprintf(error, size, "cannot write into the output directory %s: %s", pcaps, strerror(errno));
		return -1;
	}
	return 0;
}

/* A private namespace is better (isolated, capture without root, no
 * delayed-ACK timers); the host's loopback still works where namespaces are
 * not allowed, and the summary says which one was used. */
static void choose_network(const struct matrix_run_config *config, struct matrix_run *run)
{
	static int entered;
	char why[256];
	if (config->host_network) {
		snprintf(run->network, sizeof run->network, "the host's loopback (--host-network)");
		return;
	}
	if (entered || platform_enter_private_network(why, sizeof why) == 0) {
		entered = 1;
		snprintf(run->network, sizeof run->network, "a private network namespace");
		return;
	}
	snprintf(run->network, sizeof run->network, "the host's loopback (%s)", why);
	fprintf(stderr, "finrst: warning: %s; running on the host's loopback, where delayed ACKs can make "
		"a cell's wire differ between runs\n", why);
}

/* Opens the run's capture into `capture`. Without the right to capture, the
 * calls are still evidence: the cells run and are judged on everything but
 * the wire, whose fields are skip, and the summary says why. Returns 1
 * capturing, 0 not, -1 when the capture failed otherwise (the run stops,
 * exit 2, with the reason in `error`). */
static int open_capture(const struct matrix_run_config *config, struct matrix_run *run, struct capture *capture,
			char *error, size_t size)
{
	const char *skipped = "the wire fields of every cell are skip", *interface = platform_loopback_interface();
	char why[256];
	if (config->no_capture) {
		snprintf(run->capture, sizeof run->capture, "none (--no-capture): %s", skipped);
		return 0;
	}
	switch (capture_open(capture, interface, "tcp", why, sizeof why)) {
	case CAPTURE_OK:
		snprintf(run->capture, sizeof run->capture, "on %s", interface);
		return 1;
	case CAPTURE_NO_PERMISSION:
		snprintf(run->capture, sizeof run->capture, "none (%s): %s", why, skipped);
		fprintf(stderr, "finrst: warning: %s; running without capture: %s\n", why, skipped);
		return 0;
	default:
		snprintf(error, size, "%s", why);
		return -1;
	}
}

struct cell_context {
	struct matrix_run *run;
	struct progress *progress;
};

static void on_cell_done(struct cell_result *result, void *context)
{
	struct cell_context *cells = context;
	judge_cell(&cells->run->table, result);
	cells->run->totals[result->verdict]++;
	progress_cell_done(cells->progress, result);
}

static long peak_rss_kb(void)
{
	struct rusage usage;
	return getrusage(RUSAGE_SELF, &usage) == 0 ? usage.ru_maxrss : 0;
}

/* Every report is rendered from this document, never from the structs. */
static int write_results(const struct matrix_run_config *config, struct matrix_run *run, char *error, size_t size)
{
	struct run_facts facts = { .duration_ms = run->wall_ms, .jobs = config->jobs, .peak_rss_kb = peak_rss_kb() };
	snprintf(facts.network, sizeof facts.network, "%s", run->network);
	snprintf(facts.capture, sizeof facts.capture, "%s", run->capture);
	if (interruption_signal())
		snprintf(facts.interrupted_by, sizeof facts.interrupted_by, "%s", interruption_name());
	run->document = results_json_build(&run->platform, &facts, run->results, run->count);
	if (!run->document) {
		snprintf(error, size, "out of memory for the results of %zu cells", run->count);
		return -1;
	}
	if (!config->output_directory)
		return 0;
	snprintf(run->results_path, sizeof run->results_path, "%s/results.json", config->output_directory);
	return results_json_save(run->document, run->results_path, error, size);
}

/* Starts (or ends) the lookups of the external programs the cells run; a
 * lookup started already goes on (case.h). */
static void program_lookups(const struct matrix_run *run, int start)
{
	for (size_t i = 0; i < run->count; i++) {
		const struct program_lookup *lookup = run->results[i].cell.mode->lookup;
		if (lookup)
			(start ? lookup->start : lookup->end)();
	}
}

int matrix_run(const struct matrix_run_config *config, struct matrix_run *run, char *error, size_t size)
{
	memset(run, 0, sizeof *run);
	const char *table_path = config->expectations_path ? config->expectations_path : default_expectations_path();
	if (expectation_table_load(&run->table, table_path, error, size) != 0)
		return 2;
	if (matrix_build(config->filters, config->filter_count, &run->results, &run->count, error, size) != 0)
		return 2;
	if (prepare_output(config->output_directory, error, size) != 0)
		return 2;
	choose_network(config, run);
	platform_facts_collect(&run->platform, table_path);
	struct run_options options = { config->output_directory, config->time_limit_ms, config->fresh_processes };
	struct capture capture = { 0 };
	int capturing = open_capture(config, run, &capture, error, size);
	if (capturing < 0)
		return 2;
	program_lookups(run, 1);
	struct cell_context context = { run, config->progress };
	if (config->progress)
		progress_begin(config->progress, run->count);
	int64_t started = monotonic_us();
	int scheduled = scheduler_run(run->results, run->count, &options, capturing ? &capture : NULL, config->jobs,
				      on_cell_done, &context, error, size);
	capture_close(&capture);
	program_lookups(run, 0);
	progress_end(config->progress);
	if (scheduled != 0)
		return 2;
	run->wall_ms = (double)(monotonic_us() - started) / 1000.0;
	return write_results(config, run, error, size) == 0 ? 0 : 2;
}

void matrix_run_free(struct matrix_run *run)
{
	matrix_free(run->results, run->count);
	expectation_table_free(&run->table);
	json_decref(run->document);
	run->document = NULL;
	run->results = NULL;
	run->count = 0;
}
