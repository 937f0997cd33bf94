#include "cases/case.h"
#include "cases/http/http_request.h"

/* TCP_CORK holds the response until close() adds the FIN, so both arrive in
 * one segment: no client, finrst's own or an external program, can end its
 * side between the response and the server's FIN. */
static void serve(struct peer *server)
{
	struct http_reader reader;
	struct http_request request;
	http_reader_init(&reader, server);
	peer_hold_until_close(server);
	if (http_read_headers(&reader, &request) > 0 && http_read_body(&reader, &request) == 0)
		http_send_response(server, 200, "OK", HTTP_RESPONSE_BODY_BYTES, HTTP_RESPONSE_BODY_BYTES,
				   "Connection: close\r\n");
	peer_mark(server, "@teardown");
	peer_close(server);
	peer_tell(server, STEP_READY, WAIT_HANGUP);
}

const struct pattern pattern_http_close = {
	.name = "http-close",
	.description = "HTTP: read the request, answer with Connection: close, then close",
	.traits = PATTERN_CLOSES_FIRST,
	.serve = serve,
	.protocol = PROTOCOL_HTTP,
};
