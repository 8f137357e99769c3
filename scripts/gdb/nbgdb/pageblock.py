# SPDX-License-Identifier: GPL-2.0-only
#
# Pageblocks: nb-pagetypeinfo prints exactly what the kernel's
# dump=pagetypeinfo (mm/vmstat.c) prints; nb-pageblock PFN shows one
# pageblock: its zone, its migratetype and what its pages are.
import gdb

from . import mm, utils


def pageblock_order():
    return int(utils.constants()["block_order"])


def page_flags_at(pfn):
    """page->flags of @pfn, or None if it has no struct page (one memory read)."""
    addr, _ = mm.pfn_to_page(pfn)
    if addr is None:
        return None
    size = gdb.lookup_type("unsigned long").sizeof
    return int.from_bytes(utils.read_bytes(addr, size), "little")  # flags is the first field


def flags_node_zone(flags):
    c = utils.constants()
    nid = (flags >> int(c["nodes_pgshift"])) & utils.to_unsigned(c["nodes_mask"])
    zid = (flags >> int(c["zones_pgshift"])) & utils.to_unsigned(c["zones_mask"])
    return nid, zid


def pageblock_migratetype(nid, pfn, words=None):
    """include/mm/pageblock-flags.h's get_pfnblock_migratetype() for the
    block of @pfn on node @nid (the node in its page->flags). @words: a
    dict caching the bitmap longs read so far (DISCONTIG)."""
    c = utils.constants()
    order = pageblock_order()
    nbits = utils.enum_value("enum pageblock_bits", "__NR_PAGEBLOCK_BITS")
    mask = (1 << (utils.enum_value("enum pageblock_bits", "PB_migrate_end") + 1)) - 1
    lbits = utils.ptr_bits()
    if int(c["memmodel"]) == utils.MEMMODEL_DISCONTIG:
        pgdat = utils.symbol_value("node_data")[nid].dereference()
        idx = ((pfn - int(pgdat["pageblock_base_pfn"])) >> order) * nbits
        addr = utils.to_unsigned(pgdat["pageblock_flags"]) + (idx // lbits) * (lbits // 8)
        words = {} if words is None else words
        if addr not in words:
            words[addr] = int.from_bytes(utils.read_bytes(addr, lbits // 8), "little")
        word = words[addr]
    else:
        shift = int(c["pfn_section_shift"])
        ms = mm.section_of(c, pfn >> shift)
        idx = ((pfn & ((1 << shift) - 1)) >> order) * nbits
        word = utils.to_unsigned(ms["pageblock_flags"][idx // lbits])
    return (word >> (idx % lbits)) & mask


def zone_pageblock_counts(nid, zid, zone, nr_types):
    """mm/vmstat.c's zone_pageblock_counts(): the blocks from zone_start_pfn
    whose first page is valid, initialised and in this zone, by migratetype."""
    step = 1 << pageblock_order()
    start = int(zone["zone_start_pfn"])
    end = start + int(zone["spanned_pages"])
    counts = [0] * nr_types
    words = {}
    for pfn in range(start, end, step):
        flags = page_flags_at(pfn)
        if flags is None or flags == utils.to_unsigned(-1):
            continue
        if flags_node_zone(flags) == (nid, zid):
            counts[pageblock_migratetype(nid, pfn, words)] += 1
    return counts


# mm/vmstat.c caps a free list's count at FREECOUNT_MAX entries, printed ">100000".
FREECOUNT_MAX = 100000


def pagetypeinfo_text():
    order = pageblock_order()
    names = utils.migratetype_names()
    out = []
    for nid, pgdat in utils.node_data():
        zones = [utils.fetched(z) for z in mm.zones_of(pgdat)]
        nr_orders = utils.array_len(zones[0]["free_area"])
        out.append("Page block order: %d\n" % order)
        out.append("Pages per block:  %d\n\n" % (1 << order))
        out.append("%-43s " % "Free pages count per migrate type at order")
        out.append("".join("%6d " % o for o in range(nr_orders)) + "\n")
        for zone in zones:
            if not mm.populated(zone):
                continue
            fa = zone["free_area"]
            for t, name in enumerate(names):
                out.append("Node %4d, zone %8s, type %12s " % (nid, utils.cstring(zone["name"]), name))
                for o in range(nr_orders):
                    n = utils.list_len(fa[o]["free_list"][t], FREECOUNT_MAX)
                    out.append("%s%6d " % (">" if n >= FREECOUNT_MAX else "", n))
                out.append("\n")
        out.append("\n%-23s" % "Number of blocks type ")
        out.append("".join("%12s " % name for name in names) + "\n")
        for zid, zone in enumerate(zones):
            if not mm.populated(zone):
                continue
            counts = zone_pageblock_counts(nid, zid, zone, len(names))
            out.append("Node %d, zone %8s " % (nid, utils.cstring(zone["name"])))
            out.append("".join("%12d " % n for n in counts) + "\n")
    return "".join(out)


utils.text_command("nb-pagetypeinfo", pagetypeinfo_text,
                   """Print free blocks per migratetype and order, and pageblocks per
migratetype, as /proc/pagetypeinfo (the same text as dump=pagetypeinfo).""")


def pageblock_text(pfn):
    order = pageblock_order()
    start = pfn & ~((1 << order) - 1)
    nr = 1 << order
    out = ["pageblock pfn %#x-%#x (order %d, %d pages), holding pfn %#x\n"
           % (start, start + nr - 1, order, nr, pfn)]
    flags = page_flags_at(start)
    if flags is None:
        out.append("no struct page for its first pfn: not a pageblock of any zone\n")
        return "".join(out)
    if flags == utils.to_unsigned(-1):
        out.append("its first page was never initialised (poisoned memmap)\n")
        return "".join(out)
    nid, zid = flags_node_zone(flags)
    pgdat = utils.symbol_value("node_data")[nid].dereference()
    zone = pgdat["node_zones"][zid]
    mt = pageblock_migratetype(nid, start)
    names = utils.migratetype_names()
    out.append("node %d zone %s, migratetype %s\n"
               % (nid, utils.cstring(zone["name"]), names[mt] if mt < len(names) else "%d (invalid)" % mt))
    # One read for the whole block: its memmap is contiguous (inside a MAX_ORDER block).
    addr, _ = mm.pfn_to_page(start)
    ptype = mm.page_type()
    size = ptype.sizeof
    raw = utils.read_bytes(addr, nr * size)
    fields = {f.name: f.bitpos // 8 for f in ptype.fields() if f.name}
    lsize = gdb.lookup_type("unsigned long").sizeof
    pg = {f.name: f.enumval for f in gdb.lookup_type("enum pageflags").fields()}
    le = lambda b: int.from_bytes(b, "little")
    free = allocated = reserved = holes = other = 0
    free_blocks = {}
    i = 0
    while i < nr:
        p = raw[i * size:(i + 1) * size]
        fl = le(p[fields["flags"]:fields["flags"] + lsize])
        private = le(p[fields["private"]:fields["private"] + 4])
        refcount = int.from_bytes(p[fields["_refcount"]:fields["_refcount"] + 4], "little", signed=True)
        if fl == utils.to_unsigned(-1):
            other += 1
        elif fl & (1 << pg["PG_hole"]):
            holes += 1
        elif fl & (1 << pg["PG_reserved"]):
            reserved += 1
        elif fl & (1 << pg["PG_buddy"]) and private < 64:
            run = min(1 << private, nr - i)
            free += run
            free_blocks[private] = free_blocks.get(private, 0) + 1
            i += run
            continue
        elif refcount > 0 or fl & (1 << pg["PG_head"]) or le(p[fields["flags"] + lsize:fields["flags"] + 2 * lsize]) & 1:
            allocated += 1
        else:
            other += 1
        i += 1
    out.append("pages: %d free (in the buddy lists), %d allocated, %d reserved, %d holes, %d other\n"
               % (free, allocated, reserved, holes, other))
    if free_blocks:
        out.append("free blocks: " + ", ".join("%d of order %d" % (free_blocks[o], o)
                                               for o in sorted(free_blocks)) + "\n")
    return "".join(out)


utils.text_command("nb-pageblock", pageblock_text,
                   """nb-pageblock PFN: the pageblock holding PFN: its node, zone and
migratetype, and how many of its pages are free, allocated or reserved.""", arg="PFN")
