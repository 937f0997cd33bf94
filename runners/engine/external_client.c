#include "runners/engine/external_client.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "runners/engine/external_program.h"

int external_client_prepare(struct external_client *client, const char *const *command, const char *program,
			    int family, uint16_t port, int watch, struct call_log *log)
{
	client->argv = external_program_command(command, family, port);
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

void external_client_exec(void *argument)
{
	struct external_client *client = argument;
	setpgid(0, 0);
	external_program_exec(client->argv, client->null, client->watch, client->detail, client->log);
}

void external_client_release(struct external_client *client)
{
	free(client->argv);
	close(client->null);
}

int external_client_gone_text(int status, uint16_t port, char *out, size_t size)
{
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
		snprintf(out, size, "the client program could not be run (exit status 127)");
		return 1;
	}
	if (WIFEXITED(status))
		snprintf(out, size, "the client program exited (status %d) without connecting: no segment to port %u was seen",
			 WEXITSTATUS(status), (unsigned)port);
	else
		snprintf(out, size,
			 "the client program was killed by signal %d without connecting: no segment to port %u was seen",
			 WTERMSIG(status), (unsigned)port);
	return 0;
}

int external_client_note_exit(struct call_list *client_calls, int status, int64_t t_us)
{
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		return 0;
	call_list_append(client_calls, "exit", "the external client's exit status", t_us,
			 WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
	return 1;
}
