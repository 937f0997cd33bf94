#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "reports/compare.h"
#include "reports/compare_html.h"
#include "reports/compare_text.h"
#include "reports/report_files.h"
#include "reports/results_read.h"
#include "runners/command_line/commands.h"

static const char usage[] =
	"usage: finrst compare A.json B.json [C.json ...] [--html FILE] [--fail-on-diff]\n"
	"\n"
	"Shows the cells whose outcomes differ between the results of several\n"
	"platforms (or runs), field by field, one column per file headed by the system\n"
	"and release it was run on. Outcomes are compared by their facts: words and\n"
	"write counts as they are, bytes read as none/some/all of what was sent, a\n"
	"duration as under 0.5 s or about N s. Cells missing from some file are listed,\n"
	"not compared. Where a cell is skip or error in some file, its verdicts are compared.\n"
	"\n"
	"options:\n"
	"      --html FILE      also write the comparison as an HTML page to FILE\n"
	"      --fail-on-diff   exit 1 when some outcome differs\n"
	"  -h, --help           this text\n"
	"\n"
	"exit status: 0 (whether or not outcomes differ, unless --fail-on-diff), 1 outcomes\n"
	"differ and --fail-on-diff was given, 2 usage or environment error (such as a file\n"
	"that is not finrst results, or of an unknown version)\n";

struct compare_arguments {
	const char *html;
	int fail_on_diff;
	char **files;
	int file_count;
};

/* Returns 0, -1 after --help, or EXIT_USAGE. */
static int parse_compare_arguments(int argc, char **argv, struct compare_arguments *arguments)
{
	static const struct option options[] = {
		{ "html", required_argument, NULL, 'W' }, { "fail-on-diff", no_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' }, { 0, 0, 0, 0 },
	};
	int option;
	opterr = 0;
	optind = 1;
	while ((option = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		if (option == 'W')
			arguments->html = optarg;
		else if (option == 'F')
			arguments->fail_on_diff = 1;
		else if (option == 'h')
			return fputs(usage, stdout), -1;
		else
			return usage_error("compare: unknown or incomplete option '%s' (try: finrst compare --help)",
					   argv[optind - 1]);
	}
	arguments->files = argv + optind;
	arguments->file_count = argc - optind;
	if (arguments->file_count < 2 || arguments->file_count > COMPARE_FILES_MAX)
		return usage_error("compare takes 2 to %d results files (got %d; try: finrst compare --help)",
				   COMPARE_FILES_MAX, arguments->file_count);
	return 0;
}

static void free_inputs(struct compare_input *inputs, int count)
{
	for (int i = 0; i < count; i++)
		json_decref((json_t *)inputs[i].results);
}

/* Loads every file, or none: a comparison with a file left out would mislead. */
static int load_inputs(const struct compare_arguments *arguments, struct compare_input *inputs)
{
	char error[1024];
	for (int i = 0; i < arguments->file_count; i++) {
		inputs[i].path = arguments->files[i];
		inputs[i].results = results_load(arguments->files[i], error, sizeof error);
		if (!inputs[i].results) {
			free_inputs(inputs, i);
			return usage_error("%s", error);
		}
	}
	return 0;
}

static int write_html(const char *path, const json_t *comparison)
{
	char error[1024];
	if (report_file_directories_make(path, error, sizeof error) != 0 ||
	    compare_html_write(comparison, path, error, sizeof error) != 0)
		return usage_error("%s", error);
	printf("written: HTML %s\n", path);
	return 0;
}

int command_compare(int argc, char **argv)
{
	struct compare_arguments arguments = { 0 };
	struct compare_input inputs[COMPARE_FILES_MAX];
	char error[1024];
	int parsed = parse_compare_arguments(argc, argv, &arguments);
	if (parsed != 0)
		return parsed < 0 ? 0 : parsed;
	struct report_files files = { .html = arguments.html };
	if (report_files_check(&files, error, sizeof error) != 0)
		return usage_error("%s", error);
	if (load_inputs(&arguments, inputs) != 0)
		return EXIT_USAGE;
	json_t *comparison = compare_results(inputs, (size_t)arguments.file_count);
	int status = EXIT_ALL_PASS;
	if (!comparison)
		status = usage_error("out of memory comparing %d results files", arguments.file_count);
	else {
		compare_text_print(stdout, comparison);
		if (arguments.html && write_html(arguments.html, comparison) != 0)
			status = EXIT_USAGE;
		else if (arguments.fail_on_diff && json_integer_value(json_object_get(comparison, "differing")) > 0)
			status = EXIT_VERDICT_FAILED;
	}
	json_decref(comparison);
	free_inputs(inputs, arguments.file_count);
	return status;
}
