#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""synth.py N [--seed S] [--cpus C] [--balanced] [--max-held PAGES]: a synthetic
kmem trace of N events in ftrace's text format (stdout), for tests and
for measuring the replay on big traces. Allocations of orders 0-3 (and a
few of order 9) with the gfp flags Linux uses most, frees of held blocks
in random order; with --balanced the trace ends by freeing everything it
allocated (N is then a lower bound). Deterministic for a given seed.
"""
import argparse
import random
import sys

GFPS = [("GFP_HIGHUSER_MOVABLE|__GFP_COMP|__GFP_ZERO", 1), ("GFP_HIGHUSER_MOVABLE|__GFP_COMP", 1),
        ("GFP_KERNEL_ACCOUNT|__GFP_ZERO", 0), ("GFP_KERNEL|__GFP_COMP", 0),
        ("GFP_NOWAIT|__GFP_NOWARN|__GFP_NORETRY|__GFP_COMP|__GFP_RECLAIMABLE", 2)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("n", type=int)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--cpus", type=int, default=2)
    ap.add_argument("--balanced", action="store_true")
    ap.add_argument("--max-held", type=int, default=65536, help="pages held at most")
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    out = sys.stdout
    out.write("# tracer: nop\n#\n")
    held, held_pages, next_pfn, ts = [], 0, 0x10000, 0

    def line(cpu, text):
        nonlocal ts
        ts += 1
        out.write("          synth-%d     [%03d] .....  %d: %s\n" % (100 + cpu, cpu, ts, text))

    for _ in range(a.n):
        cpu = rnd.randrange(a.cpus)
        if held and (held_pages >= a.max_held or rnd.random() < 0.48):
            pfn, order = held.pop(rnd.randrange(len(held)))
            held_pages -= 1 << order
            line(cpu, "mm_page_free: page=0000000000000000 pfn=%#x order=%d" % (pfn, order))
            continue
        order = rnd.choice((0, 0, 0, 0, 0, 1, 2, 3)) if rnd.random() > 0.002 else 9
        gfp, mt = rnd.choice(GFPS)
        pfn = (next_pfn + (1 << order) - 1) & ~((1 << order) - 1)
        next_pfn = pfn + (1 << order)
        held.append((pfn, order))
        held_pages += 1 << order
        line(cpu, "mm_page_alloc: page=0000000000000000 pfn=%#x order=%d migratetype=%d gfp_flags=%s"
             % (pfn, order, mt, gfp))
    if a.balanced:
        for pfn, order in held:
            line(rnd.randrange(a.cpus), "mm_page_free: page=0000000000000000 pfn=%#x order=%d" % (pfn, order))
    return 0


if __name__ == "__main__":
    sys.exit(main())
