/* A side worker: a process the scheduler keeps for one slot and one side
 * (client or server) that runs that side of one cell after another, so that
 * a cell costs no fork. Each cell's descriptors are handed to it over a
 * socket pair (SCM_RIGHTS) with the cell's assignment; when the side's
 * program returns, the worker closes every descriptor the cell left open,
 * as a process exit would, and only then reports "done". A side that ends its
 * process (the exit and kill modes, a crash, a failed call's exit status 2)
 * ends the worker: the runner reaps it as it reaps a forked side, and the
 * slot's next cell starts a new one. */
#ifndef FINRST_SIDE_WORKER_H
#define FINRST_SIDE_WORKER_H

#include <stddef.h>
#include <sys/types.h>

#include "runners/model/observations.h"
#include "runners/engine/side_program.h"

struct side_worker {
	enum side side;
	pid_t pid;                /* 0: none running */
	int control;              /* the runner's end of the socket pair; -1 when none */
	struct call_log *log;     /* shared with the worker, emptied for every cell */
};

/* A scheduler slot's two workers. */
struct side_worker_pair {
	struct side_worker client, server;
};

/* What the runner read from a side: a worker's control socket, or a forked
 * side's watch pipe (which never says done). */
enum worker_report {
	WORKER_SILENT,            /* nothing to read yet */
	WORKER_DONE,              /* the side's program returned; the worker waits for the next cell */
	WORKER_KILL_REQUEST,      /* the client asks to be killed (the kill mode) */
	WORKER_GONE,              /* the process ended: reap it */
};

void side_worker_init(struct side_worker *worker, enum side side);
/* Starts the worker if none runs. Returns 0, or -1 with errno set and `what`
 * naming what failed ("cannot fork the server"). */
int side_worker_ensure(struct side_worker *worker, const char **what);
/* Empties the call log for a cell started at `epoch_us` and hands the worker
 * the assignment and `count` descriptors (kept open here: the caller closes
 * them). Returns 0, or -1 with errno set. */
int side_worker_assign(struct side_worker *worker, const struct side_assignment *assignment, int64_t epoch_us,
		       const int *fds, int count);
enum worker_report side_worker_read(struct side_worker *worker);
/* Waits for the worker that is gone, or kills it with its process group
 * first when `kill_first`; returns its wait status. */
int side_worker_reap(struct side_worker *worker, int kill_first);
/* At the end of a run: tells an idle worker to exit and waits for it. *//* At the end of a run: ends an idle worker and frees its log. */
void side_worker_stop(struct side_worker *worker);

#endif
