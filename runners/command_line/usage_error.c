#include <stdarg.h>
#include <stdio.h>

#include "runners/command_line/commands.h"

const char *finrst_program = "finrst";

/* The message is one line whatever it quotes: a control character in a
 * file name or a filter (a newline, an escape sequence) is shown as \xNN. */
int usage_error(const char *format, ...)
{
	char message[4096];
	va_list args;
	va_start(args, format);
	vsnprintf(message, sizeof message, format, args);
	va_end(args);
	fputs("finrst: ", stderr);
	for (const unsigned char *c = (const unsigned char *)message; *c; c++) {
		if (*c < 0x20 || *c == 0x7f)
			fprintf(stderr, "\\x%02x", *c);
		else
			fputc(*c, stderr);
	}
	fputc('\n', stderr);
	return EXIT_USAGE;
}
