/* The one table of modes and patterns, and which pairings make a cell. */
#include <stdio.h>
#include <string.h>

#include "cases/case.h"
#include "runners/system/external_command.h"

extern const struct mode mode_close, mode_close_unread, mode_shut_wr, mode_shut_wr_close,
	mode_shut_rd, mode_shut_rdwr, mode_linger0, mode_linger_wait, mode_exit, mode_kill,
	mode_close_shared, mode_shut_wr_shared, mode_close_pending, mode_linger0_pending,
	mode_passive;
extern const struct pattern pattern_drain, pattern_write_first, pattern_write_after_eof,
	pattern_write_loop, pattern_idle, pattern_close_first, pattern_close_unread_first,
	pattern_lingering_close, pattern_big_response_close;
extern const struct mode mode_curl_get, mode_curl_put_chunked, mode_curl_abort, mode_curl_forbid_reuse,
	mode_curl_keepalive_cleanup, mode_curl_upload_early_reply, mode_python_http_client, mode_curl_tool;
extern const struct pattern pattern_http_keepalive, pattern_http_close, pattern_http_early_reply,
	pattern_http_early_reply_lingering, pattern_http_extra_bytes, pattern_http_slow_body;
extern const struct mode mode_fault_hang, mode_fault_crash, mode_fault_exit;
extern const struct pattern pattern_fault_hang, pattern_fault_crash, pattern_fault_exit;

static const struct mode *const modes[] = {
	&mode_close, &mode_close_unread, &mode_shut_wr, &mode_shut_wr_close, &mode_shut_rd,
	&mode_shut_rdwr, &mode_linger0, &mode_linger_wait, &mode_exit, &mode_kill,
	&mode_close_shared, &mode_shut_wr_shared, &mode_close_pending, &mode_linger0_pending,
	&mode_passive,
	&mode_curl_get, &mode_curl_put_chunked, &mode_curl_abort, &mode_curl_forbid_reuse,
	&mode_curl_keepalive_cleanup, &mode_curl_upload_early_reply,
	&mode_python_http_client, &mode_curl_tool,
	/* Faults come last: the matrix leaves them out unless asked (--faults). */
	&mode_fault_hang, &mode_fault_crash, &mode_fault_exit,
};

static const struct pattern *const patterns[] = {
	&pattern_drain, &pattern_write_first, &pattern_write_after_eof, &pattern_write_loop,
	&pattern_idle, &pattern_close_first, &pattern_close_unread_first,
	&pattern_lingering_close, &pattern_big_response_close,
	&pattern_http_keepalive, &pattern_http_close, &pattern_http_early_reply,
	&pattern_http_early_reply_lingering, &pattern_http_extra_bytes, &pattern_http_slow_body,
	&pattern_fault_hang, &pattern_fault_crash, &pattern_fault_exit,
};

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

/* `finrst run --client-cmd`: the user's program as one more mode. */
static struct mode user_client = {
	.name = "client-cmd",
	.description = "external: the program given with --client-cmd",
	.traits = MODE_USER_COMMAND,
	.needs = STACK_OWN_PROGRAM,
};
static int user_client_set;

void registry_use_client_command(const char *const *argv)
{
	user_client.command = argv;
	user_client_set = 1;
}

/* `finrst run --server-cmd`: the user's program as one more pattern. Taken
 * for an HTTP server, the likeliest program to put there, so it pairs with
 * the HTTP clients. */
static struct pattern user_server = {
	.name = "server-cmd",
	.description = "external: the program given with --server-cmd (taken for an HTTP server)",
	.traits = PATTERN_USER_COMMAND,
	.needs = STACK_OWN_PROGRAM,
	.protocol = PROTOCOL_HTTP,
};
static int user_server_set;

void registry_use_server_command(const char *const *argv)
{
	user_server.command = argv;
	user_server_set = 1;
}

size_t mode_count(void) { return COUNT(modes) + (size_t)user_client_set; }
size_t pattern_count(void) { return COUNT(patterns) + (size_t)user_server_set; }
const struct mode *mode_at(size_t index)
{
	if (index < COUNT(modes))
		return modes[index];
	return index == COUNT(modes) && user_client_set ? &user_client : NULL;
}
const struct pattern *pattern_at(size_t index)
{
	if (index < COUNT(patterns))
		return patterns[index];
	return index == COUNT(patterns) && user_server_set ? &user_server : NULL;
}

const struct mode *mode_find(const char *name)
{
	for (size_t i = 0; i < mode_count(); i++)
		if (strcmp(mode_at(i)->name, name) == 0)
			return mode_at(i);
	return NULL;
}

const char *mode_unavailable(const struct mode *mode)
{
	static char why[160];
	if (!mode->command || command_line_program_exists(mode->command[0]))
		return NULL;
	snprintf(why, sizeof why, "%s is not installed (not found in PATH)", mode->command[0]);
	return why;
}

const struct pattern *pattern_find(const char *name)
{
	for (size_t i = 0; i < pattern_count(); i++)
		if (strcmp(pattern_at(i)->name, name) == 0)
			return pattern_at(i);
	return NULL;
}

const char *pattern_unavailable(const struct pattern *pattern)
{
	static char why[160];
	if (!pattern->command || command_line_program_exists(pattern->command[0]))
		return NULL;
	snprintf(why, sizeof why, "%s is not installed (not found in PATH)", pattern->command[0]);
	return why;
}

const char *pairing_not_applicable(const struct mode *mode, const struct pattern *pattern)
{
	if ((mode->traits & MODE_FAULT) && (pattern->traits & PATTERN_FAULT))
		return "two faults at once show nothing one fault does not";
	if ((pattern->traits & PATTERN_USER_COMMAND) && mode->protocol != PROTOCOL_HTTP &&
	    !(mode->traits & MODE_USER_COMMAND))
		return "the --server-cmd program is taken for an HTTP server: only HTTP clients pair with it";
	if (mode->protocol != pattern->protocol && !(mode->traits & MODE_USER_COMMAND) &&
	    !(mode->traits & MODE_FAULT) && !(pattern->traits & PATTERN_FAULT))
		return mode->protocol == PROTOCOL_HTTP ? "an HTTP client needs an HTTP server pattern"
						       : "a socket mode needs a socket pattern, not an HTTP server";
	if ((pattern->traits & PATTERN_NEEDS_UPLOAD) && !(mode->traits & (MODE_UPLOADS | MODE_USER_COMMAND)))
		return "the server answers before reading the request body, and this client sends none";
	if ((pattern->traits & PATTERN_PACED_BY_CLIENT) && mode->command)
		return "an external program does not tell finrst what it has read or sent, and this pattern's order of "
		       "events hangs on that: the outcome would be a race between the program and finrst, not a result";
	if ((mode->traits & MODE_NEEDS_UNREAD_DATA) && !(pattern->traits & PATTERN_SENDS_FIRST))
		return "the pattern sends nothing before the teardown, so nothing is left unread";
	if ((mode->traits & MODE_WAITS_FOR_SERVER_CLOSE) && !(pattern->traits & PATTERN_CLOSES_FIRST))
		return "both sides would wait for the other to close first";
	return NULL;
}
