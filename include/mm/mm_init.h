/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The zone layout (mm/mm_init.c): Linux 6.1's free_area_init() and
 * memmap_init() rules, applied to memblock.memory and its node ids.
 *
 * Boot sequence (the caller's side of the contract):
 *  1. memblock.memory holds the RAM with every region tagged with its node
 *     (memblock_set_node()); an untagged region (NUMA_NO_NODE) counts as
 *     node 0, as Linux without NUMA does. numa_register_topology() has run,
 *     so nr_node_ids is final.
 *  2. NODE_DATA(nid) points at a pglist_data for every node 0 ..
 *     nr_node_ids - 1 that should exist, including memoryless ones (Linux
 *     allocates those inside free_area_init(); here the caller does, so
 *     mm/ never allocates). NULL nodes are skipped, and their memory is in
 *     no zone. The pgdat need not be zeroed: everything but node_mem_map
 *     is (re)written.
 *  3. free_area_init_offline_nodes has a bit set for every node that has
 *     memory but that the architecture left offline (see below).
 *  4. free_area_init(max_zone_pfn): computes and prints the layout, prints
 *     Linux's "unavailable ranges" lines (memmap_init_report()) and the
 *     seed 000 misalignment report. It initialises no struct page.
 *  5. Later, with memmaps allocated, memmap_walk() with an init_range hook
 *     initialises every struct page exactly where Linux's memmap_init()
 *     would (present ranges and the reserved "unavailable" hole pages).
 */
#ifndef NB_MM_MM_INIT_H
#define NB_MM_MM_INIT_H

#include <kernel/types.h>
#include <mm/mmzone.h>

/*
 * Lay out every node and zone and print the layout as Linux 6.1 does:
 * "Zone ranges:", "Movable zone start for each node", "Early memory node
 * ranges", per node ["Initializing node %d as memoryless"] and "Initmem
 * setup node ...", then the "On node %d, zone %s: %lld pages in unavailable
 * ranges" lines, then one pr_crit line per misaligned zone boundary.
 *
 * @max_zone_pfn[z] is the pfn where zone z's possible range ends (Linux's
 * max_zone_pfns[], e.g. x86_64: DMA min(0x1000, max_pfn), DMA32
 * min(0x100000, max_pfn), Normal max_pfn). Zone ranges are consecutive and
 * start at the first memblock pfn; ZONE_MOVABLE's entry is ignored and the
 * zone stays empty (no kernelcore=/movablecore=/movable_node support).
 *
 * Result, per pgdat: node_id, node_start_pfn (0 if memoryless),
 * node_spanned_pages, node_present_pages, nr_zones (highest zone index
 * with spanned pages + 1, Linux's rule); per zone: name, node, zone_pgdat,
 * zone_start_pfn (0 for an empty zone), spanned_pages, present_pages,
 * managed_pages = 0, watermarks and lowmem_reserve 0, lock and free lists
 * initialised, nr_free_pages 0.
 */
void free_area_init(const unsigned long max_zone_pfn[MAX_NR_ZONES]);

/*
 * Nodes (bit n = node n) that have memblock memory but were not online when
 * Linux reached free_area_init(): on x86, a node whose NODE_DATA could not
 * be allocated in numa_register_memblks() (upstream 6.1.0 also skipped
 * nodes under NODE_MIN_SIZE, 4 MiB; the reference 6.1, Debian 6.1.0-56,
 * no longer does). Linux then prints "Initializing node %d as memoryless"
 * for it and still sizes its zones from memblock. Nodes without memory are
 * always treated as offline at that point. 0 by default; the architecture
 * sets it.
 */
extern nodemask_t free_area_init_offline_nodes;
/* Nodes online at free_area_init() time (Linux's node_online_map then). */
extern nodemask_t init_online_nodes;

/*
 * A pfn walk in Linux's memmap_init() order, over the layout
 * free_area_init() computed:
 *  - for each memblock.memory pfn range (ascending), for each populated
 *    zone of the range's node (ascending zone index), the part of the range
 *    inside the zone is reported with hole = false; then, if the pfns since
 *    the end of the previous such part are not memory, that hole is
 *    reported with the same node and zone (a hole takes the node/zone of the
 *    memory above it);
 *  - finally the pfns from the end of the last part up to the end of its
 *    SPARSEMEM section are a hole of the last range's node, in the highest
 *    populated zone of that node (Linux's appending to "the highest zone in
 *    the last node").
 * Inside holes, only pageblocks whose first pfn is valid (ops->pfn_valid)
 * are reported, as Linux's init_unavailable_range() skips the rest, so a
 * hole may be reported as several init_range() calls.
 *
 * Invariants: every reported range is non-empty and lies inside one
 * pageblock-granular valid area; present ranges never overlap each other
 * or any hole range; @nid has a pgdat and @zone < MAX_NR_ZONES.
 */
struct memmap_walk_ops {
	/*
	 * Is there a struct page for @pfn (asked for pageblock-aligned pfns
	 * inside holes only)? NULL: memblock_section_pfn_valid().
	 */
	bool (*pfn_valid)(unsigned long pfn);
	/* [start_pfn, end_pfn) of node @nid, zone @zone; NULL: not called. */
	void (*init_range)(unsigned long start_pfn, unsigned long end_pfn, int nid,
			   int zone, bool hole);
	/*
	 * Once per hole (Linux's init_unavailable_range() call), after its
	 * init_range() calls: [start_pfn, end_pfn) is the whole hole and
	 * @pages how many of its pfns were valid and reported. NULL: not called.
	 */
	void (*hole_done)(unsigned long start_pfn, unsigned long end_pfn, int nid,
			  int zone, unsigned long pages);
};

void memmap_walk(const struct memmap_walk_ops *ops);

/*
 * memmap_init()'s ops->pfn_valid: the pageblock at @pfn has struct pages
 * (its first or, where a node's memmap starts inside it, its last pfn is
 * valid). Walks that must see what memmap_init() initialised use it too.
 */
bool memmap_walk_pfn_valid(unsigned long pfn);

/*
 * SPARSEMEM's early pfn_valid(): the pfn's section holds some memblock
 * memory (Linux's memblocks_present() marks exactly those sections present)
 * and lies below NR_MEM_SECTIONS.
 */
bool memblock_section_pfn_valid(unsigned long pfn);

/*
 * Print Linux's "On node %d, zone %s: %lld pages in unavailable ranges"
 * lines: memmap_walk() with the default pfn_valid, one line per hole with
 * at least one valid page. free_area_init() calls it; exposed for a re-run.
 */
void memmap_init_report(void);

/*
 * Seed 000's init-time check. The buddy allocator merges a block with its
 * buddy inside the enclosing MAX_ORDER_NR_PAGES-aligned block (alignment
 * relative to pfn 0), so a merge can cross from one zone into another only
 * where a zone boundary falls inside such a block. A populated zone is
 * reported when its zone_start_pfn is not a multiple of MAX_ORDER_NR_PAGES
 * AND memblock memory lies in the same MAX_ORDER block below that start
 * (memory of a lower zone or of another node: a real boundary between
 * zones). A start with only a hole below it is no boundary: hole pages are
 * reserved (or have no struct page) and never merge, which is why ZONE_DMA
 * starting at pfn 1 (page 0 is not memblock memory) is normal and silent.
 * The end of a zone needs no check of its own: if memory of another zone
 * follows within the block, that zone's start is the reported boundary.
 *
 * Prints "node %d zone %s misaligned start pfn %#lx" (pr_crit) per
 * reported zone, and returns and stores the count in zone_misaligned_count.
 * free_area_init() runs it last.
 */
unsigned int zone_alignment_check(void);
extern unsigned int zone_misaligned_count;

#endif
