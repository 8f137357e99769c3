/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * memblock: the early allocator (mm/memblock.c), as Linux's.
 *
 * Two sorted, non-overlapping, merged region arrays: 'memory' (RAM the
 * firmware reported, each region tagged with its node) and 'reserved'
 * (ranges in use: kernel image, boot data, ACPI tables, early allocations).
 * Free memory is memory minus reserved. All ranges are [base, base + size).
 * Single-threaded: only used during boot, before SMP and the buddy allocator.
 */
#ifndef NB_MM_MEMBLOCK_H
#define NB_MM_MEMBLOCK_H

#include <kernel/types.h>
#include <mm/numa.h>

#define INIT_MEMBLOCK_REGIONS	256

enum memblock_flags {
	MEMBLOCK_NONE		= 0x0,
	MEMBLOCK_HOTPLUG	= 0x1,	/* hotpluggable (SRAT) */
	MEMBLOCK_NOMAP		= 0x4,	/* not in the direct map (seed 004 holes) */
};

struct memblock_region {
	phys_addr_t base;
	phys_addr_t size;
	enum memblock_flags flags;
	int nid;			/* NUMA_NO_NODE until tagged */
};

struct memblock_type {
	unsigned long cnt;		/* regions in use (0 when empty) */
	unsigned long max;
	phys_addr_t total_size;
	struct memblock_region *regions;
	const char *name;
};

struct memblock {
	phys_addr_t current_limit;	/* allocations stay below this */
	struct memblock_type memory;
	struct memblock_type reserved;
};

extern struct memblock memblock;
extern bool memblock_debug;		/* memblock=debug: log every call */

#define MEMBLOCK_ALLOC_ANYWHERE	(~(phys_addr_t)0)
/* As an allocation's end: up to memblock.current_limit (Linux's meaning of 0). */
#define MEMBLOCK_ALLOC_ACCESSIBLE	0

/*
 * Return 0; -ENOSPC when the region array would overflow (the call is then
 * lost, and logged; the arrays are never corrupted); -EINVAL for a node id
 * that is neither NUMA_NO_NODE nor below MAX_NUMNODES. Sizes are clamped so
 * that base + size stays at or below ~0 (the last byte is never a region's).
 * memblock_add()/memblock_reserve() tag with NUMA_NO_NODE; an add keeps the
 * node and flags of what is already there and only fills the gaps.
 */
int memblock_add(phys_addr_t base, phys_addr_t size);
int memblock_add_node(phys_addr_t base, phys_addr_t size, int nid, enum memblock_flags flags);
int memblock_remove(phys_addr_t base, phys_addr_t size);
int memblock_reserve(phys_addr_t base, phys_addr_t size);
int memblock_phys_free(phys_addr_t base, phys_addr_t size);
int memblock_mark_nomap(phys_addr_t base, phys_addr_t size);
int memblock_mark_hotplug(phys_addr_t base, phys_addr_t size);
/* Tag memory in [base, base + size) with @nid, splitting regions as needed. */
int memblock_set_node(phys_addr_t base, phys_addr_t size, struct memblock_type *type, int nid);

bool memblock_overlaps_region(struct memblock_type *type, phys_addr_t base, phys_addr_t size);
bool memblock_is_memory(phys_addr_t addr);
/*
 * Linux's memblock_search_pfn_nid(): the node of the memblock.memory region
 * holding @pfn, and the region's pfns in [*@start_pfn, *@end_pfn) where
 * those are not NULL; -1 (NUMA_NO_NODE) if @pfn is not memblock memory or
 * its region has no node.
 */
int memblock_search_pfn_nid(unsigned long pfn, unsigned long *start_pfn, unsigned long *end_pfn);
bool memblock_is_reserved(phys_addr_t addr);
bool memblock_is_region_memory(phys_addr_t base, phys_addr_t size);
phys_addr_t memblock_phys_mem_size(void);
phys_addr_t memblock_start_of_DRAM(void);
phys_addr_t memblock_end_of_DRAM(void);
void memblock_set_current_limit(phys_addr_t limit);
/* Shrink every memory region to whole @align units (a power of two); drop what is left empty. */
void memblock_trim_memory(phys_addr_t align);

/*
 * Allocate @size bytes aligned to @align (a power of two) from free memory
 * inside [start, end), top-down as Linux does. @end is capped at
 * memblock.current_limit (MEMBLOCK_ALLOC_ACCESSIBLE: the limit itself) and
 * the first page is never handed out. Returns the physical address or 0 on
 * failure. The range is reserved.
 */
phys_addr_t memblock_phys_alloc_range(phys_addr_t size, phys_addr_t align,
				      phys_addr_t start, phys_addr_t end);
/*
 * Node-local allocation: try @nid first, then the other nodes in order of
 * node_distance() from @nid (ties by node id), then any memory.
 * NUMA_NO_NODE means any node. Returns 0 on failure.
 */
phys_addr_t memblock_phys_alloc_try_nid(phys_addr_t size, phys_addr_t align, int nid);
/* Same, but the memory must be on @nid exactly. */
phys_addr_t memblock_phys_alloc_exact_nid(phys_addr_t size, phys_addr_t align, int nid);

/*
 * Iterate over free ranges (memory minus reserved, NOMAP excluded) on @nid
 * (NUMA_NO_NODE: all), in ascending order. @idx must start at 0.
 * Returns false when done.
 */
bool memblock_next_free_range(u64 *idx, int nid, phys_addr_t *start, phys_addr_t *end, int *out_nid);
/* Iterate over memory regions (including NOMAP) the same way. */
bool memblock_next_mem_range(u64 *idx, int nid, phys_addr_t *start, phys_addr_t *end, int *out_nid);

/* Print both arrays in Linux's "MEMBLOCK configuration:" format (dump=memblock). */
void memblock_dump_all(void);

/* Reset to empty (for tests and for re-initialisation). */
void memblock_reset(void);

#endif
