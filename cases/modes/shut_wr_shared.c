#include <sys/wait.h>
#include <unistd.h>

#include "cases/case.h"

/* shutdown() acts on the connection, not on the descriptor: a forked copy's
 * SHUT_WR ends the connection's sending for this process too. */
static void teardown(struct peer *client)
{
	pid_t copy = fork();
	if (copy < 0)
		_exit(2);
	if (copy == 0) {
		peer_shutdown(client, SHUT_WR);
		_exit(0);
	}
	waitpid(copy, NULL, 0);
	peer_tell(client, STEP_TEARDOWN_DONE, WAIT_HANGUP);
	peer_read_to_end(client);
	peer_close(client);
}

const struct mode mode_shut_wr_shared = {
	.name = "shut-wr-shared",
	.description = "shutdown(SHUT_WR) in a forked copy acts on the connection for both",
	.traits = 0,
	.needs = STACK_SHARED_SOCKET,
	.teardown = teardown,
};
