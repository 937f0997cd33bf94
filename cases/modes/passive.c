#include "cases/case.h"

static void teardown(struct peer *client)
{
	peer_read_to_end(client);
	peer_close(client);
	peer_tell(client, STEP_TEARDOWN_DONE, WAIT_NOTHING);
}

const struct mode mode_passive = {
	.name = "passive",
	.description = "wait for the server to close first, read to EOF, then close()",
	.traits = MODE_WAITS_FOR_SERVER_CLOSE,
	.teardown = teardown,
};
