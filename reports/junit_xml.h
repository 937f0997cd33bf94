/* The JUnit XML report (the dialect of Jenkins' junit-10.xsd), rendered from
 * a results document: one <testsuite> per mode, one <testcase> per cell. */
#ifndef FINRST_JUNIT_XML_H
#define FINRST_JUNIT_XML_H

#include <jansson.h>
#include <stddef.h>

/* Writes the report of `results` to `path` (wholly or not at all). Returns
 * 0, or -1 with "cannot write PATH: reason" in `error`. */
int junit_xml_write(const json_t *results, const char *path, char *error, size_t size);

#endif
