#include "runners/model/cell.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

const char *family_name(int family)
{
	return family == AF_INET6 ? "ipv6" : "ipv4";
}

const char *verdict_name(enum verdict verdict)
{
	static const char *const names[] = { "pass", "fail", "xfail", "skip", "error" };
	return verdict <= VERDICT_ERROR ? names[verdict] : "?";
}

void cell_result_free(struct cell_result *result)
{
	segment_list_free(&result->segments);
	free(result->client_calls.items);
	free(result->server_calls.items);
	result->client_calls.items = result->server_calls.items = NULL;
}

void cell_result_reset(struct cell_result *result)
{
	struct cell cell = result->cell;
	cell_result_free(result);
	memset(result, 0, sizeof *result);
	result->cell = cell;
}
