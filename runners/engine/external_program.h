/* A user's program (--client-cmd, --server-cmd, the shipped clients) started
 * as a shell would start it. Shared by the client's start
 * (external_client.c) and the server's supervisor (external_server.c). */
#ifndef FINRST_EXTERNAL_PROGRAM_H
#define FINRST_EXTERNAL_PROGRAM_H

#include <stdint.h>

#include "runners/model/observations.h"

/* `command` with {host}, {port} and {url} substituted for the cell's
 * loopback address (`family`) and `port`, as command_line_substitute
 * allocates it; NULL when memory is exhausted. */
char **external_program_command(const char *const *command, int family, uint16_t port);

/* In the new process: dying with finrst, SIGPIPE at its default (finrst's
 * sides ignore it), standard streams on `null`, `keep` (when >= 0) as
 * descriptor 3 and no other descriptor of finrst's; then an "exec" call
 * with `detail` in `log` (none when NULL) and exec. If exec fails, an
 * "exec" call (argv[0], errno) says so and the process exits 127. Only
 * system calls and the log: safe where the process borrows the runner's
 * memory (platform_spawn). */
void external_program_exec(char **argv, int null, int keep, const char *detail, struct call_log *log)
	__attribute__((noreturn));

#endif
