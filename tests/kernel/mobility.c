// SPDX-License-Identifier: GPL-2.0-only
/*
 * Grouping pages by mobility on the live machine (mm/page_alloc.c):
 *  mobility          grouping on by Linux's rule, gfp_migratetype(), the
 *                    fallbacks[] table and can-steal rule, a fallback that
 *                    steals a whole pageblock and the next allocation of the
 *                    same type served from it without another fallback;
 *  mobility_highatomic  a high-order __GFP_ATOMIC allocation past the low
 *                    watermark reserves its pageblock as MIGRATE_HIGHATOMIC,
 *                    freeing returns the pages to the reserve, and
 *                    unreserve_highatomic_pageblock() keeps the last block
 *                    without force and gives it back with it.
 */
#include <kernel/ktest.h>
#include <kernel/printk.h>
#include <lib/string.h>
#include <mm/gfp.h>
#include <mm/memory_model.h>
#include <mm/page_alloc.h>
#include <mm/pageblock-flags.h>
#include <mm/vmstat.h>
#include "test_alloc.h"

static void test_grouping_on(struct ktest *t)
{
	unsigned long need = pageblock_nr_pages * MIGRATE_TYPES;

	if (mobility_grouping_off)
		ktest_skip_case(t, "booted with mobility_grouping=off");
	if (vm_total_pages < need)
		ktest_skip_case(t, "vm_total_pages %lu < pageblock_nr_pages * MIGRATE_TYPES = %lu: Linux turns grouping off",
				vm_total_pages, need);
	KTEST_EXPECT_EQ(t, page_group_by_mobility_disabled, 0);
}

static void test_gfp_migratetype(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, gfp_migratetype(GFP_KERNEL), MIGRATE_UNMOVABLE);
	KTEST_EXPECT_EQ(t, gfp_migratetype(GFP_ATOMIC), MIGRATE_UNMOVABLE);
	KTEST_EXPECT_EQ(t, gfp_migratetype(GFP_HIGHUSER_MOVABLE), MIGRATE_MOVABLE);
	KTEST_EXPECT_EQ(t, gfp_migratetype(GFP_KERNEL | __GFP_RECLAIMABLE), MIGRATE_RECLAIMABLE);
}

/* A free area with one fake block on each list named in @mask (bit = migratetype). */
static void fake_area(struct free_area *area, struct page *pages, unsigned int mask)
{
	area->nr_free = 0;
	for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
		INIT_LIST_HEAD(&area->free_list[mt]);
		if (mask & (1u << mt)) {
			list_add(&pages[mt].lru, &area->free_list[mt]);
			area->nr_free++;
		}
	}
}

/* Linux's fallbacks[] order and can_steal_fallback(), on free areas built by hand. */
static void test_fallback_table(struct ktest *t)
{
	struct page pages[MIGRATE_TYPES];
	struct free_area area;
	bool steal;
	const unsigned int U = 1u << MIGRATE_UNMOVABLE, M = 1u << MIGRATE_MOVABLE,
			   R = 1u << MIGRATE_RECLAIMABLE, H = 1u << MIGRATE_HIGHATOMIC,
			   I = 1u << MIGRATE_ISOLATE;

	if (page_group_by_mobility_disabled)
		ktest_skip_case(t, "mobility grouping is off: every fallback may steal");
	memset(pages, 0, sizeof(pages));
	/* Reclaimable before movable for unmovable allocations; always may steal. */
	fake_area(&area, pages, M | R);
	KTEST_EXPECT_EQ(t, find_suitable_fallback(&area, 0, MIGRATE_UNMOVABLE, false, &steal),
			MIGRATE_RECLAIMABLE);
	KTEST_EXPECT_TRUE(t, steal);
	fake_area(&area, pages, M);
	KTEST_EXPECT_EQ(t, find_suitable_fallback(&area, 0, MIGRATE_UNMOVABLE, false, &steal),
			MIGRATE_MOVABLE);
	KTEST_EXPECT_TRUE(t, steal);
	/* Movable: reclaimable first, then unmovable; small orders may not claim the block. */
	fake_area(&area, pages, U | R);
	KTEST_EXPECT_EQ(t, find_suitable_fallback(&area, 0, MIGRATE_MOVABLE, false, &steal),
			MIGRATE_RECLAIMABLE);
	KTEST_EXPECT_FALSE(t, steal);
	fake_area(&area, pages, U);
	KTEST_EXPECT_EQ(t, find_suitable_fallback(&area, pageblock_order / 2 - 1, MIGRATE_MOVABLE,
						  false, &steal), MIGRATE_UNMOVABLE);
	KTEST_EXPECT_FALSE(t, steal);
	KTEST_EXPECT_EQ(t, find_suitable_fallback(&area, pageblock_order / 2 - 1, MIGRATE_MOVABLE,
						  true, &steal), -1);
	KTEST_EXPECT_EQ(t, find_suitable_fallback(&area, pageblock_order / 2, MIGRATE_MOVABLE,
						  false, &steal), MIGRATE_UNMOVABLE);
	KTEST_EXPECT_TRUE(t, steal);
	/* Reclaimable: unmovable first. */
	fake_area(&area, pages, U | M);
	KTEST_EXPECT_EQ(t, find_suitable_fallback(&area, 0, MIGRATE_RECLAIMABLE, false, &steal),
			MIGRATE_UNMOVABLE);
	/* Highatomic and isolated blocks are nobody's fallback. */
	fake_area(&area, pages, H | I);
	for (int mt = 0; mt < MIGRATE_PCPTYPES; mt++)
		KTEST_EXPECT_EQ(t, find_suitable_fallback(&area, 0, mt, false, &steal), -1);
}

/* Pageblocks of type @mt on every zone of every node. */
static unsigned long blocks_of_type(int mt)
{
	unsigned long n = 0, count[MIGRATE_TYPES];
	struct zone *zone;

	for_each_populated_zone(zone) {
		zone_pageblock_counts(zone, count);
		n += count[mt];
	}
	return n;
}

static bool zone_has_free_type(struct zone *zone, int mt, unsigned int min_order)
{
	unsigned long flags;
	bool any = false;

	spin_lock_irqsave(&zone->lock, flags);
	for (unsigned int o = min_order; o < NR_PAGE_ORDERS; o++)
		any |= !free_area_empty(&zone->free_area[o], mt);
	spin_unlock_irqrestore(&zone->lock, flags);
	return any;
}

/*
 * Reclaimable allocations (nothing else in numabuddy asks for them): the
 * first one falls back and claims a whole pageblock for its type; the next
 * ones come from that block, without another fallback. The blocks stay
 * Reclaimable after the pages are freed, so pagetypeinfo shows a second
 * type in use.
 */
static void test_steal_whole_block(struct ktest *t)
{
	const gfp_t gfp = GFP_KERNEL | __GFP_RECLAIMABLE;
	unsigned long fallbacks, claimed, before_blocks = blocks_of_type(MIGRATE_RECLAIMABLE);
	struct page *first, *more[8];
	struct zone *zone;

	if (page_group_by_mobility_disabled)
		ktest_skip_case(t, "mobility grouping is off");
	drain_all_pages(NULL);
	fallbacks = extfrag_events.fallback;
	claimed = extfrag_events.change_ownership;
	first = alloc_pages(gfp, 0);
	KTEST_ASSERT_NOT_NULL(t, first);
	zone = page_zone(first);
	KTEST_EXPECT_EQ(t, get_pageblock_migratetype(first), MIGRATE_RECLAIMABLE);
	/* The first Reclaimable allocation of the boot falls back and claims its block. */
	if (!before_blocks) {
		KTEST_EXPECT_GT(t, extfrag_events.fallback, fallbacks);
		KTEST_EXPECT_GT(t, extfrag_events.change_ownership, claimed);
	}
	fallbacks = extfrag_events.fallback;
	/* The per-cpu list took a batch from the claimed block: no fallback for these. */
	for (unsigned int i = 0; i < ARRAY_SIZE(more); i++) {
		more[i] = alloc_pages(gfp, 0);
		KTEST_ASSERT_NOT_NULL(t, more[i]);
		KTEST_EXPECT_EQ(t, get_pageblock_migratetype(more[i]), MIGRATE_RECLAIMABLE);
	}
	KTEST_EXPECT_EQ(t, extfrag_events.fallback, fallbacks);
	KTEST_EXPECT_GT(t, blocks_of_type(MIGRATE_RECLAIMABLE), before_blocks);
	for (unsigned int i = 0; i < ARRAY_SIZE(more); i++)
		__free_pages(more[i], 0);
	__free_pages(first, 0);
	drain_all_pages(NULL);
	/* Freed pages go home to their block's list. */
	KTEST_EXPECT_TRUE(t, zone_has_free_type(zone, MIGRATE_RECLAIMABLE, 0));
	KTEST_EXPECT_GE(t, blocks_of_type(MIGRATE_RECLAIMABLE), 1);
	KTEST_EXPECT_EQ(t, validate_free_lists(10), 0);
}

/* The acceptance check: pagetypeinfo shows at least two types in use. */
static void test_pagetypes_in_use(struct ktest *t)
{
	unsigned long types = 0;

	for (int mt = 0; mt < MIGRATE_TYPES; mt++)
		if (blocks_of_type(mt))
			types++;
	ktest_info(t, "%lu migratetypes have pageblocks (Unmovable %lu, Movable %lu, Reclaimable %lu)",
		   types, blocks_of_type(MIGRATE_UNMOVABLE), blocks_of_type(MIGRATE_MOVABLE),
		   blocks_of_type(MIGRATE_RECLAIMABLE));
	if (page_group_by_mobility_disabled)
		ktest_skip_case(t, "mobility grouping is off");
	KTEST_EXPECT_GE(t, types, 2);
}

static const struct ktest_case mobility_cases[] = {
	KTEST_CASE(test_grouping_on),
	KTEST_CASE(test_gfp_migratetype),
	KTEST_CASE(test_fallback_table),
	KTEST_CASE(test_steal_whole_block),
	KTEST_CASE(test_pagetypes_in_use),
	{}
};
KTEST_SUITE(mobility, mobility_cases);

/* ---- highatomic reserves ------------------------------------------------ */

static bool zone_free_on_list(struct zone *zone, int mt)
{
	return zone_has_free_type(zone, mt, 0);
}

static void test_highatomic_reserve(struct ktest *t)
{
	unsigned long node_free;
	/* The local node may have no memory: use the one with the most in GFP_ATOMIC's zones. */
	const int nid = node_with_most_free(GFP_ATOMIC, &node_free);
	pg_data_t *pgdat;
	unsigned long saved[MAX_NR_ZONES][NR_WMARK];
	unsigned long reserved_before;
	struct page *page;
	struct zone *zone;

	if (nid == NUMA_NO_NODE)
		ktest_skip_case(t, "no node has free memory in the zones GFP_ATOMIC reaches");
	pgdat = NODE_DATA(nid);
	drain_all_pages(NULL);
	/*
	 * ALLOC_HARDER applies only past the first pass at the low watermark:
	 * raise the node's low and high watermarks out of reach (min stays),
	 * as a zone under pressure would have them.
	 */
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		struct zone *zn = &pgdat->node_zones[z];

		memcpy(saved[z], zn->_watermark, sizeof(saved[z]));
		if (populated_zone(zn))
			zn->_watermark[WMARK_LOW] = zn->_watermark[WMARK_HIGH] = zn->managed_pages * 2;
	}
	page = alloc_pages_node(nid, GFP_ATOMIC | __GFP_THISNODE | __GFP_NOWARN, 2);
	if (!page) {
		for (int z = 0; z < MAX_NR_ZONES; z++)
			memcpy(pgdat->node_zones[z]._watermark, saved[z], sizeof(saved[z]));
		KTEST_EXPECT_NOT_NULL(t, page);
		return;
	}
	zone = page_zone(page);
	reserved_before = zone->nr_reserved_highatomic;
	KTEST_EXPECT_EQ(t, get_pageblock_migratetype(page), MIGRATE_HIGHATOMIC);
	KTEST_EXPECT_GE(t, reserved_before, pageblock_nr_pages);
	KTEST_EXPECT_LE(t, reserved_before, zone->managed_pages / 100 + pageblock_nr_pages);
	/* The reserve is kept from ordinary allocations: the watermark check discounts it. */
	KTEST_EXPECT_TRUE(t, zone_free_on_list(zone, MIGRATE_HIGHATOMIC));
	__free_pages(page, 2);
	drain_all_pages(NULL);
	KTEST_EXPECT_TRUE(t, zone_free_on_list(zone, MIGRATE_HIGHATOMIC));
	KTEST_EXPECT_EQ(t, validate_free_lists(10), 0);

	for (int z = 0; z < MAX_NR_ZONES; z++)
		memcpy(pgdat->node_zones[z]._watermark, saved[z], sizeof(saved[z]));

	/* Without force a zone keeps its last reserved pageblock. */
	if (reserved_before == pageblock_nr_pages)
		KTEST_EXPECT_FALSE(t, unreserve_highatomic_pageblock(nid, GFP_KERNEL | __GFP_THISNODE, false));
	/* With force, every reserve goes back, one pageblock per call. */
	while (zone->nr_reserved_highatomic &&
	       unreserve_highatomic_pageblock(nid, GFP_KERNEL | __GFP_THISNODE, true))
		;
	KTEST_EXPECT_EQ(t, zone->nr_reserved_highatomic, 0);
	KTEST_EXPECT_FALSE(t, zone_free_on_list(zone, MIGRATE_HIGHATOMIC));
	KTEST_EXPECT_EQ(t, get_pageblock_migratetype(page), MIGRATE_UNMOVABLE);
	KTEST_EXPECT_EQ(t, validate_free_lists(10), 0);
	ktest_info(t, "node %d zone %s: reserved %lu pages, all given back", zone->node, zone->name,
		   reserved_before);
}

static const struct ktest_case highatomic_cases[] = {
	KTEST_CASE(test_highatomic_reserve),
	{}
};
KTEST_SUITE(mobility_highatomic, highatomic_cases);
