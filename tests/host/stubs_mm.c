// SPDX-License-Identifier: GPL-2.0-only
/*
 * Hosted implementation of include/arch/memory.h: "physical memory" that
 * mm/ allocates from memblock is backed by windows of host memory that a
 * test registers with fake_ram_add(); a physical address outside every
 * window has no kernel address (NULL), like memory above lowmem.
 */
#include <stdlib.h>
#include <string.h>
#include <kernel/types.h>
#include <arch/memory.h>
#include <arch/highmem.h>
#include <mm/mmzone.h>
#include <mm/mm_init.h>
#include <mm/numa.h>
#include "stubs_mm.h"

#define FAKE_RAM_WINDOWS 16

static struct {
	phys_addr_t start, size;
	unsigned char *mem;
} windows[FAKE_RAM_WINDOWS];

void fake_ram_reset(void)
{
	for (int i = 0; i < FAKE_RAM_WINDOWS; i++) {
		free(windows[i].mem);
		windows[i].mem = NULL;
		windows[i].size = 0;
	}
}

int fake_ram_add(phys_addr_t start, phys_addr_t size)
{
	for (int i = 0; i < FAKE_RAM_WINDOWS; i++) {
		if (windows[i].mem)
			continue;
		/*
		 * Page-aligned, as physical memory is: the kernel aligns to the
		 * fake physical address (mem_section roots are page-aligned and
		 * their entries 2^n-aligned), and calloc() gives 16 bytes at best.
		 */
		void *mem;

		if (posix_memalign(&mem, 4096, size))
			return -1;
		windows[i].mem = memset(mem, 0, size);
		windows[i].start = start;
		windows[i].size = size;
		return 0;
	}
	return -1;
}

static struct numa_topology saved_topo;
static struct pglist_data *saved_node_data[MAX_NUMNODES];
static nodemask_t saved_offline;

void hosted_machine_save(void)
{
	saved_topo = *numa_topology();
	memcpy(saved_node_data, node_data, sizeof(saved_node_data));
	saved_offline = free_area_init_offline_nodes;
}

void hosted_machine_restore(void)
{
	numa_register_topology(&saved_topo);
	memcpy(node_data, saved_node_data, sizeof(saved_node_data));
	free_area_init_offline_nodes = saved_offline;
}

void *arch_phys_to_virt(phys_addr_t pa)
{
	for (int i = 0; i < FAKE_RAM_WINDOWS; i++)
		if (windows[i].mem && pa >= windows[i].start && pa - windows[i].start < windows[i].size)
			return windows[i].mem + (pa - windows[i].start);
	return NULL;
}

phys_addr_t slow_virt_to_phys(const void *va)
{
	const unsigned char *p = va;

	for (int i = 0; i < FAKE_RAM_WINDOWS; i++)
		if (windows[i].mem && p >= windows[i].mem && p < windows[i].mem + windows[i].size)
			return windows[i].start + (phys_addr_t)(p - windows[i].mem);
	return ~(phys_addr_t)0;
}

phys_addr_t arch_virt_to_phys(const void *va)
{
	return slow_virt_to_phys(va);
}

int vmemmap_populate(unsigned long start, unsigned long end, int nid)
{
	(void)start;
	(void)end;
	(void)nid;
	return -1;
}

unsigned long arch_kernel_image_bytes(void)
{
	return 0;
}

/* include/arch/highmem.h over the fake RAM: a frame is "lowmem" when a window backs it. */
bool pfn_is_lowmem(unsigned long pfn)
{
	return arch_phys_to_virt((phys_addr_t)pfn << 12) != NULL;
}

void *lowmem_pfn_to_virt(unsigned long pfn)
{
	return arch_phys_to_virt((phys_addr_t)pfn << 12);
}

void *kmap_pfn(unsigned long pfn)
{
	return lowmem_pfn_to_virt(pfn);
}

void kunmap_pfn(unsigned long pfn)
{
	(void)pfn;
}

void *kmap_atomic_pfn(unsigned long pfn)
{
	return lowmem_pfn_to_virt(pfn);
}

void kunmap_atomic(void *addr)
{
	(void)addr;
}

bool arch_debug_pagealloc_supported(void)
{
	return false;
}

void arch_set_direct_map(unsigned long pfn, unsigned long nr, bool present)
{
	(void)pfn;
	(void)nr;
	(void)present;
}
