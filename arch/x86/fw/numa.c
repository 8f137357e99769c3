/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * x86 NUMA setup with the rules of Linux's arch/x86/mm/numa.c: the
 * numa_meminfo and its clean-up, the distance table, numa_init() with its
 * fallbacks, and the hand-over to mm/ (numa_register_topology()).
 *
 * Invariants:
 *  - numa_meminfo.nr_blks <= NR_NODE_MEMBLKS, and every block in use has
 *    start <= end and 0 <= nid < MAX_NUMNODES (numa_add_memblk_to() refuses
 *    anything else);
 *  - after numa_cleanup_meminfo() succeeds, blocks of different nodes do
 *    not overlap and every block lies in [0, max_pfn) and is non-empty;
 *  - numa_distance holds numa_distance_cnt^2 entries, 10 on the diagonal.
 */
#include <kernel/types.h>
#include <kernel/compiler.h>
#include <kernel/errno.h>
#include <kernel/printk.h>
#include <kernel/panic.h>
#include <kernel/params.h>
#include <lib/string.h>
#include <lib/sort.h>
#include <mm/memblock.h>
#include <mm/numa.h>
#include <asm/acpi.h>
#include <asm/numa.h>

#define PHYS_ADDR_MAX		(~(phys_addr_t)0)
#define NODE_DATA_ALIGN		64	/* Linux's SMP_CACHE_BYTES */

bool numa_off;
nodemask_t numa_nodes_parsed;
struct numa_meminfo numa_meminfo;
struct numa_meminfo numa_reserved_meminfo;
u64 numa_max_pfn;
size_t numa_node_data_size;

static phys_addr_t node_data_phys[MAX_NUMNODES];
static s16 apicid_node_map[MAX_LOCAL_APIC];
static nodemask_t node_possible_map, node_online_map;

static u8 numa_distance[MAX_NUMNODES * MAX_NUMNODES];
static int numa_distance_cnt;
static bool warned_dist_bounds, warned_dist_value;

/* Hotpluggable SRAT ranges, applied to memblock once a configuration is registered. */
static struct {
	u64 start, end;
} hotplug_ranges[NR_NODE_MEMBLKS];
static unsigned int nr_hotplug_ranges;

static struct numa_topology built;

/* ---- options ---- */

int numa_parse_option(const char *val)
{
	if (!val)
		return -EINVAL;
	if (!strcmp(val, "off")) {
		numa_off = true;
		return 0;
	}
	if (!strcmp(val, "noacpi")) {
		disable_srat();
		return 0;
	}
	if (!strcmp(val, "nohmat")) {
		disable_hmat();
		return 0;
	}
	if (str_has_prefix(val, "fake="))
		return numa_emu_cmdline(val + 5);
	return -EINVAL;
}

static int numa_setup(const char *val)
{
	return numa_parse_option(val);
}
early_param("numa", numa_setup);

void numa_reset_options(void)
{
	numa_off = false;
	srat_reset_option();
	hmat_reset_option();
	numa_emu_reset();
}

/* ---- the APIC id -> node map ---- */

void set_apicid_to_node(u32 apicid, int node)
{
	if (WARN_ON(apicid >= MAX_LOCAL_APIC))
		return;
	BUG_ON(node != NUMA_NO_NODE && (node < 0 || node >= MAX_NUMNODES));
	apicid_node_map[apicid] = (s16)node;
}

int apicid_to_node(u32 apicid)
{
	return apicid < MAX_LOCAL_APIC ? apicid_node_map[apicid] : NUMA_NO_NODE;
}

/* ---- the meminfo ---- */

int numa_add_memblk_to(int nid, u64 start, u64 end, struct numa_meminfo *mi)
{
	if (start == end)
		return 0;
	if (start > end || nid < 0 || nid >= MAX_NUMNODES) {
		pr_warn("NUMA: Warning: invalid memblk node %d [mem %#010llx-%#010llx]\n",
			nid, (unsigned long long)start, (unsigned long long)end - 1);
		return 0;
	}
	if (mi->nr_blks >= NR_NODE_MEMBLKS) {
		pr_err("NUMA: too many memblk ranges\n");
		return -EINVAL;
	}
	mi->blk[mi->nr_blks].start = start;
	mi->blk[mi->nr_blks].end = end;
	mi->blk[mi->nr_blks].nid = nid;
	mi->nr_blks++;
	return 0;
}

int numa_add_memblk(int nid, u64 start, u64 end)
{
	return numa_add_memblk_to(nid, start, end, &numa_meminfo);
}

void numa_remove_memblk_from(int idx, struct numa_meminfo *mi)
{
	BUG_ON(idx < 0 || idx >= mi->nr_blks);
	mi->nr_blks--;
	memmove(&mi->blk[idx], &mi->blk[idx + 1], (size_t)(mi->nr_blks - idx) * sizeof(mi->blk[0]));
}

/* Keep what cannot be RAM for reference; when that list is full the block is just dropped. */
static void numa_keep_reserved(int nid, u64 start, u64 end)
{
	struct numa_meminfo *r = &numa_reserved_meminfo;

	if (start < end && r->nr_blks < NR_NODE_MEMBLKS) {
		r->blk[r->nr_blks].start = start;
		r->blk[r->nr_blks].end = end;
		r->blk[r->nr_blks].nid = nid;
		r->nr_blks++;
	}
}

int numa_cleanup_meminfo(struct numa_meminfo *mi)
{
	const u64 low = 0;
	const u64 high = NUMA_PFN_PHYS(numa_max_pfn);
	int i, j, k;

	BUG_ON(mi->nr_blks < 0 || mi->nr_blks > NR_NODE_MEMBLKS);

	/* First trim: set aside blocks without RAM, clip the others to [0, max_pfn). */
	for (i = 0; i < mi->nr_blks; i++) {
		struct numa_memblk *bi = &mi->blk[i];

		if (!memblock_overlaps_region(&memblock.memory, bi->start, bi->end - bi->start)) {
			numa_keep_reserved(bi->nid, bi->start, bi->end);
			numa_remove_memblk_from(i--, mi);
			continue;
		}
		bi->start = max(bi->start, low);
		if (bi->end > high) {
			numa_keep_reserved(bi->nid, max(high, bi->start), bi->end);
			bi->end = high;
		}
		if (bi->start >= bi->end)
			numa_remove_memblk_from(i--, mi);
	}

	/* Then merge neighbouring and overlapping blocks of one node. */
	for (i = 0; i < mi->nr_blks; i++) {
		struct numa_memblk *bi = &mi->blk[i];

		for (j = i + 1; j < mi->nr_blks; j++) {
			struct numa_memblk *bj = &mi->blk[j];
			u64 start, end;

			if (bi->end > bj->start && bi->start < bj->end) {
				if (bi->nid != bj->nid) {
					pr_err("NUMA: node %d [mem %#010llx-%#010llx] overlaps with node %d [mem %#010llx-%#010llx]\n",
					       bi->nid, (unsigned long long)bi->start,
					       (unsigned long long)bi->end - 1, bj->nid,
					       (unsigned long long)bj->start,
					       (unsigned long long)bj->end - 1);
					return -EINVAL;
				}
				pr_warn("NUMA: Warning: node %d [mem %#010llx-%#010llx] overlaps with itself [mem %#010llx-%#010llx]\n",
					bi->nid, (unsigned long long)bi->start,
					(unsigned long long)bi->end - 1, (unsigned long long)bj->start,
					(unsigned long long)bj->end - 1);
			}

			/* Join blocks of one node unless the span between them holds another node's. */
			if (bi->nid != bj->nid)
				continue;
			start = min(bi->start, bj->start);
			end = max(bi->end, bj->end);
			for (k = 0; k < mi->nr_blks; k++) {
				struct numa_memblk *bk = &mi->blk[k];

				if (bi->nid == bk->nid)
					continue;
				if (start < bk->end && end > bk->start)
					break;
			}
			if (k < mi->nr_blks)
				continue;
			printk(KERN_INFO "NUMA: Node %d [mem %#010llx-%#010llx] + [mem %#010llx-%#010llx] -> [mem %#010llx-%#010llx]\n",
			       bi->nid, (unsigned long long)bi->start, (unsigned long long)bi->end - 1,
			       (unsigned long long)bj->start, (unsigned long long)bj->end - 1,
			       (unsigned long long)start, (unsigned long long)end - 1);
			bi->start = start;
			bi->end = end;
			numa_remove_memblk_from(j--, mi);
		}
	}

	for (i = mi->nr_blks; i < NR_NODE_MEMBLKS; i++) {
		mi->blk[i].start = mi->blk[i].end = 0;
		mi->blk[i].nid = NUMA_NO_NODE;
	}
	return 0;
}

static nodemask_t numa_nodemask_from_meminfo(const struct numa_meminfo *mi)
{
	nodemask_t mask = NODE_MASK_NONE;
	int i;

	for (i = 0; i < mi->nr_blks; i++)
		if (mi->blk[i].start != mi->blk[i].end && mi->blk[i].nid != NUMA_NO_NODE)
			node_set(mi->blk[i].nid, mask);
	return mask;
}

void numa_note_hotplug(u64 start, u64 end)
{
	if (start >= end)
		return;
	if (nr_hotplug_ranges >= ARRAY_SIZE(hotplug_ranges)) {
		pr_warn("NUMA: too many hotplug ranges, [mem %#010llx-%#010llx] not marked\n",
			(unsigned long long)start, (unsigned long long)end - 1);
		return;
	}
	hotplug_ranges[nr_hotplug_ranges].start = start;
	hotplug_ranges[nr_hotplug_ranges].end = end;
	nr_hotplug_ranges++;
}

/* ---- distances ---- */

void numa_reset_distance(void)
{
	numa_distance_cnt = 0;
	warned_dist_bounds = false;
	warned_dist_value = false;
}

static void numa_alloc_distance(void)
{
	nodemask_t nodes, in_meminfo = numa_nodemask_from_meminfo(&numa_meminfo);
	int i, j, cnt;

	nodes_or(nodes, numa_nodes_parsed, in_meminfo);
	cnt = nodes_empty(nodes) ? 1 : last_node(nodes) + 1;

	BUG_ON(cnt > MAX_NUMNODES);
	for (i = 0; i < cnt; i++)
		for (j = 0; j < cnt; j++)
			numa_distance[i * cnt + j] = i == j ? LOCAL_DISTANCE : REMOTE_DISTANCE;
	numa_distance_cnt = cnt;
	printk(KERN_DEBUG "NUMA: Initialized distance table, cnt=%d\n", cnt);
}

void numa_set_distance(int from, int to, int distance)
{
	if (!numa_distance_cnt)
		numa_alloc_distance();

	if (from >= numa_distance_cnt || to >= numa_distance_cnt || from < 0 || to < 0) {
		if (!warned_dist_bounds)
			pr_warn("NUMA: Warning: node ids are out of bound, from=%d to=%d distance=%d\n",
				from, to, distance);
		warned_dist_bounds = true;
		return;
	}
	if ((u8)distance != distance || (from == to && distance != LOCAL_DISTANCE)) {
		if (!warned_dist_value)
			pr_warn("NUMA: Warning: invalid distance parameter, from=%d to=%d distance=%d\n",
				from, to, distance);
		warned_dist_value = true;
		return;
	}
	numa_distance[from * numa_distance_cnt + to] = (u8)distance;
}

int numa_arch_distance(int from, int to)
{
	if (from < 0 || to < 0 || from >= numa_distance_cnt || to >= numa_distance_cnt)
		return from == to ? LOCAL_DISTANCE : REMOTE_DISTANCE;
	return numa_distance[from * numa_distance_cnt + to];
}

int numa_distance_count(void)
{
	return numa_distance_cnt;
}

/* ---- registration ---- */

static u64 present_pages(u64 start_pfn, u64 end_pfn, int nid)
{
	phys_addr_t s, e;
	u64 idx = 0, pages = 0;

	while (memblock_next_mem_range(&idx, nid, &s, &e, NULL)) {
		u64 rs = max((u64)NUMA_PFN_UP(s), start_pfn);
		u64 re = min((u64)NUMA_PFN_DOWN(e), end_pfn);

		if (rs < re)
			pages += re - rs;
	}
	return pages;
}

u64 numa_present_pages(u64 start_pfn, u64 end_pfn)
{
	return present_pages(start_pfn, end_pfn, NUMA_NO_NODE);
}

/* Linux's numa_meminfo_cover_memory(): nodes must hold all RAM below max_pfn, give or take 1 MiB. */
static bool numa_meminfo_cover_memory(const struct numa_meminfo *mi)
{
	u64 numaram = 0, e820ram;
	int i;

	for (i = 0; i < mi->nr_blks; i++)
		numaram += present_pages(NUMA_PFN_DOWN(mi->blk[i].start),
					 NUMA_PFN_DOWN(mi->blk[i].end), mi->blk[i].nid);
	e820ram = present_pages(0, numa_max_pfn, NUMA_NO_NODE);

	if ((s64)(e820ram - numaram) >= (s64)(1 << (20 - NUMA_PAGE_SHIFT))) {
		printk(KERN_ERR "NUMA: nodes only cover %lluMB of your %lluMB e820 RAM. Not used.\n",
		       (unsigned long long)((numaram << NUMA_PAGE_SHIFT) >> 20),
		       (unsigned long long)((e820ram << NUMA_PAGE_SHIFT) >> 20));
		return false;
	}
	return true;
}

static bool node_has_reservations(int nid)
{
	const struct memblock_type *rsv = &memblock.reserved;
	unsigned long i;

	for (i = 0; i < rsv->cnt; i++)
		if (rsv->regions[i].nid == nid)
			return true;
	return false;
}

/* The node of the meminfo block holding @addr, or NUMA_NO_NODE. */
static int meminfo_to_nid(const struct numa_meminfo *mi, u64 addr)
{
	int i;

	for (i = 0; i < mi->nr_blks; i++)
		if (mi->blk[i].start <= addr && addr < mi->blk[i].end)
			return mi->blk[i].nid;
	return NUMA_NO_NODE;
}

static void numa_apply_hotplug(const struct numa_meminfo *mi)
{
	unsigned int i;

	for (i = 0; i < nr_hotplug_ranges; i++) {
		u64 s = hotplug_ranges[i].start, e = hotplug_ranges[i].end;
		int nid = meminfo_to_nid(mi, s);

		/* The kernel's own nodes (those with reservations) stay unpluggable. */
		if (nid == NUMA_NO_NODE || node_has_reservations(nid))
			continue;
		if (memblock_mark_hotplug(s, e - s))
			pr_warn("ACPI: SRAT: Failed to mark hotplug range [mem %#010llx-%#010llx] in memblock\n",
				(unsigned long long)s, (unsigned long long)e - 1);
	}
}

static int numa_register_memblks(struct numa_meminfo *mi)
{
	int i, nid;

	/* Nodes with CPUs and no memory count too. */
	nodemask_t in_meminfo = numa_nodemask_from_meminfo(mi);

	nodes_or(node_possible_map, numa_nodes_parsed, in_meminfo);
	if (WARN_ON(nodes_empty(node_possible_map)))
		return -EINVAL;

	for (i = 0; i < mi->nr_blks; i++) {
		struct numa_memblk *mb = &mi->blk[i];

		memblock_set_node(mb->start, mb->end - mb->start, &memblock.memory, mb->nid);
		memblock_set_node(mb->start, mb->end - mb->start, &memblock.reserved, mb->nid);
	}

	if (!numa_meminfo_cover_memory(mi))
		return -EINVAL;

	nodes_clear(node_online_map);
	for (nid = 0; nid < MAX_NUMNODES; nid++) {
		u64 start = PHYS_ADDR_MAX, end = 0;

		if (!node_isset(nid, node_possible_map))
			continue;
		for (i = 0; i < mi->nr_blks; i++) {
			if (mi->blk[i].nid != nid)
				continue;
			start = min(mi->blk[i].start, start);
			end = max(mi->blk[i].end, end);
		}
		if (start < end)
			node_set(nid, node_online_map);
	}
	numa_apply_hotplug(mi);
	return 0;
}

/*
 * DISCONTIGMEM keeps one memmap per node over the node's whole span, and
 * its pfn -> node map one node per pageblock: nodes whose spans interleave
 * (an SRAT alternating PXM 0 and 1 every 16 MiB) would give a pfn two
 * struct pages. Refuse such a layout; numa_init()'s caller then falls back
 * to one node, as Linux does with a NUMA configuration it cannot use.
 */
static int __maybe_unused numa_check_node_spans(const struct numa_meminfo *mi)
{
	u64 start[MAX_NUMNODES], end[MAX_NUMNODES];
	int i, a, b;

	for (a = 0; a < MAX_NUMNODES; a++) {
		start[a] = ~0ULL;
		end[a] = 0;
	}
	for (i = 0; i < mi->nr_blks; i++) {
		a = mi->blk[i].nid;
		start[a] = min(start[a], mi->blk[i].start);
		end[a] = max(end[a], mi->blk[i].end);
	}
	for (a = 0; a < MAX_NUMNODES; a++) {
		for (b = a + 1; b < MAX_NUMNODES; b++) {
			if (start[a] >= end[a] || start[b] >= end[b] ||
			    start[a] >= end[b] || start[b] >= end[a])
				continue;
			pr_err("NUMA: node %d [mem %#010llx-%#010llx] and node %d [mem %#010llx-%#010llx] interleave: DISCONTIGMEM keeps one memmap per node span, falling back to one node\n",
			       a, (unsigned long long)start[a], (unsigned long long)end[a] - 1, b,
			       (unsigned long long)start[b], (unsigned long long)end[b] - 1);
			return -EINVAL;
		}
	}
	return 0;
}

static int numa_init(int (*init_func)(void))
{
	int ret;

	memset(apicid_node_map, 0xff, sizeof(apicid_node_map));
	BUILD_BUG_ON(NUMA_NO_NODE != -1);	/* 0xffff per entry above */
	nodes_clear(numa_nodes_parsed);
	nodes_clear(node_possible_map);
	nodes_clear(node_online_map);
	nr_hotplug_ranges = 0;
	memset(&numa_meminfo, 0, sizeof(numa_meminfo));
	memset(&numa_reserved_meminfo, 0, sizeof(numa_reserved_meminfo));
	WARN_ON(memblock_set_node(0, PHYS_ADDR_MAX, &memblock.memory, NUMA_NO_NODE));
	WARN_ON(memblock_set_node(0, PHYS_ADDR_MAX, &memblock.reserved, NUMA_NO_NODE));
	numa_reset_distance();

	ret = init_func();
	if (ret < 0)
		return ret;
	ret = numa_cleanup_meminfo(&numa_meminfo);
	if (ret < 0)
		return ret;
	numa_emulation(&numa_meminfo, numa_distance_cnt);
#ifdef CONFIG_MEMMODEL_DISCONTIG
	ret = numa_check_node_spans(&numa_meminfo);
	if (ret < 0)
		return ret;
#endif
	return numa_register_memblks(&numa_meminfo);
}

static int dummy_numa_init(void)
{
	printk(KERN_INFO "%s\n", numa_off ? "NUMA turned off" : "No NUMA configuration found");
	printk(KERN_INFO "Faking a node at [mem %#018llx-%#018llx]\n", 0ULL,
	       (unsigned long long)(NUMA_PFN_PHYS(numa_max_pfn) - 1));
	node_set(0, numa_nodes_parsed);
	numa_add_memblk(0, 0, NUMA_PFN_PHYS(numa_max_pfn));
	return 0;
}

/*
 * CPUs: first round-robin over the nodes with memory by logical id (Linux's
 * numa_init_array()), then the node the APIC id map names, which brings a
 * memoryless node online (Linux's init_cpu_to_node()).
 */
static void numa_assign_cpus(struct numa_topology *t)
{
	const struct acpi_madt_cpus *m = acpi_madt_cpus();
	int online[MAX_NUMNODES], nr_online = 0, nid;
	unsigned int cpu;

	for (nid = 0; nid < MAX_NUMNODES; nid++)
		if (node_isset(nid, node_online_map))
			online[nr_online++] = nid;

	t->nr_cpus = m->nr_cpus;
	for (cpu = 0; cpu < m->nr_cpus; cpu++) {
		int node = apicid_to_node(m->apicid[cpu]);

		t->cpu_apicid[cpu] = m->apicid[cpu];
		t->cpu_to_node[cpu] = nr_online ? online[cpu % nr_online] : 0;
		if (node == NUMA_NO_NODE)
			continue;
		node_set(node, node_online_map);
		t->cpu_to_node[cpu] = node;
	}
}

static int cmp_range(const void *a, const void *b)
{
	const struct numa_memrange *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

static void numa_build_topology(struct numa_topology *t)
{
	nodemask_t nodes;
	unsigned int i, j;
	int b;

	nodes_or(nodes, node_possible_map, node_online_map);
	memset(t, 0, sizeof(*t));
	t->nr_nodes = nodes_empty(nodes) ? 1 : (unsigned int)last_node(nodes) + 1;
	for (b = 0; b < numa_meminfo.nr_blks; b++) {
		t->ranges[t->nr_ranges].start = numa_meminfo.blk[b].start;
		t->ranges[t->nr_ranges].end = numa_meminfo.blk[b].end;
		t->ranges[t->nr_ranges].nid = numa_meminfo.blk[b].nid;
		t->nr_ranges++;
	}
	sort(t->ranges, t->nr_ranges, sizeof(t->ranges[0]), cmp_range);
	for (i = 0; i < t->nr_nodes; i++)
		for (j = 0; j < t->nr_nodes; j++)
			t->distance[i][j] = (u8)numa_arch_distance((int)i, (int)j);
	numa_assign_cpus(t);
}

phys_addr_t numa_node_data_phys(int nid)
{
	return nid >= 0 && nid < MAX_NUMNODES ? node_data_phys[nid] : 0;
}

void numa_print_node_data(int nid, phys_addr_t start, phys_addr_t size)
{
	u64 idx = 0;
	phys_addr_t s, e;
	int tnid = NUMA_NO_NODE, rnid;

	printk(KERN_INFO "NODE_DATA(%d) allocated [mem %#010llx-%#010llx]\n", nid,
	       (unsigned long long)start, (unsigned long long)(start + size - 1));
	while (memblock_next_mem_range(&idx, NUMA_NO_NODE, &s, &e, &rnid)) {
		if (s <= start && start < e) {
			tnid = rnid;
			break;
		}
	}
	if (tnid != nid)
		printk(KERN_INFO "    NODE_DATA(%d) on node %d\n", nid, tnid);
}

void numa_set_node_data_phys(int nid, phys_addr_t pa)
{
	BUG_ON(nid < 0 || nid >= MAX_NUMNODES);
	node_data_phys[nid] = pa;
}

bool numa_node_data_wanted(int nid)
{
	u64 start = ~0ULL, end = 0;
	int i;

	if (nid < 0 || nid >= MAX_NUMNODES)
		return false;
	for (i = 0; i < numa_meminfo.nr_blks; i++) {
		if (numa_meminfo.blk[i].nid != nid)
			continue;
		start = min(start, numa_meminfo.blk[i].start);
		end = max(end, numa_meminfo.blk[i].end);
	}
	/*
	 * A node without memory gets its pgdat later (setup_node_data()).
	 * Every node with memory gets one here, however small: the Linux 6.1
	 * of the reference (Debian 6.1.0-56) has no 4 MiB minimum node size
	 * any more (upstream 6.1.0's NODE_MIN_SIZE), so a 2 MiB node is online
	 * and not "memoryless" (tests/machines/tiny-node).
	 */
	(void)start;
	return end != 0;
}

void numa_alloc_node_data(void)
{
	int nid;

	if (!numa_node_data_size)
		return;
	for (nid = 0; nid < MAX_NUMNODES; nid++) {
		phys_addr_t pa;

		if (node_data_phys[nid] || !numa_node_data_wanted(nid))
			continue;
		pa = memblock_phys_alloc_try_nid(numa_node_data_size, NODE_DATA_ALIGN, nid);
		if (!pa) {
			pr_err("Cannot find %zu bytes in any node (initial node: %d)\n",
			       numa_node_data_size, nid);
			continue;
		}
		node_data_phys[nid] = pa;
		numa_print_node_data(nid, pa, numa_node_data_size);
	}
}

int x86_numa_init(void)
{
	int ret;

	numa_max_pfn = NUMA_PFN_DOWN(memblock_end_of_DRAM());
	memset(node_data_phys, 0, sizeof(node_data_phys));
	acpi_numa_reset();

	if (numa_off || numa_init(x86_acpi_numa_init) < 0) {
		ret = numa_init(dummy_numa_init);
		/* One node over all of RAM covers it by construction. */
		WARN(ret < 0, "NUMA: the single-node fallback failed (%d)\n", ret);
	}

	numa_build_topology(&built);
	ret = numa_register_topology(&built);
	if (ret < 0) {
		pr_err("NUMA: the topology was refused (%d), mm keeps a single node\n", ret);
		return ret;
	}
	numa_alloc_node_data();
	return 0;
}

const struct numa_topology *x86_numa_topology(void)
{
	return &built;
}
