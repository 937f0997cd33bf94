/* Linux: whether anything listens on a TCP port, read from /proc/net/tcp and
 * /proc/net/tcp6, which show the sockets of the reader's own network
 * namespace. Reading them sends nothing, so an external server can be waited
 * for without a connection attempt on the wire. */
#include "runners/system/platform.h"

#include <stdio.h>

#define TCP_STATE_LISTEN 0x0A

/* 1 when `table` has a listening socket on `port`, 0 when not, -1 when the
 * table cannot be read. Lines: "sl local_address rem_address st ...", the
 * addresses as HEX_ADDRESS:HEX_PORT. */
static int table_has_listener(const char *table, uint16_t port)
{
	FILE *file = fopen(table, "r");
	if (!file)
		return -1;
	char line[512];
	unsigned local_port, state;
	int found = 0;
	if (!fgets(line, sizeof line, file))   /* the header */
		line[0] = '\0';
	while (!found && fgets(line, sizeof line, file))
		if (sscanf(line, " %*u: %*[0-9A-Fa-f]:%x %*[0-9A-Fa-f]:%*x %x", &local_port, &state) == 2)
			found = local_port == port && state == TCP_STATE_LISTEN;
	fclose(file);
	return found;
}

/* Either table: a server asked for ::1 may still listen on an IPv4 or a
 * dual-stack socket; the port was free when picked, so any listener on it is
 * the server's. A missing table (IPv6 disabled) counts as no listener. */
int platform_port_listening(uint16_t port)
{
	int v4 = table_has_listener("/proc/net/tcp", port);
	int v6 = table_has_listener("/proc/net/tcp6", port);
	if (v4 < 0 && v6 < 0)
		return -1;
	return v4 > 0 || v6 > 0;
}
