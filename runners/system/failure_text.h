/* The words for why a call failed: strerror(), and when the errno means a
 * limit was reached (descriptors, processes), which limit and its value, so
 * that the user knows what to raise. */
#ifndef FINRST_FAILURE_TEXT_H
#define FINRST_FAILURE_TEXT_H

#include <stddef.h>

/* Writes the reason for `err` into `text` and returns `text`. */
const char *failure_text(int err, char *text, size_t size);

#endif
