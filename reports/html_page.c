#include "reports/html_page.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runners/system/atomic_file.h"

/* Outside strings JSON has none of these characters, so replacing them
 * everywhere only ever changes string contents, into equivalent escapes. */
static const char *script_escape(const unsigned char *c, size_t *taken)
{
	*taken = 1;
	if (*c == '<')
		return "\\u003c";
	if (*c == '>')
		return "\\u003e";
	if (*c == '&')
		return "\\u0026";
	*taken = 3;
	if (c[0] == 0xE2 && c[1] == 0x80 && c[2] == 0xA8)
		return "\\u2028";
	if (c[0] == 0xE2 && c[1] == 0x80 && c[2] == 0xA9)
		return "\\u2029";
	*taken = 1;
	return NULL;
}

char *html_script_json(const json_t *value)
{
	char *json = json_dumps(value, JSON_COMPACT);
	if (!json)
		return NULL;
	char *out = malloc(strlen(json) * 6 + 1), *o = out;   /* each byte at most "\u003c" */
	for (const unsigned char *c = (const unsigned char *)json; out && *c;) {
		size_t taken;
		const char *escape = script_escape(c, &taken);
		if (escape) {
			memcpy(o, escape, 6);
			o += 6;
		} else {
			*o++ = (char)*c;
		}
		c += taken;
	}
	if (out)
		*o = '\0';
	free(json);
	return out;
}

static int print_data(FILE *out, const struct html_data *data, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		char *json = html_script_json(data[i].value);
		if (!json)
			return -1;
		fprintf(out, "<script type=\"application/json\" id=\"%s\">%s</script>\n", data[i].id, json);
		free(json);
	}
	return 0;
}

int html_page_write(const char *path, const char *template, const struct html_data *data, size_t count,
		    char *error, size_t size)
{
	const char *marker = strstr(template, HTML_DATA_MARKER);
	char *page = NULL;
	size_t length = 0;
	FILE *out = open_memstream(&page, &length);
	int failed = !out || !marker;
	if (out) {
		fwrite(template, 1, marker ? (size_t)(marker - template) : 0, out);
		failed |= print_data(out, data, count) != 0;
		fputs(marker ? marker + strlen(HTML_DATA_MARKER) : "", out);
		failed |= fclose(out) != 0;
	}
	int status = -1;
	if (failed)
		snprintf(error, size, "cannot write %s: %s", path,
			 marker ? strerror(ENOMEM) : "the page template has no data marker");
	else
		status = atomic_file_write(path, page, length, error, size);
	free(page);
	return status;
}
