// SPDX-License-Identifier: GPL-2.0-only
/*
 * The free-list validator: every invariant stated at the top of
 * mm/page_alloc.c and for struct per_cpu_pages (include/mm/mmzone.h),
 * checked over every zone and every CPU's lists. It takes each pcp->lock,
 * then each zone's lock, so it sees consistent lists; it allocates
 * nothing. The free counter check is exact only when no CPU is folding its
 * deltas at the same time (vm_stats_fold_all() folds under zone->lock).
 *
 * Migratetypes: a free block may sit on the list of another type than its
 * pageblock's (a steal that did not claim the block moves single blocks),
 * as in Linux, except for isolation, which is exact: a buddy block is on
 * the MIGRATE_ISOLATE list exactly when its pageblock is MIGRATE_ISOLATE.
 * A per-cpu block carries in page->flags the type of its list
 * (set_pcppage_migratetype(); a highatomic block's page is on the Movable
 * list, noted Movable).
 */
#include <kernel/types.h>
#include <kernel/printk.h>
#include <mm/gfp.h>
#include <mm/memory_model.h>
#include <mm/page_alloc.h>
#include <mm/pageblock-flags.h>
#include <mm/vmstat.h>
#include <mm/mmdebug.h>
#include <arch/smp.h>

/* Linux's dump_page(), for VM_BUG_ON_PAGE(): the fields the contracts are about. */
void dump_page(const struct page *page, const char *reason)
{
	pr_emerg("page:%p refcount:%d pfn:%#lx flags:%#lx private:%#x\n", (const void *)page,
		 page->_refcount, page_to_pfn(page), page->flags, page->private);
	pr_emerg("page dumped because: %s\n", reason);
}

static unsigned long violations;
static unsigned int reports_left;

static void violation(const char *what, const struct zone *zone, unsigned long pfn,
		      unsigned int order)
{
	violations++;
	if (reports_left) {
		reports_left--;
		pr_err("buddy: %s: node %d zone %s pfn %#lx order %u\n", what, zone->node,
		       zone->name, pfn, order);
	}
}

/*
 * Above pageblock_order a merge joins pageblocks, which __free_one_page()
 * refuses between different types when one of them is highatomic or
 * isolated.
 */
static bool unmergeable_pageblocks(struct page *a, unsigned long apfn, struct page *b,
				   unsigned long bpfn, unsigned int order)
{
	int amt, bmt;

	if (order < pageblock_order)
		return false;
	amt = get_pfnblock_migratetype(a, apfn);
	bmt = get_pfnblock_migratetype(b, bpfn);
	return amt != bmt && (amt >= MIGRATE_PCPTYPES || bmt >= MIGRATE_PCPTYPES);
}

static void validate_block(struct zone *zone, struct page *page, unsigned int order, int mt)
{
	unsigned long pfn = page_to_pfn(page), n = 1UL << order;
	int zid = zone_idx(zone);

	if (pfn & (n - 1))
		violation("block not aligned to its order", zone, pfn, order);
	if (!PageBuddy(page) || buddy_order(page) != order)
		violation("head is not PageBuddy of this order", zone, pfn, order);
	if (!zone_spans_pfn(zone, pfn) || !zone_spans_pfn(zone, pfn + n - 1)) {
		violation("block reaches outside its zone (cross-zone merge)", zone, pfn, order);
		return;
	}
	/* Every pageblock the block covers: isolated exactly when on the isolate list. */
	for (unsigned long i = 0; i < n; i += pageblock_nr_pages) {
		if (!pfn_valid(pfn + i))
			break;	/* reported below */
		if (is_migrate_isolate(get_pfnblock_migratetype(mem_map_offset(page, i), pfn + i)) !=
		    is_migrate_isolate(mt)) {
			violation(is_migrate_isolate(mt) ? "block on the isolate list outside an isolated pageblock" :
				  "free block of an isolated pageblock on another list", zone, pfn + i, order);
			break;
		}
	}
	for (unsigned long i = 0; i < n; i++) {
		if (!pfn_valid(pfn + i)) {
			violation("block covers an invalid pfn", zone, pfn + i, order);
			return;
		}
		struct page *p = mem_map_offset(page, i);
		if (page_memmap_poisoned(p) || page_to_nid(p) != zone->node ||
		    (int)page_zonenum(p) != zid) {
			violation("block covers a page of another zone or node", zone, pfn + i, order);
			return;
		}
		if (PageReserved(p) || PageHole(p)) {
			violation("block covers a reserved or hole page", zone, pfn + i, order);
			return;
		}
	}
	if (order < MAX_PAGE_ORDER) {
		unsigned long bpfn = pfn ^ n;
		if (zone_spans_pfn(zone, bpfn) && pfn_valid(bpfn)) {
			struct page *b = pfn_to_page(bpfn);
			if (PageBuddy(b) && buddy_order(b) == order && page_to_nid(b) == zone->node &&
			    (int)page_zonenum(b) == zid && !unmergeable_pageblocks(page, pfn, b, bpfn, order))
				violation("two free buddies left unmerged", zone, pfn, order);
		}
	}
}

/* One CPU's per-cpu lists of @zone. */
static void validate_pcp(struct zone *zone, unsigned int cpu)
{
	struct per_cpu_pages *pcp = per_cpu_ptr(zone->per_cpu_pageset, cpu);
	int zid = zone_idx(zone);
	unsigned long flags;
	long pages = 0;

	flags = pcp_lock_irqsave(pcp);
	for (unsigned int idx = 0; idx < NR_PCP_LISTS; idx++) {
		unsigned int o = pindex_to_order(idx);
		int mt = (int)(idx % MIGRATE_PCPTYPES);
		struct page *page;

		list_for_each_entry(page, &pcp->lists[idx], lru) {
			unsigned long pfn = page_to_pfn(page);

			if ((int)((page->flags >> PCPMT_PGSHIFT) & PCPMT_MASK) != mt)
				violation("per-cpu block's migratetype differs from its list's", zone, pfn, o);
			pages += 1L << o;
			if (pfn & ((1UL << o) - 1))
				violation("per-cpu block not aligned to its order", zone, pfn, o);
			if (!zone_spans_pfn(zone, pfn) || page_to_nid(page) != zone->node ||
			    (int)page_zonenum(page) != zid)
				violation("per-cpu block of another zone", zone, pfn, o);
			if (PageBuddy(page) || page->_refcount != 0)
				violation("per-cpu block is PageBuddy or referenced", zone, pfn, o);
		}
	}
	if (pages != pcp->count)
		violation("per-cpu count differs from its lists", zone, (unsigned long)pages, cpu);
	pcp_unlock_irqrestore(pcp, flags);
}

unsigned long zone_free_list_pages(struct zone *zone)
{
	unsigned long pages = 0;

	for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++)
		for (int t = 0; t < MIGRATE_TYPES; t++) {
			struct list_head *pos;
			list_for_each(pos, &zone->free_area[o].free_list[t])
				pages += 1UL << o;
		}
	return pages;
}

unsigned long validate_free_lists(unsigned int max_reports)
{
	struct zone *zone;

	violations = 0;
	reports_left = max_reports;
	for_each_zone(zone) {
		unsigned long flags, total = 0;
		unsigned int cpu;

		if (zone->per_cpu_pageset)
			for_each_possible_cpu(cpu)
				validate_pcp(zone, cpu);
		spin_lock_irqsave(&zone->lock, flags);
		for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++) {
			unsigned long count = 0;

			for (int t = 0; t < MIGRATE_TYPES; t++) {
				struct page *page;
				list_for_each_entry(page, &zone->free_area[o].free_list[t], lru) {
					validate_block(zone, page, o, t);
					count++;
				}
			}
			if (count != zone->free_area[o].nr_free)
				violation("free_area nr_free differs from the list", zone, count, o);
			total += count << o;
		}
		if (total != zone_page_state_snapshot(zone, NR_FREE_PAGES))
			violation("zone free counter differs from the lists", zone, total, 0);
		if (zone->managed_pages > zone->present_pages)
			violation("managed pages above present pages", zone, zone->managed_pages, 0);
		spin_unlock_irqrestore(&zone->lock, flags);
	}
	return violations;
}
