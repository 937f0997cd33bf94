#include <sys/wait.h>
#include <unistd.h>

#include "cases/case.h"

/* A forked copy holds the descriptor until the server has looked at the
 * connection after the first close(), then closes it: only that last close
 * may put anything on the wire. The two processes never log at once. */
static void teardown(struct peer *client)
{
	int go[2];
	if (pipe(go) != 0)
		_exit(2);
	pid_t copy = fork();
	if (copy < 0)
		_exit(2);
	if (copy == 0) {
		char byte;
		close(go[1]);
		if (read(go[0], &byte, 1) == 1)
			peer_close(client);
		_exit(0);
	}
	close(go[0]);
	peer_close(client);
	peer_tell(client, STEP_TEARDOWN_DONE, WAIT_NOTHING);
	peer_await(client, STEP_SERVER_ACTED);
	peer_mark(client, "@last-close");
	if (write(go[1], "g", 1) != 1)
		_exit(2);
	close(go[1]);
	waitpid(copy, NULL, 0);
}

const struct mode mode_close_shared = {
	.name = "close-shared",
	.description = "close() in one process while a forked copy still holds the descriptor",
	.traits = 0,
	.needs = STACK_SHARED_SOCKET,
	.teardown = teardown,
};
