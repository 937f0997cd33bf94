/* Test-only: a side that gives up early with a failure status, as a side
 * does when a set-up call fails. */
#include <unistd.h>

#include "cases/case.h"

static void give_up(struct peer *peer)
{
	peer_mark(peer, "@give-up");
	_exit(3);
}

static void serve(struct peer *server)
{
	give_up(server);
}

const struct mode mode_fault_exit = {
	.name = "fault-exit",
	.description = "test only: the client exits with status 3 at its teardown",
	.traits = MODE_FAULT,
	.needs = STACK_PROCESS_END,
	.teardown = give_up,
};

const struct pattern pattern_fault_exit = {
	.name = "fault-exit",
	.description = "test only: the server exits with status 3 right after accept",
	.traits = PATTERN_FAULT,
	.needs = STACK_PROCESS_END,
	.serve = serve,
};
