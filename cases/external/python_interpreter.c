/* The shipped Python client runs under the interpreter `python3` names. Where
 * python3 is a version manager's shim (pyenv's is a bash script that runs
 * `pyenv exec`: 0.34 s a start on the machine finrst is developed on, against
 * 0.07 s for Python itself), every cell would pay for it. So the interpreter
 * is asked once per run for its own path (sys.executable), in the background
 * while the other cells run, and the cells that need the answer start once
 * it has come (runners/scheduler.c). They run that path: the interpreter the
 * shim would have chosen, as the run's directory and environment stay the
 * same throughout. FINRST_PYTHON names the interpreter instead (a path, or a
 * name found in PATH), with no lookup: to run the client under another
 * Python, or to spare repeated runs the shim. The lookup runs at the cells'
 * priority: at nice 19, with both cores busy with other work, the shim took
 * longer than the lookup's 10 s limit, and every cell then paid it. */
#include "cases/external/python_interpreter.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "runners/system/interruption.h"
#include "runners/model/observations.h"
#include "runners/system/platform.h"

#define LOOKUP_LIMIT_US (10 * 1000000)

static struct {
	pid_t pid;
	int answer;              /* read end of the child's standard output */
	int64_t started_us;
	int finished;
	char path[4096];         /* "" when python3 did not say */
	size_t said;             /* bytes of path read so far */
} lookup = { 0, -1, 0, 0, "", 0 };

static void lookup_start(void)
{
	int out[2];
	const char *chosen = getenv("FINRST_PYTHON");
	if (chosen && *chosen && !lookup.finished) {
		snprintf(lookup.path, sizeof lookup.path, "%s", chosen);
		lookup.finished = 1;
	}
	if (lookup.pid > 0 || lookup.finished || pipe(out) != 0)
		return;
	fcntl(out[0], F_SETFD, FD_CLOEXEC);
	lookup.started_us = monotonic_us();
	lookup.said = 0;
	lookup.path[0] = '\0';
	lookup.pid = fork();
	if (lookup.pid == 0) {
		/* A group of its own, dying with the runner: a shim's processes
		 * (pyenv's bash scripts) go with it when lookup_end kills it. */
		int null = open("/dev/null", O_RDWR);
		setpgid(0, 0);
		platform_die_with_parent();
		dup2(null, 0);
		dup2(out[1], 1);
		dup2(null, 2);
		platform_close_descriptors_from(3);   /* the runner's sockets and pipes are not its */
		execlp("python3", "python3", "-I", "-S", "-c", "import sys; print(sys.executable)", (char *)NULL);
		_exit(127);
	}
	close(out[1]);
	if (lookup.pid > 0)
		setpgid(lookup.pid, lookup.pid);
	if (lookup.pid < 0) {
		close(out[0]);
		lookup.pid = 0;
		lookup.finished = 1;
		return;
	}
	lookup.answer = out[0];
}

/* Takes what the interpreter has printed so far, waiting at most `wait_ms`
 * (-1: up to the lookup's time limit). 1 once the answer is whole: a line,
 * the end of its output, the limit reached, or the run interrupted (Ctrl-C
 * must not wait for a slow shim). */
static int take_answer(int wait_ms)
{
	for (;;) {
		int64_t left_ms = (lookup.started_us + LOOKUP_LIMIT_US - monotonic_us()) / 1000;
		struct pollfd watch[] = { { lookup.answer, POLLIN, 0 }, { interruption_wakeup_fd(), POLLIN, 0 } };
		if (left_ms <= 0 || interruption_signal())
			return 1;
		int ready = poll(watch, watch[1].fd >= 0 ? 2 : 1, wait_ms < 0 || wait_ms > left_ms ? (int)left_ms : wait_ms);
		if (ready < 0 && errno == EINTR)
			continue;
		if (ready <= 0)
			return ready < 0;
		if (!watch[0].revents)
			continue;
		ssize_t got = read(lookup.answer, lookup.path + lookup.said, sizeof lookup.path - 1 - lookup.said);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return 1;
		lookup.said += (size_t)got;
		lookup.path[lookup.said] = '\0';
		if (strchr(lookup.path, '\n') || lookup.said == sizeof lookup.path - 1)
			return 1;
	}
}

static void lookup_end(void)
{
	if (lookup.pid > 0) {
		kill(-lookup.pid, SIGKILL);
		while (waitpid(lookup.pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
	if (lookup.answer >= 0)
		close(lookup.answer);
	lookup.pid = 0;
	lookup.answer = -1;
}

/* An answer that is not an absolute path to a program leaves the cells
 * with `python3`, as they were before the lookup. FINRST_PYTHON is taken
 * as it is: one that cannot be run makes its cells say so (exit 127). */
static void conclude(void)
{
	lookup_end();
	lookup.finished = 1;
	lookup.path[strcspn(lookup.path, "\r\n")] = '\0';
	if (lookup.path[0] != '/' || access(lookup.path, X_OK) != 0)
		lookup.path[0] = '\0';
}

static int lookup_answered(void)
{
	if (lookup.finished || lookup.pid <= 0)
		return 1;
	if (!take_answer(0))
		return 0;
	conclude();
	return 1;
}

static const char *lookup_path(void)
{
	if (!lookup.finished && lookup.pid > 0) {
		take_answer(-1);
		conclude();
	}
	return lookup.path[0] ? lookup.path : NULL;
}

const struct program_lookup python_interpreter_lookup = {
	.start = lookup_start,
	.answered = lookup_answered,
	.path = lookup_path,
	.end = lookup_end,
};
