#include "cases/case.h"

/* shutdown(SHUT_RD) is local on Linux: the server has nothing to wait for,
 * so it is told to act at once, and the close comes after it has. */
static void teardown(struct peer *client)
{
	peer_shutdown(client, SHUT_RD);
	peer_tell(client, STEP_TEARDOWN_DONE, WAIT_NOTHING);
	peer_await(client, STEP_SERVER_ACTED);
	peer_close(client);
}

const struct mode mode_shut_rd = {
	.name = "shut-rd",
	.description = "shutdown(SHUT_RD), then, after the server has acted, close()",
	.traits = 0,
	.teardown = teardown,
};
