/* libcurl on a socket the side opens for it. libcurl's own socket calls are
 * not observable one by one; what is observed is what the application sees:
 * the socket opened for it, the close libcurl asks for, each
 * curl_easy_perform with its CURLcode and message, and the response's status
 * and declared length. */
#ifndef FINRST_CURL_EXCHANGE_H
#define FINRST_CURL_EXCHANGE_H

#include <curl/curl.h>
#include <stdint.h>

#include "cases/peer.h"

struct curl_exchange {
	struct peer *peer;
	CURL *easy;
	uint64_t body_received;     /* over every transfer of this handle */
	int64_t abort_after;        /* the write callback refuses data after this many bytes; -1 never */
	int server_said_close;      /* "Connection: close" was in a response */
	int sockets_opened;
	int progress_told;
	struct curl_slist *headers;
	char error[CURL_ERROR_SIZE];
};

/* A handle for GET peer->url. 0, or -1 (observed). */
int curl_exchange_begin(struct curl_exchange *exchange, struct peer *peer);
/* curl_easy_perform, observed with its CURLcode, message, status and length. */
CURLcode curl_exchange_perform(struct curl_exchange *exchange);
/* curl_easy_cleanup (which closes the connection if still open), then tells
 * the server the teardown is done. */
void curl_exchange_end(struct curl_exchange *exchange);

/* An upload body of `bytes` for PUT; chunked when `chunked`. */
void curl_exchange_upload(struct curl_exchange *exchange, uint64_t bytes, int chunked);

#endif
