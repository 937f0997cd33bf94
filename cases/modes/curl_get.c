#include "cases/case.h"
#include "cases/http/curl_exchange.h"

static void exchange(struct peer *client)
{
	struct curl_exchange curl;
	if (curl_exchange_begin(&curl, client) == 0)
		curl_exchange_perform(&curl);
	curl_exchange_end(&curl);
}

const struct mode mode_curl_get = {
	.name = "curl-get",
	.description = "libcurl: GET, the whole body, curl_easy_cleanup",
	.needs = STACK_KERNEL_SOCKET,
	.teardown = exchange,
	.protocol = PROTOCOL_HTTP,
};
