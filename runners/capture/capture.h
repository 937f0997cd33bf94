/* Capture: one libpcap handle on the loopback interface for the whole run,
 * in immediate mode. Opening and closing a packet socket costs two RCU grace
 * periods (~30 ms each), so cells share it: the scheduler hands every frame
 * to the cell whose listener port and family it carries. */
#ifndef FINRST_CAPTURE_H
#define FINRST_CAPTURE_H

#include <pcap/pcap.h>
#include <stddef.h>
#include <stdint.h>

struct capture {
	pcap_t *handle;
	int fd;                 /* selectable: poll() it for POLLIN */
	int linktype;
	unsigned readings;      /* of the drop count (for the test-only FINRST_TEST_CAPTURE_DROPS) */
};

enum capture_status { CAPTURE_OK, CAPTURE_NO_PERMISSION, CAPTURE_FAILED };

typedef void (*frame_callback)(void *context, const struct pcap_pkthdr *header, const uint8_t *bytes);

/* Opens `interface` with a BPF `filter` such as "tcp". */
enum capture_status capture_open(struct capture *capture, const char *interface, const char *filter,
				 char *error, size_t error_size);
/* Hands every frame waiting now to `callback`. Returns frames read or -1. */
int capture_dispatch(struct capture *capture, frame_callback callback, void *context);
/* A .pcap file with this capture's link type and snap length. */
pcap_dumper_t *capture_open_dump(struct capture *capture, const char *path, char *error, size_t error_size);
/* Frames the kernel dropped so far for want of buffer space (plus, in
 * finrst's own tests, those FINRST_TEST_CAPTURE_DROPS pretends it dropped). */
unsigned capture_dropped(struct capture *capture);
void capture_close(struct capture *capture);

int64_t realtime_us(void);

#endif
