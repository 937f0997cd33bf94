/* Modes (what the client does to end the connection) and patterns (what the
 * server does with it), registered in one table: cases/registry.c. */
#ifndef FINRST_CASE_H
#define FINRST_CASE_H

#include <stddef.h>

#include "cases/peer.h"

/* What a pattern does before the client's teardown, so the matrix can leave
 * out pairings that cannot complete by construction. */
enum pattern_trait {
	PATTERN_SENDS_FIRST = 1,     /* data is in the client's receive buffer at teardown */
	PATTERN_CLOSES_FIRST = 2,    /* the server ends its side before the client's teardown */
	PATTERN_NEEDS_UPLOAD = 8,    /* it answers before reading a request body: meaningless without one */
	PATTERN_FAULT = 4,           /* misbehaves on purpose: only for finrst's own tests */
	PATTERN_PACED_BY_CLIENT = 16, /* its order of events hangs on the client's steps (what it read, sent) */
	PATTERN_USER_COMMAND = 32,   /* the user's --server-cmd: an HTTP server of unknown behaviour */
};

enum mode_trait {
	MODE_NEEDS_UNREAD_DATA = 1,  /* meaningless unless the server sent first */
	MODE_WAITS_FOR_SERVER_CLOSE = 2,
	MODE_SLOW = 4,               /* waits for a kernel timer: schedule first */
	MODE_FAULT = 8,
	MODE_UPLOADS = 32,           /* sends a request body */
	MODE_USER_COMMAND = 16,      /* the user's --client-cmd: pairs with every pattern, judged where rules exist */
};

/* What a case speaks on the connection: modes pair only with patterns of the
 * same protocol. */
enum protocol { PROTOCOL_SOCKET = 0, PROTOCOL_HTTP };

/* Where an external mode's program is found once per run, instead of by exec
 * in every cell (cases/external/python_interpreter.c says why). */
struct program_lookup {          /* start and end do nothing when called again */
	void (*start)(void);          /* begins the lookup, in the background */
	int (*answered)(void);        /* whether path() would return at once; never waits */
	const char *(*path)(void);    /* waits for it: the program's path, or NULL to run command[0] */
	void (*end)(void);            /* reaps what is left of it */
};

/* A socket mode's client runs: connect, send the request, await READY, then
 * `teardown`, which ends with peer_tell(STEP_TEARDOWN_DONE) and whatever the
 * mode does afterwards. An HTTP mode's `teardown` is its whole exchange on
 * the connected socket. An external mode runs `command` instead (argv, with
 * {host} {port} {url} substituted), without a shell. */
struct mode {
	const char *name;
	const char *description;
	unsigned traits;
	unsigned needs;              /* what it needs of its stack beyond socket calls (enum stack_ability) */
	void (*teardown)(struct peer *client);
	enum protocol protocol;
	const char *const *command;
	const struct program_lookup *lookup;   /* NULL: command[0] is found by exec */
};

/* The server runs `serve` on the accepted connection, or an external
 * `command` (argv with {host} {port} {url} substituted) that listens itself
 * on the port the runner picked for the cell. */
struct pattern {
	const char *name;
	const char *description;
	unsigned traits;
	unsigned needs;              /* what it needs of its stack beyond socket calls (enum stack_ability) */
	void (*serve)(struct peer *server);
	enum protocol protocol;
	const char *const *command;
};

const struct mode *mode_find(const char *name);
const struct pattern *pattern_find(const char *name);
size_t mode_count(void);
size_t pattern_count(void);
const struct mode *mode_at(size_t index);
const struct pattern *pattern_at(size_t index);

/* An external mode whose program is missing here: why, or NULL. */
const char *mode_unavailable(const struct mode *mode);
/* Makes the user's program (argv, kept by the caller) the mode "client-cmd". */
void registry_use_client_command(const char *const *argv);
/* An external pattern whose program is missing here: why, or NULL. */
const char *pattern_unavailable(const struct pattern *pattern);
/* Makes the user's program (argv, kept by the caller) the pattern "server-cmd". */
void registry_use_server_command(const char *const *argv);

/* NULL when the pairing runs; otherwise why it cannot complete. */
const char *pairing_not_applicable(const struct mode *mode, const struct pattern *pattern);

/* The client's and server's whole programs, given their peers. */
void client_run(const struct mode *mode, struct peer *client);
void server_run(const struct pattern *pattern, struct peer *server);

/* Steps shared by several patterns. */
void pattern_read_and_close_after_teardown(struct peer *server);

#endif
