#include "cases/case.h"

/* The popular recipe: shutdown(SHUT_WR) immediately followed by close(). */
static void teardown(struct peer *client)
{
	peer_shutdown(client, SHUT_WR);
	peer_close(client);
	peer_tell(client, STEP_TEARDOWN_DONE, WAIT_HANGUP);
}

const struct mode mode_shut_wr_close = {
	.name = "shut-wr-close",
	.description = "shutdown(SHUT_WR) immediately followed by close()",
	.traits = 0,
	.teardown = teardown,
};
