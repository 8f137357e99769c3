# SPDX-License-Identifier: GPL-2.0-only
"""Linux kmem page-allocation traces -> numabuddy's binary trace.

Input: the text Linux 6.1 prints for kmem:mm_page_alloc, kmem:mm_page_free
and kmem:mm_page_free_batched, as
  - /sys/kernel/tracing/trace and trace_pipe (ftrace),
  - `trace-cmd report`,
  - `perf script`.
One parser takes all three: every line is "<comm>-<pid> [CPU] <flags>
<timestamp>: <event>: <fields>" (ftrace, trace-cmd) or "<comm> <pid> [CPU]
<timestamp>: kmem:<event>: <fields>" (perf). Lines that are not events
(headers, comments, blank) are skipped and counted; lines that look like
events but cannot be used are reported with their number and reason and
counted by reason. Nothing is guessed: an unknown gfp flag name, an order
out of range, a missing field is an error for that line.

Output (little endian), version 1:
  header, 64 bytes:
    0  magic "NBTRACE\\0"         8  u32 version (1)
    12 u32 header_size            16 u32 record_size (16)
    20 u32 nr_cpus (traced)       24 u64 nr_records
    32 u32 nr_ranges              36 u32 flags (0)
    40 u32 crc32 of the records   44 u32 crc32 of the header (this field 0)
    48 u64 max_pfn (traced)       56 u64 reserved (0)
  then nr_ranges node ranges of 24 bytes: u64 start_pfn, u64 end_pfn
    (exclusive), u32 nid, u32 0; sorted, not overlapping;
  then the records, 16 bytes each:
    0 u64 pfn   8 u32 gfp_flags   12 u16 cpu   14 u8 type (1 alloc, 2 free,
    3 free_batched)   15 u8 order | migratetype << 4
header_size is a multiple of 16, so records never straddle a page.
"""
import re
import struct
import zlib

MAGIC = b"NBTRACE\0"
VERSION = 1
HEADER = struct.Struct("<8sIIIIQIIIIQQ")
RANGE = struct.Struct("<QQII")
RECORD = struct.Struct("<QIHBB")
assert HEADER.size == 64 and RANGE.size == 24 and RECORD.size == 16
MAX_RANGES = 128
MAX_ORDER = 10			# Linux 6.1 x86: orders 0..10
EV_ALLOC, EV_FREE, EV_FREE_BATCHED = 1, 2, 3
EVENT_TYPES = {"mm_page_alloc": EV_ALLOC, "mm_page_free": EV_FREE,
               "mm_page_free_batched": EV_FREE_BATCHED}
# Linux 6.1's migratetypes (MIGRATE_PCPTYPES = 3, then HIGHATOMIC, CMA/ISOLATE).
MIGRATE_UNMOVABLE, MIGRATE_MOVABLE, MIGRATE_RECLAIMABLE = 0, 1, 2
MAX_MIGRATETYPE = 5

# Linux 6.1 gfp bits (include/linux/gfp_types.h, x86 without KASAN_HW_TAGS or
# LOCKDEP, as Debian and most distributions build it).
GFP_BITS = {
    "__GFP_DMA": 0x01, "__GFP_HIGHMEM": 0x02, "__GFP_DMA32": 0x04,
    "__GFP_MOVABLE": 0x08, "__GFP_RECLAIMABLE": 0x10, "__GFP_HIGH": 0x20,
    "__GFP_IO": 0x40, "__GFP_FS": 0x80, "__GFP_ZERO": 0x100,
    "__GFP_ATOMIC": 0x200, "__GFP_DIRECT_RECLAIM": 0x400,
    "__GFP_KSWAPD_RECLAIM": 0x800, "__GFP_WRITE": 0x1000,
    "__GFP_NOWARN": 0x2000, "__GFP_RETRY_MAYFAIL": 0x4000,
    "__GFP_NOFAIL": 0x8000, "__GFP_NORETRY": 0x10000,
    "__GFP_MEMALLOC": 0x20000, "__GFP_COMP": 0x40000,
    "__GFP_NOMEMALLOC": 0x80000, "__GFP_HARDWALL": 0x100000,
    "__GFP_THISNODE": 0x200000, "__GFP_ACCOUNT": 0x400000,
    "__GFP_ZEROTAGS": 0x800000,
    # Only with CONFIG_KASAN_HW_TAGS (arm64); named so such traces convert.
    "__GFP_SKIP_ZERO": 0x1000000, "__GFP_SKIP_KASAN_UNPOISON": 0x2000000,
    "__GFP_SKIP_KASAN_POISON": 0x4000000,
    # Only with CONFIG_LOCKDEP.
    "__GFP_NOLOCKDEP": 0x8000000,
}
_B = GFP_BITS
GFP_NAMES = dict(GFP_BITS)
GFP_NAMES["__GFP_RECLAIM"] = _B["__GFP_DIRECT_RECLAIM"] | _B["__GFP_KSWAPD_RECLAIM"]
_RECLAIM = GFP_NAMES["__GFP_RECLAIM"]
_KERNEL = _RECLAIM | _B["__GFP_IO"] | _B["__GFP_FS"]
_USER = _KERNEL | _B["__GFP_HARDWALL"]
_HIGHUSER_MOVABLE = _USER | _B["__GFP_HIGHMEM"] | _B["__GFP_MOVABLE"]
_TH_LIGHT = (_HIGHUSER_MOVABLE | _B["__GFP_COMP"] | _B["__GFP_NOMEMALLOC"] |
             _B["__GFP_NOWARN"]) & ~_RECLAIM
# 6.1's show_gfp_flags() table (include/trace/events/mmflags.h), in its order:
# __print_flags() prints each entry whose bits are all set and clears them,
# then whatever is left as hexadecimal.
GFP_TABLE = [
    ("GFP_TRANSHUGE", _TH_LIGHT | _B["__GFP_DIRECT_RECLAIM"]),
    ("GFP_TRANSHUGE_LIGHT", _TH_LIGHT),
    ("GFP_HIGHUSER_MOVABLE", _HIGHUSER_MOVABLE),
    ("GFP_HIGHUSER", _USER | _B["__GFP_HIGHMEM"]),
    ("GFP_USER", _USER),
    ("GFP_KERNEL_ACCOUNT", _KERNEL | _B["__GFP_ACCOUNT"]),
    ("GFP_KERNEL", _KERNEL),
    ("GFP_NOFS", _RECLAIM | _B["__GFP_IO"]),
    ("GFP_ATOMIC", _B["__GFP_HIGH"] | _B["__GFP_ATOMIC"] | _B["__GFP_KSWAPD_RECLAIM"]),
    ("GFP_NOIO", _RECLAIM),
    ("GFP_NOWAIT", _B["__GFP_KSWAPD_RECLAIM"]),
    ("GFP_DMA", _B["__GFP_DMA"]),
    ("__GFP_HIGHMEM", _B["__GFP_HIGHMEM"]),
    ("GFP_DMA32", _B["__GFP_DMA32"]),
] + [(n, GFP_NAMES[n]) for n in (
    "__GFP_HIGH", "__GFP_ATOMIC", "__GFP_IO", "__GFP_FS", "__GFP_NOWARN",
    "__GFP_RETRY_MAYFAIL", "__GFP_NOFAIL", "__GFP_NORETRY", "__GFP_COMP", "__GFP_ZERO",
    "__GFP_NOMEMALLOC", "__GFP_MEMALLOC", "__GFP_HARDWALL", "__GFP_THISNODE",
    "__GFP_RECLAIMABLE", "__GFP_MOVABLE", "__GFP_ACCOUNT", "__GFP_WRITE",
    "__GFP_RECLAIM", "__GFP_DIRECT_RECLAIM", "__GFP_KSWAPD_RECLAIM", "__GFP_ZEROTAGS")]
GFP_COMPOSITES = [(n, v) for n, v in GFP_TABLE if n.startswith("GFP_")]
GFP_NAMES.update(GFP_COMPOSITES)


def gfp_migratetype(gfp):
    """Linux's gfp_migratetype(); None when both mobility bits are set."""
    mob = gfp & (_B["__GFP_MOVABLE"] | _B["__GFP_RECLAIMABLE"])
    if mob == _B["__GFP_MOVABLE"] | _B["__GFP_RECLAIMABLE"]:
        return None
    return {0: MIGRATE_UNMOVABLE, _B["__GFP_MOVABLE"]: MIGRATE_MOVABLE,
            _B["__GFP_RECLAIMABLE"]: MIGRATE_RECLAIMABLE}[mob]


def format_gfp(gfp):
    """gfp as 6.1's show_gfp_flags() prints it (for tests and messages)."""
    if gfp == 0:
        return "none"
    parts, rest = [], gfp
    for name, mask in GFP_TABLE:
        if rest & mask == mask:
            parts.append(name)
            rest &= ~mask
    if rest:
        parts.append("%#x" % rest)
    return "|".join(parts)


class LineError(Exception):
    """A line that looks like an event but cannot be used: .reason is its class."""

    def __init__(self, reason, detail):
        super().__init__(detail)
        self.reason = reason


def parse_gfp(text):
    """'GFP_KERNEL|__GFP_ZERO', 'none', '0x400dc0' or a mix -> int. Unknown names raise."""
    if text == "none" or text == "0":
        return 0
    gfp = 0
    for part in text.split("|"):
        if part in GFP_NAMES:
            gfp |= GFP_NAMES[part]
        elif re.fullmatch(r"0x[0-9a-fA-F]+", part):
            gfp |= int(part, 16)
        else:
            raise LineError("unknown gfp flag", "unknown gfp flag %r in gfp_flags=%s" % (part, text))
    if gfp >> 32:
        raise LineError("gfp out of range", "gfp_flags=%s does not fit 32 bits" % text)
    return gfp


# "<comm>-<pid> [(tgid)] [CPU] [flags] <ts>: <event>: <fields>" (ftrace, trace-cmd)
# "<comm> <pid> [CPU] <ts>: kmem:<event>: <fields>" (perf script)
LINE_RE = re.compile(
    r"^\s*(?P<comm>.*?)(?:-|\s+)(?P<pid>\d+)\s+(?:\(\s*[\d-]+\)\s+)?\[(?P<cpu>\d+)\]\s+"
    r"(?:[a-zA-Z.][a-zA-Z.0-9]{3,4}\s+)?(?P<ts>\d+(?:\.\d+)?):\s+"
    r"(?:(?P<sys>\w+):)?(?P<event>\w+):\s*(?P<fields>.*?)\s*$")
FIELD_RE = re.compile(r"(\w+)=(\S*)")
LOST_RE = re.compile(r"^\s*CPU:\s*\d+\s+\[LOST (\d+) EVENTS\]")
# Not events: headers of the three tools, comments, blank lines.
NOISE_RE = re.compile(r"^\s*(#.*|cpus=\d+|version = .*|CPU \d+ is empty|"
                      r"CPU\d+ data recorded at offset=.*|\s+\d+ bytes in size.*|)$")


def parse_line(line):
    """One event line -> (type, cpu, pfn, order, migratetype, gfp, ts) or None (not an event).

    Raises LineError for an event line that cannot be used."""
    if NOISE_RE.match(line):
        return None
    m = LOST_RE.match(line)
    if m:
        raise LineError("lost events", "the tracer lost %s events here: the trace is incomplete"
                        % m.group(1))
    m = LINE_RE.match(line)
    if not m:
        raise LineError("unrecognised line", "not an event line of ftrace, trace-cmd or perf")
    ev = m.group("event")
    if m.group("sys") not in (None, "kmem") or ev not in EVENT_TYPES:
        raise LineError("other event", "event %s%s is not a kmem page event"
                        % ((m.group("sys") + ":") if m.group("sys") else "", ev))
    typ = EVENT_TYPES[ev]
    fields = {}
    for k, v in FIELD_RE.findall(m.group("fields")):
        if k in fields:
            raise LineError("duplicate field", "field %s= appears twice" % k)
        fields[k] = v
    need = ("pfn", "order", "migratetype", "gfp_flags") if typ == EV_ALLOC else ("pfn", "order")
    for k in need:
        if k not in fields:
            raise LineError("missing field", "%s has no %s= field" % (ev, k))
    if not re.fullmatch(r"0x[0-9a-fA-F]+", fields["pfn"]):
        raise LineError("bad pfn", "pfn=%s is not a hexadecimal number" % fields["pfn"])
    pfn = int(fields["pfn"], 16)
    if pfn >> 52:
        raise LineError("bad pfn", "pfn=%s is beyond 52 physical address bits" % fields["pfn"])
    if not re.fullmatch(r"\d+", fields["order"]):
        raise LineError("bad order", "order=%s is not a number" % fields["order"])
    order = int(fields["order"])
    if order > MAX_ORDER:
        raise LineError("bad order", "order=%d is above Linux's MAX_ORDER %d" % (order, MAX_ORDER))
    if typ == EV_FREE_BATCHED and order != 0:
        raise LineError("bad order", "mm_page_free_batched with order=%d (always 0)" % order)
    mt, gfp = 0, 0
    if typ == EV_ALLOC:
        if not re.fullmatch(r"-?\d+", fields["migratetype"]):
            raise LineError("bad migratetype", "migratetype=%s is not a number" % fields["migratetype"])
        mt = int(fields["migratetype"])
        if not 0 <= mt <= MAX_MIGRATETYPE:
            raise LineError("bad migratetype", "migratetype=%d out of range" % mt)
        gfp = parse_gfp(fields["gfp_flags"])
    cpu = int(m.group("cpu"))
    if cpu > 0xffff:
        raise LineError("bad cpu", "CPU %d does not fit 16 bits" % cpu)
    return typ, cpu, pfn, order, mt, gfp, m.group("ts")


def parse_node_ranges(text):
    """Linux's 'node N: [mem 0xS-0xE]' lines (Early memory node ranges) -> [(start_pfn, end_pfn, nid)]."""
    ranges = []
    for m in re.finditer(r"node\s+(\d+):\s*\[mem (0x[0-9a-fA-F]+)-(0x[0-9a-fA-F]+)\]", text):
        nid, s, e = int(m.group(1)), int(m.group(2), 16), int(m.group(3), 16)
        if e < s:
            raise ValueError("node range %s ends before it starts" % m.group(0))
        ranges.append((s >> 12, (e >> 12) + 1, nid))
    ranges.sort()
    for a, b in zip(ranges, ranges[1:]):
        if b[0] < a[1]:
            raise ValueError("node ranges overlap: %s and %s" % (a, b))
    if len(ranges) > MAX_RANGES:
        raise ValueError("%d node ranges: at most %d" % (len(ranges), MAX_RANGES))
    return ranges


class Converter:
    """Feed lines, then write(). stats: counters by name; errors: (line number, reason, text)."""

    def __init__(self, max_errors_kept=1000):
        self.records = []
        self.stats = {}
        self.errors = []
        self.max_errors_kept = max_errors_kept
        self.last_free = set()		# pfns whose last event was mm_page_free
        self.last_ts = None
        self.max_cpu = -1
        self.max_pfn = 0

    def count(self, key, n=1):
        self.stats[key] = self.stats.get(key, 0) + n

    def feed(self, lineno, line):
        try:
            ev = parse_line(line)
        except LineError as e:
            self.count("unusable: " + e.reason)
            if len(self.errors) < self.max_errors_kept:
                self.errors.append((lineno, e.reason, str(e)))
            return
        if ev is None:
            self.count("not an event (header, comment, blank)")
            return
        typ, cpu, pfn, order, mt, gfp, ts = ev
        if typ == EV_ALLOC:
            if pfn == 0:
                # Linux traces a failed allocation with a NULL page: pfn=0x0.
                self.count("allocation that failed on Linux (pfn=0x0)")
                return
            want = gfp_migratetype(gfp)
            if want is None or want != mt:
                self.count("migratetype disagrees with gfp_flags (kept: gfp rules)")
            self.last_free.discard(pfn)
        elif typ == EV_FREE:
            self.last_free.add(pfn)
        else:
            # 6.1's batched free path traces mm_page_free and then
            # mm_page_free_batched for the same page: one free, two lines.
            if pfn in self.last_free:
                self.last_free.discard(pfn)
                self.count("mm_page_free_batched repeating its mm_page_free (one free)")
                return
        try:
            tsv = float(ts)
        except ValueError:
            tsv = None
        if tsv is not None and self.last_ts is not None and tsv < self.last_ts:
            self.count("timestamp earlier than the line before (kept in trace order)")
        self.last_ts = tsv
        self.max_cpu = max(self.max_cpu, cpu)
        self.max_pfn = max(self.max_pfn, pfn + (1 << order) - 1)
        self.records.append((pfn, gfp, cpu, typ, order | (mt << 4)))
        self.count({EV_ALLOC: "alloc", EV_FREE: "free", EV_FREE_BATCHED: "free_batched"}[typ])

    def blob(self, ranges=()):
        recs = b"".join(RECORD.pack(*r) for r in self.records)
        hsize = HEADER.size + RANGE.size * len(ranges)
        hsize = (hsize + 15) & ~15
        body = b"".join(RANGE.pack(s, e, n, 0) for s, e, n in ranges)
        body += b"\0" * (hsize - HEADER.size - len(body))
        crc_recs = zlib.crc32(recs) & 0xffffffff

        def hdr(crc_hdr):
            return HEADER.pack(MAGIC, VERSION, hsize, RECORD.size, self.max_cpu + 1,
                               len(self.records), len(ranges), 0, crc_recs, crc_hdr,
                               self.max_pfn, 0)
        crc_hdr = zlib.crc32(hdr(0) + body) & 0xffffffff
        return hdr(crc_hdr) + body + recs


def read_blob(data):
    """Binary trace -> (header dict, ranges, records). Raises ValueError when malformed."""
    if len(data) < HEADER.size:
        raise ValueError("shorter than the header")
    (magic, ver, hsize, rsize, ncpus, nrec, nranges, flags, crc_recs, crc_hdr, max_pfn,
     _) = HEADER.unpack_from(data)
    if magic != MAGIC or ver != VERSION or rsize != RECORD.size:
        raise ValueError("not a version-1 numabuddy trace")
    if hsize < HEADER.size + RANGE.size * nranges or hsize % 16 or hsize > len(data):
        raise ValueError("bad header size")
    if len(data) != hsize + nrec * rsize:
        raise ValueError("size does not match the record count")
    zeroed = data[:44] + b"\0\0\0\0" + data[48:hsize]
    if zlib.crc32(zeroed) & 0xffffffff != crc_hdr:
        raise ValueError("header checksum mismatch")
    if zlib.crc32(data[hsize:]) & 0xffffffff != crc_recs:
        raise ValueError("record checksum mismatch")
    ranges = [RANGE.unpack_from(data, HEADER.size + i * RANGE.size)[:3] for i in range(nranges)]
    recs = [RECORD.unpack_from(data, hsize + i * rsize) for i in range(nrec)]
    return dict(version=ver, nr_cpus=ncpus, nr_records=nrec, max_pfn=max_pfn, flags=flags), ranges, recs
