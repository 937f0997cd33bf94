/* What each side of a cell runs, in whichever process runs it: one forked
 * for the cell (cell_run.c) or a side worker kept for many cells
 * (side_worker.c). Either way a side that fails ends its process with status
 * 2, and one that succeeds returns to its caller. */
#ifndef FINRST_SIDE_PROGRAM_H
#define FINRST_SIDE_PROGRAM_H

#include <stdint.h>
#include <sys/socket.h>

#include "cases/case.h"
#include "runners/model/observations.h"

/* One side's share of a cell: everything it needs but its descriptors. */
struct side_assignment {
	const struct mode *mode;
	const struct pattern *pattern;
	int family;
	uint16_t port;
	int64_t deadline_us;          /* the cell's time limit (monotonic) */
};

/* A forked side's own process group, death with the runner, signals. */
void side_become(void);
/* Moves `fds` to 3, 4, ... and closes every other descriptor above 2. */
void side_keep_only(int *fds, int count);

/* The server: accept on `listener`, close it, run the pattern. */
void side_serve(const struct side_assignment *assignment, struct call_log *log, int listener, int from_client,
		int to_client);
/* Before a client of a --server-cmd program starts: waits until the
 * program listens (every client connects by itself, and a refused attempt
 * would put a SYN and an RST on the wire, claimed by the cell as its
 * connection's), then closes `server_gone`, the read end of the server
 * side's watch pipe. Exits with status 2 if it never does. */
void side_await_external_server(const struct side_assignment *assignment, struct call_log *log, int server_gone);
/* The client: (the wait above, for a --server-cmd program) connect (a
 * socket mode), run the mode. `to_runner` carries its request to be killed. */
void side_run_client(const struct side_assignment *assignment, struct call_log *log, int from_server,
		     int to_server, int to_runner, int server_gone);

#endif
