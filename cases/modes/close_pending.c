#include "cases/case.h"

/* The FIN queues behind data the server has not read yet: there is nothing
 * on the wire for the server to wait for before it reads. */
static void teardown(struct peer *client)
{
	peer_send_until_full(client, BIG_TRANSFER_BYTES);
	peer_close(client);
	peer_tell(client, STEP_TEARDOWN_DONE, WAIT_NOTHING);
}

const struct mode mode_close_pending = {
	.name = "close-pending",
	.description = "write more than the send buffer holds, close() at once",
	.traits = 0,
	.teardown = teardown,
};
