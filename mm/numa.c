/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The NUMA topology hand-over (include/mm/numa.h): validation, the
 * installed copy, the accessors mm/ uses, and dump=numa.
 *
 * Invariants of the installed topology (checked by numa_topology_check()
 * before anything is installed):
 *  - 1 <= nr_nodes <= MAX_NUMNODES, and nr_node_ids == nr_nodes;
 *  - ranges are non-empty, sorted by start, do not overlap, and name a
 *    node below nr_nodes;
 *  - distance[i][i] == LOCAL_DISTANCE, every other distance among the
 *    nr_nodes nodes is at least LOCAL_DISTANCE (numa=fake puts emulated
 *    nodes of one physical node at 10 from each other, as Linux does);
 *  - 1 <= nr_cpus <= NR_CPUS, every CPU on a node below nr_nodes, and APIC
 *    ids distinct.
 * A node may have neither memory nor CPUs (Linux keeps such ids when a
 * firmware node's memory lies beyond RAM).
 */
#define pr_fmt(fmt) "NUMA: " fmt

#include <kernel/types.h>
#include <kernel/compiler.h>
#include <kernel/errno.h>
#include <kernel/printk.h>
#include <kernel/panic.h>
#include <kernel/report.h>
#include <lib/printf.h>
#include <lib/string.h>
#include <mm/numa.h>
#include <mm/memblock.h>
#include <arch/smp.h>

static struct numa_topology installed = {
	.nr_nodes = 1,
	.distance = { [0] = { [0] = LOCAL_DISTANCE } },
	.nr_cpus = 1,
	.cpu_apicid = { 0 },
	.cpu_to_node = { 0 },
};

unsigned int nr_node_ids = 1;

/* Returns NULL if @t may be installed, else a description of the first problem (logged by the caller). */
static const char *numa_topology_check(const struct numa_topology *t, char *why, size_t len)
{
	unsigned int i, j;

	if (t->nr_nodes < 1 || t->nr_nodes > MAX_NUMNODES) {
		snprintf(why, len, "%u nodes (must be 1..%d)", t->nr_nodes, MAX_NUMNODES);
		return why;
	}
	if (t->nr_ranges > NR_NODE_MEMBLKS) {
		snprintf(why, len, "%u ranges (at most %d)", t->nr_ranges, NR_NODE_MEMBLKS);
		return why;
	}
	for (i = 0; i < t->nr_ranges; i++) {
		const struct numa_memrange *r = &t->ranges[i];

		if (r->start >= r->end) {
			snprintf(why, len, "range %u [mem %#010llx-%#010llx) is empty", i,
				 (unsigned long long)r->start, (unsigned long long)r->end);
			return why;
		}
		if (r->nid < 0 || (unsigned int)r->nid >= t->nr_nodes) {
			snprintf(why, len, "range %u is on node %d of %u", i, r->nid, t->nr_nodes);
			return why;
		}
		if (i && r->start < t->ranges[i - 1].end) {
			snprintf(why, len, "range %u [mem %#010llx-%#010llx) is unsorted or overlaps the one before",
				 i, (unsigned long long)r->start, (unsigned long long)r->end);
			return why;
		}
	}
	for (i = 0; i < t->nr_nodes; i++) {
		for (j = 0; j < t->nr_nodes; j++) {
			u8 d = t->distance[i][j];

			if (i == j ? d != LOCAL_DISTANCE : d < LOCAL_DISTANCE) {
				snprintf(why, len, "distance %u -> %u is %u", i, j, d);
				return why;
			}
		}
	}
	if (t->nr_cpus < 1 || t->nr_cpus > NR_CPUS) {
		snprintf(why, len, "%u CPUs (must be 1..%d)", t->nr_cpus, NR_CPUS);
		return why;
	}
	for (i = 0; i < t->nr_cpus; i++) {
		if (t->cpu_to_node[i] < 0 || (unsigned int)t->cpu_to_node[i] >= t->nr_nodes) {
			snprintf(why, len, "CPU %u is on node %d of %u", i, t->cpu_to_node[i],
				 t->nr_nodes);
			return why;
		}
		for (j = 0; j < i; j++) {
			if (t->cpu_apicid[j] == t->cpu_apicid[i]) {
				snprintf(why, len, "CPUs %u and %u share APIC id %#x", j, i,
					 t->cpu_apicid[i]);
				return why;
			}
		}
	}
	return NULL;
}

int numa_register_topology(const struct numa_topology *topo)
{
	char why[128];

	if (!topo) {
		pr_err("no topology to register\n");
		return -EINVAL;
	}
	if (numa_topology_check(topo, why, sizeof(why))) {
		pr_err("invalid topology (%s), keeping the previous one\n", why);
		return -EINVAL;
	}
	installed = *topo;
	nr_node_ids = installed.nr_nodes;
	return 0;
}

const struct numa_topology *numa_topology(void)
{
	return &installed;
}

int node_distance(int from, int to)
{
	if (from < 0 || to < 0 || (unsigned int)from >= installed.nr_nodes ||
	    (unsigned int)to >= installed.nr_nodes)
		return from == to ? LOCAL_DISTANCE : REMOTE_DISTANCE;
	return installed.distance[from][to];
}

int cpu_to_node(unsigned int cpu)
{
	if (cpu >= installed.nr_cpus)
		return NUMA_NO_NODE;
	return installed.cpu_to_node[cpu];
}

bool node_has_memory(int nid)
{
	unsigned int i;

	for (i = 0; i < installed.nr_ranges; i++)
		if (installed.ranges[i].nid == nid)
			return true;
	return false;
}

nodemask_t numa_nodes_with_memory(void)
{
	nodemask_t m = NODE_MASK_NONE;

	for (unsigned int n = 0; n < installed.nr_nodes; n++)
		if (node_has_memory((int)n))
			node_set((int)n, m);
	return m;
}

bool node_has_cpus(int nid)
{
	unsigned int i;

	for (i = 0; i < installed.nr_cpus; i++)
		if (installed.cpu_to_node[i] == nid)
			return true;
	return false;
}

/* ---- dump=numa: numactl --hardware ---- */

int node_list_scnprintf(char *buf, size_t size, const nodemask_t *mask)
{
	int n = 0;
	size_t len = 0;

	if (size)
		buf[0] = '\0';
	while (n < MAX_NUMNODES) {
		int start;

		if (!node_isset(n, *mask)) {
			n++;
			continue;
		}
		start = n;
		while (n + 1 < MAX_NUMNODES && node_isset(n + 1, *mask))
			n++;
		len += (size_t)scnprintf(buf + len, size - len, len ? ",%d" : "%d", start);
		if (n > start)
			len += (size_t)scnprintf(buf + len, size - len, "-%d", n);
		n++;
	}
	return (int)len;
}

/* Print @mask as numactl's node list: "0-3", "0,2-3". */
static void print_node_list(const nodemask_t *mask)
{
	char buf[NODE_LIST_BUF];

	node_list_scnprintf(buf, sizeof(buf), mask);
	printk_raw("%s", buf);
}

static u64 node_mem_bytes(int nid, bool free_only)
{
	phys_addr_t start, end;
	u64 idx = 0, total = 0;

	if (free_only) {
		while (memblock_next_free_range(&idx, nid, &start, &end, NULL))
			total += end - start;
	} else {
		while (memblock_next_mem_range(&idx, nid, &start, &end, NULL))
			total += end - start;
	}
	return total;
}

/*
 * As numactl --hardware prints it: "available", the per-node blocks and the
 * distance matrix cover every online node (libnuma's numa_nodes_ptr: the
 * node directories in sysfs), memory or CPUs; a CPU-only node shows
 * "size: 0 MB" and "free: 0 MB". "node N cpus:" lists
 * the node's online CPUs (all of them once smp_init() ran; hosted, every
 * CPU counts as online). Sizes and free memory come from memblock for now.
 */
static void numa_dump_show(void)
{
	const struct numa_topology *t = &installed;
	nodemask_t online = NODE_MASK_NONE;
	unsigned int n, k, count = 0;

	for (n = 0; n < t->nr_nodes; n++) {
		if (node_has_memory((int)n) || node_has_cpus((int)n)) {
			node_set((int)n, online);
			count++;
		}
	}

	printk_raw("available: %u nodes (", count);
	print_node_list(&online);
	printk_raw(")\n");
	for (n = 0; n < t->nr_nodes; n++) {
		if (!node_isset((int)n, online))
			continue;
		printk_raw("node %u cpus:", n);
		for (k = 0; k < t->nr_cpus; k++)
			if (t->cpu_to_node[k] == (int)n && cpu_online(k))
				printk_raw(" %u", k);
		printk_raw("\n");
		printk_raw("node %u size: %llu MB\n", n,
			   (unsigned long long)(node_mem_bytes((int)n, false) >> 20));
		printk_raw("node %u free: %llu MB\n", n,
			   (unsigned long long)(node_mem_bytes((int)n, true) >> 20));
	}
	printk_raw("node distances:\n");
	printk_raw("node ");
	for (n = 0; n < t->nr_nodes; n++)
		if (node_isset((int)n, online))
			printk_raw("% 3d ", (int)n);
	printk_raw("\n");
	for (n = 0; n < t->nr_nodes; n++) {
		if (!node_isset((int)n, online))
			continue;
		printk_raw("% 3d: ", (int)n);
		for (k = 0; k < t->nr_nodes; k++)
			if (node_isset((int)k, online))
				printk_raw("% 3d ", node_distance((int)n, (int)k));
		printk_raw("\n");
	}
}
DEFINE_DUMP(numa, "numa", numa_dump_show,
	    "NUMA nodes, CPUs, memory and distances, as numactl --hardware prints them");
