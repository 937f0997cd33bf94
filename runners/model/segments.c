#include "runners/model/segments.h"

#include <netinet/in.h>
#include <pcap/dlt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

/* Older libpcaps (macOS's among them) lack the newer link types. */
#ifndef DLT_LINUX_SLL2
#define DLT_LINUX_SLL2 276
#endif
#ifndef DLT_IPV4
#define DLT_IPV4 228
#endif
#ifndef DLT_IPV6
#define DLT_IPV6 229
#endif
/* The file format's number for raw IP; DLT_RAW differs between platforms. */
#define LINKTYPE_RAW 101

enum {
	ETHERTYPE_IPV4 = 0x0800,
	ETHERTYPE_IPV6 = 0x86dd,
	ETHERTYPE_VLAN = 0x8100,
	ETHERTYPE_QINQ = 0x88a8,
};

enum {
	ETHERNET_HEADER = 14,
	VLAN_TAG = 4,
	SLL_HEADER = 16,
	SLL2_HEADER = 20,
	NULL_HEADER = 4,
	IPV4_HEADER_MIN = 20,
	IPV6_HEADER = 40,
	TCP_HEADER_MIN = 20,
};

/* The values of AF_INET6 in DLT_NULL/DLT_LOOP headers written by Linux,
 * NetBSD and OpenBSD, FreeBSD, and macOS: captures travel between them. */
enum {
	NULL_AF_INET = 2,
	NULL_AF_INET6_LINUX = 10,
	NULL_AF_INET6_BSD = 24,
	NULL_AF_INET6_FREEBSD = 28,
	NULL_AF_INET6_DARWIN = 30,
};

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* `length` is the TCP segment's length according to the IP header; the
 * capture may hold fewer bytes of it. */
static enum frame_result tcp_decode(const uint8_t *p, size_t caplen, size_t length,
				    struct tcp_frame *out)
{
	if (caplen < TCP_HEADER_MIN)
		return FRAME_TRUNCATED;
	size_t header = (size_t)(p[12] >> 4) * 4;
	if (header < TCP_HEADER_MIN || header > length || header > caplen)
		return FRAME_TRUNCATED;
	out->source_port = get16(p);
	out->destination_port = get16(p + 2);
	out->seq = get32(p + 4);
	out->ack = get32(p + 8);
	out->flags = p[13];
	out->window = get16(p + 14);
	out->len = (uint32_t)(length - header);
	return FRAME_TCP;
}

static enum frame_result ipv4_decode(const uint8_t *p, size_t caplen, struct tcp_frame *out)
{
	if (caplen < IPV4_HEADER_MIN)
		return FRAME_TRUNCATED;
	if (p[0] >> 4 != 4)
		return FRAME_NOT_TCP;
	size_t header = (size_t)(p[0] & 0x0f) * 4;
	size_t total = get16(p + 2);
	if (header < IPV4_HEADER_MIN || total < header || caplen < header)
		return FRAME_TRUNCATED;
	/* Only the first fragment holds the TCP header. */
	if ((get16(p + 6) & 0x1fff) != 0 || p[9] != IPPROTO_TCP)
		return FRAME_NOT_TCP;
	out->family = AF_INET;
	return tcp_decode(p + header, caplen - header, total - header, out);
}

static int ipv6_extension_skippable(uint8_t next)
{
	return next == IPPROTO_HOPOPTS || next == IPPROTO_ROUTING || next == IPPROTO_DSTOPTS;
}

/* Advances *offset and *next past the extension headers up to TCP; the
 * fragment header and anything unknown end the walk as not TCP. */
static enum frame_result ipv6_skip_extensions(const uint8_t *p, size_t caplen, size_t end,
					      size_t *offset, uint8_t *next)
{
	while (*next != IPPROTO_TCP) {
		if (!ipv6_extension_skippable(*next))
			return FRAME_NOT_TCP;
		if (caplen < *offset + 2)
			return FRAME_TRUNCATED;
		size_t length = ((size_t)p[*offset + 1] + 1) * 8;
		if (*offset + length > end || *offset + length > caplen)
			return FRAME_TRUNCATED;
		*next = p[*offset];
		*offset += length;
	}
	return FRAME_TCP;
}

static enum frame_result ipv6_decode(const uint8_t *p, size_t caplen, struct tcp_frame *out)
{
	if (caplen < IPV6_HEADER)
		return FRAME_TRUNCATED;
	if (p[0] >> 4 != 6)
		return FRAME_NOT_TCP;
	size_t end = IPV6_HEADER + get16(p + 4);
	size_t offset = IPV6_HEADER;
	uint8_t next = p[6];
	enum frame_result result = ipv6_skip_extensions(p, caplen, end, &offset, &next);
	if (result != FRAME_TCP)
		return result;
	out->family = AF_INET6;
	return tcp_decode(p + offset, caplen - offset, end - offset, out);
}

static enum frame_result ethertype_decode(uint16_t type, const uint8_t *p, size_t caplen,
					  struct tcp_frame *out)
{
	switch (type) {
	case ETHERTYPE_IPV4: return ipv4_decode(p, caplen, out);
	case ETHERTYPE_IPV6: return ipv6_decode(p, caplen, out);
	default: return FRAME_NOT_TCP;
	}
}

static enum frame_result ethernet_decode(const uint8_t *p, size_t caplen, struct tcp_frame *out)
{
	if (caplen < ETHERNET_HEADER)
		return FRAME_TRUNCATED;
	size_t header = ETHERNET_HEADER;
	uint16_t type = get16(p + 12);
	if (type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ) {
		header += VLAN_TAG;
		if (caplen < header)
			return FRAME_TRUNCATED;
		type = get16(p + 16);
	}
	return ethertype_decode(type, p + header, caplen - header, out);
}

static enum frame_result sll_decode(const uint8_t *p, size_t caplen, struct tcp_frame *out)
{
	if (caplen < SLL_HEADER)
		return FRAME_TRUNCATED;
	return ethertype_decode(get16(p + 14), p + SLL_HEADER, caplen - SLL_HEADER, out);
}

static enum frame_result sll2_decode(const uint8_t *p, size_t caplen, struct tcp_frame *out)
{
	if (caplen < SLL2_HEADER)
		return FRAME_TRUNCATED;
	return ethertype_decode(get16(p), p + SLL2_HEADER, caplen - SLL2_HEADER, out);
}

static enum frame_result address_family_decode(uint32_t family, const uint8_t *p, size_t caplen,
					       struct tcp_frame *out)
{
	switch (family) {
	case NULL_AF_INET:
		return ipv4_decode(p, caplen, out);
	case NULL_AF_INET6_LINUX:
	case NULL_AF_INET6_BSD:
	case NULL_AF_INET6_FREEBSD:
	case NULL_AF_INET6_DARWIN:
		return ipv6_decode(p, caplen, out);
	default:
		return FRAME_NOT_TCP;
	}
}

/* DLT_NULL's family is in the byte order of the host that wrote the file,
 * which need not be ours; families are small, so the order shows. */
static enum frame_result null_decode(const uint8_t *p, size_t caplen, struct tcp_frame *out)
{
	if (caplen < NULL_HEADER)
		return FRAME_TRUNCATED;
	uint32_t family;
	memcpy(&family, p, sizeof family);
	if (family > 0xffff)
		family = __builtin_bswap32(family);
	return address_family_decode(family, p + NULL_HEADER, caplen - NULL_HEADER, out);
}

static enum frame_result loop_decode(const uint8_t *p, size_t caplen, struct tcp_frame *out)
{
	if (caplen < NULL_HEADER)
		return FRAME_TRUNCATED;
	return address_family_decode(get32(p), p + NULL_HEADER, caplen - NULL_HEADER, out);
}

static enum frame_result raw_decode(const uint8_t *p, size_t caplen, struct tcp_frame *out)
{
	if (caplen < 1)
		return FRAME_TRUNCATED;
	switch (p[0] >> 4) {
	case 4: return ipv4_decode(p, caplen, out);
	case 6: return ipv6_decode(p, caplen, out);
	default: return FRAME_NOT_TCP;
	}
}

enum frame_result frame_decode(int linktype, const uint8_t *bytes, size_t caplen,
			       struct tcp_frame *out)
{
	memset(out, 0, sizeof *out);
	switch (linktype) {
	case DLT_EN10MB: return ethernet_decode(bytes, caplen, out);
	case DLT_LINUX_SLL: return sll_decode(bytes, caplen, out);
	case DLT_LINUX_SLL2: return sll2_decode(bytes, caplen, out);
	case DLT_NULL: return null_decode(bytes, caplen, out);
	case DLT_LOOP: return loop_decode(bytes, caplen, out);
	case DLT_RAW:
	case LINKTYPE_RAW: return raw_decode(bytes, caplen, out);
	case DLT_IPV4: return ipv4_decode(bytes, caplen, out);
	case DLT_IPV6: return ipv6_decode(bytes, caplen, out);
	default: return FRAME_UNKNOWN_LINK;
	}
}

const char *frame_result_name(enum frame_result result)
{
	switch (result) {
	case FRAME_TCP: return "tcp";
	case FRAME_NOT_TCP: return "not-tcp";
	case FRAME_TRUNCATED: return "truncated";
	case FRAME_UNKNOWN_LINK: return "unknown-link";
	}
	return "?";
}

void segment_list_init(struct segment_list *list, uint16_t server_port)
{
	memset(list, 0, sizeof *list);
	list->server_port = server_port;
}

void segment_list_free(struct segment_list *list)
{
	free(list->items);
	segment_list_init(list, list->server_port);
}

static int segment_list_reserve(struct segment_list *list)
{
	if (list->count < list->capacity)
		return 0;
	size_t capacity = list->capacity ? list->capacity * 2 : 64;
	if (capacity > SIZE_MAX / sizeof *list->items)
		return -1;
	struct segment *items = realloc(list->items, capacity * sizeof *items);
	if (!items)
		return -1;
	list->items = items;
	list->capacity = capacity;
	return 0;
}

/* The SYN comes first from each side; a capture that missed it still gets
 * stable relative numbers from the first segment it has. */
static void segment_list_learn_isn(struct segment_list *list, enum side from, uint32_t seq)
{
	if (list->have_isn[from])
		return;
	list->have_isn[from] = 1;
	list->isn[from] = seq;
}

static uint32_t segment_list_relative_ack(const struct segment_list *list, enum side from,
					  uint32_t ack)
{
	enum side to = from == SIDE_SERVER ? SIDE_CLIENT : SIDE_SERVER;
	return list->have_isn[to] ? ack - list->isn[to] : ack;
}

int segment_list_add(struct segment_list *list, const struct tcp_frame *frame, int64_t t_us)
{
	if (frame->source_port != list->server_port && frame->destination_port != list->server_port)
		return 0;
	if (segment_list_reserve(list) != 0)
		return -1;
	enum side from = frame->source_port == list->server_port ? SIDE_SERVER : SIDE_CLIENT;
	segment_list_learn_isn(list, from, frame->seq);
	list->items[list->count++] = (struct segment){
		.t_us = t_us,
		.from = from,
		.flags = frame->flags,
		.seq = frame->seq - list->isn[from],
		.ack = segment_list_relative_ack(list, from, frame->ack),
		.len = frame->len,
		.window = frame->window,
	};
	return 0;
}

struct text {
	char *out;
	size_t size;
	const char *last_word;
};

/* Appends `word` unless it repeats the previous one: a retransmitted FIN
 * or RST is still one teardown step. */
static void text_append_folded(struct text *text, const char *word)
{
	if (text->last_word && strcmp(text->last_word, word) == 0)
		return;
	size_t used = strlen(text->out);
	snprintf(text->out + used, text->size - used, "%s%s", used ? " " : "", word);
	text->last_word = word;
}

void segments_teardown_of(const struct segment_list *list, enum side side, char *out, size_t size)
{
	if (size == 0)
		return;
	out[0] = '\0';
	struct text text = { out, size, NULL };
	for (size_t i = 0; i < list->count; i++) {
		const struct segment *segment = &list->items[i];
		if (segment->from != side)
			continue;
		if (segment->flags & TCP_FLAG_FIN)
			text_append_folded(&text, "FIN");
		if (segment->flags & TCP_FLAG_RST)
			text_append_folded(&text, "RST");
	}
	if (!text.last_word)
		snprintf(out, size, "none");
}

int segments_first_teardown(const struct segment_list *list)
{
	for (size_t i = 0; i < list->count; i++)
		if (list->items[i].flags & (TCP_FLAG_FIN | TCP_FLAG_RST))
			return (int)list->items[i].from;
	return -1;
}

static int segments_any_rst(const struct segment_list *list)
{
	for (size_t i = 0; i < list->count; i++)
		if (list->items[i].flags & TCP_FLAG_RST)
			return 1;
	return 0;
}

static size_t segments_first_fin_of(const struct segment_list *list, enum side side)
{
	size_t i = 0;
	while (i < list->count && !(list->items[i].from == side && list->items[i].flags & TCP_FLAG_FIN))
		i++;
	return i;
}

/* A FIN occupies one sequence number after the segment's payload; the
 * peer has it once its ack reaches past that. */
static int segments_fin_acknowledged(const struct segment_list *list, enum side side)
{
	size_t fin = segments_first_fin_of(list, side);
	if (fin == list->count)
		return 0;
	uint32_t fin_end = list->items[fin].seq + list->items[fin].len + 1;
	for (size_t i = fin + 1; i < list->count; i++) {
		const struct segment *segment = &list->items[i];
		if (segment->from != side && segment->flags & TCP_FLAG_ACK &&
		    (int32_t)(segment->ack - fin_end) >= 0)
			return 1;
	}
	return 0;
}

int segments_connection_finished(const struct segment_list *list)
{
	return segments_any_rst(list) ||
	       (segments_fin_acknowledged(list, SIDE_CLIENT) &&
		segments_fin_acknowledged(list, SIDE_SERVER));
}

void tcp_flags_format(uint8_t flags, char *out, size_t size)
{
	static const struct {
		uint8_t flag;
		const char *name;
	} names[] = {
		{ TCP_FLAG_SYN, "SYN" }, { TCP_FLAG_FIN, "FIN" }, { TCP_FLAG_RST, "RST" },
		{ TCP_FLAG_PSH, "PSH" }, { TCP_FLAG_ACK, "ACK" }, { TCP_FLAG_URG, "URG" },
		{ TCP_FLAG_ECE, "ECE" }, { TCP_FLAG_CWR, "CWR" },
	};
	if (size == 0)
		return;
	out[0] = '\0';
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (!(flags & names[i].flag))
			continue;
		size_t used = strlen(out);
		snprintf(out + used, size - used, "%s%s", used ? " " : "", names[i].name);
	}
	if (out[0] == '\0')
		snprintf(out, size, "none");
}
