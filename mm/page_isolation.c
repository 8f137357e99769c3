// SPDX-License-Identifier: GPL-2.0-only
/*
 * alloc_contig_range(): isolate, migrate, take (the contract is in
 * include/mm/page_alloc.h). Runs on the calling CPU; the owners of the
 * movable pages in the range must be quiet (include/mm/migrate.h).
 */
#include <kernel/types.h>
#include <kernel/errno.h>
#include <kernel/printk.h>
#include <mm/gfp.h>
#include <mm/memory_model.h>
#include <mm/migrate.h>
#include <mm/page_alloc.h>
#include <mm/pageblock-flags.h>
#include <mm/pfn_walk.h>
#include <mm/vmstat.h>
#include "internal.h"

#define CONTIG_BATCH	32

static struct page *contig_new_page(struct page *page, unsigned long gfp)
{
	/* The range is isolated: no target can come from it. */
	return alloc_pages_node(page_to_nid(page), (gfp_t)gfp | __GFP_NOWARN, 0);
}

static void undo_isolate(unsigned long start, unsigned long end, int migratetype)
{
	for (unsigned long pfn = start; pfn < end; pfn += pageblock_nr_pages)
		unset_migratetype_isolate(pfn_to_page(pfn), migratetype);
}

/* Migrate every movable page of [start, end) away; -EBUSY at the first page that cannot go. */
static int migrate_range(unsigned long start, unsigned long end, gfp_t gfp)
{
	unsigned long pfn = start;

	while (pfn < end) {
		LIST_HEAD(list);
		unsigned int n = 0, ok;
		int rc = 0;

		for (; pfn < end && n < CONTIG_BATCH; pfn++) {
			struct page *page = pfn_to_page(pfn);

			if (PageBuddy(page)) {
				pfn += (1UL << buddy_order(page)) - 1;
				continue;
			}
			if (page_memmap_poisoned(page) || PageReserved(page) || PageHole(page) ||
			    !__PageMovable(page) || isolate_movable_page(page, 0)) {
				/* In use and not movable (or a pcp page not yet drained: checked later). */
				if (page->_refcount == 0 && !PageReserved(page) && !PageHole(page) &&
				    !page_memmap_poisoned(page))
					continue;
				rc = -EBUSY;
				break;
			}
			list_add_tail(&page->lru, &list);
			n++;
		}
		if (n && migrate_pages(&list, contig_new_page, NULL, gfp, MIGRATE_SYNC, &ok))
			rc = -EBUSY;
		if (rc)
			return rc;
	}
	return 0;
}

int alloc_contig_range(unsigned long start, unsigned long end, int migratetype, gfp_t gfp)
{
	struct zone *zone;
	unsigned long flags, pfn;
	int rc;

	if (start >= end || ((start | end) & (MAX_ORDER_NR_PAGES - 1)))
		return -EINVAL;
	if (holes_in_zone || !pfn_valid(start) || page_memmap_poisoned(pfn_to_page(start)))
		return -EINVAL;
	zone = page_zone(pfn_to_page(start));
	for (pfn = start; pfn < end; pfn += pageblock_nr_pages)
		if (!pfn_valid(pfn) || page_memmap_poisoned(pfn_to_page(pfn)) ||
		    page_zone(pfn_to_page(pfn)) != zone)
			return -EINVAL;
	for (pfn = start; pfn < end; pfn += pageblock_nr_pages)
		if (set_migratetype_isolate(pfn_to_page(pfn))) {
			undo_isolate(start, pfn, migratetype);
			return -EBUSY;
		}
	drain_all_pages(zone);	/* per-cpu pages of the range go to the isolate lists */
	rc = migrate_range(start, end, gfp);
	drain_all_pages(NULL);	/* and so do the migrated sources */
	if (!rc) {
		spin_lock_irqsave(&zone->lock, flags);
		/* Every page must be free now: the range is a run of free blocks. */
		for (pfn = start; pfn < end && !rc;) {
			struct page *page = pfn_to_page(pfn);

			if (!PageBuddy(page) || pfn + (1UL << buddy_order(page)) > end)
				rc = -EBUSY;
			else
				pfn += 1UL << buddy_order(page);
		}
		for (pfn = start; pfn < end && !rc;) {
			struct page *page = pfn_to_page(pfn);
			unsigned int order = buddy_order(page);

			__isolate_free_block(zone, page, order);
			pfn += 1UL << order;
		}
		spin_unlock_irqrestore(&zone->lock, flags);
	}
	undo_isolate(start, end, migratetype);
	if (rc)
		return rc;
	debug_pagealloc_map_pages(start, end - start);
	return 0;
}

void free_contig_range(unsigned long pfn, unsigned long nr_pages)
{
	for (unsigned long b = pfn; b < pfn + nr_pages; b += MAX_ORDER_NR_PAGES) {
		struct page *head = pfn_to_page(b);

		head->_refcount = 1;
		__free_pages(head, MAX_PAGE_ORDER);
	}
}
