#include "runners/engine/cells_run.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cases/case.h"
#include "runners/system/platform.h"

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
static void choose_network(const struct cells_run_config *config, struct cells_run_facts *run)
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
static int open_capture(const struct cells_run_config *config, struct cells_run_facts *run, struct capture *capture,
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

/* Starts (or ends) the lookups of the external programs the cells run; a
 * lookup started already goes on (case.h). */
static void program_lookups(const struct cell_result *results, size_t count, int start)
{
	for (size_t i = 0; i < count; i++) {
		const struct program_lookup *lookup = results[i].cell.mode->lookup;
		if (lookup)
			(start ? lookup->start : lookup->end)();
	}
}

int cells_run(const struct cells_run_config *config, struct cell_result *results, size_t count,
	      cell_done_callback done, void *context, struct cells_run_facts *facts, char *error, size_t size)
{
	memset(facts, 0, sizeof *facts);
	if (prepare_output(config->output_directory, error, size) != 0)
		return 2;
	choose_network(config, facts);
	struct run_options options = { config->output_directory, config->time_limit_ms, config->fresh_processes };
	struct capture capture = { 0 };
	int capturing = open_capture(config, facts, &capture, error, size);
	if (capturing < 0)
		return 2;
	program_lookups(results, count, 1);
	int64_t started = monotonic_us();
	int scheduled = scheduler_run(results, count, &options, capturing ? &capture : NULL, config->jobs, done,
				      context, error, size);
	capture_close(&capture);
	program_lookups(results, count, 0);
	facts->wall_ms = (double)(monotonic_us() - started) / 1000.0;
	return scheduled == 0 ? 0 : 2;
}
