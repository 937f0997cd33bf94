/* The stack protocol: how a side of a cell asks a TCP/IP implementation that
 * lives in another process (a stack server: F-Stack's FreeBSD stack, lwIP,
 * gVisor's netstack) to make its socket calls.  Modelled on gVisor's
 * packetimpact posix_server: the side never knows which stack answers.
 *
 * Transport.  The stack server listens on a Unix SOCK_SEQPACKET socket whose
 * path it is given (--socket PATH).  Each connection to it is a *session*:
 * one side of one cell.  A session sends one request, waits for its reply,
 * and so on; requests of one session are answered in order, but a session
 * whose call blocks (connect, accept, a blocking send or receive, a wait)
 * must never hold up another session.  Every stack socket belongs to the
 * session that created or accepted it (or took it, STACK_TAKE).  When a
 * session ends (its connection is closed, or its process died: EOF or
 * ECONNRESET on the Unix socket), the server cancels its pending call and
 * closes every socket it owns, in the order they were created -- what the
 * kernel does for a process that exits.
 *
 * Messages.  One request is one datagram: struct stack_request, then
 * payload_length bytes.  One reply is one datagram: struct stack_reply, then
 * payload_length bytes.  Both ends run on the same machine: fields are in the
 * machine's byte order (little-endian here), laid out exactly as below (no
 * hidden padding: every field is naturally aligned).  A payload is at most
 * STACK_PAYLOAD_MAX bytes.
 *
 * Numbers.  Address families, shutdown directions and errno values are
 * Linux's (AF_INET 2, AF_INET6 10, SHUT_RD 0, SHUT_WR 1, SHUT_RDWR 2,
 * ECONNRESET 104, EPIPE 32, EAGAIN 11, ...): a server whose stack uses other
 * numbers (FreeBSD's SO_ERROR) translates them.
 *
 * Command line of every stack server:
 *   SERVER --socket PATH --address4 10.99.K.2/24 --gateway4 10.99.K.1
 *          --address6 fd99:K::2/64 --gateway6 fd99:K::1 --work-directory DIR
 *          [--tap NAME]
 * (the stack's own addresses; the gateway is the kernel end of the TAP; DIR
 * is a private temporary directory for the server's files, removed by the
 * runner; --tap names the TAP device where the stack lets one choose).
 * The server runs in the runner's network namespace, where it creates its
 * TAP device.
 *
 * Start-up handshake, on the server's standard streams (one line each):
 *   server -> stdout  "tap NAME MAC\n"  its TAP device exists (NAME is the kernel's
 *                                      interface name, MAC the stack's own address,
 *                                      aa:bb:cc:dd:ee:ff)
 *   runner -> stdin   "go\n"           the kernel end of the TAP is configured
 *                                      (addresses, its own MAC, up, neighbour entry)
 *   server -> stdout  "ready\n"        the server accepts sessions
 * A server that cannot start writes one line saying why on stderr and exits
 * with status 2.  It exits with status 0 when its stdin reaches EOF (the
 * runner is done or gone), after closing what is left.
 */
#ifndef FINRST_STACK_PROTOCOL_H
#define FINRST_STACK_PROTOCOL_H

#include <stdint.h>

#define STACK_PROTOCOL_VERSION 1
#define STACK_PAYLOAD_MAX 65536

enum stack_operation {
	/* -> result 0, payload: one JSON object describing the stack:
	 * {"name": "freebsd", "implementation": "F-Stack 1.25",
	 *  "version": "FreeBSD 13.0 (__FreeBSD_version 1300139)",
	 *  "protocol": 1, "options": {"net.inet.tcp.msl": "30000", ...}}
	 * ("options": every setting that shapes TCP behaviour: sysctls, build
	 * options such as lwIP's lwipopts, with their values). */
	STACK_DESCRIBE = 1,
	/* family -> a new TCP socket's id (>= 0) */
	STACK_SOCKET = 2,
	/* socket, family, address, port -> 0; blocks until connected or failed */
	STACK_CONNECT = 3,
	/* socket, family, address (all zero: any), port (0: the stack picks),
	 * value[1] = backlog -> 0, extra = the port bound (bind + listen in one) */
	STACK_LISTEN = 4,
	/* socket (a listener) -> the accepted socket's id; blocks */
	STACK_ACCEPT = 5,
	/* socket -> 0: the socket now belongs to this session (a listener the
	 * runner made for a server side); -1 EBADF if there is no such socket */
	STACK_TAKE = 6,
	/* socket, amount, flags (STACK_NONBLOCKING, STACK_FILL), payload ->
	 * bytes sent.  Blocking: sends until all `amount` bytes are sent or a
	 * call fails; result is the bytes sent, with `error` set to the errno of
	 * the call that stopped it (0 when all were sent); -1 only when nothing
	 * was sent.  Non-blocking: sends what fits without waiting, same result
	 * rules (EAGAIN when the buffer was full).  STACK_FILL: no payload, send
	 * `amount` bytes of 'x'.  Never raises a signal (MSG_NOSIGNAL). */
	STACK_SEND = 7,
	/* socket, amount (at most STACK_PAYLOAD_MAX), flags (STACK_NONBLOCKING,
	 * STACK_PEEK, STACK_DISCARD) -> bytes received, 0 at end of stream, -1
	 * with errno.  One recv() call: returns what is there, up to amount.
	 * The bytes come as payload, unless STACK_DISCARD. */
	STACK_RECEIVE = 8,
	/* socket, value[0] = how (SHUT_RD 0, SHUT_WR 1, SHUT_RDWR 2) -> 0 / -1 */
	STACK_SHUTDOWN = 9,
	/* socket -> 0 / -1 (close() with the socket's linger setting: a lingering
	 * close blocks like the kernel's does) */
	STACK_CLOSE = 10,
	/* socket, value[0] = l_onoff, value[1] = l_linger (seconds) -> 0 / -1 */
	STACK_SET_LINGER = 11,
	/* socket -> 0, or -1 EOPNOTSUPP where the stack has no such option:
	 * hold what is sent until close() or shutdown(SHUT_WR) so that data and
	 * FIN leave together (Linux TCP_CORK, FreeBSD TCP_NOPUSH) */
	STACK_HOLD_UNTIL_CLOSE = 12,
	/* socket -> 0, or -1 EOPNOTSUPP: send any acknowledgement the stack is
	 * holding back (delayed ACK) now (Linux TCP_QUICKACK) */
	STACK_FLUSH_ACKNOWLEDGEMENTS = 13,
	/* socket -> bytes that have arrived and wait to be read (FIONREAD) */
	STACK_BYTES_UNREAD = 14,
	/* socket -> bytes sent but not yet acknowledged, FIN included where the
	 * stack counts it; -1 EOPNOTSUPP when the stack cannot tell */
	STACK_BYTES_UNACKNOWLEDGED = 15,
	/* socket, value[0] = condition (enum stack_wait), amount, value[1] =
	 * timeout in ms (-1: none) -> 0 when the condition holds, -1 ETIMEDOUT.
	 * extra = bytes unread at that moment; events = STACK_STATE_* bits. */
	STACK_WAIT = 16,
	/* socket -> 0; events = STACK_STATE_* bits now, extra = bytes unread;
	 * never blocks (a poll() with timeout 0) */
	STACK_STATE = 17,
};

enum stack_flag {
	STACK_NONBLOCKING = 1,  /* MSG_DONTWAIT */
	STACK_PEEK = 2,         /* MSG_PEEK */
	STACK_DISCARD = 4,      /* receive: do not send the bytes back */
	STACK_FILL = 8,         /* send: no payload, `amount` bytes of 'x' */
};

enum stack_wait {
	/* at least `amount` bytes unread (amount 0 counts as 1), or the
	 * peer's FIN or RST has arrived, or the socket has an error, or the
	 * stack will take no more (its receive window is closed: fewer bytes
	 * than `amount` fit).  Like poll() with SO_RCVLOWAT = amount on Linux,
	 * which also wakes when the window closes; the caller looks at `extra`
	 * (bytes unread) and waits again if it needs more. */
	STACK_WAIT_READABLE = 1,
	/* the peer's FIN or RST has arrived (POLLRDHUP | POLLHUP | POLLERR) */
	STACK_WAIT_HANGUP = 2,
	/* nothing sent is unacknowledged (FIN included where counted), or the
	 * connection failed or was reset */
	STACK_WAIT_ACKNOWLEDGED = 3,
	/* room in the send buffer (POLLOUT), or an error */
	STACK_WAIT_WRITABLE = 4,
};

enum stack_state {
	STACK_STATE_READABLE = 1,     /* recv would not block (data, EOF or error) */
	STACK_STATE_WRITABLE = 2,     /* send would not block */
	STACK_STATE_PEER_CLOSED = 4,  /* the peer's FIN has arrived (POLLRDHUP) */
	STACK_STATE_HANGUP = 8,       /* both directions are closed (POLLHUP) */
	STACK_STATE_ERROR = 16,       /* an error is pending (POLLERR), e.g. after RST */
};

struct stack_request {
	uint32_t operation;        /* enum stack_operation */
	int32_t socket;            /* the stack socket's id; -1 where none */
	int32_t family;            /* 2 (AF_INET) or 10 (AF_INET6) */
	uint32_t flags;            /* enum stack_flag bits */
	uint64_t amount;           /* bytes (send, receive, wait) */
	int32_t value[2];          /* per operation, see above */
	uint16_t port;             /* host byte order */
	uint16_t unused;           /* zero */
	uint32_t payload_length;   /* bytes that follow this header */
	uint8_t address[16];       /* IPv4 in the first 4 bytes, or IPv6; network order */
};                              /* 56 bytes */

struct stack_reply {
	int64_t result;            /* >= 0 success; -1 failure (see error) */
	int64_t extra;             /* per operation: the bound port, bytes unread */
	int32_t error;             /* Linux errno when result is -1 (and see STACK_SEND) */
	uint32_t events;           /* enum stack_state bits (STACK_WAIT, STACK_STATE) */
	uint32_t payload_length;   /* bytes that follow this header */
	uint32_t unused;           /* zero */
};                              /* 32 bytes */

#endif
