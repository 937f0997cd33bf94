#include "reports/cell_text.h"

#include <stdint.h>
#include <string.h>

#include "runners/model/outcome.h"
#include "reports/results_fields.h"

void cell_mismatches_text(FILE *out, const json_t *cell, int with_references)
{
	const json_t *mismatches = json_object_get(cell, "mismatches");
	size_t count = json_array_size(mismatches);
	for (size_t i = 0; i < count; i++) {
		const json_t *m = json_array_get(mismatches, i);
		const char *reference = results_text(m, "reference");
		fprintf(out, "%s%s: expected %s, actual %s", i ? "; " : "", results_text(m, "field"),
			results_text(m, "expected"), results_text(m, "actual"));
		if (with_references && *reference)
			fprintf(out, " (%s)", reference);
	}
	if (count == 0)
		fputs(results_text(cell, "error"), out);
}

static int field_mismatched(const json_t *cell, const char *field)
{
	const json_t *mismatches = json_object_get(cell, "mismatches");
	for (size_t i = 0; i < json_array_size(mismatches); i++)
		if (strcmp(results_text(json_array_get(mismatches, i), "field"), field) == 0)
			return 1;
	return 0;
}

void cell_expectation_text(FILE *out, const json_t *cell)
{
	const json_t *outcome = json_object_get(cell, "outcome"), *expected = json_object_get(cell, "expected");
	fprintf(out, "%-28s %-16s %s\n", "field", "expected", "actual");
	for (size_t f = 0; f < outcome_field_count(); f++) {
		char want[256], got[256];
		results_field_text(expected, outcome_field_names[f], want, sizeof want);
		results_field_text(outcome, outcome_field_names[f], got, sizeof got);
		if (field_mismatched(cell, outcome_field_names[f]))
			fprintf(out, "%-28s %-16s %-16s  MISMATCH\n", outcome_field_names[f], want, got);
		else
			fprintf(out, "%-28s %-16s %s\n", outcome_field_names[f], *want ? want : "(not judged)", got);
	}
	const char *deviation = results_text(expected, "deviation"), *note = results_text(expected, "note");
	const char *reference = results_text(expected, "reference");
	fprintf(out, "reference: %s\n", *reference ? reference : "(none)");
	if (*note)
		fprintf(out, "note: %s\n", note);
	if (*deviation)
		fprintf(out, "documented deviation: %s\n", deviation);
}

/* The time of list[index], or INT64_MAX once the list is used up. */
static int64_t event_time(const json_t *list, size_t index)
{
	const json_t *event = json_array_get(list, index);
	if (!event)
		return INT64_MAX;
	long long t = results_integer(event, "t_us");
	return t < INT64_MAX ? t : INT64_MAX - 1;
}

/* One row of the timeline: time, client column, wire column, server column,
 * without the blanks an empty last column would leave. */
static void ladder_row(FILE *out, double t_ms, const char *client, const char *wire, const char *server)
{
	char row[2048];
	int length = snprintf(row, sizeof row, "%9.3f  %-44s %-38s %s", t_ms, client, wire, server);
	if (length >= (int)sizeof row)
		length = (int)sizeof row - 1;
	while (length > 0 && row[length - 1] == ' ')
		row[--length] = '\0';
	fprintf(out, "%s\n", row);
}

static void call_line(FILE *out, const json_t *call, int server)
{
	char text[512];
	const char *name = results_text(call, "call"), *detail = results_text(call, "detail");
	long long ret = results_integer(call, "ret");
	if (name[0] == '@')
		snprintf(text, sizeof text, "-- %s --", name + 1);
	else if (ret < 0)
		snprintf(text, sizeof text, "%s(%s) = -1 %s", name, detail, results_text(call, "errno"));
	else
		snprintf(text, sizeof text, "%s(%s) = %lld", name, detail, ret);
	ladder_row(out, results_number(call, "t_us") / 1000.0, server ? "" : text, "", server ? text : "");
}

static void segment_line(FILE *out, const json_t *segment)
{
	char wire[512];
	int from_client = strcmp(results_text(segment, "from"), "client") == 0;
	snprintf(wire, sizeof wire, "%s %s seq %lld ack %lld len %lld", from_client ? "-->" : "<--",
		 results_text(segment, "flags"), results_integer(segment, "seq"), results_integer(segment, "ack"),
		 results_integer(segment, "len"));
	ladder_row(out, results_number(segment, "t_us") / 1000.0, "", wire, "");
}

void cell_ladder_text(FILE *out, const json_t *cell)
{
	const json_t *calls = json_object_get(cell, "calls");
	const json_t *client = json_object_get(calls, "client"), *server = json_object_get(calls, "server");
	const json_t *segments = json_object_get(cell, "segments");
	size_t c = 0, s = 0, w = 0;
	if (json_array_size(client) + json_array_size(server) + json_array_size(segments) == 0) {
		fputs("(no call was observed and no segment captured)\n", out);
		return;
	}
	fprintf(out, "%9s  %-44s %-38s %s\n", "t (ms)", "client calls", "wire", "server calls");
	while (c < json_array_size(client) || s < json_array_size(server) || w < json_array_size(segments)) {
		int64_t tc = event_time(client, c), ts = event_time(server, s), tw = event_time(segments, w);
		if (tw <= tc && tw <= ts)
			segment_line(out, json_array_get(segments, w++));
		else if (tc <= ts)
			call_line(out, json_array_get(client, c++), 0);
		else
			call_line(out, json_array_get(server, s++), 1);
	}
}
