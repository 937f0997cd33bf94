/* make bench: what forking costs on this machine, the floor under every
 * cell. A cell forks its server, then its client, and waits for both; this
 * does the same with sides that only report that they run and exit. Linked
 * with the same libraries as finrst, so what is forked maps what the runner
 * maps; only the runner's own heap and capture ring are missing.
 *
 * usage: bench_fork_floor [PAIRS]
 * prints: PAIRS and the medians, in us from the first fork(), of: the first
 * child running, the second child running, both reaped */
#include <curl/curl.h>
#include <pcap/pcap.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int64_t monotonic_now_us(void)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (int64_t)now.tv_sec * 1000000 + now.tv_nsec / 1000;
}

static int by_value(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

static int64_t median(int64_t *values, int count)
{
	qsort(values, (size_t)count, sizeof *values, by_value);
	return values[count / 2];
}

static pid_t fork_reporting(int report)
{
	pid_t child = fork();
	if (child == 0) {
		int64_t now = monotonic_now_us();
		_exit(write(report, &now, sizeof now) == sizeof now ? 0 : 1);
	}
	return child;
}

static int reported(int from, int64_t started, int64_t *elapsed_us)
{
	int64_t ran;
	if (read(from, &ran, sizeof ran) != sizeof ran)
		return -1;
	*elapsed_us = ran - started;
	return 0;
}

/* Two forks, as a cell makes them: each child reports the moment it first
 * runs, then exits; both are reaped. */
static int fork_pair(int64_t *first_us, int64_t *second_us, int64_t *reaped_us)
{
	int first[2], second[2], failed = 0;
	if (pipe(first) != 0)
		return -1;
	if (pipe(second) != 0) {
		close(first[0]);
		close(first[1]);
		return -1;
	}
	int64_t started = monotonic_now_us();
	pid_t children[2] = { fork_reporting(first[1]), fork_reporting(second[1]) };
	close(first[1]);
	close(second[1]);
	failed |= children[0] < 0 || reported(first[0], started, first_us) != 0;
	failed |= children[1] < 0 || reported(second[0], started, second_us) != 0;
	for (int i = 0; i < 2; i++)
		failed |= children[i] > 0 && waitpid(children[i], NULL, 0) != children[i];
	*reaped_us = monotonic_now_us() - started;
	close(first[0]);
	close(second[0]);
	return failed ? -1 : 0;
}

int main(int argc, char **argv)
{
	int pairs = argc > 1 ? atoi(argv[1]) : 200;
	if (pairs < 1 || pairs > 100000) {
		fprintf(stderr, "bench_fork_floor: PAIRS must be 1 to 100000, not '%s'\n", argv[1]);
		return 2;
	}
	int64_t *first = calloc((size_t)pairs, sizeof *first), *second = calloc((size_t)pairs, sizeof *second),
		*reaped = calloc((size_t)pairs, sizeof *reaped);
	/* Loaded and initialised as in finrst, so their pages are mapped. */
	if (!first || !second || !reaped || curl_global_init(CURL_GLOBAL_ALL) != CURLE_OK || !pcap_lib_version()) {
		fprintf(stderr, "bench_fork_floor: cannot set up (memory or libcurl)\n");
		return 2;
	}
	for (int i = 0; i < pairs; i++)
		if (fork_pair(&first[i], &second[i], &reaped[i]) != 0) {
			perror("bench_fork_floor: fork, pipe, read or waitpid failed");
			return 2;
		}
	printf("%d %lld %lld %lld\n", pairs, (long long)median(first, pairs), (long long)median(second, pairs),
	       (long long)median(reaped, pairs));
	curl_global_cleanup();
	free(first);
	free(second);
	free(reaped);
	return 0;
}
