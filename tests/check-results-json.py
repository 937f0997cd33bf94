#!/usr/bin/env python3
"""Checks a finrst results.json on its own terms, without finrst's C code.

usage: check-results-json.py RESULTS_JSON

Checks the document's shape (format, version, platform, summary, every
cell's keys and types), that each cell's pcap exists and is a pcap file,
and that the facts agree with each other: the summary counts the verdicts,
a passing cell has no mismatches, no side read more than the other sent,
and the client's teardown is what its segments show.

Prints one line per problem and exits 1 if there is any; otherwise prints
"results.json: N cells checked, 0 problems".
"""
import json
import os
import sys

VERDICTS = ("pass", "fail", "xfail", "skip", "error")
PLATFORM_KEYS = ("system", "release", "machine", "libpcap", "libcurl")
WORD_OUTCOME_KEYS = (
    "client_teardown", "server_teardown", "first_teardown", "server_read_end",
    "server_write_error", "client_read_end", "client_write_error", "client_close",
)
NUMBER_OUTCOME_KEYS = ("server_writes_before_error", "client_writes_before_error", "client_close_ms")
BYTES_KEYS = ("c2s_sent", "c2s_read", "s2c_sent", "s2c_read")
SEGMENT_KEYS = ("t_us", "from", "flags", "seq", "ack", "len")
PCAP_MAGICS = {
    bytes.fromhex("a1b2c3d4"), bytes.fromhex("d4c3b2a1"),   # microseconds, either byte order
    bytes.fromhex("a1b23c4d"), bytes.fromhex("4d3cb2a1"),   # nanoseconds, either byte order
}


def is_integer(value):
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def teardown_from_segments(segments, side):
    """The FIN and RST segments `side` sent, in order, a repeated one folded
    (a retransmission is one teardown step); "none" when there are none."""
    words = []
    for segment in segments:
        if segment.get("from") != side:
            continue
        flags = str(segment.get("flags", "")).split()
        for flag in ("FIN", "RST"):
            if flag in flags and (not words or words[-1] != flag):
                words.append(flag)
    return " ".join(words) if words else "none"


class Checker:
    def __init__(self, path):
        self.path = path
        self.directory = os.path.dirname(os.path.abspath(path))
        self.problems = []

    def problem(self, where, text):
        self.problems.append("%s: %s: %s" % (self.path, where, text))

    def need(self, where, container, key, kind):
        """container[key] exists and is of `kind` ("string", "integer",
        "number", "object", "array", "boolean"); returns it or None."""
        if not isinstance(container, dict) or key not in container:
            self.problem(where, "missing key '%s'" % key)
            return None
        value = container[key]
        good = {
            "string": isinstance(value, str),
            "integer": is_integer(value),
            "number": is_number(value),
            "object": isinstance(value, dict),
            "array": isinstance(value, list),
            "boolean": isinstance(value, bool),
        }[kind]
        if not good:
            self.problem(where, "'%s' is not a %s: %r" % (key, kind, value))
            return None
        return value

    def check_document(self, document):
        if not isinstance(document, dict):
            self.problem("document", "not a JSON object")
            return 0
        if document.get("format") != "finrst-results":
            self.problem("format", "expected \"finrst-results\", got %r" % document.get("format"))
        if document.get("version") != 1 or isinstance(document.get("version"), bool):
            self.problem("version", "expected 1, got %r" % document.get("version"))
        platform = self.need("platform", document, "platform", "object")
        if platform is not None:
            for key in PLATFORM_KEYS:
                self.need("platform", platform, key, "string")
        cells = self.need("cells", document, "cells", "array")
        if cells is None:
            return 0
        counts = dict.fromkeys(VERDICTS, 0)
        ids = set()
        for index, cell in enumerate(cells):
            verdict = self.check_cell(index, cell, ids)
            if verdict in counts:
                counts[verdict] += 1
        summary = self.need("summary", document, "summary", "object")
        if summary is not None:
            for verdict in VERDICTS:
                value = self.need("summary", summary, verdict, "integer")
                if value is not None and value != counts[verdict]:
                    self.problem("summary", "%s = %d, but %d cells have that verdict"
                                 % (verdict, value, counts[verdict]))
        return len(cells)

    def check_cell(self, index, cell, ids):
        where = "cells[%d]" % index
        if not isinstance(cell, dict):
            self.problem(where, "not an object")
            return None
        cell_id = self.need(where, cell, "id", "string")
        if cell_id is not None:
            where = cell_id
            if cell_id in ids:
                self.problem(where, "the id appears twice")
            ids.add(cell_id)
        parts = [self.need(where, cell, key, "string") for key in ("mode", "pattern", "family")]
        if cell_id is not None and None not in parts and cell_id != "/".join(parts):
            self.problem(where, "id is not mode/pattern/family (%s)" % "/".join(parts))
        verdict = self.need(where, cell, "verdict", "string")
        if verdict is not None and verdict not in VERDICTS:
            self.problem(where, "verdict %r is not one of %s" % (verdict, ", ".join(VERDICTS)))
        self.need(where, cell, "duration_ms", "number")
        if "retried" in cell:
            # Only a cell whose first capture lost frames is run again, and it
            # says why; an empty reason would be a retry nobody can explain.
            if self.need(where, cell, "retried", "string") == "":
                self.problem(where, "retried without a reason")
        self.check_pcap(where, cell)
        outcome = self.check_outcome(where, cell)
        self.check_expected(where, cell)
        mismatches = self.check_mismatches(where, cell)
        segments = self.check_segments(where, cell)
        self.check_calls(where, cell)
        if verdict == "pass" and mismatches:
            self.problem(where, "verdict pass with %d mismatches" % len(mismatches))
        if outcome is not None and segments is not None:
            self.check_teardown(where, cell, outcome, segments)
        return verdict

    def check_pcap(self, where, cell):
        pcap = self.need(where, cell, "pcap", "string")
        if pcap is None:
            return
        if not pcap:
            # A cell that did not run, or ran without capture, has no pcap.
            if cell.get("verdict") not in ("skip", "error") and cell.get("wire_seen") is not False:
                self.problem(where, "no pcap for a cell with verdict %s" % cell.get("verdict"))
            return
        if os.path.isabs(pcap):
            self.problem(where, "pcap %s is not relative to the results file" % pcap)
        full = os.path.join(self.directory, pcap)
        try:
            with open(full, "rb") as file:
                magic = file.read(4)
        except OSError as error:
            self.problem(where, "pcap %s: %s" % (pcap, error.strerror))
            return
        if magic not in PCAP_MAGICS:
            self.problem(where, "pcap %s does not start with a pcap magic number (got %s)"
                         % (pcap, magic.hex() or "an empty file"))

    def check_outcome(self, where, cell):
        outcome = self.need(where, cell, "outcome", "object")
        if outcome is None:
            return None
        here = where + ": outcome"
        for key in WORD_OUTCOME_KEYS:
            self.need(here, outcome, key, "string")
        for key in NUMBER_OUTCOME_KEYS:
            self.need(here, outcome, key, "integer")
        moved = self.need(here, outcome, "bytes", "object")
        if moved is not None:
            values = {key: self.need(here + ".bytes", moved, key, "integer") for key in BYTES_KEYS}
            for key in BYTES_KEYS:
                if values[key] is not None and values[key] < 0:
                    self.problem(here, "bytes.%s is negative: %d" % (key, values[key]))
            for direction in ("c2s", "s2c"):
                sent, read = values[direction + "_sent"], values[direction + "_read"]
                if sent is not None and read is not None and read > sent:
                    self.problem(here, "bytes.%s_read %d is more than bytes.%s_sent %d"
                                 % (direction, read, direction, sent))
        return outcome

    def check_expected(self, where, cell):
        expected = self.need(where, cell, "expected", "object")
        if expected is None:
            return
        self.need(where + ": expected", expected, "reference", "string")
        self.need(where + ": expected", expected, "note", "string")

    def check_mismatches(self, where, cell):
        mismatches = self.need(where, cell, "mismatches", "array")
        if mismatches is None:
            return []
        for index, mismatch in enumerate(mismatches):
            here = "%s: mismatches[%d]" % (where, index)
            if not isinstance(mismatch, dict):
                self.problem(here, "not an object")
                continue
            for key in ("field", "expected", "actual"):
                self.need(here, mismatch, key, "string")
        return mismatches

    def check_segments(self, where, cell):
        segments = self.need(where, cell, "segments", "array")
        if segments is None:
            return None
        good = True
        for index, segment in enumerate(segments):
            here = "%s: segments[%d]" % (where, index)
            if not isinstance(segment, dict):
                self.problem(here, "not an object")
                good = False
                continue
            for key in SEGMENT_KEYS:
                kind = "string" if key in ("from", "flags") else "integer"
                if self.need(here, segment, key, kind) is None:
                    good = False
            if segment.get("from") not in ("client", "server"):
                self.problem(here, "from is %r, not client or server" % segment.get("from"))
                good = False
        return segments if good else None

    def check_calls(self, where, cell):
        calls = self.need(where, cell, "calls", "object")
        if calls is None:
            return
        for side in ("client", "server"):
            listed = self.need(where + ": calls", calls, side, "array")
            for index, call in enumerate(listed or []):
                if not isinstance(call, dict):
                    self.problem("%s: calls.%s[%d]" % (where, side, index), "not an object")

    def check_teardown(self, where, cell, outcome, segments):
        recorded = outcome.get("client_teardown")
        if not isinstance(recorded, str):
            return
        if cell.get("wire_seen") is False:
            # Without a capture the outcome says so instead of guessing.
            if recorded != "unseen":
                self.problem(where, "client_teardown %r without a capture (wire_seen false)" % recorded)
            return
        derived = teardown_from_segments(segments, "client")
        if recorded != derived:
            self.problem(where, "client_teardown is %r but the client's segments show %r"
                         % (recorded, derived))


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: check-results-json.py RESULTS_JSON\n")
        return 2
    path = argv[1]
    checker = Checker(path)
    try:
        with open(path, encoding="utf-8") as file:
            document = json.load(file)
    except OSError as error:
        print("%s: cannot read: %s" % (path, error.strerror))
        return 1
    except ValueError as error:
        print("%s: not JSON: %s" % (path, error))
        return 1
    count = checker.check_document(document)
    for line in checker.problems:
        print(line)
    if checker.problems:
        return 1
    print("results.json: %d cells checked, 0 problems" % count)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
