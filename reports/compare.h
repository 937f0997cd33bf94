/* `finrst compare`: where the outcomes of the same cells differ between the
 * results of several platforms, field by field. Outcomes are facts, so they
 * are what is compared; verdicts depend on each platform's expectations and
 * are only shown beside them. */
#ifndef FINRST_COMPARE_H
#define FINRST_COMPARE_H

#include <jansson.h>
#include <stddef.h>

/* How many results files one comparison takes: columns side by side. */
#define COMPARE_FILES_MAX 16

struct compare_input {
	const char *path;
	const json_t *results;     /* as results_load() returned it */
};

/* The comparison, a document the terminal and HTML views are rendered from:
 *   {"platforms": [{"file", "system", "release", "machine", "label"}, ...],
 *    "compared": N, "differing": M,
 *    "cells": [{"id", "verdicts": [...], "differences": [{"field", "values": [...]}]}],
 *    "missing": [{"id", "present": [true, false, ...]}]}
 * one value per platform, in the order given. A cell in some files only is
 * listed under "missing" and not compared. Where a cell is `skip` or `error`
 * somewhere, its outcome is no fact, and "verdict" is compared instead.
 * `count` is 2 to COMPARE_FILES_MAX. NULL only when memory is exhausted. */
json_t *compare_results(const struct compare_input *inputs, size_t count);

#endif
