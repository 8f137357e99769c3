// SPDX-License-Identifier: GPL-2.0-only
/*
 * Gigantic pages and huge page pools on the live machine:
 *
 *  gigantic          allocation, clearing, copying and freeing of every
 *                    gigantic size on every node, checked against an oracle
 *                    that reads only the free lists; free counts return
 *                    exactly; the checks catch corrupted pages
 *  hugetlb_params    hugepagesz=/hugepages=/default_hugepagesz= parsed as
 *                    Linux 6.1 parses them, messages included
 *  seed003_gigantic  a gigantic page spanning several memory sections,
 *                    with the fix gigantic_section_walk on, and the
 *                    negative control with nofix=gigantic_section_walk
 *
 * Contents are written and checked by pfn (kmap_atomic_pfn() of pfn + i),
 * never through the memmap walk under test.
 */
#include <kernel/errno.h>
#include <kernel/ktest.h>
#include <kernel/printk.h>
#include <kernel/report.h>
#include <lib/string.h>
#include <lib/parse.h>
#include <lib/printf.h>
#include <mm/gfp.h>
#include <mm/gigantic.h>
#include <mm/hugetlb.h>
#include <mm/memory_model.h>
#include <mm/movable_owner.h>
#include <mm/page_alloc.h>
#include <mm/pfn_walk.h>
#include <mm/vmstat.h>
#include <mm/numa.h>
#include <arch/cpu.h>
#include <arch/highmem.h>

/* ---- helpers ------------------------------------------------------------ */

static unsigned long free_snapshot[MAX_NUMNODES][MAX_NR_ZONES];

static void snapshot_free_counts(unsigned long snap[MAX_NUMNODES][MAX_NR_ZONES])
{
	for (int nid = 0; nid < MAX_NUMNODES; nid++)
		for (int z = 0; z < MAX_NR_ZONES; z++)
			snap[nid][z] = nid < (int)nr_node_ids && NODE_DATA(nid) ?
				       zone_free_pages_total(&NODE_DATA(nid)->node_zones[z]) : 0;
}

/* Zones whose free count differs from @snap by other than @delta (applied to @zone only). */
static unsigned int free_counts_differ(unsigned long snap[MAX_NUMNODES][MAX_NR_ZONES],
				       const struct zone *zone, long delta)
{
	unsigned int bad = 0;

	for (int nid = 0; nid < (int)nr_node_ids; nid++) {
		for (int z = 0; NODE_DATA(nid) && z < MAX_NR_ZONES; z++) {
			const struct zone *zz = &NODE_DATA(nid)->node_zones[z];
			long want = (long)snap[nid][z] + (zz == zone ? delta : 0);

			unsigned long have = zone_free_pages_total(zz);

			if ((long)have != want) {
				pr_err("gigantic test: node %d zone %s: %lu free pages, expected %ld\n",
				       nid, zz->name, have, want);
				bad++;
			}
		}
	}
	return bad;
}

#define ORACLE_SLOTS	4096
static unsigned long oracle_cover[ORACLE_SLOTS];

/*
 * From @zone's free lists alone (not the allocator's memmap walk): is there
 * a naturally aligned range of 2^@order pages that is all free, and does
 * the zone keep its low watermark after giving it (alloc_gigantic_page()'s
 * contract)? *@unsure is set if the zone is too big to tell.
 */
static bool zone_can_hold(struct zone *zone, unsigned int order, bool *unsure)
{
	unsigned long nr = 1UL << order, first, slots, flags;
	bool found = false;

	/* As alloc_gigantic_page() does: per-cpu pages back to the lists first. */
	drain_all_pages(zone);
	if (!zone->managed_pages ||
	    zone_page_state_snapshot(zone, NR_FREE_PAGES) < nr + low_wmark_pages(zone))
		return false;
	first = zone->zone_start_pfn >> order;
	slots = ((zone_end_pfn(zone) - 1) >> order) - first + 1;
	if (slots > ORACLE_SLOTS) {
		*unsure = true;
		return false;
	}
	memset(oracle_cover, 0, slots * sizeof(oracle_cover[0]));
	spin_lock_irqsave(&zone->lock, flags);
	for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++) {
		for (int t = 0; t < MIGRATE_TYPES; t++) {
			struct page *page;

			list_for_each_entry(page, &zone->free_area[o].free_list[t], lru)
				oracle_cover[(page_to_pfn(page) >> order) - first] += 1UL << o;
		}
	}
	spin_unlock_irqrestore(&zone->lock, flags);
	for (unsigned long s = 0; s < slots && !found; s++) {
		unsigned long start = (first + s) << order;

		found = oracle_cover[s] == nr && start >= zone->zone_start_pfn &&
			start + nr <= zone_end_pfn(zone);
	}
	return found;
}

/* Can @nid give a page of @order to an allocation with @gfp and __GFP_THISNODE? */
static bool node_can_hold(int nid, unsigned int order, gfp_t gfp, bool *unsure)
{
	for (int z = 0; z <= (int)gfp_zone(gfp) && z < MAX_NR_ZONES; z++)
		if (zone_can_hold(&NODE_DATA(nid)->node_zones[z], order, unsure))
			return true;
	return false;
}

/* Words of each page the content checks look at (every 64th page is checked whole). */
static const unsigned int sample_word[] = { 0, PAGE_SIZE / sizeof(long) / 2, PAGE_SIZE / sizeof(long) - 1 };
#define NR_SAMPLES	(sizeof(sample_word) / sizeof(sample_word[0]))

static unsigned long sig(unsigned long i, unsigned int k, unsigned long seed)
{
	return (i * 2654435761UL) ^ (seed + k * 0x01010101UL) ^ 0x5a5a5a5aUL;
}

/* Write the signature words of @seed into each page of [pfn, pfn + nr). -ENOMEM: a frame cannot be mapped. */
static int fill_pages(unsigned long pfn, unsigned long nr, unsigned long seed)
{
	for (unsigned long i = 0; i < nr; i++) {
		unsigned long *v = kmap_atomic_pfn(pfn + i);

		if (!v)
			return -ENOMEM;
		for (unsigned int k = 0; k < NR_SAMPLES; k++)
			v[sample_word[k]] = sig(i, k, seed);
		kunmap_atomic(v);
	}
	return 0;
}

/*
 * Pages of [pfn, pfn + nr) that do not hold the signature of @seed (or,
 * with @zero, are not zero): the sample words of every page, every word of
 * every 64th page. (unsigned long)-1 if a frame cannot be mapped.
 */
static unsigned long count_bad_pages(unsigned long pfn, unsigned long nr, unsigned long seed, bool zero)
{
	unsigned long bad = 0;

	for (unsigned long i = 0; i < nr; i++) {
		const unsigned long *v = kmap_atomic_pfn(pfn + i);
		bool ok = true;

		if (!v)
			return (unsigned long)-1;
		for (unsigned int k = 0; k < NR_SAMPLES; k++)
			ok &= v[sample_word[k]] == (zero ? 0 : sig(i, k, seed));
		if (zero && !(i % 64))
			for (unsigned long w = 0; w < PAGE_SIZE / sizeof(long); w++)
				ok &= !v[w];
		kunmap_atomic((void *)v);
		bad += !ok;
	}
	return bad;
}

/*
 * Fill @src and @dst with different signatures, clear @dst, copy @src into
 * it, and check every page by pfn. -ENOMEM (after checking that clearing
 * refuses the same way) if a frame cannot be mapped (i386 highmem for now).
 */
static int clear_copy_checked(struct ktest *t, struct page *dst, struct page *src,
			      unsigned int order, unsigned long seed)
{
	unsigned long nr = 1UL << order, spfn = page_to_pfn(src), dpfn = page_to_pfn(dst);

	if (fill_pages(spfn, nr, seed) || fill_pages(dpfn, nr, seed + 1)) {
		KTEST_EXPECT_EQ(t, clear_gigantic_page(dst, order), -ENOMEM);
		return -ENOMEM;
	}
	KTEST_EXPECT_EQ(t, count_bad_pages(dpfn, nr, seed + 1, false), 0);
	KTEST_EXPECT_EQ(t, clear_gigantic_page(dst, order), 0);
	KTEST_EXPECT_EQ(t, count_bad_pages(dpfn, nr, 0, true), 0);
	KTEST_EXPECT_EQ(t, copy_gigantic_page(dst, src, order), 0);
	KTEST_EXPECT_EQ(t, count_bad_pages(dpfn, nr, seed, false), 0);
	KTEST_EXPECT_EQ(t, count_bad_pages(spfn, nr, seed, false), 0);
	KTEST_EXPECT_EQ(t, gigantic_page_check(src, order, 5), 0);
	KTEST_EXPECT_EQ(t, gigantic_page_check(dst, order, 5), 0);
	return 0;
}

/* Subpages where mem_map_offset() or pfn_to_page() disagree, or where a tail is not a tail of @head. */
static unsigned long independent_check(struct page *head, unsigned int order)
{
	unsigned long pfn = page_to_pfn(head), nr = 1UL << order, bad = 0;

	for (unsigned long i = 1; i < nr; i++) {
		struct page *p = pfn_to_page(pfn + i);

		bad += mem_map_offset(head, i) != p || compound_head(p) != head || PageHead(p) ||
		       page_to_nid(p) != page_to_nid(head) || page_zonenum(p) != page_zonenum(head);
	}
	return bad + (!PageHead(head) || head->private != order || page_count(head) != 1);
}

/* SPARSEMEM without VMEMMAP: each section has its own memmap, page + i leaves it. */
#ifdef CONFIG_MEMMODEL_SPARSE
#define MEMMAP_SPLIT	true
#else
#define MEMMAP_SPLIT	false
#endif

/*
 * Must every walk over a page of @h diverge? Without the seed 003 fix, when
 * the page spans several sections of a split memmap.
 */
static bool walk_must_diverge(const struct hstate *h)
{
	return !fix_enabled(gigantic_section_walk) && MEMMAP_SPLIT &&
	       pages_per_huge_page(h) > PAGES_PER_SECTION;
}

/* The smallest registered gigantic hstate whose pages span several sections, or NULL. */
static struct hstate *multi_section_hstate(void)
{
	struct hstate *h, *best = NULL;

	for_each_hstate(h)
		if (hstate_is_gigantic(h) && pages_per_huge_page(h) > PAGES_PER_SECTION &&
		    (!best || h->order < best->order))
			best = h;
	return best;
}

/* ---- suite gigantic ------------------------------------------------------- */

/* Pool pages given back by the suite's init, per hstate and node, refilled by the last case. */
static unsigned long released[HUGE_MAX_HSTATE][MAX_NUMNODES];

static int gigantic_init(void)
{
	struct hstate *h;

	memset(released, 0, sizeof(released));
	for_each_hstate(h) {
		if (!hstate_is_gigantic(h))
			continue;
		for (int nid = 0; nid < (int)nr_node_ids; nid++)
			while (hugetlb_pool_shrink(h, nid))
				released[h - hstates][nid]++;
	}
	return 0;
}

static void test_size_strings(struct ktest *t)
{
	static const struct { unsigned long long bytes; const char *str; } cases[] = {
		{ 1ULL << 30, "1.00 GiB" }, { 2ULL << 20, "2.00 MiB" }, { 8ULL << 20, "8.00 MiB" },
		{ 16ULL << 20, "16.0 MiB" }, { 512ULL << 10, "512 KiB" }, { 3ULL << 29, "1.50 GiB" },
		{ 0, "0 B" }, { 1023, "1023 B" }, { 1ULL << 40, "1.00 TiB" },
	};
	char buf[32];
	struct hstate *h;

	for (unsigned int i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		huge_size_string(cases[i].bytes, buf, sizeof(buf));
		KTEST_EXPECT_STREQ(t, buf, cases[i].str);
	}
	/* Every supported size is registered once, with Linux's sysfs name. */
	KTEST_EXPECT_EQ(t, hugetlb_max_hstate, nr_huge_sizes());
	for_each_hstate(h) {
		snprintf(buf, sizeof(buf), "hugepages-%llukB", huge_page_size(h) >> 10);
		KTEST_EXPECT_STREQ(t, h->name, buf);
		KTEST_EXPECT_TRUE(t, order_to_hstate(h->order) == h);
		KTEST_EXPECT_TRUE(t, size_to_hstate(huge_page_size(h)) == h);
	}
	KTEST_EXPECT_NOT_NULL(t, default_hstate);
	KTEST_EXPECT_EQ(t, default_hstate ? default_hstate->order : 0, HUGETLB_DEFAULT_ORDER);
}

static void test_bad_requests(struct ktest *t)
{
	unsigned long bad_before = bad_page_count;
	u64 mark = printk_log_mark();

	snapshot_free_counts(free_snapshot);
	console_suppress++;
	KTEST_EXPECT_NULL(t, alloc_gigantic_page(0, MAX_PAGE_ORDER, GFP_KERNEL));
	KTEST_EXPECT_NULL(t, alloc_gigantic_page(0, MAX_GIGANTIC_ORDER + 1, GFP_KERNEL));
	KTEST_EXPECT_NULL(t, alloc_gigantic_page((int)nr_node_ids, MAX_PAGE_ORDER + 1, GFP_KERNEL));
	console_suppress--;
	KTEST_EXPECT_EQ(t, printk_log_count(mark, "WARNING: at "), 3);
	/* Bigger than any zone: NULL, and with __GFP_NOWARN not a word. */
	mark = printk_log_mark();
	KTEST_EXPECT_NULL(t, alloc_gigantic_page(0, MAX_GIGANTIC_ORDER, GFP_HIGHUSER | __GFP_NOWARN));
	KTEST_EXPECT_NO_LOG(t, mark, "gigantic");
	console_suppress++;
	KTEST_EXPECT_NULL(t, alloc_gigantic_page(0, MAX_GIGANTIC_ORDER, GFP_HIGHUSER));
	console_suppress--;
	KTEST_EXPECT_LOG(t, mark, "gigantic: allocation failure: order:");
	KTEST_EXPECT_EQ(t, free_counts_differ(free_snapshot, NULL, 0), 0);
	KTEST_EXPECT_EQ(t, bad_page_count, bad_before);
	KTEST_EXPECT_EQ(t, validate_free_lists(10), 0);
}

/*
 * Every gigantic size, every node, three GFP masks: the allocation succeeds
 * exactly when the oracle finds a free range in an allowed zone; the page is
 * well formed, on the node, in an allowed zone; exactly its pages leave that
 * zone's free count, and come back on free.
 */
static void test_alloc_free_each_node(struct ktest *t)
{
	static const gfp_t masks[] = { GFP_HIGHUSER, GFP_KERNEL, GFP_KERNEL | __GFP_DMA };
	unsigned long bad_before = bad_page_count, got = 0, refused = 0;
	struct hstate *h;

	for_each_hstate(h) {
		if (!hstate_is_gigantic(h))
			continue;
		for (int nid = 0; nid < (int)nr_node_ids; nid++) {
			for (unsigned int m = 0; m < sizeof(masks) / sizeof(masks[0]); m++) {
				gfp_t gfp = masks[m] | __GFP_THISNODE | __GFP_NOWARN;
				bool unsure = false, expect = node_can_hold(nid, h->order, gfp, &unsure);
				struct page *page;
				unsigned long pfn;

				unsigned long diverged = gigantic_last_divergence.count;

				snapshot_free_counts(free_snapshot);
				console_suppress += walk_must_diverge(h);
				page = alloc_gigantic_page(nid, h->order, gfp);
				console_suppress -= walk_must_diverge(h);
				if (walk_must_diverge(h)) {
					/* nofix=gigantic_section_walk: refused at prep, nothing lost. */
					refused += expect;
					KTEST_EXPECT_NULL(t, page);
					KTEST_EXPECT_EQ(t, gigantic_last_divergence.count, diverged + expect);
					KTEST_EXPECT_EQ(t, free_counts_differ(free_snapshot, NULL, 0), 0);
				} else if (unsure) {
					ktest_info(t, "node %d: zone too big for the oracle", nid);
				} else if (!expect) {
					KTEST_EXPECT_MSG(t, !page, "node %d gave a %s page the oracle did not see",
							 nid, h->size_str);
					KTEST_EXPECT_EQ(t, free_counts_differ(free_snapshot, NULL, 0), 0);
				} else {
					KTEST_EXPECT_MSG(t, page, "node %d: no %s page with mode %#x, but a free range exists",
							 nid, h->size_str, gfp);
				}
				if (!page)
					continue;
				got++;
				pfn = page_to_pfn(page);
				KTEST_EXPECT_EQ(t, pfn & (pages_per_huge_page(h) - 1), 0);
				KTEST_EXPECT_EQ(t, page_to_nid(page), nid);
				KTEST_EXPECT_LE(t, page_zonenum(page), gfp_zone(gfp));
				KTEST_EXPECT_EQ(t, gigantic_page_check(page, h->order, 5), 0);
				KTEST_EXPECT_EQ(t, independent_check(page, h->order), 0);
				KTEST_EXPECT_EQ(t, free_counts_differ(free_snapshot, page_zone(page),
								      -(long)pages_per_huge_page(h)), 0);
				KTEST_EXPECT_EQ(t, validate_free_lists(10), 0);
				free_gigantic_page(page, h->order);
				KTEST_EXPECT_EQ(t, free_counts_differ(free_snapshot, NULL, 0), 0);
				KTEST_EXPECT_EQ(t, validate_free_lists(10), 0);
				if (!m)
					ktest_info(t, "node %d: %s page at pfn %#lx allocated and freed", nid,
						   h->size_str, pfn);
			}
			/* A node that held a pool page at boot can hold one again. */
			if (released[h - hstates][nid])
				KTEST_EXPECT_MSG(t, node_can_hold(nid, h->order, GFP_HIGHUSER, &(bool){ false }),
						 "node %d held %lu boot %s pages, now none fits", nid,
						 released[h - hstates][nid], h->size_str);
		}
	}
	KTEST_EXPECT_EQ(t, bad_page_count, bad_before);
	if (refused)
		ktest_info(t, "%lu requests refused: the walk without the seed 003 fix diverged", refused);
	if (!got && !refused)
		ktest_info(t, "no node has a free naturally aligned gigantic range: every request failed cleanly");
}

/*
 * Two pages of @h: lowmem first (so that i386 can map them before kmap
 * exists), on two nodes if possible. Returns false if there is no room for two.
 */
static bool alloc_two(struct hstate *h, struct page **a, struct page **b)
{
	static const gfp_t masks[] = { GFP_KERNEL, GFP_HIGHUSER };
	struct page *got[2] = { NULL, NULL };
	unsigned int n = 0;

	for (unsigned int m = 0; m < 2 && n < 2; m++) {
		/* Round 0: one page per node; round 1: any. */
		for (int round = 0; round < 2 && n < 2; round++) {
			for (int nid = 0; nid < (int)nr_node_ids && n < 2; nid++) {
				if (!NODE_DATA(nid) || (!round && n && page_to_nid(got[0]) == nid))
					continue;
				got[n] = alloc_gigantic_page(nid, h->order, masks[m] | __GFP_THISNODE | __GFP_NOWARN);
				n += got[n] != NULL;
			}
		}
	}
	if (n < 2) {
		free_gigantic_page(got[0], h->order);
		return false;
	}
	*a = got[0];
	*b = got[1];
	return true;
}

/*
 * Clear, fill, copy and __GFP_ZERO for every gigantic size with room for two
 * pages (the sizes seed003_gigantic clears and copies: __GFP_ZERO only).
 */
static void test_clear_copy(struct ktest *t)
{
	unsigned int done = 0;
	const char *why = "no node has room for two gigantic pages";
	struct hstate *h;

	for_each_hstate(h) {
		unsigned long nr = pages_per_huge_page(h), spfn, dpfn;
		struct page *src, *dst;
		bool covered;

		if (!hstate_is_gigantic(h))
			continue;
		snapshot_free_counts(free_snapshot);
		if (!alloc_two(h, &src, &dst))
			continue;
		spfn = page_to_pfn(src);
		dpfn = page_to_pfn(dst);
		/* seed003_gigantic clears and copies the boot pool's multi-section pages: only dirty @src. */
		covered = h == multi_section_hstate() && h->requested;
		if (covered ? fill_pages(spfn, nr, 1) : clear_copy_checked(t, dst, src, h->order, 1)) {
			why = "the pages are in highmem, which cannot be mapped before i386 kmap exists";
			free_gigantic_page(src, h->order);
			free_gigantic_page(dst, h->order);
			continue;
		}
		free_gigantic_page(src, h->order);
		/* The dirty range comes back zeroed with __GFP_ZERO (the lowest free range: @src's or lower). */
		src = alloc_gigantic_page(page_to_nid(src), h->order,
					  (pfn_is_lowmem(spfn) ? GFP_KERNEL : GFP_HIGHUSER) |
					  __GFP_THISNODE | __GFP_ZERO | __GFP_NOWARN);
		KTEST_EXPECT_NOT_NULL(t, src);
		if (src) {
			KTEST_EXPECT_EQ(t, count_bad_pages(page_to_pfn(src), nr, 0, true), 0);
			free_gigantic_page(src, h->order);
		}
		free_gigantic_page(dst, h->order);
		KTEST_EXPECT_EQ(t, free_counts_differ(free_snapshot, NULL, 0), 0);
		KTEST_EXPECT_EQ(t, validate_free_lists(10), 0);
		if (covered)
			ktest_info(t, "%s: __GFP_ZERO zeroed a dirtied range (seed003_gigantic clears and copies this size)",
				   h->size_str);
		else
			ktest_info(t, "%s: cleared and copied pfn %#lx -> %#lx (nodes %d -> %d)", h->size_str,
				   spfn, dpfn, page_to_nid(pfn_to_page(spfn)), page_to_nid(pfn_to_page(dpfn)));
		done++;
	}
	if (!done)
		ktest_skip_case(t, "%s", why);
}

/* The checks catch a corrupted tail, a wrong order and a double free, and nothing leaks. */
static void test_checks(struct ktest *t)
{
	struct hstate *h, *small = NULL;
	struct page *page = NULL, *tail;
	unsigned long bad_before = bad_page_count, pfn, nr, saved;
	u64 mark;

	for_each_hstate(h)
		if (hstate_is_gigantic(h) && (!small || h->order < small->order))
			small = h;
	for (int nid = 0; small && nid < (int)nr_node_ids && !page; nid++)
		if (NODE_DATA(nid))
			page = alloc_gigantic_page(nid, small->order, GFP_HIGHUSER | __GFP_THISNODE | __GFP_NOWARN);
	if (!page)
		ktest_skip_case(t, "no node has a free naturally aligned gigantic range");
	nr = pages_per_huge_page(small);
	pfn = page_to_pfn(page);
	snapshot_free_counts(free_snapshot);

	tail = pfn_to_page(pfn + nr - 1);
	saved = tail->compound_head;
	tail->compound_head = 0;
	mark = printk_log_mark();
	console_suppress++;
	KTEST_EXPECT_EQ(t, gigantic_page_check(page, small->order, 5), 1);
	free_gigantic_page(page, small->order + 1);	/* the wrong order: refused */
	console_suppress--;
	KTEST_EXPECT_LOG(t, mark, "tail does not point to the head");
	KTEST_EXPECT_LOG(t, mark, "page dumped because: not the head of an allocated gigantic page of this order");
	KTEST_EXPECT_EQ(t, bad_page_count, bad_before + 1);
	KTEST_EXPECT_EQ(t, free_counts_differ(free_snapshot, NULL, 0), 0);
	tail->compound_head = saved;
	KTEST_EXPECT_EQ(t, gigantic_page_check(page, small->order, 5), 0);
	free_gigantic_page(page, small->order);
	KTEST_EXPECT_EQ(t, free_counts_differ(free_snapshot, page_zone(page), (long)nr), 0);
	console_suppress++;
	free_gigantic_page(page, small->order);		/* a double free: reported, nothing freed */
	console_suppress--;
	KTEST_EXPECT_EQ(t, bad_page_count, bad_before + 2);
	KTEST_EXPECT_EQ(t, free_counts_differ(free_snapshot, page_zone(page), (long)nr), 0);
	KTEST_EXPECT_EQ(t, validate_free_lists(10), 0);
}

/* Last: the pool pages the suite released come back, on the same nodes. */
static void test_pool_restored(struct ktest *t)
{
	struct hstate *h;

	for_each_hstate(h) {
		for (int nid = 0; nid < (int)nr_node_ids; nid++) {
			unsigned long want = released[h - hstates][nid], got = 0;

			while (got < want && hugetlb_pool_grow(h, nid))
				got++;
			released[h - hstates][nid] = 0;
			KTEST_EXPECT_EQ(t, got, want);
		}
	}
	KTEST_EXPECT_EQ(t, validate_free_lists(10), 0);
}

static const struct ktest_case gigantic_cases[] = {
	KTEST_CASE(test_size_strings),
	KTEST_CASE(test_bad_requests),
	KTEST_CASE(test_alloc_free_each_node),
	KTEST_CASE(test_clear_copy),
	KTEST_CASE(test_checks),
	KTEST_CASE(test_pool_restored),
	{}
};
KTEST_SUITE_FULL(gigantic, .cases = gigantic_cases, .init = gigantic_init);

/* ---- suite hugetlb_params ---------------------------------------------------- */

static struct hugetlb_cmdline pc;

/* Parse "name=value ..." (the three hugetlb parameters only) into pc, quietly. */
static void parse_line(const char *line)
{
	static char copy[256];
	char *cursor = copy, *param, *val;

	hugetlb_cmdline_init(&pc);
	strscpy(copy, line, sizeof(copy));
	console_suppress++;
	while ((param = next_arg(&cursor, &val)) != NULL) {
		if (!strcmp(param, "hugepagesz"))
			hugetlb_parse_hugepagesz(&pc, val);
		else if (!strcmp(param, "hugepages"))
			hugetlb_parse_hugepages(&pc, val);
		else if (!strcmp(param, "default_hugepagesz"))
			hugetlb_parse_default_hugepagesz(&pc, val);
	}
	console_suppress--;
}

static const struct hugetlb_size_request *req(unsigned int order)
{
	int idx = huge_size_index(order);

	return idx < 0 ? NULL : &pc.size[idx];
}

static void test_params_per_node(struct ktest *t)
{
	const struct hugetlb_size_request *g = req(18), *d = req(9);
	u64 mark = printk_log_mark();

	KTEST_ASSERT_NOT_NULL(t, g);
	KTEST_ASSERT_NOT_NULL(t, d);
	parse_line("hugepagesz=1G hugepages=0:2 hugepagesz=2M hugepages=3");
	KTEST_EXPECT_EQ(t, g->seq, 1);
	KTEST_EXPECT_EQ(t, g->pages, 2);
	KTEST_EXPECT_EQ(t, g->node_pages[0], 2);
	KTEST_EXPECT_EQ(t, d->seq, 2);
	KTEST_EXPECT_EQ(t, d->pages, 3);
	KTEST_EXPECT_EQ(t, d->node_pages[0], 0);
	KTEST_EXPECT_NO_LOG(t, mark, "HugeTLB");
	if (nr_node_ids > 1) {
		parse_line("hugepagesz=1G hugepages=0:2,1:1");
		KTEST_EXPECT_EQ(t, g->pages, 3);
		KTEST_EXPECT_EQ(t, g->node_pages[0], 2);
		KTEST_EXPECT_EQ(t, g->node_pages[1], 1);
	}
	/* Before any hugepagesz=: the default size's count, kept apart until hugetlb_init(). */
	parse_line("hugepages=0:4");
	KTEST_EXPECT_EQ(t, pc.dflt.pages, 4);
	KTEST_EXPECT_EQ(t, pc.dflt.node_pages[0], 4);
	/* ... or moved to the size default_hugepagesz= names. */
	parse_line("hugepages=5 default_hugepagesz=1G");
	KTEST_EXPECT_EQ(t, pc.dflt.pages, 0);
	KTEST_EXPECT_EQ(t, g->pages, 5);
	KTEST_EXPECT_EQ(t, pc.default_size, huge_size_index(18));
	/* A plain count ends the value, as Linux's sscanf loop does. */
	parse_line("hugepagesz=2M hugepages=7,8");
	KTEST_EXPECT_EQ(t, d->pages, 7);
}

/* The messages of Linux 6.1 for what it ignores (the same cases give the same lines there). */
static void test_params_bad_values(struct ktest *t)
{
	const struct hugetlb_size_request *g = req(18), *d = req(9);
	char line[96];
	u64 mark = printk_log_mark();

	KTEST_ASSERT_NOT_NULL(t, g);
	KTEST_ASSERT_NOT_NULL(t, d);
	snprintf(line, sizeof(line), "hugepagesz=3M hugepages=2 hugepagesz=1G hugepages=0:1,%u:1 hugepages=1",
		 nr_node_ids);
	parse_line(line);
	KTEST_EXPECT_LOG(t, mark, "HugeTLB: unsupported hugepagesz=3M\n");
	KTEST_EXPECT_LOG(t, mark, "HugeTLB: hugepages=2 does not follow a valid hugepagesz, ignoring\n");
	snprintf(line, sizeof(line), "HugeTLB: Invalid hugepages parameter %u:1\n", nr_node_ids);
	KTEST_EXPECT_LOG(t, mark, line);
	/* The invalid value cleared the count; the next hugepages= is not "twice". */
	KTEST_EXPECT_EQ(t, g->pages, 1);
	KTEST_EXPECT_EQ(t, g->node_pages[0], 0);

	mark = printk_log_mark();
	parse_line("hugepagesz=1G hugepages=1 hugepagesz=1G hugepages=2 hugepagesz=2M hugepages=1:x");
	KTEST_EXPECT_LOG(t, mark, "HugeTLB: hugepagesz=1G specified twice, ignoring\n");
	KTEST_EXPECT_LOG(t, mark, "HugeTLB: hugepages=2 does not follow a valid hugepagesz, ignoring\n");
	KTEST_EXPECT_EQ(t, g->pages, 1);
	if (nr_node_ids > 1)
		KTEST_EXPECT_LOG(t, mark, "HugeTLB: Invalid hugepages parameter x\n");
	KTEST_EXPECT_EQ(t, d->pages, 0);

	mark = printk_log_mark();
	parse_line("hugepagesz=2M hugepages=1 hugepages=2 hugepages=0:1,abc default_hugepagesz=4M");
	KTEST_EXPECT_LOG(t, mark,
			 "HugeTLB: hugepages= specified twice without interleaving hugepagesz=, ignoring hugepages=2\n");
	KTEST_EXPECT_LOG(t, mark,
			 "HugeTLB: hugepages= specified twice without interleaving hugepagesz=, ignoring hugepages=0:1,abc\n");
	KTEST_EXPECT_LOG(t, mark, "HugeTLB: unsupported default_hugepagesz=4M\n");
	KTEST_EXPECT_EQ(t, d->pages, 1);

	mark = printk_log_mark();
	parse_line("hugepages=0:1,abc default_hugepagesz=2M default_hugepagesz=1G");
	KTEST_EXPECT_LOG(t, mark, "HugeTLB: Invalid hugepages parameter abc\n");
	KTEST_EXPECT_LOG(t, mark, "HugeTLB: default_hugepagesz previously specified, ignoring 1G\n");
	KTEST_EXPECT_EQ(t, pc.dflt.pages, 0);
	KTEST_EXPECT_EQ(t, pc.default_size, huge_size_index(9));
}

/* What the boot did with the machine's own hugepages= request. */
static void test_params_boot(struct ktest *t)
{
	struct hstate *h;
	unsigned long asked = 0;
	char line[96];
	u64 mark = 0;		/* the whole boot log */

	for_each_hstate(h) {
		unsigned long per_node = 0;

		asked += h->requested;
		for (int nid = 0; nid < (int)nr_node_ids; nid++) {
			per_node += h->nr_huge_pages_node[nid];
			KTEST_EXPECT_LE(t, h->free_huge_pages_node[nid], h->nr_huge_pages_node[nid]);
		}
		KTEST_EXPECT_EQ(t, per_node, h->nr_huge_pages);
		KTEST_EXPECT_LE(t, h->nr_huge_pages, h->requested);
		KTEST_EXPECT_EQ(t, h->nr_huge_pages, h->max_huge_pages);
		/* Linux's report; the pool is complete or the shortfall was reported. */
		snprintf(line, sizeof(line), "HugeTLB: registered %s page size, pre-allocated ", h->size_str);
		KTEST_EXPECT_LOG(t, mark, line);
		if (h->nr_huge_pages < h->requested) {
			snprintf(line, sizeof(line), "of page size %s failed", h->size_str);
			KTEST_EXPECT_LOG(t, mark, line);
		}
	}
	if (!asked)
		ktest_skip_case(t, "the boot asked for no huge pages");
}

static const struct ktest_case hugetlb_params_cases[] = {
	KTEST_CASE(test_params_per_node),
	KTEST_CASE(test_params_bad_values),
	KTEST_CASE(test_params_boot),
	{}
};
KTEST_SUITE(hugetlb_params, hugetlb_params_cases);

/* ---- suite seed003_gigantic ------------------------------------------------- */

/*
 * Pages of the multi-section size the suite put in an empty pool at run
 * time, as writing nr_hugepages does in Linux (alloc_pool_huge_page()),
 * when the boot asked for none; given back by the suite's exit.
 */
static unsigned long runtime_pool;
static bool runtime_pool_tried;

static void grow_runtime_pool(struct hstate *h)
{
	if (runtime_pool_tried || h->requested || h->nr_huge_pages)
		return;
	runtime_pool_tried = true;
	/* Two pages: clear_copy needs a pair; one, or none, where no more ranges are free. */
	while (runtime_pool < 2 && hugetlb_pool_grow(h, NUMA_NO_NODE))
		runtime_pool++;
	pr_info("seed003: the boot asked for no %s pages: %lu allocated at run time\n", h->size_str,
		runtime_pool);
}

static void seed003_exit(void)
{
	struct hstate *h = multi_section_hstate();

	while (h && runtime_pool && hugetlb_pool_shrink(h, NUMA_NO_NODE))
		runtime_pool--;
	runtime_pool_tried = false;
}

/* Pool pages the seed 003 cases may expect: the boot's, or the run-time ones. */
static unsigned long expected_pool(const struct hstate *h)
{
	return h->requested ? h->requested : runtime_pool;
}

static const char *need_multi_section_pool(struct hstate **hp)
{
	static char why[128];
	struct hstate *h = multi_section_hstate();

	*hp = h;
	if (!h)
		return "no registered gigantic size spans several sections";
	if (fix_enabled(gigantic_section_walk))
		grow_runtime_pool(h);
	if (!expected_pool(h) && fix_enabled(gigantic_section_walk)) {
		snprintf(why, sizeof(why), "the boot asked for no %s pages and no node has a free naturally aligned %s range",
			 h->size_str, h->size_str);
		return why;
	}
	return NULL;
}

/* Why a seed 003 case that wants the fix @want_on cannot run, or NULL (then *@hp is the size to use). */
static const char *seed003_skip(bool want_on, struct hstate **hp)
{
	if (fix_enabled(gigantic_section_walk) != want_on)
		return want_on ? "fix off: see test_negative_control" :
				 "fix on: the negative control runs with nofix=gigantic_section_walk";
	return need_multi_section_pool(hp);
}

/*
 * The boot pool of @h is complete and every page of it well formed, walked
 * with the active walk and independently; page + i leaves the memmap (at
 * the second section) exactly when the memory model splits it.
 */
static void check_boot_pool(struct ktest *t, struct hstate *h)
{
	unsigned long pages = 0;

	KTEST_EXPECT_EQ(t, h->nr_huge_pages, expected_pool(h));
	for (int nid = 0; nid < (int)nr_node_ids; nid++) {
		struct page *head;

		list_for_each_entry(head, &h->hugepage_freelists[nid], lru) {
			unsigned long pfn = page_to_pfn(head), naive_diverges = 0;

			pages++;
			KTEST_EXPECT_EQ(t, page_to_nid(head), nid);
			KTEST_EXPECT_EQ(t, gigantic_page_check(head, h->order, 5), 0);
			KTEST_EXPECT_EQ(t, independent_check(head, h->order), 0);
			for (unsigned long i = 0; i < pages_per_huge_page(h); i++)
				naive_diverges += head + i != pfn_to_page(pfn + i);
			KTEST_EXPECT_GE(t, pages_per_huge_page(h) / PAGES_PER_SECTION, 2);
			/* The first section's memmap holds page + i; the others are elsewhere (SPARSE). */
			KTEST_EXPECT_LE(t, naive_diverges, pages_per_huge_page(h) - PAGES_PER_SECTION);
			if (MEMMAP_SPLIT)
				KTEST_EXPECT_GT(t, naive_diverges, 0);
			else
				KTEST_EXPECT_EQ(t, naive_diverges, 0);
			ktest_info(t, "node %d: %s page at pfn %#lx spans %lu sections; page + i differs from pfn_to_page() for %lu subpages",
				   nid, h->size_str, pfn, pages_per_huge_page(h) / PAGES_PER_SECTION, naive_diverges);
		}
	}
	KTEST_EXPECT_EQ(t, pages, h->free_huge_pages);
}

/* The boot pool, prepared through the section-aware walk, is complete and well formed. */
static void test_boot_pool_multi_section(struct ktest *t)
{
	struct hstate *h;
	const char *why = seed003_skip(true, &h);

	if (why)
		ktest_skip_case(t, "%s", why);
	check_boot_pool(t, h);
}

/* Clear and copy two multi-section pages of the pool, checked frame by frame. */
static void test_multi_section_clear_copy(struct ktest *t)
{
	struct hstate *h;
	const char *why = seed003_skip(true, &h);
	struct page *a, *b;
	unsigned long nr, apfn, bpfn;
	int rc;

	if (why)
		ktest_skip_case(t, "%s", why);
	a = hugetlb_dequeue_page(h, NUMA_NO_NODE);
	b = hugetlb_dequeue_page(h, NUMA_NO_NODE);
	if (!b) {
		if (a)
			hugetlb_enqueue_page(h, a);
		ktest_skip_case(t, "fewer than two %s pages in the pool", h->size_str);
	}
	nr = pages_per_huge_page(h);
	apfn = page_to_pfn(a);
	bpfn = page_to_pfn(b);
	rc = clear_copy_checked(t, b, a, h->order, 3);
	hugetlb_enqueue_page(h, b);
	hugetlb_enqueue_page(h, a);
	if (rc)
		ktest_skip_case(t, "%s pages are in highmem, which cannot be mapped before i386 kmap exists",
				h->size_str);
	ktest_info(t, "cleared pfn %#lx and copied pfn %#lx into it (%lu pages, %lu sections each)",
		   bpfn, apfn, nr, nr / PAGES_PER_SECTION);
}

/* A multi-section pool page goes back to the buddy exactly, and a new one is taken exactly. */
static void test_multi_section_free_realloc(struct ktest *t)
{
	struct hstate *h;
	const char *why = seed003_skip(true, &h);
	unsigned long nr, pool, bad_before = bad_page_count;
	struct page *page;
	struct zone *zone;
	int nid;

	if (why)
		ktest_skip_case(t, "%s", why);
	page = hugetlb_dequeue_page(h, NUMA_NO_NODE);
	if (!page)
		ktest_skip_case(t, "no free %s page in the pool", h->size_str);
	hugetlb_enqueue_page(h, page);
	nr = pages_per_huge_page(h);
	nid = page_to_nid(page);
	zone = page_zone(page);
	pool = h->nr_huge_pages;
	snapshot_free_counts(free_snapshot);
	KTEST_ASSERT_TRUE(t, hugetlb_pool_shrink(h, nid));
	KTEST_EXPECT_EQ(t, h->nr_huge_pages, pool - 1);
	KTEST_EXPECT_EQ(t, free_counts_differ(free_snapshot, zone, (long)nr), 0);
	KTEST_EXPECT_EQ(t, validate_free_lists(10), 0);
	KTEST_ASSERT_TRUE(t, hugetlb_pool_grow(h, nid));
	KTEST_EXPECT_EQ(t, h->nr_huge_pages, pool);
	KTEST_EXPECT_EQ(t, free_counts_differ(free_snapshot, NULL, 0), 0);
	KTEST_EXPECT_EQ(t, validate_free_lists(10), 0);
	KTEST_EXPECT_EQ(t, bad_page_count, bad_before);
	page = list_first_entry(&h->hugepage_freelists[nid], struct page, lru);
	KTEST_EXPECT_EQ(t, gigantic_page_check(page, h->order, 5), 0);
	KTEST_EXPECT_EQ(t, independent_check(page, h->order), 0);
}

/* Without the fix on a model whose memmap is contiguous: the naive walk is harmless. */
static void test_naive_walk_on_contiguous_memmap(struct ktest *t)
{
	struct hstate *h;
	const char *why = seed003_skip(false, &h);

	if (why && fix_enabled(gigantic_section_walk))
		ktest_skip_case(t, "%s", why);
	if (MEMMAP_SPLIT)
		ktest_skip_case(t, "SPARSEMEM splits the memmap: see test_negative_control");
	if (why)
		ktest_skip_case(t, "%s", why);
	check_boot_pool(t, h);
	ktest_skip_case(t, "%s: the memmap is contiguous across sections, page + i is pfn_to_page() (checked)",
			memory_model_name);
}

/* FNV-1a over @len bytes at @p, read without faulting; false if some byte is not mapped. */
static bool hash_nofault(const void *p, size_t len, u64 *out)
{
	u8 buf[256];
	u64 h = 0xcbf29ce484222325ULL;

	for (size_t off = 0; off < len; off += sizeof(buf)) {
		size_t n = len - off < sizeof(buf) ? len - off : sizeof(buf);

		if (copy_from_kernel_nofault(buf, (const u8 *)p + off, n))
			return false;
		for (size_t i = 0; i < n; i++)
			h = (h ^ buf[i]) * 0x100000001b3ULL;
	}
	*out = h;
	return true;
}

static bool log_has_divergence(u64 mark, const struct gigantic_divergence *d)
{
	char line[256];

	snprintf(line, sizeof(line),
		 "gigantic: %s: memmap walk diverges from pfn_to_page() at pfn %#lx (subpage %lu of the order-%u page at pfn %#lx): walk %p, pfn_to_page() %p\n",
		 d->op, d->head_pfn + d->index, d->index, d->order, d->head_pfn, (void *)d->walked,
		 (void *)d->expected);
	return printk_log_contains(mark, line);
}

/* The first divergence must be the first subpage of the second section, where page + i leaves the memmap. */
static void expect_divergence(struct ktest *t, const char *op, unsigned long count_before, u64 mark)
{
	const struct gigantic_divergence *d = &gigantic_last_divergence;
	char refused[64];

	KTEST_EXPECT_EQ(t, d->count, count_before + 1);
	KTEST_EXPECT_STREQ(t, d->op, op);
	KTEST_EXPECT_EQ(t, d->head_pfn & (PAGES_PER_SECTION - 1), 0);
	KTEST_EXPECT_EQ(t, d->index, PAGES_PER_SECTION);
	KTEST_EXPECT_TRUE(t, d->walked == pfn_to_page(d->head_pfn) + d->index);
	KTEST_EXPECT_TRUE(t, d->expected == pfn_to_page(d->head_pfn + d->index));
	KTEST_EXPECT_TRUE(t, d->walked != d->expected);
	KTEST_EXPECT_MSG(t, log_has_divergence(mark, d), "expected the log to show the %s divergence", op);
	snprintf(refused, sizeof(refused), "gigantic: %s refused, nothing written through the walk\n", op);
	KTEST_EXPECT_LOG(t, mark, refused);
}

/*
 * nofix=gigantic_section_walk on SPARSEMEM: the naive walk leaves the
 * section's memmap at the second section. Passes only if every operation
 * detects that before writing: the boot pool was refused, a new allocation
 * is refused with nothing lost, and on a page prepared with the fix, clear,
 * copy, check and free all refuse, leaving the memory the naive walk points
 * into and the real struct pages unchanged.
 */
static void test_negative_control(struct ktest *t)
{
	struct hstate *h;
	const char *why = seed003_skip(false, &h);
	unsigned long nr, count, bad_before = bad_page_count;
	struct page *page = NULL;
	bool unsure = false;
	int nid;
	u64 mark, naive_hash = 0, real_hash = 0, hash;
	bool naive_mapped;
	char line[96];

	if (why && fix_enabled(gigantic_section_walk))
		ktest_skip_case(t, "%s", why);
	if (!MEMMAP_SPLIT)
		ktest_skip_case(t, "%s: the memmap is contiguous across sections (one virtual array, or one per node)",
				memory_model_name);
	if (why)
		ktest_skip_case(t, "%s", why);
	nr = pages_per_huge_page(h);

	/* 1. At boot: every pool page was refused at prep, and the log says where and why. */
	KTEST_EXPECT_EQ(t, h->nr_huge_pages, 0);
	if (h->requested) {
		KTEST_EXPECT_GE(t, gigantic_last_divergence.count, h->requested);
		KTEST_EXPECT_MSG(t, gigantic_last_divergence.count && log_has_divergence(0, &gigantic_last_divergence),
				 "expected the boot log to show the prep divergence");
		snprintf(line, sizeof(line), "of page size %s failed node", h->size_str);
		KTEST_EXPECT_LOG(t, 0, line);
	} else {
		ktest_info(t, "the boot asked for no %s pages: the run-time allocation below shows the walk",
			   h->size_str);
	}

	/* 2. Now: a free range exists, and its allocation is refused with nothing lost. */
	for (nid = 0; nid < (int)nr_node_ids; nid++)
		if (NODE_DATA(nid) && node_can_hold(nid, h->order, GFP_HIGHUSER, &unsure))
			break;
	KTEST_ASSERT_MSG(t, nid < (int)nr_node_ids, "no node has a free %s range to provoke the walk with",
			 h->size_str);
	snapshot_free_counts(free_snapshot);
	count = gigantic_last_divergence.count;
	mark = printk_log_mark();
	console_suppress++;
	page = alloc_gigantic_page(nid, h->order, GFP_HIGHUSER | __GFP_THISNODE | __GFP_NOWARN);
	console_suppress--;
	KTEST_EXPECT_NULL(t, page);
	expect_divergence(t, "prep", count, mark);
	KTEST_EXPECT_EQ(t, free_counts_differ(free_snapshot, NULL, 0), 0);
	KTEST_EXPECT_EQ(t, validate_free_lists(10), 0);
	if (page)
		return;

	/* 3. A page prepared with the fix, then walked without it. */
	fix_gigantic_section_walk_enabled = true;
	page = alloc_gigantic_page(nid, h->order, GFP_HIGHUSER | __GFP_THISNODE | __GFP_NOWARN);
	fix_gigantic_section_walk_enabled = false;
	KTEST_ASSERT_NOT_NULL(t, page);
	{
		const struct page *naive = page + PAGES_PER_SECTION;
		const struct page *real = pfn_to_page(page_to_pfn(page) + PAGES_PER_SECTION);
		const size_t span = MAX_ORDER_NR_PAGES * sizeof(struct page);

		naive_mapped = hash_nofault(naive, span, &naive_hash);
		KTEST_ASSERT_TRUE(t, hash_nofault(real, span, &real_hash));
		snapshot_free_counts(free_snapshot);

		static const char *const ops[] = { "clear", "copy", "check", "free" };
		for (unsigned int i = 0; i < 4; i++) {
			count = gigantic_last_divergence.count;
			mark = printk_log_mark();
			console_suppress++;
			switch (i) {
			case 0: KTEST_EXPECT_EQ(t, clear_gigantic_page(page, h->order), -EFAULT); break;
			case 1: KTEST_EXPECT_EQ(t, copy_gigantic_page(page, page, h->order), -EFAULT); break;
			case 2: KTEST_EXPECT_EQ(t, gigantic_page_check(page, h->order, 5), 1); break;
			case 3: free_gigantic_page(page, h->order); break;
			}
			console_suppress--;
			expect_divergence(t, ops[i], count, mark);
		}
		/* Nothing was written: not where the naive walk points, not the real tails, nothing freed. */
		if (naive_mapped) {
			KTEST_EXPECT_TRUE(t, hash_nofault(naive, span, &hash));
			KTEST_EXPECT_UEQ(t, hash, naive_hash);
		}
		KTEST_EXPECT_TRUE(t, hash_nofault(real, span, &hash));
		KTEST_EXPECT_UEQ(t, hash, real_hash);
		KTEST_EXPECT_TRUE(t, PageHead(page) && page_count(page) == 1);
		KTEST_EXPECT_EQ(t, free_counts_differ(free_snapshot, NULL, 0), 0);
		ktest_info(t, "%s page at pfn %#lx: page + %lu = %p, pfn_to_page() = %p (%s)",
			   h->size_str, page_to_pfn(page), PAGES_PER_SECTION, (void *)naive, (void *)real,
			   naive_mapped ? "the memory there is unchanged" : "not even mapped");
	}
	/* Back with the fix: the page frees exactly. */
	fix_gigantic_section_walk_enabled = true;
	free_gigantic_page(page, h->order);
	fix_gigantic_section_walk_enabled = false;
	KTEST_EXPECT_EQ(t, free_counts_differ(free_snapshot, page_zone(page), (long)nr), 0);
	KTEST_EXPECT_EQ(t, validate_free_lists(10), 0);
	KTEST_EXPECT_EQ(t, bad_page_count, bad_before);
}

/*
 * Seed 003 on a used machine (issue 14): a run-time gigantic page from a
 * range full of movable pages. On the lowest node that has a free naturally
 * aligned range (its free pool pages given back first), every such range is
 * taken, and the lowest, R, is filled with pages of the in-tree movable
 * owner - one in every MAX_ORDER block, so that no block of R the buddy
 * allocator could hand out is free - the rest of R free. (Each owner page
 * is the first write to its part of R: on a QEMU host backing guest RAM
 * with 2 MiB pages each costs the host a huge page, so one per pageblock
 * would cost twice as much for nothing more.) No range is wholly free now, so alloc_gigantic_page()
 * must take R through alloc_contig_range(): every owner page migrates out
 * with its pattern intact, and the page is R, of the order asked, aligned
 * and well formed. Negative control (nofix=gigantic_section_walk on
 * SPARSEMEM): the same migration, then prep refuses at the second section,
 * R goes back. Either way, once everything is freed, every zone's free
 * count is exactly what it was and the free lists are valid. The set-up
 * and the clean-up walk with the fix on.
 */
#define RT_OWNER_CAP	4096	/* MAX_ORDER blocks of the largest range the case fills */
#define RT_HELD_MAX	64	/* gigantic ranges of one node held aside (64 GiB of 1 GiB pages) */
static struct page *rt_owner_pages[RT_OWNER_CAP];
static u32 rt_owner_gen[RT_OWNER_CAP];
static u8 rt_owner_pinned[RT_OWNER_CAP];
static struct movable_owner rt_owner;

static unsigned long rt_owner_pages_in(unsigned long start, unsigned long end)
{
	unsigned long n = 0;

	for (unsigned long s = 0; s < rt_owner.nr; s++)
		n += rt_owner_pages[s] && page_to_pfn(rt_owner_pages[s]) >= start &&
		     page_to_pfn(rt_owner_pages[s]) < end;
	return n;
}

static unsigned long node_free_total(int nid)
{
	unsigned long n = 0;

	for (int z = 0; z < MAX_NR_ZONES; z++)
		n += zone_free_pages_total(&NODE_DATA(nid)->node_zones[z]);
	return n;
}

/*
 * Take every free naturally aligned range of @h on @nid (at most @cap)
 * into @held, the lowest pfn first in @held[0]; how many.
 */
static unsigned int rt_hold_ranges(struct hstate *h, int nid, struct page **held, unsigned int cap)
{
	unsigned int n = 0;

	while (n < cap) {
		struct page *p = alloc_gigantic_page(nid, h->order, GFP_HIGHUSER | __GFP_THISNODE | __GFP_NOWARN);

		if (!p)
			break;
		held[n++] = p;
		for (unsigned int i = n - 1; i && page_to_pfn(held[i]) < page_to_pfn(held[i - 1]); i--) {
			struct page *x = held[i];

			held[i] = held[i - 1];
			held[i - 1] = x;
		}
	}
	return n;
}

/*
 * Fill [start, start + nr), taken whole (alloc_contig_range() of a free
 * range moves nothing): the first page of every @stride (a power of two)
 * adopted by the owner, the other @stride - 1 freed as naturally aligned
 * blocks of order 0 .. log2(@stride) - 1. Returns the pages adopted.
 */
static unsigned long rt_fill_range(unsigned long start, unsigned long nr, unsigned long stride)
{
	unsigned long adopted = 0;

	for (unsigned long base = start; base < start + nr; base += stride) {
		struct page *p = pfn_to_page(base);

		p->_refcount = 1;
		if (movable_owner_adopt(&rt_owner, p) >= 0)
			adopted++;
		else
			__free_pages(p, 0);
		for (unsigned int o = 0; (1UL << o) < stride; o++) {
			struct page *b = pfn_to_page(base + (1UL << o));

			b->_refcount = 1;
			__free_pages(b, o);
		}
	}
	return adopted;
}

static void test_runtime_over_movable_pages(struct ktest *t)
{
	struct hstate *h = multi_section_hstate();
	const bool fix_on = fix_enabled(gigantic_section_walk);
	struct page *held[RT_HELD_MAX], *page;
	unsigned int nheld = 0;
	unsigned long nr, stride, start, adopted, shrunk = 0, outside, low = 0, migrated, count;
	unsigned long bad_before = bad_page_count;
	bool refuse;
	char nodes[160] = "";
	int nid, len = 0, rc;
	u64 mark;

	if (!h)
		ktest_skip_case(t, "no registered gigantic size spans several sections");
	if (holes_in_zone)
		ktest_skip_case(t, "booted with holes_in_zone=1: alloc_contig_range() refuses every range");
	nr = pages_per_huge_page(h);
	stride = MAX_ORDER_NR_PAGES;
	if (nr / stride > RT_OWNER_CAP)
		ktest_skip_case(t, "a %s page spans %lu MAX_ORDER blocks, more than the %d owner slots",
				h->size_str, nr / stride, RT_OWNER_CAP);
	refuse = !fix_on && MEMMAP_SPLIT;

	fix_gigantic_section_walk_enabled = true;
	for (nid = 0; nid < (int)nr_node_ids; nid++) {
		if (!NODE_DATA(nid) || !node_has_memory(nid))
			continue;
		for (shrunk = 0; hugetlb_pool_shrink(h, nid); shrunk++)
			;
		drain_all_pages(NULL);
		snapshot_free_counts(free_snapshot);
		nheld = rt_hold_ranges(h, nid, held, RT_HELD_MAX);
		if (nheld)
			break;
		if (len < (int)sizeof(nodes) - 40)
			len += snprintf(nodes + len, sizeof(nodes) - len, "%snode %d: %lu free pages",
					len ? ", " : "", nid, node_free_total(nid));
		for (; shrunk && hugetlb_pool_grow(h, nid); shrunk--)
			;
	}
	if (!nheld) {
		fix_gigantic_section_walk_enabled = fix_on;
		ktest_skip_case(t, "no node has a free naturally aligned %s range (%lu pages) to fill (%s)",
				h->size_str, nr, nodes);
	}
	if (nheld == RT_HELD_MAX) {
		for (unsigned int i = 0; i < nheld; i++)
			free_gigantic_page(held[i], h->order);
		for (; shrunk && hugetlb_pool_grow(h, nid); shrunk--)
			;
		fix_gigantic_section_walk_enabled = fix_on;
		ktest_skip_case(t, "node %d has %u or more free %s ranges, more than the case can hold aside to leave one candidate",
				nid, nheld, h->size_str);
	}
	start = page_to_pfn(held[0]);
	free_gigantic_page(held[0], h->order);
	movable_owner_init(&rt_owner, rt_owner_pages, rt_owner_gen, rt_owner_pinned, RT_OWNER_CAP);
	rc = alloc_contig_range(start, start + nr, MIGRATE_MOVABLE, GFP_HIGHUSER_MOVABLE);
	if (rc)
		fix_gigantic_section_walk_enabled = fix_on;
	KTEST_ASSERT_EQ(t, rc, 0);	/* R is free: nothing to move */
	adopted = rt_fill_range(start, nr, stride);
	KTEST_EXPECT_EQ(t, adopted, nr / stride);
	KTEST_EXPECT_EQ(t, rt_owner_pages_in(start, start + nr), adopted);
	drain_all_pages(NULL);
	/*
	 * R's free pages now count towards its zone's low watermark, so a free
	 * range the hold above had to leave for want of them may pass the
	 * check and be preferred to R (i386-sparse pcihole: [5G, 6G) after R
	 * at 4G). Hold those too, with R's owner pages pinned so that the
	 * migrating search cannot take R itself.
	 */
	for (unsigned long i = 0; i < rt_owner.nr; i++)
		rt_owner_pinned[i]++;
	nheld += rt_hold_ranges(h, nid, held + nheld, RT_HELD_MAX - nheld);
	for (unsigned long i = 0; i < rt_owner.nr; i++)
		rt_owner_pinned[i]--;
	KTEST_EXPECT_EQ(t, rt_owner_pages_in(start, start + nr), adopted);
	KTEST_EXPECT_EQ(t, rt_owner.moves, 0);
	/* The migration targets come from outside R: its zone must keep its low watermark too. */
	outside = zone_free_pages_total(page_zone(pfn_to_page(start))) - (nr - adopted);
	low = low_wmark_pages(page_zone(pfn_to_page(start)));
	if (outside < adopted + low) {
		movable_owner_free_all(&rt_owner);
		for (unsigned int i = 1; i < nheld; i++)
			free_gigantic_page(held[i], h->order);
		for (; shrunk && hugetlb_pool_grow(h, nid); shrunk--)
			;
		fix_gigantic_section_walk_enabled = fix_on;
		ktest_skip_case(t, "node %d: %lu free pages outside [%#lx, %#lx) in its zone, fewer than the %lu owner pages to move plus the low watermark %lu",
				nid, outside, start, start + nr, adopted, low);
	}

	/* The allocation under test: R is the only candidate, and it holds movable pages. */
	migrated = global_vm_event(PGMIGRATE_SUCCESS);
	count = gigantic_last_divergence.count;
	mark = printk_log_mark();
	fix_gigantic_section_walk_enabled = fix_on;
	if (refuse)
		console_suppress++;
	page = alloc_gigantic_page(nid, h->order, GFP_HIGHUSER | __GFP_THISNODE | __GFP_NOWARN);
	if (refuse)
		console_suppress--;
	fix_gigantic_section_walk_enabled = true;
	KTEST_EXPECT_EQ(t, movable_owner_verify(&rt_owner), 0);
	KTEST_EXPECT_EQ(t, rt_owner.bad_patterns, 0);
	KTEST_EXPECT_EQ(t, rt_owner.moves, adopted);
	KTEST_EXPECT_EQ(t, global_vm_event(PGMIGRATE_SUCCESS) - migrated, adopted);
	KTEST_EXPECT_EQ(t, rt_owner_pages_in(start, start + nr), 0);
	if (refuse) {
		KTEST_EXPECT_NULL(t, page);
		expect_divergence(t, "prep", count, mark);
	} else {
		KTEST_EXPECT_NOT_NULL(t, page);
	}
	if (page) {
		KTEST_EXPECT_EQ(t, page_to_pfn(page), start);
		KTEST_EXPECT_EQ(t, page_to_pfn(page) & (nr - 1), 0);
		KTEST_EXPECT_EQ(t, page->private, h->order);
		KTEST_EXPECT_EQ(t, gigantic_page_check(page, h->order, 5), 0);
		KTEST_EXPECT_EQ(t, independent_check(page, h->order), 0);
		free_gigantic_page(page, h->order);
	}
	ktest_info(t, "node %d: %s at pfn %#lx held %lu owner pages (one per %lu-page MAX_ORDER block), %lu migrated out, %s",
		   nid, h->size_str, start, adopted, stride, rt_owner.moves,
		   refuse ? "then prep refused the naive walk (negative control)" :
			    page ? "then allocated" : "not allocated");

	/* Everything back: the free counts are exactly those before the set-up. */
	movable_owner_free_all(&rt_owner);
	for (unsigned int i = 1; i < nheld; i++)
		free_gigantic_page(held[i], h->order);
	drain_all_pages(NULL);
	KTEST_EXPECT_EQ(t, free_counts_differ(free_snapshot, NULL, 0), 0);
	KTEST_EXPECT_EQ(t, validate_free_lists(10), 0);
	KTEST_EXPECT_EQ(t, bad_page_count, bad_before);
	for (; shrunk && hugetlb_pool_grow(h, nid); shrunk--)
		;
	KTEST_EXPECT_EQ(t, shrunk, 0);
	fix_gigantic_section_walk_enabled = fix_on;
}

static const struct ktest_case seed003_cases[] = {
	KTEST_CASE(test_boot_pool_multi_section),
	KTEST_CASE(test_multi_section_clear_copy),
	KTEST_CASE(test_multi_section_free_realloc),
	KTEST_CASE(test_naive_walk_on_contiguous_memmap),
	KTEST_CASE(test_negative_control),
	KTEST_CASE(test_runtime_over_movable_pages),
	{}
};
KTEST_SUITE_FULL(seed003_gigantic, .cases = seed003_cases, .exit = seed003_exit);
