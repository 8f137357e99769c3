# SPDX-License-Identifier: GPL-2.0-only
#
# Allocator state from kernel memory: nb-buddyinfo and nb-zoneinfo print
# exactly what the kernel's dump=buddyinfo and dump=zoneinfo (mm/vmstat.c)
# print; nb-page decodes one struct page found through the
# memory model (vmemmap, mem_section[] or node_mem_map).
import gdb

from . import utils


def zones_of(pgdat):
    zones = pgdat["node_zones"]
    return [zones[z] for z in range(utils.array_len(zones))]


def populated(zone):
    return int(zone["present_pages"]) != 0


def buddyinfo_text():
    out = []
    for nid, pgdat in utils.node_data():
        for zone in zones_of(pgdat):
            zone = utils.fetched(zone)
            if not populated(zone):
                continue
            fa = zone["free_area"]
            counts = [int(fa[o]["nr_free"]) for o in range(utils.array_len(fa))]
            out.append("Node %d, zone %8s " % (nid, utils.cstring(zone["name"])) +
                       "".join("%6d " % c for c in counts) + "\n")
    return "".join(out)


utils.text_command("nb-buddyinfo", buddyinfo_text,
                   """Print free blocks per order for every populated zone, as /proc/buddyinfo
(the same text as the kernel's dump=buddyinfo).""")


def node_shown_in_zoneinfo(nid, topo):
    """mm/vmstat.c's node_shown_in_zoneinfo(): online at init, or has a CPU."""
    bits = utils.symbol_value("init_online_nodes")["bits"]  # a nodemask_t
    if (int(bits[nid // 64]) >> (nid % 64)) & 1:
        return True
    cpus = int(topo["nr_cpus"])
    return any(int(topo["cpu_to_node"][c]) == nid for c in range(cpus))


def percpu(ptr, cpu, offsets):
    """include/arch/smp.h's per_cpu_ptr(): @ptr moved by the CPU's offset."""
    addr = (int(ptr) + int(offsets[cpu])) & ((1 << utils.ptr_bits()) - 1)
    return gdb.Value(addr).cast(ptr.type).dereference()


def cpus_possible_online():
    """(nr_cpu_ids, [online CPU numbers]), as for_each_online_cpu() walks them."""
    nr = int(utils.symbol_value("nr_cpu_ids"))
    mask = utils.symbol_value("__cpu_online_mask")
    bits = utils.ptr_bits()
    online = [c for c in range(nr)
              if (utils.to_unsigned(mask[c // bits]) >> (c % bits)) & 1]
    return nr, online


def zone_page_state(zone, item):
    """include/mm/vmstat.h's zone_page_state(): the global part, negative read as 0."""
    return max(int(zone["vm_stat"][item]), 0)


def zoneinfo_counters(zone, offsets, nr_cpus, online):
    """mm/vmstat.c's counter lines and pagesets of a populated zone."""
    out = []
    stat_names = utils.symbol_value("zone_stat_name")
    stat_names = [utils.cstring(stat_names[i]) for i in range(utils.array_len(stat_names))]
    numa_names = utils.symbol_value("numa_stat_name")
    numa_names = [utils.cstring(numa_names[i]) for i in range(utils.array_len(numa_names))]
    for i, name in enumerate(stat_names):
        out.append("      %-12s %d\n" % (name, zone_page_state(zone, i)))
    stats = zone["per_cpu_zonestats"]
    pagesets = zone["per_cpu_pageset"]
    # mm/vmstat.c's zone_numa_event_state(): the order-0 fast path's allocations
    # (per_cpu_pages.alloc_fast) are NUMA hits and local ones too.
    fast = 0
    if int(pagesets) != 0:
        for cpu in range(nr_cpus):
            fast += int(percpu(pagesets, cpu, offsets)["alloc_fast"])
    for i, name in enumerate(numa_names):
        n = 0
        if int(stats) != 0:
            for cpu in range(nr_cpus):
                n += int(percpu(stats, cpu, offsets)["vm_numa_event"][i])
            if name in ("numa_hit", "numa_local"):
                n += fast
        out.append("      %-12s %d\n" % (name, n))
    if int(pagesets) != 0:
        out.append("  pagesets\n")
        for cpu in online:
            pcp = percpu(pagesets, cpu, offsets)
            threshold = int(percpu(stats, cpu, offsets)["stat_threshold"]) if int(stats) else 0
            out.append("    cpu: %d\n" % cpu)
            out.append("              count: %d\n" % int(pcp["count"]))
            out.append("              high:  %d\n" % int(pcp["high"]))
            out.append("              batch: %d\n" % int(pcp["batch"]))
            out.append("  vm stats threshold: %d\n" % threshold)
    return out


def zoneinfo_text():
    topo = utils.fetched(utils.symbol_value("installed", "mm/numa.c"))
    offsets = utils.symbol_value("__per_cpu_offset")
    nr_cpus, online = cpus_possible_online()
    out = []
    for nid, pgdat in utils.node_data():
        if not node_shown_in_zoneinfo(nid, topo):
            continue
        zones = [utils.fetched(z) for z in zones_of(pgdat)]
        first = next((i for i, z in enumerate(zones) if populated(z)), None)
        for i, zone in enumerate(zones):
            wm = zone["_watermark"]
            out.append("Node %d, zone %8s\n" % (int(pgdat["node_id"]), utils.cstring(zone["name"])))
            if i == first:
                out.append("  per-node stats\n")
            out.append("  pages free     %d\n" % zone_page_state(zone, 0))
            out.append("        boost    0\n")
            out.append("        min      %d\n" % int(wm[0]))
            out.append("        low      %d\n" % int(wm[1]))
            out.append("        high     %d\n" % int(wm[2]))
            out.append("        spanned  %d\n" % int(zone["spanned_pages"]))
            out.append("        present  %d\n" % int(zone["present_pages"]))
            out.append("        managed  %d\n" % int(zone["managed_pages"]))
            out.append("        cma      0\n")
            res = zone["lowmem_reserve"]
            out.append("        protection: (" +
                       ", ".join("%d" % int(res[k]) for k in range(utils.array_len(res))) + ")\n")
            if not populated(zone):
                continue
            out.extend(zoneinfo_counters(zone, offsets, nr_cpus, online))
            out.append("  node_unreclaimable:  0\n")
            out.append("  start_pfn:           %d\n" % int(zone["zone_start_pfn"]))
    return "".join(out)


utils.text_command("nb-zoneinfo", zoneinfo_text,
                   """Print every zone's counters and watermarks, as /proc/zoneinfo
(the same text as the kernel's dump=zoneinfo).""")


# ---- struct page through the memory model ----

def page_type():
    return gdb.lookup_type("struct page")


_sections = {}


def section_of(c, nr):
    """The struct mem_section of section @nr, or None (cached until the target runs)."""
    if nr not in _sections:
        _sections[nr] = _section_of(c, nr)
    return _sections[nr]


def _forget_sections(event):
    _sections.clear()


gdb.events.cont.connect(_forget_sections)


def _section_of(c, nr):
    if nr >= int(c["nr_mem_sections"]):
        return None
    per_root = int(c["sections_per_root"])
    roots = utils.symbol_value("mem_section")
    root = roots[nr // per_root]
    if int(root) == 0:
        return None
    return utils.fetched(root[nr % per_root])


def physnode_nid(c, pfn):
    """mm/discontig.c's pfn_to_nid()."""
    e = pfn >> int(c["physnode_shift"])
    if e >= int(c["physnode_entries"]):
        return -1
    nid = int(utils.symbol_value("physnode_map")[e])
    if nid >= 0:
        return nid
    if nid == -1:
        return -1
    nodes = utils.node_data()
    for key_lo, key_hi in (("node_start_pfn", None), ("memmap_start_pfn", "memmap_end_pfn")):
        for n, pgdat in nodes:
            if int(pgdat["node_mem_map"]) == 0:
                continue
            lo = int(pgdat[key_lo])
            hi = int(pgdat[key_hi]) if key_hi else lo + int(pgdat["node_spanned_pages"])
            if lo <= pfn < hi:
                return n
    return -1


def pfn_to_page(pfn):
    """(address of the struct page, how it was found), or (None, why not)."""
    c = utils.constants()
    model = int(c["memmodel"])
    size = page_type().sizeof
    if model in (utils.MEMMODEL_SPARSE, utils.MEMMODEL_VMEMMAP):
        nr = pfn >> int(c["pfn_section_shift"])
        ms = section_of(c, nr)
        smm = utils.to_unsigned(ms["section_mem_map"]) if ms is not None else 0
        if ms is None or not smm & int(c["section_has_mem_map"]):
            return None, "pfn %#x has no struct page: section %d has no memmap (pfn_valid() is false)" % (pfn, nr)
        if model == utils.MEMMODEL_VMEMMAP:
            return (utils.to_unsigned(int(c["vmemmap_start"]) + pfn * size),
                    "SPARSEMEM_VMEMMAP: vmemmap %#x + pfn * %d" % (utils.to_unsigned(c["vmemmap_start"]), size))
        base = smm & utils.to_unsigned(c["section_map_mask"])
        return (utils.to_unsigned(base + pfn * size),
                "SPARSEMEM: mem_section[%d][%d].section_mem_map %#x + pfn * %d"
                % (nr // int(c["sections_per_root"]), nr % int(c["sections_per_root"]), smm, size))
    nid = physnode_nid(c, pfn)
    if nid < 0:
        return None, "pfn %#x has no struct page: no node holds it (pfn_valid() is false)" % pfn
    pgdat = utils.symbol_value("node_data")[nid].dereference()
    start = int(pgdat["node_start_pfn"])
    return (utils.to_unsigned(int(pgdat["node_mem_map"]) + (pfn - start) * size),
            "DISCONTIGMEM: node %d node_mem_map %#x + (pfn - %#x) * %d"
            % (nid, utils.to_unsigned(pgdat["node_mem_map"]), start, size))


def page_to_pfn(c, addr, page):
    """The pfn the kernel's page_to_pfn() computes for the page at @addr."""
    model = int(c["memmodel"])
    size = page_type().sizeof
    flags = utils.to_unsigned(page["flags"])
    if model == utils.MEMMODEL_VMEMMAP:
        return (addr - utils.to_unsigned(c["vmemmap_start"])) // size
    if model == utils.MEMMODEL_SPARSE:
        nr = (flags >> int(c["sections_pgshift"])) & utils.to_unsigned(c["sections_mask"])
        ms = section_of(c, nr)
        if ms is None:
            return None
        base = utils.to_unsigned(ms["section_mem_map"]) & utils.to_unsigned(c["section_map_mask"])
        return utils.to_unsigned(addr - base) // size
    nid = (flags >> int(c["nodes_pgshift"])) & utils.to_unsigned(c["nodes_mask"])
    p = utils.symbol_value("node_data")[nid]
    if int(p) == 0:
        return None
    pgdat = p.dereference()
    return (addr - utils.to_unsigned(pgdat["node_mem_map"])) // size + int(pgdat["node_start_pfn"])


def flag_names(flags):
    names = []
    for f in gdb.lookup_type("enum pageflags").fields():
        if f.name.startswith("PG_") and flags & (1 << f.enumval):
            names.append(f.name[3:])
    return "|".join(names)


def page_text(pfn):
    c = utils.constants()
    addr, how = pfn_to_page(pfn)
    if addr is None:
        return how + "\n"
    page = utils.fetched(gdb.Value(addr).cast(page_type().pointer()).dereference())
    flags = utils.to_unsigned(page["flags"])
    lines = ["page:%#x pfn:%#x (%d) memory model %s" % (addr, pfn, pfn, how)]
    if flags == utils.to_unsigned(-1):
        lines.append("flags: %#x: the memmap entry was never initialised (poisoned)" % flags)
        return "\n".join(lines) + "\n"
    nid = (flags >> int(c["nodes_pgshift"])) & utils.to_unsigned(c["nodes_mask"])
    zidx = (flags >> int(c["zones_pgshift"])) & utils.to_unsigned(c["zones_mask"])
    zname = "?"
    p = utils.symbol_value("node_data")[nid] if nid < utils.array_len(utils.symbol_value("node_data")) else None
    if p is not None and int(p) != 0:
        zones = p.dereference()["node_zones"]
        if zidx < utils.array_len(zones):
            zname = utils.cstring(zones[zidx]["name"])
    sect = ""
    if int(c["memmodel"]) == utils.MEMMODEL_SPARSE:
        sect = " section:%d" % ((flags >> int(c["sections_pgshift"])) & utils.to_unsigned(c["sections_mask"]))
    lines.append("flags: %#x(%s) node:%d zone:%s%s" % (flags, flag_names(flags), nid, zname, sect))
    private = int(page["private"])
    refcount = int(page["_refcount"])
    detail = ""
    pg = {f.name: f.enumval for f in gdb.lookup_type("enum pageflags").fields()}
    if flags & (1 << pg["PG_buddy"]):
        detail = " (buddy order %d)" % private
    elif flags & (1 << pg["PG_head"]):
        detail = " (compound order %d)" % private
    lines.append("refcount:%d private:%d%s" % (refcount, private, detail))
    head = utils.to_unsigned(page["compound_head"])
    if head & 1:
        lines.append("compound tail of head page %#x" % (head - 1))
    else:
        lru = page["lru"]
        lines.append("lru: next %#x prev %#x" % (utils.to_unsigned(lru["next"]), utils.to_unsigned(lru["prev"])))
    back = page_to_pfn(c, addr, page)
    lines.append("page_to_pfn: %s (%s)" % ("%#x" % back if back is not None else "none",
                                             "round trip ok" if back == pfn else "ROUND TRIP MISMATCH"))
    return "\n".join(lines) + "\n"


utils.text_command("nb-page", page_text,
                   """nb-page PFN: decode the struct page of page frame PFN (an expression,
e.g. 0x40000 or 262144), found through the kernel's memory model.""", arg="PFN")
