#include "cases/case.h"

static void teardown(struct peer *client)
{
	peer_shutdown(client, SHUT_RDWR);
	peer_tell(client, STEP_TEARDOWN_DONE, WAIT_HANGUP);
	peer_await(client, STEP_SERVER_ACTED);
	peer_close(client);
}

const struct mode mode_shut_rdwr = {
	.name = "shut-rdwr",
	.description = "shutdown(SHUT_RDWR), then, after the server has acted, close()",
	.traits = 0,
	.teardown = teardown,
};
