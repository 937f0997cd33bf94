#include "cases/case.h"

static void serve(struct peer *server)
{
	peer_await(server, STEP_REQUEST_SENT);
	peer_read_available(server);
	peer_tell(server, STEP_READY, WAIT_NOTHING);
	pattern_read_and_close_after_teardown(server);
}

const struct pattern pattern_drain = {
	.name = "drain",
	.description = "read to EOF or error, then close",
	.traits = 0,
	.serve = serve,
};
