#include "cases/case.h"

/* Request/response over a half-close: the response goes out only after EOF.
 * When EOF is already there, respond and close before letting the client go
 * on; otherwise let it go on first and respond once its FIN comes. The close
 * waits for the response's fate (acknowledged, or answered with RST by a
 * client that closed): on loopback that answer is usually back before
 * send() returns, but not on a loaded or emulated machine, where close()
 * would then send a FIN that the answer would otherwise have made moot. */
static void respond_and_close(struct peer *server, enum read_end end)
{
	if (end == READ_END_EOF && peer_send(server, RESPONSE_BYTES) > 0)
		peer_wait_acknowledged(server);
	peer_close(server);
}

static void serve(struct peer *server)
{
	peer_await(server, STEP_REQUEST_SENT);
	peer_tell(server, STEP_READY, WAIT_NOTHING);
	peer_await(server, STEP_TEARDOWN_DONE);
	peer_mark(server, "@teardown");
	if (peer_read_all_sent(server) == READ_END_BLOCKED) {
		peer_tell(server, STEP_SERVER_ACTED, WAIT_NOTHING);
		respond_and_close(server, peer_read_to_end(server));
		return;
	}
	respond_and_close(server, server->read_end);
	peer_tell(server, STEP_SERVER_ACTED, WAIT_HANGUP);
}

const struct pattern pattern_write_after_eof = {
	.name = "write-after-eof",
	.description = "read to EOF, then write the response, then close",
	.traits = 0,
	.serve = serve,
};
