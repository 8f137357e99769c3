/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Internals shared between files of mm/ (Linux's mm/internal.h): not an API
 * for the rest of the kernel.
 */
#ifndef NB_MM_INTERNAL_H
#define NB_MM_INTERNAL_H

#include <mm/mmzone.h>
#include <mm/page.h>

/*
 * mm/page_alloc.c, for mm/gigantic.c: take the free block of @order headed
 * by @page off @zone's free list, out of free_area[@order].nr_free and out of
 * zone->nr_free_pages. The caller holds zone->lock and has seen @page
 * PageBuddy with buddy_order() == @order; afterwards the block's pages are
 * the caller's, each with _refcount 0 and no PG_buddy, as expand() leaves
 * an allocated block before prep_new_page(): with debug_pagealloc=on, still
 * out of the direct map (see debug_pagealloc_map_pages()).
 */
void __isolate_free_block(struct zone *zone, struct page *page, unsigned int order);

/*
 * mm/page_alloc.c, for mm/gigantic.c: with debug_pagealloc=on, put the
 * lowmem frames [pfn, pfn + n) back into the direct map (free pages are
 * out of it); a no-op otherwise. [pfn, pfn + n) lies in one zone. Whoever
 * hands out pages taken off the free lists calls it before anything
 * touches their contents, as prep_new_page() does; freeing them through
 * __free_pages() takes them out again.
 */
void debug_pagealloc_map_pages(unsigned long pfn, unsigned long n);

/*
 * mm/page_alloc.c: why @page is not in the state of a page just freed or
 * about to be handed out (poisoned memmap, a reference, PG_reserved/buddy/
 * hole/head, a compound tail), or NULL if it is.
 */
const char *page_bad_reason(const struct page *page);

/*
 * mm/page_alloc.c, for compaction: Linux's __isolate_free_page(). Take the
 * free block of @order headed by @page off its free list if the zone stays
 * above its min watermark by the block (an isolated pageblock's blocks
 * always); a block of half a pageblock or more makes its pageblocks
 * Movable (unless highatomic or isolated). Returns the pages taken (each
 * with _refcount 0, mapped again under debug_pagealloc=on), 0 if refused.
 * zone->lock held.
 */
unsigned long __isolate_free_page(struct page *page, unsigned int order);

#endif
