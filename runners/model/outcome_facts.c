#include "runners/model/outcome_facts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *share, *whole;
} shares[] = {
	{ "bytes.c2s_read", "bytes.c2s_sent" },
	{ "bytes.s2c_read", "bytes.s2c_sent" },
	{ "http_body", "http_declared" },
};

const char *outcome_fact_whole(const char *field)
{
	for (size_t i = 0; i < sizeof shares / sizeof shares[0]; i++)
		if (strcmp(field, shares[i].share) == 0)
			return shares[i].whole;
	return NULL;
}

int outcome_fact_is_whole(const char *field)
{
	for (size_t i = 0; i < sizeof shares / sizeof shares[0]; i++)
		if (strcmp(field, shares[i].whole) == 0)
			return 1;
	return 0;
}

int outcome_fact_is_duration(const char *field)
{
	size_t length = strlen(field);
	return length > 3 && strcmp(field + length - 3, "_ms") == 0;
}

void outcome_fact(const char *field, const char *value, const char *whole, char *fact, size_t fact_size,
		  char *shown, size_t shown_size)
{
	long long number = strtoll(value, NULL, 10);
	char figures[96] = "";
	if (outcome_fact_whole(field) && whole) {
		long long all = strtoll(whole, NULL, 10);
		snprintf(fact, fact_size, "%s", number == all ? "all" : number == 0 ? "none" : "some");
		snprintf(figures, sizeof figures, " (%s of %s)", value, whole);
	} else if (outcome_fact_is_duration(field) && *value) {
		if (number < 500)
			snprintf(fact, fact_size, "under 0.5 s");
		else
			snprintf(fact, fact_size, "about %lld s", (number + 500) / 1000);
		snprintf(figures, sizeof figures, " (%s ms)", value);
	} else {
		snprintf(fact, fact_size, "%s", value);
	}
	if (shown)
		snprintf(shown, shown_size, "%s%s", fact, figures);
}

static void fact_of(const struct cell_result *r, const char *field, char *fact, size_t size)
{
	char value[FIELD_TEXT_SIZE], whole[FIELD_TEXT_SIZE] = "";
	outcome_field_value(&r->outcome, field, value, sizeof value);
	if (outcome_fact_whole(field))
		outcome_field_value(&r->outcome, outcome_fact_whole(field), whole, sizeof whole);
	outcome_fact(field, value, whole, fact, size, NULL, 0);
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
		if (outcome_fact_is_duration(field) || outcome_fact_is_whole(field))
			continue;
		fact_of(a, field, first, sizeof first);
		fact_of(b, field, second, sizeof second);
		if (strcmp(first, second) != 0) {
			snprintf(difference, size, "%s: %s, then %s", field, first, second);
			return 0;
		}
	}
	return 1;
}
