#include "suite/judge.h"

#include <stdio.h>
#include <string.h>

#include "runners/model/outcome.h"
#include "runners/model/outcome_facts.h"

static int is_wire_field(const char *field)
{
	return strstr(field, "teardown") != NULL;
}

/* What a share such as "bytes.x_read" is measured against ("bytes.x_sent",
 * or for http_body what Content-Length declared), as a text; NULL when the
 * field is not a share. */
static const char *sent_counterpart(const struct outcome *outcome, const char *field, char *out, size_t size)
{
	const char *whole = outcome_fact_whole(field);
	return whole && outcome_field_value(outcome, whole, out, size) == 0 ? out : NULL;
}

static void add_mismatch(struct judgement *judgement, size_t field, const char *expected, const char *actual)
{
	struct mismatch *mismatch = &judgement->mismatches[judgement->mismatch_count++];
	snprintf(mismatch->field, sizeof mismatch->field, "%s", outcome_field_names[field]);
	snprintf(mismatch->expected, sizeof mismatch->expected, "%s", expected);
	snprintf(mismatch->actual, sizeof mismatch->actual, "%s", actual);
	mismatch->field_index = field;
}

static void compare_fields(struct cell_result *result)
{
	struct judgement *judgement = &result->judgement;
	for (size_t f = 0; f < outcome_field_count(); f++) {
		const char *field = outcome_field_names[f];
		char actual[FIELD_TEXT_SIZE], sent[FIELD_TEXT_SIZE];
		const char *expected = judgement->expected[f];
		if (!*expected) {
			if (field_is_required(field))
				add_mismatch(judgement, f, "(no expectation)", "");
			continue;
		}
		if (is_wire_field(field) && !result->wire_seen)
			continue;
		outcome_field_value(&result->outcome, field, actual, sizeof actual);
		if (!expected_value_matches(expected, actual, sent_counterpart(&result->outcome, field, sent, sizeof sent)))
			add_mismatch(judgement, f, expected, actual);
	}
}

void judge_cell(const struct expectation_table *table, struct cell_result *result)
{
	size_t rules = expectation_for_cell(table, result->cell.id, &result->judgement);
	if (result->verdict == VERDICT_ERROR || result->verdict == VERDICT_SKIP)
		return;
	if (rules == 0) {
		snprintf(result->error, sizeof result->error, "no rule of %s matches this cell", table->path);
		result->verdict = VERDICT_FAIL;
		return;
	}
	compare_fields(result);
	if (result->judgement.mismatch_count > 0)
		result->verdict = VERDICT_FAIL;
	else if (result->judgement.deviation[0])
		result->verdict = VERDICT_XFAIL;
	else
		result->verdict = VERDICT_PASS;
}
