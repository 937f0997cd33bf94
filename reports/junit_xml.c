/* JUnit XML through libxml2's xmlTextWriter, which escapes markup. What it
 * cannot do is make forbidden characters legal: every string goes through
 * xml_text_legal() first (control characters become "\u001B" text).
 *
 *   <testsuites name="finrst" tests failures errors time>
 *     <testsuite name=MODE tests failures errors skipped time timestamp>
 *       <properties> platform facts; "xfail PATTERN/FAMILY" = the deviation
 *       <testcase classname=MODE name=PATTERN/FAMILY time=SECONDS>
 *         fail:  <failure message="FIELD: expected X, actual Y (REF); ...">
 *                  expectation table, reference, ladder with both sides' calls
 *         error: <error message=WHY> ladder
 *         skip:  <skipped message=REASON/>
 *         xfail: <system-out> the documented deviation (a pass for JUnit)
 *
 * The schema allows <properties> only in a testsuite, not in a testcase,
 * hence the xfail properties there and the deviation in system-out. */
#include "reports/junit_xml.h"

#include <errno.h>
#include <libxml/xmlwriter.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runners/system/atomic_file.h"
#include "reports/cell_text.h"
#include "reports/results_fields.h"
#include "reports/xml_text.h"

struct junit {
	xmlTextWriterPtr writer;
	int failed;     /* a libxml2 call failed: out of memory */
};

static void start(struct junit *j, const char *element)
{
	if (xmlTextWriterStartElement(j->writer, BAD_CAST element) < 0)
		j->failed = 1;
}

static void end(struct junit *j)
{
	if (xmlTextWriterEndElement(j->writer) < 0)
		j->failed = 1;
}

static void attribute(struct junit *j, const char *name, const char *value)
{
	char *legal = xml_text_legal(value);
	if (!legal || xmlTextWriterWriteAttribute(j->writer, BAD_CAST name, BAD_CAST legal) < 0)
		j->failed = 1;
	free(legal);
}

static void attribute_format(struct junit *j, const char *name, const char *format, ...)
	__attribute__((format(printf, 3, 4)));
static void attribute_format(struct junit *j, const char *name, const char *format, ...)
{
	char value[64];
	va_list args;
	va_start(args, format);
	vsnprintf(value, sizeof value, format, args);
	va_end(args);
	attribute(j, name, value);
}

static void text(struct junit *j, const char *value)
{
	char *legal = xml_text_legal(value);
	if (!legal || xmlTextWriterWriteString(j->writer, BAD_CAST legal) < 0)
		j->failed = 1;
	free(legal);
}

/* Text made by a function printing to a FILE, such as the ladder. */
static char *printed(void (*print)(FILE *, const json_t *), const json_t *cell, int *failed)
{
	char *buffer = NULL;
	size_t length = 0;
	FILE *out = open_memstream(&buffer, &length);
	if (!out) {
		*failed = 1;
		return NULL;
	}
	print(out, cell);
	if (fclose(out) != 0) {
		*failed = 1;
		free(buffer);
		return NULL;
	}
	return buffer;
}

static void mismatches_with_references(FILE *out, const json_t *cell)
{
	cell_mismatches_text(out, cell, 1);
}

static void failure_body(FILE *out, const json_t *cell)
{
	cell_expectation_text(out, cell);
	fputs("\n", out);
	cell_ladder_text(out, cell);
}

static void deviation_text(FILE *out, const json_t *cell)
{
	const json_t *expected = json_object_get(cell, "expected");
	fprintf(out, "xfail: a documented deviation from the RFC: %s\nreference: %s\n",
		results_text(expected, "deviation"), results_text(expected, "reference"));
}

/* <ELEMENT message=... type=...>BODY</ELEMENT>, the message and body printed from the cell. */
static void problem_element(struct junit *j, const char *element, const char *type, const json_t *cell,
			    void (*message)(FILE *, const json_t *), void (*body)(FILE *, const json_t *))
{
	char *message_text = printed(message, cell, &j->failed);
	char *body_text = body ? printed(body, cell, &j->failed) : NULL;
	start(j, element);
	attribute(j, "message", message_text ? message_text : "");
	if (type)
		attribute(j, "type", type);
	if (body_text)
		text(j, body_text);
	end(j);
	free(message_text);
	free(body_text);
}

static void error_message(FILE *out, const json_t *cell)
{
	fputs(*results_text(cell, "error") ? results_text(cell, "error") : "the cell could not be run", out);
}

static void testcase(struct junit *j, const json_t *cell)
{
	int verdict = verdict_index(results_text(cell, "verdict"));
	start(j, "testcase");
	attribute(j, "classname", results_text(cell, "mode"));
	char name[1024];
	snprintf(name, sizeof name, "%s/%s", results_text(cell, "pattern"), results_text(cell, "family"));
	attribute(j, "name", name);
	attribute_format(j, "time", "%.3f", results_number(cell, "duration_ms") / 1000.0);
	if (verdict == VERDICT_FAIL)
		problem_element(j, "failure", "finrst.mismatch", cell, mismatches_with_references, failure_body);
	else if (verdict == VERDICT_ERROR)
		problem_element(j, "error", "finrst.error", cell, error_message, cell_ladder_text);
	else if (verdict == VERDICT_SKIP)
		problem_element(j, "skipped", NULL, cell, error_message, NULL);
	else if (verdict == VERDICT_XFAIL) {
		char *deviation = printed(deviation_text, cell, &j->failed);
		start(j, "system-out");
		text(j, deviation ? deviation : "");
		end(j);
		free(deviation);
	}
	end(j);
}

static void property(struct junit *j, const char *name, const char *value)
{
	start(j, "property");
	attribute(j, "name", name);
	attribute(j, "value", value);
	end(j);
}

static void suite_properties(struct junit *j, const json_t *results, const json_t *cells, const char *mode)
{
	const json_t *platform = json_object_get(results, "platform");
	char label[512];
	snprintf(label, sizeof label, "%s %s %s", results_text(platform, "system"), results_text(platform, "release"),
		 results_text(platform, "machine"));
	start(j, "properties");
	property(j, "platform", label);
	property(j, "libpcap", results_text(platform, "libpcap"));
	property(j, "expectations", results_text(platform, "expectations"));
	property(j, "network", results_text(json_object_get(results, "run"), "network"));
	property(j, "capture", results_text(json_object_get(results, "run"), "capture"));
	for (size_t i = 0; i < json_array_size(cells); i++) {
		const json_t *cell = json_array_get(cells, i);
		int xfail = verdict_index(results_text(cell, "verdict")) == VERDICT_XFAIL;
		if (!xfail || strcmp(results_text(cell, "mode"), mode) != 0)
			continue;
		char name[1024];
		snprintf(name, sizeof name, "xfail %s/%s", results_text(cell, "pattern"), results_text(cell, "family"));
		property(j, name, results_text(json_object_get(cell, "expected"), "deviation"));
	}
	end(j);
}

/* "2026-01-31T12:00:00": surefire's form, without a zone; finrst's is UTC. */
static void timestamp(struct junit *j, const json_t *results)
{
	char stamp[64];
	snprintf(stamp, sizeof stamp, "%s", results_text(json_object_get(results, "run"), "finished"));
	if (!*stamp)
		return;
	stamp[strcspn(stamp, "Z")] = '\0';
	attribute(j, "timestamp", stamp);
}

static void testsuite(struct junit *j, const json_t *results, const char *mode)
{
	const json_t *cells = json_object_get(results, "cells");
	size_t counts[VERDICT_ERROR + 1] = { 0 }, tests = 0;
	double seconds = 0;
	for (size_t i = 0; i < json_array_size(cells); i++) {
		const json_t *cell = json_array_get(cells, i);
		if (strcmp(results_text(cell, "mode"), mode) != 0)
			continue;
		int verdict = verdict_index(results_text(cell, "verdict"));
		counts[verdict >= 0 ? verdict : VERDICT_ERROR]++;
		tests++;
		seconds += results_number(cell, "duration_ms") / 1000.0;
	}
	start(j, "testsuite");
	attribute(j, "name", mode);
	attribute_format(j, "tests", "%zu", tests);
	attribute_format(j, "failures", "%zu", counts[VERDICT_FAIL]);
	attribute_format(j, "errors", "%zu", counts[VERDICT_ERROR]);
	attribute_format(j, "skipped", "%zu", counts[VERDICT_SKIP]);
	attribute_format(j, "time", "%.3f", seconds);
	timestamp(j, results);
	suite_properties(j, results, cells, mode);
	for (size_t i = 0; i < json_array_size(cells); i++)
		if (strcmp(results_text(json_array_get(cells, i), "mode"), mode) == 0)
			testcase(j, json_array_get(cells, i));
	end(j);
}

static int mode_seen_before(const json_t *cells, size_t index)
{
	const char *mode = results_text(json_array_get(cells, index), "mode");
	for (size_t i = 0; i < index; i++)
		if (strcmp(results_text(json_array_get(cells, i), "mode"), mode) == 0)
			return 1;
	return 0;
}

static void testsuites(struct junit *j, const json_t *results)
{
	const json_t *cells = json_object_get(results, "cells");
	size_t counts[VERDICT_ERROR + 1];
	results_count_verdicts(results, counts);
	start(j, "testsuites");
	attribute(j, "name", "finrst");
	attribute_format(j, "tests", "%zu", json_array_size(cells));
	attribute_format(j, "failures", "%zu", counts[VERDICT_FAIL]);
	attribute_format(j, "errors", "%zu", counts[VERDICT_ERROR]);
	attribute_format(j, "time", "%.3f", results_number(json_object_get(results, "run"), "duration_ms") / 1000.0);
	for (size_t i = 0; i < json_array_size(cells); i++)
		if (!mode_seen_before(cells, i))
			testsuite(j, results, results_text(json_array_get(cells, i), "mode"));
	end(j);
}

int junit_xml_write(const json_t *results, const char *path, char *error, size_t size)
{
	xmlBufferPtr buffer = xmlBufferCreate();
	struct junit j = { buffer ? xmlNewTextWriterMemory(buffer, 0) : NULL, 0 };
	if (!j.writer) {
		xmlBufferFree(buffer);
		snprintf(error, size, "cannot write %s: %s", path, strerror(ENOMEM));
		return -1;
	}
	xmlTextWriterSetIndent(j.writer, 1);
	xmlTextWriterSetIndentString(j.writer, BAD_CAST "  ");
	if (xmlTextWriterStartDocument(j.writer, NULL, "UTF-8", NULL) < 0)
		j.failed = 1;
	testsuites(&j, results);
	if (xmlTextWriterEndDocument(j.writer) < 0)
		j.failed = 1;
	xmlFreeTextWriter(j.writer);   /* flushes into the buffer */
	int status = -1;
	if (j.failed)
		snprintf(error, size, "cannot write %s: %s", path, strerror(ENOMEM));
	else
		status = atomic_file_write(path, (const char *)xmlBufferContent(buffer), (size_t)xmlBufferLength(buffer),
					   error, size);
	xmlBufferFree(buffer);
	return status;
}
