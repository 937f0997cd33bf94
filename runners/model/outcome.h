/* The outcome of a cell: facts derived from the segments and both sides'
 * observed calls, nothing else. Expectations are compared with these. */
#ifndef FINRST_OUTCOME_H
#define FINRST_OUTCOME_H

#include <stddef.h>
#include <stdint.h>

#include "runners/model/observations.h"
#include "runners/model/segments.h"

#define OUTCOME_WORD_SIZE 24

struct outcome {
	char client_teardown[OUTCOME_WORD_SIZE];    /* "FIN", "RST", "FIN RST", "none" */
	char server_teardown[OUTCOME_WORD_SIZE];
	char first_teardown[OUTCOME_WORD_SIZE];     /* "client", "server", "none" */
	char server_read_end[OUTCOME_WORD_SIZE];    /* "eof", "econnreset", "blocked", "none" */
	char server_write_error[OUTCOME_WORD_SIZE]; /* "ok", "epipe", "econnreset", "none" */
	int64_t server_writes_before_error;
	char client_read_end[OUTCOME_WORD_SIZE];
	char client_write_error[OUTCOME_WORD_SIZE];
	int64_t client_writes_before_error;
	char client_close[OUTCOME_WORD_SIZE];       /* "ok", an errno name, or "none" */
	int64_t client_close_ms;                    /* how long the client's last close() blocked */
	uint64_t c2s_sent, c2s_read, s2c_sent, s2c_read;
	/* HTTP modes (libcurl): what the application got; "none" elsewhere. */
	char http_status[OUTCOME_WORD_SIZE];        /* the last response's status, "0" when none came */
	char curl_code[OUTCOME_WORD_SIZE];          /* the last curl_easy_perform's CURLcode */
	int64_t http_body, http_declared;           /* body bytes received, and declared by Content-Length */
};

struct call_list {
	struct call *items;
	size_t count;
};

/* Adds a call the runner knows of but no side logged (an external
 * program's exit); a list that cannot grow is left as it was. */
void call_list_append(struct call_list *calls, const char *name, const char *detail, int64_t t_us, int64_t ret);

/* The last call that failed (marks left out), or NULL. */
const struct call *call_list_last_failed(const struct call_list *calls);

void outcome_from_evidence(const struct segment_list *segments, const struct call_list *client,
			   const struct call_list *server, int wire_seen, struct outcome *out);

/* The names of the judged fields, in report order, and their values as text:
 * the one place that says which fields an outcome has. */
extern const char *const outcome_field_names[];
size_t outcome_field_count(void);
/* Whether a field's value is a count (JSON number, comparisons allowed). */
int outcome_field_is_number(const char *field);
/* Returns 0 and writes the value, or -1 for an unknown field name. */
int outcome_field_value(const struct outcome *outcome, const char *field, char *out, size_t size);

#endif
