#include "cases/case.h"
#include "cases/http/curl_exchange.h"

#define UPLOAD_BYTES (8u << 20)

/* A large upload meant for servers that answer before reading it: does
 * libcurl get the 413, or only a reset? */
static void exchange(struct peer *client)
{
	struct curl_exchange curl;
	if (curl_exchange_begin(&curl, client) == 0) {
		curl_exchange_upload(&curl, UPLOAD_BYTES, 0);
		curl_exchange_perform(&curl);
	}
	curl_exchange_end(&curl);
}

const struct mode mode_curl_upload_early_reply = {
	.name = "curl-upload-early-reply",
	.description = "libcurl: PUT an 8 MB body (no Expect: 100-continue), read whatever answer comes",
	.traits = MODE_UPLOADS,
	.needs = STACK_KERNEL_SOCKET,
	.teardown = exchange,
	.protocol = PROTOCOL_HTTP,
};
