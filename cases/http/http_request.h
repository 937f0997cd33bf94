/* HTTP/1.1 on finrst's own server: reading a request byte-exactly from the
 * raw socket (Content-Length and chunked bodies), writing a response. Every
 * recv and send goes through the peer, so it is observed. */
#ifndef FINRST_HTTP_REQUEST_H
#define FINRST_HTTP_REQUEST_H

#include <stddef.h>
#include <stdint.h>

#include "cases/peer.h"

#define HTTP_RESPONSE_BODY_BYTES 1000
#define HTTP_EARLY_REPLY_BODY_BYTES (16u << 20)
#define HTTP_EARLY_REPLY_FIRST_BYTES 24576   /* sent with the headers, in one segment */

struct http_request {
	char method[16];
	int64_t content_length;    /* -1 when absent */
	int chunked;
	uint64_t body_read;
};

struct http_reader {
	struct peer *peer;
	char buffer[16384];
	size_t start, end;         /* unconsumed bytes */
};

void http_reader_init(struct http_reader *reader, struct peer *peer);
/* 1: headers read; 0: the connection ended before a request; -1: error or
 * malformed (the reason is in the peer's log). */
int http_read_headers(struct http_reader *reader, struct http_request *request);
/* Reads the headers and not one byte beyond them (the end is found with
 * MSG_PEEK), so that whatever body follows stays unread in the kernel. */
int http_read_headers_only(struct peer *peer, struct http_request *request);
/* Reads the whole body the headers announce. 0, or -1 when the connection
 * ended or failed first. */
int http_read_body(struct http_reader *reader, struct http_request *request);
/* Whether body bytes have arrived beyond the headers (buffered or queued). */
int http_body_has_begun(struct http_reader *reader);

/* Sends the status line, Content-Length: `declared`, `extra_headers` (each
 * ending in CRLF, or NULL), then `body` bytes of body. */
ssize_t http_send_response(struct peer *peer, int status, const char *reason, uint64_t declared,
			   uint64_t body, const char *extra_headers);

#endif
