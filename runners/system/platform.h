/* The seam between finrst and the operating system: every call whose name or
 * meaning differs between Linux, FreeBSD and macOS lives behind it, one file
 * per platform (platform_linux.c, ...). */
#ifndef FINRST_PLATFORM_H
#define FINRST_PLATFORM_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Bytes that have arrived and wait to be read (SIOCINQ / FIONREAD). */
int64_t platform_bytes_unread(int fd);
/* Bytes sent but not yet acknowledged by the peer, FIN included where the
 * platform counts it (SIOCOUTQ / TCP_INFO); -1 when unknown. */
int64_t platform_bytes_unacknowledged(int fd);
/* Closes every descriptor from `lowest` up: a forked side must hold nothing
 * of other cells, or their pipes never see end-of-file. */
void platform_close_descriptors_from(int lowest);
/* Sends now any acknowledgement the kernel is holding back (delayed ACK), and
 * waits for segments being processed on another CPU: after it, this side's
 * kernel has no reaction to earlier segments still to come. 0, or -1 where
 * the platform has no such control. */
int platform_flush_acknowledgements(int fd);
/* Leaves the page-aligned range out of every process forked after this:
 * memory only the runner uses, which a fork would otherwise share
 * copy-on-write, making the runner's next write to each page a fault
 * (MADV_DONTFORK; minherit INHERIT_NONE on the BSDs). */
void platform_keep_from_children(void *address, size_t size);
/* The same for the memory a descriptor has mapped into this process (a
 * packet socket's capture ring, which libpcap maps and does not expose);
 * nothing where captures are read() rather than mapped. */
void platform_keep_mapping_from_children(int fd);
/* Makes the calling (forked) process die with its parent, so that no side
 * outlives a runner that was killed. */
void platform_die_with_parent(void);
/* Starts `child(argument)` in a new process that borrows this one's memory
 * until it calls exec or _exit, this process waiting meanwhile (vfork: on
 * Linux clone(CLONE_VM | CLONE_VFORK)): starting a program then copies none
 * of the runner's page tables, and costs the runner no copy-on-write fault
 * afterwards. `child` starts with every signal handler reset to default and
 * the caller's signal mask; it may only make system calls and write memory
 * the runner expects it to (a call log), and must exec or _exit. Where the
 * platform has no such clone, a fork(). The child's pid, or -1 with errno. */
pid_t platform_spawn(void (*child)(void *), void *argument);
/* Holds what is sent on `fd` until close() or shutdown(SHUT_WR) (TCP_CORK,
 * TCP_NOPUSH), so data and FIN leave together. 0, or -1 where the platform cannot. */
int platform_hold_until_close(int fd);
/* poll() events meaning "the peer's FIN or RST has arrived". */
short platform_hangup_events(void);
/* Moves this process into a network namespace of its own (with a user
 * namespace when not root) with loopback up. 0, or -1 with the reason. */
int platform_enter_private_network(char *error, size_t size);
/* The operating system's name and release, e.g. "Linux", "6.1.0". */
void platform_describe(char *system, int system_size, char *release, int release_size,
		       char *machine, int machine_size);

/* Appended for FreeBSD and macOS (platform_freebsd.c, platform_darwin.c). */

/* Readies a connected or accepted socket for the cases: on FreeBSD and macOS
 * SO_NOSIGPIPE, so that a send() after the peer's reset returns EPIPE instead
 * of raising SIGPIPE even where MSG_NOSIGNAL is missing; nothing on Linux.
 * 0, or -1 with errno. */
int platform_prepare_socket(int fd);
/* The loopback interface to capture on: "lo" on Linux, "lo0" on the BSDs. */
const char *platform_loopback_interface(void);

/* Whether a socket listens on TCP `port` here (in this network namespace),
 * found without touching the port: a connection attempt, even a refused one,
 * would put segments on the wire that the cell's capture claims. 1 yes, 0
 * not yet, -1 where the platform cannot tell (then --server-cmd cells are
 * skipped with the reason). */
int platform_port_listening(uint16_t port);

/* Older macOS SDKs have no MSG_NOSIGNAL; there SO_NOSIGPIPE, set by
 * platform_prepare_socket, keeps send() from raising SIGPIPE, so the flag may
 * be 0. Defined here so that the cases need no #ifdef of their own. */
#include <sys/socket.h>
#ifndef MSG_NOSIGNAL
#define MSG_NOSIGNAL 0
#endif

#endif
