/* The one table of modes and patterns, and which pairings make a cell. */
#include <string.h>

#include "case.h"

extern const struct mode mode_close, mode_close_unread, mode_shut_wr, mode_shut_wr_close,
	mode_shut_rd, mode_shut_rdwr, mode_linger0, mode_linger_wait, mode_exit, mode_kill,
	mode_close_shared, mode_shut_wr_shared, mode_close_pending, mode_linger0_pending,
	mode_passive;
extern const struct pattern pattern_drain, pattern_write_first, pattern_write_after_eof,
	pattern_write_loop, pattern_idle, pattern_close_first, pattern_close_unread_first,
	pattern_lingering_close, pattern_big_response_close;
extern const struct mode mode_fault_hang, mode_fault_crash, mode_fault_exit;
extern const struct pattern pattern_fault_hang, pattern_fault_crash, pattern_fault_exit;

static const struct mode *const modes[] = {
	&mode_close, &mode_close_unread, &mode_shut_wr, &mode_shut_wr_close, &mode_shut_rd,
	&mode_shut_rdwr, &mode_linger0, &mode_linger_wait, &mode_exit, &mode_kill,
	&mode_close_shared, &mode_shut_wr_shared, &mode_close_pending, &mode_linger0_pending,
	&mode_passive,
	/* Faults come last: the matrix leaves them out unless asked (--faults). */
	&mode_fault_hang, &mode_fault_crash, &mode_fault_exit,
};

static const struct pattern *const patterns[] = {
	&pattern_drain, &pattern_write_first, &pattern_write_after_eof, &pattern_write_loop,
	&pattern_idle, &pattern_close_first, &pattern_close_unread_first,
	&pattern_lingering_close, &pattern_big_response_close,
	&pattern_fault_hang, &pattern_fault_crash, &pattern_fault_exit,
};

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

size_t mode_count(void) { return COUNT(modes); }
size_t pattern_count(void) { return COUNT(patterns); }
const struct mode *mode_at(size_t index) { return index < COUNT(modes) ? modes[index] : NULL; }
const struct pattern *pattern_at(size_t index) { return index < COUNT(patterns) ? patterns[index] : NULL; }

const struct mode *mode_find(const char *name)
{
	for (size_t i = 0; i < COUNT(modes); i++)
		if (strcmp(modes[i]->name, name) == 0)
			return modes[i];
	return NULL;
}

const struct pattern *pattern_find(const char *name)
{
	for (size_t i = 0; i < COUNT(patterns); i++)
		if (strcmp(patterns[i]->name, name) == 0)
			return patterns[i];
	return NULL;
}

const char *pairing_not_applicable(const struct mode *mode, const struct pattern *pattern)
{
	if ((mode->traits & MODE_FAULT) && (pattern->traits & PATTERN_FAULT))
		return "two faults at once show nothing one fault does not";
	if ((mode->traits & MODE_NEEDS_UNREAD_DATA) && !(pattern->traits & PATTERN_SENDS_FIRST))
		return "the pattern sends nothing before the teardown, so nothing is left unread";
	if ((mode->traits & MODE_WAITS_FOR_SERVER_CLOSE) && !(pattern->traits & PATTERN_CLOSES_FIRST))
		return "both sides would wait for the other to close first";
	return NULL;
}
