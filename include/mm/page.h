/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * struct page: one per page frame that has a memmap entry.
 *
 * Layout (every byte costs 1/4096 of RAM):
 *   x86_64: 32 bytes = flags 8 + lru 16 + private 4 + _refcount 4
 *   i386:   20 bytes = flags 4 + lru 8  + private 4 + _refcount 4
 *
 *   flags     high bits: node id, zone index and, for SPARSEMEM without
 *             VMEMMAP, the section number (page_to_pfn needs it); low bits:
 *             the PG_* flags below
 *   lru       the free-list link while PageBuddy; in a compound tail page
 *             its first word is compound_head (head address | 1)
 *   private   the buddy order while PageBuddy; the compound order in a head
 *   _refcount 0 while free, 1 for a page handed out
 *
 * The node and zone fields are written once, at memmap initialisation, and
 * never change; page_to_nid() and page_zone() only read them.
 */
#ifndef NB_MM_PAGE_H
#define NB_MM_PAGE_H

#include <kernel/types.h>
#include <kernel/list.h>
#include <mm/mmzone.h>

struct page {
	unsigned long flags;
	union {
		struct list_head lru;
		struct {
			unsigned long compound_head;	/* tail pages: head | 1 */
			unsigned long compound_pad;
		};
	};
	unsigned int private;
	int _refcount;
};

_Static_assert(sizeof(struct page) == (sizeof(long) == 8 ? 32 : 20),
	       "struct page is 32 bytes on x86_64 and 20 on i386: keep it so");

/* Page flags: bit numbers in page->flags. */
enum pageflags {
	PG_reserved,	/* never handed to the buddy allocator (holes, firmware, boot data) */
	PG_buddy,	/* on a free list; private holds the order */
	PG_head,	/* first page of a compound page */
	PG_hole,	/* a memmap entry for a pfn that is not RAM (seed 004) */
	PG_guard,	/* debug: free and unmapped from the direct map */
	PG_poisoned,	/* debug: free and filled with the poison pattern */
	PG_movable,	/* allocated, and its owner can move it (include/mm/migrate.h) */
	PG_isolated,	/* a movable page taken by migration or compaction */
	__NR_PAGEFLAGS
};

/* Field widths in page->flags, from the top down: node, zone, section. */
#define NODES_WIDTH		NODES_SHIFT
#define ZONES_WIDTH		3
_Static_assert(MAX_NR_ZONES <= (1 << ZONES_WIDTH), "zone index must fit ZONES_WIDTH");
#ifdef CONFIG_MEMMODEL_SPARSE
#define SECTIONS_WIDTH		(MAX_PHYSMEM_BITS - SECTION_SIZE_BITS)
#else
#define SECTIONS_WIDTH		0
#endif
#define NODES_PGSHIFT		(BITS_PER_LONG - NODES_WIDTH)
#define ZONES_PGSHIFT		(NODES_PGSHIFT - ZONES_WIDTH)
#define SECTIONS_PGSHIFT	(ZONES_PGSHIFT - SECTIONS_WIDTH)
/*
 * Two bits above the PG_ bits: the migratetype of the free list a page last
 * left (Linux's set_pcppage_migratetype(), there in page->index), which
 * picks the per-cpu list its free goes to without a pageblock lookup. A
 * hint: a drain puts every page on its pageblock's buddy list, and a zone
 * with isolated pageblocks looks the type up.
 */
#define PCPMT_PGSHIFT		__NR_PAGEFLAGS
#define PCPMT_MASK		3UL
_Static_assert(SECTIONS_PGSHIFT >= PCPMT_PGSHIFT + 2, "page->flags fields overlap the PG_ bits");

#define NODES_MASK		((1UL << NODES_WIDTH) - 1)
#define ZONES_MASK		((1UL << ZONES_WIDTH) - 1)
#define SECTIONS_MASK		(SECTIONS_WIDTH ? (1UL << SECTIONS_WIDTH) - 1 : 0)

static inline int page_to_nid(const struct page *page)
{
	return (int)((page->flags >> NODES_PGSHIFT) & NODES_MASK);
}

static inline enum zone_type page_zonenum(const struct page *page)
{
	return (enum zone_type)((page->flags >> ZONES_PGSHIFT) & ZONES_MASK);
}

static inline struct zone *page_zone(const struct page *page)
{
	return &NODE_DATA(page_to_nid(page))->node_zones[page_zonenum(page)];
}

static inline unsigned long page_to_section(const struct page *page)
{
	return (page->flags >> SECTIONS_PGSHIFT) & SECTIONS_MASK;
}

/* Set the node/zone/section fields; the PG_ bits are left as they are. */
static inline void set_page_links(struct page *page, enum zone_type zone, int nid,
				  unsigned long pfn)
{
	unsigned long keep = (1UL << SECTIONS_PGSHIFT) - 1;

	page->flags = (page->flags & keep) |
		      ((unsigned long)nid & NODES_MASK) << NODES_PGSHIFT |
		      ((unsigned long)zone & ZONES_MASK) << ZONES_PGSHIFT |
		      (SECTIONS_WIDTH ? (pfn_to_section_nr(pfn) & SECTIONS_MASK) << SECTIONS_PGSHIFT : 0);
}

static inline void set_pcppage_migratetype(struct page *page, int migratetype)
{
	page->flags = (page->flags & ~(PCPMT_MASK << PCPMT_PGSHIFT)) |
		      ((unsigned long)migratetype & PCPMT_MASK) << PCPMT_PGSHIFT;
}

#define PAGEFLAG(name, bit)						\
static inline bool Page##name(const struct page *p) { return p->flags & (1UL << (bit)); } \
static inline void SetPage##name(struct page *p) { p->flags |= 1UL << (bit); } \
static inline void ClearPage##name(struct page *p) { p->flags &= ~(1UL << (bit)); }

PAGEFLAG(Reserved, PG_reserved)
PAGEFLAG(Buddy, PG_buddy)
PAGEFLAG(Head, PG_head)
PAGEFLAG(Hole, PG_hole)
PAGEFLAG(Guard, PG_guard)
PAGEFLAG(Poisoned, PG_poisoned)
PAGEFLAG(Isolated, PG_isolated)

/* Linux's __PageMovable(): a non-LRU page its owner registered with __SetPageMovable(). */
static inline bool __PageMovable(const struct page *p)
{
	return p->flags & (1UL << PG_movable);
}

static inline bool PageTail(const struct page *p)
{
	return p->compound_head & 1;
}

static inline struct page *compound_head(struct page *p)
{
	return PageTail(p) ? (struct page *)(p->compound_head - 1) : p;
}

static inline unsigned int buddy_order(const struct page *p)
{
	return p->private;
}

static inline int page_count(const struct page *p)
{
	return p->_refcount;
}

/*
 * The pattern memmap entries hold before initialisation in debug builds
 * (Linux's PAGE_POISON_PATTERN): flags of all ones decode to no valid
 * node/zone, so reading one is caught by PagePoisoned_memmap().
 */
#define PAGE_POISON_PATTERN	(~0UL)
static inline bool page_memmap_poisoned(const struct page *p)
{
	return p->flags == PAGE_POISON_PATTERN;
}

#endif
