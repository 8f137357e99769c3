/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Movable pages and migration (mm/migrate.c), with Linux's non-LRU movable
 * page API (include/linux/migrate.h).
 *
 * numabuddy has no user processes: a movable page is an order-0 page whose
 * owner can move it. The owner registers it with __SetPageMovable(page,
 * mops); from then on compaction and alloc_contig_range() may:
 *  1. isolate it (isolate_movable_page()): take a reference and ask
 *     mops->isolate_page(), which refuses if the owner cannot let it go
 *     now (pinned); the page is then PageIsolated, on the caller's list
 *     through page->lru (the owner must not use lru for its own purposes);
 *  2. migrate it (migrate_pages()): a new page from get_new_page(), then
 *     mops->migrate_page(dst, src), which copies the contents, points its
 *     own records at dst and calls __SetPageMovable(dst) - or fails, and
 *     then mops->putback_page(src) takes it back unmoved;
 *  3. drop the source: migrate_pages() clears its movable state and drops
 *     the isolation reference and the owner's (the owner's reference moved
 *     to dst, allocated with one), so the source returns to the buddy
 *     allocator.
 *
 * Storage: page->private of a movable page holds the owner's registration
 * (its movable_operations' slot, low MOVABLE_OPS_BITS bits) and a cookie
 * the owner chooses (the rest, e.g. an index into its table), as Linux
 * keeps the operations in page->mapping. PG_movable and PG_isolated are in
 * PAGE_FLAGS_CHECK: freeing a page still registered is a bad page.
 *
 * Locking: none beyond the caller's; the callers (compaction,
 * alloc_contig_range, tests) run on one CPU with the owner quiet, as the
 * self-tests and benchmarks do.
 */
#ifndef NB_MM_MIGRATE_H
#define NB_MM_MIGRATE_H

#include <kernel/types.h>
#include <kernel/list.h>
#include <mm/page.h>

typedef unsigned int isolate_mode_t;
enum migrate_mode { MIGRATE_ASYNC, MIGRATE_SYNC_LIGHT, MIGRATE_SYNC };
#define MIGRATEPAGE_SUCCESS	0
#define EAGAIN_MIGRATE		11	/* Linux's -EAGAIN, returned negated */

struct movable_operations {
	bool (*isolate_page)(struct page *page, isolate_mode_t mode);
	int (*migrate_page)(struct page *dst, struct page *src, enum migrate_mode mode);
	void (*putback_page)(struct page *page);
};

#define MOVABLE_OPS_BITS	3
#define MOVABLE_OPS_MAX		(1u << MOVABLE_OPS_BITS)

/*
 * Register @page (order 0, allocated, reference held by the owner) as
 * movable with @mops and @cookie (< 2^(32 - MOVABLE_OPS_BITS)). @mops is
 * given a slot on first use (at most MOVABLE_OPS_MAX owners).
 */
void __SetPageMovable(struct page *page, const struct movable_operations *mops, u32 cookie);
void __ClearPageMovable(struct page *page);
const struct movable_operations *page_movable_ops(const struct page *page);
static inline u32 page_movable_cookie(const struct page *page)
{
	return page->private >> MOVABLE_OPS_BITS;
}

/* Linux's isolate_movable_page(): 0, or -EBUSY (returned as -16). */
int isolate_movable_page(struct page *page, isolate_mode_t mode);
/* Give an isolated page back to its owner unmoved. */
void putback_movable_page(struct page *page);
void putback_movable_pages(struct list_head *l);

typedef struct page *new_page_t(struct page *page, unsigned long private);
typedef void free_page_t(struct page *page, unsigned long private);

/*
 * Linux's migrate_pages() for non-LRU movable pages: every isolated page
 * on @from (linked through lru) is migrated to a page from @get_new_page
 * (NULL: stop, the rest go back to their owners) and leaves @from. A page
 * whose owner fails the move goes back to its owner; the unused target
 * goes to @put_new_page (NULL: __free_pages()). Returns the pages not
 * migrated; *@nr_succeeded the pages migrated. Counts pgmigrate_success
 * and pgmigrate_fail.
 */
int migrate_pages(struct list_head *from, new_page_t get_new_page, free_page_t put_new_page,
		  unsigned long private, enum migrate_mode mode, unsigned int *nr_succeeded);

/* Copy one page's contents (through kmap_atomic: highmem too). */
void copy_highpage(struct page *dst, struct page *src);

#endif
