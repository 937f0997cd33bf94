#include "runners/engine/external_server.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "runners/engine/external_program.h"
#include "runners/engine/server_address.h"
#include "runners/system/platform.h"

#define LONGEST_PAUSE_MS 16

static void record(struct call_log *log, const char *name, const char *detail, int64_t ret, int err)
{
	struct call *call = call_log_append(log, name, detail);
	call->ret = ret;
	call->err = ret < 0 ? err : 0;
}

/* The program itself: no descriptor of finrst's left open, so that it
 * holds no pipe of the runner's and sees none of the cell's. */
static void run_program(char **argv, struct call_log *log)
{
	int null = open("/dev/null", O_RDWR);
	if (null < 0) {
		record(log, "open", "/dev/null for the server's input and output", -1, errno);
		_exit(127);
	}
	external_program_exec(argv, null, -1, NULL, log);
}

void external_server_supervise(const char *const *command, int family, uint16_t port, struct call_log *log)
{
	char detail[CALL_DETAIL_SIZE];
	char **argv = external_program_command(command, family, port);
	if (!argv) {
		record(log, "exec", "substituting {host} {port} {url}: out of memory", -1, ENOMEM);
		_exit(2);
	}
	snprintf(detail, sizeof detail, "%s (its calls are not observed)", argv[0]);
	record(log, "exec", detail, 0, 0);
	/* The supervisor, not the program, holds the runner's pipe: a program
	 * that closes the descriptors it inherited must not look as if it had
	 * exited, and one that exits must be seen to, even if a child of its
	 * keeps running. */
	pid_t program = fork();
	if (program < 0) {
		record(log, "fork", "the server program", -1, errno);
		_exit(2);
	}
	if (program == 0)
		run_program(argv, log);
	int status = 0;
	while (waitpid(program, &status, 0) < 0 && errno == EINTR)
		;
	int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	record(log, "exit", "the external server's exit status", code, 0);
	_exit(code);
}

static void describe_wait(struct call *call, const char *host, uint16_t port, unsigned checks, int listening)
{
	const char *left = strchr(host, ':') ? "[" : "", *right = strchr(host, ':') ? "]" : "";
	if (listening)
		snprintf(call->detail, sizeof call->detail, "%s%s%s:%u listening at check %u", left, host, right,
			 (unsigned)port, checks);
	else
		snprintf(call->detail, sizeof call->detail, "%s%s%s:%u not listening after %u check%s", left, host,
			 right, (unsigned)port, checks, checks == 1 ? "" : "s");
}

static int end_wait(struct call *call, struct call_log *log, int64_t ret, int err)
{
	call->duration_us = monotonic_us() - log->epoch_us - call->t_us;
	call->ret = ret;
	call->err = err;
	return ret < 0 ? -1 : 0;
}

int external_server_await_listening(const char *host, uint16_t port, int server_gone, int64_t deadline_us,
				    struct call_log *log)
{
	struct call *call = call_log_append(log, "wait-listen", NULL);
	/* What the record says if the time limit kills the client meanwhile. */
	call->ret = -1;
	call->err = ETIMEDOUT;
	int pause_ms = 1;
	for (unsigned checks = 1;; checks++) {
		int listening = platform_port_listening(port);
		describe_wait(call, host, port, checks, listening > 0);
		if (listening > 0)
			return end_wait(call, log, 0, 0);
		if (listening < 0)
			return end_wait(call, log, -1, ENOSYS);
		int64_t left_ms = (deadline_us - monotonic_us()) / 1000;
		if (left_ms <= 0)
			return end_wait(call, log, -1, ETIMEDOUT);
		struct pollfd watch = { server_gone, POLLIN, 0 };
		int ready = poll(&watch, 1, pause_ms < left_ms ? pause_ms : (int)left_ms);
		if (ready > 0)   /* the supervisor exited, so its program did */
			return end_wait(call, log, -1, ESRCH);
		pause_ms = pause_ms * 2 > LONGEST_PAUSE_MS ? LONGEST_PAUSE_MS : pause_ms * 2;
	}
}

const struct call *external_server_never_listened(const struct call *calls, size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (strcmp(calls[i].name, "wait-listen") == 0)
			return calls[i].ret < 0 ? &calls[i] : NULL;
	return NULL;
}

void external_server_timeout_text(const struct call_log *client_log, int family, uint16_t port, int client_exited,
				  long long elapsed_ms, char *out, size_t size)
{
	const char *host = server_host(family);
	const char *left = family == AF_INET6 ? "[" : "", *right = *left ? "]" : "";
	if (external_server_never_listened(client_log->calls, call_log_size(client_log)))
		snprintf(out, size, "timed out after %lld ms: the server program never listened on %s%s%s:%u (killed)",
			 elapsed_ms, left, host, right, (unsigned)port);
	else if (!client_exited)
		snprintf(out, size, "timed out after %lld ms: the client was still running (killed)", elapsed_ms);
	else
		snprintf(out, size,
			 "timed out after %lld ms: the client exited but the connection did not finish on the wire "
			 "(the server program was still running; killed)", elapsed_ms);
}

void external_server_note_end(struct call_list *server_calls, int was_running, int64_t t_us)
{
	if (was_running)
		call_list_append(server_calls, "exit", "still running at the end of the cell: killed (SIGKILL)", t_us,
				 128 + SIGKILL);
}

static int64_t exit_status_in(const struct call_list *calls)
{
	for (size_t i = calls->count; i-- > 0;)
		if (strcmp(calls->items[i].name, "exit") == 0)
			return calls->items[i].ret;
	return -1;
}

int external_server_explain(const struct call_list *client_calls, const struct call_list *server_calls,
			    int server_status, char *error, size_t size, int *not_run)
{
	const struct call *wait = external_server_never_listened(client_calls->items, client_calls->count);
	const struct call *failed = call_list_last_failed(server_calls);
	char what[CALL_NAME_SIZE + CALL_DETAIL_SIZE + 32] = "";
	if (failed)
		snprintf(what, sizeof what, ": %s(%s) failed with %s", failed->name, failed->detail,
			 errno_name(failed->err));
	if (WIFEXITED(server_status) && WEXITSTATUS(server_status) == 127) {
		snprintf(error, size, "the server program could not be run (exit status 127)%s", what);
		*not_run = 1;
	} else if (!wait) {
		return 0;
	} else if (wait->err == ESRCH) {
		snprintf(error, size, "the server program exited (status %lld) before it listened: wait-listen(%s)",
			 (long long)exit_status_in(server_calls), wait->detail);
	} else {
		snprintf(error, size, "the server program never listened: wait-listen(%s) failed with %s", wait->detail,
			 errno_name(wait->err));
	}
	return 1;
}
