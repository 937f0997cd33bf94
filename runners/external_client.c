#include "external_client.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "../cases/external/command_line.h"
#include "platform.h"
#include "side_program.h"

int external_client_prepare(struct external_client *client, const char *const *command, const char *program,
			    int family, uint16_t port, int watch, struct call_log *log)
{
	char port_text[8], url[80];
	snprintf(port_text, sizeof port_text, "%u", (unsigned)port);
	side_url(family, port, url, sizeof url);
	client->argv = command_line_substitute(command, side_loopback_host(family), port_text, url);
	if (!client->argv)
		return -1;
	if (program)
		client->argv[0] = (char *)program;
	if ((client->null = open("/dev/null", O_RDWR)) < 0) {
		free(client->argv);
		return -1;
	}
	client->watch = watch;
	client->log = log;
	snprintf(client->detail, sizeof client->detail, "%s (its calls are not observed)", client->argv[0]);
	return 0;
}

static void record_exec(struct call_log *log, const char *detail, int err)
{
	struct call *call = call_log_append(log, "exec", detail);
	call->ret = err ? -1 : 0;
	call->err = err;
}

/* SIGPIPE at its default, as a shell starts a program (finrst's sides and
 * the runner ignore it): a client that does not handle it dies of it here
 * as it would anywhere. */
void external_client_exec(void *argument)
{
	struct external_client *client = argument;
	int watch = fcntl(client->watch, F_DUPFD, 4);
	setpgid(0, 0);
	platform_die_with_parent();
	signal(SIGPIPE, SIG_DFL);
	if (watch < 0)
		_exit(2);
	dup2(client->null, 0);
	dup2(client->null, 1);
	dup2(client->null, 2);
	dup2(watch, 3);
	platform_close_descriptors_from(4);
	record_exec(client->log, client->detail, 0);
	execvp(client->argv[0], client->argv);
	record_exec(client->log, client->argv[0], errno);
	_exit(127);
}

void external_client_release(struct external_client *client)
{
	free(client->argv);
	close(client->null);
}
