#!/usr/bin/env python3
"""Compares the outcomes of several finrst results files cell by cell and
lists every cell whose facts changed. Facts are the verdict, every word of
the outcome, the write counts, and each byte count read as none/some/all of
what was sent (buffer sizes vary from run to run; what was lost does not).

usage: outcome-stability.py RESULTS.json RESULTS.json [...]
exit: 0 no cell changed, 1 some cell changed, 2 bad input"""
import json
import sys


def category(read, sent):
    if read == sent:
        return "all"
    return "none" if read == 0 else "some"


def facts(cell):
    outcome = cell["outcome"]
    words = {k: v for k, v in outcome.items() if isinstance(v, str)}
    words["verdict"] = cell["verdict"]
    words["server_writes_before_error"] = outcome["server_writes_before_error"]
    words["client_writes_before_error"] = outcome["client_writes_before_error"]
    b = outcome["bytes"]
    words["c2s"] = category(b["c2s_read"], b["c2s_sent"])
    words["s2c"] = category(b["s2c_read"], b["s2c_sent"])
    return words


def main(paths):
    if len(paths) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    runs = []
    for path in paths:
        try:
            with open(path) as f:
                runs.append({c["id"]: facts(c) for c in json.load(f)["cells"]})
        except (OSError, ValueError, KeyError) as e:
            print(f"outcome-stability: cannot read {path}: {e}", file=sys.stderr)
            return 2
    changed = 0
    for cell_id in sorted(runs[0]):
        seen = {}
        for index, run in enumerate(runs):
            key = json.dumps(run.get(cell_id), sort_keys=True)
            seen.setdefault(key, []).append(index + 1)
        if len(seen) > 1:
            changed += 1
            print(f"changed: {cell_id}")
            for key, which in seen.items():
                print(f"  runs {which}: {key}")
    print(f"{len(runs)} runs, {len(runs[0])} cells, {changed} cells whose outcome changed")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
