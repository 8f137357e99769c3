// SPDX-License-Identifier: GPL-2.0-only
/*
 * kva: the i386 DISCONTIG KVA remap window (seeds 000 and 001), checked
 * against an independent recomputation of Linux 2.6.23's arithmetic from
 * what mm/ made of the nodes (node_start_pfn, node_spanned_pages), against
 * the page tables, memblock and the kernel log. Skipped in every other
 * configuration.
 *
 * Boot parameter for catalogue machines: expect.kva=zone-misaligned says
 * the machine runs with nofix=kva_zone_align AND its window leaves ZONE_NORMAL
 * ending off a MAX_ORDER boundary, so the seed 000 report must be in the log
 * (without it a negative control could pass by never being exercised).
 */
#include <kernel/ktest.h>
#include <kernel/errno.h>
#include <kernel/params.h>
#include <kernel/printk.h>
#include <kernel/report.h>
#include <lib/printf.h>
#include <lib/string.h>
#include <arch/cpu.h>
#include <arch/highmem.h>
#include <arch/memmap.h>
#include <mm/memblock.h>
#include <mm/mmzone.h>
#include <mm/mm_init.h>
#include <mm/page.h>
#include <asm/setup.h>

#include <asm/kva.h>
#include <asm/pgtable_32.h>

#define PMD_PAGES	PTRS_PER_PTE

static bool expect_zone_misaligned;

static int expect_kva_setup(const char *val)
{
	if (!val || strcmp(val, "zone-misaligned"))
		return -EINVAL;
	expect_zone_misaligned = true;
	return 0;
}
__setup("expect.kva", expect_kva_setup);

/* What the arithmetic says, recomputed from mm/'s view of the nodes. */
struct kva_expect {
	unsigned long old_max_low, total, start, waste_start, waste_end, max_low;
	unsigned long pages[MAX_NUMNODES], offset[MAX_NUMNODES];
	nodemask_t remapped;
};

static void kva_recompute(struct kva_expect *x)
{
	const unsigned long pgdat_bytes = ALIGN(sizeof(pg_data_t), PAGE_SIZE);

	memset(x, 0, sizeof(*x));
	x->old_max_low = (unsigned long)min(max_pfn, (u64)ARCH_MAX_LOW_PFN);
	for (int nid = 1; nid < (int)nr_node_ids; nid++) {
		const pg_data_t *pgdat = NODE_DATA(nid);
		u64 bytes;

		/* Every node with memory is online, however small (as the reference Linux 6.1). */
		if (!pgdat || !pgdat->node_spanned_pages)
			continue;
		bytes = pgdat_bytes + (u64)pgdat->node_spanned_pages * sizeof(struct page);
		x->pages[nid] = (unsigned long)((bytes + PMD_SIZE - 1) / PMD_SIZE) * PMD_PAGES;
		/* A node with less memory than its block (a tiny node) keeps its memmap in lowmem. */
		if (pgdat->node_present_pages < x->pages[nid]) {
			x->pages[nid] = 0;
			continue;
		}
		x->offset[nid] = x->total;
		x->total += x->pages[nid];
		node_set(nid, x->remapped);
	}
	x->start = x->total ? (x->old_max_low - x->total) / PMD_PAGES * PMD_PAGES : x->old_max_low;
	x->waste_start = x->start + x->total;
	x->waste_end = x->old_max_low;
	x->max_low = fix_enabled(kva_zone_align) ? x->start / MAX_ORDER_NR_PAGES * MAX_ORDER_NR_PAGES
						 : x->start;
}

static const char *kva_skip(void)
{
	if (!kva_layout.done)
		return "numa_kva_setup() did not run";
	return NULL;
}

/* The node whose memblock memory holds @phys. */
static int phys_nid(phys_addr_t phys)
{
	return memblock_search_pfn_nid(PFN_DOWN(phys), NULL, NULL);
}

static bool all_reserved(unsigned long spfn, unsigned long epfn)
{
	for (unsigned long pfn = spfn; pfn < epfn; pfn++)
		if (!memblock_is_reserved(PFN_PHYS(pfn)))
			return false;
	return true;
}

static bool none_reserved(unsigned long spfn, unsigned long epfn)
{
	for (unsigned long pfn = spfn; pfn < epfn; pfn++)
		if (memblock_is_reserved(PFN_PHYS(pfn)))
			return false;
	return true;
}

static bool va_mapped(unsigned long va)
{
	struct pt_walk w;

	return pt_walk(va, &w);
}

static unsigned long pfn_va(unsigned long pfn)
{
	return PAGE_OFFSET + (unsigned long)PFN_PHYS(pfn);
}

/* The window and the waste are exactly where the arithmetic puts them. */
static void test_kva_arithmetic(struct ktest *t)
{
	const struct kva_layout *k = &kva_layout;
	struct kva_expect x;

	kva_recompute(&x);
	ktest_info(t, "lowmem end %#lx, window %lu pages at pfn %#lx, waste [%#lx, %#lx), max_low_pfn %#lx",
		   x.old_max_low, x.total, x.start, x.waste_start, x.waste_end, x.max_low);
	KTEST_EXPECT_EQ(t, k->old_max_low_pfn, x.old_max_low);
	KTEST_EXPECT(t, !memcmp(&k->remapped, &x.remapped, sizeof(x.remapped)));
	for (int nid = 1; nid < (int)nr_node_ids; nid++) {
		if (!node_isset(nid, x.remapped))
			continue;
		KTEST_EXPECT_EQ(t, k->node[nid].pages, x.pages[nid]);
		KTEST_EXPECT_EQ(t, k->node[nid].offset, x.offset[nid]);
		KTEST_EXPECT_EQ(t, k->node[nid].span_start_pfn, NODE_DATA(nid)->node_start_pfn);
		KTEST_EXPECT_EQ(t, k->node[nid].span_pages, NODE_DATA(nid)->node_spanned_pages);
	}
	KTEST_EXPECT_EQ(t, k->kva_pages, x.total);
	KTEST_EXPECT_EQ(t, k->start_pfn, x.start);
	if (x.total)
		KTEST_EXPECT_EQ(t, k->start_pfn % PMD_PAGES, 0);
	KTEST_EXPECT_EQ(t, k->waste_start_pfn, x.waste_start);
	KTEST_EXPECT_EQ(t, k->waste_end_pfn, x.waste_end);
	KTEST_EXPECT_LT(t, x.waste_end - x.waste_start, PMD_PAGES);
	KTEST_EXPECT_EQ(t, k->max_low_pfn, x.max_low);
	KTEST_EXPECT_EQ(t, max_low_pfn, x.max_low);
	KTEST_EXPECT_EQ(t, memblock.current_limit, PFN_PHYS(x.max_low));
}

/* Each remapped node's pgdat and memmap: in the window, 2 MiB pages, physically on the node. */
static void test_kva_memmap_on_node(struct ktest *t)
{
	const struct kva_layout *k = &kva_layout;
	const unsigned long pgdat_bytes = ALIGN(sizeof(pg_data_t), PAGE_SIZE);
	unsigned int checked = 0;

	for (int nid = 1; nid < (int)nr_node_ids; nid++) {
		const struct kva_node *n = &k->node[nid];
		unsigned long va = pfn_va(k->start_pfn + n->offset);
		const pg_data_t *pgdat = NODE_DATA(nid);

		if (!node_isset(nid, k->remapped))
			continue;
		checked++;
		KTEST_EXPECT_EQ(t, (unsigned long)pgdat, va);
		KTEST_EXPECT_EQ(t, (unsigned long)pgdat->node_mem_map, va + pgdat_bytes);
		KTEST_EXPECT_EQ(t, n->phys % PMD_SIZE, 0);
		/* The memmap holds every spanned pfn's struct page. */
		KTEST_EXPECT_LE(t, pgdat_bytes + (u64)pgdat->node_spanned_pages * sizeof(struct page),
				(u64)n->pages * PAGE_SIZE);
		for (unsigned long i = 0; i < n->pages; i += PMD_PAGES) {
			struct pt_walk w;

			KTEST_ASSERT(t, pt_walk(va + i * PAGE_SIZE, &w));
			KTEST_EXPECT_EQ(t, w.page_size, PMD_SIZE);
			KTEST_EXPECT_EQ(t, w.phys, n->phys + PFN_PHYS(i));
			KTEST_EXPECT_EQ(t, phys_nid(w.phys), nid);
			KTEST_EXPECT_EQ(t, phys_nid(w.phys + PMD_SIZE - 1), nid);
			KTEST_EXPECT(t, memblock_is_reserved(w.phys));
			KTEST_EXPECT(t, memblock_is_reserved(w.phys + PMD_SIZE - 1));
		}
		/* The window really is that memory: write through it, read through kmap. */
		{
			volatile u32 *last = (u32 *)(va + n->pages * PAGE_SIZE - sizeof(u32));
			unsigned long pfn = PFN_DOWN(n->phys) + n->pages - 1;
			u32 saved = *last, seen;
			u32 *m;

			*last = 0xc0ffee00u | (u32)nid;
			m = kmap_atomic_pfn(pfn);
			KTEST_ASSERT_NOT_NULL(t, m);
			seen = m[PAGE_SIZE / sizeof(u32) - 1];
			kunmap_atomic(m);
			*last = saved;
			KTEST_EXPECT_EQ(t, seen, 0xc0ffee00u | (u32)nid);
		}
	}
	if (!checked)
		ktest_skip_case(t, "no node other than 0 is remapped on this machine");
}

/* memblock: the window's lowmem reserved, the waste as the fix says, never a zero length. */
static void test_kva_reservations(struct ktest *t)
{
	const struct kva_layout *k = &kva_layout;
	unsigned long ws = k->waste_start_pfn, we = k->waste_end_pfn, s, e;
	bool skip;

	for (unsigned int i = 0; i < k->nr_reservations; i++)
		KTEST_EXPECT_NE(t, k->reservation[i].size, 0);
	KTEST_EXPECT(t, all_reserved(k->start_pfn, k->start_pfn + k->kva_pages));
	skip = arch_memmap_skip_range(&s, &e);
	if (fix_enabled(kva_reserve_waste)) {
		KTEST_EXPECT(t, all_reserved(ws, we));
		KTEST_EXPECT_EQ(t, k->waste_reserved, ws < we);
		KTEST_EXPECT(t, !skip);
	} else {
		/* 2007: the waste stays free, and no memmap initialisation touches it. */
		KTEST_EXPECT(t, none_reserved(ws, we));
		KTEST_EXPECT(t, !k->waste_reserved);
		KTEST_EXPECT_EQ(t, skip, ws < we);
		if (skip) {
			KTEST_EXPECT_EQ(t, s, ws);
			KTEST_EXPECT_EQ(t, e, we);
		}
	}
	KTEST_EXPECT_EQ(t, k->nr_reservations,
			(k->kva_pages ? 1 : 0) + (ws < we && fix_enabled(kva_reserve_waste) ? 1 : 0));
}

/* A machine with nothing to remap: no window, no waste, no reservation at all. */
static void test_kva_empty_window(struct ktest *t)
{
	const struct kva_layout *k = &kva_layout;

	if (!nodes_empty(k->remapped))
		ktest_skip_case(t, "this machine remaps node %d and maybe others", last_node(k->remapped));
	KTEST_EXPECT_EQ(t, k->kva_pages, 0);
	KTEST_EXPECT_EQ(t, k->start_pfn, k->old_max_low_pfn);
	KTEST_EXPECT_EQ(t, k->waste_start_pfn, k->waste_end_pfn);
	KTEST_EXPECT_EQ(t, k->nr_reservations, 0);
	KTEST_EXPECT(t, fix_enabled(kva_reserve_waste));	/* without it this boot would have hit BUG() */
}

/* The direct map ends at max_low_pfn; above it only the window is mapped. */
static void test_kva_direct_map(struct ktest *t)
{
	const struct kva_layout *k = &kva_layout;
	unsigned long win_end = k->start_pfn + k->kva_pages;
	unsigned long last_va = pfn_va(max_low_pfn - 1), size;
	/* Present or not: debug_pagealloc=on unmaps the page if it is free. */
	const u64 *last = lookup_address(last_va, &size);

	KTEST_ASSERT_NOT_NULL(t, last);
	KTEST_EXPECT_EQ(t, (*last & PTE_PFN_MASK & ~(u64)(size - 1)) | (last_va & (size - 1)),
			PFN_PHYS(max_low_pfn - 1));
	for (unsigned long pfn = max_low_pfn; pfn < k->old_max_low_pfn; pfn++) {
		bool in_window = pfn >= k->start_pfn && pfn < win_end;

		if (va_mapped(pfn_va(pfn)) != in_window) {
			KTEST_EXPECT_MSG(t, false, "pfn %#lx's lowmem address is %smapped", pfn,
					 in_window ? "not " : "");
			break;
		}
	}
	KTEST_EXPECT(t, !va_mapped(pfn_va(k->old_max_low_pfn)));
	KTEST_EXPECT(t, !va_mapped(PAGE_OFFSET + (unsigned long)MAXMEM));
}

/* Seed 000: where ZONE_HIGHMEM starts, and whether mm/ reported it. */
static void test_kva_zone_alignment(struct ktest *t)
{
	char line[96];
	int nid = -1;

	for (int n = 0; n < (int)nr_node_ids; n++) {
		const pg_data_t *pgdat = NODE_DATA(n);

		if (pgdat && populated_zone(&pgdat->node_zones[ZONE_HIGHMEM]) &&
		    pgdat->node_zones[ZONE_HIGHMEM].zone_start_pfn == max_low_pfn)
			nid = n;
	}
	if (nid < 0)
		ktest_skip_case(t, "no ZONE_HIGHMEM starts at max_low_pfn %#llx", (unsigned long long)max_low_pfn);
	snprintf(line, sizeof(line), "node %d zone HighMem misaligned start pfn %#lx\n", nid,
		 (unsigned long)max_low_pfn);
	if (fix_enabled(kva_zone_align)) {
		KTEST_EXPECT_EQ(t, max_low_pfn % MAX_ORDER_NR_PAGES, 0);
		KTEST_EXPECT_NO_LOG(t, 0, line);
		KTEST_EXPECT(t, !expect_zone_misaligned);
	} else {
		bool misaligned = max_low_pfn % MAX_ORDER_NR_PAGES != 0;

		KTEST_EXPECT_EQ(t, max_low_pfn, kva_layout.start_pfn);
		if (misaligned)
			KTEST_EXPECT_LOG(t, 0, line);
		else
			KTEST_EXPECT_NO_LOG(t, 0, line);
		if (expect_zone_misaligned)
			KTEST_EXPECT(t, misaligned);
	}
}

/* dump=fixes lists both fixes with their seeds and their state. */
static void test_kva_fixes_listed(struct ktest *t)
{
	static char text[4096];
	static const struct {
		const char *name, *seed;
		bool *on;
	} fixes[] = {
		{ "kva_reserve_waste", "seed001_kva_waste", &fix_kva_reserve_waste_enabled },
		{ "kva_zone_align", "seed000_zone_alignment", &fix_kva_zone_align_enabled },
	};
	u64 mark;

	console_suppress++;
	mark = printk_log_mark();
	dump_by_name("fixes");
	console_suppress--;
	ktest_log_since(mark, text, sizeof(text));

	for (unsigned int i = 0; i < ARRAY_SIZE(fixes); i++) {
		char key[40];
		const char *row;
		size_t len;

		snprintf(key, sizeof(key), "\n%s ", fixes[i].name);
		row = strstr(text, key);
		KTEST_ASSERT_NOT_NULL(t, row);
		row++;
		len = strcspn(row, "\n");
		KTEST_EXPECT(t, strstr(row, fixes[i].seed) && (size_t)(strstr(row, fixes[i].seed) - row) < len);
		KTEST_EXPECT(t, strstr(row, *fixes[i].on ? " on " : " off ") &&
				(size_t)(strstr(row, *fixes[i].on ? " on " : " off ") - row) < len);
	}
}

static const struct ktest_case kva_cases[] = {
	KTEST_CASE(test_kva_arithmetic),
	KTEST_CASE(test_kva_memmap_on_node),
	KTEST_CASE(test_kva_reservations),
	KTEST_CASE(test_kva_empty_window),
	KTEST_CASE(test_kva_direct_map),
	KTEST_CASE(test_kva_zone_alignment),
	KTEST_CASE(test_kva_fixes_listed),
	{}
};
KTEST_SUITE_FULL(kva, .cases = kva_cases, .skip_if = kva_skip);
