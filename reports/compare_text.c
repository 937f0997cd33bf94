#include "reports/compare_text.h"

#include <string.h>

#include "reports/compare.h"
#include "reports/results_fields.h"
#include "reports/terminal_text.h"

/* Wide enough for a column's longest value, which is clipped past this. */
#define COLUMN_MOST 40
#define FIRST_COLUMN 34

static void update_width(int *width, const char *text)
{
	int length = (int)strlen(text);
	if (length > *width)
		*width = length < COLUMN_MOST ? length : COLUMN_MOST;
}

static const char *string_or_empty(const json_t *value)
{
	return json_is_string(value) ? json_string_value(value) : "";
}

static int column_width(const json_t *comparison, size_t column)
{
	int width = 8;
	const json_t *cells = json_object_get(comparison, "cells");
	update_width(&width, results_text(json_array_get(json_object_get(comparison, "platforms"), column), "label"));
	for (size_t i = 0; i < json_array_size(cells); i++) {
		const json_t *cell = json_array_get(cells, i), *differences = json_object_get(cell, "differences");
		update_width(&width, string_or_empty(json_array_get(json_object_get(cell, "verdicts"), column)));
		for (size_t d = 0; d < json_array_size(differences); d++)
			update_width(&width, string_or_empty(json_array_get(
						     json_object_get(json_array_get(differences, d), "values"), column)));
	}
	return width;
}

/* One row: a first column, then one value per platform. */
static void print_row(FILE *out, const char *first, const json_t *values, const int *widths, size_t columns)
{
	fprintf(out, "%-*.*s", FIRST_COLUMN, FIRST_COLUMN, first);
	for (size_t c = 0; c < columns; c++) {
		const char *value = json_string_value(json_array_get(values, c));
		int width = c + 1 < columns ? widths[c] : 0;   /* no trailing blanks */
		fprintf(out, "  %-*.*s", width, widths[c], value ? value : "-");
	}
	fputs("\n", out);
}

static void print_header(FILE *out, const json_t *comparison, const int *widths, size_t columns)
{
	const json_t *platforms = json_object_get(comparison, "platforms");
	json_t *labels = json_array();
	for (size_t c = 0; c < columns; c++) {
		const json_t *platform = json_array_get(platforms, c);
		fprintf(out, "  [%zu] %s %s: %s\n", c + 1, results_text(platform, "label"),
			results_text(platform, "machine"),
			results_text(platform, "file"));
		json_array_append_new(labels, json_string(results_text(platform, "label")));
	}
	if (json_array_size(json_object_get(comparison, "cells")) > 0) {
		fputs("\n", out);
		print_row(out, "cell (verdicts) / field", labels, widths, columns);
	}
	json_decref(labels);
}

static void print_cells(FILE *out, const json_t *cells, const int *widths, size_t columns)
{
	for (size_t i = 0; i < json_array_size(cells); i++) {
		const json_t *cell = json_array_get(cells, i), *differences = json_object_get(cell, "differences");
		print_row(out, results_text(cell, "id"), json_object_get(cell, "verdicts"), widths, columns);
		for (size_t d = 0; d < json_array_size(differences); d++) {
			const json_t *difference = json_array_get(differences, d);
			char field[FIRST_COLUMN + 1];
			snprintf(field, sizeof field, "  %s", results_text(difference, "field"));
			print_row(out, field, json_object_get(difference, "values"), widths, columns);
		}
	}
}

static void print_missing(FILE *out, const json_t *missing, size_t columns)
{
	if (json_array_size(missing) == 0)
		return;
	fprintf(out, "\nnot in every file, so not compared (%zu):\n", json_array_size(missing));
	for (size_t i = 0; i < json_array_size(missing); i++) {
		const json_t *cell = json_array_get(missing, i);
		fprintf(out, "  %-*s", FIRST_COLUMN - 2, results_text(cell, "id"));
		for (size_t c = 0; c < columns; c++) {
			int present = json_is_true(json_array_get(json_object_get(cell, "present"), c));
			fprintf(out, "  [%zu] %s", c + 1, present ? "yes" : "no");
		}
		fputs("\n", out);
	}
}

static void print_comparison(FILE *out, const void *context)
{
	const json_t *comparison = context, *cells = json_object_get(comparison, "cells");
	size_t columns = json_array_size(json_object_get(comparison, "platforms"));
	int widths[COMPARE_FILES_MAX];
	if (columns > COMPARE_FILES_MAX)
		columns = COMPARE_FILES_MAX;
	for (size_t c = 0; c < columns; c++)
		widths[c] = column_width(comparison, c);
	long long compared = results_integer(comparison, "compared"), differing = results_integer(comparison, "differing");
	if (differing == 0)
		fprintf(out, "finrst compare: the %lld cells in every file have the same outcomes\n", compared);
	else
		fprintf(out, "finrst compare: %lld of the %lld cells in every file have different outcomes\n", differing,
			compared);
	print_header(out, comparison, widths, columns);
	print_cells(out, cells, widths, columns);
	print_missing(out, json_object_get(comparison, "missing"), columns);
}

void compare_text_print(FILE *out, const json_t *comparison)
{
	terminal_text_print(out, print_comparison, comparison);
}
