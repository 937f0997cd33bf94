#include "cases/case.h"

static void serve(struct peer *server)
{
	peer_await(server, STEP_REQUEST_SENT);
	peer_read_bytes(server, REQUEST_BYTES);
	peer_close(server);
	peer_tell(server, STEP_READY, WAIT_HANGUP);
}

const struct pattern pattern_close_first = {
	.name = "close-first",
	.description = "read the request, then close first",
	.traits = PATTERN_CLOSES_FIRST,
	.serve = serve,
};
