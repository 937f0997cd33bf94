#!/usr/bin/env python3
"""make bench: runs the full matrix K times with -j default, with -j 1, with
-j default and --fresh-processes (both sides forked for every cell, as
before side workers), each with FINRST_PYTHON set to the interpreter python3
names, and as a plain `finrst run` (which looks the interpreter up once per
run), interleaved so that the machine's moods fall on all four alike, and prints cells/s, p50/p95/max cell time, total wall time and
the runner's peak RSS, with the machine in the header. Figures are medians
over the K runs; the ratios are between medians measured in this one
invocation.

usage: bench.py FINRST [K [FORK_FLOOR_PROGRAM]]"""
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


# What the runs are given: the environment make had, its PATH included
# (FINRST_BENCH_PATH), not the one a python3 shim made for this script.
RUN_ENVIRONMENT = dict(os.environ, PATH=os.environ.get("FINRST_BENCH_PATH", os.environ.get("PATH", "")))


def one_run(finrst, jobs, directory, extra=(), environment=RUN_ENVIRONMENT):
    command = [finrst, "run", "-o", directory] + (["-j", str(jobs)] if jobs else []) + list(extra)
    started = time.monotonic()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=environment)
    wall = time.monotonic() - started
    if done.returncode not in (0, 1):
        sys.exit(f"bench: {' '.join(command)} failed ({done.returncode}): {done.stderr.strip()}")
    with open(os.path.join(directory, "results.json")) as f:
        results = json.load(f)
    cells = sorted(c["duration_ms"] for c in results["cells"])
    return {
        "cells": len(cells),
        "matrix_s": results["run"]["duration_ms"] / 1000.0,
        "wall_s": wall,
        "p50": cells[len(cells) // 2],
        "p95": cells[int(len(cells) * 0.95)],
        "max": cells[-1],
        "rss_mb": results["run"]["peak_rss_kb"] / 1024.0,
        "jobs": results["run"]["jobs"],
    }


def median(runs, key):
    return statistics.median(r[key] for r in runs)


def report(label, runs):
    cells = runs[0]["cells"]
    matrix = median(runs, "matrix_s")
    print(f"{label:>10}  {cells:5d}  {cells / matrix:8.0f}  {matrix:8.2f}  {median(runs, 'wall_s'):8.2f}"
          f"  {median(runs, 'p50'):7.1f}  {median(runs, 'p95'):7.1f}  {max(r['max'] for r in runs):8.1f}"
          f"  {max(r['rss_mb'] for r in runs):7.1f}")
    return matrix


def python_interpreter():
    """The interpreter python3 names, as finrst looks it up once per run."""
    python = shutil.which("python3", path=RUN_ENVIRONMENT["PATH"])
    if not python:
        return None
    done = subprocess.run([python, "-I", "-S", "-c", "import sys; print(sys.executable)"], capture_output=True, text=True,
                          env=RUN_ENVIRONMENT)
    return done.stdout.strip() or None


def python_start_up():
    """Which python3 the python-http-client cells start, and what a start
    costs: a pyenv shim in PATH costs several times /usr/bin/python3."""
    python = shutil.which("python3", path=RUN_ENVIRONMENT["PATH"])
    if not python:
        return "none in PATH (its cells skip)"
    times = []
    for _ in range(5):
        started = time.monotonic()
        subprocess.run([python, "-c", "pass"], check=False, env=RUN_ENVIRONMENT)
        times.append((time.monotonic() - started) * 1000)
    return f"{os.path.realpath(python) if 'shims' not in python else python}, start-up {statistics.median(times):.0f} ms (median of 5)"


def fork_floor(program):
    """The machine's floor under a cell: two forks, as a cell makes them, of
    a process that maps finrst's libraries, until each child runs and until
    both are reaped."""
    if not program:
        return "not measured (no bench_fork_floor program given)"
    done = subprocess.run([program, "200"], capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"bench: {program} failed ({done.returncode}): {done.stderr.strip()}")
    pairs, first, second, reaped = done.stdout.split()
    return (f"two forks as a cell makes them: the children run {int(first) / 1000:.2f} and"
            f" {int(second) / 1000:.2f} ms after the first fork(), both are reaped after"
            f" {int(reaped) / 1000:.2f} ms (medians of {pairs}); no cell can be faster")


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    finrst, k = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 5
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    print(f"finrst bench: {platform.system()} {platform.release()}, {os.cpu_count()} cores ({cpu}),"
          f" {k} runs each, medians")
    print(f"command: [FINRST_PYTHON=...] {finrst} run -o DIR [-j 1 | --fresh-processes]  (full default matrix)")
    print(f"python3 for the external client: {python_start_up()}")
    print(f"fork floor: {fork_floor(sys.argv[3] if len(sys.argv) > 3 else None)}")
    print(f"{'jobs':>10}  {'cells':>5}  {'cells/s':>8}  {'matrix s':>8}  {'wall s':>8}"
          f"  {'p50 ms':>7}  {'p95 ms':>7}  {'max ms':>8}  {'RSS MB':>7}")
    interpreter = python_interpreter()
    chosen = dict(RUN_ENVIRONMENT, FINRST_PYTHON=interpreter) if interpreter else RUN_ENVIRONMENT
    print(f"FINRST_PYTHON={interpreter} for the first three rows: the lookup a run makes once through a"
          " version manager's shim is left out of them; the last row is a plain `finrst run`, lookup included")
    default, single, fresh, plain = [], [], [], []
    with tempfile.TemporaryDirectory() as scratch:
        for i in range(k):
            default.append(one_run(finrst, None, os.path.join(scratch, f"d{i}"), environment=chosen))
            single.append(one_run(finrst, 1, os.path.join(scratch, f"s{i}"), environment=chosen))
            fresh.append(one_run(finrst, None, os.path.join(scratch, f"f{i}"), ["--fresh-processes"], chosen))
            plain.append(one_run(finrst, None, os.path.join(scratch, f"p{i}")))
    jobs = default[0]["jobs"]
    fast = report(f"-j {jobs}", default)
    slow = report("-j 1", single)
    forked = report(f"-j {jobs} fresh", fresh)
    report(f"-j {jobs} plain", plain)
    print(f"-j {jobs} is {slow / fast:.2f}x as fast as -j 1; side workers are {forked / fast:.2f}x as fast as"
          f" --fresh-processes (ratios of the medians above; fresh: -j {jobs} --fresh-processes)")
    cells = default[0]["cells"]
    print(f"targets at -j {jobs}: >= 200 cells/s: {cells / fast:.0f}; matrix <= 2 s wall: {median(default, 'wall_s'):.2f} s;"
          f" p50 <= 5 ms: {median(default, 'p50'):.1f} ms; RSS <= 50 MB: {max(r['rss_mb'] for r in default):.1f} MB")
    print("matrix s: the runner's own clock for the cells; wall s: the whole command, start-up and"
          " writing the pcaps included; max ms is linger-wait's 1 s SO_LINGER, p95 the external programs' start-up.")


if __name__ == "__main__":
    main()
