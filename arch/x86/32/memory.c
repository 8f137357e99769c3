// SPDX-License-Identifier: GPL-2.0-only
/* The include/arch/memory.h contract on i386 (PAE page tables). */
#include <kernel/types.h>
#include <arch/memory.h>
#include <kernel/panic.h>
#include <asm/processor.h>
#include <asm/pgtable.h>
#include <asm/setup.h>

void *arch_phys_to_virt(phys_addr_t pa)
{
	return __va(pa);
}

phys_addr_t arch_virt_to_phys(const void *va)
{
	return __pa(va);
}

/* Walk the PAE tables (their pages are in lowmem, so reachable through __va). */
phys_addr_t slow_virt_to_phys(const void *va)
{
	unsigned long v = (unsigned long)va;
	const u64 *pdpt = __va(read_cr3() & 0xffffffe0UL);
	u64 e = pdpt[v >> 30];

	if (!(e & _PAGE_PRESENT))
		return ~(phys_addr_t)0;
	e = ((const u64 *)__va(e & PTE_PFN_MASK))[(v >> 21) & 511];
	if (!(e & _PAGE_PRESENT))
		return ~(phys_addr_t)0;
	if (e & _PAGE_PSE)
		return (e & PTE_PFN_MASK & ~0x1fffffULL) | (v & 0x1fffff);
	e = ((const u64 *)__va(e & PTE_PFN_MASK))[(v >> 12) & 511];
	if (!(e & _PAGE_PRESENT))
		return ~(phys_addr_t)0;
	return (e & PTE_PFN_MASK) | (v & 0xfff);
}

int vmemmap_populate(unsigned long start, unsigned long end, int nid)
{
	(void)start;
	(void)end;
	(void)nid;
	return -1;	/* no SPARSEMEM_VMEMMAP on i386 */
}
