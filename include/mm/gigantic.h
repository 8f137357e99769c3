/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Gigantic pages: naturally aligned blocks of 2^order pages with order above
 * MAX_PAGE_ORDER, which the buddy allocator cannot hand out (mm/gigantic.c).
 * They are taken whole out of the free lists (Linux's alloc_contig_pages()
 * for hugetlb: a range whose pages are all free, else one whose pages in use
 * are all movable, emptied by alloc_contig_range()) and given back in
 * MAX_ORDER blocks.
 *
 * A gigantic page in use is a compound page:
 *   head   PG_head, private = order, _refcount 1, lru free for the owner
 *          (the hugetlb pool chains its free pages through it);
 *   tails  compound_head = head | 1, _refcount 0, no PG_ flags.
 * Its range lies in one zone of one node and every pfn in it is valid.
 * While allocated its pages are out of zone->nr_free_pages (managed_pages
 * does not change).
 *
 * The memmap of a gigantic page is contiguous only inside each MAX_ORDER
 * block (SPARSEMEM without VMEMMAP: inside each section). Every walk over
 * its struct pages (prep, clear, copy, free, checks) therefore goes through
 * mem_map_next()/mem_map_offset(); seed 003's fix "gigantic_section_walk"
 * (nofix=gigantic_section_walk) switches back to the naive page + i of the
 * pre-fix code. Either way each operation first runs a checking walk with the
 * same iterator that compares every pointer with pfn_to_page() and touches
 * nothing: on a divergence it logs the first one (see gigantic_divergence)
 * and the operation refuses before writing anything.
 */
#ifndef NB_MM_GIGANTIC_H
#define NB_MM_GIGANTIC_H

#include <kernel/types.h>
#include <kernel/report.h>
#include <mm/gfp.h>
#include <mm/mmzone.h>
#include <mm/page.h>

DECLARE_FIX(gigantic_section_walk);

/* Orders above this are refused outright: the whole physical address space. */
#define MAX_GIGANTIC_ORDER	(MAX_PHYSMEM_BITS - PAGE_SHIFT)

static inline bool order_is_gigantic(unsigned int order)
{
	return order > MAX_PAGE_ORDER;
}

/*
 * Allocate a gigantic page of @order (MAX_PAGE_ORDER < @order <=
 * MAX_GIGANTIC_ORDER) from the zones of @nid's zonelist (only @nid's with
 * __GFP_THISNODE; NUMA_NO_NODE: the local node) that @gfp allows, highest
 * zone first; within a zone the lowest wholly free range, else the lowest
 * range holding only free and movable pages, whose movable pages are
 * migrated out (alloc_contig_range(); their owners must be quiet,
 * include/mm/migrate.h). A zone qualifies only if it keeps at least its low
 * watermark of free pages afterwards. __GFP_ZERO clears the page. Returns
 * the head page, or NULL: no such range (a
 * warning unless __GFP_NOWARN), bad arguments (a WARN), a bad page found on
 * the way (reported, as Linux does, its MAX_ORDER block leaked), or a walk
 * that diverged from pfn_to_page() (logged; the range is given back).
 */
struct page *alloc_gigantic_page(int nid, unsigned int order, gfp_t gfp);

/*
 * Give a page from alloc_gigantic_page() back to the buddy allocator in
 * MAX_ORDER blocks. A page that is not a well-formed gigantic page of
 * @order in use (wrong order, refcount, corrupted tail) is reported with
 * Linux's bad page report and kept out of circulation; so is every page if
 * the walk diverges (logged, nothing written).
 */
void free_gigantic_page(struct page *page, unsigned int order);

/*
 * Zero every page of the gigantic page @page of @order, each through
 * kmap_atomic_pfn() of the frame the walk reaches. Returns 0; -EFAULT if
 * the walk diverges (logged, nothing written); -ENOMEM if a frame cannot be
 * mapped (i386 highmem until kmap exists: the pages before it are zeroed).
 */
int clear_gigantic_page(struct page *page, unsigned int order);

/* Copy the gigantic page @src to @dst, both of @order; returns as clear_gigantic_page(). */
int copy_gigantic_page(struct page *dst, struct page *src, unsigned int order);

/*
 * The check walk: is @head a well-formed gigantic page of @order in use
 * (see above), walked with the active iterator? Counts the problems, logs
 * at most @max_reports of them ("gigantic: ..." lines); 0 means well formed.
 */
unsigned long gigantic_page_check(struct page *head, unsigned int order, unsigned int max_reports);

/*
 * The first divergence of the last walk that diverged from pfn_to_page()
 * (ops counts every divergence found so far), for tests and reports. The
 * log line is exactly:
 *   "gigantic: <op>: memmap walk diverges from pfn_to_page() at pfn %#lx
 *    (subpage %lu of the order-%u page at pfn %#lx): walk %p, pfn_to_page() %p"
 * (one line), followed by "gigantic: <op> refused, nothing written through the walk".
 */
struct gigantic_divergence {
	unsigned long count;		/* divergences found since boot */
	const char *op;			/* "prep", "clear", "copy", "free", "check" */
	unsigned long head_pfn;
	unsigned int order;
	unsigned long index;		/* subpage index of the first divergence */
	const struct page *walked;	/* what the walk produced */
	const struct page *expected;	/* pfn_to_page(head_pfn + index) */
};
extern struct gigantic_divergence gigantic_last_divergence;

#endif
