#include "cases/case.h"

/* Each write waits until it is acknowledged or answered by a reset, so the
 * next write meets the state the previous one produced, on every run. */
static void serve(struct peer *server)
{
	peer_await(server, STEP_REQUEST_SENT);
	peer_read_bytes(server, REQUEST_BYTES);
	peer_tell(server, STEP_READY, WAIT_NOTHING);
	peer_await(server, STEP_TEARDOWN_DONE);
	peer_mark(server, "@teardown");
	for (int write = 0; write < WRITE_LOOP_LIMIT; write++) {
		if (peer_send(server, RESPONSE_BYTES) < 0)
			break;
		peer_wait_acknowledged(server);
	}
	peer_close(server);
	peer_tell(server, STEP_SERVER_ACTED, WAIT_HANGUP);
}

const struct pattern pattern_write_loop = {
	.name = "write-loop",
	.description = "after the client's teardown, write until an error (at most 16 writes)",
	.traits = 0,
	.serve = serve,
};
