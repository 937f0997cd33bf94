/* The HTML view of a comparison (compare.h): one self-contained page, the
 * differing cells with one column per platform. */
#ifndef FINRST_COMPARE_HTML_H
#define FINRST_COMPARE_HTML_H

#include <jansson.h>
#include <stddef.h>

/* The page (compare_html_template.c), HTML_DATA_MARKER where the data goes. */
extern const char compare_html_template[];

/* Returns 0, or -1 with "cannot write PATH: reason" in `error`. */
int compare_html_write(const json_t *comparison, const char *path, char *error, size_t size);

#endif
