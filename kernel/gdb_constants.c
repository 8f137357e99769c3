// SPDX-License-Identifier: GPL-2.0-only
/*
 * Values the gdb helpers (scripts/gdb/) need that the debug information
 * does not carry, because they are macros: the memory model and the
 * layout of page->flags. Everything else the helpers take from symbols and
 * types. Read-only data, never used by the kernel itself.
 *
 * Contract: the helpers check .version; change it when a field changes
 * meaning or moves.
 */
#include <kernel/types.h>
#include <kernel/compiler.h>
#include <mm/mmzone.h>
#include <mm/page.h>
#include <mm/memory_model.h>

#define NB_GDB_CONSTANTS_VERSION	1

enum { NB_MEMMODEL_SPARSE, NB_MEMMODEL_VMEMMAP, NB_MEMMODEL_DISCONTIG };

const struct nb_gdb_constants {
	unsigned int version;
	unsigned int page_shift;
	unsigned int memmodel;			/* NB_MEMMODEL_* */
	unsigned int nodes_pgshift, zones_pgshift, sections_pgshift;
	unsigned long nodes_mask, zones_mask, sections_mask;
	unsigned int pfn_section_shift;		/* SPARSE, VMEMMAP */
	unsigned long sections_per_root;
	unsigned long nr_mem_sections;
	unsigned long section_map_mask;
	unsigned long section_has_mem_map;
	unsigned long vmemmap_start;		/* VMEMMAP: the memmap's base; else 0 */
	unsigned int physnode_shift;		/* DISCONTIG: pfn >> shift indexes physnode_map */
	unsigned long physnode_entries;
	unsigned int block_order;		/* pageblock_order; added last: older helpers ignore it */
} nb_gdb_constants __used = {
	.version = NB_GDB_CONSTANTS_VERSION,
	.page_shift = PAGE_SHIFT,
	.block_order = pageblock_order,
	.nodes_pgshift = NODES_PGSHIFT,
	.zones_pgshift = ZONES_PGSHIFT,
	.sections_pgshift = SECTIONS_PGSHIFT,
	.nodes_mask = NODES_MASK,
	.zones_mask = ZONES_MASK,
	.sections_mask = SECTIONS_MASK,
#if defined(CONFIG_MEMMODEL_SPARSE) || defined(CONFIG_MEMMODEL_VMEMMAP)
	.pfn_section_shift = PFN_SECTION_SHIFT,
	.sections_per_root = SECTIONS_PER_ROOT,
	.nr_mem_sections = NR_MEM_SECTIONS,
	.section_map_mask = SECTION_MAP_MASK,
	.section_has_mem_map = SECTION_HAS_MEM_MAP,
#endif
#ifdef CONFIG_MEMMODEL_SPARSE
	.memmodel = NB_MEMMODEL_SPARSE,
#elif defined(CONFIG_MEMMODEL_VMEMMAP)
	.memmodel = NB_MEMMODEL_VMEMMAP,
	.vmemmap_start = VMEMMAP_START,
#else
	.memmodel = NB_MEMMODEL_DISCONTIG,
	.physnode_shift = PHYSNODE_SHIFT,
	.physnode_entries = PHYSNODE_ENTRIES,
#endif
};
