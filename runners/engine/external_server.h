/* The user's server program (finrst run --server-cmd) in place of finrst's
 * own server: run under a small supervisor that records what can be known
 * of it (that it was started, how it ended; its own calls are not
 * observed), and waited for by the client until it listens. */
#ifndef FINRST_EXTERNAL_SERVER_H
#define FINRST_EXTERNAL_SERVER_H

#include <stddef.h>
#include <stdint.h>

#include "runners/model/observations.h"
#include "runners/model/outcome.h"

/* In the forked server side (own process group, the runner's watch pipe
 * already its only descriptor above stderr): runs `command` with {host}
 * {port} {url} substituted for `family` and `port`, without a shell, its
 * output discarded; waits for it and exits with its status (127: it could
 * not be run). Records "exec" and "exit" in `log`. */
void external_server_supervise(const char *const *command, int family, uint16_t port, struct call_log *log)
	__attribute__((noreturn));

/* In the client side, before the client connects: waits until something
 * listens on `port`, checking 1, 2, 4 ... up to 16 ms apart, until
 * `deadline_us` (monotonic) or until `server_gone` (the read end of the
 * supervisor's pipe) reports that the server side has exited. Recorded as one
 * "wait-listen" call with the number of checks. 0 once listening, else -1. */
int external_server_await_listening(const char *host, uint16_t port, int server_gone, int64_t deadline_us,
				    struct call_log *log);

/* The client's "wait-listen" call if the server never listened (the call
 * failed, or was still waiting when the client was killed), else NULL. */
const struct call *external_server_never_listened(const struct call *calls, size_t count);

/* Why a cell with a server program timed out, in `out`: it never
 * listened, the client was still running, or the wire never finished. */
void external_server_timeout_text(const struct call_log *client_log, int family, uint16_t port, int client_exited,
				  long long elapsed_ms, char *out, size_t size);
/* A server program still running when the cell ended (as a server is) was
 * killed with its group: its calls say so. */
void external_server_note_end(struct call_list *server_calls, int was_running, int64_t t_us);
/* Before the client's own failure, which only follows from it: a server
 * program that could not be run (127: `not_run` set), or that exited or
 * never listened before the client could connect. Returns 1 with the
 * reason in `error`, else 0. */
int external_server_explain(const struct call_list *client_calls, const struct call_list *server_calls,
			    int server_status, char *error, size_t size, int *not_run);

#endif
