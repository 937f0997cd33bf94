/* Writing text that came from a results file to a terminal: control
 * characters in it could otherwise move the cursor, recolour or retitle the
 * terminal, so they are shown as text instead. */
#ifndef FINRST_TERMINAL_TEXT_H
#define FINRST_TERMINAL_TEXT_H

#include <stdio.h>

/* Writes `text` to `out`, each C0 control character except newline and tab,
 * DEL, and each C1 control character (U+0080..U+009F) written as "\u001B". */
void terminal_text_write(FILE *out, const char *text);

/* Prints what `print` prints with `context`, passed through terminal_text_write. */
void terminal_text_print(FILE *out, void (*print)(FILE *, const void *), const void *context);

#endif
