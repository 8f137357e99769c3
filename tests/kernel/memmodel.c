// SPDX-License-Identifier: GPL-2.0-only
/*
 * The live memory model, checked over every pfn of the machine:
 *  - pfn_to_page/page_to_pfn round trip for every valid pfn;
 *  - every pfn of memblock memory is valid, initialised, on the node the
 *    firmware (SRAT) gave it and inside the zone page_zone() names, and
 *    PG_reserved exactly when memblock reserved any byte of it;
 *  - every valid pfn that is not memory is initialised and reserved
 *    (seed 004's default: whole-pageblock memmaps, reserved hole pages);
 *  - each node's memmap lives in that node's memory.
 */
#include <kernel/ktest.h>
#include <kernel/printk.h>
#include <mm/memblock.h>
#include <mm/memory_model.h>
#include <mm/numa.h>
#include <mm/pfn_walk.h>
#include <arch/memory.h>
#include <asm/setup.h>

/* The node of the memblock memory holding @pa: untagged memory is node 0's. */
static int memblock_nid_of(phys_addr_t pa)
{
	int nid = memblock_search_pfn_nid(PFN_DOWN(pa), NULL, NULL);

	return nid == NUMA_NO_NODE && memblock_is_memory(pa) ? 0 : nid;
}

/* One past the last pfn that may have a struct page. */
static unsigned long pfn_limit(void)
{
	return ALIGN((unsigned long)max_pfn, PAGES_PER_SECTION);
}

static void test_round_trip(struct ktest *t)
{
	unsigned long valid = 0, bad = 0;

	for (unsigned long pfn = 0; pfn < pfn_limit(); pfn++) {
		if (!pfn_valid(pfn))
			continue;
		/* holes_in_zone=1: hole pages are uninitialised; only pfn_valid_within() pfns are usable. */
		if (holes_in_zone && !pfn_valid_within(pfn))
			continue;
		valid++;
		if (page_to_pfn(pfn_to_page(pfn)) != pfn && bad++ < 5)
			ktest_info(t, "pfn %#lx -> page %p -> pfn %#lx", pfn, (void *)pfn_to_page(pfn),
				   page_to_pfn(pfn_to_page(pfn)));
	}
	ktest_info(t, "%lu valid pfns (%s)", valid, memory_model_name);
	KTEST_EXPECT_GT(t, valid, 0);
	KTEST_EXPECT_EQ(t, bad, 0);
}

static void test_memory_pages(struct ktest *t)
{
	u64 idx = 0;
	phys_addr_t start, end;
	int nid;
	unsigned long pages = 0, bad = 0, split = 0;

	while (memblock_next_mem_range(&idx, NUMA_NO_NODE, &start, &end, &nid)) {
		int want_nid = nid == NUMA_NO_NODE ? 0 : nid;

		/*
		 * A region that starts inside a page (an SRAT range boundary not
		 * page aligned) shares that page with the region below it: the
		 * page belongs to neither node's memory, as in Linux.
		 */
		if (start & (PAGE_SIZE - 1))
			split++;

		for (unsigned long pfn = PFN_UP(start); pfn < PFN_DOWN(end); pfn++) {
			struct page *page;
			struct zone *zone;

			pages++;
			if (!pfn_valid(pfn)) {
				if (bad++ < 5)
					ktest_info(t, "memory pfn %#lx has no struct page", pfn);
				continue;
			}
			page = pfn_to_page(pfn);
			zone = page_zone(page);
			if (page_memmap_poisoned(page) || page_to_nid(page) != want_nid ||
			    !zone_spans_pfn(zone, pfn) || zone->node != want_nid ||
			    PageReserved(page) != memblock_overlaps_region(&memblock.reserved, PFN_PHYS(pfn), PAGE_SIZE) ||
			    PageHole(page)) {
				if (bad++ < 5)
					ktest_info(t, "pfn %#lx: flags %#lx nid %d (want %d) zone %s [%#lx, %#lx)",
						   pfn, page->flags, page_to_nid(page), want_nid,
						   zone->name, zone->zone_start_pfn, zone_end_pfn(zone));
			}
		}
	}
	if (split)
		ktest_info(t, "%lu pages split between two memory regions", split);
	KTEST_EXPECT_EQ(t, pages, (memblock_phys_mem_size() >> PAGE_SHIFT) - split);
	KTEST_EXPECT_EQ(t, bad, 0);
}

static void test_hole_pages(struct ktest *t)
{
	unsigned long holes = 0, bad = 0;

	for (unsigned long pfn = 0; pfn < pfn_limit(); pfn++) {
		struct page *page;

		if (!pfn_valid(pfn) || memblock_is_memory(PFN_PHYS(pfn)))
			continue;
		holes++;
		page = pfn_to_page(pfn);
		if (holes_in_zone) {
			/* seed 004's other strategy: hole pages stay uninitialised. */
			if (!page_memmap_poisoned(page) && bad++ < 5)
				ktest_info(t, "hole pfn %#lx initialised under holes_in_zone", pfn);
			continue;
		}
		if ((page_memmap_poisoned(page) || !PageReserved(page) || !PageHole(page)) && bad++ < 5)
			ktest_info(t, "hole pfn %#lx: flags %#lx", pfn, page->flags);
	}
	ktest_info(t, "%lu hole pfns with a struct page", holes);
	KTEST_EXPECT_EQ(t, bad, 0);
}

/* Every page of @bytes of memmap at @map is in memory of @nid. */
static unsigned long memmap_off_node(const void *map, size_t bytes, int nid)
{
	unsigned long off = 0;

	for (size_t o = 0; o < bytes; o += PAGE_SIZE) {
		phys_addr_t pa = slow_virt_to_phys((const char *)map + o);
		if (pa == ~(phys_addr_t)0 || memblock_nid_of(pa) != nid)
			off++;
	}
	return off;
}

/* A node's memory reachable for early allocations (i386: lowmem only). */
static bool node_has_allocatable(int nid)
{
	u64 idx = 0;
	phys_addr_t start, end;
	int n;

	while (memblock_next_mem_range(&idx, nid, &start, &end, &n))
		if (start < memblock.current_limit && end - start >= (8UL << 20))
			return true;
	return false;
}

static void test_memmap_node_local(struct ktest *t)
{
	unsigned long checked = 0, off = 0;

#if defined(CONFIG_MEMMODEL_SPARSE) || defined(CONFIG_MEMMODEL_VMEMMAP)
	for (unsigned long nr = 0; nr < pfn_to_section_nr(pfn_limit()); nr++) {
		const struct mem_section *ms = __nr_to_section(nr);

		if (!valid_section(ms) || !node_has_allocatable(ms->nid))
			continue;
		checked++;
		unsigned long o = memmap_off_node(pfn_to_page(section_nr_to_pfn(nr)),
						  PAGES_PER_SECTION * sizeof(struct page), ms->nid);
		if (o && off++ < 5)
			ktest_info(t, "section %lu (node %d): %lu memmap pages elsewhere", nr, ms->nid, o);
	}
#else
	for (int nid = 0; nid < (int)nr_node_ids; nid++) {
		const pg_data_t *pgdat = NODE_DATA(nid);

		if (!pgdat || !pgdat->node_mem_map || !node_has_allocatable(nid))
			continue;
		checked++;
		unsigned long o = memmap_off_node(pgdat->node_mem_map,
						  pgdat->node_spanned_pages * sizeof(struct page), nid);
		if (o && off++ < 5)
			ktest_info(t, "node %d: %lu memmap pages elsewhere", nid, o);
	}
#endif
	KTEST_EXPECT_GT(t, checked, 0);
	KTEST_EXPECT_EQ(t, off, 0);
}

static void test_struct_page_size(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, sizeof(struct page), sizeof(long) == 8 ? 32 : 20);
	KTEST_EXPECT_EQ(t, memmap_bytes % sizeof(struct page), 0);
}

static const struct ktest_case memmodel_cases[] = {
	KTEST_CASE(test_struct_page_size),
	KTEST_CASE(test_round_trip),
	KTEST_CASE(test_memory_pages),
	KTEST_CASE(test_hole_pages),
	KTEST_CASE(test_memmap_node_local),
	{}
};
KTEST_SUITE(memmodel, memmodel_cases);
