#include "cases/case.h"

/* The abortive close: SO_LINGER {1,0} turns close() into the RFC's ABORT. */
static void teardown(struct peer *client)
{
	peer_set_linger(client, 1, 0);
	peer_close(client);
	peer_tell(client, STEP_TEARDOWN_DONE, WAIT_HANGUP);
}

const struct mode mode_linger0 = {
	.name = "linger0",
	.description = "SO_LINGER {1,0} + close()",
	.traits = 0,
	.teardown = teardown,
};
