#include "cases/case.h"

static void serve(struct peer *server)
{
	peer_await(server, STEP_REQUEST_SENT);
	peer_send_until_full(server, BIG_TRANSFER_BYTES);
	peer_close(server);
	peer_tell(server, STEP_READY, WAIT_HANGUP);
}

const struct pattern pattern_big_response_close = {
	.name = "big-response-close",
	.description = "write a response larger than the socket buffers, then close without reading the request",
	.traits = PATTERN_SENDS_FIRST | PATTERN_CLOSES_FIRST,
	.serve = serve,
};
