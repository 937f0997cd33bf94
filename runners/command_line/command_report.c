#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "reports/relative_path.h"
#include "reports/report_files.h"
#include "reports/results_fields.h"
#include "reports/results_read.h"
#include "reports/terminal_summary.h"
#include "runners/command_line/commands.h"

static const char usage[] =
	"usage: finrst report RESULTS.json [--junit FILE] [--html FILE]\n"
	"\n"
	"Renders the reports of a run again from its results JSON (the source of\n"
	"truth every report is made from), and prints its summary. The pcaps are\n"
	"looked for beside RESULTS.json, as 'finrst run' left them.\n"
	"\n"
	"options:\n"
	"      --junit FILE   write the JUnit XML report to FILE\n"
	"      --html FILE    write the HTML report to FILE (opens from disk)\n"
	"  -h, --help         this text\n"
	"\n"
	"exit status: 0 all pass or xfail, 1 a verdict failed, 2 usage or environment error\n"
	"(such as a file that is not finrst results, or of an unknown version)\n";

/* Returns 0 with `files` and `*results_path` set, -1 after --help, or EXIT_USAGE. */
static int parse_report_arguments(int argc, char **argv, struct report_files *files, const char **results_path)
{
	static const struct option options[] = {
		{ "junit", required_argument, NULL, 'J' }, { "html", required_argument, NULL, 'W' },
		{ "help", no_argument, NULL, 'h' }, { 0, 0, 0, 0 },
	};
	int option;
	opterr = 0;
	optind = 1;
	while ((option = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		if (option == 'J')
			files->junit = optarg;
		else if (option == 'W')
			files->html = optarg;
		else if (option == 'h')
			return fputs(usage, stdout), -1;
		else
			return usage_error("report: unknown or incomplete option '%s' (try: finrst report --help)",
					   argv[optind - 1]);
	}
	if (argc - optind != 1)
		return usage_error("report takes one results file (got %d; try: finrst report --help)", argc - optind);
	*results_path = argv[optind];
	return 0;
}

static int failed_cells(const json_t *results)
{
	size_t counts[VERDICT_ERROR + 1];
	results_count_verdicts(results, counts);
	return counts[VERDICT_FAIL] + counts[VERDICT_ERROR] > 0;
}

int command_report(int argc, char **argv)
{
	struct report_files files = { 0 };
	const char *results_path = NULL;
	char error[1024], results_directory[4096];
	int parsed = parse_report_arguments(argc, argv, &files, &results_path);
	if (parsed != 0)
		return parsed < 0 ? 0 : parsed;
	if (report_files_check(&files, error, sizeof error) != 0)
		return usage_error("%s", error);
	json_t *results = results_load(results_path, error, sizeof error);
	if (!results)
		return usage_error("%s", error);
	directory_of(results_path, results_directory, sizeof results_directory);
	if (report_files_write(&files, results, results_directory, error, sizeof error) != 0) {
		json_decref(results);
		return usage_error("%s", error);
	}
	printf("results: %s\n", results_path);
	terminal_summary_print(stdout, results, &files);
	int failed = failed_cells(results);
	json_decref(results);
	return failed ? EXIT_VERDICT_FAILED : EXIT_ALL_PASS;
}
