#include "interruption.h"

#include <signal.h>
#include <string.h>

static volatile sig_atomic_t caught;

static void on_signal(int signal_number)
{
	caught = signal_number;
}

void interruption_watch(void)
{
	struct sigaction action;
	memset(&action, 0, sizeof action);
	action.sa_handler = on_signal;
	sigemptyset(&action.sa_mask);
	/* No SA_RESTART: poll() must return so the scheduler sees the signal. */
	sigaction(SIGINT, &action, NULL);
	sigaction(SIGTERM, &action, NULL);
}

int interruption_signal(void)
{
	return caught;
}

const char *interruption_name(void)
{
	return caught == SIGINT ? "SIGINT" : caught == SIGTERM ? "SIGTERM" : "a signal";
}
