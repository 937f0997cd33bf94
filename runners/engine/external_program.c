#include "runners/engine/external_program.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "runners/system/external_command.h"
#include "runners/system/platform.h"
#include "runners/engine/server_address.h"

char **external_program_command(const char *const *command, int family, uint16_t port)
{
	char port_text[8], url[80];
	snprintf(port_text, sizeof port_text, "%u", (unsigned)port);
	server_url(family, port, url, sizeof url);
	return command_line_substitute(command, server_host(family), port_text, url);
}

void external_program_exec(char **argv, int null, int keep, const char *detail, struct call_log *log)
{
	/* Above the standard streams first, which the dup2s below replace. */
	int kept = keep >= 0 ? fcntl(keep, F_DUPFD, 4) : -1;
	platform_die_with_parent();
	signal(SIGPIPE, SIG_DFL);
	if (keep >= 0 && kept < 0)
		_exit(2);
	dup2(null, 0);
	dup2(null, 1);
	dup2(null, 2);
	if (kept >= 0)
		dup2(kept, 3);
	platform_close_descriptors_from(kept >= 0 ? 4 : 3);
	if (detail)
		call_log_append(log, "exec", detail);
	execvp(argv[0], argv);
	struct call *call = call_log_append(log, "exec", argv[0]);
	call->ret = -1;
	call->err = errno;
	_exit(127);
}
