/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The zone layout: Linux 6.1's free_area_init(), calculate_node_totalpages()
 * and memmap_init() rules over memblock.memory, their log lines, memmap_init()
 * itself and seed 000's misalignment report, where Linux 6.4+ has them
 * (mm/mm_init.c). See include/mm/mm_init.h.
 *
 * Rules (Linux's, restated):
 *  - The possible range of each zone type except ZONE_MOVABLE is
 *    [previous zone's end, max(max_zone_pfn[z], previous end)), the first
 *    one starting at the first memblock pfn. Equal ends mean "empty".
 *  - A node spans [lowest, highest) pfn of its memblock ranges (0, 0 when
 *    it has none). Each zone of the node spans the intersection of the
 *    node's span and the zone's possible range; present pages are the
 *    memblock pages of that node inside it. Empty zones start at pfn 0.
 *  - Memblock pfn ranges are [PFN_UP(base), PFN_DOWN(end)), empty ones
 *    skipped, as Linux's for_each_mem_pfn_range().
 *
 * Invariants checked after the layout (WARN_ON): per node, zone spans are
 * ordered, do not overlap, lie inside the node span and add up to it;
 * present <= spanned for every zone; node_present_pages equals the node's
 * memblock pages when all of them lie inside the zone ranges.
 */
#include <kernel/types.h>
#include <kernel/compiler.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/report.h>
#include <kernel/spinlock.h>
#include <kernel/list.h>
#include <lib/string.h>
#include <mm/memblock.h>
#include <mm/mmzone.h>
#include <mm/mm_init.h>
#include <mm/vmstat.h>
#include <mm/numa.h>
#include <mm/memory_model.h>
#include <mm/pfn_walk.h>
#include <mm/pageblock-flags.h>
#include <arch/memmap.h>

_Static_assert(pageblock_order <= PFN_SECTION_SHIFT,
	       "a pageblock must not straddle sections (pfn_valid is per pageblock)");
_Static_assert(pageblock_order <= MAX_PAGE_ORDER,
	       "pageblocks are at most MAX_ORDER blocks");

const char *const zone_names[MAX_NR_ZONES] = {
	[ZONE_DMA] = "DMA",
#ifdef CONFIG_ZONE_DMA32
	[ZONE_DMA32] = "DMA32",
#endif
	[ZONE_NORMAL] = "Normal",
#ifdef CONFIG_HIGHMEM
	[ZONE_HIGHMEM] = "HighMem",
#endif
	[ZONE_MOVABLE] = "Movable",
#ifdef CONFIG_ZONE_DEVICE
	[ZONE_DEVICE] = "Device",
#endif
};

struct pglist_data *node_data[MAX_NUMNODES];

nodemask_t free_area_init_offline_nodes;
unsigned int zone_misaligned_count;

/* The possible range of each zone type, from the last free_area_init(). */
static unsigned long arch_zone_lowest_possible_pfn[MAX_NR_ZONES];
static unsigned long arch_zone_highest_possible_pfn[MAX_NR_ZONES];
nodemask_t init_online_nodes;

#define ANY_NODE	MAX_NUMNODES	/* for_each_mem_pfn_range()'s "all nodes" */

/* The node owning a memblock region: untagged memory is node 0's (Linux !NUMA). */
static int region_nid(const struct memblock_region *r)
{
	return r->nid == NUMA_NO_NODE ? 0 : r->nid;
}

/*
 * Linux's for_each_mem_pfn_range(): the next non-empty memblock.memory
 * range of @nid (ANY_NODE: all) at or after region *@idx, as whole pfns.
 * Returns false when there is none.
 */
static bool next_mem_pfn_range(unsigned long *idx, int nid, unsigned long *start_pfn,
			       unsigned long *end_pfn, int *out_nid)
{
	const struct memblock_type *mem = &memblock.memory;

	while (*idx < mem->cnt) {
		const struct memblock_region *r = &mem->regions[(*idx)++];
		unsigned long s = PFN_UP(r->base);
		unsigned long e = PFN_DOWN(r->base + r->size);

		if (s >= e)
			continue;
		if (nid != ANY_NODE && region_nid(r) != nid)
			continue;
		*start_pfn = s;
		*end_pfn = e;
		if (out_nid)
			*out_nid = region_nid(r);
		return true;
	}
	return false;
}

#define for_each_mem_pfn_range(i, nid, s, e, n) \
	for ((i) = 0; next_mem_pfn_range(&(i), (nid), (s), (e), (n)); )

/* A node the caller gave a pgdat; NULL for ids out of range. */
static pg_data_t *node_pgdat(int nid)
{
	if (nid < 0 || (unsigned int)nid >= nr_node_ids || nid >= MAX_NUMNODES)
		return NULL;
	return NODE_DATA(nid);
}

/* [*start, *end) of @nid's memory; both 0 if it has none (Linux's get_pfn_range_for_nid()). */
static void node_pfn_range(int nid, unsigned long *start, unsigned long *end)
{
	unsigned long i, s, e;

	*start = ~0UL;
	*end = 0;
	for_each_mem_pfn_range(i, nid, &s, &e, NULL) {
		*start = min(*start, s);
		*end = max(*end, e);
	}
	if (*start == ~0UL)
		*start = 0;
}

/* Memblock pages of @nid (ANY_NODE: all) inside [start, end). */
static unsigned long node_pages_in_range(int nid, unsigned long start, unsigned long end)
{
	unsigned long i, s, e, pages = 0;

	for_each_mem_pfn_range(i, nid, &s, &e, NULL) {
		s = clamp(s, start, end);
		e = clamp(e, start, end);
		pages += e - s;
	}
	return pages;
}

static void print_zone_ranges(void)
{
	int z;

	pr_info("Zone ranges:\n");
	for (z = 0; z < MAX_NR_ZONES; z++) {
		if (z == ZONE_MOVABLE)
			continue;
		if (arch_zone_lowest_possible_pfn[z] == arch_zone_highest_possible_pfn[z])
			pr_info("  %-8s empty\n", zone_names[z]);
		else
			pr_info("  %-8s [mem %#018llx-%#018llx]\n", zone_names[z],
				(unsigned long long)PFN_PHYS(arch_zone_lowest_possible_pfn[z]),
				(unsigned long long)PFN_PHYS(arch_zone_highest_possible_pfn[z]) - 1);
	}
	/* ZONE_MOVABLE is never carved out (no kernelcore=): the list stays empty. */
	pr_info("Movable zone start for each node\n");
}

static void print_node_ranges(void)
{
	unsigned long i, s, e;
	int nid;

	pr_info("Early memory node ranges\n");
	for_each_mem_pfn_range(i, ANY_NODE, &s, &e, &nid)
		pr_info("  node %3d: [mem %#018llx-%#018llx]\n", nid,
			(unsigned long long)PFN_PHYS(s), (unsigned long long)PFN_PHYS(e) - 1);
}

static void zone_init_free_lists(struct zone *zone)
{
	unsigned int order, t;

	for (order = 0; order < NR_PAGE_ORDERS; order++) {
		for (t = 0; t < MIGRATE_TYPES; t++)
			INIT_LIST_HEAD(&zone->free_area[order].free_list[t]);
		zone->free_area[order].nr_free = 0;
	}
}

/*
 * One node: Linux's free_area_init_node() + calculate_node_totalpages() +
 * the parts of free_area_init_core() that exist here.
 */
static void free_area_init_node(pg_data_t *pgdat, int nid)
{
	unsigned long node_start, node_end, spanned_total = 0, present_total = 0;
	int z;

	node_pfn_range(nid, &node_start, &node_end);

	pgdat->node_id = nid;
	pgdat->node_start_pfn = node_start;
	pgdat->nr_zones = 0;
	if (node_start != node_end)
		pr_info("Initmem setup node %d [mem %#018llx-%#018llx]\n", nid,
			(unsigned long long)PFN_PHYS(node_start),
			node_end ? (unsigned long long)PFN_PHYS(node_end) - 1 : 0ULL);
	else
		pr_info("Initmem setup node %d as memoryless\n", nid);

	for (z = 0; z < MAX_NR_ZONES; z++) {
		struct zone *zone = &pgdat->node_zones[z];
		unsigned long lo = arch_zone_lowest_possible_pfn[z];
		unsigned long hi = arch_zone_highest_possible_pfn[z];
		unsigned long start = 0, end = 0;

		/* The zone's part of the node span: empty when they do not meet. */
		if (node_start != node_end) {
			start = clamp(node_start, lo, hi);
			end = clamp(node_end, lo, hi);
		}

		memset(zone, 0, sizeof(*zone));
		zone->node = nid;
		zone->zone_pgdat = pgdat;
		zone->name = zone_names[z];
		zone->spanned_pages = end - start;
		zone->zone_start_pfn = zone->spanned_pages ? start : 0;
		zone->present_pages = zone->spanned_pages ?
				      node_pages_in_range(nid, start, end) : 0;
		zone->managed_pages = 0;
		spin_lock_init(&zone->lock);
		zone_init_free_lists(zone);

		if (zone->spanned_pages)
			pgdat->nr_zones = z + 1;
		spanned_total += zone->spanned_pages;
		present_total += zone->present_pages;
	}
	pgdat->node_spanned_pages = spanned_total;
	pgdat->node_present_pages = present_total;
}

/* The invariants promised in mmzone.h, for one laid-out node. */
static void check_node_layout(const pg_data_t *pgdat)
{
	unsigned long prev_end = pgdat->node_start_pfn, spanned = 0;
	int z;

	for (z = 0; z < MAX_NR_ZONES; z++) {
		const struct zone *zone = &pgdat->node_zones[z];

		WARN_ON(zone->present_pages > zone->spanned_pages);
		WARN_ON(zone->managed_pages > zone->present_pages);
		if (!zone->spanned_pages)
			continue;
		WARN_ON(zone->zone_start_pfn < prev_end);
		WARN_ON(zone_end_pfn(zone) > pgdat_end_pfn(pgdat));
		prev_end = zone_end_pfn(zone);
		spanned += zone->spanned_pages;
	}
	WARN_ON(spanned != pgdat->node_spanned_pages);
	WARN_ON(pgdat->node_present_pages > pgdat->node_spanned_pages);
}

void free_area_init(const unsigned long max_zone_pfn[MAX_NR_ZONES])
{
	unsigned long start_pfn, end_pfn, i;
	int z, nid;
	bool warned = false;

	/* Zone types' possible ranges, consecutive from the first memblock pfn. */
	memset(arch_zone_lowest_possible_pfn, 0, sizeof(arch_zone_lowest_possible_pfn));
	memset(arch_zone_highest_possible_pfn, 0, sizeof(arch_zone_highest_possible_pfn));
	start_pfn = PFN_DOWN(memblock_start_of_DRAM());
	for (z = 0; z < MAX_NR_ZONES; z++) {
		if (z == ZONE_MOVABLE)
			continue;
		end_pfn = max(max_zone_pfn[z], start_pfn);
		arch_zone_lowest_possible_pfn[z] = start_pfn;
		arch_zone_highest_possible_pfn[z] = end_pfn;
		start_pfn = end_pfn;
	}

	print_zone_ranges();
	print_node_ranges();

	/* Memory whose node has no pgdat is in no zone: say so once. */
	for_each_mem_pfn_range(i, ANY_NODE, &start_pfn, &end_pfn, &nid) {
		if (!node_pgdat(nid) && !warned) {
			warned = true;
			WARN(1, "memory [mem %#018llx-%#018llx] is on node %d, which has no NODE_DATA\n",
			     (unsigned long long)PFN_PHYS(start_pfn),
			     (unsigned long long)PFN_PHYS(end_pfn) - 1, nid);
		}
	}

	nodes_clear(init_online_nodes);
	for (nid = 0; nid < (int)nr_node_ids && nid < MAX_NUMNODES; nid++) {
		pg_data_t *pgdat = NODE_DATA(nid);
		unsigned long s, e;

		if (!pgdat)
			continue;
		node_pfn_range(nid, &s, &e);
		if (s != e && !node_isset(nid, free_area_init_offline_nodes))
			node_set(nid, init_online_nodes);
		else
			pr_info("Initializing node %d as memoryless\n", nid);
		free_area_init_node(pgdat, nid);
		check_node_layout(pgdat);
	}

	memmap_init_report();
	zone_alignment_check();
}

/* ------------------------------------------------------------------------
 * The memmap walk.
 */

static bool section_has_memory(unsigned long section_nr)
{
	unsigned long sec_start = section_nr_to_pfn(section_nr);
	unsigned long sec_end = sec_start + PAGES_PER_SECTION;
	unsigned long i, s, e;

	for_each_mem_pfn_range(i, ANY_NODE, &s, &e, NULL) {
		if (s >= sec_end)
			break;		/* ranges are sorted */
		if (e > sec_start)
			return true;
	}
	return false;
}

bool memblock_section_pfn_valid(unsigned long pfn)
{
	unsigned long nr = pfn_to_section_nr(pfn);

	return nr < NR_MEM_SECTIONS && section_has_memory(nr);
}

/*
 * Linux's init_unavailable_range(): report the valid pageblock-granular
 * parts of the hole [spfn, epfn) as maximal runs.
 */
static void walk_hole(const struct memmap_walk_ops *ops, unsigned long spfn,
		      unsigned long epfn, int nid, int zone)
{
	bool (*valid)(unsigned long) = ops->pfn_valid ? ops->pfn_valid :
				       memblock_section_pfn_valid;
	unsigned long pfn = spfn, run_start = 0, pages = 0;
	bool in_run = false;

	while (pfn < epfn) {
		unsigned long block = ALIGN_DOWN(pfn, pageblock_nr_pages);
		unsigned long next = min(block + pageblock_nr_pages, epfn);

		if (valid(block)) {
			if (!in_run)
				run_start = pfn;
			in_run = true;
			pages += next - pfn;
		} else {
			if (in_run && ops->init_range)
				ops->init_range(run_start, pfn, nid, zone, true);
			in_run = false;
			/* The default rule is per section: skip the rest of an empty one. */
			if (!ops->pfn_valid)
				next = min(ALIGN_DOWN(pfn, PAGES_PER_SECTION) + PAGES_PER_SECTION,
					   epfn);
		}
		BUG_ON(next <= pfn);
		pfn = next;
	}
	if (in_run && ops->init_range)
		ops->init_range(run_start, epfn, nid, zone, true);
	if (ops->hole_done)
		ops->hole_done(spfn, epfn, nid, zone, pages);
}

void memmap_walk(const struct memmap_walk_ops *ops)
{
	unsigned long i, start_pfn, end_pfn, hole_pfn = 0, last_end = 0;
	int nid, z, last_nid = -1, last_zone = 0;

	for_each_mem_pfn_range(i, ANY_NODE, &start_pfn, &end_pfn, &nid) {
		pg_data_t *pgdat = node_pgdat(nid);

		if (!pgdat)
			continue;	/* warned about by free_area_init() */
		for (z = 0; z < MAX_NR_ZONES; z++) {
			const struct zone *zone = &pgdat->node_zones[z];
			unsigned long zs = zone->zone_start_pfn, ze = zone_end_pfn(zone);
			unsigned long s, e;

			if (!populated_zone(zone))
				continue;
			last_zone = z;
			s = clamp(start_pfn, zs, ze);
			e = clamp(end_pfn, zs, ze);
			if (s >= e)
				continue;
			if (ops->init_range)
				ops->init_range(s, e, nid, z, false);
			if (hole_pfn < s)
				walk_hole(ops, hole_pfn, s, nid, z);
			hole_pfn = e;
		}
		last_nid = nid;
		last_end = end_pfn;
	}

	if (last_nid < 0)
		return;		/* no memory at all */
	/* The tail of the last section goes to the last node's highest populated zone. */
	last_end = ALIGN(last_end, PAGES_PER_SECTION);
	if (hole_pfn < last_end)
		walk_hole(ops, hole_pfn, last_end, last_nid, last_zone);
}

static void report_hole(unsigned long start_pfn, unsigned long end_pfn, int nid, int zone,
			unsigned long pages)
{
	(void)start_pfn;
	(void)end_pfn;
	if (pages)
		pr_info("On node %d, zone %s: %lld pages in unavailable ranges\n", nid,
			zone_names[zone], (long long)pages);
}

void memmap_init_report(void)
{
	const struct memmap_walk_ops ops = { .hole_done = report_hole };

	memmap_walk(&ops);
}

/* ------------------------------------------------------------------------
 * memmap_init(): every struct page Linux's memmap_init() would initialise,
 * through memmap_walk() above: present pages get their node
 * and zone, a count of 1 and no flags; hole pages that have a struct page
 * (seed 004: memmaps cover whole pageblocks) are also marked PG_reserved and
 * PG_hole, so no pfn walker mistakes them for memory (unless holes_in_zone=1
 * selects the other strategy of include/mm/pfn_walk.h).
 */
static void __init_single_page(struct page *page, unsigned long pfn, int zone, int nid)
{
	page->flags = 0;
	set_page_links(page, (enum zone_type)zone, nid, pfn);
	page->lru.next = &page->lru;
	page->lru.prev = &page->lru;
	page->private = 0;
	page->_refcount = 1;
}

/* Seed 001 negative control only: RAM the architecture left out of every node (include/arch/memmap.h). */
static unsigned long skip_start, skip_end;
/*
 * Present memory of one node and zone: every pfn is valid and the node's
 * memmap is contiguous inside a pageblock in every memory model (validity
 * is pageblock-granular), so look the struct page up once per pageblock
 * and walk the pointer inside it. This loop is what `make bench` reports
 * as memmap_init_per_page.
 */
static void init_present_range(unsigned long start, unsigned long end, int nid, int zone)
{
	unsigned long pfn = start;

	while (pfn < end) {
		unsigned long stop = min(end, ALIGN_DOWN(pfn, pageblock_nr_pages) + pageblock_nr_pages);
		struct page *page;

		BUG_ON(!pfn_valid(pfn));
		page = pfn_to_page(pfn);
		/* Linux's memmap_init_range(): every block starts Movable (its first pfn is present). */
		if (pageblock_aligned(pfn)) {
			__init_single_page(page, pfn, zone, nid);	/* the bits' lookup reads the node */
			set_pfnblock_flags_mask(page, MIGRATE_MOVABLE, pfn, MIGRATETYPE_MASK);
		}
		for (; pfn < stop; pfn++, page++)
			__init_single_page(page, pfn, zone, nid);
	}
}

/* One pfn of a hole or of a short or cut range, with every check (the slow path). */
static void init_one_pfn(unsigned long pfn, int nid, int zone, bool hole)
{
	struct page *page;

	if (pfn >= skip_start && pfn < skip_end)
		return;
	if (hole && !pfn_valid(pfn))
		return;		/* DISCONTIG: a pageblock cut by a node's edge */
	BUG_ON(!pfn_valid(pfn));
	page = pfn_to_page(pfn);
#ifdef CONFIG_MEMMODEL_DISCONTIG
	/* A hole page belongs to whichever node's memmap holds its entry. */
	if (hole)
		nid = pfn_to_nid(pfn);
#endif
	__init_single_page(page, pfn, zone, nid);
	if (!hole && pageblock_aligned(pfn))
		set_pfnblock_flags_mask(page, MIGRATE_MOVABLE, pfn, MIGRATETYPE_MASK);
	if (hole) {
		SetPageReserved(page);
		SetPageHole(page);
	}
}

/*
 * A hole's struct pages (Linux's init_unavailable_range()): reserved and
 * marked PG_hole. A pageblock whose first and last pfns are valid has all
 * its struct pages, contiguous and in one node's memmap (validity, the
 * pfn -> node map and memmap contiguity are pageblock-granular in every
 * memory model), so it is looked up once; a block cut by a node's edge or
 * the seed 001 control's skipped range goes pfn by pfn.
 */
static void init_hole_range(unsigned long start, unsigned long end, int nid, int zone)
{
	const unsigned long hole_bits = (1UL << PG_reserved) | (1UL << PG_hole);
	unsigned long pfn = start;

	if (holes_in_zone)
		return;		/* seed 004's other strategy: left uninitialised */
	while (pfn < end) {
		unsigned long stop = min(end, ALIGN_DOWN(pfn, pageblock_nr_pages) + pageblock_nr_pages);
		struct page *page;

		if ((pfn < skip_end && stop > skip_start) || !pfn_valid(pfn) || !pfn_valid(stop - 1)) {
			for (; pfn < stop; pfn++)
				init_one_pfn(pfn, nid, zone, true);
			continue;
		}
#ifdef CONFIG_MEMMODEL_DISCONTIG
		nid = pfn_to_nid(pfn);
		BUG_ON(nid < 0);	/* pfn_valid() above */
#endif
		page = pfn_to_page(pfn);
		for (; pfn < stop; pfn++, page++) {
			__init_single_page(page, pfn, zone, nid);
			page->flags |= hole_bits;
		}
	}
}

static void init_range(unsigned long start, unsigned long end, int nid, int zone, bool hole)
{
	bool skips = start < skip_end && end > skip_start;

	if (hole) {
		init_hole_range(start, end, nid, zone);
		return;
	}
	if (!skips && end - start >= pageblock_nr_pages) {
		init_present_range(start, end, nid, zone);
		return;
	}
	/* Short ranges and the seed 001 control's skipped range: pfn by pfn. */
	for (unsigned long pfn = start; pfn < end; pfn++)
		init_one_pfn(pfn, nid, zone, false);
}

/*
 * Does the pageblock at @pfn have struct pages? DISCONTIG: a node's memmap
 * placed by the architecture starts at the node's first pfn, which may lie
 * inside the block (a memoryless node 0, all RAM on node 1 from pfn 1): its
 * last pfn counts too. init_range() skips the block's pfns without one.
 */
bool memmap_walk_pfn_valid(unsigned long pfn)
{
	return pfn_valid(pfn) || pfn_valid(pfn + pageblock_nr_pages - 1);
}

void memmap_init(void)
{
	const struct memmap_walk_ops ops = {
		.pfn_valid = memmap_walk_pfn_valid,
		.init_range = init_range,
	};

	if (!arch_memmap_skip_range(&skip_start, &skip_end))
		skip_start = skip_end = 0;
	memmap_walk(&ops);
}

/* ------------------------------------------------------------------------
 * Seed 000: zone boundaries inside a MAX_ORDER block.
 */

unsigned int zone_alignment_check(void)
{
	unsigned int count = 0;
	struct zone *zone;

	for_each_populated_zone(zone) {
		unsigned long start = zone->zone_start_pfn;
		unsigned long block = ALIGN_DOWN(start, MAX_ORDER_NR_PAGES);

		if (start == block)
			continue;
		if (!node_pages_in_range(ANY_NODE, block, start))
			continue;	/* only a hole below: no boundary */
		pr_crit("node %d zone %s misaligned start pfn %#lx\n", zone->node,
			zone->name, start);
		count++;
	}
	zone_misaligned_count = count;
	return count;
}
