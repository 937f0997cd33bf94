#!/usr/bin/env python3
"""Writes the seed corpus of tests/fuzz/fuzz_segments.c from real captures.

usage: seed-corpus.py [PCAP_DIR [CORPUS_DIR]]
       (default: tests/pcaps and tests/fuzz/corpus/segments, from the repository root)

Each classic pcap file in PCAP_DIR becomes one seed, named after it: the
selector byte of its link type (the index in fuzz_segments.c's link_types
table), then every frame as its captured length (two bytes, big-endian) and
its bytes. A whole connection per seed gives the fuzzer the handshake, the
data and the teardown to mutate, not only single frames. Link types that no
recorded capture has get seeds too, made from the frames of one that holds
the same bytes: DLT_RAW (12) and DLT_IPV6 (229) from LINKTYPE_RAW IPv6
frames, and the unknown link type from an Ethernet capture. Seeds are
written only when their content changed, so rerunning it leaves git clean.
"""
import os
import struct
import sys

# fuzz_segments.c's link_types, in its order: pcap link type -> selector byte.
# The numbers are the file format's; DLT_RAW is 12 where libpcap reads files.
SELECTOR = {1: 0, 113: 1, 276: 2, 0: 3, 108: 4, 12: 5, 101: 6, 228: 7, 229: 8}
SELECTOR_UNKNOWN = 9
MAGIC_ORDER = {
    0xA1B2C3D4: "<", 0xA1B23C4D: "<",   # microsecond, nanosecond; as read little-endian
    0xD4C3B2A1: ">", 0x4D3CB2A1: ">",
}
FRAME_MAX = 0xFFFF


def read_pcap(path):
    """(link type, [frame bytes]) of a classic pcap file."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 24:
        raise ValueError(f"{path}: shorter than a pcap file header")
    order = MAGIC_ORDER.get(struct.unpack("<I", data[:4])[0])
    if order is None:
        raise ValueError(f"{path}: not a classic pcap file (pcapng is not read)")
    linktype = struct.unpack(order + "I", data[20:24])[0] & 0x0FFFFFFF
    frames, offset = [], 24
    while offset + 16 <= len(data):
        caplen = struct.unpack(order + "I", data[offset + 8:offset + 12])[0]
        offset += 16
        frame = data[offset:offset + caplen]
        if len(frame) < caplen:
            raise ValueError(f"{path}: the last record is truncated")
        frames.append(frame[:FRAME_MAX])
        offset += caplen
    return linktype, frames


def seed(selector, frames):
    out = bytearray([selector])
    for frame in frames:
        out += struct.pack(">H", len(frame)) + frame
    return bytes(out)


def write_if_changed(path, content):
    try:
        with open(path, "rb") as f:
            if f.read() == content:
                return False
    except FileNotFoundError:
        pass
    with open(path, "wb") as f:
        f.write(content)
    return True


def main():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    pcap_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "tests", "pcaps")
    corpus_dir = sys.argv[2] if len(sys.argv) > 2 else os.path.join(root, "tests", "fuzz", "corpus", "segments")
    os.makedirs(corpus_dir, exist_ok=True)
    seeds = {}
    for name in sorted(os.listdir(pcap_dir)):
        if not name.endswith(".pcap"):
            continue
        linktype, frames = read_pcap(os.path.join(pcap_dir, name))
        if linktype not in SELECTOR:
            print(f"seed-corpus: {name}: link type {linktype} is not one fuzz_segments.c chooses; left out",
                  file=sys.stderr)
            continue
        stem = name[:-len(".pcap")]
        seeds[stem] = seed(SELECTOR[linktype], frames)
        if linktype == 101:
            seeds[stem + "-as-dlt-raw"] = seed(SELECTOR[12], frames)
            if all(frame[:1] and frame[0] >> 4 == 6 for frame in frames):
                seeds[stem + "-as-ipv6"] = seed(SELECTOR[229], frames)
        if linktype == 1 and not any(s.endswith("-as-unknown-link") for s in seeds):
            seeds[stem + "-as-unknown-link"] = seed(SELECTOR_UNKNOWN, frames)
    changed = sum(write_if_changed(os.path.join(corpus_dir, stem), content) for stem, content in seeds.items())
    size = sum(len(content) for content in seeds.values())
    print(f"seed-corpus: {len(seeds)} seeds ({size} bytes) in {corpus_dir}, {changed} written")


if __name__ == "__main__":
    try:
        main()
    except (OSError, ValueError) as problem:
        print(f"seed-corpus: {problem}", file=sys.stderr)
        sys.exit(2)
