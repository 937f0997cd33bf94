#include "cases/case.h"

static void teardown(struct peer *client)
{
	peer_send_until_full(client, BIG_TRANSFER_BYTES);
	peer_set_linger(client, 1, 0);
	peer_close(client);
	peer_tell(client, STEP_TEARDOWN_DONE, WAIT_HANGUP);
}

const struct mode mode_linger0_pending = {
	.name = "linger0-pending",
	.description = "write more than the send buffer holds, SO_LINGER {1,0} + close() at once",
	.traits = 0,
	.teardown = teardown,
};
