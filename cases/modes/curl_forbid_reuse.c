#include "cases/case.h"
#include "cases/http/curl_exchange.h"

/* CURLOPT_FORBID_REUSE: libcurl closes the connection when the transfer is
 * done, inside curl_easy_perform, instead of keeping it for the handle. */
static void exchange(struct peer *client)
{
	struct curl_exchange curl;
	if (curl_exchange_begin(&curl, client) == 0) {
		curl_easy_setopt(curl.easy, CURLOPT_FORBID_REUSE, 1L);
		curl_exchange_perform(&curl);
	}
	curl_exchange_end(&curl);
}

const struct mode mode_curl_forbid_reuse = {
	.name = "curl-forbid-reuse",
	.description = "libcurl: GET with CURLOPT_FORBID_REUSE (close right after the transfer)",
	.needs = STACK_KERNEL_SOCKET,
	.teardown = exchange,
	.protocol = PROTOCOL_HTTP,
};
