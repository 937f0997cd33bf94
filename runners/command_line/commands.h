/* The subcommands of the finrst command line, one file each. */
#ifndef FINRST_COMMANDS_H
#define FINRST_COMMANDS_H

/* Exit codes: 0 all pass (or xfail), 1 a verdict failed, 2 usage or environment. */
enum { EXIT_ALL_PASS = 0, EXIT_VERDICT_FAILED = 1, EXIT_USAGE = 2 };

int command_list(int argc, char **argv);
int command_run(int argc, char **argv);
int command_explain(int argc, char **argv);
int command_report(int argc, char **argv);
int command_compare(int argc, char **argv);

/* The program as the user typed it ("build/finrst" after `make run`, or
 * "finrst" when found in PATH), for the hints that name a command to run. */
extern const char *finrst_program;

/* "finrst: ..." on stderr; returns EXIT_USAGE. */
int usage_error(const char *format, ...) __attribute__((format(printf, 1, 2)));

#endif
