/* The OS seam on FreeBSD. What differs from Linux, and why, is said where it
 * happens; the references are to FreeBSD's sys/ tree (main, 2024-25). */
#include "runners/system/platform.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/filio.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <sys/wait.h>     /* idtype_t P_PID, for procctl */
#include <sys/procctl.h>
#include <sys/socket.h>
#include <unistd.h>

/* The TCP states of netinet/tcp_fsm.h that mean "our FIN is sent and not yet
 * acknowledged"; the numbers are 4.4BSD's, shared by FreeBSD and XNU. */
enum { BSD_TCPS_FIN_WAIT_1 = 6, BSD_TCPS_CLOSING = 7, BSD_TCPS_LAST_ACK = 8 };

int64_t platform_bytes_unacknowledged(int fd)
{
	int queued = 0;
	struct tcp_info info;
	socklen_t size = sizeof info;
	/* FIONWRITE is sbavail(&so->so_snd): a TCP send buffer keeps data until
	 * it is acknowledged, so this is unsent plus unacknowledged bytes, like
	 * Linux's SIOCOUTQ. */
	if (ioctl(fd, FIONWRITE, &queued) < 0)
		return -1;
	if (queued > 0)
		return queued;
	/* A FIN in flight is not in the buffer; the state says whether it is
	 * still unacknowledged (tcp_usrreq.c tcp_fill_info: tcpi_state is
	 * t_state). Without TCP_INFO nothing more is known. */
	if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &size) != 0)
		return 0;
	return info.tcpi_state == BSD_TCPS_FIN_WAIT_1 || info.tcpi_state == BSD_TCPS_CLOSING ||
			       info.tcpi_state == BSD_TCPS_LAST_ACK
		       ? 1
		       : 0;
}

void platform_close_descriptors_from(int lowest)
{
	closefrom(lowest);
}

int platform_flush_acknowledgements(int fd)
{
	/* FreeBSD's default stack has no TCP_QUICKACK and no other per-socket
	 * way to send a held-back ACK now: TCP_DELACK exists only for the RACK
	 * and BBR stacks (tcp_stacks/rack.c rack_set_sockopt), and
	 * net.inet.tcp.delayed_ack is system-wide. Half of the job can still be
	 * done: tcp_ctloutput takes the inpcb lock that tcp_input holds while it
	 * processes a segment, so a getsockopt waits for a segment being
	 * processed on another CPU. The delayed-ACK timer is left to run, and
	 * the call says so with -1. */
	struct tcp_info info;
	socklen_t size = sizeof info;
	if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &size) != 0)
		return -1;
	errno = EOPNOTSUPP;
	return -1;
}

void platform_keep_from_children(void *address, size_t size)
{
	minherit(address, size, INHERIT_NONE);
}

void platform_die_with_parent(void)
{
	pid_t parent = getppid();
#ifdef PROC_PDEATHSIG_CTL
	/* FreeBSD 11.2 and later: the Linux PR_SET_PDEATHSIG, by procctl(2). */
	int signal_number = SIGKILL;
	procctl(P_PID, 0, PROC_PDEATHSIG_CTL, &signal_number);
#endif
	if (getppid() != parent)   /* the parent died before procctl took effect */
		_exit(3);
}

short platform_hangup_events(void)
{
#ifdef POLLRDHUP
	/* sys/poll.h: POLLRDHUP "half shut down", as on Linux. */
	return POLLRDHUP | POLLHUP | POLLERR;
#else
	/* Older FreeBSD: POLLHUP is reported once the socket can neither
	 * receive nor send, which the peer's FIN alone does not cause while our
	 * side is still open. A wait for a hangup then lasts until an RST, our
	 * own shutdown, or the cell's time limit, which makes the cell an error:
	 * a slower cell, never a wrong verdict. */
	return POLLHUP | POLLERR;
#endif
}

int platform_enter_private_network(char *error, size_t size)
{
	/* VNET jails would give a private loopback, but creating one needs root
	 * and jail(8) set-up; there are no unprivileged network namespaces. The
	 * run uses the host's lo0, where capture through BPF needs root too. */
	snprintf(error, size, "FreeBSD has no unprivileged network namespaces: using the host's lo0, "
		 "where capturing (BPF) needs root");
	return -1;
}

