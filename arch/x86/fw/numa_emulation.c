/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * NUMA emulation (numa=fake=), with the rules of Linux's
 * arch/x86/mm/numa_emulation.c:
 *  - numa=fake=N: N nodes of equal usable size (holes not counted),
 *    interleaved over the physical nodes, sizes in multiples of 32 MiB
 *    (the remainder makes the first nodes 32 MiB bigger);
 *  - numa=fake=<size>[MG]: as many nodes of at least that size as fit (at
 *    most MAX_NUMNODES: the size grows if needed), interleaved likewise;
 *  - numa=fake=NU: each physical node split into N nodes.
 * A node never leaves less than 32 MiB below 4 GiB or less than a node's
 * size at the end of its physical node: it is stretched instead.
 * Emulated nodes take the distances of the physical nodes beneath them;
 * CPUs go to the first emulated node of their physical node.
 *
 * Invariant: every emulated block lies inside the physical block it was
 * cut from, so emulated blocks never overlap each other.
 */
#include <kernel/types.h>
#include <kernel/compiler.h>
#include <kernel/errno.h>
#include <kernel/printk.h>
#include <kernel/panic.h>
#include <lib/string.h>
#include <lib/parse.h>
#include <mm/numa.h>
#include <asm/numa.h>

#define FAKE_NODE_MIN_SIZE	((u64)32 << 20)
#define FAKE_NODE_MIN_HASH_MASK	(~(FAKE_NODE_MIN_SIZE - 1ULL))

static char emu_cmdline[NUMA_EMU_CMDLINE_MAX];
static int emu_nid_to_phys[MAX_NUMNODES];
static bool emu_active;

void numa_emu_reset(void)
{
	emu_cmdline[0] = '\0';
}

/*
 * Accept what numa=fake= may say: "N", "N:..." (Linux's distance list,
 * ignored here), "NU", or a size with an M or G suffix.
 */
int numa_emu_cmdline(const char *str)
{
	unsigned long long v;
	const char *end;

	if (!str || !*str)
		return -EINVAL;
	if (strlen(str) >= sizeof(emu_cmdline))
		return -E2BIG;
	if (strchr(str, 'U')) {
		if (parse_ull(str, &end, 0, &v) || v == 0 || strcmp(end, "U"))
			return -EINVAL;
	} else if (strchr(str, 'M') || strchr(str, 'G')) {
		if (memparse_checked(str, &end, &v) || *end || v == 0)
			return -EINVAL;
		if (end[-1] != 'M' && end[-1] != 'G')
			return -EINVAL;
	} else {
		if (parse_ull(str, &end, 0, &v) || v == 0 || (*end && *end != ':'))
			return -EINVAL;
	}
	strscpy(emu_cmdline, str, sizeof(emu_cmdline));
	return 0;
}

int numa_emu_nid_to_phys(int nid)
{
	if (nid < 0 || nid >= MAX_NUMNODES)
		return NUMA_NO_NODE;
	return emu_active ? emu_nid_to_phys[nid] : nid;
}

static int emu_find_memblk_by_nid(int nid, const struct numa_meminfo *mi)
{
	int i;

	for (i = 0; i < mi->nr_blks; i++)
		if (mi->blk[i].nid == nid)
			return i;
	return -ENOENT;
}

/* Bytes of [start, end) that are not memblock memory (whole pages inside the range). */
static u64 mem_hole_size(u64 start, u64 end)
{
	u64 start_pfn = NUMA_PFN_UP(start), end_pfn = NUMA_PFN_DOWN(end);

	if (start_pfn < end_pfn)
		return NUMA_PFN_PHYS(end_pfn - start_pfn - numa_present_pages(start_pfn, end_pfn));
	return 0;
}

/* Cut @size bytes off the front of physical block @phys_blk into emulated node @nid. */
static int emu_setup_memblk(struct numa_meminfo *ei, struct numa_meminfo *pi,
			    int nid, int phys_blk, u64 size)
{
	struct numa_memblk *eb, *pb = &pi->blk[phys_blk];

	if (ei->nr_blks >= NR_NODE_MEMBLKS) {
		pr_err("NUMA: Too many emulated memblks, failing emulation\n");
		return -EINVAL;
	}
	BUG_ON(nid < 0 || nid >= MAX_NUMNODES);
	BUG_ON(size == 0 || size > pb->end - pb->start);
	eb = &ei->blk[ei->nr_blks++];
	eb->start = pb->start;
	eb->end = pb->start + size;
	eb->nid = nid;

	if (emu_nid_to_phys[nid] == NUMA_NO_NODE)
		emu_nid_to_phys[nid] = pb->nid;

	pb->start += size;
	if (pb->start >= pb->end)
		numa_remove_memblk_from(phys_blk, pi);

	printk(KERN_INFO "Faking node %d at [mem %#018llx-%#018llx] (%lluMB)\n", nid,
	       (unsigned long long)eb->start, (unsigned long long)eb->end - 1,
	       (unsigned long long)((eb->end - eb->start) >> 20));
	return 0;
}

static int first_node_in(nodemask_t mask, int from)
{
	for (; from < MAX_NUMNODES; from++)
		if (node_isset(from, mask))
			return from;
	return MAX_NUMNODES;
}

/*
 * Round-robin over the physical nodes in *@mask: the index in @pi of the
 * block the next emulated node is cut from, on the first node after *@i
 * (-1: from the lowest) that still has one, which becomes *@i; after the
 * highest, a new round. A node without a block left is dropped from *@mask.
 * -1 once *@mask is empty.
 */
static int next_phys_blk(const struct numa_meminfo *pi, nodemask_t *mask, int *i)
{
	while (!nodes_empty(*mask)) {
		int blk;

		*i = first_node_in(*mask, *i + 1);
		if (*i >= MAX_NUMNODES) {
			*i = -1;
			continue;
		}
		blk = emu_find_memblk_by_nid(*i, pi);
		if (blk >= 0)
			return blk;
		node_clear(*i, *mask);
	}
	return -1;
}

/*
 * Where a node from @start ends to hold @size of memory (holes do not
 * count): @end, moved up in 32 MiB steps as needed, but not above @max_addr.
 */
static u64 find_end_of_node(u64 start, u64 end, u64 max_addr, u64 size)
{
	while (end - start - mem_hole_size(start, end) < size) {
		end += FAKE_NODE_MIN_SIZE;
		if (end > max_addr) {
			end = max_addr;
			break;
		}
	}
	return end;
}

/*
 * @end moved up, if need be, so that the node ending there leaves at least
 * 32 MiB of memory below 4 GiB for the next node or takes it all, and (if
 * @rest is not 0) leaves at least @rest of memory before @limit, the end of
 * its physical block, or takes the rest.
 */
static u64 fit_node_end(u64 end, u64 limit, u64 rest)
{
	u64 dma32_end = NUMA_PFN_PHYS(MAX_DMA32_PFN);

	if (end < dma32_end &&
	    dma32_end - end - mem_hole_size(end, dma32_end) < FAKE_NODE_MIN_SIZE)
		end = dma32_end;
	if (rest && end < limit && limit - end - mem_hole_size(end, limit) < rest)
		end = limit;
	return end;
}

/* numa=fake=N: N nodes of equal usable size over [addr, max_addr). */
static int split_nodes_interleave(struct numa_meminfo *ei, struct numa_meminfo *pi,
				  u64 addr, u64 max_addr, u64 nr_nodes_req)
{
	nodemask_t physnode_mask = numa_nodes_parsed;
	int nr_nodes, nid = 0, i = -1, phys_blk, ret;
	u64 size, big;

	if (nr_nodes_req > MAX_NUMNODES) {
		pr_info("numa=fake=%llu too large, reducing to %d\n",
			(unsigned long long)nr_nodes_req, MAX_NUMNODES);
		nr_nodes_req = MAX_NUMNODES;
	}
	nr_nodes = (int)nr_nodes_req;
	if (nr_nodes <= 0)
		return -1;

	size = max_addr - addr - mem_hole_size(addr, max_addr);
	size = NUMA_PFN_PHYS((size >> NUMA_PAGE_SHIFT) / (u64)nr_nodes);
	/* The remainder below 32 MiB, consolidated, makes the first nodes bigger. */
	big = ((size & ~FAKE_NODE_MIN_HASH_MASK) * (u64)nr_nodes) / FAKE_NODE_MIN_SIZE;
	size &= FAKE_NODE_MIN_HASH_MASK;
	if (!size) {
		pr_err("Not enough memory for each node.  NUMA emulation disabled.\n");
		return -1;
	}

	while ((phys_blk = next_phys_blk(pi, &physnode_mask, &i)) >= 0) {
		u64 start = pi->blk[phys_blk].start, limit = pi->blk[phys_blk].end;
		u64 end = start + size;

		if ((u64)nid < big)
			end += FAKE_NODE_MIN_SIZE;
		end = fit_node_end(find_end_of_node(start, end, limit, size), limit, size);
		ret = emu_setup_memblk(ei, pi, nid++ % nr_nodes, phys_blk, min(end, limit) - start);
		if (ret < 0)
			return ret;
	}
	return 0;
}

static u64 uniform_size(u64 max_addr, u64 base, u64 hole, int nr_nodes)
{
	u64 pages = NUMA_PFN_DOWN(max_addr) - NUMA_PFN_DOWN(base) - NUMA_PFN_DOWN(hole);

	return NUMA_PFN_PHYS(pages / (u64)nr_nodes);
}

/*
 * numa=fake=<size> (nr_nodes == 0: nodes of at least @size over all
 * physical nodes), or numa=fake=NU for one physical block (@pblk split
 * into @nr_nodes). Returns the next emulated node id, or < 0.
 */
static int split_nodes_size_interleave_uniform(struct numa_meminfo *ei, struct numa_meminfo *pi,
					       u64 addr, u64 max_addr, u64 size, int nr_nodes,
					       const struct numa_memblk *pblk, int nid)
{
	nodemask_t physnode_mask = numa_nodes_parsed;
	bool uniform = false;
	u64 min_size;
	int i = -1, phys_blk, ret;

	if ((!size && !nr_nodes) || (nr_nodes && !pblk))
		return -1;
	if (!nr_nodes) {
		nr_nodes = MAX_NUMNODES;
	} else {
		if (pblk->nid < 0 || pblk->nid >= MAX_NUMNODES)
			return -1;
		nodes_clear(physnode_mask);
		node_set(pblk->nid, physnode_mask);
		uniform = true;
	}

	if (uniform) {
		min_size = uniform_size(max_addr, addr, 0, nr_nodes);
		size = min_size;
	} else {
		/* At most MAX_NUMNODES nodes: the size grows if it was too small for that. */
		min_size = uniform_size(max_addr, addr, mem_hole_size(addr, max_addr), nr_nodes);
	}
	min_size = ALIGN(max(min_size, FAKE_NODE_MIN_SIZE), FAKE_NODE_MIN_SIZE);
	if (size < min_size) {
		pr_err("Fake node size %lluMB too small, increasing to %lluMB\n",
		       (unsigned long long)(size >> 20), (unsigned long long)(min_size >> 20));
		size = min_size;
	}
	size = ALIGN_DOWN(size, FAKE_NODE_MIN_SIZE);

	while ((phys_blk = next_phys_blk(pi, &physnode_mask, &i)) >= 0) {
		u64 start = pi->blk[phys_blk].start, limit = pi->blk[phys_blk].end;
		u64 end;

		/* numa=fake=NU: @size each, however little is left after one. */
		if (uniform)
			end = fit_node_end(start + size, limit, 0);
		else
			end = fit_node_end(find_end_of_node(start, start + size, limit, size),
					   limit, size);
		ret = emu_setup_memblk(ei, pi, nid++ % MAX_NUMNODES, phys_blk,
				       min(end, limit) - start);
		if (ret < 0)
			return ret;
	}
	return nid;
}

void numa_emulation(struct numa_meminfo *numa_mi, int numa_dist_cnt)
{
	static struct numa_meminfo ei, pi;
	static u8 phys_dist[MAX_NUMNODES * MAX_NUMNODES];
	const u64 max_addr = NUMA_PFN_PHYS(numa_max_pfn);
	int max_emu_nid, dfl_phys_nid, i, j, ret;
	const char *end;
	unsigned long long n;
	u32 apicid;

	emu_active = false;
	if (!emu_cmdline[0])
		return;

	memset(&ei, 0, sizeof(ei));
	pi = *numa_mi;
	for (i = 0; i < MAX_NUMNODES; i++)
		emu_nid_to_phys[i] = NUMA_NO_NODE;

	if (strchr(emu_cmdline, 'U')) {
		nodemask_t physnode_mask = numa_nodes_parsed;
		int nid = 0;

		ret = -1;
		if (parse_ull(emu_cmdline, &end, 0, &n) || n == 0 || n > MAX_NUMNODES) {
			pr_err("numa=fake=%s: bad node count, NUMA emulation disabled\n", emu_cmdline);
			return;
		}
		for (i = first_node_in(physnode_mask, 0); i < MAX_NUMNODES;
		     i = first_node_in(physnode_mask, i + 1)) {
			/*
			 * Each call consumes blk[0]'s node entirely (emu_setup_memblk()
			 * removes spent blocks from the front), so blk[0] is always the
			 * next physical block to split.
			 */
			if (!pi.nr_blks)
				break;
			ret = split_nodes_size_interleave_uniform(&ei, &pi, pi.blk[0].start,
								  pi.blk[0].end, 0, (int)n,
								  &pi.blk[0], nid);
			if (ret < 0)
				break;
			if ((u64)(ret - nid) < n) {
				pr_info("numa_emulation: phys: %d only got %d of %llu nodes, failing\n",
					i, ret - nid, n);
				ret = -1;
				break;
			}
			nid = ret;
		}
	} else if (strchr(emu_cmdline, 'M') || strchr(emu_cmdline, 'G')) {
		unsigned long long size = 0;

		memparse_checked(emu_cmdline, &end, &size);
		ret = split_nodes_size_interleave_uniform(&ei, &pi, 0, max_addr, size, 0, NULL, 0);
	} else {
		n = 0;
		parse_ull(emu_cmdline, &end, 0, &n);
		ret = split_nodes_interleave(&ei, &pi, 0, max_addr, n);
	}
	if (ret < 0)
		return;

	if (numa_cleanup_meminfo(&ei) < 0) {
		pr_warn("NUMA: Warning: constructed meminfo invalid, disabling emulation\n");
		return;
	}

	/* The physical distances, before the table is rebuilt for the emulated nodes. */
	BUG_ON(numa_dist_cnt < 0 || numa_dist_cnt > MAX_NUMNODES);
	for (i = 0; i < numa_dist_cnt; i++)
		for (j = 0; j < numa_dist_cnt; j++)
			phys_dist[i * numa_dist_cnt + j] = (u8)numa_arch_distance(i, j);

	max_emu_nid = 0;
	dfl_phys_nid = NUMA_NO_NODE;
	for (i = 0; i < MAX_NUMNODES; i++) {
		if (emu_nid_to_phys[i] == NUMA_NO_NODE)
			continue;
		max_emu_nid = i;
		if (dfl_phys_nid == NUMA_NO_NODE)
			dfl_phys_nid = emu_nid_to_phys[i];
	}
	if (dfl_phys_nid == NUMA_NO_NODE) {
		pr_warn("NUMA: Warning: can't determine default physical node, disabling emulation\n");
		return;
	}

	/* Commit. */
	*numa_mi = ei;
	nodes_clear(numa_nodes_parsed);
	for (i = 0; i < ei.nr_blks; i++)
		if (ei.blk[i].start != ei.blk[i].end && ei.blk[i].nid != NUMA_NO_NODE)
			node_set(ei.blk[i].nid, numa_nodes_parsed);

	/* A CPU's node becomes the first emulated node on its physical node (0 if none). */
	for (apicid = 0; apicid < MAX_LOCAL_APIC; apicid++) {
		int phys = apicid_to_node(apicid);

		if (phys == NUMA_NO_NODE)
			continue;
		for (j = 0; j < MAX_NUMNODES; j++)
			if (emu_nid_to_phys[j] == phys)
				break;
		set_apicid_to_node(apicid, j < MAX_NUMNODES ? j : 0);
	}

	for (i = 0; i < MAX_NUMNODES; i++)
		if (emu_nid_to_phys[i] == NUMA_NO_NODE)
			emu_nid_to_phys[i] = dfl_phys_nid;

	numa_reset_distance();
	for (i = 0; i < max_emu_nid + 1; i++) {
		for (j = 0; j < max_emu_nid + 1; j++) {
			int physi = emu_nid_to_phys[i], physj = emu_nid_to_phys[j];
			int dist;

			if (physi >= numa_dist_cnt || physj >= numa_dist_cnt)
				dist = physi == physj ? LOCAL_DISTANCE : REMOTE_DISTANCE;
			else
				dist = phys_dist[physi * numa_dist_cnt + physj];
			numa_set_distance(i, j, dist);
		}
	}
	emu_active = true;
}
