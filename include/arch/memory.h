/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The contract between mm/'s memory models and the architecture.
 *
 * arch_virt_to_phys(va)   its inverse (direct-mapped addresses only)
 * arch_phys_to_virt(pa)   the kernel address of direct-mapped memory (all RAM
 *                         on x86_64, lowmem on i386); memblock allocations
 *                         below memblock.current_limit are always mapped
 * slow_virt_to_phys(va)   walk the page tables: the physical address a kernel
 *                         virtual address is mapped to (~0 if unmapped); for
 *                         tests and debugging, never on a hot path
 * vmemmap_populate(start, end, nid)
 *                         SPARSEMEM_VMEMMAP only: back the virtual range
 *                         [start, end) of the virtual memmap with zeroed
 *                         memory from node @nid (falling back to other nodes
 *                         with a message); 0 or -ENOMEM
 */
#ifndef NB_ARCH_MEMORY_H
#define NB_ARCH_MEMORY_H

#include <kernel/types.h>

void *arch_phys_to_virt(phys_addr_t pa);
/* The inverse, for direct-mapped addresses only. */
phys_addr_t arch_virt_to_phys(const void *va);
phys_addr_t slow_virt_to_phys(const void *va);
int vmemmap_populate(unsigned long start, unsigned long end, int nid);
/*
 * debug_pagealloc: whether the architecture can unmap single free pages
 * from its direct map (asked once its page tables exist: on i386 only if
 * the 4 KiB lowmem map could be built), and doing it for [pfn, pfn + nr)
 * (lowmem only; BUG if not supported).
 */
bool arch_debug_pagealloc_supported(void);
void arch_set_direct_map(unsigned long pfn, unsigned long nr, bool present);
/* Bytes of the kernel image (text, data, bss), for the "Memory:" line. */
unsigned long arch_kernel_image_bytes(void);

#endif
