// SPDX-License-Identifier: GPL-2.0-only
/*
 * SPARSEMEM and SPARSEMEM_VMEMMAP: the section table and each present
 * section's memmap.
 *
 * A section is present when memblock.memory has memory in it (Linux's
 * memblocks_present()); its node is the node of the first memory in it.
 * SPARSE allocates each section's memmap separately, from memblock on that
 * node, so neighbouring sections' memmaps are unrelated addresses. VMEMMAP
 * asks the architecture to back the section's slice of the virtual memmap
 * with memory of the node. Either way every struct page of a present
 * section exists, holes included: pfn_valid() is per section.
 */
#include <kernel/types.h>
#include <kernel/printk.h>
#include <kernel/panic.h>
#include <lib/string.h>
#include <mm/memblock.h>
#include <mm/memory_model.h>
#include <arch/memory.h>

#ifdef CONFIG_MEMMODEL_SPARSE
const char *const memory_model_name = "SPARSEMEM";
#else
const char *const memory_model_name = "SPARSEMEM_VMEMMAP";
#endif

struct mem_section *mem_section[NR_SECTION_ROOTS];
unsigned long memmap_bytes;

#define SECTION_MEMMAP_BYTES	(PAGES_PER_SECTION * sizeof(struct page))

/* memblock memory as kernel-visible zeroed memory, preferring @nid. */
static void *sparse_alloc(size_t size, size_t align, int nid, phys_addr_t *pa_out)
{
	phys_addr_t pa = memblock_phys_alloc_try_nid(size, align, nid);

	if (!pa)
		return NULL;
	if (pa_out)
		*pa_out = pa;
	return arch_phys_to_virt(pa);
}

static struct mem_section *sparse_index_init(unsigned long nr, int nid)
{
	unsigned long root = nr / SECTIONS_PER_ROOT;

	if (!mem_section[root]) {
		struct mem_section *r = sparse_alloc(PAGE_SIZE, PAGE_SIZE, nid, NULL);
		if (!r)
			panic("sparse: no memory for the section root of section %lu", nr);
		memset(r, 0, PAGE_SIZE);
		mem_section[root] = r;
	}
	return __nr_to_section(nr);
}

/* Mark every section with memblock memory present, remembering its node. */
static void memblocks_present(void)
{
	u64 idx = 0;
	phys_addr_t start, end;
	int nid;

	while (memblock_next_mem_range(&idx, NUMA_NO_NODE, &start, &end, &nid)) {
		unsigned long first = pfn_to_section_nr(PFN_DOWN(start));
		unsigned long last = pfn_to_section_nr(PFN_UP(end) - 1);

		if (nid == NUMA_NO_NODE)
			nid = 0;
		for (unsigned long nr = first; nr <= last && nr < NR_MEM_SECTIONS; nr++) {
			struct mem_section *ms = sparse_index_init(nr, nid);
			if (!(ms->section_mem_map & SECTION_MARKED_PRESENT)) {
				ms->section_mem_map = SECTION_MARKED_PRESENT;
				ms->nid = nid;
			}
		}
	}
}

#ifdef CONFIG_DEBUG_VM
/* Uninitialised memmap reads as PAGE_POISON_PATTERN: anything that uses it is caught. */
static void poison_memmap(void *map, size_t bytes)
{
	memset(map, 0xff, bytes);
}
#else
static void poison_memmap(void *map, size_t bytes)
{
	(void)map;
	(void)bytes;
}
#endif

static void sparse_init_section(unsigned long nr, struct mem_section *ms)
{
	unsigned long start_pfn = section_nr_to_pfn(nr);
#ifdef CONFIG_MEMMODEL_SPARSE
	phys_addr_t pa;
	struct page *map = sparse_alloc(SECTION_MEMMAP_BYTES, PAGE_SIZE, ms->nid, &pa);

	if (!map) {
		pr_err("sparse: no memory for the memmap of section %lu (node %d): its pages are lost\n",
		       nr, ms->nid);
		return;
	}
	/* Encoded so that pfn_to_page() is a single add (see struct mem_section). */
	ms->section_mem_map = ((unsigned long)map - start_pfn * sizeof(struct page)) |
			      SECTION_MARKED_PRESENT | SECTION_HAS_MEM_MAP;
#else
	struct page *map = vmemmap + start_pfn;

	if (vmemmap_populate((unsigned long)map, (unsigned long)(map + PAGES_PER_SECTION), ms->nid)) {
		pr_err("sparse: cannot populate the vmemmap of section %lu (node %d): its pages are lost\n",
		       nr, ms->nid);
		return;
	}
	ms->section_mem_map = SECTION_MARKED_PRESENT | SECTION_HAS_MEM_MAP;
#endif
	BUG_ON(((unsigned long)map & 3) != 0);
	poison_memmap(map, SECTION_MEMMAP_BYTES);
	memmap_bytes += SECTION_MEMMAP_BYTES;
}

void memory_model_init(void)
{
	unsigned long present = 0;

	memblocks_present();
	for (unsigned long root = 0; root < NR_SECTION_ROOTS; root++) {
		if (!mem_section[root])
			continue;
		for (unsigned long i = 0; i < SECTIONS_PER_ROOT; i++) {
			unsigned long nr = root * SECTIONS_PER_ROOT + i;
			struct mem_section *ms = &mem_section[root][i];

			if (nr >= NR_MEM_SECTIONS || !(ms->section_mem_map & SECTION_MARKED_PRESENT))
				continue;
			sparse_init_section(nr, ms);
			present++;
		}
	}
	pr_info("%s: %lu sections of %lu MiB, memmap %lu KiB (%zu bytes per struct page)\n",
		memory_model_name, present, PAGES_PER_SECTION >> (20 - PAGE_SHIFT),
		memmap_bytes >> 10, sizeof(struct page));
}

/* Forget everything (hosted tests re-run memory_model_init on new layouts). */
void sparse_reset(void)
{
	memset(mem_section, 0, sizeof(mem_section));
	memmap_bytes = 0;
}
