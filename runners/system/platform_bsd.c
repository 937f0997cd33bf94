/* The OS seam's calls that FreeBSD and macOS make alike (both keep 4.4BSD's
 * socket layer): compiled with platform_freebsd.c or platform_darwin.c. */
#include "runners/system/platform.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

int64_t platform_bytes_unread(int fd)
{
	int bytes = 0;
	/* FIONREAD: the bytes in so_rcv (FreeBSD soo_ioctl: sbavail), as SIOCINQ on Linux. */
	if (ioctl(fd, FIONREAD, &bytes) < 0)
		return -1;
	return bytes;
}

/* libpcap reads BPF here (read(2)), with no ring mapped into the process. */
void platform_keep_mapping_from_children(int fd)
{
	(void)fd;
}

/* A vfork() child may not call functions; a fork() costs more and does the same. */
pid_t platform_spawn(void (*child)(void *), void *argument)
{
	pid_t pid = fork();
	if (pid == 0) {
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		child(argument);
		_exit(127);
	}
	return pid;
}

int platform_prepare_socket(int fd)
{
	/* FreeBSD has MSG_NOSIGNAL too (sousrsend), macOS only from 11
	 * (xnu-7195) and only for send/sendto/sendmsg; SO_NOSIGPIPE covers
	 * every release of both, and write(2). */
	int one = 1;
	return setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, sizeof one);
}

const char *platform_loopback_interface(void)
{
	return "lo0";
}

int platform_hold_until_close(int fd)
{
	int one = 1;
	return setsockopt(fd, IPPROTO_TCP, TCP_NOPUSH, &one, sizeof one);
}

/* No /proc/net/tcp here; net.inet.tcp.pcblist would tell, but is not read
 * yet: --server-cmd cells are skipped with the reason. */
int platform_port_listening(uint16_t port)
{
	(void)port;
	return -1;
}
