#include "cases/case.h"

static void serve(struct peer *server)
{
	peer_await(server, STEP_REQUEST_SENT);
	peer_close(server);
	peer_tell(server, STEP_READY, WAIT_HANGUP);
}

const struct pattern pattern_close_unread_first = {
	.name = "close-unread-first",
	.description = "close first without reading the request",
	.traits = PATTERN_CLOSES_FIRST,
	.serve = serve,
};
