#include "cases/case.h"
#include "cases/http/http_request.h"

#define EXTRA_BYTES 100

/* More body than Content-Length declares: the client reads what was declared
 * and leaves the rest in its buffer. */
static void serve(struct peer *server)
{
	struct http_reader reader;
	struct http_request request;
	http_reader_init(&reader, server);
	if (http_read_headers(&reader, &request) > 0 && http_read_body(&reader, &request) == 0) {
		http_send_response(server, 200, "OK", HTTP_RESPONSE_BODY_BYTES, HTTP_RESPONSE_BODY_BYTES + EXTRA_BYTES,
				   NULL);
		peer_wait_acknowledged(server);
	}
	peer_mark(server, "@teardown");
	peer_tell(server, STEP_READY, WAIT_NOTHING);
	while (http_read_headers(&reader, &request) > 0 && http_read_body(&reader, &request) == 0)
		http_send_response(server, 200, "OK", HTTP_RESPONSE_BODY_BYTES, HTTP_RESPONSE_BODY_BYTES, NULL);
	peer_close(server);
}

const struct pattern pattern_http_extra_bytes = {
	.name = "http-extra-bytes",
	.description = "HTTP: send 100 body bytes more than Content-Length declares, keep the connection",
	.traits = PATTERN_SENDS_FIRST,
	.serve = serve,
	.protocol = PROTOCOL_HTTP,
};
