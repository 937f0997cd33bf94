/* The conformance matrix under CUnit: the cells run first (in parallel, as
 * `finrst run` does), then one CUnit suite per mode and one test per
 * pattern/family asserts every judged field of its cell. */
#include <CUnit/Basic.h>
#include <CUnit/CUnit.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "reports/report_files.h"
#include "runners/command_line/commands.h"
#include "runners/command_line/matrix_run.h"
#include "runners/model/outcome.h"

static struct matrix_run run;

static struct cell_result *current_cell(void)
{
	char id[CELL_ID_SIZE];
	snprintf(id, sizeof id, "%s/%s", CU_get_current_suite()->pName, CU_get_current_test()->pName);
	for (size_t i = 0; i < run.count; i++)
		if (strcmp(run.results[i].cell.id, id) == 0)
			return &run.results[i];
	return NULL;
}

static void assert_with(int passed, const char *format, const char *a, const char *b, const char *c,
			const char *d)
{
	char message[1024];
	snprintf(message, sizeof message, format, a, b, c, d);
	CU_assertImplementation(passed ? CU_TRUE : CU_FALSE, 0, message, "suite/expectations", "", CU_FALSE);
}

static void test_cell(void)
{
	struct cell_result *r = current_cell();
	if (!r) {
		CU_FAIL("the cell of this test was not run");
		return;
	}
	if (r->verdict == VERDICT_ERROR || r->verdict == VERDICT_SKIP || (r->verdict == VERDICT_FAIL && r->error[0])) {
		assert_with(r->verdict == VERDICT_SKIP, "%s: %s: %s%s", r->cell.id, verdict_name(r->verdict), r->error, "");
		return;
	}
	for (size_t i = 0; i < r->judgement.mismatch_count; i++) {
		const struct mismatch *m = &r->judgement.mismatches[i];
		assert_with(0, "%s: %s expected %s, actual %s", r->cell.id, m->field, m->expected, m->actual);
	}
	for (size_t f = 0; f < outcome_field_count(); f++) {
		char actual[FIELD_TEXT_SIZE];
		if (!r->judgement.expected[f][0])
			continue;
		outcome_field_value(&r->outcome, outcome_field_names[f], actual, sizeof actual);
		int mismatched = 0;
		for (size_t i = 0; i < r->judgement.mismatch_count; i++)
			mismatched |= strcmp(r->judgement.mismatches[i].field, outcome_field_names[f]) == 0;
		if (!mismatched)
			assert_with(1, "%s: %s expected %s, actual %s", r->cell.id, outcome_field_names[f],
				    r->judgement.expected[f], actual);
	}
}

static int register_matrix(void)
{
	CU_pSuite suite = NULL;
	const struct mode *mode = NULL;
	for (size_t i = 0; i < run.count; i++) {
		struct cell *cell = &run.results[i].cell;
		if (cell->mode != mode) {
			mode = cell->mode;
			if (!(suite = CU_add_suite(mode->name, NULL, NULL)))
				return -1;
		}
		const char *name = cell->id + strlen(mode->name) + 1;   /* pattern/family */
		if (!CU_add_test(suite, name, test_cell))
			return -1;
	}
	return 0;
}

/* The xfail cells grouped by the deviation they document: a few reasons, each
 * with its cells, rather than one long line per cell. */
static void print_deviations(void)
{
	for (size_t i = 0; i < run.count; i++) {
		const struct cell_result *r = &run.results[i];
		int first = 1;
		if (r->verdict != VERDICT_XFAIL)
			continue;
		for (size_t j = 0; j < i && first; j++)
			first = !(run.results[j].verdict == VERDICT_XFAIL &&
				  strcmp(run.results[j].judgement.deviation, r->judgement.deviation) == 0);
		if (!first)
			continue;
		printf("\nxfail, documented deviation: %s\n  cells:", r->judgement.deviation);
		for (size_t j = i; j < run.count; j++)
			if (run.results[j].verdict == VERDICT_XFAIL &&
			    strcmp(run.results[j].judgement.deviation, r->judgement.deviation) == 0)
				printf(" %s", run.results[j].cell.id);
		putchar('\n');
	}
}

static void print_verdicts(const struct report_files *reports)
{
	printf("\nfinrst: %zu cells in %.2f s: %zu pass, %zu xfail, %zu fail, %zu error, %zu skip; results in %s\n",
	       run.count, run.wall_ms / 1000.0, run.totals[VERDICT_PASS], run.totals[VERDICT_XFAIL],
	       run.totals[VERDICT_FAIL], run.totals[VERDICT_ERROR], run.totals[VERDICT_SKIP],
	       run.results_path[0] ? run.results_path : "(not written)");
	/* A run without the wire passes on less evidence: CI's log must say so. */
	printf("network: %s; capture: %s\n", run.network, run.capture);
	print_deviations();
	if (reports->junit)
		printf("JUnit XML: %s\n", reports->junit);
	if (reports->html)
		printf("HTML report: %s\n", reports->html);
}

static const char usage[] =
	"usage: finrst-suite [-o DIR] [-j N] [-e TABLE] [--junit FILE] [--html FILE] [FILTER...]\n"
	"Runs the conformance matrix and reports it through CUnit; --junit and --html\n"
	"also write those reports, rendered from DIR/results.json's document.\n";

/* Returns 0, -1 after --help, or EXIT_USAGE. */
static int parse_arguments(int argc, char **argv, struct matrix_run_config *config, struct report_files *reports)
{
	static const struct option options[] = {
		{ "junit", required_argument, NULL, 'J' }, { "html", required_argument, NULL, 'W' },
		{ "help", no_argument, NULL, 'h' }, { 0, 0, 0, 0 },
	};
	int option;
	opterr = 0;
	while ((option = getopt_long(argc, argv, "+o:j:e:h", options, NULL)) != -1) {
		if (option == 'o') config->output_directory = optarg;
		else if (option == 'j') config->jobs = atoi(optarg) > 0 ? atoi(optarg) : 1;
		else if (option == 'e') config->expectations_path = optarg;
		else if (option == 'J') reports->junit = optarg;
		else if (option == 'W') reports->html = optarg;
		else if (option == 'h') return fputs(usage, stdout), -1;
		else return fputs(usage, stderr), EXIT_USAGE;
	}
	config->filters = argv + optind;
	config->filter_count = (size_t)(argc - optind);
	return 0;
}

int main(int argc, char **argv)
{
	struct matrix_run_config config = { .output_directory = "reports/out", .jobs = 2, .time_limit_ms = 10000 };
	struct report_files reports = { 0 };
	struct progress progress;
	char error[1024];
	int parsed = parse_arguments(argc, argv, &config, &reports);
	if (parsed != 0)
		return parsed < 0 ? 0 : parsed;
	if (report_files_check(&reports, error, sizeof error) != 0)
		return usage_error("%s", error);
	progress_init(&progress, stdout, 0);
	config.progress = &progress;
	if (matrix_run(&config, &run, error, sizeof error) != 0 ||
	    report_files_write(&reports, run.document, config.output_directory, error, sizeof error) != 0) {
		matrix_run_free(&run);
		return usage_error("%s", error);
	}
	if (CU_initialize_registry() != CUE_SUCCESS || register_matrix() != 0) {
		matrix_run_free(&run);
		return usage_error("cannot set up CUnit: %s", CU_get_error_msg());
	}
	CU_basic_set_mode(CU_BRM_NORMAL);
	CU_basic_run_tests();
	unsigned failures = CU_get_number_of_tests_failed();
	CU_cleanup_registry();
	print_verdicts(&reports);
	matrix_run_free(&run);
	return failures ? EXIT_VERDICT_FAILED : EXIT_ALL_PASS;
}
