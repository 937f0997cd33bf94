#include "runners/command_line/external_options.h"

#include <stdlib.h>
#include <string.h>

#include "cases/case.h"
#include "runners/system/external_command.h"
#include "runners/command_line/commands.h"

int external_option_use(const char *option, const char *command_line)
{
	/* The registry keeps pointers into these until the process ends; a
	 * repeated option replaces the earlier one. */
	static char **client_command, **server_command;
	int server = strcmp(option, "--server-cmd") == 0;
	char error[256];
	char **argv = command_line_split(command_line, error, sizeof error);
	if (!argv)
		return usage_error("%s: %s", option, error);
	/* A program named on the command line that is not there is a mistake to
	 * say at once (exit 2), not a run of cells that all skip. The shipped
	 * programs (python3, curl) do skip where they are missing. */
	if (!command_line_program_exists(argv[0])) {
		int status = usage_error("%s: no program '%s' %s", option, argv[0],
					 strchr(argv[0], '/') ? "can be run there" : "in PATH");
		free(argv);
		return status;
	}
	free(server ? server_command : client_command);
	if (server) {
		server_command = argv;
		registry_use_server_command((const char *const *)argv);
	} else {
		client_command = argv;
		registry_use_client_command((const char *const *)argv);
	}
	return 0;
}
