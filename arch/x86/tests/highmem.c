// SPDX-License-Identifier: GPL-2.0-only
/*
 * highmem: kmap()/kmap_atomic() on i386 (include/arch/highmem.h), checked
 * against the page tables and against the memory itself.
 *
 * The suite takes highmem frames from the buddy allocator for its duration
 * (allocated in init, freed in exit): a run of HM_RUN consecutive frames,
 * and one frame from the highest node (above 4 GiB on a machine that has
 * RAM there). Every mapping a case makes is checked
 * to translate to the right physical address, and every unmapping to leave
 * an address that faults, which a TLB still holding the old translation
 * would not do.
 */
#include <kernel/ktest.h>
#include <kernel/errno.h>
#include <arch/cpu.h>
#include <arch/highmem.h>
#include <mm/memblock.h>
#include <mm/gfp.h>
#include <mm/memory_model.h>
#include "../../../tests/kernel/test_alloc.h"
#include <mm/mmzone.h>
#include <asm/setup.h>

#include <asm/pgtable_32.h>
#include <asm/highmem_32.h>

#define HM_RUN		4
#define WORDS		(PAGE_SIZE / sizeof(u32))

static unsigned long hm_run;		/* first of HM_RUN consecutive free highmem frames */
static unsigned long hm_top;		/* the highest free frame (0: it is in the run) */

static struct page *hm_run_page, *hm_top_page;

static const char *highmem_skip(void)
{
	if (max_pfn <= max_low_pfn)
		return "no highmem on this machine";
	return NULL;
}

/* Frames from the buddy allocator, given back at the end: highmem ones. */
static int highmem_init(void)
{
	_Static_assert(HM_RUN == 4, "HM_RUN is an order-2 block");
	hm_run_page = alloc_high_block(2);
	if (!hm_run_page)
		return -ENOMEM;
	if (page_to_pfn(hm_run_page) < max_low_pfn) {
		__free_pages(hm_run_page, 2);
		return -ENOMEM;
	}
	hm_run = page_to_pfn(hm_run_page);
	hm_top_page = alloc_high_block(0);
	hm_top = hm_top_page && page_to_pfn(hm_top_page) >= max_low_pfn ? page_to_pfn(hm_top_page) : 0;
	return 0;
}

static void highmem_exit(void)
{
	__free_pages(hm_run_page, 2);
	if (hm_top_page)
		__free_pages(hm_top_page, 0);
}

static u32 pattern(unsigned long pfn, unsigned int i)
{
	return (u32)pfn * 0x9e3779b9u ^ (i * 0x85ebca6bu) ^ 0x5a5a0000u;
}

static void fill(u32 *p, unsigned long pfn)
{
	for (unsigned int i = 0; i < WORDS; i++)
		p[i] = pattern(pfn, i);
}

/* Index of the first word that differs from @pfn's pattern, or -1. */
static int check(const u32 *p, unsigned long pfn)
{
	for (unsigned int i = 0; i < WORDS; i++)
		if (p[i] != pattern(pfn, i))
			return (int)i;
	return -1;
}

/* Does @va translate to @pfn through the live page tables? */
static bool maps_to(const void *va, unsigned long pfn)
{
	struct pt_walk w;

	return pt_walk((unsigned long)va, &w) && w.phys == PFN_PHYS(pfn);
}

/* Unmapped now, and the CPU agrees (a stale TLB entry would let the read through). */
static bool faults(const void *va)
{
	struct pt_walk w;
	u32 v;

	return !pt_walk((unsigned long)va, &w) && copy_from_kernel_nofault(&v, va, sizeof(v)) == -EFAULT;
}

static bool in_pkmap(const void *va)
{
	return (unsigned long)va >= PKMAP_BASE && (unsigned long)va < PKMAP_ADDR(LAST_PKMAP);
}

static bool in_kmap_fixmap(const void *va)
{
	return (unsigned long)va >= __fix_to_virt(FIX_KMAP_END) &&
	       (unsigned long)va <= __fix_to_virt(FIX_KMAP_BEGIN);
}

static void test_lowmem_direct(struct ktest *t)
{
	static u32 probe = 0x1234;
	unsigned long pfn = PFN_DOWN(__pa(&probe));
	unsigned int depth = kmap_atomic_depth();
	void *a;

	KTEST_EXPECT(t, pfn_is_lowmem(pfn));
	KTEST_EXPECT(t, pfn_is_lowmem(max_low_pfn - 1));
	KTEST_EXPECT(t, !pfn_is_lowmem(max_low_pfn));
	KTEST_EXPECT(t, kmap_pfn(pfn) == __va(PFN_PHYS(pfn)));
	KTEST_EXPECT_EQ(t, pkmap_refcount(pfn), 0);
	kunmap_pfn(pfn);
	a = kmap_atomic_pfn(pfn);
	KTEST_EXPECT(t, a == __va(PFN_PHYS(pfn)));
	KTEST_EXPECT_EQ(t, kmap_atomic_depth(), depth);	/* no slot for lowmem */
	KTEST_EXPECT_EQ(t, *(u32 *)((char *)a + ((unsigned long)&probe & (PAGE_SIZE - 1))), 0x1234);
	kunmap_atomic(a);
	KTEST_EXPECT_EQ(t, kmap_atomic_depth(), depth);
}

static void test_not_ram(struct ktest *t)
{
	unsigned long beyond = PFN_UP(memblock_end_of_DRAM());
	unsigned long pae_limit = 1UL << (MAX_PHYSMEM_BITS - PAGE_SHIFT);

	KTEST_EXPECT_NULL(t, kmap_pfn(beyond));
	KTEST_EXPECT_NULL(t, kmap_atomic_pfn(beyond));
	KTEST_EXPECT_NULL(t, kmap_pfn(pae_limit));
	KTEST_EXPECT_NULL(t, kmap_atomic_pfn(pae_limit));
	KTEST_EXPECT_EQ(t, kmap_atomic_depth(), 0);
	KTEST_EXPECT_EQ(t, pkmap_refcount(beyond), 0);
}

/* Write through kmap(), read back through kmap_atomic(). */
static void test_kmap_write_atomic_read(struct ktest *t)
{
	unsigned long pfn = hm_run;
	u32 *p, *q;

	KTEST_ASSERT(t, !pfn_is_lowmem(pfn));
	p = kmap_pfn(pfn);
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT(t, in_pkmap(p));
	KTEST_EXPECT(t, maps_to(p, pfn));
	KTEST_EXPECT_EQ(t, pkmap_refcount(pfn), 2);
	fill(p, pfn);
	kunmap_pfn(pfn);
	KTEST_EXPECT_EQ(t, pkmap_refcount(pfn), 1);

	q = kmap_atomic_pfn(pfn);
	KTEST_ASSERT_NOT_NULL(t, q);
	KTEST_EXPECT(t, in_kmap_fixmap(q));
	KTEST_EXPECT(t, q == (u32 *)__fix_to_virt(FIX_KMAP_BEGIN));
	KTEST_EXPECT(t, maps_to(q, pfn));
	KTEST_EXPECT_EQ(t, kmap_atomic_depth(), 1);
	KTEST_EXPECT_EQ(t, check(q, pfn), -1);
	kunmap_atomic(q);
	KTEST_EXPECT_EQ(t, kmap_atomic_depth(), 0);
	KTEST_EXPECT(t, faults(q));
}

/* Nested kmap_atomic(): a stack of slots, each mapping its own frame. */
static void test_atomic_nested(struct ktest *t)
{
	u32 *m[HM_RUN], *again;

	for (unsigned int i = 0; i < HM_RUN; i++) {
		u32 *p = kmap_pfn(hm_run + i);

		KTEST_ASSERT_NOT_NULL(t, p);
		fill(p, hm_run + i);
		kunmap_pfn(hm_run + i);
	}
	for (unsigned int i = 0; i < 3; i++) {
		m[i] = kmap_atomic_pfn(hm_run + i);
		KTEST_ASSERT_NOT_NULL(t, m[i]);
		KTEST_EXPECT(t, m[i] == (u32 *)__fix_to_virt(FIX_KMAP_BEGIN + i));
		KTEST_EXPECT_EQ(t, kmap_atomic_depth(), i + 1);
	}
	for (unsigned int i = 0; i < 3; i++) {
		KTEST_EXPECT(t, maps_to(m[i], hm_run + i));
		KTEST_EXPECT_EQ(t, check(m[i], hm_run + i), -1);
	}
	/* Innermost out: the others stay; the freed slot is the next one handed out. */
	kunmap_atomic(m[2]);
	KTEST_EXPECT(t, faults(m[2]));
	KTEST_EXPECT_EQ(t, check(m[1], hm_run + 1), -1);
	again = kmap_atomic_pfn(hm_run + 3);
	KTEST_EXPECT(t, again == m[2]);
	KTEST_EXPECT(t, maps_to(again, hm_run + 3));
	KTEST_EXPECT_EQ(t, check(again, hm_run + 3), -1);
	kunmap_atomic(again);
	kunmap_atomic(m[1]);
	KTEST_EXPECT(t, faults(m[1]));
	KTEST_EXPECT_EQ(t, check(m[0], hm_run), -1);
	kunmap_atomic(m[0]);
	KTEST_EXPECT(t, faults(m[0]));
	KTEST_EXPECT_EQ(t, kmap_atomic_depth(), 0);
}

/* kmap() of a frame already mapped shares the slot; counts go up and down. */
static void test_kmap_refcount_reuse(struct ktest *t)
{
	unsigned long a = hm_run + 1, b = hm_run + 2;
	u32 *p, *p2, *p3, *q;

	p = kmap_pfn(a);
	KTEST_ASSERT_NOT_NULL(t, p);
	fill(p, a);
	p2 = kmap_pfn(a);
	KTEST_EXPECT(t, p2 == p);
	KTEST_EXPECT_EQ(t, pkmap_refcount(a), 3);
	q = kmap_pfn(b);
	KTEST_ASSERT_NOT_NULL(t, q);
	KTEST_EXPECT(t, q != p);
	KTEST_EXPECT(t, maps_to(q, b));
	kunmap_pfn(a);
	KTEST_EXPECT_EQ(t, pkmap_refcount(a), 2);
	KTEST_EXPECT_EQ(t, check(p, a), -1);	/* still mapped for the other user */
	kunmap_pfn(a);
	/* Unused but still mapped (recycled lazily): kmap() again finds the same slot. */
	KTEST_EXPECT_EQ(t, pkmap_refcount(a), 1);
	KTEST_EXPECT(t, maps_to(p, a));
	p3 = kmap_pfn(a);
	KTEST_EXPECT(t, p3 == p);
	KTEST_EXPECT_EQ(t, pkmap_refcount(a), 2);
	KTEST_EXPECT_EQ(t, check(p3, a), -1);
	kunmap_pfn(a);
	kunmap_pfn(b);
	KTEST_EXPECT_EQ(t, pkmap_refcount(b), 1);
}

/*
 * More distinct frames than there are PKMAP slots: the search wraps, the
 * unused slots are recycled after one TLB flush, and the old addresses of
 * recycled frames no longer translate.
 */
static void test_pkmap_recycle(struct ktest *t)
{
	unsigned long flushes = pkmap_flush_count(), mapped = 0, first = 0;
	void *first_va = NULL;
	u64 idx = 0;
	phys_addr_t s, e;
	u32 *p;

	/* Map and unmap highmem RAM frames (only reading their mappings, never writing). */
	while (mapped < LAST_PKMAP + 8 && memblock_next_mem_range(&idx, NUMA_NO_NODE, &s, &e, NULL)) {
		for (unsigned long pfn = max(PFN_UP(s), (unsigned long)max_low_pfn);
		     pfn < PFN_DOWN(e) && mapped < LAST_PKMAP + 8; pfn++) {
			void *va = kmap_pfn(pfn);

			KTEST_ASSERT_NOT_NULL(t, va);
			KTEST_ASSERT(t, maps_to(va, pfn));
			if (!first_va) {
				first_va = va;
				first = pfn;
			}
			kunmap_pfn(pfn);
			mapped++;
		}
	}
	KTEST_ASSERT_EQ(t, mapped, LAST_PKMAP + 8);
	KTEST_EXPECT_GT(t, pkmap_flush_count(), flushes);
	/* @first's slot was recycled: for another frame or for nothing. */
	KTEST_EXPECT(t, !maps_to(first_va, first));
	/* And the area still works for data. */
	p = kmap_pfn(hm_run);
	KTEST_ASSERT_NOT_NULL(t, p);
	fill(p, hm_run);
	KTEST_EXPECT_EQ(t, check(p, hm_run), -1);
	kunmap_pfn(hm_run);
}

/* PAE: a frame above 4 GiB is as reachable as any other. */
static void test_above_4g(struct ktest *t)
{
	u32 *p, *q;

	if (!hm_top || PFN_PHYS(hm_top) < (1ULL << 32))
		ktest_skip_case(t, "no free RAM above 4 GiB");
	p = kmap_pfn(hm_top);
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT(t, maps_to(p, hm_top));
	fill(p, hm_top);
	kunmap_pfn(hm_top);
	q = kmap_atomic_pfn(hm_top);
	KTEST_ASSERT_NOT_NULL(t, q);
	KTEST_EXPECT(t, maps_to(q, hm_top));
	KTEST_EXPECT_EQ(t, check(q, hm_top), -1);
	/* Not an alias of the same offset below 4 GiB (the high address bits are kept). */
	KTEST_EXPECT(t, !maps_to(q, hm_top & 0xfffff));
	kunmap_atomic(q);
	KTEST_EXPECT(t, faults(q));
}

static const struct ktest_case highmem_cases[] = {
	KTEST_CASE(test_lowmem_direct),
	KTEST_CASE(test_not_ram),
	KTEST_CASE(test_kmap_write_atomic_read),
	KTEST_CASE(test_atomic_nested),
	KTEST_CASE(test_kmap_refcount_reuse),
	KTEST_CASE(test_pkmap_recycle),
	KTEST_CASE(test_above_4g),
	{}
};
KTEST_SUITE_FULL(highmem, .cases = highmem_cases, .skip_if = highmem_skip,
		 .init = highmem_init, .exit = highmem_exit);
