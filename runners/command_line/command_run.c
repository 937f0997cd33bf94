#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "reports/report_files.h"
#include "reports/terminal_summary.h"
#include "runners/command_line/commands.h"
#include "runners/command_line/external_options.h"
#include "runners/command_line/matrix_run.h"
#include "runners/system/interruption.h"
#include "runners/command_line/progress.h"
#include "runners/command_line/repetitions.h"

static const char usage[] =
	"usage: finrst run [OPTIONS] [FILTER...]\n"
	"\n"
	"Runs every applicable cell (mode/pattern/family), or those whose id matches a\n"
	"FILTER glob such as 'close-unread/*' or '*/drain/ipv6', judges each against the\n"
	"platform's expectation table, and writes DIR/results.json and DIR/pcaps/*.pcap.\n"
	"On a terminal one progress line is rewritten in place; on a pipe, or when CI is\n"
	"set, plain lines. Each failure is printed as it happens.\n"
	"\n"
	"options:\n"
	"  -o, --output DIR        where results go (default: finrst-results)\n"
	"  -j, --jobs N            cells run at once (default: the number of cores)\n"
	"  -t, --time-limit MS     per-cell time limit before a cell is an error (default: 10000)\n"
	"  -e, --expectations FILE the expectation table (default: the one for this OS)\n"
	"      --junit FILE        also write the JUnit XML report to FILE\n"
	"      --html FILE         also write the HTML report to FILE (opens from disk)\n"
	"  -r, --repeat N          run the cells N times and list every cell whose outcome\n"
	"                          changed between repetitions (results are the first run's)\n"
	"  -v, --verbose           a line for every cell, not only for failures\n"
	"      --client-cmd 'PROGRAM ARGS...'\n"
	"                          run PROGRAM in place of finrst's client, as the mode\n"
	"                          client-cmd, against every pattern (filter with\n"
	"                          'client-cmd/http-*/*'); {host} {port} {url} are\n"
	"                          substituted; no shell; its calls are not observed\n"
	"      --server-cmd 'PROGRAM ARGS... {port}'\n"
	"                          run PROGRAM in place of finrst's server, as the pattern\n"
	"                          server-cmd. It is taken for an HTTP server (the likeliest\n"
	"                          program to put there), so it pairs with the HTTP clients:\n"
	"                          curl-*, python-http-client, curl-tool and client-cmd\n"
	"                          (filter with '*/server-cmd/*'). {port} is a free loopback\n"
	"                          port it must listen on, {host} 127.0.0.1 or ::1, {url}\n"
	"                          http://{host}:{port}/; no shell; the client starts once the\n"
	"                          port listens; its calls are not observed; it is killed at\n"
	"                          the end of each cell\n"
	"      --host-network      run on the host's loopback instead of a private network\n"
	"                          namespace (needs root; delayed ACKs may then vary the wire)\n"
	"      --no-capture        run without capturing: every cell is judged on its calls,\n"
	"                          its wire fields are skip (what happens by itself where\n"
	"                          neither root nor a user namespace allows capture)\n"
	"      --fresh-processes   fork both sides anew for every cell instead of running\n"
	"                          them in the slots' side workers: slower, for comparing\n"
	"                          (finrst's tests check that both give the same outcomes)\n"
	"  -h, --help              this text\n"
	"\n"
	"environment: FINRST_PYTHON=PATH runs the shipped Python client (python-http-client)\n"
	"under that interpreter instead of the one python3 names (looked up once per run)\n"
	"\n"
	"exit status: 0 all pass or xfail, 1 a verdict failed or an outcome changed between\n"
	"repetitions, 2 usage or environment error (a --client-cmd or --server-cmd program\n"
	"that is not there, or that exits 127), 128+N interrupted by signal N (the results\n"
	"written so far are kept, marked incomplete)\n";

struct run_arguments {
	struct matrix_run_config config;
	struct report_files reports;
	int verbose;
	int repeat;
};

static int parse_positive(const char *text, const char *option, long most, long *out)
{
	char *end;
	long value = strtol(text, &end, 10);
	if (*text == '\0' || *end != '\0' || value < 1 || value > most)
		return usage_error("%s needs a whole number from 1 to %ld, not '%s'", option, most, text);
	*out = value;
	return 0;
}

static int parse_run_arguments(int argc, char **argv, struct run_arguments *arguments)
{
	static const struct option options[] = {
		{ "output", required_argument, NULL, 'o' }, { "jobs", required_argument, NULL, 'j' },
		{ "time-limit", required_argument, NULL, 't' }, { "expectations", required_argument, NULL, 'e' },
		{ "verbose", no_argument, NULL, 'v' }, { "host-network", no_argument, NULL, 'H' },
		{ "junit", required_argument, NULL, 'J' }, { "html", required_argument, NULL, 'W' },
		{ "repeat", required_argument, NULL, 'r' }, { "client-cmd", required_argument, NULL, 'C' },
		{ "server-cmd", required_argument, NULL, 'S' }, { "no-capture", no_argument, NULL, 'N' },
		{ "fresh-processes", no_argument, NULL, 'F' }, { "help", no_argument, NULL, 'h' }, { 0, 0, 0, 0 },
	};
	long number, cores = sysconf(_SC_NPROCESSORS_ONLN);
	struct matrix_run_config *config = &arguments->config;
	*config = (struct matrix_run_config){ .output_directory = "finrst-results", .jobs = cores > 0 ? (int)cores : 1,
					      .time_limit_ms = 10000 };
	int option;
	opterr = 0;
	optind = 1;
	arguments->repeat = 1;
	while ((option = getopt_long(argc, argv, "o:j:t:e:r:vh", options, NULL)) != -1) {
		switch (option) {
		case 'o':
			/* "" would put results.json and pcaps/ at the root of the file system. */
			if (*optarg == '\0')
				return usage_error("the output directory needs a name (got an empty one)");
			config->output_directory = optarg;
			break;
		case 'j':
			if (parse_positive(optarg, "--jobs", 256, &number)) return EXIT_USAGE;
			config->jobs = (int)number;
			break;
		case 't':
			if (parse_positive(optarg, "--time-limit", 3600000, &number)) return EXIT_USAGE;
			config->time_limit_ms = number;
			break;
		case 'e': config->expectations_path = optarg; break;
		case 'r':
			if (parse_positive(optarg, "--repeat", 100000, &number)) return EXIT_USAGE;
			arguments->repeat = (int)number;
			break;
		case 'v': arguments->verbose = 1; break;
		case 'H': config->host_network = 1; break;
		case 'N': config->no_capture = 1; break;
		case 'F': config->fresh_processes = 1; break;
		case 'C':
		case 'S':
			if (external_option_use(option == 'C' ? "--client-cmd" : "--server-cmd", optarg) != 0)
				return EXIT_USAGE;
			break;
		case 'J': arguments->reports.junit = optarg; break;
		case 'W': arguments->reports.html = optarg; break;
		case 'h': fputs(usage, stdout); return -1;
		default:
			return usage_error("run: unknown or incomplete option '%s' (try: finrst run --help)", argv[optind - 1]);
		}
	}
	config->filters = argv + optind;
	config->filter_count = (size_t)(argc - optind);
	return 0;
}

/* The reports are rendered from the results document, as `finrst report`
 * would render them later from results.json. */
static int write_reports(struct run_arguments *arguments, const struct matrix_run *run)
{
	char error[1024];
	arguments->reports.results = run->results_path;
	if (report_files_write(&arguments->reports, run->document, arguments->config.output_directory, error,
			       sizeof error) != 0)
		return usage_error("%s", error);
	putchar('\n');
	terminal_summary_print(stdout, run->document, &arguments->reports);
	printf("explain a cell with: %s explain CELL\n", finrst_program);
	return 0;
}

/* A program that could not be run at all (exit status 127: env or a
 * wrapper found nothing to run) is an error of the run's set-up, like one
 * that is not installed: exit 2, with the first such cell named. */
static const struct cell_result *program_not_run(const struct matrix_run *run)
{
	for (size_t i = 0; i < run->count; i++)
		if (run->results[i].program_not_run)
			return &run->results[i];
	return NULL;
}

int command_run(int argc, char **argv)
{
	struct run_arguments arguments = { 0 };
	struct progress progress;
	struct matrix_run run;
	char error[1024];
	int parsed = parse_run_arguments(argc, argv, &arguments);
	if (parsed != 0)
		return parsed < 0 ? 0 : parsed;
	if (report_files_check(&arguments.reports, error, sizeof error) != 0)
		return usage_error("%s", error);
	progress_init(&progress, stdout, arguments.verbose);
	arguments.config.progress = &progress;
	int status = matrix_run(&arguments.config, &run, error, sizeof error);
	if (status != 0) {
		matrix_run_free(&run);
		return usage_error("%s", error);
	}
	if (write_reports(&arguments, &run) != 0) {
		matrix_run_free(&run);
		return EXIT_USAGE;
	}
	int failed = run.totals[VERDICT_FAIL] + run.totals[VERDICT_ERROR] > 0;
	const struct cell_result *not_run = program_not_run(&run);
	if (not_run) {
		int status = usage_error("%s: %s (its results are in %s)", not_run->cell.id, not_run->error,
					 run.results_path[0] ? run.results_path : "no file");
		matrix_run_free(&run);
		return status;
	}
	int changed = 0;
	if (arguments.repeat > 1 && !interruption_signal())
		changed = repetitions_run(&arguments.config, &run, arguments.repeat - 1, stdout, error, sizeof error);
	matrix_run_free(&run);
	if (changed < 0)
		return usage_error("%s", error);
	if (interruption_signal())
		return 128 + interruption_signal();
	return failed || changed ? EXIT_VERDICT_FAILED : EXIT_ALL_PASS;
}
