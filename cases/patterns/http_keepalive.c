#include "cases/case.h"
#include "cases/http/http_request.h"

/* Answers every request on the connection until the client ends it. */
static void serve(struct peer *server)
{
	struct http_reader reader;
	struct http_request request;
	int answered = 0;
	http_reader_init(&reader, server);
	while (http_read_headers(&reader, &request) > 0 && http_read_body(&reader, &request) == 0) {
		http_send_response(server, 200, "OK", HTTP_RESPONSE_BODY_BYTES, HTTP_RESPONSE_BODY_BYTES, NULL);
		peer_wait_acknowledged(server);
		if (!answered++)
			peer_mark(server, "@teardown");
		peer_tell(server, STEP_READY, WAIT_NOTHING);
	}
	peer_close(server);
}

const struct pattern pattern_http_keepalive = {
	.name = "http-keepalive",
	.description = "HTTP: read each whole request (chunked too), answer with Content-Length, keep the connection",
	.serve = serve,
	.protocol = PROTOCOL_HTTP,
};
