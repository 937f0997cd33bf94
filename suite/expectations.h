/* Expectation tables: one file per platform (suite/expectations/linux.exp),
 * sections of rules whose globs select cells, later rules overriding earlier
 * ones field by field, each with its reference.
 *
 *   [close-unread/write-first/ipv4 close-unread/lingering-close/ipv6]
 *   client_teardown = RST
 *   bytes.c2s_read  = all
 *   reference = RFC 9293 §3.6.1 (SHLD-3); Linux net/ipv4/tcp.c __tcp_close
 *   note = ...
 *   deviation = ...      (the platform departs from the RFC here: verdict xfail)
 */
#ifndef FINRST_EXPECTATIONS_H
#define FINRST_EXPECTATIONS_H

#include <stddef.h>

#include "runners/model/cell.h"

#define RULE_GLOB_MAX 16

struct expectation_rule {
	int line;
	size_t glob_count;
	char *globs[RULE_GLOB_MAX];
	char values[JUDGED_FIELD_MAX][FIELD_TEXT_SIZE];   /* "" where the rule is silent */
	char *reference, *note, *deviation;
};

struct expectation_table {
	char *path;
	char platform[32];         /* from "platform = linux" at the top */
	struct expectation_rule *rules;
	size_t count;
};

/* Returns 0, or -1 with "FILE:LINE: what is wrong" in `error`. */
int expectation_table_load(struct expectation_table *table, const char *path, char *error, size_t size);
/* The same from text in memory, `name` standing for the file in errors. */
int expectation_table_parse(struct expectation_table *table, const char *name, const char *text,
			    char *error, size_t size);
void expectation_table_free(struct expectation_table *table);

/* Fills `judgement` with the expectation in force for `cell_id`. Returns the
 * number of rules that matched. */
size_t expectation_for_cell(const struct expectation_table *table, const char *cell_id,
			    struct judgement *judgement);

/* Whether an outcome value meets an expected value: words ("RST", "eof|blocked",
 * "*"), numbers ("0", ">=900", "1..3"), and for bytes read: "all", "none",
 * "some", "less" measured against `sent`. */
int expected_value_matches(const char *expected, const char *actual, const char *sent);
/* Checks the syntax of an expected value for `field`; NULL or the problem. */
const char *expected_value_problem(const char *field, const char *expected);

/* The fields every cell must have an expectation for. */
int field_is_required(const char *field);

#endif
