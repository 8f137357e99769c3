// SPDX-License-Identifier: GPL-2.0-only
/*
 * DISCONTIGMEM (i386): one memmap per node covering the node's whole span
 * (pgdat->node_mem_map, node_start_pfn first), and physnode_map, the pfn ->
 * node map that pfn_to_page() goes through.
 *
 * The architecture may have placed a node's memmap already (i386 puts the
 * memmaps of nodes other than 0 in their own memory, remapped into the KVA
 * window: seed 001); any node without one gets lowmem from memblock here.
 */
#include <kernel/types.h>
#include <kernel/printk.h>
#include <kernel/panic.h>
#include <lib/string.h>
#include <mm/memblock.h>
#include <mm/memory_model.h>
#include <mm/pageblock-flags.h>
#include <arch/memory.h>

const char *const memory_model_name = "DISCONTIGMEM";
s16 physnode_map[PHYSNODE_ENTRIES];
unsigned long memmap_bytes;

/* A node boundary or a memmap's edge lies in @pfn's pageblock: look at each node. */
int __pfn_to_nid_slow(unsigned long pfn)
{
	/* A node's own span first: its memory and holes inside it. */
	for (int nid = 0; nid < (int)nr_node_ids; nid++) {
		const pg_data_t *pgdat = NODE_DATA(nid);

		if (pgdat && pgdat->node_mem_map && pfn >= pgdat->node_start_pfn &&
		    pfn < pgdat_end_pfn(pgdat))
			return nid;
	}
	/* Then the MAX_ORDER rounding of a memmap: hole pages only. */
	for (int nid = 0; nid < (int)nr_node_ids; nid++) {
		const pg_data_t *pgdat = NODE_DATA(nid);

		if (pgdat && pgdat->node_mem_map && pfn >= pgdat->memmap_start_pfn &&
		    pfn < pgdat->memmap_end_pfn)
			return nid;
	}
	return NUMA_NO_NODE;
}

static void physnode_map_add(int nid, const pg_data_t *pgdat)
{
	unsigned long first = pgdat->memmap_start_pfn >> PHYSNODE_SHIFT;
	unsigned long last = (pgdat->memmap_end_pfn - 1) >> PHYSNODE_SHIFT;

	for (unsigned long e = first; e <= last && e < PHYSNODE_ENTRIES; e++) {
		unsigned long e_start = e << PHYSNODE_SHIFT, e_end = (e + 1) << PHYSNODE_SHIFT;
		bool whole = e_start >= pgdat->node_start_pfn && e_end <= pgdat_end_pfn(pgdat);

		if (physnode_map[e] == PHYSNODE_NONE && whole)
			physnode_map[e] = (s16)nid;
		else
			physnode_map[e] = PHYSNODE_MIXED;
	}
}

/*
 * The node's pageblock bits: one set per pageblock its memmap touches,
 * zeroed (MIGRATE_UNMOVABLE) until memmap_init() marks the present blocks.
 */
void pageblock_flags_init_node(pg_data_t *pgdat)
{
	unsigned long base = pageblock_start_pfn(pgdat->memmap_start_pfn);
	unsigned long blocks = DIV_ROUND_UP(pgdat->memmap_end_pfn - base, pageblock_nr_pages);
	size_t bytes = DIV_ROUND_UP(blocks * NR_PAGEBLOCK_BITS, 8 * sizeof(long)) * sizeof(long);
	phys_addr_t pa = memblock_phys_alloc_try_nid(bytes, sizeof(long), pgdat->node_id);

	if (!pa)
		panic("DISCONTIGMEM: no memory for node %d's pageblock bits (%zu bytes)",
		      pgdat->node_id, bytes);
	pgdat->pageblock_flags = arch_phys_to_virt(pa);
	pgdat->pageblock_base_pfn = base;
	memset(pgdat->pageblock_flags, 0, bytes);
}

void memory_model_init(void)
{
	_Static_assert(MAX_NUMNODES <= 32767, "physnode_map entries are s16");
	for (unsigned long e = 0; e < PHYSNODE_ENTRIES; e++)
		physnode_map[e] = PHYSNODE_NONE;

	for (int nid = 0; nid < (int)nr_node_ids; nid++) {
		pg_data_t *pgdat = NODE_DATA(nid);
		struct page *map;
		size_t bytes;

		if (!pgdat || !pgdat->node_spanned_pages)
			continue;
		if (pgdat->node_mem_map) {
			/* Placed by the architecture: exactly the node's span. */
			pgdat->memmap_start_pfn = pgdat->node_start_pfn;
			pgdat->memmap_end_pfn = pgdat_end_pfn(pgdat);
			map = pgdat->node_mem_map;
		} else {
			/* Linux's alloc_node_mem_map(): whole MAX_ORDER blocks, so hole pages round it out. */
			pgdat->memmap_start_pfn = ALIGN_DOWN(pgdat->node_start_pfn, MAX_ORDER_NR_PAGES);
			pgdat->memmap_end_pfn = ALIGN(pgdat_end_pfn(pgdat), MAX_ORDER_NR_PAGES);
			bytes = (pgdat->memmap_end_pfn - pgdat->memmap_start_pfn) * sizeof(struct page);
			phys_addr_t pa = memblock_phys_alloc_try_nid(bytes, PAGE_SIZE, nid);

			if (!pa)
				panic("DISCONTIGMEM: no memory for node %d's memmap (%zu bytes)", nid, bytes);
			map = arch_phys_to_virt(pa);
			pgdat->node_mem_map = map + (pgdat->node_start_pfn - pgdat->memmap_start_pfn);
		}
		bytes = (pgdat->memmap_end_pfn - pgdat->memmap_start_pfn) * sizeof(struct page);
#ifdef CONFIG_DEBUG_VM
		memset(map, 0xff, bytes);
#endif
		memmap_bytes += bytes;
		pageblock_flags_init_node(pgdat);
		physnode_map_add(nid, pgdat);
	}
	pr_info("%s: %u node memmaps, %lu KiB (%zu bytes per struct page)\n", memory_model_name,
		nr_node_ids, memmap_bytes >> 10, sizeof(struct page));
}
