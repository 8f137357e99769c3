// SPDX-License-Identifier: GPL-2.0-only
/*
 * Movable pages, migration and compaction on the live machine:
 *  migration   pages of the in-tree owner (mm/movable_owner.c) migrate to
 *              new pages with their contents intact and the owner's table
 *              updated; isolation is refused while a page is pinned; a
 *              failed target allocation puts the pages back unmoved; no
 *              page is lost (free counts back exactly);
 *  compaction  a zone fragmented on purpose by movable pages (every other
 *              page of a range freed) is compacted: pages move up, an
 *              order-9 block becomes free, the contents stay intact, and
 *              Linux's deferral arithmetic;
 *  alloc_contig  alloc_contig_range() over a MAX_ORDER range holding owner
 *              pages: refused (-EBUSY, nothing lost) while one is pinned,
 *              then the pages migrate out and the range is the caller's;
 *              bad ranges are refused with -EINVAL.
 */
#include <kernel/errno.h>
#include <kernel/ktest.h>
#include <kernel/printk.h>
#include <lib/printf.h>
#include <lib/string.h>
#include <mm/compaction.h>
#include <mm/gfp.h>
#include <mm/memory_model.h>
#include <mm/migrate.h>
#include <mm/movable_owner.h>
#include <mm/numa.h>
#include <mm/page_alloc.h>
#include <mm/pageblock-flags.h>
#include <mm/pfn_walk.h>
#include <mm/vmstat.h>
#include "test_alloc.h"

#define OWNER_CAP	4096
static struct page *owner_pages[OWNER_CAP];
static u32 owner_gen[OWNER_CAP];
static u8 owner_pinned[OWNER_CAP];
static struct movable_owner owner;

static struct page *new_page_local(struct page *page, unsigned long nid)
{
	(void)page;
	return alloc_pages_node((int)nid, GFP_HIGHUSER_MOVABLE | __GFP_THISNODE | __GFP_NOWARN, 0);
}

static struct page *new_page_none(struct page *page, unsigned long data)
{
	(void)page;
	(void)data;
	return NULL;
}

static void test_migrate_pages(struct ktest *t)
{
	const unsigned long n = 64;
	unsigned long before = total_free_pages(), node_free;
	/* Targets from one node: the one with room for them (the local one may have none). */
	const int nid = node_with_most_free(GFP_HIGHUSER_MOVABLE, &node_free);
	struct page *old[64];
	unsigned int ok = 0;
	LIST_HEAD(list);
	int failed;

	if (nid == NUMA_NO_NODE || node_free < 2 * n)
		ktest_skip_case(t, "no node has %lu free movable pages for the targets (most: %lu)", 2 * n,
				node_free);
	movable_owner_init(&owner, owner_pages, owner_gen, owner_pinned, OWNER_CAP);
	for (unsigned long i = 0; i < n; i++)
		KTEST_ASSERT_EQ(t, movable_owner_alloc(&owner, GFP_HIGHUSER_MOVABLE, NUMA_NO_NODE), (long)i);
	/* Pinned: the owner refuses. */
	owner_pinned[3] = 1;
	KTEST_EXPECT_NE(t, isolate_movable_page(owner_pages[3], 0), 0);
	KTEST_EXPECT_EQ(t, owner.refused, 1);
	KTEST_EXPECT_FALSE(t, PageIsolated(owner_pages[3]));
	owner_pinned[3] = 0;
	/* A free or unregistered page is nobody's to isolate. */
	for (unsigned long i = 0; i < n; i++) {
		old[i] = owner_pages[i];
		KTEST_ASSERT_EQ(t, isolate_movable_page(owner_pages[i], 0), 0);
		KTEST_EXPECT_TRUE(t, PageIsolated(owner_pages[i]));
		list_add_tail(&owner_pages[i]->lru, &list);
	}
	KTEST_EXPECT_NE(t, isolate_movable_page(owner_pages[0], 0), 0);	/* already isolated */
	failed = migrate_pages(&list, new_page_local, NULL, (unsigned long)nid, MIGRATE_SYNC, &ok);
	KTEST_EXPECT_EQ(t, failed, 0);
	KTEST_EXPECT_EQ(t, ok, n);
	KTEST_EXPECT_TRUE(t, list_empty(&list));
	KTEST_EXPECT_EQ(t, owner.moves, n);
	for (unsigned long i = 0; i < n; i++) {
		KTEST_EXPECT_TRUE(t, owner_pages[i] != old[i]);		/* the table follows the move */
		KTEST_EXPECT_TRUE(t, __PageMovable(owner_pages[i]));
		KTEST_EXPECT_FALSE(t, PageIsolated(owner_pages[i]));
		KTEST_EXPECT_EQ(t, page_count(owner_pages[i]), 1);
	}
	KTEST_EXPECT_EQ(t, movable_owner_verify(&owner), 0);

	/* No target: everything goes back unmoved. */
	for (unsigned long i = 0; i < 8; i++) {
		old[i] = owner_pages[i];
		KTEST_ASSERT_EQ(t, isolate_movable_page(owner_pages[i], 0), 0);
		list_add_tail(&owner_pages[i]->lru, &list);
	}
	failed = migrate_pages(&list, new_page_none, NULL, 0, MIGRATE_SYNC, &ok);
	KTEST_EXPECT_EQ(t, failed, 8);
	KTEST_EXPECT_EQ(t, ok, 0);
	for (unsigned long i = 0; i < 8; i++) {
		KTEST_EXPECT_TRUE(t, owner_pages[i] == old[i]);
		KTEST_EXPECT_FALSE(t, PageIsolated(owner_pages[i]));
		KTEST_EXPECT_EQ(t, page_count(owner_pages[i]), 1);
	}
	KTEST_EXPECT_EQ(t, movable_owner_verify(&owner), 0);
	movable_owner_free_all(&owner);
	drain_all_pages(NULL);
	KTEST_EXPECT_EQ(t, owner.bad_patterns, 0);
	KTEST_EXPECT_EQ(t, total_free_pages(), before);
	KTEST_EXPECT_EQ(t, validate_free_lists(10), 0);
}

static const struct ktest_case migration_cases[] = {
	KTEST_CASE(test_migrate_pages),
	{}
};
KTEST_SUITE(migration, migration_cases);

/* Free pages of @zone in blocks of @order or more. */
static unsigned long zone_blocks_at_least(struct zone *zone, unsigned int order)
{
	unsigned long n = 0, flags;

	spin_lock_irqsave(&zone->lock, flags);
	for (unsigned int o = order; o < NR_PAGE_ORDERS; o++)
		n += zone->free_area[o].nr_free << (o - order);
	spin_unlock_irqrestore(&zone->lock, flags);
	return n;
}

/*
 * Build a state in which compaction must make a new order-9 block on any
 * machine: on the node with the most movable memory, hold every free
 * order-9 block of its first zone (movable, so the pageblocks stay
 * movable) and every remaining free page of the node, then give back
 * COMPACT_BLOCKS of the held blocks (whole pageblocks inside the zone)
 * and fill them with owner pages; free the owner pages on even pfns.
 * Every block then is half owner pages, with no free order-1 buddy in
 * it, and the free pages above the lowest block (its own count of holes
 * times COMPACT_BLOCKS - 1) can take all of its pages: compaction must
 * empty it. A zone with fewer than two such blocks cannot show this.
 */
#define COMPACT_BLOCKS	4

static bool pfn_in_blocks(unsigned long pfn, const unsigned long *block, unsigned int nr)
{
	for (unsigned int i = 0; i < nr; i++)
		if (pfn >= block[i] && pfn < block[i] + pageblock_nr_pages)
			return true;
	return false;
}

static void test_compact_zone(struct ktest *t)
{
	unsigned long before = total_free_pages(), moved, node_free, block[COMPACT_BLOCKS];
	const int nid = node_with_most_free(GFP_HIGHUSER_MOVABLE, &node_free);
	const gfp_t gfp = GFP_HIGHUSER_MOVABLE | __GFP_THISNODE | __GFP_NOWARN;
	unsigned int nr_blocks = 0, nr_held = 0;
	unsigned long in_blocks = 0;
	struct zone *zone = NULL;
	LIST_HEAD(held);
	LIST_HEAD(rest);

	if (!compaction_enabled)
		ktest_skip_case(t, "booted with compaction=off");
	if (nid == NUMA_NO_NODE)
		ktest_skip_case(t, "no node has free movable memory");
	movable_owner_init(&owner, owner_pages, owner_gen, owner_pinned, OWNER_CAP);
	{
		struct page *p = alloc_pages_node(nid, gfp, 0);

		KTEST_ASSERT_NOT_NULL(t, p);
		zone = page_zone(p);
		__free_pages(p, 0);
	}
	drain_all_pages(NULL);
	/* The zone's order-9 blocks, then everything else the node has free. */
	for (;;) {
		struct page *p = alloc_pages_node(nid, gfp, 9);

		if (!p)
			break;
		p->private = 9;
		list_add_tail(&p->lru, page_zone(p) == zone ? &held : &rest);
		if (page_zone(p) != zone)
			break;
		nr_held++;
	}
	grab_all(&rest, nid, gfp);
	drain_all_pages(NULL);
	if (nr_held < 2) {
		release_all(&held);
		release_all(&rest);
		drain_all_pages(NULL);
		ktest_skip_case(t, "node %d zone %s (%lu free pages on the node) has %u free order-9 blocks: at least 2 are needed",
				nid, zone->name, node_free, nr_held);
	}
	/* Give back the target blocks; owner pages fill them. */
	while (nr_blocks < COMPACT_BLOCKS && nr_blocks < nr_held) {
		struct page *p = list_first_entry(&held, struct page, lru);

		list_del(&p->lru);
		p->private = 0;
		block[nr_blocks++] = page_to_pfn(p);
		__free_pages(p, 9);
	}
	drain_all_pages(NULL);
	while (owner.nr < OWNER_CAP && movable_owner_alloc(&owner, gfp, nid) >= 0)
		;
	/* Owner pages outside the blocks and on even pfns go back. */
	for (unsigned long s = 0; s < owner.nr; s++) {
		unsigned long pfn = page_to_pfn(owner_pages[s]);

		if (!pfn_in_blocks(pfn, block, nr_blocks) || !(pfn & 1))
			movable_owner_free(&owner, s);
		else
			in_blocks++;
	}
	drain_all_pages(NULL);
	ktest_info(t, "node %d zone %s: %u blocks of %lu pages, %lu owner pages in them, %lu order-9 blocks free before compaction",
		   zone->node, zone->name, nr_blocks, pageblock_nr_pages, in_blocks, zone_blocks_at_least(zone, 9));
	KTEST_EXPECT_GT(t, in_blocks, 0);
	{
		unsigned long blocks_before = zone_blocks_at_least(zone, 9);
		enum compact_result r = compact_zone(zone, -1);

		moved = compact_stats.migrated;
		ktest_info(t, "compact_zone: result %d, scanned %lu/%lu, migrated %lu, failed %lu, order-9 blocks %lu -> %lu",
			   (int)r, compact_stats.migrate_scanned, compact_stats.free_scanned, moved,
			   compact_stats.failed, blocks_before, zone_blocks_at_least(zone, 9));
		KTEST_EXPECT_GT(t, moved, 0);
		KTEST_EXPECT_GT(t, zone_blocks_at_least(zone, 9), blocks_before);
	}
	KTEST_EXPECT_EQ(t, movable_owner_verify(&owner), 0);
	KTEST_EXPECT_EQ(t, owner.bad_patterns, 0);
	KTEST_EXPECT_EQ(t, validate_free_lists(10), 0);
	movable_owner_free_all(&owner);
	release_all(&held);
	release_all(&rest);
	drain_all_pages(NULL);
	KTEST_EXPECT_EQ(t, total_free_pages(), before);
	KTEST_EXPECT_EQ(t, validate_free_lists(10), 0);
}

/* Linux's deferral arithmetic. */
static void test_deferral(struct ktest *t)
{
	struct zone z;

	memset(&z, 0, sizeof(z));
	KTEST_EXPECT_FALSE(t, compaction_deferred(&z, 9));
	defer_compaction(&z, 9);
	KTEST_EXPECT_EQ(t, z.compact_defer_shift, 1);
	KTEST_EXPECT_EQ(t, z.compact_order_failed, 0);	/* only lowered */
	z.compact_order_failed = 9;
	defer_compaction(&z, 9);
	KTEST_EXPECT_TRUE(t, compaction_deferred(&z, 9));	/* 1 of 4 */
	KTEST_EXPECT_TRUE(t, compaction_deferred(&z, 9));
	KTEST_EXPECT_TRUE(t, compaction_deferred(&z, 9));
	KTEST_EXPECT_FALSE(t, compaction_deferred(&z, 9));	/* the 4th try goes ahead */
	KTEST_EXPECT_FALSE(t, compaction_deferred(&z, 8));	/* below the failed order */
	for (int i = 0; i < 10; i++)
		defer_compaction(&z, 9);
	KTEST_EXPECT_EQ(t, z.compact_defer_shift, COMPACT_MAX_DEFER_SHIFT);
	compaction_defer_reset(&z, 9, true);
	KTEST_EXPECT_EQ(t, z.compact_defer_shift, 0);
	KTEST_EXPECT_EQ(t, z.compact_order_failed, 10);
}

/*
 * compact= parsing (mm/compaction.c): 1/all, 0, nodeN lists; bad values
 * refused whole with the reason. If the boot had compact=, the nodes it
 * compacted each logged their counts.
 */
static void test_compact_param(struct ktest *t)
{
	const nodemask_t memory = numa_nodes_with_memory();
	const int first = first_node(memory);
	int none = first_unset_node(memory);
	static const char *const bad[] = { "", "bogus", "node", "node1x", "node-1", "2", "all,node0",
					   "node99999999999999999999" };
	char val[48], line[48];
	nodemask_t m;
	u64 mark;

	KTEST_ASSERT_GE(t, first, 0);
	KTEST_EXPECT_EQ(t, compact_param_parse("all", &m), 0);
	KTEST_EXPECT_TRUE(t, nodes_equal(m, memory));
	KTEST_EXPECT_EQ(t, compact_param_parse("1", &m), 0);
	KTEST_EXPECT_TRUE(t, nodes_equal(m, memory));
	KTEST_EXPECT_EQ(t, compact_param_parse("0", &m), 0);
	KTEST_EXPECT_TRUE(t, nodes_empty(m));
	snprintf(val, sizeof(val), "node%d,,node%d,", first, first);
	KTEST_EXPECT_EQ(t, compact_param_parse(val, &m), 0);
	KTEST_EXPECT_EQ(t, first_node(m), first);
	KTEST_EXPECT_EQ(t, last_node(m), first);
	for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++) {
		mark = printk_log_mark();
		console_suppress++;
		KTEST_EXPECT_EQ(t, compact_param_parse(bad[i], &m), -EINVAL);
		console_suppress--;
		KTEST_EXPECT_TRUE(t, nodes_empty(m));
		KTEST_EXPECT_LOG(t, mark, "expected 1, all, 0 or nodeN[,nodeN...]; nothing is compacted");
	}
	if (none < 0 || none >= MAX_NUMNODES)
		none = MAX_NUMNODES;
	snprintf(val, sizeof(val), "node%d,node%d", first, none);
	mark = printk_log_mark();
	console_suppress++;
	KTEST_EXPECT_EQ(t, compact_param_parse(val, &m), -EINVAL);
	console_suppress--;
	KTEST_EXPECT_TRUE(t, nodes_empty(m));
	snprintf(line, sizeof(line), "compact: node %d has no memory", none);
	KTEST_EXPECT_LOG(t, mark, line);
	for (int nid = 0; nid < MAX_NUMNODES; nid++) {
		if (!node_isset(nid, compact_boot_done))
			continue;
		snprintf(line, sizeof(line), "compact: node %d: compact_migrate_scanned ", nid);
		KTEST_EXPECT_LOG(t, 0, line);
		ktest_info(t, "compact= compacted node %d at the end of boot", nid);
	}
}

static const struct ktest_case compaction_cases[] = {
	KTEST_CASE(test_compact_param),
	KTEST_CASE(test_deferral),
	KTEST_CASE(test_compact_zone),
	{}
};
KTEST_SUITE(compaction, compaction_cases);

/* ---- alloc_contig_range ------------------------------------------------- */

static unsigned long owner_pages_in(unsigned long start, unsigned long end, long *first)
{
	unsigned long n = 0;

	*first = -1;
	for (unsigned long s = 0; s < owner.nr; s++) {
		unsigned long pfn;

		if (!owner_pages[s])
			continue;
		pfn = page_to_pfn(owner_pages[s]);
		if (pfn >= start && pfn < end) {
			if (*first < 0)
				*first = (long)s;
			n++;
		}
	}
	return n;
}

/* Every owner page intact, then all freed: the free count is @before again. */
static void contig_release_owner(struct ktest *t, unsigned long before)
{
	KTEST_EXPECT_EQ(t, movable_owner_verify(&owner), 0);
	KTEST_EXPECT_EQ(t, owner.bad_patterns, 0);
	movable_owner_free_all(&owner);
	drain_all_pages(NULL);
	KTEST_EXPECT_EQ(t, total_free_pages(), before);
	KTEST_EXPECT_EQ(t, validate_free_lists(10), 0);
}

static void test_alloc_contig_range(struct ktest *t)
{
	const unsigned long nr = MAX_ORDER_NR_PAGES;
	unsigned long before = total_free_pages(), start, end, inside, node_free;
	const int nid = node_with_most_free(GFP_HIGHUSER_MOVABLE, &node_free);
	struct page *p;
	long pinned_slot;
	int rc;

	if (nid == NUMA_NO_NODE)
		ktest_skip_case(t, "no node has free movable memory");
	movable_owner_init(&owner, owner_pages, owner_gen, owner_pinned, OWNER_CAP);
	/* A free MAX_ORDER range, split and freed page by page, so that owner pages land in it. */
	p = alloc_pages_node(nid, GFP_HIGHUSER_MOVABLE | __GFP_THISNODE | __GFP_NOWARN, MAX_PAGE_ORDER);
	if (!p)
		ktest_skip_case(t, "node %d has no free order-%d block", nid, MAX_PAGE_ORDER);
	start = page_to_pfn(p);
	end = start + nr;
	for (unsigned long i = 0; i < nr; i++) {
		p[i]._refcount = 1;
		__free_pages(p + i, 0);
	}
	for (unsigned long i = 0; i < nr / 2; i++)
		KTEST_ASSERT_GE(t, movable_owner_alloc(&owner, GFP_HIGHUSER_MOVABLE | __GFP_THISNODE, nid), 0);
	inside = owner_pages_in(start, end, &pinned_slot);
	ktest_info(t, "range [%#lx, %#lx): %lu owner pages inside", start, end, inside);
	if (!inside) {
		movable_owner_free_all(&owner);
		ktest_skip_case(t, "no owner page landed in the range");
	}
	KTEST_EXPECT_EQ(t, alloc_contig_range(start + 1, end, MIGRATE_MOVABLE, GFP_HIGHUSER_MOVABLE), -EINVAL);
	if (holes_in_zone) {
		/* Refused by design (a hole's struct page is not initialised): nothing taken, nothing lost. */
		KTEST_EXPECT_EQ(t, alloc_contig_range(start, end, MIGRATE_MOVABLE, GFP_HIGHUSER_MOVABLE), -EINVAL);
		KTEST_EXPECT_EQ(t, owner_pages_in(start, end, &(long){ 0 }), inside);
		contig_release_owner(t, before);
		ktest_skip_case(t, "booted with holes_in_zone=1: alloc_contig_range() refuses every range (-EINVAL checked); range [%#lx, %#lx) held %lu owner pages",
				start, end, inside);
	}

	/* Pinned: refused, nothing taken, nothing lost. */
	owner_pinned[pinned_slot] = 1;
	rc = alloc_contig_range(start, end, MIGRATE_MOVABLE, GFP_HIGHUSER_MOVABLE);
	KTEST_EXPECT_EQ(t, rc, -EBUSY);
	KTEST_EXPECT_GE(t, owner_pages_in(start, end, &(long){ 0 }), 1);
	KTEST_EXPECT_EQ(t, movable_owner_verify(&owner), 0);
	KTEST_EXPECT_EQ(t, validate_free_lists(10), 0);
	owner_pinned[pinned_slot] = 0;

	rc = alloc_contig_range(start, end, MIGRATE_MOVABLE, GFP_HIGHUSER_MOVABLE);
	KTEST_EXPECT_EQ(t, rc, 0);
	if (!rc) {
		unsigned long bad = 0;

		KTEST_EXPECT_EQ(t, owner_pages_in(start, end, &(long){ 0 }), 0);
		for (unsigned long pfn = start; pfn < end; pfn++) {
			struct page *q = pfn_to_page(pfn);

			bad += PageBuddy(q) || q->_refcount || (__PageMovable(q) || PageIsolated(q));
		}
		KTEST_EXPECT_EQ(t, bad, 0);
		KTEST_EXPECT_EQ(t, validate_free_lists(10), 0);
		free_contig_range(start, nr);
	}
	contig_release_owner(t, before);
}

static const struct ktest_case alloc_contig_cases[] = {
	KTEST_CASE(test_alloc_contig_range),
	{}
};
KTEST_SUITE(alloc_contig, alloc_contig_cases);
