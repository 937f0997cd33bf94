/* Where the shipped Python client's interpreter is, found once per run. */
#ifndef FINRST_PYTHON_INTERPRETER_H
#define FINRST_PYTHON_INTERPRETER_H

#include "cases/case.h"

extern const struct program_lookup python_interpreter_lookup;

#endif
