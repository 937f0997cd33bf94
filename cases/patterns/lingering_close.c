#include "cases/case.h"

/* What Apache and nginx do: half-close, then drain, so the client's late
 * bytes never meet a closed socket and a reset never destroys the response. */
static void serve(struct peer *server)
{
	peer_send(server, RESPONSE_BYTES);
	peer_shutdown(server, SHUT_WR);
	peer_tell(server, STEP_READY, WAIT_DATA | WAIT_HANGUP);
	pattern_read_and_close_after_teardown(server);
}

const struct pattern pattern_lingering_close = {
	.name = "lingering-close",
	.description = "write the response, shutdown(SHUT_WR), drain until EOF, close",
	.traits = PATTERN_SENDS_FIRST | PATTERN_CLOSES_FIRST,
	.serve = serve,
};
