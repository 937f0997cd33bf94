/* --client-cmd and --server-cmd, shared by `finrst run` and `finrst explain`. */
#ifndef FINRST_EXTERNAL_OPTIONS_H
#define FINRST_EXTERNAL_OPTIONS_H

/* `option` is "--client-cmd" or "--server-cmd": splits `command_line` into
 * argv (kept for the rest of the process) and registers it as the mode
 * client-cmd or the pattern server-cmd. 0, or EXIT_USAGE after the one-line
 * error "finrst: OPTION: why" (an empty command, an unclosed quote). */
int external_option_use(const char *option, const char *command_line);

#endif
