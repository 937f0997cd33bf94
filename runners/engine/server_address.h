/* Where a cell's server listens and its client connects: loopback, in
 * the run's network. */
#ifndef FINRST_SERVER_ADDRESS_H
#define FINRST_SERVER_ADDRESS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

/* 127.0.0.1 or ::1 at `port`, in `address`; returns its size. */
socklen_t server_address(int family, uint16_t port, struct sockaddr_storage *address);
/* "127.0.0.1" or "::1" */
const char *server_host(int family);
/* "http://127.0.0.1:PORT/" or "http://[::1]:PORT/" */
void server_url(int family, uint16_t port, char *out, size_t size);

#endif
