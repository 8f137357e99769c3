/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Pageblock bits (Linux's include/linux/pageblock-flags.h): every pageblock
 * (pageblock_nr_pages naturally aligned pages) has NR_PAGEBLOCK_BITS bits,
 * the migratetype in the low three (enum migratetype) and compaction's skip
 * hint in the fourth.
 *
 * Where they live: SPARSEMEM and SPARSEMEM_VMEMMAP keep them in the section
 * (struct mem_section.pageblock_flags), DISCONTIGMEM in the node
 * (pgdat->pageblock_flags, from pgdat->pageblock_base_pfn). Every pageblock
 * that has a struct page has bits (memmaps cover whole pageblocks, seed 004).
 *
 * Locking: the migratetype of a pageblock that holds free pages changes only
 * under its zone->lock (set_pageblock_migratetype() callers in
 * mm/page_alloc.c); the free path reads it without the lock, as Linux does,
 * and a stale read only puts a block on the list of the type the block had
 * a moment before (the next steal or free sorts it out).
 */
#ifndef NB_MM_PAGEBLOCK_FLAGS_H
#define NB_MM_PAGEBLOCK_FLAGS_H

#include <kernel/types.h>
#include <mm/mmzone.h>
#include <mm/memory_model.h>

enum pageblock_bits {
	PB_migrate,
	PB_migrate_end = PB_migrate + 3 - 1,	/* three bits: MIGRATE_TYPES <= 8 */
	PB_migrate_skip,			/* compaction: nothing to do here recently */
	__NR_PAGEBLOCK_BITS
};
_Static_assert(__NR_PAGEBLOCK_BITS == NR_PAGEBLOCK_BITS, "pageblock bits");
_Static_assert(MIGRATE_TYPES <= 8, "migratetypes fit PB_migrate's three bits");
_Static_assert((8 * sizeof(long)) % NR_PAGEBLOCK_BITS == 0, "a block's bits in one long");

#define MIGRATETYPE_MASK	((1UL << (PB_migrate_end + 1)) - 1)

static inline bool pageblock_aligned(unsigned long pfn)
{
	return (pfn & (pageblock_nr_pages - 1)) == 0;
}

static inline unsigned long pageblock_start_pfn(unsigned long pfn)
{
	return pfn & ~(pageblock_nr_pages - 1);
}

static inline unsigned long pageblock_end_pfn(unsigned long pfn)
{
	return pageblock_start_pfn(pfn) + pageblock_nr_pages;
}

/* The long holding @pfn's pageblock bits; *@shift: their position in it. */
static __always_inline unsigned long *pfn_to_pageblock_word(const struct page *page,
							    unsigned long pfn,
							    unsigned int *shift)
{
	unsigned long idx;
	unsigned long *bitmap;

#ifdef CONFIG_MEMMODEL_DISCONTIG
	const pg_data_t *pgdat = NODE_DATA(page_to_nid(page));

	bitmap = pgdat->pageblock_flags;
	idx = ((pfn - pgdat->pageblock_base_pfn) >> pageblock_order) * NR_PAGEBLOCK_BITS;
#else
	/* @page exists, so its section and root do: no range or NULL checks. */
	unsigned long nr = pfn_to_section_nr(pfn);

	(void)page;
	bitmap = mem_section[nr / SECTIONS_PER_ROOT][nr % SECTIONS_PER_ROOT].pageblock_flags;
	idx = ((pfn & (PAGES_PER_SECTION - 1)) >> pageblock_order) * NR_PAGEBLOCK_BITS;
#endif
	*shift = (unsigned int)(idx % (8 * sizeof(long)));
	return &bitmap[idx / (8 * sizeof(long))];
}

static __always_inline unsigned long get_pfnblock_flags_mask(const struct page *page,
							     unsigned long pfn,
							     unsigned long mask)
{
	unsigned int shift;
	const unsigned long *word = pfn_to_pageblock_word(page, pfn, &shift);

	return (__atomic_load_n(word, __ATOMIC_RELAXED) >> shift) & mask;
}

/* Atomic against concurrent updates of the other blocks' bits in the same long. */
static inline void set_pfnblock_flags_mask(const struct page *page, unsigned long flags,
					   unsigned long pfn, unsigned long mask)
{
	unsigned int shift;
	unsigned long *word = pfn_to_pageblock_word(page, pfn, &shift);
	unsigned long old = __atomic_load_n(word, __ATOMIC_RELAXED), new;

	do {
		new = (old & ~(mask << shift)) | ((flags & mask) << shift);
	} while (!__atomic_compare_exchange_n(word, &old, new, false, __ATOMIC_RELAXED,
					      __ATOMIC_RELAXED));
}

static __always_inline int get_pfnblock_migratetype(const struct page *page, unsigned long pfn)
{
	return (int)get_pfnblock_flags_mask(page, pfn, MIGRATETYPE_MASK);
}

static inline int get_pageblock_migratetype(const struct page *page)
{
	return get_pfnblock_migratetype(page, page_to_pfn(page));
}

/* Under page_group_by_mobility_disabled every block is Unmovable, as in Linux. */
void set_pageblock_migratetype(struct page *page, int migratetype);

static inline bool get_pageblock_skip(const struct page *page)
{
	return get_pfnblock_flags_mask(page, page_to_pfn(page), 1UL << PB_migrate_skip);
}

static inline void set_pageblock_skip(struct page *page, bool skip)
{
	set_pfnblock_flags_mask(page, skip ? 1UL << PB_migrate_skip : 0, page_to_pfn(page),
				1UL << PB_migrate_skip);
}

/*
 * DISCONTIG: allocate @pgdat's pageblock bits for its memmap's span
 * (mm/discontig.c, from memory_model_init()).
 */
void pageblock_flags_init_node(pg_data_t *pgdat);

#endif
