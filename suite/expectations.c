#include "suite/expectations.h"

#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runners/model/outcome.h"

static const char *const required_fields[] = {
	"client_teardown", "server_teardown", "first_teardown", "server_read_end",
	"server_write_error", "client_read_end", "client_write_error", "client_close",
	"bytes.c2s_read", "bytes.s2c_read",
};

int field_is_required(const char *field)
{
	for (size_t i = 0; i < sizeof required_fields / sizeof required_fields[0]; i++)
		if (strcmp(required_fields[i], field) == 0)
			return 1;
	return 0;
}

static int field_index(const char *name)
{
	for (size_t i = 0; i < outcome_field_count(); i++)
		if (strcmp(outcome_field_names[i], name) == 0)
			return (int)i;
	return -1;
}


static char *trim(char *text)
{
	while (isspace((unsigned char)*text))
		text++;
	char *end = text + strlen(text);
	while (end > text && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return text;
}

static int failf(char *error, size_t size, const char *name, int line, const char *format, ...)
{
	va_list args;
	int used = snprintf(error, size, "%s:%d: ", name, line);
	va_start(args, format);
	if (used >= 0 && (size_t)used < size)
		vsnprintf(error + used, size - (size_t)used, format, args);
	va_end(args);
	return -1;
}

static int parse_number(const char *text, int64_t *out)
{
	char *end;
	errno = 0;
	long long value = strtoll(text, &end, 10);
	if (errno || end == text || *end)
		return -1;
	*out = value;
	return 0;
}

/* One alternative of a numeric expectation: "N", ">=N", "<N", "N..M", or
 * for bytes read "all", "none", "some", "less". */
static int number_matches(const char *expected, int64_t actual, int64_t sent, int *bad)
{
	int64_t low, high;
	const char *dots = strstr(expected, "..");
	*bad = 0;
	if (strcmp(expected, "all") == 0) return actual == sent;
	if (strcmp(expected, "none") == 0) return actual == 0;
	if (strcmp(expected, "some") == 0) return actual > 0 && actual < sent;
	if (strcmp(expected, "less") == 0) return actual < sent;
	if (strncmp(expected, ">=", 2) == 0 && parse_number(expected + 2, &low) == 0) return actual >= low;
	if (strncmp(expected, "<=", 2) == 0 && parse_number(expected + 2, &high) == 0) return actual <= high;
	if (expected[0] == '>' && parse_number(expected + 1, &low) == 0) return actual > low;
	if (expected[0] == '<' && parse_number(expected + 1, &high) == 0) return actual < high;
	if (dots) {
		char left[FIELD_TEXT_SIZE];
		snprintf(left, sizeof left, "%.*s", (int)(dots - expected), expected);
		if (parse_number(left, &low) == 0 && parse_number(dots + 2, &high) == 0)
			return actual >= low && actual <= high;
	} else if (parse_number(expected, &low) == 0) {
		return actual == low;
	}
	*bad = 1;
	return 0;
}

static int alternative_matches(const char *expected, const char *actual, const char *sent)
{
	int64_t actual_number, sent_number = 0;
	int bad;
	if (strcmp(expected, "*") == 0 || strcmp(expected, actual) == 0)
		return 1;
	if (parse_number(actual, &actual_number) != 0)
		return 0;
	if (sent && parse_number(sent, &sent_number) != 0)
		return 0;
	if (!sent && isalpha((unsigned char)expected[0]))
		return 0;
	return number_matches(expected, actual_number, sent_number, &bad);
}

int expected_value_matches(const char *expected, const char *actual, const char *sent)
{
	char copy[FIELD_TEXT_SIZE], *save = NULL;
	snprintf(copy, sizeof copy, "%s", expected);
	for (char *alternative = strtok_r(copy, "|", &save); alternative; alternative = strtok_r(NULL, "|", &save)) {
		if (alternative_matches(trim(alternative), actual, sent))
			return 1;
	}
	return 0;
}

/* HTTP statuses and CURLcodes are words made of digits. */
static int is_code_field(const char *field)
{
	return strcmp(field, "http_status") == 0 || strcmp(field, "curl_code") == 0;
}

const char *expected_value_problem(const char *field, const char *expected)
{
	char copy[FIELD_TEXT_SIZE], *save = NULL;
	if (!*expected)
		return "the value is empty";
	snprintf(copy, sizeof copy, "%s", expected);
	int alternatives = 0;
	for (char *alternative = strtok_r(copy, "|", &save); alternative; alternative = strtok_r(NULL, "|", &save)) {
		char *text = trim(alternative);
		int bad = 0;
		alternatives++;
		if (strcmp(text, "*") == 0)
			continue;
		if (outcome_field_is_number(field)) {
			int reads = (strncmp(field, "bytes.", 6) == 0 && strstr(field, "_read")) ||
				    strcmp(field, "http_body") == 0;
			if (!reads && isalpha((unsigned char)text[0]))
				return "expected a number, or a comparison such as >=900 or 1..3";
			number_matches(text, 0, 0, &bad);
			if (bad)
				return reads ? "expected all, none, some, less, a number, or a comparison such as >=900"
					     : "expected a number, or a comparison such as >=900 or 1..3";
		} else if (is_code_field(field)) {
			if (!*text || strspn(text, "abcdefghijklmnopqrstuvwxyz0123456789") != strlen(text))
				return "expected a status or code number, or none";
		} else if (!*text || strspn(text, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_ ") != strlen(text)) {
			return "expected a word such as RST, eof or none";
		}
	}
	return alternatives ? NULL : "the value is empty";   /* only '|' separators */
}

static int parse_section_header(struct expectation_rule *rule, char *text, const char *name,
				int line, char *error, size_t size)
{
	char *end = strchr(text, ']'), *save = NULL;
	if (!end || trim(end + 1)[0])
		return failf(error, size, name, line, "a section header is '[GLOB ...]'");
	*end = '\0';
	for (char *glob = strtok_r(text + 1, " \t", &save); glob; glob = strtok_r(NULL, " \t", &save)) {
		if (rule->glob_count == RULE_GLOB_MAX)
			return failf(error, size, name, line, "more than %d globs in one section", RULE_GLOB_MAX);
		if (strchr(glob, '/') == NULL)
			return failf(error, size, name, line, "'%s' is not a cell glob (mode/pattern/family)", glob);
		rule->globs[rule->glob_count++] = strdup(glob);
	}
	if (rule->glob_count == 0)
		return failf(error, size, name, line, "the section names no cells");
	return 0;
}

static int set_text(char **slot, const char *value, const char *key, const char *name, int line,
		    char *error, size_t size)
{
	if (*slot)
		return failf(error, size, name, line, "'%s' given twice in one section", key);
	*slot = strdup(value);
	return 0;
}

static int parse_assignment(struct expectation_table *table, struct expectation_rule *rule,
			    char *text, const char *name, int line, char *error, size_t size)
{
	char *equals = strchr(text, '=');
	if (!equals)
		return failf(error, size, name, line, "expected 'field = value' or a '[GLOB]' section");
	*equals = '\0';
	char *key = trim(text), *value = trim(equals + 1);
	if (!rule) {
		if (strcmp(key, "platform") != 0)
			return failf(error, size, name, line, "'%s' comes before any [GLOB] section", key);
		snprintf(table->platform, sizeof table->platform, "%s", value);
		return 0;
	}
	if (strcmp(key, "reference") == 0) return set_text(&rule->reference, value, key, name, line, error, size);
	if (strcmp(key, "note") == 0) return set_text(&rule->note, value, key, name, line, error, size);
	if (strcmp(key, "deviation") == 0) return set_text(&rule->deviation, value, key, name, line, error, size);
	int index = field_index(key);
	if (index < 0)
		return failf(error, size, name, line, "unknown field '%s'", key);
	const char *problem = expected_value_problem(key, value);
	if (problem || strlen(value) >= FIELD_TEXT_SIZE)
		return failf(error, size, name, line, "bad value '%s' for %s: %s", value, key,
			     problem ? problem : "too long");
	snprintf(rule->values[index], FIELD_TEXT_SIZE, "%s", value);
	return 0;
}

static struct expectation_rule *new_rule(struct expectation_table *table, int line)
{
	struct expectation_rule *grown = realloc(table->rules, (table->count + 1) * sizeof *grown);
	if (!grown)
		return NULL;
	table->rules = grown;
	struct expectation_rule *rule = &table->rules[table->count++];
	memset(rule, 0, sizeof *rule);
	rule->line = line;
	return rule;
}

static int rule_sets_a_field(const struct expectation_rule *rule)
{
	for (size_t f = 0; f < JUDGED_FIELD_MAX; f++)
		if (rule->values[f][0])
			return 1;
	return 0;
}

/* A deviation or note only reaches a cell through a field its section sets:
 * a section without fields would be silently ignored. */
static int check_rule_complete(const struct expectation_rule *rule, const char *name, char *error, size_t size)
{
	if (rule && !rule->reference)
		return failf(error, size, name, rule->line, "the section has no 'reference ='");
	if (rule && !rule_sets_a_field(rule))
		return failf(error, size, name, rule->line, "the section sets no field, so its reference and deviation would apply to nothing");
	return 0;
}

static int parse_line(struct expectation_table *table, struct expectation_rule **rule, char *text,
		      const char *name, int line, char *error, size_t size)
{
	text = trim(text);
	if (!*text || *text == '#')
		return 0;
	if (*text != '[')
		return parse_assignment(table, *rule, text, name, line, error, size);
	if (check_rule_complete(*rule, name, error, size) != 0)
		return -1;
	if (!(*rule = new_rule(table, line)))
		return failf(error, size, name, line, "out of memory");
	return parse_section_header(*rule, text, name, line, error, size);
}

int expectation_table_parse(struct expectation_table *table, const char *name, const char *text,
			    char *error, size_t size)
{
	struct expectation_rule *rule = NULL;
	char *copy = strdup(text);
	int line = 0, status = 0;
	memset(table, 0, sizeof *table);
	table->path = strdup(name);
	if (!copy || !table->path) {
		free(copy);
		expectation_table_free(table);
		return failf(error, size, name, 0, "out of memory");
	}
	/* strtok_r would skip empty lines and so miscount them. */
	for (char *start = copy, *end; start && status == 0; start = end ? end + 1 : NULL) {
		end = strchr(start, '\n');
		if (end)
			*end = '\0';
		status = parse_line(table, &rule, start, name, ++line, error, size);
	}
	if (status == 0)
		status = check_rule_complete(rule, name, error, size);
	if (status == 0 && table->count == 0)
		status = failf(error, size, name, line, "the table has no [GLOB] sections");
	free(copy);
	if (status != 0)
		expectation_table_free(table);
	return status;
}

int expectation_table_load(struct expectation_table *table, const char *path, char *error, size_t size)
{
	FILE *file = fopen(path, "r");
	if (!file) {
		snprintf(error, size, "cannot read the expectation table %s: %s", path, strerror(errno));
		return -1;
	}
	char *text = NULL;
	size_t length = 0;
	FILE *memory = open_memstream(&text, &length);
	char buffer[4096];
	size_t got;
	while (memory && (got = fread(buffer, 1, sizeof buffer, file)) > 0)
		fwrite(buffer, 1, got, memory);
	/* fopen() opens a directory; only the read says EISDIR. */
	int read_errno = ferror(file) ? errno : 0;
	fclose(file);
	if (!memory || read_errno) {
		snprintf(error, size, "cannot read the expectation table %s: %s", path,
			 memory ? strerror(read_errno) : "out of memory");
		if (memory)
			fclose(memory);
		free(text);
		return -1;
	}
	fclose(memory);
	int status = expectation_table_parse(table, path, text, error, size);
	free(text);
	return status;
}

void expectation_table_free(struct expectation_table *table)
{
	for (size_t i = 0; i < table->count; i++) {
		for (size_t g = 0; g < table->rules[i].glob_count; g++)
			free(table->rules[i].globs[g]);
		free(table->rules[i].reference);
		free(table->rules[i].note);
		free(table->rules[i].deviation);
	}
	free(table->rules);
	free(table->path);
	memset(table, 0, sizeof *table);
}

static int rule_matches(const struct expectation_rule *rule, const char *cell_id)
{
	for (size_t g = 0; g < rule->glob_count; g++)
		if (fnmatch(rule->globs[g], cell_id, 0) == 0)
			return 1;
	return 0;
}

static void append_once(char *list, size_t size, const char *text)
{
	if (!text || !*text || strstr(list, text))
		return;
	size_t used = strlen(list);
	snprintf(list + used, size - used, "%s%s", used ? "; " : "", text);
}

size_t expectation_for_cell(const struct expectation_table *table, const char *cell_id,
			    struct judgement *judgement)
{
	const struct expectation_rule *source[JUDGED_FIELD_MAX] = { 0 };
	size_t matched = 0;
	memset(judgement, 0, sizeof *judgement);
	for (size_t i = 0; i < table->count; i++) {
		const struct expectation_rule *rule = &table->rules[i];
		if (!rule_matches(rule, cell_id))
			continue;
		matched++;
		for (size_t f = 0; f < outcome_field_count(); f++)
			if (rule->values[f][0]) {
				snprintf(judgement->expected[f], FIELD_TEXT_SIZE, "%s", rule->values[f]);
				snprintf(judgement->field_reference[f], JUDGED_TEXT_SIZE, "%s", rule->reference);
				source[f] = rule;
			}
	}
	/* Only rules still in force for some field speak for the cell. */
	for (size_t i = 0; i < table->count; i++) {
		const struct expectation_rule *rule = &table->rules[i];
		int in_force = 0;
		for (size_t f = 0; f < outcome_field_count(); f++)
			in_force |= source[f] == rule;
		if (!in_force)
			continue;
		append_once(judgement->reference, sizeof judgement->reference, rule->reference);
		append_once(judgement->note, sizeof judgement->note, rule->note);
		append_once(judgement->deviation, sizeof judgement->deviation, rule->deviation);
	}
	return matched;
}
