#include "cases/case.h"

/* close() once everything that has arrived is read: the ordinary close. */
static void teardown(struct peer *client)
{
	peer_read_available(client);
	peer_close(client);
	peer_tell(client, STEP_TEARDOWN_DONE, WAIT_HANGUP);
}

const struct mode mode_close = {
	.name = "close",
	.description = "close() after reading everything that arrived",
	.traits = 0,
	.teardown = teardown,
};
