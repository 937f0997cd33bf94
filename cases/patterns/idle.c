#include "cases/case.h"

/* The request arrives but stays unread until the teardown is complete: does
 * data already received survive what the client did? */
static void serve(struct peer *server)
{
	peer_await(server, STEP_REQUEST_SENT);
	peer_tell(server, STEP_READY, WAIT_NOTHING);
	pattern_read_and_close_after_teardown(server);
}

const struct pattern pattern_idle = {
	.name = "idle",
	.description = "read nothing until the client's teardown has completed, then read",
	.traits = 0,
	.serve = serve,
};
