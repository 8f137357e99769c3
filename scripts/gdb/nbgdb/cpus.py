# SPDX-License-Identifier: GPL-2.0-only
#
# CPUs: nb-cpus prints the kernel's dump=cpus (arch/x86/smpboot.c), then
# what each CPU was doing when the stub stopped it; nb-cpu N switches to
# CPU N's thread (the kernel's stub shows CPU N as thread N+1); nb-pcp CPU
# shows one CPU's per-cpu page lists and vmstat deltas, zone by zone.
import gdb

from . import mm, utils

# arch/x86/include/asm/smp.h's THREAD_SIZE (a macro: not in the debug info)
THREAD_SIZE = 16384
# arch/x86/gdbstub.c's enum gdb_cpu_state
STUB_STATES = ["running", "parked", "released", "stopped here (master)"]


def c_hex(v, width=0):
    """The kernel's %#x / %#0Nx (lib/vsprintf.c: 0x even for zero)."""
    return "%#0*x" % (width, v)


def cpus_text():
    topo = utils.fetched(utils.symbol_value("installed", "mm/numa.c"))
    nr, online = mm.cpus_possible_online()
    x2apic = bool(int(utils.symbol_value("x2apic_mode")))
    ready = bool(int(utils.symbol_value("percpu_areas_ready")))
    unit = int(utils.symbol_value("percpu_unit_size"))
    place = utils.symbol_value("percpu_placement")
    out = ["CPUs: %d possible, %d online, local APIC in %s mode\n"
           % (nr, len(online), "x2APIC" if x2apic else "xAPIC")]
    for cpu in range(nr):
        line = "CPU%d: APIC id %s node %d %s" % (cpu, c_hex(int(topo["cpu_apicid"][cpu])),
                                                int(topo["cpu_to_node"][cpu]),
                                                "online" if cpu in online else "offline")
        pl = place[cpu]
        if ready:
            area = int(pl["area_phys"])
            line += ", per-CPU area [mem %s-%s] on node %d" % (c_hex(area, 10), c_hex(area + unit - 1, 10),
                                                               int(pl["area_nid"]))
        if ready and cpu:
            stack = int(pl["stack_phys"])
            line += ", stack [mem %s-%s]" % (c_hex(stack, 10), c_hex(stack + THREAD_SIZE - 1, 10))
        out.append(line + "\n")
    return "".join(out)


def symbolic(pc):
    try:
        s = gdb.execute("info symbol %#x" % pc, to_string=True).strip()
    except gdb.error:
        return "%#x" % pc
    return s.split(" in section")[0]


def stub_text():
    """What the kernel's stub knows of each CPU (arch/x86/gdbstub.c's gdb_cpus[])."""
    try:
        cpus = utils.symbol_value("gdb_cpus", "arch/x86/gdbstub.c")
        master = int(utils.symbol_value("gdb_master", "arch/x86/gdbstub.c"))
    except utils.HelperError:
        return "gdb stub: not in this kernel\n"
    nr, online = mm.cpus_possible_online()
    out = ["gdb stub: master CPU %s\n" % (master if master >= 0 else "none (the kernel runs)")]
    pc_name = "ip"
    for cpu in online:
        c = cpus[cpu]
        state = int(c["state"])
        name = STUB_STATES[state] if 0 <= state < len(STUB_STATES) else "state %d" % state
        line = "CPU%d: %s" % (cpu, name)
        regs = c["regs"]
        if state in (1, 3) and int(regs) != 0:
            line += " (%s) at %s" % (utils.cstring(c["why"]), symbolic(utils.to_unsigned(regs.dereference()[pc_name])))
        out.append(line + "\n")
    return "".join(out)


utils.text_command("nb-cpus", lambda: cpus_text() + stub_text(),
                   """Print every CPU as the kernel's dump=cpus does (APIC id, node, online,
per-CPU area, stack), then what each was doing when the stub stopped it.""")


class NbCpu(gdb.Command):
    """nb-cpu N: select CPU N's thread (the kernel's stub shows CPU N as
thread id N+1; gdb numbers threads in the order it first saw them)."""

    def __init__(self):
        super().__init__("nb-cpu", gdb.COMMAND_RUNNING)

    def invoke(self, arg, from_tty):
        cpu = utils.number_arg("nb-cpu", "N", arg)
        for t in gdb.selected_inferior().threads():
            if t.ptid[1] == cpu + 1:
                gdb.execute("thread %d" % t.num, from_tty)
                return
        raise utils.HelperError("no thread for CPU %d (is gdb connected to the kernel's stub?)" % cpu)


def pcp_text(cpu):
    nr, online = mm.cpus_possible_online()
    if cpu < 0 or cpu >= nr:
        raise utils.HelperError("nb-pcp: no CPU %d (nr_cpu_ids %d)" % (cpu, nr))
    topo = utils.fetched(utils.symbol_value("installed", "mm/numa.c"))
    offsets = utils.symbol_value("__per_cpu_offset")
    names = [f.name for f in gdb.lookup_type("enum zone_stat_item").fields()
             if not f.name.startswith("NR_VM_")]
    zone_stat_names = utils.symbol_value("zone_stat_name")
    pcptypes = utils.enum_value("enum migratetype", "MIGRATE_PCPTYPES")
    types = utils.migratetype_names()
    out = ["CPU %d node %d %s\n" % (cpu, int(topo["cpu_to_node"][cpu]),
                                    "online" if cpu in online else "offline")]
    for nid, pgdat in utils.node_data():
        for zone in mm.zones_of(pgdat):
            zone = utils.fetched(zone)
            if not mm.populated(zone) or int(zone["per_cpu_pageset"]) == 0:
                continue
            pcp = mm.percpu(zone["per_cpu_pageset"], cpu, offsets)
            out.append("Node %d, zone %8s\n" % (nid, utils.cstring(zone["name"])))
            out.append("  pcp count: %d high: %d batch: %d%s\n"
                       % (int(pcp["count"]), int(pcp["high"]), int(pcp["batch"]),
                          " (locked)" if int(pcp["lock"]) else ""))
            # include/mm/mmzone.h's order_to_pindex(): the types of one order side by side.
            lists = pcp["lists"]
            out.append("  blocks on the lists by order: " +
                       " ".join("%12s" % types[t] for t in range(pcptypes)) + "\n")
            for o in range(utils.array_len(lists) // pcptypes):
                out.append("  %29s " % ("order %d:" % o) +
                           " ".join("%12d" % utils.list_len(lists[o * pcptypes + t])
                                    for t in range(pcptypes)) + "\n")
            if int(zone["per_cpu_zonestats"]) != 0:
                st = mm.percpu(zone["per_cpu_zonestats"], cpu, offsets)
                diffs = st["vm_stat_diff"]
                out.append("  vm_stat_diff: " + ", ".join(
                    "%s %d" % (utils.cstring(zone_stat_names[i]), int(diffs[i]))
                    for i in range(len(names))) + "\n")
                out.append("  stat_threshold: %d\n" % int(st["stat_threshold"]))
    return "".join(out)


utils.text_command("nb-pcp", pcp_text,
                   """nb-pcp CPU: one CPU's per-cpu page lists (count, high, batch, blocks
per migratetype and order) and its vmstat deltas, for every populated zone.""", arg="CPU")


NbCpu()
