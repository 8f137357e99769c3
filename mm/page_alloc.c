// SPDX-License-Identifier: GPL-2.0-only
/*
 * The buddy page allocator.
 *
 * Locking: each zone's free lists and nr_free counts are protected by
 * zone->lock (irqsave), and NR_FREE_PAGES changes only under it too (so
 * that zone_page_state_snapshot() taken under the lock is exact). struct
 * page fields of a free block's head (PG_buddy, private = order, lru)
 * change only under that lock. Blocks of orders 0 to
 * PAGE_ALLOC_COSTLY_ORDER pass through the per-cpu lists
 * (struct per_cpu_pages, include/mm/mmzone.h): pcp->lock, then zone->lock.
 *
 * Invariants (checked by validate_free_lists() in mm/validate.c):
 *  - a free block of order o starts at a pfn aligned to 2^o, its head is
 *    PageBuddy with buddy_order() == o, and it is on exactly one free list
 *    of its zone, whose free_area[o].nr_free counts it;
 *  - every pfn of the block is valid and lies in that one zone of that one
 *    node (seed 000: a merge never crosses a zone boundary);
 *  - no two free blocks of the same order that are each other's buddies
 *    are both free in the same zone (they would have merged);
 *  - NR_FREE_PAGES (global counter plus every CPU's delta) equals the
 *    pages on the zone's free lists; pages on per-cpu lists are not in it.
 */
#include <kernel/types.h>
#include <kernel/printk.h>
#include <kernel/panic.h>
#include <kernel/params.h>
#include <kernel/report.h>
#include <lib/string.h>
#include <lib/bitops.h>
#include <lib/parse.h>
#include <mm/gfp.h>
#include <mm/memblock.h>
#include <mm/memory_model.h>
#include <mm/page_alloc.h>
#include <mm/mmdebug.h>
#include <mm/pageblock-flags.h>
#include <mm/pfn_walk.h>
#include <mm/compaction.h>
#include <mm/vmstat.h>
#include <arch/cpu.h>
#include <arch/smp.h>
#include <arch/highmem.h>
#include <arch/memory.h>
#include "internal.h"

/* Documentation/seeds/000-zone-alignment.md */
DEFINE_FIX(zone_merge_check, "seed000_zone_alignment",
	   "the free path merges only with a buddy in the same zone of the same node");
/* Documentation/seeds/002-vmstat-drift.md */
DEFINE_FIX(counter_after_list, "seed002_vmstat_drift",
	   "NR_FREE_PAGES goes up only after the freed pages are on the buddy lists");
/* Documentation/seeds/002-vmstat-drift.md */
DEFINE_FIX(vmstat_snapshot, "seed002_vmstat_drift",
	   "below percpu_drift_mark, watermark checks read the exact counter snapshot");
/* Documentation/seeds/002-vmstat-drift.md */
DEFINE_FIX(pcp_drain_retry, "seed002_vmstat_drift",
	   "an allocation that fails drains every CPU's per-cpu lists and retries once");

/* ---- grouping by mobility --------------------------------------------- */

int page_group_by_mobility_disabled;
/*
 * mobility_grouping=off, numabuddy's switch for A/B comparisons: no grouping
 * at all, as before Linux 2.6.24 - every allocation uses the Unmovable
 * lists (taking whole blocks from the others as they run dry), so all
 * mobilities share one pool. Linux's own small-machine rule
 * (page_group_by_mobility_disabled alone) keeps Linux's behaviour: each
 * type still has its lists, but every fallback claims the whole block.
 */
bool mobility_grouping_off;

static int __maybe_unused parse_mobility_grouping(const char *val)
{
	bool on;

	if (!val || kstrtobool(val, &on))
		return -EINVAL;
	mobility_grouping_off = !on;
	return 0;
}
early_param("mobility_grouping", parse_mobility_grouping);

/* ---- zonelists -------------------------------------------------------- */

static int node_load[MAX_NUMNODES];

/*
 * Linux's find_next_best_node(): the local node first, then the nearest
 * node with memory by SLIT distance, with a penalty for nodes below the
 * local one ("prefer the next node"), a penalty for nodes with CPUs, and
 * node_load[] as the tie-break that spreads equal-distance nodes round-robin
 * across the nodes' zonelists.
 */
/*
 * Which nodes have memory, and CPUs: find_next_best_node() reads this
 * snapshot (node_has_memory() per candidate would make 128 nodes' zonelists
 * cost O(nodes^3) lookups). build_all_zonelists() takes it; any other
 * caller (memory tiers' demotion targets) takes a fresh one first with
 * find_next_best_node_prepare().
 */
static nodemask_t zl_mem_nodes, zl_cpu_nodes;

void find_next_best_node_prepare(void)
{
	nodes_clear(zl_mem_nodes);
	nodes_clear(zl_cpu_nodes);
	for (int nid = 0; nid < (int)nr_node_ids; nid++) {
		if (node_has_memory(nid))
			node_set(nid, zl_mem_nodes);
		if (node_has_cpus(nid))
			node_set(nid, zl_cpu_nodes);
	}
}

/* O(nodes) per call, so a node's zonelist is O(nodes^2) and all of them O(nodes^3), as Linux's. */
int find_next_best_node(int node, nodemask_t *used)
{
	int best = NUMA_NO_NODE;
	int min_val = 0x7fffffff;

	if (!node_isset(node, *used)) {
		node_set(node, *used);
		return node;
	}
	for (int n = 0; n < (int)nr_node_ids; n++) {
		int val;

		if (!node_isset(n, zl_mem_nodes) || node_isset(n, *used))
			continue;
		val = node_distance(node, n);
		val += (n < node);
		if (node_isset(n, zl_cpu_nodes))
			val += 1;		/* PENALTY_FOR_NODE_WITH_CPUS */
		val *= MAX_NUMNODES;
		val += node_load[n];
		if (val < min_val) {
			min_val = val;
			best = n;
		}
	}
	if (best >= 0)
		node_set(best, *used);
	return best;
}

static int add_node_zones(pg_data_t *pgdat, struct zoneref *refs, int nr)
{
	for (int z = MAX_NR_ZONES - 1; z >= 0; z--) {
		struct zone *zone = &pgdat->node_zones[z];

		if (populated_zone(zone)) {
			refs[nr].zone = zone;
			refs[nr].zone_idx = z;
			nr++;
		}
	}
	return nr;
}

static void build_zonelists(pg_data_t *pgdat)
{
	struct zoneref *refs = pgdat->node_zonelists[ZONELIST_FALLBACK]._zonerefs;
	int local = pgdat->node_id, prev = local, node, nr = 0;
	nodemask_t used = NODE_MASK_NONE;

	while ((node = find_next_best_node(local, &used)) >= 0) {
		if (node_distance(local, node) != node_distance(local, prev))
			node_load[node] += 1;
		if (NODE_DATA(node))
			nr = add_node_zones(NODE_DATA(node), refs, nr);
		prev = node;
	}
	refs[nr].zone = NULL;

	refs = pgdat->node_zonelists[ZONELIST_NOFALLBACK]._zonerefs;
	nr = add_node_zones(pgdat, refs, 0);
	refs[nr].zone = NULL;
}

/*
 * The boot CPU's node, as numa_mem_id() computes it, checked and cached by
 * build_all_zonelists() so that the allocation fast path reads one word
 * (with SMP this becomes the per-cpu numa_mem_id, as Linux's _numa_mem_).
 */
static int boot_cpu_mem_node = NUMA_NO_NODE;

static int __numa_mem_id(void)
{
	int nid = cpu_to_node(0);

	return (nid >= 0 && nid < (int)nr_node_ids && NODE_DATA(nid)) ? nid : 0;
}

unsigned long vm_total_pages;

/*
 * Linux's nr_free_zone_pages(): the pages above the high watermark of the
 * zones up to @offset in the local node's fallback zonelist.
 */
static unsigned long nr_free_zone_pages(int offset)
{
	const struct zoneref *z = NODE_DATA(boot_cpu_mem_node)->node_zonelists[ZONELIST_FALLBACK]._zonerefs;
	unsigned long sum = 0;

	for (; z->zone; z++) {
		unsigned long size = z->zone->managed_pages, high = high_wmark_pages(z->zone);

		if (z->zone_idx <= offset && size > high)
			sum += size - high;
	}
	return sum;
}

void build_all_zonelists(void)
{
	pg_data_t *pgdat;
	int nid;

	u64 t0 = local_clock();

	memset(node_load, 0, sizeof(node_load));
	find_next_best_node_prepare();
	for_each_online_pgdat(pgdat, nid)
		build_zonelists(pgdat);
	boot_cpu_mem_node = __numa_mem_id();
	pr_info("Zonelists of %u nodes built in %llu us\n", nr_node_ids,
		(unsigned long long)(local_clock() - t0) / 1000);
	/* Linux's rule: too few pages for a pageblock of every type, no grouping. */
	vm_total_pages = nr_free_zone_pages(gfp_zone(GFP_HIGHUSER_MOVABLE));
	page_group_by_mobility_disabled = mobility_grouping_off ||
		vm_total_pages < pageblock_nr_pages * MIGRATE_TYPES;
}

/* The zonelist fallback order of @nid as a string of node ids, e.g. "1 0 2 3". */
void zonelist_node_order(int nid, int *order, int *count)
{
	const struct zoneref *z = NODE_DATA(nid)->node_zonelists[ZONELIST_FALLBACK]._zonerefs;
	int n = 0;

	for (; z->zone; z++)
		if (!n || order[n - 1] != z->zone->node)
			order[n++] = z->zone->node;
	*count = n;
}

/* ---- GFP -------------------------------------------------------------- */

enum zone_type gfp_zone(gfp_t gfp)
{
	if (gfp & __GFP_DMA)
		return ZONE_DMA;
#ifdef CONFIG_ZONE_DMA32
	if (gfp & __GFP_DMA32)
		return ZONE_DMA32;
#endif
#ifdef CONFIG_HIGHMEM
	if (gfp & __GFP_HIGHMEM)
		return (gfp & __GFP_MOVABLE) ? ZONE_MOVABLE : ZONE_HIGHMEM;
#endif
	if ((gfp & (__GFP_HIGHMEM | __GFP_MOVABLE)) == (__GFP_HIGHMEM | __GFP_MOVABLE))
		return ZONE_MOVABLE;
	return ZONE_NORMAL;
}

/* gfp_zone() for the fast path: no zone modifier (the usual case) means ZONE_NORMAL. */
static __always_inline enum zone_type gfp_zone_fast(gfp_t gfp)
{
	if (likely(!(gfp & (__GFP_DMA | __GFP_DMA32 | __GFP_HIGHMEM | __GFP_MOVABLE))))
		return ZONE_NORMAL;
	return gfp_zone(gfp);
}

void set_pageblock_migratetype(struct page *page, int migratetype)
{
	if (unlikely(page_group_by_mobility_disabled && migratetype < MIGRATE_PCPTYPES))
		migratetype = MIGRATE_UNMOVABLE;
	set_pfnblock_flags_mask(page, (unsigned long)migratetype, page_to_pfn(page),
				MIGRATETYPE_MASK);
}

struct extfrag_events extfrag_events;

/* ---- free lists -------------------------------------------------------- */

static inline void set_buddy_order(struct page *page, unsigned int order)
{
	page->private = order;
	SetPageBuddy(page);
}

static inline void add_to_free_list(struct page *page, struct zone *zone, unsigned int order,
				    int migratetype)
{
	struct free_area *area = &zone->free_area[order];

	VM_BUG_ON_PAGE(order > MAX_PAGE_ORDER, page);
	list_add(&page->lru, &area->free_list[migratetype]);
	area->nr_free++;
}

/* A free block changes lists (its pageblock changed type, or it was stolen). */
static inline void move_to_free_list(struct page *page, struct zone *zone, unsigned int order,
				     int migratetype)
{
	list_del(&page->lru);
	list_add(&page->lru, &zone->free_area[order].free_list[migratetype]);
}

static inline void del_page_from_free_list(struct page *page, struct zone *zone, unsigned int order)
{
	VM_BUG_ON_PAGE(!PageBuddy(page) || buddy_order(page) != order, page);
	list_del(&page->lru);
	ClearPageBuddy(page);
	page->private = 0;
	zone->free_area[order].nr_free--;
}

/* Both pages in the same zone of the same node (the zone index includes the node). */
static inline bool page_zone_id_equal(const struct page *a, const struct page *b)
{
	unsigned long mask = (NODES_MASK << NODES_PGSHIFT) | (ZONES_MASK << ZONES_PGSHIFT);

	return ((a->flags ^ b->flags) & mask) == 0;
}

/* Linux's migratetype_is_mergeable(): highatomic and isolated blocks keep to themselves. */
static inline bool migratetype_is_mergeable(int mt)
{
	return mt < MIGRATE_PCPTYPES;
}

/*
 * Linux's __free_one_page(): merge with free buddies as far as possible and
 * put the result on the free list of @migratetype. Above pageblock_order a
 * merge joins two pageblocks, which Linux refuses between a mergeable type
 * and a highatomic or isolated block. Under zone->lock.
 */
static __always_inline void __free_one_page(struct page *page, unsigned long pfn,
					    struct zone *zone, unsigned int order, int migratetype)
{
	/* Read once: the list updates below could alias them as far as the compiler knows. */
	const bool same_zone_only = fix_enabled(zone_merge_check);
	const unsigned long zone_start = zone->zone_start_pfn, zone_end = zone_end_pfn(zone);
	const struct page *const first = page;

	lockdep_assert_held(&zone->lock);
	VM_BUG_ON_PAGE(order > MAX_PAGE_ORDER || (pfn & ((1UL << order) - 1)), page);
	VM_BUG_ON_PAGE(PageBuddy(page), page);
	VM_BUG_ON_PAGE(same_zone_only && (pfn < zone_start || pfn >= zone_end), page);
	while (order < MAX_PAGE_ORDER) {
		unsigned long buddy_pfn = pfn ^ (1UL << order);
		struct page *buddy;

		/* The buddy's struct page exists only if its pfn is in the zone (or the fix is off). */
		if (same_zone_only && (buddy_pfn < zone_start || buddy_pfn >= zone_end))
			break;
		buddy = page + ((long)buddy_pfn - (long)pfn);
		if (!PageBuddy(buddy) || buddy_order(buddy) != order)
			break;
		/* Seed 000: without this, a merge may cross into another zone or node. */
		if (same_zone_only && !page_zone_id_equal(first, buddy))
			break;
		if (unlikely(order >= pageblock_order)) {
			int buddy_mt = get_pfnblock_migratetype(buddy, buddy_pfn);

			if (migratetype != buddy_mt && (!migratetype_is_mergeable(migratetype) ||
							!migratetype_is_mergeable(buddy_mt)))
				break;
		}
		del_page_from_free_list(buddy, zone, order);
		unsigned long combined = buddy_pfn & pfn;
		page = page + ((long)combined - (long)pfn);
		pfn = combined;
		order++;
	}
	set_buddy_order(page, order);
	add_to_free_list(page, zone, order, migratetype);
}

/*
 * Split a block of order @high into buddies, keeping the first 2^@low pages;
 * the halves go on the list of @migratetype (the one the block came from).
 * Under zone->lock.
 */
static __always_inline void expand(struct zone *zone, struct page *page, unsigned int low,
				   unsigned int high, int migratetype)
{
	unsigned long size = 1UL << high;

	lockdep_assert_held(&zone->lock);
	VM_BUG_ON(low > high || high > MAX_PAGE_ORDER);
	while (high > low) {
		high--;
		size >>= 1;
		set_buddy_order(&page[size], high);
		add_to_free_list(&page[size], zone, high, migratetype);
	}
}

/* The smallest block of @order or more on the lists of @migratetype. Under zone->lock. */
static __always_inline struct page *__rmqueue_smallest(struct zone *zone, unsigned int order,
						       int migratetype)
{
	lockdep_assert_held(&zone->lock);
	for (unsigned int o = order; o < NR_PAGE_ORDERS; o++) {
		struct free_area *area = &zone->free_area[o];
		struct page *page;

		if (list_empty(&area->free_list[migratetype]))
			continue;
		page = list_first_entry(&area->free_list[migratetype], struct page, lru);
		del_page_from_free_list(page, zone, o);
		expand(zone, page, order, o, migratetype);
		return page;
	}
	return NULL;
}

/*
 * Linux's fallbacks[]: where an allocation of each type looks when its own
 * lists are empty, in order. Highatomic and isolated blocks are nobody's
 * fallback.
 */
static const int fallbacks[MIGRATE_TYPES][MIGRATE_PCPTYPES] = {
	[MIGRATE_UNMOVABLE]   = { MIGRATE_RECLAIMABLE, MIGRATE_MOVABLE,   MIGRATE_TYPES },
	[MIGRATE_MOVABLE]     = { MIGRATE_RECLAIMABLE, MIGRATE_UNMOVABLE, MIGRATE_TYPES },
	[MIGRATE_RECLAIMABLE] = { MIGRATE_UNMOVABLE,   MIGRATE_MOVABLE,   MIGRATE_TYPES },
};

/*
 * Linux's move_freepages(): every free block in [start_pfn, end_pfn] (one
 * pageblock, in @zone) onto the lists of @migratetype. Returns the pages
 * moved; *@num_movable (if given) counts the allocated pages whose owner
 * can move them (__PageMovable). Under zone->lock.
 */
static unsigned long move_freepages(struct zone *zone, unsigned long start_pfn,
				    unsigned long end_pfn, int migratetype, int *num_movable)
{
	unsigned long pfn, moved = 0;

	if (num_movable)
		*num_movable = 0;
	for (pfn = start_pfn; pfn <= end_pfn;) {
		struct page *page;
		unsigned int order;

		/* holes_in_zone=1 (seed 004): a hole page's struct page is not initialised. */
		if (unlikely(holes_in_zone) && !pfn_valid_within(pfn)) {
			pfn++;
			continue;
		}
		page = pfn_to_page(pfn);
		if (!PageBuddy(page)) {
			if (num_movable && !PageHole(page) && !page_memmap_poisoned(page) &&
			    __PageMovable(page))
				(*num_movable)++;
			pfn++;
			continue;
		}
		/*
		 * Another zone's free block: a pageblock may hold the end of one
		 * node's zone and the start of another's (unaligned nodes), and
		 * node spans may interleave. Linux asserts this cannot happen;
		 * here it can, so such pages are simply not ours to move.
		 */
		if (unlikely(page_zone(page) != zone)) {
			pfn++;
			continue;
		}
		order = buddy_order(page);
		move_to_free_list(page, zone, order, migratetype);
		pfn += 1UL << order;
		moved += 1UL << order;
	}
	return moved;
}

/*
 * Linux's move_freepages_block(): the free pages of @page's pageblock, as
 * far as it lies in @zone (a block the zone's start cuts is taken from
 * @page on; one its end cuts is left alone). Under zone->lock.
 */
unsigned long move_freepages_block(struct zone *zone, struct page *page, int migratetype,
				   int *num_movable)
{
	unsigned long pfn = page_to_pfn(page);
	unsigned long start_pfn = pageblock_start_pfn(pfn);
	unsigned long end_pfn = start_pfn + pageblock_nr_pages - 1;

	if (num_movable)
		*num_movable = 0;
	if (!zone_spans_pfn(zone, start_pfn))
		start_pfn = pfn;
	if (!zone_spans_pfn(zone, end_pfn))
		return 0;
	return move_freepages(zone, start_pfn, end_pfn, migratetype, num_movable);
}

/* Linux's can_steal_fallback(): is a block of @order worth claiming for @start_mt? */
static bool can_steal_fallback(unsigned int order, int start_mt)
{
	if (order >= pageblock_order)
		return true;
	return order >= pageblock_order / 2 || start_mt == MIGRATE_RECLAIMABLE ||
	       start_mt == MIGRATE_UNMOVABLE || page_group_by_mobility_disabled;
}

/*
 * Linux's find_suitable_fallback(): the first type of fallbacks[@migratetype]
 * with a free block of @order, or -1; *@can_steal: whether the allocation
 * may claim that block's pageblock. @only_stealable: only such a type.
 */
int find_suitable_fallback(struct free_area *area, unsigned int order, int migratetype,
			   bool only_stealable, bool *can_steal)
{
	*can_steal = false;
	if (!area->nr_free)
		return -1;
	for (int i = 0;; i++) {
		int fallback_mt = fallbacks[migratetype][i];

		if (fallback_mt == MIGRATE_TYPES)
			break;
		if (free_area_empty(area, fallback_mt))
			continue;
		if (can_steal_fallback(order, migratetype))
			*can_steal = true;
		if (!only_stealable || *can_steal)
			return fallback_mt;
	}
	return -1;
}

/* Linux's change_pageblock_range(): every pageblock of a free block of @order. */
static void change_pageblock_range(struct page *page, unsigned int order, int migratetype)
{
	unsigned long nr = 1UL << (order - pageblock_order);

	for (unsigned long i = 0; i < nr; i++)
		set_pageblock_migratetype(page + i * pageblock_nr_pages, migratetype);
}

/*
 * Linux's steal_suitable_fallback(): @page, a free block of another type,
 * serves an allocation of @start_type. A block of a pageblock or more
 * becomes @start_type whole. Otherwise, if @whole_block, the pageblock's
 * free pages move to @start_type's lists, and the pageblock changes type
 * if at least half of it is free or already used compatibly; else only
 * the block moves. Under zone->lock.
 */
static void steal_suitable_fallback(struct zone *zone, struct page *page, int start_type,
				    bool whole_block)
{
	unsigned int current_order = buddy_order(page);
	int old_block_type = get_pageblock_migratetype(page);
	int movable_pages, alike_pages;
	unsigned long free_pages;

	if (is_migrate_highatomic(old_block_type))
		goto single_page;
	if (current_order >= pageblock_order) {
		change_pageblock_range(page, current_order, start_type);
		__atomic_add_fetch(&extfrag_events.change_ownership, 1, __ATOMIC_RELAXED);
		goto single_page;
	}
	if (!whole_block)
		goto single_page;
	free_pages = move_freepages_block(zone, page, start_type, &movable_pages);
	if (!free_pages)
		goto single_page;
	if (start_type == MIGRATE_MOVABLE)
		alike_pages = movable_pages;
	else if (old_block_type == MIGRATE_MOVABLE)
		alike_pages = (int)(pageblock_nr_pages - (free_pages + (unsigned long)movable_pages));
	else
		alike_pages = 0;
	if (free_pages + (unsigned long)alike_pages >= (1UL << (pageblock_order - 1)) ||
	    page_group_by_mobility_disabled) {
		set_pageblock_migratetype(page, start_type);
		__atomic_add_fetch(&extfrag_events.change_ownership, 1, __ATOMIC_RELAXED);
	}
	return;
single_page:
	move_to_free_list(page, zone, current_order, start_type);
}

/*
 * Linux's __rmqueue_fallback(): take the largest free block of the least
 * desirable fallback type, so that the pageblock it claims is as empty as
 * possible; except that a movable allocation that may not claim the block
 * takes the smallest one instead (no point breaking up a large block for
 * nothing). The block lands on @start_type's lists. Under zone->lock.
 */
static __noinline bool __rmqueue_fallback(struct zone *zone, unsigned int order, int start_type)
{
	struct free_area *area;
	int current_order, fallback_mt;
	bool can_steal;
	struct page *page;

	for (current_order = MAX_PAGE_ORDER; current_order >= (int)order; current_order--) {
		area = &zone->free_area[current_order];
		fallback_mt = find_suitable_fallback(area, (unsigned int)current_order, start_type,
						     false, &can_steal);
		if (fallback_mt == -1)
			continue;
		if (!can_steal && start_type == MIGRATE_MOVABLE && current_order > (int)order)
			goto find_smallest;
		goto do_steal;
	}
	return false;

find_smallest:
	for (current_order = (int)order; current_order <= MAX_PAGE_ORDER; current_order++) {
		area = &zone->free_area[current_order];
		fallback_mt = find_suitable_fallback(area, (unsigned int)current_order, start_type,
						     false, &can_steal);
		if (fallback_mt != -1)
			break;
	}
	BUG_ON(current_order > MAX_PAGE_ORDER);
do_steal:
	page = list_first_entry(&area->free_list[fallback_mt], struct page, lru);
	__atomic_add_fetch(&extfrag_events.fallback, 1, __ATOMIC_RELAXED);
	/* Linux's mm_page_alloc_extfrag: a fragmenting fallback takes part of a pageblock. */
	if ((unsigned int)current_order < pageblock_order)
		__atomic_add_fetch(&extfrag_events.fragmenting, 1, __ATOMIC_RELAXED);
	steal_suitable_fallback(zone, page, start_type, can_steal);
	return true;
}

/* Linux's __rmqueue(): own type first, then a fallback, then own type again. Under zone->lock. */
static __always_inline struct page *__rmqueue(struct zone *zone, unsigned int order, int migratetype)
{
	struct page *page = __rmqueue_smallest(zone, order, migratetype);

	while (unlikely(!page) && __rmqueue_fallback(zone, order, migratetype))
		page = __rmqueue_smallest(zone, order, migratetype);
	return page;
}

/* mm/internal.h: mm/gigantic.c isolating the free blocks of a range. Under zone->lock. */
void __isolate_free_block(struct zone *zone, struct page *page, unsigned int order)
{
	lockdep_assert_held(&zone->lock);
	del_page_from_free_list(page, zone, order);
	__mod_zone_page_state(zone, NR_FREE_PAGES, -(1L << order));
}

unsigned long __isolate_free_page(struct page *page, unsigned int order)
{
	struct zone *zone = page_zone(page);
	unsigned long pfn = page_to_pfn(page), n = 1UL << order;
	int mt = get_pfnblock_migratetype(page, pfn);

	if (!is_migrate_isolate(mt) &&
	    !zone_watermark_ok(zone, 0, min_wmark_pages(zone) + n, 0, false))
		return 0;
	__isolate_free_block(zone, page, order);
	if (order >= pageblock_order - 1)
		for (unsigned long i = 0; i < n; i += pageblock_nr_pages) {
			struct page *p = page + i;
			int bmt = get_pfnblock_migratetype(p, pfn + i);

			if (migratetype_is_mergeable(bmt) && bmt != MIGRATE_MOVABLE)
				set_pageblock_migratetype(p, MIGRATE_MOVABLE);
		}
	debug_pagealloc_map_pages(pfn, n);
	return n;
}

/* ---- page state checks ----------------------------------------------- */

unsigned long bad_page_count;
unsigned long boot_bad_page_count;	/* bad pages found by the time mem_init() finished */

void bad_page(struct page *page, unsigned long pfn, const char *reason)
{
	bad_page_count++;
	pr_alert("BUG: Bad page state in process %s  pfn:%05lx\n", "swapper/0", pfn);
	pr_alert("page:%p refcount:%d mapcount:0 mapping:0000000000000000 index:0x0 pfn:%#lx\n",
		 (void *)page, page->_refcount, pfn);
	pr_alert("flags: %#lx(node=%d zone=%d%s%s%s%s)\n", page->flags,
		 page_memmap_poisoned(page) ? -1 : page_to_nid(page),
		 page_memmap_poisoned(page) ? -1 : (int)page_zonenum(page),
		 PageReserved(page) ? " reserved" : "", PageBuddy(page) ? " buddy" : "",
		 PageHead(page) ? " head" : "", PageHole(page) ? " hole" : "");
	pr_alert("page dumped because: %s\n", reason);
	/* Like Linux, take the page out of circulation: it is never freed or handed out. */
}

/* Flags that must be clear on a page being freed, and on one being handed out. */
#define PAGE_FLAGS_CHECK	((1UL << PG_reserved) | (1UL << PG_buddy) | (1UL << PG_hole) | \
				 (1UL << PG_head) | (1UL << PG_movable) | (1UL << PG_isolated))

/* Also mm/internal.h: why @page cannot be freed or handed out, or NULL. */
const char *page_bad_reason(const struct page *page)
{
	if (page_memmap_poisoned(page))
		return "uninitialised struct page (poisoned memmap)";
	if (page->_refcount != 0)
		return "nonzero _refcount";
	if (page->flags & PAGE_FLAGS_CHECK)
		return "PAGE_FLAGS_CHECK_AT_FREE flag(s) set";
	if (PageTail(page))
		return "still a compound tail";
	return NULL;
}

/*
 * The fast path's form of the checks: true if page_bad_reason() may find
 * something in one of the @n pages from @page. One pass ORs together the
 * three words the checks read (a poisoned memmap has every flag bit set,
 * so it shows up as PAGE_FLAGS_CHECK bits); only then does the caller look
 * page by page for the reason. Nothing is checked less than by
 * page_bad_reason(), just with three ORs per page instead of four tests.
 */
static __always_inline bool pages_may_be_bad(const struct page *page, unsigned long n)
{
	unsigned long flags = 0, head = 0, i = 0;
	unsigned int ref = 0;

	if (n == 1)		/* order 0, the common case */
		return (page->flags & PAGE_FLAGS_CHECK) | (page->compound_head & 1) |
		       (unsigned int)page->_refcount;

	/* Unrolled by hand (@n is a power of two): order-9 and -10 blocks are common. */
	for (; i + 8 <= n; i += 8) {
#define ACC(k)	do {							\
		flags |= page[i + (k)].flags;					\
		head |= page[i + (k)].compound_head;				\
		ref |= (unsigned int)page[i + (k)]._refcount;			\
	} while (0)
		ACC(0); ACC(1); ACC(2); ACC(3); ACC(4); ACC(5); ACC(6); ACC(7);
#undef ACC
	}
	for (; i < n; i++) {
		flags |= page[i].flags;
		head |= page[i].compound_head;
		ref |= (unsigned int)page[i]._refcount;
	}
	return (flags & PAGE_FLAGS_CHECK) | (head & 1) | ref;
}

/*
 * pages_may_be_bad() for a block handed out or taken back: every page's
 * struct page under CONFIG_DEBUG_VM, the head's only without it (Linux
 * 6.3's check_pages_enabled, off unless a debug option is on): the tail
 * pages cost three instructions each, two thirds of an order-9 pair. A
 * debug option sends every block down the slow paths, which check all.
 */
static __always_inline bool block_may_be_bad(const struct page *page, unsigned long n)
{
#ifdef CONFIG_DEBUG_VM
	return pages_may_be_bad(page, n);
#else
	(void)n;
	return pages_may_be_bad(page, 1);
#endif
}

/*
 * Where the per-cpu lists check their pages' struct pages (Linux 6.1's
 * check_new_pcp()/check_pcp_refill() and free_pcp_prepare()/
 * bulkfree_pcp_prepare()): under CONFIG_DEBUG_VM at every allocation from
 * a list and every free to one, which also catches a page written to
 * while on a list; without it when a refill takes the pages off the buddy
 * lists and when a drain gives them back (the reference count is checked
 * at every free either way).
 */
#ifdef CONFIG_DEBUG_VM
#define PCP_CHECK_EACH	1
#else
#define PCP_CHECK_EACH	0
#endif

/* ---- poisoning (page_poison=1) ------------------------------------------ */

#define PAGE_POISON		0xaa
bool page_poisoning_enabled;
unsigned long page_poison_corruptions;

static int __maybe_unused parse_page_poison(const char *val)
{
	return val && !kstrtobool(val, &page_poisoning_enabled) ? 0 : -EINVAL;
}
early_param("page_poison", parse_page_poison);

static void poison_page(unsigned long pfn)
{
	void *p = kmap_atomic_pfn(pfn);

	if (p) {
		memset(p, PAGE_POISON, PAGE_SIZE);
		kunmap_atomic(p);
	}
}

/* Returns false (and reports) if the page was written while free. */
static bool check_poison(struct page *page, unsigned long pfn)
{
	const u8 *p = kmap_atomic_pfn(pfn);
	const unsigned long *w = (const unsigned long *)p;
	const unsigned long pattern = ~0UL / 0xff * PAGE_POISON;
	bool ok = true;

	if (!p)
		return true;
	for (unsigned long i = 0; i < PAGE_SIZE / sizeof(long); i++) {
		if (w[i] == pattern)
			continue;
		unsigned long b = i * sizeof(long);
		while (p[b] == PAGE_POISON)
			b++;
		pr_err("pagealloc: memory corruption at %p (pfn %#lx, offset %#lx: %#x)\n",
		       (void *)(p + b), pfn, b, p[b]);
		ok = false;
		break;
	}
	kunmap_atomic((void *)p);
	if (!ok) {
		page_poison_corruptions++;
		bad_page(page, pfn, "corrupted page poison");
	}
	return ok;
}

/* ---- debug_pagealloc=on ----------------------------------------------- */

/* Free pages are unmapped from the direct map, so a stray access faults. */
bool debug_pagealloc_enabled;

static int __maybe_unused parse_debug_pagealloc(const char *val)
{
	return val && !kstrtobool(val, &debug_pagealloc_enabled) ? 0 : -EINVAL;
}
early_param("debug_pagealloc", parse_debug_pagealloc);

/*
 * Called once the architecture's tables exist: keep the option only where
 * they can unmap single pages (i386 cannot when memblock had no room for
 * its 4 KiB page tables, and has said why).
 */
void debug_pagealloc_check(void)
{
	if (debug_pagealloc_enabled && !arch_debug_pagealloc_supported()) {
		pr_warn("debug_pagealloc: the direct map cannot unmap single pages, left off\n");
		debug_pagealloc_enabled = false;
	}
}

static inline void debug_pagealloc_map(unsigned long pfn, unsigned long n, bool present)
{
	if (debug_pagealloc_enabled && pfn_is_lowmem(pfn))
		arch_set_direct_map(pfn, n, present);
}

void debug_pagealloc_map_pages(unsigned long pfn, unsigned long n)
{
	debug_pagealloc_map(pfn, n, true);
}

/* ---- allocation ------------------------------------------------------ */

/*
 * page_poisoning_enabled || debug_pagealloc_enabled, as mem_init() found
 * them: the one flag the fast paths test before leaving both to the slow
 * paths (neither changes after boot).
 */
static bool page_alloc_debug;

static void prep_compound_page(struct page *page, unsigned int order)
{
	unsigned long n = 1UL << order;

	SetPageHead(page);
	page->private = order;
	for (unsigned long i = 1; i < n; i++) {
		struct page *p = mem_map_offset(page, i);
		p->compound_head = (unsigned long)page | 1;
		p->compound_pad = 0;
	}
}

/*
 * A block just taken off the free lists, off the fast path: mapped again
 * (debug_pagealloc), then every bad or poison-corrupted page reported.
 */
static __noinline bool check_new_pages_slow(struct page *page, unsigned long n)
{
	unsigned long pfn = page_to_pfn(page);
	bool ok = true;

	debug_pagealloc_map(pfn, n, true);
	for (unsigned long i = 0; i < n; i++) {
		struct page *p = page + i;
		const char *why = page_bad_reason(p);

		if (why) {
			bad_page(p, pfn + i, why);
			ok = false;
		}
		if (page_poisoning_enabled && !check_poison(p, pfn + i))
			ok = false;
	}
	return ok;
}

static __noinline void zero_pages(unsigned long pfn, unsigned long n)
{
	for (unsigned long i = 0; i < n; i++) {
		void *v = kmap_atomic_pfn(pfn + i);
		memset(v, 0, PAGE_SIZE);
		kunmap_atomic(v);
	}
}

/*
 * Check and prepare 2^order pages just taken from the free lists. False: a
 * bad page was found. The pfn is only needed off the fast path (it costs a
 * section lookup on SPARSEMEM).
 */
static __always_inline bool prep_new_page(struct page *page, unsigned int order, gfp_t gfp)
{
	unsigned long n = 1UL << order;

	if (unlikely(page_alloc_debug || block_may_be_bad(page, n)) &&
	    !check_new_pages_slow(page, n))
		return false;
	page->_refcount = 1;
	if (unlikely(gfp & __GFP_ZERO))
		zero_pages(page_to_pfn(page), n);
	if (unlikely((gfp & __GFP_COMP) && order))
		prep_compound_page(page, order);
	return true;
}

/*
 * Linux's zone_statistics(): the NUMA events of one allocation from @zone
 * (counted once per allocation, whatever its order, as Linux 6.1 does; @nr
 * allocations at once for the bulk API).
 * Interrupts off.
 */
static __always_inline void zone_statistics(struct zone *preferred, struct zone *zone,
					    unsigned long nr)
{
	struct per_cpu_zonestat *pz = this_cpu_ptr(zone->per_cpu_zonestats);

	if (likely(zone->node == preferred->node)) {
		pz->vm_numa_event[NUMA_HIT] += nr;
	} else {
		pz->vm_numa_event[NUMA_MISS] += nr;
		__count_numa_event(preferred, NUMA_FOREIGN, nr);
	}
	if (likely(zone->node == numa_node_id()))	/* the CPU's node, as Linux */
		pz->vm_numa_event[NUMA_LOCAL] += nr;
	else
		pz->vm_numa_event[NUMA_OTHER] += nr;
}

/*
 * A free block of @order or more. Out of line: inlined, the compiler hoists
 * this loop's set-up out of the zonelist walk, and order 0 pays for it.
 */
static __noinline bool zone_has_free_block(const struct zone *z, unsigned int order)
{
	for (unsigned int o = order; o < NR_PAGE_ORDERS; o++)
		if (z->free_area[o].nr_free)
			return true;
	return false;
}

/*
 * The order part of Linux's __zone_watermark_ok(): a free block of @order or
 * more that the allocation may take - on a list of a type with per-cpu
 * lists (any of them: the fallbacks reach them all), or a highatomic one
 * for an ALLOC_HARDER allocation. Isolated blocks are nobody's.
 */
static __noinline bool zone_has_usable_block(const struct zone *z, unsigned int order,
					     bool alloc_harder)
{
	for (unsigned int o = order; o < NR_PAGE_ORDERS; o++) {
		const struct free_area *area = &z->free_area[o];

		if (!area->nr_free)
			continue;
		for (int mt = 0; mt < MIGRATE_PCPTYPES; mt++)
			if (!free_area_empty(area, mt))
				return true;
		if (alloc_harder && !free_area_empty(area, MIGRATE_HIGHATOMIC))
			return true;
	}
	return false;
}

/* ---- seed 002: counter drift and stranded per-cpu pages ------------------ */

struct vmstat_drift_events vmstat_drift_events;
void (*pcp_bulk_free_hook)(struct zone *zone, int count);

#define DRIFT_REPORTS_MAX	5	/* log lines per kind; the counters count them all */

/*
 * The free page count a watermark check compares: the global counter, or,
 * below the zone's percpu_drift_mark, the exact snapshot (fix
 * vmstat_snapshot). Lockless, as every watermark check.
 */
static __always_inline long zone_free_for_watermark(const struct zone *z)
{
	/* Signed: a transiently negative global counter simply fails the check. */
	long free = zone_page_state_raw(z, NR_FREE_PAGES);

	if (unlikely(free < (long)z->percpu_drift_mark) && fix_enabled(vmstat_snapshot))
		free = (long)zone_page_state_snapshot(z, NR_FREE_PAGES);
	return free;
}

/*
 * An allocation found no block in @zone after its watermark check passed.
 * Under zone->lock, where NR_FREE_PAGES's snapshot is exact: if the buddy
 * lists are empty and the same check (at the min watermark) would still
 * pass, the counter the check reads is wrong by more than the zone's
 * reserve - seed 002's symptom, which vmstat_snapshot prevents.
 */
static __noinline void check_empty_lists_locked(struct zone *zone, int highest)
{
	unsigned long free, n;

	lockdep_assert_held(&zone->lock);
	if (zone_has_free_block(zone, 0))
		return;
	free = zone_watermark_free_pages(zone);
	if ((long)free <= (long)min_wmark_pages(zone) + zone->lowmem_reserve[highest])
		return;
	n = __atomic_add_fetch(&vmstat_drift_events.wmark_passed_empty, 1, __ATOMIC_RELAXED);
	if (n <= DRIFT_REPORTS_MAX)
		pr_warn("vmstat drift: node %d zone %s: nr_free_pages %lu above the min watermark %lu while the buddy lists are empty%s\n",
			zone->node, zone->name, free, min_wmark_pages(zone),
			n == DRIFT_REPORTS_MAX ? " (further reports suppressed)" : "");
}

/* Pages on every CPU's per-cpu lists of the zones @gfp may use from @nid. */
static unsigned long pcp_pages_in_zonelist(int nid, gfp_t gfp)
{
	const struct zonelist *zl = node_zonelist(nid, gfp);
	int highest = gfp_zone(gfp);
	unsigned long n = 0;

	for (const struct zoneref *z = zl->_zonerefs; z->zone; z++)
		if (z->zone_idx <= highest)
			n += zone_pcp_pages(z->zone);
	return n;
}

/* An allocation failed without draining the per-cpu lists (pcp_drain_retry off). */
static __noinline void report_stranded(int nid, gfp_t gfp, unsigned int order)
{
	unsigned long stranded = pcp_pages_in_zonelist(nid, gfp), n, max;

	if (!stranded)
		return;
	n = __atomic_add_fetch(&vmstat_drift_events.failed_with_stranded, 1, __ATOMIC_RELAXED);
	max = __atomic_load_n(&vmstat_drift_events.stranded_pages_max, __ATOMIC_RELAXED);
	while (stranded > max &&
	       !__atomic_compare_exchange_n(&vmstat_drift_events.stranded_pages_max, &max, stranded,
					    false, __ATOMIC_RELAXED, __ATOMIC_RELAXED))
		;
	if (n <= DRIFT_REPORTS_MAX)
		pr_warn("page allocation failure: order:%u on node %d with %lu pages stranded on per-cpu lists%s\n",
			order, nid, stranded,
			n == DRIFT_REPORTS_MAX ? " (further reports suppressed)" : "");
}

/* ---- allocation: buddy lists and per-cpu lists ------------------------ */

/*
 * One block of @order straight from the buddy lists (orders above the
 * per-cpu lists, a busy pcp, or an ALLOC_HARDER retry): the highatomic
 * reserve first for ALLOC_HARDER, as Linux's rmqueue_buddy().
 */
static __noinline struct page *rmqueue_buddy(struct zone *preferred, struct zone *zone,
					     unsigned int order, int zid, int highest,
					     int migratetype, bool alloc_harder)
{
	unsigned long flags;
	struct page *page = NULL;

	spin_lock_irqsave(&zone->lock, flags);
	if (alloc_harder)
		page = __rmqueue_smallest(zone, order, MIGRATE_HIGHATOMIC);
	if (page)	/* its free goes to the movable list, its drain back to the reserve */
		set_pcppage_migratetype(page, MIGRATE_MOVABLE);
	else if ((page = __rmqueue(zone, order, migratetype)))
		set_pcppage_migratetype(page, migratetype);
	if (likely(page)) {
		__mod_zone_page_state(zone, NR_FREE_PAGES, -(1L << order));
		__count_vm_events(PGALLOC_FIRST + zid, 1UL << order);
		zone_statistics(preferred, zone, 1);
	} else {
		check_empty_lists_locked(zone, highest);
	}
	spin_unlock_irqrestore(&zone->lock, flags);
	return page;
}

/*
 * Move up to @count blocks of @order from the buddy lists to @list (in
 * pfn-ascending order of removal), each marked with the type of the list
 * it came from (set_pcppage_migratetype()), the per-cpu list its free
 * goes back to. Interrupts off, pcp->lock held.
 */
static int rmqueue_bulk(struct zone *zone, unsigned int order, int count,
			struct list_head *list, int highest, int migratetype)
{

	int i, bad = 0;

	spin_lock(&zone->lock);
	for (i = 0; i < count; i++) {
		struct page *page = __rmqueue(zone, order, migratetype);

		if (unlikely(!page))
			break;
		/* Without CONFIG_DEBUG_VM the pages are checked here, not when allocated. */
		if (!PCP_CHECK_EACH && unlikely(pages_may_be_bad(page, 1UL << order)) &&
		    !check_new_pages_slow(page, 1UL << order)) {
			bad++;		/* reported, and leaked, as Linux does */
			continue;
		}
		set_pcppage_migratetype(page, migratetype);
		list_add_tail(&page->lru, list);
	}
	if (likely(i))
		__mod_zone_page_state(zone, NR_FREE_PAGES, -((long)i << order));
	else
		check_empty_lists_locked(zone, highest);
	spin_unlock(&zone->lock);
	return i - bad;
}

/* Blocks per refill: batch pages' worth, at least two blocks (Linux 6.1). */
static __always_inline int nr_pcp_alloc(const struct per_cpu_pages *pcp, unsigned int order)
{
	int batch = pcp->batch;

	return order ? max(batch >> order, 2) : batch;
}

static __always_inline struct page *rmqueue_pcplist(struct zone *preferred, struct zone *zone,
						    unsigned int order, int zid, int highest,
						    int migratetype)
{
	struct per_cpu_pages *pcp;
	struct list_head *list;
	struct page *page;
	unsigned long flags = arch_irq_save();

	pcp = this_cpu_ptr(zone->per_cpu_pageset);
	if (unlikely(!pcp_trylock(pcp))) {	/* a drainer has it: go around */
		arch_irq_restore(flags);
		return rmqueue_buddy(preferred, zone, order, zid, highest, migratetype, false);
	}
	list = &pcp->lists[order_to_pindex(migratetype, order)];
	if (unlikely(list_empty(list))) {
		int n = rmqueue_bulk(zone, order, nr_pcp_alloc(pcp, order), list, highest,
				     migratetype);

		if (unlikely(!n)) {
			pcp_unlock(pcp);
			arch_irq_restore(flags);
			return NULL;
		}
		pcp->count += n << order;
	}
	page = list_first_entry(list, struct page, lru);
	__list_del_entry(&page->lru);	/* lru is the owner's now: no need to clear it */
	pcp->count -= 1 << order;
	pcp_unlock(pcp);
	__count_vm_events(PGALLOC_FIRST + zid, 1UL << order);
	zone_statistics(preferred, zone, 1);
	arch_irq_restore(flags);
	return page;
}

static __always_inline struct page *rmqueue(struct zone *preferred, struct zone *zone,
					    unsigned int order, int zid, int highest,
					    int migratetype, bool alloc_harder)
{
	if (likely(order <= PAGE_ALLOC_COSTLY_ORDER)) {
		struct page *page = rmqueue_pcplist(preferred, zone, order, zid, highest,
						    migratetype);

		/* Linux 6.1: a failed refill falls back to the buddy lists (highatomic first). */
		if (likely(page) || !alloc_harder)
			return page;
	}
	return rmqueue_buddy(preferred, zone, order, zid, highest, migratetype, alloc_harder);
}

/*
 * Linux's __zone_watermark_ok(): enough free pages above @mark, and a block
 * of @order. @free is what zone_free_for_watermark() read.
 */
static __always_inline bool __zone_watermark_ok(struct zone *z, unsigned int order,
						unsigned long mark, int highest_zoneidx,
						bool alloc_high, bool alloc_harder,
						long free_pages)
{
	long free = free_pages - ((1L << order) - 1);
	long min = (long)mark;

	/* The highatomic reserve is only for those who may use it. */
	if (likely(!alloc_harder))
		free -= (long)z->nr_reserved_highatomic;
	if (alloc_high)
		min -= min / 2;
	if (unlikely(alloc_harder))
		min -= min / 4;
	if (free <= min + z->lowmem_reserve[highest_zoneidx])
		return false;
	if (!order)
		return true;
	return zone_has_usable_block(z, order, alloc_harder);
}

unsigned long zone_watermark_free_pages(const struct zone *z)
{
	long free = zone_free_for_watermark(z);

	return free < 0 ? 0 : (unsigned long)free;
}

bool zone_watermark_ok(struct zone *z, unsigned int order, unsigned long mark,
		       int highest_zoneidx, bool alloc_high)
{
	return __zone_watermark_ok(z, order, mark, highest_zoneidx, alloc_high, false,
				   zone_free_for_watermark(z));
}

static void count_vm_event_irq(enum vm_event_item item)
{
	unsigned long flags = arch_irq_save();

	__count_vm_events(item, 1);
	arch_irq_restore(flags);
}

/* ---- highatomic reserves ----------------------------------------------- */

/*
 * Linux's reserve_highatomic_pageblock(): a high-order ALLOC_HARDER
 * allocation succeeded from @page's pageblock; make the block a
 * MIGRATE_HIGHATOMIC reserve, so that the next such allocation finds free
 * pages there even when the rest of the zone is fragmented. At most 1% of
 * the zone plus one pageblock is reserved.
 */
static __noinline void reserve_highatomic_pageblock(struct page *page, struct zone *zone)
{
	unsigned long max_managed = zone->managed_pages / 100 + pageblock_nr_pages;
	unsigned long flags;
	int mt;

	if (READ_ONCE(zone->nr_reserved_highatomic) >= max_managed)
		return;
	spin_lock_irqsave(&zone->lock, flags);
	if (zone->nr_reserved_highatomic >= max_managed)
		goto out;
	mt = get_pageblock_migratetype(page);
	/* Only a mergeable block: not a reserve already, not isolated. */
	if (migratetype_is_mergeable(mt)) {
		zone->nr_reserved_highatomic += pageblock_nr_pages;
		set_pageblock_migratetype(page, MIGRATE_HIGHATOMIC);
		move_freepages_block(zone, page, MIGRATE_HIGHATOMIC, NULL);
	}
out:
	spin_unlock_irqrestore(&zone->lock, flags);
}

/*
 * @page's pageblock just became mergeable again: if it is one free block
 * (or more), free it again so that it merges with free buddies of the
 * neighbouring pageblocks, as Linux's unset_migratetype_isolate() does.
 * Under zone->lock; NR_FREE_PAGES does not change.
 */
static void merge_free_pageblock(struct zone *zone, struct page *page)
{
	unsigned long pfn = pageblock_start_pfn(page_to_pfn(page));
	struct page *head;
	unsigned int order;

	if (!zone_spans_pfn(zone, pfn))
		return;
	head = pfn_to_page(pfn);
	/* A free block of a pageblock or more starting here, or one that holds the pageblock. */
	for (order = pageblock_order; order <= MAX_PAGE_ORDER; order++) {
		unsigned long hpfn = pfn & ~((1UL << order) - 1);

		if (!zone_spans_pfn(zone, hpfn))
			return;
		head = pfn_to_page(hpfn);
		if (PageBuddy(head) && buddy_order(head) >= order)
			break;
	}
	if (order > MAX_PAGE_ORDER)
		return;
	order = buddy_order(head);
	del_page_from_free_list(head, zone, order);
	__free_one_page(head, page_to_pfn(head), zone, order,
			get_pfnblock_migratetype(head, page_to_pfn(head)));
}

/* ---- pageblock isolation (Linux's mm/page_isolation.c) ------------------ */

int set_migratetype_isolate(struct page *page)
{
	struct zone *zone = page_zone(page);
	unsigned long flags;
	int mt;

	spin_lock_irqsave(&zone->lock, flags);
	mt = get_pageblock_migratetype(page);
	if (is_migrate_isolate(mt) || is_migrate_highatomic(mt)) {
		spin_unlock_irqrestore(&zone->lock, flags);
		return -EBUSY;
	}
	set_pageblock_migratetype(page, MIGRATE_ISOLATE);
	zone->nr_isolate_pageblock++;
	move_freepages_block(zone, page, MIGRATE_ISOLATE, NULL);
	spin_unlock_irqrestore(&zone->lock, flags);
	return 0;
}

void unset_migratetype_isolate(struct page *page, int migratetype)
{
	struct zone *zone = page_zone(page);
	unsigned long flags;

	spin_lock_irqsave(&zone->lock, flags);
	if (is_migrate_isolate(get_pageblock_migratetype(page))) {
		set_pageblock_migratetype(page, migratetype);
		move_freepages_block(zone, page, migratetype, NULL);
		merge_free_pageblock(zone, page);
		zone->nr_isolate_pageblock--;
	}
	spin_unlock_irqrestore(&zone->lock, flags);
}

/*
 * Linux's unreserve_highatomic_pageblock(): an allocation is about to fail,
 * so give one highatomic pageblock of the zones it may use back to
 * @migratetype's lists. Without @force a zone keeps its last reserved
 * pageblock. True if free pages moved.
 */
bool unreserve_highatomic_pageblock(int nid, gfp_t gfp, bool force)
{
	const struct zonelist *zl = node_zonelist(nid, gfp);
	const int highest = gfp_zone(gfp), migratetype = gfp_migratetype(gfp);

	for (const struct zoneref *z = zl->_zonerefs; z->zone; z++) {
		struct zone *zone = z->zone;
		unsigned long flags;

		if (z->zone_idx > highest)
			continue;
		if (!force && READ_ONCE(zone->nr_reserved_highatomic) <= pageblock_nr_pages)
			continue;
		spin_lock_irqsave(&zone->lock, flags);
		for (unsigned int order = 0; order < NR_PAGE_ORDERS; order++) {
			struct free_area *area = &zone->free_area[order];
			struct page *page;

			if (free_area_empty(area, MIGRATE_HIGHATOMIC))
				continue;
			page = list_first_entry(&area->free_list[MIGRATE_HIGHATOMIC], struct page, lru);
			/*
			 * The block may have been stolen from since (its free pages
			 * were on the highatomic list but the block changed type):
			 * only a block still highatomic leaves the reserve count.
			 */
			if (is_migrate_highatomic(get_pageblock_migratetype(page)))
				zone->nr_reserved_highatomic -= min(pageblock_nr_pages,
								    zone->nr_reserved_highatomic);
			set_pageblock_migratetype(page, migratetype);
			if (move_freepages_block(zone, page, migratetype, NULL)) {
				merge_free_pageblock(zone, page);
				spin_unlock_irqrestore(&zone->lock, flags);
				return true;
			}
		}
		spin_unlock_irqrestore(&zone->lock, flags);
	}
	return false;
}

/* Inlined with a constant @wmark into the fast path and the slow path. */
static __always_inline struct page *get_page_from_freelist(gfp_t gfp, unsigned int order,
							   int nid, enum wmark_kind wmark)
{
	const struct zonelist *zl = node_zonelist(nid, gfp);
	int highest = gfp_zone_fast(gfp);
	/* mobility_grouping=off: one set of lists for everyone (no grouping at all). */
	const int migratetype = unlikely(mobility_grouping_off) ? MIGRATE_UNMOVABLE :
				gfp_migratetype(gfp);
	/* Linux 6.1's ALLOC_HARDER: __GFP_ATOMIC, past the first (low watermark) pass. */
	const bool alloc_harder = wmark != ALLOC_WMARK_LOW && (gfp & __GFP_ATOMIC);
	struct zone *preferred = NULL;

	for (const struct zoneref *z = zl->_zonerefs; z->zone; z++) {
		struct zone *zone = z->zone;
		unsigned long mark;
		struct page *page;

		if (z->zone_idx > highest)
			continue;
		if (!preferred)
			preferred = zone;
		mark = wmark == ALLOC_WMARK_LOW ? zone->_watermark[WMARK_LOW] :
		       wmark == ALLOC_WMARK_MIN ? zone->_watermark[WMARK_MIN] : 0;
		if (!__zone_watermark_ok(zone, order, mark, highest, gfp & __GFP_HIGH, alloc_harder,
					 zone_free_for_watermark(zone)))
			continue;
		page = rmqueue(preferred, zone, order, z->zone_idx, highest, migratetype,
			       alloc_harder);
		if (!page)
			continue;
		if (!prep_new_page(page, order, gfp))
			continue;	/* the bad pages are leaked, as Linux does */
		if (unlikely(order && alloc_harder))
			reserve_highatomic_pageblock(page, zone);
		return page;
	}
	return NULL;
}

static void warn_alloc(gfp_t gfp, unsigned int order)
{
	pr_warn("%s: page allocation failure: order:%u, mode:%#x, nodemask=(null)\n",
		"swapper/0", order, gfp);
	dump_stack();
	pr_warn("Mem-Info:\n");
	show_free_areas();
}

int numa_mem_id(void)
{
	int nid = cpu_to_node(smp_processor_id());

	return likely(nid != NUMA_NO_NODE) ? nid : __numa_mem_id();
}

/*
 * The zones @gfp may use from @nid that are below their low watermark get
 * the pressure threshold (Linux: kswapd wakes up and lowers them).
 */
static void note_memory_pressure(int nid, gfp_t gfp)
{
	const struct zonelist *zl = node_zonelist(nid, gfp);
	int highest = gfp_zone(gfp);

	for (const struct zoneref *z = zl->_zonerefs; z->zone; z++)
		if (z->zone_idx <= highest && !READ_ONCE(z->zone->vmstat_pressure) &&
		    zone_page_state(z->zone, NR_FREE_PAGES) < low_wmark_pages(z->zone))
			vmstat_zone_pressure(z->zone, true);
}

/* Everything but the first, low-watermark pass over the zonelist. */
static __noinline struct page *__alloc_pages_slowpath(int nid, gfp_t gfp, unsigned int order)
{
	struct page *page;

	if (order > MAX_PAGE_ORDER) {
		if (!(gfp & __GFP_NOWARN))
			WARN(1, "alloc_pages: order %u above MAX_PAGE_ORDER %d: use the gigantic page API",
			     order, MAX_PAGE_ORDER);
		return NULL;
	}
	if (nid < 0 || nid >= (int)nr_node_ids || !NODE_DATA(nid)) {
		WARN(1, "alloc_pages_node: no node %d", nid);
		return NULL;
	}
	note_memory_pressure(nid, gfp);
	page = get_page_from_freelist(gfp, order, nid, ALLOC_WMARK_MIN);
	/* Seed 002: the pages may be on per-cpu lists, outside NR_FREE_PAGES. */
	if (!page && fix_enabled(pcp_drain_retry)) {
		/* Linux's direct reclaim path: a zone's spare highatomic block goes back too. */
		if (gfp & __GFP_DIRECT_RECLAIM)
			unreserve_highatomic_pageblock(nid, gfp, false);
		drain_all_pages(NULL);
		page = get_page_from_freelist(gfp, order, nid, ALLOC_WMARK_MIN);
	}
	/* Linux's direct compaction, for costly orders that may wait. */
	if (!page && order > PAGE_ALLOC_COSTLY_ORDER && (gfp & __GFP_DIRECT_RECLAIM) &&
	    compaction_enabled)
		page = __alloc_pages_direct_compact(nid, gfp, order);
	/* Linux's should_reclaim_retry(), out of retries: the last reserves go back. */
	while (!page && (gfp & __GFP_DIRECT_RECLAIM) && unreserve_highatomic_pageblock(nid, gfp, true))
		page = get_page_from_freelist(gfp, order, nid, ALLOC_WMARK_MIN);
	if (!page) {
		if (!fix_enabled(pcp_drain_retry))
			report_stranded(nid, gfp, order);
		if (!(gfp & __GFP_NOWARN))
			warn_alloc(gfp, order);
	}
	return page;
}

struct page *__alloc_pages_direct_compact(int nid, gfp_t gfp, unsigned int order)
{
	const struct zonelist *zl = node_zonelist(nid, gfp);
	const int highest = gfp_zone(gfp);
	struct page *page = NULL;
	bool tried = false;

	for (const struct zoneref *z = zl->_zonerefs; z->zone && !page; z++) {
		struct zone *zone = z->zone;

		if (z->zone_idx > highest || compaction_deferred(zone, (int)order))
			continue;
		if (compaction_suitable(zone, order, highest) != COMPACT_CONTINUE)
			continue;
		if (!tried) {
			count_vm_event_irq(COMPACTSTALL);
			tried = true;
		}
		compact_zone(zone, (int)order);
		page = get_page_from_freelist(gfp, order, nid, ALLOC_WMARK_MIN);
		if (page) {
			compaction_defer_reset(page_zone(page), (int)order, true);
			count_vm_event_irq(COMPACTSUCCESS);
		} else {
			defer_compaction(zone, (int)order);
		}
	}
	if (tried && !page)
		count_vm_event_irq(COMPACTFAIL);
	return page;
}

/* GFP bits the order-0 fast path leaves to the general path. */
#define GFP_FAST_EXCLUDE	(__GFP_DMA | __GFP_DMA32 | __GFP_HIGHMEM | __GFP_MOVABLE | \
				 __GFP_RECLAIMABLE | __GFP_HIGH | __GFP_ZERO | __GFP_COMP)

/*
 * Per CPU, what the order-0 allocation fast path needs, worked out
 * beforehand: the first zone at most ZONE_NORMAL of the CPU's node's
 * zonelist (the one get_page_from_freelist() tries first for GFP_KERNEL),
 * if it is on that node (then it is also the first of the node's
 * __GFP_THISNODE zonelist) and has per-cpu lists, and no debug option is
 * on (else NULL: every allocation takes the general path); and
 * the CPU's per-cpu lists of that zone. Set by pcp_fast_zones_update()
 * when the zonelists are built and when CPUs come online.
 */
struct pcp_fast {
	struct zone *zone;
	struct per_cpu_pages *pcp;
};
static DEFINE_PER_CPU(struct pcp_fast, pcp_fast);

/*
 * The order-0 free fast path's zone, by page->flags >> ZONES_PGSHIFT (the
 * node and zone fields, the top bits): every zone with per-cpu lists, the
 * others (all while a debug option is on) &pcp_zone_none, whose isolated
 * block count sends every free down the general path. Set by
 * pcp_fast_zones_update().
 */
static struct zone pcp_zone_none = { .nr_isolate_pageblock = 1, .name = "none" };
static struct zone *pcp_zone_table[1UL << (NODES_WIDTH + ZONES_WIDTH)] = {
	[0 ... (1UL << (NODES_WIDTH + ZONES_WIDTH)) - 1] = &pcp_zone_none
};
_Static_assert(ZONES_PGSHIFT + ZONES_WIDTH + NODES_WIDTH == BITS_PER_LONG,
	       "node and zone are the top bits of page->flags");

static void pcp_fast_zones_update(void)
{
	unsigned int cpu;
	pg_data_t *pgdat;
	int n;

	for_each_online_pgdat(pgdat, n)
		for (int z = 0; z < MAX_NR_ZONES; z++)
			pcp_zone_table[((unsigned long)n << ZONES_WIDTH) | (unsigned long)z] =
				pgdat->node_zones[z].per_cpu_pageset && !page_alloc_debug ?
				&pgdat->node_zones[z] : &pcp_zone_none;

	for_each_possible_cpu(cpu) {
		int nid = cpu_to_node(cpu);
		const struct zoneref *z = nid >= 0 && nid < (int)nr_node_ids && NODE_DATA(nid) ?
			NODE_DATA(nid)->node_zonelists[ZONELIST_FALLBACK]._zonerefs : NULL;
		struct zone *zone;

		/* The first zone get_page_from_freelist() tries for GFP_KERNEL (no highmem). */
		while (z && z->zone && z->zone_idx > ZONE_NORMAL)
			z++;
		zone = z ? z->zone : NULL;
		if (!zone || zone->node != nid || !zone->per_cpu_pageset || page_alloc_debug)
			per_cpu(pcp_fast, cpu) = (struct pcp_fast){ &pcp_zone_none, NULL };
		else
			per_cpu(pcp_fast, cpu) = (struct pcp_fast){
				zone, per_cpu_ptr(zone->per_cpu_pageset, cpu) };
	}
}

/* @ptr, a per-CPU pointer, for the CPU whose offset is @off (__my_cpu_offset()). */
#define cpu_off_ptr(ptr, off)	((__typeof__(ptr))((char *)(ptr) + (off)))

/*
 * The order-0 fast path of alloc_pages(): this CPU's fast zone
 * (pcp_fast_zone), above its low watermark, and a page popped off its
 * per-cpu list of unmovable pages. It does what get_page_from_freelist()
 * does for that zone, counters included, except refilling an empty list:
 * anything else is a tail call of the general path, which starts over. No
 * value lives across a call, so the compiler needs no callee-saved
 * register and no frame.
 */
static __noinline struct page *alloc_pages_general(gfp_t gfp, unsigned int order);

/* The fast path's page failed pages_may_be_bad()'s test: reported, leaked (as Linux does). */
static __noinline struct page *alloc_order0_bad_page(struct page *page, gfp_t gfp)
{
	if (!check_new_pages_slow(page, 1))
		return alloc_pages_general(gfp, 0);
	page->_refcount = 1;
	return page;
}

static __always_inline struct page *alloc_order0_fast(gfp_t gfp)
{
	const struct pcp_fast *f = this_cpu_ptr(&pcp_fast);
	struct zone *const zone = f->zone;
	struct per_cpu_pages *const pcp = f->pcp;
	struct list_head *list;
	unsigned long flags;
	struct page *page;
	long free;

	if (unlikely((gfp & GFP_FAST_EXCLUDE) || !zone))	/* NULL before mem_init() */
		return alloc_pages_general(gfp, 0);
	/*
	 * __zone_watermark_ok() at the low watermark for order 0, without
	 * __GFP_HIGH or ALLOC_HARDER; below percpu_drift_mark the general path
	 * checks the exact snapshot.
	 */
	free = zone_page_state_raw(zone, NR_FREE_PAGES);
	if (unlikely(free < (long)zone->percpu_drift_mark ||
		     free - (long)zone->nr_reserved_highatomic <=
		     (long)zone->_watermark[WMARK_LOW] + zone->lowmem_reserve[ZONE_NORMAL]))
		return alloc_pages_general(gfp, 0);
	list = &pcp->lists[order_to_pindex(MIGRATE_UNMOVABLE, 0)];
	flags = arch_irq_save();
	if (unlikely(!pcp_trylock(pcp))) {
		arch_irq_restore(flags);
		return alloc_pages_general(gfp, 0);
	}
	if (unlikely(list_empty(list))) {	/* the general path refills it */
		pcp_unlock(pcp);
		arch_irq_restore(flags);
		return alloc_pages_general(gfp, 0);
	}
	/* The head's successor off the list; lru is the owner's now: no need to clear it. */
	page = list_entry(list->next, struct page, lru);
	list->next = page->lru.next;
	page->lru.next->prev = list;
	pcp->count--;
	/* zone_statistics() and PGALLOC: the zone is on this CPU's node, the preferred one. */
	pcp->alloc_fast++;
	pcp_unlock(pcp);
	arch_irq_restore(flags);
	if (PCP_CHECK_EACH && unlikely(pages_may_be_bad(page, 1)))
		return alloc_order0_bad_page(page, gfp);
	page->_refcount = 1;
	return page;
}

/* @nid_ok: @nid is build_all_zonelists()'s boot_cpu_mem_node, checked there. */
static __always_inline struct page *__alloc_pages(int nid, gfp_t gfp, unsigned int order,
						  bool nid_ok)
{
	struct page *page;

	if (unlikely(order > MAX_PAGE_ORDER ||
		     (!nid_ok && (nid < 0 || nid >= (int)nr_node_ids || !NODE_DATA(nid)))))
		return __alloc_pages_slowpath(nid, gfp, order);
	page = get_page_from_freelist(gfp, order, nid, ALLOC_WMARK_LOW);
	if (likely(page))
		return page;
	return __alloc_pages_slowpath(nid, gfp, order);
}

struct page *alloc_pages_node(int nid, gfp_t gfp, unsigned int order)
{
	if (nid == NUMA_NO_NODE)
		return alloc_pages(gfp, order);
	return __alloc_pages(nid, gfp, order, false);
}

/* Everything but alloc_pages()'s order-0 fast path. */
static __noinline struct page *alloc_pages_general(gfp_t gfp, unsigned int order)
{
	/* Once the zonelists exist every node has a pgdat: the local node is always valid. */
	if (likely(READ_ONCE(boot_cpu_mem_node) != NUMA_NO_NODE)) {
		/* Order 0, the common case: its own copy of the general path. */
		if (likely(order == 0))
			return __alloc_pages(numa_node_id(), gfp, 0, true);
		return __alloc_pages(numa_node_id(), gfp, order, true);
	}
	return __alloc_pages(__numa_mem_id(), gfp, order, false);	/* before the zonelists */
}

struct page *alloc_pages(gfp_t gfp, unsigned int order)
{
	if (likely(order == 0))
		return alloc_order0_fast(gfp);
	return alloc_pages_general(gfp, order);
}

void *page_address(const struct page *page)
{
	unsigned long pfn = page_to_pfn(page);

	return pfn_is_lowmem(pfn) ? lowmem_pfn_to_virt(pfn) : NULL;
}

unsigned long __get_free_pages(gfp_t gfp, unsigned int order)
{
	struct page *page = alloc_pages(gfp & ~__GFP_HIGHMEM, order);

	return page ? (unsigned long)page_address(page) : 0;
}

/* ---- freeing --------------------------------------------------------- */

/* Undo prep_compound_page; false if a tail was corrupted (reported). */
static bool free_compound(struct page *page, unsigned long pfn, unsigned int order)
{
	bool ok = true;

	if (page->private != order) {
		bad_page(page, pfn, "compound order mismatch");
		ok = false;
	}
	for (unsigned long i = 1; i < (1UL << order); i++) {
		struct page *p = page + i;
		if (p->compound_head != ((unsigned long)page | 1)) {
			bad_page(p, pfn + i, "corrupted compound tail");
			ok = false;
		}
		p->compound_head = 0;
	}
	ClearPageHead(page);
	page->private = 0;
	return ok;
}

static __noinline void poison_pages(unsigned long pfn, unsigned long n)
{
	for (unsigned long i = 0; i < n; i++)
		poison_page(pfn + i);
}

/* A block leaving its owner: poisoned (page_poison=1), unmapped (debug_pagealloc=on). */
static __always_inline void free_pages_prepare_tail(unsigned long pfn, unsigned long n)
{
	if (unlikely(page_poisoning_enabled))
		poison_pages(pfn, n);
	debug_pagealloc_map(pfn, n, false);
}

/*
 * Put a block on the buddy lists and count it in NR_FREE_PAGES: after it
 * is on the lists (fix counter_after_list), or before, as Linux did before
 * seed 002's first patch. zone->lock held.
 */
static __always_inline void __free_block_locked(struct zone *zone, struct page *page,
						unsigned long pfn, unsigned int order)
{
	const bool after = fix_enabled(counter_after_list);
	/* Read under the lock: the pageblock may have changed type since the caller looked. */
	const int migratetype = get_pfnblock_migratetype(page, pfn);

	lockdep_assert_held(&zone->lock);
	if (!after)
		__mod_zone_page_state(zone, NR_FREE_PAGES, 1L << order);
	__free_one_page(page, pfn, zone, order, migratetype);
	if (after)
		__mod_zone_page_state(zone, NR_FREE_PAGES, 1L << order);
}

/* A prepared block straight to the buddy lists. */
static void __free_block_to_buddy(struct zone *zone, struct page *page, unsigned long pfn,
				  unsigned int order)
{
	unsigned long flags;

	spin_lock_irqsave(&zone->lock, flags);
	__free_block_locked(zone, page, pfn, order);
	__count_vm_events(PGFREE, 1UL << order);
	spin_unlock_irqrestore(&zone->lock, flags);
}

/* Return a block whose pages are in state for freeing to the buddy lists. */
static void free_one_block(struct zone *zone, struct page *page, unsigned long pfn,
			   unsigned int order)
{
	free_pages_prepare_tail(pfn, 1UL << order);
	__free_block_to_buddy(zone, page, pfn, order);
}

/*
 * Give @count pages (rounded up to whole blocks) of @pcp back to the buddy
 * lists, one block from each non-empty list in turn, oldest first.
 * pcp->lock held, interrupts off. With counter_after_list off the pages are
 * counted in NR_FREE_PAGES before any of them is on the lists (the window
 * seed 002's first patch closed).
 */
static bool check_free_pages_slow(struct page *page, unsigned long pfn, unsigned long n);

static void free_pcppages_bulk(struct zone *zone, int count, struct per_cpu_pages *pcp)
{
	pcp_assert_held(pcp);
	const bool after = fix_enabled(counter_after_list);
	unsigned int idx = pcp->free_index;
	unsigned long block = ~0UL;	/* the pageblock whose type is in mt */
	int freed = 0, leaked = 0, mt = 0;

	if (count > pcp->count)
		count = pcp->count;
	if (count <= 0)
		return;
	spin_lock(&zone->lock);
	if (!after)
		__mod_zone_page_state(zone, NR_FREE_PAGES, count);
	if (unlikely(pcp_bulk_free_hook))
		pcp_bulk_free_hook(zone, count);
	while (freed < count) {
		struct list_head *list;
		unsigned int order;

		/* The next non-empty list, round robin; then from it until done or empty (Linux 6.1). */
		do {
			idx = idx + 1 < NR_PCP_LISTS ? idx + 1 : 0;
			list = &pcp->lists[idx];
		} while (list_empty(list));
		order = pindex_to_order(idx);
		do {
			struct page *page = list_last_entry(list, struct page, lru);
			unsigned long pfn;

			list_del(&page->lru);
			pcp->count -= 1 << order;
			pfn = page_to_pfn(page);
			/* Without CONFIG_DEBUG_VM the pages freed to the list are checked here. */
			if (!PCP_CHECK_EACH && unlikely(pages_may_be_bad(page, 1UL << order)) &&
			    !check_free_pages_slow(page, pfn, 1UL << order)) {
				leaked += 1 << order;	/* reported, and kept out */
				freed += 1 << order;
				continue;
			}
			/*
			 * The pageblock's type now, not the one noted when the block joined
			 * the list (Linux 6.1 uses the noted one unless blocks are isolated):
			 * a block reserved highatomic, claimed or isolated meanwhile gets its
			 * pages back on its own list, and the reserve is not lost through
			 * merges into another type's list (as later Linux does too). Looked
			 * up once per run of pages of one pageblock: types change only under
			 * zone->lock, held throughout.
			 */
			if ((pfn >> pageblock_order) != block) {
				block = pfn >> pageblock_order;
				mt = get_pfnblock_migratetype(page, pfn);
			}
			__free_one_page(page, pfn, zone, order, mt);
			freed += 1 << order;
		} while (freed < count && !list_empty(list));
	}
	/* Before the fix: a last block may overshoot @count; its rest is counted now. */
	__mod_zone_page_state(zone, NR_FREE_PAGES, (after ? freed : freed - count) - leaked);
	spin_unlock(&zone->lock);
	pcp->free_index = idx;
	BUG_ON(pcp->count < 0);
}

/* The per-cpu list was busy (a drainer): straight to the buddy lists. */
static __noinline void free_unref_page_busy(struct zone *zone, struct page *page,
					    unsigned int order)
{
	__free_block_to_buddy(zone, page, page_to_pfn(page), order);
}

/*
 * Linux's free_unref_page_commit(): a prepared block of order <=
 * PAGE_ALLOC_COSTLY_ORDER onto this CPU's list of its zone; a bulk free of
 * a batch when the list reaches high.
 */
/*
 * The per-cpu list type noted in page->flags @pgflags. Only
 * set_pcppage_migratetype() writes it, always with a type below
 * MIGRATE_PCPTYPES (a highatomic page's is MIGRATE_MOVABLE), and a
 * memmap entry starts at 0.
 */
static __always_inline unsigned int pcp_flags_migratetype(unsigned long pgflags)
{
	return (unsigned int)((pgflags >> PCPMT_PGSHIFT) & PCPMT_MASK);
}

/*
 * @pcp's order-0 list of type @mt (order_to_pindex(mt, 0) == mt), as one
 * address computation: the compiler otherwise works the list's address
 * out twice for a list_add().
 */
static __always_inline struct list_head *pcp_list_of(struct per_cpu_pages *pcp, unsigned long mt)
{
	_Static_assert(sizeof(struct list_head) == 2 * sizeof(void *), "two pointers");
	struct list_head *head;

	__asm__("" : "=r"(head) : "0"((char *)pcp->lists + mt * sizeof(struct list_head)));
	return head;
}

/*
 * Linux's free_unref_page(): the per-cpu list a freed block of @page (in
 * @zone) goes on - the type of the free list it was allocated from
 * (get_pcppage_migratetype(), no pageblock lookup), highatomic pages on
 * the movable list (back to their block on drain, which looks the type
 * up). While @zone has isolated pageblocks the type is looked up (and
 * noted): -1 for an isolated block, whose pages go straight to the buddy
 * lists. A page on a per-cpu list always has its list's type noted
 * (mm/validate.c checks it).
 */
static __always_inline int pcp_free_migratetype(struct zone *zone, struct page *page)
{
	int migratetype = (int)pcp_flags_migratetype(page->flags);

	if (unlikely(READ_ONCE(zone->nr_isolate_pageblock))) {
		migratetype = get_pfnblock_migratetype(page, page_to_pfn(page));
		if (is_migrate_isolate(migratetype))
			return -1;
		if (migratetype >= MIGRATE_PCPTYPES)
			migratetype = MIGRATE_MOVABLE;
		set_pcppage_migratetype(page, migratetype);	/* the list's type, as always */
	}
	return migratetype;
}

static __always_inline void free_unref_page_commit(struct zone *zone, struct page *page,
						   unsigned int order)
{
	struct per_cpu_pages *pcp;
	unsigned long flags;
	const int pcpmigratetype = pcp_free_migratetype(zone, page);

	if (unlikely(pcpmigratetype < 0)) {
		free_unref_page_busy(zone, page, order);
		return;
	}
	flags = arch_irq_save();
	pcp = this_cpu_ptr(zone->per_cpu_pageset);
	if (unlikely(!pcp_trylock(pcp))) {	/* a drainer has it: go around */
		arch_irq_restore(flags);
		free_unref_page_busy(zone, page, order);
		return;
	}
	list_add(&page->lru, &pcp->lists[order_to_pindex(pcpmigratetype, order)]);
	pcp->count += 1 << order;
	if (unlikely(pcp->count >= pcp->high))
		free_pcppages_bulk(zone, pcp->batch, pcp);
	pcp_unlock(pcp);
	__count_vm_events(PGFREE, 1UL << order);
	arch_irq_restore(flags);
}

/* Report every page of a block being freed that is not in a state to be freed. */
static __noinline bool check_free_pages_slow(struct page *page, unsigned long pfn,
					     unsigned long n)
{
	bool ok = true;

	for (unsigned long i = 0; i < n; i++) {
		const char *why = page_bad_reason(page + i);
		if (why) {
			bad_page(page + i, pfn + i, why);
			ok = false;
		}
	}
	return ok;
}

/*
 * Everything off the fast path: compound and bad pages (reported and kept
 * out), poisoning, debug_pagealloc, orders above the per-cpu lists.
 */
static __noinline void free_the_page_slow(struct page *page, unsigned int order)
{
	unsigned long pfn = page_to_pfn(page);
	unsigned long n = 1UL << order;
	bool ok = true;

	if (PageHead(page))
		ok = free_compound(page, pfn, order);
	if ((page_alloc_debug ? pages_may_be_bad(page, n) : block_may_be_bad(page, n)) &&
	    !check_free_pages_slow(page, pfn, n))
		ok = false;
	if (!ok)
		return;
	free_pages_prepare_tail(pfn, n);
	if (order <= PAGE_ALLOC_COSTLY_ORDER)
		free_unref_page_commit(page_zone(page), page, order);
	else
		__free_block_to_buddy(page_zone(page), page, pfn, order);
}

/*
 * The fast path: a clean block (pages_may_be_bad() also sees PG_head) of a
 * per-cpu order with no debug option on goes to the per-cpu list without
 * its pfn ever being computed.
 */
static __always_inline void free_the_page(struct page *page, unsigned int order)
{
	if (unlikely(order > PAGE_ALLOC_COSTLY_ORDER || page_alloc_debug ||
		     pages_may_be_bad(page, 1UL << order))) {
		free_the_page_slow(page, order);
		return;
	}
	free_unref_page_commit(page_zone(page), page, order);
}

/* ---- draining the per-cpu lists -------------------------------------- */

static void drain_pages_zone(unsigned int cpu, struct zone *zone)
{
	struct per_cpu_pages *pcp;
	unsigned long flags;

	if (!zone->per_cpu_pageset)	/* an empty zone has no lists */
		return;
	pcp = per_cpu_ptr(zone->per_cpu_pageset, cpu);
	flags = pcp_lock_irqsave(pcp);
	free_pcppages_bulk(zone, pcp->count, pcp);
	pcp_unlock_irqrestore(pcp, flags);
}

static void drain_pages(unsigned int cpu, struct zone *zone)
{
	pg_data_t *pgdat;
	int nid;

	if (zone) {
		drain_pages_zone(cpu, zone);
		return;
	}
	for_each_online_pgdat(pgdat, nid)
		for (int z = 0; z < MAX_NR_ZONES; z++)
			drain_pages_zone(cpu, &pgdat->node_zones[z]);
}

void drain_local_pages(struct zone *zone)
{
	drain_pages(smp_processor_id(), zone);
}

/*
 * Every CPU's lists, drained from here under each pcp->lock (the owner's
 * fast path goes around a held lock), so no IPI is needed and any context
 * that may take zone->lock may call it.
 */
void drain_all_pages(struct zone *zone)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu)
		drain_pages(cpu, zone);
}

unsigned long zone_free_pages_total(const struct zone *zone)
{
	return zone_page_state_snapshot(zone, NR_FREE_PAGES) + zone_pcp_pages(zone);
}

/* Pages on every CPU's per-cpu lists of @zone (racy unless quiet). */
unsigned long zone_pcp_pages(const struct zone *zone)
{
	unsigned long n = 0;
	unsigned int cpu;

	if (!zone->per_cpu_pageset)
		return 0;
	for_each_possible_cpu(cpu)
		n += (unsigned long)READ_ONCE(per_cpu_ptr(zone->per_cpu_pageset, cpu)->count);
	return n;
}

static __noinline void free_pages_bad_call(struct page *page, unsigned int order)
{
	if (order > MAX_PAGE_ORDER)
		WARN(1, "__free_pages: order %u above MAX_PAGE_ORDER", order);
	else
		bad_page(page, page_to_pfn(page), "freeing a page with no reference");
}

/*
 * The order-0 fast path of __free_pages(): the last reference to a clean
 * page (pages_may_be_bad()'s test, PG_head included), no debug option on
 * (pcp_zone_table has none), no isolated pageblock in its zone: onto this
 * CPU's list of the type it was allocated from, a bulk free when the list
 * reaches high. False, with nothing done, sends the caller down the
 * general path. No pfn computed, no value live across a call.
 */
/* The rest of free_order0_fast() once the list reached high: a bulk free. */
static __noinline void free_order0_high(struct zone *zone, struct per_cpu_pages *pcp,
					unsigned long flags)
{
	free_pcppages_bulk(zone, pcp->batch, pcp);
	pcp_unlock(pcp);
	__count_vm_events(PGFREE, 1);
	arch_irq_restore(flags);
}

static __always_inline bool free_order0_fast(struct page *page)
{
	const unsigned long pgflags = page->flags;
	struct zone *const zone = pcp_zone_table[pgflags >> ZONES_PGSHIFT];
	struct list_head *head, *next;
	struct per_cpu_pages *pcp;
	unsigned long flags, off;
	unsigned int mt;

	if (unlikely(page->_refcount != 1 || READ_ONCE(zone->nr_isolate_pageblock) ||
		     (PCP_CHECK_EACH && ((pgflags & PAGE_FLAGS_CHECK) || (page->compound_head & 1)))))
		return false;
	mt = pcp_flags_migratetype(pgflags);
	flags = arch_irq_save();
	off = __my_cpu_offset();
	pcp = cpu_off_ptr(zone->per_cpu_pageset, off);
	if (unlikely(!pcp_trylock(pcp))) {
		arch_irq_restore(flags);
		return false;
	}
	page->_refcount = 0;
	head = pcp_list_of(pcp, mt);
	next = head->next;
	page->lru.next = next;
	page->lru.prev = head;
	next->prev = &page->lru;
	head->next = &page->lru;
	if (unlikely(++pcp->count >= pcp->high)) {
		free_order0_high(zone, pcp, flags);
		return true;
	}
	pcp_unlock(pcp);
	cpu_off_ptr(&vm_event_states, off)->event[PGFREE]++;
	arch_irq_restore(flags);
	return true;
}

static __noinline void __free_pages_general(struct page *page, unsigned int order)
{
	if (unlikely(!page))
		return;
	if (unlikely(order > MAX_PAGE_ORDER || page->_refcount <= 0)) {
		free_pages_bad_call(page, order);
		return;
	}
	if (--page->_refcount == 0) {
		if (likely(order == 0))		/* its own copy with the order constant */
			free_the_page(page, 0);
		else
			free_the_page(page, order);
	}
}

void __free_pages(struct page *page, unsigned int order)
{
	if (likely(order == 0 && page) && likely(free_order0_fast(page)))
		return;
	__free_pages_general(page, order);
}

void free_pages(unsigned long addr, unsigned int order)
{
	if (addr)
		__free_pages(pfn_to_page(PHYS_PFN(arch_virt_to_phys((void *)addr))), order);
}

/* ---- the bulk API ----------------------------------------------------- */

/* A page the bulk allocator got: on @list, or into the hole of @array at @i. */
static __always_inline void bulk_store(struct page *page, struct list_head *list,
				       struct page **array, unsigned long i)
{
	if (list)
		list_add(&page->lru, list);
	else
		array[i] = page;
}

/*
 * The zone the bulk fast path serves from: the first zone of the zonelist
 * that @gfp may use (the preferred zone's node only, as Linux) that is above
 * its low watermark plus @nr pages, with one watermark check. NULL: the
 * caller takes the single-page path.
 */
static struct zone *bulk_zone(int nid, gfp_t gfp, unsigned long nr, struct zone **preferred,
			      int *zid)
{
	const struct zonelist *zl = node_zonelist(nid, gfp);
	const int highest = gfp_zone(gfp);

	*preferred = NULL;
	for (const struct zoneref *z = zl->_zonerefs; z->zone; z++) {
		struct zone *zone = z->zone;

		if (z->zone_idx > highest)
			continue;
		if (!*preferred)
			*preferred = zone;
		if (zone->node != (*preferred)->node)
			return NULL;
		if (__zone_watermark_ok(zone, 0, zone->_watermark[WMARK_LOW] + nr, highest,
					gfp & __GFP_HIGH, false, zone_free_for_watermark(zone))) {
			*zid = z->zone_idx;
			return zone;
		}
	}
	return NULL;
}

/*
 * The next page of the bulk allocation: the one at *@pos on @pcp_list
 * (*@pos moves on), the list refilled first if the allocation took all its
 * pages (closed empty, then rmqueue_bulk()). NULL if the buddy lists had
 * none; *@pos is @pcp_list then.
 */
static __always_inline struct page *bulk_take(struct list_head **pos, struct zone *zone,
					      struct per_cpu_pages *pcp,
					      struct list_head *pcp_list, gfp_t gfp,
					      int migratetype)
{
	struct page *page;

	if (unlikely(*pos == pcp_list)) {
		INIT_LIST_HEAD(pcp_list);
		pcp->count += rmqueue_bulk(zone, 0, nr_pcp_alloc(pcp, 0), pcp_list,
					   gfp_zone(gfp), migratetype);
		*pos = pcp_list->next;
		if (*pos == pcp_list)
			return NULL;
	}
	page = list_entry(*pos, struct page, lru);
	*pos = (*pos)->next;
	return page;
}

/*
 * Linux 6.1's __alloc_pages_bulk(): up to @nr order-0 pages for @gfp from
 * @nid, added to @list or put into the NULL entries of @array (entries
 * already set are kept). Returns the pages added to @list, or the
 * populated entries of @array (the ones kept included). The pages come
 * from this CPU's list of one zone (bulk_zone()), refilled by batches as
 * needed, under one irq/lock section, with one update of each counter per
 * call. If that cannot serve even the first page (no zone above its mark,
 * the list busy, the refill empty), or only one page is missing, one page
 * comes from alloc_pages_node(), which may take the slow path.
 */
unsigned long __alloc_pages_bulk(gfp_t gfp, int nid, unsigned long nr, struct list_head *list,
				 struct page **array)
{
	unsigned long populated = 0, start, bad = 0, got = 0, flags;
	/* What prep_new_page() does beyond a refcount of 1 for order 0. */
	const bool slow = page_alloc_debug || (gfp & __GFP_ZERO);
	struct per_cpu_pages *pcp;
	struct list_head *pcp_list, *pos;
	struct zone *zone, *preferred;
	struct page *page;
	int zid = 0, migratetype;

	while (array && populated < nr && array[populated])
		populated++;
	if (populated == nr)
		return populated;
	start = populated;
	if (nr - populated == 1 || READ_ONCE(boot_cpu_mem_node) == NUMA_NO_NODE ||
	    nid < 0 || nid >= (int)nr_node_ids || !NODE_DATA(nid))
		goto single;
	zone = bulk_zone(nid, gfp, nr - populated, &preferred, &zid);
	if (!zone || !zone->per_cpu_pageset)
		goto single;
	migratetype = unlikely(mobility_grouping_off) ? MIGRATE_UNMOVABLE : gfp_migratetype(gfp);
	flags = arch_irq_save();
	pcp = this_cpu_ptr(zone->per_cpu_pageset);
	if (unlikely(!pcp_trylock(pcp))) {
		arch_irq_restore(flags);
		goto single;
	}
	pcp_list = &pcp->lists[order_to_pindex(migratetype, 0)];
	/*
	 * The pages are taken from the head of the list in turn, the list
	 * closed behind them once (and before each refill), so each page is
	 * read and written once: its list link, its checks, its refcount.
	 */
	pos = pcp_list->next;
	/* The common case, an array and nothing beyond a refcount to set: a loop of its own. */
	if (array && !slow && !PCP_CHECK_EACH) {
		unsigned long kept = 0;

		for (; populated < nr; populated++) {
			if (unlikely(array[populated])) {
				kept++;
				continue;
			}
			page = bulk_take(&pos, zone, pcp, pcp_list, gfp, migratetype);
			if (unlikely(!page))
				break;
			page->_refcount = 1;
			array[populated] = page;
		}
		got = populated - start - kept;
	}
	while (populated < nr) {
		if (array && array[populated]) {
			populated++;
			continue;
		}
		page = bulk_take(&pos, zone, pcp, pcp_list, gfp, migratetype);
		if (unlikely(!page))
			break;
		if (unlikely(slow || (PCP_CHECK_EACH && pages_may_be_bad(page, 1)))) {
			if (!prep_new_page(page, 0, gfp)) {
				bad++;
				continue;	/* the bad page is leaked, as Linux does */
			}
		} else {
			page->_refcount = 1;
		}
		bulk_store(page, list, array, populated);
		populated++;
		got++;
	}
	pcp_list->next = pos;
	pos->prev = pcp_list;
	pcp->count -= (int)(got + bad);
	pcp_unlock(pcp);
	if (likely(got)) {
		__count_vm_events(PGALLOC_FIRST + zid, got);
		zone_statistics(preferred, zone, got);
	}
	arch_irq_restore(flags);
	if (likely(got))
		return populated;
single:
	page = alloc_pages_node(nid, gfp, 0);
	if (page) {
		while (array && array[populated])	/* the first hole (the fast path may have skipped some) */
			populated++;
		bulk_store(page, list, array, populated);
		populated++;
	}
	return populated;
}

/*
 * The pages free_pages_bulk() is returning to one zone's per-cpu lists,
 * chained per type in array order, the chains spliced onto the lists
 * at once (each page's struct page written once, the lists' heads once).
 */
struct bulk_chain {
	struct list_head head[MIGRATE_PCPTYPES];
	struct list_head *tail[MIGRATE_PCPTYPES];
	int count;
};

static __always_inline void bulk_chain_init(struct bulk_chain *c)
{
	for (int mt = 0; mt < MIGRATE_PCPTYPES; mt++)
		c->tail[mt] = &c->head[mt];
	c->count = 0;
}

/* Onto @pcp's lists (of @zone, locked), a bulk free past high, then the lock dropped. */
static __noinline void bulk_chain_commit(struct bulk_chain *c, struct zone *zone,
					 struct per_cpu_pages *pcp)
{
	for (int mt = 0; mt < MIGRATE_PCPTYPES; mt++) {
		struct list_head *list = &pcp->lists[order_to_pindex(mt, 0)];
		struct list_head *first = c->head[mt].next, *last = c->tail[mt];

		if (last == &c->head[mt])
			continue;
		first->prev = list;
		last->next = list->next;
		list->next->prev = last;
		list->next = first;
	}
	pcp->count += c->count;
	if (unlikely(pcp->count >= pcp->high))
		free_pcppages_bulk(zone, pcp->count - pcp->high + pcp->batch, pcp);
	pcp_unlock(pcp);
	bulk_chain_init(c);
}

/*
 * Drop a reference to each of the @nr order-0 pages of @pages (NULL
 * entries are skipped); the pages whose count reaches zero go back to this
 * CPU's lists under one irq section, taking each zone's pcp lock once per
 * run of pages of that zone, with one PGFREE update. Pages a debug option
 * or a bad state sends off the fast path, and pages of zones with isolated
 * blocks, go the way __free_pages() sends them. A list past high after the
 * run gives back what single frees would have. Linux's release_pages() and
 * free_unref_page_list() in one, for order-0 pages.
 */
void free_pages_bulk(struct page **pages, unsigned long nr)
{
	struct per_cpu_pages *pcp = NULL;
	struct bulk_chain c;
	/* The zone whose lists are held, else @none, which no page's zone is. */
	struct zone *const none = NULL;
	struct zone *locked = none;
	unsigned long flags = arch_irq_save(), freed = 0;
	const unsigned long off = __my_cpu_offset();

	bulk_chain_init(&c);
	for (unsigned long i = 0; i < nr; i++) {
		struct page *page = pages[i];
		unsigned long pgflags;
		unsigned int mt;
		struct zone *zone;

		if (unlikely(!page))
			continue;
		/* free_order0_fast()'s tests, and this zone's lists already held. */
		pgflags = page->flags;
		zone = pcp_zone_table[pgflags >> ZONES_PGSHIFT];
		if (unlikely(page->_refcount != 1 || zone != locked ||
			     (PCP_CHECK_EACH && ((pgflags & PAGE_FLAGS_CHECK) ||
						 (page->compound_head & 1))))) {
			if (locked != none) {
				freed += (unsigned long)c.count;
				bulk_chain_commit(&c, locked, pcp);
			}
			locked = none;
			if (page->_refcount != 1 || READ_ONCE(zone->nr_isolate_pageblock) ||
			    (PCP_CHECK_EACH && ((pgflags & PAGE_FLAGS_CHECK) ||
						(page->compound_head & 1)))) {
				__free_pages_general(page, 0);	/* as __free_pages() */
				continue;
			}
			pcp = cpu_off_ptr(zone->per_cpu_pageset, off);
			if (unlikely(!pcp_trylock(pcp))) {
				__free_pages_general(page, 0);
				continue;
			}
			locked = zone;
		}
		page->_refcount = 0;
		mt = pcp_flags_migratetype(pgflags);
		page->lru.prev = c.tail[mt];
		c.tail[mt]->next = &page->lru;
		c.tail[mt] = &page->lru;
		c.count++;
	}
	if (locked != none) {
		freed += (unsigned long)c.count;
		bulk_chain_commit(&c, locked, pcp);
	}
	__count_vm_events(PGFREE, freed);
	arch_irq_restore(flags);
}

/* ---- hand-over from memblock --------------------------------------- */

/*
 * Give [start, end) of @zone to the buddy allocator in the largest
 * naturally aligned blocks, never crossing the range's ends (which the
 * caller has clipped to the zone). Pages whose struct page is not in a
 * freeable state are reported and kept out (seed 001's wasted KVA pages
 * show up here). Returns the pages freed.
 */
static unsigned long free_range_to_buddy(struct zone *zone, unsigned long start, unsigned long end)
{
	unsigned long freed = 0;

	while (start < end) {
		unsigned int order = MAX_PAGE_ORDER;

		while (order && ((start & ((1UL << order) - 1)) || start + (1UL << order) > end))
			order--;
		struct page *page = pfn_to_page(start);
		unsigned long n = 1UL << order;
		bool ok = true;

		for (unsigned long i = 0; i < n; i++) {
			struct page *p = page + i;
			if (page_memmap_poisoned(p) || PageHole(p)) {
				bad_page(p, start + i, page_memmap_poisoned(p) ?
					 "uninitialised struct page (poisoned memmap)" :
					 "a hole page on the way to the free lists");
				ok = false;
				continue;
			}
			p->_refcount = 0;
			ClearPageReserved(p);
		}
		if (ok) {
			free_one_block(zone, page, start, order);
			freed += n;
		} else {
			for (unsigned long i = 0; i < n; i++)
				if (!page_memmap_poisoned(page + i) && !PageHole(page + i)) {
					free_one_block(zone, page + i, start + i, 0);
					freed++;
				}
		}
		start += n;
	}
	return freed;
}

/*
 * Mark the pages of every memblock.reserved region PG_reserved: Linux's
 * memmap_init_reserved_pages() (mm/memblock.c since 5.14), whose per-range
 * helper is Linux's reserve_bootmem_region().
 */
static void memmap_init_reserved_pages(void)
{
	for (unsigned long i = 0; i < memblock.reserved.cnt; i++) {
		const struct memblock_region *r = &memblock.reserved.regions[i];

		for (unsigned long pfn = PFN_DOWN(r->base); pfn < PFN_UP(r->base + r->size); pfn++)
			if (pfn_valid(pfn) && !page_memmap_poisoned(pfn_to_page(pfn)))
				SetPageReserved(pfn_to_page(pfn));
	}
}

unsigned long totalram_pages;

void memblock_free_all(void)
{
	pg_data_t *pgdat;
	int nid;

	memmap_init_reserved_pages();
	for_each_online_pgdat(pgdat, nid) {
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			struct zone *zone = &pgdat->node_zones[z];
			u64 idx = 0;
			phys_addr_t start, end;
			int rnid;

			if (!populated_zone(zone))
				continue;
			while (memblock_next_free_range(&idx, nid, &start, &end, &rnid)) {
				unsigned long s = max(PFN_UP(start), zone->zone_start_pfn);
				unsigned long e = min(PFN_DOWN(end), zone_end_pfn(zone));

				if (s < e)
					zone->managed_pages += free_range_to_buddy(zone, s, e);
			}
			totalram_pages += zone->managed_pages;
		}
	}
}

/* ---- watermarks -------------------------------------------------------- */

int min_free_kbytes = 1024;
static int user_min_free_kbytes = -1;
static const int lowmem_reserve_ratio[MAX_NR_ZONES] = {
	[ZONE_DMA] = 256,
#ifdef CONFIG_ZONE_DMA32
	[ZONE_DMA32] = 256,
#endif
	[ZONE_NORMAL] = 32,
};
#define WATERMARK_SCALE_FACTOR	10

static int __maybe_unused parse_min_free_kbytes(const char *val)
{
	unsigned int v;

	if (!val || kstrtouint(val, 10, &v) || v < 128 || v > 65536 * 4)
		return -EINVAL;
	user_min_free_kbytes = (int)v;
	return 0;
}
early_param("min_free_kbytes", parse_min_free_kbytes);

static inline bool is_highmem_idx(int z)
{
#ifdef CONFIG_HIGHMEM
	return z == ZONE_HIGHMEM;
#else
	(void)z;
	return false;
#endif
}

static unsigned long int_sqrt(unsigned long x)
{
	unsigned long r = 0, bit = 1UL << (sizeof(long) * 8 - 2);

	while (bit > x)
		bit >>= 2;
	while (bit) {
		if (x >= r + bit) {
			x -= r + bit;
			r = (r >> 1) + bit;
		} else {
			r >>= 1;
		}
		bit >>= 2;
	}
	return r;
}

/* Linux's setup_per_zone_lowmem_reserve(). */
static void setup_per_zone_lowmem_reserve(void)
{
	pg_data_t *pgdat;
	int nid;

	for_each_online_pgdat(pgdat, nid) {
		for (int i = 0; i < MAX_NR_ZONES; i++) {
			struct zone *zone = &pgdat->node_zones[i];
			unsigned long managed = 0;

			for (int j = i + 1; j < MAX_NR_ZONES; j++) {
				managed += pgdat->node_zones[j].managed_pages;
				zone->lowmem_reserve[j] =
					(managed && lowmem_reserve_ratio[i]) ? (long)(managed / lowmem_reserve_ratio[i]) : 0;
			}
		}
	}
}

/* Linux's __setup_per_zone_wmarks(). */
static void setup_per_zone_wmarks(void)
{
	unsigned long pages_min = (unsigned long)min_free_kbytes >> (PAGE_SHIFT - 10);
	unsigned long lowmem_pages = 0;
	pg_data_t *pgdat;
	int nid;

	for_each_online_pgdat(pgdat, nid)
		for (int z = 0; z < MAX_NR_ZONES; z++)
			if (!is_highmem_idx(z) && z != ZONE_MOVABLE)
				lowmem_pages += pgdat->node_zones[z].managed_pages;

	for_each_online_pgdat(pgdat, nid) {
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			struct zone *zone = &pgdat->node_zones[z];
			unsigned long managed = zone->managed_pages;
			u64 tmp = lowmem_pages ? (u64)pages_min * managed / lowmem_pages : 0;

			if (is_highmem_idx(z) || z == ZONE_MOVABLE)
				zone->_watermark[WMARK_MIN] = clamp(managed / 1024, 32UL, 128UL);
			else
				zone->_watermark[WMARK_MIN] = (unsigned long)tmp;
			tmp = max(tmp >> 2, (u64)managed * WATERMARK_SCALE_FACTOR / 10000);
			zone->_watermark[WMARK_LOW] = zone->_watermark[WMARK_MIN] + (unsigned long)tmp;
			zone->_watermark[WMARK_HIGH] = zone->_watermark[WMARK_LOW] + (unsigned long)tmp;
			if (!managed)
				zone->_watermark[WMARK_MIN] = zone->_watermark[WMARK_LOW] =
					zone->_watermark[WMARK_HIGH] = 0;
		}
	}
}

/* ---- per-cpu pagesets --------------------------------------------------- */

/*
 * Linux's zone_batchsize(): a quarter of the zone's pages per 1024, at most
 * 1 MiB worth, then 2^n - 1 of about 1.5 times that (so that batches of
 * neighbouring CPUs do not alias in the cache). 0 for zones under 4 MiB.
 */
static int zone_batchsize(const struct zone *zone)
{
	unsigned long batch = min(zone->managed_pages >> 10, (1UL << 20) / PAGE_SIZE);

	batch /= 4;
	if (batch < 1)
		batch = 1;
	return (int)(rounddown_pow_of_two(batch + batch / 2) - 1);
}

/*
 * Linux 6.1's zone_highsize() (percpu_pagelist_high_fraction 0): the low
 * watermark split across the online CPUs of the zone's node (or all online
 * CPUs for a node without any), at least 4 batches.
 */
static int zone_highsize(const struct zone *zone, int batch)
{
	unsigned int cpus = 0, cpu;
	unsigned long high;

	for_each_online_cpu(cpu)
		if (cpu_to_node(cpu) == zone->node)
			cpus++;
	if (!cpus)
		cpus = num_online_cpus();
	high = low_wmark_pages(zone) / cpus;
	return (int)max(high, (unsigned long)batch << 2);
}

/* Linux's zone_set_pageset_high_and_batch(): every CPU's pageset of @zone. */
static void zone_pcp_update(struct zone *zone)
{
	int batch = max(1, zone_batchsize(zone));
	int high = zone_highsize(zone, batch);
	unsigned int cpu;

	if (!zone->per_cpu_pageset)
		return;
	zone->pageset_batch = batch;
	zone->pageset_high = high;
	for_each_possible_cpu(cpu) {
		struct per_cpu_pages *pcp = per_cpu_ptr(zone->per_cpu_pageset, cpu);
		unsigned long flags;

		flags = pcp_lock_irqsave(pcp);
		pcp->batch = batch;
		pcp->high = high;
		pcp_unlock_irqrestore(pcp, flags);
	}
}

static void zone_pcp_update_all(void)
{
	pg_data_t *pgdat;
	int nid;

	for_each_online_pgdat(pgdat, nid)
		for (int z = 0; z < MAX_NR_ZONES; z++)
			zone_pcp_update(&pgdat->node_zones[z]);
}

/*
 * Linux's setup_per_cpu_pageset(), before the hand-over: every populated
 * zone gets its per-cpu lists and counter deltas in every CPU's per-cpu
 * area (include/arch/smp.h: so on the CPU's node).
 */
static void setup_per_cpu_pageset(void)
{
	pg_data_t *pgdat;
	int nid;

	for_each_online_pgdat(pgdat, nid) {
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			struct zone *zone = &pgdat->node_zones[z];
			unsigned int cpu;

			if (!populated_zone(zone))
				continue;
			zone->per_cpu_pageset = alloc_percpu(struct per_cpu_pages);
			zone->per_cpu_zonestats = alloc_percpu(struct per_cpu_zonestat);
			if (!zone->per_cpu_pageset || !zone->per_cpu_zonestats)
				panic("setup_per_cpu_pageset: no per-cpu memory for node %d zone %s",
				      nid, zone->name);
			for_each_possible_cpu(cpu) {
				struct per_cpu_pages *pcp = per_cpu_ptr(zone->per_cpu_pageset, cpu);

				pcp->lock = 0;
				for (int o = 0; o < NR_PCP_LISTS; o++)
					INIT_LIST_HEAD(&pcp->lists[o]);
			}
		}
	}
}

/*
 * The online CPUs changed (smp_init() brought the others up): Linux's
 * page_alloc_cpu_online() and vmstat_cpu_online() - pageset high and the
 * counter thresholds depend on them.
 */
void page_alloc_cpus_online(void)
{
	zone_pcp_update_all();
	refresh_zone_stat_thresholds();
	pcp_fast_zones_update();
}

/* Linux's init_per_zone_wmark_min(): min_free_kbytes = sqrt(lowmem KiB * 16), 128 .. 262144. */
void init_per_zone_wmark_min(void)
{
	unsigned long lowmem_kbytes = 0;
	pg_data_t *pgdat;
	int nid;

	for_each_online_pgdat(pgdat, nid)
		for (int z = 0; z <= ZONE_NORMAL; z++)
			lowmem_kbytes += pgdat->node_zones[z].managed_pages << (PAGE_SHIFT - 10);
	if (user_min_free_kbytes >= 0)
		min_free_kbytes = user_min_free_kbytes;
	else
		min_free_kbytes = (int)clamp(int_sqrt(lowmem_kbytes * 16), 128UL, 262144UL);
	setup_per_zone_wmarks();
	setup_per_zone_lowmem_reserve();
	/* Both depend on the watermarks (Linux updates them from setup_per_zone_wmarks()). */
	zone_pcp_update_all();
	refresh_zone_stat_thresholds();
	pcp_fast_zones_update();
}

/* ---- start-up ---------------------------------------------------------- */

/*
 * After memmap_init(): hand free memblock memory to the buddy allocator,
 * compute watermarks, build the zonelists and print Linux's "Memory:" line.
 */
void mem_init(void)
{
	unsigned long physpages = 0;
	pg_data_t *pgdat;
	int nid;

	debug_pagealloc_check();
	page_alloc_debug = page_poisoning_enabled || debug_pagealloc_enabled;
	setup_per_cpu_pageset();
	memblock_free_all();
	boot_bad_page_count = bad_page_count;
	init_per_zone_wmark_min();
	build_all_zonelists();
	pcp_fast_zones_update();
	for_each_online_pgdat(pgdat, nid)
		physpages += pgdat->node_present_pages;
	pr_info("Memory: %luK/%luK available (%luK kernel, %luK memmap, %luK reserved)\n",
		totalram_pages << (PAGE_SHIFT - 10), physpages << (PAGE_SHIFT - 10),
		(unsigned long)(arch_kernel_image_bytes() >> 10), memmap_bytes >> 10,
		(physpages - totalram_pages) << (PAGE_SHIFT - 10));
	pr_info("Built %u zonelists, mobility grouping %s.  Total pages: %lu\n", nr_node_ids,
		page_group_by_mobility_disabled ? "off" : "on", vm_total_pages);
}
