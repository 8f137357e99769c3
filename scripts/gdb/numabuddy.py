# SPDX-License-Identifier: GPL-2.0-only
#
# gdb helpers for numabuddy, loaded by `make gdb` and `make debug`
# (gdb -x scripts/gdb/numabuddy.py). They read kernel memory through
# whatever connection gdb has (QEMU's gdbstub or the kernel's own stub),
# like Linux's lx-* helpers:
#
#   nb-dmesg            the kernel log ring (log_buf)
#   nb-buddyinfo        the same text as dump=buddyinfo
#   nb-zoneinfo         the same text as dump=zoneinfo
#   nb-page PFN         one struct page, found through the memory model
#   nb-numa             nodes, memory ranges, CPUs and distances
#   nb-pagetypeinfo     the same text as dump=pagetypeinfo
#   nb-pageblock PFN    one pageblock: zone, migratetype, its pages' state
#   nb-cpus             dump=cpus, then where the stub stopped each CPU
#   nb-cpu N            switch to CPU N's thread
#   nb-pcp CPU          one CPU's per-cpu page lists and vmstat deltas
#
# Use them where the kernel is quiescent (stopped at a breakpoint); the
# allocator's locks are not taken.
import os
import sys

_here = os.path.dirname(os.path.abspath(__file__))
if _here not in sys.path:
    sys.path.insert(0, _here)

import nbgdb  # noqa: E402,F401  (registers the commands)
