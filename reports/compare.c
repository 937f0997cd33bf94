#include "reports/compare.h"

#include <string.h>

#include "runners/model/outcome.h"
#include "runners/model/outcome_facts.h"
#include "reports/results_fields.h"

/* Each platform makes one column, so none may go missing: a file name that
 * is not UTF-8 (JSON cannot hold it) is replaced rather than dropped. */
static json_t *platform_json(const struct compare_input *input)
{
	const json_t *platform = json_object_get(input->results, "platform");
	const char *system = results_text(platform, "system"), *release = results_text(platform, "release");
	json_t *file = json_string(input->path);
	return json_pack("{s:o, s:s, s:s, s:s, s:o}", "file", file ? file : json_string("(a file name that is not UTF-8)"),
			 "system", system, "release", release, "machine", results_text(platform, "machine"), "label",
			 json_sprintf("%s%s%s", *system ? system : "unknown system", *release ? " " : "", release));
}

static const json_t *cell_by_id(const json_t *results, const char *id)
{
	const json_t *cells = json_object_get(results, "cells");
	for (size_t i = 0; i < json_array_size(cells); i++)
		if (strcmp(results_text(json_array_get(cells, i), "id"), id) == 0)
			return json_array_get(cells, i);
	return NULL;
}

/* "skip: no capture" or "error: timeout after 10000 ms": the verdict and why. */
static json_t *verdict_value(const json_t *cell)
{
	const char *verdict = results_text(cell, "verdict"), *why = results_text(cell, "error");
	return *why ? json_sprintf("%s: %s", verdict, why) : json_string(verdict);
}

/* Appends {"field", "values"} to `differences` when the `facts` are not all
 * equal; `values` (what is shown) may say more than the facts. */
static void compare_field(json_t *differences, const char *field, json_t *facts, json_t *values)
{
	for (size_t i = 1; i < json_array_size(facts); i++)
		if (!json_equal(json_array_get(facts, 0), json_array_get(facts, i))) {
			json_array_append_new(differences, json_pack("{s:s, s:O}", "field", field, "values", values));
			break;
		}
	json_decref(facts);
	json_decref(values);
}

static int outcome_is_fact(const json_t *const *cells, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		int verdict = verdict_index(results_text(cells[i], "verdict"));
		if (verdict == VERDICT_SKIP || verdict == VERDICT_ERROR)
			return 0;
	}
	return 1;
}

/* By facts, as --repeat judges runs: a share of bytes read, a duration to
 * the half second. Two kernels' buffer sizes and speeds differ; that is not
 * a difference in how they tear a connection down. */
static void compare_outcome_field(json_t *differences, const json_t *const *cells, size_t count, const char *field)
{
	json_t *facts = json_array(), *values = json_array();
	for (size_t i = 0; i < count; i++) {
		char value[64], whole[64] = "", fact[64], shown[160];
		const json_t *outcome = json_object_get(cells[i], "outcome");
		results_field_text(outcome, field, value, sizeof value);
		if (outcome_fact_whole(field))
			results_field_text(outcome, outcome_fact_whole(field), whole, sizeof whole);
		outcome_fact(field, value, *whole ? whole : NULL, fact, sizeof fact, shown, sizeof shown);
		json_array_append_new(facts, json_string(fact));
		json_array_append_new(values, json_string(shown));
	}
	compare_field(differences, field, facts, values);
}

static json_t *cell_differences(const json_t *const *cells, size_t count)
{
	json_t *differences = json_array();
	if (!outcome_is_fact(cells, count)) {
		json_t *values = json_array();
		for (size_t i = 0; i < count; i++)
			json_array_append_new(values, verdict_value(cells[i]));
		compare_field(differences, "verdict", json_incref(values), values);
		return differences;
	}
	for (size_t f = 0; f < outcome_field_count(); f++)
		if (!outcome_fact_is_whole(outcome_field_names[f]))
			compare_outcome_field(differences, cells, count, outcome_field_names[f]);
	return differences;
}

/* Every id of every file, each once, in the order first seen. */
static json_t *all_ids(const struct compare_input *inputs, size_t count)
{
	json_t *ids = json_array(), *seen = json_object();
	for (size_t f = 0; f < count; f++) {
		const json_t *cells = json_object_get(inputs[f].results, "cells");
		for (size_t i = 0; i < json_array_size(cells); i++) {
			const char *id = results_text(json_array_get(cells, i), "id");
			if (json_object_get(seen, id))
				continue;
			json_object_set_new(seen, id, json_true());
			json_array_append_new(ids, json_string(id));
		}
	}
	json_decref(seen);
	return ids;
}

/* Compares one id across the files: into "cells" when it differs, into
 * "missing" when some file lacks it. Returns whether it was compared. */
static int compare_id(const struct compare_input *inputs, size_t count, const char *id, json_t *comparison)
{
	const json_t *cells[COMPARE_FILES_MAX];
	json_t *present = json_array(), *verdicts = json_array();
	int everywhere = 1;
	for (size_t f = 0; f < count; f++) {
		cells[f] = cell_by_id(inputs[f].results, id);
		everywhere &= cells[f] != NULL;
		json_array_append_new(present, json_boolean(cells[f] != NULL));
		json_array_append_new(verdicts, cells[f] ? json_string(results_text(cells[f], "verdict")) : json_null());
	}
	if (!everywhere) {
		json_array_append_new(json_object_get(comparison, "missing"),
				      json_pack("{s:s, s:o}", "id", id, "present", present));
		json_decref(verdicts);
		return 0;
	}
	json_decref(present);
	json_t *differences = cell_differences(cells, count);
	if (json_array_size(differences) > 0)
		json_array_append_new(json_object_get(comparison, "cells"),
				      json_pack("{s:s, s:o, s:o}", "id", id, "verdicts", verdicts, "differences",
						differences));
	else {
		json_decref(verdicts);
		json_decref(differences);
	}
	return 1;
}

json_t *compare_results(const struct compare_input *inputs, size_t count)
{
	json_t *platforms = json_array(), *ids = all_ids(inputs, count);
	for (size_t f = 0; f < count; f++)
		json_array_append_new(platforms, platform_json(&inputs[f]));
	json_t *comparison = json_pack("{s:o, s:[], s:[]}", "platforms", platforms, "cells", "missing");
	size_t compared = 0;
	for (size_t i = 0; comparison && i < json_array_size(ids); i++)
		compared += (size_t)compare_id(inputs, count, json_string_value(json_array_get(ids, i)), comparison);
	json_decref(ids);
	if (comparison) {
		json_object_set_new(comparison, "compared", json_integer((json_int_t)compared));
		json_object_set_new(comparison, "differing",
				    json_integer((json_int_t)json_array_size(json_object_get(comparison, "cells"))));
	}
	return comparison;
}
