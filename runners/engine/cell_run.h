/* Running one cell: a listener on loopback, the server and the client each in
 * a process group of its own (the slot's side workers, or processes forked
 * for the cell), the frames of its connection taken from
 * the run's shared capture, and the runner watching until both sides have
 * ended and the connection is finished. A run is a state machine so that
 * the scheduler can drive many at once. */
#ifndef FINRST_CELL_RUN_H
#define FINRST_CELL_RUN_H

#include <poll.h>
#include <stdint.h>
#include <sys/types.h>

#include "runners/capture/capture.h"
#include "runners/model/cell.h"
#include "runners/capture/pcap_file.h"
#include "runners/engine/side_worker.h"

struct run_options {
	const char *output_directory;   /* pcaps go to OUTPUT/pcaps/; NULL keeps none */
	int64_t time_limit_ms;
	int fresh_processes;            /* fork both sides for every cell instead of keeping workers */
};

struct side_process {
	pid_t pid;
	int watch;          /* read end of a pipe only the side holds open: EOF when it is gone;
			       for a worker, its control socket */
	struct side_worker *worker;   /* the slot's worker running this side; NULL: forked for the cell */
	int exited;
	int status;
	struct call_log *log;
};

struct cell_run {
	struct cell_result *result;
	int listener;
	uint16_t port;
	struct capture *capture;        /* the run's, shared; NULL: nothing is captured */
	struct pcap_file pcap;
	int pcap_open;
	int64_t epoch_realtime_us;
	int capture_incomplete;         /* the kernel dropped frames while the cell ran */
	struct side_process client, server;
	/* What the sides are told: a copy, as forked sides do not share the
	 * results (platform_keep_from_children). */
	struct side_assignment assignment;
	int killed_on_request;
	const char *program;            /* an external client's program as found for the run; NULL: command[0] */
	int64_t started_us, deadline_us;
	int finished;
	char error[CELL_TEXT_SIZE];
	char fatal[CELL_TEXT_SIZE];     /* stops the whole run: its pcap could not be written */
};

/* Returns 0, or -1 with result->verdict = error and the reason in result->error. */
/* `workers`: the slot's side workers, which run the cell's sides where its
 * mode and pattern are finrst's own; NULL forks both sides for the cell. */
int cell_run_start(struct cell_run *run, struct cell_result *result, const struct run_options *options,
		   struct capture *capture, struct side_worker_pair *workers);
/* Whether a captured frame belongs to this cell's connection. */
int cell_run_claims(const struct cell_run *run, const struct tcp_frame *frame);
/* Keeps a frame this cell claimed: in its .pcap and as a segment. */
void cell_run_take_frame(struct cell_run *run, const struct pcap_pkthdr *header, const uint8_t *bytes,
			 const struct tcp_frame *frame);
/* Adds the descriptors to watch; returns how many were added (at most 2). */
int cell_run_watch(const struct cell_run *run, struct pollfd *fds);
/* Reads what the sides said and reaps those that ended. */
void cell_run_read_sides(struct cell_run *run);
/* Decides from what was read whether the cell is finished, and checks the
 * time limit. The capture must have been read after cell_run_read_sides:
 * an empty capture is evidence that a side that ended never connected only
 * once every frame it sent before it ended has been read. */
void cell_run_advance(struct cell_run *run);
/* Ends the cell now (its sides are killed in cell_run_finish): `error` with `why`. */
void cell_run_interrupt(struct cell_run *run, const char *why);
/* Collects the evidence into the result and releases everything. */
void cell_run_finish(struct cell_run *run);

#endif
