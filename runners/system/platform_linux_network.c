/* A private network namespace for the run: its own loopback, where nothing
 * else on the machine sends, where an unprivileged user may capture (inside
 * a user namespace), and whose loopback routes acknowledge at once
 * (RTAX_QUICKACK), so that no delayed-ACK timer decides what a cell's wire
 * looks like. */
#include <errno.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "runners/system/platform.h"

struct route_request {
	struct nlmsghdr header;
	struct rtmsg route;
	char attributes[256];
};

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t written = write(fd, text, strlen(text));
	int saved = errno;
	close(fd);
	errno = saved;
	return written == (ssize_t)strlen(text) ? 0 : -1;
}

/* Maps the caller to root inside a new user namespace, which owns the new
 * network namespace: that is what lets libpcap capture there. */
static int map_to_root(uid_t uid, gid_t gid)
{
	char map[64];
	snprintf(map, sizeof map, "0 %u 1\n", (unsigned)uid);
	if (write_file("/proc/self/uid_map", map) != 0)
		return -1;
	if (write_file("/proc/self/setgroups", "deny") != 0 && errno != ENOENT)
		return -1;
	snprintf(map, sizeof map, "0 %u 1\n", (unsigned)gid);
	return write_file("/proc/self/gid_map", map);
}

static int bring_loopback_up(void)
{
	struct ifreq request = { 0 };
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	snprintf(request.ifr_name, sizeof request.ifr_name, "lo");
	int status = ioctl(fd, SIOCGIFFLAGS, &request);
	if (status == 0) {
		request.ifr_flags |= IFF_UP | IFF_RUNNING;
		status = ioctl(fd, SIOCSIFFLAGS, &request);
	}
	int saved = errno;
	close(fd);
	errno = saved;
	return status;
}

static struct rtattr *add_attribute(struct route_request *request, unsigned short type,
				    const void *data, size_t length)
{
	struct rtattr *attribute = (struct rtattr *)((char *)request + NLMSG_ALIGN(request->header.nlmsg_len));
	attribute->rta_type = type;
	attribute->rta_len = (unsigned short)RTA_LENGTH(length);
	if (data)
		memcpy(RTA_DATA(attribute), data, length);
	request->header.nlmsg_len = NLMSG_ALIGN(request->header.nlmsg_len) + RTA_ALIGN(attribute->rta_len);
	return attribute;
}

/* Sends one request and reads its acknowledgement; 0 or -1 with errno. */
static int talk_to_kernel(int fd, struct route_request *request)
{
	char reply[1024];
	if (send(fd, request, request->header.nlmsg_len, 0) < 0)
		return -1;
	ssize_t got = recv(fd, reply, sizeof reply, 0);
	if (got < (ssize_t)sizeof(struct nlmsghdr))
		return -1;
	struct nlmsghdr *header = (struct nlmsghdr *)reply;
	if (header->nlmsg_type != NLMSG_ERROR)
		return 0;
	int err = -((struct nlmsgerr *)NLMSG_DATA(header))->error;
	errno = err;
	return err ? -1 : 0;
}

static void prepare_route(struct route_request *request, int family, unsigned short type, unsigned flags)
{
	memset(request, 0, sizeof *request);
	request->header.nlmsg_len = NLMSG_LENGTH(sizeof request->route);
	request->header.nlmsg_type = type;
	request->header.nlmsg_flags = (unsigned short)(NLM_F_REQUEST | NLM_F_ACK | flags);
	request->route.rtm_family = (unsigned char)family;
	request->route.rtm_dst_len = family == AF_INET ? 32 : 128;
	request->route.rtm_table = RT_TABLE_LOCAL;
	request->route.rtm_protocol = RTPROT_KERNEL;
	request->route.rtm_scope = RT_SCOPE_HOST;
	request->route.rtm_type = RTN_LOCAL;
}

static void add_route_body(struct route_request *request, const void *address, size_t length, int with_source,
			   int loopback)
{
	add_attribute(request, RTA_DST, address, length);
	if (with_source)
		add_attribute(request, RTA_PREFSRC, address, length);
	add_attribute(request, RTA_OIF, &loopback, sizeof loopback);
	struct rtattr *metrics = add_attribute(request, RTA_METRICS, NULL, 0);
	unsigned quickack = 1;
	add_attribute(request, RTAX_QUICKACK, &quickack, sizeof quickack);
	metrics->rta_len = (unsigned short)((char *)request + request->header.nlmsg_len - (char *)metrics);
}

/* 127.0.0.1 and ::1 as local routes that acknowledge every segment at once.
 * IPv6 will not replace its kernel route in place: delete, then add. */
static int make_loopback_quickack(void)
{
	struct route_request request;
	struct in_addr v4 = { htonl(INADDR_LOOPBACK) };
	/* if_nametoindex() opens a socket of its own: asked first, so that a
	 * failure (no descriptor left) is its own errno, not a route to
	 * interface 0 refused with ENODEV. */
	int loopback = (int)if_nametoindex("lo");
	if (loopback == 0)
		return -1;
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0)
		return -1;
	prepare_route(&request, AF_INET, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_REPLACE);
	add_route_body(&request, &v4, sizeof v4, 1, loopback);
	int status = talk_to_kernel(fd, &request);
	if (status == 0) {
		prepare_route(&request, AF_INET6, RTM_DELROUTE, 0);
		add_attribute(&request, RTA_DST, &in6addr_loopback, sizeof in6addr_loopback);
		talk_to_kernel(fd, &request);
		prepare_route(&request, AF_INET6, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL);
		add_route_body(&request, &in6addr_loopback, sizeof in6addr_loopback, 0, loopback);
		status = talk_to_kernel(fd, &request);
	}
	int saved = errno;
	close(fd);
	errno = saved;
	return status;
}

/* Test-only: FINRST_TEST_NO_USER_NAMESPACES refuses a user namespace as a
 * system that allows none does (EPERM), so that finrst's own tests reach the
 * run without capture on a machine that allows them. */
static int unshare_namespaces(int flags)
{
	if ((flags & CLONE_NEWUSER) && getenv("FINRST_TEST_NO_USER_NAMESPACES")) {
		errno = EPERM;
		return -1;
	}
	return unshare(flags);
}

int platform_enter_private_network(char *error, size_t size)
{
	uid_t uid = geteuid();
	gid_t gid = getegid();
	int flags = CLONE_NEWNET | (uid != 0 ? CLONE_NEWUSER : 0);
	const char *step = "cannot create a private network namespace";
	if (unshare_namespaces(flags) != 0)
		goto failed;
	step = "cannot map the user into its namespace";
	if (uid != 0 && map_to_root(uid, gid) != 0)
		goto failed;
	step = "cannot bring up the private loopback";
	if (bring_loopback_up() != 0)
		goto failed;
	step = "cannot set the private loopback's routes to acknowledge at once";
	if (make_loopback_quickack() != 0)
		goto failed;
	return 0;
failed:
	snprintf(error, size, "%s: %s", step, strerror(errno));
	return -1;
}
