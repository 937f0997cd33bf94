/* Tests of the segment decoder: recorded loopback captures, decoded frame by
 * frame and compared with what tshark reads in them (NAME.tshark.tsv, made
 * by tests/pcaps/record.sh), the teardown facts of each recorded scenario,
 * and hand-made frames for what loopback never produces.
 *
 * usage: test_segments [PCAP_DIRECTORY]   (default tests/pcaps) */
#include "runners/model/segments.h"

#include <CUnit/Basic.h>
#include <inttypes.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#ifndef DLT_LINUX_SLL2
#define DLT_LINUX_SLL2 276
#endif
#ifndef DLT_IPV4
#define DLT_IPV4 228
#endif

static const char *pcap_directory = "tests/pcaps";

/* What exchange.py does in each scenario, so what its capture must show. */
struct scenario {
	const char *name;
	uint16_t server_port;
	const char *client_teardown, *server_teardown;
	int first_teardown;
	int finished;
};

static const struct scenario scenarios[] = {
	{ "client-fin-first", 27001, "FIN", "FIN", SIDE_CLIENT, 1 },
	{ "server-fin-first", 27002, "FIN", "FIN", SIDE_SERVER, 1 },
	{ "linger0", 27003, "RST", "none", SIDE_CLIENT, 1 },
	{ "close-unread", 27004, "RST", "none", SIDE_CLIENT, 1 },
	{ "half-close", 27005, "FIN", "FIN", SIDE_CLIENT, 1 },
	{ "fin-then-rst", 27006, "FIN RST", "none", SIDE_CLIENT, 1 },
};

struct capture {
	const char *name;     /* NAME.pcap and NAME.tshark.tsv */
	const char *scenario;
	int linktype;         /* as libpcap reports it */
	int family;
	int has_syn;          /* 0: the capture starts after the handshake */
};

static const struct capture captures[] = {
	{ "en10mb-ipv4-client-fin-first", "client-fin-first", DLT_EN10MB, AF_INET, 1 },
	{ "en10mb-ipv4-server-fin-first", "server-fin-first", DLT_EN10MB, AF_INET, 1 },
	{ "en10mb-ipv4-linger0", "linger0", DLT_EN10MB, AF_INET, 1 },
	{ "en10mb-ipv4-close-unread", "close-unread", DLT_EN10MB, AF_INET, 1 },
	{ "en10mb-ipv4-half-close", "half-close", DLT_EN10MB, AF_INET, 1 },
	{ "en10mb-ipv4-fin-then-rst", "fin-then-rst", DLT_EN10MB, AF_INET, 1 },
	{ "en10mb-ipv4-midstream-client-fin-first", "client-fin-first", DLT_EN10MB, AF_INET, 0 },
	{ "en10mb-ipv6-client-fin-first", "client-fin-first", DLT_EN10MB, AF_INET6, 1 },
	{ "en10mb-ipv6-server-fin-first", "server-fin-first", DLT_EN10MB, AF_INET6, 1 },
	{ "en10mb-ipv6-linger0", "linger0", DLT_EN10MB, AF_INET6, 1 },
	{ "en10mb-ipv6-close-unread", "close-unread", DLT_EN10MB, AF_INET6, 1 },
	{ "en10mb-ipv6-half-close", "half-close", DLT_EN10MB, AF_INET6, 1 },
	{ "en10mb-ipv6-fin-then-rst", "fin-then-rst", DLT_EN10MB, AF_INET6, 1 },
	{ "en10mb-ipv6-midstream-client-fin-first", "client-fin-first", DLT_EN10MB, AF_INET6, 0 },
	{ "sll-ipv4-client-fin-first", "client-fin-first", DLT_LINUX_SLL, AF_INET, 1 },
	{ "sll-ipv6-linger0", "linger0", DLT_LINUX_SLL, AF_INET6, 1 },
	{ "sll2-ipv4-fin-then-rst", "fin-then-rst", DLT_LINUX_SLL2, AF_INET, 1 },
	{ "sll2-ipv6-half-close", "half-close", DLT_LINUX_SLL2, AF_INET6, 1 },
	{ "sll2-ipv6-midstream-server-fin-first", "server-fin-first", DLT_LINUX_SLL2, AF_INET6, 0 },
	{ "null-ipv4-client-fin-first", "client-fin-first", DLT_NULL, AF_INET, 1 },
	{ "null-ipv6-close-unread", "close-unread", DLT_NULL, AF_INET6, 1 },
	{ "null-ipv6-darwin-half-close", "half-close", DLT_NULL, AF_INET6, 1 },
	{ "loop-ipv4-fin-then-rst", "fin-then-rst", DLT_LOOP, AF_INET, 1 },
	{ "loop-ipv6-linger0", "linger0", DLT_LOOP, AF_INET6, 1 },
	{ "raw-ipv6-server-fin-first", "server-fin-first", DLT_RAW, AF_INET6, 1 },
	{ "ipv4-linger0", "linger0", DLT_IPV4, AF_INET, 1 },
};

#define CAPTURE_COUNT (sizeof captures / sizeof captures[0])

/* One line of a tshark fixture. */
struct expected_frame {
	unsigned number;
	int64_t t_us;
	int family;
	uint32_t source_port, destination_port, flags;
	uint32_t seq, ack, seq_raw, ack_raw, len, window;
};

struct captured_frame {
	uint8_t *bytes;
	size_t caplen;
	int64_t t_us;
	enum frame_result result;
	struct tcp_frame tcp;
};

struct loaded_capture {
	const struct capture *capture;
	const struct scenario *scenario;
	int linktype;
	struct captured_frame *frames;
	size_t frame_count;
	struct expected_frame *expected;
	size_t expected_count;
	struct segment_list segments;
};

static struct loaded_capture loaded;

/* ---- assertions that say which file, frame and field ---- */

static void check_number(const char *where, unsigned frame, const char *field,
			 uint64_t expected, uint64_t actual, unsigned line)
{
	char message[256];
	snprintf(message, sizeof message, "%s frame %u: %s expected %" PRIu64 ", got %" PRIu64,
		 where, frame, field, expected, actual);
	CU_assertImplementation(expected == actual, line, message, __FILE__, "", CU_FALSE);
}

static void check_text(const char *where, const char *field, const char *expected,
		       const char *actual, unsigned line)
{
	char message[256];
	snprintf(message, sizeof message, "%s: %s expected \"%s\", got \"%s\"",
		 where, field, expected, actual);
	CU_assertImplementation(strcmp(expected, actual) == 0, line, message, __FILE__, "", CU_FALSE);
}

#define CHECK_FIELD(where, frame, field, expected, actual) \
	check_number(where, frame, field, (uint64_t)(expected), (uint64_t)(actual), __LINE__)
#define CHECK_TEXT(where, field, expected, actual) \
	check_text(where, field, expected, actual, __LINE__)

/* ---- reading captures and fixtures ---- */

static const struct scenario *scenario_named(const char *name)
{
	for (size_t i = 0; i < sizeof scenarios / sizeof scenarios[0]; i++)
		if (strcmp(scenarios[i].name, name) == 0)
			return &scenarios[i];
	return NULL;
}

static const struct capture *capture_named(const char *name)
{
	for (size_t i = 0; i < CAPTURE_COUNT; i++)
		if (strcmp(captures[i].name, name) == 0)
			return &captures[i];
	return NULL;
}

static char *path_of(const char *name, const char *extension)
{
	static char path[4096];
	snprintf(path, sizeof path, "%s/%s%s", pcap_directory, name, extension);
	return path;
}

/* tshark's "0.000025000": exact microseconds, without floating point. */
static int64_t parse_seconds_as_us(const char *text)
{
	char *end;
	int64_t us = strtoll(text, &end, 10) * 1000000;
	int64_t scale = 100000;
	if (*end == '.')
		for (const char *digit = end + 1; *digit >= '0' && *digit <= '9' && scale; digit++) {
			us += (*digit - '0') * scale;
			scale /= 10;
		}
	return us;
}

enum {
	FIELD_NUMBER, FIELD_TIME, FIELD_IP_VERSION, FIELD_IPV6_VERSION,
	FIELD_SOURCE_PORT, FIELD_DESTINATION_PORT, FIELD_FLAGS, FIELD_SEQ, FIELD_ACK,
	FIELD_SEQ_RAW, FIELD_ACK_RAW, FIELD_LEN, FIELD_WINDOW, FIELD_COUNT,
};

/* Splits at tabs, keeping empty fields (tshark leaves absent ones empty). */
static int split_tabs(char *line, char *fields[FIELD_COUNT])
{
	int count = 0;
	line[strcspn(line, "\r\n")] = '\0';
	for (char *field = line; field && count < FIELD_COUNT; count++) {
		fields[count] = field;
		field = strchr(field, '\t');
		if (field)
			*field++ = '\0';
	}
	return count;
}

static uint32_t field_number(const char *text)
{
	return (uint32_t)strtoul(text, NULL, 0);
}

static int parse_fixture_line(char *line, struct expected_frame *frame)
{
	char *fields[FIELD_COUNT];
	if (split_tabs(line, fields) != FIELD_COUNT)
		return -1;
	frame->number = field_number(fields[FIELD_NUMBER]);
	frame->t_us = parse_seconds_as_us(fields[FIELD_TIME]);
	/* tshark's IPv6 dissector fills in ip.version too. */
	frame->family = *fields[FIELD_IPV6_VERSION] ? AF_INET6 :
			*fields[FIELD_IP_VERSION] ? AF_INET : 0;
	frame->source_port = field_number(fields[FIELD_SOURCE_PORT]);
	frame->destination_port = field_number(fields[FIELD_DESTINATION_PORT]);
	frame->flags = field_number(fields[FIELD_FLAGS]);
	frame->seq = field_number(fields[FIELD_SEQ]);
	frame->ack = field_number(fields[FIELD_ACK]);
	frame->seq_raw = field_number(fields[FIELD_SEQ_RAW]);
	frame->ack_raw = field_number(fields[FIELD_ACK_RAW]);
	frame->len = field_number(fields[FIELD_LEN]);
	frame->window = field_number(fields[FIELD_WINDOW]);
	return 0;
}

static int append_expected(char *line)
{
	struct expected_frame *grown = realloc(loaded.expected,
					       (loaded.expected_count + 1) * sizeof *grown);
	if (!grown)
		return -1;
	loaded.expected = grown;
	if (parse_fixture_line(line, &grown[loaded.expected_count]) != 0)
		return -1;
	loaded.expected_count++;
	return 0;
}

static int load_fixture(const char *name)
{
	FILE *file = fopen(path_of(name, ".tshark.tsv"), "r");
	if (!file)
		return -1;
	char line[1024];
	int status = fgets(line, sizeof line, file) ? 0 : -1; /* the header */
	while (status == 0 && fgets(line, sizeof line, file))
		status = append_expected(line);
	fclose(file);
	return status;
}

static int64_t timeval_us(struct timeval time)
{
	return (int64_t)time.tv_sec * 1000000 + time.tv_usec;
}

static int keep_frame(const struct pcap_pkthdr *header, const uint8_t *bytes, int64_t t_us)
{
	struct captured_frame *grown = realloc(loaded.frames, (loaded.frame_count + 1) * sizeof *grown);
	if (!grown)
		return -1;
	loaded.frames = grown;
	struct captured_frame *frame = &grown[loaded.frame_count];
	frame->bytes = malloc(header->caplen ? header->caplen : 1);
	if (!frame->bytes)
		return -1;
	memcpy(frame->bytes, bytes, header->caplen);
	frame->caplen = header->caplen;
	frame->t_us = t_us;
	frame->result = frame_decode(loaded.linktype, frame->bytes, frame->caplen, &frame->tcp);
	loaded.frame_count++;
	if (frame->result == FRAME_TCP)
		return segment_list_add(&loaded.segments, &frame->tcp, t_us);
	return 0;
}

static int load_frames(const char *name)
{
	char error[PCAP_ERRBUF_SIZE];
	pcap_t *pcap = pcap_open_offline(path_of(name, ".pcap"), error);
	if (!pcap) {
		fprintf(stderr, "%s\n", error);
		return -1;
	}
	loaded.linktype = pcap_datalink(pcap);
	struct pcap_pkthdr *header;
	const u_char *bytes;
	int64_t first_us = -1;
	int status = 0;
	while (status == 0 && pcap_next_ex(pcap, &header, &bytes) == 1) {
		if (first_us < 0)
			first_us = timeval_us(header->ts);
		status = keep_frame(header, bytes, timeval_us(header->ts) - first_us);
	}
	pcap_close(pcap);
	return status;
}

static void unload_capture(void)
{
	for (size_t i = 0; i < loaded.frame_count; i++)
		free(loaded.frames[i].bytes);
	free(loaded.frames);
	free(loaded.expected);
	segment_list_free(&loaded.segments);
	memset(&loaded, 0, sizeof loaded);
}

/* Each capture's suite is named after it; CUnit names the running suite. */
static int load_current_capture(void)
{
	unload_capture();
	loaded.capture = capture_named(CU_get_current_suite()->pName);
	if (!loaded.capture)
		return -1;
	loaded.scenario = scenario_named(loaded.capture->scenario);
	if (!loaded.scenario)
		return -1;
	segment_list_init(&loaded.segments, loaded.scenario->server_port);
	if (load_frames(loaded.capture->name) != 0 || load_fixture(loaded.capture->name) != 0) {
		fprintf(stderr, "cannot load %s from %s\n", loaded.capture->name, pcap_directory);
		return -1;
	}
	return 0;
}

static int cleanup_capture(void)
{
	unload_capture();
	return 0;
}

/* ---- tests run on each recorded capture ---- */

static void test_link_type(void)
{
	CHECK_FIELD(loaded.capture->name, 0, "link type", loaded.capture->linktype, loaded.linktype);
}

static void test_frames_match_fixture(void)
{
	const char *name = loaded.capture->name;
	CHECK_FIELD(name, 0, "frame count", loaded.expected_count, loaded.frame_count);
	for (size_t i = 0; i < loaded.frame_count && i < loaded.expected_count; i++) {
		const struct expected_frame *expected = &loaded.expected[i];
		const struct captured_frame *frame = &loaded.frames[i];
		unsigned number = expected->number;
		CHECK_FIELD(name, number, "result (0 = FRAME_TCP)", FRAME_TCP, frame->result);
		CHECK_FIELD(name, number, "family", expected->family, frame->tcp.family);
		CHECK_FIELD(name, number, "family of the capture", loaded.capture->family, frame->tcp.family);
		CHECK_FIELD(name, number, "source port", expected->source_port, frame->tcp.source_port);
		CHECK_FIELD(name, number, "destination port", expected->destination_port,
			    frame->tcp.destination_port);
		CHECK_FIELD(name, number, "flags", expected->flags & 0xff, frame->tcp.flags);
		CHECK_FIELD(name, number, "raw seq", expected->seq_raw, frame->tcp.seq);
		CHECK_FIELD(name, number, "raw ack", expected->ack_raw, frame->tcp.ack);
		CHECK_FIELD(name, number, "len", expected->len, frame->tcp.len);
		CHECK_FIELD(name, number, "window", expected->window, frame->tcp.window);
	}
}

/* tshark's relative numbers, in finrst's terms.  Where the SYN was
 * captured they are the same.  Without it tshark bases a side at its first
 * seq - 1 (so that data starts at 1 as after a SYN) and bases the peer on
 * the first ack it sees; finrst bases a side at its first seq and keeps an
 * ack raw until the peer has sent something. */
static uint32_t relative_offset(void)
{
	return loaded.capture->has_syn ? 0 : 1;
}

static void test_segments_match_fixture(void)
{
	const char *name = loaded.capture->name;
	const struct segment_list *segments = &loaded.segments;
	int seen[2] = { 0, 0 };
	CHECK_FIELD(name, 0, "segment count", loaded.expected_count, segments->count);
	for (size_t i = 0; i < segments->count && i < loaded.expected_count; i++) {
		const struct expected_frame *expected = &loaded.expected[i];
		const struct segment *segment = &segments->items[i];
		enum side from = expected->source_port == loaded.scenario->server_port ? SIDE_SERVER :
											   SIDE_CLIENT;
		seen[from] = 1;
		uint32_t ack = seen[!from] ? expected->ack - relative_offset() : expected->ack_raw;
		unsigned number = expected->number;
		CHECK_FIELD(name, number, "from (0 client, 1 server)", from, segment->from);
		CHECK_FIELD(name, number, "t_us", expected->t_us, segment->t_us);
		CHECK_FIELD(name, number, "flags", expected->flags & 0xff, segment->flags);
		CHECK_FIELD(name, number, "relative seq", expected->seq - relative_offset(), segment->seq);
		CHECK_FIELD(name, number, "relative ack", ack, segment->ack);
		CHECK_FIELD(name, number, "len", expected->len, segment->len);
		CHECK_FIELD(name, number, "window", expected->window, segment->window);
	}
}

static void test_scenario_teardown(void)
{
	char where[128], teardown[32];
	snprintf(where, sizeof where, "%s (%s)", loaded.capture->name, loaded.scenario->name);
	segments_teardown_of(&loaded.segments, SIDE_CLIENT, teardown, sizeof teardown);
	CHECK_TEXT(where, "client teardown", loaded.scenario->client_teardown, teardown);
	segments_teardown_of(&loaded.segments, SIDE_SERVER, teardown, sizeof teardown);
	CHECK_TEXT(where, "server teardown", loaded.scenario->server_teardown, teardown);
	CHECK_FIELD(where, 0, "first teardown (0 client, 1 server)", loaded.scenario->first_teardown,
		    segments_first_teardown(&loaded.segments));
	CHECK_FIELD(where, 0, "connection finished", loaded.scenario->finished,
		    segments_connection_finished(&loaded.segments));
}

static int same_tcp_frame(const struct tcp_frame *a, const struct tcp_frame *b)
{
	return a->family == b->family && a->source_port == b->source_port &&
	       a->destination_port == b->destination_port && a->flags == b->flags &&
	       a->seq == b->seq && a->ack == b->ack && a->len == b->len && a->window == b->window;
}

/* Cutting a frame short never reads past it: the decoder says TRUNCATED
 * until the headers are whole, then decodes the same TCP header. */
static void test_every_prefix_truncated_or_whole(void)
{
	const char *name = loaded.capture->name;
	for (size_t i = 0; i < loaded.frame_count; i++) {
		const struct captured_frame *frame = &loaded.frames[i];
		int decoded = 0;
		for (size_t caplen = 0; caplen <= frame->caplen; caplen++) {
			uint8_t *copy = malloc(caplen ? caplen : 1); /* exact size, for valgrind */
			CU_ASSERT_PTR_NOT_NULL_FATAL(copy);
			memcpy(copy, frame->bytes, caplen);
			struct tcp_frame tcp;
			enum frame_result result = frame_decode(loaded.linktype, copy, caplen, &tcp);
			free(copy);
			decoded = decoded || result == FRAME_TCP;
			CHECK_FIELD(name, (unsigned)i + 1, "result of a prefix",
				    decoded ? FRAME_TCP : FRAME_TRUNCATED, result);
			if (result == FRAME_TCP)
				CHECK_FIELD(name, (unsigned)i + 1, "prefix decodes the same",
					    1, same_tcp_frame(&tcp, &frame->tcp));
		}
	}
}

/* ---- hand-made frames ---- */

/* Ethernet, IPv4 (total length 140), TCP 40000 -> 47001 PSH ACK with 100
 * payload bytes announced but not captured. */
static const uint8_t ethernet_ipv4_tcp[] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x08, 0x00,
	0x45, 0x00, 0x00, 0x8c, 0x00, 0x01, 0x40, 0x00, 0x40, 0x06, 0x00, 0x00,
	0x7f, 0x00, 0x00, 0x01, 0x7f, 0x00, 0x00, 0x01,
	0x9c, 0x40, 0xb7, 0x99, 0x01, 0x02, 0x03, 0x04, 0x0a, 0x0b, 0x0c, 0x0d,
	0x50, 0x18, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00,
};

/* The same segment over Ethernet and IPv6 (payload length 120). */
static const uint8_t ethernet_ipv6_tcp[] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x86, 0xdd,
	0x60, 0x00, 0x00, 0x00, 0x00, 0x78, 0x06, 0x40,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
	0x9c, 0x40, 0xb7, 0x99, 0x01, 0x02, 0x03, 0x04, 0x0a, 0x0b, 0x0c, 0x0d,
	0x50, 0x18, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00,
};

/* Garbage: an IPv4 header that claims 60 bytes (IHL 15) in a frame that
 * ends 10 bytes into it. */
static const uint8_t truncated_ipv4_options[] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00,
	0x4f, 0x00, 0x00, 0x8c, 0x00, 0x01, 0x40, 0x00, 0x40, 0x06,
};

enum { ETHERNET = 14, IPV4_OFFSET = 14, IPV6_NEXT = 14 + 6, IPV6_LENGTH = 14 + 4 };

struct frame_buffer {
	uint8_t bytes[256];
	size_t caplen;
};

static struct frame_buffer frame_from(const uint8_t *bytes, size_t caplen)
{
	struct frame_buffer frame = { .caplen = caplen };
	memcpy(frame.bytes, bytes, caplen);
	return frame;
}

static void frame_insert(struct frame_buffer *frame, size_t offset, const uint8_t *bytes, size_t count)
{
	memmove(frame->bytes + offset + count, frame->bytes + offset, frame->caplen - offset);
	memcpy(frame->bytes + offset, bytes, count);
	frame->caplen += count;
}

static void put16(uint8_t *p, uint16_t value)
{
	p[0] = (uint8_t)(value >> 8);
	p[1] = (uint8_t)value;
}

/* Decodes from an exact-size copy, so that valgrind sees any overread. */
static enum frame_result decode(int linktype, const struct frame_buffer *frame, struct tcp_frame *out)
{
	uint8_t *copy = malloc(frame->caplen ? frame->caplen : 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(copy);
	memcpy(copy, frame->bytes, frame->caplen);
	enum frame_result result = frame_decode(linktype, copy, frame->caplen, out);
	free(copy);
	return result;
}

static void check_hand_made_segment(const struct tcp_frame *tcp, int family)
{
	CU_ASSERT_EQUAL(tcp->family, family);
	CU_ASSERT_EQUAL(tcp->source_port, 40000);
	CU_ASSERT_EQUAL(tcp->destination_port, 47001);
	CU_ASSERT_EQUAL(tcp->seq, 0x01020304);
	CU_ASSERT_EQUAL(tcp->ack, 0x0a0b0c0d);
	CU_ASSERT_EQUAL(tcp->flags, TCP_FLAG_PSH | TCP_FLAG_ACK);
	CU_ASSERT_EQUAL(tcp->window, 0x1000);
	CU_ASSERT_EQUAL(tcp->len, 100);
}

static void test_hand_made_ipv4_and_ipv6(void)
{
	struct tcp_frame tcp;
	struct frame_buffer frame = frame_from(ethernet_ipv4_tcp, sizeof ethernet_ipv4_tcp);
	CU_ASSERT_EQUAL(decode(DLT_EN10MB, &frame, &tcp), FRAME_TCP);
	check_hand_made_segment(&tcp, AF_INET);
	frame = frame_from(ethernet_ipv6_tcp, sizeof ethernet_ipv6_tcp);
	CU_ASSERT_EQUAL(decode(DLT_EN10MB, &frame, &tcp), FRAME_TCP);
	check_hand_made_segment(&tcp, AF_INET6);
}

static void test_vlan_tag(void)
{
	static const uint8_t tag[] = { 0x81, 0x00, 0x00, 0x05 };
	struct tcp_frame tcp;
	struct frame_buffer frame = frame_from(ethernet_ipv6_tcp, sizeof ethernet_ipv6_tcp);
	frame_insert(&frame, 12, tag, sizeof tag);
	CU_ASSERT_EQUAL(decode(DLT_EN10MB, &frame, &tcp), FRAME_TCP);
	check_hand_made_segment(&tcp, AF_INET6);
	frame.caplen = 17;
	CU_ASSERT_EQUAL(decode(DLT_EN10MB, &frame, &tcp), FRAME_TRUNCATED);
}

/* Hop-by-hop and destination options (8 bytes each, PadN) before TCP. */
static void test_ipv6_extension_headers(void)
{
	static const uint8_t hop_by_hop[] = { 60, 0, 1, 4, 0, 0, 0, 0 };
	static const uint8_t destination[] = { 6, 0, 1, 4, 0, 0, 0, 0 };
	struct tcp_frame tcp;
	struct frame_buffer frame = frame_from(ethernet_ipv6_tcp, sizeof ethernet_ipv6_tcp);
	frame_insert(&frame, ETHERNET + 40, destination, sizeof destination);
	frame_insert(&frame, ETHERNET + 40, hop_by_hop, sizeof hop_by_hop);
	frame.bytes[IPV6_NEXT] = 0;
	put16(frame.bytes + IPV6_LENGTH, 120 + 16);
	CU_ASSERT_EQUAL(decode(DLT_EN10MB, &frame, &tcp), FRAME_TCP);
	check_hand_made_segment(&tcp, AF_INET6);
	/* An extension header that runs past the IPv6 payload. */
	put16(frame.bytes + IPV6_LENGTH, 12);
	CU_ASSERT_EQUAL(decode(DLT_EN10MB, &frame, &tcp), FRAME_TRUNCATED);
	/* Headers all there but cut inside the destination options. */
	put16(frame.bytes + IPV6_LENGTH, 120 + 16);
	frame.caplen = ETHERNET + 40 + 12;
	CU_ASSERT_EQUAL(decode(DLT_EN10MB, &frame, &tcp), FRAME_TRUNCATED);
}

static void test_ipv6_fragment_is_not_tcp(void)
{
	static const uint8_t fragment[] = { 6, 0, 0, 0, 0, 0, 0, 1 };
	struct tcp_frame tcp;
	struct frame_buffer frame = frame_from(ethernet_ipv6_tcp, sizeof ethernet_ipv6_tcp);
	frame_insert(&frame, ETHERNET + 40, fragment, sizeof fragment);
	frame.bytes[IPV6_NEXT] = 44;
	put16(frame.bytes + IPV6_LENGTH, 120 + 8);
	CU_ASSERT_EQUAL(decode(DLT_EN10MB, &frame, &tcp), FRAME_NOT_TCP);
}

static void test_ipv4_fragments(void)
{
	struct tcp_frame tcp;
	struct frame_buffer frame = frame_from(ethernet_ipv4_tcp, sizeof ethernet_ipv4_tcp);
	put16(frame.bytes + IPV4_OFFSET + 6, 0x2000); /* more fragments, offset 0 */
	CU_ASSERT_EQUAL(decode(DLT_EN10MB, &frame, &tcp), FRAME_TCP);
	put16(frame.bytes + IPV4_OFFSET + 6, 0x0010); /* offset 128 bytes */
	CU_ASSERT_EQUAL(decode(DLT_EN10MB, &frame, &tcp), FRAME_NOT_TCP);
}

static void test_other_protocols_are_not_tcp(void)
{
	struct tcp_frame tcp;
	struct frame_buffer frame = frame_from(ethernet_ipv4_tcp, sizeof ethernet_ipv4_tcp);
	frame.bytes[IPV4_OFFSET + 9] = 17; /* UDP */
	CU_ASSERT_EQUAL(decode(DLT_EN10MB, &frame, &tcp), FRAME_NOT_TCP);
	frame = frame_from(ethernet_ipv4_tcp, sizeof ethernet_ipv4_tcp);
	put16(frame.bytes + 12, 0x0806); /* ARP */
	CU_ASSERT_EQUAL(decode(DLT_EN10MB, &frame, &tcp), FRAME_NOT_TCP);
	frame = frame_from(ethernet_ipv6_tcp, sizeof ethernet_ipv6_tcp);
	frame.bytes[IPV6_NEXT] = 58; /* ICMPv6 */
	CU_ASSERT_EQUAL(decode(DLT_EN10MB, &frame, &tcp), FRAME_NOT_TCP);
}

static void test_garbage_is_truncated(void)
{
	struct tcp_frame tcp;
	struct frame_buffer frame = frame_from(truncated_ipv4_options, sizeof truncated_ipv4_options);
	CU_ASSERT_EQUAL(decode(DLT_EN10MB, &frame, &tcp), FRAME_TRUNCATED);
	/* Lengths that contradict each other: total length shorter than the headers. */
	frame = frame_from(ethernet_ipv4_tcp, sizeof ethernet_ipv4_tcp);
	put16(frame.bytes + IPV4_OFFSET + 2, 30);
	CU_ASSERT_EQUAL(decode(DLT_EN10MB, &frame, &tcp), FRAME_TRUNCATED);
	/* A TCP data offset below the minimum, and one past the capture. */
	frame = frame_from(ethernet_ipv4_tcp, sizeof ethernet_ipv4_tcp);
	frame.bytes[ETHERNET + 20 + 12] = 0x30;
	CU_ASSERT_EQUAL(decode(DLT_EN10MB, &frame, &tcp), FRAME_TRUNCATED);
	frame.bytes[ETHERNET + 20 + 12] = 0xf0;
	CU_ASSERT_EQUAL(decode(DLT_EN10MB, &frame, &tcp), FRAME_TRUNCATED);
	/* An IPv4 header length below the minimum. */
	frame = frame_from(ethernet_ipv4_tcp, sizeof ethernet_ipv4_tcp);
	frame.bytes[IPV4_OFFSET] = 0x44;
	CU_ASSERT_EQUAL(decode(DLT_EN10MB, &frame, &tcp), FRAME_TRUNCATED);
}

static void test_empty_frames_are_truncated(void)
{
	static const int linktypes[] = { DLT_EN10MB, DLT_LINUX_SLL, DLT_LINUX_SLL2, DLT_NULL,
					 DLT_LOOP, DLT_RAW, DLT_IPV4 };
	struct frame_buffer frame = { .caplen = 0 };
	struct tcp_frame tcp;
	for (size_t i = 0; i < sizeof linktypes / sizeof linktypes[0]; i++)
		CU_ASSERT_EQUAL(decode(linktypes[i], &frame, &tcp), FRAME_TRUNCATED);
}

static void test_unknown_link_type(void)
{
	struct tcp_frame tcp;
	struct frame_buffer frame = frame_from(ethernet_ipv4_tcp, sizeof ethernet_ipv4_tcp);
	CU_ASSERT_EQUAL(decode(147 /* DLT_USER0 */, &frame, &tcp), FRAME_UNKNOWN_LINK);
}

/* DLT_NULL in either byte order (files travel between hosts), and the
 * families of the other systems; DLT_LOOP is always big-endian. */
static void test_null_and_loop_families(void)
{
	static const uint8_t ipv4_big_endian[] = { 0, 0, 0, 2 };
	static const uint8_t ipv6_darwin_little_endian[] = { 30, 0, 0, 0 };
	static const uint8_t ipv6_freebsd_big_endian[] = { 0, 0, 0, 28 };
	static const uint8_t unknown_family[] = { 99, 0, 0, 0 };
	struct tcp_frame tcp;
	struct frame_buffer frame = frame_from(ethernet_ipv4_tcp + ETHERNET, sizeof ethernet_ipv4_tcp - ETHERNET);
	frame_insert(&frame, 0, ipv4_big_endian, 4);
	CU_ASSERT_EQUAL(decode(DLT_NULL, &frame, &tcp), FRAME_TCP);
	CU_ASSERT_EQUAL(decode(DLT_LOOP, &frame, &tcp), FRAME_TCP);
	check_hand_made_segment(&tcp, AF_INET);
	frame = frame_from(ethernet_ipv6_tcp + ETHERNET, sizeof ethernet_ipv6_tcp - ETHERNET);
	frame_insert(&frame, 0, ipv6_darwin_little_endian, 4);
	CU_ASSERT_EQUAL(decode(DLT_NULL, &frame, &tcp), FRAME_TCP);
	check_hand_made_segment(&tcp, AF_INET6);
	CU_ASSERT_EQUAL(decode(DLT_LOOP, &frame, &tcp), FRAME_NOT_TCP);
	memcpy(frame.bytes, ipv6_freebsd_big_endian, 4);
	CU_ASSERT_EQUAL(decode(DLT_NULL, &frame, &tcp), FRAME_TCP);
	CU_ASSERT_EQUAL(decode(DLT_LOOP, &frame, &tcp), FRAME_TCP);
	memcpy(frame.bytes, unknown_family, 4);
	CU_ASSERT_EQUAL(decode(DLT_NULL, &frame, &tcp), FRAME_NOT_TCP);
}

static void test_raw_ip(void)
{
	struct tcp_frame tcp;
	struct frame_buffer frame = frame_from(ethernet_ipv6_tcp + ETHERNET, sizeof ethernet_ipv6_tcp - ETHERNET);
	CU_ASSERT_EQUAL(decode(DLT_RAW, &frame, &tcp), FRAME_TCP);
	CU_ASSERT_EQUAL(decode(101 /* LINKTYPE_RAW */, &frame, &tcp), FRAME_TCP);
	check_hand_made_segment(&tcp, AF_INET6);
	CU_ASSERT_EQUAL(decode(DLT_IPV4, &frame, &tcp), FRAME_NOT_TCP);
	frame.bytes[0] = 0x50;
	CU_ASSERT_EQUAL(decode(DLT_RAW, &frame, &tcp), FRAME_NOT_TCP);
}

/* ---- the segment list on made-up segments ---- */

enum { SERVER_PORT = 27001, CLIENT_PORT = 40000 };

static void add_segment(struct segment_list *list, enum side from, uint8_t flags, uint32_t seq,
			uint32_t ack, uint32_t len)
{
	struct tcp_frame frame = {
		.family = AF_INET,
		.source_port = from == SIDE_SERVER ? SERVER_PORT : CLIENT_PORT,
		.destination_port = from == SIDE_SERVER ? CLIENT_PORT : SERVER_PORT,
		.flags = flags, .seq = seq, .ack = ack, .len = len, .window = 512,
	};
	CU_ASSERT_EQUAL(segment_list_add(list, &frame, 0), 0);
}

static void teardown_text(const struct segment_list *list, enum side side, char *out)
{
	segments_teardown_of(list, side, out, 32);
}

static void test_teardown_folds_retransmissions(void)
{
	struct segment_list list;
	char text[32];
	segment_list_init(&list, SERVER_PORT);
	add_segment(&list, SIDE_CLIENT, TCP_FLAG_FIN | TCP_FLAG_ACK, 1000, 0, 0);
	add_segment(&list, SIDE_CLIENT, TCP_FLAG_FIN | TCP_FLAG_ACK, 1000, 0, 0);
	add_segment(&list, SIDE_CLIENT, TCP_FLAG_RST, 1001, 0, 0);
	add_segment(&list, SIDE_CLIENT, TCP_FLAG_RST, 1001, 0, 0);
	teardown_text(&list, SIDE_CLIENT, text);
	CU_ASSERT_STRING_EQUAL(text, "FIN RST");
	teardown_text(&list, SIDE_SERVER, text);
	CU_ASSERT_STRING_EQUAL(text, "none");
	segment_list_free(&list);
}

static void test_teardown_fin_and_rst_in_one_segment(void)
{
	struct segment_list list;
	char text[32];
	segment_list_init(&list, SERVER_PORT);
	add_segment(&list, SIDE_SERVER, TCP_FLAG_FIN | TCP_FLAG_RST | TCP_FLAG_ACK, 7, 9, 0);
	teardown_text(&list, SIDE_SERVER, text);
	CU_ASSERT_STRING_EQUAL(text, "FIN RST");
	CU_ASSERT_EQUAL(segments_first_teardown(&list), SIDE_SERVER);
	CU_ASSERT_TRUE(segments_connection_finished(&list));
	segment_list_free(&list);
}

static void test_teardown_text_fits_its_buffer(void)
{
	struct segment_list list;
	char text[5] = "xxxx";
	segment_list_init(&list, SERVER_PORT);
	add_segment(&list, SIDE_CLIENT, TCP_FLAG_FIN, 1, 0, 0);
	add_segment(&list, SIDE_CLIENT, TCP_FLAG_RST, 2, 0, 0);
	segments_teardown_of(&list, SIDE_CLIENT, text, sizeof text);
	CU_ASSERT_STRING_EQUAL(text, "FIN ");
	segments_teardown_of(&list, SIDE_CLIENT, text, 0);
	CU_ASSERT_STRING_EQUAL(text, "FIN ");
	segment_list_free(&list);
}

static void test_no_teardown_yet(void)
{
	struct segment_list list;
	char text[32];
	segment_list_init(&list, SERVER_PORT);
	CU_ASSERT_EQUAL(segments_first_teardown(&list), -1);
	CU_ASSERT_FALSE(segments_connection_finished(&list));
	add_segment(&list, SIDE_CLIENT, TCP_FLAG_SYN, 5, 0, 0);
	teardown_text(&list, SIDE_CLIENT, text);
	CU_ASSERT_STRING_EQUAL(text, "none");
	CU_ASSERT_EQUAL(segments_first_teardown(&list), -1);
	segment_list_free(&list);
}

static void test_other_connections_are_ignored(void)
{
	struct segment_list list;
	struct tcp_frame other = { .family = AF_INET, .source_port = 1, .destination_port = 2 };
	segment_list_init(&list, SERVER_PORT);
	CU_ASSERT_EQUAL(segment_list_add(&list, &other, 0), 0);
	CU_ASSERT_EQUAL(list.count, 0);
	segment_list_free(&list);
}

static void test_relative_numbers(void)
{
	struct segment_list list;
	segment_list_init(&list, SERVER_PORT);
	add_segment(&list, SIDE_CLIENT, TCP_FLAG_SYN, 0xfffffff0, 0, 0);
	add_segment(&list, SIDE_SERVER, TCP_FLAG_SYN | TCP_FLAG_ACK, 5000, 0xfffffff1, 0);
	add_segment(&list, SIDE_CLIENT, TCP_FLAG_ACK | TCP_FLAG_PSH, 0xfffffff1, 5001, 100);
	CU_ASSERT_EQUAL(list.items[0].seq, 0);
	CU_ASSERT_EQUAL(list.items[0].ack, 0); /* server's isn not known yet: raw */
	CU_ASSERT_EQUAL(list.items[1].seq, 0);
	CU_ASSERT_EQUAL(list.items[1].ack, 1);
	CU_ASSERT_EQUAL(list.items[1].from, SIDE_SERVER);
	CU_ASSERT_EQUAL(list.items[2].seq, 1);
	CU_ASSERT_EQUAL(list.items[2].ack, 1);
	CU_ASSERT_EQUAL(list.items[2].len, 100);
	CU_ASSERT_EQUAL(list.items[2].window, 512);
	segment_list_free(&list);
}

static void test_capture_without_syn_bases_on_first_seq(void)
{
	struct segment_list list;
	segment_list_init(&list, SERVER_PORT);
	add_segment(&list, SIDE_CLIENT, TCP_FLAG_ACK, 700, 9000, 10);
	add_segment(&list, SIDE_SERVER, TCP_FLAG_ACK, 9000, 710, 0);
	CU_ASSERT_EQUAL(list.items[0].seq, 0);
	CU_ASSERT_EQUAL(list.items[0].ack, 9000);
	CU_ASSERT_EQUAL(list.items[1].seq, 0);
	CU_ASSERT_EQUAL(list.items[1].ack, 10);
	segment_list_free(&list);
}

static void test_connection_finished_needs_both_fins_acknowledged(void)
{
	struct segment_list list;
	segment_list_init(&list, SERVER_PORT);
	add_segment(&list, SIDE_CLIENT, TCP_FLAG_SYN, 100, 0, 0);
	add_segment(&list, SIDE_SERVER, TCP_FLAG_SYN | TCP_FLAG_ACK, 500, 101, 0);
	add_segment(&list, SIDE_CLIENT, TCP_FLAG_FIN | TCP_FLAG_ACK, 101, 501, 10);
	CU_ASSERT_FALSE(segments_connection_finished(&list));
	add_segment(&list, SIDE_SERVER, TCP_FLAG_FIN | TCP_FLAG_ACK, 501, 111, 0);
	CU_ASSERT_FALSE(segments_connection_finished(&list)); /* the client's FIN not yet acknowledged */
	add_segment(&list, SIDE_SERVER, TCP_FLAG_FIN | TCP_FLAG_ACK, 501, 112, 0);
	CU_ASSERT_FALSE(segments_connection_finished(&list)); /* the server's FIN not yet acknowledged */
	add_segment(&list, SIDE_CLIENT, TCP_FLAG_ACK, 112, 502, 0);
	CU_ASSERT_TRUE(segments_connection_finished(&list));
	CU_ASSERT_EQUAL(segments_first_teardown(&list), SIDE_CLIENT);
	segment_list_free(&list);
}

static void test_list_grows(void)
{
	struct segment_list list;
	segment_list_init(&list, SERVER_PORT);
	for (uint32_t i = 0; i < 1000; i++)
		add_segment(&list, SIDE_CLIENT, TCP_FLAG_ACK, 1 + i * 10, 0, 10);
	CU_ASSERT_EQUAL_FATAL(list.count, 1000);
	CU_ASSERT_EQUAL(list.items[999].seq, 9990);
	segment_list_free(&list);
	CU_ASSERT_EQUAL(list.count, 0);
	CU_ASSERT_PTR_NULL(list.items);
}

/* ---- names ---- */

static void test_flags_format(void)
{
	static const struct {
		uint8_t flags;
		const char *text;
	} cases[] = {
		{ TCP_FLAG_SYN, "SYN" },
		{ TCP_FLAG_SYN | TCP_FLAG_ACK, "SYN ACK" },
		{ TCP_FLAG_FIN | TCP_FLAG_ACK, "FIN ACK" },
		{ TCP_FLAG_RST | TCP_FLAG_ACK, "RST ACK" },
		{ TCP_FLAG_PSH | TCP_FLAG_ACK, "PSH ACK" },
		{ TCP_FLAG_RST, "RST" },
		{ 0xff, "SYN FIN RST PSH ACK URG ECE CWR" },
		{ TCP_FLAG_SYN | TCP_FLAG_ECE | TCP_FLAG_CWR, "SYN ECE CWR" },
		{ 0, "none" },
	};
	char text[64];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		tcp_flags_format(cases[i].flags, text, sizeof text);
		CHECK_TEXT("tcp_flags_format", "text", cases[i].text, text);
	}
	tcp_flags_format(TCP_FLAG_SYN | TCP_FLAG_ACK, text, 4);
	CU_ASSERT_STRING_EQUAL(text, "SYN");
}

static void test_frame_result_names(void)
{
	CU_ASSERT_STRING_EQUAL(frame_result_name(FRAME_TCP), "tcp");
	CU_ASSERT_STRING_EQUAL(frame_result_name(FRAME_NOT_TCP), "not-tcp");
	CU_ASSERT_STRING_EQUAL(frame_result_name(FRAME_TRUNCATED), "truncated");
	CU_ASSERT_STRING_EQUAL(frame_result_name(FRAME_UNKNOWN_LINK), "unknown-link");
}

/* ---- registration ---- */

struct test {
	const char *name;
	CU_TestFunc function;
};

static const struct test capture_tests[] = {
	{ "link type as recorded", test_link_type },
	{ "frames decode as tshark reads them", test_frames_match_fixture },
	{ "segments have tshark's relative numbers", test_segments_match_fixture },
	{ "teardown of the recorded scenario", test_scenario_teardown },
	{ "every prefix of a frame is truncated or whole", test_every_prefix_truncated_or_whole },
};

static const struct test unit_tests[] = {
	{ "hand-made IPv4 and IPv6 frames", test_hand_made_ipv4_and_ipv6 },
	{ "802.1Q VLAN tag", test_vlan_tag },
	{ "IPv6 extension headers", test_ipv6_extension_headers },
	{ "IPv6 fragment is not TCP", test_ipv6_fragment_is_not_tcp },
	{ "IPv4 fragments", test_ipv4_fragments },
	{ "other protocols are not TCP", test_other_protocols_are_not_tcp },
	{ "garbage is truncated", test_garbage_is_truncated },
	{ "empty frames are truncated", test_empty_frames_are_truncated },
	{ "unknown link type", test_unknown_link_type },
	{ "DLT_NULL and DLT_LOOP families", test_null_and_loop_families },
	{ "raw IP", test_raw_ip },
	{ "teardown folds retransmissions", test_teardown_folds_retransmissions },
	{ "FIN and RST in one segment", test_teardown_fin_and_rst_in_one_segment },
	{ "teardown text fits its buffer", test_teardown_text_fits_its_buffer },
	{ "no teardown yet", test_no_teardown_yet },
	{ "other connections are ignored", test_other_connections_are_ignored },
	{ "relative numbers", test_relative_numbers },
	{ "capture without SYN", test_capture_without_syn_bases_on_first_seq },
	{ "connection finished needs both FINs acknowledged",
	  test_connection_finished_needs_both_fins_acknowledged },
	{ "list grows", test_list_grows },
	{ "tcp_flags_format", test_flags_format },
	{ "frame_result_name", test_frame_result_names },
};

static int add_suite(const char *name, CU_InitializeFunc init, CU_CleanupFunc cleanup,
		     const struct test *tests, size_t count)
{
	CU_pSuite suite = CU_add_suite(name, init, cleanup);
	if (!suite)
		return -1;
	for (size_t i = 0; i < count; i++)
		if (!CU_add_test(suite, tests[i].name, tests[i].function))
			return -1;
	return 0;
}

static int register_suites(void)
{
	for (size_t i = 0; i < CAPTURE_COUNT; i++)
		if (add_suite(captures[i].name, load_current_capture, cleanup_capture, capture_tests,
			      sizeof capture_tests / sizeof capture_tests[0]) != 0)
			return -1;
	return add_suite("decoder and segment list", NULL, NULL, unit_tests,
			 sizeof unit_tests / sizeof unit_tests[0]);
}

int main(int argc, char **argv)
{
	if (argc > 1)
		pcap_directory = argv[1];
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 2;
	if (register_suites() != 0) {
		fprintf(stderr, "%s\n", CU_get_error_msg());
		CU_cleanup_registry();
		return 2;
	}
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	int failed = CU_get_number_of_failure_records() != 0;
	CU_cleanup_registry();
	return failed ? 1 : 0;
}
