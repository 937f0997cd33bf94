#include "reports/html_report.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "runners/model/outcome.h"
#include "reports/html_page.h"
#include "reports/relative_path.h"

/* What the page needs besides the results: the outcome fields in report
 * order (so the page lists them as the terminal does) and the way from the
 * page to the pcaps. */
static json_t *report_context(const char *results_directory, const char *path)
{
	char page_directory[4096], pcap_base[4096];
	directory_of(path, page_directory, sizeof page_directory);
	relative_path(page_directory, results_directory, pcap_base, sizeof pcap_base);
	json_t *fields = json_array(), *base = json_string(pcap_base);
	for (size_t f = 0; f < outcome_field_count(); f++)
		json_array_append_new(fields, json_string(outcome_field_names[f]));
	/* A directory name that is not UTF-8 cannot be said in JSON; the links
	 * then assume the page sits beside the results. */
	return json_pack("{s:o, s:o}", "fields", fields, "pcap_base", base ? base : json_string("."));
}

int html_report_write(const json_t *results, const char *results_directory, const char *path, char *error,
		      size_t size)
{
	json_t *context = report_context(results_directory, path);
	if (!context) {
		snprintf(error, size, "cannot write %s: %s", path, strerror(ENOMEM));
		return -1;
	}
	struct html_data data[] = { { "finrst-results", results }, { "finrst-context", context } };
	int status = html_page_write(path, html_report_template, data, 2, error, size);
	json_decref(context);
	return status;
}
