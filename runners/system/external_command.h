/* External commands: a command line split into argv like a shell would
 * split words ('single', "double" quotes, backslash), but run without one;
 * then {host}, {port} and {url} substituted per cell. */
#ifndef FINRST_EXTERNAL_COMMAND_H
#define FINRST_EXTERNAL_COMMAND_H

#include <stddef.h>

/* A NULL-terminated argv in one allocation (free it with free()). NULL with
 * the reason in `error` for an empty line or an unclosed quote. */
char **command_line_split(const char *text, char *error, size_t size);
/* argv with the placeholders replaced, allocated like command_line_split's. */
/* Where the shipped external programs and their files are ({shipped}). */
const char *shipped_files_directory(void);
char **command_line_substitute(const char *const *argv, const char *host, const char *port, const char *url);
/* Whether argv[0] names a program that can be run (a path, or found in PATH). */
int command_line_program_exists(const char *program);

#endif
