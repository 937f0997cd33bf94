/* The user's client program (finrst run --client-cmd, the shipped clients)
 * in place of finrst's own client: started as a shell would start it, with
 * only the runner's watch pipe beside its standard streams. Its own calls
 * are not observed; its "exec" is (the program run, or why it could not). */
#ifndef FINRST_EXTERNAL_CLIENT_H
#define FINRST_EXTERNAL_CLIENT_H

#include <stdint.h>

#include <stddef.h>

#include "runners/model/observations.h"
#include "runners/model/outcome.h"

/* Everything the start needs, readied beforehand: the process that starts
 * the program borrows the runner's memory (platform_spawn) and may only
 * make system calls and write the call log. */
struct external_client {
	char **argv;
	int null, watch;
	struct call_log *log;
	char detail[CALL_DETAIL_SIZE];
};

/* `command` with {host} {port} {url} substituted for `family` and `port`,
 * its argv[0] replaced by `program` when that is not NULL (a program found
 * by its lookup). `watch`: the write end of the runner's watch pipe. 0, or
 * -1 with errno. */
int external_client_prepare(struct external_client *client, const char *const *command, const char *program,
			    int family, uint16_t port, int watch, struct call_log *log);
/* In the new process: its own process group, then started as a shell would
 * start it, the watch pipe as descriptor 3 (external_program_exec). */
void external_client_exec(void *client) __attribute__((noreturn));
/* In the runner, once the program started (or did not). */
void external_client_release(struct external_client *client);

/* Why a client program that exited (wait status `status`) while nothing of
 * its connection to `port` was captured never connected, in `out`.
 * Returns 1 when it could not be run at all (exit status 127). */
int external_client_gone_text(int status, uint16_t port, char *out, size_t size);
/* Its exit status goes into its calls: its own outcome, not finrst's
 * error. Returns 1, or 0 (nothing added) when it could not be run (127). */
int external_client_note_exit(struct call_list *client_calls, int status, int64_t t_us);

#endif
