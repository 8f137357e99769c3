// SPDX-License-Identifier: GPL-2.0-only
/*
 * Non-LRU movable pages and their migration (the contract is in
 * include/mm/migrate.h).
 */
#include <kernel/types.h>
#include <kernel/printk.h>
#include <kernel/panic.h>
#include <lib/string.h>
#include <mm/gfp.h>
#include <mm/memory_model.h>
#include <mm/migrate.h>
#include <mm/vmstat.h>
#include <arch/cpu.h>
#include <arch/highmem.h>

#define EBUSY	16

static const struct movable_operations *movable_ops[MOVABLE_OPS_MAX];

static unsigned int movable_ops_slot(const struct movable_operations *mops)
{
	for (unsigned int i = 1; i < MOVABLE_OPS_MAX; i++) {
		if (movable_ops[i] == mops)
			return i;
		if (!movable_ops[i]) {
			movable_ops[i] = mops;
			return i;
		}
	}
	panic("migrate: more than %u movable page owners", MOVABLE_OPS_MAX - 1);
}

void __SetPageMovable(struct page *page, const struct movable_operations *mops, u32 cookie)
{
	BUG_ON(cookie >> (32 - MOVABLE_OPS_BITS));
	page->private = (cookie << MOVABLE_OPS_BITS) | movable_ops_slot(mops);
	page->flags |= 1UL << PG_movable;
}

void __ClearPageMovable(struct page *page)
{
	page->flags &= ~(1UL << PG_movable);
	page->private = 0;
}

const struct movable_operations *page_movable_ops(const struct page *page)
{
	return __PageMovable(page) ? movable_ops[page->private & (MOVABLE_OPS_MAX - 1)] : NULL;
}

static void vm_event(enum vm_event_item item, unsigned long n)
{
	unsigned long flags = arch_irq_save();

	__count_vm_events(item, n);
	arch_irq_restore(flags);
}

int isolate_movable_page(struct page *page, isolate_mode_t mode)
{
	const struct movable_operations *mops;

	/* Linux's get_page_unless_zero(): a free page is nobody's to move. */
	if (PageBuddy(page) || page->_refcount <= 0 || !__PageMovable(page) || PageIsolated(page))
		return -EBUSY;
	mops = page_movable_ops(page);
	page->_refcount++;
	if (!mops || !mops->isolate_page(page, mode)) {
		page->_refcount--;
		return -EBUSY;
	}
	SetPageIsolated(page);
	return 0;
}

void putback_movable_page(struct page *page)
{
	const struct movable_operations *mops = page_movable_ops(page);

	ClearPageIsolated(page);
	if (mops)
		mops->putback_page(page);
	__free_pages(page, 0);		/* the isolation reference; the owner keeps its own */
}

void putback_movable_pages(struct list_head *l)
{
	while (!list_empty(l)) {
		struct page *page = list_first_entry(l, struct page, lru);

		list_del(&page->lru);
		putback_movable_page(page);
	}
}

void copy_highpage(struct page *dst, struct page *src)
{
	void *s = kmap_atomic_pfn(page_to_pfn(src));
	void *d = kmap_atomic_pfn(page_to_pfn(dst));

	memcpy(d, s, PAGE_SIZE);
	kunmap_atomic(d);
	kunmap_atomic(s);
}

int migrate_pages(struct list_head *from, new_page_t get_new_page, free_page_t put_new_page,
		  unsigned long private, enum migrate_mode mode, unsigned int *nr_succeeded)
{
	unsigned int ok = 0, failed = 0;

	while (!list_empty(from)) {
		struct page *page = list_first_entry(from, struct page, lru);
		const struct movable_operations *mops = page_movable_ops(page);
		struct page *newpage = get_new_page(page, private);
		int rc;

		if (!newpage)
			break;
		list_del(&page->lru);
		rc = mops ? mops->migrate_page(newpage, page, mode) : -EAGAIN_MIGRATE;
		if (rc == MIGRATEPAGE_SUCCESS) {
			/* The owner's reference is on newpage now: the source goes. */
			ClearPageIsolated(page);
			__ClearPageMovable(page);
			page->_refcount = 1;
			__free_pages(page, 0);
			ok++;
		} else {
			if (put_new_page)
				put_new_page(newpage, private);
			else
				__free_pages(newpage, 0);
			putback_movable_page(page);
			failed++;
		}
	}
	/* No target for the rest: back to their owners, not migrated. */
	while (!list_empty(from)) {
		struct page *page = list_first_entry(from, struct page, lru);

		list_del(&page->lru);
		putback_movable_page(page);
		failed++;
	}
	vm_event(PGMIGRATE_SUCCESS, ok);
	vm_event(PGMIGRATE_FAIL, failed);
	if (nr_succeeded)
		*nr_succeeded = ok;
	return (int)failed;
}
