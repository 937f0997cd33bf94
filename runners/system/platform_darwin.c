/* The OS seam on macOS. What differs from Linux, and why, is said where it
 * happens; the references are to XNU's bsd/ tree (apple-oss-distributions). */
#define _DARWIN_C_SOURCE 1   /* SO_NWRITE, TCP_CONNECTION_INFO, libproc */

#include "runners/system/platform.h"

#include <errno.h>
#include <libproc.h>
#include <mach/vm_inherit.h>   /* minherit takes the VM_ names here */
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/proc_info.h>
#include <sys/socket.h>
#include <signal.h>
#include <unistd.h>

/* The TCP states of netinet/tcp_fsm.h that mean "our FIN is sent and not yet
 * acknowledged"; the numbers are 4.4BSD's, shared by XNU and FreeBSD. */
enum { BSD_TCPS_FIN_WAIT_1 = 6, BSD_TCPS_CLOSING = 7, BSD_TCPS_LAST_ACK = 8 };

static int fin_unacknowledged(int state)
{
	return state == BSD_TCPS_FIN_WAIT_1 || state == BSD_TCPS_CLOSING || state == BSD_TCPS_LAST_ACK;
}

int64_t platform_bytes_unacknowledged(int fd)
{
#ifdef TCP_CONNECTION_INFO
	/* macOS 10.11 and later. tcp_usrreq.c tcp_connection_fill_info:
	 * tcpi_snd_sbbytes is so_snd.sb_cc (unsent plus unacknowledged data,
	 * as Linux's SIOCOUTQ) and tcpi_state is t_state, which tells whether a
	 * FIN is still unacknowledged. */
	struct tcp_connection_info info;
	socklen_t size = sizeof info;
	if (getsockopt(fd, IPPROTO_TCP, TCP_CONNECTION_INFO, &info, &size) == 0) {
		if (info.tcpi_snd_sbbytes > 0)
			return info.tcpi_snd_sbbytes;
		return fin_unacknowledged(info.tcpi_state) ? 1 : 0;
	}
#endif
	/* SO_NWRITE is the same so_snd.sb_cc, without the FIN. */
	int queued = 0;
	socklen_t length = sizeof queued;
	if (getsockopt(fd, SOL_SOCKET, SO_NWRITE, &queued, &length) != 0)
		return -1;
	return queued;
}

void platform_close_descriptors_from(int lowest)
{
	/* macOS has neither closefrom nor close_range. proc_pidinfo lists the
	 * descriptors that are open without opening one itself (as /dev/fd
	 * would), so only those are closed; a table too small for them all
	 * falls back to closing every number up to the descriptor limit. */
	static struct proc_fdinfo open_descriptors[4096];
	int bytes = proc_pidinfo(getpid(), PROC_PIDLISTFDS, 0, open_descriptors, sizeof open_descriptors);
	if (bytes > 0 && (size_t)bytes < sizeof open_descriptors) {
		for (size_t i = 0; i < (size_t)bytes / sizeof open_descriptors[0]; i++)
			if (open_descriptors[i].proc_fd >= lowest)
				close(open_descriptors[i].proc_fd);
		return;
	}
	long limit = sysconf(_SC_OPEN_MAX);
	for (long fd = lowest; fd < (limit > 0 && limit < 1048576 ? limit : 65536); fd++)
		close((int)fd);
}

int platform_flush_acknowledgements(int fd)
{
	/* XNU has no TCP_QUICKACK. TCP_SENDMOREACKS only turns off stretch ACKs
	 * (tcp_usrreq.c tcp_ctloutput: TF_NOSTRETCHACK); delayed ACKs are set
	 * system-wide by net.inet.tcp.delayed_ack. Half of the job can still be
	 * done: sogetopt takes the socket lock that tcp_input holds while it
	 * processes a segment, so a getsockopt waits for a segment being
	 * processed on another CPU. The delayed-ACK timer is left to run, and
	 * the call says so with -1. */
	int queued = 0;
	socklen_t length = sizeof queued;
	if (getsockopt(fd, SOL_SOCKET, SO_NWRITE, &queued, &length) != 0)
		return -1;
	errno = ENOTSUP;
	return -1;
}

void platform_keep_from_children(void *address, size_t size)
{
	minherit(address, size, VM_INHERIT_NONE);
}

void platform_die_with_parent(void)
{
	/* macOS has no parent-death signal (no PR_SET_PDEATHSIG, no
	 * PROC_PDEATHSIG_CTL). Each side runs in its own process group, which
	 * the runner kills at a cell's time limit and on SIGINT or SIGTERM; a
	 * runner killed with SIGKILL leaves its sides behind until their pipes
	 * to it close and their sockets' peers go. Only the race with a parent
	 * that is already gone can be caught here. */
	if (getppid() == 1)
		_exit(3);
}

short platform_hangup_events(void)
{
	/* No POLLRDHUP. XNU's poll sets POLLHUP on the read filter's EV_EOF
	 * (kern/sys_generic.c poll_callback), which the peer's FIN or RST
	 * raises, so a FIN is seen as on Linux. But poll registers its read
	 * filter one-shot: data that arrives while only POLLHUP is asked for
	 * fires it with no event reported, and a FIN after that wakes nobody. A
	 * wait for a hangup that sees data first then lasts until the cell's
	 * time limit, which makes the cell an error: a slower cell, never a
	 * wrong verdict. */
	return POLLHUP | POLLERR;
}

int platform_enter_private_network(char *error, size_t size)
{
	snprintf(error, size, "macOS has no network namespaces: using the host's lo0, "
		 "where capturing (BPF) needs root");
	return -1;
}

