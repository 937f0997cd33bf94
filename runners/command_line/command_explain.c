#include <stdio.h>
#include <string.h>

#include "runners/model/outcome.h"
#include "runners/command_line/commands.h"
#include "runners/command_line/external_options.h"
#include "runners/command_line/matrix_run.h"

static const char usage[] =
	"usage: finrst explain [-o DIR] [-e TABLE] [--client-cmd CMD] [--server-cmd CMD] CELL\n"
	"\n"
	"Runs one cell (an id from 'finrst run', e.g. close-unread/write-first/ipv4) and\n"
	"prints its packet ladder merged with both sides' calls, the outcome, and the\n"
	"expectation with its reference. With -o, its .pcap and results.json go to DIR.\n"
	"--client-cmd and --server-cmd give the programs of the cells client-cmd/... and\n"
	".../server-cmd/..., as for 'finrst run'.\n";

static void print_call(const struct call *call, int server)
{
	char text[160];
	if (call->name[0] == '@')
		snprintf(text, sizeof text, "-- %s --", call->name + 1);
	else if (call->ret < 0)
		snprintf(text, sizeof text, "%s(%s) = -1 %s", call->name, call->detail, errno_name(call->err));
	else
		snprintf(text, sizeof text, "%s(%s) = %lld", call->name, call->detail, (long long)call->ret);
	printf("%9.3f  %-44s %-30s %s\n", (double)call->t_us / 1000.0, server ? "" : text, "", server ? text : "");
}

static void print_segment(const struct segment *segment)
{
	char flags[40], text[96];
	tcp_flags_format(segment->flags, flags, sizeof flags);
	snprintf(text, sizeof text, "%s %s seq %u ack %u len %u", segment->from == SIDE_CLIENT ? "-->" : "<--",
		 flags, segment->seq, segment->ack, segment->len);
	printf("%9.3f  %-44s %s\n", (double)segment->t_us / 1000.0, "", text);
}

/* One timeline: calls on the left (client) and right (server), the wire between. */
static void print_ladder(const struct cell_result *r)
{
	size_t c = 0, s = 0, w = 0;
	printf("%9s  %-44s %-30s %s\n", "t (ms)", "client calls", "wire", "server calls");
	while (c < r->client_calls.count || s < r->server_calls.count || w < r->segments.count) {
		int64_t tc = c < r->client_calls.count ? r->client_calls.items[c].t_us : INT64_MAX;
		int64_t ts = s < r->server_calls.count ? r->server_calls.items[s].t_us : INT64_MAX;
		int64_t tw = w < r->segments.count ? r->segments.items[w].t_us : INT64_MAX;
		if (tw <= tc && tw <= ts)
			print_segment(&r->segments.items[w++]);
		else if (tc <= ts)
			print_call(&r->client_calls.items[c++], 0);
		else
			print_call(&r->server_calls.items[s++], 1);
	}
}

static void print_judgement(const struct cell_result *r)
{
	printf("\n%-28s %-16s %s\n", "field", "actual", "expected");
	for (size_t f = 0; f < outcome_field_count(); f++) {
		char actual[FIELD_TEXT_SIZE];
		outcome_field_value(&r->outcome, outcome_field_names[f], actual, sizeof actual);
		printf("%-28s %-16s %s\n", outcome_field_names[f], actual,
		       r->judgement.expected[f][0] ? r->judgement.expected[f] : "(not judged)");
	}
	printf("\nverdict: %s%s%s\n", verdict_name(r->verdict), r->error[0] ? ": " : "", r->error);
	for (size_t i = 0; i < r->judgement.mismatch_count; i++)
		printf("  %s: expected %s, got %s\n", r->judgement.mismatches[i].field,
		       r->judgement.mismatches[i].expected, r->judgement.mismatches[i].actual);
	if (r->judgement.deviation[0])
		printf("deviation from the RFC: %s\n", r->judgement.deviation);
	printf("reference: %s\n", r->judgement.reference[0] ? r->judgement.reference : "(none)");
	if (r->judgement.note[0])
		printf("note: %s\n", r->judgement.note);
}

int command_explain(int argc, char **argv)
{
	struct matrix_run_config config = { .jobs = 1, .time_limit_ms = 10000 };
	const char *cell = NULL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
			return fputs(usage, stdout), 0;
		if ((strcmp(argv[i], "-o") == 0 || strcmp(argv[i], "-e") == 0) && i + 1 < argc) {
			/* An empty -o would put pcaps/ at the root of the file system. */
			if (argv[i][1] == 'o' && argv[i + 1][0] == '\0')
				return usage_error("the output directory needs a name (got an empty one)");
			*(argv[i][1] == 'o' ? &config.output_directory : &config.expectations_path) = argv[i + 1];
			i++;
		} else if ((strcmp(argv[i], "--client-cmd") == 0 || strcmp(argv[i], "--server-cmd") == 0) && i + 1 < argc) {
			if (external_option_use(argv[i], argv[i + 1]) != 0)
				return EXIT_USAGE;
			i++;
		} else if (argv[i][0] == '-' || cell) {
			return usage_error("explain: unexpected argument '%s' (try: finrst explain --help)", argv[i]);
		} else {
			cell = argv[i];
		}
	}
	if (!cell)
		return usage_error("explain needs a cell id such as close-unread/write-first/ipv4");
	if (strpbrk(cell, "*?["))
		return usage_error("explain takes one cell id, not a glob: '%s'", cell);
	struct matrix_run run;
	char error[1024];
	config.filters = (char *const *)&cell;
	config.filter_count = 1;
	if (matrix_run(&config, &run, error, sizeof error) != 0) {
		matrix_run_free(&run);
		return usage_error("%s", error);
	}
	struct cell_result *r = &run.results[0];
	printf("%s — mode %s: %s; pattern %s: %s\n\n", r->cell.id, r->cell.mode->name, r->cell.mode->description,
	       r->cell.pattern->name, r->cell.pattern->description);
	print_ladder(r);
	print_judgement(r);
	if (r->pcap[0] && config.output_directory)
		printf("capture: %s/%s\n", config.output_directory, r->pcap);
	int failed = r->verdict == VERDICT_FAIL || r->verdict == VERDICT_ERROR;
	matrix_run_free(&run);
	return failed ? EXIT_VERDICT_FAILED : EXIT_ALL_PASS;
}
