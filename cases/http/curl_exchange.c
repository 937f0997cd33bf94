#include "cases/http/curl_exchange.h"

#include <errno.h>
#include <sys/socket.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>


static uint64_t upload_left;

/* libcurl 7.88 refuses a socket handed over already connected (its connect
 * filter fails with EISCONN despite CURL_SOCKOPT_ALREADY_CONNECTED), so the
 * socket is made here, observed, and libcurl connects it itself. */
static curl_socket_t open_socket(void *context, curlsocktype purpose, struct curl_sockaddr *address)
{
	struct curl_exchange *exchange = context;
	(void)purpose;
	if (exchange->sockets_opened++ > 0) {
		/* The cell is one connection: a server that closed it cannot be reached again. */
		peer_record(exchange->peer, "socket", "refused: libcurl wants a second connection", -1, ECONNREFUSED, 0);
		return CURL_SOCKET_BAD;
	}
	int fd = peer_open_library_socket(exchange->peer, address->family, address->socktype, address->protocol,
					  "opened for libcurl, which connects it");
	return fd < 0 ? CURL_SOCKET_BAD : fd;
}

/* Whether the response's body arrived whole (its Content-Length). */
static int response_complete(struct curl_exchange *exchange)
{
	curl_off_t declared = -1;
	curl_easy_getinfo(exchange->easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &declared);
	return declared >= 0 && exchange->body_received >= (uint64_t)declared;
}

/* When the server announced its close and everything it sent was taken, its
 * FIN (or RST) is sure to come and is awaited before ours, so that the two
 * never cross on the wire. */
static int close_socket(void *context, curl_socket_t fd)
{
	struct curl_exchange *exchange = context;
	if (exchange->server_said_close && fd == exchange->peer->socket && response_complete(exchange))
		peer_wait_hangup(exchange->peer);
	peer_close(exchange->peer);
	return 0;
}

static size_t take_header(char *line, size_t size, size_t count, void *context)
{
	struct curl_exchange *exchange = context;
	if (strncasecmp(line, "Connection:", 11) == 0 && strcasestr(line + 11, "close"))
		exchange->server_said_close = 1;
	return size * count;
}

/* The first pieces of body consumed are reported, so that a server sending
 * in pieces (at most four) waits for the client; bounded, so that a large
 * body neither fills the step pipe nor the call log. Refusing data aborts. */
#define PROGRESS_STEPS 8

static size_t take_body(char *data, size_t size, size_t count, void *context)
{
	struct curl_exchange *exchange = context;
	(void)data;
	if (exchange->abort_after >= 0 && exchange->body_received >= (uint64_t)exchange->abort_after)
		return 0;
	exchange->body_received += size * count;
	if (exchange->progress_told++ < PROGRESS_STEPS)
		peer_tell(exchange->peer, STEP_PROGRESS, WAIT_NOTHING);
	return size * count;
}

static size_t give_body(char *buffer, size_t size, size_t count, void *context)
{
	(void)context;
	size_t room = size * count;
	size_t give = upload_left < room ? (size_t)upload_left : room;
	memset(buffer, 'u', give);
	upload_left -= give;
	return give;
}

int curl_exchange_begin(struct curl_exchange *exchange, struct peer *peer)
{
	memset(exchange, 0, sizeof *exchange);
	exchange->peer = peer;
	exchange->abort_after = -1;
	exchange->easy = curl_easy_init();
	if (!exchange->easy) {
		peer_record(peer, "curl_easy_init", "", -1, 0, 0);
		return -1;
	}
	CURL *easy = exchange->easy;
	curl_easy_setopt(easy, CURLOPT_URL, peer->url);
	curl_easy_setopt(easy, CURLOPT_OPENSOCKETFUNCTION, open_socket);
	curl_easy_setopt(easy, CURLOPT_OPENSOCKETDATA, exchange);
	curl_easy_setopt(easy, CURLOPT_CLOSESOCKETFUNCTION, close_socket);
	curl_easy_setopt(easy, CURLOPT_CLOSESOCKETDATA, exchange);
	curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, take_header);
	curl_easy_setopt(easy, CURLOPT_HEADERDATA, exchange);
	curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, take_body);
	curl_easy_setopt(easy, CURLOPT_WRITEDATA, exchange);
	curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, exchange->error);
	curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
	return 0;
}

void curl_exchange_upload(struct curl_exchange *exchange, uint64_t bytes, int chunked)
{
	upload_left = bytes;
	curl_easy_setopt(exchange->easy, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(exchange->easy, CURLOPT_READFUNCTION, give_body);
	if (!chunked)
		curl_easy_setopt(exchange->easy, CURLOPT_INFILESIZE_LARGE, (curl_off_t)bytes);
	/* No "Expect: 100-continue": the body follows the headers at once, as the
	 * article's client sends it, so an early answer meets a body in flight. */
	exchange->headers = curl_slist_append(exchange->headers, "Expect:");
	if (chunked)
		exchange->headers = curl_slist_append(exchange->headers, "Transfer-Encoding: chunked");
	curl_easy_setopt(exchange->easy, CURLOPT_HTTPHEADER, exchange->headers);
}

CURLcode curl_exchange_perform(struct curl_exchange *exchange)
{
	char detail[CALL_DETAIL_SIZE];
	long status = 0;
	curl_off_t declared = -1;
	uint64_t before = exchange->body_received;
	exchange->error[0] = '\0';
	CURLcode code = curl_easy_perform(exchange->easy);
	snprintf(detail, sizeof detail, "%s", code == CURLE_OK ? "" : exchange->error[0] ? exchange->error
								      : curl_easy_strerror(code));
	peer_record(exchange->peer, "curl_easy_perform", detail, code, 0, exchange->body_received - before);
	curl_easy_getinfo(exchange->easy, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_getinfo(exchange->easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &declared);
	snprintf(detail, sizeof detail, "HTTP status %ld, Content-Length %lld", status, (long long)declared);
	peer_record(exchange->peer, "http-response", detail, status, 0, declared > 0 ? (uint64_t)declared : 0);
	return code;
}

void curl_exchange_end(struct curl_exchange *exchange)
{
	peer_mark(exchange->peer, "@teardown");
	if (exchange->easy)
		curl_easy_cleanup(exchange->easy);
	peer_record(exchange->peer, "curl_easy_cleanup", "", 0, 0, 0);
	curl_slist_free_all(exchange->headers);
	exchange->headers = NULL;
	exchange->easy = NULL;
	peer_tell(exchange->peer, STEP_TEARDOWN_DONE, WAIT_HANGUP);
}
