#!/usr/bin/env python3
"""Checks finrst's include graph against its floors (docs/layout.md): every
#include "..." names a path from the project root, no folder includes one on a
higher floor, and neither folders nor modules (x.c with x.h) include each
other in a loop. Prints the folder graph with its counts; exits 1 on a
violation, naming the file and line.

usage: python3 tests/check-include-floors.py [ROOT]"""
import os
import re
import sys

# Bottom up. A folder not listed takes the floor of its nearest listed parent.
FLOORS = {
    "runners/model": 1, "runners/system": 1, "runners/stacks": 1,
    "cases": 2,
    "runners/capture": 3, "runners/engine": 3,
    "suite": 4, "reports": 4,
    "runners/command_line": 5, "suite/cunit": 5,
}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def floor_of(folder):
    while folder:
        if folder in FLOORS:
            return FLOORS[folder]
        folder = os.path.dirname(folder)
    return None


def sources(root):
    for top in ("cases", "runners", "suite", "reports"):
        for directory, _, names in os.walk(os.path.join(root, top)):
            for name in sorted(names):
                if name.endswith((".c", ".h")):
                    yield os.path.relpath(os.path.join(directory, name), root)


def includes(root, path):
    with open(os.path.join(root, path), encoding="utf-8") as source:
        for number, line in enumerate(source, 1):
            match = INCLUDE.match(line)
            if match:
                yield number, match.group(1)


def find_loop(graph):
    """A loop in graph (node -> set of nodes) as a list of nodes, or None."""
    state = {}

    def visit(node, path):
        state[node] = "open"
        for successor in sorted(graph.get(node, ())):
            if state.get(successor) == "open":
                return path[path.index(successor):] + [successor]
            if successor not in state:
                loop = visit(successor, path + [successor])
                if loop:
                    return loop
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state:
            loop = visit(node, [node])
            if loop:
                return loop
    return None


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "."
    problems, folder_edges, module_edges = [], {}, {}
    for path in sources(root):
        folder, module = os.path.dirname(path), os.path.splitext(path)[0]
        if floor_of(folder) is None:
            problems.append(f"{path}: its folder has no floor in tests/check-include-floors.py")
            continue
        for number, target in includes(root, path):
            if not os.path.exists(os.path.join(root, target)):
                problems.append(f"{path}:{number}: #include \"{target}\" is not a path from the project root")
                continue
            target_folder = os.path.dirname(target)
            if floor_of(target_folder) is None or floor_of(target_folder) > floor_of(folder):
                problems.append(f"{path}:{number}: includes {target}, a floor up "
                                f"({folder} is on floor {floor_of(folder)}, {target_folder} on {floor_of(target_folder)})")
            if target_folder != folder:
                edges = folder_edges.setdefault(folder, {})
                edges[target_folder] = edges.get(target_folder, 0) + 1
            target_module = os.path.splitext(target)[0]
            if target_module != module:
                module_edges.setdefault(module, set()).add(target_module)
    loop = find_loop({folder: set(targets) for folder, targets in folder_edges.items()})
    if loop:
        problems.append("folders include each other in a loop: " + " -> ".join(loop))
    loop = find_loop(module_edges)
    if loop:
        problems.append("files include each other in a loop: " + " -> ".join(loop))
    for folder in sorted(folder_edges, key=lambda f: (floor_of(f), f)):
        arrows = ", ".join(f"{target} ({count})" for target, count in sorted(folder_edges[folder].items()))
        print(f"floor {floor_of(folder)} {folder} -> {arrows}")
    for problem in problems:
        print("FAIL " + problem)
    print(f"include floors: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
