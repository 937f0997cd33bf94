/* The stack seam: the TCP/IP implementation one side's socket calls go to.
 * The host kernel (kernel_stack.c) is the default and the fast path; a stack
 * that runs in a process of its own (FreeBSD's via F-Stack, lwIP, gVisor's
 * netstack) is reached through the stack protocol (stack_protocol.h), whose
 * flags, wait conditions and states these calls share. The cases never
 * learn which stack answers: cases/peer.c makes every call through here.
 *
 * Every call returns -1 with errno (Linux's numbers) on failure, as the
 * POSIX call it stands for does. */
#ifndef FINRST_STACK_H
#define FINRST_STACK_H

#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>

#include "runners/stacks/stack_protocol.h"

/* What a case may need beyond socket calls (cases/case.h names it per mode
 * and pattern); a stack that cannot give it makes the cell skip, saying so. */
enum stack_ability {
	STACK_KERNEL_SOCKET = 1,     /* a kernel descriptor a library drives itself (libcurl) */
	STACK_SHARED_SOCKET = 2,     /* a descriptor two processes hold (fork) */
	STACK_PROCESS_END = 4,       /* the process's end closes its sockets (_exit, SIGKILL) */
	STACK_OWN_PROGRAM = 8,       /* another program's own calls (--client-cmd, the shipped clients) */
};

struct stack_calls {
	int (*socket)(void *context, int family);
	int (*connect)(void *context, int socket, const struct sockaddr *address, socklen_t size);
	int (*accept)(void *context, int listener);
	/* Sends `size` bytes (`bytes`, or 'x' filler when NULL), looping over
	 * partial sends; STACK_NONBLOCKING stops where the buffer is full.
	 * Returns the bytes sent with `stopped_by` the errno of the call that
	 * stopped short (0 when all went), or -1 when nothing was sent. */
	int64_t (*send)(void *context, int socket, const void *bytes, uint64_t size, unsigned flags,
			int *stopped_by);
	/* One recv(): into `buffer` (discarded when NULL), STACK_NONBLOCKING,
	 * STACK_PEEK. */
	ssize_t (*receive)(void *context, int socket, void *buffer, size_t size, unsigned flags);
	int (*shutdown)(void *context, int socket, int how);
	int (*close)(void *context, int socket);
	int (*set_linger)(void *context, int socket, int on, int seconds);
	/* TCP_CORK / TCP_NOPUSH: data and FIN leave together. */
	int (*hold_until_close)(void *context, int socket);
	/* Sends any held-back ACK now; -1 EOPNOTSUPP where the stack cannot. */
	int (*flush_acknowledgements)(void *context, int socket);
	int64_t (*bytes_unread)(void *context, int socket);
	/* Sent but not acknowledged, FIN included where counted; -1 if unknown. */
	int64_t (*bytes_unacknowledged)(void *context, int socket);
	/* Blocks until `condition` (enum stack_wait) holds; `state` gets the
	 * socket's STACK_STATE_* bits then. 0, or -1 with errno. */
	int (*wait)(void *context, int socket, enum stack_wait condition, uint64_t amount, unsigned *state);
};

struct stack {
	const char *name;              /* "kernel" for the host's own, "freebsd", "lwip", "gvisor" */
	const struct stack_calls *calls;
	void *context;                 /* the calls' own (a connection to a stack server) */
	unsigned abilities;            /* enum stack_ability bits */
};

/* The host kernel's stack: plain socket calls. */
const struct stack *kernel_stack(void);

/* Why `stack` cannot give what `needs` (enum stack_ability bits) asks, or
 * NULL when it can. */
const char *stack_lacks(const struct stack *stack, unsigned needs);

#endif
