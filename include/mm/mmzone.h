/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Nodes and zones: struct pglist_data and struct zone, with Linux's names
 * and meanings.
 *
 *   zone_start_pfn   first pfn of the zone (inclusive)
 *   spanned_pages    zone_end_pfn - zone_start_pfn, holes included
 *   present_pages    pages in the span that are RAM (memblock.memory)
 *   managed_pages    present pages handed to the buddy allocator
 *
 * Invariants (checked by the layout code and the validator):
 *   managed_pages <= present_pages <= spanned_pages;
 *   zones of one node do not overlap and are ordered by zone type;
 *   a node's span covers all its zones' spans.
 */
#ifndef NB_MM_MMZONE_H
#define NB_MM_MMZONE_H

#include <kernel/types.h>
#include <kernel/list.h>
#include <kernel/spinlock.h>
#include <arch/cpu.h>
#include <mm/numa.h>
#include <asm/mmconfig.h>

#define MAX_PAGE_ORDER		CONFIG_MAX_PAGE_ORDER
#define NR_PAGE_ORDERS		(MAX_PAGE_ORDER + 1)
#define MAX_ORDER_NR_PAGES	(1UL << MAX_PAGE_ORDER)
#define pageblock_nr_pages	(1UL << pageblock_order)

#define PFN_PHYS(pfn)		((phys_addr_t)(pfn) << PAGE_SHIFT)
#define PHYS_PFN(addr)		((unsigned long)((addr) >> PAGE_SHIFT))
#define PFN_UP(addr)		((unsigned long)(((addr) + PAGE_SIZE - 1) >> PAGE_SHIFT))
#define PFN_DOWN(addr)		((unsigned long)((addr) >> PAGE_SHIFT))

/* SPARSEMEM sections (the memory-model unit, also used for pfn_valid). */
#define PFN_SECTION_SHIFT	(SECTION_SIZE_BITS - PAGE_SHIFT)
#define PAGES_PER_SECTION	(1UL << PFN_SECTION_SHIFT)
#define PAGE_SECTION_MASK	(~(PAGES_PER_SECTION - 1))
#define NR_MEM_SECTIONS		(1UL << (MAX_PHYSMEM_BITS - SECTION_SIZE_BITS))
#define pfn_to_section_nr(pfn)	((unsigned long)(pfn) >> PFN_SECTION_SHIFT)
#define section_nr_to_pfn(sec)	((unsigned long)(sec) << PFN_SECTION_SHIFT)

enum zone_type {
	ZONE_DMA,
#ifdef CONFIG_ZONE_DMA32
	ZONE_DMA32,
#endif
	ZONE_NORMAL,
#ifdef CONFIG_HIGHMEM
	ZONE_HIGHMEM,
#endif
	ZONE_MOVABLE,
#ifdef CONFIG_ZONE_DEVICE
	ZONE_DEVICE,
#endif
	MAX_NR_ZONES
};

/* Linux's names, as printed in "Zone ranges:" and /proc/zoneinfo. */
extern const char *const zone_names[MAX_NR_ZONES];

enum zone_watermarks { WMARK_MIN, WMARK_LOW, WMARK_HIGH, NR_WMARK };

/*
 * Grouping pages by mobility (Linux 6.1's names and order). Every pageblock
 * (pageblock_nr_pages aligned pages) carries a migratetype in its pageblock
 * bits (include/mm/pageblock-flags.h); a free block sits on the free list of
 * its pageblock's type, so allocations of one mobility are served from
 * blocks of that type and fall back to others only when those run out
 * (Linux's fallbacks[], mm/page_alloc.c). The first MIGRATE_PCPTYPES types
 * have per-cpu lists; MIGRATE_HIGHATOMIC blocks are a reserve for high-order
 * atomic allocations; MIGRATE_ISOLATE blocks are handed to nobody (their
 * free pages stay on the isolate list until the block is unisolated).
 * There is no MIGRATE_CMA (no CMA areas).
 */
enum migratetype {
	MIGRATE_UNMOVABLE,
	MIGRATE_MOVABLE,
	MIGRATE_RECLAIMABLE,
	MIGRATE_PCPTYPES,	/* the number of types on the per-cpu lists */
	MIGRATE_HIGHATOMIC = MIGRATE_PCPTYPES,
	MIGRATE_ISOLATE,	/* can't allocate from here */
	MIGRATE_TYPES
};

/* Linux's names, as /proc/pagetypeinfo prints them (mm/vmstat.c). */
extern const char *const migratetype_names[MIGRATE_TYPES];

static inline bool is_migrate_highatomic(int mt) { return mt == MIGRATE_HIGHATOMIC; }
static inline bool is_migrate_isolate(int mt) { return mt == MIGRATE_ISOLATE; }
static inline bool is_migrate_movable(int mt) { return mt == MIGRATE_MOVABLE; }

/*
 * Linux's page_group_by_mobility_disabled: set by build_all_zonelists()
 * when the machine has fewer pages than pageblock_nr_pages * MIGRATE_TYPES
 * above the high watermarks (or by mobility_grouping=off); every allocation
 * then claims whole pageblocks when it falls back, as if there were one type.
 */
extern int page_group_by_mobility_disabled;
/* mobility_grouping=off: no grouping at all, for A/B comparisons (mm/page_alloc.c). */
extern bool mobility_grouping_off;

/* Free blocks of one order, one list per migratetype. */
struct free_area {
	struct list_head free_list[MIGRATE_TYPES];
	unsigned long nr_free;		/* blocks of this order, all migratetypes */
};

static inline bool free_area_empty(const struct free_area *area, int migratetype)
{
	return list_empty(&area->free_list[migratetype]);
}

struct pglist_data;
struct page;

/* Zone counters with per-cpu deltas (include/mm/vmstat.h). */
enum zone_stat_item {
	NR_FREE_PAGES,		/* pages on the zone's buddy free lists */
	NR_VM_ZONE_STAT_ITEMS
};

/* NUMA placement events, counted once per allocation (Linux 6.1). */
enum numa_stat_item {
	NUMA_HIT,		/* allocated here, and here was preferred */
	NUMA_MISS,		/* allocated here, another node was preferred */
	NUMA_FOREIGN,		/* preferred here, allocated on another node */
	NUMA_INTERLEAVE_HIT,	/* no interleave policy: always 0 */
	NUMA_LOCAL,		/* allocated here for a CPU of this node */
	NUMA_OTHER,		/* allocated here for a CPU of another node */
	NR_VM_NUMA_EVENT_ITEMS
};

/* Global vm events (pages): pgalloc_<zone type>, pgfree. */
enum vm_event_item {
	PGALLOC_FIRST,
	PGFREE = PGALLOC_FIRST + MAX_NR_ZONES,
	PGMIGRATE_SUCCESS, PGMIGRATE_FAIL,
	COMPACTMIGRATE_SCANNED, COMPACTFREE_SCANNED, COMPACTISOLATED,
	COMPACTSTALL, COMPACTFAIL, COMPACTSUCCESS,
	NR_VM_EVENT_ITEMS
};

struct vm_event_state {
	unsigned long event[NR_VM_EVENT_ITEMS];
};

/*
 * One CPU's deltas and events for one zone (Linux's per_cpu_zonestat).
 * Written only by its CPU with interrupts off; read by anyone.
 */
struct per_cpu_zonestat {
	s8 vm_stat_diff[NR_VM_ZONE_STAT_ITEMS];
	s8 stat_threshold;
	unsigned long vm_numa_event[NR_VM_NUMA_EVENT_ITEMS];
};

/*
 * Per-cpu page lists (Linux's per_cpu_pages): free blocks of orders 0 to
 * PAGE_ALLOC_COSTLY_ORDER kept by one CPU for one zone, outside the buddy
 * lists and outside NR_FREE_PAGES.
 *
 * Locking: @lock protects everything here. Its CPU takes it with
 * interrupts off and pcp_trylock() (falling back to the buddy lists if a
 * drainer holds it); another CPU takes it only to drain the lists
 * (drain_all_pages()) or to read them (validator). zone->lock nests inside
 * @lock. A test-and-set lock rather than a ticket lock: it is almost never
 * contended, and the fast path pays one xchg to take it and one store to
 * release it.
 *
 * Invariant: count == sum over lists of (blocks << order); every block on
 * lists[order_to_pindex(t, o)] is naturally aligned, of order o, in this
 * zone, not PageBuddy, with _refcount 0, and has t noted in page->flags
 * (set_pcppage_migratetype(), Linux's pcppage migratetype: the type of the
 * buddy list it was last taken from, MIGRATE_MOVABLE for a highatomic
 * block's page; its pageblock's type when it was freed while the zone had
 * isolated blocks). A drain returns it to its pageblock's type of the
 * moment. After a free, count < high (a bulk free runs when it reaches
 * high).
 */
#define PAGE_ALLOC_COSTLY_ORDER	3
#define NR_PCP_LISTS		(MIGRATE_PCPTYPES * (PAGE_ALLOC_COSTLY_ORDER + 1))

/* Linux 6.1's list index: the types of one order side by side. */
static inline unsigned int order_to_pindex(int migratetype, unsigned int order)
{
	return MIGRATE_PCPTYPES * order + (unsigned int)migratetype;
}

static inline unsigned int pindex_to_order(unsigned int pindex)
{
	return pindex / MIGRATE_PCPTYPES;
}

struct per_cpu_pages {
	u32 lock;		/* 1: held (pcp_trylock(), pcp_lock_irqsave()) */
	int count;		/* pages on the lists */
	int high;		/* bulk free when count reaches it */
	int batch;		/* pages per bulk refill / bulk free */
	unsigned int free_index;	/* round-robin start of the next bulk free */
	/*
	 * Order-0 allocations of alloc_pages()'s fast path from this list, each
	 * one PGALLOC of the zone, one NUMA_HIT and one NUMA_LOCAL: one
	 * increment instead of three; global_vm_event() and
	 * zone_numa_event_state() add them in.
	 */
	unsigned long alloc_fast;
	struct list_head lists[NR_PCP_LISTS];
};

static inline bool pcp_trylock(struct per_cpu_pages *pcp)
{
	return !__atomic_exchange_n(&pcp->lock, 1, __ATOMIC_ACQUIRE);
}

static inline void pcp_unlock(struct per_cpu_pages *pcp)
{
	__atomic_store_n(&pcp->lock, 0, __ATOMIC_RELEASE);
}

/* From any CPU: interrupts off, then spin until the lock is ours. */
static inline unsigned long pcp_lock_irqsave(struct per_cpu_pages *pcp)
{
	unsigned long flags = arch_irq_save();

	while (!pcp_trylock(pcp))
		while (__atomic_load_n(&pcp->lock, __ATOMIC_RELAXED))
			cpu_relax();
	return flags;
}

static inline void pcp_unlock_irqrestore(struct per_cpu_pages *pcp, unsigned long flags)
{
	pcp_unlock(pcp);
	arch_irq_restore(flags);
}

struct zone {
	/* Read-mostly. */
	unsigned long _watermark[NR_WMARK];
	long lowmem_reserve[MAX_NR_ZONES];
	int node;
	struct pglist_data *zone_pgdat;
	const char *name;
	struct per_cpu_pages *per_cpu_pageset;		/* alloc_percpu(), from mem_init() */
	struct per_cpu_zonestat *per_cpu_zonestats;	/* alloc_percpu(), from mem_init() */
	int pageset_high, pageset_batch;	/* what every CPU's pageset was given */
	/*
	 * Below this value of zone_page_state(NR_FREE_PAGES) the drift could
	 * hide a breach of the min watermark: watermark checks read the
	 * snapshot (fix vmstat_snapshot). 0: the drift is tolerable.
	 */
	unsigned long percpu_drift_mark;

	unsigned long zone_start_pfn;
	unsigned long spanned_pages;
	unsigned long present_pages;
	unsigned long managed_pages;

	/* The buddy allocator's state, under lock. */
	spinlock_t lock;
	struct free_area free_area[NR_PAGE_ORDERS];
	/* Pages in MIGRATE_HIGHATOMIC pageblocks (reserve_highatomic_pageblock()). */
	unsigned long nr_reserved_highatomic;
	/* Pageblocks of this zone in MIGRATE_ISOLATE (alloc_contig_range()). */
	unsigned long nr_isolate_pageblock;
	/* Compaction's deferral (Linux's defer_compaction()), under no lock: hints. */
	unsigned int compact_considered;
	unsigned int compact_defer_shift;
	int compact_order_failed;

	/* Global parts of the zone counters (include/mm/vmstat.h); atomic. */
	long vm_stat[NR_VM_ZONE_STAT_ITEMS];
	bool vmstat_pressure;		/* thresholds lowered: below low, not yet back above high */
};

static inline unsigned long zone_end_pfn(const struct zone *z)
{
	return z->zone_start_pfn + z->spanned_pages;
}

static inline bool zone_spans_pfn(const struct zone *z, unsigned long pfn)
{
	return z->zone_start_pfn <= pfn && pfn < zone_end_pfn(z);
}

static inline bool populated_zone(const struct zone *z)
{
	return z->present_pages != 0;
}

/*
 * Zonelists: the zones an allocation may use, in order of preference.
 * ZONELIST_FALLBACK lists every node with memory in SLIT order (Linux's
 * find_next_best_node), each node's zones from high to low;
 * ZONELIST_NOFALLBACK lists only this node's zones (__GFP_THISNODE).
 */
enum { ZONELIST_FALLBACK, ZONELIST_NOFALLBACK, MAX_ZONELISTS };
#define MAX_ZONES_PER_ZONELIST	(MAX_NUMNODES * MAX_NR_ZONES)

struct zoneref {
	struct zone *zone;		/* NULL terminates the list */
	int zone_idx;
};

struct zonelist {
	struct zoneref _zonerefs[MAX_ZONES_PER_ZONELIST + 1];
};

typedef struct pglist_data {
	struct zone node_zones[MAX_NR_ZONES];
	struct zonelist node_zonelists[MAX_ZONELISTS];
	int nr_zones;			/* highest populated zone index + 1 */
	int node_id;
	unsigned long node_start_pfn;
	unsigned long node_present_pages;
	unsigned long node_spanned_pages;	/* holes included */
	/*
	 * DISCONTIG: the node's memmap. node_mem_map is the entry of
	 * node_start_pfn; the memmap covers [memmap_start_pfn, memmap_end_pfn),
	 * the span rounded out to MAX_ORDER blocks when mm/ allocates it, the
	 * exact span when the architecture placed it (i386 KVA window).
	 */
	struct page *node_mem_map;
	unsigned long memmap_start_pfn, memmap_end_pfn;
	/*
	 * DISCONTIG: the pageblock bits of every pageblock the memmap touches
	 * (include/mm/pageblock-flags.h), the first for the pageblock of
	 * pageblock_base_pfn. SPARSEMEM keeps them per section instead.
	 */
	unsigned long *pageblock_flags;
	unsigned long pageblock_base_pfn;
} pg_data_t;

static inline unsigned long pgdat_end_pfn(const pg_data_t *pgdat)
{
	return pgdat->node_start_pfn + pgdat->node_spanned_pages;
}

/* One pglist_data per possible node, allocated on its node (NULL: node absent). */
extern struct pglist_data *node_data[MAX_NUMNODES];
#define NODE_DATA(nid)		(node_data[(nid)])

static inline int zone_idx(const struct zone *z)
{
	return (int)(z - z->zone_pgdat->node_zones);
}

#define for_each_online_pgdat(pgdat, nid)				\
	for ((nid) = 0; (nid) < (int)nr_node_ids; (nid)++)		\
		if (((pgdat) = NODE_DATA(nid)) != NULL)

/*
 * Linux's pgdat and zone iterators (mm/mmzone.c there): the nodes that
 * have a pglist_data in node id order, and every zone of them in node,
 * then zone order. A zone's zone_pgdat must be set (free_area_init()).
 */
static inline pg_data_t *pgdat_at_or_after(int nid)
{
	for (; nid < (int)nr_node_ids; nid++)
		if (NODE_DATA(nid))
			return NODE_DATA(nid);
	return NULL;
}

static inline pg_data_t *first_online_pgdat(void)
{
	return pgdat_at_or_after(0);
}

static inline pg_data_t *next_online_pgdat(const pg_data_t *pgdat)
{
	return pgdat_at_or_after(pgdat->node_id + 1);
}

static inline struct zone *first_zone(void)
{
	pg_data_t *pgdat = first_online_pgdat();

	return pgdat ? pgdat->node_zones : NULL;
}

static inline struct zone *next_zone(struct zone *zone)
{
	pg_data_t *pgdat = zone->zone_pgdat;

	if (zone < pgdat->node_zones + MAX_NR_ZONES - 1)
		return zone + 1;
	pgdat = next_online_pgdat(pgdat);
	return pgdat ? pgdat->node_zones : NULL;
}

#define for_each_zone(zone)						\
	for ((zone) = first_zone(); (zone); (zone) = next_zone(zone))

/* Every zone with present pages; @zone is a struct zone *. */
#define for_each_populated_zone(zone)					\
	for_each_zone(zone)						\
		if (!populated_zone(zone)) {} else

#endif
