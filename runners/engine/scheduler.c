#include "runners/engine/scheduler.h"

#include "runners/system/interruption.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define WATCHED_PER_CELL 2

struct scheduler {
	struct cell_result *results;
	size_t count, next;
	size_t *order;
	struct cell_run *slots;
	struct side_worker_pair *workers;   /* one pair per slot, kept from cell to cell */
	int jobs;                        /* cells that may work at once */
	int slot_count;                  /* jobs plus one slot for every slow cell */
	int active, active_fast;
	const struct run_options *options;
	struct capture *shared;          /* the run's capture, or NULL when not capturing */
	unsigned dropped;
	char fatal[CELL_TEXT_SIZE];      /* a cell could not write its pcap: the run stops */
	cell_done_callback done;
	void *context;
};

static int is_slow(const struct cell_result *result)
{
	return (result->cell.mode->traits & MODE_SLOW) != 0;
}

/* Slow cells sleep in a kernel timer (SO_LINGER): they start first, in slots
 * of their own beyond `jobs`, so they overlap the rest instead of holding a
 * worker idle. */
static int order_slow_first(struct scheduler *s)
{
	size_t at = 0;
	int slow_cells = 0;
	for (int slow = 1; slow >= 0; slow--)
		for (size_t i = 0; i < s->count; i++)
			if (is_slow(&s->results[i]) == slow) {
				s->order[at++] = i;
				slow_cells += slow;
			}
	return slow_cells;
}

/* A disk that cannot take a pcap cannot take the results either. */
static void note_fatal(struct scheduler *s, const struct cell_run *slot)
{
	if (slot->fatal[0] && !s->fatal[0])
		snprintf(s->fatal, sizeof s->fatal, "%s", slot->fatal);
}

static struct side_worker_pair *workers_of(struct scheduler *s, const struct cell_run *slot)
{
	return s->options->fresh_processes ? NULL : &s->workers[slot - s->slots];
}

static void start_next(struct scheduler *s, struct cell_run *slot)
{
	struct cell_result *result = &s->results[s->order[s->next++]];
	if (cell_run_start(slot, result, s->options, s->shared, workers_of(s, slot)) != 0) {
		cell_run_finish(slot);
		note_fatal(s, slot);
		s->done(result, s->context);
		slot->result = NULL;
		return;
	}
	s->active++;
	s->active_fast += !is_slow(result);
}

static int waits_for_lookup(const struct scheduler *s, size_t at)
{
	const struct program_lookup *lookup = s->results[s->order[at]].cell.mode->lookup;
	return lookup && !lookup->answered();
}

/* A cell whose program is still being looked up (python3 through a version
 * manager's shim: a third of a second) lets the first cell after it that
 * need not wait go first, the others keeping their order. Once every cell
 * left waits, the first starts, and waits, when nothing else runs. 1 when
 * the cell at `next` may start now. */
static int bring_forward_a_ready_cell(struct scheduler *s)
{
	size_t at = s->next;
	while (at < s->count && waits_for_lookup(s, at))
		at++;
	if (at == s->count)
		return s->active == 0;
	size_t ready = s->order[at];
	memmove(&s->order[s->next + 1], &s->order[s->next], (at - s->next) * sizeof *s->order);
	s->order[s->next] = ready;
	return 1;
}

static int may_start_next(struct scheduler *s)
{
	return s->next < s->count && bring_forward_a_ready_cell(s) &&
	       (is_slow(&s->results[s->order[s->next]]) || s->active_fast < s->jobs);
}

static void fill_slots(struct scheduler *s)
{
	for (int i = 0; i < s->slot_count && may_start_next(s); i++)
		if (!s->slots[i].result)
			start_next(s, &s->slots[i]);
}

static int next_timeout_ms(const struct scheduler *s)
{
	int64_t now = monotonic_us(), soonest = -1;
	for (int i = 0; i < s->slot_count; i++)
		if (s->slots[i].result && (soonest < 0 || s->slots[i].deadline_us < soonest))
			soonest = s->slots[i].deadline_us;
	if (soonest < 0)
		return 0;
	return soonest <= now ? 0 : (int)((soonest - now) / 1000 + 1);
}

static void wait_for_any(struct scheduler *s, struct pollfd *fds)
{
	int watched = 0;
	if (s->shared && s->shared->fd >= 0)
		fds[watched++] = (struct pollfd){ s->shared->fd, POLLIN, 0 };
	if (interruption_wakeup_fd() >= 0)
		fds[watched++] = (struct pollfd){ interruption_wakeup_fd(), POLLIN, 0 };
	for (int i = 0; i < s->slot_count; i++)
		if (s->slots[i].result)
			watched += cell_run_watch(&s->slots[i], fds + watched);
	while (poll(fds, (nfds_t)watched, next_timeout_ms(s)) < 0 && errno == EINTR && !interruption_signal())
		;
}

/* Frames of other connections (none in a private namespace) are dropped. */
static void hand_frame_to_its_cell(void *context, const struct pcap_pkthdr *header, const uint8_t *bytes)
{
	struct scheduler *s = context;
	struct tcp_frame frame;
	if (frame_decode(s->shared->linktype, bytes, header->caplen, &frame) != FRAME_TCP)
		return;
	for (int i = 0; i < s->slot_count; i++)
		if (s->slots[i].result && cell_run_claims(&s->slots[i], &frame)) {
			cell_run_take_frame(&s->slots[i], header, bytes, &frame);
			return;
		}
}

/* Which cell lost a frame cannot be known: every cell running then is
 * incomplete evidence. */
static void read_capture(struct scheduler *s)
{
	if (!s->shared)
		return;
	capture_dispatch(s->shared, hand_frame_to_its_cell, s);
	unsigned dropped = capture_dropped(s->shared);
	if (dropped == s->dropped)
		return;
	s->dropped = dropped;
	for (int i = 0; i < s->slot_count; i++)
		if (s->slots[i].result)
			s->slots[i].capture_incomplete = 1;
}

/* A drop is a moment of load on the machine, not a property of the cell: a
 * cell whose capture lost frames gets one more run, with nothing of the
 * first kept but the reason. Not when the run is being stopped. */
static int should_run_again(const struct scheduler *s, const struct cell_run *slot)
{
	return slot->capture_incomplete && !slot->result->retried[0] && !interruption_signal() && !s->fatal[0];
}

/* Runs the cell again in the slot it held, so the slot counts stay as they
 * are. Returns 1 when it is running again, 0 when it could not start (it is
 * then finished, its error saying why). */
static int run_again(struct scheduler *s, struct cell_run *slot)
{
	struct cell_result *result = slot->result;
	char why[CELL_TEXT_SIZE] = "the capture of its first run lost frames";
	if (result->verdict == VERDICT_ERROR && strncmp(result->error, "capture incomplete", 18) != 0)
		snprintf(why, sizeof why, "the capture of its first run lost frames (that run ended: %s)", result->error);
	cell_result_reset(result);
	snprintf(result->retried, sizeof result->retried, "%s", why);
	if (cell_run_start(slot, result, s->options, s->shared, workers_of(s, slot)) == 0)
		return 1;
	cell_run_finish(slot);
	note_fatal(s, slot);
	return 0;
}

/* Test-only: FINRST_TEST_RUNNER_PAUSE_MS=N stops the runner for N ms after
 * each reading of the capture, as a loaded machine's scheduler may, so that
 * tests/test-client-cmd.sh can show what is read in which order. */
static void pause_as_if_preempted(void)
{
	static long pause_ms = -1;
	if (pause_ms < 0) {
		const char *text = getenv("FINRST_TEST_RUNNER_PAUSE_MS");
		pause_ms = text ? strtol(text, NULL, 10) : 0;
	}
	if (pause_ms > 0) {
		struct timespec pause = { pause_ms / 1000, (pause_ms % 1000) * 1000000 };
		nanosleep(&pause, NULL);
	}
}

/* The sides first, then the capture: a side's frames are in the ring before
 * its process ends (loopback captures as it sends), so once its end has been
 * read, reading the ring gives every frame it sent. The other way round, a
 * client that connected, finished and exited between the two readings
 * (a preempted runner, a loaded machine) looked as if it never connected. */
static void advance_all(struct scheduler *s)
{
	for (int i = 0; i < s->slot_count; i++)
		if (s->slots[i].result)
			cell_run_read_sides(&s->slots[i]);
	read_capture(s);
	pause_as_if_preempted();
	for (int i = 0; i < s->slot_count; i++) {
		struct cell_run *slot = &s->slots[i];
		if (!slot->result)
			continue;
		cell_run_advance(slot);
		if (!slot->finished)
			continue;
		struct cell_result *result = slot->result;
		read_capture(s);   /* the last frames of this cell may have just arrived */
		cell_run_finish(slot);
		note_fatal(s, slot);
		if (should_run_again(s, slot) && run_again(s, slot))
			continue;
		slot->result = NULL;
		s->active--;
		s->active_fast -= !is_slow(result);
		s->done(result, s->context);
	}
}

/* Running cells end as errors; cells not started yet are skipped, each with
 * the reason, so the results still account for every cell. */
static void stop_everything(struct scheduler *s, const char *cause, const char *why_not_run)
{
	char why[CELL_TEXT_SIZE];
	for (int i = 0; i < s->slot_count; i++)
		if (s->slots[i].result)
			cell_run_interrupt(&s->slots[i], cause);
	advance_all(s);
	snprintf(why, sizeof why, "not run: %s", why_not_run);
	for (; s->next < s->count; s->next++) {
		struct cell_result *result = &s->results[s->order[s->next]];
		result->verdict = VERDICT_SKIP;
		snprintf(result->error, sizeof result->error, "%s", why);
		/* Nothing was seen: its outcome says "unseen", as any cell's
		 * without a capture, rather than being left blank. */
		outcome_from_evidence(&result->segments, &result->client_calls, &result->server_calls, 0,
				      &result->outcome);
		s->done(result, s->context);
	}
}

int scheduler_run(struct cell_result *results, size_t count, const struct run_options *options,
		  struct capture *capture, int jobs, cell_done_callback done, void *context, char *error, size_t size)
{
	struct scheduler s = { .results = results, .count = count, .jobs = jobs, .options = options,
			       .shared = capture, .done = done, .context = context };
	s.order = calloc(count ? count : 1, sizeof *s.order);
	s.slot_count = jobs + (s.order ? order_slow_first(&s) : 0);
	s.slots = calloc((size_t)s.slot_count, sizeof *s.slots);
	s.workers = calloc((size_t)s.slot_count, sizeof *s.workers);
	for (int i = 0; s.workers && i < s.slot_count; i++) {
		side_worker_init(&s.workers[i].client, SIDE_CLIENT);
		side_worker_init(&s.workers[i].server, SIDE_SERVER);
	}
	/* Beyond the cells': the capture and the interruption's wake-up. */
	struct pollfd *fds = calloc((size_t)s.slot_count * WATCHED_PER_CELL + 2, sizeof *fds);
	int status = -1;
	if (!s.order || !s.slots || !s.workers || !fds)
		snprintf(error, size, "out of memory for scheduling %zu cells", count);
	else
		status = 0;
	if (status == 0) {
		interruption_watch();
		for (fill_slots(&s); s.active > 0 || s.next < s.count; fill_slots(&s)) {
			if (s.active > 0)
				wait_for_any(&s, fds);
			if (interruption_signal()) {
				char cause[64], why_not_run[80];
				snprintf(cause, sizeof cause, "interrupted by %s", interruption_name());
				snprintf(why_not_run, sizeof why_not_run, "the run was %s", cause);
				stop_everything(&s, cause, why_not_run);
				break;
			}
			advance_all(&s);
			if (s.fatal[0]) {
				stop_everything(&s, s.fatal, "the run stopped: a pcap could not be written");
				snprintf(error, size, "%s", s.fatal);
				status = -1;
				break;
			}
		}
	}
	/* The last cell's pcap may be the one that could not be written. */
	if (status == 0 && s.fatal[0]) {
		snprintf(error, size, "%s", s.fatal);
		status = -1;
	}
	interruption_stop_waking();
	for (int i = 0; s.workers && i < s.slot_count; i++) {
		side_worker_stop(&s.workers[i].client);
		side_worker_stop(&s.workers[i].server);
	}
	free(s.workers);
	free(s.order);
	free(s.slots);
	free(fds);
	return status;
}
