/* Test-only: a side that never ends. finrst's own tests use it to show that
 * a hanging cell is cut at its time limit, reported as `error` with what
 * was captured, and leaves no process behind. */
#include <unistd.h>

#include "cases/case.h"

static void hang(struct peer *peer)
{
	peer_mark(peer, "@hang");
	for (;;)
		pause();
}

static void serve(struct peer *server)
{
	peer_await(server, STEP_REQUEST_SENT);
	hang(server);
}

const struct mode mode_fault_hang = {
	.name = "fault-hang",
	.description = "test only: the client hangs after the handshake",
	.traits = MODE_FAULT,
	.teardown = hang,
};

const struct pattern pattern_fault_hang = {
	.name = "fault-hang",
	.description = "test only: the server hangs after the request arrived",
	.traits = PATTERN_FAULT,
	.serve = serve,
};
