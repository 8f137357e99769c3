#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""The converter's unit tests: every input format on canned lines, every
gfp_flags spelling of Linux 6.1 (taken from the event's format file as
Debian's 6.1 prints it, tests/replay/mm_page_alloc.format-6.1), malformed
lines with their errors, the binary format's round trip and its checks.

Run: python3 tools/replay/test_nbtrace.py [--tap]   (--tap: TAP for prove)
"""
import gzip
import os
import re
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import nbtrace  # noqa: E402

GFP_HM = nbtrace.GFP_NAMES["GFP_HIGHUSER_MOVABLE"]
ZERO = nbtrace.GFP_NAMES["__GFP_ZERO"]

# One allocation, as each tool prints it.
CANNED = {
    "ftrace trace": "            bash-1234    [001] d..1.  1234.567890: mm_page_alloc: "
                    "page=000000002c3f8a1e pfn=0x10a2b order=0 migratetype=1 "
                    "gfp_flags=GFP_HIGHUSER_MOVABLE|__GFP_ZERO",
    "ftrace trace_pipe, counter clock": "            bash-1234    [001] .....        3: mm_page_alloc: "
                    "page=(____ptrval____) pfn=0x10a2b order=0 migratetype=1 "
                    "gfp_flags=GFP_HIGHUSER_MOVABLE|__GFP_ZERO",
    "ftrace with tgid": "            bash-1234    (   1234) [001] d..1.  1234.567890: mm_page_alloc: "
                    "page=000000002c3f8a1e pfn=0x10a2b order=0 migratetype=1 "
                    "gfp_flags=GFP_HIGHUSER_MOVABLE|__GFP_ZERO",
    "ftrace, comm with a space and a dash": "  Web Content-x-4321 [001] d..1. 1234.567890: mm_page_alloc: "
                    "page=000000002c3f8a1e pfn=0x10a2b order=0 migratetype=1 "
                    "gfp_flags=GFP_HIGHUSER_MOVABLE|__GFP_ZERO",
    "ftrace, evicted comm": "           <...>-77      [001] d..1. 1234.567890: mm_page_alloc: "
                    "page=000000002c3f8a1e pfn=0x10a2b order=0 migratetype=1 "
                    "gfp_flags=GFP_HIGHUSER_MOVABLE|__GFP_ZERO",
    "trace-cmd report": "            bash-1234  [001]  1234.567890: mm_page_alloc:        "
                    "page=0xffffea0000428ac0 pfn=0x10a2b order=0 migratetype=1 "
                    "gfp_flags=GFP_HIGHUSER_MOVABLE|__GFP_ZERO",
    "trace-cmd report -l": "            bash-1234  [001] d..1. 1234.567890: mm_page_alloc: "
                    "page=0xffffea0000428ac0 pfn=0x10a2b order=0 migratetype=1 "
                    "gfp_flags=GFP_HIGHUSER_MOVABLE|__GFP_ZERO",
    "perf script": "            bash  1234 [001]  1234.567890: kmem:mm_page_alloc: "
                    "page=0xffffea0000428ac0 pfn=0x10a2b order=0 migratetype=1 "
                    "gfp_flags=GFP_HIGHUSER_MOVABLE|__GFP_ZERO",
    "perf script, raw gfp": "            bash  1234 [001]  1234.567890: kmem:mm_page_alloc: "
                    "page=0xffffea0000428ac0 pfn=0x10a2b order=0 migratetype=1 gfp_flags=0x100dca",
}

# (line, reason) for lines that look like events but cannot be used.
MALFORMED = [
    ("bash-1 [000] ..... 1.0: mm_page_alloc: page=0 pfn=0x10 order=11 migratetype=0 gfp_flags=GFP_KERNEL",
     "bad order"),
    ("bash-1 [000] ..... 1.0: mm_page_alloc: page=0 pfn=0x10 order=x migratetype=0 gfp_flags=GFP_KERNEL",
     "bad order"),
    ("bash-1 [000] ..... 1.0: mm_page_alloc: page=0 pfn=0x10 order=0 migratetype=0", "missing field"),
    ("bash-1 [000] ..... 1.0: mm_page_alloc: page=0 pfn=0x10 order=0 migratetype=0 gfp_flags=GFP_KERNEL|__GFP_BOGUS",
     "unknown gfp flag"),
    ("bash-1 [000] ..... 1.0: mm_page_free: page=0 pfn=4096 order=0", "bad pfn"),
    ("bash-1 [000] ..... 1.0: mm_page_free: page=0 pfn=0x10000000000000 order=0", "bad pfn"),
    ("bash-1 [000] ..... 1.0: mm_page_alloc: page=0 pfn=0x10 order=0 migratetype=9 gfp_flags=GFP_KERNEL",
     "bad migratetype"),
    ("bash-1 [000] ..... 1.0: mm_page_free_batched: page=0 pfn=0x10 order=1", "bad order"),
    ("bash-1 [000] ..... 1.0: mm_page_free: page=0 pfn=0x10 pfn=0x11 order=0", "duplicate field"),
    ("bash-1 [000] ..... 1.0: sched_switch: prev_comm=bash", "other event"),
    ("bash 1 [000] 1.0: sched:sched_switch: prev_comm=bash", "other event"),
    ("CPU:1 [LOST 42 EVENTS]", "lost events"),
    ("this is not a trace line", "unrecognised line"),
]


class Formats(unittest.TestCase):
    def test_each_format(self):
        for name, line in CANNED.items():
            with self.subTest(name):
                typ, cpu, pfn, order, mt, gfp, _ = nbtrace.parse_line(line)
                self.assertEqual((typ, cpu, pfn, order, mt, gfp),
                                 (nbtrace.EV_ALLOC, 1, 0x10a2b, 0, 1, GFP_HM | ZERO))

    def test_free_events(self):
        ev = nbtrace.parse_line("  kworker/u4:1-56 [000] d..2. 9.5: mm_page_free: page=000000001 pfn=0x4a order=3")
        self.assertEqual(ev[:4], (nbtrace.EV_FREE, 0, 0x4a, 3))
        ev = nbtrace.parse_line("  sh 99 [003] 9.5: kmem:mm_page_free_batched: page=0xffffea0000000040 pfn=0x4b order=0")
        self.assertEqual(ev[:4], (nbtrace.EV_FREE_BATCHED, 3, 0x4b, 0))

    def test_headers_are_not_events(self):
        for line in ("# tracer: nop", "#", "", "cpus=2", "version = 6", "CPU 1 is empty",
                     "#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION"):
            self.assertIsNone(nbtrace.parse_line(line), line)

    def test_malformed(self):
        for line, reason in MALFORMED:
            with self.subTest(line):
                with self.assertRaises(nbtrace.LineError) as cm:
                    nbtrace.parse_line(line)
                self.assertEqual(cm.exception.reason, reason)
                self.assertTrue(str(cm.exception))


class Gfp(unittest.TestCase):
    def linux_table(self):
        """The show_gfp_flags() table of the format file: [(name, value)] in order."""
        text = open(os.path.join(ROOT, "tests", "replay", "mm_page_alloc.format-6.1")).read()
        out = []
        for expr, name in re.findall(r"\{\s*\(\s*unsigned long\)(.*?), \"(\w+)\"\}", text):
            expr = re.sub(r"\(\s*gfp_t\)", "", expr)
            expr = re.sub(r"(0x[0-9a-f]+)u", r"\1", expr)
            out.append((name, eval(expr, {"__builtins__": {}}) & 0xffffffff))
        return out

    def test_table_is_linux_61s(self):
        table = self.linux_table()
        self.assertEqual(len(table), 36)
        self.assertEqual(table, nbtrace.GFP_TABLE)

    def test_every_spelling(self):
        for name, value in self.linux_table():
            with self.subTest(name):
                self.assertEqual(nbtrace.parse_gfp(name), value)
                # Each alone, and as printed with other flags.
                self.assertEqual(nbtrace.parse_gfp(nbtrace.format_gfp(value)), value)
        self.assertEqual(nbtrace.parse_gfp("none"), 0)
        self.assertEqual(nbtrace.format_gfp(0), "none")
        self.assertEqual(nbtrace.parse_gfp("GFP_KERNEL|0x4000000"), nbtrace.GFP_NAMES["GFP_KERNEL"] | 0x4000000)
        self.assertEqual(nbtrace.format_gfp(nbtrace.GFP_NAMES["GFP_KERNEL"] | 0x4000000),
                         "GFP_KERNEL|0x4000000")

    def test_spellings_seen_on_linux(self):
        for s in ("GFP_HIGHUSER_MOVABLE|__GFP_COMP|__GFP_ZERO",
                  "GFP_TRANSHUGE_LIGHT|__GFP_NORETRY|__GFP_THISNODE",
                  "GFP_NOWAIT|__GFP_NOWARN|__GFP_NORETRY|__GFP_COMP|__GFP_RECLAIMABLE",
                  "__GFP_IO|__GFP_FS|__GFP_NOWARN|__GFP_NORETRY|__GFP_COMP|__GFP_NOMEMALLOC|__GFP_RECLAIMABLE",
                  "GFP_KERNEL_ACCOUNT|__GFP_ZERO", "GFP_ATOMIC|__GFP_NOWARN|__GFP_COMP",
                  "GFP_KERNEL|GFP_DMA32", "GFP_USER|__GFP_NOWARN", "GFP_NOFS|__GFP_NOFAIL"):
            self.assertEqual(nbtrace.format_gfp(nbtrace.parse_gfp(s)), s)

    def test_migratetype(self):
        self.assertEqual(nbtrace.gfp_migratetype(GFP_HM), 1)
        self.assertEqual(nbtrace.gfp_migratetype(nbtrace.GFP_NAMES["GFP_KERNEL"]), 0)
        self.assertEqual(nbtrace.gfp_migratetype(nbtrace.GFP_NAMES["__GFP_RECLAIMABLE"]), 2)
        self.assertIsNone(nbtrace.gfp_migratetype(0x18))


class Converter(unittest.TestCase):
    LINES = [
        "# tracer: nop",
        "  a-1 [000] ..... 1: mm_page_alloc: page=0 pfn=0x100 order=2 migratetype=0 gfp_flags=GFP_KERNEL",
        "  a-1 [001] ..... 2: mm_page_alloc: page=0 pfn=0x200 order=0 migratetype=1 gfp_flags=GFP_HIGHUSER_MOVABLE",
        "  a-1 [001] ..... 3: mm_page_free: page=0 pfn=0x200 order=0",
        "  a-1 [001] ..... 4: mm_page_free_batched: page=0 pfn=0x200 order=0",
        "  a-1 [000] ..... 5: mm_page_free_batched: page=0 pfn=0x300 order=0",
        "  a-1 [000] ..... 6: mm_page_alloc: page=0 pfn=0x0 order=0 migratetype=0 gfp_flags=GFP_KERNEL",
        "  a-1 [000] ..... 7: mm_page_alloc: page=0 pfn=0x400 order=0 migratetype=1 gfp_flags=GFP_KERNEL",
        "garbage",
        "  a-1 [002] ..... 6: mm_page_free: page=0 pfn=0x100 order=2",
    ]

    def convert(self):
        c = nbtrace.Converter()
        for n, line in enumerate(self.LINES, 1):
            c.feed(n, line)
        return c

    def test_counts_and_rules(self):
        c = self.convert()
        s = c.stats
        self.assertEqual(s["alloc"], 3)
        self.assertEqual(s["free"], 2)
        self.assertEqual(s["free_batched"], 1)			# 0x300: no mm_page_free before it
        self.assertEqual(s["mm_page_free_batched repeating its mm_page_free (one free)"], 1)
        self.assertEqual(s["allocation that failed on Linux (pfn=0x0)"], 1)
        self.assertEqual(s["migratetype disagrees with gfp_flags (kept: gfp rules)"], 1)
        self.assertEqual(s["unusable: unrecognised line"], 1)
        self.assertEqual(s["timestamp earlier than the line before (kept in trace order)"], 1)
        self.assertEqual(c.errors, [(9, "unrecognised line", "not an event line of ftrace, trace-cmd or perf")])
        self.assertEqual(c.max_cpu, 2)
        self.assertEqual(c.max_pfn, 0x400)

    def test_round_trip(self):
        c = self.convert()
        ranges = nbtrace.parse_node_ranges("node 0: [mem 0x0000000000001000-0x000000000009efff]\n"
                                           "  node   1: [mem 0x0000000040000000-0x000000007ffdffff]\n")
        self.assertEqual(ranges, [(1, 0x9f, 0), (0x40000, 0x7ffe0, 1)])
        blob = c.blob(ranges)
        self.assertEqual(len(blob) % 16, 0)
        hdr, r2, recs = nbtrace.read_blob(blob)
        self.assertEqual(r2, ranges)
        self.assertEqual(hdr["nr_records"], 6)
        self.assertEqual(hdr["nr_cpus"], 3)
        self.assertEqual(recs, c.records)
        self.assertEqual(recs[0], (0x100, nbtrace.GFP_NAMES["GFP_KERNEL"], 0, nbtrace.EV_ALLOC, 2))
        self.assertEqual(recs[1], (0x200, GFP_HM, 1, nbtrace.EV_ALLOC, 0 | 1 << 4))

    def test_damage_is_detected(self):
        blob = bytearray(self.convert().blob([]))
        for off, what in ((70, "record checksum"), (20, "header checksum")):
            bad = bytearray(blob)
            bad[off] ^= 1
            with self.assertRaisesRegex(ValueError, what):
                nbtrace.read_blob(bytes(bad))
        with self.assertRaises(ValueError):
            nbtrace.read_blob(bytes(blob[:-1]))

    def test_bad_ranges(self):
        with self.assertRaisesRegex(ValueError, "overlap"):
            nbtrace.parse_node_ranges("node 0: [mem 0x0-0x1fff]\nnode 1: [mem 0x1000-0x2fff]")


class Cli(unittest.TestCase):
    def test_convert_fixture(self):
        fixture = os.path.join(ROOT, "tests", "replay", "linux-2node")
        with tempfile.TemporaryDirectory() as d:
            out = os.path.join(d, "t.nbt")
            p = subprocess.run([sys.executable, os.path.join(HERE, "convert.py"),
                                os.path.join(fixture, "trace.txt.gz"), "-o", out,
                                "--nodes", os.path.join(fixture, "nodes.txt")],
                               capture_output=True, text=True)
            self.assertEqual(p.returncode, 0, p.stderr)
            hdr, ranges, recs = nbtrace.read_blob(open(out, "rb").read())
            self.assertGreater(hdr["nr_records"], 10000)
            self.assertEqual(len(ranges), 3)
            self.assertEqual(p.stderr, "")

    def test_errors_name_the_line(self):
        with tempfile.TemporaryDirectory() as d:
            src = os.path.join(d, "bad.txt.gz")
            with gzip.open(src, "wt") as f:
                f.write("\n".join(Converter.LINES) + "\n")
            p = subprocess.run([sys.executable, os.path.join(HERE, "convert.py"), src, "-o",
                                os.path.join(d, "o.nbt")], capture_output=True, text=True)
            self.assertEqual(p.returncode, 0)
            self.assertIn("bad.txt.gz:9: unrecognised line:", p.stderr)
            self.assertIn("unusable: unrecognised line", p.stdout)
            p = subprocess.run([sys.executable, os.path.join(HERE, "convert.py"), src, "--strict",
                                "-o", os.path.join(d, "o.nbt")], capture_output=True, text=True)
            self.assertEqual(p.returncode, 1)


class Tap(unittest.TextTestResult):
    """One TAP line per test (prove reads them)."""
    n = 0

    def _line(self, ok, test, extra=""):
        Tap.n += 1
        self.stream.write("%s %d - %s%s\n" % ("ok" if ok else "not ok", Tap.n, test.id(), extra))

    def addSuccess(self, test):
        self._line(True, test)

    def addFailure(self, test, err):
        self._line(False, test)
        self.stream.write("# " + self._exc_info_to_string(err, test).replace("\n", "\n# ") + "\n")

    addError = addFailure

    def addSubTest(self, test, subtest, err):
        if err is not None:
            self.addFailure(subtest, err)


if __name__ == "__main__":
    if "--tap" in sys.argv:
        suite = unittest.defaultTestLoader.loadTestsFromModule(sys.modules[__name__])
        print("1..%d" % suite.countTestCases())
        res = unittest.TextTestRunner(stream=sys.stdout, resultclass=Tap, verbosity=0).run(suite)
        sys.exit(0 if res.wasSuccessful() else 1)
    unittest.main()
