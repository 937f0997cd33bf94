#include "capture.h"

#include <stdio.h>
#include <sys/socket.h>
#include <string.h>
#include <time.h>

#define SNAPLEN 128
#define RING_BYTES (256 << 10)   /* headers only: thousands of frames; a bigger ring costs ms to set up */

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

static int set_filter(struct capture *capture, int family, uint16_t port, char *error, size_t size)
{
	char text[64];
	struct bpf_program program;
	snprintf(text, sizeof text, "%s and tcp port %u", family == AF_INET6 ? "ip6" : "ip", (unsigned)port);
	if (pcap_compile(capture->handle, &program, text, 1, PCAP_NETMASK_UNKNOWN) != 0 ||
	    pcap_setfilter(capture->handle, &program) != 0) {
		snprintf(error, size, "cannot set the capture filter '%s': %s", text,
			 pcap_geterr(capture->handle));
		return -1;
	}
	pcap_freecode(&program);
	return 0;
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

enum capture_status capture_open(struct capture *capture, const char *interface, int family, uint16_t port,
				 const char *pcap_path, int64_t epoch_realtime_us,
				 char *error, size_t size)
{
	char pcap_error[PCAP_ERRBUF_SIZE] = "";
	memset(capture, 0, sizeof *capture);
	capture->fd = -1;
	capture->epoch_realtime_us = epoch_realtime_us;
	capture->handle = pcap_create(interface, pcap_error);
	if (!capture->handle)
		return fail(capture, CAPTURE_FAILED, error, size, "cannot create a capture", pcap_error);
	enum capture_status status = activate(capture, interface, error, size);
	if (status != CAPTURE_OK)
		return status;
	if (set_filter(capture, family, port, error, size) != 0 ||
	    pcap_setnonblock(capture->handle, 1, pcap_error) != 0) {
		capture_close(capture);
		return CAPTURE_FAILED;
	}
	capture->linktype = pcap_datalink(capture->handle);
	capture->fd = pcap_get_selectable_fd(capture->handle);
	if (pcap_path && !(capture->dumper = pcap_dump_open(capture->handle, pcap_path))) {
		char what[512];
		snprintf(what, sizeof what, "cannot write %s", pcap_path);
		return fail(capture, CAPTURE_FAILED, error, size, what, pcap_geterr(capture->handle));
	}
	return CAPTURE_OK;
}

struct reading {
	struct capture *capture;
	struct segment_list *segments;
};

static void on_frame(u_char *user, const struct pcap_pkthdr *header, const u_char *bytes)
{
	struct reading *reading = (struct reading *)user;
	struct capture *capture = reading->capture;
	struct tcp_frame frame;
	capture->frames++;
	if (capture->dumper)
		pcap_dump((u_char *)capture->dumper, header, bytes);
	if (frame_decode(capture->linktype, bytes, header->caplen, &frame) != FRAME_TCP) {
		capture->undecodable++;
		return;
	}
	int64_t t_us = (int64_t)header->ts.tv_sec * 1000000 + header->ts.tv_usec -
		       capture->epoch_realtime_us;
	segment_list_add(reading->segments, &frame, t_us);
}

int capture_read(struct capture *capture, struct segment_list *segments)
{
	struct reading reading = { capture, segments };
	int total = 0, got;
	if (!capture->handle)
		return 0;
	while ((got = pcap_dispatch(capture->handle, -1, on_frame, (u_char *)&reading)) > 0)
		total += got;
	if (capture->dumper)
		pcap_dump_flush(capture->dumper);
	return got < 0 ? -1 : total;
}

unsigned capture_dropped(struct capture *capture)
{
	struct pcap_stat stats;
	if (!capture->handle || pcap_stats(capture->handle, &stats) != 0)
		return 0;
	return stats.ps_drop;
}

void capture_close(struct capture *capture)
{
	if (capture->dumper)
		pcap_dump_close(capture->dumper);
	if (capture->handle)
		pcap_close(capture->handle);
	capture->dumper = NULL;
	capture->handle = NULL;
	capture->fd = -1;
}
