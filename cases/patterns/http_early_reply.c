#include <string.h>
#include <sys/socket.h>

#include "cases/case.h"
#include "cases/http/http_request.h"
#include "cases/patterns/http_early_reply.h"

/* How much body must sit unread before the 413 goes out: all of a small one
 * (the client has then finished sending and waits for the answer, however
 * fast it is), enough of a big one that the client is surely still sending.
 * Either way the order of events is the same on every run. */
#define UNREAD_ENOUGH 65536
#define LAST_CHUNK "0\r\n\r\n"

/* A chunked body's end is its last chunk: peek (without reading) until the
 * unread bytes end with it. */
static void wait_for_the_last_chunk(struct peer *server)
{
	static char peeked[UNREAD_ENOUGH];
	int64_t unread = 0, before;
	do {
		before = unread;
		unread = peer_wait_unread(server, (int)before + 1);
		if (unread <= before || unread >= UNREAD_ENOUGH)
			return;   /* the connection ended, or the body is big enough */
		ssize_t seen = peer_peek(server, peeked, (size_t)unread);
		if (seen >= (ssize_t)strlen(LAST_CHUNK) &&
		    memcmp(peeked + seen - strlen(LAST_CHUNK), LAST_CHUNK, strlen(LAST_CHUNK)) == 0)
			return;
	} while (1);
}

static void wait_for_the_body(struct peer *server, const struct http_request *request)
{
	if (request->content_length > 0)
		peer_wait_unread(server, request->content_length < UNREAD_ENOUGH ? (int)request->content_length
										 : UNREAD_ENOUGH);
	else if (request->chunked)
		wait_for_the_last_chunk(server);
}

/* The 413 goes out with the body unread in the server's buffer (see
 * UNREAD_ENOUGH). Its 16 MB body is larger than the socket buffers: an
 * abortive close leaves most of it unsent, a lingering close delivers it all. */
int http_answer_before_the_body(struct peer *server, int whole)
{
	struct http_request request;
	if (http_read_headers_only(server, &request) <= 0)
		return -1;
	wait_for_the_body(server, &request);
	/* The headers and the first part of the body in one segment: a client
	 * that reads the headers finds more body behind them than any client's
	 * first read takes (Python's 8 KiB, libcurl's 16 KiB), on every run.
	 * No "Connection: close" (RFC 9112 §9.6 lets a server close at any
	 * time): with it, libcurl skips its "stop sending" step on an error
	 * status (lib/http.c checks !conn->bits.close first) and keeps
	 * uploading, so whether its send or its receive met the reset first
	 * changed from run to run (55 or 56). */
	if (http_send_response(server, 413, "Payload Too Large", HTTP_EARLY_REPLY_BODY_BYTES,
			       HTTP_EARLY_REPLY_FIRST_BYTES, NULL) < 0)
		return -1;
	if (whole) {
		/* The last byte waits for the caller's shutdown(SHUT_WR), and leaves
		 * with the FIN: a client that reads the whole body cannot end its
		 * side before the server's FIN is out. */
		peer_send(server, HTTP_EARLY_REPLY_BODY_BYTES - HTTP_EARLY_REPLY_FIRST_BYTES - 1);
		peer_hold_until_close(server);
		peer_send(server, 1);
		peer_mark(server, "@teardown");
	}
	return 0;
}

/* At most this much more of the 16 MB answer goes out before the close, so
 * that most of it is never sent, however fast the client reads. */
#define MORE_BEFORE_THE_CLOSE (64u << 10)

/* The close waits until the client has begun to take the answer (libcurl
 * then stops its upload), so that what the reset destroys is the same on
 * every run: the rest of the answer, never the status line. */
static void serve(struct peer *server)
{
	if (http_answer_before_the_body(server, 0) == 0) {
		peer_await_any(server, 1u << STEP_PROGRESS | 1u << STEP_TEARDOWN_DONE);
		peer_send_until_full(server, MORE_BEFORE_THE_CLOSE);
	}
	peer_mark(server, "@teardown");
	peer_close(server);
	peer_tell(server, STEP_READY, WAIT_HANGUP);
}

const struct pattern pattern_http_early_reply = {
	.name = "http-early-reply",
	.description = "HTTP: answer 413 before reading the request body, close once the client reads it",
	.traits = PATTERN_CLOSES_FIRST | PATTERN_NEEDS_UPLOAD | PATTERN_PACED_BY_CLIENT,
	.serve = serve,
	.protocol = PROTOCOL_HTTP,
};
