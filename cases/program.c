/* The whole program of each side, around the mode's or pattern's own part. */
#include "cases/case.h"

void client_run(const struct mode *mode, struct peer *client)
{
	if (mode->protocol == PROTOCOL_HTTP) {   /* the exchange is the mode's own */
		mode->teardown(client);
		return;
	}
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
 * already done to the server's reads?). A read that ended is answered by
 * closing before the client is let go on, so the two closes never race; a
 * read that found nothing lets the client go on and reads to the end. */
void pattern_read_and_close_after_teardown(struct peer *server)
{
	peer_await(server, STEP_TEARDOWN_DONE);
	peer_mark(server, "@teardown");
	if (peer_read_all_sent(server) != READ_END_BLOCKED) {
		peer_close(server);
		peer_tell(server, STEP_SERVER_ACTED, WAIT_HANGUP);
		return;
	}
	peer_tell(server, STEP_SERVER_ACTED, WAIT_NOTHING);
	peer_read_to_end(server);
	peer_close(server);
}
