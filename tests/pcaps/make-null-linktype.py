#!/usr/bin/env python3
"""Converts an Ethernet (DLT_EN10MB) pcap into a BSD loopback or raw IP one.

usage: make-null-linktype.py IN.pcap OUT.pcap [--link null|loop|raw|ipv4|ipv6] [--inet6 N]

Linux cannot capture these link types, but captures from FreeBSD, OpenBSD
and macOS loopback have them, so record.sh makes them from Linux captures:
each frame loses its 14-byte Ethernet header and gains
  null  the address family as 4 bytes in the writer's byte order (DLT_NULL, 0)
  loop  the address family as 4 bytes in network byte order (DLT_LOOP, 108)
  raw   nothing (LINKTYPE_RAW, 101)
  ipv4, ipv6  nothing (LINKTYPE_IPV4, 228, LINKTYPE_IPV6, 229: one family only)
The family is 2 for IPv4 and N for IPv6 (default 10, Linux's AF_INET6; 24 is
NetBSD/OpenBSD's, 28 FreeBSD's, 30 macOS's). Timestamps, original lengths and
the file's byte order are kept, so tshark reads the same segments as in IN.
"""
import argparse
import struct

LINKTYPES = {"null": 0, "loop": 108, "raw": 101, "ipv4": 228, "ipv6": 229}
ETHERNET_HEADER = 14
ETHERTYPE_FAMILY = {0x0800: "ipv4", 0x86DD: "ipv6"}


def file_byte_order(header):
    magic = struct.unpack("<I", header[:4])[0]
    if magic in (0xA1B2C3D4, 0xA1B23C4D):
        return "<"
    if magic in (0xD4C3B2A1, 0x4D3CB2A1):
        return ">"
    raise SystemExit("not a pcap file")


def link_header(link, order, family):
    if link not in ("null", "loop"):
        return b""
    # DLT_NULL's family is in the capturing host's order, which wrote the file.
    return struct.pack((order if link == "null" else ">") + "I", family)


def convert_frame(frame, link, order, families):
    ethertype = struct.unpack(">H", frame[12:14])[0]
    if ethertype not in ETHERTYPE_FAMILY:
        raise SystemExit("frame of ethertype 0x%04x: only IPv4 and IPv6 convert" % ethertype)
    if link in ("ipv4", "ipv6") and ETHERTYPE_FAMILY[ethertype] != link:
        raise SystemExit("an %s frame cannot go into a %s capture" % (ETHERTYPE_FAMILY[ethertype], link))
    family = families[ETHERTYPE_FAMILY[ethertype]]
    return link_header(link, order, family) + frame[ETHERNET_HEADER:]


def convert(source, link, families):
    header = source[:24]
    order = file_byte_order(header)
    output = bytearray(header[:20] + struct.pack(order + "I", LINKTYPES[link]))
    offset = 24
    while offset < len(source):
        seconds, fraction, caplen, length = struct.unpack(order + "IIII", source[offset:offset + 16])
        frame = convert_frame(source[offset + 16:offset + 16 + caplen], link, order, families)
        shrink = caplen - len(frame)
        output += struct.pack(order + "IIII", seconds, fraction, len(frame), length - shrink)
        output += frame
        offset += 16 + caplen
    return bytes(output)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source")
    parser.add_argument("destination")
    parser.add_argument("--link", choices=sorted(LINKTYPES), default="null")
    parser.add_argument("--inet6", type=int, default=10)
    arguments = parser.parse_args()
    with open(arguments.source, "rb") as source:
        data = source.read()
    if struct.unpack(file_byte_order(data) + "I", data[20:24])[0] != 1:
        raise SystemExit(arguments.source + ": not an Ethernet (DLT_EN10MB) capture")
    families = {"ipv4": 2, "ipv6": arguments.inet6}
    with open(arguments.destination, "wb") as destination:
        destination.write(convert(data, arguments.link, families))


if __name__ == "__main__":
    main()
