// SPDX-License-Identifier: GPL-2.0-only
/*
 * The bulk API (alloc_pages_bulk_array(), alloc_pages_bulk_list(),
 * free_pages_bulk()) on the live machine: holes filled and set entries
 * kept, the counts returned, every counter exact after an alloc+free
 * round trip, node and zone limits, and the single-page fallback when the
 * per-cpu fast path cannot serve.
 */
#include <kernel/ktest.h>
#include <kernel/printk.h>
#include <lib/string.h>
#include <lib/printf.h>
#include <arch/smp.h>
#include <mm/gfp.h>
#include <mm/memory_model.h>
#include <mm/page_alloc.h>
#include <mm/vmstat.h>
#include "test_alloc.h"

#define BULK_MAX	256	/* the largest array the tests use */

static struct page *bulk_array[BULK_MAX];

/* Every entry of @a[0..n) set, distinct, order 0 and allocated (refcount 1, off the lists). */
static unsigned long bulk_bad_entries(struct page **a, unsigned long n)
{
	unsigned long bad = 0;

	for (unsigned long i = 0; i < n; i++) {
		if (!a[i] || a[i]->_refcount != 1 || PageBuddy(a[i]) || PageHead(a[i])) {
			bad++;
			continue;
		}
		for (unsigned long j = 0; j < i; j++)
			bad += a[j] == a[i];
	}
	return bad;
}

/* Pages on this CPU's lists of @zone, counted on the lists (pcp->count must agree). */
static long pcp_list_pages(struct zone *zone)
{
	struct per_cpu_pages *pcp = this_cpu_ptr(zone->per_cpu_pageset);
	long n = 0;

	for (int i = 0; i < NR_PCP_LISTS; i++) {
		struct list_head *pos;

		list_for_each(pos, &pcp->lists[i])
			n += 1L << pindex_to_order(i);
	}
	return n;
}

/*
 * Why the bulk path cannot serve @nr pages of @gfp for @nid, with the
 * numbers, or NULL if it can. The rule is __alloc_pages_bulk()'s (Linux
 * 6.1's): the first zone of @nid's zonelist that @gfp may use, or a later
 * one of the same node, above its low watermark plus @nr; a remote zone
 * first means one page through the single-page path (a CPU on a node of
 * 1 MiB, machine node-1m-0).
 */
static const char *bulk_unserved(int nid, gfp_t gfp, unsigned long nr)
{
	static char why[200];
	const int highest = gfp_zone(gfp);
	int first_nid = NUMA_NO_NODE;

	for (const struct zoneref *z = node_zonelist(nid, gfp)->_zonerefs; z->zone; z++) {
		struct zone *zone = z->zone;

		if (z->zone_idx > highest)
			continue;
		if (first_nid == NUMA_NO_NODE)
			first_nid = zone->node;
		if (zone->node != first_nid)
			break;
		if (zone_watermark_ok(zone, 0, low_wmark_pages(zone) + nr, highest, gfp & __GFP_HIGH))
			return NULL;
		snprintf(why, sizeof(why), "node %d zone %s: %lu free pages, below its low watermark %lu + %lu",
			 zone->node, zone->name, zone_page_state(zone, NR_FREE_PAGES),
			 low_wmark_pages(zone), nr);
	}
	if (first_nid == NUMA_NO_NODE)
		snprintf(why, sizeof(why), "node %d has no zone for gfp %#x", nid, gfp);
	else if (first_nid != nid)
		snprintf(why, sizeof(why), "node %d's first zone for gfp %#x is on node %d",
			 nid, gfp, first_nid);
	return why;
}

/* The cases that need the bulk path itself skip where this CPU's node cannot give it. */
#define BULK_NEEDS_LOCAL(t, gfp, nr) do {						\
	const char *__why = bulk_unserved(numa_mem_id(), (gfp), (nr));			\
	if (__why)									\
		ktest_skip_case(t, "the bulk path cannot serve this CPU (%s): one page at a time, as Linux", __why); \
} while (0)

static void test_bulk_array_holes(struct ktest *t)
{
	BULK_NEEDS_LOCAL(t, GFP_KERNEL, 64);
	const unsigned long nr = 64, before = total_free_pages();
	struct page *kept[3];
	const unsigned long at[3] = { 0, 17, 63 };

	memset(bulk_array, 0, sizeof(bulk_array));
	for (int i = 0; i < 3; i++) {
		kept[i] = alloc_pages(GFP_KERNEL, 0);
		KTEST_ASSERT_NOT_NULL(t, kept[i]);
		bulk_array[at[i]] = kept[i];
	}
	KTEST_EXPECT_EQ(t, alloc_pages_bulk_array(GFP_KERNEL, nr, bulk_array), nr);
	for (int i = 0; i < 3; i++)
		KTEST_EXPECT_TRUE(t, bulk_array[at[i]] == kept[i]);
	KTEST_EXPECT_EQ(t, bulk_bad_entries(bulk_array, nr), 0);
	KTEST_EXPECT_NULL(t, bulk_array[nr]);		/* nothing past @nr */
	KTEST_EXPECT_EQ(t, total_free_pages(), before - nr);
	/* A full array: nothing taken, the count returned. */
	KTEST_EXPECT_EQ(t, alloc_pages_bulk_array(GFP_KERNEL, nr, bulk_array), nr);
	KTEST_EXPECT_EQ(t, total_free_pages(), before - nr);
	/* A shorter count over the same array: only the first entries are looked at. */
	KTEST_EXPECT_EQ(t, alloc_pages_bulk_array(GFP_KERNEL, 10, bulk_array), 10);
	/* One hole: filled through the single-page path. */
	__free_pages(bulk_array[40], 0);
	bulk_array[40] = NULL;
	KTEST_EXPECT_EQ(t, alloc_pages_bulk_array(GFP_KERNEL, nr, bulk_array), nr);
	KTEST_EXPECT_EQ(t, bulk_bad_entries(bulk_array, nr), 0);
	/* A second reference survives the bulk free; NULL entries are skipped. */
	bulk_array[5]->_refcount++;
	bulk_array[nr] = NULL;
	free_pages_bulk(bulk_array, nr + 1);
	KTEST_EXPECT_EQ(t, bulk_array[5]->_refcount, 1);
	KTEST_EXPECT_EQ(t, total_free_pages(), before - 1);
	__free_pages(bulk_array[5], 0);
	KTEST_EXPECT_EQ(t, total_free_pages(), before);
	KTEST_EXPECT_EQ(t, validate_free_lists(10), 0);
}

static void test_bulk_list(struct ktest *t)
{
	const unsigned long before = total_free_pages();
	LIST_HEAD(list);
	struct page *page;
	unsigned long n = 0;

	BULK_NEEDS_LOCAL(t, GFP_KERNEL, 100);
	/* The count of pages added, not of the list's length. */
	page = alloc_pages(GFP_KERNEL, 0);
	KTEST_ASSERT_NOT_NULL(t, page);
	list_add(&page->lru, &list);
	KTEST_EXPECT_EQ(t, alloc_pages_bulk_list(GFP_KERNEL, 100, &list), 100);
	list_for_each_entry(page, &list, lru) {
		bulk_array[n] = page;
		n++;
	}
	KTEST_ASSERT_EQ(t, n, 101);
	KTEST_EXPECT_EQ(t, bulk_bad_entries(bulk_array, n), 0);
	KTEST_EXPECT_EQ(t, total_free_pages(), before - 101);
	free_pages_bulk(bulk_array, n);
	KTEST_EXPECT_EQ(t, total_free_pages(), before);
}

/*
 * One round trip of @nr pages, larger than a refill batch, with interrupts
 * off so nothing else moves this CPU's counters: the pages come from one
 * zone, PGALLOC and NUMA_HIT grow by @nr exactly, PGFREE too after the
 * free, pcp->count matches its lists throughout, and the zone's free pages
 * (buddy + per-cpu) come back to their start value.
 */
static void test_bulk_counters(struct ktest *t)
{
	const unsigned long nr = BULK_MAX;
	unsigned long flags, zfree, alloc0, free0, hit0, zid;
	struct zone *zone;
	struct per_cpu_pages *pcp;

	BULK_NEEDS_LOCAL(t, GFP_KERNEL, nr);
	memset(bulk_array, 0, sizeof(bulk_array));
	flags = arch_irq_save();
	/* Which zone serves: the one a single page comes from. */
	bulk_array[0] = alloc_pages(GFP_KERNEL, 0);
	if (!bulk_array[0]) {
		arch_irq_restore(flags);
		KTEST_ASSERT_NOT_NULL(t, bulk_array[0]);
	}
	zone = page_zone(bulk_array[0]);
	zid = page_zonenum(bulk_array[0]);
	__free_pages(bulk_array[0], 0);
	bulk_array[0] = NULL;
	pcp = this_cpu_ptr(zone->per_cpu_pageset);
	zfree = zone_free_pages_total(zone);
	alloc0 = global_vm_event(PGALLOC_FIRST + zid);
	free0 = global_vm_event(PGFREE);
	hit0 = zone_numa_event_state(zone, NUMA_HIT);
	KTEST_EXPECT_EQ(t, alloc_pages_bulk_array(GFP_KERNEL, nr, bulk_array), nr);
	KTEST_EXPECT_EQ(t, global_vm_event(PGALLOC_FIRST + zid) - alloc0, nr);
	KTEST_EXPECT_EQ(t, zone_numa_event_state(zone, NUMA_HIT) - hit0, nr);
	KTEST_EXPECT_EQ(t, zone_free_pages_total(zone), zfree - nr);
	KTEST_EXPECT_EQ(t, pcp->count, pcp_list_pages(zone));
	for (unsigned long i = 0; i < nr; i++)
		KTEST_EXPECT_TRUE(t, page_zone(bulk_array[i]) == zone);
	KTEST_EXPECT_EQ(t, bulk_bad_entries(bulk_array, nr), 0);
	free_pages_bulk(bulk_array, nr);
	KTEST_EXPECT_EQ(t, global_vm_event(PGFREE) - free0, nr);
	KTEST_EXPECT_EQ(t, zone_free_pages_total(zone), zfree);
	KTEST_EXPECT_EQ(t, pcp->count, pcp_list_pages(zone));
	KTEST_EXPECT_LT(t, pcp->count, pcp->high);
	arch_irq_restore(flags);
	KTEST_EXPECT_EQ(t, validate_free_lists(10), 0);
	ktest_info(t, "zone %s of node %d: %lu pages out and back, pcp count %d, high %d",
		   zone->name, zone->node, nr, pcp->count, pcp->high);
}

/* __GFP_THISNODE keeps to the node; the gfp's highest zone is never passed. */
static void test_bulk_limits(struct ktest *t)
{
	const unsigned long nr = 64;
	unsigned long before = total_free_pages(), checked = 0;

	for (int nid = 0; nid < (int)nr_node_ids; nid++) {
		unsigned long got, bad = 0;

		if (!NODE_DATA(nid) || !node_has_memory(nid))
			continue;
		memset(bulk_array, 0, sizeof(bulk_array));
		got = alloc_pages_bulk_array_node(GFP_HIGHUSER | __GFP_THISNODE | __GFP_NOWARN,
						  nid, nr, bulk_array);
		for (unsigned long i = 0; i < got; i++)
			bad += page_to_nid(bulk_array[i]) != nid;
		KTEST_EXPECT_EQ(t, bad, 0);
		if (bulk_unserved(nid, GFP_HIGHUSER | __GFP_THISNODE, nr))
			KTEST_EXPECT_LE(t, got, 1);	/* the single-page path */
		else
			KTEST_EXPECT_EQ(t, got, nr);
		free_pages_bulk(bulk_array, got);
		checked++;
	}
	KTEST_EXPECT_GT(t, checked, 0);
	/* GFP_KERNEL never gets highmem; __GFP_DMA32 and __GFP_DMA stay below theirs. */
	static const struct { gfp_t gfp; int highest; } limits[] = {
		{ GFP_KERNEL, ZONE_NORMAL },
#ifdef CONFIG_ZONE_DMA32
		{ GFP_KERNEL | __GFP_DMA32, ZONE_DMA32 },
#endif
		{ GFP_KERNEL | __GFP_DMA, ZONE_DMA },
	};
	for (unsigned int l = 0; l < ARRAY_SIZE(limits); l++) {
		unsigned long got, bad = 0;

		memset(bulk_array, 0, sizeof(bulk_array));
		got = alloc_pages_bulk_array(limits[l].gfp | __GFP_NOWARN, nr, bulk_array);
		for (unsigned long i = 0; i < got; i++)
			bad += (int)page_zonenum(bulk_array[i]) > limits[l].highest;
		KTEST_EXPECT_EQ(t, bad, 0);
		if (bulk_unserved(numa_mem_id(), limits[l].gfp, nr))
			KTEST_EXPECT_LE(t, got, 1);	/* the single-page path */
		else
			KTEST_EXPECT_EQ(t, got, nr);
		free_pages_bulk(bulk_array, got);
	}
	KTEST_EXPECT_EQ(t, total_free_pages(), before);
}

/*
 * When the fast path cannot serve the first page, exactly one page comes
 * from the single-page path: with this CPU's list busy (its lock held, as
 * a drainer would), and with a zone whose low watermark plus the request
 * is above its free pages (the DMA zone asked for more pages than it has).
 */
static void test_bulk_fallback(struct ktest *t)
{
	const unsigned long before = total_free_pages();
	struct page *page = alloc_pages(GFP_KERNEL, 0);
	struct zone *zone, *dma = NULL;
	struct per_cpu_pages *pcp;
	unsigned long flags, got, need;
	struct page **big;

	KTEST_ASSERT_NOT_NULL(t, page);
	zone = page_zone(page);
	__free_pages(page, 0);
	memset(bulk_array, 0, sizeof(bulk_array));
	flags = arch_irq_save();
	pcp = this_cpu_ptr(zone->per_cpu_pageset);
	if (!pcp_trylock(pcp)) {
		arch_irq_restore(flags);
		KTEST_ASSERT_MSG(t, false, "this CPU's list of zone %s is locked by someone",
				 zone->name);
	}
	got = alloc_pages_bulk_array(GFP_KERNEL, 32, bulk_array);
	pcp_unlock(pcp);
	arch_irq_restore(flags);
	KTEST_EXPECT_EQ(t, got, 1);
	KTEST_EXPECT_NOT_NULL(t, bulk_array[0]);
	KTEST_EXPECT_NULL(t, bulk_array[1]);
	free_pages_bulk(bulk_array, got);

	for (int nid = 0; nid < (int)nr_node_ids && !dma; nid++)
		if (NODE_DATA(nid) && NODE_DATA(nid)->node_zones[ZONE_DMA].managed_pages &&
		    zone_page_state(&NODE_DATA(nid)->node_zones[ZONE_DMA], NR_FREE_PAGES))
			dma = &NODE_DATA(nid)->node_zones[ZONE_DMA];
	if (!dma) {
		ktest_skip_case(t, "no node has a ZONE_DMA with free pages");
		return;
	}
	/* Above the free pages: the watermark check must fail, and one page come. */
	need = zone_free_pages_total(dma) + 1;
	page = alloc_pages(GFP_KERNEL, 5);
	KTEST_ASSERT_NOT_NULL(t, page);
	big = page_address(page);
	if (!big || need > (PAGE_SIZE << 5) / sizeof(*big)) {
		__free_pages(page, 5);
		ktest_skip_case(t, "ZONE_DMA of node %d: %lu pages, more than the test's array",
				dma->node, need);
		return;
	}
	memset(big, 0, need * sizeof(*big));
	got = alloc_pages_bulk_array_node(GFP_KERNEL | __GFP_DMA | __GFP_THISNODE | __GFP_NOWARN,
					  dma->node, need, big);
	KTEST_EXPECT_EQ(t, got, 1);
	KTEST_EXPECT_NOT_NULL(t, big[0]);
	KTEST_EXPECT_NULL(t, big[1]);
	if (big[0])
		KTEST_EXPECT_TRUE(t, page_zone(big[0]) == dma);
	free_pages_bulk(big, got);
	__free_pages(page, 5);
	KTEST_EXPECT_EQ(t, total_free_pages(), before);
	KTEST_EXPECT_EQ(t, validate_free_lists(10), 0);
}

static const struct ktest_case page_alloc_bulk_cases[] = {
	KTEST_CASE(test_bulk_array_holes),
	KTEST_CASE(test_bulk_list),
	KTEST_CASE(test_bulk_counters),
	KTEST_CASE(test_bulk_limits),
	KTEST_CASE(test_bulk_fallback),
	{}
};
KTEST_SUITE(page_alloc_bulk, page_alloc_bulk_cases);
