/* The terminal view of a comparison (compare.h): one row per differing field,
 * one column per platform. */
#ifndef FINRST_COMPARE_TEXT_H
#define FINRST_COMPARE_TEXT_H

#include <jansson.h>
#include <stdio.h>

void compare_text_print(FILE *out, const json_t *comparison);

#endif
