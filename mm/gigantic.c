// SPDX-License-Identifier: GPL-2.0-only
/*
 * Gigantic pages (orders above MAX_PAGE_ORDER): finding and isolating a
 * wholly free, naturally aligned range in one zone, preparing it as a
 * compound page, clearing and copying it, and giving it back to the buddy
 * allocator. The contracts are in include/mm/gigantic.h.
 *
 * Why nothing outside the range is ever taken: a free block has an order of
 * at most MAX_PAGE_ORDER and is aligned to it; the range is aligned to a
 * larger order. So every free block that meets the range lies wholly inside
 * it, and isolating the range takes exactly the range (Linux's
 * alloc_contig_range() has to give back the outside parts of the pageblocks
 * it isolated; here there are none).
 *
 * A zone is searched twice, lowest pfn first: for a range that is wholly
 * free (nothing to move), then, as Linux's alloc_contig_pages() does, for a
 * range whose pages in use are all movable (pfn_range_valid_contig()), which
 * alloc_contig_range() (mm/page_isolation.c) empties by migrating them
 * elsewhere and then takes. Linux takes the first valid range in one pass;
 * preferring a free one spares the migration when one exists.
 *
 * Seed 003: walks over the struct pages of a gigantic page cross MAX_ORDER
 * blocks, where the memmap may not be contiguous (SPARSEMEM without VMEMMAP
 * allocates each section's memmap separately). for_each_subpage() uses
 * mem_map_next() while the fix gigantic_section_walk is on, and the pre-fix
 * page + i otherwise; walk_verify() runs the same iterator first, comparing
 * each pointer with pfn_to_page() without dereferencing it, so that without
 * the fix the divergence is reported and the operation refused instead of
 * writing through a pointer into another section's memmap.
 */
#include <kernel/types.h>
#include <kernel/errno.h>
#include <kernel/printk.h>
#include <kernel/panic.h>
#include <kernel/report.h>
#include <lib/string.h>
#include <mm/gfp.h>
#include <mm/gigantic.h>
#include <mm/memory_model.h>
#include <mm/page_alloc.h>
#include <mm/pfn_walk.h>
#include <mm/vmstat.h>
#include <arch/highmem.h>
#include <mm/mmdebug.h>
#include "internal.h"

/* Documentation/seeds/003-gigantic-memmap.md */
DEFINE_FIX(gigantic_section_walk, "seed003_gigantic",
	   "gigantic-page walks cross MAX_ORDER blocks through mem_map_next()/mem_map_offset(), not page + i");

struct gigantic_divergence gigantic_last_divergence;

/* ---- the walk ---------------------------------------------------------- */

/* The subpage @i of the gigantic page at @base, @iter being subpage i - 1. */
static inline struct page *walk_next(struct page *iter, struct page *base, unsigned long i)
{
	if (fix_enabled(gigantic_section_walk))
		return mem_map_next(iter, base, i);
	return iter + 1;	/* pre-fix: assumes one contiguous memmap */
}

/*
 * for (each subpage @p, index @i, of the @nr pages at @base). The step is
 * not taken past the last subpage: mem_map_next() there would look up the
 * pfn after the range, which may have no memmap.
 */
#define for_each_subpage(p, i, base, nr)					\
	for ((i) = 0, (p) = (base); (i) < (nr);					\
	     (i)++, (p) = (i) < (nr) ? walk_next((p), (base), (i)) : NULL)

/*
 * Walk the @order page at @base (pfn @head_pfn) with the active iterator and
 * compare each pointer with pfn_to_page(). Only pointer values are compared:
 * nothing is read or written through the walked pointers. On the first
 * divergence, record and log it and return false.
 */
static bool walk_verify(struct page *base, unsigned long head_pfn, unsigned int order, const char *op)
{
	unsigned long nr = 1UL << order, i;
	struct page *p;

	for_each_subpage(p, i, base, nr) {
		struct page *want = pfn_to_page(head_pfn + i);

		if (likely(p == want))
			continue;
		gigantic_last_divergence = (struct gigantic_divergence){
			.count = gigantic_last_divergence.count + 1, .op = op,
			.head_pfn = head_pfn, .order = order, .index = i,
			.walked = p, .expected = want,
		};
		pr_err("gigantic: %s: memmap walk diverges from pfn_to_page() at pfn %#lx (subpage %lu of the order-%u page at pfn %#lx): walk %p, pfn_to_page() %p\n",
		       op, head_pfn + i, i, order, head_pfn, (void *)p, (void *)want);
		pr_err("gigantic: %s refused, nothing written through the walk\n", op);
		return false;
	}
	return true;
}

/* ---- finding and isolating a free range ------------------------------- */

/*
 * Is [pfn, pfn + nr) of @zone wholly free, or with @movable_ok, can it be
 * emptied by migration (Linux's pfn_range_valid_contig())? Every pfn has a
 * struct page of @zone and is free - a buddy block; only block heads are
 * visited, a free range being a run of blocks from an aligned pfn - or,
 * with @movable_ok, on a per-cpu list (refcount 0, not a tail, not reserved
 * or a hole) or a movable page some owner can move (__PageMovable(); the
 * owner may still refuse, pinned, which alloc_contig_range() reports as
 * -EBUSY). Under zone->lock. On false, *@busy is the first pfn that is not.
 */
static bool range_usable_locked(struct zone *zone, unsigned long pfn, unsigned long nr,
				bool movable_ok, unsigned long *busy)
{
	unsigned long end = pfn + nr;
	int zid = zone_idx(zone);

	lockdep_assert_held(&zone->lock);
	while (pfn < end) {
		struct page *page;

		if (!pfn_valid(pfn))
			goto busy;
		page = pfn_to_page(pfn);
		if (page_memmap_poisoned(page) || page_to_nid(page) != zone->node ||
		    (int)page_zonenum(page) != zid)
			goto busy;
		if (PageBuddy(page)) {
			if (buddy_order(page) > MAX_PAGE_ORDER)
				goto busy;
			pfn += 1UL << buddy_order(page);
			continue;
		}
		if (!movable_ok || PageReserved(page) || PageHole(page) || PageTail(page) ||
		    (page->_refcount && !__PageMovable(page)))
			goto busy;
		pfn++;
	}
	return true;
busy:
	*busy = pfn;
	return false;
}

/* Take every free block of the free range [pfn, pfn + nr) off the lists. Under zone->lock. */
static void isolate_range_locked(struct zone *zone, unsigned long pfn, unsigned long nr)
{
	unsigned long end = pfn + nr;

	lockdep_assert_held(&zone->lock);
	while (pfn < end) {
		struct page *page = pfn_to_page(pfn);
		unsigned int order = buddy_order(page);

		__isolate_free_block(zone, page, order);
		pfn += 1UL << order;
	}
}

/*
 * Find the lowest naturally aligned range of 2^@order pages in @zone that is
 * wholly free, and take it off the free lists; with @migrate, the lowest
 * that range_usable_locked() accepts for migration, and take it with
 * alloc_contig_range(), its movable pages migrated out (targets: movable
 * pages wherever the zonelist of the range's node allows, as Linux's
 * alloc_contig_range() asks for GFP_USER | __GFP_MOVABLE; not with
 * holes_in_zone=1, where alloc_contig_range() refuses every range). The zone
 * must keep its low watermark. Returns the first pfn, or 0 (pfn 0 is never
 * free: the first MiB is reserved).
 */
static unsigned long zone_take_gigantic(struct zone *zone, unsigned int order, bool migrate)
{
	unsigned long nr = 1UL << order;
	unsigned long pfn = ALIGN(zone->zone_start_pfn, nr);

	if (!zone->managed_pages || zone->spanned_pages < nr || (migrate && holes_in_zone))
		return 0;
	/* Free pages on per-cpu lists are not PageBuddy: give them back first (Linux does too). */
	if (!migrate)
		drain_all_pages(zone);
	while (pfn >= zone->zone_start_pfn && pfn + nr <= zone_end_pfn(zone)) {
		unsigned long flags, busy = pfn;
		bool ok;

		spin_lock_irqsave(&zone->lock, flags);
		if (zone_page_state_snapshot(zone, NR_FREE_PAGES) < nr + low_wmark_pages(zone)) {
			spin_unlock_irqrestore(&zone->lock, flags);
			return 0;
		}
		ok = range_usable_locked(zone, pfn, nr, migrate, &busy);
		if (ok && !migrate)
			isolate_range_locked(zone, pfn, nr);
		spin_unlock_irqrestore(&zone->lock, flags);
		if (ok && (!migrate || !alloc_contig_range(pfn, pfn + nr, MIGRATE_MOVABLE,
							  GFP_HIGHUSER_MOVABLE)))
			return pfn;
		pfn = ok ? pfn + nr : ALIGN(busy + 1, nr);
	}
	return 0;
}

/*
 * Pages go back with free_contig_range() (mm/page_isolation.c): a MAX_ORDER
 * block at a time through __free_pages(), so the pages must be clean
 * (refcount 0, no flags, not compound) and their checks and poisoning apply.
 */

/* ---- preparing ---------------------------------------------------------- */

/* Flags a tail page of a gigantic page in use never has. */
#define GIGANTIC_BAD_FLAGS	((1UL << PG_reserved) | (1UL << PG_buddy) | (1UL << PG_hole) | \
				 (1UL << PG_head) | (1UL << PG_guard))

/* Give back the MAX_ORDER blocks of the isolated range whose pages are all clean; keep the rest out. */
static void give_back_clean_blocks(unsigned long pfn, unsigned long nr)
{
	for (unsigned long b = pfn; b < pfn + nr; b += MAX_ORDER_NR_PAGES) {
		struct page *head = pfn_to_page(b);
		bool clean = true;

		/* Inside one MAX_ORDER block the memmap is contiguous (the buddy's guarantee). */
		for (unsigned long j = 0; j < MAX_ORDER_NR_PAGES && clean; j++)
			clean = !page_bad_reason(head + j);
		if (clean)
			free_contig_range(b, MAX_ORDER_NR_PAGES);
	}
}

/*
 * Make the isolated range at @head (pfn @pfn) a compound page of @order.
 * Returns 0; -EFAULT: the walk diverged (nothing written, the whole range
 * went back); -EBUSY: bad pages (reported; their MAX_ORDER blocks are kept
 * out, the others went back).
 */
static int prep_gigantic_page(struct page *head, unsigned long pfn, unsigned int order)
{
	unsigned long nr = 1UL << order, i;
	struct page *p;
	bool bad = false;

	if (!walk_verify(head, pfn, order, "prep")) {
		free_contig_range(pfn, nr);
		return -EFAULT;
	}
	for_each_subpage(p, i, head, nr) {
		const char *why = page_bad_reason(p);

		if (why) {
			bad_page(p, pfn + i, why);
			bad = true;
		}
	}
	if (bad) {
		give_back_clean_blocks(pfn, nr);
		return -EBUSY;
	}
	/* Off the free lists the range is out of the direct map (debug_pagealloc): back in. */
	debug_pagealloc_map_pages(pfn, nr);
	for_each_subpage(p, i, head, nr) {
		if (!i)
			continue;
		p->compound_head = (unsigned long)head | 1;
		p->compound_pad = 0;
	}
	SetPageHead(head);
	head->private = order;
	head->_refcount = 1;
	INIT_LIST_HEAD(&head->lru);
	return 0;
}

struct page *alloc_gigantic_page(int nid, unsigned int order, gfp_t gfp)
{
	const struct zonelist *zl;
	int highest = gfp_zone(gfp);

	if (!order_is_gigantic(order) || order > MAX_GIGANTIC_ORDER) {
		WARN(1, "alloc_gigantic_page: order %u is not in %d..%d", order, MAX_PAGE_ORDER + 1,
		     MAX_GIGANTIC_ORDER);
		return NULL;
	}
	if (nid == NUMA_NO_NODE)
		nid = numa_mem_id();
	if (nid < 0 || nid >= (int)nr_node_ids || !NODE_DATA(nid)) {
		WARN(1, "alloc_gigantic_page: no node %d", nid);
		return NULL;
	}
	zl = node_zonelist(nid, gfp);
	for (const struct zoneref *z = zl->_zonerefs; z->zone; z++) {
		unsigned long pfn;
		struct page *head;
		int rc;

		if (z->zone_idx > highest)
			continue;
		pfn = zone_take_gigantic(z->zone, order, false);
		if (!pfn)
			pfn = zone_take_gigantic(z->zone, order, true);
		if (!pfn)
			continue;
		head = pfn_to_page(pfn);
		rc = prep_gigantic_page(head, pfn, order);
		if (rc == -EFAULT)
			return NULL;	/* refused: the walk cannot be trusted anywhere */
		if (rc)
			continue;	/* bad pages: try further on */
		if ((gfp & __GFP_ZERO) && clear_gigantic_page(head, order)) {
			free_gigantic_page(head, order);
			return NULL;
		}
		return head;
	}
	if (!(gfp & __GFP_NOWARN))
		pr_warn("gigantic: allocation failure: order:%u, mode:%#x, node %d: no naturally aligned range free or movable\n",
			order, gfp, nid);
	return NULL;
}

/* ---- checking and freeing ---------------------------------------------- */

static unsigned long check_reports_left;

static void check_problem(unsigned long *problems, struct page *p, unsigned long pfn, const char *what)
{
	(*problems)++;
	if (check_reports_left) {
		check_reports_left--;
		pr_err("gigantic: pfn %#lx (struct page %p): %s\n", pfn, (void *)p, what);
	}
}

unsigned long gigantic_page_check(struct page *head, unsigned int order, unsigned int max_reports)
{
	unsigned long pfn, nr = 1UL << order, i, problems = 0;
	struct page *p;
	int nid;
	enum zone_type zt;

	check_reports_left = max_reports;
	if (!order_is_gigantic(order) || order > MAX_GIGANTIC_ORDER) {
		check_problem(&problems, head, 0, "not a gigantic order");
		return problems;
	}
	pfn = page_to_pfn(head);
	if (pfn & (nr - 1))
		check_problem(&problems, head, pfn, "head not aligned to the order");
	if (!PageHead(head) || head->private != order || head->_refcount != 1 || PageTail(head))
		check_problem(&problems, head, pfn, "head is not a gigantic head of this order in use");
	if (problems)
		return problems;
	if (!walk_verify(head, pfn, order, "check"))
		return 1;	/* logged by walk_verify(); the subpages cannot be looked at */
	nid = page_to_nid(head);
	zt = page_zonenum(head);
	for_each_subpage(p, i, head, nr) {
		if (page_to_nid(p) != nid || page_zonenum(p) != zt)
			check_problem(&problems, p, pfn + i, "subpage in another zone or node");
		if (!i)
			continue;
		if (p->compound_head != ((unsigned long)head | 1))
			check_problem(&problems, p, pfn + i, "tail does not point to the head");
		else if (p->_refcount || (p->flags & GIGANTIC_BAD_FLAGS))
			check_problem(&problems, p, pfn + i, "tail with a refcount or flags");
	}
	return problems;
}

void free_gigantic_page(struct page *page, unsigned int order)
{
	unsigned long pfn, nr = 1UL << order, i;
	struct page *p;
	bool ok = true;

	if (!page)
		return;
	if (!order_is_gigantic(order) || order > MAX_GIGANTIC_ORDER) {
		WARN(1, "free_gigantic_page: order %u is not gigantic", order);
		return;
	}
	pfn = page_to_pfn(page);
	if ((pfn & (nr - 1)) || !PageHead(page) || page->private != order || page->_refcount != 1) {
		bad_page(page, pfn, "not the head of an allocated gigantic page of this order");
		return;
	}
	if (!walk_verify(page, pfn, order, "free"))
		return;		/* kept allocated: nothing was written */
	for_each_subpage(p, i, page, nr) {
		if (!i)
			continue;
		if (p->compound_head != ((unsigned long)page | 1)) {
			bad_page(p, pfn + i, "corrupted compound tail");
			ok = false;
		}
		p->compound_head = 0;
		p->compound_pad = 0;
	}
	if (!ok)
		return;		/* leaked, as Linux leaks bad pages */
	ClearPageHead(page);
	page->private = 0;
	page->_refcount = 0;
	INIT_LIST_HEAD(&page->lru);
	free_contig_range(pfn, nr);
}

/* ---- contents ---------------------------------------------------------- */

int clear_gigantic_page(struct page *page, unsigned int order)
{
	unsigned long nr = 1UL << order, i;
	struct page *p;

	if (!walk_verify(page, page_to_pfn(page), order, "clear"))
		return -EFAULT;
	for_each_subpage(p, i, page, nr) {
		void *v = kmap_atomic_pfn(page_to_pfn(p));

		if (!v)
			return -ENOMEM;
		memset(v, 0, PAGE_SIZE);
		kunmap_atomic(v);
	}
	return 0;
}

int copy_gigantic_page(struct page *dst, struct page *src, unsigned int order)
{
	unsigned long nr = 1UL << order, i;
	struct page *d = dst, *s = src;

	if (!walk_verify(dst, page_to_pfn(dst), order, "copy") ||
	    !walk_verify(src, page_to_pfn(src), order, "copy"))
		return -EFAULT;
	for (i = 0; i < nr; i++) {
		void *vd, *vs;

		if (i) {
			d = walk_next(d, dst, i);
			s = walk_next(s, src, i);
		}
		vd = kmap_atomic_pfn(page_to_pfn(d));
		if (!vd)
			return -ENOMEM;
		vs = kmap_atomic_pfn(page_to_pfn(s));
		if (!vs) {
			kunmap_atomic(vd);
			return -ENOMEM;
		}
		memcpy(vd, vs, PAGE_SIZE);
		kunmap_atomic(vs);
		kunmap_atomic(vd);
	}
	return 0;
}
