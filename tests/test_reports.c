/* Tests of the report writers' parts that must hold for any input: text made
 * legal for XML, JSON made safe inside <script>, text made harmless for a
 * terminal, relative links, reading results files back (each refusal with its
 * one-line reason), comparing results, and atomic writes that name the file
 * they failed on.
 *
 * usage: test_reports   (run from the repository root by tests/run-tests.sh) */
#include <CUnit/Basic.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runners/system/atomic_file.h"
#include "reports/compare.h"
#include "reports/html_page.h"
#include "reports/relative_path.h"
#include "reports/results_read.h"
#include "reports/terminal_text.h"
#include "reports/xml_text.h"

static char scratch[] = "/tmp/finrst-test-reports.XXXXXX";

/* ---- assertions that say what differed ---- */

static void check_text(const char *what, const char *expected, const char *actual, unsigned line)
{
	char message[2048];
	snprintf(message, sizeof message, "%s: expected \"%s\", got \"%s\"", what, expected, actual ? actual : "(null)");
	CU_assertImplementation(actual && strcmp(expected, actual) == 0, line, message, __FILE__, "", CU_FALSE);
}

static void check_true(const char *what, int condition, unsigned line)
{
	CU_assertImplementation(condition ? CU_TRUE : CU_FALSE, line, what, __FILE__, "", CU_FALSE);
}

#define CHECK_TEXT(what, expected, actual) check_text(what, expected, actual, __LINE__)
#define CHECK(what, condition) check_true(what, condition, __LINE__)

/* ---- XML 1.0 character data ---- */

struct legal_case {
	const char *in, *out;
};

static const struct legal_case legal_cases[] = {
	{ "plain <text> & \"quotes'", "plain <text> & \"quotes'" },   /* markup is libxml2's to escape */
	{ "tab\tnewline\ncr\r", "tab\tnewline\ncr\r" },
	{ "a\x01" "b", "a\\u0001b" },
	{ "\x1b[31mred", "\\u001B[31mred" },
	{ "del\x7f kept", "del\x7f kept" },                                /* DEL is legal XML 1.0 */
	{ "\xef\xbf\xbe\xef\xbf\xbf", "\\uFFFE\\uFFFF" },
	{ "section \xc2\xa7 and \xf0\x9f\x93\xa6", "section \xc2\xa7 and \xf0\x9f\x93\xa6" },
	{ "bad \xff byte", "bad \xef\xbf\xbd byte" },
	{ "overlong \xc0\xaf", "overlong \xef\xbf\xbd\xef\xbf\xbd" },
	{ "surrogate \xed\xa0\x80", "surrogate \xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },
	{ "cut short \xe2\x80", "cut short \xef\xbf\xbd\xef\xbf\xbd" },
	{ "beyond \xf4\x90\x80\x80", "beyond \xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },
	{ "", "" },
};

static void test_xml_text_legal(void)
{
	for (size_t i = 0; i < sizeof legal_cases / sizeof *legal_cases; i++) {
		char *legal = xml_text_legal(legal_cases[i].in);
		char what[128];
		snprintf(what, sizeof what, "xml_text_legal case %zu", i);
		CHECK_TEXT(what, legal_cases[i].out, legal);
		free(legal);
	}
}

/* ---- JSON inside <script> ---- */

static void test_html_script_json(void)
{
	static const char hostile[] = "</script><!-- <img src=x onerror=alert(1)> & \xe2\x80\xa8 \xe2\x80\xa9 \"q' \\";
	json_t *value = json_pack("{s:s, s:[s]}", "text", hostile, "list", "</SCRIPT>");
	char *safe = html_script_json(value);
	CHECK("html_script_json returned text", safe != NULL);
	if (!safe) {
		json_decref(value);
		return;
	}
	CHECK("no '<' left", !strchr(safe, '<'));
	CHECK("no '>' left", !strchr(safe, '>'));
	CHECK("no '&' left", !strchr(safe, '&'));
	CHECK("no raw U+2028", !strstr(safe, "\xe2\x80\xa8"));
	CHECK("no raw U+2029", !strstr(safe, "\xe2\x80\xa9"));
	CHECK("'<' written as \\u003c", strstr(safe, "\\u003c/script\\u003e") != NULL);
	json_t *back = json_loads(safe, 0, NULL);
	CHECK("the escaped JSON reads back as the same value", back && json_equal(back, value));
	json_decref(back);
	json_decref(value);
	free(safe);
}

/* ---- terminal text ---- */

static void test_terminal_text(void)
{
	char *text = NULL;
	size_t length = 0;
	FILE *out = open_memstream(&text, &length);
	terminal_text_write(out, "\x1b]0;title\x07 \x1b[2J tab\tline\n C1 \xc2\x9b" "1m \xc2\xa7 del\x7f");
	fclose(out);
	CHECK_TEXT("terminal_text_write", "\\u001B]0;title\\u0007 \\u001B[2J tab\tline\n C1 \\u009B1m \xc2\xa7 del\\u007F", text);
	free(text);
}

/* ---- paths ---- */

static void test_directory_of(void)
{
	char out[256];
	directory_of("reports/out/index.html", out, sizeof out);
	CHECK_TEXT("directory_of reports/out/index.html", "reports/out", out);
	directory_of("index.html", out, sizeof out);
	CHECK_TEXT("directory_of index.html", ".", out);
	directory_of("/index.html", out, sizeof out);
	CHECK_TEXT("directory_of /index.html", "/", out);
}

static void make_directory(const char *relative)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", scratch, relative);
	if (mkdir(path, 0755) != 0 && errno != EEXIST)
		CU_FAIL_FATAL("cannot make a scratch directory");
}

static void check_relative(const char *from, const char *to, const char *expected, unsigned line)
{
	char a[512], b[512], out[512], what[1100];
	snprintf(a, sizeof a, "%s/%s", scratch, from);
	snprintf(b, sizeof b, "%s/%s", scratch, to);
	relative_path(a, b, out, sizeof out);
	snprintf(what, sizeof what, "relative_path from %s to %s", from, to);
	check_text(what, expected, out, line);
}

static void test_relative_path(void)
{
	make_directory("site");
	make_directory("site/report");
	make_directory("run");
	make_directory("run/deep");
	make_directory("runs");
	check_relative("run", "run", ".", __LINE__);
	check_relative("run", "run/deep", "deep", __LINE__);
	check_relative("run/deep", "run", "..", __LINE__);
	check_relative("site/report", "run", "../../run", __LINE__);
	check_relative("runs", "run", "../run", __LINE__);          /* a shared prefix that is no shared directory */
	check_relative("run", "runs", "../runs", __LINE__);
	char missing[512], out[512];
	snprintf(missing, sizeof missing, "%s/no-such-directory", scratch);
	relative_path(scratch, missing, out, sizeof out);
	CHECK_TEXT("relative_path to a missing directory: as given", missing, out);
}

/* ---- reading results back ---- */

static void write_scratch(const char *name, const char *text, char *path, size_t size)
{
	snprintf(path, size, "%s/%s", scratch, name);
	FILE *file = fopen(path, "w");
	if (!file || fputs(text, file) < 0 || fclose(file) != 0)
		CU_FAIL_FATAL("cannot write a scratch file");
}

static void check_refused(const char *name, const char *text, const char *reason, unsigned line)
{
	char path[512], error[1024] = "", what[1200];
	write_scratch(name, text, path, sizeof path);
	json_t *document = results_load(path, error, sizeof error);
	snprintf(what, sizeof what, "%s: refused, naming the file and saying '%s' (got: %s)", name, reason, error);
	check_true(what, !document && strstr(error, path) && strstr(error, reason) && !strchr(error, '\n'), line);
	json_decref(document);
}

static const char valid_results[] =
	"{\"format\": \"finrst-results\", \"version\": 1, \"platform\": {\"system\": \"Linux\", \"release\": \"6.1\"},\n"
	" \"cells\": [{\"id\": \"close/drain/ipv4\", \"mode\": \"close\", \"pattern\": \"drain\", \"family\": \"ipv4\",\n"
	"            \"verdict\": \"pass\", \"outcome\": {\"client_teardown\": \"FIN\", \"bytes\": {\"c2s_read\": 10}}}]}\n";

static void test_results_load(void)
{
	char path[512], error[1024] = "";
	write_scratch("valid.json", valid_results, path, sizeof path);
	json_t *document = results_load(path, error, sizeof error);
	CHECK("a valid results file loads", document != NULL);
	json_decref(document);

	snprintf(path, sizeof path, "%s/missing.json", scratch);
	document = results_load(path, error, sizeof error);
	CHECK("a missing file: 'cannot read PATH: No such file or directory'",
	      !document && strstr(error, "cannot read") && strstr(error, path) && strstr(error, strerror(ENOENT)));

	char truncated[sizeof valid_results];
	snprintf(truncated, sizeof truncated, "%.*s", 150, valid_results);
	check_refused("truncated.json", truncated, "the file is truncated", __LINE__);
	check_refused("truncated.json", truncated, ":2:", __LINE__);   /* the line of the end */
	check_refused("malformed.json", "{\"format\": \"finrst-results\",, }", "not valid JSON", __LINE__);
	check_refused("empty.json", "", "not valid JSON", __LINE__);
	check_refused("other.json", "{\"hello\": \"world\"}", "is not finrst results", __LINE__);
	check_refused("array.json", "[1, 2]", "is not finrst results", __LINE__);
	check_refused("version.json", "{\"format\": \"finrst-results\", \"version\": 2, \"cells\": []}", "version 2", __LINE__);
	check_refused("noversion.json", "{\"format\": \"finrst-results\", \"cells\": []}", "no version", __LINE__);
	check_refused("nocells.json", "{\"format\": \"finrst-results\", \"version\": 1}", "\"cells\"", __LINE__);
	check_refused("noverdict.json",
		      "{\"format\": \"finrst-results\", \"version\": 1, \"cells\": [{\"id\": \"a/b/ipv4\", \"mode\": \"a\","
		      " \"pattern\": \"b\", \"family\": \"ipv4\"}]}", "cells[0] has no \"verdict\"", __LINE__);
	check_refused("badverdict.json",
		      "{\"format\": \"finrst-results\", \"version\": 1, \"cells\": [{\"id\": \"a/b/ipv4\", \"mode\": \"a\","
		      " \"pattern\": \"b\", \"family\": \"ipv4\", \"verdict\": \"<b>\"}]}", "unknown verdict", __LINE__);
}

/* ---- comparing ---- */

static json_t *results_with(const char *system, const char *client_teardown, const char *verdict, const char *extra_id)
{
	json_t *cells = json_pack("[{s:s, s:s, s:s, s:s, s:s, s:{s:s, s:s, s:{s:i}}}]", "id", "close-unread/write-first/ipv4",
				  "mode", "close-unread", "pattern", "write-first", "family", "ipv4", "verdict", verdict,
				  "outcome", "client_teardown", client_teardown, "server_read_end", "eof", "bytes",
				  "c2s_read", 1000);
	json_array_append_new(cells, json_pack("{s:s, s:s, s:s, s:s, s:s, s:{s:s}}", "id", "close/drain/ipv4", "mode",
					       "close", "pattern", "drain", "family", "ipv4", "verdict", "pass",
					       "outcome", "client_teardown", "FIN"));
	if (extra_id)
		json_array_append_new(cells, json_pack("{s:s, s:s}", "id", extra_id, "verdict", "pass"));
	return json_pack("{s:s, s:i, s:{s:s, s:s}, s:o}", "format", "finrst-results", "version", 1, "platform", "system",
			 system, "release", "1.0", "cells", cells);
}

static void test_compare(void)
{
	json_t *linux_results = results_with("Linux", "RST", "xfail", "shut-rd/drain/ipv4");
	json_t *freebsd_results = results_with("FreeBSD", "FIN", "pass", NULL);
	struct compare_input inputs[] = { { "linux.json", linux_results }, { "freebsd.json", freebsd_results } };
	json_t *comparison = compare_results(inputs, 2);
	json_t *cells = json_object_get(comparison, "cells");
	json_t *first = json_array_get(cells, 0);
	json_t *difference = json_array_get(json_object_get(first, "differences"), 0);
	CHECK("two cells compared", json_integer_value(json_object_get(comparison, "compared")) == 2);
	CHECK("one cell differs", json_integer_value(json_object_get(comparison, "differing")) == 1);
	CHECK_TEXT("the differing cell", "close-unread/write-first/ipv4", json_string_value(json_object_get(first, "id")));
	CHECK("only client_teardown differs", json_array_size(json_object_get(first, "differences")) == 1);
	CHECK_TEXT("the differing field", "client_teardown", json_string_value(json_object_get(difference, "field")));
	CHECK_TEXT("Linux's value", "RST", json_string_value(json_array_get(json_object_get(difference, "values"), 0)));
	CHECK_TEXT("FreeBSD's value", "FIN", json_string_value(json_array_get(json_object_get(difference, "values"), 1)));
	CHECK_TEXT("the first column's platform", "Linux 1.0",
		   json_string_value(json_object_get(json_array_get(json_object_get(comparison, "platforms"), 0), "label")));
	CHECK_TEXT("a cell of one file only is listed as missing", "shut-rd/drain/ipv4",
		   json_string_value(json_object_get(json_array_get(json_object_get(comparison, "missing"), 0), "id")));
	json_decref(comparison);

	struct compare_input same[] = { { "a.json", linux_results }, { "b.json", linux_results } };
	comparison = compare_results(same, 2);
	CHECK("a file compared with itself differs nowhere", json_integer_value(json_object_get(comparison, "differing")) == 0);
	json_decref(comparison);
	json_decref(linux_results);
	json_decref(freebsd_results);
}

/* Two kernels' buffer sizes and speeds differ: compare judges facts. */
static json_t *results_with_figures(const char *system, long long read, long long sent, long long close_ms)
{
	json_t *cells = json_pack("[{s:s, s:s, s:{s:s, s:I, s:{s:I, s:I}}}]", "id", "linger-wait/drain/ipv4", "verdict",
				  "pass", "outcome", "client_teardown", "FIN", "client_close_ms", (json_int_t)close_ms,
				  "bytes", "c2s_read", (json_int_t)read, "c2s_sent", (json_int_t)sent);
	return json_pack("{s:s, s:i, s:{s:s, s:s}, s:o}", "format", "finrst-results", "version", 1, "platform", "system",
			 system, "release", "1.0", "cells", cells);
}

static void test_compare_facts(void)
{
	json_t *fast = results_with_figures("Linux", 3952616, 3952616, 1028);
	json_t *slow = results_with_figures("Linux", 2620334, 2620334, 1031);
	json_t *ticks = results_with_figures("Darwin", 65536, 2620334, 10);
	struct compare_input same_facts[] = { { "a.json", fast }, { "b.json", slow } };
	json_t *comparison = compare_results(same_facts, 2);
	CHECK("all of the bytes read, and close() about 1 s, on both: no difference",
	      json_integer_value(json_object_get(comparison, "differing")) == 0);
	json_decref(comparison);

	struct compare_input other_facts[] = { { "a.json", fast }, { "c.json", ticks } };
	comparison = compare_results(other_facts, 2);
	json_t *differences = json_object_get(json_array_get(json_object_get(comparison, "cells"), 0), "differences");
	json_t *close_ms = json_array_get(differences, 0), *read = json_array_get(differences, 1);
	CHECK("a linger of 10 ms against 1 s, and some bytes against all, differ",
	      json_array_size(differences) == 2);
	CHECK_TEXT("the duration's field", "client_close_ms", json_string_value(json_object_get(close_ms, "field")));
	CHECK_TEXT("a duration shown as its fact and its figure", "about 1 s (1028 ms)",
		   json_string_value(json_array_get(json_object_get(close_ms, "values"), 0)));
	CHECK_TEXT("a short one", "under 0.5 s (10 ms)", json_string_value(json_array_get(json_object_get(close_ms, "values"), 1)));
	CHECK_TEXT("a share shown with its figures", "some (65536 of 2620334)",
		   json_string_value(json_array_get(json_object_get(read, "values"), 1)));
	json_decref(comparison);
	json_decref(fast);
	json_decref(slow);
	json_decref(ticks);
}

/* ---- atomic writes ---- */

static void test_atomic_file_write(void)
{
	char path[512], error[1024] = "", text[64] = "";
	snprintf(path, sizeof path, "%s/written.txt", scratch);
	CHECK("a write into a writable directory succeeds", atomic_file_write(path, "hello\n", 6, error, sizeof error) == 0);
	FILE *file = fopen(path, "r");
	if (file) {
		if (!fgets(text, sizeof text, file))
			text[0] = '\0';
		fclose(file);
	}
	CHECK_TEXT("what was written", "hello\n", text);
	snprintf(path, sizeof path, "%s/no-such-directory/junit.xml", scratch);
	CHECK("a write into a missing directory fails", atomic_file_write(path, "x", 1, error, sizeof error) != 0);
	char expected[1024];
	snprintf(expected, sizeof expected, "cannot write %s: %s", path, strerror(ENOENT));
	CHECK_TEXT("the error names the file and the reason", expected, error);
}

static void remove_scratch(void)
{
	char command[600];
	snprintf(command, sizeof command, "rm -rf '%s'", scratch);
	if (system(command) != 0)
		fprintf(stderr, "test_reports: could not remove %s\n", scratch);
}

int main(void)
{
	static const struct { const char *name; CU_TestFunc function; } tests[] = {
		{ "xml_text_legal", test_xml_text_legal }, { "html_script_json", test_html_script_json },
		{ "terminal_text_write", test_terminal_text }, { "directory_of", test_directory_of },
		{ "relative_path", test_relative_path }, { "results_load", test_results_load },
		{ "compare_results", test_compare }, { "compare_judges_facts", test_compare_facts }, { "atomic_file_write", test_atomic_file_write },
	};
	if (!mkdtemp(scratch)) {
		fprintf(stderr, "test_reports: cannot make a scratch directory in /tmp: %s\n", strerror(errno));
		return 2;
	}
	CU_pSuite suite;
	if (CU_initialize_registry() != CUE_SUCCESS || !(suite = CU_add_suite("report writers", NULL, NULL))) {
		remove_scratch();
		return 2;
	}
	for (size_t i = 0; i < sizeof tests / sizeof *tests; i++)
		if (!CU_add_test(suite, tests[i].name, tests[i].function)) {
			CU_cleanup_registry();
			remove_scratch();
			return 2;
		}
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	int failed = CU_get_number_of_failure_records() != 0 || CU_get_number_of_suites_failed() != 0;
	CU_cleanup_registry();
	remove_scratch();
	return failed ? 1 : 0;
}
