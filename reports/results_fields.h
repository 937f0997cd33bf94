/* Reading the fields of a results document (see results_json.h) the same way
 * in every report: a missing or mistyped field reads as "" or 0, so that a
 * report of a damaged or foreign-made file shows the gap instead of failing. */
#ifndef FINRST_RESULTS_FIELDS_H
#define FINRST_RESULTS_FIELDS_H

#include <jansson.h>
#include <stddef.h>

#include "runners/model/cell.h"

/* object[key] as a string, or "" when it is absent or not a string. */
const char *results_text(const json_t *object, const char *key);
/* object[key] as a number, or 0. */
double results_number(const json_t *object, const char *key);
/* object[key] as a whole number, or 0; a real is truncated and clamped, so
 * that no value in a file makes the conversion undefined. */
long long results_integer(const json_t *object, const char *key);

/* The enum verdict named `name` ("pass" ... "error"), or -1. */
int verdict_index(const char *name);

/* An outcome field ("client_teardown", "bytes.c2s_read") of an "outcome" or
 * "expected" object as text: strings as they are, numbers in decimal, "" when
 * absent. */
void results_field_text(const json_t *values, const char *field, char *out, size_t size);

/* Counts the cells of each verdict (indexed by enum verdict). The cells are
 * counted rather than "summary" trusted, so a report never contradicts itself. */
void results_count_verdicts(const json_t *document, size_t counts[VERDICT_ERROR + 1]);

/* Whether the verdict is one a run fails on. */
int verdict_is_failure(int verdict);

#endif
