#include "reports/compare_html.h"

#include "reports/html_page.h"

int compare_html_write(const json_t *comparison, const char *path, char *error, size_t size)
{
	struct html_data data[] = { { "finrst-comparison", comparison } };
	return html_page_write(path, compare_html_template, data, 1, error, size);
}
