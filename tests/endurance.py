#!/usr/bin/env python3
"""make endurance: about 10,000 cells in one finrst process, to show that the
runner gives back every descriptor and does not grow in memory.

usage: endurance.py FINRST [--cells N | --repeat R] [FILTER...]
       (default --cells 10000: the matrix, or the cells FILTER selects, run as
       many times as it takes to reach N cells; a first plain run counts them)

Runs `FINRST run --repeat R -o TMP [FILTER...]` and, while it runs,
samples from /proc the runner's open descriptors (/proc/PID/fd), its
resident memory (VmRSS), its threads and its child processes (a child left
unreaped would pile up as a zombie): the first sample as soon as it has
started, then every second, and the last at its exit, before the kernel
closes anything: the runner is traced (ptrace, PTRACE_O_TRACEEXIT) only to
be held there for that sample. The runner is not asked for these figures:
what is measured is what the kernel says of it from outside. Its output goes
to a pseudo-terminal, with CI set so that it prints plain lines, as they
come: the line that ends the first run (which also writes the reports) tells
the warm-up from the repetitions.

Fails (exit 1) when
  - the descriptors at the end exceed those at the start by more than 2;
  - the resident memory grows steadily over the repetitions: its median in
    the last third of the repetitions exceeds that of the first third by
    more than 10% and 2 MB (the first run, which also writes the reports, is
    left out as warm-up);
  - children are left behind at the end;
  - the run does not end with exit 0 or 1 and its "repeat:" line.
Exit 2 when it cannot start.
"""
import ctypes
import json
import os
import pty
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

DESCRIPTOR_SLACK = 2
GROWTH_FRACTION = 0.10
GROWTH_FLOOR_KB = 2048
CELLS_IN_FULL_MATRIX = 248


class Sample:
    def __init__(self, t, fds, rss_kb, threads, children, phase):
        self.t, self.fds, self.rss_kb, self.threads, self.children, self.phase = t, fds, rss_kb, threads, children, phase


def children_of(pid):
    """The processes whose parent is `pid` (a zombie among them counts)."""
    count = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                # The command name, in parentheses, may hold spaces.
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            count += 1
    return count


def sample(pid, started, phase):
    """One sample of the process, or None once it has gone."""
    try:
        fds = len(os.listdir(f"/proc/{pid}/fd"))
        status = {}
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                key, _, value = line.partition(":")
                status[key] = value.strip()
        if status.get("State", "").startswith("Z"):
            return None
        if "VmRSS" not in status:    # its memory is already gone: it is exiting
            return None
        rss_kb = int(status["VmRSS"].split()[0])
        threads = int(status.get("Threads", "0"))
    except (OSError, ValueError):
        return None
    return Sample(time.monotonic() - started, fds, rss_kb, threads, children_of(pid), phase)


class Tracer:
    """ptrace(2) through libc, for the one stop at the tracee's exit."""
    SEIZE, CONT = 0x4206, 7
    OPTION_TRACEEXIT, EVENT_EXIT = 0x40, 6

    def __init__(self):
        self.libc = ctypes.CDLL(None, use_errno=True)
        self.libc.ptrace.argtypes = [ctypes.c_long, ctypes.c_long, ctypes.c_void_p, ctypes.c_void_p]
        self.libc.ptrace.restype = ctypes.c_long

    def call(self, request, pid, data):
        if self.libc.ptrace(request, pid, None, ctypes.c_void_p(data)) != 0:
            raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()))

    def seize(self, pid):
        self.call(self.SEIZE, pid, self.OPTION_TRACEEXIT)

    def resume(self, pid, signal_number=0):
        self.call(self.CONT, pid, signal_number)


class Runner:
    """The finrst process: started on a pseudo-terminal, sampled every second
    by a thread, held at its exit for the last sample."""

    def __init__(self, command):
        self.output = []
        self.phase = "first run"
        self.lock = threading.Lock()
        master, slave = pty.openpty()
        environment = dict(os.environ, CI="1")
        self.started = time.monotonic()
        self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=slave, stderr=slave,
                                        env=environment, close_fds=True)
        os.close(slave)
        self.samples = []
        self.take()
        self.traced = None
        try:
            self.tracer = Tracer()
            self.tracer.seize(self.process.pid)
            self.traced = True
        except (OSError, AttributeError) as problem:
            print(f"endurance: cannot trace the runner ({problem}): the last sample is the last"
                  " of the per-second ones")
            self.traced = False
        self.finished = threading.Event()
        self.reader = threading.Thread(target=self.read_output, args=(master,), daemon=True)
        self.reader.start()
        self.sampler = threading.Thread(target=self.sample_every_second, daemon=True)
        self.sampler.start()

    def take(self, phase=None):
        with self.lock:
            s = sample(self.process.pid, self.started, phase or self.phase)
            if s:
                self.samples.append(s)

    def sample_every_second(self):
        while not self.finished.wait(1.0):
            self.take()

    def read_output(self, master):
        pending = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:    # EIO: the runner and its children have closed the terminal
                chunk = b""
            if not chunk:
                break
            pending += chunk
            *lines, pending = pending.split(b"\n")
            for line in lines:
                text = line.decode("utf-8", "replace").rstrip("\r")
                self.output.append(text)
                if text.startswith("explain a cell with"):
                    self.phase = "repetitions"
        os.close(master)

    def wait(self):
        """The runner's exit status, having sampled it at its exit."""
        pid = self.process.pid
        while True:
            _, status = os.waitpid(pid, 0)
            if os.WIFEXITED(status) or os.WIFSIGNALED(status):
                break
            if not os.WIFSTOPPED(status):
                continue
            signal_number, event = os.WSTOPSIG(status), status >> 16
            if signal_number == signal.SIGTRAP and event == Tracer.EVENT_EXIT:
                self.finished.set()
                self.take("last")
                self.tracer.resume(pid)
            elif event:
                self.tracer.resume(pid)                  # a group-stop or other event: go on
            else:
                self.tracer.resume(pid, signal_number)   # a signal for the runner: deliver it
        self.finished.set()
        self.sampler.join()
        self.reader.join(10)
        self.process.returncode = os.waitstatus_to_exitcode(status)
        return self.process.returncode


def rss_growth(samples):
    """(median of the first third, of the last third) of the repetitions' RSS."""
    steady = [s.rss_kb for s in samples if s.phase == "repetitions"]
    if len(steady) < 6:
        return None
    third = len(steady) // 3
    return statistics.median(steady[:third]), statistics.median(steady[-third:])


def count_cells(finrst, filters):
    """How many cells a run of `filters` has, from the results of one run."""
    with tempfile.TemporaryDirectory(prefix="finrst-endurance-count.") as directory:
        done = subprocess.run([finrst, "run", "-o", directory] + filters, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)
        if done.returncode not in (0, 1):
            raise OSError(f"the run that counts the cells failed (exit {done.returncode}): {done.stderr.strip()}")
        with open(os.path.join(directory, "results.json")) as f:
            return len(json.load(f)["cells"])


def parse_arguments(arguments):
    """(finrst, cells wanted or None, repeat or None, filters)."""
    if not arguments or arguments[0].startswith("-"):
        sys.exit(__doc__)
    finrst, rest, cells, repeat = arguments[0], arguments[1:], 10000, None
    while rest and rest[0] in ("--cells", "--repeat"):
        if len(rest) < 2 or not rest[1].isdigit() or int(rest[1]) < 1:
            sys.exit(f"finrst: endurance.py: {rest[0]} needs a whole number from 1, not {rest[1:2] or 'nothing'}")
        if rest[0] == "--cells":
            cells, repeat = int(rest[1]), None
        else:
            cells, repeat = None, int(rest[1])
        rest = rest[2:]
    return finrst, cells, repeat, rest


def main():
    finrst, cells_wanted, repeat, filters = parse_arguments(sys.argv[1:])
    if repeat is None:
        try:
            matrix = count_cells(finrst, filters)
        except (OSError, ValueError, KeyError) as problem:
            print(f"finrst: cannot count the cells for the endurance run: {problem}")
            return 2
        repeat = max(1, -(-cells_wanted // matrix))
        print(f"endurance: {matrix} cells a run, {repeat} runs for at least {cells_wanted} cells")
    with tempfile.TemporaryDirectory(prefix="finrst-endurance.") as directory:
        command = [finrst, "run", "--repeat", str(repeat), "-o", directory] + filters
        print(f"endurance: {' '.join(command)}")
        try:
            runner = Runner(command)
        except OSError as problem:
            print(f"finrst: cannot start {finrst} for the endurance run: {problem}")
            return 2
        status = runner.wait()
        elapsed = time.monotonic() - runner.started
    samples = runner.samples
    repeat_line = next((l for l in runner.output if l.startswith("repeat:")), None)
    changed = [l for l in runner.output if l.startswith("changed:")]
    problems = []
    if status not in (0, 1) or not repeat_line:
        problems.append(f"the run ended with exit {status} and {'its' if repeat_line else 'no'} 'repeat:' line")
        for line in runner.output[-10:]:
            print(f"  | {line}")
    if len(samples) < 2:
        print(f"FAIL endurance: only {len(samples)} sample(s) of the runner were taken")
        return 1
    first, last = samples[0], samples[-1]
    if runner.traced and last.phase != "last":
        problems.append("the runner was not sampled at its exit")
    cells = (f"{repeat_line.split()[1]} cells x {repeat}" if repeat_line else "?")
    print(f"endurance: {cells} in {elapsed:.0f} s, exit {status}, {len(samples)} samples"
          f" ({sum(s.phase == 'repetitions' for s in samples)} during the repetitions)")
    print(f"  {'':24}{'first':>10}{'last':>10}{'max':>10}")
    print(f"  {'open descriptors':24}{first.fds:>10}{last.fds:>10}{max(s.fds for s in samples):>10}")
    print(f"  {'resident memory (KB)':24}{first.rss_kb:>10}{last.rss_kb:>10}{max(s.rss_kb for s in samples):>10}")
    print(f"  {'threads':24}{first.threads:>10}{last.threads:>10}{max(s.threads for s in samples):>10}")
    print(f"  {'child processes':24}{first.children:>10}{last.children:>10}{max(s.children for s in samples):>10}")
    if last.fds > first.fds + DESCRIPTOR_SLACK:
        problems.append(f"{last.fds} descriptors open at the end against {first.fds} at the start")
    if last.children > 0:
        problems.append(f"{last.children} child processes left at the end")
    # The course of the run, not only its ends: a plateau or a slope.
    course = [samples[i * (len(samples) - 1) // 10] for i in range(11)] if len(samples) > 11 else samples
    print(f"  resident memory (KB), {len(course)} points through the run: " + " ".join(str(s.rss_kb) for s in course))
    print(f"  open descriptors, {len(course)} points through the run:     " + " ".join(str(s.fds) for s in course))
    growth = rss_growth(samples)
    if growth:
        early, late = growth
        print(f"  resident memory over the repetitions: median {early:.0f} KB in the first third,"
              f" {late:.0f} KB in the last")
        if late - early > max(GROWTH_FRACTION * early, GROWTH_FLOOR_KB):
            problems.append(f"resident memory grew from {early:.0f} KB to {late:.0f} KB over the repetitions")
    else:
        print("  (too few samples during the repetitions to judge memory growth)")
    if repeat_line:
        print(f"  {repeat_line}")
    for line in changed[:20]:
        print(f"  {line}")
    for problem in problems:
        print(f"FAIL endurance: {problem}")
    if not problems:
        print("endurance: ok: no descriptor, memory or process growth")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
