// SPDX-License-Identifier: GPL-2.0-only
/*
 * The buddy allocator on the live machine: free lists valid after boot,
 * every node's memory allocated to exhaustion and given back with the
 * counts returning exactly, placement by node and zone, fallback order,
 * __GFP_ZERO, compound pages and the bad-page checks.
 */
#include <kernel/ktest.h>
#include <kernel/printk.h>
#include <kernel/params.h>
#include <lib/string.h>
#include <lib/parse.h>
#include <mm/gfp.h>
#include <mm/memory_model.h>
#include <mm/page_alloc.h>
#include <mm/vmstat.h>
#include <arch/highmem.h>
#include <asm/setup.h>
#include "test_alloc.h"

static unsigned long node_free_pages(int nid)
{
	unsigned long n = 0;

	for (int z = 0; z < MAX_NR_ZONES; z++)
		n += zone_free_pages_total(&NODE_DATA(nid)->node_zones[z]);
	return n;
}

static void test_validator_after_boot(struct ktest *t)
{
	struct zone *zone;

	KTEST_EXPECT_EQ(t, validate_free_lists(10), 0);
	for_each_zone(zone) {
		KTEST_EXPECT_EQ(t, zone_free_list_pages(zone),
				zone_page_state_snapshot(zone, NR_FREE_PAGES));
		KTEST_EXPECT_LE(t, zone->managed_pages, zone->present_pages);
	}
	KTEST_EXPECT_GT(t, total_free_pages(), 0);
}

static void test_exhaust_each_node(struct ktest *t)
{
	for (int nid = 0; nid < (int)nr_node_ids; nid++) {
		LIST_HEAD(held);
		unsigned long before, got, bad = 0, kept = 0;
		struct page *page;

		if (!NODE_DATA(nid) || !node_free_pages(nid))
			continue;
		before = total_free_pages();
		/* Each zone class in turn: lower zones keep lowmem_reserve against higher requests. */
		got = grab_all(&held, nid, GFP_HIGHUSER | __GFP_THISNODE);
		got += grab_all(&held, nid, GFP_KERNEL | __GFP_THISNODE);
		got += grab_all(&held, nid, GFP_KERNEL | __GFP_DMA32 | __GFP_THISNODE);
		got += grab_all(&held, nid, GFP_KERNEL | __GFP_DMA | __GFP_THISNODE);
		KTEST_EXPECT_GT(t, got, 0);
		list_for_each_entry(page, &held, lru)
			if (page_to_nid(page) != nid)
				bad++;
		KTEST_EXPECT_EQ(t, bad, 0);
		/*
		 * Only what the min watermarks keep back is left on the node, give or
		 * take the counters' drift: the checks read the global counter, which
		 * may lag the lists by up to zone_max_drift() (include/mm/vmstat.h).
		 */
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			struct zone *zone = &NODE_DATA(nid)->node_zones[z];

			if (populated_zone(zone))
				kept += min_wmark_pages(zone) + 1 + (unsigned long)zone_max_drift(zone);
		}
		KTEST_EXPECT_LE(t, node_free_pages(nid), kept);
		KTEST_EXPECT_NULL(t, alloc_pages_node(nid, GFP_HIGHUSER | __GFP_THISNODE | __GFP_NOWARN, 0));
		release_all(&held);
		KTEST_EXPECT_EQ(t, total_free_pages(), before);
		KTEST_EXPECT_EQ(t, validate_free_lists(10), 0);
		ktest_info(t, "node %d: %lu pages allocated and freed", nid, got);
	}
}

static void test_exhaust_everything(struct ktest *t)
{
	LIST_HEAD(held);
	unsigned long before = total_free_pages(), got;
	unsigned long bad_before = bad_page_count;
	u64 mark = printk_log_mark();

	got = grab_everything(&held);
	KTEST_EXPECT_GT(t, got, before / 2);
	KTEST_EXPECT_NULL(t, alloc_pages(GFP_HIGHUSER | __GFP_NOWARN, 0));
	/* Without __GFP_NOWARN the failure is reported as Linux reports it. */
	console_suppress++;
	KTEST_EXPECT_NULL(t, alloc_pages(GFP_KERNEL, 3));
	console_suppress--;
	KTEST_EXPECT_LOG(t, mark, "page allocation failure: order:3, mode:0xcc0");
	release_all(&held);
	KTEST_EXPECT_EQ(t, total_free_pages(), before);
	KTEST_EXPECT_EQ(t, bad_page_count, bad_before);
	KTEST_EXPECT_EQ(t, validate_free_lists(10), 0);
}

static void test_zone_placement(struct ktest *t)
{
	struct page *p = alloc_pages(GFP_KERNEL | __GFP_DMA, 0);

	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_LT(t, page_to_pfn(p), MAX_DMA_PFN);
	KTEST_EXPECT_EQ(t, page_zonenum(p), ZONE_DMA);
	__free_pages(p, 0);
#ifdef CONFIG_ZONE_DMA32
	p = alloc_pages(GFP_KERNEL | __GFP_DMA32, 4);
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_LT(t, page_to_pfn(p) + 16, MAX_DMA32_PFN + 1);
	__free_pages(p, 4);
#endif
	/* Without __GFP_HIGHMEM, never highmem: take many pages to be sure. */
	LIST_HEAD(held);
	unsigned long high = 0;
	for (int i = 0; i < 2048; i++) {
		p = alloc_pages(GFP_KERNEL | __GFP_NOWARN, 0);
		if (!p)
			break;
		if (!pfn_is_lowmem(page_to_pfn(p)) || !page_address(p))
			high++;
		list_add(&p->lru, &held);
	}
	KTEST_EXPECT_EQ(t, high, 0);
	release_all(&held);
}

/*
 * Can @nid satisfy an order-@order allocation of @gfp by itself? Some zone
 * @gfp may use has a free block of that order above its min watermark
 * (a tiny node's pages may all be reserved: present 158, managed 0).
 */
static bool node_can_satisfy(int nid, gfp_t gfp, unsigned int order)
{
	int high = (int)gfp_zone(gfp);

	if (!node_has_memory(nid) || !NODE_DATA(nid))
		return false;
	for (int z = 0; z <= high; z++) {
		struct zone *zone = &NODE_DATA(nid)->node_zones[z];

		if (zone->managed_pages &&
		    zone_watermark_ok(zone, order, min_wmark_pages(zone), high, false))
			return true;
	}
	return false;
}

static void test_thisnode(struct ktest *t)
{
	const gfp_t gfp = GFP_HIGHUSER | __GFP_THISNODE | __GFP_NOWARN;

	for (int nid = 0; nid < (int)nr_node_ids; nid++) {
		bool can = node_can_satisfy(nid, gfp, 2);
		struct page *p = alloc_pages_node(nid, gfp, 2);

		if (!node_has_memory(nid)) {
			KTEST_EXPECT_NULL(t, p);
			continue;
		}
		if (!can) {
			ktest_info(t, "node %d: no zone above its min watermark for order 2", nid);
			if (p)
				__free_pages(p, 2);
			continue;
		}
		KTEST_EXPECT_MSG(t, p != NULL, "node %d: no order-2 page with __GFP_THISNODE", nid);
		if (!p)
			continue;
		KTEST_EXPECT_EQ(t, page_to_nid(p), nid);
		KTEST_EXPECT_EQ(t, page_to_pfn(p) & 3, 0);
		__free_pages(p, 2);
	}
}

/* expect.fallback=N:a,b,c;M:... — each node's zonelist node order. */
static char expected_fallback[256];
static int __maybe_unused parse_expect_fallback(const char *val)
{
	return param_copy_string(val, expected_fallback, sizeof(expected_fallback));
}
__setup("expect.fallback", parse_expect_fallback);

static void test_fallback_order(struct ktest *t)
{
	int order[MAX_NUMNODES], n;

	/* Always: the local node (if it has memory) first, distances never decreasing by more than the CPU penalty. */
	for (int nid = 0; nid < (int)nr_node_ids; nid++) {
		if (!NODE_DATA(nid))
			continue;
		zonelist_node_order(nid, order, &n);
		if (node_has_memory(nid))
			KTEST_EXPECT_EQ(t, order[0], nid);
		for (int i = 2; i < n; i++)
			KTEST_EXPECT_LE(t, node_distance(nid, order[i - 1]), node_distance(nid, order[i]) + 2);
	}
	if (!expected_fallback[0])
		return;
	/* The exact orders the machine file says Linux's rules give. */
	const char *p = expected_fallback;
	while (*p) {
		unsigned long long nid;
		const char *end;
		int want[MAX_NUMNODES], w = 0;

		KTEST_ASSERT_EQ(t, parse_ull(p, &end, 10, &nid), 0);
		KTEST_ASSERT_EQ(t, *end, ':');
		p = end + 1;
		while (*p && *p != ';') {
			unsigned long long v;
			KTEST_ASSERT_EQ(t, parse_ull(p, &end, 10, &v), 0);
			want[w++] = (int)v;
			p = *end == ',' ? end + 1 : end;
		}
		if (*p == ';')
			p++;
		KTEST_ASSERT_LT(t, nid, nr_node_ids);
		zonelist_node_order((int)nid, order, &n);
		KTEST_EXPECT_EQ(t, n, w);
		for (int i = 0; i < w && i < n; i++)
			KTEST_EXPECT_EQ(t, order[i], want[i]);
	}
}

static void test_gfp_zero(struct ktest *t)
{
	struct page *p = alloc_pages(GFP_HIGHUSER, 1);
	unsigned long pfn;
	u8 *v;

	KTEST_ASSERT_NOT_NULL(t, p);
	pfn = page_to_pfn(p);
	for (int i = 0; i < 2; i++) {
		v = kmap_atomic_pfn(pfn + i);
		memset(v, 0x5a, PAGE_SIZE);
		kunmap_atomic(v);
	}
	/*
	 * This CPU's lists are emptied first, so the free cannot take the list
	 * to high: a bulk free there drains a whole list, the block just freed
	 * included (Linux 6.1 does the same), and the next allocation would
	 * get another block. Then the list hands the freed block back first.
	 */
	drain_local_pages(page_zone(p));
	__free_pages(p, 1);
	p = alloc_pages(GFP_HIGHUSER | __GFP_ZERO, 1);
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_EQ(t, page_to_pfn(p), pfn);
	unsigned long nonzero = 0;
	for (int i = 0; i < 2; i++) {
		v = kmap_atomic_pfn(page_to_pfn(p) + i);
		for (unsigned long b = 0; b < PAGE_SIZE; b++)
			nonzero += v[b] != 0;
		kunmap_atomic(v);
	}
	KTEST_EXPECT_EQ(t, nonzero, 0);
	__free_pages(p, 1);
}

static void test_compound(struct ktest *t)
{
	const unsigned int order = 5;
	struct page *p = alloc_pages(GFP_KERNEL | __GFP_COMP, order);
	unsigned long bad = 0;

	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_TRUE(t, PageHead(p));
	KTEST_EXPECT_FALSE(t, PageTail(p));
	KTEST_EXPECT_EQ(t, p->private, order);
	for (unsigned long i = 1; i < (1UL << order); i++) {
		struct page *tail = mem_map_offset(p, i);
		if (!PageTail(tail) || compound_head(tail) != p || PageHead(tail))
			bad++;
	}
	KTEST_EXPECT_EQ(t, bad, 0);
	unsigned long before = bad_page_count;
	__free_pages(p, order);
	KTEST_EXPECT_EQ(t, bad_page_count, before);
	KTEST_EXPECT_EQ(t, validate_free_lists(10), 0);
}

static void test_bad_page_double_free(struct ktest *t)
{
	struct page *p = alloc_pages(GFP_KERNEL, 0);
	unsigned long before = bad_page_count;
	u64 mark = printk_log_mark();

	KTEST_ASSERT_NOT_NULL(t, p);
	__free_pages(p, 0);
	console_suppress++;
	__free_pages(p, 0);		/* a double free: refcount is already 0 */
	console_suppress--;
	KTEST_EXPECT_EQ(t, bad_page_count, before + 1);
	KTEST_EXPECT_LOG(t, mark, "BUG: Bad page state in process swapper/0  pfn:");
	KTEST_EXPECT_LOG(t, mark, "page dumped because: freeing a page with no reference");
	KTEST_EXPECT_EQ(t, validate_free_lists(10), 0);
}

static void test_bad_page_flags(struct ktest *t)
{
	struct page *p;
	unsigned long before = bad_page_count, free_before;
	u64 mark = printk_log_mark();

#ifndef CONFIG_DEBUG_VM
	/* mm/page_alloc.c's PCP_CHECK_EACH: the free goes to the list, unchecked, as in Linux. */
	ktest_skip_case(t, "without CONFIG_DEBUG_VM an order-0 page's flags are checked when its per-cpu list drains");
#endif
	p = alloc_pages(GFP_KERNEL, 0);
	KTEST_ASSERT_NOT_NULL(t, p);
	free_before = total_free_pages();
	SetPageReserved(p);		/* a reserved page must never reach the free lists */
	console_suppress++;
	__free_pages(p, 0);
	console_suppress--;
	KTEST_EXPECT_EQ(t, bad_page_count, before + 1);
	KTEST_EXPECT_LOG(t, mark, "PAGE_FLAGS_CHECK_AT_FREE flag(s) set");
	KTEST_EXPECT_EQ(t, total_free_pages(), free_before);	/* leaked, as Linux does */
	ClearPageReserved(p);
	p->_refcount = 1;
	__free_pages(p, 0);		/* now it may go back */
	KTEST_EXPECT_EQ(t, total_free_pages(), free_before + 1);
}

static void test_watermarks(struct ktest *t)
{
	KTEST_EXPECT_GE(t, min_free_kbytes, 128);
	for (int nid = 0; nid < (int)nr_node_ids; nid++) {
		for (int z = 0; NODE_DATA(nid) && z < MAX_NR_ZONES; z++) {
			struct zone *zone = &NODE_DATA(nid)->node_zones[z];
			if (!zone->managed_pages)
				continue;
			KTEST_EXPECT_LE(t, min_wmark_pages(zone), low_wmark_pages(zone));
			KTEST_EXPECT_LE(t, low_wmark_pages(zone), high_wmark_pages(zone));
			KTEST_EXPECT_LT(t, high_wmark_pages(zone), zone->managed_pages);
			/* The order-aware check: a huge order fails when no block is that big. */
			KTEST_EXPECT_TRUE(t, zone_watermark_ok(zone, 0, 0, z, false) ==
					  ((long)zone_watermark_free_pages(zone) > zone->lowmem_reserve[z]));
		}
	}
}

static const struct ktest_case page_alloc_cases[] = {
	KTEST_CASE(test_validator_after_boot),
	KTEST_CASE(test_watermarks),
	KTEST_CASE(test_zone_placement),
	KTEST_CASE(test_thisnode),
	KTEST_CASE(test_fallback_order),
	KTEST_CASE(test_gfp_zero),
	KTEST_CASE(test_compound),
	KTEST_CASE(test_bad_page_double_free),
	KTEST_CASE(test_bad_page_flags),
	KTEST_CASE(test_exhaust_each_node),
	KTEST_CASE(test_exhaust_everything),
	{}
};
KTEST_SUITE(page_alloc, page_alloc_cases);
