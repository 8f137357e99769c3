// SPDX-License-Identifier: GPL-2.0-only
/*
 * Contracts broken on purpose: each suite must end in the kernel BUG that
 * its CONFIG_DEBUG_VM assertion (include/mm/mmdebug.h) raises, so the boot
 * fails with the reason (tests/harness/robust.t). KTEST_EXPLICIT: only
 * selftest=<exact name> runs them. Without DEBUG_VM they skip.
 */
#include <kernel/ktest.h>
#include <mm/gfp.h>
#include <mm/memory_model.h>
#include <mm/page_alloc.h>
#include "../../mm/internal.h"

static const char *debug_vm_skip(void)
{
#ifdef CONFIG_DEBUG_VM
	return NULL;
#else
	return "built without DEBUG_VM";
#endif
}

/* mm/internal.h says __isolate_free_block() runs under zone->lock: call it without. */
static void test_isolate_without_zone_lock(struct ktest *t)
{
	struct page *page = alloc_pages(GFP_KERNEL, 0);

	KTEST_ASSERT_NOT_NULL(t, page);
	__isolate_free_block(page_zone(page), page, 0);
	KTEST_EXPECT_MSG(t, false, "%s", "lockdep_assert_held(&zone->lock) did not trip");
}
static const struct ktest_case unlocked_cases[] = { KTEST_CASE(test_isolate_without_zone_lock), {} };
KTEST_SUITE_FULL(debug_vm_unlocked, .cases = unlocked_cases, .skip_if = debug_vm_skip,
		 .flags = KTEST_EXPLICIT);

/*
 * A block of order 5 handed to the buddy lists at a pfn that is only
 * 16-aligned: the middle of an order-6 block this test owns, so nothing
 * outside it is touched before __free_one_page()'s alignment check trips.
 */
static void test_free_misaligned_order(struct ktest *t)
{
	struct page *page = alloc_pages(GFP_KERNEL, 6);

	KTEST_ASSERT_NOT_NULL(t, page);
	page[16]._refcount = 1;
	__free_pages(&page[16], 5);
	KTEST_EXPECT_MSG(t, false, "%s", "VM_BUG_ON_PAGE(pfn not aligned to the order) did not trip");
}
static const struct ktest_case misaligned_cases[] = { KTEST_CASE(test_free_misaligned_order), {} };
KTEST_SUITE_FULL(debug_vm_misaligned, .cases = misaligned_cases, .skip_if = debug_vm_skip,
		 .flags = KTEST_EXPLICIT);
