/* libFuzzer target for reading results JSON back (reports/results_read.c),
 * the gate `finrst report` and `finrst compare` put before every file a
 * person hands them, and for the reports rendered from what it lets through,
 * which must show a damaged field as a gap rather than crash on it.
 *
 * Each input is written to a memory file (memfd) that results_load opens by
 * its /proc/self/fd path, as it would open a file on disk. An accepted
 * document is rendered as `finrst report` renders it (the terminal summary,
 * JUnit XML, HTML) and compared with itself as `finrst compare` would; this
 * file's atomic_file_write and atomic_file_write_with take the place of the
 * library's (the linker
 * then leaves runners/system/atomic_file.o out), so the reports go to /dev/null
 * and nothing is synced to disk on every execution. */
#include "runners/system/atomic_file.h"
#include "reports/compare.h"
#include "reports/compare_html.h"
#include "reports/compare_text.h"
#include "reports/html_report.h"
#include "reports/junit_xml.h"
#include "reports/results_read.h"
#include "reports/terminal_summary.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *what);
static FILE *null_output(void);

/* The reports' last step, to /dev/null: AddressSanitizer checks the whole
 * range fwrite() is given, so a report made of freed memory is still seen,
 * without a file synced to disk on every execution. */
int atomic_file_write(const char *path, const char *data, size_t length, char *error, size_t size)
{
	(void)path, (void)error, (void)size;
	if (length > 0 && fwrite(data, 1, length, null_output()) != length)
		fail("cannot write a report to /dev/null");
	return 0;
}

int atomic_file_write_with(const char *path, atomic_file_writer write_to, void *context, char *error, size_t size)
{
	(void)path, (void)error, (void)size;
	if (write_to(null_output(), context) != 0)
		fail("cannot write a report to /dev/null");
	return 0;
}

static void fail(const char *what)
{
	fprintf(stderr, "fuzz_results_read: invariant broken: %s\n", what);
	abort();
}

static FILE *null_output(void)
{
	static FILE *sink;
	if (!sink && !(sink = fopen("/dev/null", "w")))
		fail("cannot open /dev/null");
	return sink;
}

/* The memory file's path, made once: the file is emptied and rewritten for
 * each input. */
static int memory_file(char *path, size_t size)
{
	static int fd = -1;
	if (fd < 0 && (fd = memfd_create("fuzz-results", 0)) < 0)
		fail("memfd_create failed");
	snprintf(path, size, "/proc/self/fd/%d", fd);
	return fd;
}

static void render_reports(const json_t *results, const char *path)
{
	char error[1024];
	struct report_files written = { path, "report/junit.xml", "report/index.html" };
	if (junit_xml_write(results, written.junit, error, sizeof error) != 0 ||
	    html_report_write(results, ".", written.html, error, sizeof error) != 0)
		fail("a report of an accepted results file was not written");
	terminal_summary_print(null_output(), results, &written);
	struct compare_input inputs[2] = { { path, results }, { path, results } };
	json_t *comparison = compare_results(inputs, 2);
	if (!comparison)
		fail("compare_results: out of memory");
	compare_text_print(null_output(), comparison);
	if (compare_html_write(comparison, "compare.html", error, sizeof error) != 0)
		fail("the comparison page of an accepted results file was not written");
	json_decref(comparison);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[64], error[1024];
	int fd = memory_file(path, sizeof path);
	if (ftruncate(fd, 0) != 0 || (size > 0 && pwrite(fd, data, size, 0) != (ssize_t)size))
		fail("cannot write the input to the memory file");
	error[0] = '\0';
	json_t *results = results_load(path, error, sizeof error);
	if (!results) {
		/* Refused: with one line that says why, and that a terminal shows
		 * as it is (no control character quoted from the file). */
		if (error[0] == '\0')
			fail("results_load refused a file without saying why");
		for (const unsigned char *c = (const unsigned char *)error; *c; c++)
			if (*c < 0x20 || *c == 0x7f)
				fail("results_load's reason holds a control character (a newline, an escape)");
		return 0;
	}
	render_reports(results, path);
	json_decref(results);
	return 0;
}
