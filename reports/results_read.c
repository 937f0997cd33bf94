#include "reports/results_read.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "reports/results_fields.h"
#include "reports/results_json.h"

/* Why jansson met the end of the input before the document was complete:
 * the file stops there (truncated), or a NUL byte, which jansson takes for
 * the end, comes before the end of the file. "" when it did not end early. */
static const char *early_end(const json_error_t *problem, const struct stat *facts)
{
	if (!strstr(problem->text, "near end of file") && !strstr(problem->text, "premature end of input"))
		return "";
	if (S_ISREG(facts->st_mode) && (off_t)problem->position < facts->st_size)
		return " (a NUL byte stops the text before the end of the file)";
	return " (the file is truncated)";
}

/* jansson quotes the input near the problem as it is: a newline or an
 * escape sequence there would break the one-line error or the terminal. */
static void quote_one_line(const char *text, char *out, size_t size)
{
	size_t used = 0;
	for (const unsigned char *c = (const unsigned char *)text; *c && used + 5 < size; c++) {
		if (*c < 0x20 || *c == 0x7f)
			used += (size_t)snprintf(out + used, size - used, "\\x%02x", *c);
		else
			out[used++] = (char)*c;
	}
	out[used] = '\0';
}

static json_t *parse_file(const char *path, char *error, size_t size)
{
	FILE *file = fopen(path, "r");
	if (!file) {
		snprintf(error, size, "cannot read %s: %s", path, strerror(errno));
		return NULL;
	}
	/* A directory opens; only its reads fail, which stdio would not say why. */
	struct stat facts;
	if (fstat(fileno(file), &facts) != 0 || S_ISDIR(facts.st_mode)) {
		snprintf(error, size, "cannot read %s: %s", path, strerror(S_ISDIR(facts.st_mode) ? EISDIR : errno));
		fclose(file);
		return NULL;
	}
	if (S_ISREG(facts.st_mode) && facts.st_size == 0) {
		snprintf(error, size, "%s: not valid JSON: the file is empty", path);
		fclose(file);
		return NULL;
	}
	json_error_t problem;
	json_t *document = json_loadf(file, JSON_REJECT_DUPLICATES, &problem);
	int read_failed = ferror(file);
	fclose(file);
	if (read_failed) {
		snprintf(error, size, "cannot read %s: %s", path, strerror(EIO));
		json_decref(document);
		return NULL;
	}
	if (!document) {
		char text[4 * JSON_ERROR_TEXT_LENGTH + 1];
		quote_one_line(problem.text, text, sizeof text);
		snprintf(error, size, "%s:%d:%d: not valid JSON: %s%s", path, problem.line, problem.column, text,
			 early_end(&problem, &facts));
	}
	return document;
}

static int check_identity(const json_t *document, const char *path, char *error, size_t size)
{
	const json_t *format = json_object_get(document, "format");
	const json_t *version = json_object_get(document, "version");
	if (!json_is_object(document) || !json_is_string(format) || strcmp(json_string_value(format), RESULTS_FORMAT)) {
		snprintf(error, size, "%s is not finrst results (no \"format\": \"%s\")", path, RESULTS_FORMAT);
		return -1;
	}
	if (!json_is_integer(version) || json_integer_value(version) != RESULTS_VERSION) {
		char shown[40] = "no version";
		if (version)
			snprintf(shown, sizeof shown, "a version that is not a whole number");
		if (json_is_integer(version))
			snprintf(shown, sizeof shown, "version %lld", (long long)json_integer_value(version));
		snprintf(error, size, "%s is finrst results of %s, which this finrst cannot read (it reads version %d)",
			 path, shown, RESULTS_VERSION);
		return -1;
	}
	return 0;
}

/* Only what every report relies on; the rest may be missing and shows as such. */
static int check_cells(const json_t *document, const char *path, char *error, size_t size)
{
	static const char *const required[] = { "id", "mode", "pattern", "family", "verdict" };
	const json_t *cells = json_object_get(document, "cells");
	if (!json_is_array(cells)) {
		snprintf(error, size, "%s: \"cells\" is missing or not an array", path);
		return -1;
	}
	for (size_t i = 0; i < json_array_size(cells); i++) {
		const json_t *cell = json_array_get(cells, i);
		if (!json_is_object(cell)) {
			snprintf(error, size, "%s: cells[%zu] is not an object", path, i);
			return -1;
		}
		for (size_t k = 0; k < sizeof required / sizeof *required; k++)
			if (!json_is_string(json_object_get(cell, required[k]))) {
				snprintf(error, size, "%s: cells[%zu] has no \"%s\" string", path, i, required[k]);
				return -1;
			}
		if (verdict_index(results_text(cell, "verdict")) < 0) {
			snprintf(error, size, "%s: cells[%zu] has an unknown verdict (not pass, fail, xfail, skip or error)",
				 path, i);
			return -1;
		}
	}
	return 0;
}

json_t *results_load(const char *path, char *error, size_t size)
{
	json_t *document = parse_file(path, error, size);
	if (document &&
	    (check_identity(document, path, error, size) != 0 || check_cells(document, path, error, size) != 0)) {
		json_decref(document);
		return NULL;
	}
	return document;
}
