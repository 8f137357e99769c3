// SPDX-License-Identifier: GPL-2.0-only
/* Compaction: Linux's migration and free scanners (include/mm/compaction.h). */
#include <kernel/types.h>
#include <kernel/printk.h>
#include <kernel/params.h>
#include <lib/parse.h>
#include <lib/string.h>
#include <mm/compaction.h>
#include <mm/gfp.h>
#include <mm/memory_model.h>
#include <mm/migrate.h>
#include <mm/numa.h>
#include <mm/page_alloc.h>
#include <mm/pageblock-flags.h>
#include <mm/pfn_walk.h>
#include <mm/vmstat.h>
#include <arch/cpu.h>
#include "internal.h"

#define COMPACT_CLUSTER_MAX	32	/* Linux's SWAP_CLUSTER_MAX */

bool compaction_enabled = true;
struct compact_stats compact_stats;

static int __maybe_unused parse_compaction(const char *val)
{
	return val && !kstrtobool(val, &compaction_enabled) ? 0 : -EINVAL;
}
early_param("compaction", parse_compaction);

struct compact_control {
	struct list_head freepages, migratepages;
	unsigned long nr_freepages, nr_migratepages;
	unsigned long migrate_pfn, free_pfn;
	struct zone *zone;
	int order;
	bool ignore_block_suitable;
};

static void count_events(enum vm_event_item item, unsigned long n)
{
	unsigned long flags = arch_irq_save();

	__count_vm_events(item, n);
	arch_irq_restore(flags);
}

/* The struct page at @pfn if it is initialised and in @cc's zone, else NULL. */
static struct page *scan_page(struct compact_control *cc, unsigned long pfn)
{
	struct page *page;

	if (!pfn_valid(pfn) || (holes_in_zone && !pfn_valid_within(pfn)))
		return NULL;
	page = pfn_to_page(pfn);
	if (page_memmap_poisoned(page) || PageHole(page) || page_zone(page) != cc->zone)
		return NULL;
	return page;
}

/* The migration scanner: movable pages of the next pageblock onto cc->migratepages. */
static void isolate_migratepages(struct compact_control *cc)
{
	unsigned long pfn = cc->migrate_pfn, end = min(pageblock_end_pfn(pfn), cc->free_pfn);
	unsigned long scanned = 0;

	for (; pfn < end && cc->nr_migratepages < COMPACT_CLUSTER_MAX; pfn++) {
		struct page *page = scan_page(cc, pfn);

		scanned++;
		if (!page)
			continue;
		if (PageBuddy(page)) {
			/* Racy without the lock, as Linux's: a wrong order only skips less or more. */
			unsigned int order = READ_ONCE(page->private);

			if (order <= MAX_PAGE_ORDER)
				pfn += (1UL << order) - 1;
			continue;
		}
		if (!__PageMovable(page) || PageIsolated(page))
			continue;
		if (isolate_movable_page(page, 0))
			continue;
		list_add_tail(&page->lru, &cc->migratepages);
		cc->nr_migratepages++;
		compact_stats.isolated++;
		count_events(COMPACTISOLATED, 1);
	}
	cc->migrate_pfn = pfn;
	compact_stats.migrate_scanned += scanned;
	count_events(COMPACTMIGRATE_SCANNED, scanned);
}

/* Linux's suitable_migration_target(). */
static bool suitable_migration_target(struct compact_control *cc, struct page *page)
{
	if (PageBuddy(page) && buddy_order(page) >= pageblock_order)
		return false;	/* a large free block: not worth breaking */
	if (cc->ignore_block_suitable)
		return true;
	return is_migrate_movable(get_pageblock_migratetype(page));
}

/* The free scanner: free pages of pageblocks below cc->free_pfn, split to order 0. */
static void isolate_freepages(struct compact_control *cc)
{
	unsigned long low = pageblock_end_pfn(cc->migrate_pfn);
	unsigned long block = pageblock_start_pfn(cc->free_pfn - 1);

	if (cc->free_pfn <= low)
		return;
	for (;;) {
		unsigned long start = max(block, cc->zone->zone_start_pfn);
		unsigned long end = min(block + pageblock_nr_pages, zone_end_pfn(cc->zone));
		struct page *first = scan_page(cc, start);
		unsigned long scanned = 0, isolated = 0;

		cc->free_pfn = block;
		for (unsigned long pfn = start; first && suitable_migration_target(cc, first) &&
		     pfn < end; pfn++) {
			struct page *page = scan_page(cc, pfn);
			unsigned long flags, n;

			scanned++;
			if (!page || !PageBuddy(page))
				continue;
			spin_lock_irqsave(&cc->zone->lock, flags);
			n = PageBuddy(page) ? __isolate_free_page(page, buddy_order(page)) : 0;
			spin_unlock_irqrestore(&cc->zone->lock, flags);
			if (!n)
				continue;	/* gone, or below the min watermark */
			for (unsigned long i = 0; i < n; i++) {
				page[i]._refcount = 1;
				list_add_tail(&page[i].lru, &cc->freepages);
			}
			cc->nr_freepages += n;
			isolated += n;
			pfn += n - 1;
		}
		compact_stats.free_scanned += scanned;
		compact_stats.isolated += isolated;
		count_events(COMPACTFREE_SCANNED, scanned);
		count_events(COMPACTISOLATED, isolated);
		if (cc->nr_freepages >= cc->nr_migratepages || block < low + pageblock_nr_pages ||
		    block < pageblock_nr_pages)
			break;
		block -= pageblock_nr_pages;
	}
}

static struct page *compaction_alloc(struct page *src, unsigned long data)
{
	struct compact_control *cc = (struct compact_control *)data;
	struct page *page;

	(void)src;
	if (list_empty(&cc->freepages))
		isolate_freepages(cc);
	if (list_empty(&cc->freepages))
		return NULL;
	page = list_first_entry(&cc->freepages, struct page, lru);
	list_del(&page->lru);
	cc->nr_freepages--;
	return page;
}

static void compaction_free(struct page *page, unsigned long data)
{
	struct compact_control *cc = (struct compact_control *)data;

	list_add(&page->lru, &cc->freepages);
	cc->nr_freepages++;
}

/* A free block of cc->order or more on a list an ordinary allocation can use. */
static bool compact_finished(struct compact_control *cc)
{
	struct zone *zone = cc->zone;
	unsigned long flags;
	bool found = false;

	if (cc->order < 0)
		return false;
	drain_all_pages(zone);
	spin_lock_irqsave(&zone->lock, flags);
	for (unsigned int o = (unsigned int)cc->order; o < NR_PAGE_ORDERS && !found; o++)
		for (int mt = 0; mt < MIGRATE_PCPTYPES && !found; mt++)
			found = !free_area_empty(&zone->free_area[o], mt);
	spin_unlock_irqrestore(&zone->lock, flags);
	return found;
}

enum compact_result compact_zone(struct zone *zone, int order)
{
	struct compact_control cc = {
		.zone = zone, .order = order,
		.ignore_block_suitable = page_group_by_mobility_disabled || mobility_grouping_off,
	};
	enum compact_result ret = COMPACT_COMPLETE;

	memset(&compact_stats, 0, sizeof(compact_stats));
	if (!populated_zone(zone))
		return COMPACT_SKIPPED;
	INIT_LIST_HEAD(&cc.freepages);
	INIT_LIST_HEAD(&cc.migratepages);
	cc.migrate_pfn = zone->zone_start_pfn;
	cc.free_pfn = pageblock_start_pfn(zone_end_pfn(zone) - 1) + pageblock_nr_pages;
	if (cc.free_pfn > zone_end_pfn(zone))
		cc.free_pfn = zone_end_pfn(zone);
	drain_all_pages(zone);
	while (cc.migrate_pfn < cc.free_pfn) {
		unsigned int migrated = 0;
		int failed;

		if (compact_finished(&cc)) {
			ret = COMPACT_SUCCESS;
			break;
		}
		isolate_migratepages(&cc);
		if (!cc.nr_migratepages)
			continue;
		failed = migrate_pages(&cc.migratepages, compaction_alloc, compaction_free,
				       (unsigned long)&cc, MIGRATE_SYNC, &migrated);
		compact_stats.migrated += migrated;
		compact_stats.failed += (unsigned long)failed;
		cc.nr_migratepages = 0;
		if (failed && !cc.nr_freepages && cc.free_pfn <= pageblock_end_pfn(cc.migrate_pfn))
			break;	/* the free scanner met the migration scanner */
	}
	/* Unused targets go back. */
	while (!list_empty(&cc.freepages)) {
		struct page *page = list_first_entry(&cc.freepages, struct page, lru);

		list_del(&page->lru);
		__free_pages(page, 0);
	}
	drain_all_pages(zone);
	if (ret != COMPACT_SUCCESS && compact_finished(&cc))
		ret = COMPACT_SUCCESS;
	return ret;
}

void compact_node(int nid)
{
	pg_data_t *pgdat = NODE_DATA(nid);
	struct compact_stats total = { 0 };

	if (!pgdat)
		return;
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		compact_zone(&pgdat->node_zones[z], -1);
		total.migrate_scanned += compact_stats.migrate_scanned;
		total.free_scanned += compact_stats.free_scanned;
		total.isolated += compact_stats.isolated;
		total.migrated += compact_stats.migrated;
		total.failed += compact_stats.failed;
	}
	compact_stats = total;
}

/* ---- compact=: compaction at the end of boot ----------------------------- */

static nodemask_t compact_boot_nodes;
nodemask_t compact_boot_done;

int compact_param_parse(const char *val, nodemask_t *nodes)
{
	const nodemask_t memory = numa_nodes_with_memory();
	char item[24], list[NODE_LIST_BUF];

	nodes_clear(*nodes);
	if (val && (!strcmp(val, "1") || !strcmp(val, "all"))) {
		*nodes = memory;
		return 0;
	}
	if (val && !strcmp(val, "0"))
		return 0;
	if (!val || !*val || *val == ',') {
		pr_warn("compact: '%s': expected 1, all, 0 or nodeN[,nodeN...]; nothing is compacted\n",
			val ? val : "(none)");
		return -EINVAL;
	}
	for (const char *p = val, *next; (next = next_list_item(p, item, sizeof(item))); p = next) {
		unsigned int nid;

		while (*p == ',')
			p++;
		if (strcspn(p, ",") >= sizeof(item) || strncmp(item, "node", 4) || kstrtouint(item + 4, 10, &nid)) {
			pr_warn("compact: '%s' in '%s': expected 1, all, 0 or nodeN[,nodeN...]; nothing is compacted\n",
				item, val);
			nodes_clear(*nodes);
			return -EINVAL;
		}
		if (nid >= MAX_NUMNODES || !node_isset(nid, memory)) {
			node_list_scnprintf(list, sizeof(list), &memory);
			pr_warn("compact: node %u has no memory (nodes with memory: %s); nothing is compacted\n",
				nid, list);
			nodes_clear(*nodes);
			return -EINVAL;
		}
		node_set((int)nid, *nodes);
	}
	return 0;
}

static int __maybe_unused parse_compact(const char *val)
{
	return compact_param_parse(val, &compact_boot_nodes);
}
__setup("compact", parse_compact);

void compact_nodes_at_boot(void)
{
	for (int nid = 0; nid < MAX_NUMNODES; nid++) {
		static const enum vm_event_item ev[] = {
			COMPACTMIGRATE_SCANNED, COMPACTFREE_SCANNED, COMPACTISOLATED,
			PGMIGRATE_SUCCESS, PGMIGRATE_FAIL,
		};
		unsigned long before[ARRAY_SIZE(ev)];

		if (!node_isset(nid, compact_boot_nodes))
			continue;
		for (unsigned int i = 0; i < ARRAY_SIZE(ev); i++)
			before[i] = global_vm_event(ev[i]);
		compact_node(nid);
		node_set(nid, compact_boot_done);
		pr_info("compact: node %d: compact_migrate_scanned %lu compact_free_scanned %lu compact_isolated %lu pgmigrate_success %lu pgmigrate_fail %lu\n",
			nid, global_vm_event(ev[0]) - before[0], global_vm_event(ev[1]) - before[1],
			global_vm_event(ev[2]) - before[2], global_vm_event(ev[3]) - before[3],
			global_vm_event(ev[4]) - before[4]);
	}
}

/* Linux's compaction_suitable(), without the per-order capture details. */
enum compact_result compaction_suitable(struct zone *zone, unsigned int order, int highest_zoneidx)
{
	unsigned long mark = order > PAGE_ALLOC_COSTLY_ORDER ? low_wmark_pages(zone) :
			     min_wmark_pages(zone);
	int fragindex;

	if (zone_watermark_ok(zone, order, mark, highest_zoneidx, false))
		return COMPACT_SUCCESS;
	/* Room for the copies: compact_gap(order) = 2 << order pages above the mark. */
	if (!zone_watermark_ok(zone, 0, mark + (2UL << order), highest_zoneidx, false))
		return COMPACT_SKIPPED;
	if (order > PAGE_ALLOC_COSTLY_ORDER) {
		fragindex = fragmentation_index(zone, order);
		if (fragindex >= 0 && fragindex <= EXTFRAG_THRESHOLD)
			return COMPACT_NOT_SUITABLE_ZONE;
	}
	return COMPACT_CONTINUE;
}

void defer_compaction(struct zone *zone, int order)
{
	zone->compact_considered = 0;
	zone->compact_defer_shift++;
	if (order < zone->compact_order_failed)
		zone->compact_order_failed = order;
	if (zone->compact_defer_shift > COMPACT_MAX_DEFER_SHIFT)
		zone->compact_defer_shift = COMPACT_MAX_DEFER_SHIFT;
}

bool compaction_deferred(struct zone *zone, int order)
{
	unsigned long defer_limit = 1UL << zone->compact_defer_shift;

	if (order < zone->compact_order_failed)
		return false;
	if (++zone->compact_considered >= defer_limit) {
		zone->compact_considered = (unsigned int)defer_limit;
		return false;
	}
	return true;
}

void compaction_defer_reset(struct zone *zone, int order, bool alloc_success)
{
	if (alloc_success) {
		zone->compact_considered = 0;
		zone->compact_defer_shift = 0;
	}
	if (order >= zone->compact_order_failed)
		zone->compact_order_failed = order + 1;
}
