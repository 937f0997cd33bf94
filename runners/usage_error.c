#include <stdarg.h>
#include <stdio.h>

#include "commands.h"

int usage_error(const char *format, ...)
{
	va_list args;
	fputs("finrst: ", stderr);
	va_start(args, format);
	vfprintf(stderr, format, args);
	va_end(args);
	fputc('\n', stderr);
	return EXIT_USAGE;
}
