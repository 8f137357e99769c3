// SPDX-License-Identifier: GPL-2.0-only
/*
 * Zone counters with per-cpu deltas, NUMA and vm events (the contract is
 * in include/mm/vmstat.h), and Linux-format reports of the allocator's
 * state: /proc/buddyinfo, /proc/pagetypeinfo, /proc/zoneinfo, /proc/vmstat and the
 * free-area summary printed with allocation failures.
 */
#include <kernel/types.h>
#include <kernel/printk.h>
#include <kernel/report.h>
#include <lib/printf.h>
#include <mm/page_alloc.h>
#include <mm/memory_model.h>
#include <mm/mm_init.h>
#include <mm/vmstat.h>
#include <mm/pageblock-flags.h>
#include <mm/pfn_walk.h>
#include <lib/bitops.h>
#include <mm/numa.h>
#include <arch/smp.h>

_Static_assert(VMSTAT_MAX_THRESHOLD <= 127, "a threshold and a delta must fit a s8");

const char *const zone_stat_name[NR_VM_ZONE_STAT_ITEMS] = {
	[NR_FREE_PAGES] = "nr_free_pages",
};

const char *const numa_stat_name[NR_VM_NUMA_EVENT_ITEMS] = {
	[NUMA_HIT] = "numa_hit", [NUMA_MISS] = "numa_miss", [NUMA_FOREIGN] = "numa_foreign",
	[NUMA_INTERLEAVE_HIT] = "numa_interleave", [NUMA_LOCAL] = "numa_local",
	[NUMA_OTHER] = "numa_other",
};

DEFINE_PER_CPU(struct vm_event_state, vm_event_states);

/* Sum of every zone's global counter (Linux's vm_zone_stat[]). */
static long vm_zone_stat[NR_VM_ZONE_STAT_ITEMS];

static void zone_page_state_add(long x, struct zone *zone, enum zone_stat_item item)
{
	__atomic_add_fetch(&zone->vm_stat[item], x, __ATOMIC_RELAXED);
	__atomic_add_fetch(&vm_zone_stat[item], x, __ATOMIC_RELAXED);
}

/* The zone went back above its high watermark: normal thresholds again. */
static __noinline void vmstat_pressure_check_end(struct zone *zone)
{
	if (zone_page_state(zone, NR_FREE_PAGES) > high_wmark_pages(zone))
		vmstat_zone_pressure(zone, false);
}

void __mod_zone_page_state(struct zone *zone, enum zone_stat_item item, long delta)
{
	struct per_cpu_zonestat *pz = this_cpu_ptr(zone->per_cpu_zonestats);
	long x = delta + pz->vm_stat_diff[item];
	long t = pz->stat_threshold;

	if (unlikely(x > t || x < -t)) {
		zone_page_state_add(x, zone, item);
		x = 0;
		if (unlikely(READ_ONCE(zone->vmstat_pressure)) && item == NR_FREE_PAGES)
			vmstat_pressure_check_end(zone);
	}
	pz->vm_stat_diff[item] = (s8)x;
}

void mod_zone_page_state(struct zone *zone, enum zone_stat_item item, long delta)
{
	unsigned long flags = arch_irq_save();

	__mod_zone_page_state(zone, item, delta);
	arch_irq_restore(flags);
}

long zone_page_state_drift(const struct zone *zone, enum zone_stat_item item)
{
	long x = 0;
	unsigned int cpu;

	if (!zone->per_cpu_zonestats)
		return 0;
	for_each_possible_cpu(cpu)
		x += __atomic_load_n(&per_cpu_ptr(zone->per_cpu_zonestats, cpu)->vm_stat_diff[item],
				     __ATOMIC_RELAXED);
	return x;
}

unsigned long zone_page_state_snapshot(const struct zone *zone, enum zone_stat_item item)
{
	long x = zone_page_state_raw(zone, item) + zone_page_state_drift(zone, item);

	return x < 0 ? 0 : (unsigned long)x;
}

unsigned long global_zone_page_state(enum zone_stat_item item)
{
	long x = __atomic_load_n(&vm_zone_stat[item], __ATOMIC_RELAXED);

	return x < 0 ? 0 : (unsigned long)x;
}

/*
 * Linux's calculate_normal_threshold(): grows with the logarithm of the
 * CPU count and of the zone's size in 128 MiB units, at most 125.
 */
int calculate_normal_threshold(const struct zone *zone)
{
	unsigned long mem = zone->managed_pages >> (27 - PAGE_SHIFT);
	int threshold = 2 * fls_long(num_online_cpus()) * (1 + fls_long(mem));

	return min(threshold, VMSTAT_MAX_THRESHOLD);
}

/*
 * Linux's calculate_pressure_threshold(): small enough that every CPU's
 * delta together cannot exceed the distance between the low and the min
 * watermark.
 */
int calculate_pressure_threshold(const struct zone *zone)
{
	long distance = (long)low_wmark_pages(zone) - (long)min_wmark_pages(zone);
	long threshold = distance / (long)num_online_cpus();

	if (threshold < 1)
		threshold = 1;
	return (int)min(threshold, (long)VMSTAT_MAX_THRESHOLD);
}

/*
 * Every CPU's delta is within its threshold, which is the normal or the
 * pressure one; the pressure one is not always the smaller (with few CPUs
 * the low-min distance per CPU can exceed the normal threshold).
 */
long zone_max_drift(const struct zone *zone)
{
	return (long)num_online_cpus() *
	       max(calculate_normal_threshold(zone), calculate_pressure_threshold(zone));
}

static void set_zone_threshold(struct zone *zone, int threshold)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu)
		__atomic_store_n(&per_cpu_ptr(zone->per_cpu_zonestats, cpu)->stat_threshold,
				 (s8)threshold, __ATOMIC_RELAXED);
}

/*
 * percpu_drift_mark, as Linux's refresh_zone_stat_thresholds() sets it when
 * the drift can exceed the low-min distance, and also when it can exceed
 * the min watermark itself: then, above the mark, the exact count is at
 * least the high watermark, and below it the check reads the snapshot, so
 * a min check can never pass with empty buddy lists (seed 002).
 */
void refresh_zone_stat_thresholds(void)
{
	struct zone *zone;

	for_each_zone(zone) {
		long max_drift, tolerate;

		if (!zone->per_cpu_zonestats)
			continue;
		set_zone_threshold(zone, READ_ONCE(zone->vmstat_pressure) ?
				   calculate_pressure_threshold(zone) :
				   calculate_normal_threshold(zone));
		max_drift = zone_max_drift(zone);
		tolerate = (long)low_wmark_pages(zone) - (long)min_wmark_pages(zone);
		zone->percpu_drift_mark = 0;
		if (max_drift > tolerate || max_drift > (long)min_wmark_pages(zone))
			zone->percpu_drift_mark = high_wmark_pages(zone) + (unsigned long)max_drift;
	}
}

int zone_stat_threshold(const struct zone *zone, unsigned int cpu)
{
	return zone->per_cpu_zonestats ?
	       __atomic_load_n(&per_cpu_ptr(zone->per_cpu_zonestats, cpu)->stat_threshold,
			       __ATOMIC_RELAXED) : 0;
}

void vmstat_zone_pressure(struct zone *zone, bool pressure)
{
	bool was = __atomic_exchange_n(&zone->vmstat_pressure, pressure, __ATOMIC_RELAXED);

	if (was == pressure || !zone->per_cpu_zonestats)
		return;
	set_zone_threshold(zone, pressure ? calculate_pressure_threshold(zone) :
			   calculate_normal_threshold(zone));
}

/*
 * Fold this CPU's deltas. NR_FREE_PAGES is folded under zone->lock, so
 * that a snapshot taken under the lock stays exact.
 */
void refresh_cpu_vm_stats(void)
{
	struct zone *zone;

	for_each_zone(zone) {
		struct per_cpu_zonestat *pz;
		unsigned long flags;

		if (!zone->per_cpu_zonestats)
			continue;
		pz = this_cpu_ptr(zone->per_cpu_zonestats);
		spin_lock_irqsave(&zone->lock, flags);
		for (int i = 0; i < NR_VM_ZONE_STAT_ITEMS; i++) {
			long x = pz->vm_stat_diff[i];

			if (x) {
				pz->vm_stat_diff[i] = 0;
				zone_page_state_add(x, zone, (enum zone_stat_item)i);
			}
		}
		spin_unlock_irqrestore(&zone->lock, flags);
		/* As a fold in __mod_zone_page_state(): back above high ends the pressure. */
		if (READ_ONCE(zone->vmstat_pressure))
			vmstat_pressure_check_end(zone);
	}
}

static void fold_on_cpu(void *info)
{
	(void)info;
	refresh_cpu_vm_stats();
}

void vm_stats_fold_all(void)
{
	on_each_cpu(fold_on_cpu, NULL, true);
}

/* The allocations of @zone's order-0 fast path (per_cpu_pages.alloc_fast), every CPU's. */
static unsigned long zone_alloc_fast(const struct zone *zone)
{
	unsigned long n = 0;
	unsigned int cpu;

	if (!zone->per_cpu_pageset)
		return 0;
	for_each_possible_cpu(cpu)
		n += READ_ONCE(per_cpu_ptr(zone->per_cpu_pageset, cpu)->alloc_fast);
	return n;
}

unsigned long zone_numa_event_state(const struct zone *zone, enum numa_stat_item item)
{
	unsigned long n = 0;
	unsigned int cpu;

	if (!zone->per_cpu_zonestats)
		return 0;
	for_each_possible_cpu(cpu)
		n += READ_ONCE(per_cpu_ptr(zone->per_cpu_zonestats, cpu)->vm_numa_event[item]);
	if (item == NUMA_HIT || item == NUMA_LOCAL)
		n += zone_alloc_fast(zone);
	return n;
}

unsigned long global_vm_event(enum vm_event_item item)
{
	unsigned long n = 0;
	unsigned int cpu;
	pg_data_t *pgdat;
	int nid;

	for_each_possible_cpu(cpu)
		n += READ_ONCE(per_cpu(vm_event_states, cpu).event[item]);
	if (item >= PGALLOC_FIRST && item < PGALLOC_FIRST + MAX_NR_ZONES)
		for_each_online_pgdat(pgdat, nid)
			n += zone_alloc_fast(&pgdat->node_zones[item - PGALLOC_FIRST]);
	return n;
}

/* Every order's count of free blocks in @zone, read together under its lock. */
static void zone_nr_free(struct zone *zone, unsigned long counts[NR_PAGE_ORDERS])
{
	unsigned long flags;

	spin_lock_irqsave(&zone->lock, flags);
	for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++)
		counts[o] = zone->free_area[o].nr_free;
	spin_unlock_irqrestore(&zone->lock, flags);
}

/*
 * One line per populated zone, "Node N, zone NAME " and then @fn's figure
 * for every order from the zone's free block counts (Linux's
 * walk_zones_in_node() with the per-order printers of buddyinfo and
 * debugfs extfrag).
 */
static void zone_order_lines(void (*fn)(const unsigned long counts[NR_PAGE_ORDERS], unsigned int order))
{
	struct zone *zone;

	for_each_populated_zone(zone) {
		unsigned long counts[NR_PAGE_ORDERS];

		zone_nr_free(zone, counts);
		printk_raw("Node %d, zone %8s ", zone->node, zone->name);
		for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++)
			fn(counts, o);
		printk_raw("\n");
	}
}

static void buddyinfo_order(const unsigned long counts[NR_PAGE_ORDERS], unsigned int order)
{
	printk_raw("%6lu ", counts[order]);
}

static void buddyinfo_show(void)
{
	zone_order_lines(buddyinfo_order);
}
DEFINE_DUMP(buddyinfo, "buddyinfo", buddyinfo_show, "/proc/buddyinfo: free blocks per order");

void show_free_areas(void)
{
	struct zone *zone;

	for_each_populated_zone(zone) {
		unsigned long total = 0, counts[NR_PAGE_ORDERS];
		char line[512];
		int len;

		zone_nr_free(zone, counts);
		len = snprintf(line, sizeof(line), "Node %d %s: ", zone->node, zone->name);
		for (unsigned int o = 0; o < NR_PAGE_ORDERS && len < (int)sizeof(line); o++) {
			total += counts[o] << (o + PAGE_SHIFT - 10);
			len += snprintf(line + len, sizeof(line) - len, "%lu*%lukB ", counts[o],
					1UL << (o + PAGE_SHIFT - 10));
		}
		printk(KERN_WARNING "%s= %lukB\n", line, total);
	}
}

unsigned int zone_unusable_index(struct zone *zone, unsigned int order)
{
	unsigned long counts[NR_PAGE_ORDERS], free = 0, suitable = 0;

	zone_nr_free(zone, counts);
	for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++) {
		free += counts[o] << o;
		if (o >= order)
			suitable += counts[o] << o;
	}
	return free ? (unsigned int)((u64)(free - suitable) * 1000 / free) : 1000;
}

/* debugfs extfrag/unusable_index: Linux's layout, "%d.%03d" per order. */
static void unusable_index_show(void)
{
	struct zone *zone;

	for_each_populated_zone(zone) {
		printk_raw("Node %d, zone %8s ", zone->node, zone->name);
		for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++) {
			unsigned int idx = zone_unusable_index(zone, o);
			printk_raw("%u.%03u ", idx / 1000, idx % 1000);
		}
		printk_raw("\n");
	}
}
DEFINE_DUMP(unusable_index, "unusable_index", unusable_index_show,
	    "debugfs extfrag/unusable_index: the unusable free space index per order");

/*
 * /proc/pagetypeinfo, in Linux 6.1's layout (without CMA, which numabuddy
 * does not have): free blocks per order on each migratetype's list, then
 * the pageblocks of each type. Linux prints "Number of mixed blocks" only
 * with page_owner, which numabuddy does not track: the fragmentation
 * benchmarks report mixed blocks instead (kernel/bench.c).
 */
const char *const migratetype_names[MIGRATE_TYPES] = {
	"Unmovable", "Movable", "Reclaimable", "HighAtomic", "Isolate",
};

/* Linux caps each count at 100000 list entries and prints ">100000". */
#define FREECOUNT_MAX	100000UL

/* Free blocks of every order and type of @zone, under its lock; *@over: capped. */
static void zone_free_per_type(struct zone *zone, unsigned long counts[MIGRATE_TYPES][NR_PAGE_ORDERS],
			       bool over[MIGRATE_TYPES][NR_PAGE_ORDERS])
{
	unsigned long flags;

	spin_lock_irqsave(&zone->lock, flags);
	for (int t = 0; t < MIGRATE_TYPES; t++)
		for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++) {
			struct list_head *pos;
			unsigned long n = 0;

			over[t][o] = false;
			list_for_each(pos, &zone->free_area[o].free_list[t])
				if (++n >= FREECOUNT_MAX) {
					over[t][o] = true;
					break;
				}
			counts[t][o] = n;
		}
	spin_unlock_irqrestore(&zone->lock, flags);
}

/*
 * The struct page heading the pageblock at @pfn if it is initialised and
 * in @zone (Linux's pfn_to_online_page() plus the zone check), else NULL.
 */
struct page *pageblock_page_in_zone(struct zone *zone, unsigned long pfn)
{
	struct page *page;

	if (!pfn_valid(pfn) || (holes_in_zone && !pfn_valid_within(pfn)))
		return NULL;
	page = pfn_to_page(pfn);
	if (page_memmap_poisoned(page) || page_zone(page) != zone)
		return NULL;
	return page;
}

/* The pageblocks of @zone by migratetype (Linux's pagetypeinfo_showblockcount_print()). */
void zone_pageblock_counts(struct zone *zone, unsigned long count[MIGRATE_TYPES])
{
	for (int t = 0; t < MIGRATE_TYPES; t++)
		count[t] = 0;
	/* Linux counts from zone_start_pfn in pageblock steps. */
	for (unsigned long pfn = zone->zone_start_pfn; pfn < zone_end_pfn(zone); pfn += pageblock_nr_pages) {
		struct page *page = pageblock_page_in_zone(zone, pfn);

		if (page)
			count[get_pfnblock_migratetype(page, pfn)]++;
	}
}

static void pagetypeinfo_show(void)
{
	pg_data_t *pgdat;
	int nid;

	for_each_online_pgdat(pgdat, nid) {
		printk_raw("Page block order: %d\n", pageblock_order);
		printk_raw("Pages per block:  %lu\n\n", pageblock_nr_pages);
		printk_raw("%-43s ", "Free pages count per migrate type at order");
		for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++)
			printk_raw("%6u ", o);
		printk_raw("\n");
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			struct zone *zone = &pgdat->node_zones[z];
			unsigned long counts[MIGRATE_TYPES][NR_PAGE_ORDERS];
			bool over[MIGRATE_TYPES][NR_PAGE_ORDERS];

			if (!populated_zone(zone))
				continue;
			zone_free_per_type(zone, counts, over);
			for (int t = 0; t < MIGRATE_TYPES; t++) {
				printk_raw("Node %4d, zone %8s, type %12s ", nid, zone->name,
					   migratetype_names[t]);
				for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++)
					printk_raw("%s%6lu ", over[t][o] ? ">" : "", counts[t][o]);
				printk_raw("\n");
			}
		}
		printk_raw("\n%-23s", "Number of blocks type ");
		for (int t = 0; t < MIGRATE_TYPES; t++)
			printk_raw("%12s ", migratetype_names[t]);
		printk_raw("\n");
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			struct zone *zone = &pgdat->node_zones[z];
			unsigned long count[MIGRATE_TYPES];

			if (!populated_zone(zone))
				continue;
			zone_pageblock_counts(zone, count);
			printk_raw("Node %d, zone %8s ", nid, zone->name);
			for (int t = 0; t < MIGRATE_TYPES; t++)
				printk_raw("%12lu ", count[t]);
			printk_raw("\n");
		}
	}
}
DEFINE_DUMP(pagetypeinfo, "pagetypeinfo", pagetypeinfo_show,
	    "/proc/pagetypeinfo: free blocks per order and migratetype, pageblocks per type");

/*
 * debugfs extfrag/unusable_index and extfrag/extfrag_index (Linux's
 * mm/vmstat.c): per zone and order, from the free block counts.
 */
struct contig_page_info {
	unsigned long free_pages;
	unsigned long free_blocks_total;
	unsigned long free_blocks_suitable;
};

static void fill_contig_page_info(const unsigned long counts[NR_PAGE_ORDERS], unsigned int suitable_order,
				  struct contig_page_info *info)
{
	info->free_pages = info->free_blocks_total = info->free_blocks_suitable = 0;
	for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++) {
		info->free_blocks_total += counts[o];
		info->free_pages += counts[o] << o;
		if (o >= suitable_order)
			info->free_blocks_suitable += counts[o] << (o - suitable_order);
	}
}

/*
 * Linux's __fragmentation_index(), times 1000: -1000 when a block of
 * @order is free (the failure would not be for fragmentation), 0 when
 * nothing is free, else towards 1000 the more the failure would be for
 * fragmentation rather than lack of memory.
 */
static int __fragmentation_index(unsigned int order, const struct contig_page_info *info)
{
	unsigned long requested = 1UL << order;

	if (!info->free_blocks_total)
		return 0;
	if (info->free_blocks_suitable)
		return -1000;
	return 1000 - (int)((1000 + info->free_pages * 1000ULL / requested) / info->free_blocks_total);
}

int fragmentation_index(struct zone *zone, unsigned int order)
{
	unsigned long counts[NR_PAGE_ORDERS];
	struct contig_page_info info;

	zone_nr_free(zone, counts);
	fill_contig_page_info(counts, order, &info);
	return __fragmentation_index(order, &info);
}

/* Linux's unusable_free_index(), times 1000: the free pages unusable for @order. */
static int unusable_free_index(unsigned int order, const struct contig_page_info *info)
{
	if (!info->free_pages)
		return 1000;
	return (int)((info->free_pages - (info->free_blocks_suitable << order)) * 1000ULL /
		     info->free_pages);
}

/* One order's figure of debugfs extfrag: unusable_index, or extfrag_index if @frag. */
static void extfrag_figure(const unsigned long counts[NR_PAGE_ORDERS], unsigned int order, bool frag)
{
	struct contig_page_info info;
	int index;

	fill_contig_page_info(counts, order, &info);
	if (!frag) {
		index = unusable_free_index(order, &info);
		printk_raw("%d.%03d ", index / 1000, index % 1000);
		return;
	}
	/* Linux's format, also for a small negative index ("0.-500"). */
	index = __fragmentation_index(order, &info);
	printk_raw("%2d.%03d ", index / 1000, index % 1000);
}

static void unusable_order(const unsigned long counts[NR_PAGE_ORDERS], unsigned int order)
{
	extfrag_figure(counts, order, false);
}

static void extfrag_order(const unsigned long counts[NR_PAGE_ORDERS], unsigned int order)
{
	extfrag_figure(counts, order, true);
}

static void extfrag_show(void)
{
	printk_raw("extfrag/unusable_index:\n");
	zone_order_lines(unusable_order);
	printk_raw("extfrag/extfrag_index:\n");
	zone_order_lines(extfrag_order);
}
DEFINE_DUMP(extfrag, "extfrag", extfrag_show,
	    "debugfs extfrag/unusable_index and extfrag/extfrag_index, per node and zone");

/*
 * /proc/vmstat: the counters that exist so far, in Linux's order. Like
 * Linux, nr_free_pages is the sum of the global counters (taken after the
 * deltas were folded at the end of boot, it is exact).
 */
static void vmstat_show(void)
{
	unsigned long numa[NR_VM_NUMA_EVENT_ITEMS] = { 0 };
	struct zone *zone;

	for_each_zone(zone)
		for (int i = 0; i < NR_VM_NUMA_EVENT_ITEMS; i++)
			numa[i] += zone_numa_event_state(zone, (enum numa_stat_item)i);
	for (int i = 0; i < NR_VM_ZONE_STAT_ITEMS; i++)
		printk_raw("%s %lu\n", zone_stat_name[i], global_zone_page_state((enum zone_stat_item)i));
	for (int i = 0; i < NR_VM_NUMA_EVENT_ITEMS; i++)
		printk_raw("%s %lu\n", numa_stat_name[i], numa[i]);
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		char name[32];

		snprintf(name, sizeof(name), "pgalloc_%s", zone_names[z]);
		for (char *c = name; *c; c++)
			if (*c >= 'A' && *c <= 'Z')
				*c = (char)(*c - 'A' + 'a');
		printk_raw("%s %lu\n", name, global_vm_event((enum vm_event_item)(PGALLOC_FIRST + z)));
	}
	printk_raw("pgfree %lu\n", global_vm_event(PGFREE));
	/* Migration and compaction, in Linux's order (its other events between are not kept). */
	{
		static const struct { const char *name; enum vm_event_item item; } ev[] = {
			{ "pgmigrate_success", PGMIGRATE_SUCCESS }, { "pgmigrate_fail", PGMIGRATE_FAIL },
			{ "compact_migrate_scanned", COMPACTMIGRATE_SCANNED },
			{ "compact_free_scanned", COMPACTFREE_SCANNED },
			{ "compact_isolated", COMPACTISOLATED }, { "compact_stall", COMPACTSTALL },
			{ "compact_fail", COMPACTFAIL }, { "compact_success", COMPACTSUCCESS },
		};

		for (unsigned int i = 0; i < ARRAY_SIZE(ev); i++)
			printk_raw("%s %lu\n", ev[i].name, global_vm_event(ev[i].item));
	}
}
DEFINE_DUMP(vmstat, "vmstat", vmstat_show, "/proc/vmstat (the counters that exist so far)");

/* ------------------------------------------------------------------------
 * dump=zoneinfo
 */

/* Linux's online nodes after boot: online at free_area_init(), or given a CPU since. */
static bool node_shown_in_zoneinfo(int nid)
{
	const struct numa_topology *topo = numa_topology();
	unsigned int cpu;

	if (node_isset(nid, init_online_nodes))
		return true;
	for (cpu = 0; cpu < topo->nr_cpus; cpu++)
		if (cpu_to_node(cpu) == nid)
			return true;
	return false;
}

static bool is_zone_first_populated(const pg_data_t *pgdat, const struct zone *zone)
{
	int z;

	for (z = 0; z < MAX_NR_ZONES; z++)
		if (populated_zone(&pgdat->node_zones[z]))
			return zone == &pgdat->node_zones[z];
	return false;
}

static void zoneinfo_show_zone(const pg_data_t *pgdat, const struct zone *zone)
{
	printk_raw("Node %d, zone %8s\n", pgdat->node_id, zone->name);
	if (is_zone_first_populated(pgdat, zone))
		printk_raw("  per-node stats\n");
	printk_raw("  pages free     %lu\n", zone_page_state(zone, NR_FREE_PAGES));
	printk_raw("        boost    0\n");
	printk_raw("        min      %lu\n", zone->_watermark[WMARK_MIN]);
	printk_raw("        low      %lu\n", zone->_watermark[WMARK_LOW]);
	printk_raw("        high     %lu\n", zone->_watermark[WMARK_HIGH]);
	printk_raw("        spanned  %lu\n", zone->spanned_pages);
	printk_raw("        present  %lu\n", zone->present_pages);
	printk_raw("        managed  %lu\n", zone->managed_pages);
	printk_raw("        cma      0\n");
	printk_raw("        protection: (");
	for (int z = 0; z < MAX_NR_ZONES; z++)
		printk_raw("%s%ld", z ? ", " : "", zone->lowmem_reserve[z]);
	printk_raw(")\n");
	/* Linux stops here for an unpopulated zone. */
	if (!populated_zone(zone))
		return;
	for (int i = 0; i < NR_VM_ZONE_STAT_ITEMS; i++)
		printk_raw("      %-12s %lu\n", zone_stat_name[i],
			   zone_page_state(zone, (enum zone_stat_item)i));
	for (int i = 0; i < NR_VM_NUMA_EVENT_ITEMS; i++)
		printk_raw("      %-12s %lu\n", numa_stat_name[i],
			   zone_numa_event_state(zone, (enum numa_stat_item)i));
	if (zone->per_cpu_pageset) {
		unsigned int cpu;

		printk_raw("  pagesets\n");
		for_each_online_cpu(cpu) {
			const struct per_cpu_pages *pcp = per_cpu_ptr(zone->per_cpu_pageset, cpu);

			printk_raw("    cpu: %u\n", cpu);
			printk_raw("              count: %d\n", READ_ONCE(pcp->count));
			printk_raw("              high:  %d\n", READ_ONCE(pcp->high));
			printk_raw("              batch: %d\n", READ_ONCE(pcp->batch));
			printk_raw("  vm stats threshold: %d\n", zone_stat_threshold(zone, cpu));
		}
	}
	printk_raw("  node_unreclaimable:  0\n");
	printk_raw("  start_pfn:           %lu\n", zone->zone_start_pfn);
}

void zoneinfo_show(void)
{
	pg_data_t *pgdat;
	int nid, z;

	for_each_online_pgdat(pgdat, nid) {
		if (!node_shown_in_zoneinfo(nid))
			continue;
		for (z = 0; z < MAX_NR_ZONES; z++)
			zoneinfo_show_zone(pgdat, &pgdat->node_zones[z]);
	}
}
DEFINE_DUMP(zoneinfo, "zoneinfo", zoneinfo_show,
	    "/proc/zoneinfo as Linux 6.1 prints it (fields that exist so far)");
