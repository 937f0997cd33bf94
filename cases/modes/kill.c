#include "cases/case.h"

static void teardown(struct peer *client)
{
	peer_ask_to_be_killed(client);
}

const struct mode mode_kill = {
	.name = "kill",
	.description = "the client is SIGKILLed from outside mid-connection",
	.traits = 0,
	.needs = STACK_PROCESS_END,
	.teardown = teardown,
};
