#include "../case.h"

/* Request/response over a half-close: the response goes out only after EOF. */
static void respond_after_eof(struct peer *server, int *responded)
{
	if (server->read_end == READ_END_EOF && !*responded) {
		peer_send(server, RESPONSE_BYTES);
		*responded = 1;
	}
}

static void serve(struct peer *server)
{
	int responded = 0;
	peer_await(server, STEP_REQUEST_SENT);
	peer_tell(server, STEP_READY, WAIT_NOTHING);
	peer_await(server, STEP_TEARDOWN_DONE);
	peer_mark(server, "@teardown");
	peer_read_available(server);
	respond_after_eof(server, &responded);
	peer_tell(server, STEP_SERVER_ACTED, WAIT_NOTHING);
	if (server->read_end == READ_END_BLOCKED)
		peer_read_to_end(server);
	respond_after_eof(server, &responded);
	peer_close(server);
}

const struct pattern pattern_write_after_eof = {
	"write-after-eof", "read to EOF, then write the response, then close", 0, serve,
};
