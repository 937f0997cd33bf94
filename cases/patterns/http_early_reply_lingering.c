#include <sys/socket.h>

#include "cases/case.h"
#include "cases/http/http_request.h"
#include "cases/patterns/http_early_reply.h"

/* The early answer with a lingering close: half-close, drain the body the
 * client is still sending until it ends its side, then close. */
static void serve(struct peer *server)
{
	http_answer_before_the_body(server, 1);
	peer_shutdown(server, SHUT_WR);
	peer_tell(server, STEP_READY, WAIT_HANGUP);
	peer_read_to_end(server);
	peer_close(server);
}

const struct pattern pattern_http_early_reply_lingering = {
	.name = "http-early-reply-lingering",
	.description = "HTTP: answer 413 before reading the body, then shutdown(SHUT_WR), drain, close",
	.traits = PATTERN_CLOSES_FIRST | PATTERN_NEEDS_UPLOAD,
	.serve = serve,
	.protocol = PROTOCOL_HTTP,
};
