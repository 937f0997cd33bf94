#include "cases/case.h"

/* The RFC's CLOSE: no more to send, but keep receiving until the server ends. */
static void teardown(struct peer *client)
{
	peer_shutdown(client, SHUT_WR);
	peer_tell(client, STEP_TEARDOWN_DONE, WAIT_HANGUP);
	peer_read_to_end(client);
	peer_close(client);
}

const struct mode mode_shut_wr = {
	.name = "shut-wr",
	.description = "shutdown(SHUT_WR), read to EOF, close()",
	.traits = 0,
	.teardown = teardown,
};
