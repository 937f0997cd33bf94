#include "runners/engine/server_address.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

const char *server_host(int family)
{
	return family == AF_INET6 ? "::1" : "127.0.0.1";
}

void server_url(int family, uint16_t port, char *out, size_t size)
{
	snprintf(out, size, family == AF_INET6 ? "http://[::1]:%u/" : "http://127.0.0.1:%u/", (unsigned)port);
}

socklen_t server_address(int family, uint16_t port, struct sockaddr_storage *address)
{
	memset(address, 0, sizeof *address);
	if (family == AF_INET6) {
		struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)address;
		v6->sin6_family = AF_INET6;
		v6->sin6_addr = in6addr_loopback;
		v6->sin6_port = htons(port);
		return sizeof *v6;
	}
	struct sockaddr_in *v4 = (struct sockaddr_in *)address;
	v4->sin_family = AF_INET;
	v4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	v4->sin_port = htons(port);
	return sizeof *v4;
}
