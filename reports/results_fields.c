#include "reports/results_fields.h"

#include <stdio.h>
#include <string.h>

const char *results_text(const json_t *object, const char *key)
{
	const char *text = json_string_value(json_object_get(object, key));
	return text ? text : "";
}

double results_number(const json_t *object, const char *key)
{
	return json_number_value(json_object_get(object, key));
}

long long results_integer(const json_t *object, const char *key)
{
	const json_t *value = json_object_get(object, key);
	if (json_is_integer(value))
		return json_integer_value(value);
	double number = json_number_value(value);
	if (!(number > -9e18 && number < 9e18))   /* also false for NaN */
		return 0;
	return (long long)number;
}

int verdict_index(const char *name)
{
	for (int verdict = VERDICT_PASS; verdict <= VERDICT_ERROR; verdict++)
		if (strcmp(name, verdict_name((enum verdict)verdict)) == 0)
			return verdict;
	return -1;
}

void results_field_text(const json_t *values, const char *field, char *out, size_t size)
{
	const json_t *value;
	if (strncmp(field, "bytes.", 6) == 0)
		value = json_object_get(json_object_get(values, "bytes"), field + 6);
	else
		value = json_object_get(values, field);
	if (json_is_string(value))
		snprintf(out, size, "%s", json_string_value(value));
	else if (json_is_integer(value))
		snprintf(out, size, "%lld", (long long)json_integer_value(value));
	else if (json_is_real(value))
		snprintf(out, size, "%g", json_real_value(value));
	else if (json_is_boolean(value))
		snprintf(out, size, "%s", json_is_true(value) ? "true" : "false");
	else
		snprintf(out, size, "%s", "");
}

void results_count_verdicts(const json_t *document, size_t counts[VERDICT_ERROR + 1])
{
	const json_t *cells = json_object_get(document, "cells");
	memset(counts, 0, sizeof *counts * (VERDICT_ERROR + 1));
	for (size_t i = 0; i < json_array_size(cells); i++) {
		int verdict = verdict_index(results_text(json_array_get(cells, i), "verdict"));
		if (verdict >= 0)
			counts[verdict]++;
	}
}

int verdict_is_failure(int verdict)
{
	return verdict == VERDICT_FAIL || verdict == VERDICT_ERROR;
}
