/* Ctrl-C and SIGTERM during a run: the runner stops starting cells, kills
 * the running ones, and still writes what it has, marked incomplete. */
#ifndef FINRST_INTERRUPTION_H
#define FINRST_INTERRUPTION_H

/* Catches SIGINT and SIGTERM from now on (poll() then returns EINTR, and
 * interruption_wakeup_fd() becomes readable). */
void interruption_watch(void);
/* A descriptor to poll() for POLLIN alongside the cells', or -1. */
int interruption_wakeup_fd(void);
/* Closes that descriptor at the end of a run; signals are still caught. */
void interruption_stop_waking(void);
/* The signal that interrupted the run, or 0. */
int interruption_signal(void);
/* "SIGINT", "SIGTERM". */
const char *interruption_name(void);

#endif
