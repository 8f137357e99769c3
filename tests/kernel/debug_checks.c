// SPDX-License-Identifier: GPL-2.0-only
/*
 * The allocator's debug options at work: page_poison=1 catches a write to
 * a free page when the page is handed out again; debug_pagealloc=on makes
 * any access to a free page fault. Both suites skip unless booted with the
 * option (tests/machines/debug-poison.machine, debug-pagealloc.machine).
 */
#include <kernel/ktest.h>
#include <kernel/printk.h>
#include <kernel/errno.h>
#include <mm/gfp.h>
#include <mm/memory_model.h>
#include <mm/page_alloc.h>
#include <arch/cpu.h>
#include <arch/highmem.h>
#include <asm/setup.h>

static const char *poison_skip(void)
{
	return page_poisoning_enabled ? NULL : "boot with page_poison=1";
}

static void test_free_page_holds_poison(struct ktest *t)
{
	struct page *p = alloc_pages(GFP_KERNEL, 0);
	unsigned long pfn, off = 0;

	KTEST_ASSERT_NOT_NULL(t, p);
	pfn = page_to_pfn(p);
	__free_pages(p, 0);
	/* Look at it the way a debugger would, without handing it out. */
	if (debug_pagealloc_enabled)
		ktest_skip_case(t, "the free page is unmapped (debug_pagealloc)");
	const u8 *v = kmap_atomic_pfn(pfn);
	for (unsigned long i = 0; i < PAGE_SIZE; i++)
		off += v[i] != 0xaa;
	kunmap_atomic((void *)v);
	KTEST_EXPECT_EQ(t, off, 0);
}

static void test_use_after_free_detected(struct ktest *t)
{
	unsigned long before = bad_page_count, corrupt = page_poison_corruptions, pfn;
	u64 mark = printk_log_mark();
	struct page *p = alloc_pages(GFP_KERNEL, 0), *again;

	KTEST_ASSERT_NOT_NULL(t, p);
	pfn = page_to_pfn(p);
	__free_pages(p, 0);
	/* A stray write into the free page, through a mapping of our own. */
	u8 *v = kmap_pfn(pfn);
	bool mapped_direct = debug_pagealloc_enabled && pfn_is_lowmem(pfn);
	if (mapped_direct) {
		/* With debug_pagealloc the direct map faults: write through nofault to prove it. */
		u8 byte = 0x42;
		KTEST_EXPECT_EQ(t, copy_to_kernel_nofault(v + 100, &byte, 1), -EFAULT);
		ktest_skip_case(t, "the stray write faulted (debug_pagealloc) instead of corrupting");
	}
	v[100] = 0x42;
	kunmap_pfn(pfn);
	/* The allocator hands the last freed order-0 page out first: ours, now corrupted. */
	console_suppress++;
	again = alloc_pages(GFP_KERNEL | __GFP_NOWARN, 0);
	console_suppress--;
	KTEST_EXPECT_EQ(t, page_poison_corruptions, corrupt + 1);
	KTEST_EXPECT_EQ(t, bad_page_count, before + 1);
	KTEST_EXPECT_LOG(t, mark, "pagealloc: memory corruption at");
	KTEST_EXPECT_LOG(t, mark, "page dumped because: corrupted page poison");
	/* The bad page is kept out of circulation; what we got is another one. */
	KTEST_ASSERT_NOT_NULL(t, again);
	KTEST_EXPECT_NE(t, page_to_pfn(again), pfn);
	__free_pages(again, 0);
}

static const struct ktest_case poison_cases[] = {
	KTEST_CASE(test_free_page_holds_poison),
	KTEST_CASE(test_use_after_free_detected),
	{}
};
KTEST_SUITE_FULL(page_poison, .cases = poison_cases, .skip_if = poison_skip);

static const char *dpa_skip(void)
{
	return debug_pagealloc_enabled ? NULL : "boot with debug_pagealloc=on";
}

static void test_free_page_unmapped(struct ktest *t)
{
	struct page *p = alloc_pages(GFP_KERNEL, 2);
	unsigned long faults = trap_fixup_count[14], word = 0;
	void *addr;

	KTEST_ASSERT_NOT_NULL(t, p);
	addr = page_address(p);
	KTEST_ASSERT_NOT_NULL(t, addr);
	KTEST_EXPECT_EQ(t, copy_from_kernel_nofault(&word, addr, sizeof(word)), 0);
	__free_pages(p, 2);
	for (int i = 0; i < 4; i++)
		KTEST_EXPECT_EQ(t, copy_from_kernel_nofault(&word, (char *)addr + i * PAGE_SIZE,
							    sizeof(word)), -EFAULT);
	KTEST_EXPECT_EQ(t, trap_fixup_count[14], faults + 4);
	/* Handed out again, it is mapped again. */
	p = alloc_pages(GFP_KERNEL | __GFP_ZERO, 2);
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_EQ(t, copy_from_kernel_nofault(&word, page_address(p), sizeof(word)), 0);
	KTEST_EXPECT_EQ(t, word, 0);
	__free_pages(p, 2);
}

static const struct ktest_case dpa_cases[] = {
	KTEST_CASE(test_free_page_unmapped),
	{}
};
KTEST_SUITE_FULL(debug_pagealloc, .cases = dpa_cases, .skip_if = dpa_skip);
