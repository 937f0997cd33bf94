#include "runners/capture/capture.h"

#include "runners/system/platform.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SNAPLEN 128
/* Headers only: room for ~30 000 frames of parallel cells between reads. */
#define RING_BYTES (8 << 20)

int64_t realtime_us(void)
{
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	return (int64_t)now.tv_sec * 1000000 + now.tv_nsec / 1000;
}

static enum capture_status fail(struct capture *capture, enum capture_status status,
				char *error, size_t size, const char *what, const char *why)
{
	snprintf(error, size, "%s: %s", what, why);
	capture_close(capture);
	return status;
}

static enum capture_status activate(struct capture *capture, const char *interface,
				    char *error, size_t size)
{
	char what[96];
	snprintf(what, sizeof what, "cannot capture on %s", interface);
	pcap_set_snaplen(capture->handle, SNAPLEN);
	pcap_set_immediate_mode(capture->handle, 1);
	pcap_set_buffer_size(capture->handle, RING_BYTES);
	pcap_set_tstamp_precision(capture->handle, PCAP_TSTAMP_PRECISION_MICRO);
	int status = pcap_activate(capture->handle);
	if (status == PCAP_ERROR_PERM_DENIED || status == PCAP_ERROR_PROMISC_PERM_DENIED)
		return fail(capture, CAPTURE_NO_PERMISSION, error, size, what,
			    "you need CAP_NET_RAW or an unprivileged user namespace (try: sudo make check)");
	if (status < 0)
		return fail(capture, CAPTURE_FAILED, error, size, what, pcap_geterr(capture->handle));
	return CAPTURE_OK;
}

static enum capture_status set_filter(struct capture *capture, const char *filter, char *error, size_t size)
{
	struct bpf_program program;
	char what[96];
	if (pcap_compile(capture->handle, &program, filter, 1, PCAP_NETMASK_UNKNOWN) != 0 ||
	    pcap_setfilter(capture->handle, &program) != 0) {
		snprintf(what, sizeof what, "cannot set the capture filter '%s'", filter);
		return fail(capture, CAPTURE_FAILED, error, size, what, pcap_geterr(capture->handle));
	}
	pcap_freecode(&program);
	return CAPTURE_OK;
}

enum capture_status capture_open(struct capture *capture, const char *interface, const char *filter,
				 char *error, size_t size)
{
	char pcap_error[PCAP_ERRBUF_SIZE] = "";
	memset(capture, 0, sizeof *capture);
	capture->fd = -1;
	capture->handle = pcap_create(interface, pcap_error);
	if (!capture->handle)
		return fail(capture, CAPTURE_FAILED, error, size, "cannot create a capture", pcap_error);
	enum capture_status status = activate(capture, interface, error, size);
	if (status == CAPTURE_OK)
		status = set_filter(capture, filter, error, size);
	if (status != CAPTURE_OK)
		return status;
	if (pcap_setnonblock(capture->handle, 1, pcap_error) != 0)
		return fail(capture, CAPTURE_FAILED, error, size, "cannot make the capture non-blocking", pcap_error);
	capture->linktype = pcap_datalink(capture->handle);
	capture->fd = pcap_get_selectable_fd(capture->handle);
	/* Only the runner reads the ring: a side forked with it mapped costs a
	 * copy of its page tables at every fork. */
	platform_keep_mapping_from_children(capture->fd);
	return CAPTURE_OK;
}

struct dispatch {
	frame_callback callback;
	void *context;
};

static void on_frame(u_char *user, const struct pcap_pkthdr *header, const u_char *bytes)
{
	struct dispatch *dispatch = (struct dispatch *)user;
	dispatch->callback(dispatch->context, header, bytes);
}

int capture_dispatch(struct capture *capture, frame_callback callback, void *context)
{
	struct dispatch dispatch = { callback, context };
	int total = 0, got;
	if (!capture->handle)
		return 0;
	while ((got = pcap_dispatch(capture->handle, -1, on_frame, (u_char *)&dispatch)) > 0)
		total += got;
	return got < 0 ? -1 : total;
}

pcap_dumper_t *capture_open_dump(struct capture *capture, const char *path, char *error, size_t size)
{
	pcap_dumper_t *dumper = pcap_dump_open(capture->handle, path);
	if (!dumper)
		snprintf(error, size, "cannot write %s: %s", path, pcap_geterr(capture->handle));
	return dumper;
}

/* Test-only: the kernel drops frames only under load no test can order, so
 * finrst's own tests fake the count. FINRST_TEST_CAPTURE_DROPS=once adds one
 * drop from the first reading on; =always adds one more at every reading. */
static unsigned injected_drops(struct capture *capture)
{
	const char *injected = getenv("FINRST_TEST_CAPTURE_DROPS");
	capture->readings++;
	if (injected && strcmp(injected, "once") == 0)
		return 1;
	if (injected && strcmp(injected, "always") == 0)
		return capture->readings;
	return 0;
}

unsigned capture_dropped(struct capture *capture)
{
	struct pcap_stat stats;
	if (!capture->handle || pcap_stats(capture->handle, &stats) != 0)
		return 0;
	return stats.ps_drop + injected_drops(capture);
}

void capture_close(struct capture *capture)
{
	if (capture->handle)
		pcap_close(capture->handle);
	capture->handle = NULL;
	capture->fd = -1;
}
