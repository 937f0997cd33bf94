#include "runners/stacks/stack.h"

#include <stdio.h>

const char *stack_lacks(const struct stack *stack, unsigned needs)
{
	static const struct { unsigned ability; const char *needs; } reasons[] = {
		{ STACK_KERNEL_SOCKET, "a kernel socket that libcurl drives itself" },
		{ STACK_SHARED_SOCKET, "a socket shared by two processes (fork)" },
		{ STACK_PROCESS_END, "the end of the process that holds the socket" },
		{ STACK_OWN_PROGRAM, "a program of its own making its own socket calls" },
	};
	static char why[256];
	for (size_t i = 0; i < sizeof reasons / sizeof reasons[0]; i++)
		if ((needs & reasons[i].ability) && !(stack->abilities & reasons[i].ability)) {
			snprintf(why, sizeof why, "needs %s, which the %s stack does not give", reasons[i].needs,
				 stack->name);
			return why;
		}
	return NULL;
}
