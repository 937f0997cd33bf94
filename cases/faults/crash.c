/* Test-only: a side that crashes with SIGSEGV in the middle of the cell. */
#include <signal.h>
#include <unistd.h>

#include "cases/case.h"

static void crash(struct peer *peer)
{
	peer_mark(peer, "@crash");
	signal(SIGSEGV, SIG_DFL);
	raise(SIGSEGV);
	_exit(4);   /* not reached */
}

static void serve(struct peer *server)
{
	peer_await(server, STEP_REQUEST_SENT);
	crash(server);
}

const struct mode mode_fault_crash = {
	.name = "fault-crash",
	.description = "test only: the client crashes (SIGSEGV) at its teardown",
	.traits = MODE_FAULT,
	.needs = STACK_PROCESS_END,
	.teardown = crash,
};

const struct pattern pattern_fault_crash = {
	.name = "fault-crash",
	.description = "test only: the server crashes (SIGSEGV) after the request arrived",
	.traits = PATTERN_FAULT,
	.needs = STACK_PROCESS_END,
	.serve = serve,
};
