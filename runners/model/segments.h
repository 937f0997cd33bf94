/* Segments: the TCP segments of one cell's connection, decoded from captured
 * link-layer frames.  Decoding knows nothing of cells; it is given the
 * server's port so that it can say which side sent each segment. */
#ifndef FINRST_SEGMENTS_H
#define FINRST_SEGMENTS_H

#include <stddef.h>
#include <stdint.h>

enum side { SIDE_CLIENT = 0, SIDE_SERVER = 1 };

enum tcp_flag {
	TCP_FLAG_FIN = 0x01,
	TCP_FLAG_SYN = 0x02,
	TCP_FLAG_RST = 0x04,
	TCP_FLAG_PSH = 0x08,
	TCP_FLAG_ACK = 0x10,
	TCP_FLAG_URG = 0x20,
	TCP_FLAG_ECE = 0x40,
	TCP_FLAG_CWR = 0x80,
};

struct segment {
	int64_t t_us;        /* capture time, microseconds since the cell started */
	enum side from;
	uint8_t flags;       /* enum tcp_flag bits */
	uint32_t seq;        /* relative to the sender's initial sequence number */
	uint32_t ack;        /* relative to the receiver's initial sequence number */
	uint32_t len;        /* TCP payload length, from the IP header (not the snaplen) */
	uint32_t window;     /* advertised window, unscaled */
};

/* One frame's TCP header, before seq/ack are made relative. */
struct tcp_frame {
	int family;          /* AF_INET or AF_INET6 */
	uint16_t source_port, destination_port;
	uint8_t flags;
	uint32_t seq, ack, len, window;
};

enum frame_result {
	FRAME_TCP = 0,       /* decoded into a tcp_frame */
	FRAME_NOT_TCP,       /* a well-formed frame of another protocol */
	FRAME_TRUNCATED,     /* shorter than its headers say */
	FRAME_UNKNOWN_LINK,  /* a link type this decoder does not read */
};

/* Decodes one captured frame of pcap link type `linktype` (DLT_EN10MB,
 * DLT_LINUX_SLL, DLT_LINUX_SLL2, DLT_NULL, DLT_LOOP, DLT_RAW). */
enum frame_result frame_decode(int linktype, const uint8_t *bytes, size_t caplen,
			       struct tcp_frame *out);

const char *frame_result_name(enum frame_result result);

/* The segments of one connection, in capture order, seq/ack made relative. */
struct segment_list {
	struct segment *items;
	size_t count, capacity;
	uint16_t server_port;
	int have_isn[2];
	uint32_t isn[2];     /* initial sequence numbers, indexed by enum side */
};

void segment_list_init(struct segment_list *list, uint16_t server_port);
void segment_list_free(struct segment_list *list);
/* Appends a decoded frame; frames of other connections (neither port is the
 * server port) are ignored. Returns 0, or -1 when memory is exhausted. */
int segment_list_add(struct segment_list *list, const struct tcp_frame *frame, int64_t t_us);

/* "FIN", "RST", "FIN RST" ...: the teardown segments `side` sent, in order, with
 * retransmissions folded; "none" when there were none. */
void segments_teardown_of(const struct segment_list *list, enum side side, char *out, size_t size);
/* The side that sent the first FIN or RST, or -1. */
int segments_first_teardown(const struct segment_list *list);
/* True once an RST was seen, or both sides' FINs were sent and acknowledged. */
int segments_connection_finished(const struct segment_list *list);

/* "SYN ACK", "FIN ACK", "RST" ... in tcpdump's order of significance. */
void tcp_flags_format(uint8_t flags, char *out, size_t size);

#endif
