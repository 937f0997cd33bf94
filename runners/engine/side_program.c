#include "runners/engine/side_program.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "runners/engine/external_server.h"
#include "runners/system/platform.h"
#include "runners/engine/server_address.h"

static int is_kept(int fd, const int *fds, int count)
{
	for (int i = 0; i < count; i++)
		if (fds[i] == fd)
			return 1;
	return 0;
}

/* The others are closed first: a runner near its descriptor limit (ulimit -n)
 * leaves a forked side no free number to move them through, and a side that
 * ran on with the runner's descriptors in their place would close its watch
 * pipe while still alive. */
void side_keep_only(int *fds, int count)
{
	int highest = 2, moved[8];
	for (int i = 0; i < count; i++)
		highest = fds[i] > highest ? fds[i] : highest;
	for (int fd = 3; fd < highest; fd++)
		if (!is_kept(fd, fds, count))
			close(fd);
	platform_close_descriptors_from(highest + 1);
	for (int i = 0; i < count; i++)
		if ((moved[i] = fcntl(fds[i], F_DUPFD, 3 + count)) < 0) {
			fprintf(stderr, "finrst: a forked side cannot move its %d descriptors above %d: %s\n",
				count, 2 + count, strerror(errno));
			_exit(2);
		}
	for (int i = 0; i < count; i++) {
		dup2(moved[i], 3 + i);
		fds[i] = 3 + i;
	}
	platform_close_descriptors_from(3 + count);
}

void side_become(void)
{
	setpgid(0, 0);
	platform_die_with_parent();
	signal(SIGPIPE, SIG_IGN);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
}

void side_serve(const struct side_assignment *assignment, struct call_log *log, int listener, int from_client,
		int to_client)
{
	struct peer server = { .socket = -1, .side = SIDE_SERVER, .log = log, .from_other = from_client,
			       .to_other = to_client, .to_runner = -1,
			       .other_is_external = assignment->mode->command != NULL };
	if (peer_accept(&server, listener) < 0)
		_exit(2);
	close(listener);
	server_run(assignment->pattern, &server);
}

void side_await_external_server(const struct side_assignment *assignment, struct call_log *log, int server_gone)
{
	if (external_server_await_listening(server_host(assignment->family), assignment->port, server_gone,
					    assignment->deadline_us, log) != 0)
		_exit(2);
	close(server_gone);
}

void side_run_client(const struct side_assignment *assignment, struct call_log *log, int from_server,
		     int to_server, int to_runner, int server_gone)
{
	struct sockaddr_storage address;
	socklen_t size = server_address(assignment->family, assignment->port, &address);
	struct peer client = { .socket = -1, .side = SIDE_CLIENT, .log = log, .from_other = from_server,
			       .to_other = to_server, .to_runner = to_runner,
			       .other_is_external = assignment->pattern->command != NULL };
	server_url(assignment->family, assignment->port, client.url, sizeof client.url);
	if (assignment->pattern->command)
		side_await_external_server(assignment, log, server_gone);
	/* An HTTP client (libcurl) connects by itself. */
	if (assignment->mode->protocol == PROTOCOL_SOCKET && peer_connect(&client, (struct sockaddr *)&address, size) < 0)
		_exit(2);
	client_run(assignment->mode, &client);
}
