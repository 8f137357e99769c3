// SPDX-License-Identifier: GPL-2.0-only
/*
 * pgtable_32 and early_memremap: the i386 PAE kernel page tables (layout,
 * protections, no identity map) and early_memremap() through the fixmap,
 * checked by walking the live tables and by touching memory (a protection
 * that is only written down, not enforced, fails here). Built for i386 only
 * (the Makefile's arch/x86/tests list).
 */
#include <kernel/ktest.h>
#include <kernel/errno.h>
#include <kernel/printk.h>
#include <lib/string.h>
#include <arch/cpu.h>
#include <arch/highmem.h>
#include <mm/memblock.h>
#include <mm/gfp.h>
#include <mm/memory_model.h>
#include <mm/page_alloc.h>
#include "../../../tests/kernel/test_alloc.h"
#include <mm/mmzone.h>
#include <asm/setup.h>
#include <asm/early_map.h>
#include <asm/acpi.h>
#include <asm/processor.h>

#include <asm/pgtable_32.h>

extern char _rodata[], _erodata[];

static bool mapped(unsigned long va)
{
	struct pt_walk w;

	return pt_walk(va, &w);
}

static void test_layout(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, VMALLOC_END, 0xff7fe000UL);
	KTEST_EXPECT_EQ(t, PKMAP_BASE, 0xff800000UL);
	KTEST_EXPECT_EQ(t, FIXADDR_TOP, 0xfffff000UL);
	KTEST_EXPECT_EQ(t, PAGE_OFFSET + MAXMEM, 0xf77fe000UL);
	KTEST_EXPECT_GE(t, FIXADDR_START, PKMAP_ADDR(LAST_PKMAP));
	/* The last CPU's deepest kmap_atomic slot and the last early_memremap page fit. */
	KTEST_EXPECT_GE(t, __fix_to_virt(FIX_KMAP_END), FIXADDR_START);
	KTEST_EXPECT_GT(t, __fix_to_virt(FIX_KMAP_END), __fix_to_virt(FIX_BTMAP_END));
	KTEST_EXPECT_GE(t, __fix_to_virt(FIX_BTMAP_BEGIN), FIXADDR_START);
	KTEST_EXPECT_LE(t, max_low_pfn, ARCH_MAX_LOW_PFN);
}

/* No identity map and nothing below PAGE_OFFSET: low pointers fault. */
static void test_no_identity_map(struct ktest *t)
{
	const u64 *pdpt = (const u64 *)(PAGE_OFFSET + (read_cr3() & ~0x1fUL));
	u32 v = 0;

	KTEST_EXPECT(t, kernel_pgtables_live);
	for (int i = 0; i < 3; i++)
		KTEST_EXPECT_EQ(t, pdpt[i] & _PAGE_PRESENT, 0);
	KTEST_EXPECT(t, pdpt[3] & _PAGE_PRESENT);
	KTEST_EXPECT(t, !mapped(0));
	KTEST_EXPECT(t, !mapped(0x100000));	/* where the kernel is loaded */
	KTEST_EXPECT(t, !mapped(0xbffff000));
	KTEST_EXPECT_EQ(t, copy_from_kernel_nofault(&v, (const void *)0x100000, sizeof(v)), -EFAULT);
}

/* The top page, the vmalloc reserve and unused fixmap slots are not mapped. */
static void test_holes_unmapped(struct ktest *t)
{
	KTEST_EXPECT(t, !mapped(FIXADDR_TOP));
	KTEST_EXPECT(t, !mapped(ARCH_UNMAPPED_TEST_ADDR));
	KTEST_EXPECT(t, !mapped(0xffffffffUL & ~0xfffUL));
	for (unsigned long va = PAGE_OFFSET + MAXMEM; va < VMALLOC_END; va += PMD_SIZE)
		KTEST_EXPECT(t, !mapped(va));
	KTEST_EXPECT(t, !mapped(VMALLOC_END));
	KTEST_EXPECT(t, !mapped(__fix_to_virt(FIX_KMAP_END)));	/* CPU 63's deepest slot */
	KTEST_EXPECT(t, !mapped(__fix_to_virt(FIX_BTMAP_BEGIN - (FIX_BTMAPS_SLOTS - 1) * NR_FIX_BTMAPS)));
}

/*
 * The lowmem entry for @pfn: its frame, present or not (debug_pagealloc
 * unmaps free pages), and its page size.
 */
static bool lowmem_entry(unsigned long pfn, u64 *entry, unsigned long *page_size, phys_addr_t *phys)
{
	unsigned long va = (unsigned long)__va(PFN_PHYS(pfn));
	u64 *e = lookup_address(va, page_size);

	if (!e)
		return false;
	*entry = *e;
	*phys = (*e & PTE_PFN_MASK & ~(u64)(*page_size - 1)) | (va & (*page_size - 1));
	return true;
}

/*
 * Every lowmem page reaches itself; 2 MiB pages wherever a whole block is
 * lowmem outside the image, unless debug_pagealloc=on (4 KiB pages only,
 * a free page's not present).
 */
static void test_lowmem_direct_map(struct ktest *t)
{
	unsigned long image_start = PFN_DOWN((unsigned long)__kernel_phys_start);
	unsigned long image_end = PFN_UP((unsigned long)__kernel_phys_end);
	unsigned int large = 0, expected_large = 0;
	const bool only_4k = debug_pagealloc_enabled;

	for (unsigned long pfn = 0; pfn < max_low_pfn; pfn += PTRS_PER_PTE) {
		unsigned long last = min(pfn + PTRS_PER_PTE, (unsigned long)max_low_pfn) - 1;
		unsigned long size;
		phys_addr_t phys;
		u64 e;

		KTEST_ASSERT(t, lowmem_entry(pfn, &e, &size, &phys));
		KTEST_EXPECT_EQ(t, phys, PFN_PHYS(pfn));
		KTEST_EXPECT(t, (e & _PAGE_PRESENT) || only_4k);
		large += size == PMD_SIZE;
		expected_large += !only_4k && pfn + PTRS_PER_PTE <= max_low_pfn &&
				  (pfn + PTRS_PER_PTE <= image_start || pfn >= image_end);
		KTEST_ASSERT(t, lowmem_entry(last, &e, &size, &phys));
		KTEST_EXPECT_EQ(t, phys, PFN_PHYS(last));
		KTEST_EXPECT(t, (e & _PAGE_PRESENT) || only_4k);
		KTEST_EXPECT(t, e & _PAGE_RW || (last >= image_start && last < image_end));
	}
	KTEST_EXPECT_EQ(t, large, expected_large);
	KTEST_EXPECT(t, only_4k ? large == 0 : large > 0);
}

/*
 * debug_pagealloc=on: every lowmem page has a PTE of its own mapping its
 * frame, and the ones not present are exactly the free pages: each has no
 * reference and is not reserved, and there are as many as the lowmem zones
 * count free (nothing else allocates while the self-tests run).
 */
static void test_lowmem_debug_pagealloc(struct ktest *t)
{
	unsigned long unmapped = 0, not_free = 0, wrong = 0, lowmem_free = 0;
	pg_data_t *pgdat;
	int nid;

	if (!debug_pagealloc_enabled)
		ktest_skip_case(t, "boot with debug_pagealloc=on");
	for (unsigned long pfn = 0; pfn < max_low_pfn; pfn++) {
		unsigned long size;
		phys_addr_t phys;
		u64 e;

		KTEST_ASSERT(t, lowmem_entry(pfn, &e, &size, &phys));
		wrong += size != PAGE_SIZE_4K || phys != PFN_PHYS(pfn);
		if (e & _PAGE_PRESENT)
			continue;
		unmapped++;
		if (!pfn_valid(pfn) || page_count(pfn_to_page(pfn)) || PageReserved(pfn_to_page(pfn)))
			not_free++;
	}
	for_each_online_pgdat(pgdat, nid)
		for (int z = 0; z <= ZONE_NORMAL; z++)
			lowmem_free += zone_free_pages_total(&pgdat->node_zones[z]);	/* lists and per-cpu lists */
	KTEST_EXPECT_EQ(t, wrong, 0);
	KTEST_EXPECT_EQ(t, not_free, 0);
	KTEST_EXPECT_EQ(t, unmapped, lowmem_free);
	KTEST_EXPECT_GT(t, unmapped, 0);
}

/* Text and rodata are read-only (writes fault), text executable, everything else not. */
static void test_image_protections(struct ktest *t)
{
	static u32 data_word = 7;
	const u64 nx = pgtable_have_nx ? _PAGE_NX : 0;
	struct pt_walk w;
	u8 b;

	KTEST_ASSERT(t, pt_walk((unsigned long)_text, &w));
	KTEST_EXPECT_EQ(t, w.entry & (_PAGE_RW | _PAGE_NX), 0);
	KTEST_EXPECT_EQ(t, w.page_size, PAGE_SIZE_4K);
	KTEST_ASSERT(t, pt_walk((unsigned long)_rodata, &w));
	KTEST_EXPECT_EQ(t, w.entry & (_PAGE_RW | _PAGE_NX), nx);
	KTEST_ASSERT(t, pt_walk((unsigned long)&data_word, &w));
	KTEST_EXPECT_EQ(t, w.entry & (_PAGE_RW | _PAGE_NX), _PAGE_RW | nx);
	/* Writing back the byte that is there: harmless if the protection were missing. */
	b = *(volatile u8 *)_text;
	KTEST_EXPECT_EQ(t, copy_to_kernel_nofault(_text, &b, 1), -EFAULT);
	b = *(volatile u8 *)_rodata;
	KTEST_EXPECT_EQ(t, copy_to_kernel_nofault(_rodata, &b, 1), -EFAULT);
	KTEST_EXPECT_EQ(t, copy_to_kernel_nofault(&data_word, &data_word, sizeof(data_word)), 0);
	/* A 2 MiB lowmem page (if any) is data: writable, not executable. */
	if (pt_walk((unsigned long)__va(PFN_PHYS(max_low_pfn - 1)), &w))
		KTEST_EXPECT_EQ(t, w.entry & (_PAGE_RW | _PAGE_NX), _PAGE_RW | nx);
}

static const char *pgtable_skip(void)
{
	return kernel_pgtables_live ? NULL : "the kernel's page tables are not live";
}

static const struct ktest_case pgtable_cases[] = {
	KTEST_CASE(test_layout),
	KTEST_CASE(test_no_identity_map),
	KTEST_CASE(test_holes_unmapped),
	KTEST_CASE(test_lowmem_direct_map),
	KTEST_CASE(test_lowmem_debug_pagealloc),
	KTEST_CASE(test_image_protections),
	{}
};
KTEST_SUITE_FULL(pgtable_32, .cases = pgtable_cases, .skip_if = pgtable_skip);

/* ---- early_memremap ---- */

#define EM_RUN	3
static unsigned long em_run;		/* EM_RUN consecutive free frames, highmem if there is any */
static unsigned long em_high;		/* a free frame above 4 GiB, or 0 */

static struct page *em_run_page, *em_high_page;

/* Frames from the buddy allocator (highmem first), given back at the end. */
static int em_init(void)
{
	_Static_assert(EM_RUN <= 4, "EM_RUN frames come from one order-2 block");
	em_run_page = alloc_pages(GFP_HIGHUSER | __GFP_NOWARN, 2);
	if (!em_run_page)
		return -ENOMEM;
	em_run = page_to_pfn(em_run_page);
	em_high_page = alloc_high_block(0);
	em_high = em_high_page && page_to_pfn(em_high_page) >= PFN_DOWN(1ULL << 32) ?
		  page_to_pfn(em_high_page) : 0;
	return 0;
}

static void em_exit(void)
{
	__free_pages(em_run_page, 2);
	if (em_high_page)
		__free_pages(em_high_page, 0);
}

static u8 em_byte(unsigned long pfn, unsigned int off)
{
	return (u8)(pfn * 31 + off * 7 + 0x5b);
}

static void em_fill(unsigned long pfn)
{
	u8 *p = kmap_atomic_pfn(pfn);

	for (unsigned int i = 0; i < PAGE_SIZE; i++)
		p[i] = em_byte(pfn, i);
	kunmap_atomic(p);
}

static bool em_in_btmap(const void *p)
{
	unsigned long va = (unsigned long)p;

	return va >= __fix_to_virt(FIX_BTMAP_BEGIN) && va < __fix_to_virt(FIX_BTMAP_END) + PAGE_SIZE;
}

/* A range over three pages, not page-aligned: one slot, consecutive addresses, right bytes. */
static void test_em_multi_page(struct ktest *t)
{
	const phys_addr_t phys = PFN_PHYS(em_run) + 0xff0;
	const size_t size = PAGE_SIZE + 0x30;	/* 0x10 bytes of page 0, all of page 1, 0x20 of page 2 */
	unsigned int before = early_memremap_slots_in_use();
	const u8 *p;
	size_t bad = 0;
	bool ok = true;

	for (unsigned int i = 0; i < EM_RUN; i++)
		em_fill(em_run + i);
	p = early_memremap(phys, size);
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT(t, em_in_btmap(p));
	KTEST_EXPECT_EQ(t, (unsigned long)p & (PAGE_SIZE - 1), 0xff0);
	KTEST_EXPECT_EQ(t, early_memremap_slots_in_use(), before + 1);
	for (size_t i = 0; i < size && ok; i++) {
		phys_addr_t pa = phys + i;

		ok = p[i] == em_byte(PFN_DOWN(pa), pa & (PAGE_SIZE - 1));
		bad = i;
	}
	KTEST_EXPECT_MSG(t, ok, "byte %zu of the mapping: %#x, expected %#x", bad, p[bad],
			 em_byte(PFN_DOWN(phys + bad), (phys + bad) & (PAGE_SIZE - 1)));
	for (unsigned int k = 0; k < EM_RUN; k++) {
		struct pt_walk w;

		KTEST_ASSERT(t, pt_walk(((unsigned long)p & ~(PAGE_SIZE - 1)) + k * PAGE_SIZE, &w));
		KTEST_EXPECT_EQ(t, w.phys, PFN_PHYS(em_run + k));
	}
	early_memunmap((void *)p, size);
	KTEST_EXPECT_EQ(t, early_memremap_slots_in_use(), before);
	KTEST_EXPECT(t, !mapped((unsigned long)p));
	{
		u32 v;

		KTEST_EXPECT_EQ(t, copy_from_kernel_nofault(&v, p, sizeof(v)), -EFAULT);
	}
}

/* Every slot can be taken; one more call gets NULL; releasing one lets the next in. */
static void test_em_slots_exhausted(struct ktest *t)
{
	void *m[FIX_BTMAPS_SLOTS];
	unsigned int free_slots = FIX_BTMAPS_SLOTS - early_memremap_slots_in_use(), n;
	void *extra;

	KTEST_ASSERT_GT(t, free_slots, 1);
	for (n = 0; n < free_slots; n++) {
		m[n] = early_memremap(PFN_PHYS(em_run) + n, 1);
		KTEST_ASSERT_NOT_NULL(t, m[n]);
	}
	KTEST_EXPECT_EQ(t, early_memremap_slots_in_use(), FIX_BTMAPS_SLOTS);
	console_suppress++;
	extra = early_memremap(PFN_PHYS(em_run), 1);
	console_suppress--;
	KTEST_EXPECT_NULL(t, extra);
	early_memunmap(m[0], 1);
	m[0] = early_memremap(PFN_PHYS(em_run + 1), 4);
	KTEST_EXPECT_NOT_NULL(t, m[0]);
	if (m[0])
		KTEST_EXPECT_EQ(t, *(u8 *)m[0], em_byte(em_run + 1, 0));
	for (unsigned int i = 0; i < n; i++)
		if (m[i])
			early_memunmap(m[i], i ? 1 : 4);
	KTEST_EXPECT_EQ(t, early_memremap_slots_in_use(), FIX_BTMAPS_SLOTS - free_slots);
}

/* What cannot be mapped is refused, not mapped wrongly. */
static void test_em_refused(struct ktest *t)
{
	console_suppress++;
	KTEST_EXPECT_NULL(t, early_memremap(PFN_PHYS(em_run), NR_FIX_BTMAPS * PAGE_SIZE + 1));
	KTEST_EXPECT_NULL(t, early_memremap(PFN_PHYS(em_run) + 1, NR_FIX_BTMAPS * PAGE_SIZE));
	KTEST_EXPECT_NULL(t, early_memremap(1ULL << MAX_PHYSMEM_BITS, 16));
	KTEST_EXPECT_NULL(t, early_memremap((1ULL << MAX_PHYSMEM_BITS) - 8, 16));
	KTEST_EXPECT_NULL(t, early_memremap(PFN_PHYS(em_run), 0));
	console_suppress--;
}

/* PAE: above 4 GiB the high address bits are kept. */
static void test_em_above_4g(struct ktest *t)
{
	const u8 *p;

	if (!em_high)
		ktest_skip_case(t, "no free RAM above 4 GiB");
	em_fill(em_high);
	p = early_memremap(PFN_PHYS(em_high) + 0x100, 0x200);
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_EQ(t, p[0], em_byte(em_high, 0x100));
	KTEST_EXPECT_EQ(t, p[0x1ff], em_byte(em_high, 0x2ff));
	early_memunmap((void *)p, 0x200);
}

/* The firmware path itself: ACPI tables above lowmem are readable after the switch. */
static void test_em_acpi_table(struct ktest *t)
{
	const struct acpi_table_header *madt = acpi_get_table("APIC", 0);

	KTEST_ASSERT_NOT_NULL(t, madt);
	KTEST_EXPECT(t, em_in_btmap(madt));
	KTEST_EXPECT(t, !memcmp(madt->signature, "APIC", 4));
	KTEST_EXPECT_GE(t, madt->length, sizeof(*madt));
	acpi_put_table(madt);
}

static const struct ktest_case em_cases[] = {
	KTEST_CASE(test_em_multi_page),
	KTEST_CASE(test_em_slots_exhausted),
	KTEST_CASE(test_em_refused),
	KTEST_CASE(test_em_above_4g),
	KTEST_CASE(test_em_acpi_table),
	{}
};
KTEST_SUITE_FULL(early_memremap, .cases = em_cases, .skip_if = pgtable_skip, .init = em_init,
		 .exit = em_exit);
