#include "reports/results_json.h"

#include <curl/curl.h>
#include <errno.h>
#include <jansson.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "runners/model/outcome.h"
#include "runners/system/platform.h"
#include "runners/system/atomic_file.h"
#include "cases/case.h"

void platform_facts_collect(struct platform_facts *facts, const char *expectations_path)
{
	memset(facts, 0, sizeof *facts);
	platform_describe(facts->system, sizeof facts->system, facts->release, sizeof facts->release,
			  facts->machine, sizeof facts->machine);
	snprintf(facts->libpcap, sizeof facts->libpcap, "%s", pcap_lib_version());
	snprintf(facts->libcurl, sizeof facts->libcurl, "%s", curl_version_info(CURLVERSION_NOW)->version);
	snprintf(facts->expectations, sizeof facts->expectations, "%s", expectations_path ? expectations_path : "");
}

static json_t *platform_json(const struct platform_facts *facts)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "system", facts->system, "release",
			 facts->release, "machine", facts->machine, "libpcap", facts->libpcap,
			 "libcurl", facts->libcurl, "expectations", facts->expectations);
}

/* Numeric fields are JSON numbers, words are strings; bytes nest under "bytes". */
static void set_field(json_t *object, json_t *bytes, const char *field, const char *value, int numeric)
{
	json_t *target = strncmp(field, "bytes.", 6) == 0 ? bytes : object;
	const char *key = target == bytes ? field + 6 : field;
	json_object_set_new(target, key, numeric ? json_integer(strtoll(value, NULL, 10)) : json_string(value));
}


static json_t *outcome_json(const struct outcome *outcome)
{
	json_t *object = json_object(), *bytes = json_object();
	for (size_t f = 0; f < outcome_field_count(); f++) {
		char value[FIELD_TEXT_SIZE];
		outcome_field_value(outcome, outcome_field_names[f], value, sizeof value);
		set_field(object, bytes, outcome_field_names[f], value, outcome_field_is_number(outcome_field_names[f]));
	}
	json_object_set_new(object, "bytes", bytes);
	return object;
}

/* Expected values stay strings: "all", ">=900" and "eof|blocked" are opinions, not numbers. */
static json_t *expected_json(const struct judgement *judgement)
{
	json_t *object = json_object(), *bytes = json_object();
	for (size_t f = 0; f < outcome_field_count(); f++)
		if (judgement->expected[f][0])
			set_field(object, bytes, outcome_field_names[f], judgement->expected[f], 0);
	json_object_set_new(object, "bytes", bytes);
	json_object_set_new(object, "reference", json_string(judgement->reference));
	json_object_set_new(object, "note", json_string(judgement->note));
	if (judgement->deviation[0])
		json_object_set_new(object, "deviation", json_string(judgement->deviation));
	return object;
}

static json_t *mismatches_json(const struct judgement *judgement)
{
	json_t *array = json_array();
	for (size_t i = 0; i < judgement->mismatch_count; i++) {
		const struct mismatch *m = &judgement->mismatches[i];
		json_array_append_new(array, json_pack("{s:s, s:s, s:s, s:s}", "field", m->field, "expected",
						       m->expected, "actual", m->actual, "reference",
						       judgement->field_reference[m->field_index]));
	}
	return array;
}

static json_t *segments_json(const struct segment_list *segments)
{
	json_t *array = json_array();
	for (size_t i = 0; i < segments->count; i++) {
		const struct segment *s = &segments->items[i];
		char flags[40];
		tcp_flags_format(s->flags, flags, sizeof flags);
		json_array_append_new(array, json_pack("{s:I, s:s, s:s, s:I, s:I, s:I, s:I}", "t_us",
						       (json_int_t)s->t_us, "from", s->from == SIDE_CLIENT ? "client" : "server",
						       "flags", flags, "seq", (json_int_t)s->seq, "ack", (json_int_t)s->ack,
						       "len", (json_int_t)s->len, "window", (json_int_t)s->window));
	}
	return array;
}

static json_t *calls_json(const struct call_list *calls)
{
	json_t *array = json_array();
	for (size_t i = 0; i < calls->count; i++) {
		const struct call *c = &calls->items[i];
		json_array_append_new(array, json_pack("{s:s, s:s, s:I, s:I, s:I, s:s, s:I}", "call", c->name,
						       "detail", c->detail, "t_us", (json_int_t)c->t_us, "duration_us",
						       (json_int_t)c->duration_us, "ret", (json_int_t)c->ret, "errno",
						       errno_name(c->err), "bytes", (json_int_t)c->bytes));
	}
	return array;
}

static json_t *cell_json(const struct cell_result *r)
{
	json_t *cell = json_pack("{s:s, s:s, s:s, s:s, s:s, s:f, s:s}", "id", r->cell.id, "mode",
				 r->cell.mode->name, "pattern", r->cell.pattern->name, "family",
				 family_name(r->cell.family), "verdict", verdict_name(r->verdict), "duration_ms",
				 r->duration_ms, "pcap", r->pcap);
	if (r->error[0])
		json_object_set_new(cell, "error", json_string(r->error));
	if (r->retried[0])
		json_object_set_new(cell, "retried", json_string(r->retried));
	json_object_set_new(cell, "wire_seen", json_boolean(r->wire_seen));
	json_object_set_new(cell, "outcome", outcome_json(&r->outcome));
	json_object_set_new(cell, "expected", expected_json(&r->judgement));
	json_object_set_new(cell, "mismatches", mismatches_json(&r->judgement));
	json_object_set_new(cell, "segments", segments_json(&r->segments));
	json_object_set_new(cell, "calls", json_pack("{s:o, s:o}", "client", calls_json(&r->client_calls),
						     "server", calls_json(&r->server_calls)));
	return cell;
}

static json_t *summary_json(const struct cell_result *results, size_t count)
{
	json_int_t totals[VERDICT_ERROR + 1] = { 0 };
	for (size_t i = 0; i < count; i++)
		totals[results[i].verdict]++;
	return json_pack("{s:I, s:I, s:I, s:I, s:I}", "pass", totals[VERDICT_PASS], "fail", totals[VERDICT_FAIL],
			 "xfail", totals[VERDICT_XFAIL], "skip", totals[VERDICT_SKIP], "error", totals[VERDICT_ERROR]);
}

/* UTC, ISO 8601: the reader may be in another time zone than the runner. */
static json_t *run_json(const struct run_facts *run)
{
	char finished[32] = "";
	time_t now = time(NULL);
	struct tm utc;
	if (gmtime_r(&now, &utc))
		strftime(finished, sizeof finished, "%Y-%m-%dT%H:%M:%SZ", &utc);
	json_t *object = json_pack("{s:s, s:f, s:s, s:i, s:I, s:b}", "finished", finished, "duration_ms",
				   run->duration_ms, "network", run->network, "jobs", run->jobs, "peak_rss_kb",
				   (json_int_t)run->peak_rss_kb, "complete", run->interrupted_by[0] == '\0');
	if (object && run->capture[0])
		json_object_set_new(object, "capture", json_string(run->capture));
	if (object && run->interrupted_by[0])
		json_object_set_new(object, "interrupted_by", json_string(run->interrupted_by));
	return object;
}

json_t *results_json_build(const struct platform_facts *platform, const struct run_facts *run,
			   const struct cell_result *results, size_t count)
{
	json_t *cells = json_array();
	for (size_t i = 0; i < count; i++)
		json_array_append_new(cells, cell_json(&results[i]));
	return json_pack("{s:s, s:i, s:o, s:o, s:o, s:o}", "format", RESULTS_FORMAT, "version", RESULTS_VERSION,
			 "platform", platform_json(platform), "run", run_json(run), "summary",
			 summary_json(results, count), "cells", cells);
}

/* Streamed to the file: the 4 MB of a full matrix never sit in one string. */
static int dump_document(FILE *file, void *context)
{
	return json_dumpf(context, file, JSON_INDENT(1) | JSON_ENSURE_ASCII);
}

int results_json_save(const json_t *document, const char *path, char *error, size_t size)
{
	if (!document) {
		snprintf(error, size, "cannot write %s: %s", path, strerror(ENOMEM));
		return -1;
	}
	return atomic_file_write_with(path, dump_document, (void *)document, error, size);
}
