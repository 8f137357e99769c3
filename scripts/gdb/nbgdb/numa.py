# SPDX-License-Identifier: GPL-2.0-only
#
# nb-numa: the NUMA topology mm/numa.c installed (its static 'installed'):
# nodes, memory ranges, CPUs, and the distance table in the layout of
# dump=numa (numactl --hardware).
import gdb

from . import utils


def numa_text():
    t = utils.fetched(utils.symbol_value("installed", "mm/numa.c"))
    nodes = int(t["nr_nodes"])
    nranges = int(t["nr_ranges"])
    ncpus = int(t["nr_cpus"])
    ranges = [(int(t["ranges"][i]["start"]), int(t["ranges"][i]["end"]), int(t["ranges"][i]["nid"]))
              for i in range(nranges)]
    cpu_node = [int(t["cpu_to_node"][c]) for c in range(ncpus)]
    apic = [int(t["cpu_apicid"][c]) for c in range(ncpus)]
    out = ["NUMA: %d node%s, %d memory range%s, %d CPU%s\n"
           % (nodes, "" if nodes == 1 else "s", nranges, "" if nranges == 1 else "s",
              ncpus, "" if ncpus == 1 else "s")]
    for n in range(nodes):
        mine = [(s, e) for s, e, nid in ranges if nid == n]
        size = sum(e - s for s, e in mine)
        cpus = " ".join("%d" % c for c in range(ncpus) if cpu_node[c] == n)
        out.append("node %d: %d MiB, cpus: %s\n" % (n, size >> 20, cpus or "none"))
        for s, e in mine:
            out.append("  [mem %#018x-%#018x]\n" % (s, e - 1))
    for c in range(ncpus):
        out.append("cpu %d: apic id %#x, node %d\n" % (c, apic[c], cpu_node[c]))
    # As dump=numa: the distance table covers the nodes with memory or CPUs.
    online = [n for n in range(nodes)
              if any(nid == n for _, _, nid in ranges) or n in cpu_node]
    dist = t["distance"]
    out.append("node distances:\n")
    out.append("node " + "".join("% 3d " % n for n in online) + "\n")
    for n in online:
        out.append("% 3d: " % n + "".join("% 3d " % int(dist[n][k]) for k in online) + "\n")
    return "".join(out)


utils.text_command("nb-numa", numa_text,
                   """Print the NUMA topology the kernel installed: nodes, memory ranges, CPUs, distances.""")
