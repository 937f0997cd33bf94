#include <unistd.h>

#include "cases/case.h"

/* The kernel closes the descriptor for a process that exits; the server
 * learns of it from the end of the step pipe. */
static void teardown(struct peer *client)
{
	peer_mark(client, "_exit");
	_exit(0);
}

const struct mode mode_exit = {
	.name = "exit",
	.description = "the process _exit()s without closing",
	.traits = 0,
	.needs = STACK_PROCESS_END,
	.teardown = teardown,
};
