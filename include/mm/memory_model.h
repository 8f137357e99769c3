/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Memory models: the only way between a pfn and its struct page.
 *
 *   CONFIG_MEMMODEL_SPARSE     a two-level section table; each present
 *                              section's memmap is a separate allocation on
 *                              the section's node, so the memmap is NOT
 *                              virtually contiguous across sections
 *   CONFIG_MEMMODEL_VMEMMAP    one virtual array at VMEMMAP_START, backed
 *                              section by section with memory of each node
 *   CONFIG_MEMMODEL_DISCONTIG  one memmap per node (pgdat->node_mem_map,
 *                              covering the node's span) and a pfn -> node
 *                              map; i386 only
 *
 * Contract, every model: pfn_valid(pfn) is true exactly when pfn has a
 * struct page; for such a pfn page_to_pfn(pfn_to_page(pfn)) == pfn. The
 * memmap is contiguous inside a MAX_ORDER block (indeed inside a section or
 * a node), never beyond: code that walks further uses mem_map_offset() /
 * mem_map_next() (seed 003).
 */
#ifndef NB_MM_MEMORY_MODEL_H
#define NB_MM_MEMORY_MODEL_H

#include <kernel/types.h>
#include <kernel/compiler.h>
#include <mm/page.h>

#if defined(CONFIG_MEMMODEL_SPARSE) + defined(CONFIG_MEMMODEL_VMEMMAP) + \
	defined(CONFIG_MEMMODEL_DISCONTIG) != 1
#error "exactly one CONFIG_MEMMODEL_* must be defined"
#endif

extern const char *const memory_model_name;

#if defined(CONFIG_MEMMODEL_SPARSE) || defined(CONFIG_MEMMODEL_VMEMMAP)

/*
 * Pageblock bits per section: NR_PAGEBLOCK_BITS (4) per pageblock, so a
 * pageblock's bits never straddle two longs (include/mm/pageblock-flags.h).
 */
#define NR_PAGEBLOCK_BITS	4
#define SECTION_BLOCKFLAGS_LONGS \
	DIV_ROUND_UP((PAGES_PER_SECTION >> pageblock_order) * NR_PAGEBLOCK_BITS, 8 * sizeof(long))

/* 64 bytes on x86_64 (48 used), 256 on i386 (136 used: 256 pageblocks of 512 MiB). */
#define MEM_SECTION_SIZE	(sizeof(long) == 8 ? 64 : 256)

struct mem_section {
	/*
	 * SPARSE: the address of the section's memmap minus the section's
	 * first pfn times sizeof(struct page) (so that pfn_to_page is one add),
	 * in unsigned arithmetic, with the flags below in the low bits.
	 * VMEMMAP: only the flags.
	 */
	unsigned long section_mem_map;
	int nid;			/* node whose memory the section holds */
	/*
	 * The migratetype (and skip) bits of the section's pageblocks: Linux's
	 * ms->usage->pageblock_flags, kept inline (a few longs) so that the
	 * free path reaches them with the same lookup as the section. Zero
	 * (MIGRATE_UNMOVABLE) until memmap_init() marks the present blocks.
	 */
	unsigned long pageblock_flags[SECTION_BLOCKFLAGS_LONGS];
} __attribute__((aligned(MEM_SECTION_SIZE)));
_Static_assert(sizeof(struct mem_section) == MEM_SECTION_SIZE,
	       "a power-of-two mem_section: the section lookup is shifts, not divisions");

#define SECTION_MARKED_PRESENT	0x1UL	/* some memblock memory lies in it */
#define SECTION_HAS_MEM_MAP	0x2UL	/* its memmap exists */
#define SECTION_MAP_MASK	(~0x3UL)
_Static_assert(sizeof(struct page) % 4 == 0, "the section flags need 2 free low bits");

#define SECTIONS_PER_ROOT	(PAGE_SIZE / sizeof(struct mem_section))
#define NR_SECTION_ROOTS	DIV_ROUND_UP(NR_MEM_SECTIONS, SECTIONS_PER_ROOT)

/* Roots are allocated on demand by sparse_init(); NULL: no section there. */
extern struct mem_section *mem_section[NR_SECTION_ROOTS];

static inline struct mem_section *__nr_to_section(unsigned long nr)
{
	struct mem_section *root;

	if (nr >= NR_MEM_SECTIONS)
		return NULL;
	root = mem_section[nr / SECTIONS_PER_ROOT];
	return root ? &root[nr % SECTIONS_PER_ROOT] : NULL;
}

static inline struct mem_section *__pfn_to_section(unsigned long pfn)
{
	return __nr_to_section(pfn_to_section_nr(pfn));
}

static inline bool valid_section(const struct mem_section *ms)
{
	return ms && (ms->section_mem_map & SECTION_HAS_MEM_MAP);
}

static inline bool pfn_valid(unsigned long pfn)
{
	return valid_section(__pfn_to_section(pfn));
}

#endif

#ifdef CONFIG_MEMMODEL_SPARSE
static inline struct page *pfn_to_page(unsigned long pfn)
{
	const struct mem_section *ms = __pfn_to_section(pfn);

	return (struct page *)((ms->section_mem_map & SECTION_MAP_MASK) +
			       pfn * sizeof(struct page));
}

static inline unsigned long page_to_pfn(const struct page *page)
{
	const struct mem_section *ms = __nr_to_section(page_to_section(page));

	return ((unsigned long)page - (ms->section_mem_map & SECTION_MAP_MASK)) /
	       sizeof(struct page);
}
#endif

#ifdef CONFIG_MEMMODEL_VMEMMAP
#define vmemmap ((struct page *)VMEMMAP_START)

static inline struct page *pfn_to_page(unsigned long pfn)
{
	return vmemmap + pfn;
}

static inline unsigned long page_to_pfn(const struct page *page)
{
	return (unsigned long)(page - vmemmap);
}
#endif

#ifdef CONFIG_MEMMODEL_DISCONTIG
#define NR_PAGEBLOCK_BITS	4
/* One entry per pageblock of physical memory: the node, or one of these. */
#define PHYSNODE_NONE		(-1)	/* no node */
#define PHYSNODE_MIXED		(-2)	/* a node boundary or a node's edge lies inside */
#define PHYSNODE_SHIFT		pageblock_order
#define PHYSNODE_ENTRIES	(1UL << (MAX_PHYSMEM_BITS - PAGE_SHIFT - PHYSNODE_SHIFT))
extern s16 physnode_map[PHYSNODE_ENTRIES];

int __pfn_to_nid_slow(unsigned long pfn);

/* The node whose span holds @pfn, or NUMA_NO_NODE. */
static inline int pfn_to_nid(unsigned long pfn)
{
	unsigned long e = pfn >> PHYSNODE_SHIFT;
	int nid;

	if (e >= PHYSNODE_ENTRIES)
		return NUMA_NO_NODE;
	nid = physnode_map[e];
	if (likely(nid >= 0))
		return nid;
	return nid == PHYSNODE_NONE ? NUMA_NO_NODE : __pfn_to_nid_slow(pfn);
}

static inline bool pfn_valid(unsigned long pfn)
{
	return pfn_to_nid(pfn) != NUMA_NO_NODE;
}

static inline struct page *pfn_to_page(unsigned long pfn)
{
	const pg_data_t *pgdat = NODE_DATA(pfn_to_nid(pfn));

	return pgdat->node_mem_map + (pfn - pgdat->node_start_pfn);
}

static inline unsigned long page_to_pfn(const struct page *page)
{
	const pg_data_t *pgdat = NODE_DATA(page_to_nid(page));

	return (unsigned long)(page - pgdat->node_mem_map) + pgdat->node_start_pfn;
}
#endif

/*
 * Seed 003: the page @offset pages after @base. Inside a MAX_ORDER block
 * plain pointer arithmetic is right; beyond it the memmap may not be
 * contiguous (SPARSEMEM without VMEMMAP), so go through the pfn.
 */
static inline struct page *mem_map_offset(struct page *base, unsigned long offset)
{
	if (unlikely(offset >= MAX_ORDER_NR_PAGES))
		return pfn_to_page(page_to_pfn(base) + offset);
	return base + offset;
}

/*
 * Seed 003: the page after @iter, which is @offset - 1 pages after @base;
 * re-derived from the pfn at every MAX_ORDER boundary.
 */
static inline struct page *mem_map_next(struct page *iter, struct page *base, unsigned long offset)
{
	if (unlikely((offset & (MAX_ORDER_NR_PAGES - 1)) == 0))
		return pfn_to_page(page_to_pfn(base) + offset);
	return iter + 1;
}

/*
 * Allocate (and, in debug builds, poison) the memmap of every present
 * section or node. After free_area_init(); before memmap_init().
 */
void memory_model_init(void);

#if defined(CONFIG_MEMMODEL_SPARSE) || defined(CONFIG_MEMMODEL_VMEMMAP)
/*
 * Hosted tests only: forget every section and memmap_bytes, so that
 * memory_model_init() can run again on a new memblock layout. The memory
 * behind the old roots and memmaps was memblock's; it is not freed here.
 */
void sparse_reset(void);
#endif

/* Initialise every struct page Linux's memmap_init() would (mm/mm_init.c). */
void memmap_init(void);

/* Memmap bytes allocated by memory_model_init(), for the boot summary and tests. */
extern unsigned long memmap_bytes;

#endif
