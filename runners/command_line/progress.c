#include "runners/command_line/progress.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "runners/model/observations.h"

static int output_is_live(FILE *out)
{
	const char *ci = getenv("CI"), *term = getenv("TERM");
	return isatty(fileno(out)) && !(ci && *ci) && !(term && strcmp(term, "dumb") == 0);
}

void progress_init(struct progress *progress, FILE *out, int verbose)
{
	memset(progress, 0, sizeof *progress);
	progress->out = out;
	progress->verbose = verbose;
	progress->live = output_is_live(out);
}

void progress_begin(struct progress *progress, size_t total)
{
	progress->total = total;
	progress->started_us = monotonic_us();
	progress->next_count_line = total / 10 > 0 ? total / 10 : 1;
}

static double elapsed_s(const struct progress *progress)
{
	return (double)(monotonic_us() - progress->started_us) / 1e6;
}

/* A longer line would wrap, and "\r" would then rewrite only its last row. */
static size_t terminal_width(FILE *out)
{
	struct winsize size;
	if (ioctl(fileno(out), TIOCGWINSZ, &size) == 0 && size.ws_col > 20)
		return size.ws_col;
	return 80;
}

static void clear_live_line(struct progress *progress)
{
	if (progress->live && progress->line_shown)
		fputs("\r\033[K", progress->out);
	progress->line_shown = 0;
}

static void draw_live_line(struct progress *progress, const char *last_cell)
{
	char line[512];
	snprintf(line, sizeof line, "[%zu/%zu] %zu failed  %.1f s  %s", progress->done, progress->total,
		 progress->failed, elapsed_s(progress), last_cell);
	size_t width = terminal_width(progress->out) - 1;
	if (strlen(line) > width && width < sizeof line)
		line[width] = '\0';
	fprintf(progress->out, "\r\033[K%s", line);
	progress->line_shown = 1;
}

static void cell_line(FILE *out, const struct cell_result *result)
{
	fprintf(out, "%-5s %-42s %7.1f ms", verdict_name(result->verdict), result->cell.id, result->duration_ms);
	if (result->verdict == VERDICT_FAIL || result->verdict == VERDICT_ERROR || result->verdict == VERDICT_SKIP)
		fprintf(out, "  %s", result->error);
	for (size_t i = 0; result->verdict == VERDICT_FAIL && i < result->judgement.mismatch_count; i++)
		fprintf(out, "%s%s: expected %s, got %s", i ? "; " : "", result->judgement.mismatches[i].field,
			result->judgement.mismatches[i].expected, result->judgement.mismatches[i].actual);
	fputc('\n', out);
}

/* Plain output: a count every tenth of the run, and at its end. */
static int count_line_due(const struct progress *progress)
{
	return progress->done >= progress->next_count_line || progress->done == progress->total;
}

void progress_cell_done(struct progress *progress, const struct cell_result *result)
{
	if (!progress)
		return;
	int failed = result->verdict == VERDICT_FAIL || result->verdict == VERDICT_ERROR;
	progress->done++;
	progress->failed += failed;
	if (failed || progress->verbose) {
		clear_live_line(progress);
		cell_line(progress->out, result);
	}
	if (progress->live) {
		draw_live_line(progress, result->cell.id);
	} else if (!progress->verbose && count_line_due(progress)) {
		fprintf(progress->out, "finrst: %zu/%zu cells done, %zu failed, %.1f s\n", progress->done,
			progress->total, progress->failed, elapsed_s(progress));
		progress->next_count_line += progress->total / 10 > 0 ? progress->total / 10 : 1;
	}
	fflush(progress->out);
}

void progress_end(struct progress *progress)
{
	if (!progress)
		return;
	clear_live_line(progress);
	fflush(progress->out);
}
