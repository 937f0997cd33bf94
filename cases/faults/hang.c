/* Test-only: a side that never ends. finrst's own tests use it to show that
 * a hanging cell is cut at its time limit, reported as `error` with what
 * was captured, and leaves no process behind. */
#include <unistd.h>

#include "../case.h"

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
	"fault-hang", "test only: the client hangs after the handshake", MODE_FAULT, hang,
};

const struct pattern pattern_fault_hang = {
	"fault-hang", "test only: the server hangs after the request arrived", PATTERN_FAULT, serve,
};
