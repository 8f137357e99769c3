// SPDX-License-Identifier: GPL-2.0-only
/*
 * Seed scenarios 000 (zone alignment) and 004 (holes inside a MAX_ORDER
 * block). Each suite has cases that pass with the fix on and a
 * negative-control case that runs only with the fix off (nofix=...) and
 * passes only by detecting the original failure with the kernel's own
 * checks: the validator for 000, the pfn walker's poison check for 004.
 * The machines that provoke them are tests/machines/seed000*.machine and
 * seed004*.machine.
 */
#include <kernel/ktest.h>
#include <kernel/printk.h>
#include <mm/gfp.h>
#include <mm/memblock.h>
#include <mm/memory_model.h>
#include <mm/mm_init.h>
#include <mm/page_alloc.h>
#include <mm/pfn_walk.h>
#include <lib/printf.h>
#include "test_alloc.h"

DECLARE_FIX(zone_merge_check);

/* ---- seed 000 ------------------------------------------------------------ */

/*
 * A populated zone starting inside a MAX_ORDER block that has free memory
 * of another zone just below the start: the boundary a buddy merge could
 * cross. (A boundary with reserved memory on one side, such as i386's
 * lowmem/highmem boundary right under early allocations, cannot show it.)
 */
static struct zone *find_misaligned_boundary(void)
{
	struct zone *zone;

	for_each_populated_zone(zone) {
		unsigned long start = zone->zone_start_pfn;

		/*
		 * Free memory on both sides, so that a merge can happen at all:
		 * a whole page of memory below (an SRAT range that ends inside
		 * a page leaves that page to no node: a hole, no boundary).
		 */
		if (!(start & (MAX_ORDER_NR_PAGES - 1)) ||
		    !memblock_is_region_memory(PFN_PHYS(start - 1), PAGE_SIZE) ||
		    !pfn_valid(start - 1) || PageHole(pfn_to_page(start - 1)) ||
		    memblock_is_reserved(PFN_PHYS(start - 1)) ||
		    memblock_is_reserved(PFN_PHYS(start)))
			continue;
#ifdef CONFIG_MEMMODEL_DISCONTIG
		/*
		 * Each node has its own memmap: seen from this node, the page
		 * below a node boundary is an entry of this node's memmap that
		 * stands for no memory, never the other node's free block, so
		 * merges cannot cross nodes. Only a boundary inside a node counts.
		 */
		if (pfn_to_nid(start - 1) != zone->node)
			continue;
#endif
		return zone;
	}
	return NULL;
}

static const char *seed000_skip(void)
{
	return find_misaligned_boundary() ? NULL :
	       "no zone boundary with free memory on both sides inside a MAX_ORDER block here (see tests/machines/seed000*.machine)";
}

static void test_misaligned_start_reported(struct ktest *t)
{
	struct zone *zone = find_misaligned_boundary();

	KTEST_EXPECT_GT(t, zone_misaligned_count, 0);
	KTEST_EXPECT_LOG(t, 0, "misaligned start pfn");
	ktest_info(t, "boundary: node %d zone %s starts at pfn %#lx", zone->node, zone->name,
		   zone->zone_start_pfn);
}

/*
 * Take every page, then give back exactly the MAX_ORDER block around the
 * boundary, so that both sides are free and merge as far as the allocator
 * lets them. Returns the validator's verdict; everything is freed after.
 */
static unsigned long free_around_boundary(struct ktest *t, struct zone *zone)
{
	unsigned long block = ALIGN_DOWN(zone->zone_start_pfn, MAX_ORDER_NR_PAGES);
	unsigned long before = total_free_pages(), violations;
	LIST_HEAD(held);

	KTEST_EXPECT_GT(t, grab_everything(&held), 0);
	release_range(&held, block, block + MAX_ORDER_NR_PAGES);
	violations = validate_free_lists(5);
	release_all(&held);
	if (!violations)
		KTEST_EXPECT_EQ(t, total_free_pages(), before);
	return violations;
}

static void test_merges_stay_in_their_zone(struct ktest *t)
{
	struct zone *zone = find_misaligned_boundary();

	if (!fix_enabled(zone_merge_check))
		ktest_skip_case(t, "zone_merge_check is off: see the negative control");
	KTEST_EXPECT_EQ(t, free_around_boundary(t, zone), 0);
	/* The block holding the boundary pfn starts at or above it: no merge crossed it. */
	struct page *page = pfn_to_page(zone->zone_start_pfn);
	KTEST_EXPECT_EQ(t, page_to_nid(page), zone->node);
	KTEST_EXPECT_EQ(t, validate_free_lists(5), 0);
}

static void test_negative_control_cross_zone_merge(struct ktest *t)
{
	struct zone *zone = find_misaligned_boundary();
	u64 mark = printk_log_mark();

	if (fix_enabled(zone_merge_check))
		ktest_skip_case(t, "negative control: runs only with nofix=zone_merge_check");
	/* Without the fix the free path merges across the boundary: the validator must see it. */
	KTEST_EXPECT_GT(t, free_around_boundary(t, zone), 0);
	KTEST_EXPECT_LOG(t, mark, "(cross-zone merge)");
	ktest_info(t, "seed 000 reproduced: a buddy merge crossed node %d zone %s at pfn %#lx",
		   zone->node, zone->name, zone->zone_start_pfn);
}

static const struct ktest_case seed000_cases[] = {
	KTEST_CASE(test_misaligned_start_reported),
	KTEST_CASE(test_merges_stay_in_their_zone),
	KTEST_CASE(test_negative_control_cross_zone_merge),
	{}
};
KTEST_SUITE_FULL(seed000_zone_alignment, .cases = seed000_cases, .skip_if = seed000_skip);

/* ---- seed 004 ------------------------------------------------------------ */

/* A zone with a hole (a valid pfn that is not RAM) inside a MAX_ORDER block holding RAM. */
static struct zone *find_hole_in_block(unsigned long *hole_pfn)
{
	struct zone *zone;

	for_each_populated_zone(zone) {
		for (unsigned long pfn = zone->zone_start_pfn + 1; pfn < zone_end_pfn(zone); pfn++) {
			unsigned long block = ALIGN_DOWN(pfn, MAX_ORDER_NR_PAGES);

			/* Skip the firmware holes below 1 MiB: a hole made on purpose is wanted. */
			if (pfn < 0x100 || !pfn_valid(pfn) || memblock_is_memory(PFN_PHYS(pfn)))
				continue;
			if (block >= zone->zone_start_pfn && pfn_valid(block) &&
			    memblock_is_memory(PFN_PHYS(block))) {
				*hole_pfn = pfn;
				return zone;
			}
		}
	}
	return NULL;
}

static const char *seed004_skip(void)
{
	unsigned long pfn;

	return find_hole_in_block(&pfn) ? NULL :
	       "no hole inside a MAX_ORDER block here (see tests/machines/seed004*.machine)";
}

struct walk_count {
	unsigned long reserved, free_heads;
};

static void count_page(struct page *page, unsigned long pfn, void *arg)
{
	struct walk_count *c = arg;

	(void)pfn;
	c->reserved += PageReserved(page);
	c->free_heads += PageBuddy(page);
}

static void test_hole_is_in_a_block_with_memory(struct ktest *t)
{
	unsigned long pfn;
	struct zone *zone = find_hole_in_block(&pfn);

	KTEST_ASSERT_NOT_NULL(t, zone);
	ktest_info(t, "hole at pfn %#lx in node %d zone %s (%s)", pfn, zone->node, zone->name,
		   holes_in_zone ? "holes_in_zone: uninitialised hole pages" :
				   "default: reserved hole pages");
	if (holes_in_zone)
		KTEST_EXPECT_TRUE(t, page_memmap_poisoned(pfn_to_page(pfn)));
	else
		KTEST_EXPECT_TRUE(t, PageReserved(pfn_to_page(pfn)) && PageHole(pfn_to_page(pfn)));
	KTEST_EXPECT_FALSE(t, pfn_valid_within(pfn));
}

static void test_walkers_never_touch_a_hole(struct ktest *t)
{
	unsigned long free_heads = 0;
	struct zone *zone;

	if (!fix_enabled(hole_check) && holes_in_zone)
		ktest_skip_case(t, "hole_check is off: see the negative control");
	for_each_populated_zone(zone) {
		struct walk_count c = { 0, 0 };
		unsigned long hits = 0;

		zone_pfn_walk(zone, count_page, &c, &hits);
		KTEST_EXPECT_EQ(t, hits, 0);
		free_heads += c.free_heads;
	}
	KTEST_EXPECT_GT(t, free_heads, 0);
	/* No free block covers a hole, whichever strategy. */
	KTEST_EXPECT_EQ(t, validate_free_lists(5), 0);
}

static void test_negative_control_walker_reaches_hole(struct ktest *t)
{
	u64 mark = printk_log_mark();
	unsigned long total_hits = 0;
	struct zone *zone;

	if (fix_enabled(hole_check))
		ktest_skip_case(t, "negative control: runs only with nofix=hole_check");
	if (!holes_in_zone)
		ktest_skip_case(t, "hole pages are initialised and reserved: boot with holes_in_zone=1");
	for_each_populated_zone(zone) {
		unsigned long hits = 0;

		zone_pfn_walk(zone, NULL, NULL, &hits);
		total_hits += hits;
	}
	KTEST_EXPECT_GT(t, total_hits, 0);
	KTEST_EXPECT_LOG(t, mark, "pfn walker reached a hole at pfn");
	ktest_info(t, "seed 004 reproduced: %lu uninitialised struct pages reached by a pfn walker",
		   total_hits);
}

static const struct ktest_case seed004_cases[] = {
	KTEST_CASE(test_hole_is_in_a_block_with_memory),
	KTEST_CASE(test_walkers_never_touch_a_hole),
	KTEST_CASE(test_negative_control_walker_reaches_hole),
	{}
};
KTEST_SUITE_FULL(seed004_holes, .cases = seed004_cases, .skip_if = seed004_skip);

/* ---- seed 001 ------------------------------------------------------------ */

#if defined(CONFIG_X86_32) && defined(CONFIG_MEMMODEL_DISCONTIG)
#include <asm/kva.h>

static const char *seed001_skip(void)
{
	if (!kva_layout.done)
		return "the KVA window was not set up";
	if (kva_layout.waste_end_pfn <= kva_layout.waste_start_pfn)
		return "the KVA window wastes no pages here (boot a NUMA machine, e.g. 2node)";
	return NULL;
}

static void test_waste_reserved_and_never_freed(struct ktest *t)
{
	unsigned long unreserved = 0;

	if (!fix_enabled(kva_reserve_waste))
		ktest_skip_case(t, "kva_reserve_waste is off: see the negative control");
	for (unsigned long pfn = kva_layout.waste_start_pfn; pfn < kva_layout.waste_end_pfn; pfn++)
		unreserved += !memblock_is_reserved(PFN_PHYS(pfn));
	KTEST_EXPECT_EQ(t, unreserved, 0);
	KTEST_EXPECT_TRUE(t, kva_layout.waste_reserved);
	for (unsigned int i = 0; i < kva_layout.nr_reservations; i++)
		KTEST_EXPECT_GT(t, kva_layout.reservation[i].size, 0);
	/* Nothing uninitialised reached the free lists at boot. */
	KTEST_EXPECT_EQ(t, boot_bad_page_count, 0);
}

static void test_negative_control_bad_page_state(struct ktest *t)
{
	unsigned long waste = kva_layout.waste_end_pfn - kva_layout.waste_start_pfn;
	char line[64];

	if (fix_enabled(kva_reserve_waste))
		ktest_skip_case(t, "negative control: runs only with nofix=kva_reserve_waste");
	/* 2007's storm: every wasted page was freed with an uninitialised struct page. */
	KTEST_EXPECT_GE(t, boot_bad_page_count, waste);
	snprintf(line, sizeof(line), "Bad page state in process swapper/0  pfn:%05lx",
		 kva_layout.waste_start_pfn);
	KTEST_EXPECT_LOG(t, 0, line);
	KTEST_EXPECT_LOG(t, 0, "page dumped because: uninitialised struct page (poisoned memmap)");
	ktest_info(t, "seed 001 reproduced: %lu Bad page state reports for %lu wasted pages",
		   boot_bad_page_count, waste);
}

static const struct ktest_case seed001_cases[] = {
	KTEST_CASE(test_waste_reserved_and_never_freed),
	KTEST_CASE(test_negative_control_bad_page_state),
	{}
};
KTEST_SUITE_FULL(seed001_kva_waste, .cases = seed001_cases, .skip_if = seed001_skip);
#else
static const char *seed001_skip_config(void)
{
	return "the KVA window exists only on i386 DISCONTIG (seed 001)";
}
static const struct ktest_case seed001_none[] = { {} };
KTEST_SUITE_FULL(seed001_kva_waste, .cases = seed001_none, .skip_if = seed001_skip_config);
#endif
