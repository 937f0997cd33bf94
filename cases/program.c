/* The whole program of each side, around the mode's or pattern's own part. */
#include "case.h"

void client_run(const struct mode *mode, struct peer *client)
{
	peer_send(client, REQUEST_BYTES);
	peer_tell(client, STEP_REQUEST_SENT, WAIT_DATA);
	peer_await(client, STEP_READY);
	peer_mark(client, "@teardown");
	mode->teardown(client);
}

void server_run(const struct pattern *pattern, struct peer *server)
{
	pattern->serve(server);
}

/* After the teardown: look once without blocking (what has the teardown
 * already done to the server's reads?), let the client go on, then read to
 * the end. */
void pattern_after_teardown_read(struct peer *server)
{
	peer_await(server, STEP_TEARDOWN_DONE);
	peer_mark(server, "@teardown");
	peer_read_available(server);
	peer_tell(server, STEP_SERVER_ACTED, WAIT_NOTHING);
	if (server->read_end == READ_END_BLOCKED)
		peer_read_to_end(server);
}
