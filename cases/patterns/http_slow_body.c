#include "cases/case.h"
#include "cases/http/http_request.h"

#define PIECES 4

/* Sends the rest of the body piece by piece, each only after the client said
 * it consumed the previous one; returns 1 when the client ended first. */
static int send_the_rest(struct peer *server, int *marked)
{
	for (int piece = 1; piece < PIECES; piece++) {
		peer_wait_acknowledged(server);
		int step = peer_await_any(server, 1u << STEP_PROGRESS | 1u << STEP_TEARDOWN_DONE);
		if (step != STEP_PROGRESS && !(*marked)++)
			peer_mark(server, "@teardown");
		if (peer_send(server, HTTP_RESPONSE_BODY_BYTES) < 0)
			return 1;
	}
	return 0;
}

/* Each response's body goes out in pieces, so a client that aborts does so
 * in the middle, on every run; what the pieces after the abort meet is the
 * point. The connection is kept for further requests. */
static void serve(struct peer *server)
{
	struct http_reader reader;
	struct http_request request;
	int marked = 0;
	http_reader_init(&reader, server);
	while (http_read_headers(&reader, &request) > 0 && http_read_body(&reader, &request) == 0) {
		http_send_response(server, 200, "OK", (uint64_t)PIECES * HTTP_RESPONSE_BODY_BYTES,
				   HTTP_RESPONSE_BODY_BYTES, NULL);
		if (send_the_rest(server, &marked))
			break;
		peer_wait_acknowledged(server);
		if (!marked++)
			peer_mark(server, "@teardown");
		peer_tell(server, STEP_READY, WAIT_NOTHING);
	}
	peer_close(server);
}

const struct pattern pattern_http_slow_body = {
	.name = "http-slow-body",
	.description = "HTTP: send each 4000-byte body in four pieces, each after the client consumed the last",
	.traits = PATTERN_PACED_BY_CLIENT,
	.serve = serve,
	.protocol = PROTOCOL_HTTP,
};
