/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The page allocator's API and GFP flags, with Linux 6.1's bit values so
 * that "mode:%#x" in failure reports reads as on Linux.
 */
#ifndef NB_MM_GFP_H
#define NB_MM_GFP_H

#include <kernel/types.h>
#include <mm/mmzone.h>
#include <mm/page.h>

typedef unsigned int gfp_t;

#define __GFP_DMA		0x01u
#define __GFP_HIGHMEM		0x02u
#define __GFP_DMA32		0x04u
#define __GFP_MOVABLE		0x08u
#define __GFP_RECLAIMABLE	0x10u
#define __GFP_HIGH		0x20u
#define __GFP_IO		0x40u
#define __GFP_FS		0x80u
#define __GFP_ZERO		0x100u
#define __GFP_ATOMIC		0x200u
#define __GFP_DIRECT_RECLAIM	0x400u
#define __GFP_KSWAPD_RECLAIM	0x800u
#define __GFP_NOWARN		0x2000u
#define __GFP_NORETRY		0x10000u
#define __GFP_COMP		0x40000u
#define __GFP_THISNODE		0x200000u
#define __GFP_RECLAIM		(__GFP_DIRECT_RECLAIM | __GFP_KSWAPD_RECLAIM)

#define GFP_ATOMIC		(__GFP_HIGH | __GFP_ATOMIC | __GFP_KSWAPD_RECLAIM)
#define GFP_KERNEL		(__GFP_RECLAIM | __GFP_IO | __GFP_FS)
#define GFP_NOWAIT		(__GFP_KSWAPD_RECLAIM)
#define GFP_DMA			__GFP_DMA
#define GFP_DMA32		__GFP_DMA32
#define GFP_HIGHUSER		(GFP_KERNEL | __GFP_HIGHMEM)
#define GFP_HIGHUSER_MOVABLE	(GFP_HIGHUSER | __GFP_MOVABLE)

/* The mobility bits: the migratetype an allocation asks for (Linux's gfp_migratetype()). */
#define GFP_MOVABLE_MASK	(__GFP_RECLAIMABLE | __GFP_MOVABLE)
#define GFP_MOVABLE_SHIFT	3
_Static_assert((__GFP_MOVABLE >> GFP_MOVABLE_SHIFT) == MIGRATE_MOVABLE &&
	       (__GFP_RECLAIMABLE >> GFP_MOVABLE_SHIFT) == MIGRATE_RECLAIMABLE,
	       "gfp_migratetype() reads the type straight from the bits");

static inline int gfp_migratetype(gfp_t gfp)
{
	if ((gfp & GFP_MOVABLE_MASK) == GFP_MOVABLE_MASK)	/* both: a caller bug, as Linux warns */
		return MIGRATE_UNMOVABLE;
	return (int)((gfp & GFP_MOVABLE_MASK) >> GFP_MOVABLE_SHIFT);
}

/* The highest zone an allocation with @gfp may use. */
enum zone_type gfp_zone(gfp_t gfp);

/*
 * The zonelist an allocation with @gfp walks, as Linux's gfp_zonelist() and
 * node_zonelist(): __GFP_THISNODE takes @nid's own zones only, anything
 * else @nid's fallback list. @nid must have NODE_DATA.
 */
static inline int gfp_zonelist(gfp_t gfp)
{
	return (gfp & __GFP_THISNODE) ? ZONELIST_NOFALLBACK : ZONELIST_FALLBACK;
}

static inline struct zonelist *node_zonelist(int nid, gfp_t gfp)
{
	return NODE_DATA(nid)->node_zonelists + gfp_zonelist(gfp);
}

/*
 * Allocate 2^@order contiguous pages. The local node is the one of the
 * calling CPU (node 0 until SMP); @nid NUMA_NO_NODE means local.
 * Returns the first page, or NULL (after Linux's "page allocation
 * failure" warning and a buddyinfo dump, unless __GFP_NOWARN).
 */
struct page *alloc_pages(gfp_t gfp, unsigned int order);
struct page *alloc_pages_node(int nid, gfp_t gfp, unsigned int order);
/* Drop a reference; the block returns to the buddy allocator at zero. */
void __free_pages(struct page *page, unsigned int order);

/*
 * Linux 6.1's bulk API, order 0 only: up to @nr pages from @nid onto @list,
 * or into the NULL entries of @array (set entries are kept). Returns the
 * pages added to @list, or the populated entries of @array. One watermark
 * check, one irq/lock section and one counter update per call on the fast
 * path; one page through alloc_pages_node() when it cannot serve.
 */
unsigned long __alloc_pages_bulk(gfp_t gfp, int nid, unsigned long nr, struct list_head *list,
				 struct page **array);
int numa_mem_id(void);

static inline unsigned long alloc_pages_bulk_list(gfp_t gfp, unsigned long nr,
						  struct list_head *list)
{
	return __alloc_pages_bulk(gfp, numa_mem_id(), nr, list, NULL);
}

static inline unsigned long alloc_pages_bulk_array(gfp_t gfp, unsigned long nr,
						   struct page **array)
{
	return __alloc_pages_bulk(gfp, numa_mem_id(), nr, NULL, array);
}

static inline unsigned long alloc_pages_bulk_array_node(gfp_t gfp, int nid, unsigned long nr,
							struct page **array)
{
	return __alloc_pages_bulk(gfp, nid == NUMA_NO_NODE ? numa_mem_id() : nid, nr, NULL, array);
}

/*
 * Drop a reference to each of @nr order-0 pages (NULL entries skipped),
 * those freed going back to the per-cpu lists under one irq section.
 */
void free_pages_bulk(struct page **pages, unsigned long nr);
/* By kernel address (lowmem / direct map only), as Linux's free_pages(). */
void free_pages(unsigned long addr, unsigned int order);
/* Direct-map address of a lowmem page (NULL for highmem), Linux's page_address(). */
void *page_address(const struct page *page);
unsigned long __get_free_pages(gfp_t gfp, unsigned int order);

#endif
