// SPDX-License-Identifier: GPL-2.0-only
/*
 * memmap_init(): every struct page Linux's memmap_init() would initialise,
 * through the memmap_walk() of mm/mm_init.c: present pages get their node
 * and zone, a count of 1 and no flags; hole pages that have a struct page
 * (seed 004: memmaps cover whole pageblocks) are also marked PG_reserved and
 * PG_hole, so no pfn walker mistakes them for memory (unless holes_in_zone=1
 * selects the other strategy of include/mm/pfn_walk.h).
 */
#include <kernel/types.h>
#include <kernel/panic.h>
#include <mm/mm_init.h>
#include <mm/memory_model.h>
#include <mm/pfn_walk.h>
#include <mm/pageblock-flags.h>
#include <arch/memmap.h>

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

static void init_range(unsigned long start, unsigned long end, int nid, int zone, bool hole)
{
	bool skips = start < skip_end && end > skip_start;

	if (!hole && !skips && end - start >= pageblock_nr_pages) {
		init_present_range(start, end, nid, zone);
		return;
	}
	/* Holes (where a pageblock may lack struct pages) and short ranges: pfn by pfn. */
	for (unsigned long pfn = start; pfn < end; pfn++) {
		struct page *page;

		if (pfn >= skip_start && pfn < skip_end)
			continue;
		if (hole && !pfn_valid(pfn))
			continue;	/* DISCONTIG: a pageblock cut by a node's edge */
		if (hole && holes_in_zone)
			continue;	/* seed 004's other strategy: left uninitialised */
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
}

/*
 * Does the pageblock at @pfn have struct pages? DISCONTIG: a node's memmap
 * placed by the architecture starts at the node's first pfn, which may lie
 * inside the block (a memoryless node 0, all RAM on node 1 from pfn 1): its
 * last pfn counts too. init_range() skips the block's pfns without one.
 */
static bool walk_pfn_valid(unsigned long pfn)
{
	return pfn_valid(pfn) || pfn_valid(pfn + pageblock_nr_pages - 1);
}

void memmap_init(void)
{
	const struct memmap_walk_ops ops = {
		.pfn_valid = walk_pfn_valid,
		.init_range = init_range,
	};

	if (!arch_memmap_skip_range(&skip_start, &skip_end))
		skip_start = skip_end = 0;
	memmap_walk(&ops);
}
