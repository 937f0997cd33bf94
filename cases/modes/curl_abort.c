#include "cases/case.h"
#include "cases/http/curl_exchange.h"

/* The write callback refuses the first body bytes: libcurl aborts the
 * transfer with the rest of the body still coming. */
static void exchange(struct peer *client)
{
	struct curl_exchange curl;
	if (curl_exchange_begin(&curl, client) == 0) {
		curl.abort_after = 0;
		curl_exchange_perform(&curl);
	}
	curl_exchange_end(&curl);
}

const struct mode mode_curl_abort = {
	.name = "curl-abort",
	.description = "libcurl: the write callback returns 0 at the first body bytes",
	.needs = STACK_KERNEL_SOCKET,
	.teardown = exchange,
	.protocol = PROTOCOL_HTTP,
};
