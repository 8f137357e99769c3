/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * i386 DISCONTIG: the KVA remap window (arch/x86/32/discontig.c), as
 * numa_kva_setup() laid it out, for its self-tests and reports. All pfns
 * and page counts are in 4 KiB pages; every range is [start, end).
 *
 * The arithmetic (Linux 2.6.23's calculate_numa_remap_pages() and
 * setup_memory(), with the node-local allocation done by memblock):
 *
 *   for each node nid > 0 with memory (every such node is online):
 *     span        its memblock pfn span (what free_area_init() makes
 *                 node_start_pfn / node_spanned_pages)
 *     pages       PTRS_PER_PTE * DIV_ROUND_UP(PAGE_ALIGN(sizeof(pg_data_t))
 *                   + span * sizeof(struct page), PMD_SIZE)
 *     phys        allocated on the node itself, PMD-aligned (0 and pages 0
 *                 if the node has no such free block: its memmap then
 *                 comes from lowmem like node 0's)
 *     offset      the sum of the pages of the nodes before it
 *   kva_pages     the sum of pages
 *   start_pfn     (old_max_low_pfn - kva_pages) rounded down to PTRS_PER_PTE
 *   waste         [start_pfn + kva_pages, old_max_low_pfn): lowmem the
 *                 window's PMD alignment leaves unused, < PTRS_PER_PTE pages
 *   max_low_pfn   start_pfn; with kva_zone_align (seed 000) rounded down
 *                 to MAX_ORDER_NR_PAGES
 *
 * An empty window (kva_pages == 0: a machine without NUMA) takes nothing
 * from lowmem: start_pfn = old_max_low_pfn, no waste; kva_zone_align
 * still aligns max_low_pfn.
 *
 * Virtual PAGE_OFFSET + (start_pfn + offset) * 4 KiB maps node nid's block
 * with 2 MiB pages: NODE_DATA(nid) there, its node_mem_map at
 * + PAGE_ALIGN(sizeof(pg_data_t)).
 *
 * memblock: the window's own lowmem pages [start_pfn, + kva_pages) are
 * reserved (2.6.23's numa_kva_reserve(): their direct-map addresses now
 * show other nodes' memory), never with a zero length; the waste is
 * reserved with kva_reserve_waste (seed 001), and without it stays free and
 * is reported by arch_memmap_skip_range() (include/arch/memmap.h).
 */
#ifndef NB_ASM_KVA_H
#define NB_ASM_KVA_H

#include <kernel/types.h>
#include <kernel/report.h>
#include <mm/numa.h>

struct kva_node {
	unsigned long span_start_pfn, span_pages;
	phys_addr_t phys;		/* node-local block (PMD-aligned), 0 if none */
	unsigned long pages;		/* block size in pages (a multiple of PTRS_PER_PTE) */
	unsigned long offset;		/* pages from the window start */
};

struct kva_layout {
	bool done;			/* numa_kva_setup() ran */
	unsigned long old_max_low_pfn;	/* lowmem end before the window */
	unsigned long start_pfn;	/* window start (PMD-aligned unless empty) */
	unsigned long kva_pages;
	unsigned long waste_start_pfn, waste_end_pfn;
	bool waste_reserved;
	unsigned long max_low_pfn;	/* lowmem end after it */
	nodemask_t remapped;		/* node nid: node nid's pgdat + memmap are in the window */
	struct kva_node node[MAX_NUMNODES];
	/* Every memblock reservation numa_kva_setup() made (the test checks lengths). */
	unsigned int nr_reservations;
	struct {
		phys_addr_t base, size;
	} reservation[2];
};

extern struct kva_layout kva_layout;

DECLARE_FIX(kva_reserve_waste);
DECLARE_FIX(kva_zone_align);

#endif
