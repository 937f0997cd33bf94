#include <stdio.h>
#include <string.h>

#include "cases/case.h"
#include "runners/command_line/commands.h"

int command_list(int argc, char **argv)
{
	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0))
		return puts("usage: finrst list\nPrints the modes (client teardowns) and patterns (server behaviours)."), 0;
	if (argc > 1)
		return usage_error("list takes no arguments (got '%s')", argv[1]);
	puts("modes (what the client does to end the connection):");
	for (size_t i = 0; i < mode_count(); i++)
		if (!(mode_at(i)->traits & MODE_FAULT))
			printf("  %-18s %s\n", mode_at(i)->name, mode_at(i)->description);
	puts("\npatterns (what the server does with the connection):");
	for (size_t i = 0; i < pattern_count(); i++)
		if (!(pattern_at(i)->traits & PATTERN_FAULT))
			printf("  %-18s %s\n", pattern_at(i)->name, pattern_at(i)->description);
	puts("\nfaults (test only; run only when a filter names them, e.g. 'fault-hang/drain/ipv4'):");
	for (size_t i = 0; i < mode_count(); i++)
		if (mode_at(i)->traits & MODE_FAULT)
			printf("  mode    %-18s %s\n", mode_at(i)->name, mode_at(i)->description);
	for (size_t i = 0; i < pattern_count(); i++)
		if (pattern_at(i)->traits & PATTERN_FAULT)
			printf("  pattern %-18s %s\n", pattern_at(i)->name, pattern_at(i)->description);
	puts("\nnot applicable (left out of the matrix):");
	for (size_t m = 0; m < mode_count(); m++)
		for (size_t p = 0; p < pattern_count(); p++) {
			const char *why = pairing_not_applicable(mode_at(m), pattern_at(p));
			if (why && !(mode_at(m)->traits & MODE_FAULT) && !(pattern_at(p)->traits & PATTERN_FAULT))
				printf("  %s/%s: %s\n", mode_at(m)->name, pattern_at(p)->name, why);
		}
	puts("\ncell ids are mode/pattern/family, family ipv4 or ipv6");
	return 0;
}
