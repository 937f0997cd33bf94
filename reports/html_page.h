/* A self-contained HTML page made of a template and data: the data goes into
 * <script type="application/json"> elements, escaped so that no string in it
 * can end the element or be read as markup, and the page's own script renders
 * it through the DOM (textContent, never innerHTML). */
#ifndef FINRST_HTML_PAGE_H
#define FINRST_HTML_PAGE_H

#include <jansson.h>
#include <stddef.h>

/* Where a template takes its data elements. */
#define HTML_DATA_MARKER "<!-- finrst:data -->"

struct html_data {
	const char *id;            /* the element's id, a fixed name */
	const json_t *value;
};

/* `value` as JSON text safe inside a <script> element: every '<', '>' and
 * '&' written as \u003c, \u003e, \u0026, and U+2028, U+2029 (which end a
 * line in older JavaScript) as \u2028, \u2029. To free; NULL when out of
 * memory. */
char *html_script_json(const json_t *value);

/* Writes `template` with the data elements in place of HTML_DATA_MARKER to
 * `path` (wholly or not at all). Returns 0, or -1 with "cannot write PATH:
 * reason" in `error`. */
int html_page_write(const char *path, const char *template, const struct html_data *data, size_t count,
		    char *error, size_t size);

#endif
