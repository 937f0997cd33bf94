/* finrst: the command line. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runners/command_line/commands.h"

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

/* Test-only: with FINRST_TEST_DESCRIPTORS set, finrst lists on stderr the
 * descriptors it holds as it starts and as it exits. A descriptor a faulty
 * cell leaked vanishes with the process; this is where finrst's own tests
 * can still see it. Both lists, as finrst inherits what its caller had open. */
static void list_descriptors(const char *when)
{
	if (!getenv("FINRST_TEST_DESCRIPTORS"))
		return;
	long most = sysconf(_SC_OPEN_MAX);
	fflush(stdout);
	fprintf(stderr, "finrst: test: descriptors open at %s:", when);
	for (int fd = 0; fd < (most > 0 && most < 4096 ? most : 4096); fd++)
		if (fcntl(fd, F_GETFD) != -1)
			fprintf(stderr, " %d", fd);
	fputc('\n', stderr);
}

static int run_command(int argc, char **argv)
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

int main(int argc, char **argv)
{
	if (argc > 0 && strchr(argv[0], '/'))
		finrst_program = argv[0];
	list_descriptors("start");
	int status = run_command(argc, argv);
	list_descriptors("exit");
	return status;
}
