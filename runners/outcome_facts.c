#include "outcome_facts.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static const char *share(uint64_t read, uint64_t sent)
{
	return read == sent ? "all" : read == 0 ? "none" : "some";
}

static int is_byte_count(const char *field)
{
	return strncmp(field, "bytes.", 6) == 0;
}

static int is_duration(const char *field)
{
	return strstr(field, "_ms") != NULL;
}

static void fact(const struct cell_result *r, const char *field, char *out, size_t size)
{
	if (strcmp(field, "bytes.c2s_read") == 0)
		snprintf(out, size, "%s", share(r->outcome.c2s_read, r->outcome.c2s_sent));
	else if (strcmp(field, "bytes.s2c_read") == 0)
		snprintf(out, size, "%s", share(r->outcome.s2c_read, r->outcome.s2c_sent));
	else if (strcmp(field, "http_body") == 0)
		snprintf(out, size, "%s", share((uint64_t)r->outcome.http_body, (uint64_t)r->outcome.http_declared));
	else
		outcome_field_value(&r->outcome, field, out, size);
}

int outcome_facts_equal(const struct cell_result *a, const struct cell_result *b,
			char *difference, size_t size)
{
	if (a->verdict != b->verdict) {
		snprintf(difference, size, "verdict: %s, then %s", verdict_name(a->verdict), verdict_name(b->verdict));
		return 0;
	}
	for (size_t f = 0; f < outcome_field_count(); f++) {
		const char *field = outcome_field_names[f];
		char first[FIELD_TEXT_SIZE], second[FIELD_TEXT_SIZE];
		if (is_duration(field) || (is_byte_count(field) && strstr(field, "_sent")) ||
		    strcmp(field, "http_declared") == 0)
			continue;
		fact(a, field, first, sizeof first);
		fact(b, field, second, sizeof second);
		if (strcmp(first, second) != 0) {
			snprintf(difference, size, "%s: %s, then %s", field, first, second);
			return 0;
		}
	}
	return 1;
}
