/* finrst: the command line. */
#include <stdio.h>
#include <string.h>

#include "commands.h"

#define FINRST_VERSION "0.1.0"

static const char usage[] =
	"usage: finrst COMMAND [ARGS]\n"
	"\n"
	"A conformance suite for TCP connection teardown: close() against shutdown(),\n"
	"SO_LINGER, unread data. Each cell pairs a client teardown mode with a server\n"
	"pattern over loopback, captures the wire, and judges the outcome against the\n"
	"platform's expectation table.\n"
	"\n"
	"commands:\n"
	"  list                  the modes and patterns, one line each\n"
	"  run [FILTER...]       run the matrix (or the cells matching the globs), write\n"
	"                        results JSON and one .pcap per cell; see 'finrst run --help'\n"
	"  explain CELL          run one cell and show its packet ladder, both sides' calls\n"
	"                        and the expectation with its reference\n"
	"  report RESULTS.json   render the JUnit XML and HTML reports again from a run's\n"
	"                        results; see 'finrst report --help'\n"
	"  compare A.json B.json [...]\n"
	"                        the cells whose outcomes differ between platforms, field\n"
	"                        by field; see 'finrst compare --help'\n"
	"\n"
	"exit status: 0 all pass or xfail, 1 a verdict failed, 2 usage or environment error\n"
	"(compare: 0 whether or not outcomes differ, unless --fail-on-diff)\n";

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage_error("no command given (try: finrst --help)");
	const char *command = argv[1];
	if (strcmp(command, "--help") == 0 || strcmp(command, "-h") == 0 || strcmp(command, "help") == 0)
		return fputs(usage, stdout), 0;
	if (strcmp(command, "--version") == 0)
		return puts("finrst " FINRST_VERSION), 0;
	if (strcmp(command, "list") == 0)
		return command_list(argc - 1, argv + 1);
	if (strcmp(command, "run") == 0)
		return command_run(argc - 1, argv + 1);
	if (strcmp(command, "explain") == 0)
		return command_explain(argc - 1, argv + 1);
	if (strcmp(command, "report") == 0)
		return command_report(argc - 1, argv + 1);
	if (strcmp(command, "compare") == 0)
		return command_compare(argc - 1, argv + 1);
	return usage_error("unknown command '%s' (try: finrst --help)", command);
}
