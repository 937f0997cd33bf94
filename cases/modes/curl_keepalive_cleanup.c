#include "cases/case.h"
#include "cases/http/curl_exchange.h"

/* Two requests on one kept-alive connection; curl_easy_cleanup closes it. */
static void exchange(struct peer *client)
{
	struct curl_exchange curl;
	if (curl_exchange_begin(&curl, client) == 0 && curl_exchange_perform(&curl) == CURLE_OK)
		curl_exchange_perform(&curl);
	curl_exchange_end(&curl);
}

const struct mode mode_curl_keepalive_cleanup = {
	.name = "curl-keepalive-cleanup",
	.description = "libcurl: two GETs on one connection, then curl_easy_cleanup",
	.needs = STACK_KERNEL_SOCKET,
	.teardown = exchange,
	.protocol = PROTOCOL_HTTP,
};
