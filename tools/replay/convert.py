#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""convert.py TRACE [-o OUT.nbt] [--nodes FILE]: a Linux kmem trace (ftrace,
trace-cmd report or perf script text; .gz read as such; - for stdin) to
numabuddy's binary trace (tools/replay/nbtrace.py describes both).

Every line that looks like an event but cannot be used is reported on
stderr as FILE:LINE: reason (the first --max-errors of them), and counted by
reason in the summary. --strict makes any unusable line fatal (exit 1).
--nodes names a file with Linux's 'node N: [mem 0x...-0x...]' lines (its
boot log will do): the traced machine's node ranges, carried in the trace
for replay.node=pfn.
"""
import argparse
import gzip
import io
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import nbtrace  # noqa: E402


def open_text(path):
    if path == "-":
        return io.TextIOWrapper(sys.stdin.buffer, encoding="latin-1")
    with open(path, "rb") as f:
        magic = f.read(2)
    if magic == b"\x1f\x8b":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="latin-1")
    return open(path, encoding="latin-1")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("trace")
    ap.add_argument("-o", "--output", help="binary trace (default: TRACE's name + .nbt)")
    ap.add_argument("--nodes", help="file with Linux's node range lines")
    ap.add_argument("--max-errors", type=int, default=20)
    ap.add_argument("--strict", action="store_true")
    ap.add_argument("--summary", help="also write the summary to this file")
    a = ap.parse_args(argv)

    ranges = []
    if a.nodes:
        try:
            with open(a.nodes) as f:
                ranges = nbtrace.parse_node_ranges(f.read())
        except (OSError, ValueError) as e:
            print("convert: %s: %s" % (a.nodes, e), file=sys.stderr)
            return 1
        if not ranges:
            print("convert: %s: no 'node N: [mem 0x...-0x...]' lines" % a.nodes, file=sys.stderr)
            return 1
    conv = nbtrace.Converter()
    try:
        with open_text(a.trace) as f:
            for n, line in enumerate(f, 1):
                conv.feed(n, line.rstrip("\n"))
    except (OSError, EOFError) as e:
        print("convert: %s: %s" % (a.trace, e), file=sys.stderr)
        return 1
    for lineno, reason, text in conv.errors[:a.max_errors]:
        print("%s:%d: %s: %s" % (a.trace, lineno, reason, text), file=sys.stderr)
    bad = sum(v for k, v in conv.stats.items() if k.startswith("unusable: "))
    if bad > a.max_errors:
        print("%s: ... %d unusable lines in all" % (a.trace, bad), file=sys.stderr)
    out = a.output or (a.trace[:-3] if a.trace.endswith(".gz") else a.trace) + ".nbt"
    lines = ["convert: %s -> %s: %d events (%d CPUs, max pfn %#x), %d node ranges"
             % (a.trace, out, len(conv.records), conv.max_cpu + 1, conv.max_pfn, len(ranges))]
    for k in sorted(conv.stats):
        lines.append("convert:   %-62s %d" % (k, conv.stats[k]))
    print("\n".join(lines))
    if a.summary:
        with open(a.summary, "w") as f:
            f.write("\n".join(lines) + "\n")
    if not conv.records:
        print("convert: %s: no usable kmem page events" % a.trace, file=sys.stderr)
        return 1
    if a.strict and bad:
        print("convert: --strict: %d unusable lines" % bad, file=sys.stderr)
        return 1
    with open(out, "wb") as f:
        f.write(conv.blob(ranges))
    return 0


if __name__ == "__main__":
    sys.exit(main())
