#include "reports/terminal_text.h"

#include <stdlib.h>

void terminal_text_write(FILE *out, const char *text)
{
	for (const unsigned char *c = (const unsigned char *)text; *c; c++) {
		if ((*c < 0x20 && *c != '\n' && *c != '\t') || *c == 0x7F)
			fprintf(out, "\\u%04X", *c);
		else if (c[0] == 0xC2 && c[1] >= 0x80 && c[1] <= 0x9F)   /* UTF-8 for U+0080..U+009F */
			fprintf(out, "\\u%04X", *++c);
		else
			fputc(*c, out);
	}
}

void terminal_text_print(FILE *out, void (*print)(FILE *, const void *), const void *context)
{
	char *text = NULL;
	size_t length = 0;
	FILE *buffer = open_memstream(&text, &length);
	if (!buffer)
		return;
	print(buffer, context);
	if (fclose(buffer) == 0)
		terminal_text_write(out, text);
	free(text);
}
