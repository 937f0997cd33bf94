/* Capture: libpcap on the loopback interface, immediate mode, filtered to one
 * cell's server port, every frame decoded into segments and kept as .pcap. */
#ifndef FINRST_CAPTURE_H
#define FINRST_CAPTURE_H

#include <pcap/pcap.h>
#include <stdint.h>

#include "segments.h"

struct capture {
	pcap_t *handle;
	pcap_dumper_t *dumper;
	int fd;                 /* selectable: poll() it for POLLIN */
	int linktype;
	int64_t epoch_realtime_us;
	unsigned frames, undecodable;
};

enum capture_status { CAPTURE_OK, CAPTURE_NO_PERMISSION, CAPTURE_FAILED };

/* Opens the capture before the connection exists; `pcap_path` may be NULL.
 * The filter names the family too: an IPv4 and an IPv6 listener may hold
 * the same port number at once. */
enum capture_status capture_open(struct capture *capture, const char *interface, int family, uint16_t port,
				 const char *pcap_path, int64_t epoch_realtime_us,
				 char *error, size_t error_size);
/* Reads every frame waiting now into `segments`. Returns frames read or -1. */
int capture_read(struct capture *capture, struct segment_list *segments);
/* Frames the kernel dropped for want of buffer space: evidence is incomplete. */
unsigned capture_dropped(struct capture *capture);
void capture_close(struct capture *capture);

int64_t realtime_us(void);

#endif
