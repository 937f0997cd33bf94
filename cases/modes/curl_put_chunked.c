#include "cases/case.h"
#include "cases/http/curl_exchange.h"

#define UPLOAD_BYTES 4000

/* The source article's scenario with libcurl: a chunked PUT, the answer read
 * whole, then the handle cleaned up. */
static void exchange(struct peer *client)
{
	struct curl_exchange curl;
	if (curl_exchange_begin(&curl, client) == 0) {
		curl_exchange_upload(&curl, UPLOAD_BYTES, 1);
		curl_exchange_perform(&curl);
	}
	curl_exchange_end(&curl);
}

const struct mode mode_curl_put_chunked = {
	.name = "curl-put-chunked",
	.description = "libcurl: PUT with Transfer-Encoding: chunked (4000 bytes), read the answer, cleanup",
	.traits = MODE_UPLOADS,
	.needs = STACK_KERNEL_SOCKET,
	.teardown = exchange,
	.protocol = PROTOCOL_HTTP,
};
