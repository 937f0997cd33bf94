/* libFuzzer target for the frame decoder and the teardown facts derived from
 * what it decodes (runners/segments.c): the code that reads bytes off the
 * wire, which on a shared capture device need not be our connection's, or
 * TCP, or whole.
 *
 * Input: one byte that chooses the link type (an index into link_types, the
 * last of which no decoder reads), then one or more frames, each preceded by
 * its length as two bytes, big-endian; a length past the end of the input
 * takes what is left. tests/fuzz/seed-corpus.py writes real captures in this
 * form. Every frame is decoded from a buffer of exactly its own size, so that
 * AddressSanitizer sees a read one byte past it; the TCP ones then go into a
 * segment_list whose server is the one the first SYN went to, as in a cell. */
#include "runners/model/segments.h"

#include <pcap/dlt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

/* The link types frame_decode reads, as libpcap numbers them here, then
 * DLT_USER0, which it does not. tests/fuzz/seed-corpus.py keeps the same
 * order: reordering the table changes what every seed means. The newer
 * types are numbered by hand, as segments.c does, for older libpcaps. */
static const int link_types[] = {
	DLT_EN10MB, DLT_LINUX_SLL, 276 /* DLT_LINUX_SLL2 */, DLT_NULL, DLT_LOOP, DLT_RAW,
	101 /* LINKTYPE_RAW */, 228 /* DLT_IPV4 */, 229 /* DLT_IPV6 */, DLT_USER0,
};
enum { LINK_TYPE_COUNT = sizeof link_types / sizeof link_types[0], UNKNOWN_LINK_TYPE = DLT_USER0 };

/* More frames than this add nothing a shorter input would not reach. */
enum { FRAMES_MAX = 256 };

struct decoded {
	struct tcp_frame frames[FRAMES_MAX];
	size_t count;
};

/* A violated invariant is a bug: abort so that libFuzzer keeps the input. */
static void require(int condition, const char *what)
{
	if (!condition) {
		fprintf(stderr, "fuzz_segments: invariant broken: %s\n", what);
		abort();
	}
}

static void decode_one(int link_type, const uint8_t *bytes, size_t length, struct decoded *decoded)
{
	/* A copy of exactly `length` bytes (malloc(0) may return NULL). */
	uint8_t *frame = malloc(length ? length : 1);
	if (!frame)
		return;
	memcpy(frame, bytes, length);
	struct tcp_frame tcp;
	enum frame_result result = frame_decode(link_type, frame, length, &tcp);
	free(frame);
	require(strcmp(frame_result_name(result), "?") != 0, "frame_decode returned an unnamed result");
	require((result == FRAME_UNKNOWN_LINK) == (link_type == UNKNOWN_LINK_TYPE),
		"FRAME_UNKNOWN_LINK for a link type the decoder reads, or not for one it does not");
	if (result != FRAME_TCP)
		return;
	require(tcp.family == AF_INET || tcp.family == AF_INET6, "a TCP frame without an address family");
	/* The IP headers' length fields are 16 bits: no TCP payload is longer. */
	require(tcp.len <= 65535, "a TCP payload longer than any IP datagram");
	char flags[64];
	tcp_flags_format(tcp.flags, flags, sizeof flags);
	require(flags[0] != '\0', "tcp_flags_format wrote nothing");
	if (decoded->count < FRAMES_MAX)
		decoded->frames[decoded->count++] = tcp;
}

/* The port the first SYN without ACK went to, as the listener's port is in a
 * cell; without one, the first frame's destination. */
static uint16_t server_port_of(const struct decoded *decoded)
{
	for (size_t i = 0; i < decoded->count; i++)
		if ((decoded->frames[i].flags & (TCP_FLAG_SYN | TCP_FLAG_ACK)) == TCP_FLAG_SYN)
			return decoded->frames[i].destination_port;
	return decoded->count ? decoded->frames[0].destination_port : 0;
}

static void check_teardown_facts(const struct segment_list *list)
{
	char client[64], server[64], tiny[4];
	segments_teardown_of(list, SIDE_CLIENT, client, sizeof client);
	segments_teardown_of(list, SIDE_SERVER, server, sizeof server);
	/* A buffer too small for the words must still end in a NUL. */
	segments_teardown_of(list, SIDE_CLIENT, tiny, sizeof tiny);
	require(memchr(tiny, '\0', sizeof tiny) != NULL, "segments_teardown_of overran a small buffer");
	segments_teardown_of(list, SIDE_SERVER, tiny, 0);
	int first = segments_first_teardown(list);
	int none = strcmp(client, "none") == 0 && strcmp(server, "none") == 0;
	require((first == -1) == none, "segments_first_teardown disagrees with segments_teardown_of");
	require(first == -1 || first == SIDE_CLIENT || first == SIDE_SERVER, "segments_first_teardown: no side");
	int rst = strstr(client, "RST") || strstr(server, "RST");
	int finished = segments_connection_finished(list);
	require(!rst || finished, "an RST was sent but the connection is not finished");
	require(!finished || !none, "a connection finished without a FIN or an RST");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	int link_type = link_types[data[0] % LINK_TYPE_COUNT];
	static struct decoded decoded;
	decoded.count = 0;
	size_t offset = 1;
	while (offset < size) {
		size_t length = size - offset >= 2 ? (size_t)(data[offset] << 8 | data[offset + 1]) : 0;
		offset += size - offset >= 2 ? 2 : size - offset;
		if (length > size - offset)
			length = size - offset;
		decode_one(link_type, data + offset, length, &decoded);
		offset += length;
	}
	struct segment_list list;
	segment_list_init(&list, server_port_of(&decoded));
	for (size_t i = 0; i < decoded.count; i++)
		require(segment_list_add(&list, &decoded.frames[i], (int64_t)i) == 0, "segment_list_add: out of memory");
	check_teardown_facts(&list);
	segment_list_free(&list);
	return 0;
}
