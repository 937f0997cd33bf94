#include "cases/case.h"

/* close() with the server's data still unread in the receive buffer. */
static void teardown(struct peer *client)
{
	peer_close(client);
	peer_tell(client, STEP_TEARDOWN_DONE, WAIT_HANGUP);
}

const struct mode mode_close_unread = {
	.name = "close-unread",
	.description = "close() while unread data sits in the receive buffer",
	.traits = MODE_NEEDS_UNREAD_DATA,
	.teardown = teardown,
};
