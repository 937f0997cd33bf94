/* The HTML report: one self-contained page (no fetch from any network, works
 * opened from disk) rendered from a results document: a summary bar, the
 * matrix per family coloured by verdict, and for each cell its packet ladder,
 * both sides' calls, expected against actual, and a link to its pcap. */
#ifndef FINRST_HTML_REPORT_H
#define FINRST_HTML_REPORT_H

#include <jansson.h>
#include <stddef.h>

/* The page: markup, style and script, with HTML_DATA_MARKER where the data
 * goes (html_report_template.c). */
extern const char html_report_template[];

/* Writes the report of `results` to `path`. `results_directory` is where the
 * results file is, as the cells' pcap paths are relative to it; the page's
 * links are made relative to where the page is. Returns 0, or -1 with "cannot
 * write PATH: reason" in `error`. */
int html_report_write(const json_t *results, const char *results_directory, const char *path, char *error,
		      size_t size);

#endif
