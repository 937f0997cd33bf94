/* Plain-text views of one cell of a results document, for the JUnit report
 * and the terminal: what was expected against what happened, and the
 * timeline of both sides' calls and the segments on the wire. */
#ifndef FINRST_CELL_TEXT_H
#define FINRST_CELL_TEXT_H

#include <jansson.h>
#include <stdio.h>

/* One line: "client_teardown: expected RST, actual FIN (REFERENCE); ...", or
 * the cell's error when it has no mismatch. References only when asked. */
void cell_mismatches_text(FILE *out, const json_t *cell, int with_references);

/* Every outcome field, expected against actual, then the reference, the
 * note and any documented deviation. */
void cell_expectation_text(FILE *out, const json_t *cell);

/* The timeline: client calls left, the wire in the middle (--> client to
 * server), server calls right, in time order. */
void cell_ladder_text(FILE *out, const json_t *cell);

#endif
