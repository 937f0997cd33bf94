#include "runners/model/outcome.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

static void copy_word(char *out, const char *word)
{
	snprintf(out, OUTCOME_WORD_SIZE, "%s", word);
}

static void lower_errno(char *out, int err)
{
	copy_word(out, errno_name(err));
	for (char *c = out; *c; c++)
		*c = (char)tolower((unsigned char)*c);
}

static size_t after_mark(const struct call_list *calls, const char *mark)
{
	for (size_t i = 0; i < calls->count; i++)
		if (strcmp(calls->items[i].name, mark) == 0)
			return i + 1;
	return calls->count;
}

static int is_named(const struct call *call, const char *name)
{
	return strcmp(call->name, name) == 0;
}

/* The first read after the teardown mark that returned no data says how the
 * reads ended. */
static void read_end(const struct call_list *calls, char *out)
{
	copy_word(out, "none");
	for (size_t i = after_mark(calls, "@teardown"); i < calls->count; i++) {
		const struct call *call = &calls->items[i];
		if (!is_named(call, "recv") || call->ret > 0)
			continue;
		if (call->ret == 0)
			copy_word(out, "eof");
		else if (call->err == EAGAIN || call->err == EWOULDBLOCK)
			copy_word(out, "blocked");
		else
			lower_errno(out, call->err);
		return;
	}
}

static void write_error(const struct call_list *calls, char *out, int64_t *before)
{
	copy_word(out, "none");
	*before = 0;
	for (size_t i = after_mark(calls, "@teardown"); i < calls->count; i++) {
		const struct call *call = &calls->items[i];
		if (!is_named(call, "send"))
			continue;
		if (call->ret < 0) {
			lower_errno(out, call->err);
			return;
		}
		(*before)++;
		copy_word(out, "ok");
	}
}

static uint64_t bytes_moved(const struct call_list *calls, const char *name)
{
	uint64_t total = 0;
	for (size_t i = 0; i < calls->count; i++)
		if (is_named(&calls->items[i], name) && calls->items[i].ret > 0)
			total += calls->items[i].bytes;
	return total;
}

static void last_close(const struct call_list *calls, char *out, int64_t *blocked_ms)
{
	copy_word(out, "none");
	*blocked_ms = 0;
	for (size_t i = 0; i < calls->count; i++) {
		const struct call *call = &calls->items[i];
		if (!is_named(call, "close"))
			continue;
		if (call->ret == 0)
			copy_word(out, "ok");
		else
			copy_word(out, errno_name(call->err));
		*blocked_ms = call->duration_us / 1000;
	}
}

/* The client's libcurl transfers: the last status and CURLcode, the body
 * bytes received and declared over all of them. */
static void http_result(const struct call_list *calls, struct outcome *out)
{
	copy_word(out->http_status, "none");
	copy_word(out->curl_code, "none");
	for (size_t i = 0; i < calls->count; i++) {
		const struct call *call = &calls->items[i];
		if (is_named(call, "http-response")) {
			snprintf(out->http_status, OUTCOME_WORD_SIZE, "%lld", (long long)call->ret);
			out->http_declared += call->bytes;
		} else if (is_named(call, "curl_easy_perform")) {
			snprintf(out->curl_code, OUTCOME_WORD_SIZE, "%lld", (long long)call->ret);
			out->http_body += call->bytes;
		}
	}
}

void outcome_from_evidence(const struct segment_list *segments, const struct call_list *client,
			   const struct call_list *server, int wire_seen, struct outcome *out)
{
	memset(out, 0, sizeof *out);
	if (wire_seen) {
		segments_teardown_of(segments, SIDE_CLIENT, out->client_teardown, OUTCOME_WORD_SIZE);
		segments_teardown_of(segments, SIDE_SERVER, out->server_teardown, OUTCOME_WORD_SIZE);
		int first = segments_first_teardown(segments);
		copy_word(out->first_teardown, first < 0 ? "none" : first == SIDE_CLIENT ? "client" : "server");
	} else {
		copy_word(out->client_teardown, "unseen");
		copy_word(out->server_teardown, "unseen");
		copy_word(out->first_teardown, "unseen");
	}
	read_end(server, out->server_read_end);
	read_end(client, out->client_read_end);
	write_error(server, out->server_write_error, &out->server_writes_before_error);
	write_error(client, out->client_write_error, &out->client_writes_before_error);
	last_close(client, out->client_close, &out->client_close_ms);
	out->c2s_sent = bytes_moved(client, "send");
	out->c2s_read = bytes_moved(server, "recv");
	out->s2c_sent = bytes_moved(server, "send");
	out->s2c_read = bytes_moved(client, "recv");
	http_result(client, out);
}

const char *const outcome_field_names[] = {
	"client_teardown", "server_teardown", "first_teardown",
	"server_read_end", "server_write_error", "server_writes_before_error",
	"client_read_end", "client_write_error", "client_writes_before_error",
	"client_close", "client_close_ms",
	"bytes.c2s_sent", "bytes.c2s_read", "bytes.s2c_sent", "bytes.s2c_read",
	"http_status", "curl_code", "http_body", "http_declared",
};

int outcome_field_is_number(const char *field)
{
	return strncmp(field, "bytes.", 6) == 0 || strstr(field, "_ms") || strstr(field, "writes_before") ||
	       strcmp(field, "http_body") == 0 || strcmp(field, "http_declared") == 0;
}

size_t outcome_field_count(void)
{
	return sizeof outcome_field_names / sizeof outcome_field_names[0];
}

int outcome_field_value(const struct outcome *o, const char *field, char *out, size_t size)
{
	const struct { const char *name; const char *word; const int64_t *number; const uint64_t *bytes; } fields[] = {
		{ "client_teardown", o->client_teardown, NULL, NULL },
		{ "server_teardown", o->server_teardown, NULL, NULL },
		{ "first_teardown", o->first_teardown, NULL, NULL },
		{ "server_read_end", o->server_read_end, NULL, NULL },
		{ "server_write_error", o->server_write_error, NULL, NULL },
		{ "server_writes_before_error", NULL, &o->server_writes_before_error, NULL },
		{ "client_read_end", o->client_read_end, NULL, NULL },
		{ "client_write_error", o->client_write_error, NULL, NULL },
		{ "client_writes_before_error", NULL, &o->client_writes_before_error, NULL },
		{ "client_close", o->client_close, NULL, NULL },
		{ "client_close_ms", NULL, &o->client_close_ms, NULL },
		{ "bytes.c2s_sent", NULL, NULL, &o->c2s_sent },
		{ "bytes.c2s_read", NULL, NULL, &o->c2s_read },
		{ "bytes.s2c_sent", NULL, NULL, &o->s2c_sent },
		{ "bytes.s2c_read", NULL, NULL, &o->s2c_read },
		{ "http_status", o->http_status, NULL, NULL },
		{ "curl_code", o->curl_code, NULL, NULL },
		{ "http_body", NULL, &o->http_body, NULL },
		{ "http_declared", NULL, &o->http_declared, NULL },
	};
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		if (strcmp(fields[i].name, field) != 0)
			continue;
		if (fields[i].word)
			snprintf(out, size, "%s", fields[i].word);
		else if (fields[i].number)
			snprintf(out, size, "%" PRId64, *fields[i].number);
		else
			snprintf(out, size, "%" PRIu64, *fields[i].bytes);
		return 0;
	}
	return -1;
}

void call_list_append(struct call_list *calls, const char *name, const char *detail, int64_t t_us, int64_t ret)
{
	struct call *grown = realloc(calls->items, (calls->count + 1) * sizeof *grown);
	if (!grown)
		return;
	calls->items = grown;
	struct call *call = &calls->items[calls->count++];
	memset(call, 0, sizeof *call);
	snprintf(call->name, sizeof call->name, "%s", name);
	snprintf(call->detail, sizeof call->detail, "%s", detail);
	call->t_us = t_us;
	call->ret = ret;
}

const struct call *call_list_last_failed(const struct call_list *calls)
{
	for (size_t i = calls->count; i-- > 0;)
		if (calls->items[i].ret < 0 && calls->items[i].name[0] != '@')
			return &calls->items[i];
	return NULL;
}
