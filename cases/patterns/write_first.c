#include "cases/case.h"

static void serve(struct peer *server)
{
	peer_send(server, RESPONSE_BYTES);
	peer_tell(server, STEP_READY, WAIT_DATA);
	pattern_read_and_close_after_teardown(server);
}

const struct pattern pattern_write_first = {
	.name = "write-first",
	.description = "write a response at once, then read to EOF or error, then close",
	.traits = PATTERN_SENDS_FIRST,
	.serve = serve,
};
