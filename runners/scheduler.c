#include "scheduler.h"

#include <errno.h>
#include <stdlib.h>

#define WATCHED_PER_CELL 3

struct scheduler {
	struct cell_result *results;
	size_t count, next;
	size_t *order;
	struct cell_run *slots;
	int jobs, active;
	const struct run_options *options;
	cell_done_callback done;
	void *context;
};

/* Slow cells wait on kernel timers; started first, they overlap the rest. */
static void order_slow_first(struct scheduler *s)
{
	size_t at = 0;
	for (int slow = 1; slow >= 0; slow--)
		for (size_t i = 0; i < s->count; i++)
			if (!!(s->results[i].cell.mode->traits & MODE_SLOW) == slow)
				s->order[at++] = i;
}

static void start_next(struct scheduler *s, struct cell_run *slot)
{
	struct cell_result *result = &s->results[s->order[s->next++]];
	if (cell_run_start(slot, result, s->options) != 0) {
		cell_run_finish(slot);
		s->done(result, s->context);
		slot->result = NULL;
		return;
	}
	s->active++;
}

static void fill_slots(struct scheduler *s)
{
	for (int i = 0; i < s->jobs && s->next < s->count; i++)
		if (!s->slots[i].result)
			start_next(s, &s->slots[i]);
}

static int next_timeout_ms(const struct scheduler *s)
{
	int64_t now = monotonic_us(), soonest = -1;
	for (int i = 0; i < s->jobs; i++)
		if (s->slots[i].result && (soonest < 0 || s->slots[i].deadline_us < soonest))
			soonest = s->slots[i].deadline_us;
	if (soonest < 0)
		return 0;
	return soonest <= now ? 0 : (int)((soonest - now) / 1000 + 1);
}

static void wait_for_any(struct scheduler *s, struct pollfd *fds)
{
	int watched = 0;
	for (int i = 0; i < s->jobs; i++)
		if (s->slots[i].result)
			watched += cell_run_watch(&s->slots[i], fds + watched);
	while (poll(fds, (nfds_t)watched, next_timeout_ms(s)) < 0 && errno == EINTR)
		;
}

static void advance_all(struct scheduler *s)
{
	for (int i = 0; i < s->jobs; i++) {
		struct cell_run *slot = &s->slots[i];
		if (!slot->result)
			continue;
		cell_run_advance(slot);
		if (!slot->finished)
			continue;
		struct cell_result *result = slot->result;
		cell_run_finish(slot);
		slot->result = NULL;
		s->active--;
		s->done(result, s->context);
	}
}

int scheduler_run(struct cell_result *results, size_t count, const struct run_options *options,
		   int jobs, cell_done_callback done, void *context)
{
	struct scheduler s = { results, count, 0, calloc(count ? count : 1, sizeof(size_t)),
			       calloc((size_t)jobs, sizeof(struct cell_run)), jobs, 0, options, done, context };
	struct pollfd *fds = calloc((size_t)jobs * WATCHED_PER_CELL, sizeof *fds);
	if (!s.order || !s.slots || !fds) {
		free(s.order);
		free(s.slots);
		free(fds);
		return -1;
	}
	order_slow_first(&s);
	for (fill_slots(&s); s.active > 0 || s.next < s.count; fill_slots(&s)) {
		if (s.active > 0)
			wait_for_any(&s, fds);
		advance_all(&s);
	}
	free(s.order);
	free(s.slots);
	free(fds);
	return 0;
}
