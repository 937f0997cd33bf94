/* Tests of the expectation tables: the parser on texts in memory (a valid
 * table, then every error with its "NAME:LINE: ..." message), the matching
 * of expected values, and the real table, suite/expectations/linux.exp,
 * against the whole matrix.
 *
 * usage: test_expectations [TABLE]   (default suite/expectations/linux.exp,
 * relative to the repository root, where tests/run-tests.sh runs) */
#include "suite/expectations.h"

#include <CUnit/Basic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runners/engine/matrix.h"
#include "runners/model/outcome.h"

static const char *real_table_path = "suite/expectations/linux.exp";

/* ---- assertions that say what differed ---- */

static void check_text(const char *what, const char *expected, const char *actual, unsigned line)
{
	char message[1024];
	snprintf(message, sizeof message, "%s: expected \"%s\", got \"%s\"", what, expected,
		 actual ? actual : "(null)");
	CU_assertImplementation(actual && strcmp(expected, actual) == 0, line, message, __FILE__, "", CU_FALSE);
}

static void check_number(const char *what, long long expected, long long actual, unsigned line)
{
	char message[512];
	snprintf(message, sizeof message, "%s: expected %lld, got %lld", what, expected, actual);
	CU_assertImplementation(expected == actual, line, message, __FILE__, "", CU_FALSE);
}

#define CHECK_TEXT(what, expected, actual) check_text(what, expected, actual, __LINE__)
#define CHECK_NUMBER(what, expected, actual) \
	check_number(what, (long long)(expected), (long long)(actual), __LINE__)

static size_t field(const char *name)
{
	for (size_t i = 0; i < outcome_field_count(); i++)
		if (strcmp(outcome_field_names[i], name) == 0)
			return i;
	CU_FAIL_FATAL("a field name the test uses is not an outcome field");
	return 0;
}

/* ---- a valid table ---- */

static const char valid_table[] =
	"# A test table: comments, blank lines and odd spacing are allowed.\n"
	"platform = testos\n"
	"\n"
	"[*/*/*]\n"                                                     /* line 4 */
	"client_teardown = FIN\n"
	"server_teardown = FIN\n"
	"server_read_end = eof\n"
	"reference = REF-ALL\n"
	"note = NOTE-ALL\n"
	"\n"
	"[close/*/*   shut-wr/*/ipv4]\n"                                /* line 11 */
	"  client_teardown=RST  \n"
	"bytes.c2s_read = all\n"
	"reference = REF-CLOSE\n"
	"\n"
	"[close/drain/*]\n"                                             /* line 16 */
	"client_teardown = FIN RST\n"
	"server_read_end = eof|blocked\n"
	"client_close_ms = >=900\n"
	"note = NOTE-DRAIN\n"
	"deviation = DEV-DRAIN\n"
	"reference = REF-DRAIN\n"
	"\n"
	"# fully overridden below for ipv6: it must not speak for close/idle/ipv6\n"
	"[close/idle/*]\r\n"                                            /* line 25 */
	"client_teardown = RST\r\n"
	"note = NOTE-SHADOWED\r\n"
	"deviation = DEV-SHADOWED\r\n"
	"reference = REF-SHADOWED\r\n"
	"\n"
	"[close/idle/ipv6]\n"                                           /* line 31 */
	"client_teardown = none\n"
	"reference = REF-IDLE6\n"
	"\n"
	"[linger0/*/*]\n"                                               /* line 35 */
	"deviation = DEV-LINGER\n"
	"client_teardown = RST\n"
	"reference = REF-LINGER-A\n"
	"[linger0/idle/*]\n"                                            /* line 39 */
	"deviation = DEV-LINGER\n"
	"server_teardown = none\n"
	"reference = REF-LINGER-B\n";

static struct expectation_table table;

static int load_valid_table(void)
{
	char error[512];
	if (expectation_table_parse(&table, "valid.exp", valid_table, error, sizeof error) != 0) {
		fprintf(stderr, "valid.exp does not parse: %s\n", error);
		return -1;
	}
	return 0;
}

static int free_valid_table(void)
{
	expectation_table_free(&table);
	return 0;
}

static void test_valid_table_structure(void)
{
	CHECK_TEXT("path", "valid.exp", table.path);
	CHECK_TEXT("platform", "testos", table.platform);
	CHECK_NUMBER("rule count", 7, table.count);
	if (table.count != 7)
		return;
	const int lines[] = { 4, 11, 16, 25, 31, 35, 39 };
	for (size_t i = 0; i < 7; i++)
		CHECK_NUMBER("rule line", lines[i], table.rules[i].line);
	CHECK_NUMBER("globs of rule 2", 2, table.rules[1].glob_count);
	CHECK_TEXT("first glob of rule 2", "close/*/*", table.rules[1].globs[0]);
	CHECK_TEXT("second glob of rule 2", "shut-wr/*/ipv4", table.rules[1].globs[1]);
	CHECK_TEXT("value with spaces around '='", "RST", table.rules[1].values[field("client_teardown")]);
	CHECK_TEXT("value of two words", "FIN RST", table.rules[2].values[field("client_teardown")]);
	CHECK_TEXT("silent field", "", table.rules[1].values[field("server_teardown")]);
	CHECK_TEXT("reference", "REF-DRAIN", table.rules[2].reference);
	CHECK_TEXT("note", "NOTE-DRAIN", table.rules[2].note);
	CHECK_TEXT("deviation", "DEV-DRAIN", table.rules[2].deviation);
	CHECK_TEXT("value on a CRLF line", "RST", table.rules[3].values[field("client_teardown")]);
	CHECK_TEXT("reference on a CRLF line", "REF-SHADOWED", table.rules[3].reference);
	CU_ASSERT_PTR_NULL(table.rules[1].note);
	CU_ASSERT_PTR_NULL(table.rules[1].deviation);
}

static void test_later_section_wins_per_field(void)
{
	struct judgement j;
	CHECK_NUMBER("rules matching close/drain/ipv4", 3, expectation_for_cell(&table, "close/drain/ipv4", &j));
	CHECK_TEXT("client_teardown (last rule)", "FIN RST", j.expected[field("client_teardown")]);
	CHECK_TEXT("server_teardown (first rule)", "FIN", j.expected[field("server_teardown")]);
	CHECK_TEXT("server_read_end (alternatives)", "eof|blocked", j.expected[field("server_read_end")]);
	CHECK_TEXT("bytes.c2s_read (middle rule)", "all", j.expected[field("bytes.c2s_read")]);
	CHECK_TEXT("client_close_ms", ">=900", j.expected[field("client_close_ms")]);
	CHECK_TEXT("not judged", "", j.expected[field("client_write_error")]);
	CHECK_TEXT("reference of client_teardown", "REF-DRAIN", j.field_reference[field("client_teardown")]);
	CHECK_TEXT("reference of server_teardown", "REF-ALL", j.field_reference[field("server_teardown")]);
	CHECK_TEXT("reference of bytes.c2s_read", "REF-CLOSE", j.field_reference[field("bytes.c2s_read")]);
	CHECK_TEXT("reference of an unjudged field", "", j.field_reference[field("client_write_error")]);
	CHECK_TEXT("joined references, in table order", "REF-ALL; REF-CLOSE; REF-DRAIN", j.reference);
	CHECK_TEXT("joined notes", "NOTE-ALL; NOTE-DRAIN", j.note);
	CHECK_TEXT("deviation propagates", "DEV-DRAIN", j.deviation);
	CHECK_NUMBER("no mismatches yet", 0, j.mismatch_count);
}

static void test_second_glob_of_a_section(void)
{
	struct judgement j;
	CHECK_NUMBER("rules matching shut-wr/drain/ipv4", 2, expectation_for_cell(&table, "shut-wr/drain/ipv4", &j));
	CHECK_TEXT("client_teardown", "RST", j.expected[field("client_teardown")]);
	CHECK_TEXT("references", "REF-ALL; REF-CLOSE", j.reference);
	CHECK_TEXT("notes", "NOTE-ALL", j.note);
	CHECK_TEXT("no deviation", "", j.deviation);

	CHECK_NUMBER("rules matching shut-wr/drain/ipv6", 1, expectation_for_cell(&table, "shut-wr/drain/ipv6", &j));
	CHECK_TEXT("client_teardown", "FIN", j.expected[field("client_teardown")]);
	CHECK_TEXT("bytes.c2s_read not judged", "", j.expected[field("bytes.c2s_read")]);
	CHECK_TEXT("references", "REF-ALL", j.reference);
}

static void test_overridden_section_does_not_speak(void)
{
	struct judgement j;
	CHECK_NUMBER("rules matching close/idle/ipv6", 4, expectation_for_cell(&table, "close/idle/ipv6", &j));
	CHECK_TEXT("client_teardown", "none", j.expected[field("client_teardown")]);
	CHECK_TEXT("reference of client_teardown", "REF-IDLE6", j.field_reference[field("client_teardown")]);
	/* The close rule is still in force through bytes.c2s_read; the close/idle rule through nothing. */
	CHECK_TEXT("references", "REF-ALL; REF-CLOSE; REF-IDLE6", j.reference);
	CHECK_TEXT("notes", "NOTE-ALL", j.note);
	CHECK_TEXT("the overridden deviation is gone", "", j.deviation);

	CHECK_NUMBER("rules matching close/idle/ipv4", 3, expectation_for_cell(&table, "close/idle/ipv4", &j));
	CHECK_TEXT("client_teardown", "RST", j.expected[field("client_teardown")]);
	CHECK_TEXT("references", "REF-ALL; REF-CLOSE; REF-SHADOWED", j.reference);
	CHECK_TEXT("notes", "NOTE-ALL; NOTE-SHADOWED", j.note);
	CHECK_TEXT("deviation", "DEV-SHADOWED", j.deviation);
}

static void test_same_text_joined_once(void)
{
	struct judgement j;
	CHECK_NUMBER("rules matching linger0/idle/ipv4", 3, expectation_for_cell(&table, "linger0/idle/ipv4", &j));
	CHECK_TEXT("client_teardown", "RST", j.expected[field("client_teardown")]);
	CHECK_TEXT("server_teardown", "none", j.expected[field("server_teardown")]);
	CHECK_TEXT("references", "REF-ALL; REF-LINGER-A; REF-LINGER-B", j.reference);
	CHECK_TEXT("the deviation of two rules, once", "DEV-LINGER", j.deviation);
}

static void test_no_rule_matches(void)
{
	struct expectation_table small;
	struct judgement j;
	char error[256];
	CU_ASSERT_EQUAL_FATAL(expectation_table_parse(&small, "small.exp", "[close/*/*]\nclient_teardown = FIN\n"
							  "reference = R\n", error, sizeof error), 0);
	memset(&j, 'x', sizeof j);
	CHECK_NUMBER("rules matching drain", 0, expectation_for_cell(&small, "shut-wr/drain/ipv4", &j));
	for (size_t f = 0; f < outcome_field_count(); f++)
		CHECK_TEXT(outcome_field_names[f], "", j.expected[f]);
	CHECK_TEXT("reference", "", j.reference);
	CHECK_TEXT("note", "", j.note);
	CHECK_TEXT("deviation", "", j.deviation);
	CHECK_NUMBER("the platform line is optional", 0, strlen(small.platform));
	expectation_table_free(&small);
	CU_ASSERT_PTR_NULL(small.rules);
	CU_ASSERT_PTR_NULL(small.path);
	CHECK_NUMBER("count after free", 0, small.count);
}

/* ---- every error, with its message ---- */

struct bad_table {
	const char *what;
	const char *text;
	const char *error;
};

static const struct bad_table bad_tables[] = {
	{ "unknown field", "[*/*/*]\nclient_teardwn = FIN\nreference = R\n",
	  "bad.exp:2: unknown field 'client_teardwn'" },
	{ "a bytes field outside 'bytes.'", "[*/*/*]\nreference = R\nc2s_read = all\n",
	  "bad.exp:3: unknown field 'c2s_read'" },
	{ "platform inside a section", "[*/*/*]\nreference = R\nplatform = linux\n",
	  "bad.exp:3: unknown field 'platform'" },
	{ "bad value for a word field", "[*/*/*]\nreference = R\nclient_teardown = R5T\n",
	  "bad.exp:3: bad value 'R5T' for client_teardown: expected a word such as RST, eof or none" },
	{ "punctuation in a word field", "[*/*/*]\nserver_read_end = eof,blocked\nreference = R\n",
	  "bad.exp:2: bad value 'eof,blocked' for server_read_end: expected a word such as RST, eof or none" },
	{ "an empty alternative in a word field", "[*/*/*]\nserver_read_end = eof| |blocked\nreference = R\n",
	  "bad.exp:2: bad value 'eof| |blocked' for server_read_end: expected a word such as RST, eof or none" },
	{ "empty value", "[*/*/*]\nclient_close =\nreference = R\n",
	  "bad.exp:2: bad value '' for client_close: the value is empty" },
	{ "only separators", "[*/*/*]\nclient_close = |\nreference = R\n",
	  "bad.exp:2: bad value '|' for client_close: the value is empty" },
	{ "bad numeric value", "[*/*/*]\nreference = R\nclient_close_ms = soon\n",
	  "bad.exp:3: bad value 'soon' for client_close_ms: expected a number, or a comparison such as >=900 or 1..3" },
	{ "bad comparison", "[*/*/*]\nreference = R\nclient_close_ms = >=soon\n",
	  "bad.exp:3: bad value '>=soon' for client_close_ms: expected a number, or a comparison such as >=900 or 1..3" },
	{ "a bytes word for sent bytes", "[*/*/*]\nreference = R\nbytes.c2s_sent = all\n",
	  "bad.exp:3: bad value 'all' for bytes.c2s_sent: expected a number, or a comparison such as >=900 or 1..3" },
	{ "bad bytes read value", "[*/*/*]\nreference = R\nbytes.s2c_read = lots\n",
	  "bad.exp:3: bad value 'lots' for bytes.s2c_read: expected all, none, some, less, a number, or a comparison such as >=900" },
	{ "bad range", "[*/*/*]\nreference = R\nbytes.c2s_read = 1..x\n",
	  "bad.exp:3: bad value '1..x' for bytes.c2s_read: expected all, none, some, less, a number, or a comparison such as >=900" },
	{ "a value too long", "[*/*/*]\nreference = R\nserver_read_end = eof|blocked|eof|blocked|eof|blocked|eof|blocked|eof\n",
	  "bad.exp:3: bad value 'eof|blocked|eof|blocked|eof|blocked|eof|blocked|eof' for server_read_end: too long" },
	{ "a key before any section", "platform = linux\n\nclient_teardown = FIN\n[*/*/*]\nreference = R\n",
	  "bad.exp:3: 'client_teardown' comes before any [GLOB] section" },
	{ "a reference before any section", "reference = R\n[*/*/*]\nreference = R\n",
	  "bad.exp:1: 'reference' comes before any [GLOB] section" },
	{ "a line that is not an assignment", "[*/*/*]\nreference = R\nclient_teardown FIN\n",
	  "bad.exp:3: expected 'field = value' or a '[GLOB]' section" },
	{ "a section without reference", "[*/*/*]\nclient_teardown = FIN\n\n[close/*/*]\nreference = R\n",
	  "bad.exp:1: the section has no 'reference ='" },
	{ "the last section without reference", "[*/*/*]\nreference = R\nclient_teardown = FIN\n\n# last\n[close/*/*]\nnote = N\n",
	  "bad.exp:6: the section has no 'reference ='" },
	{ "a section that sets no field", "[*/*/*]\nreference = R\nnote = N\n",
	  "bad.exp:1: the section sets no field, so its reference and deviation would apply to nothing" },
	{ "a header without ']'", "[*/*/*\nreference = R\n",
	  "bad.exp:1: a section header is '[GLOB ...]'" },
	{ "text after ']'", "[*/*/*]\nreference = R\nclient_teardown = FIN\n[close/*/*] x\nreference = R\n",
	  "bad.exp:4: a section header is '[GLOB ...]'" },
	{ "a glob without '/'", "[close]\nreference = R\n",
	  "bad.exp:1: 'close' is not a cell glob (mode/pattern/family)" },
	{ "a second glob without '/'", "[*/*/*]\nreference = R\nclient_teardown = FIN\n[close/*/* drain]\nreference = R\n",
	  "bad.exp:4: 'drain' is not a cell glob (mode/pattern/family)" },
	{ "a section without globs", "[ ]\nreference = R\n",
	  "bad.exp:1: the section names no cells" },
	{ "too many globs",
	  "[a/*/* b/*/* c/*/* d/*/* e/*/* f/*/* g/*/* h/*/* i/*/* j/*/* k/*/* l/*/* m/*/* n/*/* o/*/* p/*/* q/*/*]\n"
	  "reference = R\n",
	  "bad.exp:1: more than 16 globs in one section" },
	{ "duplicate reference", "[*/*/*]\nreference = R\nclient_teardown = FIN\nreference = S\n",
	  "bad.exp:4: 'reference' given twice in one section" },
	{ "duplicate note", "[*/*/*]\nreference = R\nnote = a\nnote = b\n",
	  "bad.exp:4: 'note' given twice in one section" },
	{ "duplicate deviation", "[*/*/*]\nreference = R\ndeviation = a\ndeviation = b\n",
	  "bad.exp:4: 'deviation' given twice in one section" },
	{ "empty table", "", "bad.exp:1: the table has no [GLOB] sections" },
	{ "a table of comments", "# nothing\nplatform = linux\n# here", "bad.exp:3: the table has no [GLOB] sections" },
	{ "the line count keeps blank and CRLF lines", "\r\n\n[*/*/*]\r\n\r\nreference = R\r\n\nbogus = 1\r\n",
	  "bad.exp:7: unknown field 'bogus'" },
};

static void test_errors(void)
{
	for (size_t i = 0; i < sizeof bad_tables / sizeof bad_tables[0]; i++) {
		struct expectation_table bad;
		char error[512] = "(no error)";
		int status = expectation_table_parse(&bad, "bad.exp", bad_tables[i].text, error, sizeof error);
		CHECK_NUMBER(bad_tables[i].what, -1, status);
		CHECK_TEXT(bad_tables[i].what, bad_tables[i].error, error);
		/* A failed parse leaves nothing to free. */
		CU_ASSERT_PTR_NULL(bad.rules);
		CU_ASSERT_PTR_NULL(bad.path);
		CU_ASSERT_EQUAL(bad.count, 0);
		if (status == 0)
			expectation_table_free(&bad);
	}
}

static void test_error_is_bounded(void)
{
	struct expectation_table bad;
	char error[16];
	memset(error, 'x', sizeof error);
	CU_ASSERT_EQUAL(expectation_table_parse(&bad, "a-rather-long-name.exp", "[close]\n", error, sizeof error), -1);
	CHECK_TEXT("truncated error", "a-rather-long-n", error);
}

static void test_load_missing_file(void)
{
	struct expectation_table missing;
	char error[512] = "";
	CU_ASSERT_EQUAL(expectation_table_load(&missing, "/nonexistent/finrst.exp", error, sizeof error), -1);
	CHECK_TEXT("error", "cannot read the expectation table /nonexistent/finrst.exp: No such file or directory",
		   error);
}

/* ---- expected values ---- */

struct match {
	const char *expected, *actual, *sent;
	int matches;
};

static const struct match matches[] = {
	/* words */
	{ "RST", "RST", NULL, 1 },
	{ "RST", "FIN", NULL, 0 },
	{ "RST", "rst", NULL, 0 },
	{ "FIN RST", "FIN RST", NULL, 1 },
	{ "FIN", "FIN RST", NULL, 0 },
	{ "none", "none", NULL, 1 },
	{ "none", "0", NULL, 0 },
	/* alternatives */
	{ "eof|blocked", "eof", NULL, 1 },
	{ "eof|blocked", "blocked", NULL, 1 },
	{ "eof|blocked", "econnreset", NULL, 0 },
	{ "eof | blocked", "blocked", NULL, 1 },
	{ "epipe|econnreset", "econnreset", NULL, 1 },
	{ "FIN|FIN RST", "FIN RST", NULL, 1 },
	{ "FIN|FIN RST", "RST", NULL, 0 },
	/* anything */
	{ "*", "RST", NULL, 1 },
	{ "*", "unseen", NULL, 1 },
	{ "*", "0", "1000", 1 },
	{ "FIN|*", "whatever", NULL, 1 },
	/* numbers */
	{ "16", "16", NULL, 1 },
	{ "16", "15", NULL, 0 },
	{ "0", "0", NULL, 1 },
	{ ">=900", "900", NULL, 1 },
	{ ">=900", "1000", NULL, 1 },
	{ ">=900", "899", NULL, 0 },
	{ "<500", "0", NULL, 1 },
	{ "<500", "499", NULL, 1 },
	{ "<500", "500", NULL, 0 },
	{ "<=5", "5", NULL, 1 },
	{ "<=5", "6", NULL, 0 },
	{ ">0", "1", NULL, 1 },
	{ ">0", "0", NULL, 0 },
	{ "1..3", "0", NULL, 0 },
	{ "1..3", "1", NULL, 1 },
	{ "1..3", "2", NULL, 1 },
	{ "1..3", "3", NULL, 1 },
	{ "1..3", "4", NULL, 0 },
	{ "0|>=900", "0", NULL, 1 },
	{ "0|>=900", "500", NULL, 0 },
	{ ">=900", "eof", NULL, 0 },
	{ "16", "16x", NULL, 0 },
	/* bytes read against bytes sent */
	{ "all", "1000", "1000", 1 },
	{ "all", "999", "1000", 0 },
	{ "all", "0", "0", 1 },
	{ "none", "0", "1000", 1 },
	{ "none", "1", "1000", 0 },
	{ "some", "500", "1000", 1 },
	{ "some", "1", "1000", 1 },
	{ "some", "999", "1000", 1 },
	{ "some", "0", "1000", 0 },
	{ "some", "1000", "1000", 0 },
	{ "some", "0", "0", 0 },
	{ "less", "0", "1000", 1 },
	{ "less", "999", "1000", 1 },
	{ "less", "1000", "1000", 0 },
	{ "some|all", "1000", "1000", 1 },
	{ "some|all", "0", "1000", 0 },
	{ "none|some", "1000", "1000", 0 },
	{ ">=900", "950", "1000", 1 },
	{ "1000", "1000", "16000", 1 },
	/* a word for bytes needs the bytes sent */
	{ "all", "1000", NULL, 0 },
	{ "none", "5", NULL, 0 },
};

static void test_expected_value_matches(void)
{
	for (size_t i = 0; i < sizeof matches / sizeof matches[0]; i++) {
		const struct match *m = &matches[i];
		char what[160];
		snprintf(what, sizeof what, "expected '%s', actual '%s', sent %s", m->expected, m->actual,
			 m->sent ? m->sent : "(none)");
		CHECK_NUMBER(what, m->matches, expected_value_matches(m->expected, m->actual, m->sent));
	}
}

#define WORD_PROBLEM "expected a word such as RST, eof or none"
#define NUMBER_PROBLEM "expected a number, or a comparison such as >=900 or 1..3"
#define BYTES_PROBLEM "expected all, none, some, less, a number, or a comparison such as >=900"
#define EMPTY_PROBLEM "the value is empty"

struct problem {
	const char *field, *expected, *problem;
};

static const struct problem problems[] = {
	{ "client_teardown", "RST", NULL },
	{ "client_teardown", "FIN RST", NULL },
	{ "client_teardown", "*", NULL },
	{ "server_read_end", "eof|blocked", NULL },
	{ "server_read_end", "eof | blocked", NULL },
	{ "client_close", "ok", NULL },
	{ "client_close", "ECONNRESET", NULL },
	{ "client_teardown", "", EMPTY_PROBLEM },
	{ "client_teardown", "|", EMPTY_PROBLEM },
	{ "client_teardown", "||", EMPTY_PROBLEM },
	{ "client_teardown", "R5T", WORD_PROBLEM },
	{ "client_teardown", "FIN-RST", WORD_PROBLEM },
	{ "server_read_end", "eof| |blocked", WORD_PROBLEM },
	{ "server_read_end", "0", WORD_PROBLEM },
	{ "client_close_ms", "0", NULL },
	{ "client_close_ms", ">=900", NULL },
	{ "client_close_ms", "<500", NULL },
	{ "client_close_ms", "<=5", NULL },
	{ "client_close_ms", ">5", NULL },
	{ "client_close_ms", "1..3", NULL },
	{ "client_close_ms", "0|>=900", NULL },
	{ "client_close_ms", "*", NULL },
	{ "client_close_ms", "soon", NUMBER_PROBLEM },
	{ "client_close_ms", "all", NUMBER_PROBLEM },
	{ "client_close_ms", ">=soon", NUMBER_PROBLEM },
	{ "client_close_ms", "1..", NUMBER_PROBLEM },
	{ "client_close_ms", "", EMPTY_PROBLEM },
	{ "server_writes_before_error", "16", NULL },
	{ "server_writes_before_error", "many", NUMBER_PROBLEM },
	{ "client_writes_before_error", "1..x", NUMBER_PROBLEM },
	{ "bytes.c2s_sent", "1000", NULL },
	{ "bytes.c2s_sent", "all", NUMBER_PROBLEM },
	{ "bytes.c2s_read", "all", NULL },
	{ "bytes.c2s_read", "none", NULL },
	{ "bytes.c2s_read", "some", NULL },
	{ "bytes.c2s_read", "less", NULL },
	{ "bytes.s2c_read", "some|all", NULL },
	{ "bytes.s2c_read", ">=900", NULL },
	{ "bytes.s2c_read", "1..3", NULL },
	{ "bytes.s2c_read", "0", NULL },
	{ "bytes.s2c_read", "lots", BYTES_PROBLEM },
	{ "bytes.s2c_read", "most", BYTES_PROBLEM },
	{ "bytes.s2c_read", "1..x", BYTES_PROBLEM },
	{ "bytes.s2c_read", "some|x", BYTES_PROBLEM },
};

static void test_expected_value_problem(void)
{
	for (size_t i = 0; i < sizeof problems / sizeof problems[0]; i++) {
		const struct problem *p = &problems[i];
		char what[160];
		snprintf(what, sizeof what, "%s = '%s'", p->field, p->expected);
		const char *problem = expected_value_problem(p->field, p->expected);
		CHECK_TEXT(what, p->problem ? p->problem : "(no problem)", problem ? problem : "(no problem)");
	}
}

static void test_required_fields(void)
{
	static const char *const required[] = {
		"client_teardown", "server_teardown", "first_teardown", "server_read_end",
		"server_write_error", "client_read_end", "client_write_error", "client_close",
		"bytes.c2s_read", "bytes.s2c_read",
	};
	size_t count = 0;
	for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
		CHECK_NUMBER(required[i], 1, field_is_required(required[i]));
	for (size_t f = 0; f < outcome_field_count(); f++)
		count += field_is_required(outcome_field_names[f]) != 0;
	CHECK_NUMBER("required fields among the outcome's fields", sizeof required / sizeof required[0], count);
	CHECK_NUMBER("client_close_ms", 0, field_is_required("client_close_ms"));
	CHECK_NUMBER("bytes.c2s_sent", 0, field_is_required("bytes.c2s_sent"));
	CHECK_NUMBER("an unknown name", 0, field_is_required("no_such_field"));
}

/* ---- the real table ---- */

static struct expectation_table real;

static int load_real_table(void)
{
	char error[1024];
	if (expectation_table_load(&real, real_table_path, error, sizeof error) != 0) {
		fprintf(stderr, "%s\n", error);
		return -1;
	}
	return 0;
}

static int free_real_table(void)
{
	expectation_table_free(&real);
	return 0;
}

static void test_real_table_parses(void)
{
	CHECK_TEXT("path", real_table_path, real.path);
	CHECK_TEXT("platform", "linux", real.platform);
	CU_ASSERT(real.count > 0);
	for (size_t i = 0; i < real.count; i++) {
		CU_ASSERT_PTR_NOT_NULL(real.rules[i].reference);
		CU_ASSERT(real.rules[i].glob_count > 0);
	}
}

static void test_real_table_covers_the_matrix(void)
{
	struct cell_result *cells;
	size_t count;
	char error[512];
	CU_ASSERT_EQUAL_FATAL(matrix_build(NULL, 0, &cells, &count, error, sizeof error), 0);
	CU_ASSERT(count > 0);
	for (size_t i = 0; i < count; i++) {
		struct judgement j;
		const char *id = cells[i].cell.id;
		char what[256];
		size_t rules = expectation_for_cell(&real, id, &j);
		snprintf(what, sizeof what, "rules matching %s", id);
		CU_assertImplementation(rules > 0, __LINE__, what, __FILE__, "", CU_FALSE);
		for (size_t f = 0; f < outcome_field_count(); f++) {
			const char *name = outcome_field_names[f];
			if (field_is_required(name)) {
				snprintf(what, sizeof what, "%s has an expected %s", id, name);
				CU_assertImplementation(j.expected[f][0] != '\0', __LINE__, what, __FILE__, "", CU_FALSE);
				snprintf(what, sizeof what, "%s cites a reference for %s", id, name);
				CU_assertImplementation(j.field_reference[f][0] != '\0', __LINE__, what, __FILE__, "",
							CU_FALSE);
			}
			if (j.expected[f][0]) {
				const char *problem = expected_value_problem(name, j.expected[f]);
				snprintf(what, sizeof what, "%s: %s = '%s': %s", id, name, j.expected[f],
					 problem ? problem : "");
				CU_assertImplementation(problem == NULL, __LINE__, what, __FILE__, "", CU_FALSE);
			}
		}
		snprintf(what, sizeof what, "%s has a reference", id);
		CU_assertImplementation(j.reference[0] != '\0', __LINE__, what, __FILE__, "", CU_FALSE);
	}
	matrix_free(cells, count);
}

/* A text cited in a judgement must arrive whole: a cut deviation or
 * reference in a report reads as the evidence itself. Each rule's texts
 * must fit the judgement's buffers (`most` = size - 1), and every cell's
 * joined texts must stay short of the end (at the end they may be cut). */
static void check_fits(const char *what, const char *text, size_t most, unsigned line)
{
	char message[512];
	size_t length = text ? strlen(text) : 0;
	snprintf(message, sizeof message, "%s: %zu bytes, the judgement holds %zu", what, length, most);
	CU_assertImplementation(length <= most, line, message, __FILE__, "", CU_FALSE);
}

static void test_real_table_texts_fit(void)
{
	struct judgement j;
	char what[256];
	for (size_t i = 0; i < real.count; i++) {
		const struct expectation_rule *rule = &real.rules[i];
		snprintf(what, sizeof what, "%s:%d: reference", real.path, rule->line);
		check_fits(what, rule->reference, sizeof j.field_reference[0] - 1, __LINE__);
		snprintf(what, sizeof what, "%s:%d: deviation", real.path, rule->line);
		check_fits(what, rule->deviation, sizeof j.deviation - 1, __LINE__);
		snprintf(what, sizeof what, "%s:%d: note", real.path, rule->line);
		check_fits(what, rule->note, sizeof j.note - 1, __LINE__);
	}
	struct cell_result *cells;
	size_t count;
	char error[512];
	CU_ASSERT_EQUAL_FATAL(matrix_build(NULL, 0, &cells, &count, error, sizeof error), 0);
	for (size_t i = 0; i < count; i++) {
		expectation_for_cell(&real, cells[i].cell.id, &j);
		snprintf(what, sizeof what, "%s: joined references", cells[i].cell.id);
		check_fits(what, j.reference, sizeof j.reference - 2, __LINE__);
		snprintf(what, sizeof what, "%s: joined notes", cells[i].cell.id);
		check_fits(what, j.note, sizeof j.note - 2, __LINE__);
		snprintf(what, sizeof what, "%s: joined deviations", cells[i].cell.id);
		check_fits(what, j.deviation, sizeof j.deviation - 2, __LINE__);
	}
	matrix_free(cells, count);
}

/* ---- registration ---- */

struct test {
	const char *name;
	CU_TestFunc function;
};

static const struct test valid_tests[] = {
	{ "structure of a valid table", test_valid_table_structure },
	{ "later sections win field by field", test_later_section_wins_per_field },
	{ "a section's second glob", test_second_glob_of_a_section },
	{ "an overridden section does not speak for the cell", test_overridden_section_does_not_speak },
	{ "the same text is joined once", test_same_text_joined_once },
};

static const struct test unit_tests[] = {
	{ "no rule matches", test_no_rule_matches },
	{ "errors and their messages", test_errors },
	{ "the error fits its buffer", test_error_is_bounded },
	{ "a missing table file", test_load_missing_file },
	{ "expected_value_matches", test_expected_value_matches },
	{ "expected_value_problem", test_expected_value_problem },
	{ "field_is_required", test_required_fields },
};

/* Inactive (the run summary counts it under "Inactive") until the buffers
 * of struct judgement in runners/cell.h hold the table's longest texts:
 * three of linux.exp's are cut at 255 bytes today. */
#define TEXTS_FIT "cited texts fit the judgement whole"

static const struct test real_tests[] = {
	{ "the table parses", test_real_table_parses },
	{ "every cell of the matrix has every required field", test_real_table_covers_the_matrix },
	{ TEXTS_FIT, test_real_table_texts_fit },
};

static int add_suite(const char *name, CU_InitializeFunc init, CU_CleanupFunc cleanup,
		     const struct test *tests, size_t count)
{
	CU_pSuite suite = CU_add_suite(name, init, cleanup);
	if (!suite)
		return -1;
	for (size_t i = 0; i < count; i++)
		if (!CU_add_test(suite, tests[i].name, tests[i].function))
			return -1;
	return 0;
}

int main(int argc, char **argv)
{
	if (argc > 1)
		real_table_path = argv[1];
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 2;
	if (add_suite("a valid table", load_valid_table, free_valid_table, valid_tests,
		      sizeof valid_tests / sizeof valid_tests[0]) != 0 ||
	    add_suite("parser and values", NULL, NULL, unit_tests, sizeof unit_tests / sizeof unit_tests[0]) != 0 ||
	    add_suite(real_table_path, load_real_table, free_real_table, real_tests,
		      sizeof real_tests / sizeof real_tests[0]) != 0) {
		fprintf(stderr, "%s\n", CU_get_error_msg());
		CU_cleanup_registry();
		return 2;
	}
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	/* A suite whose setup failed counts too: its tests did not run. */
	int failed = CU_get_number_of_failure_records() != 0 || CU_get_number_of_suites_failed() != 0;
	CU_cleanup_registry();
	return failed ? 1 : 0;
}
