/* A peer is one side of a cell's connection as a mode or a pattern sees it:
 * its socket on its stack, the log its calls are recorded in, and the pipes
 * that order its steps against the other side's.  Every socket call a case
 * makes goes through a peer_* function, so that it is observed and goes to
 * the side's stack (runners/stacks/stack.h): no case touches the socket. */
#ifndef FINRST_PEER_H
#define FINRST_PEER_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>

#include "runners/model/observations.h"
#include "runners/model/segments.h"
#include "runners/stacks/stack.h"

#define REQUEST_BYTES 1000
#define RESPONSE_BYTES 1000
#define WRITE_LOOP_LIMIT 16
/* Sized to exceed loopback's default socket buffers together. */
#define BIG_TRANSFER_BYTES (16u << 20)

/* The steps the two sides tell each other about, in this order. */
enum step {
	STEP_REQUEST_SENT = 1, /* client → server: the request is on its way */
	STEP_READY,            /* server → client: the pattern waits for the teardown */
	STEP_TEARDOWN_DONE,    /* client → server: the mode's teardown calls returned */
	STEP_SERVER_ACTED,     /* server → client: the pattern's response to the teardown is done */
	STEP_PROGRESS,         /* client → server: an HTTP client consumed what was sent so far */
};

/* What the receiver of a step waits for on its own socket before going on:
 * the kernel state the step's calls produce, so that no side acts on a
 * segment still in flight. */
enum wait_for {
	WAIT_NOTHING = 0,
	WAIT_DATA = 1,         /* all bytes the other side sent have arrived */
	WAIT_HANGUP = 2,       /* the other side's FIN or RST has arrived */
};

enum read_end { READ_END_NONE, READ_END_EOF, READ_END_ERROR, READ_END_BLOCKED };

struct peer {
	const struct stack *stack;  /* where its calls go; NULL: the host kernel's */
	int socket;                 /* the stack's socket; -1 before connect/accept and after close */
	enum side side;
	struct call_log *log;
	int to_other, from_other;   /* sync pipes with the other side */
	int to_runner;              /* lets a mode ask the runner to kill it */
	int other_gone;             /* the other side's process has exited */
	int other_is_external;      /* the other side is a program that does not speak steps */
	char url[80];               /* http://127.0.0.1:PORT/ or http://[::1]:PORT/ */
	uint64_t bytes_sent, bytes_read;
	uint64_t other_bytes_sent;  /* what the other side had sent at its last step */
	enum read_end read_end;     /* how the last read that did not return data ended */
	int read_errno;
};

/* Steps. */
void peer_tell(struct peer *peer, enum step step, unsigned wait_for);
/* Reads steps until `step` (earlier ones are passed over) and does that step's
 * waiting. Returns 0, or -1 when the other side's process is gone first, in
 * which case a hangup is waited for. */
int peer_await(struct peer *peer, enum step step);

/* Reads steps until one in the bit set `steps` (1 << step) and does its
 * waiting; returns that step, or -1 as peer_await does. */
int peer_await_any(struct peer *peer, unsigned steps);

/* Connection set-up, observed like the rest. */
int peer_connect(struct peer *peer, const struct sockaddr *address, socklen_t size);
int peer_accept(struct peer *peer, int listener);

/* Socket calls, each observed. Sends use MSG_NOSIGNAL. */
ssize_t peer_send(struct peer *peer, size_t bytes);
/* Sends without blocking until the send buffer is full; returns bytes sent. */
uint64_t peer_send_until_full(struct peer *peer, uint64_t limit);
/* One blocking recv into `buffer`, observed; returns what recv returned. */
ssize_t peer_receive(struct peer *peer, void *buffer, size_t size);
/* Sends exactly these bytes (blocking), observed with `detail`. */
ssize_t peer_send_bytes(struct peer *peer, const void *bytes, size_t size, const char *detail);
/* Records a call a library made on the side's behalf (libcurl). */
void peer_record(struct peer *peer, const char *name, const char *detail, int64_t ret, int err, uint64_t bytes);
/* Reads what has arrived, without blocking; stops at EOF, error or EAGAIN. */
enum read_end peer_read_available(struct peer *peer);
/* The same, once every byte the other side had sent at its last step was
 * read, or its FIN or RST came: how the reads end is then a fact of the
 * stream, not of how much was still in flight (a slow machine's softirq). */
enum read_end peer_read_all_sent(struct peer *peer);
/* Reads until `bytes` more have been read, EOF or error. */
enum read_end peer_read_bytes(struct peer *peer, uint64_t bytes);
/* Reads until EOF or error (the wait is bounded by the cell's time limit). */
enum read_end peer_read_to_end(struct peer *peer);
/* Copies up to `size` bytes that have arrived into `buffer` without reading
 * them (MSG_PEEK, not observed: looking changes nothing on the wire). */
ssize_t peer_peek(struct peer *peer, void *buffer, size_t size);
/* Bytes that have arrived and wait to be read (not observed). */
int64_t peer_bytes_unread(struct peer *peer);
/* Waits, without reading, until more than `bytes` sit unread or the
 * connection ended (not observed). Returns the bytes unread then. */
int64_t peer_wait_more_than(struct peer *peer, int64_t bytes);
/* Holds what is sent until close() (TCP_CORK / TCP_NOPUSH) so that data and
 * FIN leave together (not observed). 0, or -1 where the stack cannot. */
int peer_hold_until_close(struct peer *peer);
/* A kernel socket for a library that makes its own calls on it (libcurl),
 * observed as opened; only on the host kernel's stack. Returns it, or -1. */
int peer_open_library_socket(struct peer *peer, int family, int type, int protocol, const char *detail);
/* Waits until the other side's FIN or RST has arrived (not observed). */
void peer_wait_hangup(struct peer *peer);
int peer_close(struct peer *peer);
int peer_shutdown(struct peer *peer, int how);
int peer_set_linger(struct peer *peer, int on, int seconds);
/* Waits until everything sent is acknowledged, or the connection failed. */
void peer_wait_acknowledged(struct peer *peer);
/* Waits, without reading, until at least `bytes` sit unread in the receive
 * buffer, or the connection ended. Returns the bytes unread then. */
int64_t peer_wait_unread(struct peer *peer, int bytes);
/* The byte a side writes to the runner to be killed; anything else it
 * writes there (a worker's "done") is not a request. */
#define PEER_KILL_REQUEST 'K'
/* Asks the runner to SIGKILL this process, and waits for it. */
void peer_ask_to_be_killed(struct peer *peer) __attribute__((noreturn));
void peer_mark(struct peer *peer, const char *phase);

#endif
