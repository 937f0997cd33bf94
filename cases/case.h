/* Modes (what the client does to end the connection) and patterns (what the
 * server does with it), registered in one table: cases/registry.c. */
#ifndef FINRST_CASE_H
#define FINRST_CASE_H

#include <stddef.h>

#include "peer.h"

/* What a pattern does before the client's teardown, so the matrix can leave
 * out pairings that cannot complete by construction. */
enum pattern_trait {
	PATTERN_SENDS_FIRST = 1,     /* data is in the client's receive buffer at teardown */
	PATTERN_CLOSES_FIRST = 2,    /* the server ends its side before the client's teardown */
	PATTERN_FAULT = 4,           /* misbehaves on purpose: only for finrst's own tests */
};

enum mode_trait {
	MODE_NEEDS_UNREAD_DATA = 1,  /* meaningless unless the server sent first */
	MODE_WAITS_FOR_SERVER_CLOSE = 2,
	MODE_SLOW = 4,               /* waits for a kernel timer: schedule first */
	MODE_FAULT = 8,             /* misbehaves on purpose: only for finrst's own tests */
};

/* The client runs: connect, send the request, await READY, then `teardown`.
 * `teardown` ends with peer_tell(STEP_TEARDOWN_DONE) and whatever the mode
 * does afterwards. */
struct mode {
	const char *name;
	const char *description;
	unsigned traits;
	void (*teardown)(struct peer *client);
};

/* The server runs `serve` on the accepted connection. */
struct pattern {
	const char *name;
	const char *description;
	unsigned traits;
	void (*serve)(struct peer *server);
};

const struct mode *mode_find(const char *name);
const struct pattern *pattern_find(const char *name);
size_t mode_count(void);
size_t pattern_count(void);
const struct mode *mode_at(size_t index);
const struct pattern *pattern_at(size_t index);

/* NULL when the pairing runs; otherwise why it cannot complete. */
const char *pairing_not_applicable(const struct mode *mode, const struct pattern *pattern);

/* The client's and server's whole programs, given their peers. */
void client_run(const struct mode *mode, struct peer *client);
void server_run(const struct pattern *pattern, struct peer *server);

/* Steps shared by several patterns. */
void pattern_read_and_close_after_teardown(struct peer *server);

#endif
