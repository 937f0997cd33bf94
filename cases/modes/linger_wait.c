#include "cases/case.h"

#define LINGER_SECONDS 1

/* The server reads nothing before this mode's teardown is done, so once the
 * buffers are full the data cannot be acknowledged and close() must wait out
 * the linger time. Its FIN stays queued behind the data: nothing to wait for. */
static void teardown(struct peer *client)
{
	peer_send_until_full(client, BIG_TRANSFER_BYTES);
	peer_set_linger(client, 1, LINGER_SECONDS);
	peer_close(client);
	peer_tell(client, STEP_TEARDOWN_DONE, WAIT_NOTHING);
}

const struct mode mode_linger_wait = {
	.name = "linger-wait",
	.description = "SO_LINGER {1,1} + close() while sent data waits on the server's closed window",
	.traits = MODE_SLOW,
	.teardown = teardown,
};
