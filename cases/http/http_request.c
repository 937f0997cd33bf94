#include "cases/http/http_request.h"

#include <stdio.h>
#include <sys/socket.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>


void http_reader_init(struct http_reader *reader, struct peer *peer)
{
	reader->peer = peer;
	reader->start = reader->end = 0;
}

/* Makes room and reads more; returns what recv returned. */
static ssize_t fill(struct http_reader *reader)
{
	if (reader->start > 0) {
		memmove(reader->buffer, reader->buffer + reader->start, reader->end - reader->start);
		reader->end -= reader->start;
		reader->start = 0;
	}
	if (reader->end == sizeof reader->buffer)
		return -1;
	ssize_t got = peer_receive(reader->peer, reader->buffer + reader->end, sizeof reader->buffer - reader->end);
	if (got > 0)
		reader->end += (size_t)got;
	return got;
}

/* The next CRLF-terminated line, without its CRLF; NULL when the connection
 * ends first. */
static char *read_line(struct http_reader *reader)
{
	for (;;) {
		char *begin = reader->buffer + reader->start;
		char *end = memmem(begin, reader->end - reader->start, "\r\n", 2);
		if (end) {
			*end = '\0';
			reader->start = (size_t)(end + 2 - reader->buffer);
			return begin;
		}
		if (fill(reader) <= 0)
			return NULL;
	}
}

static void parse_header(struct http_request *request, const char *line)
{
	if (strncasecmp(line, "Content-Length:", 15) == 0)
		request->content_length = strtoll(line + 15, NULL, 10);
	else if (strncasecmp(line, "Transfer-Encoding:", 18) == 0 && strcasestr(line + 18, "chunked"))
		request->chunked = 1;
}

int http_read_headers(struct http_reader *reader, struct http_request *request)
{
	memset(request, 0, sizeof *request);
	request->content_length = -1;
	char *line = read_line(reader);
	if (!line)
		return reader->peer->read_end == READ_END_EOF && reader->end == reader->start ? 0 : -1;
	if (sscanf(line, "%15s", request->method) != 1)
		return -1;
	while ((line = read_line(reader)) && *line)
		parse_header(request, line);
	return line ? 1 : -1;
}

static void parse_headers_block(struct http_request *request, char *block)
{
	char *save = NULL;
	char *line = strtok_r(block, "\r\n", &save);
	if (line)
		sscanf(line, "%15s", request->method);
	while ((line = strtok_r(NULL, "\r\n", &save)))
		parse_header(request, line);
}

int http_read_headers_only(struct peer *peer, struct http_request *request)
{
	char block[8192];
	memset(request, 0, sizeof *request);
	request->content_length = -1;
	for (;;) {
		ssize_t seen = peer_peek(peer, block, sizeof block - 1);
		if (seen <= 0)
			return seen == 0 ? 0 : -1;
		block[seen] = '\0';
		char *end = strstr(block, "\r\n\r\n");
		if (end) {
			size_t length = (size_t)(end + 4 - block);
			if (peer_receive(peer, block, length) != (ssize_t)length)
				return -1;
			block[length] = '\0';
			parse_headers_block(request, block);
			return 1;
		}
		if ((size_t)seen == sizeof block - 1)
			return -1;
		if (peer_wait_more_than(peer, seen) <= seen)
			return -1;   /* the connection ended inside the headers */
	}
}

/* Consumes `count` body bytes, reading more as needed. */
static int consume(struct http_reader *reader, struct http_request *request, uint64_t count)
{
	while (count > 0) {
		if (reader->end == reader->start && fill(reader) <= 0)
			return -1;
		size_t here = reader->end - reader->start;
		size_t take = count < here ? (size_t)count : here;
		reader->start += take;
		request->body_read += take;
		count -= take;
	}
	return 0;
}

static int read_chunked_body(struct http_reader *reader, struct http_request *request)
{
	for (;;) {
		char *line = read_line(reader);
		if (!line)
			return -1;
		uint64_t size = strtoull(line, NULL, 16);
		if (size == 0)
			break;
		if (consume(reader, request, size) != 0 || !read_line(reader))
			return -1;
	}
	char *trailer;
	while ((trailer = read_line(reader)) && *trailer)
		;
	return trailer ? 0 : -1;
}

int http_read_body(struct http_reader *reader, struct http_request *request)
{
	if (request->chunked)
		return read_chunked_body(reader, request);
	return request->content_length > 0 ? consume(reader, request, (uint64_t)request->content_length) : 0;
}

int http_body_has_begun(struct http_reader *reader)
{
	return reader->end > reader->start || peer_bytes_unread(reader->peer) > 0;
}

/* A response that fits one segment goes out in one send: it arrives whole,
 * so what a client finds in its buffer does not depend on when it reads. */
ssize_t http_send_response(struct peer *peer, int status, const char *reason, uint64_t declared,
			   uint64_t body, const char *extra_headers)
{
	static char message[32768];
	char detail[CALL_DETAIL_SIZE];
	int length = snprintf(message, sizeof message, "HTTP/1.1 %d %s\r\nContent-Length: %llu\r\n%s\r\n", status,
			      reason, (unsigned long long)declared, extra_headers ? extra_headers : "");
	if (body <= sizeof message - (size_t)length) {
		memset(message + length, 'x', (size_t)body);
		snprintf(detail, sizeof detail, "HTTP/1.1 %d %s, %llu body bytes", status, reason, (unsigned long long)body);
		return peer_send_bytes(peer, message, (size_t)length + (size_t)body, detail);
	}
	snprintf(detail, sizeof detail, "HTTP/1.1 %d %s headers", status, reason);
	ssize_t sent = peer_send_bytes(peer, message, (size_t)length, detail);
	return sent < 0 ? sent : peer_send(peer, (size_t)body);
}
