#include <poll.h>

#include "../case.h"
#include "../../runners/platform.h"
#include "../http/http_request.h"
#include "http_early_reply.h"

/* The 413 goes out once some of the body has arrived, so that the body is
 * unread in the server's buffer when the server ends its side. Its body is
 * larger than the socket buffers: an abortive close discards what is still
 * unsent (the send buffer is full when it closes), a lingering close
 * delivers it all. */
int http_answer_before_the_body(struct peer *server, int whole)
{
	struct http_request request;
	if (http_read_headers_only(server, &request) <= 0)
		return -1;
	if (request.chunked || request.content_length > 0) {
		struct pollfd watch = { server->fd, POLLIN, 0 };
		while (platform_bytes_unread(server->fd) <= 0 && poll(&watch, 1, -1) >= 0)
			;   /* the first body bytes: now the body is in flight, unread */
	}
	http_send_response(server, 413, "Payload Too Large", HTTP_EARLY_REPLY_BODY_BYTES, 0, "Connection: close\r\n");
	if (whole)
		peer_send(server, HTTP_EARLY_REPLY_BODY_BYTES);
	else
		peer_send_until_full(server, HTTP_EARLY_REPLY_BODY_BYTES);
	peer_mark(server, "@teardown");
	return 0;
}

static void serve(struct peer *server)
{
	http_answer_before_the_body(server, 0);
	peer_close(server);
	peer_tell(server, STEP_READY, WAIT_HANGUP);
}

const struct pattern pattern_http_early_reply = {
	.name = "http-early-reply",
	.description = "HTTP: answer 413 before reading the request body, close at once",
	.traits = PATTERN_CLOSES_FIRST | PATTERN_NEEDS_UPLOAD,
	.serve = serve,
	.protocol = PROTOCOL_HTTP,
};
