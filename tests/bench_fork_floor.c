/* make bench: what one fork costs on this machine, the floor under every
 * cell (a cell forks its server and its client). Linked with the same
 * libraries as finrst, so the process forked maps what the runner maps;
 * only the runner's own heap and capture ring are missing.
 *
 * usage: bench_fork_floor [FORKS]
 * prints: FORKS median-us-until-the-child-runs median-us-until-it-is-reaped */
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

/* One fork: the child reports the moment it first runs, then exits. */
static int fork_once(int64_t *running_us, int64_t *reaped_us)
{
	int ready[2];
	int64_t started, child_ran;
	if (pipe(ready) != 0)
		return -1;
	started = monotonic_now_us();
	pid_t child = fork();
	if (child == 0) {
		int64_t now = monotonic_now_us();
		_exit(write(ready[1], &now, sizeof now) == sizeof now ? 0 : 1);
	}
	close(ready[1]);
	int got = child > 0 && read(ready[0], &child_ran, sizeof child_ran) == sizeof child_ran;
	close(ready[0]);
	if (child < 0 || waitpid(child, NULL, 0) != child || !got)
		return -1;
	*running_us = child_ran - started;
	*reaped_us = monotonic_now_us() - started;
	return 0;
}

int main(int argc, char **argv)
{
	int forks = argc > 1 ? atoi(argv[1]) : 200;
	if (forks < 1 || forks > 100000) {
		fprintf(stderr, "bench_fork_floor: FORKS must be 1 to 100000, not '%s'\n", argv[1]);
		return 2;
	}
	int64_t *running = calloc((size_t)forks, sizeof *running), *reaped = calloc((size_t)forks, sizeof *reaped);
	/* Loaded and initialised as in finrst, so their pages are mapped. */
	if (!running || !reaped || curl_global_init(CURL_GLOBAL_ALL) != CURLE_OK || !pcap_lib_version()) {
		fprintf(stderr, "bench_fork_floor: cannot set up (memory or libcurl)\n");
		return 2;
	}
	for (int i = 0; i < forks; i++)
		if (fork_once(&running[i], &reaped[i]) != 0) {
			perror("bench_fork_floor: fork, pipe or waitpid failed");
			return 2;
		}
	printf("%d %lld %lld\n", forks, (long long)median(running, forks), (long long)median(reaped, forks));
	curl_global_cleanup();
	free(running);
	free(reaped);
	return 0;
}
