/* Observations: every socket call one side made, written by the side's own
 * process into memory shared with the runner, so that what a side did before
 * it hung or crashed is still there to report. */
#ifndef FINRST_OBSERVATIONS_H
#define FINRST_OBSERVATIONS_H

#include <stddef.h>
#include <stdint.h>

#define CALL_NAME_SIZE 24
#define CALL_DETAIL_SIZE 72
#define CALL_LOG_CAPACITY 2048

struct call {
	char name[CALL_NAME_SIZE];     /* "send", "recv", "close", "shutdown", ... or a "@phase" mark */
	char detail[CALL_DETAIL_SIZE]; /* arguments worth showing: "SHUT_WR", "linger {1,0}" */
	int64_t t_us;                  /* monotonic, microseconds since the cell started */
	int64_t duration_us;
	int64_t ret;
	int32_t err;                   /* errno when ret < 0, else 0 */
	uint32_t bytes;                /* bytes moved (send/recv), or requested when ret < 0 */
};

struct call_log {
	int64_t epoch_us;              /* monotonic clock at the cell's start */
	uint32_t count;                /* may exceed capacity: the rest were dropped */
	struct call calls[CALL_LOG_CAPACITY];
};

/* Maps a call log in memory shared with processes forked afterwards. */
struct call_log *call_log_create(int64_t epoch_us);
void call_log_destroy(struct call_log *log);
/* The number of records actually held (count clipped to capacity). */
size_t call_log_size(const struct call_log *log);

struct call *call_log_append(struct call_log *log, const char *name, const char *detail);
/* A phase boundary, e.g. "@teardown": outcome fields count calls made after it. */
void call_log_mark(struct call_log *log, const char *phase);

int64_t monotonic_us(void);
const char *errno_name(int err);   /* "ECONNRESET", "EPIPE", ...; "0" for none */

#endif
