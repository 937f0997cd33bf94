#include "runners/system/interruption.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t caught;
/* A byte written here wakes the scheduler's poll(): a signal that arrives
 * just before poll() is entered would not interrupt it, and the run would go
 * on until the next cell's event or time limit. */
static volatile sig_atomic_t wake_write_end = -1;
static int wake_pipe[2] = { -1, -1 };

static void on_signal(int signal_number)
{
	int saved = errno;
	caught = signal_number;
	if (wake_write_end >= 0 && write(wake_write_end, "!", 1) < 0) {
		/* Full already: the scheduler is woken anyway. */
	}
	errno = saved;
}

static void open_wake_pipe(void)
{
	if (wake_pipe[0] >= 0 || pipe(wake_pipe) != 0)
		return;   /* without it (no descriptor left) poll()'s EINTR still tells */
	for (int i = 0; i < 2; i++) {
		fcntl(wake_pipe[i], F_SETFL, fcntl(wake_pipe[i], F_GETFL) | O_NONBLOCK);
		fcntl(wake_pipe[i], F_SETFD, FD_CLOEXEC);
	}
	wake_write_end = wake_pipe[1];
}

void interruption_watch(void)
{
	struct sigaction action;
	open_wake_pipe();
	memset(&action, 0, sizeof action);
	action.sa_handler = on_signal;
	sigemptyset(&action.sa_mask);
	/* No SA_RESTART: poll() must return so the scheduler sees the signal. */
	sigaction(SIGINT, &action, NULL);
	sigaction(SIGTERM, &action, NULL);
}

int interruption_wakeup_fd(void)
{
	return wake_pipe[0];
}

void interruption_stop_waking(void)
{
	wake_write_end = -1;   /* first, so the handler never writes to a closed number */
	for (int i = 0; i < 2; i++) {
		if (wake_pipe[i] >= 0)
			close(wake_pipe[i]);
		wake_pipe[i] = -1;
	}
}

int interruption_signal(void)
{
	return caught;
}

const char *interruption_name(void)
{
	return caught == SIGINT ? "SIGINT" : caught == SIGTERM ? "SIGTERM" : "a signal";
}
