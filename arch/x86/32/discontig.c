// SPDX-License-Identifier: GPL-2.0-only
/*
 * i386 DISCONTIG: the KVA remap window for other nodes' pglist_data and
 * memmap (seeds 000 and 001), after Linux 2.6.23's arch/i386/mm/discontig.c.
 * Built for i386 DISCONTIG only (mk/objs.mk); arch/x86/no_kva.c stands in
 * for it everywhere else.
 * The arithmetic and the resulting layout are documented in asm/kva.h.
 *
 * numa_kva_setup() runs in setup_arch() after x86_numa_init() (memblock
 * knows every range's node) and before any pglist_data is allocated
 * (setup_arch() defers numa_alloc_node_data() until after it), with the
 * kernel's page tables live. Nothing else has been allocated from memblock
 * by then (the page tables are static; debug_pagealloc's 4 KiB ones come
 * from just above the kernel image, and set_pmd_large()/clear_pmd() BUG if
 * the window or the trim would take them), so the lowmem the window takes
 * is free of early allocations. The 4 KiB page tables the window's large
 * pages and the trim replace go back to memblock. It leaves:
 *   - NODE_DATA(nid) and NODE_DATA(nid)->node_mem_map set, and
 *     numa_set_node_data_phys() recorded, for every remapped node;
 *   - max_low_pfn lowered (never raised), the direct map cut back to it,
 *     and memblock's allocation limit at the new lowmem end, so later
 *     __va() users only ever get lowmem;
 *   - the reservations and log lines described in asm/kva.h.
 */
#include <kernel/types.h>
#include <kernel/compiler.h>
#include <kernel/printk.h>
#include <kernel/panic.h>
#include <kernel/report.h>
#include <lib/string.h>
#include <arch/memmap.h>
#include <mm/memblock.h>
#include <mm/mmzone.h>
#include <mm/page.h>
#include <asm/setup.h>
#include <asm/numa.h>
#include <asm/pgtable_32.h>
#include <asm/kva.h>

struct kva_layout kva_layout;

/* Documentation/seeds/001-kva-waste.md */
DEFINE_FIX(kva_reserve_waste, "seed001_kva_waste",
	   "i386 DISCONTIG: the lowmem pages the KVA window's PMD alignment wastes are reserved, "
	   "and an empty window makes no zero-length reservation");
/* Documentation/seeds/000-zone-alignment.md */
DEFINE_FIX(kva_zone_align, "seed000_zone_alignment",
	   "i386 DISCONTIG: the end of ZONE_NORMAL is aligned down to MAX_ORDER_NR_PAGES "
	   "after the KVA window is taken from it");

/* Lowmem that must remain once the window is taken: Linux would not boot with less either. */
#define KVA_MIN_LOWMEM_PAGES	((64UL << 20) >> PAGE_SHIFT)

/* [*start, *end) of @nid's memblock pfns, as free_area_init() will compute it. */
static void node_span(int nid, unsigned long *start, unsigned long *end)
{
	u64 idx = 0;
	phys_addr_t s, e;

	*start = ~0UL;
	*end = 0;
	while (memblock_next_mem_range(&idx, nid, &s, &e, NULL)) {
		if (PFN_UP(s) >= PFN_DOWN(e))
			continue;
		*start = min(*start, PFN_UP(s));
		*end = max(*end, PFN_DOWN(e));
	}
	if (*start >= *end)
		*start = *end = 0;
}

/* The node of the memory at @pfn (NUMA_NO_NODE if none). */
static int pfn_nid(unsigned long pfn)
{
	u64 idx = 0;
	phys_addr_t s, e;
	int nid;

	while (memblock_next_mem_range(&idx, NUMA_NO_NODE, &s, &e, &nid))
		if (PFN_PHYS(pfn) >= s && PFN_PHYS(pfn) < e)
			return nid;
	return NUMA_NO_NODE;
}

/* A PMD-aligned block on @nid exactly, wherever it is (highmem too, below 64 GiB). */
static phys_addr_t alloc_node_block(int nid, phys_addr_t size)
{
	phys_addr_t limit = memblock.current_limit, pa;

	memblock_set_current_limit(1ULL << MAX_PHYSMEM_BITS);
	pa = memblock_phys_alloc_exact_nid(size, PMD_SIZE, nid);
	memblock_set_current_limit(limit);
	return pa;
}

/*
 * Linux 2.6.23's reserve_bootmem() as numa_kva_reserve() used it: a
 * zero-length reservation is a BUG there, which is what booting a NUMA
 * kernel on a machine without NUMA ran into (the window is empty).
 */
static void kva_reserve(phys_addr_t base, phys_addr_t size)
{
	struct kva_layout *k = &kva_layout;

	BUG_ON(k->nr_reservations >= ARRAY_SIZE(k->reservation));
	k->reservation[k->nr_reservations].base = base;
	k->reservation[k->nr_reservations].size = size;
	k->nr_reservations++;
	if (!size) {
		pr_crit("reserve_bootmem: zero-length reservation at %#010llx (the KVA window is empty)\n",
			(unsigned long long)base);
		BUG();
	}
	memblock_reserve(base, size);
}

/* Pass 1: size, place and count every remapped node's block. */
static void kva_place_nodes(void)
{
	struct kva_layout *k = &kva_layout;
	const unsigned long pgdat_bytes = ALIGN(sizeof(pg_data_t), PAGE_SIZE);

	for (int nid = 1; nid < (int)nr_node_ids && nid < MAX_NUMNODES; nid++) {
		struct kva_node *n = &k->node[nid];
		unsigned long s, e, pages;
		u64 bytes;

		if (!numa_node_data_wanted(nid))
			continue;
		node_span(nid, &s, &e);
		if (s == e)
			continue;
		n->span_start_pfn = s;
		n->span_pages = e - s;
		bytes = pgdat_bytes + (u64)n->span_pages * sizeof(struct page);
		pages = (unsigned long)DIV_ROUND_UP(bytes, PMD_SIZE) * PTRS_PER_PTE;
		n->phys = alloc_node_block(nid, PFN_PHYS(pages));
		if (!n->phys) {
			pr_warn("KVA: node %d has no free %lu MiB block: its memmap stays in lowmem\n",
				nid, pages >> (20 - PAGE_SHIFT));
			pages = 0;
		}
		pr_info("Reserving %lu pages of KVA for lmem_map of node %d\n", pages, nid);
		n->pages = pages;
		n->offset = k->kva_pages;
		k->kva_pages += pages;
		if (pages)
			node_set(nid, k->remapped);
	}
	pr_info("Reserving total of %lu pages for numa KVA remap\n", k->kva_pages);
}

/* Map each remapped node's block into the window; its pgdat and memmap become reachable. */
static void kva_remap_nodes(void)
{
	struct kva_layout *k = &kva_layout;
	const unsigned long pgdat_bytes = ALIGN(sizeof(pg_data_t), PAGE_SIZE);

	for (int nid = 1; nid < MAX_NUMNODES; nid++) {
		struct kva_node *n = &k->node[nid];
		unsigned long vaddr = PAGE_OFFSET + (unsigned long)PFN_PHYS(k->start_pfn + n->offset);
		pg_data_t *pgdat;

		if (!node_isset(nid, k->remapped))
			continue;
		for (unsigned long i = 0; i < n->pages; i += PTRS_PER_PTE)
			set_pmd_large(vaddr + (i << PAGE_SHIFT), n->phys + PFN_PHYS(i), PAGE_KERNEL_LARGE);
		pr_info("node %d will remap to vaddr %08lx - %08lx\n", nid, vaddr,
			vaddr + (n->pages << PAGE_SHIFT));
		numa_set_node_data_phys(nid, n->phys);
		numa_print_node_data(nid, n->phys, pgdat_bytes);
		pgdat = (pg_data_t *)vaddr;
		memset(pgdat, 0, sizeof(*pgdat));
		pgdat->node_mem_map = (struct page *)(vaddr + pgdat_bytes);
		NODE_DATA(nid) = pgdat;
		/* The block holds the whole span's struct pages after the pgdat. */
		BUG_ON(pgdat_bytes + (u64)n->span_pages * sizeof(struct page) > PFN_PHYS(n->pages));
	}
}

/* Take the direct map back to @new_end, keeping the window's large pages. */
static void kva_trim_direct_map(unsigned long new_end, unsigned long old_end)
{
	const struct kva_layout *k = &kva_layout;
	unsigned long win_end = k->start_pfn + k->kva_pages;

	if (new_end >= old_end)
		return;
	BUG_ON(!IS_ALIGNED(new_end, PTRS_PER_PTE));
	for (unsigned long pfn = new_end; pfn < old_end; pfn += PTRS_PER_PTE) {
		if (pfn >= k->start_pfn && pfn < win_end)
			continue;
		clear_pmd(PAGE_OFFSET + (unsigned long)PFN_PHYS(pfn));
	}
	flush_tlb_all();
}

void numa_kva_setup(void)
{
	struct kva_layout *k = &kva_layout;
	unsigned long old = (unsigned long)max_low_pfn, new_end, waste;
	int end_nid;

	BUG_ON(k->done || !kernel_pgtables_live);
	memset(k, 0, sizeof(*k));
	k->old_max_low_pfn = old;

	kva_place_nodes();
	if (k->kva_pages) {
		if (k->kva_pages + KVA_MIN_LOWMEM_PAGES > old)
			panic("KVA: a window of %lu pages leaves too little of %lu pages of lowmem",
			      k->kva_pages, old);
		k->start_pfn = ALIGN_DOWN(old - k->kva_pages, PTRS_PER_PTE);
	} else {
		k->start_pfn = old;	/* nothing taken, nothing to align */
	}
	k->waste_start_pfn = k->start_pfn + k->kva_pages;
	k->waste_end_pfn = old;
	waste = k->waste_end_pfn - k->waste_start_pfn;
	BUG_ON(k->waste_start_pfn > old || waste >= PTRS_PER_PTE);

	pr_info("kva_start_pfn ~ %lu find_max_low_pfn() ~ %lu\n", k->start_pfn, old);
	end_nid = pfn_nid(old - 1);
	if (k->kva_pages) {
		pr_info("Shrinking node %d from %lu pages to %lu pages\n", end_nid, old,
			old - k->kva_pages);
		if (waste)
			pr_info("Shrinking node %d further by %lu pages for proper alignment\n",
				end_nid, waste);
	}

	/* The window's own lowmem pages: never a zero-length reservation (seed 001). */
	if (k->kva_pages || !fix_enabled(kva_reserve_waste))
		kva_reserve(PFN_PHYS(k->start_pfn), PFN_PHYS(k->kva_pages));
	if (waste && fix_enabled(kva_reserve_waste)) {
		kva_reserve(PFN_PHYS(k->waste_start_pfn), PFN_PHYS(waste));
		k->waste_reserved = true;
		pr_info("KVA: reserving %lu pages wasted by the window's alignment [mem %#010llx-%#010llx]\n",
			waste, (unsigned long long)PFN_PHYS(k->waste_start_pfn),
			(unsigned long long)PFN_PHYS(k->waste_end_pfn) - 1);
	} else if (waste) {
		pr_notice("KVA: %lu pages wasted by the window's alignment [mem %#010llx-%#010llx] stay free, with no memmap (nofix=kva_reserve_waste)\n",
			  waste, (unsigned long long)PFN_PHYS(k->waste_start_pfn),
			  (unsigned long long)PFN_PHYS(k->waste_end_pfn) - 1);
	}

	kva_remap_nodes();

	/* Seed 000: the end of ZONE_NORMAL (the start of ZONE_HIGHMEM) on a MAX_ORDER boundary. */
	new_end = k->start_pfn;
	if (fix_enabled(kva_zone_align)) {
		new_end = ALIGN_DOWN(new_end, MAX_ORDER_NR_PAGES);
		if (new_end != k->start_pfn)
			pr_info("KVA: aligning the end of ZONE_NORMAL from pfn %#lx down to %#lx (MAX_ORDER_NR_PAGES)\n",
				k->start_pfn, new_end);
	} else if (!IS_ALIGNED(new_end, MAX_ORDER_NR_PAGES)) {
		pr_notice("KVA: the end of ZONE_NORMAL, pfn %#lx, is not aligned to MAX_ORDER_NR_PAGES (nofix=kva_zone_align)\n",
			  new_end);
	}
	kva_trim_direct_map(new_end, old);
	max_low_pfn = new_end;
	k->max_low_pfn = new_end;
	memblock_set_current_limit(PFN_PHYS(new_end));
	k->done = true;

	pr_info("Low memory ends at vaddr %08lx\n", PAGE_OFFSET + (unsigned long)PFN_PHYS(new_end));
	pr_info("High memory starts at vaddr %08lx\n", PAGE_OFFSET + (unsigned long)PFN_PHYS(new_end));
	pr_notice("%lluMB HIGHMEM available.\n",
		  (unsigned long long)(max_pfn > max_low_pfn ? max_pfn - max_low_pfn : 0) >> (20 - PAGE_SHIFT));
	pr_notice("%lluMB LOWMEM available.\n", (unsigned long long)max_low_pfn >> (20 - PAGE_SHIFT));
}

bool arch_memmap_skip_range(unsigned long *start_pfn, unsigned long *end_pfn)
{
	const struct kva_layout *k = &kva_layout;

	if (!k->done || k->waste_reserved || k->waste_start_pfn >= k->waste_end_pfn)
		return false;
	*start_pfn = k->waste_start_pfn;
	*end_pfn = k->waste_end_pfn;
	return true;
}
